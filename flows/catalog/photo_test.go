package catalog

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImportPhotos(t *testing.T) {
	db := newDB(t)
	base := t.TempDir()
	root := filepath.Join(base, "katalog") // the imported file's directory
	media := filepath.Join(base, "media")
	img := pngBytes(t)
	writeFile(t, filepath.Join(root, "foto", "kaos.png"), img)
	writeFile(t, filepath.Join(root, "catatan.txt"), []byte("bukan gambar"))
	writeFile(t, filepath.Join(base, "rahasia.png"), img) // outside the root
	if err := os.Symlink(filepath.Join(base, "rahasia.png"), filepath.Join(root, "keluar.png")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("foto/kaos.png", filepath.Join(root, "dalam.png")); err != nil {
		t.Fatal(err)
	}
	big := append(pngBytes(t), make([]byte, MaxPhotoBytes)...) // sniffs as PNG, 5 MB + a bit
	writeFile(t, filepath.Join(root, "besar.png"), big)

	const file = `sku,name,supplier,cost,foto
OK1,Kaos,own,1000,foto/kaos.png
OK2,Kaos,own,1000,foto\kaos.png
OK3,Kaos,own,1000,dalam.png
BAD4,Kaos,own,1000,../../etc/passwd
BAD5,Kaos,own,1000,/etc/passwd
BAD6,Kaos,own,1000,https://example.com/kaos.jpg
BAD7,Kaos,own,1000,catatan.txt
BAD8,Kaos,own,1000,keluar.png
BAD9,Kaos,own,1000,tidak-ada.png
BAD10,Kaos,own,1000,foto/../../rahasia.png
BAD11,Kaos,own,1000,besar.png
OK12,Kaos,own,1000,
`
	rep := mustImport(t, db, filepath.Join(root, "katalog.csv"), file, Options{MediaDir: media, PhotoRoot: root})
	wantErrors(t, rep.Errors, []RowError{
		{Row: 5, Column: "photo", Code: CodeBadPhoto, Value: "../../etc/passwd"},
		{Row: 6, Column: "photo", Code: CodeBadPhoto, Value: "/etc/passwd"},
		{Row: 7, Column: "photo", Code: CodeBadPhoto, Value: "url"},
		{Row: 8, Column: "photo", Code: CodeBadPhoto, Value: "catatan.txt"},
		{Row: 9, Column: "photo", Code: CodeBadPhoto, Value: "keluar.png"}, // symlink out of the root
		{Row: 10, Column: "photo", Code: CodeBadPhoto, Value: "tidak-ada.png"},
		{Row: 11, Column: "photo", Code: CodeBadPhoto, Value: "foto/../../rahasia.png"},
		{Row: 12, Column: "photo", Code: CodeBadPhoto, Value: "besar.png"},
	})
	if rep.Created != 4 {
		t.Errorf("created = %d, want 4", rep.Created)
	}
	ids := map[int64]bool{}
	for _, sku := range []string{"OK1", "OK2", "OK3"} {
		p := product(t, db, sku)
		if len(p.PhotoIDs) != 1 {
			t.Fatalf("%s photos = %v, want one", sku, p.PhotoIDs)
		}
		ids[p.PhotoIDs[0]] = true
	}
	if len(ids) != 1 { // the same bytes are one media row
		t.Errorf("media ids = %v, want one shared id", ids)
	}
	if p := product(t, db, "OK12"); len(p.PhotoIDs) != 0 {
		t.Errorf("OK12 photos = %v, want none", p.PhotoIDs)
	}
	var stored []string
	filepath.WalkDir(media, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			stored = append(stored, path)
		}
		return nil
	})
	if len(stored) != 1 || !strings.HasSuffix(stored[0], ".png") {
		t.Fatalf("media files = %q, want one .png", stored)
	}
	if got, _ := os.ReadFile(stored[0]); !bytes.Equal(got, img) {
		t.Error("stored photo differs from the source")
	}
}

func TestImportPhotosNotAllowedWithoutRoot(t *testing.T) {
	db := newDB(t)
	rep := mustImport(t, db, "x.csv", "sku,name,supplier,cost,photo\nK1,Kaos,own,1,kaos.png\nK2,Kaos,own,1,\n", Options{MediaDir: t.TempDir()})
	wantErrors(t, rep.Errors, []RowError{{Row: 2, Column: "photo", Code: CodeBadPhoto, Value: "kaos.png"}})
	if rep.Created != 1 {
		t.Errorf("created = %d, want 1", rep.Created)
	}
}

func TestCheckPhotoPath(t *testing.T) {
	root := t.TempDir()
	cases := []struct {
		cell, rel, value string
		ok               bool
	}{
		{"a.png", "a.png", "a.png", true},
		{"foto/a.png", filepath.Join("foto", "a.png"), "foto/a.png", true},
		{`foto\a.png`, filepath.Join("foto", "a.png"), `foto\a.png`, true},
		{"./foto/./a.png", filepath.Join("foto", "a.png"), "./foto/./a.png", true},
		{"foto/../a.png", "a.png", "foto/../a.png", true}, // stays inside
		{"../a.png", "", "../a.png", false},
		{`..\..\a.png`, "", `..\..\a.png`, false},
		{"/etc/passwd", "", "/etc/passwd", false},
		{"HTTP://x.id/a.png", "", "url", false},
		{"www.x.id/a.png", "", "url", false},
		{"data:image/png;base64,AAAA", "", "url", false},
	}
	for _, c := range cases {
		rel, value, ok := checkPhotoPath(c.cell, root, "media")
		if rel != c.rel || value != c.value || ok != c.ok {
			t.Errorf("checkPhotoPath(%q) = %q, %q, %v; want %q, %q, %v", c.cell, rel, value, ok, c.rel, c.value, c.ok)
		}
	}
}

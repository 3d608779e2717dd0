package store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/store"
)

// pngBytes is a PNG signature followed by n-dependent bytes (sniffing only
// looks at the signature).
func pngBytes(n byte) []byte {
	return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), n, n, n, n)
}

func jpegBytes(n byte) []byte { return append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), n, n) }

// relRE is the only shape a stored file's path below the media dir may have.
var relRE = regexp.MustCompile(`^[0-9a-f]{2}/[0-9a-f]{64}\.(jpg|png|gif|webp|mp4|pdf|csv|xlsx|bin)$`)

// checkStored asserts that m's file is inside dir, named by the content hash,
// and holds data.
func checkStored(t testing.TB, dir string, m store.Media, data []byte) {
	t.Helper()
	sum := sha256.Sum256(data)
	if m.SHA256 != hex.EncodeToString(sum[:]) || m.Size != int64(len(data)) || m.ID == 0 {
		t.Fatalf("media = %+v, want sha %x size %d", m, sum, len(data))
	}
	rel := filepath.ToSlash(m.RelPath())
	if !relRE.MatchString(rel) || rel[:2] != m.SHA256[:2] || !strings.HasPrefix(rel[3:], m.SHA256) {
		t.Fatalf("RelPath = %q, not <2 hex>/<sha256><ext>", rel)
	}
	full := filepath.Join(dir, m.RelPath())
	if r, err := filepath.Rel(dir, full); err != nil || strings.HasPrefix(r, "..") || filepath.IsAbs(r) {
		t.Fatalf("path %s escapes %s", full, dir)
	}
	got, err := os.ReadFile(full)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("file %s: %v (content equal %v)", full, err, bytes.Equal(got, data))
	}
}

func saveMedia(db *store.DB, dir string, data []byte, declared string) (store.Media, error) {
	var m store.Media
	err := db.Update(contextBG(), func(tx *store.Tx) error {
		var err error
		m, err = tx.SaveMedia(dir, data, declared)
		return err
	})
	return m, err
}

func TestSaveMediaSniffsAndNames(t *testing.T) {
	db, _ := openDB(t)
	dir := filepath.Join(t.TempDir(), "media")
	zip := []byte("PK\x03\x04\x14\x00\x06\x00rest-of-an-xlsx")
	csv := []byte("sku,name,supplier,cost\nA-1,Apel,SUP1,1000\n")
	tests := []struct {
		name     string
		data     []byte
		declared string
		mime     string
		ext      string
	}{
		{"png declared as jpeg", pngBytes(1), "image/jpeg", "image/png", ".png"},
		{"png declared as nothing", pngBytes(2), "", "image/png", ".png"},
		{"jpeg declared as png", jpegBytes(1), "image/png", "image/jpeg", ".jpg"},
		{"jpeg declared as pdf", jpegBytes(2), "application/pdf", "image/jpeg", ".jpg"},
		{"zip declared as xlsx", zip, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
		{"text declared as csv", csv, "text/csv", "text/csv", ".csv"},
		{"text declared as nothing", append([]byte("x"), csv...), "", "text/plain; charset=utf-8", ".bin"},
		// The declared type only ever picks XLSX for a zip or CSV for text:
		// it never turns unknown bytes into an image.
		{"text declared as png", []byte("not a picture at all"), "image/png", "text/plain; charset=utf-8", ".bin"},
		{"binary declared as jpeg", []byte{0, 1, 2, 3, 4, 5, 6, 7}, "image/jpeg", "application/octet-stream", ".bin"},
		{"zip declared as csv", append(zip, 'z'), "text/csv", "application/zip", ".bin"},
		{"path traversal", []byte("hello traversal"), "../../etc/passwd", "text/plain; charset=utf-8", ".bin"},
		{"path traversal png", pngBytes(3), "../../../tmp/evil.png", "image/png", ".png"},
		{"weird", []byte("weird declared"), "image/png\x00/../../x;charset=..", "text/plain; charset=utf-8", ".bin"},
		{"slashes", []byte{0xff, 0x00, 0xfe}, "/", "application/octet-stream", ".bin"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := saveMedia(db, dir, tc.data, tc.declared)
			if err != nil {
				t.Fatal(err)
			}
			if m.MIME != tc.mime || m.Ext != tc.ext {
				t.Errorf("mime %q ext %q, want %q %q", m.MIME, m.Ext, tc.mime, tc.ext)
			}
			checkStored(t, dir, m, tc.data)
			var back store.Media
			view(t, db, func(tx *store.Tx) error {
				var err error
				back, err = tx.MediaByID(m.ID)
				return err
			})
			if back != m {
				t.Errorf("MediaByID = %+v, want %+v", back, m)
			}
		})
	}
	// Nothing but the <2 hex> folders was created in dir, and nothing outside it.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !regexp.MustCompile(`^[0-9a-f]{2}$`).MatchString(e.Name()) || !e.IsDir() {
			t.Errorf("unexpected entry %q in the media dir", e.Name())
		}
	}
	if siblings, _ := os.ReadDir(filepath.Dir(dir)); len(siblings) != 1 {
		t.Errorf("entries beside the media dir: %d, want 1", len(siblings))
	}
}

func TestSaveMediaDedupes(t *testing.T) {
	db, _ := openDB(t)
	dir := t.TempDir()
	a, err := saveMedia(db, dir, pngBytes(7), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	b, err := saveMedia(db, dir, pngBytes(7), "image/jpeg")
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("same bytes saved as %+v and %+v", a, b)
	}
	c, err := saveMedia(db, dir, pngBytes(8), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == a.ID {
		t.Error("different bytes got the same id")
	}
	// The row survived but the file did not: it is written again, same id.
	if err := os.Remove(filepath.Join(dir, a.RelPath())); err != nil {
		t.Fatal(err)
	}
	d, err := saveMedia(db, dir, pngBytes(7), "")
	if err != nil {
		t.Fatal(err)
	}
	if d != a {
		t.Errorf("re-save after lost file = %+v, want %+v", d, a)
	}
	checkStored(t, dir, d, pngBytes(7))
	var n int
	if err := rawDB(t, db.Path()).QueryRow(`SELECT count(*) FROM media`).Scan(&n); err != nil || n != 2 {
		t.Errorf("media rows = %d (%v), want 2", n, err)
	}
	// No temp files left behind.
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("temp file left: %s", p)
		}
		return nil
	})
}

func TestSaveMediaSizeLimits(t *testing.T) {
	db, _ := openDB(t)
	dir := t.TempDir()
	_, err := saveMedia(db, dir, nil, "image/png")
	wantCode(t, err, store.EInvalid)
	_, err = saveMedia(db, dir, []byte{}, "image/png")
	wantCode(t, err, store.EInvalid)

	big := make([]byte, store.MaxMediaBytes+1)
	copy(big, pngBytes(0))
	_, err = saveMedia(db, dir, big, "image/png")
	wantCode(t, err, store.EInvalid)
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused file left %d entries", len(entries))
	}
	m, err := saveMedia(db, dir, big[:store.MaxMediaBytes], "image/png")
	if err != nil {
		t.Fatalf("exactly MaxMediaBytes: %v", err)
	}
	if m.Size != store.MaxMediaBytes || m.MIME != "image/png" {
		t.Errorf("media = %+v", m)
	}
}

func TestMediaByIDNotFound(t *testing.T) {
	db, _ := openDB(t)
	view(t, db, func(tx *store.Tx) error {
		if _, err := tx.MediaByID(1); !store.IsNotFound(err) {
			t.Errorf("err = %v, want not found", err)
		}
		return nil
	})
}

// FuzzSaveMediaPath: whatever the bytes and the declared type, the file lands
// at <dir>/<2 hex>/<sha256><known ext> and holds the bytes.
func FuzzSaveMediaPath(f *testing.F) {
	f.Add(pngBytes(1), "image/png")
	f.Add(jpegBytes(1), "../../etc/passwd")
	f.Add([]byte("sku,name\n"), "text/csv")
	f.Add([]byte("PK\x03\x04"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	f.Add([]byte("GIF89a"), "\x00/..\\..")
	f.Add([]byte{0}, "")
	db, _ := openDB(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, declared string) {
		m, err := saveMedia(db, dir, data, declared)
		if len(data) == 0 {
			wantCode(t, err, store.EInvalid)
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		checkStored(t, dir, m, data)
	})
}

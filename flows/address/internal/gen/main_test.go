package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestRun(t *testing.T) {
	src := t.TempDir()
	files := map[string]string{
		"provinces.csv": "code,name\n35,Jawa Timur\n34,Daerah Istimewa Yogyakarta\n",
		"regencies.csv": "code,province_code,name\n35.29,35,Kabupaten Sumenep\n34.04,34,Kabupaten Sleman\n",
		"districts.csv": "code,regency_code,name\n35.29.22,35.29,\"Ra\"\"as\"\n34.04.07,34.04,Depok\n",
		"villages.csv":  "code,district_code,name\n34.04.07.2001,34.04.07,Caturtunggal\n34.04.07.2002,34.04.07,Maguwoharjo\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "w.tsv.gz")
	if err := run(src, out); err != nil {
		t.Fatal(err)
	}
	got := gunzip(t, out)
	// Provinces in code order, each area under its parent, own code part only.
	want := "34 Daerah Istimewa Yogyakarta\n\t04 Kabupaten Sleman\n\t\t07 Depok\n\t\t\t2001 Caturtunggal\n\t\t\t2002 Maguwoharjo\n" +
		"35 Jawa Timur\n\t29 Kabupaten Sumenep\n\t\t22 Ra\"as\n"
	if got != want {
		t.Errorf("output\n%q\nwant\n%q", got, want)
	}
	// The same input gives the same bytes (no timestamp in the gzip header).
	out2 := filepath.Join(t.TempDir(), "w2.tsv.gz")
	if err := run(src, out2); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(out)
	b, _ := os.ReadFile(out2)
	if !bytes.Equal(a, b) {
		t.Error("two runs gave different bytes")
	}
}

func TestRunRejectsOrphans(t *testing.T) {
	src := t.TempDir()
	for name, body := range map[string]string{
		"provinces.csv": "code,name\n35,Jawa Timur\n",
		"regencies.csv": "code,province_code,name\n35.29,35,Kabupaten Sumenep\n",
		"districts.csv": "code,regency_code,name\n99.01.01,99.01,Nowhere\n",
		"villages.csv":  "code,district_code,name\n",
	} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(src, filepath.Join(t.TempDir(), "w.tsv.gz")); err == nil {
		t.Error("a kecamatan without its kota/kabupaten was accepted")
	}
	if err := run("", "x"); err == nil {
		t.Error("no -src was accepted")
	}
}

func gunzip(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

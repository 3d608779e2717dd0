package playground_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dropbot/dropbot/store"
)

// TestEraseLeavesNoTrace: after /hapusdata the customer's name, phone and
// address are nowhere in the database file (nor its WAL), not in the texts
// the bot sent, not in free pages, and the payment proof they sent is
// gone from media/.
func TestEraseLeavesNoTrace(t *testing.T) {
	dir := t.TempDir()
	pg, db := openShop(t, dir, true)
	const (
		name  = "Wulandari Kusumawati"
		phone = "081377778888"
		addr  = "Jl. Cempaka Wangi 77"
	)
	say(t, pg, `customer:wulan Nama: `+name+`\nHP: `+phone+`\nAlamat: `+addr+`, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: HJB-11 Navy x1\nKurir: JNE REG`)
	inv := say(t, pg, "customer:wulan 1")
	if len(inv) == 0 || !bytes.Contains([]byte(inv[0].Text), []byte(name)) || !bytes.Contains([]byte(inv[0].Text), []byte("X8QMT")) {
		t.Fatalf("invoice without the name: %+v", inv)
	}
	say(t, pg, "customer:wulan [photo:testdata/bukti.png]")
	media, err := filepath.Glob(filepath.Join(dir, "media", "*", "*"))
	if err != nil || len(media) == 0 {
		t.Fatalf("the proof was not stored: %v %v", media, err)
	}
	say(t, pg, "owner /batalkan X8QMT salah pesan")
	say(t, pg, "customer:wulan /hapusdata")
	say(t, pg, "customer:wulan HAPUS")
	if err := db.Close(); err != nil { // the last connection checkpoints the WAL
		t.Fatal(err)
	}
	var raw []byte
	for _, f := range []string{store.FileName, store.FileName + "-wal"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		raw = append(raw, b...)
	}
	for _, s := range []string{name, "Wulandari", phone, "6281377778888", addr, "Cempaka Wangi"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("%q is still readable in the database file", s)
		}
	}
	for _, f := range media {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("the proof photo %s is still in media/", filepath.Base(f))
		}
	}
}

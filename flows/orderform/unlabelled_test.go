package orderform

import (
	"strings"
	"testing"
)

// TestUnlabelled reads whole orders typed on one line with markers and no
// colons, and leaves chat that only mentions a marker alone.
func TestUnlabelled(t *testing.T) {
	cases := []struct {
		in                                  string
		ok                                  bool
		want                                string // the labelled form
		name, phone, address, item, courier string
	}{
		{
			in: "kak aku mau order gamis busui 1 ya kirim ke joko santoso hp +62 812-9988-7766 alamat jl kebon jeruk raya 5 jakarta barat 11530 pake jne aja bayar cod",
			ok: true, name: "joko santoso", phone: "+62 812-9988-7766", address: "jl kebon jeruk raya 5 jakarta barat 11530",
			item: "gamis busui", courier: "jne",
		},
		{
			in: "mau pesan hijab voal hitam 2 nama Rina no hp 0813 1111 2222 alamat Jl. Mawar 10, Coblong, Bandung via sicepat best",
			ok: true, name: "Rina", phone: "0813 1111 2222", address: "Jl. Mawar 10, Coblong, Bandung", item: "hijab voal hitam", courier: "sicepat",
		},
		{
			// "kirim ke" without an alamat marker is the address.
			in: "beli kaos 3d anak 2 nama Budi wa 081299998888 kirim ke Jl. Kenari 2 Bekasi",
			ok: true, name: "Budi", phone: "081299998888", address: "Jl. Kenari 2 Bekasi", item: "kaos 3d anak",
		},
		{in: "kak hp saya rusak, alamat email saya ganti", ok: false},                           // no order word
		{in: "mau order gamis busui 1 ya kak", ok: false},                                       // no marker
		{in: "mau order gamis 1 hp 123 alamat jl a", ok: false},                                 // no real phone
		{in: "mau order gamis 1 alamat jl kenari 2", ok: false},                                 // one detail only
		{in: "Nama: A\nHP: 081234567890\nAlamat: Jl. B 1\nPesanan: C", ok: false},               // a real format order
		{in: "mau order hp 081234567890 alamat jl kenari 2", ok: false},                         // no items
		{in: "order " + strings.Repeat("hp 081234567890 ", 60) + "alamat jl kenari", ok: false}, // too long
		{in: "", ok: false},
	}
	for _, c := range cases {
		form, ok := Unlabelled(c.in)
		if ok != c.ok {
			t.Errorf("Unlabelled(%q) ok = %v, want %v (%q)", c.in, ok, c.ok, form)
			continue
		}
		if !ok {
			continue
		}
		f := Parse(form)
		var item string
		if len(f.Items) == 1 {
			item = strings.ToLower(f.Items[0].Query)
		}
		if f.Name != c.name || f.Phone != c.phone || f.AddressText != c.address || item != c.item || strings.ToLower(f.Courier) != c.courier {
			t.Errorf("Unlabelled(%q) read\n%s\nas name %q phone %q address %q item %q courier %q; want %q %q %q %q %q",
				c.in, form, f.Name, f.Phone, f.AddressText, item, f.Courier, c.name, c.phone, c.address, c.item, c.courier)
		}
	}
}

// FuzzUnlabelled: no panic, and what it accepts is a format order Parse
// reads with items and at least two of name, phone and address.
func FuzzUnlabelled(f *testing.F) {
	f.Add("kak aku mau order gamis busui 1 ya kirim ke joko santoso hp +62 812-9988-7766 alamat jl kebon jeruk raya 5 pake jne aja bayar cod")
	f.Add("order x hp 081234567890 nama y pake jne reg")
	f.Add("beli a kirim ke b wa 081234567890 via")
	f.Fuzz(func(t *testing.T, in string) {
		form, ok := Unlabelled(in)
		if !ok {
			return
		}
		p := Parse(form)
		n := 0
		for _, v := range []string{p.Name, p.Phone, p.AddressText} {
			if strings.TrimSpace(v) != "" {
				n++
			}
		}
		if len(p.Items) == 0 || n < 2 {
			t.Fatalf("Unlabelled(%q) accepted %q, which reads as %+v", in, form, p)
		}
	})
}

package orderform

import (
	"strings"
	"unicode"
)

// label is the field a label line announces.
type label int

const (
	lNone        label = iota
	lForeign           // "Ongkir: 15.000": a label we do not know; the line is Unknown
	lName              // Nama, Nama penerima, Penerima, Kepada, ...
	lPhone             // No HP, HP, WA, Telp, ...
	lAddress           // Alamat, Alamat lengkap, ...
	lAddrPart          // Kecamatan, Kota, Kode pos, Patokan, ...: a piece of the address
	lItems             // Pesanan, Order, Produk, ...
	lQty               // Jumlah, Qty
	lAttr              // Warna, Ukuran, Size, ...: words added to the single item
	lCourier           // Ekspedisi, Kurir, Expedisi
	lSender            // Pengirim, Dropshipper, Nama toko, ...
	lSenderPhone       // No HP pengirim, ...
	lNotes             // Catatan, Note, Keterangan
)

// labels maps folded label text (see labelKey) to its field.
var labels = map[string]label{
	"nama": lName, "nama penerima": lName, "penerima": lName, "nama lengkap": lName,
	"nama lengkap penerima": lName, "atas nama": lName, "a n": lName, "an": lName,
	"nama pembeli": lName, "nama customer": lName, "nama cust": lName,
	"nama pemesan": lName, "nama konsumen": lName, "nama pelanggan": lName,
	"kepada": lName, "kpd": lName, "nama penerima paket": lName,

	"almt": lAddress, "kirim ke": lAddress, "dikirim ke": lAddress, "tujuan": lAddress,

	"kel": lAddrPart, "kelurahan": lAddrPart, "desa": lAddrPart, "ds": lAddrPart,
	"kel desa": lAddrPart, "desa kel": lAddrPart, "kelurahan desa": lAddrPart,
	"desa kelurahan": lAddrPart, "kec": lAddrPart, "kecamatan": lAddrPart,
	"kota": lAddrPart, "kab": lAddrPart, "kabupaten": lAddrPart, "kota kab": lAddrPart,
	"kab kota": lAddrPart, "kota kabupaten": lAddrPart, "kabupaten kota": lAddrPart,
	"provinsi": lAddrPart, "prov": lAddrPart, "propinsi": lAddrPart,
	"kode pos": lAddrPart, "kodepos": lAddrPart, "kd pos": lAddrPart, "rt": lAddrPart,
	"rw": lAddrPart, "rt rw": lAddrPart, "patokan": lAddrPart, "patokan rumah": lAddrPart,
	"ancer ancer": lAddrPart, "ancar ancar": lAddrPart, "ciri rumah": lAddrPart,
	"ciri ciri rumah": lAddrPart, "landmark": lAddrPart, "blok": lAddrPart,
	"no rumah": lAddrPart, "jalan": lAddrPart, "jl": lAddrPart, "gang": lAddrPart,
	"gg": lAddrPart, "dusun": lAddrPart, "dsn": lAddrPart, "perumahan": lAddrPart,
	"perum": lAddrPart, "komplek": lAddrPart,

	"pesanan": lItems, "order": lItems, "orderan": lItems, "produk": lItems,
	"barang": lItems, "nama barang": lItems, "nama produk": lItems, "item": lItems,
	"items": lItems, "detail pesanan": lItems, "list pesanan": lItems,
	"daftar pesanan": lItems, "isi pesanan": lItems, "rincian pesanan": lItems,
	"detail order": lItems, "kode produk": lItems, "kode barang": lItems, "sku": lItems,
	"produk pesanan": lItems, "pesanan barang": lItems, "mau order": lItems,

	"jumlah": lQty, "qty": lQty, "jml": lQty, "quantity": lQty, "jumlah pesanan": lQty,
	"jumlah barang": lQty, "jumlah order": lQty, "banyaknya": lQty, "kuantitas": lQty,
	"pcs": lQty,

	"warna": lAttr, "ukuran": lAttr, "size": lAttr, "varian": lAttr, "variant": lAttr,
	"variasi": lAttr, "motif": lAttr, "model": lAttr, "tipe": lAttr, "type": lAttr,
	"uk": lAttr, "color": lAttr, "colour": lAttr,

	"jasa kirim": lCourier, "jasa pengiriman": lCourier, "pengiriman": lCourier,
	"kirim via": lCourier, "via": lCourier,

	"pengirim": lSender, "dropshipper": lSender, "dropship": lSender,
	"dropshiper": lSender, "nama pengirim": lSender, "nama dropshipper": lSender,
	"nama toko": lSender, "toko": lSender, "nama olshop": lSender, "olshop": lSender,
	"nama reseller": lSender, "reseller": lSender, "dari": lSender,
	"pengirim dropshipper": lSender,

	"note": lNotes, "notes": lNotes, "ket": lNotes, "nb": lNotes,
	"pesan tambahan": lNotes,
}

// phoneWords name a phone number in a label.
var phoneWords = map[string]bool{
	"hp": true, "wa": true, "telp": true, "telepon": true, "telpon": true, "tlp": true,
	"tel": true, "handphone": true, "whatsapp": true, "ponsel": true, "nohp": true,
	"nowa": true, "notelp": true, "kontak": true, "hape": true,
}

// phoneFillers may accompany a phone word in a label.
var phoneFillers = map[string]bool{
	"no": true, "nomor": true, "nomer": true, "nmr": true, "aktif": true,
	"penerima": true, "pembeli": true, "pemesan": true, "customer": true, "cust": true,
}

// senderWords turn a phone label into the sender's phone.
var senderWords = map[string]bool{
	"pengirim": true, "toko": true, "dropshipper": true, "dropship": true,
	"reseller": true, "olshop": true,
}

// labelKey folds label text: lower case, every run of non-letters and
// non-digits becomes one space ("*No. HP/WA*" → "no hp wa").
func labelKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			space = true
		}
	}
	return b.String()
}

// lookupLabel classifies folded label text. With loose, a label may be
// longer than the known words when it starts with one ("Alamat lengkap
// kec & kab", "Catatan untuk kurir"); this is only used for text before a
// separator, never for a whole line.
func lookupLabel(k string, loose bool) label {
	if l, ok := labels[k]; ok {
		return l
	}
	ws := strings.Fields(k)
	if len(ws) == 0 || len(ws) > 6 {
		return lNone
	}
	if len(ws) == 1 || loose {
		if l := firstWordLabel(ws); l != lNone {
			return l
		}
	}
	return phoneLabel(ws)
}

// firstWordLabel recognises labels by their first word.
func firstWordLabel(ws []string) label {
	switch ws[0] {
	case "alamat":
		for _, w := range ws[1:] {
			if senderWords[w] {
				return lNone
			}
		}
		return lAddress
	case "catatan", "keterangan":
		return lNotes
	case "ekspedisi", "expedisi", "kurir":
		return lCourier
	case "pesanan", "orderan", "produk":
		return lItems
	}
	return lNone
}

// phoneLabel recognises "No HP", "No. WA penerima", "HP pengirim", ...
func phoneLabel(ws []string) label {
	phone, sender := false, false
	for _, w := range ws {
		switch {
		case phoneWords[w]:
			phone = true
		case senderWords[w]:
			sender = true
		case phoneFillers[w]:
		default:
			return lNone
		}
	}
	switch {
	case phone && sender:
		return lSenderPhone
	case phone:
		return lPhone
	}
	return lNone
}

// matchLabel recognises a label at the start of a line whose bullets were
// stripped. It returns the label, the label text as typed and the text
// after the separator (":", "=", "-" or a tab). A line that is only a label
// ("Pesanan") has an empty value. A line "Word word: value" with an unknown
// label is lForeign.
func matchLabel(s string) (l label, head, value string) {
	if len(s) <= 40 {
		if l := lookupLabel(labelKey(s), false); l != lNone {
			return l, s, ""
		}
	}
	seen := map[byte]bool{}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != ':' && c != '=' && c != '-' && c != '\t' || seen[c] {
			continue
		}
		seen[c] = true
		if l := lookupLabel(labelKey(s[:i]), true); l != lNone {
			return l, s[:i], s[i+1:]
		}
	}
	if i := strings.IndexByte(s, ':'); i > 0 && foreignLabel(s[:i]) {
		return lForeign, s[:i], s[i+1:]
	}
	return lNone, "", ""
}

// foreignLabel reports whether text before a colon looks like a label:
// one to three words of letters (markup allowed), such as "Ongkir" or
// "Total bayar".
func foreignLabel(s string) bool {
	s = strings.Trim(s, " *_~`")
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '.' && r != '/' {
				return false
			}
		}
	}
	return true
}

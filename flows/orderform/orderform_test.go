package orderform

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows/address"
)

// bandung is the address of the canonical example, parsed.
var bandung = address.Address{Line: "Jl. Melati No. 12 RT 03/RW 05", Kelurahan: "Sukamaju",
	Kecamatan: "Cibeunying Kidul", City: "Kota Bandung", Province: "Jawa Barat", PostalCode: "40121"}

const bandungText = "Jl. Melati No. 12 RT 03/RW 05, Kel. Sukamaju, Kec. Cibeunying Kidul, Kota Bandung, Jawa Barat 40121"

// parseCases are realistic WhatsApp pastes with hand-written expectations;
// they also seed FuzzParse.
var parseCases = []struct {
	name string
	in   string
	want Form
}{
	{
		name: "the canonical example",
		in: "Nama: Sari Wulandari\n" +
			"No HP: 0812-3456-7890\n" +
			"Alamat: " + bandungText + "\n" +
			"Pesanan: GMS-01 x2, Hijab voal dusty pink 1\n" +
			"Ekspedisi: JNE REG\n" +
			"Pengirim: Butik Sari / 0813 1111 2222",
		want: Form{
			Name: "Sari Wulandari", Phone: "0812-3456-7890",
			AddressText: bandungText, Address: bandung,
			Items: []Item{
				{Query: "GMS-01", Qty: 2, QtyGiven: true, Raw: "GMS-01 x2"},
				// no marker: the bare trailing 1 is the quantity
				{Query: "Hijab voal dusty pink", Qty: 1, QtyGiven: true, Raw: "Hijab voal dusty pink 1"},
			},
			Courier: "JNE", Service: "REG",
			SenderName: "Butik Sari", SenderPhone: "0813 1111 2222",
		},
	},
	{
		name: "bold labels, list-style Pesanan, address over lines, greeting and thanks",
		in: "Halo kak mau order\n" +
			"\n" +
			"*Nama*: Budi Santoso\n" +
			"*No. WA*: 0857 1234 5678\n" +
			"*Alamat lengkap*:\n" +
			"Perum Griya Asri Blok C2 No 7\n" +
			"Ds. Tegalwaru Kec. Ciampea\n" +
			"Kab. Bogor Jabar 16620\n" +
			"*Pesanan*:\n" +
			"- GMS-01 x2\n" +
			"- Hijab voal dusty pink (1)\n" +
			"*Kurir*: jne yes\n" +
			"\n" +
			"Makasih kak",
		want: Form{
			Name: "Budi Santoso", Phone: "0857 1234 5678",
			AddressText: "Perum Griya Asri Blok C2 No 7\nDs. Tegalwaru Kec. Ciampea\nKab. Bogor Jabar 16620",
			Address: address.Address{Line: "Perum Griya Asri Blok C2 No 7", Kelurahan: "Tegalwaru",
				Kecamatan: "Ciampea", City: "Kabupaten Bogor", Province: "Jawa Barat", PostalCode: "16620"},
			Items: []Item{
				{Query: "GMS-01", Qty: 2, QtyGiven: true, Raw: "GMS-01 x2"},
				{Query: "Hijab voal dusty pink", Qty: 1, QtyGiven: true, Raw: "Hijab voal dusty pink (1)"},
			},
			Courier: "jne", Service: "YES",
			Unknown: []string{"Halo kak mau order", "Makasih kak"},
		},
	},
	{
		name: "emoji bullets, = separator, Windows line endings, Jumlah for the single item",
		in: "📦 Nama penerima = Rina\r\n" +
			"📱 HP = 0813-2222-3333\r\n" +
			"🏠 Alamat = Jl. Pahlawan 3, Kec. Genteng, Kota Surabaya, Jatim 60275\r\n" +
			"🛍️ Produk = Kaos 3D\r\n" +
			"🔢 Jumlah = 3\r\n" +
			"🚚 Ekspedisi = J&T EZ\r\n",
		want: Form{
			Name: "Rina", Phone: "0813-2222-3333",
			AddressText: "Jl. Pahlawan 3, Kec. Genteng, Kota Surabaya, Jatim 60275",
			Address: address.Address{Line: "Jl. Pahlawan 3", Kecamatan: "Genteng", City: "Kota Surabaya",
				Province: "Jawa Timur", PostalCode: "60275"},
			// "3D" keeps its digit; the quantity comes from Jumlah.
			Items:   []Item{{Query: "Kaos 3D", Qty: 3, QtyGiven: true, Raw: "Kaos 3D"}},
			Courier: "J&T", Service: "EZ",
		},
	},
	{
		name: "numbered lines, bad quantities, dropshipper in parentheses, Catatan over two lines",
		in: "1. Nama : Dewi\n" +
			"2. No HP : 081234567890\n" +
			"3. Alamat : Jl Kenanga 5, Kec Coblong, Kota Bandung, Jabar 40132\n" +
			"4. Order : GMS-01 x0; Kaos -2 pcs + Tas 1,5\n" +
			"5. Expedisi : SiCepat BEST\n" +
			"6. Dropshipper : Butik Sari (0813 1111 2222)\n" +
			"7. Catatan : jangan dibanting\n" +
			"tolong cepat ya",
		want: Form{
			Name: "Dewi", Phone: "081234567890",
			AddressText: "Jl Kenanga 5, Kec Coblong, Kota Bandung, Jabar 40132",
			Address: address.Address{Line: "Jl Kenanga 5", Kecamatan: "Coblong", City: "Kota Bandung",
				Province: "Jawa Barat", PostalCode: "40132"},
			Items: []Item{
				{Query: "GMS-01", Qty: 0, QtyGiven: true, Raw: "GMS-01 x0"},
				{Query: "Kaos", Qty: 0, QtyGiven: true, Raw: "Kaos -2 pcs"},
				{Query: "Tas", Qty: 0, QtyGiven: true, Raw: "Tas 1,5"},
			},
			Courier: "SiCepat", Service: "BEST",
			SenderName: "Butik Sari", SenderPhone: "0813 1111 2222",
			Notes: "jangan dibanting\ntolong cepat ya",
			Problems: []Problem{
				{Field: "items", Code: CodeBadQty, Raw: "GMS-01 x0"},
				{Field: "items", Code: CodeBadQty, Raw: "Kaos -2 pcs"},
				{Field: "items", Code: CodeBadQty, Raw: "Tas 1,5"},
			},
		},
	},
	{
		name: "missing courier",
		in: "Nama: Sari\n" +
			"WA: 08123456789\n" +
			"Alamat: " + bandungText + "\n" +
			"Pesanan: GMS-01 2pcs",
		want: Form{
			Name: "Sari", Phone: "08123456789",
			AddressText: bandungText, Address: bandung,
			Items: []Item{{Query: "GMS-01", Qty: 2, QtyGiven: true, Raw: "GMS-01 2pcs"}},
		},
	},
	{
		name: "reseller: Pengirim on two lines",
		in: "Penerima: Ibu Ani\n" +
			"Telp: 0821 9999 8888\n" +
			"Alamat: " + bandungText + "\n" +
			"Pesanan: Gamis Melati X 2\n" +
			"Kurir: AnterAja Reguler\n" +
			"Pengirim:\n" +
			"Butik Sari\n" +
			"0813 1111 2222\n" +
			"Terima kasih",
		want: Form{
			Name: "Ibu Ani", Phone: "0821 9999 8888",
			AddressText: bandungText, Address: bandung,
			Items:   []Item{{Query: "Gamis Melati", Qty: 2, QtyGiven: true, Raw: "Gamis Melati X 2"}},
			Courier: "AnterAja", Service: "REGULER",
			SenderName: "Butik Sari", SenderPhone: "0813 1111 2222",
			// the sender has a name and a phone: the next line is not theirs
			Unknown: []string{"Terima kasih"},
		},
	},
	{
		name: "sender name and phone under separate labels",
		in: "Nama: Sari\n" +
			"Nama pengirim: Butik Sari\n" +
			"No HP pengirim: 0813-1111-2222\n" +
			"Pesanan: GMS-01",
		want: Form{
			Name:       "Sari",
			Items:      []Item{{Query: "GMS-01", Qty: 1, QtyGiven: false, Raw: "GMS-01"}},
			SenderName: "Butik Sari", SenderPhone: "0813-1111-2222",
		},
	},
	{
		name: "labels alone on their line, values below",
		in: "Nama:\n" +
			"Sari\n" +
			"No HP:\n" +
			"0812 3456 7890\n" +
			"Alamat:\n" +
			"Jl. Melati No. 12 RT 03/RW 05\n" +
			"Kel. Sukamaju\n" +
			"Kec. Cibeunying Kidul\n" +
			"Kota Bandung\n" +
			"Jawa Barat 40121\n" +
			"Pesanan\n" +
			"1. GMS-01 x2\n" +
			"2. Hijab voal dusty pink 2 pcs\n" +
			"Ekspedisi:\n" +
			"JNE REG",
		want: Form{
			Name: "Sari", Phone: "0812 3456 7890",
			AddressText: "Jl. Melati No. 12 RT 03/RW 05\nKel. Sukamaju\nKec. Cibeunying Kidul\nKota Bandung\nJawa Barat 40121",
			Address: address.Address{Line: "Jl. Melati No. 12 RT 03/RW 05", Kelurahan: "Sukamaju",
				Kecamatan: "Cibeunying Kidul", City: "Kota Bandung", Province: "Jawa Barat", PostalCode: "40121"},
			Items: []Item{
				{Query: "GMS-01", Qty: 2, QtyGiven: true, Raw: "GMS-01 x2"},
				{Query: "Hijab voal dusty pink", Qty: 2, QtyGiven: true, Raw: "Hijab voal dusty pink 2 pcs"},
			},
			Courier: "JNE", Service: "REG",
		},
	},
	{
		name: "variant lines, number word in Jumlah, unknown Ongkir line",
		in: "Nama: Ayu\n" +
			"Pesanan: Hijab segi empat\n" +
			"Warna: Hitam\n" +
			"Ukuran: L\n" +
			"Jumlah: dua\n" +
			"Ongkir: 15.000",
		want: Form{
			Name: "Ayu",
			// "empat" at the end is part of the name, not a quantity;
			// Warna and Ukuran are added to the single item.
			Items:   []Item{{Query: "Hijab segi empat Hitam L", Qty: 2, QtyGiven: true, Raw: "Hijab segi empat"}},
			Unknown: []string{"Ongkir: 15.000"},
		},
	},
	{
		name: "tab and dash separators",
		in: "Nama\tSari\n" +
			"No HP - 0812-3456-7890\n" +
			"Alamat - " + bandungText + "\n" +
			"Order - GMS-01 @2\n" +
			"Ekspedisi - Pos Kilat Khusus",
		want: Form{
			Name: "Sari", Phone: "0812-3456-7890",
			AddressText: bandungText, Address: bandung,
			Items:   []Item{{Query: "GMS-01", Qty: 2, QtyGiven: true, Raw: "GMS-01 @2"}},
			Courier: "Pos", Service: "KILAT KHUSUS",
		},
	},
	{
		name: "address parts under their own labels, after other fields",
		in: "Nama: Sari\n" +
			"Alamat: Jl. Kenanga 5 RT 1 RW 2\n" +
			"No HP: 0812 3456 7890\n" +
			"Kecamatan: Coblong\n" +
			"Kota/Kab: Kota Bandung\n" +
			"Provinsi: Jawa Barat\n" +
			"Kode pos: 40132\n" +
			"Patokan: depan masjid\n" +
			"Pesanan: GMS-01 (2 pcs)\n" +
			"Kurir: J&T",
		want: Form{
			Name: "Sari", Phone: "0812 3456 7890",
			AddressText: "Jl. Kenanga 5 RT 1 RW 2\nKecamatan: Coblong\nKota/Kab: Kota Bandung\nProvinsi: Jawa Barat\nKode pos: 40132\nPatokan: depan masjid",
			Address: address.Address{Line: "Jl. Kenanga 5 RT 1 RW 2, Patokan: depan masjid", Kecamatan: "Coblong",
				City: "Kota Bandung", Province: "Jawa Barat", PostalCode: "40132"},
			Items:   []Item{{Query: "GMS-01", Qty: 2, QtyGiven: true, Raw: "GMS-01 (2 pcs)"}},
			Courier: "J&T",
		},
	},
	{
		name: "second Nama and a contradicting Jumlah are returned, not used",
		in: "Nama: Sari\n" +
			"Nama: Budi\n" +
			"Pesanan: GMS-01 x2\n" +
			"Jumlah: 3",
		want: Form{
			Name:    "Sari",
			Items:   []Item{{Query: "GMS-01", Qty: 2, QtyGiven: true, Raw: "GMS-01 x2"}},
			Unknown: []string{"Nama: Budi", "Jumlah: 3"},
		},
	},
	{
		name: "Jumlah with two items cannot be placed",
		in: "Pesanan: GMS-01, GMS-02\n" +
			"Jumlah: 2",
		want: Form{
			Items: []Item{
				{Query: "GMS-01", Qty: 1, Raw: "GMS-01"},
				{Query: "GMS-02", Qty: 1, Raw: "GMS-02"},
			},
			Unknown: []string{"Jumlah: 2"},
		},
	},
	{
		name: "Produk/Jumlah pairs",
		in: "Produk: GMS-01\n" +
			"Jumlah: 2\n" +
			"Produk: Hijab voal\n" +
			"Jumlah: 1 lusin",
		want: Form{
			Items: []Item{
				{Query: "GMS-01", Qty: 2, QtyGiven: true, Raw: "GMS-01"},
				{Query: "Hijab voal", Qty: 12, QtyGiven: true, Raw: "Hijab voal"}, // 1 lusin = 12
			},
		},
	},
	{
		name: "Jumlah before Pesanan",
		in: "Jumlah: 2 pcs\n" +
			"Pesanan: GMS-01",
		want: Form{
			Items: []Item{{Query: "GMS-01", Qty: 2, QtyGiven: true, Raw: "GMS-01"}},
		},
	},
	{
		name: "an item that is only a quantity",
		in:   "Pesanan:\n- x2",
		want: Form{
			Items:    []Item{{Query: "", Qty: 2, QtyGiven: true, Raw: "x2"}},
			Problems: []Problem{{Field: "items", Code: CodeEmptyValue, Raw: "x2"}},
		},
	},
	{
		name: "bad Jumlah",
		in: "Pesanan: GMS-01\n" +
			"Jumlah: 1,5",
		want: Form{
			Items:    []Item{{Query: "GMS-01", Qty: 0, QtyGiven: true, Raw: "GMS-01"}},
			Problems: []Problem{{Field: "qty", Code: CodeBadQty, Raw: "1,5"}},
		},
	},
	{
		name: "empty template",
		in: "FORMAT ORDER\n" +
			"Nama:\n" +
			"No HP:\n" +
			"Alamat:\n" +
			"Pesanan:\n" +
			"Ekspedisi: -\n" +
			"Catatan:",
		want: Form{
			Unknown: []string{"FORMAT ORDER"},
			Problems: []Problem{
				{Field: "name", Code: CodeEmptyValue, Raw: "Nama:"},
				{Field: "phone", Code: CodeEmptyValue, Raw: "No HP:"},
				{Field: "address", Code: CodeEmptyValue, Raw: "Alamat:"},
				{Field: "items", Code: CodeEmptyValue, Raw: "Pesanan:"},
				{Field: "courier", Code: CodeEmptyValue, Raw: "Ekspedisi: -"},
			},
		},
	},
	{
		name: "items joined by + and ;, digits inside names kept",
		in:   "Pesanan: GMS-01 + Kaos 3D x2 + Hijab 2 warna (3); Case iPhone 13 2pcs; Kaos anak 3 - 2",
		want: Form{
			Items: []Item{
				{Query: "GMS-01", Qty: 1, Raw: "GMS-01"},
				{Query: "Kaos 3D", Qty: 2, QtyGiven: true, Raw: "Kaos 3D x2"},
				{Query: "Hijab 2 warna", Qty: 3, QtyGiven: true, Raw: "Hijab 2 warna (3)"},
				{Query: "Case iPhone 13", Qty: 2, QtyGiven: true, Raw: "Case iPhone 13 2pcs"},
				{Query: "Kaos anak 3", Qty: 2, QtyGiven: true, Raw: "Kaos anak 3 - 2"},
			},
		},
	},
	{
		name: "keycap numbering and bold markup inside and outside the colon",
		in: "1️⃣ *Nama:* Sari\n" +
			"2️⃣ *No HP:* 0812-3456-7890\n" +
			"3️⃣ *Pesanan:* GMS-01 qty 3\n" +
			"4️⃣ *Kurir:* SiCepat (HALU)",
		want: Form{
			Name: "Sari", Phone: "0812-3456-7890",
			Items:   []Item{{Query: "GMS-01", Qty: 3, QtyGiven: true, Raw: "GMS-01 qty 3"}},
			Courier: "SiCepat", Service: "HALU",
		},
	},
	{
		name: "not a format order",
		in:   "halo kak\nready stok GMS-01?",
		want: Form{Unknown: []string{"halo kak", "ready stok GMS-01?"}},
	},
}

// realCases are format orders as buyers really send them (issue 22).
var realCases = []struct {
	name  string
	in    string
	known []string // for ParseKnown; nil means Parse
	want  Form
}{
	{
		name: "every label on one line, separated by commas",
		in:   "Nama: Dewi, HP: 0813-1111-2222, Alamat: Jl. Mawar 3, Kec. Jatiasih, Bekasi, Pesanan: KRP-05 x3, Kurir: JNE",
		want: Form{
			Name: "Dewi", Phone: "0813-1111-2222",
			AddressText: "Jl. Mawar 3, Kec. Jatiasih, Bekasi",
			Address:     address.Address{Line: "Jl. Mawar 3", Kecamatan: "Jatiasih", City: "Bekasi"},
			Items:       []Item{{Query: "KRP-05", Qty: 3, QtyGiven: true, Raw: "KRP-05 x3"}},
			Courier:     "JNE",
		},
	},
	{
		name: "labels on one line with semicolons, bold markup and an unknown label kept",
		in:   "*Nama*: Dewi; *No WA*: 0813 1111 2222; Ongkir: 15rb; Pesanan: Gamis Busui x2 | Ekspedisi: J&T EZ",
		want: Form{
			Name: "Dewi", Phone: "0813 1111 2222",
			Items:   []Item{{Query: "Gamis Busui", Qty: 2, QtyGiven: true, Raw: "Gamis Busui x2"}},
			Courier: "J&T", Service: "EZ",
			// An unknown label in a line of labels is its own piece.
			Unknown: []string{" Ongkir: 15rb"},
		},
	},
	{
		name: "a separate Jumlah line beside a product name holding numbers",
		in: "Nama: Rina\nHP: 0812 3333 4444\nAlamat: Jl. Kenanga 5 RT 2 RW 7, Jatiasih, Bekasi\n" +
			"Pesanan: Keripik Pedas 250g Level 5\nJumlah: 10\nEkspedisi: SiCepat",
		want: Form{
			Name: "Rina", Phone: "0812 3333 4444",
			AddressText: "Jl. Kenanga 5 RT 2 RW 7, Jatiasih, Bekasi",
			Address:     address.Address{Line: "Jl. Kenanga 5 RT 2 RW 7", Kecamatan: "Jatiasih", City: "Bekasi"},
			Items:       []Item{{Query: "Keripik Pedas 250g Level 5", Qty: 10, QtyGiven: true, Raw: "Keripik Pedas 250g Level 5"}},
			Courier:     "SiCepat",
		},
	},
	{
		name: "Jml and a variant line after a product ending in a number",
		in:   "Produk: Keripik Level 3\nVarian: Balado\nJml: 4",
		want: Form{
			Items: []Item{{Query: "Keripik Level 3 Balado", Qty: 4, QtyGiven: true, Raw: "Keripik Level 3"}},
		},
	},
	{
		name: "Qty that agrees with the trailing number",
		in:   "Pesanan: Hijab voal 2\nQty: 2",
		want: Form{Items: []Item{{Query: "Hijab voal", Qty: 2, QtyGiven: true, Raw: "Hijab voal 2"}}},
	},
	{
		name:  "known product name keeps its number without a Jumlah line",
		in:    "Pesanan: Keripik Pedas Level 5\nKurir: JNE",
		known: []string{"Keripik Pedas 250g Level 5", "KRP-05"},
		want: Form{
			Items:   []Item{{Query: "Keripik Pedas Level 5", Qty: 1, Raw: "Keripik Pedas Level 5"}},
			Courier: "JNE",
		},
	},
	{
		name:  "known name, with an explicit quantity",
		in:    "Pesanan: Keripik Pedas Level 5 x2",
		known: []string{"Keripik Pedas 250g Level 5"},
		want:  Form{Items: []Item{{Query: "Keripik Pedas Level 5", Qty: 2, QtyGiven: true, Raw: "Keripik Pedas Level 5 x2"}}},
	},
	{
		name:  "a number starting a known name is not a quantity",
		in:    "Pesanan: 3 in 1 Hijab Instan\n- 2 Gamis Busui",
		known: []string{"3 in 1 Hijab Instan", "Gamis Busui Navy"},
		want: Form{Items: []Item{
			{Query: "3 in 1 Hijab Instan", Qty: 1, Raw: "3 in 1 Hijab Instan"},
			{Query: "Gamis Busui", Qty: 2, QtyGiven: true, Raw: "2 Gamis Busui"},
		}},
	},
	{
		name: "emoji bullets and product names instead of SKUs",
		in: "🌸 Nama : Ayu\n📞 WA : 0877-1234-5678\n🏡 Alamat : Caturtunggal, Depok, Sleman 55281\n" +
			"🛒 Pesanan :\n✅ Gamis Busui Navy L 2 pcs\n✅ Hijab Pashmina Hitam x1\n🚚 Kurir : JNE REG",
		want: Form{
			Name: "Ayu", Phone: "0877-1234-5678",
			AddressText: "Caturtunggal, Depok, Sleman 55281",
			Address:     address.Address{Line: "Caturtunggal", City: "Depok, Sleman", PostalCode: "55281"},
			Items: []Item{
				{Query: "Gamis Busui Navy L", Qty: 2, QtyGiven: true, Raw: "Gamis Busui Navy L 2 pcs"},
				{Query: "Hijab Pashmina Hitam", Qty: 1, QtyGiven: true, Raw: "Hijab Pashmina Hitam x1"},
			},
			Courier: "JNE", Service: "REG",
		},
	},
	{
		name: "a comma inside an address does not cut before an address part label",
		in:   "Alamat: Jl. Mawar 3, Kecamatan: Coblong, Kota: Bandung",
		want: Form{
			AddressText: "Jl. Mawar 3\nKecamatan: Coblong\nKota: Bandung",
			Address:     address.Address{Line: "Jl. Mawar 3", Kecamatan: "Coblong", City: "Kota Bandung"},
		},
	},
}

func TestParseRealOrders(t *testing.T) {
	for _, tc := range realCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Parse(tc.in)
			if tc.known != nil {
				got = ParseKnown(tc.in, tc.known)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestCutLabels(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Nama: Dewi, HP: 0813", []string{"Nama: Dewi", " HP: 0813"}},
		{"Alamat: Jl. Mawar 3, Kec. Coblong, Bandung", []string{"Alamat: Jl. Mawar 3, Kec. Coblong, Bandung"}},
		{"Nama: Dewi, Ongkir: 15rb", []string{"Nama: Dewi", " Ongkir: 15rb"}},
		{"Halo kak, Ongkir: 15rb", []string{"Halo kak, Ongkir: 15rb"}},
		{"Alamat: Jl. Mawar 3, Kec. Coblong, Bandung, Indonesia: ok", []string{"Alamat: Jl. Mawar 3, Kec. Coblong, Bandung", " Indonesia: ok"}},
		{"Pesanan: A x1 | Kurir= JNE", []string{"Pesanan: A x1 ", " Kurir= JNE"}},
		{"Halo kak, Nama: Dewi", []string{"Halo kak", " Nama: Dewi"}},
		{"", []string{""}},
	}
	for _, tt := range tests {
		if got := cutLabels(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("cutLabels(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Parse(tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q)\n got %#v\nwant %#v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseItem(t *testing.T) {
	tests := []struct {
		raw   string
		query string
		qty   int
		given bool
		bad   bool
	}{
		{"GMS-01 x2", "GMS-01", 2, true, false},
		{"GMS-01 X 2", "GMS-01", 2, true, false},
		{"GMS-01 × 2", "GMS-01", 2, true, false},
		{"2x GMS-01", "GMS-01", 2, true, false},
		{"GMS-01 2x", "GMS-01", 2, true, false},
		{"GMS-01 2 pcs", "GMS-01", 2, true, false},
		{"GMS-01 2pcs", "GMS-01", 2, true, false},
		{"GMS-01 2 pc", "GMS-01", 2, true, false},
		{"GMS-01 2 buah", "GMS-01", 2, true, false},
		{"2 pcs GMS-01", "GMS-01", 2, true, false},
		{"GMS-01 (2)", "GMS-01", 2, true, false},
		{"GMS-01 (2 pcs)", "GMS-01", 2, true, false},
		{"GMS-01 (x2)", "GMS-01", 2, true, false},
		{"GMS-01 qty 2", "GMS-01", 2, true, false},
		{"GMS-01 qty: 2", "GMS-01", 2, true, false},
		{"GMS-01 @2", "GMS-01", 2, true, false},
		{"GMS-01 2", "GMS-01", 2, true, false},
		{"GMS-01 - 2", "GMS-01", 2, true, false},
		{"GMS-01 -2", "GMS-01", 2, true, false}, // a dash before a bare number separates
		{"Hijab x dua", "Hijab", 2, true, false},
		{"Hijab dua pcs", "Hijab", 2, true, false},
		{"Hijab (tiga)", "Hijab", 3, true, false},
		{"Hijab x sepuluh", "Hijab", 10, true, false},
		{"Hijab 1 lusin", "Hijab", 12, true, false}, // 1 × 12
		{"Hijab 2 lusin", "Hijab", 24, true, false}, // 2 × 12
		{"Batik 1 kodi", "Batik", 20, true, false},  // 1 × 20
		{"Hijab x 1.000", "Hijab", 1000, true, false},
		{"Hijab x 9999", "Hijab", 9999, true, false},
		// the digits of codes and names stay
		{"GMS-01", "GMS-01", 1, false, false},
		{"GMS 01", "GMS 01", 1, false, false}, // leading zero: a code
		{"Kaos 3D", "Kaos 3D", 1, false, false},
		{"Hijab 2 warna", "Hijab 2 warna", 1, false, false},
		{"Hijab segi empat", "Hijab segi empat", 1, false, false},
		{"Kaos 3D x2", "Kaos 3D", 2, true, false},
		{"Hijab 2 warna x3", "Hijab 2 warna", 3, true, false},
		{"Paket 3x lipat", "Paket lipat", 3, true, false}, // an explicit marker wins, even in a name
		{"Hijab @50.000", "Hijab @50.000", 1, false, false},
		{"Hijab @50rb x2", "Hijab @50rb", 2, true, false},
		{"Box", "Box", 1, false, false},
		{"XL", "XL", 1, false, false},
		// bad quantities
		{"GMS-01 x0", "GMS-01", 0, true, true},
		{"GMS-01 0", "GMS-01", 0, true, true},
		{"GMS-01 x-1", "GMS-01", 0, true, true},
		{"GMS-01 -2 pcs", "GMS-01", 0, true, true},
		{"GMS-01 x1,5", "GMS-01", 0, true, true},
		{"GMS-01 1,5", "GMS-01", 0, true, true},
		{"GMS-01 x1.5", "GMS-01", 0, true, true},
		{"GMS-01 x10000", "GMS-01", 0, true, true},
		{"GMS-01 x 10.000", "GMS-01", 0, true, true},
		{"GMS-01 1000 lusin", "GMS-01", 0, true, true}, // 12000 > 9999
		{"GMS-01 x dua belas", "GMS-01", 0, true, true},
		{"GMS-01 x sebelas", "GMS-01", 0, true, true},
		{"GMS-01 @0", "GMS-01", 0, true, true},
		{"x2", "", 2, true, false},
		// a bare number first, before words
		{"2 Gamis Busui", "Gamis Busui", 2, true, false},
		{"2 Keripik Level 5", "Keripik Level 5", 2, true, false}, // the leading number beats the trailing one
		{"01 Gamis", "01 Gamis", 1, false, false},                // leading zero: a code
		{"0 Gamis", "Gamis", 0, true, true},
		{"2 3", "2", 3, true, false}, // no word after the first number: the trailing rule reads the 3
	}
	for _, tc := range tests {
		it, bad := parseItem(tc.raw)
		want := Item{Query: tc.query, Qty: tc.qty, QtyGiven: tc.given, Raw: tc.raw}
		if it != want || bad != tc.bad {
			t.Errorf("parseItem(%q) = %+v, bad=%v; want %+v, bad=%v", tc.raw, it, bad, want, tc.bad)
		}
	}
}

func TestSplitItems(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"GMS-01 x2, Hijab 1", []string{"GMS-01 x2", "Hijab 1"}},
		{"A; B | C", []string{"A", "B", "C"}},
		{"A + B+C", []string{"A", "B+C"}},
		{"Tas 1,5, Kaos", []string{"Tas 1,5", "Kaos"}},
		{"- A, • B", []string{"A", "B"}},
		{" , ;", nil},
	}
	for _, tc := range tests {
		if got := splitItems(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("splitItems(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitCourier(t *testing.T) {
	tests := []struct{ in, courier, service string }{
		{"JNE REG", "JNE", "REG"},
		{"J&T EZ", "J&T", "EZ"},
		{"SiCepat BEST", "SiCepat", "BEST"},
		{"jne yes", "jne", "YES"},
		{"JNE", "JNE", ""},
		{"J&T Express", "J&T Express", ""},
		{"ID Express", "ID Express", ""},
		{"Ninja Xpress", "Ninja Xpress", ""},
		{"Shopee Express Standard", "Shopee Express", "STANDARD"},
		{"SiCepat (halu)", "SiCepat", "HALU"},
		{"JNE - REG", "JNE", "REG"},
		{"JNE/OKE", "JNE", "OKE"},
		{"Pos Kilat Khusus", "Pos", "KILAT KHUSUS"},
		{"GoSend Same Day", "GoSend", "SAME DAY"},
		{"REG", "REG", ""}, // a service alone is kept as the courier text
		{"  Lion   Parcel ", "Lion Parcel", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		c, s := splitCourier(tc.in)
		if c != tc.courier || s != tc.service {
			t.Errorf("splitCourier(%q) = %q, %q; want %q, %q", tc.in, c, s, tc.courier, tc.service)
		}
	}
}

func TestParseSender(t *testing.T) {
	tests := []struct {
		in          []string
		name, phone string
	}{
		{[]string{"Butik Sari / 0813 1111 2222"}, "Butik Sari", "0813 1111 2222"},
		{[]string{"Butik Sari (0813-1111-2222)"}, "Butik Sari", "0813-1111-2222"},
		{[]string{"Butik Sari - 081311112222"}, "Butik Sari", "081311112222"},
		{[]string{"Butik Sari, HP 0813.1111.2222"}, "Butik Sari", "0813.1111.2222"},
		{[]string{"+62 813 1111 2222 (Butik Sari)"}, "Butik Sari", "+62 813 1111 2222"},
		{[]string{"Butik Sari", "0813 1111 2222"}, "Butik Sari", "0813 1111 2222"},
		{[]string{"Toko 99"}, "Toko 99", ""}, // two digits are not a phone
		{[]string{"0813 1111 2222"}, "", "0813 1111 2222"},
	}
	for _, tc := range tests {
		n, p := parseSender(tc.in)
		if n != tc.name || p != tc.phone {
			t.Errorf("parseSender(%q) = %q, %q; want %q, %q", tc.in, n, p, tc.name, tc.phone)
		}
	}
}

func TestMatchLabel(t *testing.T) {
	tests := []struct {
		line  string
		want  label
		value string
	}{
		{"Nama: Sari", lName, " Sari"},
		{"Nama penerima: Sari", lName, " Sari"},
		{"Penerima: Sari", lName, " Sari"},
		{"No HP: 1", lPhone, " 1"},
		{"No. HP: 1", lPhone, " 1"},
		{"HP: 1", lPhone, " 1"},
		{"No WA: 1", lPhone, " 1"},
		{"No. WA: 1", lPhone, " 1"},
		{"WA: 1", lPhone, " 1"},
		{"Telp: 1", lPhone, " 1"},
		{"No. HP/WA: 1", lPhone, " 1"},
		{"Nomor WhatsApp penerima: 1", lPhone, " 1"},
		{"No HP pengirim: 1", lSenderPhone, " 1"},
		{"Alamat: x", lAddress, " x"},
		{"Alamat lengkap: x", lAddress, " x"},
		{"Alamat lengkap (kec & kab): x", lAddress, " x"},
		{"Alamat pengirim: x", lForeign, " x"},
		{"Kecamatan: x", lAddrPart, " x"},
		{"Kode pos: 40121", lAddrPart, " 40121"},
		{"Pesanan: x", lItems, " x"},
		{"Order: x", lItems, " x"},
		{"Produk: x", lItems, " x"},
		{"Jumlah: 2", lQty, " 2"},
		{"Qty: 2", lQty, " 2"},
		{"Ekspedisi: x", lCourier, " x"},
		{"Kurir: x", lCourier, " x"},
		{"Expedisi: x", lCourier, " x"},
		{"Pengirim: x", lSender, " x"},
		{"Dropshipper: x", lSender, " x"},
		{"Catatan: x", lNotes, " x"},
		{"Note: x", lNotes, " x"},
		{"Keterangan: x", lNotes, " x"},
		{"Warna: merah", lAttr, " merah"},
		{"*Nama*: Sari", lName, " Sari"},
		{"Nama = Sari", lName, " Sari"},
		{"Nama - Sari", lName, " Sari"},
		{"Nama\tSari", lName, "Sari"},
		{"No-HP: 1", lPhone, " 1"},
		{"Pesanan", lItems, ""},
		{"Ongkir: 15.000", lForeign, " 15.000"},
		{"Total bayar: 150rb", lForeign, " 150rb"},
		{"Nama saya Sari", lNone, ""},
		{"Catatan jangan dibanting", lNone, ""}, // no separator: not a label
		{"GMS-01 x2", lNone, ""},
		{"Jam 10:30", lNone, ""},
		{"https://example.com", lForeign, "//example.com"},
	}
	for _, tc := range tests {
		l, _, v := matchLabel(tc.line)
		if l != tc.want || v != tc.value {
			t.Errorf("matchLabel(%q) = %v, %q; want %v, %q", tc.line, l, v, tc.want, tc.value)
		}
	}
}

func TestStripLead(t *testing.T) {
	tests := []struct{ in, want string }{
		{"- GMS-01", "GMS-01"},
		{"• GMS-01", "GMS-01"},
		{"1. GMS-01", "GMS-01"},
		{"12) GMS-01", "GMS-01"},
		{"1️⃣ Nama", "Nama"},
		{"📦 Nama", "Nama"},
		{"👉🏻 *Nama*", "Nama*"},
		{"2 GMS-01", "2 GMS-01"},
		{"1.5 kg", "1.5 kg"},
		{"+62 812", "+62 812"},
		{"(2) Hijab", "(2) Hijab"},
	}
	for _, tc := range tests {
		if got := stripLead(tc.in); got != tc.want {
			t.Errorf("stripLead(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLooks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"canonical", parseCases[0].in, true},
		{"three labels", "Nama: Sari\nNo HP: 0812\nEkspedisi: JNE", true},
		{"Alamat and Pesanan", "Alamat: Jl. Melati 12\nPesanan: GMS-01", true},
		{"address parts and items", "Kecamatan: Coblong\nOrder: GMS-01", true},
		{"two labels without Pesanan", "Nama: Sari\nNo HP: 0812", false},
		{"same label three times", "Nama: A\nNama: B\nNama: C", false},
		{"empty template", "Nama:\nNo HP:\nAlamat:\nPesanan:", false},
		{"unknown labels", "Ongkir: 10rb\nTotal: 100rb\nBayar: BCA", false},
		{"chat", "kak ready? mau order gamis 2", false},
		{"", "", false},
	}
	for _, tc := range tests {
		if got := Looks(tc.in); got != tc.want {
			t.Errorf("Looks(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMissing(t *testing.T) {
	tests := []struct {
		f    Form
		want []string
	}{
		{Form{}, []string{"name", "phone", "address", "items", "courier"}},
		{Parse(parseCases[0].in), nil},
		{Form{Name: "A", Phone: " ", AddressText: "x", Items: []Item{{Query: "a", Qty: 1}}}, []string{"phone", "courier"}},
	}
	for _, tc := range tests {
		if got := tc.f.Missing(); !slices.Equal(got, tc.want) {
			t.Errorf("Missing() = %v, want %v", got, tc.want)
		}
	}
}

// BenchmarkLooksLongLine: a 100 KB line of commas without a label costs
// in proportion to its length (cutLabels looks at most 40 bytes ahead).
func BenchmarkLooksLongLine(b *testing.B) {
	s := strings.Repeat("kak, ", 20000)
	for b.Loop() {
		Looks(s)
	}
}

// twoRecipients is the repro of two format orders pasted in one message.
const twoRecipients = "Nama: Ibu Ratna\nHP: 0813-1111-2222\n" +
	"Alamat: Jl. Cempaka 3 RT 1 RW 2, Kel. Jatiasih, Kec. Jatiasih, Kota Bekasi, Jawa Barat 17423\n" +
	"Pesanan: GMS-01 M x2, GMS-02 1\nKurir: JNE REG\n\n" +
	"Nama: Dina\nHP: 0857-3333-4444\n" +
	"Alamat: Jl. Darmo 10, Kec. Wonokromo, Kota Surabaya, Jawa Timur 60241\n" +
	"Pesanan: GMS-02 x1\nKurir: JNE REG"

func TestSecondOrder(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"two recipients, blank line between", twoRecipients, "Nama: Dina"},
		{"two recipients, no blank line", strings.ReplaceAll(twoRecipients, "\n\n", "\n"), "Nama: Dina"},
		{"second block starts with Alamat", "Nama: A\nAlamat: Jl. Mawar 3, Bandung\nPesanan: X x1\n" +
			"Alamat: Jl. Darmo 10, Surabaya\nNama: B\nPesanan: Y", "Alamat: Jl. Darmo 10, Surabaya"},
		{"items first, then two recipients", "Pesanan: X x1\nNama: A\nAlamat: Jl. Mawar 3\n" +
			"Pesanan: Y x1\nNama: B\nAlamat: Jl. Darmo 10", "Nama: B"},
		{"numbered and starred labels", "1. *Nama*: A\n2. Alamat: Jl. Mawar 3\n3. Pesanan: X\n\n1. *Nama*: B\n2. Alamat: Jl. Darmo 10",
			"Nama*: B"},
		{"the same block pasted twice", "Nama: A\nAlamat: Jl. Mawar 3\nPesanan: X\nNama: A\nAlamat: Jl. Mawar 3\nPesanan: X", "Nama: A"},
		// One order: no second recipient.
		{"one order", parseCases[0].in, ""},
		{"second Nama before any item", "Nama: A\nNama: B\nAlamat: Jl. Mawar 3\nPesanan: X", ""},
		{"second phone after the items", "Nama: A\nHP: 0812\nAlamat: Jl. Mawar 3\nPesanan: X\nWA: 0813", ""},
		{"sender's Nama under an empty Pengirim", "Nama: A\nHP: 0812\nAlamat: Jl. Mawar 3\nPesanan: X\n" +
			"Pengirim:\nNama: Butik Sari\nHP pengirim: 0813", ""},
		{"address parts after the items", "Nama: A\nAlamat: Jl. Mawar 3\nPesanan: X\nKecamatan: Coblong\nKota: Bandung", ""},
		{"empty second Nama", "Nama: A\nAlamat: Jl. Mawar 3\nPesanan: X\nNama:", ""},
		{"name given after the items", "Alamat: Jl. Mawar 3\nPesanan: X\nNama: A", ""},
		{"garbage", "Nama\nPesanan\nNama\n::::", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Parse(tt.in).SecondOrder; got != tt.want {
				t.Errorf("SecondOrder = %q, want %q", got, tt.want)
			}
		})
	}
}

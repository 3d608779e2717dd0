package intent

import (
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/flows/orderform"
)

// shop is the test catalogue: SKU, name and retail price.
var shop = []struct{ sku, name, price string }{
	{"GMS-01", "Gamis Busui Navy", "185000"},
	{"GMS-02", "Gamis Syari Hitam", "210000"},
	{"HJB-01", "Hijab Voal Dusty Pink", "45000"},
	{"HJB-02", "Hijab Pashmina Hitam", "39000"},
	{"KRP-05", "Keripik Pedas 250g Level 5", "18500"},
	{"KRP-03", "Keripik Pedas 250g Level 3", "18500"},
	{"KOS-3D", "Kaos 3D Anak", "55000"},
}

// names are what Classify and orderform.ParseKnown are given: SKU and name.
func names() []string {
	var out []string
	for _, p := range shop {
		out = append(out, p.sku+" "+p.name)
	}
	return out
}

// line is an expected order line of a format order: SKU and quantity.
type line struct {
	sku string
	qty int
}

// corpus is what buyers really type, with what the shop must read from it.
// For Kind Order, product is the first item's words and qty its quantity;
// for FormOrder (and an Order with several items), items are the lines
// after matching the catalogue and subtotal their sum at the shop's prices.
var corpus = []struct {
	text     string
	kind     Kind
	greet    Greeting
	product  string
	sku      string // the one product it names, if any
	qty      int
	city     string
	code     string
	number   int
	items    []line
	subtotal string
}{
	// openers and greetings
	{text: "Assalamu'alaikum kak", kind: Salam, greet: GreetSalam},
	{text: "assalamualaikum", kind: Salam, greet: GreetSalam},
	{text: "Asslamualaikum wr wb", kind: Salam, greet: GreetSalam},
	{text: "aslm kak", kind: Salam, greet: GreetSalam},
	{text: "Assalamu’alaikum ka 🙏", kind: Salam, greet: GreetSalam},
	{text: "Wa'alaikumsalam kak", kind: Ack},
	{text: "waalaikumussalam wr wb", kind: Ack},
	{text: "Assalamu alaikum, permisi kak", kind: Salam, greet: GreetSalam},
	{text: "halo kak", kind: Salam, greet: GreetHello},
	{text: "Selamat pagi min", kind: Salam, greet: GreetHello},
	{text: "P", kind: Salam, greet: GreetHello},
	{text: "kak", kind: Salam},
	// "salah" is not a typo of "salam": something of an order is wrong
	{text: "eh kak alamatnya salah, harusnya Jl. Kenari no 15 bukan 2", kind: Wrong},
	{text: "barangnya salah kirim kak", kind: Wrong},
	{text: "ukurannya salah kak", kind: Wrong},
	{text: "kak warnanya keliru", kind: Wrong},
	{text: "transfer ke salah satu rekening ya kak?", kind: PayInfo},
	{text: "permisiii", kind: Salam, greet: GreetHello},
	{text: "pagi kak", kind: Salam, greet: GreetHello},
	// thanks and acknowledgements
	{text: "makasih kak", kind: Thanks},
	{text: "Terima kasih banyak kak 🙏", kind: Thanks},
	{text: "makasiiih", kind: Thanks},
	{text: "mksh min", kind: Thanks},
	{text: "ok kak makasih", kind: Thanks},
	{text: "ok", kind: Ack},
	{text: "oke kak siap", kind: Ack},
	{text: "siaaap", kind: Ack},
	{text: "baik kak", kind: Ack},
	{text: "siap kak ditunggu", kind: Ack},
	// stock
	{text: "ready kak?", kind: Stock},
	{text: "gamis busui ready?", kind: Stock, product: "gamis busui", sku: "GMS-01"},
	{text: "Assalamualaikum kak, gamis busui ready?", kind: Stock, greet: GreetSalam, product: "gamis busui", sku: "GMS-01"},
	{text: "kak hijab pashmina masih ada?", kind: Stock, product: "hijab pashmina", sku: "HJB-02"},
	{text: "stok kaos 3d ada kak", kind: Stock, product: "kaos 3d", sku: "KOS-3D"},
	{text: "redy gamis syari?", kind: Stock, product: "gamis syari", sku: "GMS-02"},
	{text: "ready gamis busui ukuran L kak?", kind: Stock, product: "gamis busui ukuran l", sku: "GMS-01"},
	{text: "Kak pashmina hitam msh ada gk", kind: Stock, product: "pashmina hitam", sku: "HJB-02"},
	// price
	{text: "min, harga hijab brp", kind: Price, product: "hijab"},
	{text: "harga gamis", kind: Price, product: "gamis"},
	{text: "harganya berapa kak?", kind: Price},
	{text: "brp kak", kind: Price},
	{text: "hrg keripik level 5 brp", kind: Price, product: "keripik level 5", sku: "KRP-05"},
	{text: "pricelist dong kak", kind: Price},
	// ongkir
	{text: "berapa ongkir ke bekasi?", kind: Ongkir, city: "bekasi"},
	{text: "ongkir ke jakarta selatan brp kak", kind: Ongkir, city: "jakarta selatan"},
	{text: "ongkos kirim ke Sleman berapa ya", kind: Ongkir, city: "sleman"},
	{text: "kak ongkirnya ke kab bogor?", kind: Ongkir, city: "kab bogor"},
	{text: "berapa hari sampai ke medan?", kind: Ongkir, city: "medan"},
	{text: "bisa kirim ke malang?", kind: Ongkir, city: "malang"},
	{text: "Ongkir jogja brp?", kind: Ongkir, city: "jogja"},
	// COD
	{text: "kak, cod bekasi bisa?", kind: COD, city: "bekasi"},
	{text: "bisa cod?", kind: COD},
	{text: "bisa bayar ditempat kak?", kind: COD},
	{text: "cod aja kak", kind: COD},
	// format
	{text: "format order kak", kind: Format},
	{text: "minta formatnya dong", kind: Format},
	{text: "cara order gimana kak?", kind: Format},
	// paid
	{text: "sudah transfer kak", kind: Paid},
	{text: "udh tf", kind: Paid},
	{text: "kak saya sdh trf ya", kind: Paid},
	{text: "udah bayar min", kind: Paid},
	{text: "sudah saya trnsfer kak", kind: Paid},
	{text: "blm tf kak, nanti sore", kind: NotPaid},
	// tracking and order codes
	{text: "cek resi", kind: Track},
	{text: "X8QM2", kind: Track, code: "X8QM2"},
	{text: "x8qm2", kind: Track, code: "X8QM2"},
	{text: "cek 7KX2M kak", kind: Track, code: "7KX2M"},
	{text: "pesanan saya sampai mana ya kak", kind: Track},
	{text: "kak udah sampe blm paketnya", kind: Track},
	{text: "kapan dikirim kak?", kind: Track},
	{text: "resinya mana kak", kind: Track},
	// order
	{text: "kak mau order gamis busui 2 ya", kind: Order, product: "gamis busui", sku: "GMS-01", qty: 2},
	{text: "mau order", kind: Order},
	{text: "mw pesan hijab voal 3 pcs", kind: Order, product: "hijab voal", sku: "HJB-01", qty: 3},
	{text: "order keripik pedas level 5 kak", kind: Order, product: "keripik pedas level 5", sku: "KRP-05"},
	{text: "ambil gamis syari x2", kind: Order, product: "gamis syari", sku: "GMS-02", qty: 2},
	{text: "pengen beli kaos 3d anak dua", kind: Order, product: "kaos 3d anak", sku: "KOS-3D", qty: 2},
	{text: "kak gamis busui 2 ya", kind: Order, product: "gamis busui", sku: "GMS-01", qty: 2},
	{
		text: "kak mau order gamis busui 2 sama hijab voal 1 ya", kind: Order, product: "gamis busui", sku: "GMS-01", qty: 2,
		items: []line{{"GMS-01", 2}, {"HJB-01", 1}}, subtotal: "415000",
	},
	{
		text: "mau pesan 2 gamis syari, 3 pashmina hitam dan keripik level 5 x4", kind: Order, product: "gamis syari", sku: "GMS-02", qty: 2,
		items: []line{{"GMS-02", 2}, {"HJB-02", 3}, {"KRP-05", 4}}, subtotal: "611000",
	},
	// a product named and nothing else
	{text: "gamis busui navy", kind: ProductOnly, product: "gamis busui navy", sku: "GMS-01"},
	{text: "kak, kaos 3d anak?", kind: ProductOnly, product: "kaos 3d anak", sku: "KOS-3D"},
	{text: "halo kak, gamis syari hitam?", kind: ProductOnly, greet: GreetHello, product: "gamis syari hitam", sku: "GMS-02"},
	{text: "halo kak, saya dari bandung", kind: Salam, greet: GreetHello},
	// payment questions and cancelling
	{text: "minta no rek kak", kind: PayInfo},
	{text: "pembayaran via apa aja?", kind: PayInfo},
	{text: "batal", kind: Cancel},
	{text: "kak aku mau cancel", kind: Cancel},
	// one word more than a product's name, a variant kept
	{text: "woi gamis dong", kind: ProductOnly, product: "woi gamis"},
	{text: "harga reseller gamis brp", kind: Price, product: "reseller gamis"},
	{text: "tambah 1 hijab pashmina hitam", kind: Order, product: "hijab pashmina hitam", qty: 1, sku: "HJB-02"},
	{text: "mau pesan gamis syari hitam 2, kaos 3d anak 1 ya kak", kind: Order, product: "gamis syari hitam", qty: 2,
		items: []line{{"GMS-02", 2}, {"KOS-3D", 1}}, subtotal: "475000"},
	{text: "batalin pesanan X8QM2 kak", kind: Cancel, code: "X8QM2"},
	{text: "cancel X8QM2", kind: Cancel, code: "X8QM2"},
	{text: "gajadi kak batalin aja yg td", kind: Cancel},
	{text: "min aku mau cancel aja deh, udah bayar tp gajadi", kind: Cancel},
	{text: "ga jadi kak", kind: Cancel},
	// human
	{text: "admin", kind: Human},
	{text: "mau ngobrol sama admin", kind: Human},
	{text: "bisa hubungi cs?", kind: Human},
	{text: "kak bisa telpon?", kind: Human},
	// menu answers
	{text: "transfer aja kak", kind: Transfer},
	{text: "tf", kind: Transfer},
	{text: "qris aja", kind: QRIS},
	{text: "2 ya kak", kind: Number, number: 2},
	{text: "1", kind: Number, number: 1},
	{text: "no 3", kind: Number, number: 3},
	{text: "yang dua kak", kind: Number, number: 2},
	// unknown
	{text: "barangnya bagus banget", kind: Unknown},
	{text: "🙏🙏", kind: Unknown},
	{text: "", kind: Unknown},
	// format orders, through orderform
	{
		text: "Nama: Sari\nNo HP: 0812-3456-7890\nAlamat: Jl. Melati 12, Kec. Coblong, Kota Bandung 40132\nPesanan: GMS-01 x2, HJB-01 1\nEkspedisi: JNE REG",
		kind: FormOrder, items: []line{{"GMS-01", 2}, {"HJB-01", 1}}, subtotal: "415000",
	},
	{
		text: "Nama: Dewi, HP: 0813-1111-2222, Alamat: Jl. Mawar 3, Kec. Jatiasih, Bekasi, Pesanan: KRP-05 x3, Kurir: JNE",
		kind: FormOrder, items: []line{{"KRP-05", 3}}, subtotal: "55500",
	},
	{
		text: "Nama: Rina\nHP: 0812 3333 4444\nAlamat: Jl. Kenanga 5 RT 2 RW 7 Jatiasih Bekasi\nPesanan: Keripik Pedas 250g Level 5\nJumlah: 10\nEkspedisi: SiCepat",
		kind: FormOrder, items: []line{{"KRP-05", 10}}, subtotal: "185000",
	},
	{
		text: "Nama: Rina\nHP: 0812 3333 4444\nAlamat: Caturtunggal, Depok, Sleman\nPesanan: Keripik Pedas Level 3\nKurir: JNE",
		kind: FormOrder, items: []line{{"KRP-03", 1}}, subtotal: "18500",
	},
	{
		text: "🌸 Nama : Ayu\n📞 WA : 0877-1234-5678\n🏡 Alamat : Jl. Kaliurang km 5, Caturtunggal, Depok, Sleman 55281\n" +
			"🛒 Pesanan :\n✅ Gamis Busui Navy 2 pcs\n✅ Hijab Pashmina Hitam x1\n🚚 Kurir : JNE REG",
		kind: FormOrder, items: []line{{"GMS-01", 2}, {"HJB-02", 1}}, subtotal: "409000",
	},
	{
		text: "*Nama*: Budi\n*No. WA*: 0857 1234 5678\n*Alamat lengkap*:\nPerum Griya Asri Blok C2 No 7\nKec. Ciampea, Kab. Bogor\n*Pesanan*:\n- KOS-3D x2\n- Gamis Syari Hitam (1)\n*Kurir*: jne yes",
		kind: FormOrder, items: []line{{"KOS-3D", 2}, {"GMS-02", 1}}, subtotal: "320000",
	},
	{
		text: "1. Nama: Lina\n2. HP: 081299998888\n3. Alamat: Jl. Pahlawan 3, Genteng, Surabaya\n4. Pesanan: Hijab Voal Dusty Pink 2 lusin\n5. Ekspedisi: J&T",
		kind: FormOrder, items: []line{{"HJB-01", 24}}, subtotal: "1080000",
	},
	{
		text: "Nama penerima = Tika\nHP = 0813 2222 3333\nAlamat = Jl. Sudirman 5, Cimahi\nProduk = Kaos 3D Anak\nQty = 4\nEkspedisi = Anteraja",
		kind: FormOrder, items: []line{{"KOS-3D", 4}}, subtotal: "220000",
	},
	{
		text: "Nama: Wati; HP: 0812 7777 6666; Alamat: Jl. Kebayoran Baru 5, jaksel; Pesanan: GMS-02 x1 + HJB-02 x2; Kurir: SiCepat BEST",
		kind: FormOrder, items: []line{{"GMS-02", 1}, {"HJB-02", 2}}, subtotal: "288000",
	},
	{
		text: "Assalamualaikum kak mau order\nNama: Nur\nNo HP: 0852 1111 0000\nAlamat: Jl. Mawar 3, Kota Depok\nPesanan: gamis busui navy x 3\nKurir: JNE",
		kind: FormOrder, greet: GreetSalam, items: []line{{"GMS-01", 3}}, subtotal: "555000",
	},
	{
		text: "Nama: Ani\nHP: 0812 0000 1111\nAlamat: Jl. Melati 1, Coblong, Bandung\nPesanan: Keripik Pedas 250g Level 5 (2), KRP-03 x 2\nKurir: POS",
		kind: FormOrder, items: []line{{"KRP-05", 2}, {"KRP-03", 2}}, subtotal: "74000",
	},
	{
		text: "Nama : Yuni\nNo. HP : 0819 1234 0000\nAlamat : Jl. Kenari 8, Jatiasih, Bekasi 17423\nOrder : Hijab Pashmina Hitam\nJml : 5\nEkspedisi : JNE OKE",
		kind: FormOrder, items: []line{{"HJB-02", 5}}, subtotal: "195000",
	},
}

// TestCorpus classifies every text of the corpus; format orders go through
// orderform.ParseKnown and are priced. It reports the pass figure.
func TestCorpus(t *testing.T) {
	if len(corpus) < 60 {
		t.Fatalf("corpus has %d texts, want at least 60", len(corpus))
	}
	ns := names()
	pass := 0
	for _, c := range corpus {
		ok := true
		fail := func(format string, args ...any) {
			t.Helper()
			ok = false
			t.Errorf("%q: "+format, append([]any{c.text}, args...)...)
		}
		in := Classify(c.text, ns)
		if in.Kind != c.kind {
			fail("kind %s, want %s (%+v)", in.Kind, c.kind, in)
		}
		if in.Greeting != c.greet {
			fail("greeting %q, want %q", in.Greeting, c.greet)
		}
		if in.Product != c.product || in.Qty != c.qty || in.City != c.city || in.Code != c.code || in.Number != c.number {
			fail("got product %q qty %d city %q code %q number %d; want %q %d %q %q %d",
				in.Product, in.Qty, in.City, in.Code, in.Number, c.product, c.qty, c.city, c.code, c.number)
		}
		if c.sku != "" {
			if len(in.ProductMatches) != 1 || shop[in.ProductMatches[0]].sku != c.sku {
				fail("product matches %v, want only %s", in.ProductMatches, c.sku)
			}
		}
		var items []orderform.Item
		switch {
		case c.kind == Order && c.items != nil:
			items = in.Items
		case c.kind == FormOrder:
			items = orderform.ParseKnown(c.text, ns).Items
			if c.items == nil {
				fail("a format order needs its expected items")
			}
		}
		if c.items != nil {
			got, sub := priceItems(items, ns)
			if !slices.Equal(got, c.items) {
				fail("items %v, want %v", got, c.items)
			}
			if want := decimal.RequireFromString(c.subtotal); !sub.Equal(want) {
				fail("subtotal %s, want %s", sub, want)
			}
		}
		if ok {
			pass++
		}
	}
	t.Logf("corpus: %d/%d texts read right", pass, len(corpus))
}

// priceItems matches every item to exactly one product and sums price ×
// quantity. An item that matches none or several is listed with the SKU
// "?" and adds nothing.
func priceItems(items []orderform.Item, ns []string) ([]line, decimal.Decimal) {
	var out []line
	sum := decimal.Zero
	for _, it := range items {
		m := MatchProducts(it.Query, ns)
		if len(m) != 1 {
			out = append(out, line{"?", it.Qty})
			continue
		}
		p := shop[m[0]]
		out = append(out, line{p.sku, it.Qty})
		sum = sum.Add(decimal.RequireFromString(p.price).Mul(decimal.NewFromInt(int64(it.Qty))))
	}
	return out, sum
}

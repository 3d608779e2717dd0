// Package intent tells what a short customer message asks for: the openers,
// questions and menu answers Indonesian buyers type in chat, slang and
// typos included ("Assalamu'alaikum kak", "gamis busui ready?", "min, harga
// hijab brp", "berapa ongkir ke bekasi?", "udh tf", "kak mau order gamis
// busui 2 ya", "2 ya kak").
//
// It is pure: text (and the shop's product names, passed in) goes in, an
// Intent comes out. No state, no store, no locale texts; the conversation
// decides what to answer.
//
// How Classify reads text (the rules the tests pin down):
//
//   - Text is lower-cased; apostrophes vanish ("assalamu'alaikum"); any
//     other punctuation separates words; a "?" marks a question; a letter
//     typed three or more times counts once ("makasiiih", "kaaak"); "-nya"
//     after a known word is dropped ("harganya", "ongkirnya"); a known word
//     of five letters or more may carry one typo ("trnsfer", "makasi"),
//     but not in its first letter, and a common word or a filler is never
//     a typo ("salah" is not "salam", "masih" not "kasih").
//   - A pasted format order (orderform.Looks) is FormOrder; parse it with
//     orderform.ParseKnown.
//   - "belum" (not yet) with a payment word ("belum tf") is NotPaid.
//   - Otherwise the first rule that fits wins: Cancel ("batal", "ga jadi"),
//     Wrong ("alamatnya salah", "barangnya salah kirim"), NotPaid ("belum" with a payment word: "belum tf"), Paid ("sudah"/
//     "udh" + "transfer"/"tf"/"bayar"), Track ("cek resi", "pesanan saya
//     sampai mana", "kapan dikirim", or an order code: five characters of
//     the code alphabet, with a digit or typed in capitals or after
//     cek/resi/status), Human ("admin" alone, "mau ngobrol sama admin",
//     "bisa telpon?"), Ongkir ("ongkir", "berapa hari sampai ke medan",
//     "bisa kirim ke malang?"; City = the words after "ke"), COD (City
//     too: "cod bekasi bisa?"), PayInfo ("no rek", "pembayaran"), Format
//     ("format", "cara order"), Order ("mau order X 2"; Product and Qty
//     read with orderform's item rules), Price, Stock, Transfer / QRIS
//     (menu answers: "transfer aja kak", "tf"), Number ("2 ya kak"),
//     Thanks, Ack ("ok", "siap"), Salam (a greeting, or words of address
//     such as "kak", "min", "p", and nothing else), ProductOnly when a word
//     of three letters or more is in a product name ("gamis busui navy";
//     with a quantity it is an Order: "kak gamis busui 2 ya"), Salam for a
//     greeting with other words ("halo kak, saya dari bandung"). Anything
//     else is Unknown.
//   - A greeting inside a longer message is kept in Greeting, so "Assalamu
//     'alaikum kak, gamis ready?" is Stock and the answer can still start
//     with a salam.
//   - Product words are what remains of a stock, price or order question
//     after the known words and words of address ("kak", "min", "sis",
//     "ya", "dong", ...); ProductMatches lists the products whose name holds
//     all of them.
package intent

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/dropbot/dropbot/flows/orderform"
)

// Kind is what a message asks for. The values are stable codes.
type Kind string

// The kinds of message Classify knows.
const (
	Unknown     Kind = "unknown"
	Salam       Kind = "salam"      // a greeting or a bare ping ("kak", "p")
	Thanks      Kind = "thanks"     // "makasih kak"
	Ack         Kind = "ack"        // "ok", "siap", "baik kak"
	Stock       Kind = "stock"      // "ready kak?", "gamis busui ready?"
	Price       Kind = "price"      // "harga hijab brp"
	Ongkir      Kind = "ongkir"     // "berapa ongkir ke bekasi?"
	COD         Kind = "cod"        // "bisa cod?", "cod aja"
	Format      Kind = "format"     // "minta format order", "cara order gmn"
	Paid        Kind = "paid"       // "sudah transfer kak", "udh tf"
	Track       Kind = "track"      // "cek resi", "X8QM2"
	Order       Kind = "order"      // "mau order gamis busui 2 ya", "mau order"
	Human       Kind = "human"      // "admin", "mau ngobrol sama admin"
	Transfer    Kind = "transfer"   // menu answer: "transfer aja kak", "tf"
	QRIS        Kind = "qris"       // menu answer: "qris aja"
	Number      Kind = "number"     // menu answer: "2 ya kak"
	FormOrder   Kind = "form_order" // a pasted format order
	NotPaid     Kind = "not_paid"   // "belum tf kak": not paid yet
	PayInfo     Kind = "pay_info"   // "minta no rek", "pembayaran via apa aja"
	Cancel      Kind = "cancel"     // "batal", "kak aku mau cancel"
	Wrong       Kind = "wrong"      // "alamatnya salah", "barangnya salah kirim"
	ProductOnly Kind = "product"    // only a product's name: "gamis busui navy"
)

// Greeting is the kind of greeting found anywhere in the message.
type Greeting string

// Greetings: an Islamic salam is answered with "Wa'alaikumsalam".
const (
	NoGreeting Greeting = ""
	GreetSalam Greeting = "salam" // Assalamu'alaikum and its spellings
	GreetHello Greeting = "hello" // halo, hai, pagi, permisi, punten
)

// Intent is what Classify found.
type Intent struct {
	Kind     Kind
	Greeting Greeting
	// Question is set when the text holds a "?".
	Question bool
	// Product is the product words of a stock, price or order question,
	// lower case, as typed ("gamis busui"); empty when none were given.
	Product string
	// ProductMatches are the indexes of the known products whose name or
	// SKU holds every product word, in the order given (see MatchProducts).
	ProductMatches []int
	// Qty is the quantity of an Order's first item (0 when not given).
	Qty int
	// Items are the items of an Order, read with orderform's item rules
	// ("mau order gamis busui 2 sama hijab voal 1" gives two); Product and
	// Qty repeat the first. Match each Query with MatchProducts.
	Items []orderform.Item
	// City is the destination of an Ongkir or COD question, as typed
	// ("bekasi"); look it up with address.Lookup.
	City string
	// Code is an order code (upper case) of a Track, Cancel or Wrong
	// message ("cancel X8QM2"). CodeSure is
	// false when it has no digit: words such as "BELUM" have that shape,
	// so the caller should check it is a real order.
	Code     string
	CodeSure bool
	// Number is the menu choice of a Number answer (1..99).
	Number int
	// WrongAddress is set on a Wrong message about the address
	// ("alamatnya salah"); otherwise it is about the goods.
	WrongAddress bool
}

// codeAlphabet are the characters of an order code (no 0, 1, I, O).
const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// codeLength is the length of an order code (store.CodeLength).
const codeLength = 5

// role is what a known word says.
type role int

const (
	rNone    role = iota
	rSalam        // assalamualaikum
	rHello        // halo, pagi, permisi
	rThanks       // makasih
	rAck          // ok, siap
	rStock        // ready, stok, ada
	rPrice        // harga
	rHowMuch      // berapa, brp
	rOngkir       // ongkir
	rCOD          // cod
	rFormat       // format, template
	rHow          // cara, gimana
	rDone         // sudah, udh
	rPay          // transfer, tf, bayar
	rQris         // qris
	rResi         // resi, lacak
	rCheck        // cek, status
	rWhere        // mana, dimana, sampai
	rParcel       // pesanan, paket, orderan
	rOrder        // order, pesan, beli
	rWant         // mau, pengen
	rAdmin        // admin, cs
	rTalk         // ngobrol, bicara, hubungi
	rTo           // ke, tujuan
	rFiller       // kak, min, ya, dong, ...
	rNumber       // nomor, no, pilih: words before a menu number
	rNotYet       // belum: "belum tf" is neither paid nor a choice
	rDaytime      // pagi, sore: a greeting first in the text or after "selamat"
	rDays         // hari, estimasi: how long delivery takes
	rWhen         // kapan
	rAccount      // rekening, pembayaran
	rCancel       // batal, cancel
	rWrong        // salah, keliru, ketuker: something of an order is wrong
)

// words maps a folded word to its role. Typos of words of five letters or
// more are found by distance (see lookup); the common short forms are
// listed.
var words = map[string]role{
	"assalamualaikum": rSalam, "assalamu": rSalam, "asalamualaikum": rSalam, "aslm": rSalam,
	"askum": rSalam, "ass": rSalam, "assalam": rSalam, "salam": rSalam, "samlekom": rSalam,
	"assalamualaikumwarahmatullahiwabarakatuh": rSalam, "wr": rFiller, "wb": rFiller,

	"halo": rHello, "hallo": rHello, "hai": rHello, "hay": rHello, "hi": rHello, "hello": rHello,
	"helo": rHello, "pagi": rDaytime, "siang": rDaytime, "sore": rDaytime, "malam": rDaytime,
	"selamat": rHello, "met": rFiller, "permisi": rHello, "punten": rHello, "misi": rHello, "hallo2": rHello,

	"makasih": rThanks, "makasi": rThanks, "makasih2": rThanks, "mksh": rThanks, "mks": rThanks,
	"terimakasih": rThanks, "trimakasih": rThanks, "trims": rThanks, "thx": rThanks,
	"thanks": rThanks, "thank": rThanks, "tengkyu": rThanks, "suwun": rThanks, "tq": rThanks,
	"ty": rThanks, "maturnuwun": rThanks, "nuhun": rThanks, "hatur": rThanks, "kasih": rThanks,

	"ok": rAck, "oke": rAck, "okey": rAck, "okay": rAck, "oce": rAck, "okee": rAck, "okeh": rAck,
	"siap": rAck, "sip": rAck, "sipp": rAck, "baik": rAck, "noted": rAck, "iya": rAck,
	"iyaa": rAck, "y": rAck, "yoi": rAck, "mantap": rAck, "mantab": rAck, "oh": rAck, "gitu": rAck,
	"paham": rAck, "oks": rAck,
	// a salam answered back is an acknowledgement, not a new greeting
	"waalaikumsalam": rAck, "walaikumsalam": rAck, "waalaikumussalam": rAck, "wslm": rAck,
	"waalaikum": rAck,

	"ready": rStock, "redy": rStock, "readi": rStock, "redi": rStock, "rdy": rStock,
	"stok": rStock, "stock": rStock, "stoknya": rStock, "ada": rStock, "tersedia": rStock,
	"available": rStock, "kosong": rStock, "habis": rStock, "sold": rStock, "restock": rStock,
	"restok": rStock, "sisa": rStock,

	"harga": rPrice, "hrg": rPrice, "hrga": rPrice, "price": rPrice, "pricelist": rPrice,
	"pl": rPrice, "harganya": rPrice, "hargane": rPrice,
	"berapa": rHowMuch, "brp": rHowMuch, "brapa": rHowMuch, "brpa": rHowMuch,
	"berapaan": rHowMuch, "brpan": rHowMuch, "piro": rHowMuch, "sabaraha": rHowMuch,

	"ongkir": rOngkir, "ongkos": rOngkir, "ongkoskirim": rOngkir, "biayakirim": rOngkir,
	"ongkirnya": rOngkir,

	"cod": rCOD, "bayarditempat": rCOD, "cashondelivery": rCOD,

	"format": rFormat, "formatnya": rFormat, "template": rFormat, "form": rFormat,
	"formulir": rFormat, "fomat": rFormat,
	"cara": rHow, "gimana": rHow, "gmn": rHow, "bagaimana": rHow, "gmna": rHow,

	"sudah": rDone, "udah": rDone, "udh": rDone, "sdh": rDone, "dah": rDone, "uda": rDone,
	"sudh": rDone, "barusan": rDone, "telah": rDone, "sampun": rDone, "wes": rDone, "wis": rDone,
	"transfer": rPay, "tf": rPay, "trf": rPay, "trans": rPay, "transper": rPay, "ditransfer": rPay,
	"bayar": rPay, "byr": rPay, "dibayar": rPay, "lunas": rPay, "transferan": rPay,
	"qris": rQris, "qr": rQris,

	"resi": rResi, "resinya": rResi, "lacak": rResi, "tracking": rResi, "track": rResi,
	"awb": rResi, "noresi": rResi,
	"cek": rCheck, "check": rCheck, "status": rCheck, "cekin": rCheck,
	"mana": rWhere, "dimana": rWhere, "sampai": rWhere, "sampe": rWhere, "nyampe": rWhere,
	"pesanan": rParcel, "pesananku": rParcel, "paket": rParcel, "paketnya": rParcel,
	"orderan": rParcel, "orderanku": rParcel, "barangnya": rParcel,

	"order": rOrder, "pesan": rOrder, "beli": rOrder, "ambil": rOrder, "checkout": rOrder,
	"co": rOrder, "mesen": rOrder, "pesen": rOrder, "orde": rOrder, "pesanin": rOrder,
	"tambah": rOrder, "tambahin": rOrder, "tambahkan": rOrder,
	"mau": rWant, "mw": rWant, "pengen": rWant, "pingin": rWant, "ingin": rWant, "pgn": rWant,
	"mo": rWant, "minat": rWant,

	"admin": rAdmin, "cs": rAdmin, "owner": rAdmin, "manusia": rAdmin, "operator": rAdmin,
	"customerservice": rAdmin, "mimin": rAdmin,
	"ngobrol": rTalk, "bicara": rTalk, "chat": rTalk, "hubungi": rTalk, "sambungkan": rTalk,
	"panggil": rTalk, "langsung": rTalk, "ngomong": rTalk, "telpon": rTalk, "call": rTalk,

	"ke": rTo, "tujuan": rTo, "daerah": rTo, "kirim": rTo, "dikirim": rTo, "wilayah": rTo,

	"no": rNumber, "nomor": rNumber, "nomer": rNumber, "pilih": rNumber, "pilihan": rNumber,
	"opsi": rNumber, "nmr": rNumber,

	"belum": rNotYet, "blm": rNotYet, "belom": rNotYet, "blom": rNotYet,

	"hari": rDays, "estimasi": rDays, "etd": rDays, "lama": rDays, "lamanya": rDays,
	"kapan": rWhen, "kpn": rWhen,
	"rek": rAccount, "rekening": rAccount, "norek": rAccount, "pembayaran": rAccount,
	"metode": rAccount, "rekeningnya": rAccount,
	"batal": rCancel, "cancel": rCancel, "batalin": rCancel, "batalkan": rCancel, "cancell": rCancel,
	"gajadi": rCancel, "gjd": rCancel, "cancle": rCancel,
	"salah": rWrong, "keliru": rWrong, "ketuker": rWrong, "ketukar": rWrong, "tertukar": rWrong,
	"slh": rWrong,
}

// plainWords are common words one typo away from a known word ("salah" is
// not "salam", "susah" not "sudah"): they are never read as a typo.
var plainWords = map[string]bool{
	"salah": true, "susah": true, "malah": true, "salak": true, "dalam": true, "mudah": true,
	"masih": true, "pasti": true, "kalah": true, "galak": true, "pakek": true, "sudut": true,
}

// fillers are words of address and particles: they carry no product.
var fillers = []string{
	"kak", "ka", "kk", "kakak", "kaka", "min", "gan", "sis", "sist", "bu", "ibu", "mbak",
	"mba", "mb", "mas", "bang", "om", "bos", "boss", "pak", "ya", "yah", "yaa", "yak", "yg",
	"dong", "donk", "deh", "nih", "ini", "itu", "yang", "nya", "apa", "apakah", "gak",
	"ga", "gk", "nggak", "ngga", "enggak", "tidak", "kah", "sih", "aja", "saja", "ajah",
	"untuk", "buat", "utk", "bisa", "bs", "bsa", "boleh", "saya", "aku", "sy", "ku", "gw",
	"kami", "mohon", "tolong", "minta", "mnt", "info", "infonya", "tanya", "nanya",
	"juga", "jg", "lagi", "lg", "masih", "msh", "kan", "nah", "loh", "lho", "kok",
	"the", "di", "dan", "sama", "sm", "dengan", "dgn", "via", "pakai", "pake", "dulu", "dl",
	"wa", "warahmatullahi", "wabarakatuh", "alaikum", "sayang", "say", "nder", "beb",
	"kalo", "kalau", "klo", "klu", "pcs", "ditunggu", "tunggu", "nanti", "ntar", "salahsatu",
}

// longWords are the words of five letters or more, sorted, for the typo
// search; built once, never changed.
var longWords = func() []string {
	var out []string
	for k := range words {
		if len(k) >= 5 {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}()

// fillerSet is fillers as a set; built once, never changed.
var fillerSet = func() map[string]bool {
	m := make(map[string]bool, len(fillers))
	for _, f := range fillers {
		m[f] = true
	}
	return m
}()

// numberWords are the number words taken as a menu choice or quantity.
var numberWords = map[string]int{
	"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
	"delapan": 8, "sembilan": 9, "sepuluh": 10,
}

// pairs are two-word phrases read as one word.
var pairs = map[string]string{
	"terima kasih": "terimakasih", "trima kasih": "terimakasih", "makasih banyak": "makasih",
	"matur nuwun": "maturnuwun", "hatur nuhun": "maturnuwun", "ongkos kirim": "ongkoskirim",
	"biaya kirim": "biayakirim", "bayar ditempat": "bayarditempat", "customer service": "customerservice",
	"cash on": "cashondelivery", "no resi": "noresi", "assalamu alaikum": "assalamualaikum",
	"assalamu alaikumm": "assalamualaikum", "salamu alaikum": "assalamualaikum",
	"salah satu": "salahsatu",
}

// token is one word of the message.
type token struct {
	raw  string // as typed, punctuation removed, case kept
	word string // folded
	role role
	sep  bool // a comma, "+", "&" or ";" came right before this word
}

// split lower-cases and cuts text into tokens; question reports a "?".
// exact are words never read as a typo of a known word.
func split(text string, exact map[string]bool) (toks []token, question bool) {
	var cur, raw []rune
	sep := false
	flush := func() {
		if len(cur) > 0 {
			toks = append(toks, token{raw: string(raw), word: squeeze(string(cur)), sep: sep})
			sep = false
		}
		cur, raw = cur[:0], raw[:0]
	}
	for _, r := range text {
		switch {
		case r == '?':
			question = true
			flush()
		case r == ',' || r == '+' || r == '&' || r == ';' || r == '\n':
			flush()
			sep = true
		case r == '\'' || r == '’' || r == '`' || r == '‘':
			// assalamu'alaikum: the apostrophe joins
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, unicode.ToLower(r))
			raw = append(raw, r)
		default:
			flush()
		}
	}
	flush()
	// Two-word phrases.
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		if i+1 < len(toks) {
			if w, ok := pairs[toks[i].word+" "+toks[i+1].word]; ok {
				out = append(out, token{raw: toks[i].raw + " " + toks[i+1].raw, word: w, sep: toks[i].sep})
				i++
				continue
			}
		}
		out = append(out, toks[i])
	}
	for i := range out {
		out[i].role = lookup(out[i].word, exact)
	}
	return out, question
}

// squeeze writes a letter typed three or more times once: "makasiiih".
func squeeze(s string) string {
	rs := []rune(s)
	var out []rune
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j] == rs[i] {
			j++
		}
		n := j - i
		if n >= 3 && unicode.IsLetter(rs[i]) {
			n = 1
		}
		for k := 0; k < n; k++ {
			out = append(out, rs[i])
		}
		i = j
	}
	return string(out)
}

// lookup finds the role of a folded word: exactly, without "-nya" or a
// doubled last letter, as a salam spelling, or with one typo unless the
// word is in exact (the words of the shop's product names).
func lookup(w string, exact map[string]bool) role {
	if r, ok := words[w]; ok {
		return r
	}
	if strings.HasPrefix(w, "assalam") || strings.HasPrefix(w, "asalam") || strings.HasPrefix(w, "asslam") ||
		strings.HasPrefix(w, "salamualaik") || strings.HasPrefix(w, "assalaam") {
		return rSalam
	}
	if s, ok := strings.CutSuffix(w, "nya"); ok && len(s) >= 2 {
		if r, ok := words[s]; ok {
			return r
		}
	}
	if n := len(w); n >= 3 && w[n-1] == w[n-2] {
		if r, ok := words[w[:n-1]]; ok {
			return r
		}
	}
	if len(w) >= 5 && !hasDigit(w) && !exact[w] && !plainWords[w] && !fillerSet[w] {
		for _, k := range longWords {
			if k[0] == w[0] && oneEdit(w, k) {
				return words[k]
			}
		}
	}
	return rNone
}

// oneEdit reports whether a and b differ by one insertion, deletion,
// substitution or swap of neighbours (ASCII words).
func oneEdit(a, b string) bool {
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 || a == b {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

// Classify tells what text asks for. products are the shop's product names
// and SKUs as customers see them (may be nil); they are used to read
// product words and quantities and to fill ProductMatches.
func Classify(text string, products []string) Intent {
	exact := map[string]bool{}
	for _, p := range products {
		for _, w := range fields(p) {
			exact[w] = true
		}
	}
	toks, q := split(text, exact)
	in := Intent{Kind: Unknown, Question: q}
	if len(toks) == 0 {
		return in
	}
	has := map[role]bool{}
	for _, t := range toks {
		has[t.role] = true
	}
	switch {
	case has[rSalam]:
		in.Greeting = GreetSalam
	case has[rHello]:
		in.Greeting = GreetHello
	case toks[0].role == rDaytime || (len(toks) > 1 && toks[0].word == "met" && toks[1].role == rDaytime):
		in.Greeting = GreetHello // "pagi kak", "met sore"
	case !slices.ContainsFunc(toks, func(t token) bool { return t.word != "p" }):
		in.Greeting = GreetHello // "P": the chat ping
	}
	if orderform.Looks(text) {
		in.Kind = FormOrder
		return in
	}
	content := contentTokens(toks)
	code, sure, codeIdx := findCode(toks)
	switch {
	case has[rCancel] || (len(toks) >= 2 && slices.ContainsFunc(toks[:len(toks)-1], func(t token) bool {
		return t.word == "ga" || t.word == "gak" || t.word == "nggak" || t.word == "tidak" || t.word == "gk"
	}) && slices.ContainsFunc(toks, func(t token) bool { return t.word == "jadi" })):
		in.Kind = Cancel                  // "batal", "ga jadi kak"
		in.Code, in.CodeSure = code, sure // "cancel X8QMT"
	case has[rWrong]:
		// "alamatnya salah", "barangnya salah kirim", "ukurannya salah"
		in.Kind, in.WrongAddress = Wrong, slices.ContainsFunc(toks, func(t token) bool {
			return strings.HasPrefix(t.word, "alamat") || t.word == "almt" || t.word == "address"
		})
		if sure {
			in.Code, in.CodeSure = code, sure
		}
	case has[rNotYet] && has[rPay]:
		in.Kind = NotPaid // "belum tf kak": not a payment, not a menu answer
	case has[rDone] && has[rPay]:
		in.Kind = Paid
	case code != "" && (sure || len(toks) == 1 || (codeIdx > 0 && (toks[codeIdx-1].role == rCheck ||
		toks[codeIdx-1].role == rResi || toks[codeIdx-1].role == rParcel))):
		in.Kind, in.Code, in.CodeSure = Track, code, sure
	case has[rResi] || (has[rParcel] && (has[rWhere] || has[rCheck])) || (has[rWhen] && sends(toks)):
		in.Kind = Track // "pesanan saya sampai mana", "kapan dikirim kak?"
	case (has[rAdmin] && (has[rTalk] || len(content) == 0) || has[rTalk] && len(content) == 0) &&
		!has[rPrice] && !has[rOngkir] && !has[rCOD]:
		in.Kind = Human
	case has[rOngkir] || (has[rDays] && (has[rHowMuch] || has[rTo])) || (sends(toks) && has[rTo] && q):
		in.Kind = Ongkir // "berapa hari sampai ke medan?", "bisa kirim ke malang?"
		in.City = city(toks)
	case has[rCOD]:
		in.Kind = COD
		in.City = city(toks) // "cod bekasi bisa?"
	case has[rAccount]:
		in.Kind = PayInfo
	case has[rFormat] || (has[rHow] && has[rOrder]):
		in.Kind = Format
	case has[rOrder] && !has[rPrice] && !has[rHowMuch] && !(has[rStock] && q):
		in.Kind = Order
		in.Items = orderItems(toks, products)
		in.Product, in.Qty = firstItem(in.Items)
	case has[rPrice] || (has[rHowMuch] && len(content) > 0) || (has[rHowMuch] && len(toks) <= 3):
		in.Kind = Price
		in.Product = productWords(content)
	case has[rStock]:
		in.Kind = Stock
		in.Product = productWords(content)
	case has[rQris]:
		in.Kind = QRIS
	case has[rPay]:
		in.Kind = Transfer
	case menuNumber(toks) > 0:
		in.Kind, in.Number = Number, menuNumber(toks)
	case has[rThanks]:
		in.Kind = Thanks
	case has[rAck] && len(content) == 0:
		in.Kind = Ack
	case in.Greeting != NoGreeting && len(content) == 0:
		in.Kind = Salam
	case len(content) == 0 && onlyFillers(toks):
		in.Kind = Salam
	case namesProduct(content, products):
		// Only a product's name, maybe with a quantity: "gamis busui
		// navy", "kak gamis busui 2 ya".
		in.Items = orderItems(toks, products)
		in.Product, in.Qty = firstItem(in.Items)
		in.Kind = ProductOnly
		if in.Qty > 0 || len(in.Items) > 1 {
			in.Kind = Order
		} else {
			in.Items = nil
		}
	case in.Greeting != NoGreeting:
		in.Kind = Salam
	}
	if in.Product != "" {
		in.ProductMatches = MatchProducts(in.Product, products)
	}
	return in
}

// contentTokens are the tokens with no role that are not fillers.
func contentTokens(toks []token) []token {
	var out []token
	for _, t := range toks {
		if t.role == rNone && !fillerSet[t.word] {
			out = append(out, t)
		}
	}
	return out
}

func onlyFillers(toks []token) bool {
	for _, t := range toks {
		if t.role != rFiller && !fillerSet[t.word] {
			return false
		}
	}
	return true
}

// productWords joins content words ("keripik level 5").
func productWords(content []token) string {
	var ws []string
	for _, t := range content {
		ws = append(ws, t.word)
	}
	return strings.Join(ws, " ")
}

// sends reports whether a word of sending is in the message ("kirim",
// "dikirim").
func sends(toks []token) bool {
	return slices.ContainsFunc(toks, func(t token) bool {
		return t.word == "kirim" || t.word == "dikirim" || t.word == "pengiriman" || t.word == "sampai" || t.word == "sampe" || t.word == "nyampe"
	})
}

// city is the destination of an ongkir question: the content words after
// "ke" (or "tujuan", "daerah"), else all content words.
func city(toks []token) string {
	start := 0
	for i, t := range toks {
		if t.role == rTo {
			start = i + 1
		}
	}
	var ws []string
	for _, t := range toks[start:] {
		if t.role == rNone && !fillerSet[t.word] {
			ws = append(ws, t.word)
		}
	}
	if len(ws) == 0 && start > 0 {
		return city(toks[:start-1])
	}
	return strings.Join(ws, " ")
}

// findCode finds an order code: a token of codeLength characters of the
// code alphabet that is not a known word. sure is set when it has a digit;
// a code without one counts only when typed in capitals.
func findCode(toks []token) (code string, sure bool, idx int) {
	for i, t := range toks {
		if len(t.raw) != codeLength || t.role != rNone || fillerSet[t.word] {
			continue
		}
		up := strings.ToUpper(t.raw)
		ok := true
		for _, r := range up {
			if !strings.ContainsRune(codeAlphabet, r) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		digit := hasDigit(up)
		if !digit && up != t.raw {
			continue // "belum", "kirim": a word in lower case
		}
		if digit && !strings.ContainsAny(up, codeAlphabet[8:]) {
			continue // "23456": a number, not a code
		}
		return up, digit, i
	}
	return "", false, -1
}

// menuNumber reads "2", "2 ya kak", "no 2", "yang dua": one number from 1
// to 99 with only fillers and menu words around it; 0 otherwise.
func menuNumber(toks []token) int {
	n := 0
	for _, t := range toks {
		v, err := strconv.Atoi(t.word)
		if err != nil {
			v = numberWords[t.word]
		}
		switch {
		case v > 0 && v < 100:
			if n != 0 {
				return 0
			}
			n = v
		case t.role == rNumber || t.role == rFiller || fillerSet[t.word] || t.role == rAck || t.role == rDaytime:
		default:
			return 0
		}
	}
	return n
}

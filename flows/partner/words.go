package partner

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/store"
)

// What partners type instead of /mitra or /daftar: "komisi saya berapa
// kak", "deposit saya sisa brp", "link aku mana ya", "mau daftar reseller
// kak". A partner gets their own /mitra summary (code, links, commission,
// deposit); someone not (yet) a partner is told how to join.

// Kinds of partner words.
const (
	wordsNone  = ""
	wordsApply = "apply" // "mau daftar reseller kak"
	wordsMine  = "mine"  // "komisi saya berapa", "link aku mana"
)

// maxPartnerWords bounds the words of a partner question: a longer
// message is about something else.
const maxPartnerWords = 12

// mineWords ask about the partner's own money.
var mineWords = map[string]bool{
	"komisi": true, "komisinya": true, "komisiku": true, "deposit": true, "depositnya": true, "depositku": true,
	"saldo": true, "saldonya": true, "saldoku": true, "deposito": true,
}

// linkWords ask for the partner's link or code.
var linkWords = map[string]bool{"link": true, "linknya": true, "linkku": true, "tautan": true, "tautannya": true}

// partnerKindWords name a kind of partnership.
var partnerKindWords = map[string]bool{
	"mitra": true, "referral": true, "referal": true, "reseller": true, "resseler": true, "reseler": true,
	"afiliasi": true, "affiliate": true, "afiliate": true, "affiliasi": true, "agen": true, "dropshipper": true,
}

// linkOnly are the words that may stand around "link" in "link aku mana
// ya": anything else ("link pembayaran", "link produk") is no partner's.
var linkOnly = map[string]bool{
	"aku": true, "saya": true, "sy": true, "ku": true, "gw": true, "punya": true, "mana": true, "dimana": true,
	"di": true, "ya": true, "yaa": true, "kak": true, "ka": true, "kk": true, "min": true, "dong": true, "minta": true,
	"apa": true, "yg": true, "yang": true, "nya": true, "kode": true, "kodenya": true, "kodeku": true, "sis": true,
	"gan": true, "mbak": true, "mas": true, "bu": true, "pak": true, "lupa": true, "lagi": true, "lg": true,
	"share": true, "bagikan": true, "buat": true, "untuk": true, "utk": true,
}

// partnerWords tells whether text is a partner's question or an
// application in words, and the kind of partner an application names.
func partnerWords(text string) (what, kind string) {
	ws := strings.FieldsFunc(chat.Normalize(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	if len(ws) == 0 || len(ws) > maxPartnerWords {
		return wordsNone, ""
	}
	joins, mine, link, named, code, other := false, false, false, false, false, false
	for i, w := range ws {
		code = code || w == "kode" || w == "kodenya" || w == "kodeku"
		switch {
		case w == "daftar" || w == "gabung" || w == "join" || w == "ikut" ||
			w == "jadi" && i > 0 && (ws[i-1] == "mau" || ws[i-1] == "pengen" || ws[i-1] == "ingin" || ws[i-1] == "mw"):
			joins = true
		case mineWords[w]:
			mine = true
		case linkWords[w]:
			link = true
		case partnerKindWords[w]:
			named = true
			if k := kindWord(w); k != "" {
				kind = k
			}
		case !linkOnly[w]:
			other = true
		}
	}
	switch {
	case joins && named:
		return wordsApply, kind
	case mine && !joins:
		return wordsMine, ""
	case (link || code && named) && !joins && !other:
		// "link aku mana ya", "kode referral aku apa"
		return wordsMine, ""
	}
	return wordsNone, ""
}

// partnerAsked answers a partner question or an application typed in
// words; it reports false for other text. In the middle of a step it does
// nothing: the step keeps what was typed.
func (t *turn) partnerAsked(text string) (bool, error) {
	what, kind := partnerWords(text)
	if what == wordsNone || t.MidStep {
		return false, nil
	}
	if what == wordsApply {
		return true, t.cmdApply(kind)
	}
	p, err := t.Tx.PartnerOfCustomer(t.Who.CustomerID)
	if store.IsNotFound(err) || (err == nil && p.Status == store.PartnerDeclined) {
		return true, t.Menu(t.P.T("partner.words.join_how"))
	}
	if err != nil {
		return true, err
	}
	return true, t.cmdPartner("")
}

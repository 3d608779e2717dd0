package store_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/store"
)

// partnerCodeRE: 6 characters of the order-code alphabet.
var partnerCodeRE = regexp.MustCompile(`^[2-9A-HJ-NP-Z]{6}$`)

func tierOf(t *testing.T, db *store.DB, user string) string {
	t.Helper()
	var tier string
	update(t, db, func(tx *store.Tx) error {
		w, err := tx.Resolve("telegram", user, false, user, "")
		tier = w.Tier
		return err
	})
	return tier
}

func partnerOf(t *testing.T, db *store.DB, id int64) store.Partner {
	t.Helper()
	var p store.Partner
	view(t, db, func(tx *store.Tx) error {
		var err error
		p, err = tx.PartnerByID(id)
		return err
	})
	return p
}

// addPartner makes an active partner of a new customer user.
func addPartner(t testing.TB, db *store.DB, user, kind, code string) store.Partner {
	t.Helper()
	p := store.Partner{CustomerID: newCustomer(t, db, user), Kind: kind, Code: code, Name: "Sari", Phone: "+62 812-3456-7890"}
	update(t, db, func(tx *store.Tx) error { return tx.AddPartner(&p, "test:owner") })
	return p
}

func TestValidPartnerCode(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"SARI25", true},
		{"abc", true},
		{"A_b-9", true},
		{strings.Repeat("X", 64), true}, // Telegram's start payload limit
		{strings.Repeat("X", 65), false},
		{"AB", false},
		{"", false},
		{"SARI 25", false},
		{"SARİ25", false}, // dotted İ is not A-Z
		{"kode!", false},
		{"a.b", false},
	}
	for _, tt := range tests {
		if got := store.ValidPartnerCode(tt.code); got != tt.want {
			t.Errorf("ValidPartnerCode(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestPartnerEnrolment(t *testing.T) {
	db, _ := openDB(t)
	cust := newCustomer(t, db, "sari")
	app := store.Partner{CustomerID: cust, Kind: store.PartnerReseller, Name: "Sari", Phone: "081234567890",
		BankName: "BCA", AccountNumber: "1234567890", AccountName: "Sari W"}
	update(t, db, func(tx *store.Tx) error { return tx.ApplyPartner(&app) })
	if app.Status != store.PartnerPending || !partnerCodeRE.MatchString(app.Code) || app.ID == 0 {
		t.Fatalf("application = %+v, want pending with a 6-character code", app)
	}
	if tier := tierOf(t, db, "sari"); tier != "retail" {
		t.Fatalf("an applicant's tier = %q, want retail until approved", tier)
	}
	update(t, db, func(tx *store.Tx) error {
		again := store.Partner{CustomerID: cust, Kind: store.PartnerAffiliate}
		wantCode(t, tx.ApplyPartner(&again), store.EConflict)
		wantCode(t, tx.DeclinePartner(app.ID, "test:owner", "  "), store.EInvalid)
		wantCode(t, tx.ApprovePartner(app.ID, ""), store.EInvalid)
		return tx.ApprovePartner(app.ID, "test:owner")
	})
	p := partnerOf(t, db, app.ID)
	if p.Status != store.PartnerActive || p.DecidedBy != "test:owner" || !p.DecidedAt.Equal(t0) {
		t.Fatalf("approved = %+v", p)
	}
	if tier := tierOf(t, db, "sari"); tier != "reseller" {
		t.Fatalf("an approved reseller's tier = %q, want reseller", tier)
	}
	update(t, db, func(tx *store.Tx) error {
		wantCode(t, tx.ApprovePartner(app.ID, "test:owner"), store.EConflict) // not pending any more
		// Turned affiliate: back to retail prices.
		if err := tx.SetPartnerKind(app.ID, store.PartnerAffiliate, "test:owner"); err != nil {
			return err
		}
		return tx.SetPartnerTier(app.ID, "gold", "test:owner")
	})
	if tier := tierOf(t, db, "sari"); tier != "retail" {
		t.Fatalf("a reseller turned affiliate has tier %q, want retail", tier)
	}
	if p := partnerOf(t, db, app.ID); p.Kind != store.PartnerAffiliate || p.Tier != "gold" {
		t.Fatalf("after changes = %+v", p)
	}

	// Declined, then applying again: the same row and code, pending again.
	other := newCustomer(t, db, "budi")
	bApp := store.Partner{CustomerID: other, Kind: store.PartnerAffiliate}
	update(t, db, func(tx *store.Tx) error {
		if err := tx.ApplyPartner(&bApp); err != nil {
			return err
		}
		return tx.DeclinePartner(bApp.ID, "test:owner", "Akun media sosial belum aktif")
	})
	if p := partnerOf(t, db, bApp.ID); p.Status != store.PartnerDeclined || p.DeclineReason != "Akun media sosial belum aktif" {
		t.Fatalf("declined = %+v", p)
	}
	re := store.Partner{CustomerID: other, Kind: store.PartnerAffiliate, Name: "Budi"}
	update(t, db, func(tx *store.Tx) error { return tx.ApplyPartner(&re) })
	if p := partnerOf(t, db, bApp.ID); re.ID != bApp.ID || re.Code != bApp.Code || p.Status != store.PartnerPending || p.DeclineReason != "" {
		t.Fatalf("reapplied = %+v (first %+v)", p, bApp)
	}
	view(t, db, func(tx *store.Tx) error {
		all, err := tx.Partners("", "")
		if err != nil || len(all) != 2 {
			t.Fatalf("Partners = %d, %v; want 2", len(all), err)
		}
		pending, err := tx.Partners(store.PartnerPending, store.PartnerAffiliate)
		if err != nil || len(pending) != 1 || pending[0].ID != bApp.ID {
			t.Fatalf("pending affiliates = %+v, %v", pending, err)
		}
		byCust, err := tx.PartnerOfCustomer(cust)
		if err != nil || byCust.ID != app.ID {
			t.Fatalf("PartnerOfCustomer = %+v, %v", byCust, err)
		}
		byCode, err := tx.PartnerByCode(strings.ToLower(app.Code))
		if err != nil || byCode.ID != app.ID {
			t.Fatalf("PartnerByCode(lower case) = %+v, %v", byCode, err)
		}
		return nil
	})
}

func TestAddPartnerDirectlyAndCodes(t *testing.T) {
	db, _ := openDB(t)
	sari := addPartner(t, db, "sari", store.PartnerReseller, "SARI25")
	if sari.Status != store.PartnerActive || sari.Code != "SARI25" {
		t.Fatalf("added = %+v", sari)
	}
	if tier := tierOf(t, db, "sari"); tier != "reseller" {
		t.Fatalf("a reseller the owner added has tier %q", tier)
	}
	tests := []struct {
		name string
		p    store.Partner
		want string
	}{
		{"code taken in another case", store.Partner{Kind: store.PartnerAffiliate, Code: "sari25"}, store.EConflict},
		{"code with a space", store.Partner{Kind: store.PartnerAffiliate, Code: "SARI 25"}, store.EInvalid},
		{"unknown kind", store.Partner{Kind: "supplier"}, store.EInvalid},
		{"no customer", store.Partner{Kind: store.PartnerAffiliate, CustomerID: -1}, store.EInvalid},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			if p.CustomerID == 0 {
				p.CustomerID = newCustomer(t, db, "c"+string(rune('a'+i)))
			} else {
				p.CustomerID = 0
			}
			err := db.Update(contextBG(), func(tx *store.Tx) error { return tx.AddPartner(&p, "test:owner") })
			wantCode(t, err, tt.want)
		})
	}
	update(t, db, func(tx *store.Tx) error {
		wantCode(t, tx.SetPartnerCode(sari.ID, "a b"), store.EInvalid)
		if err := tx.SetPartnerCode(sari.ID, "SARI-2026"); err != nil {
			return err
		}
		wantCode(t, tx.SetPartnerBank(sari.ID, "BCA", "", "Sari"), store.EInvalid)
		return tx.SetPartnerBank(sari.ID, "BRI", "0011223344", "Sari W")
	})
	if p := partnerOf(t, db, sari.ID); p.Code != "SARI-2026" || p.BankName != "BRI" || p.AccountNumber != "0011223344" {
		t.Fatalf("after code and bank = %+v", p)
	}
	// Suspended: the code stops attributing and the reseller price goes.
	buyer := newCustomer(t, db, "buyer")
	update(t, db, func(tx *store.Tx) error { return tx.SuspendPartner(sari.ID, "test:owner", "melanggar aturan harga") })
	if tier := tierOf(t, db, "sari"); tier != "retail" {
		t.Fatalf("a suspended reseller has tier %q", tier)
	}
	update(t, db, func(tx *store.Tx) error {
		_, _, err := tx.Attribute(buyer, "SARI-2026", store.ArrivedStart)
		wantCode(t, err, store.ENotFound)
		return tx.ReinstatePartner(sari.ID, "test:owner")
	})
	if tier := tierOf(t, db, "sari"); tier != "reseller" {
		t.Fatalf("a reinstated reseller has tier %q", tier)
	}
}

// order makes an order of the given goods (sku → qty × unit price) for a
// customer, with a recipient phone and address.
func order(t *testing.T, db *store.DB, cust int64, phone, line string, items ...store.OrderItem) store.Order {
	t.Helper()
	o := store.Order{CustomerID: cust, Channel: "telegram", ChatID: "c", Status: store.StatusAwaitPay,
		RecipientPhone: phone, AddressLine: line, PostalCode: "40115", Shipping: decimal.NewFromInt(18000),
		UniqueCode: 0, Items: items}
	update(t, db, func(tx *store.Tx) error { return tx.CreateOrder(&o) })
	return o
}

func item(sku string, qty int, unit string) store.OrderItem {
	return store.OrderItem{SKU: sku, ProductName: sku, Qty: qty, UnitPrice: dec(unit), UnitCost: dec("1")}
}

// fixedQuote is a quoter that gives every order the same commission; the
// real rules are tested in flows/commission.
func fixedQuote(amount string) store.CommissionQuoter {
	return func(q store.CommissionQuote) (decimal.Decimal, string, error) {
		return dec(amount), `{"test":` + amount + `}`, nil
	}
}

func TestAttribution(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name       string
		windowDays string // '' = default 30
		arrivals   []struct {
			code string
			at   time.Duration
		}
		orderAt time.Duration
		want    string // code of the partner, '' = none
	}{
		{"no arrival", "", nil, 0, ""},
		{"arrived a day before", "", []struct {
			code string
			at   time.Duration
		}{{"SARI25", 0}}, day, "SARI25"},
		{"last partner wins", "", []struct {
			code string
			at   time.Duration
		}{{"SARI25", 0}, {"DEWI10", 5 * day}}, 10 * day, "DEWI10"},
		{"window of 30 days has passed", "", []struct {
			code string
			at   time.Duration
		}{{"SARI25", 0}}, 30*day + time.Minute, ""},
		{"exactly 30 days is still in", "", []struct {
			code string
			at   time.Duration
		}{{"SARI25", 0}}, 30 * day, "SARI25"},
		{"the owner's window of 60 days", "60", []struct {
			code string
			at   time.Duration
		}{{"SARI25", 0}}, 45 * day, "SARI25"},
		{"the later partner's arrival is past the window, the earlier too", "", []struct {
			code string
			at   time.Duration
		}{{"SARI25", 0}, {"DEWI10", day}}, 40 * day, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, clk := openDB(t)
			addPartner(t, db, "sari", store.PartnerAffiliate, "SARI25")
			addPartner(t, db, "dewi", store.PartnerAffiliate, "DEWI10")
			buyer := newCustomer(t, db, "buyer")
			if tt.windowDays != "" {
				update(t, db, func(tx *store.Tx) error { return tx.SetSetting(store.SettingPartnerWindowDays, tt.windowDays) })
			}
			start := clk.Now()
			for _, a := range tt.arrivals {
				clk.Add(start.Add(a.at).Sub(clk.Now()))
				update(t, db, func(tx *store.Tx) error {
					_, ok, err := tx.Attribute(buyer, a.code, store.ArrivedStart)
					if !ok && err == nil {
						t.Errorf("arrival with %s not recorded", a.code)
					}
					return err
				})
			}
			clk.Add(start.Add(tt.orderAt).Sub(clk.Now()))
			o := order(t, db, buyer, "0811111111", "Jl. Melati 1", item("KAOS", 1, "100000"))
			var got store.PartnerOrder
			var ok bool
			update(t, db, func(tx *store.Tx) error {
				var err error
				got, ok, err = tx.AttributeOrder(o.ID, fixedQuote("10000"))
				return err
			})
			if tt.want == "" {
				if ok {
					t.Fatalf("order attributed to partner %d, want none", got.PartnerID)
				}
				return
			}
			if !ok {
				t.Fatalf("order not attributed, want %s", tt.want)
			}
			if p := partnerOf(t, db, got.PartnerID); p.Code != tt.want {
				t.Fatalf("order attributed to %s, want %s", p.Code, tt.want)
			}
			if got.Status != store.POPending || !got.Commission.Equal(dec("10000")) || !got.Base.Equal(dec("100000")) {
				t.Fatalf("partner order = %+v", got)
			}
		})
	}
}

func TestAttributeRefusals(t *testing.T) {
	db, _ := openDB(t)
	sari := addPartner(t, db, "sari", store.PartnerAffiliate, "SARI25")
	pending := store.Partner{CustomerID: newCustomer(t, db, "dewi"), Kind: store.PartnerAffiliate, Code: "DEWI10"}
	update(t, db, func(tx *store.Tx) error { return tx.ApplyPartner(&pending) })
	addPartner(t, db, "kakak", store.PartnerAffiliate, "KAKAK")
	addPartner(t, db, "toko", store.PartnerAffiliate, "TOKO")
	buyer := newCustomer(t, db, "buyer")
	update(t, db, func(tx *store.Tx) error {
		// Her own code does not make Sari her own customer.
		if _, ok, err := tx.Attribute(sari.CustomerID, "sari25", store.ArrivedCode); ok || err != nil {
			t.Errorf("own code: ok %v err %v, want not recorded", ok, err)
		}
		_, _, err := tx.Attribute(buyer, "DEWI10", store.ArrivedCode) // not approved yet
		wantCode(t, err, store.ENotFound)
		_, _, err = tx.Attribute(buyer, "NOPE99", store.ArrivedCode)
		wantCode(t, err, store.ENotFound)
		_, _, err = tx.Attribute(buyer, "SARI25", "instagram")
		wantCode(t, err, store.EInvalid)
		return nil
	})
	// A code inside a pasted WhatsApp text; a pending partner's code is skipped.
	view(t, db, func(tx *store.Tx) error {
		for _, tt := range []struct {
			text string
			want string
		}{
			{"Halo kak, saya mau order. Kode: sari25 🙏", "SARI25"},
			{"Halo kak DEWI10 SARI25", "SARI25"},
			{"Halo kak, mau tanya", ""},
			{"", ""},
			{"halo kakak, ada kaos?", ""}, // KAKAK is a code, but kakak is a word
			{"Halo Kakak", ""},
			{"Kode: KAKAK", "KAKAK"},     // in capitals it is the code
			{"pakai kode dewi10 ya", ""}, // DEWI10 is not approved yet
			{"TOKO", ""},                 // too short for capitals alone
		} {
			p, ok, err := tx.ActivePartnerIn(tt.text)
			if err != nil {
				return err
			}
			if (tt.want == "") == ok || (ok && p.Code != tt.want) {
				t.Errorf("ActivePartnerIn(%q) = %q, %v; want %q", tt.text, p.Code, ok, tt.want)
			}
		}
		return nil
	})
}

func TestSelfReferralIsFlagged(t *testing.T) {
	tests := []struct {
		name  string
		phone string
		line  string
		want  string
	}{
		{"a stranger's order", "081299998888", "Jl. Kenanga No. 3", ""},
		{"the partner's phone in another spelling", "0812-3456-7890", "Jl. Kenanga No. 3", "phone"},
		{"the partner's saved phone", "6285700001111", "Jl. Kenanga No. 3", "phone"},
		{"the partner's address in other spacing", "081299998888", "jl mawar no.12, RT 01/RW 02", "address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openDB(t)
			sari := addPartner(t, db, "sari", store.PartnerAffiliate, "SARI25")
			update(t, db, func(tx *store.Tx) error {
				return tx.SaveAddress(store.Address{CustomerID: sari.CustomerID, Recipient: "Sari", Phone: "085700001111",
					Line: "Jl. Mawar No. 12, RT 01 / RW 02", City: "Bandung", Zip: "40115"})
			})
			buyer := newCustomer(t, db, "buyer")
			update(t, db, func(tx *store.Tx) error {
				_, _, err := tx.Attribute(buyer, "SARI25", store.ArrivedStart)
				return err
			})
			o := order(t, db, buyer, tt.phone, tt.line, item("KAOS", 1, "100000"))
			var po store.PartnerOrder
			var bal store.PartnerBalance
			update(t, db, func(tx *store.Tx) error {
				var err error
				if po, _, err = tx.AttributeOrder(o.ID, fixedQuote("10000")); err != nil {
					return err
				}
				bal, err = tx.PartnerBalanceOf(sari.ID)
				return err
			})
			if po.SelfReferral != tt.want {
				t.Fatalf("self-referral = %q, want %q", po.SelfReferral, tt.want)
			}
			wantStatus, wantPending := store.POPending, dec("10000")
			if tt.want != "" {
				wantStatus, wantPending = store.POReview, decimal.Zero
			}
			if po.Status != wantStatus || !bal.Pending.Equal(wantPending) {
				t.Fatalf("status %s pending %s, want %s %s", po.Status, bal.Pending, wantStatus, wantPending)
			}
		})
	}
}

func TestSuggestPartnerCode(t *testing.T) {
	db, _ := openDB(t)
	addPartner(t, db, "sari", store.PartnerAffiliate, "SARI25")
	nameRE := regexp.MustCompile(`^SARI[2-9]{2}$`)
	update(t, db, func(tx *store.Tx) error {
		for _, tt := range []struct {
			name string
			re   *regexp.Regexp
		}{
			{"Sari Wulandari", nameRE},
			{"  sari", nameRE},
			{"Ni Made Ayu", partnerCodeRE},                            // "NI" is too short
			{"Ádám", partnerCodeRE},                                   // letters outside A-Z are dropped: "DM"
			{"", partnerCodeRE},                                       //
			{"Bartholomew", regexp.MustCompile(`^BARTHOLO[2-9]{2}$`)}, // at most 8 letters
		} {
			code, err := tx.SuggestPartnerCode(tt.name)
			if err != nil {
				return err
			}
			if !tt.re.MatchString(code) || !store.ValidPartnerCode(code) {
				t.Errorf("SuggestPartnerCode(%q) = %q, want %v", tt.name, code, tt.re)
			}
			if code == "SARI25" {
				t.Errorf("suggested the taken code %q", code)
			}
		}
		return nil
	})
}

// FuzzActivePartnerIn: any text is scanned without error or panic, and a
// match is always an active partner whose code is a word of the text.
func FuzzActivePartnerIn(f *testing.F) {
	db, _ := openDB(f)
	addPartner(f, db, "sari", store.PartnerAffiliate, "SARI25")
	for _, s := range []string{"Halo kak, kode SARI25 ya", "sari25", "SARI25SARI25", "-SARI25-", "\x00SARI25\xff", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		err := db.View(contextBG(), func(tx *store.Tx) error {
			p, ok, err := tx.ActivePartnerIn(text)
			if err != nil || !ok {
				return err
			}
			if p.Status != store.PartnerActive || !strings.Contains(strings.ToUpper(text), strings.ToUpper(p.Code)) {
				t.Fatalf("ActivePartnerIn(%q) = %+v", text, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestAnonymisePartner(t *testing.T) {
	f := newPartnerSale(t)
	update(t, f.db, func(tx *store.Tx) error {
		if err := tx.SetPartnerBank(f.sari.ID, "BCA", "1234567890", "Sari W"); err != nil {
			return err
		}
		ok, err := tx.AnonymisePartner(f.sari.CustomerID)
		if !ok {
			t.Error("partner not anonymised")
		}
		if err != nil {
			return err
		}
		ok, err = tx.AnonymisePartner(f.buyer)
		if ok {
			t.Error("a buyer anonymised as a partner")
		}
		return err
	})
	p := partnerOf(t, f.db, f.sari.ID)
	if p.Name != "" || p.Phone != "" || p.BankName != "" || p.AccountNumber != "" || p.AccountName != "" {
		t.Fatalf("after erasure = %+v", p)
	}
	if p.Code != "SARI25" {
		t.Fatalf("code = %q, want it kept", p.Code)
	}
	wantBalance(t, f.balance(t), "29980", "0") // the money stays
}

func TestSelfReferralByWhatsApp(t *testing.T) {
	db, _ := openDB(t)
	// Sari signed up on WhatsApp without giving a phone: her number is her id.
	var sariCust int64
	update(t, db, func(tx *store.Tx) error {
		w, err := tx.Resolve("whatsapp", "6285711112222@s.whatsapp.net", false, "6285711112222@s.whatsapp.net", "")
		sariCust = w.CustomerID
		return err
	})
	sari := store.Partner{CustomerID: sariCust, Kind: store.PartnerAffiliate, Code: "SARI25"}
	// Dewi gave her phone and uses Telegram.
	addPartner(t, db, "dewi", store.PartnerAffiliate, "DEWI10")
	update(t, db, func(tx *store.Tx) error { return tx.AddPartner(&sari, "test:owner") })
	tests := []struct {
		name          string
		code          string
		channel, chat string
		phone         string
		want          string
	}{
		{"sent to Sari's WhatsApp number", "SARI25", "telegram", "b1", "0857-1111-2222", "phone"},
		{"ordered from the WhatsApp number Dewi gave", "DEWI10", "whatsapp", "6281234567890@s.whatsapp.net", "0811000000", "chat"},
		{"a lid tells nothing", "DEWI10", "whatsapp", "6281234567890@lid", "0811000000", ""},
		{"a stranger on WhatsApp", "SARI25", "whatsapp", "6281399990000@s.whatsapp.net", "0811000000", ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			user := "buyer" + string(rune('a'+i))
			var buyer int64
			update(t, db, func(tx *store.Tx) error {
				w, err := tx.Resolve(tt.channel, tt.chat, false, tt.chat+user, "")
				if err != nil {
					return err
				}
				buyer = w.CustomerID
				_, _, err = tx.Attribute(buyer, tt.code, store.ArrivedWAText)
				return err
			})
			o := store.Order{CustomerID: buyer, Channel: tt.channel, ChatID: tt.chat, RecipientPhone: tt.phone,
				AddressLine: "Jl. Kenanga 3", Items: []store.OrderItem{item("KAOS", 1, "100000")}}
			var po store.PartnerOrder
			update(t, db, func(tx *store.Tx) error {
				if err := tx.CreateOrder(&o); err != nil {
					return err
				}
				var err error
				po, _, err = tx.AttributeOrder(o.ID, fixedQuote("10000"))
				return err
			})
			if po.SelfReferral != tt.want {
				t.Fatalf("self-referral = %q, want %q", po.SelfReferral, tt.want)
			}
		})
	}
}

// The window is measured when the order is placed, not when its cart was
// started: a code that arrives while the cart waits still counts.
func TestAttributionAtPlacement(t *testing.T) {
	db, clk := openDB(t)
	addPartner(t, db, "sari", store.PartnerAffiliate, "SARI25")
	buyer := newCustomer(t, db, "buyer")
	cart := store.Order{CustomerID: buyer, Channel: "telegram", ChatID: "buyer", Status: store.StatusCart,
		Items: []store.OrderItem{item("KAOS", 1, "100000")}}
	update(t, db, func(tx *store.Tx) error { return tx.CreateOrder(&cart) })
	clk.Add(2 * 24 * time.Hour)
	update(t, db, func(tx *store.Tx) error {
		_, _, err := tx.Attribute(buyer, "SARI25", store.ArrivedCode)
		return err
	})
	clk.Add(time.Hour)
	update(t, db, func(tx *store.Tx) error {
		if err := tx.SetOrderStatus(cart.ID, store.StatusCart, store.StatusAwaitPay, "test:buyer", "checkout"); err != nil {
			return err
		}
		po, ok, err := tx.AttributeOrder(cart.ID, fixedQuote("10000"))
		if !ok || po.Status != store.POPending || !po.CreatedAt.Equal(clk.Now()) {
			t.Errorf("placed order: ok %v %+v", ok, po)
		}
		// A second call (a retried checkout) changes nothing.
		again, ok2, err2 := tx.AttributeOrder(cart.ID, fixedQuote("99999"))
		if !ok2 || err2 != nil || !again.Commission.Equal(dec("10000")) {
			t.Errorf("second call: %+v %v %v", again, ok2, err2)
		}
		return err
	})
	var bal store.PartnerBalance
	view(t, db, func(tx *store.Tx) error {
		p, err := tx.PartnerByCode("SARI25")
		if err != nil {
			return err
		}
		bal, err = tx.PartnerBalanceOf(p.ID)
		return err
	})
	wantBalance(t, bal, "10000", "0") // one held line, not two
}

// A reseller who once came through an affiliate's link buys stock at the
// reseller price: that is no referred sale.
func TestResellerPriceOrdersAreNotAttributed(t *testing.T) {
	db, _ := openDB(t)
	addPartner(t, db, "sari", store.PartnerAffiliate, "SARI25")
	buyer := newCustomer(t, db, "rina")
	update(t, db, func(tx *store.Tx) error {
		_, _, err := tx.Attribute(buyer, "SARI25", store.ArrivedStart)
		return err
	})
	for _, tier := range []string{"reseller", "retail"} {
		o := store.Order{CustomerID: buyer, Channel: "telegram", ChatID: "rina", Tier: tier,
			Items: []store.OrderItem{item("TAS", 1, "100000")}}
		var ok bool
		update(t, db, func(tx *store.Tx) error {
			if err := tx.CreateOrder(&o); err != nil {
				return err
			}
			var err error
			_, ok, err = tx.AttributeOrder(o.ID, fixedQuote("10000"))
			return err
		})
		if ok != (tier == "retail") {
			t.Errorf("%s order attributed: %v", tier, ok)
		}
	}
}

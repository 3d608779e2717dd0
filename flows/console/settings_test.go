package console_test

import (
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/console"
	"github.com/dropbot/dropbot/flows/handoff"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/flows/qris"
	"github.com/dropbot/dropbot/flows/report"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// TestSettingsAreStored: each /atur command stores what the order flow
// reads, in its canonical form; a refused value changes nothing.
func TestSettingsAreStored(t *testing.T) {
	s := flowtest.NewOwnerShop(t)
	steps := []struct {
		cmd, key, want string
	}{
		{"/atur nama  Toko   Baru ", chat.SettingShopName, "Toko Baru"},
		{"/atur hp 0812-9999-8888", chat.SettingShopPhone, "6281299998888"},
		{"/atur hp 12345", chat.SettingShopPhone, "6281299998888"},
		{"/atur cod on", order.SettingCOD, "on"},
		{"/atur cod mungkin", order.SettingCOD, "on"},
		{"/atur cod off", order.SettingCOD, "off"},
		{"/atur cod biaya 2,5% min 4rb", order.SettingCODPercent, "2.5"},
		{"/atur cod biaya 150%", order.SettingCODPercent, "2.5"},
		{"/atur cod biaya 1,234%", order.SettingCODPercent, "2.5"},
		{"/atur cod minimal 6000", order.SettingCODMin, "6000"},
		{"/atur kode unik off", order.SettingKodeUnik, "off"},
		{"/atur kodeunik nyala", order.SettingKodeUnik, "on"},
		{"/atur ongkir flat 15.000", order.SettingShippingFlat, "15000"},
		{"/atur ongkir flat 15,000", order.SettingShippingFlat, "15000"}, // ambiguous: refused
		{"/atur ongkir flat off", order.SettingShippingFlat, ""},
		{"/atur pengingat 3", order.SettingReminderHours, "3"},
		{"/atur pengingat 30", order.SettingReminderHours, "3"}, // after the 24 h deadline
		{"/atur batas 2", order.SettingExpiryHours, "<unset>"},  // before the 3 h reminder
		{"/atur batas 48 jam", order.SettingExpiryHours, "48"},
		{"/atur pengingat 0", order.SettingReminderHours, "3"},
		{"/atur resi 24", console.SettingResiSLAHours, "24"},
		{"/atur resi 337", console.SettingResiSLAHours, "24"},
		{"/atur balasadmin 45 menit", handoff.Minutes.Key, "45"},
		{"/atur balasadmin 2", handoff.Minutes.Key, "45"},     // under 5 minutes: refused
		{"/atur balasadmin 99999", handoff.Minutes.Key, "45"}, // past a day: refused
		{"/atur balasadmin setengah jam", handoff.Minutes.Key, "45"},
		{"/atur bahasa English", chat.SettingOwnerLang, "en"},
		{"/atur bahasa klingon", chat.SettingOwnerLang, "en"},
		{"/atur bahasa id", chat.SettingOwnerLang, "id"},
		{"/atur siaran on", console.SettingBroadcast, "on"},
		{"/atur siaran off", console.SettingBroadcast, "off"},
		{"/atur qris " + flows.DemoQRIS, order.SettingQRIS, flows.DemoQRIS},
		{"/atur qris " + flows.DemoQRIS[:len(flows.DemoQRIS)-1] + "F", order.SettingQRIS, flows.DemoQRIS}, // bad CRC
		{"/atur qris off", order.SettingQRIS, ""},
	}
	for _, st := range steps {
		s.Say("o1", st.cmd)
		if got := s.Setting(st.key); got != st.want {
			t.Errorf("after %q: %s = %q, want %q", st.cmd, st.key, got, st.want)
		}
	}
}

func TestSettingsBankAndOngkir(t *testing.T) {
	s := flowtest.NewOwnerShop(t)
	s.Say("o1", "/atur bank tambah BCA 123 456 7890 Siti Rahma")
	s.Say("o1", "/atur bank tambah BRI 5555-6666 Budi")
	s.Say("o1", "/atur bank tambah BRI 5555 6666 Budi Lagi") // duplicate
	s.Say("o1", "/atur bank tambah BRI 12 Budi")             // too short
	s.Say("o1", "/atur bank hapus 5555-6666")
	s.Say("o1", "/atur ongkir tambah JNE reg jabar 12000 13rb")
	s.Say("o1", "/atur ongkir tambah \"J&T\" EZ 24000")
	s.Say("o1", "/atur ongkir tambah JNE REG Jawa Barat 11000") // replaces the first row's prices
	s.Say("o1", "/atur ongkir tambah JNE REG Narnia 11000")     // unknown province
	s.Update(func(tx *store.Tx) error {
		banks, err := tx.BankAccounts()
		if err != nil {
			return err
		}
		if len(banks) != 1 || banks[0] != (store.BankAccount{ID: banks[0].ID, Bank: "BCA", Number: "1234567890", Holder: "Siti Rahma", Active: true}) {
			t.Errorf("banks = %+v", banks)
		}
		rates, err := tx.ShippingRates()
		if err != nil {
			return err
		}
		// Sorted by courier, service, province.
		want := []store.ShippingRate{
			{Courier: "J&T", Service: "EZ", Province: "", FirstKg: decimal.NewFromInt(24000), NextKg: decimal.NewFromInt(24000), RoundFromG: 300},
			{Courier: "JNE", Service: "REG", Province: "Jawa Barat", FirstKg: decimal.NewFromInt(11000), NextKg: decimal.NewFromInt(11000), RoundFromG: 300},
		}
		if len(rates) != len(want) {
			t.Fatalf("rates = %+v", rates)
		}
		for i, w := range want {
			r := rates[i]
			if r.Courier != w.Courier || r.Service != w.Service || r.Province != w.Province || !r.FirstKg.Equal(w.FirstKg) ||
				!r.NextKg.Equal(w.NextKg) || r.RoundFromG != w.RoundFromG {
				t.Errorf("rate %d = %+v, want %+v", i, r, w)
			}
		}
		return nil
	})
	out := s.Reply("o1", "/atur ongkir hapus 1")
	if !strings.Contains(out, "J&T EZ") {
		t.Errorf("removal answered %q", out)
	}
	s.Update(func(tx *store.Tx) error {
		rates, err := tx.ShippingRates()
		if len(rates) != 1 || rates[0].Courier != "JNE" {
			t.Errorf("rates after removal = %+v", rates)
		}
		return err
	})
}

// TestSettingsOwnerOnly: an admin is refused and nothing changes; a
// customer gets the customer's unknown-command answer.
func TestSettingsOwnerOnly(t *testing.T) {
	s := flowtest.NewOwnerShop(t)
	s.Update(func(tx *store.Tx) error { return tx.SetStaff("telegram", "a1", store.StaffAdmin, "test") })
	for _, cmd := range []string{"/atur", "/atur nama Toko Admin", "/atur rekap off", "/laporan", "/ekspor", "/rekap", "/siaran halo"} {
		if got := s.Reply("a1", cmd); got != locales.Default().T(locales.ID, "access.owner_only") {
			t.Errorf("admin %q answered %q", cmd, got)
		}
		if got := s.Reply("c1", cmd); got != locales.Default().T(locales.ID, "customer.unknown_command") {
			t.Errorf("customer %q answered %q", cmd, got)
		}
	}
	if got := s.Setting(chat.SettingShopName); got != "<unset>" {
		t.Errorf("shop name = %q after refusals", got)
	}
	if got := s.Setting(console.SettingRecapHour); got != "<unset>" {
		t.Errorf("recap hour = %q after refusals", got)
	}
}

// TestRecapSchedule: the recap is scheduled once on first use, moves with
// the hour, stops when off, and each run schedules the next day.
func TestRecapSchedule(t *testing.T) {
	s := flowtest.NewOwnerShop(t)
	s.Update(func(tx *store.Tx) error { return tx.SetStaff("whatsapp", "6281111", store.StaffOwner, "test") })
	// 10:00 WIB: the first recap is today at 20:00 WIB.
	s.Update(console.EnsureRecapJob)
	s.Update(console.EnsureRecapJob) // idempotent
	jobs := s.RecapJobs()
	at20 := time.Date(2026, 11, 23, 20, 0, 0, 0, locales.WIB)
	if len(jobs) != 1 || jobs[0].Ref != "2026-11-23" || !jobs[0].RunAt.Equal(at20) {
		t.Fatalf("jobs = %+v, want one at %v", jobs, at20)
	}
	// Moved to 08:00: today's 08:00 has passed, so tomorrow's.
	s.Say("o1", "/atur rekap 08.00")
	jobs = s.RecapJobs()
	at8 := time.Date(2026, 11, 24, 8, 0, 0, 0, locales.WIB)
	if len(jobs) != 1 || jobs[0].Ref != "2026-11-24" || !jobs[0].RunAt.Equal(at8) {
		t.Fatalf("after /atur rekap 8: jobs = %+v, want one at %v", jobs, at8)
	}
	s.Say("o1", "/atur rekap off")
	if jobs = s.RecapJobs(); len(jobs) != 0 {
		t.Fatalf("after off: jobs = %+v", jobs)
	}
	s.Say("o1", "/laporan") // first use again: still off, nothing scheduled
	if jobs = s.RecapJobs(); len(jobs) != 0 {
		t.Fatalf("off but scheduled: %+v", jobs)
	}
	s.Say("o1", "/atur rekap 20")
	jobs = s.RecapJobs()
	if len(jobs) != 1 || !jobs[0].RunAt.Equal(at20) {
		t.Fatalf("after /atur rekap 20: %+v", jobs)
	}

	// The job runs at 20:00: text and chart to both owners, tomorrow scheduled.
	s.SetClock(at20)
	outs := s.RunJob(jobs[0])
	if len(outs) != 4 {
		t.Fatalf("recap sent %d messages, want 4: %+v", len(outs), outs)
	}
	got := map[string]int{}
	for _, o := range outs {
		got[o.To.Channel+":"+o.To.ChatID]++
		if o.MediaID == 0 && !strings.HasPrefix(o.Text, "🌙 Rekap 23 Nov 2026") {
			t.Errorf("recap text = %q", o.Text)
		}
	}
	if got["telegram:o1"] != 2 || got["whatsapp:6281111"] != 2 {
		t.Errorf("recipients = %v", got)
	}
	jobs = s.RecapJobs()
	if len(jobs) != 1 || jobs[0].Ref != "2026-11-24" || !jobs[0].RunAt.Equal(at20.AddDate(0, 0, 1)) {
		t.Fatalf("next = %+v", jobs)
	}

	// The bot was down: the 24 Nov recap runs at 03:00 on the 25th (7 h
	// late). Nothing is sent; the 25th's recap is scheduled.
	s.SetClock(time.Date(2026, 11, 25, 3, 0, 0, 0, locales.WIB))
	if outs := s.RunJob(jobs[0]); len(outs) != 0 {
		t.Errorf("stale recap sent %d messages", len(outs))
	}
	jobs = s.RecapJobs()
	if len(jobs) != 1 || jobs[0].Ref != "2026-11-25" {
		t.Fatalf("after a stale run: %+v", jobs)
	}
	// Turned off meanwhile (the job stays, as if cancelling had failed):
	// it sends nothing and schedules nothing.
	s.Update(func(tx *store.Tx) error { return tx.SetSetting(console.SettingRecapHour, "off") })
	s.SetClock(time.Date(2026, 11, 25, 20, 0, 0, 0, locales.WIB))
	if outs := s.RunJob(jobs[0]); len(outs) != 0 {
		t.Errorf("recap while off sent %d messages", len(outs))
	}
	if jobs = s.RecapJobs(); len(jobs) != 0 {
		t.Errorf("recap while off scheduled %+v", jobs)
	}
}

// TestBroadcast: off by default; a preview, then the draft goes to the
// opted-in customers once.
func TestBroadcast(t *testing.T) {
	s := flowtest.NewOwnerShop(t)
	var ids []int64
	for _, u := range []string{"c1", "c2", "c3"} {
		s.Say(u, "halo")
		s.Update(func(tx *store.Tx) error {
			id, _, err := tx.CustomerOf("telegram", u)
			ids = append(ids, id)
			return err
		})
	}
	s.Update(func(tx *store.Tx) error {
		if err := tx.SetCustomerOptIn(ids[0], true); err != nil {
			return err
		}
		return tx.SetCustomerOptIn(ids[2], true)
	})
	if got := s.Reply("o1", "/siaran Promo!"); !strings.Contains(got, "/atur siaran on") {
		t.Fatalf("broadcast while off: %q", got)
	}
	s.Say("o1", "/atur siaran on")
	preview := s.Reply("o1", "/siaran Promo akhir tahun!\nDiskon 10%")
	if !strings.Contains(preview, "2 pelanggan") || !strings.Contains(preview, "Promo akhir tahun!\nDiskon 10%") {
		t.Fatalf("preview = %q", preview)
	}
	outs := s.Say("o1", "/siaran ya")
	var to []string
	for _, o := range outs {
		if o.To.ChatID != "o1" {
			to = append(to, o.To.ChatID)
			if o.Text != "Promo akhir tahun!\nDiskon 10%" {
				t.Errorf("broadcast text = %q", o.Text)
			}
		}
	}
	if strings.Join(to, ",") != "c1,c3" || len(outs) != 3 {
		t.Fatalf("sent to %v (%d messages)", to, len(outs))
	}
	// Sent once: a second "ya" has no draft.
	if got := s.Reply("o1", "/siaran ya"); !strings.Contains(got, "Belum ada siaran") {
		t.Errorf("second ya: %q", got)
	}
	// A cancelled draft is not sent.
	s.Say("o1", "/siaran Yang ini batal")
	s.Say("o1", "/siaran batal")
	if got := s.Reply("o1", "/siaran ya"); !strings.Contains(got, "Belum ada siaran") {
		t.Errorf("ya after batal: %q", got)
	}
}

// TestSettingsDynamicKeys: keys built from codes exist in every language.
func TestSettingsDynamicKeys(t *testing.T) {
	b := locales.Default()
	var keys []string
	for _, c := range []string{qris.CodeEmpty, qris.CodeMalformed, qris.CodeNoCRC, qris.CodeBadCRC, qris.CodeNotQRIS,
		qris.CodeNotStatic, qris.CodeBadAmount} {
		keys = append(keys, "settings.qris_err."+c)
	}
	for _, l := range b.Langs() {
		keys = append(keys, "settings.lang."+string(l))
	}
	for _, c := range []string{report.CodeMalformed, report.CodeBadDate, report.CodeFuture, report.CodeEndBeforeStart, report.CodeTooLong} {
		keys = append(keys, "report.err."+c)
	}
	for _, ch := range []string{"telegram", "whatsapp", "play"} {
		keys = append(keys, "report.channel."+ch)
	}
	for _, lang := range b.Langs() {
		for _, k := range keys {
			if !b.Has(lang, k) {
				t.Errorf("%s: missing key %s", lang, k)
			}
		}
	}
}

// FuzzOwnerCommands: whatever follows /atur, /laporan, /ekspor or /siaran,
// the owner gets an answer (no error, no missing text) and the books stay
// readable.
func FuzzOwnerCommands(f *testing.F) {
	for _, seed := range []string{"", "nama Toko", "hp 0812 3456 7890", "bank tambah BCA 123 456 Siti", "bank hapus 123",
		"qris " + flows.DemoQRIS, "qris 000201", "cod biaya 2,5% min 4rb", "cod biaya %", "kode unik off",
		"ongkir tambah \"J&T\" EZ \"Jawa Timur\" 13rb 13rb", "ongkir tambah a b c d e f 1 2 3", "ongkir hapus 1",
		"ongkir flat 15.000", "pengingat 999999999999999999999", "batas -1", "rekap 23:00", "rekap 24", "bahasa en",
		"siaran on", "resi 0x10", "bank tambah 🏦 1 2 3 4 5 6 7 8 9 0 x"} {
		f.Add("atur", seed)
	}
	for _, seed := range []string{"", "bulan", "2026-11", "2026-11-01..2026-11-15", "9999-99-99", "minggu depan"} {
		f.Add("laporan", seed)
		f.Add("ekspor", seed)
	}
	f.Add("siaran", "Promo!")
	f.Add("siaran", "ya")
	s := flowtest.NewOwnerShop(f)
	f.Fuzz(func(t *testing.T, cmd, arg string) {
		switch cmd {
		case "atur", "laporan", "ekspor", "siaran", "rekap":
		default:
			return
		}
		s.SetT(t)
		outs := s.Say("o1", "/"+cmd+" "+arg)
		if len(outs) == 0 {
			t.Fatalf("/%s %q: no answer", cmd, arg)
		}
		for _, o := range outs {
			if strings.TrimSpace(o.Text) == "" && o.MediaID == 0 || strings.Contains(o.Text, "⟦") {
				t.Fatalf("/%s %q answered %q", cmd, arg, o.Text)
			}
		}
		s.Setting(chat.SettingShopName) // the books are still readable
	})
}

package console

import (
	"fmt"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// Personal data (UU PDP No. 27/2022): a customer can see what the shop
// keeps about them and have it erased; the owner sets a retention period
// after which finished orders lose their recipient details.

const (
	StepErase = "erase_confirm"

	// SettingRetentionDays: finished orders older than this lose names,
	// phones and addresses; 0 = keep.
	SettingRetentionDays = "privacy.retention_days"

	// JobRetention runs the retention once a day (ref: the WIB date of the
	// run, so each day's run is its own row).
	JobRetention = "privacy.retention"
)

// myData sends a customer what the books hold about them.
func (t *turn) myData() error {
	d, err := t.Tx.CustomerDataOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(t.P.T("privacy.data_head"))
	name := d.Name
	if name == "" {
		name = "-"
	}
	b.WriteString("\n" + t.P.T("privacy.data_name", "name", name))
	b.WriteString("\n" + t.P.T("privacy.data_accounts", "accounts", strings.Join(d.Identities, ", ")))
	for _, a := range d.Addresses {
		b.WriteString("\n" + t.P.T("privacy.data_address", "address", order.FormatAddress(a)))
	}
	var codes []string
	for _, o := range d.Orders {
		if o.Status != store.StatusCart {
			codes = append(codes, o.Code)
		}
	}
	if len(codes) > 0 {
		b.WriteString("\n" + t.P.T("privacy.data_orders", "count", len(codes), "codes", strings.Join(codes, ", ")))
	}
	b.WriteString("\n\n" + t.P.T("privacy.data_foot"))
	t.Reply(b.String(), t.MenuLabels()...)
	return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
}

// eraseRequest asks for confirmation before erasing.
func (t *turn) eraseRequest() error {
	open, err := t.Tx.OpenOrdersOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if len(open) > 0 {
		t.Reply(t.P.T("privacy.erase_open_orders", "codes", strings.Join(open, ", ")), t.MenuLabels()...)
		return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
	}
	t.Reply(t.P.T("privacy.erase_confirm"))
	return t.save(state{Flow: chat.FlowCustomer, Step: StepErase})
}

// onErase reads the confirmation: only the word HAPUS erases.
func (t *turn) onErase(text string) error {
	if chat.Normalize(text) != "hapus" && chat.Normalize(text) != "delete" {
		return t.Menu(t.P.T("privacy.erase_kept"))
	}
	open, err := t.Tx.OpenOrdersOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if len(open) > 0 {
		return t.Menu(t.P.T("privacy.erase_open_orders", "codes", strings.Join(open, ", ")))
	}
	if err := t.Tx.AnonymiseCustomer(t.Who.CustomerID, t.Env.MediaDir); err != nil {
		return err
	}
	if _, err := t.Tx.AnonymisePartner(t.Who.CustomerID); err != nil { // code and ledger stay: the books add up
		return err
	}
	// AnonymiseCustomer removed the saved state; say goodbye without menus.
	t.Reply(t.P.T("privacy.erased"))
	return nil
}

// cmdRetention sets the retention period in days (owner only):
// "/retensi 365", "/retensi 0" (keep), "/retensi" shows it.
func (t *turn) cmdRetention(args string) error {
	args = strings.TrimSpace(args)
	if args == "" {
		days, err := t.Int(RetentionDays)
		if err != nil {
			return err
		}
		t.Reply(t.P.T("privacy.retention_now", "days", days))
		return nil
	}
	var days int
	if _, err := fmt.Sscan(args, &days); err != nil || days < 0 || days > 3650 || fmt.Sprint(days) != args {
		t.Reply(t.P.T("privacy.retention_how"))
		return nil
	}
	if days > 0 && days < 30 {
		t.Reply(t.P.T("privacy.retention_too_short"))
		return nil
	}
	if err := t.Tx.SetSetting(SettingRetentionDays, fmt.Sprint(days)); err != nil {
		return err
	}
	if days > 0 {
		now := t.Tx.Now()
		if err := t.Tx.ScheduleJob(JobRetention, now.In(locales.WIB).Format("2006-01-02"), now); err != nil {
			return err
		}
	}
	t.Reply(t.P.T("privacy.retention_set", "days", days))
	return nil
}

// retention anonymises finished orders older than the retention period and
// schedules itself for the next day. It sends nothing.
func retention(s *chat.Env, tx *store.Tx) error {
	days, err := RetentionDays.Read(tx)
	if err != nil || days <= 0 {
		return err // switched off: the job ends here
	}
	n, err := tx.AnonymiseOrdersBefore(tx.Now().Add(-time.Duration(days) * 24 * time.Hour))
	if err != nil {
		return err
	}
	if n > 0 {
		s.Log.Info("retention anonymised orders", "count", n, "days", days)
	}
	next := tx.Now().Add(24 * time.Hour)
	return tx.ScheduleJob(JobRetention, next.In(locales.WIB).Format("2006-01-02"), next)
}

// subscribe turns the shop's broadcasts on or off for a customer:
// "/langganan" (on), "/langganan off" or "/berhenti" (off). Broadcasts go
// only to customers who asked for them.
func (t *turn) subscribe(on bool) error {
	if err := t.Tx.SetCustomerOptIn(t.Who.CustomerID, on); err != nil {
		return err
	}
	key := "privacy.subscribed"
	if !on {
		key = "privacy.unsubscribed"
	}
	t.Reply(t.P.T(key), t.MenuLabels()...)
	return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
}

package flows

import (
	"context"
	"fmt"

	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// Job runs a due timer. Each kind re-checks the order: a job whose order
// moved on (paid, cancelled) does nothing.
func (s *Shop) Job(ctx context.Context, tx *store.Tx, j store.Job) ([]Out, error) {
	switch j.Kind {
	case JobRetention:
		return nil, Retention(s.Env, tx)
	case JobCardRemind, JobResiRemind, JobAutoDone:
		return RelayJob(s.Env, ctx, tx, j)
	case JobRecap:
		return RecapJob(s.Env, ctx, tx, j)
	case JobTicketRemind, JobTicketEscalate:
		return TicketJob(s.Env, ctx, tx, j)
	case JobRemindPayment, JobExpireOrder:
	default:
		s.Log.Warn("unknown job kind finished without action", "kind", j.Kind)
		return nil, nil
	}
	o, err := tx.OrderByCode(j.Ref)
	if store.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if o.Status != store.StatusAwaitPay {
		return nil, nil
	}
	lang, err := tx.CustomerLang(o.CustomerID)
	if err != nil {
		return nil, err
	}
	l, _ := locales.ParseLang(lang)
	p := s.Loc.For(l)
	to := Address{o.Channel, o.ChatID}
	ref := Ref{Kind: "order", ID: o.Code}
	if j.Kind == JobRemindPayment {
		if !tx.Now().Before(o.ExpiresAt) {
			return nil, nil // the expiry says it all; no reminder after the deadline
		}
		return []Out{{To: to, Ref: ref, Text: p.T("jobs.remind", "code", o.Code, "total", locales.FormatRupiah(o.Total),
			"time", p.DateTime(o.ExpiresAt))}}, nil
	}
	if err := tx.SetOrderStatus(o.ID, o.Status, store.StatusExpired, "system", "not paid before the deadline"); err != nil {
		return nil, fmt.Errorf("expire %s: %w", o.Code, err)
	}
	for _, it := range o.Items {
		if it.VariantID != 0 {
			if err := tx.Release(it.VariantID, it.Qty); err != nil {
				return nil, err
			}
		}
	}
	return []Out{{To: to, Ref: ref, Text: p.T("jobs.expired", "code", o.Code)}}, nil
}

package aftersales

import (
	"context"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/store"
)

// After-sales timers: a ticket the supplier has not answered gets a
// reminder in the group (for "belum sampai": check the resi with the
// courier), then, after a further deadline, an alert to the owner.
const (
	JobTicketRemind   = "ticket.remind"   // ref: ticket code
	JobTicketEscalate = "ticket.escalate" // ref: ticket code
)

// Settings of the after-sales timers (hours).
const (
	SettingTicketRemindHours   = "aftersales.remind_hours"
	SettingTicketEscalateHours = "aftersales.escalate_hours"
)

// scheduleTicketRemind sets the supplier's reminder of a relayed ticket.
func (t *turn) scheduleTicketRemind(tk store.Ticket) error {
	hours, err := t.Int(TicketRemindHours)
	if err != nil {
		return err
	}
	return t.Tx.ScheduleJob(JobTicketRemind, tk.Code, t.Tx.Now().Add(time.Duration(hours)*time.Hour))
}

// ticketJob runs a due after-sales timer; a ticket that moved on (the
// supplier answered, it closed) needs nothing.
func ticketJob(s *chat.Env, ctx context.Context, tx *store.Tx, j store.Job) ([]chat.Out, error) {
	t := &turn{s.SystemTurn(ctx, tx)}
	tk, err := tx.TicketByCode(j.Ref)
	if store.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if tk.Status != store.TicketAwaitSupp {
		return nil, nil
	}
	code, err := tx.OrderCodeByID(tk.OrderID)
	if err != nil {
		return nil, err
	}
	o, err := tx.OrderByCode(code)
	if err != nil {
		return nil, err
	}
	switch j.Kind {
	case JobTicketRemind:
		key := "aftersales.remind_group"
		if tk.Reason == store.ReasonNotArrived {
			key = "aftersales.remind_group_track"
		}
		resi := ""
		ships, err := tx.ShipmentsOf(o.ID)
		if err != nil {
			return nil, err
		}
		for _, sh := range ships {
			if sh.Resi != "" {
				resi = sh.Courier + " " + sh.Resi
				break
			}
		}
		if err := t.toTicketGroups(o, tk, t.P.T(key, "ticket", tk.Code, "code", o.Code, "resi", resi)); err != nil {
			return nil, err
		}
		hours, err := t.Int(TicketEscalateHours)
		if err != nil {
			return nil, err
		}
		if err := tx.ScheduleJob(JobTicketEscalate, tk.Code, tx.Now().Add(time.Duration(hours)*time.Hour)); err != nil {
			return nil, err
		}
	case JobTicketEscalate:
		t.TellOwners(chat.Ref{Kind: "ticket", ID: tk.Code}, t.P.T("aftersales.escalate_owner", "ticket", tk.Code, "code", o.Code,
			"reason", t.P.T("ticket_reason."+tk.Reason)))
	}
	return t.Outs, nil
}

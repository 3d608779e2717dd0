package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Ticket statuses (issue 7): a complaint moves between customer, supplier
// and owner until it is closed (selesai or ditolak).
const (
	TicketOpen         = "dibuka"
	TicketAwaitProof   = "menunggu_bukti"
	TicketAwaitSupp    = "menunggu_supplier"
	TicketAwaitCust    = "menunggu_pelanggan"
	TicketProcessing   = "diproses"
	TicketDone         = "selesai"
	TicketRejected     = "ditolak"
	TicketCodePrefix   = "T"
	ticketCodeRandPart = CodeLength
)

// Ticket reasons, as stored.
const (
	ReasonDamaged    = "rusak"
	ReasonWrongItem  = "salah_kirim"
	ReasonMissing    = "kurang"
	ReasonNotAsDesc  = "tidak_sesuai"
	ReasonNotArrived = "belum_sampai"
	ReasonOther      = "lainnya"
)

// TicketReasons lists the reasons in the order the customer picks them.
func TicketReasons() []string {
	return []string{ReasonDamaged, ReasonWrongItem, ReasonMissing, ReasonNotAsDesc, ReasonNotArrived, ReasonOther}
}

// ReasonNeedsEvidence reports whether a reason is only believed with photos
// or an unboxing video.
func ReasonNeedsEvidence(reason string) bool {
	switch reason {
	case ReasonDamaged, ReasonWrongItem, ReasonMissing, ReasonNotAsDesc:
		return true
	}
	return false
}

// Ticket resolutions.
const (
	ResolveRefund = "refund"
	ResolveSwap   = "tukar"
	ResolveResend = "kirim_ulang"
	ResolveReject = "tolak"
)

// ticketMoves is the ticket lifecycle: from → allowed next statuses.
var ticketMoves = map[string][]string{
	TicketOpen:       {TicketAwaitProof, TicketAwaitSupp, TicketAwaitCust, TicketProcessing, TicketDone, TicketRejected},
	TicketAwaitProof: {TicketOpen, TicketAwaitSupp, TicketAwaitCust, TicketProcessing, TicketDone, TicketRejected},
	TicketAwaitSupp:  {TicketOpen, TicketAwaitProof, TicketAwaitCust, TicketProcessing, TicketDone, TicketRejected},
	TicketAwaitCust:  {TicketOpen, TicketAwaitSupp, TicketAwaitProof, TicketProcessing, TicketDone, TicketRejected},
	TicketProcessing: {TicketAwaitCust, TicketDone, TicketRejected},
}

// CanMoveTicket reports whether a ticket may go from one status to another.
func CanMoveTicket(from, to string) bool {
	for _, s := range ticketMoves[from] {
		if s == to {
			return true
		}
	}
	return false
}

// TicketClosed reports whether a status ends a ticket.
func TicketClosed(status string) bool { return status == TicketDone || status == TicketRejected }

// Ticket is one complaint about one order.
type Ticket struct {
	ID          int64
	Code        string
	OrderID     int64
	CustomerID  int64
	Reason      string
	Note        string
	Status      string
	OrderStatus string // the order's status before the complaint
	Resolution  string // proposed or agreed: refund, tukar, kirim_ulang, tolak
	Amount      decimal.Decimal
	ProposedBy  string // "supplier" or "owner"
	// OfferSupplier is the supplier whose offer it is (0: the owner's).
	OfferSupplier int64
	Decision      string // why (a rejection's reason)
	ReturnResi    string // an exchange: the item going back
	ReturnedAt    time.Time
	NewResi       string // the replacement or the resend
	CreatedAt     time.Time
	UpdatedAt     time.Time
	ClosedAt      time.Time
}

// TicketMedia is one piece of evidence.
type TicketMedia struct {
	MediaID int64
	Kind    string
}

// CreateTicket opens a ticket for an order with a fresh code ("T" + five
// code letters). A second open ticket for the same order is an EConflict.
func (tx *Tx) CreateTicket(tk *Ticket, actor string) error {
	switch {
	case tk.OrderID == 0 || tk.CustomerID == 0:
		return Errorf(EInvalid, "a ticket needs an order and a customer")
	case !validReason(tk.Reason):
		return Errorf(EInvalid, "unknown ticket reason %q", tk.Reason)
	case actor == "":
		return Errorf(EInvalid, "a ticket needs an actor")
	}
	if tk.Status == "" {
		tk.Status = TicketOpen
	}
	if open, err := tx.OpenTicketOfOrder(tk.OrderID); err == nil {
		return Errorf(EConflict, "order %d already has open ticket %s", tk.OrderID, open.Code)
	} else if !IsNotFound(err) {
		return err
	}
	tk.CreatedAt, tk.UpdatedAt = tx.now, tx.now
	for attempt := 0; ; attempt++ {
		rnd, err := NewOrderCode(tx.rand)
		if err != nil {
			return err
		}
		code := TicketCodePrefix + rnd
		res, err := tx.exec(`INSERT INTO tickets (code, order_id, customer_id, reason, note, status, order_status,
			amount, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			code, tk.OrderID, tk.CustomerID, tk.Reason, tk.Note, tk.Status, tk.OrderStatus, tk.Amount.String(),
			ms(tx.now), ms(tx.now))
		if isUnique(err) && attempt < 10 {
			var clash int
			if e := tx.row(`SELECT count(*) FROM tickets WHERE code = ?`, code).Scan(&clash); e == nil && clash > 0 {
				continue
			}
			return Errorf(EConflict, "order %d already has an open ticket", tk.OrderID)
		}
		if err != nil {
			return fmt.Errorf("create ticket: %w", err)
		}
		tk.Code = code
		if tk.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		break
	}
	return tx.logStatus("ticket", tk.ID, "", tk.Status, actor, tk.Reason)
}

func validReason(r string) bool {
	for _, x := range TicketReasons() {
		if x == r {
			return true
		}
	}
	return false
}

const ticketCols = `id, code, order_id, customer_id, reason, note, status, order_status, resolution, amount,
	proposed_by, decision, return_resi, returned_at, new_resi, created_at, updated_at, closed_at, offer_supplier`

func scanTicket(r scanner) (Ticket, error) {
	var tk Ticket
	var amount string
	var created, updated int64
	var closed, returned sql.NullInt64
	err := r.Scan(&tk.ID, &tk.Code, &tk.OrderID, &tk.CustomerID, &tk.Reason, &tk.Note, &tk.Status, &tk.OrderStatus,
		&tk.Resolution, &amount, &tk.ProposedBy, &tk.Decision, &tk.ReturnResi, &returned, &tk.NewResi,
		&created, &updated, &closed, &tk.OfferSupplier)
	if err != nil {
		return tk, err
	}
	if tk.Amount, err = decimal.NewFromString(amount); err != nil {
		return tk, fmt.Errorf("ticket %d amount: %w", tk.ID, err)
	}
	tk.CreatedAt, tk.UpdatedAt, tk.ClosedAt = fromMS(created), fromMS(updated), nullMS(closed)
	tk.ReturnedAt = nullMS(returned)
	return tk, nil
}

func (tx *Tx) ticket(q string, args ...any) (Ticket, error) {
	tk, err := scanTicket(tx.row(`SELECT `+ticketCols+` FROM tickets `+q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return tk, Errorf(ENotFound, "ticket")
	}
	if err != nil {
		return tk, fmt.Errorf("ticket: %w", err)
	}
	return tk, nil
}

// TicketByCode returns a ticket by its code.
func (tx *Tx) TicketByCode(code string) (Ticket, error) {
	return tx.ticket(`WHERE code = ?`, code)
}

// OpenTicketOfOrder returns the order's open ticket (ENotFound when none).
func (tx *Tx) OpenTicketOfOrder(orderID int64) (Ticket, error) {
	return tx.ticket(`WHERE order_id = ? AND status NOT IN ('selesai', 'ditolak') ORDER BY id DESC LIMIT 1`, orderID)
}

// LatestTicketOfOrder returns the order's newest ticket, open or closed.
func (tx *Tx) LatestTicketOfOrder(orderID int64) (Ticket, error) {
	return tx.ticket(`WHERE order_id = ? ORDER BY id DESC LIMIT 1`, orderID)
}

// LatestTicketOfCustomer returns the customer's newest ticket.
func (tx *Tx) LatestTicketOfCustomer(customerID int64) (Ticket, error) {
	return tx.ticket(`WHERE customer_id = ? ORDER BY id DESC LIMIT 1`, customerID)
}

// OpenTickets lists tickets that are not closed, oldest first.
func (tx *Tx) OpenTickets(limit int) ([]Ticket, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := tx.query(`SELECT `+ticketCols+` FROM tickets WHERE status NOT IN ('selesai', 'ditolak')
		ORDER BY id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("open tickets: %w", err)
	}
	return scanAll(rows, scanTicket)
}

// SetTicketStatus moves a ticket from one status to another (nobody moved
// it first) and logs who did it under entity "ticket".
func (tx *Tx) SetTicketStatus(id int64, from, to, actor, reason string) error {
	if !CanMoveTicket(from, to) {
		return Errorf(EConflict, "ticket cannot go from %s to %s", from, to)
	}
	if actor == "" {
		return Errorf(EInvalid, "a status change needs an actor")
	}
	var closed any
	if TicketClosed(to) {
		closed = ms(tx.now)
	}
	res, err := tx.exec(`UPDATE tickets SET status = ?, updated_at = ?, closed_at = ? WHERE id = ? AND status = ?`,
		to, ms(tx.now), closed, id, from)
	if err != nil {
		return fmt.Errorf("set ticket status: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Errorf(EConflict, "ticket %d is no longer %s", id, from)
	}
	return tx.logStatus("ticket", id, from, to, actor, reason)
}

// ProposeTicket records a resolution (proposed or agreed) on a ticket. A
// refund amount must be positive; other resolutions carry zero. The offer
// is nobody's supplier's (see ProposeSupplierTicket).
func (tx *Tx) ProposeTicket(id int64, resolution string, amount decimal.Decimal, by, decision string) error {
	return tx.ProposeSupplierTicket(id, resolution, amount, by, 0, decision)
}

// ProposeSupplierTicket is ProposeTicket for an offer a supplier made: the
// ticket remembers that supplier, whose goods the offer covers.
func (tx *Tx) ProposeSupplierTicket(id int64, resolution string, amount decimal.Decimal, by string, supplierID int64,
	decision string) error {
	switch resolution {
	case ResolveRefund:
		if !amount.IsPositive() {
			return Errorf(EInvalid, "a refund must be positive")
		}
	case ResolveSwap, ResolveResend, ResolveReject:
		amount = decimal.Zero
	default:
		return Errorf(EInvalid, "unknown resolution %q", resolution)
	}
	_, err := tx.exec(`UPDATE tickets SET resolution = ?, amount = ?, proposed_by = ?, decision = ?, updated_at = ?,
		offer_supplier = ? WHERE id = ?`, resolution, amount.String(), by, decision, ms(tx.now), supplierID, id)
	if err != nil {
		return fmt.Errorf("propose ticket: %w", err)
	}
	return nil
}

// AddTicketMedia attaches a stored photo or video to a ticket.
func (tx *Tx) AddTicketMedia(ticketID, mediaID int64, kind string) error {
	if mediaID == 0 {
		return Errorf(EInvalid, "evidence needs a stored media")
	}
	_, err := tx.exec(`INSERT INTO ticket_media (ticket_id, media_id, kind, created_at) VALUES (?, ?, ?, ?)`,
		ticketID, mediaID, kind, ms(tx.now))
	if err != nil {
		return fmt.Errorf("add ticket media: %w", err)
	}
	return nil
}

// TicketEvidence lists a ticket's evidence, oldest first.
func (tx *Tx) TicketEvidence(ticketID int64) ([]TicketMedia, error) {
	rows, err := tx.query(`SELECT media_id, kind FROM ticket_media WHERE ticket_id = ? ORDER BY id`, ticketID)
	if err != nil {
		return nil, fmt.Errorf("ticket evidence: %w", err)
	}
	return scanAll(rows, func(r scanner) (TicketMedia, error) {
		var m TicketMedia
		err := r.Scan(&m.MediaID, &m.Kind)
		return m, err
	})
}

// RefundedOut adds up an order's outgoing payments that are not rejected
// (refunds already promised or made).
func (tx *Tx) RefundedOut(orderID int64) (decimal.Decimal, error) {
	ps, err := tx.PaymentsOf(orderID)
	if err != nil {
		return decimal.Zero, err
	}
	sum := decimal.Zero
	for _, p := range ps {
		if p.Direction == "out" && p.Status != "rejected" {
			sum = sum.Add(p.Amount)
		}
	}
	return sum, nil
}

// StatusSince returns when an entity last entered a status (zero when never).
func (tx *Tx) StatusSince(entity string, id int64, status string) (time.Time, error) {
	var at sql.NullInt64
	err := tx.row(`SELECT max(at) FROM status_log WHERE entity = ? AND entity_id = ? AND to_status = ?`,
		entity, id, status).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("status since: %w", err)
	}
	return nullMS(at), nil
}

// SetTicketReturnResi records the resi of the item the customer sends back.
func (tx *Tx) SetTicketReturnResi(id int64, resi string) error {
	return tx.ticketUpdate(`UPDATE tickets SET return_resi = ?, updated_at = ? WHERE id = ?`, resi, ms(tx.now), id)
}

// MarkTicketReturned records that the supplier got the returned item.
func (tx *Tx) MarkTicketReturned(id int64) error {
	return tx.ticketUpdate(`UPDATE tickets SET returned_at = ?, updated_at = ? WHERE id = ?`, ms(tx.now), ms(tx.now), id)
}

// SetTicketNewResi records the resi of the replacement or the resend.
// SetTicketNote replaces what the customer wrote about the ticket.
func (tx *Tx) SetTicketNote(id int64, note string) error {
	return tx.ticketUpdate(`UPDATE tickets SET note = ?, updated_at = ? WHERE id = ?`, note, ms(tx.now), id)
}

func (tx *Tx) SetTicketNewResi(id int64, resi string) error {
	return tx.ticketUpdate(`UPDATE tickets SET new_resi = ?, updated_at = ? WHERE id = ?`, resi, ms(tx.now), id)
}

func (tx *Tx) ticketUpdate(q string, args ...any) error {
	res, err := tx.exec(q, args...)
	if err != nil {
		return fmt.Errorf("update ticket: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Errorf(ENotFound, "ticket")
	}
	return nil
}

// AddRTS counts one COD parcel returned to sender against a customer and
// returns the new count.
func (tx *Tx) AddRTS(customerID int64) (int, error) {
	if _, err := tx.exec(`UPDATE customers SET rts_count = rts_count + 1 WHERE id = ?`, customerID); err != nil {
		return 0, fmt.Errorf("add rts: %w", err)
	}
	return tx.RTSCount(customerID)
}

// RTSCount is how many COD parcels a customer let go back to the sender.
func (tx *Tx) RTSCount(customerID int64) (int, error) {
	var n int
	err := tx.row(`SELECT rts_count FROM customers WHERE id = ?`, customerID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, Errorf(ENotFound, "customer")
	}
	if err != nil {
		return 0, fmt.Errorf("rts count: %w", err)
	}
	return n, nil
}

package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Final order statuses: nothing more will be shipped, so a recipient's
// details are no longer needed to deliver.
var finalStatuses = []any{StatusDone, StatusCancelled, StatusExpired, StatusRefund}

// CustomerData is everything the books hold about one customer, for the
// customer's own request (UU PDP: the right to access).
type CustomerData struct {
	Name       string
	Tier       string
	Lang       string
	Identities []string // "channel:user"
	Addresses  []Address
	Orders     []Order // without items
}

// CustomerDataOf collects a customer's data.
func (tx *Tx) CustomerDataOf(customerID int64) (CustomerData, error) {
	var d CustomerData
	if err := tx.row(`SELECT name, tier, lang FROM customers WHERE id = ?`, customerID).Scan(&d.Name, &d.Tier, &d.Lang); err != nil {
		return d, fmt.Errorf("customer: %w", err)
	}
	rows, err := tx.query(`SELECT channel, user_id FROM identities WHERE customer_id = ? ORDER BY channel, user_id`, customerID)
	if err != nil {
		return d, fmt.Errorf("identities: %w", err)
	}
	for rows.Next() {
		var ch, id string
		if err := rows.Scan(&ch, &id); err != nil {
			rows.Close()
			return d, err
		}
		d.Identities = append(d.Identities, ch+":"+id)
	}
	rows.Close()
	rows, err = tx.query(`SELECT id, customer_id, recipient, phone, line, kelurahan, kecamatan, city, province, postal_code
		FROM addresses WHERE customer_id = ? ORDER BY last_used_at DESC`, customerID)
	if err != nil {
		return d, fmt.Errorf("addresses: %w", err)
	}
	for rows.Next() {
		var a Address
		if err := rows.Scan(&a.ID, &a.CustomerID, &a.Recipient, &a.Phone, &a.Line, &a.Kelurahan, &a.Kecamatan, &a.City, &a.Province, &a.Zip); err != nil {
			rows.Close()
			return d, err
		}
		d.Addresses = append(d.Addresses, a)
	}
	rows.Close()
	d.Orders, err = tx.OrdersOfCustomer(customerID, 1000)
	return d, err
}

// OpenOrdersOf counts a customer's orders still on their way (not in a
// final status and not a cart): their address is still needed.
func (tx *Tx) OpenOrdersOf(customerID int64) ([]string, error) {
	rows, err := tx.query(`SELECT code FROM orders WHERE customer_id = ? AND status NOT IN (?, ?, ?, ?, ?) ORDER BY id`,
		append([]any{customerID, StatusCart}, finalStatuses...)...)
	if err != nil {
		return nil, fmt.Errorf("open orders: %w", err)
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		codes = append(codes, c)
	}
	return codes, rows.Err()
}

// AnonymiseCustomer erases a customer's personal data (UU PDP: the right to
// erasure) while keeping the money records: names, phones and addresses on
// the customer, the identities' display names, saved addresses, the
// conversation states, the recipient details of finished orders, the
// notes of their complaints, where their refunds went, and every text the
// bot sent that is about them or shows their name, phone or address. Their
// chat ids (a phone number on WhatsApp) leave the orders and the message
// log, and their identities are unlinked from the customer (unlinkChats);
// the orders and payments stay with the nameless customer so the books
// still add up. The photos they sent (payment proofs, complaint
// evidence) are unlinked and their files removed from mediaDir ("" keeps
// the files). The DSN turns on secure_delete, so the freed space in the
// database file is overwritten rather than left readable.
func (tx *Tx) AnonymiseCustomer(customerID int64, mediaDir string) error {
	pii, err := tx.customerPII(customerID)
	if err != nil {
		return err
	}
	media, err := tx.customerMedia(customerID)
	if err != nil {
		return err
	}
	now := ms(tx.now)
	type stmt struct {
		q    string
		args []any
	}
	// Texts first, while the links to the customer's orders and chats are
	// still there to find them by.
	stmts := []stmt{
		{`UPDATE outbox SET text = '', options = '[]' WHERE status <> 'pending' AND (
			(channel, chat_id) IN (SELECT channel, user_id FROM identities WHERE customer_id = ?)
			OR (ref_kind = 'order' AND ref_id IN (SELECT code FROM orders WHERE customer_id = ?))
			OR (ref_kind = 'ticket' AND ref_id IN (SELECT code FROM tickets WHERE customer_id = ?)))`,
			[]any{customerID, customerID, customerID}},
	}
	for _, v := range pii {
		stmts = append(stmts, stmt{`UPDATE outbox SET text = '', options = '[]' WHERE status <> 'pending' AND instr(text, ?) > 0`, []any{v}})
	}
	stmts = append(stmts,
		stmt{`UPDATE customers SET name = '', anonymised_at = ? WHERE id = ?`, []any{now, customerID}},
		stmt{`UPDATE identities SET display_name = '' WHERE customer_id = ?`, []any{customerID}},
		stmt{`DELETE FROM addresses WHERE customer_id = ?`, []any{customerID}},
		stmt{`DELETE FROM conversations WHERE (channel, user_id) IN (SELECT channel, user_id FROM identities WHERE customer_id = ?)`, []any{customerID}},
		stmt{`UPDATE orders SET recipient_name = '', recipient_phone = '', address_line = '', kelurahan = '', kecamatan = '',
			city = '', province = '', postal_code = '', notes = '', sender_name = '', sender_phone = '', updated_at = ?
			WHERE customer_id = ? AND status IN (?, ?, ?, ?)`, append([]any{now, customerID}, finalStatuses...)},
		stmt{`DELETE FROM orders WHERE customer_id = ? AND status = ?`, []any{customerID, StatusCart}},
		stmt{`UPDATE tickets SET note = '' WHERE customer_id = ?`, []any{customerID}},
		stmt{`UPDATE payments SET dest_bank = '', dest_number = '', dest_holder = ''
			WHERE order_id IN (SELECT id FROM orders WHERE customer_id = ?)`, []any{customerID}},
		stmt{`UPDATE payments SET proof_media_id = NULL
			WHERE direction = 'in' AND order_id IN (SELECT id FROM orders WHERE customer_id = ?)`, []any{customerID}},
		stmt{`DELETE FROM ticket_media WHERE ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?)`, []any{customerID}},
	)
	for _, m := range media {
		stmts = append(stmts, stmt{`UPDATE outbox SET media_id = NULL WHERE media_id = ? AND status <> 'pending'`, []any{m.ID}})
	}
	for _, s := range stmts {
		if _, err := tx.exec(s.q, s.args...); err != nil {
			return fmt.Errorf("anonymise customer: %w", err)
		}
	}
	for _, m := range media {
		if err := tx.dropMediaIfUnused(mediaDir, m); err != nil {
			return err
		}
	}
	return tx.unlinkChats(customerID)
}

// erasedChat stands for the chat id of an erased customer in the books
// (finished orders, past messages): not empty, so a late notice about an
// old order is queued and then fails to deliver instead of failing the
// owner's command.
const erasedChat = "erased"

// IsErasedChat reports whether a chat id is the stand-in of an erased
// customer's chat: there is nobody to send to.
func IsErasedChat(chatID string) bool { return chatID == erasedChat }

// unlinkChats cuts the tie between a customer's chats and their books. On
// WhatsApp a chat id is the phone number, so it must not stay on the
// orders, the message log or the counters. The identity rows lose their
// customer and are left as a bare contact, like anyone who wrote once:
// WhatsApp lets the bot answer only people who wrote, and the goodbye that
// confirms the erasure is still to be delivered (pending messages keep
// their address). If that number writes again, it is a new customer.
func (tx *Tx) unlinkChats(customerID int64) error {
	type chat struct{ channel, id string }
	rows, err := tx.query(`SELECT channel, user_id FROM identities WHERE customer_id = ?`, customerID)
	if err != nil {
		return fmt.Errorf("anonymise customer: chats: %w", err)
	}
	chats, err := scanAll(rows, func(r scanner) (chat, error) {
		var c chat
		return c, r.Scan(&c.channel, &c.id)
	})
	if err != nil {
		return fmt.Errorf("anonymise customer: chats: %w", err)
	}
	for _, c := range chats {
		for _, s := range []struct {
			q    string
			args []any
		}{
			{`UPDATE orders SET chat_id = ? WHERE customer_id = ? AND channel = ? AND chat_id = ?`, []any{erasedChat, customerID, c.channel, c.id}},
			{`UPDATE inbound SET chat_id = ? WHERE channel = ? AND chat_id = ?`, []any{erasedChat, c.channel, c.id}},
			{`UPDATE outbox SET chat_id = ? WHERE channel = ? AND chat_id = ? AND status <> 'pending'`, []any{erasedChat, c.channel, c.id}},
			{`DELETE FROM media_intake WHERE channel = ? AND chat_id = ?`, []any{c.channel, c.id}},
			{`DELETE FROM claim_attempts WHERE channel = ? AND user_id = ?`, []any{c.channel, c.id}},
			{`DELETE FROM notice_throttle WHERE instr(key, ?) > 0`, []any{":" + c.channel + ":" + c.id}},
		} {
			if _, err := tx.exec(s.q, s.args...); err != nil {
				return fmt.Errorf("anonymise customer: unlink chat: %w", err)
			}
		}
	}
	now := ms(tx.now)
	if _, err := tx.exec(`UPDATE identities SET customer_id = NULL, display_name = '', first_seen = ?, last_seen = ?
		WHERE customer_id = ?`, now, now, customerID); err != nil {
		return fmt.Errorf("anonymise customer: unlink identities: %w", err)
	}
	return nil
}

// customerPII lists the names, phones (as stored and as written locally)
// and address lines the books hold for a customer, to find them in texts.
// Values shorter than 4 characters are left out: they would match
// anything.
func (tx *Tx) customerPII(customerID int64) ([]string, error) {
	rows, err := tx.query(`SELECT name FROM customers WHERE id = ?
		UNION SELECT display_name FROM identities WHERE customer_id = ?
		UNION SELECT recipient FROM addresses WHERE customer_id = ?
		UNION SELECT phone FROM addresses WHERE customer_id = ?
		UNION SELECT line FROM addresses WHERE customer_id = ?
		UNION SELECT recipient_name FROM orders WHERE customer_id = ?
		UNION SELECT recipient_phone FROM orders WHERE customer_id = ?
		UNION SELECT address_line FROM orders WHERE customer_id = ?
		UNION SELECT dest_number FROM payments WHERE order_id IN (SELECT id FROM orders WHERE customer_id = ?)
		UNION SELECT dest_holder FROM payments WHERE order_id IN (SELECT id FROM orders WHERE customer_id = ?)`,
		customerID, customerID, customerID, customerID, customerID, customerID, customerID, customerID, customerID, customerID)
	if err != nil {
		return nil, fmt.Errorf("customer personal data: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	var out []string
	add := func(v string) {
		v = strings.TrimSpace(v)
		if len([]rune(v)) >= 4 && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		add(v)
		if strings.HasPrefix(v, "62") && strings.Trim(v, "0123456789") == "" {
			add("0" + v[2:]) // the way texts show a phone
		}
	}
	return out, rows.Err()
}

// customerMedia lists the photos a customer sent: payment proofs of their
// orders (a further proof is only noted on the payment, but it reached the
// staff in a message about the order), and evidence of their complaints.
// Product photos shown in those messages are not theirs.
func (tx *Tx) customerMedia(customerID int64) ([]Media, error) {
	rows, err := tx.query(`SELECT id, sha256, mime, ext, size FROM media WHERE id IN (
		SELECT proof_media_id FROM payments WHERE direction = 'in' AND order_id IN (SELECT id FROM orders WHERE customer_id = ?)
		UNION SELECT media_id FROM ticket_media WHERE ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?)
		UNION SELECT media_id FROM outbox WHERE media_id IS NOT NULL AND ref_kind = 'order'
			AND ref_id IN (SELECT code FROM orders WHERE customer_id = ?)
			AND media_id NOT IN (SELECT media_id FROM product_photos))`,
		customerID, customerID, customerID)
	if err != nil {
		return nil, fmt.Errorf("customer media: %w", err)
	}
	defer rows.Close()
	var out []Media
	for rows.Next() {
		var m Media
		if err := rows.Scan(&m.ID, &m.SHA256, &m.MIME, &m.Ext, &m.Size); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// dropMediaIfUnused deletes a media row and its file when nothing links to
// it any more (the same bytes may be a product photo or another person's
// proof: then it stays).
func (tx *Tx) dropMediaIfUnused(dir string, m Media) error {
	var n int
	err := tx.row(`SELECT (SELECT count(*) FROM payments WHERE proof_media_id = ?)
		+ (SELECT count(*) FROM ticket_media WHERE media_id = ?)
		+ (SELECT count(*) FROM outbox WHERE media_id = ?)
		+ (SELECT count(*) FROM product_photos WHERE media_id = ?)
		+ (SELECT count(*) FROM supplier_ledger WHERE media_id = ?)
		+ (SELECT count(*) FROM partner_ledger WHERE media_id = ?)`, m.ID, m.ID, m.ID, m.ID, m.ID, m.ID).Scan(&n)
	if err != nil {
		return fmt.Errorf("media links: %w", err)
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.exec(`DELETE FROM media WHERE id = ?`, m.ID); err != nil {
		return fmt.Errorf("drop media: %w", err)
	}
	if dir == "" {
		return nil
	}
	if err := os.Remove(filepath.Join(dir, m.RelPath())); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove media file: %w", err)
	}
	return nil
}

// AnonymiseOrdersBefore erases recipient details of finished orders
// created before cutoff (the owner's retention period) — on the order, in
// the texts the bot sent about it or showing the recipient, the refund
// account and the complaint notes — and returns how many orders it
// touched. Money and items stay.
func (tx *Tx) AnonymiseOrdersBefore(cutoff time.Time) (int, error) {
	// The texts the bot sent about those orders, or showing their
	// recipient, go first, while the orders still say who that was.
	where := `created_at < ? AND status IN (?, ?, ?, ?) AND (recipient_name <> '' OR recipient_phone <> '' OR address_line <> '')`
	args := append([]any{ms(cutoff)}, finalStatuses...)
	rows, err := tx.query(`SELECT recipient_name, recipient_phone, address_line FROM orders WHERE `+where, args...)
	if err != nil {
		return 0, fmt.Errorf("orders past retention: %w", err)
	}
	var pii []string
	for rows.Next() {
		var n, ph, l string
		if err := rows.Scan(&n, &ph, &l); err != nil {
			rows.Close()
			return 0, err
		}
		pii = append(pii, n, ph, l)
		if strings.HasPrefix(ph, "62") {
			pii = append(pii, "0"+ph[2:])
		}
	}
	rows.Close()
	if _, err := tx.exec(`UPDATE outbox SET text = '', options = '[]' WHERE status <> 'pending' AND ref_kind = 'order'
		AND ref_id IN (SELECT code FROM orders WHERE `+where+`)`, args...); err != nil {
		return 0, fmt.Errorf("anonymise texts: %w", err)
	}
	for _, v := range pii {
		if len([]rune(strings.TrimSpace(v))) < 4 {
			continue
		}
		if _, err := tx.exec(`UPDATE outbox SET text = '', options = '[]' WHERE status <> 'pending' AND instr(text, ?) > 0`,
			strings.TrimSpace(v)); err != nil {
			return 0, fmt.Errorf("anonymise texts: %w", err)
		}
	}
	if _, err := tx.exec(`UPDATE payments SET dest_bank = '', dest_number = '', dest_holder = ''
		WHERE order_id IN (SELECT id FROM orders WHERE `+where+`)`, args...); err != nil {
		return 0, fmt.Errorf("anonymise refund accounts: %w", err)
	}
	if _, err := tx.exec(`UPDATE tickets SET note = '' WHERE order_id IN (SELECT id FROM orders WHERE `+where+`)`, args...); err != nil {
		return 0, fmt.Errorf("anonymise complaint notes: %w", err)
	}
	res, err := tx.exec(`UPDATE orders SET recipient_name = '', recipient_phone = '', address_line = '', kelurahan = '',
		kecamatan = '', city = '', province = '', postal_code = '', notes = '', sender_name = '', sender_phone = '', updated_at = ?
		WHERE created_at < ? AND status IN (?, ?, ?, ?) AND (recipient_name <> '' OR recipient_phone <> '' OR address_line <> '')`,
		append([]any{ms(tx.now), ms(cutoff)}, finalStatuses...)...)
	if err != nil {
		return 0, fmt.Errorf("anonymise orders: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

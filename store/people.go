package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Staff roles.
const (
	StaffOwner = "owner" // everything
	StaffAdmin = "admin" // payments and orders, not settings or reports
)

// Who is the store's answer to "who is speaking here". The store decides
// roles; flows only read them.
type Who struct {
	Channel    string
	ChatID     string
	UserID     string
	Group      bool   // the message came from a group chat
	Staff      string // StaffOwner, StaffAdmin or "" (by the person, any chat)
	SupplierID int64  // the supplier the group is linked to; 0 when none or private
	CustomerID int64  // set in private chats of non-staff people
	Tier       string // the customer's price tier: "retail" or "reseller"
	Lang       string // the person's language: "id" or "en"
}

// IsOwner reports whether the speaker is the shop's owner.
func (w Who) IsOwner() bool { return w.Staff == StaffOwner }

// IsStaff reports whether the speaker is the owner or an admin.
func (w Who) IsStaff() bool { return w.Staff != "" }

// Resolve records that userID spoke in chatID and returns who that is: the
// identity is seen now and reachable again (whoever writes has not blocked
// the bot). In a private chat a person who is not staff becomes (or stays)
// a customer. A known person costs one read: the identity is written only
// when it changes (new name, reachable again) or was last seen over
// seenEvery ago, so a busy chat does not rewrite its row on every message.
func (tx *Tx) Resolve(channel, chatID string, group bool, userID, displayName string) (Who, error) {
	if channel == "" || chatID == "" || userID == "" {
		return Who{}, Errorf(EInvalid, "resolve needs channel, chat and user")
	}
	w := Who{Channel: channel, ChatID: chatID, UserID: userID, Group: group}
	now := ms(tx.now)
	var (
		cid       sql.NullInt64
		reachable bool
		name      string
		lastSeen  int64
	)
	err := tx.row(`SELECT customer_id, reachable, display_name, last_seen, `+whoCols+` FROM identities
		WHERE channel = ?1 AND user_id = ?2`, channel, userID, group, chatID).
		Scan(&cid, &reachable, &name, &lastSeen, &w.Staff, &w.SupplierID, &w.Tier, &w.Lang)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = tx.row(`INSERT INTO identities (channel, user_id, display_name, first_seen, last_seen) VALUES (?1, ?2, ?5, ?6, ?6)
			RETURNING customer_id, `+whoCols, channel, userID, group, chatID, displayName, now).
			Scan(&cid, &w.Staff, &w.SupplierID, &w.Tier, &w.Lang)
		if err != nil {
			return Who{}, fmt.Errorf("record identity: %w", err)
		}
	case err != nil:
		return Who{}, fmt.Errorf("identity: %w", err)
	case !reachable || (displayName != "" && displayName != name) || now-lastSeen >= seenEvery.Milliseconds():
		_, err := tx.exec(`UPDATE identities SET last_seen = ?, reachable = 1,
			display_name = CASE WHEN ? <> '' THEN ? ELSE display_name END WHERE channel = ? AND user_id = ?`,
			now, displayName, displayName, channel, userID)
		if err != nil {
			return Who{}, fmt.Errorf("record identity: %w", err)
		}
	}
	if group || w.Staff != "" {
		w.Tier, w.Lang = "retail", "id"
		if !group && cid.Valid {
			w.CustomerID = cid.Int64 // staff who once ordered for themselves (StaffBuyer)
		}
		return w, nil
	}
	if !cid.Valid {
		res, err := tx.exec(`INSERT INTO customers (name, created_at) VALUES (?, ?)`, displayName, now)
		if err != nil {
			return Who{}, fmt.Errorf("create customer: %w", err)
		}
		if cid.Int64, err = res.LastInsertId(); err != nil {
			return Who{}, err
		}
		if _, err := tx.exec(`UPDATE identities SET customer_id = ? WHERE channel = ? AND user_id = ?`, cid.Int64, channel, userID); err != nil {
			return Who{}, fmt.Errorf("link customer: %w", err)
		}
	}
	w.CustomerID = cid.Int64
	return w, nil
}

// seenEvery is how stale identities.last_seen may get while a person keeps
// writing.
const seenEvery = time.Hour

// whoCols are the role, group supplier, tier and language of the identity
// row in scope, for parameters ?1 channel, ?2 user, ?3 group, ?4 chat.
const whoCols = `IFNULL((SELECT role FROM staff s WHERE s.channel = ?1 AND s.user_id = ?2), ''),
	CASE WHEN ?3 THEN IFNULL((SELECT supplier_id FROM supplier_groups g WHERE g.channel = ?1 AND g.chat_id = ?4), 0) ELSE 0 END,
	IFNULL((SELECT tier FROM customers c WHERE c.id = customer_id), 'retail'),
	IFNULL((SELECT lang FROM customers c WHERE c.id = customer_id), 'id')`

// SetStaff gives a person a staff role (StaffOwner or StaffAdmin).
func (tx *Tx) SetStaff(channel, userID, role, addedBy string) error {
	if role != StaffOwner && role != StaffAdmin {
		return Errorf(EInvalid, "unknown staff role %q", role)
	}
	_, err := tx.exec(`INSERT INTO staff (channel, user_id, role, added_at, added_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (channel, user_id) DO UPDATE SET role = excluded.role`, channel, userID, role, ms(tx.now), addedBy)
	if err != nil {
		return fmt.Errorf("set staff: %w", err)
	}
	if role == StaffOwner {
		// The shop has an owner now: the one-time claim code is spent.
		if err := tx.voidClaimCode(); err != nil {
			return err
		}
	}
	return nil
}

// StaffMember is one row of the staff table.
type StaffMember struct {
	Channel, UserID, Role string
}

// Staff lists staff members with the given role ("" = all), owners first.
// Staff on a channel hidden by WithHiddenStaff are left out, so nothing is
// queued for them.
func (tx *Tx) Staff(role string) ([]StaffMember, error) {
	rows, err := tx.query(`SELECT channel, user_id, role FROM staff WHERE (?1 = '' OR role = ?1)
		AND channel NOT IN (SELECT value FROM json_each(?2)) ORDER BY role DESC, added_at`, role, tx.hidden)
	if err != nil {
		return nil, fmt.Errorf("staff: %w", err)
	}
	return scanStaff(rows)
}

// scanStaff reads rows of (channel, user_id, role) and closes them.
func scanStaff(rows *sql.Rows) ([]StaffMember, error) {
	defer rows.Close()
	var out []StaffMember
	for rows.Next() {
		var s StaffMember
		if err := rows.Scan(&s.Channel, &s.UserID, &s.Role); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetCustomerLang stores a customer's language.
func (tx *Tx) SetCustomerLang(customerID int64, lang string) error {
	_, err := tx.exec(`UPDATE customers SET lang = ? WHERE id = ?`, lang, customerID)
	return err
}

// SetCustomerTier sets a customer's price tier ("retail" or "reseller").
func (tx *Tx) SetCustomerTier(customerID int64, tier string) error {
	if tier != "retail" && tier != "reseller" {
		return Errorf(EInvalid, "unknown tier %q", tier)
	}
	_, err := tx.exec(`UPDATE customers SET tier = ? WHERE id = ?`, tier, customerID)
	return err
}

// CustomerOf returns the customer behind a channel identity; ok is false
// when that person never acted as a customer.
func (tx *Tx) CustomerOf(channel, userID string) (id int64, ok bool, err error) {
	var cid sql.NullInt64
	err = tx.row(`SELECT customer_id FROM identities WHERE channel = ? AND user_id = ?`, channel, userID).Scan(&cid)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("customer of identity: %w", err)
	}
	return cid.Int64, cid.Valid, nil
}

// StaffBuyer returns the customer a staff member orders as when they buy
// for themselves through the catalogue, creating and linking it on first
// use (Resolve gives staff no customer until then).
func (tx *Tx) StaffBuyer(channel, userID string) (int64, error) {
	var cid sql.NullInt64
	var name string
	err := tx.row(`SELECT customer_id, display_name FROM identities WHERE channel = ? AND user_id = ?`, channel, userID).Scan(&cid, &name)
	if err != nil {
		return 0, fmt.Errorf("staff buyer: %w", err)
	}
	if cid.Valid {
		return cid.Int64, nil
	}
	res, err := tx.exec(`INSERT INTO customers (name, created_at) VALUES (?, ?)`, name, ms(tx.now))
	if err != nil {
		return 0, fmt.Errorf("staff buyer: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if _, err := tx.exec(`UPDATE identities SET customer_id = ? WHERE channel = ? AND user_id = ?`, id, channel, userID); err != nil {
		return 0, fmt.Errorf("staff buyer: %w", err)
	}
	return id, nil
}

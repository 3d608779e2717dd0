package store

import (
	"database/sql"
	"errors"
	"fmt"
)

// Setting returns the value stored under key, or def when there is none.
func (tx *Tx) Setting(key, def string) (string, error) {
	var v string
	err := tx.row(`SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return "", fmt.Errorf("setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores value under key.
func (tx *Tx) SetSetting(key, value string) error {
	_, err := tx.exec(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, value, ms(tx.now))
	if err != nil {
		return fmt.Errorf("set setting %s: %w", key, err)
	}
	return nil
}

// Settings returns every stored setting.
func (tx *Tx) Settings() (map[string]string, error) {
	rows, err := tx.query(`SELECT key, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// BankAccount is one of the owner's accounts shown on invoices.
type BankAccount struct {
	ID     int64
	Bank   string
	Number string
	Holder string
	Active bool
}

// AddBankAccount stores an account and returns its id.
func (tx *Tx) AddBankAccount(a BankAccount) (int64, error) {
	if a.Bank == "" || a.Number == "" || a.Holder == "" {
		return 0, Errorf(EInvalid, "bank account needs bank, number and holder")
	}
	res, err := tx.exec(`INSERT INTO bank_accounts (bank, number, holder, active) VALUES (?, ?, ?, ?)`,
		a.Bank, a.Number, a.Holder, boolInt(a.Active))
	if err != nil {
		return 0, fmt.Errorf("add bank account: %w", err)
	}
	return res.LastInsertId()
}

// BankAccounts lists the active accounts.
func (tx *Tx) BankAccounts() ([]BankAccount, error) {
	rows, err := tx.query(`SELECT id, bank, number, holder, active FROM bank_accounts WHERE active = 1 ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("bank accounts: %w", err)
	}
	defer rows.Close()
	var out []BankAccount
	for rows.Next() {
		var a BankAccount
		if err := rows.Scan(&a.ID, &a.Bank, &a.Number, &a.Holder, &a.Active); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

package store

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Settings of the one-time owner claim code (the keys flows has always
// used).
const (
	SettingClaimCode  = "owner.claim_code"  // the code; "" = none
	SettingClaimTries = "owner.claim_tries" // wrong tries of all senders since the code was made
)

// Limits of the claim code.
const (
	MaxClaimTriesPerSender = 10  // a sender with this many wrong tries can no longer claim
	MaxClaimTriesTotal     = 200 // this many wrong tries in all void the code (a new one is printed at the next start)
)

// WithHiddenStaff makes staff on the given channels invisible to this DB:
// they are not counted as owners (so the claim code is offered) and not
// listed by Staff (so no notice is queued for them). `dropbot run` hides
// the playground's channel, whose owner only exists for `dropbot play`.
func WithHiddenStaff(channels ...string) Option {
	return func(db *DB) {
		if channels == nil {
			channels = []string{}
		}
		b, err := json.Marshal(channels)
		if err == nil {
			db.hidden = string(b)
		}
	}
}

// ClaimOutcome is what redeeming a claim code did.
type ClaimOutcome int

const (
	ClaimNoCode ClaimOutcome = iota // there is no code (never made, spent, or void because the shop has an owner)
	ClaimWrong                      // a wrong code; counted against the sender
	ClaimLocked                     // the sender used up their tries; not even the right code works for them
	ClaimOK                         // the sender is now an owner
)

// Claim is the result of ClaimOwner.
type Claim struct {
	Outcome ClaimOutcome
	// Notify lists the other owners (visible to this DB) who must be told
	// that someone became owner by the code. Usually empty: a code is void
	// once the shop has an owner.
	Notify []StaffMember
}

// ClaimOwner redeems the owner claim code sent by channel:userID. The code
// only works while the shop has no owner (checked here, at redemption, not
// only when the code was printed): as soon as any owner exists it is void.
// Wrong tries are counted per sender in the books; after
// MaxClaimTriesPerSender that sender is locked out, while the code stays
// good for anyone else (the real owner), up to MaxClaimTriesTotal in all.
// On success the code is spent and the sender's count cleared.
func (tx *Tx) ClaimOwner(channel, userID, code string) (Claim, error) {
	var tries int
	err := tx.row(`SELECT IFNULL((SELECT tries FROM claim_attempts WHERE channel = ? AND user_id = ?), 0)`,
		channel, userID).Scan(&tries)
	if err != nil {
		return Claim{}, fmt.Errorf("claim tries: %w", err)
	}
	if tries >= MaxClaimTriesPerSender {
		return Claim{Outcome: ClaimLocked}, nil
	}
	want, err := tx.Setting(SettingClaimCode, "")
	if err != nil || want == "" {
		return Claim{}, err
	}
	owners, err := tx.OwnerCount()
	if err != nil {
		return Claim{}, err
	}
	if owners > 0 {
		return Claim{}, tx.voidClaimCode()
	}
	if subtle.ConstantTimeCompare([]byte(strings.TrimSpace(code)), []byte(want)) != 1 {
		if _, err := tx.exec(`INSERT INTO claim_attempts (channel, user_id, tries, last_at) VALUES (?, ?, 1, ?)
			ON CONFLICT (channel, user_id) DO UPDATE SET tries = tries + 1, last_at = excluded.last_at`,
			channel, userID, ms(tx.now)); err != nil {
			return Claim{}, fmt.Errorf("count claim try: %w", err)
		}
		total, err := tx.Setting(SettingClaimTries, "0")
		if err != nil {
			return Claim{}, err
		}
		n, _ := strconv.Atoi(total)
		n++
		if n >= MaxClaimTriesTotal {
			if err := tx.voidClaimCode(); err != nil {
				return Claim{}, err
			}
		} else if err := tx.SetSetting(SettingClaimTries, strconv.Itoa(n)); err != nil {
			return Claim{}, err
		}
		if tries+1 >= MaxClaimTriesPerSender {
			return Claim{Outcome: ClaimLocked}, nil
		}
		return Claim{Outcome: ClaimWrong}, nil
	}
	notify, err := tx.Staff(StaffOwner)
	if err != nil {
		return Claim{}, err
	}
	if err := tx.SetStaff(channel, userID, StaffOwner, "claim code"); err != nil {
		return Claim{}, err
	}
	if _, err := tx.exec(`DELETE FROM claim_attempts WHERE channel = ? AND user_id = ?`, channel, userID); err != nil {
		return Claim{}, fmt.Errorf("clear claim tries: %w", err)
	}
	return Claim{Outcome: ClaimOK, Notify: notify}, nil
}

// voidClaimCode spends the claim code and its count of wrong tries.
func (tx *Tx) voidClaimCode() error {
	if _, err := tx.exec(`DELETE FROM settings WHERE key IN (?, ?)`, SettingClaimCode, SettingClaimTries); err != nil {
		return fmt.Errorf("void claim code: %w", err)
	}
	return nil
}

// ClaimedOwner is an owner who came in by the claim code.
type ClaimedOwner struct {
	Channel, UserID string
	At              time.Time // when they claimed
}

// ClaimedOwners lists the owners (visible to this DB) who became owner by
// the claim code rather than DROPBOT_OWNERS, oldest first, so that
// start-up can tell the configured owners about them.
func (tx *Tx) ClaimedOwners() ([]ClaimedOwner, error) {
	rows, err := tx.query(`SELECT channel, user_id, added_at FROM staff WHERE role = 'owner' AND added_by = 'claim code'
		AND channel NOT IN (SELECT value FROM json_each(?)) ORDER BY added_at`, tx.hidden)
	if err != nil {
		return nil, fmt.Errorf("claimed owners: %w", err)
	}
	defer rows.Close()
	var out []ClaimedOwner
	for rows.Next() {
		var c ClaimedOwner
		var at int64
		if err := rows.Scan(&c.Channel, &c.UserID, &at); err != nil {
			return nil, err
		}
		c.At = time.UnixMilli(at).UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

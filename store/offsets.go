package store

import (
	"context"
	"fmt"
	"strconv"
)

// Offset is one integer position kept in the settings table, such as the
// getUpdates offset of a Telegram bot. It implements the adapter's
// OffsetStore (LoadOffset, SaveOffset) without store knowing the adapter.
type Offset struct {
	db  *DB
	key string
}

// Offset returns the position stored under key (see TelegramOffsetKey).
func (db *DB) Offset(key string) *Offset { return &Offset{db: db, key: key} }

// TelegramOffsetKey is the settings key of a Telegram bot's getUpdates
// offset. Update ids are counted per bot, so the key holds the bot id (the
// number before the colon of its token): a new token for another bot starts
// from 0 instead of skipping that bot's updates.
func TelegramOffsetKey(botID string) string { return "telegram.offset." + botID }

// Key is the settings key the offset lives under.
func (o *Offset) Key() string { return o.key }

// LoadOffset returns the stored offset, 0 when none was stored yet. A
// value that is not a number is an error rather than a silent 0, which
// would replay every update Telegram still keeps.
func (o *Offset) LoadOffset(ctx context.Context) (int, error) {
	var v string
	err := o.db.View(ctx, func(tx *Tx) error {
		var err error
		v, err = tx.Setting(o.key, "0")
		return err
	})
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, Errorf(EInvalid, "setting %s holds %q, not an offset", o.key, v)
	}
	return n, nil
}

// SaveOffset stores offset in its own transaction.
func (o *Offset) SaveOffset(ctx context.Context, offset int) error {
	if offset < 0 {
		return Errorf(EInvalid, "negative offset %d", offset)
	}
	err := o.db.Update(ctx, func(tx *Tx) error { return tx.SetSetting(o.key, strconv.Itoa(offset)) })
	if err != nil {
		return fmt.Errorf("save offset: %w", err)
	}
	return nil
}

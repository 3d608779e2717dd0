package bot

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// parkCrashed records a message that crashed the process crashes times as
// parked without running its flow again, tells its sender (private chats
// only) that the admin knows, and tells every owner once (the message is
// parked, so a redelivery is a duplicate and tells nobody again). The
// message counts as handled: nil lets the platform forget it.
func (e *Engine) parkCrashed(ctx context.Context, in Inbound, crashes int) error {
	e.log.Error("message parked: its flow crashed the process", "channel", in.Channel, "message", in.MessageID, "crashes", crashes)
	err := e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
		reason := fmt.Sprintf("the flow crashed the process %d times", crashes)
		if err := tx.ParkInbound(in.Channel, in.MessageID, in.ChatID, crashes, reason); err != nil {
			return err
		}
		if in.Kind != Group {
			lang, err := tx.SpeakerLang(in.Channel, in.SenderID)
			if err != nil {
				return err
			}
			if _, err := tx.Enqueue(store.OutMessage{Channel: in.Channel, ChatID: in.ChatID, Text: text(lang, "robust.parked_sender")}); err != nil {
				return err
			}
		}
		return tellOwners(tx, "robust.parked_owner", "channel", in.Channel, "ref", in.MessageID)
	})
	if err != nil {
		return fmt.Errorf("park crashed message: %w", err)
	}
	if e.cfg.Wake != nil {
		e.cfg.Wake()
	}
	return nil
}

// unstart takes back the count of a start that ended because the engine
// was stopped (a graceful stop is not a crash), so three restarts that
// happen to cut the same message do not park it. If even that fails, the
// count stays: at worst a message is run alone once more.
func (e *Engine) unstart(in Inbound) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.UnstartInbound(in.Channel, in.MessageID)
	}); err != nil {
		e.log.Warn("message start count kept after a stop", "channel", in.Channel, "message", in.MessageID, "err", err)
	}
}

// text is a catalogue text in a stored language code ("id", "en").
func text(lang, key string, args ...any) string {
	l, _ := locales.ParseLang(lang)
	return locales.Default().For(l).T(key, args...)
}

// ownerPrinter speaks the language the owner chose for notices.
func ownerPrinter(tx *store.Tx) (locales.Printer, error) {
	l, err := flows.OwnerLang(tx)
	if err != nil {
		return locales.Printer{}, fmt.Errorf("owner language: %w", err)
	}
	return locales.Default().For(l), nil
}

// tellOwners queues the text of key, in the owner's language, for every
// owner of the shop.
func tellOwners(tx *store.Tx, key string, args ...any) error {
	p, err := ownerPrinter(tx)
	if err != nil {
		return err
	}
	return enqueueOwners(tx, p.T(key, args...))
}

// enqueueOwners queues msg for every owner of the shop.
func enqueueOwners(tx *store.Tx, msg string) error {
	owners, err := tx.Staff(store.StaffOwner)
	if err != nil {
		return err
	}
	for _, o := range owners {
		if _, err := tx.Enqueue(store.OutMessage{Channel: o.Channel, ChatID: o.UserID, Text: msg}); err != nil {
			return err
		}
	}
	return nil
}

// failedNoticeWindow is how often owners hear that messages failed every
// attempt: one notice, then at most one per window with the count of those
// held back, so an outage that fails a hundred messages sends one line.
const failedNoticeWindow = 30 * time.Minute

// tellOwnersFailed tells every owner, throttled, that a message failed every
// attempt and was set aside: the sender got an apology and will try again,
// but a customer who does not may be lost without a human looking. The
// notice carries the channel and the message's code, never its text.
func tellOwnersFailed(tx *store.Tx, in Inbound) error {
	send, held, err := tx.ThrottleNotice("parked:failed", failedNoticeWindow)
	if err != nil || !send {
		return err
	}
	p, err := ownerPrinter(tx)
	if err != nil {
		return err
	}
	msg := p.T("robust.failed_owner", "channel", in.Channel, "ref", in.MessageID)
	if held > 0 {
		msg += "\n" + p.T("robust.failed_owner_more", "count", strconv.Itoa(held))
	}
	return enqueueOwners(tx, msg)
}

// Media limits.
const (
	DefaultMediaFiles       = 100       // files one chat may store per day
	DefaultMediaBytes int64 = 200 << 20 // bytes one chat may store per day
	// mediaKeep is how long an unreferenced stored file is kept (a wizard
	// or a complaint may still pick it up) before housekeeping removes it.
	mediaKeep = 7 * 24 * time.Hour
	// attemptsKeep is how long a start count of a message that never came
	// back is kept (WhatsApp keeps undelivered messages about as long).
	attemptsKeep = 14 * 24 * time.Hour
	// diskLowBytes and diskLowPercent: below either, the owner is told.
	diskLowBytes   = 500 << 20
	diskLowPercent = 5
	noticeDiskLow  = "disk_low"
)

// keepMedia decides whether an attachment is stored: not from a group that
// is not a supplier's (nobody there sends the shop anything it keeps), and
// not beyond the chat's daily quota, which staff do not count against.
func (e *Engine) keepMedia(tx *store.Tx, in Inbound) (bool, error) {
	if in.Kind == Group {
		linked, err := tx.GroupLinked(in.Channel, in.ChatID)
		if err != nil || !linked {
			return false, err
		}
	}
	staff, err := tx.IsStaff(in.Channel, in.SenderID)
	if err != nil || staff {
		return staff, err
	}
	files, bytes, err := tx.MediaIntake(in.Channel, in.ChatID)
	if err != nil {
		return false, err
	}
	if files >= e.cfg.MediaFiles || bytes+int64(len(in.Media.Data)) > e.cfg.MediaBytes {
		e.log.Warn("media not stored: the chat's daily quota is used", "channel", in.Channel, "files", files, "bytes", bytes)
		return false, nil
	}
	return true, nil
}

// WantsMedia tells an adapter whether to download an attachment of a chat
// at all: not in a group that is not linked to a supplier. When the books
// cannot tell, it says yes (a payment proof is worth a download).
func (e *Engine) WantsMedia(ctx context.Context, channel, chatID string, kind ChatKind) bool {
	if kind != Group {
		return true
	}
	linked := true
	if err := e.cfg.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		linked, err = tx.GroupLinked(channel, chatID)
		return err
	}); err != nil {
		return true
	}
	return linked
}

// isImage reports whether data sniffs as an image.
func isImage(data []byte) bool {
	return strings.HasPrefix(http.DetectContentType(data), "image/")
}

// Housekeep removes stored media nothing refers to any more (after a week)
// and forgotten start counts, and tells the owners once when the data
// directory's file system runs low on space (again after it recovered).
// Run calls it every HousekeepEvery.
func (e *Engine) Housekeep(ctx context.Context) error {
	now := e.cfg.DB.Now()
	if e.cfg.MediaDir != "" {
		p, err := e.cfg.DB.PruneMedia(ctx, e.cfg.MediaDir, now.Add(-mediaKeep), 1000)
		if err != nil {
			return err
		}
		if p.Files > 0 || p.Rows > 0 || p.Failed > 0 {
			e.log.Info("media pruned", "rows", p.Rows, "files", p.Files, "bytes", p.Bytes, "failed", p.Failed)
		}
	}
	if err := e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.PruneInboundAttempts(now.Add(-attemptsKeep))
	}); err != nil {
		return err
	}
	return e.checkDisk(ctx)
}

// checkDisk tells the owners once when free space is below 500 MB or 5 %.
func (e *Engine) checkDisk(ctx context.Context) error {
	dir := e.cfg.MediaDir
	if dir == "" {
		dir = filepath.Dir(e.cfg.DB.Path())
	}
	if _, err := os.Stat(dir); err != nil {
		dir = filepath.Dir(e.cfg.DB.Path())
	}
	free, total, err := e.cfg.FreeSpace(dir)
	if err != nil || total == 0 {
		return nil // unknown on this system: nothing to say
	}
	low := free < diskLowBytes || free*100 < total*diskLowPercent
	var told bool
	err = e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
		if !low {
			return tx.ClearNotice(noticeDiskLow)
		}
		first, err := tx.NoticeOnce(noticeDiskLow)
		if err != nil || !first {
			return err
		}
		told = true
		return tellOwners(tx, "robust.disk_low",
			"free_mb", strconv.FormatUint(free>>20, 10), "free_pct", strconv.FormatUint(free*100/total, 10))
	})
	if err != nil {
		return fmt.Errorf("disk check: %w", err)
	}
	if told {
		e.log.Warn("data directory low on space; owner told", "free_mb", free>>20)
		if e.cfg.Wake != nil {
			e.cfg.Wake()
		}
	}
	return nil
}

package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
)

// Media is a stored file (a product photo, a payment proof). Its name on
// disk comes from the SHA-256 of its content, never from user input.
type Media struct {
	ID     int64
	SHA256 string
	MIME   string
	Ext    string
	Size   int64
}

// RelPath is where the file lives below the data directory's media folder.
func (m Media) RelPath() string {
	return filepath.Join(m.SHA256[:2], m.SHA256+m.Ext)
}

// MaxMediaBytes bounds one stored file; bigger ones are refused.
const MaxMediaBytes = 20 << 20

var extByMIME = map[string]string{
	"image/jpeg":      ".jpg",
	"image/png":       ".png",
	"image/gif":       ".gif",
	"image/webp":      ".webp",
	"video/mp4":       ".mp4",
	"application/pdf": ".pdf",
	"text/csv":        ".csv",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}

// refinableMIME maps a sniffed type to the one declared type that may refine
// it; any other declared type is ignored.
var refinableMIME = map[string]string{
	"application/zip":           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"text/plain; charset=utf-8": "text/csv",
}

// SaveMedia writes data below dir (the media folder) under its content hash
// and records it; saving the same bytes twice returns the same row. The MIME
// type is sniffed from the bytes, not taken from the sender.
func (tx *Tx) SaveMedia(dir string, data []byte, declaredMIME string) (Media, error) {
	if len(data) == 0 {
		return Media{}, Errorf(EInvalid, "empty file")
	}
	if len(data) > MaxMediaBytes {
		return Media{}, Errorf(EInvalid, "file of %d bytes is over the %d limit", len(data), MaxMediaBytes)
	}
	sum := sha256.Sum256(data)
	return tx.placeMedia(dir, hex.EncodeToString(sum[:]), int64(len(data)), data, declaredMIME, func(tmp *os.File) error {
		_, err := tmp.Write(data)
		return err
	})
}

// placeMedia records a file of the given hash and size under dir: head
// (its first bytes) tells its type, fill writes it into a temp file that
// is synced and renamed into place. A file already stored is not written
// again.
func (tx *Tx) placeMedia(dir, sha string, size int64, head []byte, declaredMIME string, fill func(*os.File) error) (Media, error) {
	m := Media{SHA256: sha, Size: size}
	m.MIME = http.DetectContentType(head)
	if refined, ok := refinableMIME[m.MIME]; ok && refined == declaredMIME {
		// Sniffing cannot tell XLSX from zip or CSV from text: trust the
		// declared type only for those.
		m.MIME = declaredMIME
	}
	ext, ok := extByMIME[m.MIME]
	if !ok {
		ext = ".bin"
	}
	m.Ext = ext

	var existing Media
	err := tx.row(`SELECT id, sha256, mime, ext, size FROM media WHERE sha256 = ?`, m.SHA256).
		Scan(&existing.ID, &existing.SHA256, &existing.MIME, &existing.Ext, &existing.Size)
	switch {
	case err == nil:
		if _, statErr := os.Stat(filepath.Join(dir, existing.RelPath())); statErr == nil {
			return existing, nil
		}
		m = existing // row survived but the file did not: write it again
	case !errors.Is(err, sql.ErrNoRows):
		return Media{}, fmt.Errorf("find media: %w", err)
	}

	full := filepath.Join(dir, m.RelPath())
	if err := os.MkdirAll(filepath.Dir(full), 0o700); err != nil {
		return Media{}, fmt.Errorf("media dir: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), ".tmp-*")
	if err != nil {
		return Media{}, fmt.Errorf("media temp: %w", err)
	}
	if err := fill(tmp); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return Media{}, fmt.Errorf("write media: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return Media{}, fmt.Errorf("sync media: %w", err)
	}
	tmp.Close()
	if err := os.Rename(tmp.Name(), full); err != nil {
		os.Remove(tmp.Name())
		return Media{}, fmt.Errorf("place media: %w", err)
	}
	if m.ID != 0 {
		return m, nil
	}
	res, err := tx.exec(`INSERT INTO media (sha256, mime, ext, size, created_at) VALUES (?, ?, ?, ?, ?)`,
		m.SHA256, m.MIME, m.Ext, m.Size, ms(tx.now))
	if err != nil {
		return Media{}, fmt.Errorf("record media: %w", err)
	}
	m.ID, err = res.LastInsertId()
	return m, err
}

// MediaByID returns a stored file's record.
func (tx *Tx) MediaByID(id int64) (Media, error) {
	var m Media
	err := tx.row(`SELECT id, sha256, mime, ext, size FROM media WHERE id = ?`, id).
		Scan(&m.ID, &m.SHA256, &m.MIME, &m.Ext, &m.Size)
	if errors.Is(err, sql.ErrNoRows) {
		return Media{}, Errorf(ENotFound, "media %d", id)
	}
	if err != nil {
		return Media{}, fmt.Errorf("media %d: %w", id, err)
	}
	return m, nil
}

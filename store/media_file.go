package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

// SaveMediaFile is SaveMedia for a file already on disk (an export of
// tens of megabytes): it is hashed and copied below dir while it is read,
// never held in memory. max bounds its size (the chat's document limit,
// not MaxMediaBytes). The file at path is left for the caller to remove.
func (tx *Tx) SaveMediaFile(dir, path, declaredMIME string, max int64) (Media, error) {
	f, err := os.Open(path)
	if err != nil {
		return Media{}, fmt.Errorf("media file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Media{}, fmt.Errorf("media file: %w", err)
	}
	size := st.Size()
	if size == 0 {
		return Media{}, Errorf(EInvalid, "empty file")
	}
	if size > max {
		return Media{}, Errorf(EInvalid, "file of %d bytes is over the %d limit", size, max)
	}
	head := make([]byte, min(size, 512))
	if _, err := io.ReadFull(f, head); err != nil {
		return Media{}, fmt.Errorf("media file: %w", err)
	}
	h := sha256.New()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Media{}, fmt.Errorf("media file: %w", err)
	}
	if _, err := io.Copy(h, f); err != nil {
		return Media{}, fmt.Errorf("media file: %w", err)
	}
	return tx.placeMedia(dir, hex.EncodeToString(h.Sum(nil)), size, head, declaredMIME, func(tmp *os.File) error {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		n, err := io.Copy(tmp, f)
		if err == nil && n != size {
			err = fmt.Errorf("file changed while stored: %d bytes, not %d", n, size)
		}
		return err
	})
}

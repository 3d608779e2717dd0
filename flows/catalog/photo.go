package catalog

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/dropbot/dropbot/store"
)

// photoMIME are the image types a product photo may have (sniffed).
var photoMIME = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true}

// checkPhotoPath validates a photo cell without touching the disk. It
// returns the cleaned relative path, the RowError value to show when it is
// bad, and whether it is acceptable. Backslashes count as separators
// (paths typed on Windows).
func checkPhotoPath(cell, root, mediaDir string) (rel, value string, ok bool) {
	lower := strings.ToLower(cell)
	if strings.Contains(lower, "://") || strings.HasPrefix(lower, "www.") || strings.HasPrefix(lower, "data:") {
		return "", "url", false
	}
	if root == "" || mediaDir == "" {
		return "", cell, false // photos are not allowed in this import
	}
	p := filepath.FromSlash(strings.ReplaceAll(cell, `\`, "/"))
	if !filepath.IsLocal(p) {
		return "", cell, false // absolute, "..", empty or reserved
	}
	// Belt and braces: the joined, cleaned path must stay under root.
	cleanRoot := filepath.Clean(root)
	joined := filepath.Join(cleanRoot, p)
	if r, err := filepath.Rel(cleanRoot, joined); err != nil || !filepath.IsLocal(r) {
		return "", cell, false
	}
	return filepath.Clean(p), cell, true
}

// photoStore reads photos below the root (symlinks may not leave it) and
// saves them as media, once per path.
type photoStore struct {
	root     *os.Root // nil if the root cannot be opened: every photo is bad
	mediaDir string
	saved    map[string]int64 // relative path → media id; 0 = bad
}

func openPhotos(root, mediaDir string) *photoStore {
	ps := &photoStore{mediaDir: mediaDir, saved: map[string]int64{}}
	if r, err := os.OpenRoot(root); err == nil {
		ps.root = r
	}
	return ps
}

func (ps *photoStore) close() {
	if ps != nil && ps.root != nil {
		ps.root.Close()
	}
}

// save stores the photo at rel and returns its media id, or bad = true when
// the photo is refused. err is a failure of the books or the media folder.
func (ps *photoStore) save(tx *store.Tx, rel string) (id int64, bad bool, err error) {
	if ps == nil || ps.root == nil {
		return 0, true, nil
	}
	if id, seen := ps.saved[rel]; seen {
		return id, id == 0, nil
	}
	data, rerr := readPhoto(ps.root, rel)
	if rerr != nil {
		ps.saved[rel] = 0
		return 0, true, nil
	}
	m, err := tx.SaveMedia(ps.mediaDir, data, "")
	if store.ErrorCode(err) == store.EInvalid {
		ps.saved[rel] = 0
		return 0, true, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("save photo: %w", err)
	}
	ps.saved[rel] = m.ID
	return m.ID, false, nil
}

var (
	errNotFile    = errors.New("not a regular file")
	errTooBig     = errors.New("photo too big")
	errEmpty      = errors.New("empty photo")
	errNotAnImage = errors.New("not a JPEG, PNG, GIF or WebP image")
)

// readPhoto reads one photo through root, which refuses paths and symlinks
// that leave it.
func readPhoto(root *os.Root, rel string) ([]byte, error) {
	f, err := root.Open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errNotFile
	}
	if st.Size() > MaxPhotoBytes {
		return nil, errTooBig
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxPhotoBytes+1))
	if err != nil {
		return nil, err
	}
	switch {
	case len(data) > MaxPhotoBytes:
		return nil, errTooBig
	case len(data) == 0:
		return nil, errEmpty
	case !photoMIME[http.DetectContentType(data)]:
		return nil, errNotAnImage
	}
	return data, nil
}

package qris

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// MaxPNGSize is the largest image PNG draws, in pixels per side.
const MaxPNGSize = 4096

// PNG renders a QRIS payload as a square PNG image of size×size pixels:
// black modules on white with the standard quiet zone, error correction
// level M (medium, about 15 % of the symbol recoverable), which tolerates a
// smudged screen or a phone photo of it.
//
// The payload must pass Parse, so a damaged code is never drawn. size must
// be at least the number of modules of the symbol including its quiet zone
// (so that no module is lost; for a typical QRIS about 60) and at most
// MaxPNGSize, else the error is an *Error with CodeBadSize. A size that is a
// multiple of the module count gives the crispest image; any other size still
// scans but modules differ by a pixel.
func PNG(payload string, size int) ([]byte, error) {
	if _, err := Parse(payload); err != nil {
		return nil, fmt.Errorf("qris: png: %w", err)
	}
	if size <= 0 || size > MaxPNGSize {
		return nil, errorf(CodeBadSize, "size %d outside 1..%d", size, MaxPNGSize)
	}
	// Parse trimmed the payload for checking; draw exactly what it checked.
	q, err := qrcode.New(trimmed(payload), qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("qris: png: encode QR: %w", err)
	}
	if modules := len(q.Bitmap()); size < modules {
		return nil, errorf(CodeBadSize, "size %d is below the %d modules of the symbol", size, modules)
	}
	img, err := q.PNG(size)
	if err != nil {
		return nil, fmt.Errorf("qris: png: %w", err)
	}
	return img, nil
}

package qris

import (
	"bytes"
	"image/color"
	"image/png"
	"testing"
)

func TestPNG(t *testing.T) {
	for _, size := range []int{256, 300, 512} {
		b, err := PNG(dynamic150k, size)
		if err != nil {
			t.Fatalf("PNG(size %d): %v", size, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("png.Decode: %v", err)
		}
		r := img.Bounds()
		if r.Dx() != size || r.Dy() != size {
			t.Errorf("size %d: image is %dx%d", size, r.Dx(), r.Dy())
		}
		// Along the diagonal from the top-left corner: white quiet zone
		// first, then the black outer ring of the finder pattern. The quiet
		// zone is 4 modules of at least 21+8 = 29, so under 14 % of the side.
		first := -1
		for i := 0; i < size; i++ {
			if !isWhite(img.At(i, i)) {
				first = i
				break
			}
		}
		if first <= 0 || first > size*14/100 {
			t.Errorf("size %d: first dark diagonal pixel at %d, want in 1..%d", size, first, size*14/100)
		}
	}
}

func TestPNGErrors(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		size    int
		code    string
	}{
		{"zero size", dynamic150k, 0, CodeBadSize},
		{"negative size", dynamic150k, -5, CodeBadSize},
		// A ~150-byte payload needs far more than 20 modules per side.
		{"too small", dynamic150k, 20, CodeBadSize},
		{"too large", dynamic150k, MaxPNGSize + 1, CodeBadSize},
		{"damaged payload", dynamic150k[:len(dynamic150k)-1] + "B", 256, CodeBadCRC},
		{"empty payload", "", 256, CodeEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := PNG(tt.payload, tt.size)
			if b != nil {
				t.Errorf("PNG returned %d bytes with an error", len(b))
			}
			if code := errCode(t, err); code != tt.code {
				t.Errorf("PNG code = %q (%v), want %q", code, err, tt.code)
			}
		})
	}
}

func isWhite(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r == 0xffff && g == 0xffff && b == 0xffff
}

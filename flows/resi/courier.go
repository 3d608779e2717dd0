package resi

import (
	"strings"
	"unicode"
)

// Courier identifies a shipping company. The value is a stable lower-case
// code, suitable for storage.
type Courier string

// Known couriers.
const (
	JNE       Courier = "jne"
	JNT       Courier = "jnt"
	SiCepat   Courier = "sicepat"
	SPX       Courier = "spx"
	IDExpress Courier = "idexpress"
	Ninja     Courier = "ninja"
	AnterAja  Courier = "anteraja"
	POS       Courier = "pos"
	TIKI      Courier = "tiki"
	Lion      Courier = "lion"
	Wahana    Courier = "wahana"
	SAP       Courier = "sap"
	JNTCargo  Courier = "jntcargo"
)

// couriers lists the known couriers in menu order, with display names.
var couriers = []struct {
	c    Courier
	name string
}{
	{JNE, "JNE"},
	{JNT, "J&T Express"},
	{SiCepat, "SiCepat"},
	{SPX, "Shopee Express"},
	{IDExpress, "ID Express"},
	{Ninja, "Ninja Xpress"},
	{AnterAja, "AnterAja"},
	{POS, "POS Indonesia"},
	{TIKI, "TIKI"},
	{Lion, "Lion Parcel"},
	{Wahana, "Wahana"},
	{SAP, "SAP Express"},
	{JNTCargo, "J&T Cargo"},
}

// Couriers returns the known couriers in a stable order (a fresh slice).
func Couriers() []Courier {
	out := make([]Courier, len(couriers))
	for i, e := range couriers {
		out[i] = e.c
	}
	return out
}

// Known reports whether c is one of the couriers above.
func (c Courier) Known() bool {
	for _, e := range couriers {
		if e.c == c {
			return true
		}
	}
	return false
}

// Name returns the display name ("J&T Express", "Shopee Express", …). An
// unknown courier returns its code unchanged.
func (c Courier) Name() string {
	for _, e := range couriers {
		if e.c == c {
			return e.name
		}
	}
	return string(c)
}

// aliases maps a squashed name (lower-case letters and digits only) to its
// courier. Every code and display name squashes to an entry here (checked
// by the tests).
var aliases = map[string]Courier{
	"jne": JNE, "jneexpress": JNE,
	"jnt": JNT, "jt": JNT, "jandt": JNT, "jntexpress": JNT, "jtexpress": JNT, "jandtexpress": JNT,
	"jntcargo": JNTCargo, "jtcargo": JNTCargo, "jandtcargo": JNTCargo,
	"sicepat": SiCepat, "sicepatekspres": SiCepat, "sicepatexpress": SiCepat,
	"spx": SPX, "spxexpress": SPX, "shopee": SPX, "shopeeexpress": SPX, "shopeexpress": SPX,
	"idexpress": IDExpress, "idx": IDExpress,
	"ninja": Ninja, "ninjaxpress": Ninja, "ninjaexpress": Ninja, "ninjavan": Ninja,
	"anteraja": AnterAja,
	"pos":      POS, "posindonesia": POS, "kantorpos": POS,
	"tiki": TIKI,
	"lion": Lion, "lionparcel": Lion,
	"wahana": Wahana, "wahanaexpress": Wahana,
	"sap": SAP, "sapexpress": SAP,
}

// maxAliasLen bounds the alias keys' length (checked by the tests), so
// ParseCourier does a bounded amount of work on any input.
const maxAliasLen = 20

// fillers are leading words people put before a courier name.
var fillers = map[string]bool{"kurir": true, "ekspedisi": true, "expedisi": true, "via": true, "pakai": true, "pake": true}

// ParseCourier reads a courier name the way people type it: any case,
// spaces or punctuation ("J&T", "j & t", "J&T Express", "Shopee Express",
// "ID Express", "idx", "ninja xpress", "anter aja", "pos indonesia"). A
// trailing service name is ignored ("jne reg", "sicepat halu", "J&T Cargo"
// is still J&T Cargo: the longest known name wins), as is a leading
// "kurir"/"ekspedisi"/"via". It reports false when no courier is recognised.
func ParseCourier(s string) (Courier, bool) {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for len(words) > 1 && fillers[strings.ToLower(words[0])] {
		words = words[1:]
	}
	// Longest run of leading words that squashes to a known name.
	var (
		key   strings.Builder
		found Courier
		ok    bool
	)
	for _, w := range words {
		key.WriteString(strings.ToLower(w))
		if key.Len() > maxAliasLen {
			break
		}
		if c, hit := aliases[key.String()]; hit {
			found, ok = c, true
		}
	}
	return found, ok
}

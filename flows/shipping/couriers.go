package shipping

import (
	"strings"

	"github.com/dropbot/dropbot/flows/resi"
)

// providerCodes are each provider's courier codes for the couriers dropbot
// knows, where they differ from resi's own codes or are missing.
var providerCodes = map[string]map[resi.Courier]string{
	ProviderBiteship: {
		resi.JNE: "jne", resi.JNT: "jnt", resi.SiCepat: "sicepat", resi.IDExpress: "idexpress",
		resi.Ninja: "ninja", resi.AnterAja: "anteraja", resi.POS: "pos", resi.TIKI: "tiki",
		resi.Lion: "lion", resi.Wahana: "wahana", resi.SAP: "sap",
	},
	ProviderRajaOngkir: {
		resi.JNE: "jne", resi.JNT: "jnt", resi.SiCepat: "sicepat", resi.IDExpress: "ide",
		resi.Ninja: "ninja", resi.AnterAja: "anteraja", resi.POS: "pos", resi.TIKI: "tiki",
		resi.Lion: "lion", resi.Wahana: "wahana", resi.SAP: "sap",
	},
}

// CourierCode returns a provider's code for a courier as people or
// suppliers name it ("J&T", "jne reg", "ID Express"); false when the
// provider does not carry it.
func CourierCode(provider, courier string) (string, bool) {
	c, ok := resi.ParseCourier(courier)
	if !ok {
		return "", false
	}
	code, ok := providerCodes[provider][c]
	return code, ok
}

// DefaultCouriers is the courier list asked of a provider when the owner
// has not narrowed it: the common ones for marketplace-size parcels.
var defaultCouriers = []resi.Courier{resi.JNE, resi.JNT, resi.SiCepat, resi.AnterAja, resi.POS, resi.IDExpress, resi.Ninja}

// courierCodes maps names to a provider's codes, dropping unknown ones and
// duplicates; none given = the default list.
func courierCodes(provider string, names []string) []string {
	if len(names) == 0 {
		for _, c := range defaultCouriers {
			names = append(names, string(c))
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if code, ok := CourierCode(provider, n); ok && !seen[code] {
			seen[code] = true
			out = append(out, code)
		}
	}
	return out
}

// displayCourier names a provider's courier code the way dropbot shows it
// ("jnt" → "J&T Express"), falling back to the provider's own name.
func displayCourier(code, providerName string) string {
	if c, ok := resi.ParseCourier(code); ok {
		return c.Name()
	}
	if c, ok := resi.ParseCourier(providerName); ok {
		return c.Name()
	}
	if providerName != "" {
		return providerName
	}
	return strings.ToUpper(code)
}

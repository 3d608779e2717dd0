package shipping

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Provider names, as the owner picks them (`tabel|biteship|rajaongkir`) and
// as the store keeps them beside origins and address areas.
const (
	ProviderTable      = "tabel"
	ProviderBiteship   = "biteship"
	ProviderRajaOngkir = "rajaongkir"
)

// Place is an origin or a destination as a provider understands it: its
// own area id when known, else the kode pos.
type Place struct {
	AreaID     string
	PostalCode string
}

func (p Place) empty() bool { return p.AreaID == "" && p.PostalCode == "" }

// key is the place as it appears in a cache key.
func (p Place) key() string { return p.AreaID + "/" + p.PostalCode }

// Area is one candidate of an area search: what the customer picks from a
// short numbered list, and what is kept beside the saved address.
type Area struct {
	ID         string // the provider's id: Biteship area id, Komerce destination id
	Label      string // e.g. "Cidadap, Bandung, Jawa Barat 40131"
	Province   string
	City       string
	District   string // kecamatan
	PostalCode string
}

// Provider is a live ongkir and tracking service.
type Provider interface {
	// Name is one of ProviderBiteship, ProviderRajaOngkir.
	Name() string
	// Rates prices one parcel from origin to destination with the given
	// couriers (provider codes such as "jne", "jnt"; none = the
	// provider's default list). value is the goods' worth.
	Rates(ctx context.Context, from, to Place, weightG int, value decimal.Decimal, couriers []string) ([]Quote, error)
	// Areas searches destinations for free text (a kecamatan, a city, a
	// kode pos), at most limit candidates.
	Areas(ctx context.Context, query string, limit int) ([]Area, error)
	// Track reads a resi's history with the courier (provider code).
	Track(ctx context.Context, waybill, courier string) (Tracking, error)
}

// Reason says why a provider call failed, in terms the owner can act on.
type Reason string

const (
	ReasonTimeout     Reason = "timeout"      // no answer in time
	ReasonKey         Reason = "key"          // 401/403: the key is wrong or revoked
	ReasonQuota       Reason = "quota"        // 429/402: too many calls, or the plan ran out
	ReasonBadResponse Reason = "bad_response" // an answer we cannot read
	ReasonUnavailable Reason = "unavailable"  // 5xx or no connection
	ReasonNotFound    Reason = "not_found"    // the resi, area or route is unknown to the provider
	ReasonRejected    Reason = "rejected"     // 400/422: the provider refused the request
	ReasonNoKey       Reason = "no_key"       // the provider is chosen but no key is set
)

// Failure is a provider call that failed. Its text never carries the key.
type Failure struct {
	Provider string
	Op       string // "rates", "areas", "track"
	Reason   Reason
	Status   int    // HTTP status, 0 when there was none
	Detail   string // the provider's own message, shortened; never the key
	Err      error
}

func (f *Failure) Error() string {
	s := fmt.Sprintf("%s %s: %s", f.Provider, f.Op, f.Reason)
	if f.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", f.Status)
	}
	if f.Detail != "" {
		s += ": " + f.Detail
	}
	if f.Err != nil {
		s += ": " + f.Err.Error()
	}
	return s
}

func (f *Failure) Unwrap() error { return f.Err }

// ReasonOf returns why err happened: the Failure's reason, a timeout for a
// context deadline, else ReasonUnavailable. nil gives "".
func ReasonOf(err error) Reason {
	var f *Failure
	switch {
	case err == nil:
		return ""
	case errors.As(err, &f):
		return f.Reason
	case errors.Is(err, context.DeadlineExceeded):
		return ReasonTimeout
	}
	return ReasonUnavailable
}

// Mask shows a key as its last 4 characters only, for the owner to
// recognise it ("••••a1b2"). Short keys are masked whole.
func Mask(key string) string {
	key = strings.TrimSpace(key)
	if key == "" {
		return ""
	}
	r := []rune(key)
	if len(r) <= 8 {
		return "••••"
	}
	return "••••" + string(r[len(r)-4:])
}

// client is the HTTP side both providers share: base URL, the key and
// the header it goes in, the per-request timeout.
type client struct {
	name    string
	header  string // "Authorization" (Biteship), "key" (Komerce)
	base    string
	key     string
	timeout time.Duration
	http    *http.Client
}

func newClient(name, header, base, key string, timeout time.Duration, hc *http.Client) client {
	return client{name: name, header: header, base: base, key: strings.TrimSpace(key), timeout: timeout, http: hc}
}

// Name is the provider's name.
func (c *client) Name() string { return c.name }

// orDefault is s, or def when s is blank.
func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return strings.TrimSpace(s)
}

// maxBody bounds what is read of an answer; rate lists are a few KB.
const maxBody = 2 << 20

// do sends one request with the per-request timeout and the key in its
// header, classifies failures, and decodes a 2xx JSON answer into out.
func (c *client) do(ctx context.Context, op, method, path string, body io.Reader, contentType string, out any) error {
	if c.key == "" {
		return &Failure{Provider: c.name, Op: op, Reason: ReasonNoKey}
	}
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.base, "/")+path, body)
	if err != nil {
		return &Failure{Provider: c.name, Op: op, Reason: ReasonRejected, Err: err}
	}
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set(c.header, c.key)
	hc := c.http
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return &Failure{Provider: c.name, Op: op, Reason: transportReason(ctx, err), Err: scrub(err, c.key)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return &Failure{Provider: c.name, Op: op, Reason: transportReason(ctx, err), Status: resp.StatusCode, Err: scrub(err, c.key)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &Failure{Provider: c.name, Op: op, Reason: statusReason(resp.StatusCode), Status: resp.StatusCode,
			Detail: providerMessage(raw, c.key)}
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return &Failure{Provider: c.name, Op: op, Reason: ReasonBadResponse, Status: resp.StatusCode, Err: err}
	}
	return nil
}

func transportReason(ctx context.Context, err error) Reason {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()) {
		return ReasonTimeout
	}
	return ReasonUnavailable
}

func statusReason(status int) Reason {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return ReasonKey
	case status == http.StatusTooManyRequests || status == http.StatusPaymentRequired:
		return ReasonQuota
	case status == http.StatusNotFound:
		return ReasonNotFound
	case status >= 500:
		return ReasonUnavailable
	}
	return ReasonRejected
}

// providerMessage picks the human message out of an error body (Biteship
// "error", Komerce "meta.message"), shortened and without the key.
func providerMessage(raw []byte, key string) string {
	var b struct {
		Error   string `json:"error"`
		Message string `json:"message"`
		Meta    struct {
			Message string `json:"message"`
		} `json:"meta"`
	}
	_ = json.Unmarshal(raw, &b) // a body that is not JSON simply has no message
	msg := b.Error
	if msg == "" {
		msg = b.Meta.Message
	}
	if msg == "" {
		msg = b.Message
	}
	return clean(msg, key)
}

// clean shortens a provider's message and masks the key if it appears.
func clean(msg, key string) string {
	if key != "" {
		msg = strings.ReplaceAll(msg, key, Mask(key))
	}
	if r := []rune(msg); len(r) > 120 {
		msg = string(r[:120]) + "…"
	}
	return msg
}

// scrub replaces the key inside an error's text (a URL may carry it).
func scrub(err error, key string) error {
	if err == nil || key == "" || !strings.Contains(err.Error(), key) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), key, Mask(key)))
}

// jsonBody encodes v for a request body.
func jsonBody(v any) (io.Reader, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(b), nil
}

// flexString reads a JSON string or number as text: providers send kode
// pos and ids either way.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*s = ""
		return nil
	}
	if b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*s = flexString(n.String())
	return nil
}

// money reads a price sent as a JSON number or string into a decimal,
// without passing through float64.
func money(b json.RawMessage) (decimal.Decimal, error) {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return decimal.Decimal{}, err
	}
	if s == "" {
		return decimal.Decimal{}, errors.New("no price")
	}
	d, err := decimal.NewFromString(string(s))
	if err != nil {
		return decimal.Decimal{}, err
	}
	if d.IsNegative() {
		return decimal.Decimal{}, fmt.Errorf("negative price %s", d)
	}
	return d, nil
}

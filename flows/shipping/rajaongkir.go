package shipping

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// DefaultRajaOngkirAPI is RajaOngkir by Komerce (API v2).
const DefaultRajaOngkirAPI = "https://rajaongkir.komerce.id/api/v1"

// RajaOngkir is RajaOngkir by Komerce: destination search, domestic cost
// and waybill, with the key in the "key" header.
type RajaOngkir struct{ client }

// NewRajaOngkir returns a Komerce client. base "" = DefaultRajaOngkirAPI;
// timeout bounds each request; hc nil = http.DefaultClient.
func NewRajaOngkir(base, key string, timeout time.Duration, hc *http.Client) *RajaOngkir {
	return &RajaOngkir{newClient(ProviderRajaOngkir, "key", orDefault(base, DefaultRajaOngkirAPI), key, timeout, hc)}
}

// komerceMeta is the envelope every Komerce answer carries.
type komerceMeta struct {
	Message string `json:"message"`
	Code    int    `json:"code"`
	Status  string `json:"status"`
}

func (m komerceMeta) ok() bool { return m.Code == 0 || (m.Code >= 200 && m.Code <= 299) }

type komerceDestinations struct {
	Meta komerceMeta `json:"meta"`
	Data []struct {
		ID          flexString `json:"id"`
		Label       string     `json:"label"`
		Province    string     `json:"province_name"`
		City        string     `json:"city_name"`
		District    string     `json:"district_name"`
		Subdistrict string     `json:"subdistrict_name"`
		ZipCode     flexString `json:"zip_code"`
	} `json:"data"`
}

// Areas asks GET /destination/domestic-destination?search=…&limit=…. A
// search with no match is an empty list, not a failure.
func (r *RajaOngkir) Areas(ctx context.Context, query string, limit int) ([]Area, error) {
	if limit <= 0 {
		limit = 5
	}
	q := url.Values{"search": {strings.TrimSpace(query)}, "limit": {strconv.Itoa(limit)}, "offset": {"0"}}
	var resp komerceDestinations
	err := r.do(ctx, "areas", http.MethodGet, "/destination/domestic-destination?"+q.Encode(), nil, "", &resp)
	if ReasonOf(err) == ReasonNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !resp.Meta.ok() {
		return nil, &Failure{Provider: ProviderRajaOngkir, Op: "areas", Reason: ReasonBadResponse, Detail: clean(resp.Meta.Message, r.key)}
	}
	var out []Area
	for _, d := range resp.Data {
		if d.ID == "" {
			continue
		}
		out = append(out, Area{ID: string(d.ID), Label: d.Label, Province: d.Province, City: d.City, District: d.District,
			PostalCode: string(d.ZipCode)})
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// resolve turns a place given only by kode pos into a Komerce id, which
// the cost call needs.
func (r *RajaOngkir) resolve(ctx context.Context, p Place) (string, error) {
	if p.AreaID != "" {
		return p.AreaID, nil
	}
	if p.PostalCode == "" {
		return "", &Failure{Provider: ProviderRajaOngkir, Op: "rates", Reason: ReasonRejected, Detail: "origin or destination missing"}
	}
	areas, err := r.Areas(ctx, p.PostalCode, 5)
	if err != nil {
		return "", err
	}
	for _, a := range areas {
		if a.PostalCode == p.PostalCode {
			return a.ID, nil
		}
	}
	return "", &Failure{Provider: ProviderRajaOngkir, Op: "rates", Reason: ReasonNotFound, Detail: "kode pos " + p.PostalCode}
}

type komerceCosts struct {
	Meta komerceMeta `json:"meta"`
	Data []struct {
		Name    string          `json:"name"`
		Code    string          `json:"code"`
		Service string          `json:"service"`
		Cost    json.RawMessage `json:"cost"`
		ETD     string          `json:"etd"`
	} `json:"data"`
}

// Rates asks POST /calculate/domestic-cost (form: origin, destination,
// weight in grams, courier joined by ":").
func (r *RajaOngkir) Rates(ctx context.Context, from, to Place, weightG int, _ decimal.Decimal, couriers []string) ([]Quote, error) {
	origin, err := r.resolve(ctx, from)
	if err != nil {
		return nil, err
	}
	dest, err := r.resolve(ctx, to)
	if err != nil {
		return nil, err
	}
	form := url.Values{
		"origin": {origin}, "destination": {dest}, "weight": {strconv.Itoa(max(weightG, 1))},
		"courier": {strings.Join(courierCodes(ProviderRajaOngkir, couriers), ":")}, "price": {"lowest"},
	}
	var resp komerceCosts
	if err := r.do(ctx, "rates", http.MethodPost, "/calculate/domestic-cost", strings.NewReader(form.Encode()),
		"application/x-www-form-urlencoded", &resp); err != nil {
		return nil, err
	}
	return resp.quotes(weightG, r.key)
}

// quotes reads a cost answer, cheapest first.
func (resp komerceCosts) quotes(weightG int, key string) ([]Quote, error) {
	if !resp.Meta.ok() {
		return nil, &Failure{Provider: ProviderRajaOngkir, Op: "rates", Reason: ReasonBadResponse, Detail: clean(resp.Meta.Message, key)}
	}
	out := make([]Quote, 0, len(resp.Data))
	for _, d := range resp.Data {
		cost, err := money(d.Cost)
		if err != nil {
			return nil, &Failure{Provider: ProviderRajaOngkir, Op: "rates", Reason: ReasonBadResponse, Err: err}
		}
		out = append(out, Quote{Courier: displayCourier(d.Code, d.Name), Service: strings.ToUpper(strings.TrimSpace(d.Service)),
			Cost: cost, ETD: NormalizeETD(d.ETD), BilledKg: BilledKg(weightG, 0), Code: strings.ToLower(d.Code)})
	}
	sortQuotes(out)
	return out, nil
}

type komerceWaybill struct {
	Meta komerceMeta `json:"meta"`
	Data *struct {
		Delivered bool `json:"delivered"`
		Summary   struct {
			CourierCode   string `json:"courier_code"`
			WaybillNumber string `json:"waybill_number"`
			Destination   string `json:"destination"`
			Status        string `json:"status"`
		} `json:"summary"`
		Details struct {
			ReceiverCity string `json:"receiver_city"`
		} `json:"details"`
		DeliveryStatus struct {
			Status string `json:"status"`
		} `json:"delivery_status"`
		Manifest []struct {
			Code        string `json:"manifest_code"`
			Description string `json:"manifest_description"`
			Date        string `json:"manifest_date"`
			Time        string `json:"manifest_time"`
			City        string `json:"city_name"`
		} `json:"manifest"`
	} `json:"data"`
}

// wib is Western Indonesian Time, the zone couriers' manifests are in.
var wib = time.FixedZone("WIB", 7*3600)

// Track asks POST /track/waybill?awb=…&courier=….
func (r *RajaOngkir) Track(ctx context.Context, waybill, courier string) (Tracking, error) {
	return r.TrackPhone(ctx, waybill, courier, "")
}

// TrackPhone is Track with the last digits of the recipient's phone,
// which Komerce asks for some couriers' waybills (JNE) as
// last_phone_number; "" sends none.
func (r *RajaOngkir) TrackPhone(ctx context.Context, waybill, courier, lastPhone string) (Tracking, error) {
	code, ok := CourierCode(ProviderRajaOngkir, courier)
	if !ok {
		code = strings.ToLower(strings.TrimSpace(courier))
	}
	q := url.Values{"awb": {strings.TrimSpace(waybill)}, "courier": {code}}
	if lastPhone = strings.TrimSpace(lastPhone); lastPhone != "" {
		q.Set("last_phone_number", lastPhone)
	}
	var resp komerceWaybill
	if err := r.do(ctx, "track", http.MethodPost, "/track/waybill?"+q.Encode(), nil, "", &resp); err != nil {
		return Tracking{}, err
	}
	return resp.tracking(r.key)
}

// tracking reads a waybill answer: events oldest first, milestones set.
func (resp komerceWaybill) tracking(key string) (Tracking, error) {
	if !resp.Meta.ok() || resp.Data == nil {
		return Tracking{}, &Failure{Provider: ProviderRajaOngkir, Op: "track", Reason: ReasonBadResponse, Detail: clean(resp.Meta.Message, key)}
	}
	d := resp.Data
	t := Tracking{Waybill: d.Summary.WaybillNumber, Courier: d.Summary.CourierCode, Status: d.Summary.Status,
		DestCity: d.Details.ReceiverCity}
	if t.DestCity == "" {
		t.DestCity = d.Summary.Destination
	}
	for _, m := range d.Manifest {
		at, err := manifestTime(m.Date, m.Time)
		if err != nil {
			return Tracking{}, &Failure{Provider: ProviderRajaOngkir, Op: "track", Reason: ReasonBadResponse, Err: err}
		}
		city := m.City
		if city == "" {
			city = bracketCity(m.Description)
		}
		t.Events = append(t.Events, Event{At: at, Code: m.Code, Text: m.Description, City: city})
	}
	sortEvents(t.Events)
	overall := classifyText(d.Summary.Status + " " + d.DeliveryStatus.Status)
	if d.Delivered {
		overall = MilestoneDelivered
	}
	if overall != MilestoneDelivered && overall != MilestoneReturning {
		overall = MilestoneNone // "ON PROCESS" and the like: the manifest says more
	}
	t.overall = overall
	t.finish("")
	return t, nil
}

// manifestTime reads a manifest's date ("2024-01-02") and time
// ("10:15:00" or "10:15"), in WIB.
func manifestTime(date, clock string) (time.Time, error) {
	date, clock = strings.TrimSpace(date), strings.TrimSpace(clock)
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, date+" "+clock, wib); err == nil {
			return t.UTC(), nil
		}
	}
	t, err := time.ParseInLocation("2006-01-02", date, wib)
	if err != nil {
		return time.Time{}, fmt.Errorf("manifest time %q %q: %w", date, clock, err)
	}
	return t.UTC(), nil
}

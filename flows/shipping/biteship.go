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

// DefaultBiteshipAPI is Biteship's base URL.
const DefaultBiteshipAPI = "https://api.biteship.com"

// Biteship is the Biteship API: rates, area search and tracking, with the
// key in the Authorization header.
type Biteship struct{ client }

// NewBiteship returns a Biteship client. base "" = DefaultBiteshipAPI;
// timeout bounds each request; hc nil = http.DefaultClient.
func NewBiteship(base, key string, timeout time.Duration, hc *http.Client) *Biteship {
	return &Biteship{newClient(ProviderBiteship, "Authorization", orDefault(base, DefaultBiteshipAPI), key, timeout, hc)}
}

type biteshipItem struct {
	Name     string `json:"name"`
	Value    int64  `json:"value"`
	Weight   int    `json:"weight"`
	Quantity int    `json:"quantity"`
}

type biteshipRatesRequest struct {
	OriginAreaID          string         `json:"origin_area_id,omitempty"`
	DestinationAreaID     string         `json:"destination_area_id,omitempty"`
	OriginPostalCode      int            `json:"origin_postal_code,omitempty"`
	DestinationPostalCode int            `json:"destination_postal_code,omitempty"`
	Couriers              string         `json:"couriers"`
	Items                 []biteshipItem `json:"items"`
}

type biteshipRatesResponse struct {
	Success bool   `json:"success"`
	Error   string `json:"error"`
	Pricing []struct {
		Company             string          `json:"company"`
		CourierName         string          `json:"courier_name"`
		CourierCode         string          `json:"courier_code"`
		CourierServiceName  string          `json:"courier_service_name"`
		CourierServiceCode  string          `json:"courier_service_code"`
		Duration            string          `json:"duration"`
		ShipmentDuration    string          `json:"shipment_duration_range"`
		ShipmentDurationUni string          `json:"shipment_duration_unit"`
		Price               json.RawMessage `json:"price"`
	} `json:"pricing"`
}

// postalInt reads a 5-digit kode pos as Biteship wants it (a number).
func postalInt(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 5 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

// Rates asks POST /v1/rates/couriers; pricing[].price is the final figure.
func (b *Biteship) Rates(ctx context.Context, from, to Place, weightG int, value decimal.Decimal, couriers []string) ([]Quote, error) {
	req := biteshipRatesRequest{
		OriginAreaID: from.AreaID, DestinationAreaID: to.AreaID,
		Couriers: strings.Join(courierCodes(ProviderBiteship, couriers), ","),
		Items:    []biteshipItem{{Name: "Paket", Value: value.Round(0).IntPart(), Weight: max(weightG, 1), Quantity: 1}},
	}
	// Area ids win; a kode pos is sent only for a side without one.
	if from.AreaID == "" {
		req.OriginPostalCode, _ = postalInt(from.PostalCode)
	}
	if to.AreaID == "" {
		req.DestinationPostalCode, _ = postalInt(to.PostalCode)
	}
	if (req.OriginAreaID == "" && req.OriginPostalCode == 0) || (req.DestinationAreaID == "" && req.DestinationPostalCode == 0) {
		return nil, &Failure{Provider: ProviderBiteship, Op: "rates", Reason: ReasonRejected, Detail: "origin or destination missing"}
	}
	body, err := jsonBody(req)
	if err != nil {
		return nil, fmt.Errorf("biteship rates: %w", err)
	}
	var resp biteshipRatesResponse
	if err := b.do(ctx, "rates", http.MethodPost, "/v1/rates/couriers", body, "application/json", &resp); err != nil {
		return nil, err
	}
	return resp.quotes(weightG, b.key)
}

// quotes reads a rates answer, cheapest first.
func (resp biteshipRatesResponse) quotes(weightG int, key string) ([]Quote, error) {
	if !resp.Success {
		return nil, &Failure{Provider: ProviderBiteship, Op: "rates", Reason: ReasonBadResponse, Detail: clean(resp.Error, key)}
	}
	out := make([]Quote, 0, len(resp.Pricing))
	for _, p := range resp.Pricing {
		price, err := money(p.Price)
		if err != nil {
			return nil, &Failure{Provider: ProviderBiteship, Op: "rates", Reason: ReasonBadResponse, Err: err}
		}
		code := p.CourierCode
		if code == "" {
			code = p.Company
		}
		etd := NormalizeETD(p.Duration)
		if p.ShipmentDuration != "" {
			etd = NormalizeETD(p.ShipmentDuration + " " + p.ShipmentDurationUni)
		}
		out = append(out, Quote{
			Courier: displayCourier(code, p.CourierName), Service: strings.ToUpper(p.CourierServiceCode),
			Cost: price, ETD: etd, BilledKg: BilledKg(weightG, 0), Code: strings.ToLower(code),
		})
	}
	sortQuotes(out)
	return out, nil
}

type biteshipAreasResponse struct {
	Success bool `json:"success"`
	Areas   []struct {
		ID         string     `json:"id"`
		Name       string     `json:"name"`
		Province   string     `json:"administrative_division_level_1_name"`
		City       string     `json:"administrative_division_level_2_name"`
		District   string     `json:"administrative_division_level_3_name"`
		PostalCode flexString `json:"postal_code"`
	} `json:"areas"`
}

// Areas asks GET /v1/maps/areas?countries=ID&input=…&type=single.
func (b *Biteship) Areas(ctx context.Context, query string, limit int) ([]Area, error) {
	q := url.Values{"countries": {"ID"}, "input": {strings.TrimSpace(query)}, "type": {"single"}}
	var resp biteshipAreasResponse
	if err := b.do(ctx, "areas", http.MethodGet, "/v1/maps/areas?"+q.Encode(), nil, "", &resp); err != nil {
		return nil, err
	}
	if !resp.Success {
		return nil, &Failure{Provider: ProviderBiteship, Op: "areas", Reason: ReasonBadResponse}
	}
	var out []Area
	for _, a := range resp.Areas {
		if a.ID == "" {
			continue
		}
		out = append(out, Area{ID: a.ID, Label: a.Name, Province: a.Province, City: a.City, District: a.District,
			PostalCode: string(a.PostalCode)})
		if limit > 0 && len(out) == limit {
			break
		}
	}
	return out, nil
}

type biteshipTrackingResponse struct {
	Success   bool   `json:"success"`
	WaybillID string `json:"waybill_id"`
	Status    string `json:"status"`
	Courier   struct {
		Company string `json:"company"`
	} `json:"courier"`
	History []struct {
		Note      string `json:"note"`
		Status    string `json:"status"`
		UpdatedAt string `json:"updated_at"`
	} `json:"history"`
}

// Track asks GET /v1/trackings/{waybill}/couriers/{courier}.
func (b *Biteship) Track(ctx context.Context, waybill, courier string) (Tracking, error) {
	code, ok := CourierCode(ProviderBiteship, courier)
	if !ok {
		code = strings.ToLower(strings.TrimSpace(courier))
	}
	path := "/v1/trackings/" + url.PathEscape(strings.TrimSpace(waybill)) + "/couriers/" + url.PathEscape(code)
	var resp biteshipTrackingResponse
	if err := b.do(ctx, "track", http.MethodGet, path, nil, "", &resp); err != nil {
		return Tracking{}, err
	}
	return resp.tracking()
}

// tracking reads a tracking answer: events oldest first, milestones set.
func (resp biteshipTrackingResponse) tracking() (Tracking, error) {
	if !resp.Success {
		return Tracking{}, &Failure{Provider: ProviderBiteship, Op: "track", Reason: ReasonBadResponse}
	}
	t := Tracking{Waybill: resp.WaybillID, Courier: resp.Courier.Company, Status: resp.Status}
	for _, h := range resp.History {
		at, err := time.Parse(time.RFC3339, h.UpdatedAt)
		if err != nil {
			return Tracking{}, &Failure{Provider: ProviderBiteship, Op: "track", Reason: ReasonBadResponse, Err: err}
		}
		e := Event{At: at.UTC(), Code: h.Status, Text: h.Note, City: bracketCity(h.Note)}
		// The status names a milestone only where it is sure; dropping_off
		// and in_transit say little, the courier's words say more.
		if m := biteshipMilestone(h.Status); m != MilestoneInTransit {
			e.Milestone = m
		}
		if e.Milestone == MilestoneNone {
			e.Milestone = classifyText(h.Note)
		}
		if e.Milestone == MilestoneNone {
			e.Milestone = biteshipMilestone(h.Status)
		}
		t.Events = append(t.Events, e)
	}
	sortEvents(t.Events)
	t.overall = biteshipMilestone(resp.Status)
	t.finish("")
	return t, nil
}

// biteshipMilestone maps Biteship's order/tracking statuses (snake_case in
// the tracking API, camelCase in webhooks).
func biteshipMilestone(status string) Milestone {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(status)), "_", "") {
	case "picked":
		return MilestonePickedUp
	case "droppingoff", "intransit":
		return MilestoneInTransit
	case "delivered":
		return MilestoneDelivered
	case "onhold", "rejected", "couriernotfound", "cancelled", "disposed":
		return MilestoneProblem
	case "returnintransit", "returned":
		return MilestoneReturning
	}
	return MilestoneNone // confirmed, allocated, picking_up, scheduled, unknown
}

// bracketCity reads the place couriers put in brackets: "RECEIVED AT
// INBOUND STATION [BANDUNG]", "DEPARTED FROM TRANSIT [GATEWAY , JAKARTA]".
func bracketCity(s string) string {
	i := strings.LastIndex(s, "[")
	j := strings.LastIndex(s, "]")
	if i < 0 || j < i {
		return ""
	}
	in := s[i+1 : j]
	if strings.Contains(in, "|") { // "DELIVERED TO [NAME | date | CITY]": a person, not only a place
		parts := strings.Split(in, "|")
		in = parts[len(parts)-1]
	}
	if k := strings.LastIndex(in, ","); k >= 0 {
		in = in[k+1:]
	}
	return strings.TrimSpace(in)
}

package shipping

import (
	"sort"
	"strings"
	"time"
)

// Milestone is a step of a parcel's journey the customer hears about.
// The order is the journey's: a later milestone never goes back to an
// earlier one, except Problem, which can come and go.
type Milestone string

const (
	MilestoneNone           Milestone = ""                 // resi known, nothing moved yet
	MilestonePickedUp       Milestone = "picked_up"        // the courier has the parcel
	MilestoneInTransit      Milestone = "in_transit"       // between hubs
	MilestoneInCity         Milestone = "in_city"          // arrived in the buyer's city
	MilestoneOutForDelivery Milestone = "out_for_delivery" // with the delivery courier
	MilestoneDelivered      Milestone = "delivered"        // received
	MilestoneProblem        Milestone = "problem"          // held, failed attempt, bad address
	MilestoneReturning      Milestone = "returning"        // on its way back to the sender (RTS)
)

// rank orders the forward milestones; Problem has none of its own.
func (m Milestone) rank() int {
	switch m {
	case MilestonePickedUp:
		return 1
	case MilestoneInTransit:
		return 2
	case MilestoneInCity:
		return 3
	case MilestoneOutForDelivery:
		return 4
	case MilestoneDelivered:
		return 5
	case MilestoneReturning:
		return 6
	}
	return 0
}

// Final reports whether nothing more will happen to the parcel.
func (m Milestone) Final() bool { return m == MilestoneDelivered }

// Event is one line of a courier's history, oldest first in Tracking.
type Event struct {
	At        time.Time
	Code      string // the courier's or provider's status code, if any
	Text      string // the courier's words: detail for the owner, never the headline
	City      string // where it happened, when the courier says
	Milestone Milestone
}

// Tracking is a resi's history as a provider reported it.
type Tracking struct {
	Waybill   string
	Courier   string
	Status    string // the provider's overall status, as sent
	DestCity  string // the receiving city, when the provider says
	Events    []Event
	Milestone Milestone // where the parcel is now
	// overall is what the provider's summary status alone says.
	overall Milestone
}

// WithBuyerCity returns the tracking with "arrived in the buyer's city"
// derived from the city of the saved address (Biteship's history names
// no receiving city; Komerce's does, and is used when city is "").
func (t Tracking) WithBuyerCity(city string) Tracking {
	t.Events = append([]Event(nil), t.Events...)
	t.finish(city)
	return t
}

// sortEvents puts events oldest first; lines of the same time keep the
// provider's order.
func sortEvents(es []Event) {
	sort.SliceStable(es, func(i, j int) bool { return es[i].At.Before(es[j].At) })
}

// Latest is the newest event (zero when there is none).
func (t Tracking) Latest() Event {
	var e Event
	for _, x := range t.Events {
		if !x.At.Before(e.At) {
			e = x
		}
	}
	return e
}

// finish sets each event's milestone from its words, marks "in city" for
// events in destCity, and the tracking's milestone from the overall status
// (when it says more) or the newest event.
func (t *Tracking) finish(destCity string) {
	overall := t.overall
	if destCity == "" {
		destCity = t.DestCity
	}
	for i := range t.Events {
		e := &t.Events[i]
		if e.Milestone == MilestoneNone {
			e.Milestone = classifyText(e.Text)
		}
		if e.Milestone == MilestoneInTransit && sameCity(e.City, destCity) {
			e.Milestone = MilestoneInCity
		}
	}
	t.Milestone = t.Latest().Milestone
	if overall == MilestoneDelivered || overall == MilestoneReturning || (overall != MilestoneNone && t.Milestone == MilestoneNone) {
		t.Milestone = overall
	}
}

// sameCity compares city names loosely: "KOTA BANDUNG", "Bandung" and
// "BANDUNG, JAWA BARAT" are one city; "Kab. Bandung" is not "Bandung"
// only when both sides say so.
func sameCity(a, b string) bool {
	na, nb := cityName(a), cityName(b)
	return na != "" && nb != "" && (na == nb || strings.HasPrefix(na, nb+" ") || strings.HasPrefix(nb, na+" "))
}

func cityName(s string) string {
	s = strings.ToLower(s)
	if i := strings.IndexAny(s, ",(["); i >= 0 {
		s = s[:i]
	}
	for _, p := range []string{"kota ", "kab. ", "kabupaten ", "kab "} {
		s = strings.TrimPrefix(strings.TrimSpace(s), p)
	}
	return strings.Join(strings.Fields(s), " ")
}

// textRules map the words couriers use (JNE, J&T, SiCepat, AnterAja, Pos,
// Ninja, in English or Indonesian) to milestones. The first rule whose
// word appears wins, so the specific come before the general.
var textRules = []struct {
	m     Milestone
	words []string
}{
	{MilestoneReturning, []string{"return to sender", "retur", "return", "dikembalikan", "rts", "kembali ke pengirim"}},
	{MilestoneDelivered, []string{"delivered", "diterima oleh", "telah diterima", "paket diterima", "terkirim", "pod "}},
	{MilestoneProblem, []string{"gagal", "failed", "undelivered", "bad address", "alamat tidak", "tidak ditemukan",
		"tidak dikenal", "penerima tidak", "consignee not", "on hold", "ditahan", "tertahan", "rusak", "hilang",
		"criss cross", "misroute", "reschedule", "dijadwalkan ulang", "pengiriman ulang", "cnee"}},
	{MilestoneOutForDelivery, []string{"with delivery courier", "out for delivery", "sedang diantar", "dibawa kurir",
		"dibawa oleh kurir", "dibawa [sigesit", "dibawa (sigesit", "akan dikirim ke alamat", "diantar ke alamat",
		"proses pengantaran", "delivery process", "menuju alamat penerima", "kurir sedang menuju"}},
	{MilestoneInTransit, []string{"transit", "departed", "arrived", "sorting", "inbound", "outbound", "forward",
		"dikirim ke", "dikirimkan ke", "sampai di", "tiba di", "keluar dari", "diteruskan", "berangkat", "gateway",
		"hub", "processed at", "di proses", "diproses di", "telah di terima di", "received at"}},
	{MilestonePickedUp, []string{"picked up", "pickup", "pick up", "diambil", "dijemput", "manifested", "di input",
		"shipment received", "received by", "diterima di counter", "drop off", "drop-off", "dropoff", "telah diterima oleh j&t",
		"paket telah diterima oleh", "counter", "penjemputan"}},
}

// classifyText reads a milestone from a courier's words; "" when none fits.
func classifyText(s string) Milestone {
	s = " " + strings.ToLower(strings.Join(strings.Fields(s), " ")) + " "
	// "Paket telah diterima oleh J&T/SiCepat …" is the drop-off at the
	// courier's counter, not the buyer receiving it.
	if strings.Contains(s, "diterima oleh") && courierReceived(s) {
		return MilestonePickedUp
	}
	for _, r := range textRules {
		for _, w := range r.words {
			if w == "rts" || w == "pod " {
				if strings.Contains(s, " "+w) {
					return r.m
				}
				continue
			}
			if strings.Contains(s, w) {
				return r.m
			}
		}
	}
	return MilestoneNone
}

// courierReceived tells a drop-off ("diterima oleh J&T Express", "diterima
// oleh kurir", "diterima di counter") from the buyer receiving the parcel.
func courierReceived(s string) bool {
	i := strings.Index(s, "diterima oleh")
	rest := s[i+len("diterima oleh"):]
	for _, c := range []string{" j&t", " jne", " sicepat", " kurir", " counter", " gerai", " agen", " anteraja",
		" ninja", " pos ", " lion", " id express", " sap", " tiki", " wahana", " shopee", " spx"} {
		if strings.HasPrefix(rest, c) {
			return true
		}
	}
	return false
}

// NewMilestones returns the milestones reached after from, in the journey's order,
// given where the parcel is now. A jump (picked up → out for delivery)
// reports only the milestone reached: customers hear where the parcel is,
// not a list of steps they missed. Problem and Returning are reported when
// they are new.
func NewMilestones(from, now Milestone) []Milestone {
	switch {
	case now == from || now == MilestoneNone:
		return nil
	case now == MilestoneProblem:
		return []Milestone{MilestoneProblem}
	case from == MilestoneProblem:
		return []Milestone{now}
	case now.rank() > from.rank():
		return []Milestone{now}
	}
	return nil
}

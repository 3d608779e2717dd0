package order

import (
	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/flows/chat"
)

// turn is a chat.Turn with the order area's methods.
type turn struct{ *chat.Turn }

// stateData is what the customer's browsing and checkout keep between
// messages. The JSON keys are those older binaries wrote.
type stateData struct {
	Category *string `json:"category,omitempty"`
	Query    string  `json:"query,omitempty"`
	Offset   int     `json:"offset,omitempty"`
	Product  int64   `json:"product,omitempty"`
	// Choices maps the numbers of the last menu to ids (products, categories).
	Choices []string `json:"choices,omitempty"`
	// Nav holds the navigation options after the choices ("next", "prev", "back").
	Nav []string `json:"nav,omitempty"`
	// WantQty is how many the customer already said ("mau order gamis
	// busui 2") while the variant is still to be picked.
	WantQty int `json:"want_qty,omitempty"`

	Variant     int64            `json:"variant,omitempty"`
	Item        int64            `json:"item,omitempty"`
	Name        string           `json:"name,omitempty"`
	Phone       string           `json:"phone,omitempty"`
	Addr        *address.Address `json:"addr,omitempty"`
	Quotes      []quoteChoice    `json:"quotes,omitempty"`
	Courier     *quoteChoice     `json:"courier,omitempty"`
	Methods     []string         `json:"methods,omitempty"`
	SenderName  string           `json:"sender_name,omitempty"`
	SenderPhone string           `json:"sender_phone,omitempty"`
	WantCourier string           `json:"want_courier,omitempty"` // named in a format order
	WantService string           `json:"want_service,omitempty"`
	// The live provider's area for the address (asked once per kode pos).
	AreaID      string       `json:"area_id,omitempty"`
	AreaZip     string       `json:"area_zip,omitempty"`
	AreaAsked   bool         `json:"area_asked,omitempty"`
	Areas       []areaChoice `json:"areas,omitempty"`
	PickCourier bool         `json:"pick_courier,omitempty"` // the customer asked for the courier list
	// A courier per parcel, when no courier serves every parcel: each
	// parcel's couriers, and the customer's picks so far (ongkir_parcels.go).
	Split       [][]parcelChoice `json:"split,omitempty"`
	Picked      []parcelChoice   `json:"picked,omitempty"`
	SplitSource string           `json:"split_source,omitempty"`
}

type state = chat.State[stateData]

func (t *turn) load() (state, error) { return chat.Load[stateData](t.Turn) }
func (t *turn) save(st state) error  { return chat.Save(t.Turn, st) }

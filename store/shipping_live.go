package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Origin is where a parcel leaves from: a kode pos valid for every
// provider and, per provider, that provider's own area id.
type Origin struct {
	SupplierID int64  // 0 = the shop's default origin
	Provider   string // "" for the kode pos line
	PostalCode string
	AreaID     string
	Label      string
}

// SetOrigin stores a supplier's origin (supplierID 0 = the shop's default).
// With o.Provider == "" it sets the kode pos every provider can use; with a
// provider it sets that provider's area id (and label).
func (tx *Tx) SetOrigin(supplierID int64, o Origin) error {
	if supplierID < 0 {
		return Errorf(EInvalid, "origin of supplier %d", supplierID)
	}
	o.Provider = strings.ToLower(strings.TrimSpace(o.Provider))
	o.PostalCode = strings.TrimSpace(o.PostalCode)
	o.AreaID = strings.TrimSpace(o.AreaID)
	if o.Provider == "" && o.PostalCode == "" {
		return Errorf(EInvalid, "an origin needs a kode pos")
	}
	if o.Provider != "" && o.AreaID == "" {
		return Errorf(EInvalid, "a provider origin needs an area id")
	}
	_, err := tx.exec(`INSERT INTO shipping_origins (supplier_id, provider, postal_code, area_id, label, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (supplier_id, provider) DO UPDATE SET postal_code = excluded.postal_code,
			area_id = excluded.area_id, label = excluded.label, updated_at = excluded.updated_at`,
		supplierID, o.Provider, o.PostalCode, o.AreaID, o.Label, ms(tx.now))
	if err != nil {
		return fmt.Errorf("set origin of supplier %d: %w", supplierID, err)
	}
	return nil
}

// OriginFor returns where a supplier's parcels leave from for a provider:
// the supplier's kode pos and that provider's area id, each falling back
// to the shop's default when the supplier has none. ok is false when
// neither the supplier nor the shop has any origin.
func (tx *Tx) OriginFor(supplierID int64, provider string) (o Origin, ok bool, err error) {
	provider = strings.ToLower(strings.TrimSpace(provider))
	rows, err := tx.query(`SELECT supplier_id, provider, postal_code, area_id, label FROM shipping_origins
		WHERE supplier_id IN (?, 0) AND provider IN ('', ?)
		ORDER BY supplier_id = 0, provider`, supplierID, provider)
	if err != nil {
		return o, false, fmt.Errorf("origin of supplier %d: %w", supplierID, err)
	}
	all, err := scanAll(rows, func(r scanner) (Origin, error) {
		var x Origin
		err := r.Scan(&x.SupplierID, &x.Provider, &x.PostalCode, &x.AreaID, &x.Label)
		return x, err
	})
	if err != nil {
		return o, false, fmt.Errorf("origin of supplier %d: %w", supplierID, err)
	}
	// Rows come supplier first, and within one owner the kode pos line
	// ('') before the provider's: the first of each kind wins.
	o.SupplierID, o.Provider = supplierID, provider
	for _, x := range all {
		if x.Provider == "" && o.PostalCode == "" {
			o.PostalCode, ok = x.PostalCode, true
			if o.Label == "" {
				o.Label = x.Label
			}
		}
		if x.Provider != "" && o.AreaID == "" {
			o.AreaID, o.Label, ok = x.AreaID, x.Label, true
		}
	}
	return o, ok, nil
}

// AddressArea is the provider area a saved address resolved to.
type AddressArea struct {
	AddressID int64
	Provider  string
	AreaID    string
	Label     string
}

// SetAddressArea keeps the provider area the customer picked beside the
// saved address.
func (tx *Tx) SetAddressArea(a AddressArea) error {
	a.Provider = strings.ToLower(strings.TrimSpace(a.Provider))
	if a.AddressID == 0 || a.Provider == "" || strings.TrimSpace(a.AreaID) == "" {
		return Errorf(EInvalid, "an address area needs an address, a provider and an area id")
	}
	_, err := tx.exec(`INSERT INTO address_areas (address_id, provider, area_id, label, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (address_id, provider) DO UPDATE SET area_id = excluded.area_id, label = excluded.label,
			updated_at = excluded.updated_at`,
		a.AddressID, a.Provider, strings.TrimSpace(a.AreaID), a.Label, ms(tx.now))
	if err != nil {
		return fmt.Errorf("set address area: %w", err)
	}
	return nil
}

// AddressAreaOf returns the provider area of a saved address; ok is false
// when the address has not been resolved for that provider.
func (tx *Tx) AddressAreaOf(addressID int64, provider string) (a AddressArea, ok bool, err error) {
	a = AddressArea{AddressID: addressID, Provider: strings.ToLower(strings.TrimSpace(provider))}
	err = tx.row(`SELECT area_id, label FROM address_areas WHERE address_id = ? AND provider = ?`,
		addressID, a.Provider).Scan(&a.AreaID, &a.Label)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, fmt.Errorf("address area: %w", err)
	}
	return a, true, nil
}

// CachedQuotes returns the payload kept under key while it is fresh.
func (tx *Tx) CachedQuotes(key string) (payload string, ok bool, err error) {
	err = tx.row(`SELECT payload FROM shipping_quote_cache WHERE key = ? AND expires_at > ?`, key, ms(tx.now)).Scan(&payload)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("cached quotes: %w", err)
	}
	return payload, true, nil
}

// PutCachedQuotes keeps payload under key for ttl from the transaction's
// time.
func (tx *Tx) PutCachedQuotes(key, payload string, ttl time.Duration) error {
	if ttl <= 0 {
		return nil
	}
	_, err := tx.exec(`INSERT INTO shipping_quote_cache (key, payload, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET payload = excluded.payload, expires_at = excluded.expires_at`,
		key, payload, ms(tx.now.Add(ttl)))
	if err != nil {
		return fmt.Errorf("cache quotes: %w", err)
	}
	return nil
}

// PruneQuoteCache deletes the expired cache rows and says how many.
func (tx *Tx) PruneQuoteCache() (int64, error) {
	res, err := tx.exec(`DELETE FROM shipping_quote_cache WHERE expires_at <= ?`, ms(tx.now))
	if err != nil {
		return 0, fmt.Errorf("prune quote cache: %w", err)
	}
	return res.RowsAffected()
}

// Tracked is a shipment whose resi is being followed.
type Tracked struct {
	ShipmentID   int64
	Resi         string
	Courier      string
	Milestone    string // the last milestone reached ("" = none yet)
	LastEvent    string // the courier's words of its latest event
	LastEventAt  time.Time
	LastChangeAt time.Time // when the milestone or the latest event last changed
	NextCheckAt  time.Time
	Failures     int    // provider failures in a row
	Alert        string // the owner alert already sent for the current state
	Done         bool
	CreatedAt    time.Time
}

const trackedCols = `shipment_id, resi, courier, milestone, last_event, last_event_at, last_change_at,
	next_check_at, failures, alert, done, created_at`

func scanTracked(r scanner) (Tracked, error) {
	var t Tracked
	var lastEvent sql.NullInt64
	var change, next, created int64
	var done int
	err := r.Scan(&t.ShipmentID, &t.Resi, &t.Courier, &t.Milestone, &t.LastEvent, &lastEvent, &change,
		&next, &t.Failures, &t.Alert, &done, &created)
	t.LastEventAt, t.LastChangeAt, t.NextCheckAt, t.CreatedAt = nullMS(lastEvent), fromMS(change), fromMS(next), fromMS(created)
	t.Done = done != 0
	return t, err
}

// TrackShipment starts (or restarts, for a corrected resi) following a
// shipment's resi; the first check is at firstCheck.
func (tx *Tx) TrackShipment(shipmentID int64, resi, courier string, firstCheck time.Time) error {
	if shipmentID == 0 || strings.TrimSpace(resi) == "" {
		return Errorf(EInvalid, "tracking needs a shipment and a resi")
	}
	_, err := tx.exec(`INSERT INTO shipment_tracking (shipment_id, resi, courier, last_change_at, next_check_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (shipment_id) DO UPDATE SET resi = excluded.resi, courier = excluded.courier,
			milestone = '', last_event = '', last_event_at = NULL, last_change_at = excluded.last_change_at,
			next_check_at = excluded.next_check_at, failures = 0, alert = '', done = 0`,
		shipmentID, strings.TrimSpace(resi), strings.TrimSpace(courier), ms(tx.now), ms(firstCheck), ms(tx.now))
	if err != nil {
		return fmt.Errorf("track shipment %d: %w", shipmentID, err)
	}
	return nil
}

// TrackedShipment returns one followed shipment.
func (tx *Tx) TrackedShipment(shipmentID int64) (Tracked, error) {
	t, err := scanTracked(tx.row(`SELECT `+trackedCols+` FROM shipment_tracking WHERE shipment_id = ?`, shipmentID))
	if errors.Is(err, sql.ErrNoRows) {
		return t, Errorf(ENotFound, "tracking of shipment %d", shipmentID)
	}
	if err != nil {
		return t, fmt.Errorf("tracking of shipment %d: %w", shipmentID, err)
	}
	return t, nil
}

// DueTracking returns the followed shipments due for a check at now,
// earliest first.
func (tx *Tx) DueTracking(now time.Time, limit int) ([]Tracked, error) {
	rows, err := tx.query(`SELECT `+trackedCols+` FROM shipment_tracking
		WHERE done = 0 AND next_check_at <= ? ORDER BY next_check_at, shipment_id LIMIT ?`, ms(now), limit)
	if err != nil {
		return nil, fmt.Errorf("due tracking: %w", err)
	}
	out, err := scanAll(rows, scanTracked)
	if err != nil {
		return nil, fmt.Errorf("due tracking: %w", err)
	}
	return out, nil
}

// SaveTracking writes back a check's outcome (everything but the resi,
// the courier and the creation time).
func (tx *Tx) SaveTracking(t Tracked) error {
	var lastEvent any
	if !t.LastEventAt.IsZero() {
		lastEvent = ms(t.LastEventAt)
	}
	res, err := tx.exec(`UPDATE shipment_tracking SET milestone = ?, last_event = ?, last_event_at = ?,
		last_change_at = ?, next_check_at = ?, failures = ?, alert = ?, done = ? WHERE shipment_id = ?`,
		t.Milestone, t.LastEvent, lastEvent, ms(t.LastChangeAt), ms(t.NextCheckAt), t.Failures, t.Alert,
		boolInt(t.Done), t.ShipmentID)
	if err != nil {
		return fmt.Errorf("save tracking of shipment %d: %w", t.ShipmentID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENotFound, "tracking of shipment %d", t.ShipmentID)
	}
	return nil
}

// ShipmentBuyerCity returns the city of the order a shipment belongs to
// (for "arrived in the buyer's city").
func (tx *Tx) ShipmentBuyerCity(shipmentID int64) (string, error) {
	city, _, err := tx.ShipmentBuyer(shipmentID)
	return city, err
}

package order

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/orderform"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// The network out of the transaction: the engine runs each message in one
// write transaction, and a live provider's answer inside it would hold
// the books' one writer for as long as the provider takes. Before that
// transaction, PrefetchOngkir looks (read-only) at where the customer's
// checkout stands and, when this message is likely to price the cart,
// asks the provider for the area and the rates the transaction will need,
// keeping them in the books' cache. The transaction then finds them there.

// quotingSteps are the checkout steps whose answer may price the cart:
// the address and the area lead to the courier; a "ubah kurir" or "ubah
// alamat" at the review does; the name and phone go on to it when the
// address is already known; "pakai alamat terakhir" does.
var quotingSteps = map[string]bool{
	StepAddress: true, StepArea: true, StepConfirm: true, StepAddrConfirm: true, StepName: true, StepPhone: true,
}

// prefetchJob is what the transaction will ask the provider for.
type prefetchJob struct {
	quoter  shipping.Quoter
	parcels []shipping.Parcel
	dest    shipping.Destination
	// areaKec, areaCity, areaZip: the area search findArea will make
	// when the address has no area yet.
	needArea                   bool
	areaKec, areaCity, areaZip string
}

// PrefetchOngkir warms the books' caches for the message m about to be
// handled: the area search and each parcel's rates, when the sender is a
// customer at a checkout step that will price the cart and a live
// provider is set. Call it OUTSIDE any transaction (it opens short ones
// of its own). Best effort: nil when there is nothing to do; an error
// only says the transaction will ask the provider itself (and fall back
// as usual). ctx bounds the network calls.
func PrefetchOngkir(ctx context.Context, env *chat.Env, db *store.DB, m chat.Message) error {
	if m.Group || strings.HasPrefix(strings.TrimSpace(m.Text), "/") {
		return nil
	}
	var job *prefetchJob
	err := db.View(ctx, func(tx *store.Tx) (err error) {
		job, err = prefetchPlan(env, tx, m)
		return err
	})
	if err != nil || job == nil {
		return err
	}
	if job.needArea {
		p := shipping.WithAreaCache(job.quoter.Live, shipping.DBCache{Ctx: ctx, DB: db})
		areas, err := shipping.SearchAreas(ctx, p, job.areaKec, job.areaCity, job.areaZip, maxAreas)
		if err != nil || len(areas) != 1 {
			return err // several: the customer picks first; none: asked again
		}
		job.dest.AreaID = areas[0].ID
	}
	return job.quoter.Prefetch(ctx, db, job.parcels, job.dest)
}

// prefetchPlan reads, in a read-only transaction, whether m will price the
// sender's cart and with what; nil when it will not.
func prefetchPlan(env *chat.Env, tx *store.Tx, m chat.Message) (*prefetchJob, error) {
	live, err := env.Shipping.ProviderFromSettings(tx)
	if err != nil || live == nil {
		return nil, err
	}
	if strings.Contains(m.Text, "\n") { // a pasted format order prices its own cart
		if job, err := formOrderPlan(env, tx, m, live); err != nil || job != nil {
			return job, err
		}
	}
	conv, err := tx.Conversation(m.Channel, m.ChatID, m.UserID)
	if err != nil || conv.Flow != chat.FlowCustomer || !quotingSteps[conv.Step] {
		return nil, err
	}
	var d stateData
	if conv.Data != "" && json.Unmarshal([]byte(conv.Data), &d) != nil {
		return nil, nil
	}
	cid, ok, err := tx.CustomerOf(m.Channel, m.UserID)
	if err != nil || !ok {
		return nil, err
	}
	cart, ok, err := tx.CartOf(cid)
	if err != nil || !ok || len(cart.Items) == 0 {
		return nil, err
	}
	addr, kept := d.Addr, store.Address{}
	last, haveLast, err := tx.LastAddress(cid)
	if err != nil {
		return nil, err
	}
	switch conv.Step {
	case StepAddrConfirm:
		if !haveLast {
			return nil, nil
		}
		addr = &address.Address{Line: last.Line, Kelurahan: last.Kelurahan, Kecamatan: last.Kecamatan, City: last.City,
			Province: last.Province, PostalCode: last.Zip}
		d = stateData{Name: last.Recipient, Phone: last.Phone, Addr: addr}
	case StepAddress:
		got := address.Resolve(m.Text).Address // what this message adds to the address
		a := address.Address{}
		if addr != nil {
			a = *addr
		}
		for _, f := range []struct {
			dst *string
			src string
		}{{&a.Kecamatan, got.Kecamatan}, {&a.City, got.City},
			{&a.Province, got.Province}, {&a.PostalCode, got.PostalCode}} {
			if *f.dst == "" {
				*f.dst = f.src
			}
		}
		addr = &a
	}
	if addr == nil || (addr.PostalCode == "" && addr.Kecamatan == "") {
		return nil, nil
	}
	if haveLast {
		d.Addr = addr
		if sameAddress(last, d.savedAddress(cid)) {
			kept = last
		}
	}
	job := &prefetchJob{dest: shipping.Destination{Province: addr.Province, PostalCode: strings.TrimSpace(addr.PostalCode)}}
	switch {
	case conv.Step == StepArea && len(d.Areas) > 0:
		k, isNum := chat.MenuNumber(chat.Normalize(m.Text))
		if !isNum || k < 1 || k > len(d.Areas) {
			return nil, nil // not a pick: nothing priced yet
		}
		job.dest.AreaID = d.Areas[k-1].ID
	case d.AreaID != "" && d.AreaZip == addr.PostalCode:
		job.dest.AreaID = d.AreaID
	case kept.ID != 0:
		dest, err := shipping.DestinationOf(tx, kept, live.Name())
		if err != nil {
			return nil, err
		}
		job.dest.AreaID = dest.AreaID
	}
	if job.dest.AreaID == "" && !(d.AreaAsked && d.AreaZip == addr.PostalCode) {
		job.needArea, job.areaKec, job.areaCity, job.areaZip = true, addr.Kecamatan, addr.City, addr.PostalCode
	}
	q, err := env.Shipping.QuoterFromSettings(tx, nil)
	if err != nil {
		return nil, err
	}
	q.Cache, q.Log = nil, env.Log // Prefetch reads and writes the cache in transactions of its own
	if job.parcels, err = shipping.ParcelsOf(tx, cart.Items, live.Name()); err != nil || len(job.parcels) == 0 {
		return nil, err
	}
	job.quoter = q
	return job, nil
}

// formOrderPlan is the prefetch for a pasted format order with items and
// an address: the parcels of the lines it names (as formOrder will
// resolve them, read-only here) to that address. nil when the text is not
// such an order.
func formOrderPlan(env *chat.Env, tx *store.Tx, m chat.Message, live shipping.Provider) (*prefetchJob, error) {
	t := &turn{&chat.Turn{Ctx: context.Background(), Tx: tx, Env: env, Msg: m}}
	_, names, err := t.catalogue()
	if err != nil {
		return nil, err
	}
	f := orderform.ParseKnown(m.Text, names)
	if len(f.Items) == 0 || f.AddressText == "" || (f.Address.PostalCode == "" && f.Address.Kecamatan == "") {
		return nil, nil
	}
	var items []store.OrderItem
	for _, it := range f.Items {
		if it.Qty <= 0 {
			continue
		}
		mt, n, err := t.resolveItem(it.Query)
		if err != nil {
			return nil, err
		}
		if n == 1 {
			items = append(items, store.OrderItem{SupplierID: mt.product.SupplierID, Qty: it.Qty, WeightG: mt.variant.WeightG,
				UnitPrice: mt.variant.Cost})
		}
	}
	if len(items) == 0 {
		return nil, nil
	}
	parcels, err := shipping.ParcelsOf(tx, items, live.Name())
	if err != nil || len(parcels) == 0 {
		return nil, err
	}
	a := f.Address
	job := &prefetchJob{parcels: parcels, dest: shipping.Destination{Province: a.Province, PostalCode: strings.TrimSpace(a.PostalCode)}}
	if cid, ok, err := tx.CustomerOf(m.Channel, m.UserID); err != nil {
		return nil, err
	} else if ok {
		last, have, err := tx.LastAddress(cid)
		if err != nil {
			return nil, err
		}
		if ph, perr := locales.NormalizePhone(f.Phone); perr == nil && have {
			d := stateData{Name: strings.Join(strings.Fields(f.Name), " "), Phone: ph, Addr: &a}
			if sameAddress(last, d.savedAddress(cid)) {
				dest, err := shipping.DestinationOf(tx, last, live.Name())
				if err != nil {
					return nil, err
				}
				job.dest.AreaID = dest.AreaID
			}
		}
	}
	if job.dest.AreaID == "" {
		job.needArea, job.areaKec, job.areaCity, job.areaZip = true, a.Kecamatan, a.City, a.PostalCode
	}
	q, err := env.Shipping.QuoterFromSettings(tx, nil)
	if err != nil {
		return nil, err
	}
	q.Cache, q.Log = nil, env.Log
	job.quoter = q
	return job, nil
}

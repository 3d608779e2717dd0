package relay

import (
	"fmt"

	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/store"
)

// ParcelDelivered completes a shipped order once the courier reports every
// one of its parcels delivered: the order becomes selesai, which is what a
// customer's own "sudah diterima" does, so the complaint window (counted
// from selesai) starts now and the auto-complete job finds nothing to do.
// An order with a parcel still on its way, or not shipped, is left alone.
func ParcelDelivered(tx *store.Tx, shipmentID int64) error {
	s, err := tx.ShipmentByID(shipmentID)
	if err != nil {
		return fmt.Errorf("delivered parcel: %w", err)
	}
	code, err := tx.OrderCodeByID(s.OrderID)
	if err != nil {
		return fmt.Errorf("delivered parcel's order: %w", err)
	}
	o, err := tx.OrderByCode(code)
	if err != nil {
		return fmt.Errorf("delivered parcel's order: %w", err)
	}
	if o.Status != store.StatusShipped {
		return nil
	}
	ships, err := tx.ShipmentsOf(o.ID)
	if err != nil {
		return err
	}
	for _, sh := range ships {
		if sh.Status == store.ShipCancelled {
			continue
		}
		tr, err := tx.TrackedShipment(sh.ID)
		if store.IsNotFound(err) {
			return nil // a parcel not followed: the customer or the timer completes it
		}
		if err != nil {
			return err
		}
		if shipping.Milestone(tr.Milestone) != shipping.MilestoneDelivered {
			return nil
		}
	}
	return tx.SetOrderStatus(o.ID, o.Status, store.StatusDone, "system", "the courier reports every parcel delivered")
}

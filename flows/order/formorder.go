package order

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/orderform"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// itemMatch is a format-order line resolved to a variant of the catalogue.
type itemMatch struct {
	product store.Product
	variant store.Variant
}

// resolveItem finds the variant a format-order line names: an exact SKU
// (optionally followed by the variant name), or words that together appear
// in one product's name, SKU and variant name. ok is false when nothing or
// more than one variant fits.
func (t *turn) resolveItem(query string) (m itemMatch, candidates int, err error) {
	words := strings.Fields(chat.Normalize(query))
	if len(words) == 0 {
		return m, 0, nil
	}
	var pool []store.Product
	if p, err := t.Tx.ProductBySKU(words[0]); err == nil && p.Active {
		pool = []store.Product{p}
		words = words[1:]
	} else if err != nil && !store.IsNotFound(err) {
		return m, 0, err
	} else {
		// Any product whose name or SKU holds one of the words is a candidate.
		seen := map[int64]bool{}
		for _, w := range words {
			if len([]rune(w)) < 3 {
				continue
			}
			ps, _, err := t.Tx.Products(store.ProductFilter{Words: []string{w}, Limit: 50})
			if err != nil {
				return m, 0, err
			}
			for _, p := range ps {
				if !seen[p.ID] {
					seen[p.ID] = true
					pool = append(pool, p)
				}
			}
		}
	}
	best, bestScore := []itemMatch{}, -1
	for _, p := range pool {
		for _, v := range p.Variants {
			if !v.Active {
				continue
			}
			hay := chat.Normalize(p.SKU + " " + p.Name + " " + v.Name)
			score, all := 0, true
			for _, w := range words {
				if strings.Contains(hay, w) {
					score++
				} else {
					all = false
				}
			}
			// Every word must fit; a variant named by the line scores higher
			// than a product-only match, so "hijab voal navy" picks Navy.
			if !all {
				continue
			}
			if v.Name != "" && strings.Contains(chat.Normalize(strings.Join(words, " ")), chat.Normalize(v.Name)) {
				score += 10
			}
			switch {
			case score > bestScore:
				best, bestScore = []itemMatch{{p, v}}, score
			case score == bestScore:
				best = append(best, itemMatch{p, v})
			}
		}
	}
	if len(best) != 1 {
		return itemMatch{}, len(best), nil
	}
	return best[0], 1, nil
}

// formOrder handles a pasted "format order": it builds a fresh cart from
// the lines it can resolve, keeps the recipient, address, courier and
// sender it found, and asks only for what is missing or unclear.
func (t *turn) formOrder(text string) error {
	_, names, err := t.catalogue()
	if err != nil {
		return err
	}
	// The shop's product names let lines like "gamis busui 2" be read as
	// items even without a "Pesanan:" label.
	f := orderform.ParseKnown(text, names)
	if f.SecondOrder != "" {
		// Two recipients in one message: refuse both rather than make the
		// first. A shop admin who gets two blocks asks for them one by one,
		// because an invoice for only the first is easily paid as if it
		// covered both, and a half-made order is harder to untangle than
		// one more message. Nothing is created, and the cart and the step
		// the customer was at are kept.
		t.Reply(t.P.T("form.two_recipients"))
		return nil
	}
	if len(f.Items) == 0 && len(f.Problems) == 0 {
		// Name, phone and address without items: the recipient of the cart
		// the customer already filled, not a format order missing its items.
		cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
		if err != nil {
			return err
		}
		if ok && len(cart.Items) > 0 {
			return t.checkoutWith(text, nonEmptyLines(text))
		}
	}
	rules, err := t.Rules()
	if err != nil {
		return err
	}
	type line struct {
		m   itemMatch
		qty int
	}
	var lines []line
	var problems, stockNotes []string
	for _, pr := range f.Problems {
		if pr.Code == orderform.CodeBadQty {
			problems = append(problems, t.P.T("form.bad_qty", "line", pr.Raw))
		}
	}
	for _, it := range f.Items {
		if it.Qty <= 0 {
			continue // already reported as a problem
		}
		m, n, err := t.resolveItem(it.Query)
		if err != nil {
			return err
		}
		switch {
		case n == 0:
			problems = append(problems, t.P.T("form.unknown_item", "line", it.Raw))
			continue
		case n > 1:
			problems = append(problems, t.P.T("form.ambiguous_item", "line", it.Raw))
			continue
		}
		qty := it.Qty
		if avail, counted := m.variant.Available(); counted && int64(qty) > avail {
			if avail <= 0 {
				problems = append(problems, t.P.T("order.sold_out", "name", variantLabel(m.product, m.variant)))
				continue
			}
			// Offer what is left rather than refusing the whole form.
			qty = int(avail)
			stockNotes = append(stockNotes, t.P.T("order.qty_lowered", "name", variantLabel(m.product, m.variant), "want", it.Qty, "count", avail))
		}
		lines = append(lines, line{m, qty})
	}
	if len(problems) > 0 || len(lines) == 0 {
		if len(lines) == 0 && len(problems) == 0 {
			problems = append(problems, t.P.T("form.no_items"))
		}
		t.Reply(t.P.T("form.fix_items") + "\n" + strings.Join(problems, "\n") + "\n\n" + t.P.T("form.resend"))
		return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
	}

	if err := t.ensureBuyer(); err != nil {
		return err
	}
	// A pasted order is a new order: any unfinished cart is replaced.
	if old, ok, err := t.Tx.CartOf(t.Who.CustomerID); err != nil {
		return err
	} else if ok {
		if err := t.Tx.SetOrderStatus(old.ID, store.StatusCart, store.StatusCancelled, t.Actor(), "replaced by format order"); err != nil {
			return err
		}
	}
	cart := store.Order{CustomerID: t.Who.CustomerID, Channel: t.Msg.Channel, ChatID: t.Msg.ChatID, Status: store.StatusCart, Tier: t.Who.Tier}
	if err := t.Tx.CreateOrder(&cart); err != nil {
		return err
	}
	for _, l := range lines {
		price, err := chat.PriceFor(rules, l.m.variant, t.Who.Tier)
		if err != nil {
			return err
		}
		err = t.Tx.AddCartItem(cart.ID, store.OrderItem{VariantID: l.m.variant.ID, SupplierID: l.m.product.SupplierID,
			SKU: l.m.product.SKU, ProductName: l.m.product.Name, VariantName: l.m.variant.Name, Qty: l.qty,
			UnitPrice: price, UnitCost: l.m.variant.Cost, WeightG: l.m.variant.WeightG})
		if err != nil {
			return err
		}
	}
	cart, _, err = t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}

	d := stateData{WantCourier: f.Courier, WantService: f.Service}
	notes := stockNotes
	if n := strings.Join(strings.Fields(f.Name), " "); n != "" {
		d.Name = n
	}
	if f.Phone != "" {
		if ph, err := locales.NormalizePhone(f.Phone); err == nil {
			d.Phone = ph
		} else {
			notes = append(notes, t.P.T("form.bad_phone", "phone", f.Phone))
		}
	}
	if f.AddressText != "" && len(strings.Fields(f.Address.Line)) >= 2 {
		a := f.Address
		d.Addr = &a
	}
	if f.SenderName != "" {
		d.SenderName = f.SenderName
		if ph, err := locales.NormalizePhone(f.SenderPhone); err == nil {
			d.SenderPhone = ph
		}
	}
	summary := t.P.T("form.summary_head") + "\n" + t.itemLines(cart.Items) + "\n" +
		t.P.T("cart.subtotal", "amount", locales.FormatRupiah(cart.Subtotal))
	if d.Name != "" {
		who := d.Name
		if d.Phone != "" {
			who += " (" + locales.LocalPhone(d.Phone) + ")"
		}
		summary += "\n" + t.P.T("form.recipient", "who", who)
	}
	if d.Addr != nil {
		summary += "\n" + t.P.T("form.address", "address", d.Addr.String())
	}
	if d.SenderName != "" {
		sender := d.SenderName
		if d.SenderPhone != "" {
			sender += " (" + locales.LocalPhone(d.SenderPhone) + ")"
		}
		summary += "\n" + t.P.T("form.sender", "sender", sender)
	}
	if len(notes) > 0 {
		summary += "\n\n" + strings.Join(notes, "\n")
	}
	// The summary travels with the next question: one message back, not
	// two. With every detail given, the review shows it all anyway.
	if d.Name == "" || d.Phone == "" || d.Addr == nil || !d.Addr.Complete() || d.WantCourier == "" || len(notes) > 0 {
		t.AddNote(summary)
	}
	return t.continueCheckout(d)
}

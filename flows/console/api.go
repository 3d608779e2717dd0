package console

import "github.com/dropbot/dropbot/flows/chat"

// What the router calls in the console.

// OwnerCatalogPhoto is a photo the owner sends for a product (caption
// /foto SKU) or to the product being added.
func OwnerCatalogPhoto(ct *chat.Turn, m *chat.Media) error { return (&turn{ct}).ownerCatalogPhoto(m) }

// OwnerImportFile is a CSV or XLSX catalogue the owner sends.
func OwnerImportFile(ct *chat.Turn, m *chat.Media) error { return (&turn{ct}).ownerImportFile(m) }

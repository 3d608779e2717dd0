// Package console is the owner's toolbox in the private chat: the product
// catalogue (/produk, /tambahproduk, /ubah, photos, CSV/XLSX import),
// markup rules, the /atur settings table, reports, the recap and export,
// broadcast, staff (/admin, the owner's claim code), backups and the
// privacy requests of customers (/dataku, /hapusdata, /retensi).
package console

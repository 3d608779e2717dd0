package orderform

import (
	"strings"
	"unicode"
)

// Unlabelled rewrites a whole order typed on one line with markers but no
// colons ("kak aku mau order gamis busui 1 ya kirim ke joko santoso hp +62
// 812-9988-7766 alamat jl kebon jeruk raya 5 jakarta barat 11530 pake jne
// aja bayar cod") as a labelled format order, so Parse keeps every detail
// and the checkout asks only for what is missing. The markers are nama,
// penerima, kirim ke / dikirim ke (the name when an alamat follows, else
// the address), hp / no hp / wa / no wa / telp, alamat / almt, and pake /
// pakai / via / kurir / ekspedisi before a courier's name. What comes
// before the first marker, after an order word (order, pesan, beli, ...),
// is the order's items. A "bayar cod" or "cod" is left out (the way to pay
// is picked at the review); other words after the courier become Catatan.
//
// ok is false, and text is not to be read as an order, unless the text is
// one line with an order word before the first marker and at least two of
// name, phone and address with a value, the phone holding 9 digits or
// more.
func Unlabelled(text string) (form string, ok bool) {
	if strings.ContainsAny(text, "\n\r") || Looks(text) {
		return "", false
	}
	raw := strings.Fields(text)
	if len(raw) > 80 {
		return "", false
	}
	low := make([]string, len(raw))
	for i, w := range raw {
		low[i] = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	}
	type mark struct {
		at, width int
		label     string
	}
	var marks []mark
	hasAddr := false
	for i := 0; i < len(low); i++ {
		two := ""
		if i+1 < len(low) {
			two = low[i] + " " + low[i+1]
		}
		switch {
		case two == "no hp" || two == "no wa" || two == "no telp" || two == "nomor hp" || two == "nomor wa":
			marks = append(marks, mark{i, 2, "HP"})
			i++
		case two == "kirim ke" || two == "dikirim ke":
			marks = append(marks, mark{i, 2, "kirim"})
			i++
		case low[i] == "hp" || low[i] == "wa" || low[i] == "telp" || low[i] == "tlp" || low[i] == "nohp" || low[i] == "hp/wa":
			marks = append(marks, mark{i, 1, "HP"})
		case low[i] == "nama" || low[i] == "penerima":
			marks = append(marks, mark{i, 1, "Nama"})
		case low[i] == "alamat" || low[i] == "almt" || low[i] == "alamatnya":
			marks = append(marks, mark{i, 1, "Alamat"})
			hasAddr = true
		case (low[i] == "pake" || low[i] == "pakai" || low[i] == "via" || low[i] == "kurir" || low[i] == "ekspedisi") &&
			i+1 < len(low) && couriers[low[i+1]]:
			marks = append(marks, mark{i, 1, "Kurir"})
		}
	}
	if len(marks) == 0 {
		return "", false
	}
	// The items: after the last order word before the first marker.
	start := -1
	for i := 0; i < marks[0].at; i++ {
		if orderWords[low[i]] {
			start = i + 1
		}
	}
	if start < 0 {
		return "", false
	}
	items := trimFillers(raw[start:marks[0].at], low[start:marks[0].at])
	if !hasLetterRune(strings.Join(items, " ")) {
		return "", false
	}
	lines := []string{"Pesanan: " + strings.Join(items, " ")}
	seen := map[string]bool{}
	for k, m := range marks {
		end := len(raw)
		if k+1 < len(marks) {
			end = marks[k+1].at
		}
		from := m.at + m.width
		label := m.label
		if label == "kirim" {
			label = "Alamat"
			if hasAddr {
				label = "Nama"
			}
		}
		var value []string
		switch label {
		case "Kurir":
			value = raw[from : from+1]
			if from+1 < end && serviceCodes[low[from+1]] {
				value = raw[from : from+2]
			}
			if rest := trimFillers(raw[from+len(value):end], low[from+len(value):end]); len(rest) > 0 {
				lines = append(lines, "Catatan: "+strings.Join(rest, " "))
			}
		default:
			value = trimFillers(raw[from:end], low[from:end])
		}
		v := strings.Join(value, " ")
		if !hasLetterRune(v) && label != "HP" || !hasAlnum(v) || seen[label] {
			continue
		}
		seen[label] = true
		if label == "HP" && countDigits(v) < 9 {
			return "", false
		}
		lines = append(lines, label+": "+v)
	}
	n := 0
	for _, l := range []string{"Nama", "HP", "Alamat"} {
		if seen[l] {
			n++
		}
	}
	if n < 2 {
		return "", false
	}
	return strings.Join(lines, "\n"), true
}

// orderWords start the items of a one-line order.
var orderWords = map[string]bool{
	"order": true, "pesan": true, "pesen": true, "beli": true, "mesen": true, "ambil": true, "co": true, "checkout": true,
}

// couriers are the couriers' names read after "pake" in a one-line order.
var couriers = map[string]bool{
	"jne": true, "jnt": true, "j&t": true, "sicepat": true, "anteraja": true, "pos": true, "tiki": true,
	"ninja": true, "lion": true, "wahana": true, "idexpress": true, "sap": true, "jet": true,
}

// lineFillers are the chat words around a one-line order's values, and the
// way to pay (picked at the review).
var lineFillers = map[string]bool{
	"ya": true, "yaa": true, "kak": true, "ka": true, "kk": true, "min": true, "aja": true, "saja": true,
	"dong": true, "deh": true, "nih": true, "sis": true, "gan": true, "bayar": true, "cod": true, "tf": true,
	"transfer": true, "yg": true, "yang": true, "ke": true, "di": true, "sama": true, "dan": true, "terus": true, "trus": true,
}

// trimFillers drops filler words at both ends of a value (and "bayar cod"
// anywhere after the courier).
func trimFillers(raw, low []string) []string {
	i, j := 0, len(raw)
	for i < j && lineFillers[low[i]] {
		i++
	}
	for j > i && lineFillers[low[j-1]] {
		j--
	}
	return raw[i:j]
}

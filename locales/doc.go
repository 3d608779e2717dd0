// Package locales holds everything dropbot says to people and the Indonesian
// conventions it needs to read and write: message catalogues (Indonesian and
// English), Rupiah amounts, phone numbers and dates in WIB.
//
// # Message catalogues
//
// Catalogues are plain text files embedded in the binary, several per
// language so that different people can own different areas:
//
//	data/<lang>/<area>.txt     e.g. data/id/common.txt, data/en/common.txt
//
// <lang> is a lowercase ISO 639 code (two or three letters); "id" must
// exist, as it is the fallback language. Every language must define exactly
// the same keys with the same placeholders (a test checks it).
//
// File format, line by line:
//
//   - A line "[some.key]" starts a message. Keys match
//     ^[a-z0-9_]+(\.[a-z0-9_]+)+$ (lowercase, at least two dot-separated
//     segments). Any other line starting with "[" is an error.
//   - The body is every following line up to the next header. Leading and
//     trailing blank lines of a body are dropped, inner blank lines are kept,
//     trailing spaces of each line are dropped. An empty body is an error.
//   - A line starting with "#" is a comment, anywhere in the file.
//   - A body line starting with a backslash loses that backslash, so "\#"
//     writes a line starting with "#", "\[" one starting with "[", and "\\"
//     one starting with "\".
//   - Placeholders look like {name} (regexp \{[a-z_][a-z0-9_]*\}) and are
//     filled by T from name/value argument pairs. A placeholder whose name
//     ends in "_digits" and has no argument of its own is the digits of the
//     argument it names: {amount_digits} of "Rp317.305" is "317305".
//   - Text is written in WhatsApp's formatting, the neutral markup of
//     bot/markup: *bold*, _italic_, ~strike~, `code`. Code marks what a
//     person copies exactly (an amount, an account number, an order code,
//     a resi). A marker must open and close a word on one line to count.
//   - Text before the first header (other than comments and blank lines), a
//     malformed header and a key defined twice in one language (in the same
//     file or in two files) are errors. Errors name the file and line.
//
// Example:
//
//	# Greeting shown after /start.
//	[menu.greeting]
//	Halo Kak {name}! Ada yang bisa dibantu?
//
//	\# bukan komentar
//
// # Conventions
//
// FormatRupiah and ParseRupiah handle amounts as Indonesians write them
// (Rp150.000, 150rb, 1,5jt); NormalizePhone turns what people type into the
// 62… form WhatsApp uses; Printer.Date and Printer.DateTime show times in WIB.
// Errors a user can cause (*MoneyError, *PhoneError) carry a stable Code; the
// catalogue has a matching message under "money.err.<code>" and
// "phone.err.<code>".
package locales

package locales

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed data
var embedded embed.FS

// Lang identifies a catalogue language by its lowercase ISO 639 code.
type Lang string

// The languages dropbot ships with.
const (
	ID Lang = "id" // Indonesian: the default and the fallback language.
	EN Lang = "en" // English.
)

var (
	keyRE         = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)
	placeholderRE = regexp.MustCompile(`\{[a-z_][a-z0-9_]*\}`)
	langDirRE     = regexp.MustCompile(`^[a-z]{2,3}$`)
)

// langNames maps the lowercase names people and platforms use for a language
// to the Lang. Read-only.
var langNames = map[string]Lang{
	"id": ID, "ind": ID, "in": ID, // "in" is the old ISO code (still used by Java)
	"indonesia": ID, "indonesian": ID, "bahasa": ID, "bahasa indonesia": ID,
	"en": EN, "eng": EN, "english": EN, "inggris": EN, "bahasa inggris": EN,
}

// ParseLang reads a language name or code such as "id", "ID", "indonesia",
// "en", "English", or a tag like "id-ID" or "en_US" (Telegram's
// language_code). It reports false, with ID as the fallback, when it does not
// recognise s.
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if l, ok := langNames[s]; ok {
		return l, true
	}
	if i := strings.IndexAny(s, "-_"); i > 0 {
		if l, ok := langNames[s[:i]]; ok {
			return l, true
		}
	}
	return ID, false
}

// Bundle is a parsed set of catalogues, one per language. It is immutable
// after Load and safe for concurrent use.
type Bundle struct {
	langs []Lang                     // ID first, then the others sorted
	msgs  map[Lang]map[string]string // lang → key → text
	keys  map[Lang][]string          // lang → sorted keys
}

// Load parses the catalogues embedded in the binary.
func Load() (*Bundle, error) {
	return parse(embedded, "data")
}

var defaultBundle = sync.OnceValue(func() *Bundle {
	b, err := Load()
	if err != nil {
		// Only reachable if the embedded data is broken, which
		// TestLoadEmbedded rules out before anything ships.
		panic(err)
	}
	return b
})

// Default returns the bundle parsed from the embedded catalogues, parsing
// them on first use. It panics only if the embedded data is broken, which
// the package's tests rule out.
func Default() *Bundle { return defaultBundle() }

// Langs returns the languages in the bundle: ID first, then the rest sorted.
func (b *Bundle) Langs() []Lang {
	if b == nil {
		return nil
	}
	return slices.Clone(b.langs)
}

// resolve returns lang if the bundle has it and ID otherwise.
func (b *Bundle) resolve(lang Lang) Lang {
	if b != nil {
		if _, ok := b.msgs[lang]; ok {
			return lang
		}
	}
	return ID
}

func (b *Bundle) lookup(lang Lang, key string) (string, bool) {
	if b == nil {
		return "", false
	}
	text, ok := b.msgs[b.resolve(lang)][key]
	return text, ok
}

// Has reports whether T(lang, key) finds a catalogue text. Like T, it looks
// a language the bundle does not have up in ID.
func (b *Bundle) Has(lang Lang, key string) bool {
	_, ok := b.lookup(lang, key)
	return ok
}

// Keys returns the keys of a language, sorted. Like T, it falls back to ID
// for a language the bundle does not have.
func (b *Bundle) Keys(lang Lang) []string {
	if b == nil {
		return nil
	}
	return slices.Clone(b.keys[b.resolve(lang)])
}

// T returns the text of key in lang with its placeholders filled.
//
// args are name/value pairs: T(ID, "menu.greeting", "name", "Budi",
// "count", 3) replaces {name} and {count}. Values are formatted with
// fmt.Sprint (format money with FormatRupiah first). A placeholder without a
// matching argument is filled from another argument when its name says how
// ({amount_digits} is the digits of {amount}: see DigitsSuffix), else left
// as it is; with an odd number of args the last
// one is ignored; the first pair wins when a name repeats.
//
// A language the bundle does not have falls back to ID. A missing key gives
// "⟦key⟧" so the gap is visible in the chat; T never panics.
func (b *Bundle) T(lang Lang, key string, args ...any) string {
	text, ok := b.lookup(lang, key)
	if !ok {
		return "⟦" + key + "⟧"
	}
	if len(args) < 2 || !strings.Contains(text, "{") {
		return text
	}
	return fill(text, args)
}

// fill replaces every {name} of text (what placeholderRE matches) with the
// value after that name in args; unknown names stay as they are. A hand
// scan: the regexp was a tenth of a chat message's CPU.
func fill(text string, args []any) string {
	var sb strings.Builder
	sb.Grow(len(text) + 16)
	for {
		open := strings.IndexByte(text, '{')
		if open < 0 {
			sb.WriteString(text)
			return sb.String()
		}
		n := placeholderLen(text[open:])
		if n == 0 {
			sb.WriteString(text[:open+1])
			text = text[open+1:]
			continue
		}
		sb.WriteString(text[:open])
		m := text[open : open+n]
		sb.WriteString(argValue(m, args))
		text = text[open+n:]
	}
}

// placeholderLen is the length of the placeholder at the start of s
// ("{name}", name a lower-case letter or _ then letters, digits or _), or 0.
func placeholderLen(s string) int {
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '}' && i > 1:
			return i + 1
		case c == '_' || 'a' <= c && c <= 'z' || i > 1 && '0' <= c && c <= '9':
		default:
			return 0
		}
	}
	return 0
}

func argValue(m string, args []any) string {
	if v, ok := lookupArg(m[1:len(m)-1], args); ok {
		return v
	}
	return m
}

// lookupArg is the value of the argument called name, or the value derived
// from another argument (see derived).
func lookupArg(name string, args []any) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if argName(args[i]) == name {
			switch v := args[i+1].(type) {
			case string:
				return v, true
			case int:
				return strconv.Itoa(v), true
			default:
				return fmt.Sprint(v), true
			}
		}
	}
	return derived(name, args)
}

func argName(a any) string {
	if s, ok := a.(string); ok {
		return s
	}
	return fmt.Sprint(a)
}

// placeholders returns the distinct placeholder names used in text, sorted.
func placeholders(text string) []string {
	var names []string
	for _, m := range placeholderRE.FindAllString(text, -1) {
		names = append(names, m[1:len(m)-1])
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// loadError is a problem in a catalogue file, located by file and line.
type loadError struct {
	file string
	line int
	msg  string
}

func (e *loadError) Error() string {
	return fmt.Sprintf("locales: %s:%d: %s", e.file, e.line, e.msg)
}

// parse reads root/<lang>/*.txt from fsys.
func parse(fsys fs.FS, root string) (*Bundle, error) {
	entries, err := fs.ReadDir(fsys, root)
	if err != nil {
		return nil, fmt.Errorf("locales: read catalogues: %w", err)
	}
	b := &Bundle{msgs: map[Lang]map[string]string{}, keys: map[Lang][]string{}}
	for _, e := range entries {
		if !e.IsDir() {
			continue // e.g. a README next to the language directories
		}
		dir := path.Join(root, e.Name())
		if !langDirRE.MatchString(e.Name()) {
			return nil, fmt.Errorf("locales: %s: directory name is not a lowercase language code", dir)
		}
		lang := Lang(e.Name())
		files, err := fs.Glob(fsys, path.Join(dir, "*.txt"))
		if err != nil {
			return nil, fmt.Errorf("locales: list %s: %w", dir, err)
		}
		msgs := map[string]string{}
		where := map[string]string{} // key → "file:line" of its header
		for _, name := range files {
			src, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("locales: read %s: %w", name, err)
			}
			if err := parseFile(name, string(src), msgs, where); err != nil {
				return nil, err
			}
		}
		b.msgs[lang] = msgs
		keys := make([]string, 0, len(msgs))
		for k := range msgs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b.keys[lang] = keys
		b.langs = append(b.langs, lang)
	}
	if _, ok := b.msgs[ID]; !ok {
		return nil, fmt.Errorf("locales: %s: missing the fallback language directory %q", root, ID)
	}
	slices.SortFunc(b.langs, func(x, y Lang) int {
		switch {
		case x == y:
			return 0
		case x == ID:
			return -1
		case y == ID:
			return 1
		}
		return strings.Compare(string(x), string(y))
	})
	return b, nil
}

// parseFile adds the messages of one file to msgs. where records the header
// position of every key seen so far in the language, to report duplicates.
func parseFile(name, src string, msgs, where map[string]string) error {
	fail := func(line int, format string, args ...any) error {
		return &loadError{file: name, line: line, msg: fmt.Sprintf(format, args...)}
	}
	var (
		key     string
		keyLine int
		body    []string
	)
	flush := func() error {
		if key == "" {
			return nil
		}
		for len(body) > 0 && body[0] == "" {
			body = body[1:]
		}
		for len(body) > 0 && body[len(body)-1] == "" {
			body = body[:len(body)-1]
		}
		if len(body) == 0 {
			return fail(keyLine, "message [%s] has an empty body", key)
		}
		msgs[key] = strings.Join(body, "\n")
		return nil
	}
	src = strings.TrimPrefix(src, "\ufeff")
	for i, raw := range strings.Split(src, "\n") {
		n := i + 1
		if !utf8.ValidString(raw) {
			return fail(n, "invalid UTF-8")
		}
		line := strings.TrimRight(raw, " \t\r")
		switch {
		case strings.HasPrefix(line, "#"):
			// comment
		case strings.HasPrefix(line, "["):
			k := strings.TrimSuffix(strings.TrimPrefix(line, "["), "]")
			if !strings.HasSuffix(line, "]") || !keyRE.MatchString(k) {
				return fail(n, `malformed header %q: want [key] with key matching %s (write "\[" for body text starting with "[")`, line, keyRE)
			}
			if err := flush(); err != nil {
				return err
			}
			if at, dup := where[k]; dup {
				return fail(n, "duplicate key %q (first defined at %s)", k, at)
			}
			where[k] = fmt.Sprintf("%s:%d", name, n)
			key, keyLine, body = k, n, nil
		case key == "":
			if strings.TrimSpace(line) != "" {
				return fail(n, "text before the first [key] header")
			}
		default:
			if strings.TrimSpace(line) == "" {
				line = ""
			}
			body = append(body, strings.TrimPrefix(line, `\`))
		}
	}
	return flush()
}

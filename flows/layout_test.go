package flows_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/dropbot/dropbot/"

// areas in the order the arrows allow: an area may import only those after
// it (and chat, the pure helpers, store and locales).
var areaOrder = []string{"console", "aftersales", "order", "partner", "relay", "refund", "handoff"}

// pureHelpers hold no turn and no conversation state: they may import no
// area, not even chat.
var pureHelpers = []string{"address", "catalog", "orderform", "pricing", "qris", "report", "resi", "shipping", "intent", "commission"}

// imports lists the project packages the non-test files of dir import.
func imports(t *testing.T, dir string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if strings.HasPrefix(p, module) {
				out[strings.TrimPrefix(p, module)] = true
			}
		}
	}
	return out
}

// TestLayoutArrows checks DESIGN §2: cmd → bot → flows → flows/<area> →
// flows/chat → store, areas in one order with no circle, helpers below all
// of them, and store importing nothing of the project.
func TestLayoutArrows(t *testing.T) {
	for i, area := range areaOrder {
		allowed := map[string]bool{"flows/chat": true, "store": true, "locales": true}
		for _, below := range areaOrder[i+1:] {
			allowed["flows/"+below] = true
		}
		for _, h := range pureHelpers {
			allowed["flows/"+h] = true
		}
		for p := range imports(t, area) {
			if !allowed[p] {
				t.Errorf("flows/%s imports %s: against the arrows", area, p)
			}
		}
	}
	for p := range imports(t, "chat") {
		if strings.HasPrefix(p, "flows/") && !contains(pureHelpers, strings.TrimPrefix(p, "flows/")) || strings.HasPrefix(p, "bot") {
			t.Errorf("flows/chat imports %s: the core imports no area", p)
		}
	}
	for _, h := range pureHelpers {
		if _, err := os.Stat(h); err != nil {
			continue
		}
		for p := range imports(t, h) {
			if p == "flows/chat" || contains(areaOrder, strings.TrimPrefix(p, "flows/")) || strings.HasPrefix(p, "bot") {
				t.Errorf("helper flows/%s imports %s: helpers hold no conversation", h, p)
			}
		}
	}
	for p := range imports(t, ".") {
		if strings.HasPrefix(p, "bot") || strings.HasPrefix(p, "cmd") {
			t.Errorf("flows imports %s: flows never sees an adapter", p)
		}
	}
	for p := range imports(t, filepath.Join("..", "store")) {
		t.Errorf("store imports %s: store imports nothing of the project", p)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestRoomsStaySmall: no non-test file under flows is past 700 lines.
func TestRoomsStaySmall(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if n := strings.Count(string(b), "\n"); n > 700 {
			t.Errorf("%s has %d lines: a room that wants splitting", path, n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

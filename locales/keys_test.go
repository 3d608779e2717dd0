package locales

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// usedKey is a catalogue key written as a string literal in a call to T.
type usedKey struct {
	key string
	pos token.Position
}

// keysUsed returns the catalogue keys file passes to a method named T
// (p.T("k"), b.T(lang, "k"), locales.Default().T(…)): every string literal
// among the first two arguments that looks like a key.
func keysUsed(fset *token.FileSet, file *ast.File) []usedKey {
	var out []usedKey
	ast.Inspect(file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "T" {
			return true
		}
		for _, arg := range call.Args[:min(2, len(call.Args))] {
			lit, ok := arg.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				continue
			}
			if s, err := strconv.Unquote(lit.Value); err == nil && keyRE.MatchString(s) {
				out = append(out, usedKey{s, fset.Position(lit.Pos())})
			}
		}
		return true
	})
	return out
}

func TestKeysUsedFinder(t *testing.T) {
	src := `package x
func f() {
	p.T("order.title", "n", 1)
	b.T(locales.ID, "order.total")
	locales.Default().For(lang).T(` + "`order.raw`" + `)
	p.T("Not a key")
	p.T("single")
	p.T(k)
	p.T("money.err." + code)
	p.Tx("other.fn")
	T("not.a.selector")
	p.T(lang, "a.b", "c.d")
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range keysUsed(fset, f) {
		got = append(got, u.key+"@"+strconv.Itoa(u.pos.Line))
	}
	want := []string{"order.title@3", "order.total@4", "order.raw@5", "a.b@12"}
	if !slices.Equal(got, want) {
		t.Errorf("keysUsed = %v, want %v", got, want)
	}
}

// TestKeysUsedExist: every key the module's code passes as a literal to T
// exists in every language.
func TestKeysUsedExist(t *testing.T) {
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root := here
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			t.Fatalf("no go.mod above %s", here)
		}
		root = parent
	}
	b := Default()
	fset := token.NewFileSet()
	files, checked := 0, 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if path != root {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || (filepath.Dir(path) == here && strings.HasSuffix(name, "_test.go")) {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Errorf("parse: %v", err)
			return nil
		}
		files++
		for _, u := range keysUsed(fset, f) {
			checked++
			for _, lang := range b.Langs() {
				if !b.Has(lang, u.key) {
					rel, _ := filepath.Rel(root, u.pos.Filename)
					t.Errorf("%s:%d: key %q is missing in %s", rel, u.pos.Line, u.key, lang)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no Go files found under %s", root)
	}
	t.Logf("%d Go files, %d literal keys checked", files, checked)
}

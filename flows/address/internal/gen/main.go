// Command gen rebuilds flows/address/data/wilayah.tsv.gz from the CSV files
// of the npm package idn-area-data (data licensed ODbL, see
// flows/address/data/NOTICE).
//
//	cd /tmp && npm pack idn-area-data@4.0.1 && tar xzf idn-area-data-4.0.1.tgz
//	IDN_AREA_DATA=/tmp/package go generate ./flows/address
//
// (or: go run ./flows/address/internal/gen -src /tmp/package/data -out flows/address/data/wilayah.tsv.gz)
//
// The output is one area per line, nested by depth: the number of leading
// tabs is the level (0 province, 1 kota/kabupaten, 2 kecamatan, 3
// kelurahan/desa), then the area's own part of the Kemendagri code (the
// digits after its parent's code), one space, and the official name. Every
// area follows its parent, so codes are never repeated. The file is gzip
// compressed with no timestamp, so the same input gives the same bytes.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	src := flag.String("src", "", "the data folder of the idn-area-data package")
	out := flag.String("out", "data/wilayah.tsv.gz", "output file")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// row is one area: its full code, its parent's code and its name.
type row struct{ code, parent, name string }

func run(src, out string) error {
	if src == "" {
		return errors.New("-src is required")
	}
	var levels [4][]row
	files := []struct {
		name      string
		hasParent bool
	}{{"provinces.csv", false}, {"regencies.csv", true}, {"districts.csv", true}, {"villages.csv", true}}
	for i, f := range files {
		rows, err := readCSV(filepath.Join(src, f.name), f.hasParent)
		if err != nil {
			return err
		}
		levels[i] = rows
	}
	children := map[string][]row{}
	for _, rows := range levels[1:] {
		for _, r := range rows {
			children[r.parent] = append(children[r.parent], r)
		}
	}
	for k := range children {
		slices.SortFunc(children[k], func(a, b row) int { return strings.Compare(a.code, b.code) })
	}
	slices.SortFunc(levels[0], func(a, b row) int { return strings.Compare(a.code, b.code) })

	fh, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	zw, err := gzip.NewWriterLevel(fh, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("gzip: %w", err)
	}
	w := bufio.NewWriter(zw)
	n := 0
	var write func(r row, depth int) error
	write = func(r row, depth int) error {
		local := strings.TrimPrefix(strings.TrimPrefix(r.code, r.parent), ".")
		if strings.ContainsAny(r.name, "\t\n") || local == "" || strings.Contains(local, " ") {
			return fmt.Errorf("unusable row %q", r.code)
		}
		fmt.Fprintf(w, "%s%s %s\n", strings.Repeat("\t", depth), local, strings.TrimSpace(r.name))
		n++
		for _, c := range children[r.code] {
			if err := write(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	for _, p := range levels[0] {
		if err := write(p, 0); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("gzip close: %w", err)
	}
	if err := fh.Close(); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	total := 0
	for _, l := range levels {
		total += len(l)
	}
	if n != total {
		return fmt.Errorf("wrote %d areas of %d: some have no parent", n, total)
	}
	fmt.Fprintf(os.Stderr, "gen: %d provinces, %d kota/kabupaten, %d kecamatan, %d kelurahan/desa\n",
		len(levels[0]), len(levels[1]), len(levels[2]), len(levels[3]))
	return nil
}

func readCSV(path string, hasParent bool) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	var out []row
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if first {
			continue // header
		}
		switch {
		case hasParent && len(rec) >= 3:
			out = append(out, row{code: rec[0], parent: rec[1], name: rec[2]})
		case !hasParent && len(rec) >= 2:
			out = append(out, row{code: rec[0], name: rec[1]})
		default:
			return nil, fmt.Errorf("%s: short record %q", path, rec)
		}
	}
}

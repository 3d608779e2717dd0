package catalog

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// numberCells walks the first sheet's XML beside excelize's row iterators
// and tells which cells of a row are stored as numbers (no t attribute, or
// t="n"): excelize's streaming reader gives values but not types, and its
// GetCellType loads the whole sheet into memory.
type numberCells struct {
	rc      io.ReadCloser
	dec     *xml.Decoder
	row     int               // number of the row last read
	pending *xml.StartElement // a <row> read ahead of the row asked for
	done    bool
}

// openNumberCells finds the workbook's first sheet in zr and starts
// reading it. It returns nil when the sheet cannot be found (every cell
// then reads as text).
func openNumberCells(zr *zip.Reader) *numberCells {
	target := firstSheetPath(zr)
	if target == "" {
		return nil
	}
	for _, zf := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(zf.Name, "\\", "/"), target) {
			rc, err := zf.Open()
			if err != nil {
				return nil
			}
			return &numberCells{rc: rc, dec: xml.NewDecoder(rc)}
		}
	}
	return nil
}

func (c *numberCells) close() {
	if c != nil {
		c.rc.Close()
	}
}

// numbers returns, for spreadsheet row n (rows are asked in increasing
// order), the 0-based columns whose cells are stored as numbers.
func (c *numberCells) numbers(n int) map[int]bool {
	if c == nil {
		return nil
	}
	for !c.done {
		var start xml.StartElement
		if c.pending != nil {
			start = *c.pending
		} else {
			tok, err := c.dec.Token()
			if err != nil {
				c.done = true
				return nil
			}
			se, ok := tok.(xml.StartElement)
			if !ok || se.Name.Local != "row" {
				continue
			}
			start = se
			c.row++
			if r, err := strconv.Atoi(attr(se, "r")); err == nil && r > 0 {
				c.row = r
			}
		}
		if c.row > n {
			c.pending = &start
			return nil
		}
		c.pending = nil
		if c.row == n {
			return c.readRow()
		}
		if err := c.dec.Skip(); err != nil {
			c.done = true
		}
	}
	return nil
}

// readRow reads the cells of the <row> just started, up to its end.
func (c *numberCells) readRow() map[int]bool {
	out := map[int]bool{}
	col := 0
	for {
		tok, err := c.dec.Token()
		if err != nil {
			c.done = true
			return out
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == "row" {
				return out
			}
		case xml.StartElement:
			if t.Name.Local != "c" {
				continue
			}
			col++
			if ref := attr(t, "r"); ref != "" {
				if x, _, err := excelize.CellNameToCoordinates(ref); err == nil {
					col = x
				}
			}
			if typ := attr(t, "t"); (typ == "" || typ == "n") && col <= MaxColumns {
				out[col-1] = true
			}
			if err := c.dec.Skip(); err != nil {
				c.done = true
				return out
			}
		}
	}
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// firstSheetPath returns the zip path of the workbook's first sheet (as
// excelize lists them), "" when the workbook does not say.
func firstSheetPath(zr *zip.Reader) string {
	var rid string
	err := scanXML(zr, "xl/workbook.xml", func(se xml.StartElement) bool {
		if se.Name.Local == "sheet" {
			for _, a := range se.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					rid = a.Value
				}
			}
			return true
		}
		return false
	})
	if err != nil || rid == "" {
		return ""
	}
	var target string
	err = scanXML(zr, "xl/_rels/workbook.xml.rels", func(se xml.StartElement) bool {
		if se.Name.Local == "Relationship" && attr(se, "Id") == rid {
			target = attr(se, "Target")
			return true
		}
		return false
	})
	if err != nil || target == "" {
		return ""
	}
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join("xl", target)
}

// scanXML calls found on each start element of the zip part name until it
// returns true.
func scanXML(zr *zip.Reader, name string, found func(xml.StartElement) bool) error {
	for _, zf := range zr.File {
		if !strings.EqualFold(strings.ReplaceAll(zf.Name, "\\", "/"), name) {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		dec := xml.NewDecoder(rc)
		for {
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			if se, ok := tok.(xml.StartElement); ok && found(se) {
				return nil
			}
		}
	}
	return errors.New("no " + name)
}

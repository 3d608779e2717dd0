package playground

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Printer writes what the bot sent, as text for people or as JSON lines.
type Printer struct {
	W    io.Writer
	JSON bool
}

// Print writes the messages.
func (pr Printer) Print(msgs []Sent) error {
	for _, m := range msgs {
		if pr.JSON {
			b, err := json.Marshal(m)
			if err != nil {
				return err
			}
			if _, err := fmt.Fprintf(pr.W, "%s\n", b); err != nil {
				return err
			}
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "bot → %s\n", m.To)
		if m.Photo != "" {
			fmt.Fprintf(&b, "  [photo: %s]\n", m.Photo)
		}
		for _, l := range strings.Split(m.Text, "\n") {
			fmt.Fprintf(&b, "  %s\n", l)
		}
		for i, o := range m.Options {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, o)
		}
		if _, err := io.WriteString(pr.W, b.String()+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// ErrBadLines is returned by RunScript when some lines could not be used;
// the other lines were still processed.
var ErrBadLines = errors.New("some script lines were skipped")

// RunScript processes every line of r in order, printing what the bot sends.
// A bad line is reported on errw with its number and skipped.
func (p *Playground) RunScript(ctx context.Context, r io.Reader, pr Printer, errw io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	bad := 0
	for n := 1; sc.Scan(); n++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		l, ok, err := ParseLine(sc.Text())
		if err == nil && ok {
			var msgs []Sent
			if msgs, err = p.Say(ctx, l); err == nil {
				err = pr.Print(msgs)
			}
		}
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) {
				return fmt.Errorf("line %d: %w", n, err)
			}
			bad++
			fmt.Fprintf(errw, "line %d skipped: %v\n", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read script: %w", err)
	}
	if bad > 0 {
		return fmt.Errorf("%w (%d)", ErrBadLines, bad)
	}
	return nil
}

// Interactive reads lines typed by a person. A line may start with a
// sender like a script line; otherwise it is sent as the current speaker
// (at first customer:kamu). A sender alone switches the speaker.
func (p *Playground) Interactive(ctx context.Context, r io.Reader, pr Printer, w io.Writer) error {
	speaker := "customer:kamu"
	fmt.Fprintf(w, "dropbot playground — you are %s. Type a message, or start a line with owner, customer:<id> or group:<id>/<person>. Ctrl-D quits.\n", speaker)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for {
		fmt.Fprintf(w, "%s » ", speaker)
		if !sc.Scan() {
			fmt.Fprintln(w)
			return sc.Err()
		}
		raw := strings.TrimSpace(sc.Text())
		if raw == "" || strings.HasPrefix(raw, "#") {
			continue
		}
		head, rest, _ := strings.Cut(raw, " ")
		if head == "clock" {
			// a clock line, not a message
		} else if _, err := ParseSender(head); err == nil {
			speaker = head
			if strings.TrimSpace(rest) == "" {
				continue
			}
		} else {
			raw = speaker + " " + raw
		}
		l, ok, err := ParseLine(raw)
		if err == nil && ok {
			var msgs []Sent
			if msgs, err = p.Say(ctx, l); err == nil {
				err = pr.Print(msgs)
			}
		}
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) {
				return err
			}
			fmt.Fprintf(w, "(%v)\n", err)
		}
	}
}

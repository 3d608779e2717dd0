package bot_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/store"
)

// writerProbe is a fake Biteship that, on every call, tries a write of
// its own on the books with a short wait: it succeeds when nobody holds
// the writer (the call came before the message's transaction) and times
// out when the engine's transaction holds it (the call came from inside).
type writerProbe struct {
	mu              sync.Mutex
	db              *store.DB
	inside, outside map[string]int // by path: "areas", "rates"
}

func (p *writerProbe) count(what string) {
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	err := p.db.Update(ctx, func(tx *store.Tx) error { return tx.SetSetting("test.probe", what) })
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.inside[what]++
	} else {
		p.outside[what]++
	}
}

func (p *writerProbe) reset() (inside, outside map[string]int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	inside, outside = p.inside, p.outside
	p.inside, p.outside = map[string]int{}, map[string]int{}
	return inside, outside
}

func (p *writerProbe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/v1/maps/areas":
		p.count("areas")
		in := r.URL.Query().Get("input")
		switch {
		case strings.Contains(in, "40131"):
			fmt.Fprint(w, `{"success":true,"areas":[{"id":"A1","name":"Ciumbuleuit, Cidadap, Bandung. 40131","postal_code":40131},
				{"id":"A2","name":"Hegarmanah, Cidadap, Bandung. 40131","postal_code":40131}]}`)
		default:
			fmt.Fprint(w, `{"success":true,"areas":[{"id":"B1","name":"Lowokwaru, Malang. 65141","postal_code":65141}]}`)
		}
	case "/v1/rates/couriers":
		p.count("rates")
		fmt.Fprint(w, `{"success":true,"pricing":[{"company":"jne","courier_code":"jne","courier_service_code":"reg","price":23000}]}`)
	default:
		http.NotFound(w, r)
	}
}

// onlyHandler hides the shop's Prepare from the engine: the engine as it
// was before the hook, for the control run.
type onlyHandler struct{ bot.Handler }

// TestPrepareKeepsProviderOutOfTheTransaction: with the shop's Prepare,
// the area search and the rates a checkout step needs are asked before
// the message's transaction, and the transaction finds them in the cache:
// the provider is never called while the writer is held. Without the hook
// (the control) the same steps call it from inside.
func TestPrepareKeepsProviderOutOfTheTransaction(t *testing.T) {
	for _, withHook := range []bool{true, false} {
		t.Run("hook="+strconv.FormatBool(withHook), func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			probe := &writerProbe{db: db}
			probe.reset()
			srv := httptest.NewServer(probe)
			defer srv.Close()
			shop := flows.NewShop(flows.Config{MediaDir: t.TempDir(),
				Shipping: shipping.Config{BiteshipAPI: srv.URL, BiteshipKey: "k-1234", Timeout: 2 * time.Second}})
			err = db.Update(ctx, func(tx *store.Tx) error {
				if _, err := flows.SeedDemo(tx); err != nil {
					return err
				}
				if err := tx.SetSetting(shipping.SettingProvider, shipping.ProviderBiteship); err != nil {
					return err
				}
				return tx.SetOrigin(0, store.Origin{PostalCode: "57141"})
			})
			if err != nil {
				t.Fatal(err)
			}
			var h bot.Handler = shop
			if !withHook {
				h = onlyHandler{shop}
			}
			eng := bot.NewEngine(bot.EngineConfig{DB: db, Handler: h, MediaDir: t.TempDir()})
			n := 0
			say := func(text string) {
				t.Helper()
				n++
				in := bot.Inbound{Channel: "telegram", ChatID: "77", Kind: bot.Private, SenderID: "77", SenderName: "Sari",
					MessageID: strconv.Itoa(n), Text: text, Time: time.Now()}
				if err := eng.Handle(ctx, in); err != nil {
					t.Fatalf("%q: %v", text, err)
				}
			}
			// A pasted format order: its area search (two areas: a pick).
			say("Nama: Sari\nHP: 081234567890\nAlamat: Jl. Ciumbuleuit 5, Kec. Cidadap, Kota Bandung, Jawa Barat 40131\nPesanan: GMS-01 M x1")
			say("2")                                                              // the area pick: the rates
			say("ubah alamat")                                                    // the review's edit: asks the address
			say("Jl. Kalpataru 3, Kec. Lowokwaru, Kota Malang, Jawa Timur 65141") // a new area and its rates
			inside, outside := probe.reset()
			if withHook {
				if len(inside) != 0 {
					t.Errorf("the provider was called while the writer was held: %v (outside: %v)", inside, outside)
				}
				if outside["rates"] < 2 || outside["areas"] < 2 {
					t.Errorf("calls before the transaction = %v, want both area searches and the rates twice", outside)
				}
			} else if inside["rates"] == 0 || inside["areas"] == 0 {
				t.Errorf("control: without the hook the rates were not asked inside the transaction (%v / %v): the probe cannot tell", inside, outside)
			}
			// Either way the order is priced by the provider.
			err = db.View(ctx, func(tx *store.Tx) error {
				c, err := tx.Conversation("telegram", "77", "77")
				if err != nil {
					return err
				}
				if c.Step != "confirm" || !strings.Contains(c.Data, `"cost":"23000"`) {
					t.Errorf("checkout at %q with %s, want the review priced at 23000", c.Step, c.Data)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

package shipping

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

const (
	testBiteshipKey   = "biteship_test.eyJhbGciOiJIUzI1NiJ9.secretpart1234"
	testRajaOngkirKey = "L3abavkD5358dc66be91f537G8MkpZHi"
)

// fakeAPI is an httptest server answering from testdata files. Each route
// is "METHOD /path" → a reply; every request is recorded.
type fakeAPI struct {
	t      testing.TB
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string]reply
	// bodyRoutes win over routes when the request body holds contains.
	bodyRoutes []bodyRoute
	calls      []call
	// hold, when set, blocks every request until the request's context
	// ends (a provider that never answers).
	hold bool
}

type bodyRoute struct {
	methodPath, contains string
	reply                reply
}

// routeBody answers requests to methodPath whose body holds contains.
func (f *fakeAPI) routeBody(methodPath, contains string, status int, file string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bodyRoutes = append(f.bodyRoutes, bodyRoute{methodPath, contains, reply{status, file}})
}

type reply struct {
	status int
	file   string
}

type call struct {
	method, path string
	query        url.Values
	header       http.Header
	body         string
}

func newFakeAPI(t testing.TB) *fakeAPI {
	f := &fakeAPI{t: t, routes: map[string]reply{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) route(methodPath string, status int, file string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[methodPath] = reply{status, file}
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.calls = append(f.calls, call{r.Method, r.URL.Path, r.URL.Query(), r.Header.Clone(), string(body)})
	rep, ok := f.routes[r.Method+" "+r.URL.Path]
	for _, br := range f.bodyRoutes {
		if br.methodPath == r.Method+" "+r.URL.Path && strings.Contains(string(body), br.contains) {
			rep, ok = br.reply, true
		}
	}
	hold := f.hold
	f.mu.Unlock()
	if hold {
		<-r.Context().Done()
		return
	}
	if !ok {
		http.Error(w, `{"success":false,"error":"no route"}`, http.StatusNotFound)
		return
	}
	b, err := os.ReadFile(filepath.Join("testdata", rep.file))
	if err != nil {
		f.t.Errorf("testdata: %v", err)
		http.Error(w, "", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	w.Write(b)
}

func (f *fakeAPI) allCalls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func (f *fakeAPI) lastCall(t *testing.T) call {
	t.Helper()
	c := f.allCalls()
	if len(c) == 0 {
		t.Fatal("no request reached the fake API")
	}
	return c[len(c)-1]
}

var d = decimal.RequireFromString

func TestBiteshipRates(t *testing.T) {
	api := newFakeAPI(t)
	api.route("POST /v1/rates/couriers", 200, "biteship_rates.json")
	b := NewBiteship(api.srv.URL, testBiteshipKey, time.Second, nil)
	qs, err := b.Rates(t.Context(), Place{PostalCode: "57111"}, Place{AreaID: "IDNP9IDNC23IDND280IDZ40131"}, 1300,
		d("185500"), []string{"JNE", "J&T", "sicepat", "unknown courier"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Quote{
		{Courier: "J&T Express", Service: "EZ", Cost: d("17000"), ETD: "2-3 hari", BilledKg: 2, Code: "jnt"},
		{Courier: "SiCepat", Service: "REG", Cost: d("18500"), ETD: "1-2 hari", BilledKg: 2, Code: "sicepat"},
		{Courier: "JNE", Service: "REG", Cost: d("19000"), ETD: "2-3 hari", BilledKg: 2, Code: "jne"},
	}
	assertQuotes(t, qs, want)
	c := api.lastCall(t)
	if c.header.Get("Authorization") != testBiteshipKey || !strings.HasPrefix(c.header.Get("Content-Type"), "application/json") {
		t.Errorf("headers %v", c.header)
	}
	var sent map[string]any
	if err := json.Unmarshal([]byte(c.body), &sent); err != nil {
		t.Fatal(err)
	}
	items, _ := sent["items"].([]any)
	item, _ := items[0].(map[string]any)
	if sent["origin_postal_code"] != float64(57111) || sent["destination_area_id"] != "IDNP9IDNC23IDND280IDZ40131" ||
		sent["couriers"] != "jne,jnt,sicepat" || sent["destination_postal_code"] != nil || sent["origin_area_id"] != nil ||
		item["weight"] != float64(1300) || item["value"] != float64(185500) {
		t.Errorf("request body %s", c.body)
	}
}

func assertQuotes(t *testing.T, got, want []Quote) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("quotes = %+v\nwant %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Courier != w.Courier || g.Service != w.Service || !g.Cost.Equal(w.Cost) || g.ETD != w.ETD ||
			g.BilledKg != w.BilledKg || g.Code != w.Code {
			t.Errorf("quote %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestRajaOngkirRates(t *testing.T) {
	api := newFakeAPI(t)
	api.route("POST /calculate/domestic-cost", 200, "komerce_cost.json")
	api.route("GET /destination/domestic-destination", 200, "komerce_destinations_solo.json")
	r := NewRajaOngkir(api.srv.URL, testRajaOngkirKey, time.Second, nil)
	// The origin is only a kode pos: it is resolved by a search first.
	qs, err := r.Rates(t.Context(), Place{PostalCode: "57111"}, Place{AreaID: "17473"}, 2500, d("1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	assertQuotes(t, qs, []Quote{
		{Courier: "ID Express", Service: "STD", Cost: d("16000"), ETD: "", BilledKg: 3, Code: "ide"},
		{Courier: "J&T Express", Service: "EZ", Cost: d("17000"), ETD: "3 hari", BilledKg: 3, Code: "jnt"},
		{Courier: "JNE", Service: "REG", Cost: d("19000"), ETD: "2-3 hari", BilledKg: 3, Code: "jne"},
		{Courier: "JNE", Service: "YES", Cost: d("32000"), ETD: "1 hari", BilledKg: 3, Code: "jne"},
	})
	calls := api.allCalls()
	if len(calls) != 2 || calls[0].query.Get("search") != "57111" {
		t.Fatalf("calls %+v", calls)
	}
	c := calls[1]
	form, _ := url.ParseQuery(c.body)
	if c.header.Get("key") != testRajaOngkirKey || c.header.Get("Content-Type") != "application/x-www-form-urlencoded" ||
		form.Get("origin") != "31540" || form.Get("destination") != "17473" || form.Get("weight") != "2500" ||
		form.Get("courier") != "jne:jnt:sicepat:anteraja:pos:ide:ninja" {
		t.Errorf("cost request %+v form %v", c.header, form)
	}
}

func TestAreas(t *testing.T) {
	api := newFakeAPI(t)
	api.route("GET /v1/maps/areas", 200, "biteship_areas.json")
	api.route("GET /destination/domestic-destination", 200, "komerce_destinations.json")
	got, err := NewBiteship(api.srv.URL, testBiteshipKey, time.Second, nil).Areas(t.Context(), "cidadap bandung", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "IDNP9IDNC23IDND280IDZ40131" || got[0].PostalCode != "40131" || got[0].City != "Bandung" ||
		got[0].Label != "Cidadap, Bandung, Jawa Barat. 40131" {
		t.Errorf("biteship areas %+v", got)
	}
	q := api.lastCall(t).query
	if q.Get("countries") != "ID" || q.Get("input") != "cidadap bandung" || q.Get("type") != "single" {
		t.Errorf("biteship query %v", q)
	}
	got, err = NewRajaOngkir(api.srv.URL, testRajaOngkirKey, time.Second, nil).Areas(t.Context(), "cidadap", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "17473" || got[0].PostalCode != "40131" || got[1].District != "CIDADAP" {
		t.Errorf("komerce areas %+v", got)
	}
	if q := api.lastCall(t).query; q.Get("search") != "cidadap" || q.Get("limit") != "5" {
		t.Errorf("komerce query %v", q)
	}
	// Komerce answers 404 to a search without a match: no candidates.
	api.route("GET /destination/domestic-destination", 404, "komerce_not_found.json")
	got, err = NewRajaOngkir(api.srv.URL, testRajaOngkirKey, time.Second, nil).Areas(t.Context(), "xyzzy", 5)
	if err != nil || len(got) != 0 {
		t.Errorf("no match = %+v, %v", got, err)
	}
}

func TestFailureReasons(t *testing.T) {
	tests := []struct {
		name   string
		status int
		file   string
		want   Reason
	}{
		{"wrong key", 401, "biteship_error_auth.json", ReasonKey},
		{"forbidden", 403, "biteship_error_auth.json", ReasonKey},
		{"rate limited", 429, "biteship_error_auth.json", ReasonQuota},
		{"plan ran out", 402, "komerce_invalid_key.json", ReasonQuota},
		{"no route", 400, "biteship_error_route.json", ReasonRejected},
		{"server down", 502, "biteship_error_auth.json", ReasonUnavailable},
		{"not json", 200, "../shipping.go", ReasonBadResponse},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t)
			api.route("POST /v1/rates/couriers", tc.status, tc.file)
			api.route("POST /calculate/domestic-cost", tc.status, tc.file)
			for _, p := range []Provider{
				NewBiteship(api.srv.URL, testBiteshipKey, time.Second, nil),
				NewRajaOngkir(api.srv.URL, testRajaOngkirKey, time.Second, nil),
			} {
				_, err := p.Rates(t.Context(), Place{AreaID: "1"}, Place{AreaID: "2"}, 1000, d("1000"), nil)
				if got := ReasonOf(err); got != tc.want {
					t.Errorf("%s: reason %q (%v), want %q", p.Name(), got, err, tc.want)
				}
				if err != nil && (strings.Contains(err.Error(), testBiteshipKey) || strings.Contains(err.Error(), testRajaOngkirKey)) {
					t.Errorf("%s: the key leaked into %q", p.Name(), err)
				}
			}
		})
	}
	// No key: nothing is sent.
	api := newFakeAPI(t)
	_, err := NewBiteship(api.srv.URL, " ", time.Second, nil).Rates(t.Context(), Place{AreaID: "1"}, Place{AreaID: "2"}, 1, d("1"), nil)
	if ReasonOf(err) != ReasonNoKey || len(api.allCalls()) != 0 {
		t.Errorf("no key: %v, %d calls", err, len(api.allCalls()))
	}
}

func TestTimeout(t *testing.T) {
	api := newFakeAPI(t)
	api.hold = true
	for _, p := range []Provider{
		NewBiteship(api.srv.URL, testBiteshipKey, 20*time.Millisecond, nil),
		NewRajaOngkir(api.srv.URL, testRajaOngkirKey, 20*time.Millisecond, nil),
	} {
		_, err := p.Rates(t.Context(), Place{AreaID: "1"}, Place{AreaID: "2"}, 1000, d("1000"), nil)
		if ReasonOf(err) != ReasonTimeout {
			t.Errorf("%s: %v, want a timeout", p.Name(), err)
		}
		var f *Failure
		if !errors.As(err, &f) || f.Provider != p.Name() || f.Op != "rates" {
			t.Errorf("%s: failure %+v", p.Name(), f)
		}
	}
	// The caller's own deadline counts as a timeout too.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	_, err := NewBiteship(api.srv.URL, testBiteshipKey, 0, nil).Areas(ctx, "x", 1)
	if ReasonOf(err) != ReasonTimeout {
		t.Errorf("caller deadline: %v", err)
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""}, {"short", "••••"}, {"12345678", "••••"}, {testRajaOngkirKey, "••••pZHi"}, {" abcdefghij ", "••••ghij"},
	}
	for _, tc := range tests {
		if got := Mask(tc.in); got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCourierCode(t *testing.T) {
	tests := []struct {
		provider, in, want string
		ok                 bool
	}{
		{ProviderBiteship, "J&T", "jnt", true},
		{ProviderRajaOngkir, "ID Express", "ide", true},
		{ProviderBiteship, "ID Express", "idexpress", true},
		{ProviderBiteship, "jne reg", "jne", true},
		{ProviderRajaOngkir, "Shopee Express", "", false},
		{ProviderBiteship, "gojek", "", false},
		{ProviderTable, "jne", "", false},
	}
	for _, tc := range tests {
		if got, ok := CourierCode(tc.provider, tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("CourierCode(%s, %q) = %q, %v", tc.provider, tc.in, got, ok)
		}
	}
}

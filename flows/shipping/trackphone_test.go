package shipping

import (
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"
)

// Komerce checks a JNE waybill against the recipient's last phone digits
// (last_phone_number); other couriers' waybills get none, and no more of
// the number than the last five digits ever leaves.
func TestTrackForSendsJNEPhoneDigits(t *testing.T) {
	body, err := os.ReadFile("testdata/komerce_waybill_delivered.json")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL.Query().Get("courier")+"|"+r.URL.Query().Get("last_phone_number"))
		mu.Unlock()
		w.Write(body)
	}))
	defer srv.Close()
	ro := NewRajaOngkir(srv.URL, testRajaOngkirKey, time.Second, nil)
	bs := NewBiteship(srv.URL, testBiteshipKey, time.Second, nil)
	cases := []struct {
		p              Provider
		courier, phone string
		want           string // "" = no Komerce call
	}{
		{ro, "JNE", "6281234567890", "jne|67890"},
		{ro, "jne", "0812-3456-7891", "jne|67891"},
		{ro, "J&T Express", "6281234567890", "jnt|"},
		{ro, "JNE", "123", "jne|"}, // too short to have five digits: none sent
		{bs, "JNE", "6281234567890", ""},
	}
	for _, c := range cases {
		mu.Lock()
		got = nil
		mu.Unlock()
		_, _ = TrackFor(t.Context(), c.p, "170430045644420", c.courier, c.phone)
		mu.Lock()
		if c.want != "" && (len(got) != 1 || got[0] != c.want) {
			t.Errorf("%s %s %q: sent %q, want %q", c.p.Name(), c.courier, c.phone, got, c.want)
		}
		mu.Unlock()
	}
}

package sim_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/price"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

type priceAnswer struct {
	Pair, Time, Price string
}

// getPrice asks the simulator's price path as any client would: no key.
// The User-Agent is voltdash's, so that the contract checker sees it as
// our client's request and must skip it, not count it as a mismatch.
func getPrice(t *testing.T, srv *sim.Server, at string) (int, priceAnswer) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.PriceURL()+"/currency/BTCUSD/"+at, nil)
	req.Header.Set("User-Agent", "voltdash/test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var a priceAnswer
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &a); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
	}
	return resp.StatusCode, a
}

func cents(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

// TestPricePath: the minute asked, or the clock's for now and for
// anything the service cannot read, as the real one answers.
func TestPricePath(t *testing.T) {
	srv, _, clk := start(t, sim.Config{Seed: 1, NoHistory: true})
	clk.Advance(90 * time.Second) // 12:01:30
	now := "2025-05-07T12:01:00Z"
	past := "2025-05-06T08:30:00Z"
	for _, tt := range []struct{ at, minute string }{
		{"now", now},
		{past, past},
		{"2025-05-06T08:30:45Z", past},     // the minute it falls in
		{"2025-05-06T08:30:00+02:00", now}, // not the one format it reads: the current price
		{"yesterday", now},                 // garbage: the current price
		{"2025-05-07T12:02:00Z", now},      // a minute still to come: the current price
	} {
		code, a := getPrice(t, srv, tt.at)
		want := cents(sim.PriceCents(mustTime(t, tt.minute)))
		if code != 200 || a.Pair != "BTCUSD" || a.Time != tt.minute || a.Price != want {
			t.Errorf("%s: %d %+v, want BTCUSD %s at %s", tt.at, code, a, want, tt.minute)
		}
	}
	if code, _ := getPrice(t, srv, "../../v1"); code != http.StatusNotFound {
		t.Errorf("a path that is not a price: %d", code)
	}
	if code, _ := getPrice(t, srv, ""); code != http.StatusNotFound {
		t.Errorf("no time: %d", code)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.PriceURL()+"/currency/ETHUSD/now", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("another pair: %v %v", resp.StatusCode, err)
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestPriceCentsMovesSlowly: over a year of minutes the price stays
// between $60,000 and $120,000 and moves no more than $20 a minute; the
// same minute is the same price wherever in it it is asked.
func TestPriceCentsMovesSlowly(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := sim.PriceCents(start)
	lo, hi := prev, prev
	for m := 1; m < 365*24*60; m++ {
		at := start.Add(time.Duration(m) * time.Minute)
		c := sim.PriceCents(at)
		if d := c - prev; d > 20_00 || d < -20_00 {
			t.Fatalf("%s: moved %d cents in a minute", at, d)
		}
		lo, hi, prev = min(lo, c), max(hi, c), c
	}
	if lo < 60_000_00 || hi > 120_000_00 {
		t.Errorf("price from %d to %d cents", lo, hi)
	}
	if sim.PriceCents(start.Add(59*time.Second)) != sim.PriceCents(start) {
		t.Error("one minute, two prices")
	}
}

// TestFailPrices: the control that makes the price service unreachable,
// and the price client seeing it go and come back.
func TestFailPrices(t *testing.T) {
	srv, _, clk := start(t, sim.Config{Seed: 1, NoHistory: true})
	c := price.New(srv.PriceURL(), price.WithClock(clk), price.WithUserAgent("voltdash/test"))
	q, err := c.Quote(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if want := model.Price(sim.PriceCents(t0)) * model.PriceUnit / 100; q.Price != want || q.Minute != t0 {
		t.Errorf("quote %v, want %v at %s", q, want, t0)
	}
	srv.FailPrices(http.StatusServiceUnavailable)
	if code, _ := getPrice(t, srv, "now"); code != http.StatusServiceUnavailable {
		t.Errorf("failing: %d", code)
	}
	clk.Advance(time.Minute)
	if _, err := c.Quote(context.Background(), time.Time{}); err == nil || !strings.Contains(err.Error(), "answered 503") {
		t.Errorf("the client while prices fail: %v", err)
	}
	srv.FailPrices(0)
	clk.Advance(price.Backoff)
	if q, err := c.Quote(context.Background(), time.Time{}); err != nil || q.Minute != model.PriceMinute(clk.Now()) {
		t.Errorf("after: %v, %v", q, err)
	}
	if n, api := srv.PriceRequests(), srv.RequestCounts()[""]; n != 4 || api != 0 {
		t.Errorf("%d price requests and %d API requests, want 4 and 0", n, api)
	}
}

package sim

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The simulator also plays Voltage's public price service, which is not
// part of the Payments API (nor of its spec): GET
// /currency/BTCUSD/{now | 2006-01-02T15:04:05Z}, no credentials, answering
// {"pair":"BTCUSD","time":"…","price":"97123.45"} for the minute. As the
// real service does, it answers with the current price when it cannot
// read the time.

// PricePathPrefix starts every price path. The contract checker skips
// these exchanges: the spec does not describe them.
const PricePathPrefix = "/currency/"

// IsPricePath reports a path of the price service rather than of the API.
func IsPricePath(path string) bool { return strings.HasPrefix(path, PricePathPrefix) }

// priceTimeLayout is the one time format the service reads.
const priceTimeLayout = "2006-01-02T15:04:05Z"

// PriceCents is the simulated BTCUSD price for the minute of t, in cents:
// a smooth, deterministic function of the minute alone (the same minute
// always gets the same price), between about $73,000 and $107,000, moving
// a few dollars a minute. Three slow waves, of two weeks, a day and half
// an hour, make a chart worth looking at.
func PriceCents(t time.Time) int64 {
	m := float64(t.Unix() / 60)
	wave := func(amplitude, periodMinutes float64) float64 {
		return amplitude * math.Sin(2*math.Pi*m/periodMinutes)
	}
	dollars := 90_000 + wave(15_000, 14*24*60) + wave(1_200, 24*60) + wave(25, 31)
	return int64(math.Round(dollars * 100))
}

// servePrice answers a price path; it needs no key, like the public
// service.
func (s *Sim) servePrice(w http.ResponseWriter, r *http.Request) {
	s.prices.mu.Lock()
	s.prices.requests++
	failWith := s.prices.failWith
	s.prices.mu.Unlock()
	if failWith != 0 {
		markFault(w)
		http.Error(w, http.StatusText(failWith), failWith)
		return
	}
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	pair, at, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, PricePathPrefix), "/")
	if !ok || pair != "BTCUSD" || at == "" || strings.Contains(at, "/") {
		http.Error(w, "no such pair", http.StatusNotFound)
		return
	}
	now := s.clock.Now().UTC().Truncate(time.Minute)
	minute := now
	// Anything it cannot read (and a minute still to come, which it cannot
	// know) is answered with the current price, as the real service does.
	if t, err := time.Parse(priceTimeLayout, at); err == nil && !t.After(now) {
		minute = t.Truncate(time.Minute)
	}
	c := PriceCents(minute)
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"pair":"BTCUSD","time":%q,"price":"%d.%02d"}`, minute.Format(time.RFC3339), c/100, c%100)
}

// priceState is the price service's counter and its failure switch.
type priceState struct {
	mu       sync.Mutex
	requests int
	failWith int // a status every price request is answered with; 0: none
}

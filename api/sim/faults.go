package sim

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Faults makes the simulator misbehave the ways a real service does. Rates
// are probabilities per request, from 0 to 1. The zero value is off.
type Faults struct {
	Latency time.Duration // added before every answer
	// Error answers 500. On writes, half of these come after the write took
	// effect.
	Error float64
	// RouteError overrides Error for one route, by route name ("payments.create").
	RouteError map[string]float64
	// Drop acts on a write, then closes the connection without answering.
	Drop float64
	// Hang acts on a write, then holds the answer until the client gives up
	// (or HangFor passes) and closes the connection.
	Hang    float64
	HangFor time.Duration // default 30 s
	// Unavailable answers reads with 503.
	Unavailable float64
	// RateLimit answers 429 with Retry-After.
	RateLimit  float64
	RetryAfter time.Duration // default 1 s
	// Hide makes a new payment answer 404 for this long after its creation.
	Hide time.Duration
}

// ParseFaults reads a spec such as
// "latency=50ms,error=0.1,drop=0.05,unavailable=0.1,ratelimit=0.05,hide=2s,error.payments.create=0.3".
// "chaos=R" turns on every mode, sharing a rate of R between them.
func ParseFaults(spec string) (Faults, error) {
	var f Faults
	if strings.TrimSpace(spec) == "" {
		return f, nil
	}
	for _, part := range strings.Split(spec, ",") {
		key, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return f, fmt.Errorf("fault %q: write it as name=value", part)
		}
		rate := func() (float64, error) {
			r, err := strconv.ParseFloat(val, 64)
			if err != nil || r < 0 || r > 1 {
				return 0, fmt.Errorf("fault %s=%s: the rate must be a number from 0 to 1", key, val)
			}
			return r, nil
		}
		dur := func() (time.Duration, error) {
			d, err := time.ParseDuration(val)
			if err != nil || d < 0 {
				return 0, fmt.Errorf("fault %s=%s: the value must be a duration like 500ms", key, val)
			}
			return d, nil
		}
		var err error
		switch {
		case key == "latency":
			f.Latency, err = dur()
		case key == "hangfor":
			f.HangFor, err = dur()
		case key == "retryafter":
			f.RetryAfter, err = dur()
		case key == "hide":
			f.Hide, err = dur()
		case key == "error":
			f.Error, err = rate()
		case key == "drop":
			f.Drop, err = rate()
		case key == "hang":
			f.Hang, err = rate()
		case key == "unavailable":
			f.Unavailable, err = rate()
		case key == "ratelimit":
			f.RateLimit, err = rate()
		case key == "chaos":
			var r float64
			if r, err = rate(); err == nil {
				f.Error, f.Drop, f.Hang, f.Unavailable, f.RateLimit = r/4, r/4, r/8, r/4, r/8
				if f.Hide == 0 {
					f.Hide = time.Second
				}
			}
		case strings.HasPrefix(key, "error."):
			route := strings.TrimPrefix(key, "error.")
			if !knownRoute(route) {
				return f, fmt.Errorf("fault %s: no route named %q (routes: %s)", key, route, strings.Join(routeNames(), ", "))
			}
			var r float64
			if r, err = rate(); err == nil {
				if f.RouteError == nil {
					f.RouteError = map[string]float64{}
				}
				f.RouteError[route] = r
			}
		default:
			return f, fmt.Errorf("unknown fault %q: use latency, error, error.<route>, drop, hang, hangfor, unavailable, ratelimit, retryafter, hide or chaos", key)
		}
		if err != nil {
			return f, err
		}
	}
	return f, nil
}

// fault is what happens to one request.
type fault int

const (
	noFault fault = iota
	faultError
	faultErrorAfter // the write takes effect, then 500
	faultDrop
	faultHang
	faultUnavailable
	faultRateLimit
)

var faultNames = map[fault]string{faultError: "error", faultErrorAfter: "error_after_commit",
	faultDrop: "drop", faultHang: "hang", faultUnavailable: "unavailable", faultRateLimit: "ratelimit"}

// faultState draws each request's fate. Writes draw from their own stream,
// so the faults that creates meet repeat run after run however reads
// interleave with them.
type faultState struct {
	mu            sync.Mutex
	reads, writes *rand.Rand
	f             Faults
}

func (fs *faultState) init(f Faults, seed uint64) {
	fs.reads = rand.New(rand.NewPCG(seed^0xfa17, seed))
	fs.writes = rand.New(rand.NewPCG(seed^0x3417e5, seed))
	fs.set(f)
}

func (fs *faultState) set(f Faults) {
	if f.HangFor == 0 {
		f.HangFor = 30 * time.Second
	}
	if f.RetryAfter == 0 {
		f.RetryAfter = time.Second
	}
	fs.mu.Lock()
	fs.f = f
	fs.mu.Unlock()
}

func (fs *faultState) get() Faults {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.f
}

func (fs *faultState) hideFor() time.Duration { return fs.get().Hide }

// decide draws the fate of one request.
func (fs *faultState) decide(route string, write bool) fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	errRate := fs.f.Error
	if r, ok := fs.f.RouteError[route]; ok {
		errRate = r
	}
	rng := fs.reads
	if write {
		rng = fs.writes
	}
	u := rng.Float64()
	pick := func(rate float64) bool {
		if u < rate {
			return true
		}
		u -= rate
		return false
	}
	switch {
	case pick(errRate):
		if write && rng.IntN(2) == 0 {
			return faultErrorAfter
		}
		return faultError
	case pick(fs.f.RateLimit):
		return faultRateLimit
	case !write && pick(fs.f.Unavailable):
		return faultUnavailable
	case write && pick(fs.f.Drop):
		return faultDrop
	case write && pick(fs.f.Hang):
		return faultHang
	}
	return noFault
}

// counters counts requests per route and faults per kind.
type counters struct {
	mu       sync.Mutex
	requests map[string]int
	faults   map[string]int
}

func (c *counters) init() {
	c.requests, c.faults = map[string]int{}, map[string]int{}
}

func (c *counters) add(m map[string]int, key string) {
	c.mu.Lock()
	m[key]++
	c.mu.Unlock()
}

func routeNames() []string {
	names := make([]string, 0, len(routes))
	for _, r := range routes {
		names = append(names, r.name)
	}
	sort.Strings(names)
	return names
}

func knownRoute(name string) bool {
	for _, r := range routes {
		if r.name == name {
			return true
		}
	}
	return false
}

// Package contract holds the simulator and the client to Voltage's
// published OpenAPI 3.1 spec (api/spec/voltage-openapi.json), so that a
// mistake in our reading of the API cannot pass because the simulator
// shares it. A test binary that calls Main has every exchange with every
// simulator it starts validated: the request (operation matched by method
// and path, parameters, body) and the answer (a status the operation
// declares, the body against its schema). Requests the client sends to
// scripted test servers are checked with Request.
package contract

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/api/spec"
)

// SpecPath is where the repository keeps Voltage's spec (api/spec embeds
// it).
func SpecPath() string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "..", "spec", "voltage-openapi.json")
}

// Checker validates exchanges against the spec and keeps count. It is safe
// for concurrent use.
type Checker struct {
	mu         sync.Mutex
	s          *spec.Spec
	requests   int
	responses  int
	faults     int
	outside    int            // exchanges with the simulated price and Lightning Address services
	mismatches map[string]int // what was wrong → how often
}

// New reads the spec api/spec embeds.
func New() (*Checker, error) {
	s, err := spec.LoadWarm()
	if err != nil {
		return nil, err
	}
	return &Checker{s: s, mismatches: map[string]int{}}, nil
}

// Exchange validates one exchange a simulator served. Answers made up by
// fault injection are counted, not judged: they are misbehaviour on
// purpose. The request is judged when voltdash's client sent it; tests
// that send the simulator malformed requests on purpose have only its
// answers judged, and only for operations the spec has.
func (c *Checker) Exchange(e sim.Exchange) {
	// The price service and the Lightning Address service (LUD-06, LUD-16)
	// the simulator also plays are not Voltage's Payments API and not in its
	// spec: there is nothing to hold them to, and a voltdash request for
	// them must not count as one the spec lacks.
	if sim.IsPricePath(e.Request.URL.Path) || sim.IsLNURLPath(e.Request.URL.Path) {
		c.mu.Lock()
		c.outside++
		c.mu.Unlock()
		return
	}
	if e.Fault {
		c.mu.Lock()
		c.faults++
		c.mu.Unlock()
		return
	}
	var req *http.Request
	var ok bool
	if strings.HasPrefix(e.Request.UserAgent(), "voltdash/") {
		req, ok = c.request(e.Request, e.RequestBody)
	} else {
		req, ok = c.normalized(e.Request, e.RequestBody)
	}
	if !ok {
		return
	}
	resp := &http.Response{StatusCode: e.Status, Header: e.Header, Body: io.NopCloser(bytes.NewReader(e.Body)), Request: req}
	_, errs := c.s.Validator().ValidateHttpResponse(req, resp)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.responses++
	c.note("answer", req, e.Status, errs)
}

// Request validates a request the client sent.
func (c *Checker) Request(r *http.Request, body []byte) { c.request(r, body) }

// normalized is r as the validator reads it (spec.Normalize); false when
// no operation has r's method and path.
func (c *Checker) normalized(r *http.Request, body []byte) (*http.Request, bool) {
	req, _, _, found := c.s.Normalize(r, body)
	return req, found
}

// request validates r, a request of voltdash's client, and returns it
// normalized.
func (c *Checker) request(r *http.Request, body []byte) (*http.Request, bool) {
	req, op, problems, found := c.s.Normalize(r, body)
	path := req.URL.Path
	var errs []*verrors.ValidationError
	if found {
		errs = c.s.ValidateRequest(req)
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests++
	if !found {
		c.mismatches[fmt.Sprintf("request %s %s: no operation of the spec has this method and path", r.Method, shape(path))]++
		return req, false
	}
	for _, p := range problems {
		c.mismatches[fmt.Sprintf("request %s (%s): %s", op.ID, r.Method, p)]++
	}
	c.note("request", req, 0, errs)
	return req, true
}

// note records what the validator found.
func (c *Checker) note(what string, req *http.Request, status int, errs []*verrors.ValidationError) {
	op, _ := c.s.Find(req.Method, req.URL.Path)
	for _, e := range errs {
		where := op.ID
		if status != 0 {
			where = fmt.Sprintf("%s %d", op.ID, status)
		}
		c.mismatches[fmt.Sprintf("%s %s: %s", what, where, spec.Reason(e))]++
	}
}

// shape is a path with its ids blanked, so that mismatches group.
func shape(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if len(p) == 36 && strings.Count(p, "-") == 4 {
			parts[i] = "{id}"
		}
	}
	return strings.Join(parts, "/")
}

// Report says what was validated and lists each mismatch with its count.
func (c *Checker) Report() (summary string, mismatches []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for m, n := range c.mismatches {
		mismatches = append(mismatches, fmt.Sprintf("%5d× %s", n, m))
	}
	sort.Strings(mismatches)
	total := 0
	for _, n := range c.mismatches {
		total += n
	}
	summary = fmt.Sprintf("contract: %d requests and %d answers validated against Voltage's OpenAPI spec (%d fault-injected answers not judged): %d mismatches",
		c.requests, c.responses, c.faults, total)
	if c.outside > 0 {
		summary += fmt.Sprintf(" (%d price and Lightning Address exchanges skipped: not part of the spec)", c.outside)
	}
	return summary, mismatches
}

// Main runs a package's tests with every simulator exchange validated,
// then reports, and fails the run if anything did not fit the spec.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is Main for a TestMain with work of its own after the tests.
func Run(m *testing.M) int {
	if underRace {
		return m.Run()
	}
	c, err := New()
	if err != nil {
		fmt.Fprintln(os.Stderr, "contract:", err)
		return 1
	}
	Install(c)
	code := m.Run()
	sim.ObserveExchanges(nil)
	summary, mismatches := c.Report()
	fmt.Fprintln(os.Stderr, summary)
	for _, m := range mismatches {
		fmt.Fprintln(os.Stderr, "  ", m)
	}
	if path := os.Getenv("VOLTDASH_CONTRACT_REPORT"); path != "" { // CI collects every package's line
		if f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			pkg, _ := os.Getwd()
			fmt.Fprintf(f, "%s: %s\n", filepath.Base(pkg), summary)
			f.Close()
		}
	}
	if len(mismatches) > 0 && code == 0 {
		code = 1
	}
	return code
}

// current is the checker Main installed, for test servers that check the
// requests they receive.
var current struct {
	sync.Mutex
	c *Checker
}

// Install makes c judge every simulator exchange from now on.
func Install(c *Checker) {
	current.Lock()
	current.c = c
	current.Unlock()
	sim.ObserveExchanges(c.Exchange)
}

// CheckRequest validates a request with the installed checker, if any.
func CheckRequest(r *http.Request, body []byte) {
	current.Lock()
	c := current.c
	current.Unlock()
	if c != nil {
		c.Request(r, body)
	}
}

// Package contract holds the simulator and the client to Voltage's
// published OpenAPI 3.1 spec (testdata/voltage-openapi.json), so that a
// mistake in our reading of the API cannot pass because the simulator
// shares it. A test binary that calls Main has every exchange with every
// simulator it starts validated: the request (operation matched by method
// and path, parameters, body) and the answer (a status the operation
// declares, the body against its schema). Requests the client sends to
// scripted test servers are checked with Request.
package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/voltdash/voltdash/api/sim"
)

// SpecPath is where the repository keeps Voltage's spec.
func SpecPath() string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "..", "..", "testdata", "voltage-openapi.json")
}

// Checker validates exchanges against the spec and keeps count. It is safe
// for concurrent use.
type Checker struct {
	mu         sync.Mutex
	v          validator.Validator
	ops        []operation
	requests   int
	responses  int
	faults     int
	mismatches map[string]int // what was wrong → how often
}

// operation is what the checker needs of one operation beyond the
// validator: its path template and its query parameters.
type operation struct {
	method, template, id string
	query                map[string]queryParam
}

type queryParam struct{ array, deepObject bool }

// New reads the spec from the repository.
func New() (*Checker, error) {
	raw, err := os.ReadFile(SpecPath())
	if err != nil {
		return nil, err
	}
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		return nil, fmt.Errorf("reading the spec: %w", err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		return nil, fmt.Errorf("building the validator: %v", errs)
	}
	ops, err := operations(raw)
	if err != nil {
		return nil, err
	}
	return &Checker{v: v, ops: ops, mismatches: map[string]int{}}, nil
}

// operations lists the spec's operations with their query parameters, in
// the encoding the spec documents: arrays as name[]=a&name[]=b, objects as
// name[key]=value.
func operations(raw []byte) ([]operation, error) {
	var spec struct {
		Paths map[string]map[string]struct {
			OperationID string            `json:"operationId"`
			Parameters  []json.RawMessage `json:"parameters"`
		} `json:"paths"`
		Components struct {
			Parameters map[string]json.RawMessage `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, err
	}
	var ops []operation
	for template, item := range spec.Paths {
		for method, op := range item {
			o := operation{method: strings.ToUpper(method), template: template, id: op.OperationID, query: map[string]queryParam{}}
			for _, p := range op.Parameters {
				var param struct {
					Ref    string `json:"$ref"`
					In     string `json:"in"`
					Name   string `json:"name"`
					Style  string `json:"style"`
					Schema struct {
						Type any `json:"type"`
					} `json:"schema"`
				}
				if err := json.Unmarshal(p, &param); err != nil {
					return nil, err
				}
				if param.Ref != "" {
					if err := json.Unmarshal(spec.Components.Parameters[filepath.Base(param.Ref)], &param); err != nil {
						return nil, err
					}
				}
				if param.In == "query" {
					o.query[param.Name] = queryParam{array: strings.Contains(fmt.Sprint(param.Schema.Type), "array"),
						deepObject: param.Style == "deepObject"}
				}
			}
			ops = append(ops, o)
		}
	}
	return ops, nil
}

// find matches a request to its operation.
func (c *Checker) find(method, path string) (operation, bool) {
	parts := strings.Split(strings.Trim(strings.TrimPrefix(path, "/v1"), "/"), "/")
	for _, o := range c.ops {
		tpl := strings.Split(strings.Trim(o.template, "/"), "/")
		if o.method != method || len(tpl) != len(parts) {
			continue
		}
		ok := true
		for i, seg := range tpl {
			if !strings.HasPrefix(seg, "{") && seg != parts[i] {
				ok = false
				break
			}
		}
		if ok {
			return o, true
		}
	}
	return operation{}, false
}

// Exchange validates one exchange a simulator served. Answers made up by
// fault injection are counted, not judged: they are misbehaviour on
// purpose. The request is judged when voltdash's client sent it; tests
// that send the simulator malformed requests on purpose have only its
// answers judged, and only for operations the spec has.
func (c *Checker) Exchange(e sim.Exchange) {
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
	_, errs := c.v.ValidateHttpResponse(req, resp)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.responses++
	c.note("answer", req, e.Status, errs)
}

// Request validates a request the client sent.
func (c *Checker) Request(r *http.Request, body []byte) { c.request(r, body) }

// normalized is r as the validator reads it: the path under /v1 (the
// simulator also answers the documentation's /api/v1), the query in its
// exploded form; false when no operation has r's method and path.
func (c *Checker) normalized(r *http.Request, body []byte) (*http.Request, bool) {
	req, _, _, found := c.normalize(r, body)
	return req, found
}

func (c *Checker) normalize(r *http.Request, body []byte) (*http.Request, operation, []string, bool) {
	path := r.URL.Path
	if rest, ok := strings.CutPrefix(path, "/api/v1"); ok {
		path = "/v1" + rest
	}
	op, found := c.find(r.Method, path)
	query, problems := c.query(op, r.URL.Query())
	u := *r.URL
	u.Path, u.RawQuery = path, query.Encode()
	req, _ := http.NewRequest(r.Method, u.String(), bytes.NewReader(body))
	req.Header = r.Header.Clone()
	return req, op, problems, found
}

// request validates r, a request of voltdash's client, and returns it
// normalized.
func (c *Checker) request(r *http.Request, body []byte) (*http.Request, bool) {
	req, op, problems, found := c.normalize(r, body)
	path := req.URL.Path
	var errs []*verrors.ValidationError
	if found {
		_, errs = c.v.ValidateHttpRequest(req)
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
		c.mismatches[fmt.Sprintf("request %s (%s): %s", op.id, r.Method, p)]++
	}
	c.note("request", req, 0, errs)
	return req, true
}

// query checks the encoding the spec documents, which the validator does
// not read, and rewrites the query into the form it does.
func (c *Checker) query(op operation, q url.Values) (url.Values, []string) {
	out := url.Values{}
	var problems []string
	for key, values := range q {
		name, bracketed := strings.CutSuffix(key, "[]")
		base, _, deep := strings.Cut(name, "[")
		p, declared := op.query[base]
		switch {
		case !declared:
			problems = append(problems, fmt.Sprintf("query parameter %q is not declared", key))
		case deep && !p.deepObject:
			problems = append(problems, fmt.Sprintf("query parameter %q is not an object", key))
		case p.array && !bracketed:
			problems = append(problems, fmt.Sprintf("array parameter %q must be sent as %s[]=…", key, name))
		case !p.array && bracketed:
			problems = append(problems, fmt.Sprintf("parameter %q is not an array", key))
		}
		out[name] = append(out[name], values...)
	}
	return out, problems
}

// note records what the validator found.
func (c *Checker) note(what string, req *http.Request, status int, errs []*verrors.ValidationError) {
	op, _ := c.find(req.Method, req.URL.Path)
	for _, e := range errs {
		msg := e.Reason
		if len(e.SchemaValidationErrors) > 0 {
			var fields []string
			for _, f := range e.SchemaValidationErrors {
				fields = append(fields, f.FieldPath+" "+f.Reason)
			}
			sort.Strings(fields)
			msg += ": " + strings.Join(fields[:min(len(fields), 6)], "; ")
		}
		where := op.id
		if status != 0 {
			where = fmt.Sprintf("%s %d", op.id, status)
		}
		c.mismatches[fmt.Sprintf("%s %s: %s", what, where, msg)]++
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

// Package spec is Voltage's published OpenAPI 3.1 spec
// (voltage-openapi.json, embedded) and a validator of requests and
// answers against it. The contract tests (api/sim/contract) hold the
// simulator and the client to it, and `voltdash api` checks a request
// with it before sending anything. It imports nothing of voltdash's.
package spec

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"
)

//go:embed voltage-openapi.json
var raw []byte

// JSON is the spec as Voltage publishes it.
func JSON() []byte { return raw }

// Spec is the spec read once, with a validator. It is safe for concurrent
// use.
type Spec struct {
	v   validator.Validator
	ops []Operation
}

// Operation is what voltdash needs of one operation beyond the validator.
type Operation struct {
	Method   string // upper case
	Template string // below /v1, such as /organizations/{organization_id}/wallets
	ID       string // operationId
	Query    map[string]QueryParam
	// Body: the operation takes a JSON body; BodyRequired, it must have
	// one; BodyID, the body's schema (or one of its forms) has an "id",
	// the client-chosen id of what it creates.
	Body, BodyRequired, BodyID bool
}

// QueryParam is how a query parameter is encoded: arrays as name[]=a,
// objects (deepObject) as name[key]=value.
type QueryParam struct{ Array, DeepObject bool }

type once struct {
	sync.Once
	s   *Spec
	err error
}

var lazy, warm once

// Load reads the embedded spec once per program, for a few validations:
// each schema is compiled when a request first needs it (about 0.2 s in
// all for one request).
func Load() (*Spec, error) {
	lazy.Do(func() { lazy.s, lazy.err = parse(raw, config.WithSchemaCache(nil)) })
	return lazy.s, lazy.err
}

// LoadWarm reads the embedded spec once per program with every schema
// compiled up front (about 2 s), for validating many exchanges.
func LoadWarm() (*Spec, error) {
	warm.Do(func() { warm.s, warm.err = parse(raw) })
	return warm.s, warm.err
}

func parse(raw []byte, opts ...config.Option) (*Spec, error) {
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		return nil, fmt.Errorf("reading the spec: %w", err)
	}
	v, errs := validator.NewValidator(doc, opts...)
	if len(errs) > 0 {
		return nil, fmt.Errorf("building the validator: %v", errs)
	}
	ops, err := operations(raw)
	if err != nil {
		return nil, err
	}
	return &Spec{v: v, ops: ops}, nil
}

// Validator is the underlying validator, for answers.
func (s *Spec) Validator() validator.Validator { return s.v }

// Operations lists every operation, sorted by template and method.
func (s *Spec) Operations() []Operation { return append([]Operation(nil), s.ops...) }

type schema struct {
	Ref        string                     `json:"$ref"`
	Properties map[string]json.RawMessage `json:"properties"`
	OneOf      []schema                   `json:"oneOf"`
	AnyOf      []schema                   `json:"anyOf"`
	AllOf      []schema                   `json:"allOf"`
}

// operations lists the spec's operations with their query parameters, in
// the encoding the spec documents: arrays as name[]=a&name[]=b, objects as
// name[key]=value.
func operations(raw []byte) ([]Operation, error) {
	var spec struct {
		Paths map[string]map[string]struct {
			OperationID string            `json:"operationId"`
			Parameters  []json.RawMessage `json:"parameters"`
			RequestBody *struct {
				Required bool `json:"required"`
				Content  map[string]struct {
					Schema schema `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
		Components struct {
			Parameters map[string]json.RawMessage `json:"parameters"`
			Schemas    map[string]schema          `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, err
	}
	var hasID func(s schema, depth int) bool
	hasID = func(s schema, depth int) bool {
		if depth > 8 {
			return false
		}
		if s.Ref != "" {
			return hasID(spec.Components.Schemas[path.Base(s.Ref)], depth+1)
		}
		if _, ok := s.Properties["id"]; ok {
			return true
		}
		for _, list := range [][]schema{s.OneOf, s.AnyOf, s.AllOf} {
			for _, sub := range list {
				if hasID(sub, depth+1) {
					return true
				}
			}
		}
		return false
	}
	var ops []Operation
	for template, item := range spec.Paths {
		for method, op := range item {
			o := Operation{Method: strings.ToUpper(method), Template: template, ID: op.OperationID, Query: map[string]QueryParam{}}
			if rb := op.RequestBody; rb != nil {
				o.Body, o.BodyRequired = true, rb.Required
				if c, ok := rb.Content["application/json"]; ok {
					o.BodyID = hasID(c.Schema, 0)
				}
			}
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
					if err := json.Unmarshal(spec.Components.Parameters[path.Base(param.Ref)], &param); err != nil {
						return nil, err
					}
				}
				if param.In == "query" {
					o.Query[param.Name] = QueryParam{Array: strings.Contains(fmt.Sprint(param.Schema.Type), "array"),
						DeepObject: param.Style == "deepObject"}
				}
			}
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Template != ops[j].Template {
			return ops[i].Template < ops[j].Template
		}
		return ops[i].Method < ops[j].Method
	})
	return ops, nil
}

// Find matches a request's method and path (below /v1, or with /v1 or
// the documentation's /api/v1 in front) to its operation. Where templates
// overlap (deliveries/summary and deliveries/{delivery_id}), the one with
// more literal segments wins, as the spec's paths are meant.
func (s *Spec) Find(method, p string) (Operation, bool) {
	p = strings.TrimPrefix(strings.TrimPrefix(p, "/api"), "/v1")
	parts := strings.Split(strings.Trim(p, "/"), "/")
	var best Operation
	bestLiterals := -1
	for _, o := range s.ops {
		tpl := strings.Split(strings.Trim(o.Template, "/"), "/")
		if o.Method != method || len(tpl) != len(parts) {
			continue
		}
		ok, literals := true, 0
		for i, seg := range tpl {
			if strings.HasPrefix(seg, "{") {
				continue
			}
			if seg != parts[i] {
				ok = false
				break
			}
			literals++
		}
		if ok && literals > bestLiterals {
			best, bestLiterals = o, literals
		}
	}
	return best, bestLiterals >= 0
}

// Methods lists the methods the spec has for a path, for a message that
// says which would fit.
func (s *Spec) Methods(p string) []string {
	var out []string
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		if _, ok := s.Find(m, p); ok {
			out = append(out, m)
		}
	}
	return out
}

// CheckQuery checks the encoding the spec documents for op's query, which the
// validator does not read, and rewrites it into the form it does.
func (op Operation) CheckQuery(q url.Values) (url.Values, []string) {
	out := url.Values{}
	var problems []string
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		values := q[key]
		name, bracketed := strings.CutSuffix(key, "[]")
		base, _, deep := strings.Cut(name, "[")
		p, declared := op.Query[base]
		switch {
		case !declared:
			problems = append(problems, fmt.Sprintf("query parameter %q is not declared", key))
		case deep && !p.DeepObject:
			problems = append(problems, fmt.Sprintf("query parameter %q is not an object", key))
		case p.Array && !bracketed:
			problems = append(problems, fmt.Sprintf("array parameter %q must be sent as %s[]=…", key, name))
		case !p.Array && bracketed:
			problems = append(problems, fmt.Sprintf("parameter %q is not an array", key))
		}
		out[name] = append(out[name], values...)
	}
	return out, problems
}

// Normalize is r as the validator reads it: the path under /v1 (the
// documentation's /api/v1 too), the query in its exploded form; found is
// false when no operation has r's method and path. problems are the
// query's encoding mistakes.
func (s *Spec) Normalize(r *http.Request, body []byte) (req *http.Request, op Operation, problems []string, found bool) {
	p := r.URL.Path
	if rest, ok := strings.CutPrefix(p, "/api/v1"); ok {
		p = "/v1" + rest
	}
	op, found = s.Find(r.Method, p)
	query, problems := op.CheckQuery(r.URL.Query())
	u := *r.URL
	u.Path, u.RawPath, u.RawQuery = p, "", query.Encode()
	req, _ = http.NewRequest(r.Method, u.String(), bytes.NewReader(body))
	req.Header = r.Header.Clone()
	return req, op, problems, found
}

// ValidateRequest holds a normalized request to its operation: its
// parameters, security and body.
func (s *Spec) ValidateRequest(req *http.Request) []*verrors.ValidationError {
	_, errs := s.v.ValidateHttpRequest(req)
	return errs
}

// Reason says what a validation error found, with the fields it names
// (at most six, sorted).
func Reason(e *verrors.ValidationError) string {
	msg := e.Reason
	if len(e.SchemaValidationErrors) > 0 {
		var fields []string
		for _, f := range e.SchemaValidationErrors {
			fields = append(fields, f.FieldPath+" "+f.Reason)
		}
		sort.Strings(fields)
		msg += ": " + strings.Join(fields[:min(len(fields), 6)], "; ")
	}
	return msg
}

// Check holds a request that is about to be sent to the spec: method and
// path (below /v1, ids filled in), query and JSON body (nil for none).
// It returns the operation and every reason the request does not fit,
// none when it does; found is false when the spec has no such operation.
func (s *Spec) Check(method, p string, query url.Values, body []byte) (op Operation, problems []string, found bool) {
	u := url.URL{Scheme: "https", Host: "voltage.invalid", Path: "/v1" + strings.TrimPrefix(strings.TrimPrefix(p, "/api"), "/v1"), RawQuery: query.Encode()}
	r, err := http.NewRequest(method, u.String(), bytes.NewReader(body))
	if err != nil {
		return op, []string{err.Error()}, false
	}
	r.Header.Set("X-Api-Key", "placeholder") // the validator checks security; the key itself is never needed here
	r.Header.Set("Accept", "application/json")
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	req, op, problems, found := s.Normalize(r, body)
	if !found {
		return op, nil, false
	}
	switch {
	case body != nil && !op.Body:
		problems = append(problems, op.ID+" takes no request body")
	case body == nil && op.BodyRequired:
		problems = append(problems, op.ID+" needs a JSON request body (--data)")
	}
	for _, e := range s.ValidateRequest(req) {
		problems = append(problems, Reason(e))
	}
	return op, problems, true
}

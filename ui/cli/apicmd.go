package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/api/spec"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// RawAPI is `voltdash api`'s way to the account: any operation of the
// spec, as JSON in and out, with the account's key, retries and
// redaction. main's adapter of api.Client.Raw provides it.
type RawAPI interface {
	Raw(ctx context.Context, r APIRequest) (APIResponse, error)
	// BaseURL is the API root requests go below.
	BaseURL() string
	Classify(err error) port.Failure
}

// APIRequest is one request: the path below the base URL with every id
// filled in, the query, and the body's exact bytes (nil for none).
// KeyedCreate: a POST whose body carries the id of what it creates, so it
// may be repeated after a lost answer.
type APIRequest struct {
	Method, Path string
	Query        url.Values
	Body         []byte
	KeyedCreate  bool
}

// APIResponse is an answer as it came: its status line ("HTTP/1.1 200
// OK"), headers with anything like a key blanked out, and body.
// AcceptedEarlier: the answer is a repeat's refusal (409, 404) of what an
// earlier attempt already did.
type APIResponse struct {
	Status          int
	StatusLine      string
	Header          map[string][]string
	Body            []byte
	AcceptedEarlier bool
}

// apiOptions are `voltdash api`'s flags.
type apiOptions struct {
	data    string
	query   pairs
	include bool
	dryRun  bool
}

func apiFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.api.data, "data", "", "the JSON body: @FILE, - for stdin, or the JSON itself")
	fs.Var(&o.api.query, "query", "a query parameter, key=value (statuses[]=completed for arrays); repeat for more")
	fs.BoolVar(&o.api.include, "include", false, "print the answer's status line and headers before its body")
	fs.BoolVar(&o.api.include, "i", false, "short for --include")
	fs.BoolVar(&o.api.dryRun, "dry-run", false, "print the request that would be sent (method, URL, body) and send nothing")
	fs.BoolVar(&o.api.dryRun, "n", false, "short for --dry-run")
}

// placeholders are the path's parameters the account fills in.
var placeholders = map[string]func(s config.Settings) string{
	"{org}": func(s config.Settings) string { return s.Organization }, "{organization_id}": func(s config.Settings) string { return s.Organization },
	"{env}": func(s config.Settings) string { return s.Environment }, "{environment_id}": func(s config.Settings) string { return s.Environment },
}

var unfilled = regexp.MustCompile(`\{[^}/]*\}`)

// apiCall is one request as `voltdash api` makes it, checked.
type apiCall struct {
	method, path string
	query        url.Values
	body         []byte
	op           spec.Operation
	newID        string // the id added to a create's body, if one was
	send         bool   // a payment that sends: it goes through the journal
}

func runAPI(r *runner) int {
	if len(r.args) != 2 {
		return r.fail(ExitUsage, "give a method and a path: voltdash api GET /organizations/{org}/wallets")
	}
	if code, ok := r.settings(); !ok {
		return code
	}
	c, code, ok := r.apiRequest(r.args[0], r.args[1])
	if !ok {
		return code
	}
	if c.newID != "" {
		r.info("id: %s", c.newID) // first, so that a create whose answer is lost can still be found
	}
	if r.o.api.dryRun {
		return r.apiDryRun(c)
	}
	if !r.set.HasAccount() {
		return r.fail(ExitAuth, "no account is configured: set VOLTAGE_API_KEY, VOLTAGE_ORGANIZATION_ID and "+
			"VOLTAGE_ENVIRONMENT_ID, or run voltdash config init (or add --demo to use a running demo)")
	}
	if c.send {
		return r.apiSend(c)
	}
	if r.d.API == nil {
		return r.fail(ExitUsage, "voltdash api is not available in this build")
	}
	a, err := r.d.API(r.set)
	if err != nil {
		return r.fail(ExitUsage, "%v", err)
	}
	resp, err := call(r, func(ctx context.Context) (APIResponse, error) {
		return a.Raw(ctx, APIRequest{Method: c.method, Path: c.path, Query: c.query, Body: c.body, KeyedCreate: c.method == "POST" && c.op.BodyID})
	})
	if resp.Status == 0 && err != nil {
		return r.apiFailure(a.Classify(err), "")
	}
	r.apiPrint(resp)
	if resp.AcceptedEarlier {
		r.info("voltdash: %s was repeated after an answer was lost, and the repeat was refused as already done: the first attempt took effect", c.op.ID)
		return ExitOK
	}
	if err != nil {
		return r.apiFailure(a.Classify(err), resp.StatusLine)
	}
	return ExitOK
}

// apiFailure reports a request that did not succeed, with the exit code
// its kind calls for, on stderr: stdout has the answer's body, if any.
func (r *runner) apiFailure(f port.Failure, status string) int {
	code := ExitUsage
	switch {
	case f.Auth:
		code = ExitAuth
	case f.Transient, f.Unknown, f.Unreadable:
		code = ExitNetwork
	}
	if status != "" {
		say(r.d.Stderr, "voltdash: %s: %s\n", status, f.Sentence)
	} else {
		say(r.d.Stderr, "voltdash: %s\n", f.Sentence)
	}
	return code
}

// apiRequest reads and checks the request the arguments and flags make,
// against the spec; nothing is sent.
func (r *runner) apiRequest(method, target string) (apiCall, int, bool) {
	c := apiCall{method: strings.ToUpper(strings.TrimSpace(method)), query: url.Values{}}
	switch c.method {
	case "GET", "POST", "PUT", "PATCH", "DELETE":
	default:
		return c, r.fail(ExitUsage, "%q is not a method of Voltage's API (GET, POST, PUT, PATCH, DELETE)", method), false
	}
	if strings.Contains(target, "://") {
		return c, r.fail(ExitUsage, "give the path below the API's base URL, such as /organizations/{org}/wallets, not a URL"), false
	}
	p, rawQuery, _ := strings.Cut(target, "?")
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return c, r.fail(ExitUsage, "the path's query: %v", err), false
	}
	c.query = q
	for _, kv := range r.o.api.query {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return c, r.fail(ExitUsage, "--query %q: give key=value", kv), false
		}
		c.query.Add(k, v)
	}
	p = "/" + strings.TrimLeft(p, "/")
	for _, prefix := range []string{"/api/v1/", "/v1/"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			p = "/" + rest
		}
	}
	for name, value := range placeholders {
		if strings.Contains(p, name) {
			v := value(r.set)
			if v == "" {
				return c, r.fail(ExitUsage, "%s: no %s is configured (VOLTAGE_ORGANIZATION_ID, VOLTAGE_ENVIRONMENT_ID, or voltdash config init)", name, strings.Trim(name, "{}")), false
			}
			p = strings.ReplaceAll(p, name, url.PathEscape(v))
		}
	}
	if m := unfilled.FindString(p); m != "" {
		return c, r.fail(ExitUsage, "fill in %s in the path: only {org}, {organization_id}, {env} and {environment_id} are filled in for you", m), false
	}
	c.path = p
	if c.body, err = r.apiBody(); err != nil {
		return c, r.fail(ExitUsage, "--data: %v", err), false
	}
	s, err := spec.Load()
	if err != nil {
		return c, r.fail(ExitLocal, "reading Voltage's API spec: %v", err), false
	}
	op, found := s.Find(c.method, c.path)
	if !found {
		msg := fmt.Sprintf("no operation of Voltage's API is %s %s; nothing was sent", c.method, c.path)
		if ms := s.Methods(c.path); len(ms) > 0 {
			msg += fmt.Sprintf(" (this path takes %s)", strings.Join(ms, ", "))
		}
		return c, r.fail(ExitUsage, "%s", msg), false
	}
	c.op = op
	if c.method == "POST" && op.BodyID && c.body != nil {
		if c.body, c.newID, err = withID(c.body); err != nil {
			return c, r.fail(ExitUsage, "--data: %v", err), false
		}
	}
	if _, problems, _ := s.Check(c.method, c.path, c.query, c.body); len(problems) > 0 {
		return c, r.fail(ExitUsage, "%s does not fit Voltage's API spec, so nothing was sent: %s", op.ID, strings.Join(problems, "; ")), false
	}
	switch op.ID {
	case "create_treasury_movement":
		return c, r.fail(ExitUsage, "a treasury movement moves money, and voltdash's send journal records only payments: "+
			"it is not sent through voltdash api; nothing was sent"), false
	case "create_payment":
		c.send = isSendBody(c.body)
	}
	return c, 0, true
}

// apiBody is --data's JSON: the text itself, @FILE, or - for stdin; nil
// without --data.
func (r *runner) apiBody() ([]byte, error) {
	d := r.o.api.data
	var b []byte
	var err error
	switch {
	case d == "":
		return nil, nil
	case d == "-":
		b, err = io.ReadAll(io.LimitReader(r.d.Stdin, 1<<20+1))
	case strings.HasPrefix(d, "@"):
		b, err = os.ReadFile(d[1:])
	default:
		b = []byte(d)
	}
	switch {
	case err != nil:
		return nil, err
	case len(b) > 1<<20:
		return nil, errors.New("the body is over 1 MiB")
	case !json.Valid(b):
		var v any
		return nil, fmt.Errorf("not JSON: %v", json.Unmarshal(b, &v))
	}
	return bytes.TrimSpace(b), nil
}

// withID gives a create's body an id when it has none, written in front of
// its other fields, which stay as they were.
func withID(body []byte) ([]byte, string, error) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return body, "", nil // not an object: the spec check says what is wrong
	}
	if _, ok := fields["id"]; ok {
		return body, "", nil
	}
	id := uuid.NewString()
	rest := bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(body), []byte("{")))
	out := []byte(`{"id":"` + id + `"`)
	if !bytes.HasPrefix(rest, []byte("}")) {
		out = append(out, ',')
	}
	return append(out, rest...), id, nil
}

// apiDryRun prints the request and sends nothing: no key, no answer.
func (r *runner) apiDryRun(c apiCall) int {
	base := strings.TrimRight(r.set.BaseURL, "/")
	if base == "" {
		base = "https://voltageapi.com/v1"
	}
	u := base + c.path
	if len(c.query) > 0 {
		u += "?" + c.query.Encode()
	}
	r.apiWrite([]byte(c.method + " " + u + "\n"))
	if c.send {
		r.info("a send: it would be written to the send journal first, then sent")
	}
	if c.body != nil {
		r.apiWriteBody(c.body)
	}
	return ExitOK
}

// apiPrint writes an answer: with --include its status line and headers
// first, then the body.
func (r *runner) apiPrint(resp APIResponse) {
	if r.o.api.include {
		var b strings.Builder
		b.WriteString(resp.StatusLine + "\n")
		names := make([]string, 0, len(resp.Header))
		for k := range resp.Header {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			for _, v := range resp.Header[k] {
				b.WriteString(k + ": " + model.RedactKeys(v) + "\n")
			}
		}
		b.WriteString("\n")
		r.apiWrite([]byte(b.String()))
	}
	if len(bytes.TrimSpace(resp.Body)) > 0 {
		r.apiWriteBody(resp.Body)
	}
}

// apiWriteBody writes JSON indented, exact; anything else as text.
func (r *runner) apiWriteBody(body []byte) {
	var out bytes.Buffer
	if json.Indent(&out, bytes.TrimSpace(body), "", "  ") != nil {
		r.apiWrite([]byte(display(string(body)) + "\n"))
		return
	}
	out.WriteByte('\n')
	r.apiWrite(out.Bytes())
}

// apiWrite writes to stdout, cleaned line by line when stdout is a
// terminal; piped, JSON stays exact.
func (r *runner) apiWrite(b []byte) {
	if !r.d.TerminalOut {
		_, _ = r.d.Stdout.Write(b)
		return
	}
	lines := strings.SplitAfter(string(b), "\n")
	for i, l := range lines {
		nl := strings.HasSuffix(l, "\n")
		lines[i] = model.CleanText(strings.TrimSuffix(l, "\n"))
		if nl {
			lines[i] += "\n"
		}
	}
	_, _ = io.WriteString(r.d.Stdout, strings.Join(lines, ""))
}

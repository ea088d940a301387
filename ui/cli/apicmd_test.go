package cli

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/lnwire"

	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/invoicetest"
	"github.com/voltdash/voltdash/ui/port"
)

const (
	fakeOrg = "5a1f0e3c-7b2d-4c8e-9f6a-1b2c3d4e5f60"
	fakeEnv = "c41d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f22"
)

// fakeRaw answers voltdash api's requests with what a test scripted and
// keeps them.
type fakeRaw struct {
	answer func(APIRequest) (APIResponse, error)
	seen   []APIRequest
}

func (f *fakeRaw) Raw(_ context.Context, r APIRequest) (APIResponse, error) {
	f.seen = append(f.seen, r)
	if f.answer == nil {
		return APIResponse{Status: 200, StatusLine: "HTTP/1.1 200 OK", Body: []byte(`{}`)}, nil
	}
	return f.answer(r)
}
func (f *fakeRaw) BaseURL() string { return "http://127.0.0.1:1/v1" }
func (f *fakeRaw) Classify(err error) port.Failure {
	var fl failure
	if errors.As(err, &fl) {
		return fl.f
	}
	return port.Failure{Sentence: err.Error()}
}

func answer(status int, line, body string) func(APIRequest) (APIResponse, error) {
	return func(APIRequest) (APIResponse, error) {
		resp := APIResponse{Status: status, StatusLine: line, Body: []byte(body),
			Header: map[string][]string{"Content-Type": {"application/json"}, "X-Request-Id": {"r1"}}}
		if status >= 300 {
			auth := status == 401 || status == 403
			return resp, failure{port.Failure{Sentence: "Voltage said no.", Auth: auth, Transient: status >= 500}}
		}
		return resp, nil
	}
}

func runAPIWith(b *fakeBackend, raw *fakeRaw, stdin string, terminal bool, args ...string) result {
	return runWithDeps(b, stdin, func(d *Deps) {
		d.API = func(config.Settings) (RawAPI, error) { return raw, nil }
		d.TerminalOut = terminal
		d.Interactive = false
	}, append([]string{"api"}, args...)...)
}

func TestAPICommand(t *testing.T) {
	walletsPath := "/organizations/" + fakeOrg + "/wallets"
	payments := "/organizations/" + fakeOrg + "/environments/" + fakeEnv + "/payments"
	receive := `{"wallet_id":"` + tillID + `","payment_kind":"bolt11","amount":{"amount":1000,"currency":"btc"}}`
	cases := []struct {
		name     string
		args     []string
		stdin    string
		terminal bool
		answer   func(APIRequest) (APIResponse, error)
		code     int
		sent     int      // requests made
		path     string   // of the request made
		stdout   []string // each in stdout
		stderr   []string // each in stderr
	}{
		{name: "get with org filled in", args: []string{"GET", "/organizations/{org}/wallets"},
			answer: answer(200, "HTTP/1.1 200 OK", `[{"id":"`+tillID+`","limit":12345678901234567890}]`),
			sent:   1, path: walletsPath, stdout: []string{"[\n  {\n    \"id\": \"" + tillID + "\",\n    \"limit\": 12345678901234567890\n  }\n]\n"}},
		{name: "the documentation's spelling of the path", args: []string{"GET", "v1/organizations/{organization_id}/environments/{environment_id}/payments?limit=5"},
			sent: 1, path: payments},
		{name: "query flags", args: []string{"GET", "/organizations/{org}/environments/{env}/payments", "--query", "statuses[]=completed", "--query", "limit=5"},
			sent: 1, path: payments},
		{name: "a receive gets an id, printed first", args: []string{"POST", "/organizations/{org}/environments/{env}/payments", "--data", receive},
			answer: answer(202, "HTTP/1.1 202 Accepted", ""), sent: 1, path: payments, stderr: []string{"id: "}},
		{name: "a receive from stdin", args: []string{"POST", "/organizations/{org}/environments/{env}/payments", "--data", "-"}, stdin: receive,
			answer: answer(202, "HTTP/1.1 202 Accepted", ""), sent: 1, path: payments},
		{name: "unknown path", args: []string{"GET", "/organizations/{org}/nothing"}, code: ExitUsage,
			stderr: []string{"no operation of Voltage's API is GET /organizations/" + fakeOrg + "/nothing; nothing was sent"}},
		{name: "method the path lacks", args: []string{"PUT", "/organizations/{org}/wallets"}, code: ExitUsage,
			stderr: []string{"(this path takes GET, POST)"}},
		{name: "not a method", args: []string{"FETCH", "/organizations/{org}/wallets"}, code: ExitUsage},
		{name: "an id left to fill in", args: []string{"GET", "/organizations/{org}/wallets/{wallet_id}"}, code: ExitUsage,
			stderr: []string{"fill in {wallet_id}"}},
		{name: "a URL, not a path", args: []string{"GET", "https://voltageapi.com/v1/organizations/{org}/wallets"}, code: ExitUsage},
		{name: "a wrong type", args: []string{"POST", "/organizations/{org}/wallets", "--data", `{"name":3}`}, code: ExitUsage,
			stderr: []string{"create_wallet does not fit Voltage's API spec, so nothing was sent", "$.name got number, want string", "missing properties"}},
		{name: "a missing field", args: []string{"POST", "/organizations/{org}/environments/{env}/webhooks", "--data", `{"name":"shop","events":{"send":["completed"]}}`},
			code: ExitUsage, stderr: []string{"create_webhook does not fit", "url"}},
		{name: "not JSON", args: []string{"POST", "/organizations/{org}/wallets", "--data", `{name:`}, code: ExitUsage, stderr: []string{"--data: not JSON"}},
		{name: "a body where none is taken", args: []string{"GET", "/organizations/{org}/wallets", "--data", `{}`}, code: ExitUsage,
			stderr: []string{"takes no request body"}},
		{name: "an undeclared query parameter", args: []string{"GET", "/organizations/{org}/wallets", "--query", "colour=red"}, code: ExitUsage,
			stderr: []string{`query parameter "colour" is not declared`}},
		{name: "an array without brackets", args: []string{"GET", "/organizations/{org}/environments/{env}/payments", "--query", "statuses=completed"}, code: ExitUsage,
			stderr: []string{"must be sent as statuses[]="}},
		{name: "a treasury movement", args: []string{"POST", "/organizations/{org}/environments/{env}/treasury_movements", "--data",
			`{"wallet_id":"` + tillID + `","currency":"btc","type":"bolt11","data":{"payment_request":"lntbs1"}}`}, code: ExitUsage,
			stderr: []string{"treasury movement moves money"}},
		{name: "dry run", args: []string{"-n", "PATCH", "/organizations/{org}/wallets/" + tillID, "--data", `{"name":"Till"}`},
			stdout: []string{"PATCH http://127.0.0.1:1/v1/organizations/" + fakeOrg + "/wallets/" + tillID + "\n{\n  \"name\": \"Till\"\n}\n"}},
		{name: "dry run with a query", args: []string{"GET", "/organizations/{org}/environments/{env}/payments", "--query", "limit=5", "--dry-run"},
			stdout: []string{"GET http://127.0.0.1:1/v1" + payments + "?limit=5\n"}},
		{name: "refused: the body out, the status on stderr", args: []string{"GET", "/organizations/{org}/wallets/" + tillID},
			answer: answer(404, "HTTP/1.1 404 Not Found", `{"error":{"type":"instance_not_found"}}`), code: ExitUsage, sent: 1,
			stdout: []string{`"type": "instance_not_found"`}, stderr: []string{"voltdash: HTTP/1.1 404 Not Found: Voltage said no."}},
		{name: "key refused", args: []string{"GET", "/organizations/{org}/wallets"},
			answer: answer(401, "HTTP/1.1 401 Unauthorized", `{"error":{"type":"unauthorized"}}`), code: ExitAuth, sent: 1},
		{name: "server error", args: []string{"GET", "/organizations/{org}/wallets"},
			answer: answer(500, "HTTP/1.1 500 Internal Server Error", `{}`), code: ExitNetwork, sent: 1},
		{name: "no answer", args: []string{"GET", "/organizations/{org}/wallets"},
			answer: func(APIRequest) (APIResponse, error) {
				return APIResponse{}, failure{port.Failure{Sentence: "Cannot reach Voltage.", Transient: true}}
			}, code: ExitNetwork, sent: 1, stderr: []string{"Cannot reach Voltage."}},
		{name: "include", args: []string{"GET", "/organizations/{org}/wallets", "-i"},
			answer: answer(200, "HTTP/1.1 200 OK", `[]`), sent: 1,
			stdout: []string{"HTTP/1.1 200 OK\nContent-Type: application/json\nX-Request-Id: r1\n\n[]\n"}},
		{name: "piped: JSON exact", args: []string{"GET", "/organizations/{org}/wallets"},
			answer: answer(200, "HTTP/1.1 200 OK", `[{"name":"a`+"\u202e"+`b"}]`), sent: 1, stdout: []string{"a\u202eb"}},
		{name: "terminal: cleaned", args: []string{"GET", "/organizations/{org}/wallets"}, terminal: true,
			answer: answer(200, "HTTP/1.1 200 OK", `[{"name":"a`+"\u202e"+`b"}]`), sent: 1, stdout: []string{`"name": "ab"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw := &fakeRaw{answer: tc.answer}
			b := &fakeBackend{wallets: wallets("Till", "Payouts")}
			r := runAPIWith(b, raw, tc.stdin, tc.terminal, tc.args...)
			if r.code != tc.code || len(raw.seen) != tc.sent || len(b.sent) != 0 {
				t.Fatalf("exit %d with %d requests, %d sends; want %d with %d\nstdout: %s\nstderr: %s", r.code, len(raw.seen), len(b.sent), tc.code, tc.sent, r.stdout, r.stderr)
			}
			if tc.path != "" && raw.seen[0].Path != tc.path {
				t.Errorf("path %s, want %s", raw.seen[0].Path, tc.path)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
				}
			}
			if strings.Contains(r.stdout+r.stderr, "vltg_test") {
				t.Errorf("the key shows:\n%s\n%s", r.stdout, r.stderr)
			}
		})
	}
}

// TestAPIReceiveGetsItsIDFirst: the id printed is the one sent, in front
// of the body's own fields, which are sent as given; the create may be
// repeated (it carries its id).
func TestAPIReceiveGetsItsIDFirst(t *testing.T) {
	raw := &fakeRaw{answer: answer(202, "HTTP/1.1 202 Accepted", "")}
	body := `{ "wallet_id":"` + tillID + `", "payment_kind":"bolt11", "amount":{"amount":1000,"currency":"btc"} }`
	r := runAPIWith(&fakeBackend{}, raw, "", false, "POST", "/organizations/{org}/environments/{env}/payments", "--data", body)
	if r.code != ExitOK || len(raw.seen) != 1 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	id := strings.TrimPrefix(strings.SplitN(r.stderr, "\n", 2)[0], "id: ")
	sent := raw.seen[0]
	if !model.IsID(id) || string(sent.Body) != `{"id":"`+id+`","wallet_id":"`+tillID+`", "payment_kind":"bolt11", "amount":{"amount":1000,"currency":"btc"} }` || !sent.KeyedCreate {
		t.Errorf("id %q, sent %s (keyed %v)", id, sent.Body, sent.KeyedCreate)
	}
	withOwn := `{"id":"` + paymentID + `","wallet_id":"` + tillID + `","payment_kind":"bolt11","amount":{"amount":1000,"currency":"btc"}}`
	r = runAPIWith(&fakeBackend{}, raw, "", false, "POST", "/organizations/{org}/environments/{env}/payments", "--data", withOwn)
	if r.code != ExitOK || string(raw.seen[1].Body) != withOwn || strings.Contains(r.stderr, "id: ") {
		t.Errorf("a body with its id: %d %s, sent %s", r.code, r.stderr, raw.seen[1].Body)
	}
}

// TestAPISendGoesThroughTheJournal: a send made with voltdash api is the
// backend's Send of a record built from the body (the body's request, the
// invoice's amount, payee and destination), never a raw request; one the
// journal cannot record exactly, or that does not fit the wallet, is
// refused with nothing sent.
func TestAPISendGoesThroughTheJournal(t *testing.T) {
	inv := signetInvoice(t, model.Sats(1500), "coffee")
	send := func(extra string) string {
		return `{"id":"` + paymentID + `","wallet_id":"` + tillID + `","currency":"btc","type":"bolt11","data":{"payment_request":"` + inv +
			`","max_fee":{"amount":5000,"currency":"btc"}}` + extra + `}`
	}
	raw := &fakeRaw{}
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	r := runAPIWith(b, raw, "", false, "POST", "/organizations/{org}/environments/{env}/payments", "--data", send(""))
	if r.code != ExitOK || len(raw.seen) != 0 || len(b.sent) != 1 {
		t.Fatalf("exit %d, %d raw requests, %d sends: %s", r.code, len(raw.seen), len(b.sent), r.stderr)
	}
	rec := b.sent[0]
	got, _ := json.Marshal(rec.Request)
	if rec.ID != paymentID || rec.WalletID != tillID || rec.Amount != model.Sats(1500) || rec.MaxFee != 5000 || rec.Memo != "coffee" ||
		!strings.HasPrefix(rec.Destination, "lightning:") || string(got) != send("") {
		t.Errorf("record %+v\nrequest %s", rec, got)
	}
	if !strings.Contains(r.stderr, "Sent "+paymentID+" through the send journal") {
		t.Errorf("stderr: %s", r.stderr)
	}
	refusals := []struct{ name, body, want string }{
		{"a field the journal cannot keep", send(`,"quote_id":"` + payoutsID + `"`), "cannot record quote_id"},
		{"another network's invoice", strings.Replace(send(""), inv, mainnetInvoice(t), 1), "the wallet is on Mutinynet"},
		{"an amount the invoice does not ask", strings.Replace(send(""), `"max_fee"`, `"amount":{"amount":9000,"currency":"btc"},"max_fee"`, 1), "the amount"},
	}
	for _, tc := range refusals {
		b := &fakeBackend{wallets: wallets("Till", "Payouts")}
		r := runAPIWith(b, raw, "", false, "POST", "/organizations/{org}/environments/{env}/payments", "--data", tc.body)
		if r.code != ExitUsage || len(b.sent) != 0 || len(raw.seen) != 0 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, %d sends: %s", tc.name, r.code, len(b.sent), r.stderr)
		}
	}
	// A repeat of a send the journal holds is refused, as pay refuses it.
	b = &fakeBackend{wallets: wallets("Till", "Payouts"), send: func(rec model.SendRecord) (model.SendRecord, error) {
		return rec, failure{port.Failure{Sentence: "repeat", Repeat: &model.DuplicateSendError{Earlier: model.SendRecord{ID: payoutsID, State: model.SendAccepted}}}}
	}}
	if r := runAPIWith(b, raw, "", false, "POST", "/organizations/{org}/environments/{env}/payments", "--data", send("")); r.code != ExitUsage ||
		!strings.Contains(r.stderr, "voltdash pay --again") {
		t.Errorf("a repeat: exit %d: %s", r.code, r.stderr)
	}
}

func mainnetInvoice(t testing.TB) string {
	return invoicetest.Make(t, &chaincfg.MainNetParams, lnwire.MilliSatoshi(model.Sats(1500)), "coffee", t0, time.Hour)
}

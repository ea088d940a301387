package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui"
	"github.com/voltdash/voltdash/ui/cli"
)

// apiWorld is a cliWorld whose API is reached through a proxy that counts
// every request, so that "nothing was sent" is seen, not assumed.
type apiWorld struct {
	*cliWorld
	requests atomic.Int64
}

func newAPIWorld(t *testing.T) *apiWorld {
	w := &apiWorld{cliWorld: newCLIWorld(t, sim.Config{NoHistory: true})}
	target, _ := url.Parse(strings.TrimSuffix(w.srv.URL(), "/v1"))
	proxy := httputil.NewSingleHostReverseProxy(target)
	counting := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.requests.Add(1)
		proxy.ServeHTTP(rw, r)
	}))
	t.Cleanup(counting.Close)
	w.env["VOLTAGE_BASE_URL"] = counting.URL + "/v1"
	return w
}

// api runs voltdash api the way main wires it.
func (w *apiWorld) api(stdin string, args ...string) cliResult {
	var out, errb bytes.Buffer
	code := cli.Run(append([]string{"api"}, args...), cli.Deps{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return w.env[k] }, Clock: w.clk, Version: "test",
		QR: ui.PlainStyles().QRLook(), Connect: w.connect, API: openRaw, Demo: runningDemo,
	})
	r := cliResult{code, out.String(), errb.String()}
	if key := w.env["VOLTAGE_API_KEY"]; strings.Contains(r.stdout+r.stderr, key) {
		w.t.Errorf("voltdash api %q printed the key:\n%s\n%s", args, r.stdout, r.stderr)
	}
	return r
}

// TestAPICommandThroughTheSimulator: voltdash api reads the wallets as the
// simulator has them, creates a receive under the id it prints first, and
// refuses an unknown path and bodies the spec does not take, with the
// validator's reason and no request made; the key never shows, with
// --include and --dry-run too.
func TestAPICommandThroughTheSimulator(t *testing.T) {
	w := newAPIWorld(t)
	r := w.api("", "GET", "/organizations/{org}/wallets")
	var ws []model.Wallet
	if err := json.Unmarshal([]byte(r.stdout), &ws); r.code != cli.ExitOK || err != nil || len(ws) < 3 {
		t.Fatalf("GET wallets: exit %d, %v: %s %s", r.code, err, r.stdout, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "[\n  {\n    \"id\": ") {
		t.Errorf("not indented: %.40q", r.stdout)
	}
	till := byName(t, ws, "Coffee shop till")

	receive := `{"wallet_id":"` + till.ID + `","payment_kind":"bolt11","amount":{"amount":2100000,"currency":"btc"},"description":"via api"}`
	r = w.api(receive, "POST", "/organizations/{org}/environments/{env}/payments", "--data", "-")
	id := strings.TrimPrefix(strings.SplitN(r.stderr, "\n", 2)[0], "id: ")
	if r.code != cli.ExitOK || !model.IsID(id) {
		t.Fatalf("POST receive: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	if p, ok := w.srv.Payment(id); !ok || p.Direction != model.Receive || p.WalletID != till.ID || p.Amount() != model.Sats(2100) {
		t.Errorf("the simulator has %+v (%v)", p, ok)
	}
	r = w.api("", "GET", "/organizations/{org}/environments/{env}/payments/"+id, "--include")
	if r.code != cli.ExitOK || !strings.HasPrefix(r.stdout, "HTTP/1.1 200 OK\n") || !strings.Contains(r.stdout, `"memo": "via api"`) {
		t.Errorf("GET the receive --include: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}

	before := w.requests.Load()
	refused := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown path", []string{"GET", "/organizations/{org}/wallets/" + till.ID + "/colour"},
			[]string{"no operation of Voltage's API is GET", "nothing was sent"}},
		{"wrong type", []string{"PATCH", "/organizations/{org}/wallets/" + till.ID, "--data", `{"name":42}`},
			[]string{"update_wallet does not fit Voltage's API spec", "$.name got number, want string"}},
		{"missing required field", []string{"POST", "/organizations/{org}/wallets", "--data", `{"name":"Float","network":"mutinynet","limit":1000}`},
			[]string{"create_wallet does not fit", "missing properties", "environment_id", "line_of_credit_id"}},
		{"a receive without its wallet", []string{"POST", "/organizations/{org}/environments/{env}/payments", "--data", `{"payment_kind":"bolt11","currency":"btc"}`},
			[]string{"create_payment does not fit", "wallet_id"}},
	}
	for _, tc := range refused {
		r := w.api("", tc.args...)
		if r.code != cli.ExitUsage || r.stdout != "" {
			t.Errorf("%s: exit %d: %s %s", tc.name, r.code, r.stdout, r.stderr)
		}
		for _, s := range tc.want {
			if !strings.Contains(r.stderr, s) {
				t.Errorf("%s: stderr lacks %q: %s", tc.name, s, r.stderr)
			}
		}
	}
	r = w.api("", "-n", "POST", "/organizations/{org}/environments/{env}/payments", "--data", receive)
	if r.code != cli.ExitOK || !strings.HasPrefix(r.stdout, "POST "+w.env["VOLTAGE_BASE_URL"]+"/organizations/") || !strings.Contains(r.stdout, `"id": "`) {
		t.Errorf("dry run: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	if n := w.requests.Load() - before; n != 0 {
		t.Errorf("%d requests reached the API for requests refused or only shown", n)
	}

	// Refused by Voltage: the body on stdout, the status on stderr.
	r = w.api("", "GET", "/organizations/{org}/wallets/00000000-0000-4000-8000-000000000000")
	if r.code != cli.ExitUsage || !strings.Contains(r.stdout, `"type": "instance_not_found"`) || !strings.Contains(r.stderr, "404 Not Found") {
		t.Errorf("404: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	// A wrong key: exit 3, and it is not printed either.
	w.env["VOLTAGE_API_KEY"] = "vltg_wrongWrongWrongWrongWrong01"
	if r := w.api("", "GET", "/organizations/{org}/wallets", "-i"); r.code != cli.ExitAuth {
		t.Errorf("wrong key: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
}

// TestAPISendThroughTheSimulator: a send made with voltdash api is written
// to the send journal before it goes, under the id printed first, and
// Voltage makes it; a second send of the same invoice is refused by the
// journal with nothing sent.
func TestAPISendThroughTheSimulator(t *testing.T) {
	w := newAPIWorld(t)
	var ws []model.Wallet
	_ = json.Unmarshal([]byte(w.api("", "GET", "/organizations/{org}/wallets").stdout), &ws)
	inv, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(1200), Memo: "api send"})
	send := `{"wallet_id":"` + byName(t, ws, "Coffee shop till").ID + `","currency":"btc","type":"bolt11","data":{"payment_request":"` + inv + `","max_fee":{"amount":20000,"currency":"btc"}}}`
	sends := w.srv.CountSends()
	r := w.api("", "POST", "/organizations/{org}/environments/{env}/payments", "--data", send)
	id := strings.TrimPrefix(strings.SplitN(r.stderr, "\n", 2)[0], "id: ")
	if r.code != cli.ExitOK || !model.IsID(id) || !strings.Contains(r.stderr, "through the send journal") {
		t.Fatalf("send: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	if p, ok := w.srv.Payment(id); !ok || p.Direction != model.Send || w.srv.CountSends() != sends+1 {
		t.Errorf("the simulator has %+v (%v), %d sends", p, ok, w.srv.CountSends()-sends)
	}
	base, _ := journal.DefaultDir()
	j, _ := journal.Open(filepath.Join(base, w.env["VOLTAGE_ENVIRONMENT_ID"]), nil)
	if rec, err := j.Get(id); err != nil || rec.Amount != model.Sats(1200) || rec.Memo != "api send" || rec.State == model.SendRecorded {
		t.Errorf("journal: %+v %v", rec, err)
	}
	before := w.requests.Load()
	if r := w.api("", "POST", "/organizations/{org}/environments/{env}/payments", "--data", send); r.code != cli.ExitUsage ||
		!strings.Contains(r.stderr, "already sent as payment "+id) || w.srv.CountSends() != sends+1 {
		t.Errorf("the same invoice again: exit %d: %s", r.code, r.stderr)
	}
	if n := w.requests.Load() - before; n > 1 { // the wallet is read; nothing is posted
		t.Errorf("%d requests for a refused repeat", n)
	}
}

func byName(t *testing.T, ws []model.Wallet, name string) model.Wallet {
	t.Helper()
	for _, w := range ws {
		if w.Name == name {
			return w
		}
	}
	t.Fatalf("no wallet %q among %d", name, len(ws))
	return model.Wallet{}
}

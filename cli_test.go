package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/api/lnurl"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui"
	"github.com/voltdash/voltdash/ui/cli"
	"github.com/voltdash/voltdash/ui/port"
)

var cliStart = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// cliWorld is a simulator on a fixed clock and the environment a user of
// the commands would have.
type cliWorld struct {
	t   *testing.T
	srv *sim.Server
	clk *clock.Manual
	env map[string]string
	// connect overrides how accounts are opened (for fault tests).
	connect func(config.Settings) (port.Backend, error)
}

func newCLIWorld(t *testing.T, cfg sim.Config) *cliWorld {
	clk := clock.NewManual(cliStart)
	clk.AutoAdvance(true) // the commands' waits move the simulated world
	cfg.Clock = clk
	if cfg.Seed == 0 {
		cfg.Seed = 41
	}
	srv, err := sim.Start("127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	cr := srv.Credentials()
	w := &cliWorld{t: t, srv: srv, clk: clk, env: map[string]string{
		"VOLTAGE_BASE_URL": srv.URL(), "VOLTAGE_API_KEY": cr.APIKey, "VOLTAGE_ORGANIZATION_ID": cr.OrganizationID,
		"VOLTAGE_ENVIRONMENT_ID": cr.EnvironmentID, "XDG_CONFIG_HOME": t.TempDir(), "HOME": t.TempDir(),
		"VOLTDASH_PRICE_URL": srv.PriceURL(), // the simulator's prices, on its clock: never the public service
	}}
	w.connect = connect
	return w
}

type cliResult struct {
	code           int
	stdout, stderr string
}

// run runs voltdash with args the way main does, with this world's
// clock and environment.
func (w *cliWorld) run(stdin string, args ...string) cliResult {
	var out, errb bytes.Buffer
	code := cli.Run(args, cli.Deps{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Interactive: stdin != "",
		Getenv: func(k string) string { return w.env[k] }, Clock: w.clk, Version: "test",
		QR:      ui.PlainStyles().QRLook(),
		Connect: w.connect,
		Check: func(ctx context.Context, s config.Settings) (model.Health, error) {
			c, err := api.New(s.BaseURL, s.APIKey(), s.Organization, s.Environment, api.WithClock(w.clk))
			if err != nil {
				return model.Health{}, err
			}
			return c.Check(ctx)
		},
		Dashboard: func(config.Settings, cli.DashboardOptions) int { return 99 },
		Sim:       func([]string) int { return 98 },
		Demo:      runningDemo,
		Prices:    func(s config.Settings) port.Prices { return pricesOn(s, w.clk) },
		LNURL:     lnurl.New(), // the simulator's Lightning Address service, on this machine
	})
	return cliResult{code, out.String(), errb.String()}
}

var ids = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// stable hides what differs run to run: the ids the commands make up and
// the simulator's port.
func stable(s string) string {
	s = ids.ReplaceAllString(s, "<id>")
	return regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(s, "127.0.0.1:<port>")
}

func TestCLIReadCommands(t *testing.T) {
	w := newCLIWorld(t, sim.Config{})
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"wallets", []string{"wallets"}},
		{"wallets_json", []string{"wallets", "--json"}},
		{"wallets_btc", []string{"wallets", "--unit", "btc"}},
		{"history", []string{"history", "--limit", "8"}},
		{"history_json", []string{"history", "--limit", "3", "--json"}},
		{"history_csv", []string{"history", "--csv", "--limit", "6"}},
		{"history_filtered", []string{"history", "--wallet", "payouts", "--status", "failed,expired", "--since", "30d"}},
		{"history_sends_onchain", []string{"history", "--direction", "send", "--kind", "onchain", "--limit", "3"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := w.run("", tt.args...)
			if r.code != cli.ExitOK || r.stderr != "" {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			golden.RequireEqual(t, stable(r.stdout))
		})
	}
}

func TestCLIInvoiceAndStatus(t *testing.T) {
	w := newCLIWorld(t, sim.Config{AutoPay: 5 * time.Second})
	r := w.run("", "invoice", "--wallet", "Payouts", "--amount", "2.5k", "--memo", "Flat white x2")
	if r.code != cli.ExitOK || !strings.Contains(r.stderr, "Lightning invoice for 2,500 sats") {
		t.Fatalf("invoice: %d %s", r.code, r.stderr)
	}
	t.Run("qr", func(t *testing.T) { golden.RequireEqual(t, stable(r.stdout)) }) // the QR code, then the invoice
	inv := strings.TrimSpace(r.stdout[strings.LastIndex(strings.TrimSpace(r.stdout), "\n")+1:])
	if got := scanText(t, r.stdout); !strings.EqualFold(strings.TrimPrefix(got, "LIGHTNING:"), inv) {
		t.Errorf("the printed QR code scans as %q", got)
	}

	r = w.run("", "invoice", "--wallet", "Payouts", "--amount", "1000", "--kind", "onchain", "--json", "--wait")
	if r.code != cli.ExitOK || strings.Count(r.stdout, `"id"`) != 2 || !strings.Contains(r.stdout, `"status": "completed"`) {
		t.Fatalf("invoice --wait: %d %s %s", r.code, r.stdout, r.stderr)
	}
	id := ids.FindString(r.stdout)
	r = w.run("", "status", id)
	if r.code != cli.ExitOK || !strings.HasPrefix(r.stdout, "✓ Received 1,000 sats") {
		t.Errorf("status: %d %s", r.code, r.stdout)
	}
	t.Run("status_json", func(t *testing.T) { golden.RequireEqual(t, stable(w.run("", "status", id, "--json").stdout)) })

	// Nobody pays this one within the timeout.
	w.srv.SetFaults(sim.Faults{})
	none := newCLIWorld(t, sim.Config{})
	r = none.run("", "invoice", "--wallet", "Savings", "--no-qr", "--wait", "--timeout", "30s")
	if r.code != cli.ExitPending || !strings.Contains(r.stderr, "still receiving") {
		t.Errorf("unpaid: %d %s", r.code, r.stderr)
	}
}

func TestCLIPay(t *testing.T) {
	w := newCLIWorld(t, sim.Config{})
	inv, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(4200), Memo: "Beans, 1 kg"})
	r := w.run("", "pay", inv, "--wallet", "coffee", "--yes", "--json")
	if r.code != cli.ExitOK {
		t.Fatalf("pay: %d %s %s", r.code, r.stdout, r.stderr)
	}
	golden.RequireEqual(t, stable(r.stdout))
	if !strings.Contains(r.stderr, "Pay        4,200 sats\nFee cap    at most 42 sats\nFrom       Coffee shop till (Mutinynet)\nTo         node") ||
		!strings.HasSuffix(strings.TrimSpace(r.stderr[:strings.Index(r.stderr, "Sending")]), "For        “Beans, 1 kg”") {
		t.Errorf("no summary before paying: %s", r.stderr)
	}
	// The journal saw it through.
	base, _ := journal.DefaultDir()
	j, _ := journal.Open(filepath.Join(base, w.env["VOLTAGE_ENVIRONMENT_ID"]), nil)
	if all, _ := j.All(); len(all) != 1 || all[0].State != model.SendFinal || all[0].Status != model.StatusCompleted {
		t.Errorf("journal %+v", all)
	}

	// Asked, and the answer was no.
	inv2, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: 1000})
	if r := w.run("n\n", "pay", "--wallet", "coffee", inv2); r.code != cli.ExitFailed || !strings.Contains(r.stderr, "Pay? [y/N]") {
		t.Errorf("declined: %d %s", r.code, r.stderr)
	}
	if r := w.run("y\n", "pay", "--wallet", "coffee", inv2); r.code != cli.ExitOK {
		t.Errorf("confirmed: %d %s", r.code, r.stderr)
	}
	// What Voltage's policy check refuses exits 1 with the reason, and is
	// not sent.
	big, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(9_000_000)})
	sends := w.srv.CountSends()
	if r := w.run("", "pay", big, "--wallet", "coffee", "--yes"); r.code != cli.ExitFailed || !strings.Contains(r.stderr, "policy check refused it") ||
		!strings.Contains(r.stderr, "hold_failed") || w.srv.CountSends() != sends {
		t.Errorf("too big: %d %s %s", r.code, r.stdout, r.stderr)
	}
}

// TestCLIExitCodes provokes each class of failure.
func TestCLIExitCodes(t *testing.T) {
	w := newCLIWorld(t, sim.Config{})
	mainnet := "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpuaztrnwngzn3kdzw5hydlzf03qdgm2hdq27cqv3agm2awhz5se903vruatfhq77w3ls4evs3ch9zw97j25emudupq63nyw24cg27h2rspfj9srp"
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		says string
	}{
		{"unknown command", nil, []string{"walets"}, cli.ExitUsage, `unknown command "walets"`},
		{"unknown flag", nil, []string{"history", "--colour"}, cli.ExitUsage, "flag provided but not defined: -colour"},
		{"bad status filter", nil, []string{"history", "--status", "paid"}, cli.ExitUsage, `--status "paid"`},
		{"bad since", nil, []string{"history", "--since", "yesterday"}, cli.ExitUsage, "use a duration such as 24h or 7d"},
		{"which wallet", nil, []string{"invoice"}, cli.ExitUsage, "choose a wallet with --wallet (Coffee shop till, Payouts, Savings)"},
		{"bad amount", nil, []string{"invoice", "--wallet", "Savings", "--amount", "1,50"}, cli.ExitUsage, "misplaced thousands separator"},
		{"wrong network", nil, []string{"pay", "--wallet", "Savings", "--yes", mainnet}, cli.ExitUsage, "invoice is for Mainnet but the wallet is on Mutinynet"},
		{"garbage to pay", nil, []string{"pay", "--wallet", "Savings", "--yes", "hello"}, cli.ExitUsage, "neither a Lightning invoice nor a bitcoin address"},
		{"not a payment id", nil, []string{"status", "42"}, cli.ExitUsage, "give the id of one payment"},
		{"unknown payment", nil, []string{"status", "8a534494-c80f-4aec-be5d-2fa389925121"}, cli.ExitUsage, "there is no payment"},
		{"wrong key", map[string]string{"VOLTAGE_API_KEY": "vltg_wrong"}, []string{"wallets"}, cli.ExitAuth, "The API key was not accepted"},
		{"wrong organization", map[string]string{"VOLTAGE_ORGANIZATION_ID": "11111111-2222-4333-8444-555555555555"}, []string{"wallets"}, cli.ExitAuth, "lacks permission"},
		{"no account", map[string]string{"VOLTAGE_API_KEY": ""}, []string{"wallets"}, cli.ExitAuth, "no account is configured"},
		{"unreachable", map[string]string{"VOLTAGE_BASE_URL": "http://127.0.0.1:1/v1"}, []string{"wallets"}, cli.ExitNetwork, "Cannot reach Voltage"},
		{"plain http", map[string]string{"VOLTAGE_BASE_URL": "http://voltage.example/v1"}, []string{"wallets"}, cli.ExitUsage, "plain http:// is only allowed for localhost"},
		{"no demo running", nil, []string{"wallets", "--demo"}, cli.ExitAuth, "no demo is running"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			saved := map[string]string{}
			for k, v := range tt.env {
				saved[k] = w.env[k]
				w.env[k] = v
			}
			defer func() {
				for k, v := range saved {
					w.env[k] = v
				}
			}()
			r := w.run("", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.says) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", r.code, tt.code, r.stderr, tt.says)
			}
			j := w.run("", append(tt.args, "--json")...)
			if j.code != tt.code || !strings.Contains(j.stdout, `"error"`) {
				t.Errorf("--json: exit %d, stdout %q", j.code, j.stdout)
			}
		})
	}
}

func TestCLIConfigAndTheKeyNeverShows(t *testing.T) {
	w := newCLIWorld(t, sim.Config{})
	key := w.env["VOLTAGE_API_KEY"]
	w.env["VOLTAGE_API_KEY"], w.env["MY_KEY"] = "", key
	r := w.run("", "config", "init")
	path := filepath.Join(w.env["XDG_CONFIG_HOME"], "voltdash", "config.toml")
	if info, err := os.Stat(path); r.code != 0 || err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("init: %d %s %v", r.code, r.stderr, err)
	}
	if r := w.run("", "config", "init"); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "--force") {
		t.Errorf("second init: %d %s", r.code, r.stderr)
	}
	// The template's placeholders and missing variable are reported.
	if r := w.run("", "config", "check"); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "$VOLTAGE_STAGING_KEY, which is empty or unset") {
		t.Errorf("template check: %d %s", r.code, r.stderr)
	}
	write := func(body string, mode os.FileMode) {
		os.WriteFile(path, []byte(body), mode)
		os.Chmod(path, mode)
	}
	profile := `[profiles.lab]
organization_id = "` + w.env["VOLTAGE_ORGANIZATION_ID"] + `"
environment_id = "` + w.env["VOLTAGE_ENVIRONMENT_ID"] + `"
base_url = "` + w.env["VOLTAGE_BASE_URL"] + `"
`
	for k := range map[string]bool{"VOLTAGE_BASE_URL": true, "VOLTAGE_ORGANIZATION_ID": true, "VOLTAGE_ENVIRONMENT_ID": true} {
		w.env[k] = ""
	}
	write(profile+`api_key = "`+key+`"`+"\n", 0o644)
	if r := w.run("", "config", "check"); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "which others can read (mode 0644): run chmod 600") {
		t.Errorf("readable inline key: %d %s", r.code, r.stderr)
	}
	write(profile+`api_key = "`+key+`"`+"\n", 0o600)
	var outputs []cliResult
	for _, args := range [][]string{{"config", "check"}, {"config", "check", "--json"}, {"wallets", "--json"},
		{"history", "--json", "--limit", "2"}, {"config", "path", "--json"}} {
		r := w.run("", args...)
		if r.code != cli.ExitOK {
			t.Errorf("%v: %d %s", args, r.code, r.stderr)
		}
		outputs = append(outputs, r)
	}
	if !strings.Contains(outputs[0].stdout, "✓ Profile lab works") || !strings.Contains(outputs[0].stdout, "key from "+path+" (profile lab)") {
		t.Errorf("check: %s", outputs[0].stdout)
	}
	golden.RequireEqual(t, strings.ReplaceAll(stable(outputs[1].stdout), w.env["XDG_CONFIG_HOME"], "$XDG_CONFIG_HOME"))
	write(profile+"api_key_env = \"MY_KEY\"\n\n[display]\nunit = 5\n", 0o600)
	if r := w.run("", "config", "check"); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "config.toml line 8: display.unit: expected text in quotes, found a number") {
		t.Errorf("malformed: %d %s", r.code, r.stderr)
	}
	write(profile+"api_key_env = \"MY_KEY\"\n", 0o600)
	for _, r := range append(outputs, w.run("", "config", "check", "--json"), w.run("", "wallets", "--json", "--profile", "lab")) {
		if strings.Contains(r.stdout+r.stderr, key) {
			t.Errorf("the key was printed:\n%s%s", r.stdout, r.stderr)
		}
	}
	// A clock minutes off from the server's is a problem the check names.
	w.clk.Advance(5 * time.Minute)
	skewed := *w
	skewed.clk = clock.NewManual(w.clk.Now().Add(-5 * time.Minute))
	if r := skewed.run("", "config", "check"); r.code != cli.ExitLocal || !strings.Contains(r.stderr, "clock is 5m behind Voltage's") {
		t.Errorf("skew: %d %s", r.code, r.stderr)
	}
}

func TestCLIHelpVersionAndCompletion(t *testing.T) {
	w := newCLIWorld(t, sim.Config{NoHistory: true})
	for _, c := range []string{"wallets", "history", "invoice", "pay", "status", "config", "completion"} {
		if r := w.run("", c, "--help"); r.code != 0 || !strings.HasPrefix(r.stdout, "Usage: voltdash "+c) || !strings.Contains(r.stdout, "-json") {
			t.Errorf("%s --help: %d %q", c, r.code, r.stdout)
		}
		if r := w.run("", c, "--version"); r.code != 0 || r.stdout != "voltdash test\n" {
			t.Errorf("%s --version: %q", c, r.stdout)
		}
	}
	if r := w.run("", "--help"); !strings.Contains(r.stdout, "Exit codes: 0 done, 1 payment failed") {
		t.Errorf("--help: %s", r.stdout)
	}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		t.Run(shell, func(t *testing.T) {
			r := w.run("", "completion", shell)
			if r.code != 0 {
				t.Fatal(r.stderr)
			}
			golden.RequireEqual(t, r.stdout)
		})
	}
	if r := w.run("", "completion", "tcsh"); r.code != cli.ExitUsage {
		t.Errorf("tcsh: %d", r.code)
	}
}

// TestCLIPayUnderFaultsPaysOnce: pay --yes through answers dropped after
// committing, errors before and after committing, and answers held until
// the client gives up. Each pay is one payment, recorded final in the same
// journal the dashboard uses for this environment.
func TestCLIPayUnderFaultsPaysOnce(t *testing.T) {
	w := newCLIWorld(t, sim.Config{NoHistory: true})
	w.connect = func(s config.Settings) (port.Backend, error) {
		c, err := api.New(s.BaseURL, s.APIKey(), s.Organization, s.Environment, api.WithTimeout(150*time.Millisecond), api.WithClock(w.clk),
			api.WithRetry(api.RetryPolicy{MaxAttempts: 12, BaseDelay: 20 * time.Millisecond, MaxDelay: 200 * time.Millisecond, MaxRetryAfter: time.Minute}))
		if err != nil {
			return nil, err
		}
		base, _ := journal.DefaultDir()
		j, err := journal.Open(filepath.Join(base, s.Environment), nil)
		if err != nil {
			return nil, err
		}
		return backend{c, api.NewSender(c, j)}, nil
	}
	modes := []sim.Faults{{Drop: 0.6}, {Drop: 0.6}, {Hang: 0.6, HangFor: 5 * time.Second},
		{Hang: 0.6, HangFor: 5 * time.Second}, {Error: 0.8}, {Error: 0.8}, {Error: 0.8}}
	for i, f := range modes {
		w.srv.SetFaults(sim.Faults{})
		inv, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(int64(2000 + i))})
		w.srv.SetFaults(f)
		if r := w.run("", "pay", inv, "--wallet", "coffee", "--yes", "--json"); r.code != cli.ExitOK {
			t.Fatalf("pay %d under %+v: %d %s %s", i, f, r.code, r.stdout, r.stderr)
		}
	}
	w.srv.SetFaults(sim.Faults{})
	faults := w.srv.FaultCounts()
	if made := w.srv.CountSends(); made != len(modes) || faults["drop"] == 0 || faults["hang"] == 0 || faults["error_after_commit"] == 0 {
		t.Errorf("%d payments for %d pays; faults %v", made, len(modes), faults)
	}
	base, _ := journal.DefaultDir()
	j, _ := journal.Open(filepath.Join(base, w.env["VOLTAGE_ENVIRONMENT_ID"]), nil)
	all, _ := j.All()
	final := 0
	for _, rec := range all {
		if rec.State == model.SendFinal && rec.Status == model.StatusCompleted {
			final++
		}
	}
	if final != len(modes) {
		t.Errorf("journal: %d of %d final", final, len(modes))
	}
	t.Logf("faults injected: %v", faults)
}

// TestCLIResume leaves three sends unfinished the ways a crash does, then
// resumes: the one that never went out is listed with its resend command,
// the others are followed to the end; nothing is sent by resuming.
func TestCLIResume(t *testing.T) {
	w := newCLIWorld(t, sim.Config{NoHistory: true})
	base, _ := journal.DefaultDir()
	j, err := journal.Open(filepath.Join(base, w.env["VOLTAGE_ENVIRONMENT_ID"]), w.clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	cr := w.srv.Credentials()
	c, _ := api.New(w.srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, api.WithClock(w.clk))
	record := func(id string, sats int64) model.SendRecord {
		rec := sendRecordFor(t, w, id, sats)
		rec.ID, rec.WalletID = id, rec.Request.WalletID
		rec, err := j.Record(rec)
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	neverSent := record("0a0a0a0a-1111-4222-8333-444444444444", 1000) // killed before the POST
	crashed := record("0b0b0b0b-1111-4222-8333-444444444444", 2000)   // killed after the POST, before its answer was recorded
	if err := c.CreatePayment(context.Background(), crashed.Request); err != nil {
		t.Fatal(err)
	}
	accepted, err := api.NewSender(c, j).Send(context.Background(), sendRecordFor(t, w, "0c0c0c0c-1111-4222-8333-444444444444", 3000))
	if err != nil || accepted.State != model.SendAccepted {
		t.Fatalf("accepted: %+v %v", accepted, err)
	}
	creates := w.srv.Requests("payments.create")

	r := w.run("", "resume")
	if r.code != cli.ExitPending {
		t.Fatalf("resume: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	t.Run("text", func(t *testing.T) { golden.RequireEqual(t, r.stdout) })
	if w.srv.Requests("payments.create") != creates {
		t.Error("resuming sent something")
	}
	for id, want := range map[string]model.SendState{neverSent.ID: model.SendRecorded, crashed.ID: model.SendFinal, accepted.ID: model.SendFinal} {
		if rec, _ := j.Get(id); rec.State != want {
			t.Errorf("%s: %s, want %s", id, rec.State, want)
		}
	}
	if r := w.run("", "pay", "--resend", neverSent.ID, "--yes"); r.code != cli.ExitOK {
		t.Fatalf("resend: %d %s", r.code, r.stderr)
	}
	r = w.run("", "resume", "--json")
	if r.code != cli.ExitOK || strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("nothing left: %d %q", r.code, r.stdout)
	}
	if n := w.srv.CountSends(); n != 3 {
		t.Errorf("%d payments for three sends", n)
	}
}

func sendRecordFor(t *testing.T, w *cliWorld, id string, sats int64) model.SendRecord {
	inv, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(sats)})
	req, err := model.NewBolt11Send(model.SendParams{ID: id, WalletID: w.srv.WalletIDs()[0], Invoice: inv})
	if err != nil {
		t.Fatal(err)
	}
	return model.SendRecord{Request: req, Amount: model.Sats(sats)}
}

// TestCLIPayingOneInvoiceFromTwoTerminalsPaysOnce: two voltdash pay
// processes started together on one invoice share the journal; one pays,
// the other is refused with the first's id, and Voltage has one payment.
func TestCLIPayingOneInvoiceFromTwoTerminalsPaysOnce(t *testing.T) {
	needsBinary(t)
	srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 43, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cr := srv.Credentials()
	env := append(os.Environ(), "VOLTAGE_BASE_URL="+srv.URL(), "VOLTAGE_API_KEY="+cr.APIKey,
		"VOLTAGE_ORGANIZATION_ID="+cr.OrganizationID, "VOLTAGE_ENVIRONMENT_ID="+cr.EnvironmentID,
		"XDG_STATE_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	for round := range 2 {
		inv, _ := srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(int64(1000 + round))})
		codes := make(chan int, 2)
		outputs := make(chan string, 2)
		for range 2 {
			go func() {
				cmd := exec.Command(binary, "pay", "--wallet", "coffee", "--yes", inv)
				cmd.Env = env
				out, _ := cmd.CombinedOutput()
				codes <- cmd.ProcessState.ExitCode()
				outputs <- string(out)
			}()
		}
		got := map[int]int{}
		var said []string
		for range 2 {
			got[<-codes]++
			said = append(said, <-outputs)
		}
		if got[cli.ExitOK] != 1 || got[cli.ExitUsage] != 1 || !strings.Contains(strings.Join(said, ""), "already sent as payment") {
			t.Fatalf("round %d: exit codes %v\n%s", round, got, strings.Join(said, "\n---\n"))
		}
		if n := srv.CountSends(); n != round+1 {
			t.Fatalf("round %d: %d payments", round, n)
		}
	}
}

// TestCLIJournalTroubles: a journal that cannot be written stops the pay
// (exit 6, nothing sent, no resend offered); a damaged record is named and
// the rest of the journal still works.
func TestCLIJournalTroubles(t *testing.T) {
	w := newCLIWorld(t, sim.Config{NoHistory: true})
	inv, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(1500)})
	w.connect = func(s config.Settings) (port.Backend, error) {
		b, err := open(s)
		if err == nil {
			base, _ := journal.DefaultDir()
			os.RemoveAll(filepath.Join(base, s.Environment)) // full, read-only or gone: writes fail
		}
		return b, err
	}
	r := w.run("", "pay", inv, "--wallet", "coffee", "--yes")
	if r.code != cli.ExitLocal || !strings.Contains(r.stderr, "the send journal could not be written, so nothing was sent") ||
		strings.Contains(r.stderr, "resend") || w.srv.CountSends() != 0 {
		t.Errorf("unwritable journal: exit %d, %d sends: %s", r.code, w.srv.CountSends(), r.stderr)
	}

	w.connect = connect
	if r := w.run("", "pay", inv, "--wallet", "coffee", "--yes"); r.code != cli.ExitOK {
		t.Fatalf("pay: %d %s", r.code, r.stderr)
	}
	base, _ := journal.DefaultDir()
	dir := filepath.Join(base, w.env["VOLTAGE_ENVIRONMENT_ID"])
	os.WriteFile(filepath.Join(dir, "8d2f6e3b-0c9a-4f8e-b7d6-c5b4a3f2e1d0.json"), []byte("{half a rec"), 0o600)
	os.WriteFile(filepath.Join(dir, "9e3a7f4c-1d0b-4a9f-8e7d-d6c5b4a3f2e1.json"),
		[]byte(`{"id":"9e3a7f4c-1d0b-4a9f-8e7d-d6c5b4a3f2e1","state":"teleported"}`), 0o600)
	if r := w.run("", "wallets"); r.code != cli.ExitOK {
		t.Errorf("wallets with a damaged journal: %d %s", r.code, r.stderr)
	}
	r = w.run("", "resume")
	if r.code != cli.ExitLocal || !strings.Contains(r.stderr, "8d2f6e3b-0c9a-4f8e-b7d6-c5b4a3f2e1d0.json: not a readable record") ||
		!strings.Contains(r.stderr, `9e3a7f4c-1d0b-4a9f-8e7d-d6c5b4a3f2e1.json: unknown state "teleported"`) {
		t.Errorf("resume: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A damaged record could be a send of anything: a new send needs --again.
	again, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(1600)})
	if r := w.run("", "pay", again, "--wallet", "coffee", "--yes"); r.code != cli.ExitUsage ||
		!strings.Contains(r.stderr, "any of them may be a send of this payment") || !strings.Contains(r.stderr, "--again") {
		t.Errorf("pay beside damaged records: exit %d %s", r.code, r.stderr)
	}
	if r := w.run("", "pay", again, "--wallet", "coffee", "--yes", "--again"); r.code != cli.ExitOK || w.srv.CountSends() != 2 {
		t.Errorf("pay --again beside damaged records: exit %d, %d sends: %s", r.code, w.srv.CountSends(), r.stderr)
	}
}

// TestCLIOutsideTextThroughTheSimulator: a memo carrying escape sequences
// goes to Voltage and back; every text command shows it cleaned and JSON
// shows it exactly.
func TestCLIOutsideTextThroughTheSimulator(t *testing.T) {
	w := newCLIWorld(t, sim.Config{NoHistory: true})
	memo := "Beans\x1b]52;c;cm0gLXJmIH4K\a\x1b[2J=SUM(A1)"
	r := w.run("", "invoice", "--wallet", "Payouts", "--amount", "1000", "--memo", memo, "--no-qr", "--json")
	if r.code != cli.ExitOK {
		t.Fatalf("invoice: %d %s", r.code, r.stderr)
	}
	id := ids.FindString(r.stdout)
	for _, args := range [][]string{{"history"}, {"status", id}, {"history", "--csv"}} {
		r := w.run("", args...)
		if r.code != cli.ExitOK || strings.ContainsAny(r.stdout+r.stderr, "\x1b\a") || !strings.Contains(r.stdout, "Beans␛␛=SUM(A1)") {
			t.Errorf("%v: exit %d\n%q", args, r.code, r.stdout)
		}
	}
	if r := w.run("", "history", "--json"); !strings.Contains(r.stdout, `"memo": "Beans\u001b]52;c;cm0gLXJmIH4K\u0007\u001b[2J=SUM(A1)"`) {
		t.Errorf("JSON is not exact:\n%s", r.stdout)
	}
}

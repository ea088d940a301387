package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui"
)

// walletDash is the dashboard on the real client against a simulator,
// on a manual clock, its wallets loaded.
type walletDash struct {
	*ui.App
	*loop
	clk *clock.Manual
}

func (d walletDash) screen() string { return ansi.Strip(d.App.View()) }

// freshWalletDash starts a dashboard against srv (or, when url is not
// empty, against a proxy in front of it) and waits for the wallets.
func freshWalletDash(t *testing.T, srv *sim.Server, url string) walletDash {
	t.Helper()
	clk := clock.NewManual(cliStart)
	var a *ui.App
	if url == "" {
		a = wiredAppWith(t, srv, ui.Config{Clock: clk}, api.WithClock(clk))
	} else {
		a = wiredAppAt(t, url, srv.Credentials(), ui.Config{Clock: clk}, api.WithClock(clk))
	}
	l := newLoop(t, a, clk).start(120, 44)
	l.settle()
	d := walletDash{a, l, clk}
	if !strings.Contains(d.screen(), "Coffee shop till") {
		t.Fatalf("wallets did not load:\n%s", d.screen())
	}
	return d
}

// fieldError is the message shown under the form field labelled label
// ("" when there is none): the lines right below the field's own line,
// indented to the values' column, when they are an error.
func fieldError(screen, label string) string {
	lines := strings.Split(screen, "\n")
	indent := strings.Repeat(" ", 17)
	for i, line := range lines {
		own := strings.TrimPrefix(line, "▸ ")
		if own == line {
			own = strings.TrimPrefix(line, "  ")
		}
		if strings.HasPrefix(line, indent) || !strings.HasPrefix(own, label+" ") {
			continue
		}
		var msg []string
		for _, next := range lines[i+1:] {
			if !strings.HasPrefix(next, indent) || strings.TrimSpace(next) == "" {
				break
			}
			msg = append(msg, strings.TrimSpace(next))
		}
		if len(msg) == 0 || !strings.HasPrefix(msg[0], "✗ ") {
			return ""
		}
		return strings.TrimPrefix(strings.Join(msg, " "), "✗ ")
	}
	return ""
}

// wiredAppAt is wiredAppWith against url, a proxy in front of the
// simulator whose credentials are cr.
func wiredAppAt(t *testing.T, url string, cr sim.Credentials, cfg ui.Config, opts ...api.Option) *ui.App {
	t.Helper()
	c, err := api.New(url, cr.APIKey, cr.OrganizationID, cr.EnvironmentID, opts...)
	if err != nil {
		t.Fatal(err)
	}
	j, err := journal.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Backend, cfg.Organization, cfg.Environment = backend{c, api.NewSender(c, j)}, cr.OrganizationID, cr.EnvironmentID
	cfg.Styles, cfg.Terminal = ui.PlainStyles(), io.Discard
	return ui.New(cfg)
}

// simClient is a client of the simulator for the test's own reads and
// changes, outside the dashboard.
func simClient(t *testing.T, srv *sim.Server) *api.Client {
	t.Helper()
	cr := srv.Credentials()
	c, err := api.New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func walletNamed(t *testing.T, c *api.Client, name string) (model.Wallet, bool) {
	t.Helper()
	ws, err := c.ListWallets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if w.Name == name {
			return w, true
		}
	}
	return model.Wallet{}, false
}

// TestWalletFormsRefuseWithNothingSent goes through the Wallets screen's
// dialogs on the real client against the simulator: every value the
// rules refuse is refused at its field, in words, and the route that
// would have carried it is never called. Then one good wallet is asked
// for, once, and becomes active.
func TestWalletFormsRefuseWithNothingSent(t *testing.T) {
	srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 61})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	type refusal struct {
		name  string
		keys  []string // from the Wallets screen, the cursor on the first wallet
		field string   // the label of the field blamed
		want  string
	}
	check := func(route string, cases []refusal) {
		t.Helper()
		for _, tt := range cases {
			d := freshWalletDash(t, srv, "")
			d.press(append([]string{"1"}, tt.keys...)...)
			screen := d.screen()
			if got := fieldError(screen, tt.field); !strings.Contains(got, tt.want) {
				t.Errorf("%s: the field %q says %q, not %q:\n%s", tt.name, tt.field, got, tt.want, screen)
			}
			if strings.Contains(screen, "asking Voltage") || !strings.Contains(screen, "esc cancel") {
				t.Errorf("%s: the dialog did not stay open for a correction:\n%s", tt.name, screen)
			}
			if n := srv.Requests(route); n != 0 {
				t.Fatalf("%s: %d %s requests reached the simulator", tt.name, n, route)
			}
		}
	}

	// The new wallet form: name, line of credit, credit limit, metadata.
	check("wallets.create", []refusal{
		{"name too short", []string{"n", "ab", "enter"}, "Name", "a wallet name needs at least 3 characters"},
		{"name taken, in another case", []string{"n", "PAYOUTS", "enter"}, "Name", `another wallet is already called "Payouts"`},
		{"limit above the free credit", []string{"n", "Float", "down", "down", "2 btc", "enter"}, "Credit limit",
			"the line of credit has 90,000,000 sats free; give at most that"},
		{"metadata not a pair", []string{"n", "Float", "down", "down", "down", "team", "enter"}, "Metadata",
			`"team": write key=value, such as team=ops`},
		{"metadata key twice", []string{"n", "Float", "down", "down", "down", "a=1, a=2", "enter"}, "Metadata", `"a" is given twice`},
	})
	// Renaming the first wallet, Coffee shop till.
	check("wallets.update", []refusal{
		{"rename to a name taken", []string{"e", "clear", "payouts", "enter"}, "New name", `another wallet is already called "Payouts"`},
		{"rename too short", []string{"e", "clear", "ab", "enter"}, "New name", "a wallet name needs at least 3 characters"},
	})
	check("wallets.delete", []refusal{
		{"delete with the name typed wrong", []string{"D", "coffee shop till", "enter"}, "Wallet's name",
			"type Coffee shop till exactly to delete it"},
	})
	// The policies: max payment, sends a minute, send volume, processing fee.
	check("policies.update", []refusal{
		{"a processing fee that is not send/receive", []string{"p", "down", "down", "down", "50", "enter"}, "Processing fee",
			"write send/receive basis points, such as 50/25 (100 is 1 %)"},
		{"a negative maximum payment", []string{"p", "-5", "enter"}, "Max payment", `"-5" is not a whole number (or none)`},
	})
	check("credit.sandbox", []refusal{
		{"a line limit below what the wallets take", []string{"c", "clear", "1000", "enter"}, "Line limit",
			"the wallets' limits take 10,000,000 sats; give at least that"},
	})

	// A good wallet goes, once, and is followed until it is active.
	d := freshWalletDash(t, srv, "")
	d.press("1", "n", "Float", "down", "down", "250k", "down", "team=ops", "enter")
	if n := srv.Requests("wallets.create"); n != 1 {
		t.Fatalf("%d create requests for one wallet", n)
	}
	d.run(5 * time.Second)
	screen := d.screen()
	if !strings.Contains(screen, "Float") || strings.Contains(screen, "creating wallet Float") {
		t.Errorf("the new wallet is not listed:\n%s", screen)
	}
	w, ok := walletNamed(t, simClient(t, srv), "Float")
	if !ok || !w.Active || w.CreditLimit() != model.Sats(250_000) || w.Metadata["team"] != "ops" {
		t.Errorf("on the simulator: %+v (found %v)", w, ok)
	}
	if n := srv.Requests("wallets.create"); n != 1 {
		t.Errorf("%d create requests after following it", n)
	}
}

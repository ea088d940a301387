package main

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui"
	"github.com/voltdash/voltdash/ui/qr/qrtest"
)

// wiredApp is the dashboard on the real client, sender and journal,
// against an in-process simulator: the production path without a
// terminal.
func wiredApp(t *testing.T, srv *sim.Server, opts ...api.Option) *ui.App {
	return wiredAppWith(t, srv, ui.Config{}, opts...)
}

// wiredAppWith is wiredApp with settings of the test's choosing (a clock,
// a refresh interval, push).
func wiredAppWith(t *testing.T, srv *sim.Server, cfg ui.Config, opts ...api.Option) *ui.App {
	t.Helper()
	cr := srv.Credentials()
	c, err := api.New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, opts...)
	if err != nil {
		t.Fatal(err)
	}
	j, err := journal.Open(journalDir(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Backend, cfg.Organization, cfg.Environment = backend{c, api.NewSender(c, j)}, cr.OrganizationID, cr.EnvironmentID
	cfg.Styles, cfg.Terminal = ui.PlainStyles(), io.Discard
	return ui.New(cfg)
}

// journalDir is a directory for a dashboard's send journal, removed after
// the test. Not t.TempDir: a program killed at the end of a test does not
// wait for the commands it started, and one may still be recording a send
// while the directory is removed, which t.TempDir reports as a failure.
func journalDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "voltdash-journal-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	return dir
}

// waitForVerdict waits until the simulator has decided every policy
// check asked of it.
func waitForVerdict(t *testing.T, srv *sim.Server) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		pending := 0
		for _, c := range srv.Checks() {
			if c.Status == model.StatusSending {
				pending++
			}
		}
		if pending == 0 && len(srv.Checks()) > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the simulator never decided its %d policy checks", len(srv.Checks()))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestBadInputIsRefusedAtTheFieldAndNothingIsSent types every kind of
// mistake into Receive and Send, checks the sentence shown at the field,
// and counts the simulator's create requests: none.
func TestBadInputIsRefusedAtTheFieldAndNothingIsSent(t *testing.T) {
	srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 31})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	// Each case starts from a fresh dashboard, its wallets loaded, on a
	// clock that moves only when told: nothing here waits for time.
	type dashboard struct {
		*ui.App
		*loop
	}
	fresh := func() dashboard {
		clk := clock.NewManual(cliStart)
		a := wiredAppWith(t, srv, ui.Config{Clock: clk}, api.WithClock(clk))
		l := newLoop(t, a, clk).start(120, 40)
		l.settle()
		if !strings.Contains(ansi.Strip(a.View()), "Coffee shop till") {
			t.Fatalf("wallets did not load:\n%s", ansi.Strip(a.View()))
		}
		return dashboard{a, l}
	}
	for _, tt := range []struct{ amount, memo, want string }{
		{"abc", "", `not a number: "abc"`},
		{"-5", "", "amount cannot be negative"},
		{"0", "", "amount must be more than zero"},
		{"1.0001", "", "too many decimals: the smallest amount is 1 msat (0.001 sat)"},
		{"1,50", "", `misplaced thousands separator: "1,50"`},
		{"99999999999 btc", "", "amount is more than 21,000,000 BTC"},
		{"5 dollars", "", `unknown unit in "5 dollars"`},
		{"", "   ", "a description cannot be only spaces"},
		{"", strings.Repeat("☕", 300), "at most 600 bytes fit in an invoice"},
	} {
		a := fresh()
		a.press("3", tt.amount, "down", tt.memo, "enter") // the cursor starts at the amount
		if screen := ansi.Strip(a.View()); !strings.Contains(screen, "✗ "+tt.want) {
			t.Errorf("receive %q/%.10q: %q not shown:\n%s", tt.amount, tt.memo, tt.want, screen)
		}
	}

	mainnet := "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpuaztrnwngzn3kdzw5hydlzf03qdgm2hdq27cqv3agm2awhz5se903vruatfhq77w3ls4evs3ch9zw97j25emudupq63nyw24cg27h2rspfj9srp"
	withAmount, _ := srv.Invoice(sim.ExternalInvoice{Amount: 2_500_000})
	anyAmount, _ := srv.Invoice(sim.ExternalInvoice{})
	expired, _ := srv.Invoice(sim.ExternalInvoice{Amount: 1000, Created: cliStart.Add(-2 * time.Hour), Expiry: time.Hour})
	fill := func(a dashboard, target, amount, fee string) {
		a.press("4")
		a.handle(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(target), Paste: true})
		a.press("down", amount, "down", fee, "enter")
	}
	for _, tt := range []struct{ target, amount, fee, want string }{
		{"", "", "", "paste a Lightning invoice, or type a bitcoin address or bitcoin: URI"},
		{"hello", "", "", "this is neither a Lightning invoice nor a bitcoin address"},
		{withAmount[:len(withAmount)-2] + "qq", "", "", "invoice is damaged"},
		{mainnet, "", "", "invoice is for Mainnet but the wallet is on Mutinynet"},
		{expired, "", "", "invoice expired"},
		{anyAmount, "", "", "this invoice has no amount: enter one"},
		{anyAmount, "zero", "", `not a number: "zero"`},
		{withAmount, "3000", "", "the invoice asks for 2,500 sats"},
		{withAmount, "", "cheap", `not a number: "cheap"`},
		{withAmount, "", "-1", "amount cannot be negative"},
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "1000", "", "address is for Mainnet but the wallet is on Mutinynet"},
		{"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "", "", "enter the amount to send"},
		{"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "1.5", "", "on-chain amounts are whole sats"},
		{"bitcoin:tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx?amount=much", "", "", "bitcoin URI amount"},
	} {
		a := fresh()
		fill(a, tt.target, tt.amount, tt.fee)
		if screen := ansi.Strip(a.View()); !strings.Contains(screen, "✗ "+tt.want) || strings.Contains(screen, "Confirm the payment") {
			t.Errorf("send %.20q/%q/%q: %q not shown:\n%s", tt.target, tt.amount, tt.fee, tt.want, screen)
		}
	}
	if n := srv.Requests("payments.create"); n != 0 {
		t.Fatalf("%d create requests reached the simulator", n)
	}
	// A good one goes, and only after the confirmation.
	a := fresh()
	fill(a, withAmount, "", "")
	waitForVerdict(t, srv) // on the simulator's clock, which is real
	a.run(time.Second)     // and the dashboard reads it on its own
	if screen := ansi.Strip(a.View()); srv.Requests("payments.create") != 0 || !strings.Contains(screen, "Confirm the payment") ||
		!strings.Contains(screen, "approved by Voltage's policy check") {
		t.Fatalf("review must come before sending:\n%s", screen)
	}
	a.press("y")
	if n := srv.Requests("payments.create"); n != 1 {
		t.Errorf("confirmed send: %d requests", n)
	}
}

// TestSendThroughTheUIUnderFaultsPaysOnce runs the real program (no
// terminal) and sends payments while the simulator drops answers after
// committing, fails before and after committing, and hangs until the
// client gives up. Each send ends completed, and each is one payment.
func TestSendThroughTheUIUnderFaultsPaysOnce(t *testing.T) {
	// Quick settling: what is under test is the faults, not the routing.
	srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 32, NoHistory: true, ApproveDelay: 10 * time.Millisecond,
		RouteDelay: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	a := wiredApp(t, srv, api.WithTimeout(300*time.Millisecond),
		api.WithRetry(api.RetryPolicy{MaxAttempts: 12, BaseDelay: 20 * time.Millisecond, MaxDelay: 200 * time.Millisecond, MaxRetryAfter: time.Minute}))
	term := &frameWatcher{found: make(chan struct{})}
	term.want = func(s string) bool { return strings.Contains(s, "Coffee shop till") }
	p := tea.NewProgram(a, tea.WithOutput(term), tea.WithInput(nil), tea.WithoutSignalHandler())
	go func() { _, _ = p.Run() }()
	defer func() { p.Kill(); p.Wait() }()
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	term.wait(t, 10*time.Second)

	// Each mode gets its own sends, so that every one of them is met.
	modes := []sim.Faults{{Drop: 0.6}, {Drop: 0.6}, {Hang: 0.6, HangFor: 5 * time.Second},
		{Hang: 0.6, HangFor: 5 * time.Second}, {Error: 0.8}, {Error: 0.8}, {Error: 0.8}}
	key := func(s string) {
		switch s {
		case "enter":
			p.Send(tea.KeyMsg{Type: tea.KeyEnter})
		default:
			p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
		}
	}
	payments := len(modes)
	for i := range payments {
		srv.SetFaults(modes[i])
		inv, _ := srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(int64(1000 + i))})
		if i == 0 {
			key("4") // the cursor starts in the Pay field
		} else {
			key("n")
		}
		p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(inv), Paste: true})
		// Watch before pressing: the renderer draws a changed line once.
		// The confirmation offers y once Voltage's check has spoken, or cannot.
		term.expect(func(s string) bool {
			return strings.Contains(s, "Confirm the payment") && strings.Contains(s, "y send ·")
		})
		key("enter")
		term.wait(t, 60*time.Second)
		term.expect(func(s string) bool {
			return strings.Contains(s, "✓ Sent "+model.Sats(int64(1000+i)).FormatSats()+" sats")
		})
		key("y")
		term.wait(t, 60*time.Second)
	}
	srv.SetFaults(sim.Faults{})
	sends := srv.CountSends()
	faults := srv.FaultCounts()
	if sends != payments || faults["drop"] == 0 || faults["hang"] == 0 || faults["error_after_commit"] == 0 {
		t.Errorf("%d payments for %d sends; faults %v", sends, payments, faults)
	}
	t.Logf("faults injected: %v", faults)
}

// scanText reads the first QR code in printed text, drawn for a dark
// terminal without colours.
func scanText(t *testing.T, text string) string {
	t.Helper()
	got, err := qrtest.Scan(text, false)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

// terminal is a tmux session on a private server, for driving the real
// binary as a user would.
type terminal struct {
	t       *testing.T
	socket  string
	session string
}

func newTerminal(t *testing.T, width, height int, command string) *terminal {
	t.Helper()
	needsBinary(t)
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("VOLTDASH_REQUIRE_TMUX") != "" { // CI installs it: there, a skip would hide a failure
			t.Fatal("tmux is needed for the end-to-end tests (apt-get install tmux)")
		}
		t.Skip("skipped: tmux is not installed, and the end-to-end tests drive the dashboard in it (apt-get install tmux)")
	}
	term := &terminal{t: t, socket: fmt.Sprintf("voltdash-test-%d-%d", os.Getpid(), time.Now().UnixNano()), session: "vd"}
	term.tmux("new-session", "-d", "-s", term.session, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), command)
	t.Cleanup(func() { _ = term.command("kill-server").Run() })
	return term
}

// command is a tmux command to this terminal's server. The server, and so
// the dashboard in it, gets this process's environment less what says a
// terminal has no colour: CI runners set CI, and termenv then draws even a
// real terminal as plain text, as no user's terminal is drawn.
func (term *terminal) command(args ...string) *exec.Cmd {
	cmd := exec.Command("tmux", append([]string{"-L", term.socket}, args...)...)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "CI", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE":
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	return cmd
}

func (term *terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := term.command(args...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

func (term *terminal) screen() string { return term.tmux("capture-pane", "-p", "-t", term.session) }

func (term *terminal) keys(keys ...string) {
	term.tmux(append([]string{"send-keys", "-t", term.session}, keys...)...)
}

// waitFor polls the screen until ok accepts it; the program runs on real
// time, so this is how a user would wait too.
func (term *terminal) waitFor(what string, within time.Duration, ok func(screen string) bool) string {
	term.t.Helper()
	deadline := time.Now().Add(within)
	for {
		s := term.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("waited %v for %s; the screen shows:\n%s", within, what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func contains(parts ...string) func(string) bool {
	return func(s string) bool {
		for _, p := range parts {
			if !strings.Contains(s, p) {
				return false
			}
		}
		return true
	}
}

var balance = regexp.MustCompile(`Coffee shop till\s+(Mutinynet\s+)?[\d,.]+\s+[\d,.]+`)

// TestDashboardInATerminal runs the demo in tmux: balances appear, History
// opens, a payment's details open, a background payment arrives while
// watching, and q quits cleanly.
func TestDashboardInATerminal(t *testing.T) {
	exitFile := filepath.Join(t.TempDir(), "exit")
	term := newTerminal(t, 120, 40, fmt.Sprintf("%s --demo --demo-activity 0.5 --refresh 1s; echo $? > %s; echo DASHBOARD CLOSED; sleep 30", binary, exitFile))

	s := term.waitFor("wallets with balances", 15*time.Second, func(s string) bool { return balance.MatchString(s) })
	for _, want := range []string{"DEMO", "● live", "Payouts", "Savings", "Total", "Credit", "Balance · Coffee shop till"} {
		if !strings.Contains(s, want) {
			t.Errorf("wallets screen lacks %q:\n%s", want, s)
		}
	}

	term.keys("2")
	s = term.waitFor("the history", 10*time.Second, contains("Amount (sats)", "▸ ", "payment 1 of"))
	first := historyIDs(s)

	term.keys("Enter")
	term.waitFor("the payment's details", 10*time.Second, contains("Payment id", "Events", "Ledger"))
	term.keys("Escape")
	term.waitFor("the list again", 5*time.Second, contains("Amount (sats)"))

	total := paymentTotal(t, s)
	term.waitFor("a background payment to appear live", 20*time.Second, func(s string) bool {
		for _, row := range historyIDs(s) {
			if !slicesContains(first, row) {
				return paymentTotal(t, s) > total
			}
		}
		return false
	})

	term.keys("q")
	s = term.waitFor("the program to quit", 10*time.Second, contains("DASHBOARD CLOSED"))
	if strings.Contains(s, "Amount (sats)") {
		t.Errorf("the dashboard is still on screen after quitting:\n%s", s)
	}
	if code, _ := os.ReadFile(exitFile); strings.TrimSpace(string(code)) != "0" {
		t.Errorf("exit status %q", code)
	}
}

// historyIDs are the history rows on screen, by time, direction and
// amount: the status cell spins, so it is left out.
func historyIDs(screen string) []string {
	var rows []string
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, "↓ in") || strings.Contains(line, "↑ out") {
			f := strings.Fields(strings.TrimLeft(line, "▸ "))
			rows = append(rows, strings.Join(f[:min(6, len(f))], " "))
		}
	}
	return rows
}

var ofTotal = regexp.MustCompile(`payment \d+ of (\d+)`)

// paymentTotal reads "payment N of TOTAL" from the status line.
func paymentTotal(t *testing.T, screen string) int {
	m := ofTotal.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no payment count on screen:\n%s", screen)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSimCommandUnderTmux checks that voltdash sim prints its line at
// once in a real terminal (the terminal probe Bubble Tea makes at start
// must not hold it up) and stops on Ctrl-C with status 0.
func TestSimCommandUnderTmux(t *testing.T) {
	term := newTerminal(t, 200, 10, binary+" sim --listen 127.0.0.1:0; echo SIM EXITED $?; sleep 30")
	term.waitFor("the credentials line", 5*time.Second, contains(`"base_url":"http://127.0.0.1:`, `"api_key":"vltg_`))
	term.keys("C-c")
	term.waitFor("the simulator to stop", 5*time.Second, contains("SIM EXITED 0"))
}

// --- Receive and Send, end to end -----------------------------------------

// walletTotal reads a wallet's total from the Wallets screen.
func walletTotal(t *testing.T, screen, name string) model.MilliSats {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(name) + `\s+(?:Mutinynet\s+)?([\d,.-]+)\s+([\d,.-]+)`).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no balance for %s on screen:\n%s", name, screen)
	}
	total, err := model.ParseMilliSats(m[2])
	if err != nil {
		t.Fatalf("total %q: %v", m[2], err)
	}
	return total
}

// paste types text into the focused field as a terminal paste.
func (term *terminal) paste(text string) {
	term.tmux("set-buffer", "--", text)
	term.tmux("paste-buffer", "-p", "-t", term.session)
}

// outsideInvoice is a Mutinynet invoice of a node that is not the
// simulator's under test (a second simulator's outside node signs it), so
// paying it leaves the simulated world.
func outsideInvoice(t *testing.T, amount model.MilliSats) string {
	other := sim.New(sim.Config{Seed: 99, NoHistory: true})
	defer other.Close()
	inv, err := other.Invoice(sim.ExternalInvoice{Amount: amount, Memo: "Beans, 1 kg"})
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// checkGivesUp is how long the dashboard waits for Voltage's policy check
// that never answers, and a little more.
const checkGivesUp = 15 * time.Second

func countSends(t *testing.T, c *api.Client) int {
	t.Helper()
	n := 0
	for f := (model.PaymentFilter{Direction: model.Send, Limit: model.MaxPageLimit}); ; f.Offset += model.MaxPageLimit {
		page, err := c.ListPayments(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			if !p.IsPolicyCheck() { // a check moves no money
				n++
			}
		}
		if len(page.Items) == 0 || !page.More() {
			return n
		}
	}
}

// TestKilledAfterThePOSTResumesFromTheJournal: the send is recorded and
// posted; Voltage commits it but the answer never comes, and the process
// is killed. Started again, voltdash finds the send in its journal, reads
// it, and follows it to completed. There is one payment.
func TestKilledAfterThePOSTResumesFromTheJournal(t *testing.T) {
	_, line, _ := startSim(t, "--faults", "hang=1,hangfor=2m")
	c, err := api.New(line.BaseURL, line.APIKey, line.OrganizationID, line.EnvironmentID)
	if err != nil {
		t.Fatal(err)
	}
	before := countSends(t, c)
	state := t.TempDir()
	run := fmt.Sprintf("env XDG_STATE_HOME=%s VOLTAGE_BASE_URL=%s VOLTAGE_API_KEY=%s VOLTAGE_ORGANIZATION_ID=%s VOLTAGE_ENVIRONMENT_ID=%s %s",
		state, line.BaseURL, line.APIKey, line.OrganizationID, line.EnvironmentID, binary)
	term := newTerminal(t, 120, 40, run)
	term.tmux("set-option", "-g", "remain-on-exit", "on")
	term.waitFor("wallets with balances", 15*time.Second, func(s string) bool { return balance.MatchString(s) })
	if strings.Contains(term.screen(), "DEMO") {
		t.Fatal("configured from the environment, yet in demo mode")
	}

	term.keys("4")
	term.paste(outsideInvoice(t, 3_000_000))
	term.keys("Enter")
	// Voltage's answers hang, its check's too: y comes when the check gives up.
	term.waitFor("the confirmation, checked", checkGivesUp, contains("Confirm the payment", "3,000 sats", "y send ·"))
	term.keys("y")
	deadline := time.Now().Add(10 * time.Second)
	for countSends(t, c) == before {
		if time.Now().After(deadline) {
			t.Fatalf("the payment never reached the simulator:\n%s", term.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	pid := strings.TrimSpace(term.tmux("display-message", "-p", "-t", term.session, "#{pane_pid}"))
	if out, err := exec.Command("kill", "-9", pid).CombinedOutput(); err != nil {
		t.Fatalf("kill: %v %s", err, out)
	}
	term.waitFor("the process to die", 5*time.Second, func(string) bool {
		return strings.TrimSpace(term.tmux("display-message", "-p", "-t", term.session, "#{pane_dead}")) == "1"
	})
	records, _ := filepath.Glob(filepath.Join(state, "voltdash", "sends", line.EnvironmentID, "*.json"))
	if len(records) != 1 {
		t.Fatalf("journal holds %d records", len(records))
	}
	if rec, _ := os.ReadFile(records[0]); !strings.Contains(string(rec), `"state": "recorded"`) {
		t.Fatalf("after the kill the send should be recorded, outcome unknown:\n%s", rec)
	}

	term.tmux("respawn-pane", "-k", "-t", term.session)
	term.waitFor("wallets again", 15*time.Second, func(s string) bool { return balance.MatchString(s) })
	term.keys("4")
	term.waitFor("the resumed send to complete", 20*time.Second, contains("✓ Sent 3,000 sats"))
	if n := countSends(t, c); n != before+1 {
		t.Errorf("%d payments made for one send", n-before)
	}
	// The screen shows the outcome first and tells the journal in a
	// background command just after: give that write a moment.
	var rec []byte
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if rec, _ = os.ReadFile(records[0]); strings.Contains(string(rec), `"state": "final"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the journal was not told it finished:\n%s", rec)
		}
	}
}

// TestReceiveAndSendInTheDemo: an invoice with its QR code and countdown is
// paid by the demo's payer and the balance grows; then an invoice made on
// a second wallet through the demo's simulator is pasted into Send on the
// first, confirmed and completed, and both balances move.
func TestReceiveAndSendInTheDemo(t *testing.T) {
	state := t.TempDir()
	term := newTerminal(t, 120, 40, fmt.Sprintf("env XDG_STATE_HOME=%s %s --demo --demo-activity 0 --demo-autopay 4s", state, binary))
	s := term.waitFor("wallets with balances", 15*time.Second, func(s string) bool { return balance.MatchString(s) })
	shop, payouts := walletTotal(t, s, "Coffee shop till"), walletTotal(t, s, "Payouts")

	term.keys("3", "2500", "Down", "Flat white x2", "Enter")
	term.waitFor("the QR code and its countdown", 10*time.Second, contains("▀", "█", "expires in", "waiting for payment", "lntbs25u"))
	term.waitFor("the payer to pay", 15*time.Second, contains("✓ Paid: 2,500 sats received", "balance now"))
	term.waitFor("updates to arrive by push", 5*time.Second, contains("● live · push"))
	term.keys("1")
	s = term.waitFor("the new balance", 10*time.Second, func(s string) bool {
		return balance.MatchString(s) && walletTotal(t, s, "Coffee shop till") == shop+model.Sats(2500)
	})
	shop = walletTotal(t, s, "Coffee shop till")

	// An invoice on the second wallet, made through the demo's simulator.
	raw, err := os.ReadFile(filepath.Join(state, "voltdash", "demo.json"))
	if err != nil {
		t.Fatalf("the demo did not publish its simulator: %v", err)
	}
	var demo simInfo
	if err := json.Unmarshal(raw, &demo); err != nil {
		t.Fatal(err)
	}
	c, err := api.New(demo.BaseURL, demo.APIKey, demo.OrganizationID, demo.EnvironmentID)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := c.ListWallets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	req, _ := model.NewBolt11Receive(model.ReceiveParams{WalletID: ws[1].ID, Amount: model.Sats(1000), Description: "Float top-up"})
	req.Metadata = map[string]string{sim.AutopayMetadataKey: "off"} // for the first wallet to pay
	if err := c.CreatePayment(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	var invoice string
	for invoice == "" {
		p, err := c.GetPayment(context.Background(), req.ID)
		if err != nil {
			t.Fatal(err)
		}
		invoice = p.Invoice()
		time.Sleep(50 * time.Millisecond)
	}

	term.keys("4")
	term.paste(invoice)
	term.waitFor("the decoded invoice", 5*time.Second, contains("Lightning invoice", "1,000 sats", "Float top-up"))
	term.keys("Enter")
	term.waitFor("the confirmation, checked", 5*time.Second, contains("Confirm the payment", "Coffee shop till · Mutinynet", "approved by Voltage's policy check", "y send ·"))
	term.keys("y")
	term.waitFor("the payment to complete", 15*time.Second, contains("✓ Sent 1,000 sats", "Preimage"))
	term.keys("1")
	term.waitFor("both balances to move", 15*time.Second, func(s string) bool {
		return balance.MatchString(s) && walletTotal(t, s, "Coffee shop till") == shop-model.Sats(1000) &&
			walletTotal(t, s, "Payouts") == payouts+model.Sats(1000)
	})
	if p, _ := c.GetPayment(context.Background(), req.ID); p.Status != model.StatusCompleted {
		t.Errorf("the second wallet's invoice is %s", p.Status)
	}
	hooks, err := c.ListWebhooks(context.Background(), model.WebhookFilter{})
	if err != nil || len(hooks) != 1 || hooks[0].Status != model.WebhookActive || !strings.HasPrefix(hooks[0].URL, "http://127.0.0.1:") {
		t.Errorf("the demo's webhook: %+v %v", hooks, err)
	}
}

// TestHeadlessCommandsInATerminalAndPiped runs the built binary's script
// commands in tmux and with stdout piped: Bubble Tea's terminal probe at
// start must neither hold them up nor print anything.
func TestHeadlessCommandsInATerminalAndPiped(t *testing.T) {
	_, line, _ := startSim(t)
	env := []string{"VOLTAGE_BASE_URL=" + line.BaseURL, "VOLTAGE_API_KEY=" + line.APIKey,
		"VOLTAGE_ORGANIZATION_ID=" + line.OrganizationID, "VOLTAGE_ENVIRONMENT_ID=" + line.EnvironmentID,
		"XDG_STATE_HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + t.TempDir()}
	cmd := exec.Command(binary, "wallets", "--json")
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	out, err := cmd.Output()
	var ws []map[string]any
	if err != nil || json.Unmarshal(out, &ws) != nil || len(ws) != 3 {
		t.Fatalf("piped: %v %q", err, out)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("piped wallets took %v", d)
	}
	term := newTerminal(t, 160, 20, "env "+strings.Join(env, " ")+" "+binary+" history --limit 3; echo HISTORY EXITED $?; sleep 30")
	s := term.waitFor("the history", 10*time.Second, contains("HISTORY EXITED 0", "TIME", "Table 4"))
	if strings.Contains(s, "\x1b]") || strings.Contains(s, "rgb:") {
		t.Errorf("a terminal query leaked onto the screen:\n%s", s)
	}
}

// TestClosingTheTerminalCleansUp closes the terminal under the running
// demo (tmux sends SIGHUP, as a closed window does): the demo's account
// file and its journal go with it, as they do on q.
func TestClosingTheTerminalCleansUp(t *testing.T) {
	state, tmp := t.TempDir(), t.TempDir()
	term := newTerminal(t, 100, 30, fmt.Sprintf("XDG_STATE_HOME=%s TMPDIR=%s %s --demo", state, tmp, binary))
	term.waitFor("the demo", 15*time.Second, contains("DEMO", "Total"))
	demo := filepath.Join(state, "voltdash", "demo.json")
	if _, err := os.Stat(demo); err != nil {
		t.Fatalf("the running demo has no account file: %v", err)
	}
	if journals, _ := filepath.Glob(filepath.Join(tmp, "voltdash-demo-sends*")); len(journals) != 1 {
		t.Fatalf("the demo's journal: %v", journals)
	}
	term.tmux("kill-session", "-t", term.session)
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := os.Stat(demo)
		journals, _ := filepath.Glob(filepath.Join(tmp, "voltdash-demo-sends*"))
		if os.IsNotExist(err) && len(journals) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("10 s after the terminal closed: account file %v, journals %v", err, journals)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

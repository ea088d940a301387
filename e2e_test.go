package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
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
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is needed for the end-to-end tests (apt-get install tmux)")
	}
	term := &terminal{t: t, socket: fmt.Sprintf("voltdash-test-%d-%d", os.Getpid(), time.Now().UnixNano()), session: "vd"}
	term.tmux("new-session", "-d", "-s", term.session, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), command)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", term.socket, "kill-server").Run() })
	return term
}

func (term *terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", term.socket}, args...)...).CombinedOutput()
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

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os/exec"
	"testing"
	"time"
)

// TestSearchOverTheWholeHistoryAtScale: a simulated account of 100,000
// payments (voltdash sim --seed-payments), the dashboard on it under
// tmux; a search in History finds a payment from a year ago, which was
// never on a page the list had loaded, once the rest is read behind it.
// Every answer comes 50 ms late, a realistic round trip to Voltage.
func TestSearchOverTheWholeHistoryAtScale(t *testing.T) {
	needsBinary(t)
	if testing.Short() {
		t.Skip("seeds 100,000 payments")
	}
	cmd := exec.Command(binary, "sim", "--seed", "5", "--seed-payments", "100000", "--faults", "latency=50ms")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(out)
		s.Buffer(make([]byte, 64<<10), 1<<20)
		if s.Scan() {
			lines <- s.Text()
		}
	}()
	var sim simInfo
	select {
	case l := <-lines:
		if err := json.Unmarshal([]byte(l), &sim); err != nil {
			t.Fatal(err)
		}
	case <-time.After(90 * time.Second):
		t.Fatal("the simulator did not seed 100,000 payments within 90s")
	}
	state := t.TempDir()
	term := newTerminal(t, 120, 40, fmt.Sprintf("env XDG_STATE_HOME=%s XDG_CONFIG_HOME=%s VOLTAGE_BASE_URL=%s VOLTAGE_API_KEY=%s VOLTAGE_ORGANIZATION_ID=%s VOLTAGE_ENVIRONMENT_ID=%s %s",
		state, state, sim.BaseURL, sim.APIKey, sim.OrganizationID, sim.EnvironmentID, binary))
	term.waitFor("wallets with balances", 15*time.Second, func(s string) bool { return balance.MatchString(s) })
	term.keys("2")
	term.waitFor("the first page", 10*time.Second, contains("Time", "Memo", "payment 1 of"))
	term.keys("/")
	term.keys("Order #1234 ")
	start := time.Now()
	s := term.waitFor("the whole history searched", 90*time.Second, contains("of all 100,053 match", "Order #1234 "))
	t.Logf("100,053 payments read and searched in %v", time.Since(start).Round(100*time.Millisecond))
	if !contains("Order #1234")(s) {
		t.Fatalf("the payment from a year ago is not found:\n%s", s)
	}
}

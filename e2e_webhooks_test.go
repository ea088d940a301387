package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/model"
)

// listening runs `voltdash listen` on addr and hands its lines on.
func listening(t *testing.T, env []string, addr, secretFile string) (lines chan string, stop func()) {
	t.Helper()
	cmd := exec.Command(binary, "listen", "--listen", addr, "--secret-file", secretFile)
	cmd.Env = env
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines = make(chan string, 100)
	go func() {
		s := bufio.NewScanner(out)
		for s.Scan() {
			lines <- s.Text()
		}
		close(lines)
	}()
	waitListening(t, addr)
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}
	t.Cleanup(stop)
	return lines, stop
}

func heardWithin(t *testing.T, lines chan string, within time.Duration, want string) {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case l, open := <-lines:
			if !open {
				t.Fatalf("listen ended before it heard %q", want)
			}
			if strings.Contains(l, want) {
				return
			}
		case <-deadline:
			t.Fatalf("listen did not hear %q within %v", want, within)
		}
	}
}

// TestWebhooksConsoleInTheDemo: a webhook on the demo points at `voltdash
// listen`; a paid invoice's event arrives verified. With the listener
// stopped, the next payment's delivery fails on every attempt, and the
// Webhooks screen shows it failed and why; with the listener back, the
// delivery is retried from the console and succeeds.
func TestWebhooksConsoleInTheDemo(t *testing.T) {
	state := t.TempDir()
	term := newTerminal(t, 120, 40, fmt.Sprintf("env XDG_STATE_HOME=%s %s --demo --demo-activity 0 --demo-autopay 1s", state, binary))
	term.waitFor("wallets with balances", 15*time.Second, func(s string) bool { return balance.MatchString(s) })
	c := demoClient(t, state)

	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := free.Addr().String()
	free.Close()
	secretFile := filepath.Join(state, "hook.secret")
	env := append(os.Environ(), "XDG_STATE_HOME="+state, "XDG_CONFIG_HOME="+state)
	create := exec.Command(binary, "webhooks", "create", "--demo", "--url", "http://"+addr+"/", "--name", "listener", "--events", "receive.completed", "--secret-file", secretFile)
	create.Env = env
	if out, err := create.CombinedOutput(); err != nil {
		t.Fatalf("webhooks create --demo: %v\n%s", err, out)
	}
	lines, stop := listening(t, env, addr, secretFile)

	ws, _ := c.ListWallets(context.Background())
	paid := func() string {
		req, _ := model.NewBolt11Receive(model.ReceiveParams{WalletID: ws[0].ID, Amount: model.Sats(2100)})
		if err := c.CreatePayment(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		return req.ID
	}
	first := paid()
	heardWithin(t, lines, 15*time.Second, "✓ receive.completed payment "+first+" completed")
	// listen prints what it heard before its answer is on the wire: stop
	// it only once Voltage has counted the delivery succeeded, or the
	// first delivery fails too and the console shows the wrong one.
	hook := webhookNamed(t, c, "listener")
	waitSucceeded(t, c, hook, 1)

	stop()
	second := paid()
	term.keys("5")
	term.waitFor("the console", 10*time.Second, contains("listener", "http://"+addr+"/", "Deliveries ·"))
	for !strings.Contains(term.screen(), "▸ listener") {
		term.keys("Down")
		time.Sleep(300 * time.Millisecond)
		if !strings.Contains(term.screen(), "listener") {
			t.Fatalf("no listener webhook:\n%s", term.screen())
		}
	}
	// Five attempts over 15 s of the demo's clock, then failed.
	term.waitFor("the delivery to fail, and why", 45*time.Second, contains("✗ failed", "connection refused", "last failure: connection refused", "1 succeeded · 1 failed"))

	lines, _ = listening(t, env, addr, secretFile)
	term.keys("Enter")
	time.Sleep(300 * time.Millisecond)
	term.keys("R")
	term.waitFor("the retry to be asked to be confirmed", 5*time.Second, contains("Retry delivery"))
	term.keys("y")
	heardWithin(t, lines, 15*time.Second, "payment "+second)
	term.waitFor("the retried delivery to show succeeded", 30*time.Second, func(s string) bool {
		return strings.Contains(s, "2 succeeded · 0 failed")
	})
}

func webhookNamed(t *testing.T, c *api.Client, name string) string {
	t.Helper()
	hooks, err := c.ListWebhooks(context.Background(), model.WebhookFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hooks {
		if h.Name == name {
			return h.ID
		}
	}
	t.Fatalf("no webhook named %q among %d", name, len(hooks))
	return ""
}

// waitSucceeded waits until Voltage counts n of the webhook's deliveries
// succeeded.
func waitSucceeded(t *testing.T, c *api.Client, hook string, n uint64) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		sum, err := c.DeliverySummary(context.Background(), hook, []model.DeliveryStatus{model.DeliverySucceeded})
		if err == nil && sum.TotalCount >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Voltage did not count %d deliveries succeeded within 15s (%+v, %v)", n, sum, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

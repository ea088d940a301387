package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/model"
)

// TestListenAgainstTheSimulator, with no account: the commands create a
// webhook on `voltdash sim` pointing at `voltdash listen`, whose signing
// secret goes to a private file; a paid invoice's events arrive verified,
// and a forged, a stale and a replayed delivery are refused with the
// reason.
func TestListenAgainstTheSimulator(t *testing.T) {
	_, line, _ := startSim(t, "--autopay", "1s")
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := free.Addr().String()
	free.Close()
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "hook.secret")
	env := append(os.Environ(), "XDG_STATE_HOME="+dir, "XDG_CONFIG_HOME="+dir, "VOLTAGE_BASE_URL="+line.BaseURL,
		"VOLTAGE_API_KEY="+line.APIKey, "VOLTAGE_ORGANIZATION_ID="+line.OrganizationID, "VOLTAGE_ENVIRONMENT_ID="+line.EnvironmentID)
	create := exec.Command(binary, "webhooks", "create", "--url", "http://"+addr+"/", "--name", "local", "--secret-file", secretFile, "--json")
	create.Env = env
	if out, err := create.CombinedOutput(); err != nil || strings.Contains(string(out), "vltg_") {
		t.Fatalf("webhooks create: %v\n%s", err, out)
	}
	raw, _ := os.ReadFile(secretFile)
	secret := strings.TrimSpace(string(raw))

	listen := exec.Command(binary, "listen", "--listen", addr, "--secret-file", secretFile)
	listen.Env = env
	out, err := listen.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	listen.Stderr = nil
	if err := listen.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = listen.Process.Kill(); _ = listen.Wait() })
	lines := make(chan string, 100)
	go func() {
		s := bufio.NewScanner(out)
		for s.Scan() {
			lines <- s.Text()
		}
		close(lines)
	}()
	expect := func(what string, ok func(string) bool) string {
		t.Helper()
		deadline := time.After(15 * time.Second)
		for {
			select {
			case l, open := <-lines:
				if !open {
					t.Fatalf("listen ended before %s", what)
				}
				if ok(l) {
					return l
				}
			case <-deadline:
				t.Fatalf("waited 15s for %s", what)
			}
		}
	}
	waitListening(t, addr)

	c, err := api.New(line.BaseURL, line.APIKey, line.OrganizationID, line.EnvironmentID)
	if err != nil {
		t.Fatal(err)
	}
	ws, _ := c.ListWallets(context.Background())
	req, _ := model.NewBolt11Receive(model.ReceiveParams{WalletID: ws[0].ID, Amount: model.Sats(1234)})
	if err := c.CreatePayment(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	expect("the paid invoice, verified", func(l string) bool {
		return strings.Contains(l, "✓ receive.completed payment "+req.ID+" completed")
	})

	body := []byte(`{"type":"test","detail":{"event":"created","data":"hello"}}`)
	post := func(sig string, ts time.Time) int {
		stamp := strconv.FormatInt(ts.Unix(), 10)
		r, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/", strings.NewReader(string(body)))
		r.Header.Set(model.HeaderTimestamp, stamp)
		r.Header.Set(model.HeaderSignature, sig)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	now := time.Now()
	sign := func(key string, ts time.Time) string {
		return model.SignWebhook(key, body, strconv.FormatInt(ts.Unix(), 10))
	}
	for _, tt := range []struct {
		name   string
		sig    string
		ts     time.Time
		status int
		why    string
	}{
		{"forged", sign("vltg_guessed", now), now, http.StatusUnauthorized, "signature does not match"},
		{"stale", sign(secret, now.Add(-time.Hour)), now.Add(-time.Hour), http.StatusUnauthorized, "too old or in the future"},
		{"genuine", sign(secret, now), now, http.StatusOK, ""},
		{"replayed", sign(secret, now), now, http.StatusConflict, "replayed"},
	} {
		if got := post(tt.sig, tt.ts); got != tt.status {
			t.Errorf("%s: answered %d, want %d", tt.name, got, tt.status)
		}
		l := expect("the "+tt.name+" delivery", func(l string) bool { return strings.Contains(l, "test.created") })
		if tt.why == "" && !strings.Contains(l, "✓ test.created") || tt.why != "" && (!strings.Contains(l, "✗ refused (") || !strings.Contains(l, tt.why)) {
			t.Errorf("%s: %q", tt.name, l)
		}
	}
	if strings.Contains(fmt.Sprint(listen.Args), secret) {
		t.Error("the secret is on the command line")
	}
}

// waitListening waits until addr takes connections.
func waitListening(t *testing.T, addr string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
	}
	t.Fatalf("nothing listens on %s", addr)
}

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/ui/cli"
)

// heard is what a running command has written so far, for a test to wait
// for a line before it acts.
type heard struct {
	mu   sync.Mutex
	text bytes.Buffer
	more chan struct{}
}

func (h *heard) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.text.Write(p)
	select {
	case h.more <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (h *heard) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.text.String()
}

// await waits until what was written holds want, for at most within.
func (h *heard) await(t *testing.T, want string, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for !strings.Contains(h.String(), want) {
		select {
		case <-h.more:
		case <-time.After(50 * time.Millisecond): // a write between the look and the wait
		case <-deadline:
			t.Fatalf("no %q within %v:\n%s", want, within, h.String())
		}
	}
}

// TestCtrlCThroughTheBinary runs pay and invoice --wait as a user would,
// against voltdash sim, and presses Ctrl-C (SIGINT) while each waits: each
// exits 130 with the payment's id and the command that follows it, and
// the interrupted send is in the journal, once, and on Voltage.
func TestCtrlCThroughTheBinary(t *testing.T) {
	_, info, _ := startSim(t) // its real clock: an on-chain send takes 30 s to settle
	state := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "VOLTAGE_") && !strings.HasPrefix(kv, "VOLTDASH_") {
			env = append(env, kv)
		}
	}
	env = append(env, "VOLTAGE_BASE_URL="+info.BaseURL, "VOLTAGE_API_KEY="+info.APIKey, "VOLTAGE_ORGANIZATION_ID="+info.OrganizationID,
		"VOLTAGE_ENVIRONMENT_ID="+info.EnvironmentID, "XDG_STATE_HOME="+state, "XDG_CONFIG_HOME="+t.TempDir(), "HOME="+t.TempDir(),
		"VOLTDASH_PRICE_URL=off")
	// interrupt runs voltdash with args, presses Ctrl-C once stderr says
	// waitFor, and returns its exit code and output.
	interrupt := func(waitFor string, args ...string) (int, string, string) {
		var stdout bytes.Buffer
		stderr := &heard{more: make(chan struct{}, 1)}
		cmd := exec.Command(binary, args...)
		cmd.Env, cmd.Stdout, cmd.Stderr = env, &stdout, stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Process.Kill()
		stderr.await(t, waitFor, 20*time.Second)
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("still running 10 s after Ctrl-C:\n%s", stderr)
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("%v exited %v:\n%s", args, err, stderr)
		}
		return exit.ExitCode(), stdout.String(), stderr.String()
	}

	t.Run("pay", func(t *testing.T) {
		code, _, stderr := interrupt("Sending ", "pay", "--wallet", "Payouts", "--amount", "5000", "--yes",
			"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")
		id := ids.FindString(stderr[strings.Index(stderr, "Sending "):])
		if code != cli.ExitInterrupted || id == "" || !strings.Contains(stderr, "voltdash: interrupted: payment "+id+" was sent") ||
			!strings.Contains(stderr, "voltdash status "+id+" --wait") || !strings.Contains(stderr, "voltdash resume") {
			t.Fatalf("exit %d:\n%s", code, stderr)
		}
		j, err := journal.Open(filepath.Join(state, "voltdash", "sends", info.EnvironmentID), nil)
		if err != nil {
			t.Fatal(err)
		}
		if all, err := j.All(); err != nil || len(all) != 1 || all[0].ID != id || !all[0].Unfinished() {
			t.Fatalf("journal: %v %+v", err, all)
		}
		status := exec.Command(binary, "status", id, "--json")
		status.Env = env
		out, err := status.Output()
		var p struct{ ID, Direction string }
		if err != nil || json.Unmarshal(out, &p) != nil || p.ID != id || p.Direction != "send" {
			t.Errorf("Voltage does not have the send: %v %s", err, out)
		}
	})

	t.Run("invoice --wait", func(t *testing.T) {
		code, stdout, stderr := interrupt("Waiting for payment", "invoice", "--wallet", "Savings", "--amount", "1000", "--wait", "--no-qr", "--json")
		docs := json.NewDecoder(strings.NewReader(stdout))
		var shown struct{ ID string }
		var failed struct {
			Error struct {
				Kind, Message string
				PaymentID     string   `json:"payment_id"`
				FollowUp      []string `json:"follow_up"`
			}
		}
		if code != cli.ExitInterrupted || docs.Decode(&shown) != nil || docs.Decode(&failed) != nil || docs.Decode(new(any)) != io.EOF {
			t.Fatalf("exit %d, stdout not the invoice then the failure:\n%s\n%s", code, stdout, stderr)
		}
		e := failed.Error
		if e.Kind != "interrupted" || e.PaymentID != shown.ID || len(e.FollowUp) != 1 || e.FollowUp[0] != "voltdash status "+shown.ID+" --wait" ||
			!strings.Contains(e.Message, "can still be paid") {
			t.Errorf("error %+v", e)
		}
	})
}

//go:build unix

package hook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

// received is a completed receive as the API reports it, read from the
// shared fixtures.
func received(t *testing.T) model.Payment {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "voltage", "payment_receive_onchain_completed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p model.Payment
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// runner is a Runner of command with a fixed environment.
func runner(command string, timeout time.Duration, env ...string) *Runner {
	r := New(command, timeout, nil)
	r.environ = func() []string { return append([]string{"PATH=" + os.Getenv("PATH")}, env...) }
	return r
}

func TestTheCommandReadsThePaymentsJSONAndItsVariables(t *testing.T) {
	dir := t.TempDir()
	out, vars := filepath.Join(dir, "stdin.json"), filepath.Join(dir, "env")
	p := received(t)
	r := runner(`cat > "$OUT"; env > "$VARS"`, 5*time.Second, "OUT="+out, "VARS="+vars,
		"VOLTAGE_API_KEY=vltg_live_secret", "SOME_TOKEN=Bearer vltg_Abc-123_x", "VOLTDASH_PAYMENT_ID=forged", "HOME=/home/me")
	if err := r.Run(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(p)
	if string(got) != string(want) {
		t.Errorf("stdin:\n%s\nwant the payment as model marshals it:\n%s", got, want)
	}
	env, _ := os.ReadFile(vars)
	for _, line := range []string{"VOLTDASH_PAYMENT_ID=" + p.ID, "VOLTDASH_PAYMENT_STATUS=completed",
		"VOLTDASH_PAYMENT_DIRECTION=receive", "HOME=/home/me"} {
		if !strings.Contains(string(env), line+"\n") {
			t.Errorf("the environment lacks %s:\n%s", line, env)
		}
	}
	if strings.Contains(string(env), "vltg_") || strings.Contains(string(env), "forged") {
		t.Errorf("the key, or a forged payment id, reached the command:\n%s", env)
	}
}

// TestACleanedCopyIsReadAgainExactly: the dashboard holds payments cleaned
// for the screen; the hook gets the payment as the API gave it.
func TestACleanedCopyIsReadAgainExactly(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "stdin.json")
	exact := received(t)
	exact.Metadata = map[string]string{"note": "tab\there \x1b]0;title\a"}
	shown, _ := model.ForDisplay(exact)
	shown.TextCleaned = true
	reads := 0
	r := New(`cat > "`+out+`"`, 5*time.Second, func(_ context.Context, id string) (model.Payment, error) {
		reads++
		if id != exact.ID {
			t.Errorf("read %s", id)
		}
		return exact, nil
	})
	if err := r.Run(context.Background(), shown); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	want, _ := json.Marshal(exact)
	if reads != 1 || string(got) != string(want) {
		t.Errorf("%d reads; stdin %s\nwant %s", reads, got, want)
	}
}

func TestAFailingCommandReportsItsStatusAndFirstLineOfStderrCleaned(t *testing.T) {
	r := runner("printf '\\n  no route to chat.example\\033]0;pwned\\a vltg_Secret1\\nsecond line\\n' >&2; exit 3", 5*time.Second)
	err := r.Run(context.Background(), received(t))
	var e *Error
	if !errors.As(err, &e) || e.Code != 3 || e.Timeout {
		t.Fatalf("got %#v", err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "exited with status 3: no route to chat.example␛") || strings.ContainsAny(msg, "\x1b\a") ||
		strings.Contains(msg, "second") || strings.Contains(msg, "Secret1") {
		t.Errorf("message %q", msg)
	}
}

func TestAHangingCommandIsKilledWithItsChildrenAtTheLimit(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	// The shell starts a child that would outlive it, and waits.
	r := runner(`sleep 30 & echo $! > "`+pidFile+`"; wait`, 300*time.Millisecond)
	start := time.Now()
	err := r.Run(context.Background(), received(t))
	took := time.Since(start)
	var e *Error
	if !errors.As(err, &e) || !e.Timeout || !strings.Contains(err.Error(), "killed after 300ms") {
		t.Fatalf("got %v", err)
	}
	if took > 3*time.Second {
		t.Errorf("Run returned after %v", took)
	}
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	var pid int
	if _, err := fmt.Sscan(strings.TrimSpace(string(b)), &pid); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for alive(pid) { // the child is gone, not just its shell
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("the shell's child %d outlived the limit", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestACommandThatLeavesABackgroundJobStillSucceeds(t *testing.T) {
	r := runner(`sleep 5 >&2 & exit 0`, 5*time.Second)
	start := time.Now()
	if err := r.Run(context.Background(), received(t)); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Run waited %v for a job left running", took)
	}
}

func TestQuittingStopsTheCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	err := runner("sleep 30", 10*time.Second).Run(ctx, received(t))
	var e *Error
	if !errors.As(err, &e) || !e.Stopped || e.Timeout {
		t.Fatalf("got %v", err)
	}
}

func TestStopKillsWhatStillRuns(t *testing.T) {
	r := runner("sleep 30", 10*time.Second)
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background(), received(t)) }()
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	r.Stop()
	var e *Error
	if err := <-done; !errors.As(err, &e) || !e.Stopped || time.Since(start) > 2*time.Second {
		t.Fatalf("got %v after %v", err, time.Since(start))
	}
}

func TestACommandThatCannotBeFoundSaysSo(t *testing.T) {
	err := runner("no-such-command-voltdash", 5*time.Second).Run(context.Background(), received(t))
	var e *Error
	if !errors.As(err, &e) || e.Code != 127 || !strings.Contains(e.Stderr, "no-such-command-voltdash") {
		t.Fatalf("got %v", err)
	}
}

// alive reports a process that still runs: a zombie waiting for whoever
// inherited it to reap it has been killed.
func alive(pid int) bool {
	if stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		_, after, _ := strings.Cut(string(stat), ") ")
		return !strings.HasPrefix(after, "Z")
	} else if _, noProc := os.Stat("/proc/self"); noProc == nil {
		return false // /proc is there and the process is not
	}
	return syscall.Kill(pid, 0) == nil
}

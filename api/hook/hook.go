// Package hook runs the user's on_payment command: sh -c with the
// payment's JSON on stdin, once a payment has reached a final status,
// within a time limit. It implements port.PaymentHook for the dashboard.
package hook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/voltdash/voltdash/model"
)

// Runner runs one command for each payment it is given.
type Runner struct {
	command string
	timeout time.Duration
	// exact reads the payment again when the copy given was cleaned for the
	// screen (model.Payment.TextCleaned): the hook gets the payment as the
	// API gave it, as every JSON voltdash writes does.
	exact func(ctx context.Context, id string) (model.Payment, error)
	// environ is the environment the command starts from; os.Environ in
	// production, fixed in tests.
	environ func() []string
	// stop ends every command still running when voltdash quits: each runs
	// in a process group of its own, which no hangup of the terminal
	// reaches.
	stop    context.Context
	stopNow context.CancelFunc
	running sync.WaitGroup
}

// New is a Runner of command (run by sh -c) killed after timeout. exact,
// when not nil, reads a payment by id from the API.
func New(command string, timeout time.Duration, exact func(ctx context.Context, id string) (model.Payment, error)) *Runner {
	stop, stopNow := context.WithCancel(context.Background())
	return &Runner{command: command, timeout: timeout, exact: exact, environ: os.Environ, stop: stop, stopNow: stopNow}
}

// Stop kills the commands still running and waits a moment for them to go.
func (r *Runner) Stop() {
	r.stopNow()
	done := make(chan struct{})
	go func() { r.running.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
}

// Error is a hook that did not end well; its text is for the status line.
type Error struct {
	Timeout  bool   // killed at the time limit
	Code     int    // the exit status, when it exited
	Stderr   string // the first line it wrote to stderr, cleaned
	Limit    time.Duration
	Stopped  bool  // killed because voltdash stopped waiting (it quit)
	StartErr error // it could not be started
}

func (e *Error) Error() string {
	var s string
	switch {
	case e.StartErr != nil:
		s = "could not start: " + model.CleanText(e.StartErr.Error())
	case e.Timeout:
		s = fmt.Sprintf("killed after %v", e.Limit)
	case e.Stopped:
		s = "stopped: voltdash stopped waiting"
	case e.Code >= 0:
		s = fmt.Sprintf("exited with status %d", e.Code)
	default:
		s = "was killed by a signal"
	}
	if e.Stderr != "" {
		s += ": " + e.Stderr
	}
	return s
}

func (e *Error) Unwrap() error { return e.StartErr }

// stderrKept is how much of the command's stderr is read: only its first
// line is shown, and a chatty command must not fill memory.
const stderrKept = 4 << 10

// lineShown is the longest first line of stderr shown, in runes.
const lineShown = 120

// Run runs the command for p and waits for it, up to the time limit; the
// command and everything it started are killed at the limit or when ctx
// ends.
func (r *Runner) Run(ctx context.Context, p model.Payment) error {
	r.running.Add(1)
	defer r.running.Done()
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	defer context.AfterFunc(r.stop, cancel)()
	if p.TextCleaned && r.exact != nil {
		// A copy that cannot be read again is given as the screen has it:
		// a hook that does not run is worse than a memo with its control
		// characters made visible.
		if q, err := r.exact(ctx, p.ID); err == nil && q.ID == p.ID && q.Status == p.Status {
			p = q
		}
	}
	body, err := json.Marshal(p)
	if err != nil {
		return &Error{StartErr: fmt.Errorf("the payment as JSON: %w", err)}
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", r.command)
	cmd.Stdin = bytes.NewReader(body)
	cmd.Env = environment(r.environ(), p)
	stderr := &capped{max: stderrKept}
	cmd.Stderr = stderr
	inGroup(cmd)
	// A grandchild that keeps stderr open must not keep Wait waiting once
	// the group is killed.
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	if err == nil || errors.Is(err, exec.ErrWaitDelay) {
		return nil // ErrWaitDelay: it succeeded, leaving something of its own running
	}
	e := &Error{Code: -1, Stderr: firstLine(stderr.String()), Limit: r.timeout}
	var exit *exec.ExitError
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		e.Timeout = true
	case ctx.Err() != nil:
		e.Stopped = true
	case errors.As(err, &exit):
		e.Code = exit.ExitCode()
	default:
		e.StartErr = err
	}
	return e
}

// environment is the user's environment without the API key, plus what
// the command is told of the payment. A value shaped like a Voltage key is
// dropped whatever its name: the command is the user's, but what it runs
// (a webhook to a chat, say) need not see the key.
func environment(base []string, p model.Payment) []string {
	env := make([]string, 0, len(base)+3)
	for _, kv := range base {
		name, value, _ := strings.Cut(kv, "=")
		if name == "VOLTAGE_API_KEY" || strings.HasPrefix(name, "VOLTDASH_PAYMENT_") || model.RedactKeys(value) != value {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "VOLTDASH_PAYMENT_ID="+p.ID, "VOLTDASH_PAYMENT_STATUS="+string(p.Status),
		"VOLTDASH_PAYMENT_DIRECTION="+string(p.Direction))
}

// firstLine is the first non-blank line of a command's stderr, cleaned
// for the status line and cut short.
func firstLine(s string) string {
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			line = model.CleanText(line)
			if utf8.RuneCountInString(line) > lineShown {
				line = string([]rune(line)[:lineShown-1]) + "…"
			}
			return line
		}
	}
	return ""
}

// capped keeps the first max bytes written to it and drops the rest.
type capped struct {
	bytes.Buffer
	max int
}

func (c *capped) Write(b []byte) (int, error) {
	if room := c.max - c.Len(); room > 0 {
		c.Buffer.Write(b[:min(len(b), room)])
	}
	return len(b), nil
}

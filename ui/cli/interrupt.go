package cli

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"
)

// Ctrl-C during pay or invoice --wait. The first one cancels the run's
// context: every request and wait of the run ends (call, sleep, line),
// the failures that follow are not printed, and the run ends with one
// report of where the payment stands, by what it reached (its stage), and
// ExitInterrupted. What a run printed before it settled stands: a
// failure or an outcome printed whole is the run's, whatever comes after.
// The journal needs nothing from here: a send is recorded before its
// request goes out and stays until it is final, so that an interrupted
// pay leaves it for voltdash resume, never lost and never sent again.

// stage is what a Ctrl-C now interrupts.
type stage int

const (
	stageNothing stage = iota // no request that pays or asks to be paid has been made
	stageSending              // a send's request is being made, or no answer said Voltage has it
	stageSent                 // Voltage has the send; it is not final
	stageAsking               // an invoice or address is being asked for
	stageWaiting              // the invoice exists; waiting for it to be paid
)

// interruption is where a run stands for its Ctrl-C report.
type interruption struct {
	stage   stage
	id      string    // the payment's, from stageSending on
	expires time.Time // stageWaiting: until when the invoice can be paid
	receive bool      // invoice --wait rather than pay
	asking  bool      // a question waits for its answer (the terminal echoed ^C on its line)
	settled bool      // a failure or an outcome was printed: a Ctrl-C after it changes nothing
}

// catchInterrupts starts watching for Ctrl-C, for the rest of the run;
// release stops. Without Deps.Interrupts the run still has its context,
// which nothing cancels.
func (r *runner) catchInterrupts() (release func()) {
	ctx, cancel := context.WithCancel(context.Background())
	r.ctx = ctx
	if r.d.Interrupts == nil {
		return cancel
	}
	stop := r.d.Interrupts(cancel)
	return func() { stop(); cancel() }
}

// interruptible runs a command that says what Ctrl-C interrupted.
func (r *runner) interruptible(run func() int) int {
	release := r.catchInterrupts()
	defer release()
	code := run()
	if r.interrupted() {
		return r.interruptReport()
	}
	return code
}

// interrupted reports a Ctrl-C that came before the run settled.
func (r *runner) interrupted() bool {
	return r.ctx != nil && r.ctx.Err() != nil && !r.intr.settled
}

// settle marks the run's result as decided, before it is printed; false
// when a Ctrl-C came first, and the report is the result instead.
func (r *runner) settle() bool {
	if r.interrupted() {
		return false
	}
	r.intr.settled = true
	return true
}

// at moves the run to stage s, for payment id (or none).
func (r *runner) at(s stage, id string) { r.intr.stage, r.intr.id = s, id }

// sleep waits d on the run's clock; false when interrupted instead.
func (r *runner) sleep(d time.Duration) bool {
	if r.ctx == nil {
		<-r.d.Clock.After(d)
		return true
	}
	if r.ctx.Err() != nil {
		return false
	}
	select {
	case <-r.d.Clock.After(d):
		return r.ctx.Err() == nil
	case <-r.ctx.Done():
		return false
	}
}

// interruptReport says what the Ctrl-C interrupted and what follows it,
// and exits ExitInterrupted: under --json as the error every command
// fails with, its payment and follow-up commands in fields of their own.
func (r *runner) interruptReport() int {
	in := r.intr
	status := "voltdash status " + in.id + " --wait"
	var what, sent string
	var follow []string
	switch {
	case in.receive && in.stage == stageWaiting:
		what = fmt.Sprintf("stopped waiting for payment %s, which can still be paid until %s",
			in.id, in.expires.Local().Format("2006-01-02 15:04:05"))
		follow = []string{status}
	case in.receive && in.stage == stageAsking:
		what, follow = "payment "+in.id+" may have been created", []string{status}
	case in.receive:
		what = "nothing was created"
	case in.stage == stageSending:
		what = "payment " + in.id + " may have gone out; the send journal keeps it"
		sent, follow = "maybe", []string{status, "voltdash resume"}
	case in.stage == stageSent:
		what = "payment " + in.id + " was sent and is not final yet; the send journal keeps it"
		sent, follow = "yes", []string{status, "voltdash resume"}
	default:
		what, sent = "nothing was sent", "no"
	}
	if r.o.json {
		msg := "interrupted: " + what
		if len(follow) > 0 {
			msg += "; follow it with " + follow[0]
		}
		if len(follow) > 1 {
			msg += ", or every unfinished send with " + follow[1]
		}
		e := interruptJSON{Kind: exitKinds[ExitInterrupted], Message: msg, Sent: sent, FollowUp: follow}
		if in.stage != stageNothing {
			e.PaymentID = in.id
		}
		r.printJSON(map[string]any{"error": e})
		return ExitInterrupted
	}
	if in.asking || r.d.Interactive {
		say(r.d.Stderr, "\n") // off the line where the terminal echoed ^C
	}
	say(r.d.Stderr, "voltdash: interrupted: %s.\n", what)
	for i, c := range follow {
		say(r.d.Stderr, "%s %s\n", []string{"Follow it with:", "Or every unfinished send with:"}[i], c)
	}
	return ExitInterrupted
}

// interruptJSON is the failure of an interrupted pay or invoice --wait:
// the shape of every failure, with where the payment stands.
type interruptJSON struct {
	Kind      string   `json:"kind"`
	Message   string   `json:"message"`
	PaymentID string   `json:"payment_id,omitempty"`
	Sent      string   `json:"sent,omitempty"`      // pay: no, maybe or yes
	FollowUp  []string `json:"follow_up,omitempty"` // the commands that follow the payment on
}

// Relay passes the Ctrl-Cs that arrive on sigs on: the first to first, in
// a goroutine of its own, so that however long first takes a second
// Ctrl-C is heard; each after it to again, which ends the program at
// once. stop ends the relay, once no more come on sigs.
func Relay(sigs <-chan os.Signal, first, again func()) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		heard := false
		for {
			select {
			case <-sigs:
				if heard {
					again()
					continue
				}
				heard = true
				go first()
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(done) })
		wg.Wait()
	}
}

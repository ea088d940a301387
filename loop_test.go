package main

import (
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui"
)

// loop runs the dashboard as Bubble Tea does, every command on its own
// goroutine and every message through Update on one, but on a manual
// clock that only the drill moves: time advances once everything started
// has finished or is waiting for the clock. Hours of dashboard life then
// take seconds, and come out the same every run.
type loop struct {
	t        testing.TB
	app      *ui.App
	clk      *clock.Manual
	msgs     chan tea.Msg
	inflight atomic.Int64
	handled  int

	// parked counts commands blocked on something other than the clock
	// for as long as nothing happens (waiting for a push).
	parked func() int
	// busy reports work outside the dashboard that must land before time
	// moves on (webhook deliveries on their way).
	busy func() bool
	// afterMsg runs after every message, to observe the dashboard.
	afterMsg func()
}

func newLoop(t testing.TB, app *ui.App, clk *clock.Manual) *loop {
	return &loop{t: t, app: app, clk: clk, msgs: make(chan tea.Msg, 4096)}
}

// start sizes the window and runs Init, once the hooks are set.
func (l *loop) start(width, height int) *loop {
	l.handle(tea.WindowSizeMsg{Width: width, Height: height})
	l.spawn(l.app.Init())
	return l
}

func (l *loop) spawn(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	l.inflight.Add(1)
	go func() {
		l.msgs <- cmd()
		l.inflight.Add(-1)
	}()
}

func (l *loop) handle(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			l.spawn(c)
		}
	case tea.QuitMsg:
	default:
		l.handled++
		_, cmd := l.app.Update(msg)
		l.spawn(cmd)
		_ = l.app.View() // every message is followed by a frame, as on screen
		if l.afterMsg != nil {
			l.afterMsg()
		}
	}
}

// settle handles messages until every command still running is asleep on
// the clock.
func (l *loop) settle() {
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case msg := <-l.msgs:
			l.handle(msg)
			continue
		default:
		}
		if l.quiet() {
			return
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("the dashboard never settled: %d commands running, %d asleep", l.inflight.Load(), l.clk.Sleepers())
		}
		select {
		case msg := <-l.msgs:
			l.handle(msg)
		case <-time.After(time.Millisecond):
		}
	}
}

// quiet reports whether nothing will happen until the clock moves. The
// reads go in the order work moves through them (outside work, then a
// command that took it, then its message), so that work finishing
// between two reads is always caught by the later one: reading the
// sleepers first could count a command parked that has since taken a
// push and is about to send its message.
func (l *loop) quiet() bool {
	if l.busy != nil && l.busy() {
		return false
	}
	running := l.inflight.Load()
	if len(l.msgs) > 0 {
		return false
	}
	asleep := l.clk.Sleepers()
	if l.parked != nil {
		asleep += l.parked()
	}
	return running <= int64(asleep)
}

// run lets the dashboard live for d of clock time, stopping at every timer
// (a tick, a payment settling) so that what it causes is handled at the
// time it happens.
func (l *loop) run(d time.Duration) {
	end := l.clk.Now().Add(d)
	for l.clk.Now().Before(end) {
		l.settle()
		next, ok := l.clk.NextDeadline()
		if !ok || next.After(end) {
			next = end
		}
		l.clk.Advance(max(next.Sub(l.clk.Now()), 0)) // zero fires what is due now
	}
	l.settle()
}

// press types keys, letting each take effect.
func (l *loop) press(keys ...string) {
	for _, k := range keys {
		l.handle(keyMsg(k))
		l.settle()
	}
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "clear":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

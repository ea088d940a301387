package ui

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// env is an environment for telling terminals apart.
type env map[string]string

func (e env) get(name string) string { return e[name] }

var allNudges = Nudges{Toast: true, Desktop: true, Bell: true, Getenv: env{"TERM_PROGRAM": "WezTerm"}.get}

// nudgeApp is testApp with the nudges and hook given, on the History tab,
// with the wallets loaded.
func nudgeApp(t *testing.T, n Nudges, hook *fakeHook) (*App, *bytes.Buffer) {
	t.Helper()
	term := &bytes.Buffer{}
	cfg := Config{Backend: quietBackend{}, Clock: clock.NewManual(t0), Styles: PlainStyles(), Terminal: term, Notify: n}
	if hook != nil {
		cfg.Hook = hook
	}
	a := New(cfg)
	send(a, tea.WindowSizeMsg{Width: 120, Height: 40}, walletsLoaded(t), keyPress("2"))
	return a, term
}

// fire runs a command's commands, each on its own goroutine, and returns
// the messages of those that end at once; the rest (a tick asleep on the
// manual clock, a hook that hangs) are left running, and what they return
// later goes to late.
func fire(cmd tea.Cmd) []tea.Msg {
	results, gone := make(chan tea.Msg), make(chan struct{})
	defer close(gone)
	pending := 0
	start := func(c tea.Cmd) {
		if c != nil {
			pending++
			go func() {
				m := c()
				select {
				case results <- m:
				case <-gone:
					late <- m
				}
			}()
		}
	}
	start(cmd)
	var out []tea.Msg
	for pending > 0 {
		select {
		case msg := <-results:
			pending--
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, c := range b {
					start(c)
				}
			} else if msg != nil {
				out = append(out, msg)
			}
		case <-time.After(100 * time.Millisecond):
			return out
		}
	}
	return out
}

// late receives what fire's commands return after it gave up on them.
var late = make(chan tea.Msg, 64)

// deliver sends msgs and fires what they return, until nothing more comes
// at once: as the program's loop would.
func deliver(a *App, msgs ...tea.Msg) {
	for len(msgs) > 0 {
		var next []tea.Msg
		for _, cmd := range send(a, msgs...) {
			next = append(next, fire(cmd)...)
		}
		msgs = next
	}
}

// pendingReceive is a receive History lists as receiving, and so watches.
func pendingReceive(t *testing.T, a *App) model.Payment {
	t.Helper()
	p := fixture[model.Payment](t, "payment_receive_bolt11_receiving")
	p.CreatedAt, p.UpdatedAt = t0.Add(-time.Minute), t0.Add(-time.Minute)
	deliver(a, pageOf([]model.Payment{p}, 1))
	if _, ok := a.watcher.watches[p.ID]; !ok {
		t.Fatal("the pending receive is not watched")
	}
	return p
}

func completed(p model.Payment) model.Payment {
	p.Status, p.UpdatedAt = model.StatusCompleted, t0.Add(time.Second)
	return p
}

func statusLine(a *App) string {
	lines := strings.Split(a.View(), "\n")
	return lines[len(lines)-2]
}

// TestMoneyReceivedElsewhereToastsAndNotifiesOnce: a receive completes by
// push while History is shown: the toast says so, the terminal gets one
// desktop notification; the same state pushed again, or read by a poll,
// changes nothing.
func TestMoneyReceivedElsewhereToastsAndNotifiesOnce(t *testing.T) {
	a, term := nudgeApp(t, allNudges, nil)
	p := pendingReceive(t, a)
	deliver(a, pushMsg{payments: []model.Payment{completed(p)}})
	want := "\x1b]777;notify;voltdash;Received 2,500 sats in Coffee shop till · Flat white x2\a"
	if got := term.String(); got != want {
		t.Errorf("terminal got %q\nwant %q", got, want)
	}
	if s := statusLine(a); !strings.Contains(s, "Received 2,500 sats in Coffee shop till · Flat white x2") {
		t.Errorf("status line %q", s)
	}
	term.Reset()
	deliver(a, pushMsg{payments: []model.Payment{completed(p)}}, paymentMsg{id: p.ID, payment: completed(p)})
	if term.Len() != 0 {
		t.Errorf("a second push wrote %q", term.String())
	}
}

// TestAPolledReceiveNotifiesToo: without push, the watcher's poll finds it.
func TestAPolledReceiveNotifiesToo(t *testing.T) {
	a, term := nudgeApp(t, allNudges, nil)
	p := pendingReceive(t, a)
	deliver(a, paymentMsg{id: p.ID, payment: completed(p)}, paymentMsg{id: p.ID, payment: completed(p)})
	if n := strings.Count(term.String(), "\x1b]777;"); n != 1 {
		t.Errorf("%d notifications: %q", n, term.String())
	}
}

func TestTheNotificationFitsTheTerminal(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  env
		want string
	}{
		{"iTerm2", env{"TERM_PROGRAM": "iTerm.app"}, "\x1b]9;voltdash: Received 2,500 sats in Coffee shop till · Flat white x2\a"},
		{"kitty", env{"TERM": "xterm-kitty"}, "\x1b]99;;voltdash: Received 2,500 sats in Coffee shop till · Flat white x2\x1b\\"},
		{"GNOME Terminal", env{"VTE_VERSION": "7600"}, "\x1b]777;notify;voltdash;Received 2,500 sats in Coffee shop till · Flat white x2\a"},
		{"foot", env{"TERM": "foot"}, "\x1b]777;notify;voltdash;Received 2,500 sats in Coffee shop till · Flat white x2\a"},
		{"unknown", env{"TERM": "xterm-256color"}, "\a"},
		{"ghostty in tmux", env{"TMUX": "/tmp/tmux-1000/default,1,0", "TERM": "tmux-256color", "TERM_PROGRAM": "tmux", "GHOSTTY_RESOURCES_DIR": "/usr/share/ghostty"},
			"\x1bPtmux;\x1b\x1b]777;notify;voltdash;Received 2,500 sats in Coffee shop till · Flat white x2\a\x1b\\\a"}, // and the bell: tmux may drop passthrough
		{"kitty in tmux", env{"TMUX": "x", "KITTY_WINDOW_ID": "1"},
			"\x1bPtmux;\x1b\x1b]99;;voltdash: Received 2,500 sats in Coffee shop till · Flat white x2\x1b\x1b\\\x1b\\\a"},
		{"plain tmux", env{"TMUX": "x", "TERM": "screen"}, "\a"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n := allNudges
			n.Getenv = tt.env.get
			a, term := nudgeApp(t, n, nil)
			deliver(a, pushMsg{payments: []model.Payment{completed(pendingReceive(t, a))}})
			if got := term.String(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// failingHook fails at once.
type failingHook struct{}

func (failingHook) Run(context.Context, model.Payment) error {
	return errors.New("exited with status 4: chat webhook said 502")
}

// TestAFailingHookFollowsTheToast: the failure does not wipe the news.
func TestAFailingHookFollowsTheToast(t *testing.T) {
	a, _ := nudgeApp(t, allNudges, nil)
	a.nudges.hook = failingHook{}
	deliver(a, pushMsg{payments: []model.Payment{completed(pendingReceive(t, a))}})
	want := "Received 2,500 sats in Coffee shop till · Flat white x2 · on_payment for "
	if s := statusLine(a); !strings.HasPrefix(s, want) || !strings.Contains(s, "exited with status 4") {
		t.Errorf("status line %q", s)
	}
}

func TestNudgesTurnOff(t *testing.T) {
	for _, tt := range []struct {
		name  string
		n     Nudges
		want  string
		toast bool
	}{
		{"all off", Nudges{Getenv: allNudges.Getenv}, "", false},
		{"desktop off rings", Nudges{Bell: true, Getenv: allNudges.Getenv}, "\a", false},
		{"toast only", Nudges{Toast: true, Getenv: allNudges.Getenv}, "", true},
		{"bell off where desktop cannot", Nudges{Toast: true, Desktop: true}, "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, term := nudgeApp(t, tt.n, nil)
			deliver(a, pushMsg{payments: []model.Payment{completed(pendingReceive(t, a))}})
			if term.String() != tt.want {
				t.Errorf("terminal got %q, want %q", term.String(), tt.want)
			}
			if toast := strings.Contains(statusLine(a), "Received"); toast != tt.toast {
				t.Errorf("toast %v, want %v", toast, tt.toast)
			}
		})
	}
}

// TestOldNewsIsNotNews: payments History loads already settled, a push of
// one it shows settled, and a push of one that settled before the
// dashboard started are not money arriving.
func TestOldNewsIsNotNews(t *testing.T) {
	a, term := nudgeApp(t, allNudges, nil)
	old := payments(10)
	deliver(a, pageOf(old, 10))
	var received model.Payment
	for _, p := range old {
		if p.Direction == model.Receive && p.Status == model.StatusCompleted {
			received = p
		}
	}
	before := completed(fixture[model.Payment](t, "payment_receive_bolt11_receiving"))
	before.ID, before.UpdatedAt = "99999999-2222-4333-8444-555555555555", t0.Add(-time.Hour)
	deliver(a, pushMsg{payments: []model.Payment{received, before}}, paymentMsg{id: received.ID, payment: received})
	if term.Len() != 0 || strings.Contains(statusLine(a), "Received") {
		t.Errorf("old payments nudged: %q, %q", term.String(), statusLine(a))
	}
	// An invoice made elsewhere and paid since the start is news, by push.
	fresh := before
	fresh.ID, fresh.UpdatedAt = "88888888-2222-4333-8444-555555555555", t0.Add(time.Second)
	deliver(a, pushMsg{payments: []model.Payment{fresh}})
	if !strings.HasPrefix(term.String(), "\x1b]777;") {
		t.Errorf("a payment made elsewhere: %q", term.String())
	}
}

// TestReceiveRingsAndTheNudgeDoesNot: the invoice on the Receive screen
// rings the bell itself; the fallback bell does not ring a second time.
func TestReceiveRingsAndTheNudgeDoesNot(t *testing.T) {
	n := allNudges
	n.Getenv = env{}.get // no desktop notifications: the bell is the fallback
	a, term := nudgeApp(t, n, nil)
	inv := signetInvoice(t, 2_500_000, "x")
	open := receive(model.Bolt11, model.StatusReceiving, inv, 2_500_000, "x")
	receiving(a, open)
	deliver(a, watchMsg{id: open.ID, created: t0, status: open.Status})
	send(a, keyPress("2")) // and the user looks at History
	paid := receive(model.Bolt11, model.StatusCompleted, inv, 2_500_000, "x")
	deliver(a, pushMsg{payments: []model.Payment{paid}})
	if term.String() != "\a" {
		t.Errorf("terminal got %q, want one bell", term.String())
	}
	if !strings.Contains(statusLine(a), "Received 2,500 sats") {
		t.Errorf("status line %q", statusLine(a))
	}
}

// TestThePointOfSaleRingsForItsOwnSale: as Receive does.
func TestThePointOfSaleRingsForItsOwnSale(t *testing.T) {
	a, _ := nudgeApp(t, allNudges, nil)
	sale := receive(model.Bolt11, model.StatusReceiving, "lntbs1example", 2_500_000, "")
	for _, s := range a.screens {
		if p, ok := s.(*posScreen); ok {
			p.current = &sale
		}
	}
	if !a.receiveRings(sale.ID) || a.receiveRings("another") {
		t.Error("the nudge would ring for the sale the point of sale rings for")
	}
}

// TestAHostileMemoCannotBreakOutOfTheNotification: a memo and a wallet
// name full of terminators and escapes stay text inside the one sequence.
func TestAHostileMemoCannotBreakOutOfTheNotification(t *testing.T) {
	hostile := "a\x1b\\b\x07c\u009cd\u009b2Je\x1b]52;c;cHduZWQ=\x07f\x1bPtmux;g;h\r\n"
	for _, tt := range []struct {
		name string
		env  env
		end  string
	}{
		{"OSC 777", env{"VTE_VERSION": "7600"}, "\a"},
		{"OSC 9", env{"TERM_PROGRAM": "iTerm.app"}, "\a"},
		{"OSC 99", env{"KITTY_WINDOW_ID": "1"}, "\x1b\\"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n := allNudges
			n.Getenv = tt.env.get
			a, term := nudgeApp(t, n, nil)
			w := walletsLoaded(t)
			w.wallets[0].Name = "Till" + hostile
			deliver(a, w)
			p := pendingReceive(t, a)
			p = completed(p)
			p.Data = model.ReceiveBolt11Data{PaymentRequest: "lntbs1example", AmountMsats: 25_000_000, Memo: model.NullString(hostile)}
			deliver(a, pushMsg{payments: []model.Payment{p}})
			out := term.String()
			body, ok := strings.CutSuffix(out, tt.end)
			if !ok || !strings.HasPrefix(body, "\x1b]") {
				t.Fatalf("not one sequence: %q", out)
			}
			body = body[2:]
			if strings.ContainsAny(body, "\x1b\x07\u009c\u009b\r\n") {
				t.Errorf("a control is inside the sequence: %q", out)
			}
			if tt.name == "OSC 777" && strings.Count(body, ";") != 3 {
				t.Errorf("the fields moved: %q", out)
			}
			if !strings.Contains(body, "Till") || !strings.Contains(strings.TrimPrefix(statusLine(a), " "), "Received") {
				t.Errorf("the text is lost: %q", out)
			}
		})
	}
}

// fakeHook records the payments it runs for; while hold is open it
// blocks, as a hanging command would until its time limit.
type fakeHook struct {
	ran  chan model.Payment
	hold chan error
}

func newFakeHook() *fakeHook {
	return &fakeHook{ran: make(chan model.Payment, 16), hold: make(chan error)}
}

func (h *fakeHook) Run(_ context.Context, p model.Payment) error {
	h.ran <- p
	return <-h.hold
}

// TestASlowHookDoesNotStallTheDashboard: hooks run in commands, at most
// two at once, the rest waiting; the dashboard handles keys meanwhile; a
// failure shows in the status line; each payment's final status runs the
// hook once, sends and failures included.
func TestASlowHookDoesNotStallTheDashboard(t *testing.T) {
	hook := newFakeHook()
	a, _ := nudgeApp(t, Nudges{}, hook)
	first := pendingReceive(t, a)
	second, third := first, first
	second.ID, second.Direction, second.Status = "22222222-2222-4333-8444-555555555555", model.Send, model.StatusFailed
	second.Data = model.SendBolt11Data{PaymentRequest: "lntbs1example", AmountMsats: 1000}
	third.ID, third.Status = "33333333-2222-4333-8444-555555555555", model.StatusExpired
	second.UpdatedAt, third.UpdatedAt = t0.Add(time.Second), t0.Add(time.Second)
	push := pushMsg{payments: []model.Payment{completed(first), second, third, completed(first)}}

	start := time.Now()
	deliver(a, push, push) // the hooks' commands start, and block
	deliver(a, keyPress("1"))
	if took := time.Since(start); a.active != 0 || took > 2*time.Second {
		t.Fatalf("the dashboard did not take a key while hooks hung (tab %d, %v)", a.active, took)
	}
	got := []string{(<-hook.ran).ID, (<-hook.ran).ID}
	select {
	case p := <-hook.ran:
		t.Fatalf("a third hook ran at once: %s", p.ID)
	default:
	}
	if a.nudges.running != 2 || len(a.nudges.queue) != 1 {
		t.Fatalf("running %d, queued %d (ran %v)", a.nudges.running, len(a.nudges.queue), got)
	}

	// One fails: the status line says how, and the queued one starts.
	hook.hold <- errors.New("exited with status 3: no route to chat.example")
	msgs := waitFor(t, 1)
	deliver(a, msgs...)
	if s := statusLine(a); !strings.Contains(s, "on_payment for") || !strings.Contains(s, "exited with status 3: no route to chat.example") {
		t.Errorf("status line %q", s)
	}
	if p := <-hook.ran; p.ID != third.ID {
		t.Errorf("the queued hook ran for %s", p.ID)
	}
	hook.hold <- nil
	hook.hold <- nil
	deliver(a, waitFor(t, 2)...)
	if a.nudges.running != 0 || len(a.nudges.queue) != 0 {
		t.Errorf("running %d, queued %d", a.nudges.running, len(a.nudges.queue))
	}
	select {
	case p := <-hook.ran:
		t.Errorf("a payment's hook ran twice: %s", p.ID)
	default:
	}
}

// waitFor collects n hook ends from the commands fire left running.
func waitFor(t *testing.T, n int) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for len(out) < n {
		select {
		case m := <-late:
			if _, ok := m.(hookDoneMsg); ok {
				out = append(out, m)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no hook ended")
		}
	}
	return out
}

package ui

import (
	"context"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// When money arrives the dashboard says so wherever the user is: a toast in
// the status line, and a desktop notification where the terminal can show
// one, or the bell where it cannot. When any payment reaches a final status
// it runs the user's on_payment hook. Both happen once per payment, and only
// for payments that became final while the dashboard watched: a history that
// loads already settled is old news.

// Nudges are the ways the dashboard tells of money received.
type Nudges struct {
	Toast   bool // a line in the status bar
	Desktop bool // a desktop notification, where the terminal is known to show one
	Bell    bool // the bell, where no desktop notification is sent
	// Getenv tells the terminal apart (TERM, TERM_PROGRAM, TMUX, …); nil
	// knows none, and rings the bell.
	Getenv func(string) string
}

// nudgeFor is how long a payment's toast stays in the status line.
const nudgeFor = 6 * time.Second

// maxHooks bounds the hooks running at once, and maxQueued those waiting:
// a hook that keeps hanging (until its time limit) must not pile up
// processes, nor memory.
const maxHooks, maxQueued = 2, 32

// nudger is the state behind the nudges and the hook.
type nudger struct {
	cfg     Nudges
	desktop desktopKind
	tmux    bool
	hook    port.PaymentHook
	started time.Time       // payments settled before are not news
	done    map[string]bool // payments whose final status was handled
	running int
	queue   []model.Payment
	dropped int    // hooks skipped since the last note about it
	toast   string // the last payment's toast
}

func newNudger(cfg Nudges, hook port.PaymentHook, now time.Time) *nudger {
	n := &nudger{cfg: cfg, hook: hook, started: now, done: map[string]bool{}}
	if cfg.Getenv != nil {
		n.desktop, n.tmux = detectDesktop(cfg.Getenv), cfg.Getenv("TMUX") != ""
	}
	return n
}

// hookDoneMsg is a hook's end.
type hookDoneMsg struct {
	id  string
	err error
}

// settling runs update for msg and then handles the payments msg made
// final: the watcher's verdict, read before and after, says which did.
func (a *App) settling(msg tea.Msg, update func(tea.Msg) tea.Cmd) tea.Cmd {
	var seen []model.Payment // what msg says of payments, with the watcher's view before it
	var watched, known []bool
	switch m := msg.(type) {
	case hookDoneMsg:
		return a.hookDone(m)
	case paymentMsg:
		if m.err == nil {
			seen = []model.Payment{m.payment}
		}
	case pushMsg:
		seen = m.payments
	}
	for _, p := range seen {
		_, w := a.watcher.watches[p.ID]
		r, listed := a.history.byID[p.ID]
		watched, known = append(watched, w), append(known, listed && r.p.Status.IsFinal())
	}
	cmds := []tea.Cmd{update(msg)}
	for i, p := range seen {
		if _, still := a.watcher.watches[p.ID]; still || !p.Status.IsFinal() {
			continue
		}
		if !watched[i] {
			// Only a push reports a payment nobody watched: someone paid an
			// invoice made elsewhere, or a send from elsewhere settled. A
			// poll's answer for such a payment (the detail pane's, say) is
			// not news, nor is a state History already showed, nor one from
			// before the dashboard started.
			if _, pushed := msg.(pushMsg); !pushed || known[i] || p.UpdatedAt.Before(a.nudges.started) {
				continue
			}
		}
		cmds = append(cmds, a.settled(p))
	}
	return tea.Batch(cmds...)
}

// settled handles a payment that reached a final status: once.
func (a *App) settled(p model.Payment) tea.Cmd {
	n := a.nudges
	if n.done[p.ID] || p.IsPolicyCheck() {
		return nil // a policy check is voltdash asking, not a payment
	}
	n.done[p.ID] = true
	var cmds []tea.Cmd
	if p.Direction == model.Receive && p.Status == model.StatusCompleted {
		cmds = append(cmds, a.received(p))
	}
	if n.hook != nil {
		cmds = append(cmds, a.queueHook(p))
	}
	return tea.Batch(cmds...)
}

// received tells of money received.
func (a *App) received(p model.Payment) tea.Cmd {
	n, text := a.nudges, a.receivedText(p)
	if n.cfg.Toast {
		a.toast, a.toastEnd, n.toast = text, a.s.now.Add(nudgeFor), text
	}
	var seq string
	ring := n.cfg.Bell && !a.receiveRings(p.ID)
	switch {
	case n.cfg.Desktop && n.desktop != noDesktop:
		seq = n.desktop.sequence("voltdash", text)
		if n.tmux {
			// tmux drops passthrough unless allow-passthrough is on, which
			// is not its default and cannot be asked: the bell as well.
			seq = tmuxPassthrough(seq)
			if ring {
				seq += "\a"
			}
		}
	case ring:
		seq = "\a"
	}
	if seq == "" {
		return nil
	}
	return writeTerminal(a.s.cfg.Terminal, seq)
}

// receivedText is "Received 21,000 sats in Savings · Flat white": the
// wallet's name and the memo are outside text.
func (a *App) receivedText(p model.Payment) string {
	text := "Received " + moved(p.Amount(), a.s.lens()) + " in " + model.CleanText(a.s.walletName(p.WalletID))
	if memo := model.CleanText(p.Memo()); memo != "" {
		text += " · " + memo
	}
	return text
}

// receiveRings reports that a screen shows the payment and rings the bell
// for it itself (Receive and the point of sale, for the invoice on them).
func (a *App) receiveRings(id string) bool {
	for _, s := range a.screens {
		if r, ok := s.(ringer); ok && r.ringsFor(id) {
			return true
		}
	}
	return false
}

// ringer is a screen that rings the bell itself when the payment it shows
// is paid.
type ringer interface{ ringsFor(id string) bool }

func (r *receiveScreen) ringsFor(id string) bool { return r.current != nil && r.current.ID == id }
func (p *posScreen) ringsFor(id string) bool     { return p.current != nil && p.current.ID == id }

// writeTerminal writes seq in one write, outside Update.
func writeTerminal(w io.Writer, seq string) tea.Cmd {
	return func() tea.Msg {
		_, _ = io.WriteString(w, seq)
		return nil
	}
}

// queueHook runs the hook for p now, or once one running ends.
func (a *App) queueHook(p model.Payment) tea.Cmd {
	n := a.nudges
	if n.running < maxHooks {
		n.running++
		return runHook(n.hook, p)
	}
	if len(n.queue) >= maxQueued {
		n.dropped++
		a.hookFailed("on_payment: skipped " + itoa(n.dropped) + " payment(s): earlier hooks are still running.")
		return nil
	}
	n.queue = append(n.queue, p)
	return nil
}

func runHook(h port.PaymentHook, p model.Payment) tea.Cmd {
	return func() tea.Msg {
		// The hook keeps its own time limit; the dashboard only waits for
		// its message.
		return hookDoneMsg{id: p.ID, err: h.Run(context.Background(), p)}
	}
}

// hookDone shows a hook's failure in the status line, and starts the next.
func (a *App) hookDone(m hookDoneMsg) tea.Cmd {
	n := a.nudges
	n.running--
	if m.err != nil {
		a.hookFailed("on_payment for " + short(m.id) + ": " + model.CleanText(m.err.Error()))
	}
	if len(n.queue) == 0 {
		n.dropped = 0
		return nil
	}
	next := n.queue[0]
	n.queue = n.queue[1:]
	n.running++
	return runHook(n.hook, next)
}

// hookFailed says why in the status line. A hook that fails at once must
// not wipe the toast of the money that ran it: the failure follows it.
func (a *App) hookFailed(why string) {
	if a.toast == a.nudges.toast && a.s.now.Before(a.toastEnd) {
		why = a.toast + " · " + why
	}
	a.toast, a.toastEnd = why, a.s.now.Add(noticeFor)
}

// desktopKind is the desktop notification a terminal understands.
type desktopKind int

const (
	noDesktop desktopKind = iota
	osc9                  // iTerm2: ESC ] 9 ; text BEL
	osc99                 // kitty's own protocol: ESC ] 99 ; ; text ESC \
	osc777                // urxvt's, taken up by VTE, foot, WezTerm, Ghostty: ESC ] 777 ; notify ; title ; body BEL
)

// detectDesktop tells from the environment which desktop notification the
// terminal shows. The names checked survive tmux and most shells (tmux
// sets TERM_PROGRAM and TERM of its own, but keeps what the outer terminal
// exported). A terminal not known to show one gets the bell.
func detectDesktop(getenv func(string) string) desktopKind {
	term, program := getenv("TERM"), getenv("TERM_PROGRAM")
	switch {
	case program == "iTerm.app" || getenv("LC_TERMINAL") == "iTerm2" || getenv("ITERM_SESSION_ID") != "":
		return osc9
	case term == "xterm-kitty" || getenv("KITTY_WINDOW_ID") != "":
		return osc99
	case program == "WezTerm" || getenv("WEZTERM_PANE") != "",
		program == "ghostty" || term == "xterm-ghostty" || getenv("GHOSTTY_RESOURCES_DIR") != "",
		strings.HasPrefix(term, "foot"),
		getenv("VTE_VERSION") != "":
		return osc777
	}
	return noDesktop
}

// oscMax bounds the text of a notification, in runes: a memo can be long.
const oscMax = 200

// sequence is the notification with title and body. Both are made safe
// for inside an OSC string first, whatever cleaned them before: nothing in
// them can end the sequence and start another.
func (k desktopKind) sequence(title, body string) string {
	title, body = oscSafe(title), oscSafe(body)
	switch k {
	case osc9:
		return "\x1b]9;" + title + ": " + body + "\a"
	case osc99:
		return "\x1b]99;;" + title + ": " + body + "\x1b\\"
	case osc777:
		// The fields are separated by semicolons: one in the body could be
		// read as the end of a field by some terminals.
		return "\x1b]777;notify;" + strings.ReplaceAll(title, ";", ",") + ";" + strings.ReplaceAll(body, ";", ",") + "\a"
	}
	return ""
}

// oscSafe is s cleaned (model.CleanText) with every C0 and C1 control and
// DEL removed, and cut to oscMax runes: ESC, BEL and ST end an OSC string.
func oscSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == utf8.RuneError {
			return -1
		}
		return r
	}, model.CleanText(s))
	if utf8.RuneCountInString(s) > oscMax {
		s = string([]rune(s)[:oscMax-1]) + "…"
	}
	return s
}

// tmuxPassthrough wraps seq so that tmux hands it to the outer terminal
// (with allow-passthrough on; without, tmux drops it): a DCS to tmux, with
// each ESC inside doubled.
func tmuxPassthrough(seq string) string {
	return "\x1bPtmux;" + strings.ReplaceAll(seq, "\x1b", "\x1b\x1b") + "\x1b\\"
}

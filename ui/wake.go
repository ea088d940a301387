package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
)

// The dashboard draws a frame when something happens: a key, an answer, a
// push, or the clock. It asks the clock only for what needs it: a refresh
// falling due, and, on screen, a spinner's next turn or a countdown's next
// second. Left alone with nothing in flight it wakes for its refreshes
// alone.

// spinnerEvery is how often a spinner turns, and so the fastest the clock
// wakes the dashboard.
const spinnerEvery = 200 * time.Millisecond

// minWake keeps a wake that is due already from spinning the loop.
const minWake = 10 * time.Millisecond

// nextFrame is when the spinner next turns.
func nextFrame(now time.Time) time.Time { return now.Truncate(spinnerEvery).Add(spinnerEvery) }

// nextSecond is when a countdown to target next shows another number.
func nextSecond(now, target time.Time) time.Time {
	if !target.After(now) {
		return time.Time{} // it says "expired" from now on
	}
	rem := target.Sub(now) % time.Second
	if rem == 0 {
		rem = time.Second
	}
	return now.Add(rem)
}

// earliest is the first of the times that are set.
func earliest(ts ...time.Time) time.Time {
	var first time.Time
	for _, t := range ts {
		if !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	return first
}

// frameIf is the spinner's next turn when it shows.
func frameIf(spinning bool, now time.Time) time.Time {
	if spinning {
		return nextFrame(now)
	}
	return time.Time{}
}

// spinning reports a status drawn with a spinner: known and not final.
func spinning(s model.Status) bool { return s.Known() && !s.IsFinal() }

// wakeAt is when the dashboard next needs the clock; zero: not until a
// message arrives.
func (a *App) wakeAt() time.Time {
	now := a.s.now
	w := earliest(a.wallets.wakeAt(), a.watcher.wakeAt())
	w = earliest(w, a.healthDue(), a.priceWake())
	if a.toast != "" && a.toastEnd.After(now) {
		w = earliest(w, a.toastEnd)
	}
	if c := a.conn; c.failures > 0 && c.failures < offlineAfter && !c.auth {
		w = earliest(w, nextSecond(now, c.retryAt)) // "retrying in 4s"
	}
	for i, s := range a.screens {
		w = earliest(w, s.wake(now, i == a.active && !a.showHelp))
	}
	return w
}

// rearm makes sure a tick comes by the time the dashboard next needs the
// clock. A tick already on its way that comes later stays on its way, and
// is taken as a wake like any other when it comes.
func (a *App) rearm() tea.Cmd {
	want := a.wakeAt()
	if want.IsZero() || (!a.tickAt.IsZero() && !want.Before(a.tickAt)) {
		return nil
	}
	a.tickAt = want
	d, after := max(want.Sub(a.s.now), minWake), a.s.cfg.Clock.After
	return func() tea.Msg { return tickMsg(<-after(d)) }
}

package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// wakeScenes are dashboards in the states that draw something from the
// clock (a spinner, a countdown, a retry in N seconds), and one that
// draws nothing from it.
var wakeScenes = []struct {
	name  string
	setup func(t *testing.T, a *App)
}{
	{"wallets loading", func(t *testing.T, a *App) {}},
	{"wallets retrying", func(t *testing.T, a *App) {
		a.observe(unreachable)
		a.conn.retryAt = t0.Add(3*time.Second + 400*time.Millisecond)
	}},
	{"chart loading", func(t *testing.T, a *App) { send(a, walletsLoaded(t)) }},
	{"history pending", func(t *testing.T, a *App) {
		ps := payments(30)
		ps[4].Status = model.StatusSending
		send(a, walletsLoaded(t), keyPress("2"), pageOf(ps, 30))
	}},
	{"detail loading", func(t *testing.T, a *App) {
		send(a, walletsLoaded(t), keyPress("2"), pageOf(payments(30), 30), keyPress("enter"))
	}},
	{"receive waiting", func(t *testing.T, a *App) {
		send(a, walletsLoaded(t))
		receiving(a, receive(model.Bolt11, model.StatusReceiving, signetInvoice(t, 2_500_000, "Flat white x2"), 2_500_000, ""))
	}},
	{"receive paid, balance coming", func(t *testing.T, a *App) {
		inv := signetInvoice(t, 2_500_000, "")
		send(a, walletsLoaded(t))
		receiving(a, receive(model.Bolt11, model.StatusReceiving, inv, 2_500_000, ""))
		send(a, paymentMsg{id: "7b1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9", payment: receive(model.Bolt11, model.StatusCompleted, inv, 2_500_000, "")})
	}},
	{"send confirming", func(t *testing.T, a *App) {
		send(a, walletsLoaded(t))
		paste(a, signetInvoice(t, 2_500_000, "Flat white x2"))
		send(a, keyPress("enter"))
	}},
	{"send waiting for status", func(t *testing.T, a *App) {
		rec := sentRecord(t, model.SendAccepted)
		send(a, walletsLoaded(t), keyPress("4"), sentMsg{rec: rec})
	}},
	{"send unknown outcome", func(t *testing.T, a *App) {
		rec := sentRecord(t, model.SendRecorded)
		send(a, walletsLoaded(t), keyPress("4"), sentMsg{rec: rec, err: failure{port.Failure{Sentence: "Voltage did not answer in time.", Unknown: true}}})
	}},
	{"idle", idle},
}

// idle is a dashboard with everything loaded and final.
func idle(t *testing.T, a *App) {
	send(a, walletsLoaded(t))
	for _, w := range a.s.wallets {
		send(a, trendMsg{walletID: w.ID, at: t0})
	}
	a.wallets.inFlight = false
	a.wallets.done(t0, false)
}

// TestTheFrameHoldsUntilTheClockWakes: whatever a screen draws from the
// clock, the frame at any moment before the dashboard's next wake is the
// frame drawn now, so sleeping until then misses nothing.
func TestTheFrameHoldsUntilTheClockWakes(t *testing.T) {
	for _, sc := range wakeScenes {
		t.Run(sc.name, func(t *testing.T) {
			a, _ := testApp(t, 100, 30)
			sc.setup(t, a)
			send(a, tickMsg(a.s.now)) // what is due now is on its way
			now := a.s.now
			wake, frame := a.wakeAt(), a.View()
			if !wake.IsZero() && !wake.After(now) {
				t.Fatalf("right after a tick, the next is due already (%v): the loop would spin", wake.Sub(now))
			}
			horizon := now.Add(5 * time.Second)
			if !wake.IsZero() && wake.Before(horizon) {
				horizon = wake
			}
			for at := now; at.Before(horizon); at = at.Add(10 * time.Millisecond) {
				a.s.now = at
				if got := a.View(); got != frame {
					t.Fatalf("the frame changed %v after the last wake, before the next at %v:\n%s", at.Sub(now), wake.Sub(now), got)
				}
			}
			a.s.now = now
		})
	}
}

// TestAnIdleDashboardSleepsUntilItsRefresh: with nothing moving on
// screen and nothing in flight, the clock is asked only for the next
// refresh.
func TestAnIdleDashboardSleepsUntilItsRefresh(t *testing.T) {
	for _, tab := range []string{"1", "2", "3", "4"} {
		a, _ := testApp(t, 100, 30)
		idle(t, a)
		send(a, keyPress(tab), pageOf(payments(30), 30))
		if strings.ContainsAny(a.View(), strings.Join(spinnerFrames, "")) {
			t.Fatalf("screen %s: the idle dashboard shows a spinner:\n%s", tab, a.View())
		}
		if got, want := a.wakeAt(), earliest(a.wallets.due, a.history.refresh.due); !got.Equal(want) {
			t.Errorf("screen %s: wakes %v from now, want %v (the next refresh)", tab, got.Sub(a.s.now), want.Sub(a.s.now))
		}
	}
}

// TestTheClockIsAskedOnceForEachWake: a message that changes nothing
// does not start another timer, one that needs the clock sooner does,
// and the tick that comes clears the way for the next.
func TestTheClockIsAskedOnceForEachWake(t *testing.T) {
	a, _ := testApp(t, 100, 30)
	idle(t, a)
	send(a, tickMsg(t0)) // the tick on its way since the first message comes
	refresh := a.tickAt
	if !refresh.Equal(a.wallets.due) {
		t.Fatalf("the timer on its way wakes %v from now, want the next refresh", refresh.Sub(a.s.now))
	}
	if a.rearm() != nil {
		t.Error("a second timer for the same wake")
	}
	send(a, keyPress("4"), sentMsg{rec: sentRecord(t, model.SendAccepted)})
	if !a.tickAt.Before(refresh) || a.tickAt.After(nextFrame(a.s.now)) {
		t.Errorf("a spinner on screen wakes at %v, want by the next frame", a.tickAt.Sub(a.s.now))
	}
	send(a, tickMsg(a.tickAt))
	if a.tickAt.IsZero() || !a.tickAt.After(a.s.now) {
		t.Errorf("after a tick, the next is at %v from now", a.tickAt.Sub(a.s.now))
	}
}

func TestCountdownsChangeOnTheSecondsTheClockWakes(t *testing.T) {
	target := t0.Add(61*time.Second + 250*time.Millisecond)
	for now := t0; now.Before(target.Add(time.Second)); {
		next := nextSecond(now, target)
		if next.IsZero() {
			if countdown(target.Sub(now)) != "expired" {
				t.Fatalf("no wake at %v, but the countdown still reads %s", target.Sub(now), countdown(target.Sub(now)))
			}
			break
		}
		shown := countdown(target.Sub(now))
		for at := now; at.Before(next); at = at.Add(5 * time.Millisecond) {
			if got := countdown(target.Sub(at)); got != shown {
				t.Fatalf("%v before the end the countdown reads %s, but the clock wakes at %v to draw it", target.Sub(at), got, target.Sub(next))
			}
		}
		if countdown(target.Sub(next)) == shown {
			t.Errorf("woken %v before the end for nothing: still %s", target.Sub(next), shown)
		}
		now = next
	}
}

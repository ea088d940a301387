package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

func TestPushedStatesReachTheWatchesAndTheList(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	send(a, walletsLoaded(t), keyPress("2"))
	pending := fixture[model.Payment](t, "payment_receive_bolt11_receiving")
	pending.CreatedAt = t0.Add(-time.Minute)
	send(a, run(a.history.update(pageOf([]model.Payment{pending}, 1)))...)
	w := a.watcher.watches[pending.ID]
	if w == nil || w.due.Sub(t0) > 5*time.Second {
		t.Fatalf("before any push, the receive is polled on the normal schedule: %+v", w)
	}
	if strings.Contains(a.View(), "push") {
		t.Error("the header claims push before any arrived")
	}

	// Someone else's payment arrives by push: it goes on top, and the
	// first push moves the watches to the fallback schedule.
	incoming := pending
	incoming.ID, incoming.CreatedAt, incoming.Status = "11111111-2222-4333-8444-555555555555", t0, model.StatusCompleted
	send(a, pushMsg{payments: []model.Payment{incoming}})
	if a.history.rows[0].p.ID != incoming.ID || a.history.total != 2 {
		t.Errorf("a pushed new payment is not on top: %+v", a.history.rows[0].p.ID)
	}
	if w.due != t0.Add(model.PushFallback) || !strings.Contains(a.View(), "● live · push") {
		t.Errorf("after the first push: next poll in %v; header %q", w.due.Sub(t0), strings.SplitN(a.View(), "\n", 2)[0])
	}
	if !a.wallets.inFlight {
		t.Error("a payment that settled by push refreshes the balances")
	}

	// The watched receive completes by push: the watch ends and the row
	// shows it; a late, older state changes nothing.
	done := pending
	done.Status, done.UpdatedAt = model.StatusCompleted, t0.Add(time.Second)
	send(a, pushMsg{payments: []model.Payment{done}}, pushMsg{payments: []model.Payment{pending}})
	if _, still := a.watcher.watches[pending.ID]; still {
		t.Error("the watch outlived the completed push")
	}
	if row := a.history.byID[pending.ID]; row.p.Status != model.StatusCompleted {
		t.Errorf("the row shows %s", row.p.Status)
	}

	// A new invoice made elsewhere arrives pending: it is listed and
	// watched, so that polling backs the pushes up.
	fresh := pending
	fresh.ID, fresh.CreatedAt, fresh.Status = "22222222-2222-4333-8444-555555555555", t0.Add(time.Second), model.StatusReceiving
	for _, cmd := range send(a, pushMsg{payments: []model.Payment{fresh}}) {
		send(a, run(cmd)...)
	}
	if w, ok := a.watcher.watches[fresh.ID]; !ok || a.history.rows[0].p.ID != fresh.ID {
		t.Errorf("the pushed invoice is not listed first and watched: %+v", w)
	}
}

func TestPushedPaymentsRespectTheListsFilterAndPaging(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	send(a, walletsLoaded(t), keyPress("2"))
	loadHistory(a, payments(100), 500) // more on the server than loaded
	h := a.history
	older := payments(200)[150] // beyond what is loaded
	older.ID = "99999999-2222-4333-8444-555555555555"
	send(a, pushMsg{payments: []model.Payment{older}})
	if _, shown := h.byID[older.ID]; shown {
		t.Error("a pushed payment older than what is loaded jumped into the list")
	}
	send(a, keyPress("d")) // direction: send only
	send(a, pageMsg{seq: h.seq, refresh: true})
	in, out := payments(2)[0], payments(2)[1]
	in.ID, in.CreatedAt = "88888888-2222-4333-8444-555555555555", t0
	out.ID, out.CreatedAt = "77777777-2222-4333-8444-555555555555", t0
	send(a, pushMsg{payments: []model.Payment{in, out}})
	if _, shown := h.byID[in.ID]; shown || in.Direction != model.Receive {
		t.Error("a receive was added to a list of sends")
	}
	if _, shown := h.byID[out.ID]; !shown || out.Direction != model.Send {
		t.Error("a pushed send is missing from the list of sends")
	}
}

func TestNoticeShowsAtStart(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	a.s.cfg.Notice = "Push is off: the webhook listener could not start; polling instead."
	a.Init()
	if !strings.Contains(a.View(), "Push is off") {
		t.Error("the notice is not shown")
	}
	a.s.now = t0.Add(noticeFor + time.Second)
	if strings.Contains(a.View(), "Push is off") {
		t.Error("the notice never goes away")
	}
}

// healthyPush answers Health as a test sets it; Next is never called here
// (Init is not run).
type healthyPush struct{ health *model.PushHealth }

func (p healthyPush) Next(context.Context) ([]model.Payment, error) { select {} }
func (p healthyPush) Health(context.Context) (model.PushHealth, error) {
	return *p.health, nil
}

// TestFailingDeliveriesBringBackFastPolling: once a minute the dashboard
// reads its webhook's deliveries; while they fail, the header says so and
// why, followed payments are polled on the fast schedule, and those whose
// deliveries failed are read at once. When deliveries recover, so does the
// header.
func TestFailingDeliveriesBringBackFastPolling(t *testing.T) {
	health := &model.PushHealth{}
	a, _ := testApp(t, 120, 40)
	a.s.cfg.Push = healthyPush{health}
	sending := model.Payment{ID: "5b0d4c3a-2e1f-4a9b-8c7d-6e5f4a3b2c1d", Direction: model.Send, Kind: model.Bolt11, Status: model.StatusSending, CreatedAt: t0}
	send(a, walletsLoaded(t), watchMsg{id: sending.ID, created: t0, status: model.StatusSending}, pushMsg{})
	slow := a.watcher.watches[sending.ID].due
	if !a.watcher.pushed || !strings.Contains(a.View(), "● live · push") {
		t.Fatalf("pushes arrive, yet the header says:\n%s", a.View())
	}

	*health = model.PushHealth{Degraded: true, Why: "HTTP 500", Failing: []string{sending.ID}}
	a.s.now = t0.Add(healthFollowing)
	if a.due(a.s.now); !a.health.inFlight {
		t.Fatal("with a payment followed on push's slow schedule, push's health is not read within a fast poll's delay")
	}
	send(a, healthMsg{health: *health})
	if !strings.Contains(a.View(), "push degraded (HTTP 500)") {
		t.Errorf("the header does not say push is degraded:\n%s", strings.SplitN(a.View(), "\n", 2)[0])
	}
	if x := a.watcher.watches[sending.ID]; x == nil || x.due.After(a.s.now) {
		t.Errorf("the payment whose delivery failed is not read at once: %+v (slow schedule: %v)", x, slow.Sub(t0))
	}
	a.watcher.watches[sending.ID].inFlight = false
	a.watcher.next(a.watcher.watches[sending.ID], a.s.now)
	if d := a.watcher.watches[sending.ID].due.Sub(a.s.now); d >= 15*time.Second {
		t.Errorf("while deliveries fail the payment is polled every %v, the slow schedule", d)
	}

	send(a, healthMsg{health: model.PushHealth{Failing: []string{sending.ID}}})
	delete(a.watcher.watches, sending.ID) // settled
	if at := a.healthDue(); at.Sub(a.s.now) != healthEvery {
		t.Errorf("with nothing followed, push's health is read in %v, want a minute", at.Sub(a.s.now))
	}
	if v := strings.SplitN(a.View(), "\n", 2)[0]; strings.Contains(v, "degraded") || a.watcher.degraded {
		t.Errorf("deliveries recovered, yet:\n%s", v)
	}
}

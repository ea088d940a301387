package ui

import (
	"cmp"
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
)

// Push delivers payment updates as Voltage pushes them (webhooks). Next
// blocks until there are some; an error ends pushing, and polling carries on
// alone. Health reads how the webhook's deliveries have gone lately.
type Push interface {
	Next(ctx context.Context) ([]model.Payment, error)
	Health(ctx context.Context) (model.PushHealth, error)
}

// healthEvery is how often the dashboard reads its own webhook's deliveries
// while it pushes to itself; healthFollowing, while payments are followed on
// push's slow schedule, so that a failing delivery brings back fast polling
// within a fast poll's delay.
const (
	healthEvery     = time.Minute
	healthFollowing = 2 * time.Second
)

// healthMsg carries a read of push's health.
type healthMsg struct {
	health model.PushHealth
	err    error
}

func readHealth(p Push) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		h, err := p.Health(ctx)
		return healthMsg{h, err}
	}
}

// healthDue is when push's health is next read; zero while a read is on its
// way, or without push.
func (a *App) healthDue() time.Time {
	if a.s.cfg.Push == nil || a.health.inFlight {
		return time.Time{}
	}
	if a.watcher.pushed && !a.watcher.degraded && len(a.watcher.watches) > 0 {
		return earliest(a.health.due, a.health.started.Add(healthFollowing))
	}
	return a.health.due
}

// healthArrived follows what the deliveries say: while they fail, polling
// goes back to its fast schedule and the header says why; the payments whose
// deliveries failed are read at once.
func (a *App) healthArrived(msg healthMsg) {
	a.health.done(a.s.now, msg.err != nil)
	if msg.err != nil {
		return // the next read may do better; polling goes on meanwhile
	}
	h := msg.health
	a.pushDegraded = ""
	if h.Degraded {
		a.pushDegraded = cmp.Or(h.Why, "deliveries failing")
	}
	a.watcher.degrade(h.Degraded, a.s.now)
	for _, id := range h.Failing {
		a.watcher.readSoon(id, a.s.now)
	}
}

// pushMsg carries updates that arrived by push.
type pushMsg struct {
	payments []model.Payment
	err      error
}

func awaitPush(p Push) tea.Cmd {
	return func() tea.Msg {
		ps, err := p.Next(context.Background())
		return pushMsg{ps, err}
	}
}

// pushArrived hands each pushed state to the screens as if a poll had
// read it, and keeps the watches in step. The first push proves that
// deliveries reach us; from then on, polls only catch lost ones.
func (a *App) pushArrived(msg pushMsg) tea.Cmd {
	if msg.err != nil {
		a.watcher.pushesStopped()
		return nil
	}
	a.watcher.pushesArrive(a.s.now)
	var cmds []tea.Cmd
	if a.s.cfg.Push != nil { // nil only where tests hand pushes in
		cmds = append(cmds, awaitPush(a.s.cfg.Push))
	}
	for _, p := range msg.payments {
		if a.watcher.pushedState(p, a.s.now) {
			cmds = append(cmds, a.balancesMoved())
		}
		cmds = append(cmds, a.broadcast(paymentMsg{id: p.ID, payment: p}))
	}
	return tea.Batch(cmds...)
}

package ui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
)

// Push delivers payment updates as Voltage pushes them (webhooks). Next
// blocks until there are some; an error ends pushing, and polling carries
// on alone.
type Push interface {
	Next(ctx context.Context) ([]model.Payment, error)
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
		a.pushProven = false
		return nil
	}
	if !a.pushProven {
		a.pushProven = true
		for _, w := range a.watches {
			w.next(a.s.now, true)
		}
	}
	var cmds []tea.Cmd
	if a.s.cfg.Push != nil { // nil only where tests hand pushes in
		cmds = append(cmds, awaitPush(a.s.cfg.Push))
	}
	for _, p := range msg.payments {
		cmds = append(cmds, a.pushed(p), a.broadcast(paymentMsg{id: p.ID, payment: p}))
	}
	return tea.Batch(cmds...)
}

// pushed applies a pushed state to its payment's watch.
func (a *App) pushed(p model.Payment) tea.Cmd {
	w, watched := a.watches[p.ID]
	switch {
	case !watched && p.Status.IsFinal():
		return a.balancesMoved() // someone paid us, or a payment made elsewhere settled
	case !watched || !model.CanTransition(p.Direction, w.status, p.Status):
		return nil
	}
	w.status = p.Status
	if p.Status.IsFinal() {
		delete(a.watches, p.ID)
		return a.balancesMoved()
	}
	w.next(a.s.now, true)
	return nil
}

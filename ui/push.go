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

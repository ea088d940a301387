package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// requestTimeout bounds every call the UI makes; the client retries within
// it.
const requestTimeout = 20 * time.Second

// call runs f with a timeout and turns its result into a message. Command
// constructors pass everything f needs by value, never the model.
func call[T any](f func(ctx context.Context) (T, error), msg func(T, error) tea.Msg) tea.Cmd {
	return callWithin(requestTimeout, f, msg)
}

// callWithin is call with a bound of its own, for services outside
// Voltage (prices, Lightning Addresses) that have their own.
func callWithin[T any](d time.Duration, f func(ctx context.Context) (T, error), msg func(T, error) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		v, err := f(ctx)
		return msg(v, err)
	}
}

// walletsMsg carries a refresh of the wallets and, when they were asked
// for, the lines of credit.
type walletsMsg struct {
	wallets   []model.Wallet
	lines     []model.LineOfCredit
	withLines bool
	err       error
}

// fetchWallets reads the wallets, and the lines of credit too when
// withLines: their limits change rarely, so they are read less often. The
// two are asked at once, so that the first frame waits one round trip.
func fetchWallets(b port.Backend, withLines bool) tea.Cmd {
	type both struct {
		w []model.Wallet
		l []model.LineOfCredit
	}
	return call(func(ctx context.Context) (both, error) {
		if !withLines {
			w, err := b.ListWallets(ctx)
			return both{w: w}, err
		}
		var l []model.LineOfCredit
		var lerr error
		lines := make(chan struct{})
		go func() {
			defer close(lines)
			l, lerr = b.LinesOfCredit(ctx)
		}()
		w, err := b.ListWallets(ctx)
		<-lines
		if err != nil {
			return both{}, err
		}
		return both{w, l}, lerr
	}, func(v both, err error) tea.Msg {
		return walletsMsg{wallets: v.w, lines: v.l, withLines: withLines, err: err}
	})
}

// paymentMsg carries a fresh read of one payment, from a poll.
type paymentMsg struct {
	id      string
	payment model.Payment
	err     error
}

func fetchPayment(b port.Backend, id string) tea.Cmd {
	return call(func(ctx context.Context) (model.Payment, error) { return b.GetPayment(ctx, id) },
		func(p model.Payment, err error) tea.Msg { return paymentMsg{id: id, payment: p, err: err} })
}

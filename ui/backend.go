package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
)

// Backend is what the dashboard needs from the Voltage API. The api.Client
// provides it in production and in the demo (against the simulator); the
// UI never sees HTTP.
type Backend interface {
	ListWallets(ctx context.Context) ([]model.Wallet, error)
	LinesOfCredit(ctx context.Context) ([]model.LineOfCredit, error)
	ListPayments(ctx context.Context, f model.PaymentFilter) (model.Page[model.Payment], error)
	GetPayment(ctx context.Context, id string) (model.Payment, error)
	PaymentHistory(ctx context.Context, id string) (model.PaymentHistory, error)
	WalletLedger(ctx context.Context, walletID string, f model.LedgerFilter) (model.Page[model.LedgerEvent], error)

	// CreateReceive asks for an invoice or address. Sends have no way out
	// but Send and Resend, which journal them first.
	CreateReceive(ctx context.Context, req model.ReceiveRequest) error
	// Send records a send in the journal, then submits it; Resend submits
	// a recorded send again under its own id. Nothing else sends. Send
	// refuses a send the journal already holds for the same destination
	// (Failure.Repeat) unless rec.Again.
	Send(ctx context.Context, rec model.SendRecord) (model.SendRecord, error)
	Resend(ctx context.Context, id string) (model.SendRecord, error)
	// UnfinishedSends lists journaled sends still to follow, with an error
	// naming any record that could not be read; ObserveSend records a read
	// of the send id and returns the record as it now stands.
	UnfinishedSends() ([]model.SendRecord, error)
	ObserveSend(id string, p model.Payment) (model.SendRecord, error)

	// Classify says what an error from this backend means for the user.
	Classify(err error) Failure
}

// Failure is an error as the UI shows and handles it.
type Failure struct {
	Sentence  string // for people
	Transient bool   // worth retrying by itself: network, 5xx, rate limits
	NotFound  bool
	Auth      bool
	// Unknown: a send went out and no answer said whether it arrived.
	Unknown bool
	// NotSent: the send did not go out; there is nothing to follow or
	// resend. Local, with it: because the send journal could not record it.
	NotSent, Local bool
	// Repeat refuses a send that may repeat one the journal holds.
	Repeat *model.DuplicateSendError
}

// requestTimeout bounds every call the UI makes; the client retries within
// it.
const requestTimeout = 20 * time.Second

// call runs f with a timeout and turns its result into a message. Command
// constructors pass everything f needs by value, never the model.
func call[T any](f func(ctx context.Context) (T, error), msg func(T, error) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
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
// withLines: their limits change rarely, so they are read less often.
func fetchWallets(b Backend, withLines bool) tea.Cmd {
	type both struct {
		w []model.Wallet
		l []model.LineOfCredit
	}
	return call(func(ctx context.Context) (both, error) {
		w, err := b.ListWallets(ctx)
		if err != nil || !withLines {
			return both{w: w}, err
		}
		l, err := b.LinesOfCredit(ctx)
		return both{w, l}, err
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

func fetchPayment(b Backend, id string) tea.Cmd {
	return call(func(ctx context.Context) (model.Payment, error) { return b.GetPayment(ctx, id) },
		func(p model.Payment, err error) tea.Msg { return paymentMsg{id: id, payment: p, err: err} })
}

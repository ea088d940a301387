package ui

import (
	"context"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// Everything the dashboard shows that someone else wrote arrives through
// its Backend or its Push. Both are wrapped here, once, in New, so that
// each value a screen receives has already been cleaned for the terminal
// (model.ForDisplay): no screen, present or future, formats raw outside
// text. Errors are wrapped too, so their text is clean while errors.As
// still finds what is underneath.

// displayBackend is the Backend as the screens see it.
type displayBackend struct{ b port.Backend }

func forDisplay(b port.Backend) port.Backend {
	if d, ok := b.(displayBackend); ok {
		return d
	}
	return displayBackend{b}
}

func shown[T any](v T, err error) (T, error) {
	v, _ = model.ForDisplay(v)
	return v, displayErr(err)
}

func shownPayment(p model.Payment) model.Payment {
	out, changed := model.ForDisplay(p)
	out.TextCleaned = out.TextCleaned || changed
	return out
}

func shownPayments(ps []model.Payment) []model.Payment {
	if ps == nil {
		return nil
	}
	out := make([]model.Payment, len(ps))
	for i, p := range ps {
		out[i] = shownPayment(p)
	}
	return out
}

func (d displayBackend) ListWallets(ctx context.Context) ([]model.Wallet, error) {
	return shown(d.b.ListWallets(ctx))
}

func (d displayBackend) LinesOfCredit(ctx context.Context) ([]model.LineOfCredit, error) {
	return shown(d.b.LinesOfCredit(ctx))
}

func (d displayBackend) ListPayments(ctx context.Context, f model.PaymentFilter) (model.Page[model.Payment], error) {
	page, err := d.b.ListPayments(ctx, f)
	page.Items = shownPayments(page.Items)
	return page, displayErr(err)
}

func (d displayBackend) GetPayment(ctx context.Context, id string) (model.Payment, error) {
	p, err := d.b.GetPayment(ctx, id)
	return shownPayment(p), displayErr(err)
}

func (d displayBackend) PaymentHistory(ctx context.Context, id string) (model.PaymentHistory, error) {
	return shown(d.b.PaymentHistory(ctx, id))
}

func (d displayBackend) WalletLedger(ctx context.Context, walletID string, f model.LedgerFilter) (model.Page[model.LedgerEvent], error) {
	return shown(d.b.WalletLedger(ctx, walletID, f))
}

func (d displayBackend) CreateReceive(ctx context.Context, req model.ReceiveRequest) error {
	return displayErr(d.b.CreateReceive(ctx, req))
}

func (d displayBackend) Send(ctx context.Context, rec model.SendRecord) (model.SendRecord, error) {
	return shown(d.b.Send(ctx, rec))
}

func (d displayBackend) Resend(ctx context.Context, id string) (model.SendRecord, error) {
	return shown(d.b.Resend(ctx, id))
}

func (d displayBackend) UnfinishedSends() ([]model.SendRecord, error) {
	return shown(d.b.UnfinishedSends())
}

func (d displayBackend) ObserveSend(id string, p model.Payment) (model.SendRecord, error) {
	return shown(d.b.ObserveSend(id, p))
}

func (d displayBackend) Classify(err error) port.Failure {
	f, _ := model.ForDisplay(d.b.Classify(err))
	return f
}

// displayError is an error whose text is safe to show.
type displayError struct{ err error }

func (e displayError) Error() string { return model.CleanText(e.err.Error()) }
func (e displayError) Unwrap() error { return e.err }

func displayErr(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(displayError); ok {
		return err
	}
	return displayError{err}
}

// displayPush is the Push as the screens see it.
type displayPush struct{ p Push }

func (d displayPush) Next(ctx context.Context) ([]model.Payment, error) {
	ps, err := d.p.Next(ctx)
	return shownPayments(ps), displayErr(err)
}

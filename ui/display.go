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

func (d displayBackend) GetWallet(ctx context.Context, id string) (model.Wallet, error) {
	return shown(d.b.GetWallet(ctx, id))
}

func (d displayBackend) CreateWallet(ctx context.Context, req model.NewWalletRequest) error {
	return displayErr(d.b.CreateWallet(ctx, req))
}

func (d displayBackend) UpdateWallet(ctx context.Context, id string, req model.UpdateWalletRequest) error {
	return displayErr(d.b.UpdateWallet(ctx, id, req))
}

func (d displayBackend) DeleteWallet(ctx context.Context, id string) error {
	return displayErr(d.b.DeleteWallet(ctx, id))
}

func (d displayBackend) WalletPolicies(ctx context.Context, walletID string) (model.WalletPolicies, error) {
	return shown(d.b.WalletPolicies(ctx, walletID))
}

func (d displayBackend) UpdateWalletPolicies(ctx context.Context, walletID string, u model.PolicyUpdate) error {
	return displayErr(d.b.UpdateWalletPolicies(ctx, walletID, u))
}

func (d displayBackend) CheckPayment(ctx context.Context, req model.SendRequest) error {
	return displayErr(d.b.CheckPayment(ctx, req))
}

func (d displayBackend) UpdateSandboxLineOfCredit(ctx context.Context, lineID string, u model.SandboxCreditUpdate) error {
	return displayErr(d.b.UpdateSandboxLineOfCredit(ctx, lineID, u))
}

func (d displayBackend) ListWebhooks(ctx context.Context, f model.WebhookFilter) ([]model.Webhook, error) {
	return shown(d.b.ListWebhooks(ctx, f))
}

// CreateWebhook and GenerateWebhookKey hand back the secret as it is: it is
// shown once, exactly, for the user to copy.
func (d displayBackend) CreateWebhook(ctx context.Context, req model.NewWebhookRequest) (model.WebhookSecret, error) {
	s, err := d.b.CreateWebhook(ctx, req)
	return s, displayErr(err)
}

func (d displayBackend) GenerateWebhookKey(ctx context.Context, id string) (model.WebhookSecret, error) {
	s, err := d.b.GenerateWebhookKey(ctx, id)
	return s, displayErr(err)
}

func (d displayBackend) UpdateWebhook(ctx context.Context, id string, req model.UpdateWebhookRequest) error {
	return displayErr(d.b.UpdateWebhook(ctx, id, req))
}

func (d displayBackend) DeleteWebhook(ctx context.Context, id string) error {
	return displayErr(d.b.DeleteWebhook(ctx, id))
}

func (d displayBackend) StartWebhook(ctx context.Context, id string) error {
	return displayErr(d.b.StartWebhook(ctx, id))
}

func (d displayBackend) StopWebhook(ctx context.Context, id string) error {
	return displayErr(d.b.StopWebhook(ctx, id))
}

func (d displayBackend) TestWebhook(ctx context.Context, id string, req model.TestWebhookRequest) error {
	return displayErr(d.b.TestWebhook(ctx, id, req))
}

func (d displayBackend) WebhookDeliveries(ctx context.Context, id string, f model.DeliveryFilter) (model.Page[model.WebhookDelivery], error) {
	return shown(d.b.WebhookDeliveries(ctx, id, f))
}

func (d displayBackend) PaymentSummary(ctx context.Context, f model.PaymentSummaryFilter) (model.PaymentSummary, error) {
	return shown(d.b.PaymentSummary(ctx, f))
}

func (d displayBackend) WalletPaymentSummary(ctx context.Context, walletID string, f model.PaymentSummaryFilter) (model.PaymentWalletSummary, error) {
	return shown(d.b.WalletPaymentSummary(ctx, walletID, f))
}

func (d displayBackend) DeliverySummary(ctx context.Context, id string, statuses []model.DeliveryStatus) (model.DeliverySummary, error) {
	return shown(d.b.DeliverySummary(ctx, id, statuses))
}

func (d displayBackend) WebhookDelivery(ctx context.Context, id, deliveryID string) (model.WebhookDelivery, error) {
	return shown(d.b.WebhookDelivery(ctx, id, deliveryID))
}

func (d displayBackend) RetryDelivery(ctx context.Context, id, deliveryID string) error {
	return displayErr(d.b.RetryDelivery(ctx, id, deliveryID))
}

func (d displayBackend) AbandonDelivery(ctx context.Context, id, deliveryID string) error {
	return displayErr(d.b.AbandonDelivery(ctx, id, deliveryID))
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

func (d displayPush) Health(ctx context.Context) (model.PushHealth, error) {
	h, err := d.p.Health(ctx)
	h.Why = model.CleanText(h.Why) // a status line from the webhook's receiver, or its error
	return h, displayErr(err)
}

func (d displayPush) Next(ctx context.Context) ([]model.Payment, error) {
	ps, err := d.p.Next(ctx)
	return shownPayments(ps), displayErr(err)
}

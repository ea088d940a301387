// Package port is what both of voltdash's front ends, the dashboard (ui)
// and the commands (ui/cli), need from the program around them: the
// account, as a Backend, and errors, as a Failure. It is theirs, not the
// API client's, so that neither front end imports the other or the
// client.
package port

import (
	"context"
	"time"

	"github.com/voltdash/voltdash/model"
)

// Backend is what the front ends need from the Voltage API. main's adapter
// of api.Client and its send journal provides it, in production and in the
// demo (against the simulator); neither front end sees HTTP.
type Backend interface {
	ListWallets(ctx context.Context) ([]model.Wallet, error)
	LinesOfCredit(ctx context.Context) ([]model.LineOfCredit, error)
	ListPayments(ctx context.Context, f model.PaymentFilter) (model.Page[model.Payment], error)
	GetPayment(ctx context.Context, id string) (model.Payment, error)
	PaymentHistory(ctx context.Context, id string) (model.PaymentHistory, error)
	WalletLedger(ctx context.Context, walletID string, f model.LedgerFilter) (model.Page[model.LedgerEvent], error)
	// PaymentSummary and WalletPaymentSummary count payments
	// (get_payment_summary, get_wallet_payment_summary) by direction,
	// status, currency and kind; counts only, no amounts.
	PaymentSummary(ctx context.Context, f model.PaymentSummaryFilter) (model.PaymentSummary, error)
	WalletPaymentSummary(ctx context.Context, walletID string, f model.PaymentSummaryFilter) (model.PaymentWalletSummary, error)

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

	// Wallet management. CreateWallet and UpdateWallet answer once Voltage
	// has the request; the wallet is read back with GetWallet until it is
	// active. DeleteWallet refuses a wallet that holds money
	// (wallet_not_empty).
	GetWallet(ctx context.Context, id string) (model.Wallet, error)
	CreateWallet(ctx context.Context, req model.NewWalletRequest) error
	UpdateWallet(ctx context.Context, id string, req model.UpdateWalletRequest) error
	DeleteWallet(ctx context.Context, id string) error
	WalletPolicies(ctx context.Context, walletID string) (model.WalletPolicies, error)
	UpdateWalletPolicies(ctx context.Context, walletID string, u model.PolicyUpdate) error
	// CheckPayment asks Voltage whether a send would be approved, under an
	// id of its own that is never sent; the verdict is read with
	// GetPayment (approved or failed).
	CheckPayment(ctx context.Context, req model.SendRequest) error
	// UpdateSandboxLineOfCredit changes a staging line of credit.
	UpdateSandboxLineOfCredit(ctx context.Context, lineID string, u model.SandboxCreditUpdate) error

	// Webhooks of the environment, and their deliveries. A secret comes back
	// only from CreateWebhook and GenerateWebhookKey, once.
	ListWebhooks(ctx context.Context, f model.WebhookFilter) ([]model.Webhook, error)
	CreateWebhook(ctx context.Context, req model.NewWebhookRequest) (model.WebhookSecret, error)
	UpdateWebhook(ctx context.Context, id string, req model.UpdateWebhookRequest) error
	DeleteWebhook(ctx context.Context, id string) error
	StartWebhook(ctx context.Context, id string) error
	StopWebhook(ctx context.Context, id string) error
	GenerateWebhookKey(ctx context.Context, id string) (model.WebhookSecret, error)
	TestWebhook(ctx context.Context, id string, req model.TestWebhookRequest) error
	WebhookDeliveries(ctx context.Context, id string, f model.DeliveryFilter) (model.Page[model.WebhookDelivery], error)
	DeliverySummary(ctx context.Context, id string, statuses []model.DeliveryStatus) (model.DeliverySummary, error)
	WebhookDelivery(ctx context.Context, id, deliveryID string) (model.WebhookDelivery, error)
	RetryDelivery(ctx context.Context, id, deliveryID string) error
	AbandonDelivery(ctx context.Context, id, deliveryID string) error

	// Classify says what an error from this backend means for the user.
	Classify(err error) Failure
}

// Failure is an error as the UI shows and handles it.
type Failure struct {
	Sentence  string // for people
	Transient bool   // worth retrying by itself: network, 5xx, rate limits
	NotFound  bool
	Auth      bool
	// Unreadable: an answer came that voltdash cannot read (garbage, or
	// too large): Voltage's fault or the way there, not the request's.
	Unreadable bool
	// Unknown: a send went out and no answer said whether it arrived.
	Unknown bool
	// NotSent: the send did not go out; there is nothing to follow or
	// resend. Local, with it: because the send journal could not record it.
	NotSent, Local bool
	// Type is the API's error type (wallet_not_empty, invalid_request, …),
	// and Field the request field it blames, by its wire name, so that a
	// form shows the refusal where the value was typed.
	Type, Field string
	// Repeat refuses a send that may repeat one the journal holds.
	Repeat *model.DuplicateSendError
}

// Prices quotes bitcoin in dollars, from a price service outside Voltage
// (none: dollars cannot be shown or typed).
type Prices interface {
	// Quote is BTCUSD for the minute of at (model.PriceMinute); the zero
	// time asks for the latest. An answer for another minute is an error.
	Quote(ctx context.Context, at time.Time) (model.Quote, error)
}

// PaymentHook runs the user's on_payment command for a payment that has
// reached a final status, within its time limit.
type PaymentHook interface {
	Run(ctx context.Context, p model.Payment) error
}

// LNURL resolves Lightning Addresses and LNURL-pay links (LUD-06,
// LUD-16): the pay request a target names, and an invoice for an amount
// from its callback. It verifies nothing about the invoice: the caller
// checks it with model.VerifyPayInvoice against its wallet.
type LNURL interface {
	PayRequest(ctx context.Context, t model.PayTarget) (model.PayRequest, error)
	Invoice(ctx context.Context, pr model.PayRequest, amount model.MilliSats, comment string) (model.PayInvoice, error)
}

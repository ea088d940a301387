// Package port is what both of voltdash's front ends, the dashboard (ui)
// and the commands (ui/cli), need from the program around them: the
// account, as a Backend, and errors, as a Failure. It is theirs, not the
// API client's, so that neither front end imports the other or the
// client.
package port

import (
	"context"

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
	// Unreadable: an answer came that voltdash cannot read (garbage, or
	// too large): Voltage's fault or the way there, not the request's.
	Unreadable bool
	// Unknown: a send went out and no answer said whether it arrived.
	Unknown bool
	// NotSent: the send did not go out; there is nothing to follow or
	// resend. Local, with it: because the send journal could not record it.
	NotSent, Local bool
	// Repeat refuses a send that may repeat one the journal holds.
	Repeat *model.DuplicateSendError
}

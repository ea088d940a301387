package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/lnwire"

	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/model/invoicetest"
	"github.com/voltdash/voltdash/ui/port"
	"github.com/voltdash/voltdash/ui/qr"
)

var t0 = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

const (
	tillID    = "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10"
	payoutsID = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a"
	paymentID = "6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9"
)

// failure is an error whose classification the test decides.
type failure struct{ f port.Failure }

func (e failure) Error() string { return e.f.Sentence }

// fakeBackend is an account in memory: what the commands read is what a
// test put here, text from outside included, and what they send is kept.
type fakeBackend struct {
	wallets    []model.Wallet
	payments   []model.Payment // history, newest first
	get        func(id string) (model.Payment, error)
	send       func(rec model.SendRecord) (model.SendRecord, error)
	unfinished []model.SendRecord
	journalErr error
	listErr    error

	sent     []model.SendRecord
	observed []model.Payment
}

func (b *fakeBackend) ListWallets(context.Context) ([]model.Wallet, error) {
	return b.wallets, b.listErr
}
func (b *fakeBackend) LinesOfCredit(context.Context) ([]model.LineOfCredit, error) {
	return nil, nil
}
func (b *fakeBackend) ListPayments(_ context.Context, f model.PaymentFilter) (model.Page[model.Payment], error) {
	items := b.payments[min(f.Offset, len(b.payments)):]
	if f.Limit > 0 {
		items = items[:min(f.Limit, len(items))]
	}
	return model.Page[model.Payment]{Items: items, Offset: f.Offset, Limit: f.Limit, Total: len(b.payments)}, nil
}
func (b *fakeBackend) GetPayment(_ context.Context, id string) (model.Payment, error) {
	if b.get != nil {
		return b.get(id)
	}
	for _, p := range b.payments {
		if p.ID == id {
			return p, nil
		}
	}
	return model.Payment{}, failure{port.Failure{Sentence: "not found", NotFound: true}}
}
func (b *fakeBackend) PaymentHistory(context.Context, string) (model.PaymentHistory, error) {
	return model.PaymentHistory{}, nil
}
func (b *fakeBackend) WalletLedger(context.Context, string, model.LedgerFilter) (model.Page[model.LedgerEvent], error) {
	return model.Page[model.LedgerEvent]{}, nil
}
func (b *fakeBackend) CreateReceive(context.Context, model.ReceiveRequest) error { return nil }
func (b *fakeBackend) Send(_ context.Context, rec model.SendRecord) (model.SendRecord, error) {
	b.sent = append(b.sent, rec)
	if b.send != nil {
		return b.send(rec)
	}
	rec.State, rec.CreatedAt, rec.Attempts = model.SendAccepted, t0, 1
	return rec, nil
}
func (b *fakeBackend) Resend(context.Context, string) (model.SendRecord, error) {
	return model.SendRecord{}, errors.New("nothing to resend")
}
func (b *fakeBackend) UnfinishedSends() ([]model.SendRecord, error) {
	return b.unfinished, b.journalErr
}
func (b *fakeBackend) ObserveSend(_ string, p model.Payment) (model.SendRecord, error) {
	b.observed = append(b.observed, p)
	return model.SendRecord{ID: p.ID, Status: p.Status}, b.journalErr
}
func (b *fakeBackend) Classify(err error) port.Failure {
	var f failure
	if errors.As(err, &f) {
		return f.f
	}
	return port.Failure{Sentence: err.Error()}
}

// wallets are a till and a payouts wallet on Mutinynet, named as given.
func wallets(till, payouts string) []model.Wallet {
	limit := model.Sats(100_000)
	w := func(id, name string) model.Wallet {
		return model.Wallet{ID: id, Name: name, Network: model.Mutinynet, Active: true, Limit: &limit,
			Balances: []model.Balance{{Available: model.NewSignedAmount(model.Sats(50_000)), Total: model.NewSignedAmount(model.Sats(50_000)),
				Currency: model.BTC}}}
	}
	return []model.Wallet{w(tillID, till), w(payoutsID, payouts)}
}

func signetInvoice(t testing.TB, amount model.MilliSats, memo string) string {
	return invoicetest.Make(t, &chaincfg.SigNetParams, lnwire.MilliSatoshi(amount), memo, t0, time.Hour)
}

// completed is the send of rec as Voltage reports it done, with whatever
// change a test makes to it.
func completed(rec model.SendRecord, change func(*model.SendBolt11Data)) model.Payment {
	fee := model.MilliSats(1000)
	d := model.SendBolt11Data{PaymentRequest: model.NullString(rec.Request.Data.PaymentRequest), AmountMsats: rec.Amount,
		MaxFeeMsats: rec.MaxFee, FeeMsats: &fee}
	if change != nil {
		change(&d)
	}
	return model.Payment{ID: rec.ID, WalletID: rec.WalletID, Direction: model.Send, Kind: model.Bolt11,
		Status: model.StatusCompleted, CreatedAt: t0, UpdatedAt: t0, Data: d}
}

type result struct {
	code           int
	stdout, stderr string
}

// runWith runs a command against b; stdin set means a person is there to
// answer.
func runWith(b *fakeBackend, stdin string, args ...string) result {
	var out, errb bytes.Buffer
	clk := clock.NewManual(t0)
	clk.AutoAdvance(true)
	code := Run(args, Deps{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Interactive: stdin != "",
		Getenv: func(k string) string {
			return map[string]string{"VOLTAGE_API_KEY": "vltg_test", "VOLTAGE_ORGANIZATION_ID": "5a1f0e3c-7b2d-4c8e-9f6a-1b2c3d4e5f60",
				"VOLTAGE_ENVIRONMENT_ID": "c41d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f22", "VOLTAGE_BASE_URL": "http://127.0.0.1:1/v1",
				"XDG_CONFIG_HOME": "/nonexistent"}[k]
		},
		Clock: clk, Version: "test", QR: qr.Look{NoColor: true, Dark: true},
		Connect: func(config.Settings) (port.Backend, error) { return b, nil },
		Check: func(context.Context, config.Settings) (model.Health, error) {
			return model.Health{}, errors.New("no check here")
		},
		Dashboard: func(config.Settings, DashboardOptions) int { return 99 },
		Sim:       func([]string) int { return 98 },
		Demo:      func() (config.Settings, error) { return config.Settings{}, errors.New("no demo") },
	})
	return result{code, out.String(), errb.String()}
}

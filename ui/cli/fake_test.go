package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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
	onSend     func(ctx context.Context) // sees each send's context first
	unfinished []model.SendRecord
	journal    []model.SendRecord // what FindRepeat holds a send to, as the send journal would
	journalErr error
	listErr    error

	sent     []model.SendRecord
	observed []model.Payment
	receives []model.ReceiveRequest // every receive asked for; each reads as receiving

	lines    []model.LineOfCredit
	policies map[string]model.WalletPolicies
	checks   []model.SendRequest
	checkErr error
	verdict  func(req model.SendRequest) model.Payment // what a check's payment reads as
	changes  []string                                  // every change asked for, in order
	wh       webhookState

	ledgers   map[string][]model.LedgerEvent // by wallet, in the order entered
	pageCap   int                            // the most payments a page holds; 0 any
	stuck     string                         // "cursor": the same cursor back every page; "offset": offsets ignored
	listCalls int
	onList    func(call int) // called as each list of payments is asked for, from 1
}

var errNoWallet = failure{port.Failure{Sentence: "wallet not found", NotFound: true}}

func (b *fakeBackend) find(id string) int {
	for i, w := range b.wallets {
		if w.ID == id {
			return i
		}
	}
	return -1
}

// GetWallet reads a new wallet as Voltage makes it: not found at first,
// active at the next read.
func (b *fakeBackend) GetWallet(_ context.Context, id string) (model.Wallet, error) {
	i := b.find(id)
	if i < 0 {
		return model.Wallet{}, errNoWallet
	}
	if !b.wallets[i].Active {
		b.wallets[i].Active = true
		return model.Wallet{}, errNoWallet
	}
	return b.wallets[i], nil
}
func (b *fakeBackend) CreateWallet(_ context.Context, req model.NewWalletRequest) error {
	b.changes = append(b.changes, "create "+req.Name)
	limit := req.Limit
	b.wallets = append(b.wallets, model.Wallet{ID: req.ID, Name: req.Name, Network: model.Network(req.Network), Limit: &limit, Metadata: req.Metadata})
	return nil
}
func (b *fakeBackend) UpdateWallet(_ context.Context, id string, req model.UpdateWalletRequest) error {
	b.changes = append(b.changes, "rename "+id+" "+req.Name)
	if i := b.find(id); i >= 0 {
		b.wallets[i].Name = req.Name
		return nil
	}
	return errNoWallet
}
func (b *fakeBackend) DeleteWallet(_ context.Context, id string) error {
	b.changes = append(b.changes, "delete "+id)
	i := b.find(id)
	switch {
	case i < 0:
		return errNoWallet
	case b.wallets[i].Total() > 0:
		return failure{port.Failure{Sentence: "The wallet still holds money: send its balance to another wallet first.", Type: "wallet_not_empty"}}
	}
	b.wallets = append(b.wallets[:i], b.wallets[i+1:]...)
	return nil
}
func (b *fakeBackend) WalletPolicies(_ context.Context, id string) (model.WalletPolicies, error) {
	return b.policies[id], nil
}
func (b *fakeBackend) UpdateWalletPolicies(_ context.Context, id string, u model.PolicyUpdate) error {
	raw, _ := json.Marshal(u)
	b.changes = append(b.changes, "policies "+id+" "+string(raw))
	p := b.policies[id]
	if u.MaxPaymentSizeSats != nil {
		p.Policies = append(p.Policies, model.Policy{Type: model.PolicyMaxPaymentSize, Data: model.PolicyData{MaxSizeSats: u.MaxPaymentSizeSats}})
	}
	if b.policies == nil {
		b.policies = map[string]model.WalletPolicies{}
	}
	b.policies[id] = p
	return nil
}
func (b *fakeBackend) CheckPayment(_ context.Context, req model.SendRequest) error {
	if b.checkErr != nil {
		return b.checkErr
	}
	b.checks = append(b.checks, req)
	return nil
}
func (b *fakeBackend) UpdateSandboxLineOfCredit(_ context.Context, id string, u model.SandboxCreditUpdate) error {
	raw, _ := json.Marshal(u)
	b.changes = append(b.changes, "credit "+id+" "+string(raw))
	for i := range b.lines {
		if b.lines[i].ID == id && u.Limit != nil {
			b.lines[i].Limit = *u.Limit
		}
	}
	return nil
}

func (b *fakeBackend) ListWallets(context.Context) ([]model.Wallet, error) {
	return b.wallets, b.listErr
}
func (b *fakeBackend) LinesOfCredit(context.Context) ([]model.LineOfCredit, error) {
	return b.lines, nil
}
func (b *fakeBackend) ListPayments(_ context.Context, f model.PaymentFilter) (model.Page[model.Payment], error) {
	var matched []model.Payment
	for _, p := range b.payments {
		if f.Matches(p) {
			matched = append(matched, p)
		}
	}
	b.listCalls++
	if b.onList != nil {
		b.onList(b.listCalls)
	}
	if f.SortKey == "updated_at" { // else newest created first, as held
		slices.SortStableFunc(matched, func(x, y model.Payment) int {
			if f.SortOrder == model.Ascending {
				return x.UpdatedAt.Compare(y.UpdatedAt)
			}
			return y.UpdatedAt.Compare(x.UpdatedAt)
		})
	}
	offset, limit := f.Offset, f.Limit
	if b.stuck != "" {
		offset = 0
	}
	if b.pageCap > 0 && (limit == 0 || limit > b.pageCap) {
		limit = b.pageCap
	}
	items := matched[min(offset, len(matched)):]
	if limit > 0 {
		items = items[:min(limit, len(items))]
	}
	if b.stuck == "cursor" {
		return model.Page[model.Payment]{Items: items, Limit: limit, Cursored: true, HasMore: true, NextCursor: "again"}, nil
	}
	return model.Page[model.Payment]{Items: items, Offset: f.Offset, Limit: limit, Total: len(matched)}, nil
}

// PaymentSummary and WalletPaymentSummary count the history held here,
// one bucket per payment (the commands add buckets up, never look them up).
func (b *fakeBackend) PaymentSummary(_ context.Context, f model.PaymentSummaryFilter) (model.PaymentSummary, error) {
	total, buckets := b.summarize(f, "")
	return model.PaymentSummary{TotalCount: total, ByLineOfCreditID: map[string]model.PaymentLineOfCreditSummary{
		"9e2b4c6d-8f1a-4b3c-a5d7-e9f0a1b2c3d4": {TotalCount: total, Buckets: buckets}}}, nil
}
func (b *fakeBackend) WalletPaymentSummary(_ context.Context, walletID string, f model.PaymentSummaryFilter) (model.PaymentWalletSummary, error) {
	total, buckets := b.summarize(f, walletID)
	return model.PaymentWalletSummary{WalletID: walletID, TotalCount: total, Buckets: buckets}, nil
}
func (b *fakeBackend) summarize(f model.PaymentSummaryFilter, walletID string) (uint64, model.PaymentSummaryBuckets) {
	buckets := model.PaymentSummaryBuckets{}
	for _, p := range b.payments {
		if f.Matches(p) && (walletID == "" || p.WalletID == walletID) {
			buckets = append(buckets, model.PaymentBucketSummary{Direction: p.Direction, Status: p.Status, Currency: model.BTC,
				Kind: p.Kind, TotalCount: 1, OldestCreatedAt: p.CreatedAt, NewestCreatedAt: p.CreatedAt})
		}
	}
	return uint64(len(buckets)), buckets
}
func (b *fakeBackend) GetPayment(_ context.Context, id string) (model.Payment, error) {
	for _, c := range b.checks {
		if c.ID == id {
			if b.verdict != nil {
				return b.verdict(c), nil
			}
			return model.Payment{ID: id, Status: model.StatusApproved, Metadata: c.Metadata}, nil
		}
	}
	if b.get != nil {
		return b.get(id)
	}
	for _, r := range b.receives {
		if r.ID == id {
			return model.Payment{ID: id, WalletID: r.WalletID, Direction: model.Receive, Kind: r.Kind, Status: model.StatusReceiving,
				CreatedAt: t0, UpdatedAt: t0, RequestedAmount: model.BTCAmount(r.Amount),
				Data: model.ReceiveBolt11Data{PaymentRequest: "lntbs1fakeinvoice", AmountMsats: r.Amount}}, nil
		}
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
func (b *fakeBackend) WalletLedger(_ context.Context, id string, f model.LedgerFilter) (model.Page[model.LedgerEvent], error) {
	events := slices.Clone(b.ledgers[id])
	slices.SortStableFunc(events, func(x, y model.LedgerEvent) int {
		if f.SortOrder == model.Descending {
			return y.EffectiveTime.Compare(x.EffectiveTime)
		}
		return x.EffectiveTime.Compare(y.EffectiveTime)
	})
	offset := f.Offset
	if b.stuck == "offset" {
		offset = 0
	}
	items := events[min(offset, len(events)):]
	if f.Limit > 0 {
		items = items[:min(f.Limit, len(items))]
	}
	return model.Page[model.LedgerEvent]{Items: items, Offset: f.Offset, Limit: f.Limit, Total: len(events)}, nil
}
func (b *fakeBackend) CreateReceive(_ context.Context, req model.ReceiveRequest) error {
	b.receives = append(b.receives, req)
	return nil
}
func (b *fakeBackend) Send(ctx context.Context, rec model.SendRecord) (model.SendRecord, error) {
	b.sent = append(b.sent, rec)
	if b.onSend != nil {
		b.onSend(ctx)
	}
	if b.send != nil {
		return b.send(rec)
	}
	rec.State, rec.CreatedAt, rec.Attempts = model.SendAccepted, t0, 1
	return rec, nil
}
func (b *fakeBackend) Resend(_ context.Context, id string) (model.SendRecord, error) {
	for _, rec := range b.journal { // sent again under its id, as the journal keeps it
		if rec.ID == id {
			b.sent = append(b.sent, rec)
			rec.State, rec.Attempts = model.SendAccepted, rec.Attempts+1
			return rec, nil
		}
	}
	return model.SendRecord{}, errors.New("nothing to resend")
}
func (b *fakeBackend) UnfinishedSends() ([]model.SendRecord, error) {
	return b.unfinished, b.journalErr
}
func (b *fakeBackend) FindRepeat(rec model.SendRecord) error {
	rec.CreatedAt = t0
	for _, o := range b.journal {
		if rec.Repeats(o) {
			return &model.DuplicateSendError{Earlier: o}
		}
	}
	return b.journalErr
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
	return runWithDeps(b, stdin, nil, args...)
}

// runWithDeps is runWith with some of the program around changed.
func runWithDeps(b *fakeBackend, stdin string, change func(*Deps), args ...string) result {
	var out, errb bytes.Buffer
	clk := clock.NewManual(t0)
	clk.AutoAdvance(true)
	d := Deps{
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
		Listen: func(ListenOptions, func(string), func(model.HeardDelivery)) error {
			return errors.New("no listening here")
		},
	}
	if change != nil {
		change(&d)
	}
	code := Run(args, d)
	return result{code, out.String(), errb.String()}
}

// webhookState is the fake's webhooks and their deliveries.
type webhookState struct {
	hooks      []model.Webhook
	deliveries map[string][]model.WebhookDelivery // by webhook, newest first
	secrets    int
}

func (b *fakeBackend) hook(id string) (*model.Webhook, error) {
	for i := range b.wh.hooks {
		if b.wh.hooks[i].ID == id {
			return &b.wh.hooks[i], nil
		}
	}
	return nil, failure{port.Failure{Sentence: "webhook not found", NotFound: true}}
}
func (b *fakeBackend) ListWebhooks(context.Context, model.WebhookFilter) ([]model.Webhook, error) {
	return b.wh.hooks, nil
}
func (b *fakeBackend) CreateWebhook(_ context.Context, req model.NewWebhookRequest) (model.WebhookSecret, error) {
	b.changes = append(b.changes, "webhook create "+req.URL)
	b.wh.hooks = append(b.wh.hooks, model.Webhook{ID: req.ID, URL: req.URL, Name: req.Name, Events: req.Events, Status: model.WebhookActive, CreatedAt: t0})
	b.wh.secrets++
	return model.WebhookSecret{ID: req.ID, SharedSecret: fmt.Sprintf("vltg_secret%d", b.wh.secrets)}, nil
}
func (b *fakeBackend) UpdateWebhook(_ context.Context, id string, req model.UpdateWebhookRequest) error {
	h, err := b.hook(id)
	if err == nil {
		b.changes = append(b.changes, "webhook update "+id)
		h.Events = req.Events
		if req.URL != "" {
			h.URL = req.URL
		}
	}
	return err
}
func (b *fakeBackend) webhookChange(what, id string) error {
	if _, err := b.hook(id); err != nil {
		return err
	}
	b.changes = append(b.changes, "webhook "+what+" "+id)
	return nil
}
func (b *fakeBackend) DeleteWebhook(_ context.Context, id string) error {
	return b.webhookChange("delete", id)
}
func (b *fakeBackend) StartWebhook(_ context.Context, id string) error {
	return b.webhookChange("start", id)
}
func (b *fakeBackend) StopWebhook(_ context.Context, id string) error {
	return b.webhookChange("stop", id)
}
func (b *fakeBackend) GenerateWebhookKey(_ context.Context, id string) (model.WebhookSecret, error) {
	if err := b.webhookChange("rotate", id); err != nil {
		return model.WebhookSecret{}, err
	}
	b.wh.secrets++
	return model.WebhookSecret{ID: id, SharedSecret: fmt.Sprintf("vltg_secret%d", b.wh.secrets)}, nil
}
func (b *fakeBackend) TestWebhook(_ context.Context, id string, req model.TestWebhookRequest) error {
	return b.webhookChange("test "+req.DeliveryID, id)
}
func (b *fakeBackend) WebhookDeliveries(_ context.Context, id string, f model.DeliveryFilter) (model.Page[model.WebhookDelivery], error) {
	var items []model.WebhookDelivery
	for _, d := range b.wh.deliveries[id] {
		if len(f.Statuses) == 0 || slices.Contains(f.Statuses, d.Status) {
			items = append(items, d)
		}
	}
	items = items[min(f.Offset, len(items)):]
	if f.Limit > 0 {
		items = items[:min(f.Limit, len(items))]
	}
	return model.Page[model.WebhookDelivery]{Items: items, Offset: f.Offset, Limit: f.Limit, Total: len(b.wh.deliveries[id])}, nil
}
func (b *fakeBackend) DeliverySummary(_ context.Context, id string, statuses []model.DeliveryStatus) (model.DeliverySummary, error) {
	n := uint64(0)
	for _, d := range b.wh.deliveries[id] {
		if len(statuses) == 0 || slices.Contains(statuses, d.Status) {
			n++
		}
	}
	return model.DeliverySummary{WebhookID: id, Statuses: statuses, TotalCount: n, TotalCountAccuracy: "exact"}, nil
}
func (b *fakeBackend) WebhookDelivery(_ context.Context, id, deliveryID string) (model.WebhookDelivery, error) {
	for _, d := range b.wh.deliveries[id] {
		if d.ID == deliveryID {
			return d, nil
		}
	}
	return model.WebhookDelivery{}, failure{port.Failure{Sentence: "delivery not found", NotFound: true}}
}
func (b *fakeBackend) RetryDelivery(_ context.Context, id, deliveryID string) error {
	return b.webhookChange("retry "+deliveryID, id)
}
func (b *fakeBackend) AbandonDelivery(_ context.Context, id, deliveryID string) error {
	return b.webhookChange("abandon "+deliveryID, id)
}

package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui/port"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC // golden files do not depend on where they run
	os.Exit(m.Run())
}

// errNotCalled: view tests give the screens their data as messages, so
// nothing here is ever asked for data.
var errNotCalled = errors.New("view tests inject data as messages")

// quietBackend satisfies Backend for tests that drive the UI with
// messages; its only real job is classifying the errors those messages
// carry.
type quietBackend struct{}

func (quietBackend) ListWallets(context.Context) ([]model.Wallet, error) { return nil, errNotCalled }
func (quietBackend) LinesOfCredit(context.Context) ([]model.LineOfCredit, error) {
	return nil, errNotCalled
}
func (quietBackend) ListPayments(context.Context, model.PaymentFilter) (model.Page[model.Payment], error) {
	return model.Page[model.Payment]{}, errNotCalled
}
func (quietBackend) GetPayment(context.Context, string) (model.Payment, error) {
	return model.Payment{}, errNotCalled
}
func (quietBackend) PaymentHistory(context.Context, string) (model.PaymentHistory, error) {
	return model.PaymentHistory{}, errNotCalled
}
func (quietBackend) WalletLedger(context.Context, string, model.LedgerFilter) (model.Page[model.LedgerEvent], error) {
	return model.Page[model.LedgerEvent]{}, errNotCalled
}
func (quietBackend) PaymentSummary(context.Context, model.PaymentSummaryFilter) (model.PaymentSummary, error) {
	return model.PaymentSummary{}, errNotCalled
}
func (quietBackend) WalletPaymentSummary(context.Context, string, model.PaymentSummaryFilter) (model.PaymentWalletSummary, error) {
	return model.PaymentWalletSummary{}, errNotCalled
}

func (quietBackend) CreateReceive(context.Context, model.ReceiveRequest) error { return errNotCalled }
func (quietBackend) Send(_ context.Context, r model.SendRecord) (model.SendRecord, error) {
	return r, errNotCalled
}
func (quietBackend) Resend(context.Context, string) (model.SendRecord, error) {
	return model.SendRecord{}, errNotCalled
}
func (quietBackend) UnfinishedSends() ([]model.SendRecord, error) { return nil, nil }
func (quietBackend) GetWallet(context.Context, string) (model.Wallet, error) {
	return model.Wallet{}, errNotCalled
}
func (quietBackend) CreateWallet(context.Context, model.NewWalletRequest) error { return errNotCalled }
func (quietBackend) UpdateWallet(context.Context, string, model.UpdateWalletRequest) error {
	return errNotCalled
}
func (quietBackend) DeleteWallet(context.Context, string) error { return errNotCalled }
func (quietBackend) WalletPolicies(context.Context, string) (model.WalletPolicies, error) {
	return model.WalletPolicies{}, errNotCalled
}
func (quietBackend) UpdateWalletPolicies(context.Context, string, model.PolicyUpdate) error {
	return errNotCalled
}
func (quietBackend) CheckPayment(context.Context, model.SendRequest) error { return errNotCalled }
func (quietBackend) ListWebhooks(context.Context, model.WebhookFilter) ([]model.Webhook, error) {
	return nil, errNotCalled
}
func (quietBackend) CreateWebhook(context.Context, model.NewWebhookRequest) (model.WebhookSecret, error) {
	return model.WebhookSecret{}, errNotCalled
}
func (quietBackend) UpdateWebhook(context.Context, string, model.UpdateWebhookRequest) error {
	return errNotCalled
}
func (quietBackend) DeleteWebhook(context.Context, string) error { return errNotCalled }
func (quietBackend) StartWebhook(context.Context, string) error  { return errNotCalled }
func (quietBackend) StopWebhook(context.Context, string) error   { return errNotCalled }
func (quietBackend) GenerateWebhookKey(context.Context, string) (model.WebhookSecret, error) {
	return model.WebhookSecret{}, errNotCalled
}
func (quietBackend) TestWebhook(context.Context, string, model.TestWebhookRequest) error {
	return errNotCalled
}
func (quietBackend) WebhookDeliveries(context.Context, string, model.DeliveryFilter) (model.Page[model.WebhookDelivery], error) {
	return model.Page[model.WebhookDelivery]{}, errNotCalled
}
func (quietBackend) DeliverySummary(context.Context, string, []model.DeliveryStatus) (model.DeliverySummary, error) {
	return model.DeliverySummary{}, errNotCalled
}
func (quietBackend) WebhookDelivery(context.Context, string, string) (model.WebhookDelivery, error) {
	return model.WebhookDelivery{}, errNotCalled
}
func (quietBackend) RetryDelivery(context.Context, string, string) error   { return errNotCalled }
func (quietBackend) AbandonDelivery(context.Context, string, string) error { return errNotCalled }
func (quietBackend) UpdateSandboxLineOfCredit(context.Context, string, model.SandboxCreditUpdate) error {
	return errNotCalled
}
func (quietBackend) ObserveSend(_ string, p model.Payment) (model.SendRecord, error) {
	return model.SendRecord{ID: p.ID}, nil
}

// failure is an error whose classification the test decides.
type failure struct{ f port.Failure }

func (e failure) Error() string { return e.f.Sentence }

func (quietBackend) Classify(err error) port.Failure {
	var f failure
	if errors.As(err, &f) {
		return f.f
	}
	return port.Failure{Sentence: err.Error(), Transient: true}
}

var unreachable = failure{port.Failure{Sentence: "Cannot reach Voltage: connection refused.", Transient: true}}

// testApp is the dashboard at a fixed time and size, in plain text.
func testApp(t *testing.T, w, h int) (*App, *bytes.Buffer) {
	t.Helper()
	clip := &bytes.Buffer{}
	a := New(Config{Backend: quietBackend{}, Organization: "5a1f0e3c-7b2d-4c8e-9f6a-1b2c3d4e5f60",
		Environment: "c41d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f22", Clock: clock.NewManual(t0),
		Styles: PlainStyles(), Terminal: clip})
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return a, clip
}

// send feeds messages through Update and returns the commands they gave.
func send(a *App, msgs ...tea.Msg) []tea.Cmd {
	var cmds []tea.Cmd
	for _, m := range msgs {
		_, cmd := a.Update(m)
		cmds = append(cmds, cmd)
	}
	return cmds
}

// unlessAsleep runs cmd and gives its message, or nil once it is asleep on
// the test's manual clock, which nothing here moves: the dashboard's wake
// is such a command. It is left asleep.
func unlessAsleep(a *App, cmd tea.Cmd) tea.Msg {
	clk := a.s.cfg.Clock.(*clock.Manual)
	asleep := clk.Sleepers()
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	for {
		select {
		case msg := <-done:
			return msg
		case <-time.After(time.Millisecond):
			if clk.Sleepers() > asleep {
				return nil
			}
		}
	}
}

func keyPress(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func fixture[T any](t testing.TB, name string) T {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "voltage", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func walletsLoaded(t testing.TB) walletsMsg {
	return walletsMsg{wallets: fixture[[]model.Wallet](t, "wallets_list"), lines: fixture[[]model.LineOfCredit](t, "lines_of_credit"), withLines: true}
}

// payments makes n payments, newest first, one every 37 minutes before
// t0, of every direction, kind and status.
func payments(n int) []model.Payment {
	kinds := []model.Kind{model.Bolt11, model.Bolt11, model.Onchain, model.Bip21}
	statuses := []model.Status{model.StatusCompleted, model.StatusCompleted, model.StatusFailed, model.StatusExpired, model.StatusCompleted}
	memos := []string{"Flat white x2", "Croissant", "Supplier refund", "Rent share", "Tip jar", "Beans, 1 kg"}
	out := make([]model.Payment, n)
	for i := range out {
		created := t0.Add(-time.Duration(i+1) * 37 * time.Minute)
		amount := model.Sats(int64(1000 + (i*7919)%90000))
		p := model.Payment{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), WalletID: "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10",
			CreatedAt: created, UpdatedAt: created.Add(2 * time.Second), Currency: model.BTC,
			Kind: kinds[i%len(kinds)], Status: statuses[i%len(statuses)]}
		memo := model.NullString(memos[i%len(memos)])
		if i%2 == 0 {
			p.Direction = model.Receive
			p.Data = model.ReceiveBolt11Data{PaymentRequest: "lntbs1example", AmountMsats: amount, Memo: memo}
			if p.Kind == model.Onchain {
				p.Data = model.ReceiveOnchainData{Address: "tb1qexample", AmountSats: amount.WholeSats(), Label: memo}
			}
		} else {
			p.Direction = model.Send
			fee := model.MilliSats(1000 + int64(amount)/1000)
			p.Data = model.SendBolt11Data{PaymentRequest: "lntbs1example", AmountMsats: amount, Memo: memo, MaxFeeMsats: 5000000, FeeMsats: &fee}
		}
		if p.Kind == model.Bip21 {
			p.Kind = model.Bolt11
		}
		out[i] = p
	}
	return out
}

func pageOf(items []model.Payment, total int) pageMsg {
	return pageMsg{seq: 0, refresh: true, page: model.Page[model.Payment]{Items: items, Limit: pageSize, Total: total}}
}

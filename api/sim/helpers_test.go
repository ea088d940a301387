package sim_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

var t0 = time.Date(2025, 5, 7, 12, 0, 0, 0, time.UTC)

// start serves a simulator on a manual clock and returns a client for it.
func start(t *testing.T, cfg sim.Config, opts ...api.Option) (*sim.Server, *api.Client, *clock.Manual) {
	t.Helper()
	clk := clock.NewManual(t0)
	cfg.Clock = clk
	srv, err := sim.Start("127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	cr := srv.Credentials()
	all := append([]api.Option{api.WithClock(clk), api.WithVersion("test")}, opts...)
	c, err := api.New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, all...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c, clk
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wallet(t *testing.T, c *api.Client, id string) model.Wallet {
	t.Helper()
	return must[model.Wallet](t)(c.GetWallet(context.Background(), id))
}

func payment(t *testing.T, c *api.Client, id string) model.Payment {
	t.Helper()
	return must[model.Payment](t)(c.GetPayment(context.Background(), id))
}

func ledger(t *testing.T, c *api.Client, walletID, paymentID string) []model.LedgerEventType {
	t.Helper()
	page := must[model.Page[model.LedgerEvent]](t)(c.WalletLedger(context.Background(), walletID,
		model.LedgerFilter{PaymentID: paymentID, SortOrder: model.Ascending}))
	var types []model.LedgerEventType
	for _, e := range page.Items {
		types = append(types, e.Type)
	}
	return types
}

// fund pays money into a wallet from outside.
func fund(t *testing.T, srv *sim.Server, c *api.Client, clk *clock.Manual, walletID string, amount model.MilliSats) {
	t.Helper()
	req, err := model.NewBolt11Receive(model.ReceiveParams{WalletID: walletID, Amount: amount, Description: "funding"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreatePayment(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if err := srv.PayReceive(req.ID, 0); err != nil {
		t.Fatal(err)
	}
}

// conserved checks that no money appeared or vanished: totals plus fees
// plus money sent out minus money that came in is what it was.
func conserved(t *testing.T, srv *sim.Server, before model.MilliSats) {
	t.Helper()
	a := srv.Accounts()
	if got := srv.TotalBalance() + a.FeesPaid + a.Outflow - a.Inflow; got != before {
		t.Errorf("money not conserved: %d msats now, %d before (accounts %+v)", got, before, a)
	}
}

func errType(err error) string {
	var e *api.Error
	if errors.As(err, &e) {
		return e.Type
	}
	return ""
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

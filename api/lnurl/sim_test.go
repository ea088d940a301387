package lnurl

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// Against the simulator's Lightning Address service: what it serves
// honestly passes every check, and each of its faults is caught by the
// check meant for it.

func startSim(t *testing.T) (*sim.Server, *clock.Manual) {
	t.Helper()
	clk := clock.NewManual(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 21, NoHistory: true, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, clk
}

// fetch resolves target and asks for amount, verifying the invoice as the
// front ends do.
func fetch(c *Client, target string, amount model.MilliSats, comment string, now time.Time) (model.PayRequest, model.PayInvoice, error) {
	t, ok, err := model.ParsePayTarget(target)
	if !ok || err != nil {
		return model.PayRequest{}, model.PayInvoice{}, errors.Join(errors.New("not a target"), err)
	}
	pr, err := c.PayRequest(context.Background(), t)
	if err != nil {
		return pr, model.PayInvoice{}, err
	}
	pi, err := c.Invoice(context.Background(), pr, amount, comment)
	if err != nil {
		return pr, pi, err
	}
	inv, err := model.DecodeInvoice(pi.PR)
	if err != nil {
		return pr, pi, err
	}
	return pr, pi, model.VerifyPayInvoice(pr, inv, amount, model.Signet, now)
}

func TestLNURLSimulatorHonest(t *testing.T) {
	srv, clk := startSim(t)
	c := New()
	for _, target := range []string{srv.LightningAddress("Coffee shop till"), "lightning:" + srv.LNURL("Savings"), srv.LightningAddress("Payouts")} {
		pr, pi, err := fetch(c, target, 21_000, "", clk.Now())
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		if pr.Description == "" || pi.SuccessAction == nil {
			t.Errorf("%s: %+v %+v", target, pr, pi)
		}
	}
	if _, _, err := fetch(c, srv.LightningAddress("Coffee shop till"), 21_000, "Great flat white ☕", clk.Now()); err != nil {
		t.Fatalf("with a comment: %v", err)
	}
	a := srv.LightningAddress("Coffee shop till")
	if _, _, err := fetch(c, "nobody@"+a[len("coffee-shop-till@"):], 21_000, "", clk.Now()); !errors.Is(err, model.ErrLNURLNoSuchUser) {
		t.Errorf("no such user: %v", err)
	}
}

func TestLNURLSimulatorFaults(t *testing.T) {
	srv, clk := startSim(t)
	c := New(WithTimeout(300 * time.Millisecond))
	addr := srv.LightningAddress("Coffee shop till")
	for fault, want := range map[sim.LNURLFault]error{
		sim.LNURLNotPayRequest:     model.ErrLNURLNotPayRequest,
		sim.LNURLOversized:         model.ErrLNURLNotPayRequest,
		sim.LNURLSlow:              model.ErrLNURLUnreachable,
		sim.LNURLRedirect:          model.ErrLNURLNotPayRequest,
		sim.LNURLWrongAmount:       model.ErrLNURLAmountMismatch,
		sim.LNURLWrongHash:         model.ErrLNURLHashMismatch,
		sim.LNURLExpiredInvoice:    model.ErrLNURLExpired,
		sim.LNURLWrongNetwork:      model.ErrLNURLNetwork,
		sim.LNURLNotInvoice:        nil, // DecodeInvoice's own error
		sim.LNURLCallbackOversized: model.ErrLNURLBadInvoice,
		sim.LNURLCallbackSlow:      model.ErrLNURLUnreachable,
		sim.LNURLCallbackRedirect:  model.ErrLNURLBadInvoice,
	} {
		srv.SetLNURLFault(fault)
		_, _, err := fetch(c, addr, 21_000, "", clk.Now())
		t.Logf("%v: %v", fault, err)
		if err == nil || (want != nil && !errors.Is(err, want)) {
			t.Errorf("%v: %v, want %v", fault, err, want)
		}
	}
	if n := srv.LNURLRedirectsFollowed(); n != 0 {
		t.Errorf("followed %d redirects to another origin", n)
	}
}

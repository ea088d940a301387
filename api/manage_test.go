package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// simClient is a client of srv on clk, with options.
func simClient(t *testing.T, srv *sim.Server, clk *clock.Manual, opts ...Option) *Client {
	t.Helper()
	cr := srv.Credentials()
	c, err := New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, append([]Option{WithClock(clk), WithVersion("test")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// errorType is the API's error type of err, or "" when err is not an
// *Error.
func errorType(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Type
	}
	return ""
}

func TestUpdateWallet(t *testing.T) {
	srv, clk := simulator(t)
	c := simClient(t, srv, clk)
	ctx := context.Background()
	ids := srv.WalletIDs()
	if err := c.UpdateWallet(ctx, ids[0], model.UpdateWalletRequest{Name: "Till, front counter"}); err != nil {
		t.Fatal(err)
	}
	if w, err := c.GetWallet(ctx, ids[0]); err != nil || w.Name != "Till, front counter" {
		t.Errorf("renamed: %q %v", w.Name, err)
	}
	for _, tt := range []struct {
		name, id, to, typ string
	}{
		{"a name another wallet has", ids[0], "payouts", "invalid_request"},
		{"an unknown wallet", model.NewID(), "Anything", "instance_not_found"},
	} {
		err := c.UpdateWallet(ctx, tt.id, model.UpdateWalletRequest{Name: tt.to})
		var e *Error
		if !errors.As(err, &e) || e.Type != tt.typ {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.typ)
		}
	}
	before := srv.Requests("wallets.update")
	for _, bad := range []struct{ id, name string }{{ids[1], "ab"}, {ids[1], strings.Repeat("x", 257)}, {ids[1], "Till\x1b[2J"}, {"7", "Fine name"}} {
		if err := c.UpdateWallet(ctx, bad.id, model.UpdateWalletRequest{Name: bad.name}); err == nil || errorType(err) != "" {
			t.Errorf("%q for %q: %v, want a refusal before sending", bad.name, bad.id, err)
		}
	}
	if n := srv.Requests("wallets.update") - before; n != 0 {
		t.Errorf("%d requests sent for names refused here", n)
	}
}

func TestWalletPoliciesAndUpdate(t *testing.T) {
	srv, clk := simulator(t)
	c := simClient(t, srv, clk)
	ctx := context.Background()
	w := srv.WalletIDs()[0]
	p, err := c.WalletPolicies(ctx, w)
	if err != nil || p.ID != w || len(p.Policies) != 0 {
		t.Fatalf("no policies yet: %+v %v", p, err)
	}
	most, perMinute := uint64(25_000), uint64(4)
	if err := c.UpdateWalletPolicies(ctx, w, model.PolicyUpdate{MaxPaymentSizeSats: &most, TransactionsPerMinute: &perMinute}); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateWalletPolicies(ctx, w, model.PolicyUpdate{Clear: []string{"transactions_per_minute"}}); err != nil {
		t.Fatal(err)
	}
	p, err = c.WalletPolicies(ctx, w)
	if size, ok := p.MaxPaymentSize(); err != nil || !ok || size != model.Sats(25_000) || len(p.Policies) != 1 {
		t.Errorf("policies: %+v %v", p, err)
	}
	if got := p.CertainRefusal(model.Sats(25_001)); got == "" {
		t.Error("a send over the maximum is certain to be refused")
	}
	if _, err := c.WalletPolicies(ctx, model.NewID()); !IsNotFound(err) || errorType(err) != "wallet_policies_not_found" {
		t.Errorf("an unknown wallet's policies: %v", err)
	}
	// A reflex approval, set up elsewhere, can be removed; there is none here.
	if err := c.UpdateWalletPolicies(ctx, w, model.PolicyUpdate{Clear: []string{"template_id"}}); err != nil {
		t.Errorf("removing a reflex approval: %v", err)
	}
	if err := c.UpdateWalletPolicies(ctx, model.NewID(), model.PolicyUpdate{MaxPaymentSizeSats: &most}); errorType(err) != "wallet_policies_not_found" {
		t.Errorf("an unknown wallet's update: %v", err)
	}
	zero := uint64(0)
	before := srv.Requests("policies.update")
	for name, u := range map[string]model.PolicyUpdate{
		"empty":           {},
		"zero":            {SendVolumeLimitSats: &zero},
		"fee too high":    {ProcessingFee: &model.ProcessingFeeRates{SendBasisPoints: 10_001}},
		"unknown field":   {Clear: []string{"max_fee_sats"}},
		"set and removed": {MaxPaymentSizeSats: &most, Clear: []string{"max_payment_size_sats"}},
	} {
		if err := c.UpdateWalletPolicies(ctx, w, u); err == nil || errorType(err) != "" {
			t.Errorf("%s: %v, want a refusal before sending", name, err)
		}
	}
	if err := c.UpdateWalletPolicies(ctx, w, model.PolicyUpdate{}); !errors.Is(err, ErrNoPolicyChange) {
		t.Errorf("empty update: %v", err)
	}
	if n := srv.Requests("policies.update") - before; n != 0 {
		t.Errorf("%d requests sent for updates refused here", n)
	}
}

// loseFirstAnswer passes requests through but, for the first one to a
// path ending in suffix, throws the answer away: the server acted, the
// client cannot know.
type loseFirstAnswer struct {
	suffix string
	mu     sync.Mutex
	lost   bool
}

func (l *loseFirstAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err == nil && !l.lost && strings.HasSuffix(r.URL.Path, l.suffix) {
		l.lost = true
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

func TestCheckPayment(t *testing.T) {
	srv, clk := simulator(t)
	clk.AutoAdvance(true) // the client's waits move the simulator's time
	ctx := context.Background()
	w := srv.WalletIDs()[0]
	lossy := &loseFirstAnswer{suffix: "/payments/check"}
	c := simClient(t, srv, clk, WithHTTPClient(&http.Client{Transport: lossy}))

	// The first answer is lost; the repeat gets 409 payment_exists, which
	// means the first arrived.
	req := sendTo(t, srv, w, 4000).Request
	if err := c.CheckPayment(ctx, req); err != nil {
		t.Fatalf("check after a lost answer: %v", err)
	}
	if n := srv.Requests("payments.check"); !lossy.lost || n != 2 {
		t.Errorf("%d requests (lost: %v), want 2", n, lossy.lost)
	}
	// A check not visible at once is waited for, as a created payment is.
	srv.SetFaults(sim.Faults{Hide: 2 * time.Second})
	hidden := sendTo(t, srv, w, 4000).Request
	if err := c.CheckPayment(ctx, hidden); err != nil {
		t.Fatal(err)
	}
	srv.SetFaults(sim.Faults{})
	for _, id := range []string{req.ID, hidden.ID} {
		for {
			p, err := c.GetPayment(ctx, id)
			if err != nil {
				t.Fatalf("reading the check %s: %v", id, err)
			}
			if p.Status != model.StatusSending {
				if p.Status != model.StatusApproved {
					t.Errorf("check %s: %s %+v", id, p.Status, p.Error)
				}
				break
			}
			clk.Advance(100 * time.Millisecond)
		}
	}
	if err := c.CheckPayment(ctx, req); !IsAlreadyExists(err) || errorType(err) != "payment_exists" {
		t.Errorf("the same id checked again: %v", err)
	}
	broke := sendTo(t, srv, srv.WalletIDs()[2], 4000).Request // no money and no credit
	if err := c.CheckPayment(ctx, broke); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if p, err := c.GetPayment(ctx, broke.ID); err != nil || p.Status != model.StatusFailed || p.Error == nil || p.Error.Type != "hold_failed" {
		t.Errorf("a check the wallet cannot cover: %+v %v", p, err)
	}
	mainnet := sendTo(t, srv, w, 4000).Request
	mainnet.Data.PaymentRequest = "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpuaztrnwngzn3kdzw5hydlzf03qdgm2hdq27cqv3agm2awhz5se903vruatfhq77w3ls4evs3ch9zw97j25emudupq63nyw24cg27h2rspfj9srp"
	if err := c.CheckPayment(ctx, mainnet); errorType(err) != "invalid_network" {
		t.Errorf("a mainnet invoice: %v", err)
	}
	if err := c.CheckPayment(ctx, model.SendRequest{ID: "7", WalletID: w}); err == nil || errorType(err) != "" {
		t.Errorf("a request refused here: %v", err)
	}
}

func TestUpdateSandboxLineOfCredit(t *testing.T) {
	srv, clk := simulator(t)
	c := simClient(t, srv, clk)
	ctx := context.Background()
	line := srv.Credentials().LineOfCreditID
	l, err := c.LineOfCredit(ctx, line)
	if err != nil {
		t.Fatal(err)
	}
	limit := l.AllocatedLimit + model.Sats(500_000)
	if err := c.UpdateSandboxLineOfCredit(ctx, line, model.SandboxCreditUpdate{Limit: &limit}); err != nil {
		t.Fatal(err)
	}
	if l, err := c.LineOfCredit(ctx, line); err != nil || l.Limit != limit || l.Unallocated() != model.Sats(500_000) {
		t.Errorf("after the update: %+v %v", l, err)
	}
	below := l.AllocatedLimit - 1
	if err := c.UpdateSandboxLineOfCredit(ctx, line, model.SandboxCreditUpdate{Limit: &below}); errorType(err) != "invalid_line_of_credit_limit" {
		t.Errorf("below what the wallets hold: %v", err)
	}
	if err := c.UpdateSandboxLineOfCredit(ctx, model.NewID(), model.SandboxCreditUpdate{Limit: &limit}); !IsNotFound(err) || errorType(err) != "line_of_credit_not_found" {
		t.Errorf("an unknown line: %v", err)
	}
	yes, no, zero := true, false, model.MilliSats(0)
	if err := c.UpdateSandboxLineOfCredit(ctx, line, model.SandboxCreditUpdate{Disable: &yes}); err != nil {
		t.Fatal(err)
	}
	if l, _ := c.LineOfCredit(ctx, line); l.DisabledAt == nil {
		t.Errorf("not disabled: %+v", l)
	}
	before := srv.Requests("credit.sandbox")
	for name, u := range map[string]model.SandboxCreditUpdate{"empty": {}, "zero limit": {Limit: &zero}, "enable": {Disable: &no}} {
		if err := c.UpdateSandboxLineOfCredit(ctx, line, u); err == nil || errorType(err) != "" {
			t.Errorf("%s: %v, want a refusal before sending", name, err)
		}
	}
	if err := c.UpdateSandboxLineOfCredit(ctx, "line", model.SandboxCreditUpdate{Disable: &yes}); err == nil {
		t.Error("a line id that is not a UUID was accepted")
	}
	if n := srv.Requests("credit.sandbox") - before; n != 0 {
		t.Errorf("%d requests sent for updates refused here", n)
	}
}

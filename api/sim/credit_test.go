package sim_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

// TestSandboxLineOfCredit: update_sandbox_line_of_credit moves the staging
// line's limit, never below what the wallets hold of it, and disables it
// for good; the summaries follow, free credit shrinks as wallets take
// limits, and a disabled line makes no wallets and pays nothing.
func TestSandboxLineOfCredit(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 61, NoHistory: true})
	ctx := context.Background()
	cr := srv.Credentials()
	line := func() model.LineOfCredit {
		t.Helper()
		return must[model.LineOfCredit](t)(c.LineOfCredit(ctx, cr.LineOfCreditID))
	}
	start := line()
	limit := start.AllocatedLimit + model.Sats(1_000_000)
	if err := c.UpdateSandboxLineOfCredit(ctx, cr.LineOfCreditID, model.SandboxCreditUpdate{Limit: &limit}); err != nil {
		t.Fatal(err)
	}
	if l := line(); l.Limit != limit || l.Unallocated() != model.Sats(1_000_000) || l.DisabledAt != nil {
		t.Fatalf("after lowering the limit: %+v", l)
	}
	newWallet := func(name string, limit model.MilliSats) error {
		return c.CreateWallet(ctx, model.NewWalletRequest{ID: model.NewID(), EnvironmentID: cr.EnvironmentID,
			LineOfCreditID: cr.LineOfCreditID, Name: name, Network: "mutinynet", Limit: limit})
	}
	if err := newWallet("Market stall", model.Sats(600_000)); err != nil {
		t.Fatal(err)
	}
	if l := line(); l.Unallocated() != model.Sats(400_000) {
		t.Errorf("free credit after a wallet took 600,000 sats: %d", l.Unallocated())
	}
	if err := newWallet("Pop-up", model.Sats(400_001)); errType(err) != "line_of_credit_cannot_allocate_wallet_limit" {
		t.Errorf("a limit beyond the free credit: %v", err)
	}
	below := line().AllocatedLimit - 1
	if err := c.UpdateSandboxLineOfCredit(ctx, cr.LineOfCreditID, model.SandboxCreditUpdate{Limit: &below}); errType(err) != "invalid_line_of_credit_limit" {
		t.Errorf("a limit below what is allocated: %v", err)
	}
	if err := c.UpdateSandboxLineOfCredit(ctx, model.NewID(), model.SandboxCreditUpdate{Limit: &limit}); errType(err) != "line_of_credit_not_found" {
		t.Errorf("an unknown line: %v", err)
	}

	yes := true
	if err := c.UpdateSandboxLineOfCredit(ctx, cr.LineOfCreditID, model.SandboxCreditUpdate{Disable: &yes}); err != nil {
		t.Fatal(err)
	}
	lines := must[[]model.LineOfCredit](t)(c.LinesOfCredit(ctx))
	if len(lines) != 1 || lines[0].DisabledAt == nil || !lines[0].DisabledAt.Equal(t0) {
		t.Fatalf("the summaries after disabling: %+v", lines)
	}
	if err := c.UpdateSandboxLineOfCredit(ctx, cr.LineOfCreditID, model.SandboxCreditUpdate{Disable: &yes}); err != nil {
		t.Errorf("disabling again: %v", err)
	}
	if err := newWallet("Kiosk", 0); errType(err) != "line_of_credit_disabled" {
		t.Errorf("a wallet on a disabled line: %v", err)
	}
	p := sendOut(t, srv, c, clk, srv.WalletIDs()[0], model.Sats(1_000))
	if p.Status != model.StatusFailed || p.Error == nil || p.Error.Type != "rejected" {
		t.Errorf("a send on a disabled line: %s %+v", p.Status, p.Error)
	}
}

// TestSandboxLineRefusals: what the operation refuses, in its 400, 403
// and 422 shapes.
func TestSandboxLineRefusals(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 62, NoHistory: true})
	cr := srv.Credentials()
	url := srv.URL() + "/organizations/" + cr.OrganizationID + "/environments/" + cr.EnvironmentID + "/lines_of_credit/" + cr.LineOfCreditID + "/sandbox"
	for _, tt := range []struct {
		name, body string
		status     int
		typ        string
	}{
		{"nothing to change", `{}`, 400, "no_updates_provided"},
		{"both null", `{"limit":null,"disable":null}`, 400, "no_updates_provided"},
		{"enable an enabled line", `{"disable":false}`, 400, "invalid_parameter"},
		{"a zero limit", `{"limit":0}`, 400, "invalid_parameter"},
		{"a limit below the allocated", `{"limit":1000}`, 400, "invalid_line_of_credit_limit"},
		{"a limit in words", `{"limit":"lots"}`, 422, "invalid_data"},
		{"disable", `{"disable":true}`, 202, ""},
		{"enable a disabled line", `{"disable":false}`, 403, "not_allowed"},
	} {
		status, body := do(t, "PATCH", url, tt.body, cr.APIKey, nil)
		var env struct {
			Error struct {
				Type string `json:"type"`
			} `json:"error"`
		}
		_ = json.Unmarshal(body, &env)
		if status != tt.status || env.Error.Type != tt.typ {
			t.Errorf("%s: %d %s, want %d %s", tt.name, status, body, tt.status, tt.typ)
		}
	}
	if l := must[model.LineOfCredit](t)(c.LineOfCredit(context.Background(), cr.LineOfCreditID)); l.Limit != 100_000_000_000 {
		t.Errorf("refused updates changed the limit: %d", l.Limit)
	}
}

package sim_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

// TestWalletNamesAreUniqueInTheEnvironment: create_wallet and update_wallet
// refuse a name another wallet has (ignoring case, as --wallet finds
// them) with invalid_request on fields ["name"]; a wallet keeps its own
// name, and a deleted wallet's name is free again.
func TestWalletNamesAreUniqueInTheEnvironment(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 31, NoHistory: true})
	ctx := context.Background()
	cr := srv.Credentials()
	ids := srv.WalletIDs()
	create := func(name string) (string, error) {
		id := model.NewID()
		return id, c.CreateWallet(ctx, model.NewWalletRequest{ID: id, EnvironmentID: cr.EnvironmentID,
			LineOfCreditID: cr.LineOfCreditID, Name: name, Network: "mutinynet", Limit: model.Sats(1000)})
	}
	fresh, err := create("Food truck")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		do     func() error
		refuse bool
	}{
		{"create with a seeded name", func() error { _, err := create("Payouts"); return err }, true},
		{"create with a name in other case", func() error { _, err := create("  food TRUCK "); return err }, true},
		{"rename to another's name", func() error {
			return c.UpdateWallet(ctx, ids[0], model.UpdateWalletRequest{Name: "savings"})
		}, true},
		{"rename to its own name", func() error {
			return c.UpdateWallet(ctx, fresh, model.UpdateWalletRequest{Name: "Food Truck"})
		}, false},
		{"rename to a free name", func() error {
			return c.UpdateWallet(ctx, ids[0], model.UpdateWalletRequest{Name: "Café till"})
		}, false},
		{"create with the name given up", func() error { _, err := create("Coffee shop till"); return err }, false},
	} {
		err := tt.do()
		switch {
		case tt.refuse && (errType(err) != "invalid_request" || !refusedField(err, "name")):
			t.Errorf("%s: %v, want invalid_request on name", tt.name, err)
		case !tt.refuse && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	if w := wallet(t, c, ids[0]); w.Name != "Café till" {
		t.Errorf("renamed wallet is %q", w.Name)
	}
	if w := wallet(t, c, fresh); w.Name != "Food Truck" {
		t.Errorf("renamed in case only: %q", w.Name)
	}
	if err := c.DeleteWallet(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if _, err := create("Food truck"); err != nil {
		t.Errorf("a deleted wallet's name: %v", err)
	}
}

// TestRenameRefusals: update_wallet checks the name as NewWalletRequest's
// schema bounds it (3 to 256 characters) and answers 404 for a wallet
// that is not there, deleted ones included.
func TestRenameRefusals(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 32, NoHistory: true})
	ctx := context.Background()
	cr := srv.Credentials()
	ids := srv.WalletIDs()
	if err := c.DeleteWallet(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	url := srv.URL() + "/organizations/" + cr.OrganizationID + "/wallets/"
	for _, tt := range []struct {
		name, wallet, body string
		status             int
		typ                string
	}{
		{"short", ids[0], `{"name":" ab "}`, 400, "invalid_request"},
		{"long", ids[0], `{"name":"` + strings.Repeat("é", 257) + `"}`, 400, "invalid_request"},
		{"control characters", ids[0], `{"name":"Till\u001b[2J"}`, 400, "invalid_request"},
		{"no name", ids[0], `{}`, 422, "invalid_data"},
		{"name not a string", ids[0], `{"name":7}`, 422, "invalid_data"},
		{"unknown wallet", model.NewID(), `{"name":"Anything"}`, 404, "instance_not_found"},
		{"deleted wallet", ids[2], `{"name":"Anything"}`, 404, "instance_not_found"},
		{"longest name", ids[0], `{"name":"` + strings.Repeat("é", 256) + `"}`, 202, ""},
	} {
		status, body := do(t, "PATCH", url+tt.wallet, tt.body, cr.APIKey, nil)
		var env struct {
			Error struct {
				Type    string         `json:"type"`
				Context map[string]any `json:"context"`
			} `json:"error"`
		}
		_ = json.Unmarshal(body, &env)
		if status != tt.status || env.Error.Type != tt.typ {
			t.Errorf("%s: %d %s, want %d %s", tt.name, status, body, tt.status, tt.typ)
		}
	}
	if w := wallet(t, c, ids[1]); w.Name != "Payouts" {
		t.Errorf("an untouched wallet is %q", w.Name)
	}
}

// TestFreeCreditFollowsTheWallets: the line of credit's allocated limit is
// the sum of its wallets' limits through create, rename and delete.
func TestFreeCreditFollowsTheWallets(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 33, NoHistory: true})
	ctx := context.Background()
	cr := srv.Credentials()
	allocated := func() model.MilliSats {
		t.Helper()
		return must[model.LineOfCredit](t)(c.LineOfCredit(ctx, cr.LineOfCreditID)).AllocatedLimit
	}
	before := allocated()
	id := model.NewID()
	if err := c.CreateWallet(ctx, model.NewWalletRequest{ID: id, EnvironmentID: cr.EnvironmentID, LineOfCreditID: cr.LineOfCreditID,
		Name: "Events", Network: "mutinynet", Limit: model.Sats(250_000)}); err != nil {
		t.Fatal(err)
	}
	if got := allocated(); got != before+model.Sats(250_000) {
		t.Errorf("after create: %d, want %d", got, before+model.Sats(250_000))
	}
	if err := c.UpdateWallet(ctx, id, model.UpdateWalletRequest{Name: "Events and fairs"}); err != nil {
		t.Fatal(err)
	}
	if got := allocated(); got != before+model.Sats(250_000) {
		t.Errorf("after rename: %d", got)
	}
	lines := must[[]model.LineOfCredit](t)(c.LinesOfCredit(ctx))
	if len(lines) != 1 || lines[0].AllocatedLimit != before+model.Sats(250_000) {
		t.Errorf("summaries: %+v", lines)
	}
	if err := c.DeleteWallet(ctx, id); err != nil {
		t.Fatal(err)
	}
	if got := allocated(); got != before {
		t.Errorf("after delete: %d, want %d", got, before)
	}
}

// refusedField reports an error whose context names field among its
// fields (ValidationFieldsContext).
func refusedField(err error, field string) bool {
	e := apiError(err)
	if e == nil {
		return false
	}
	fields, _ := e.Context["fields"].([]any)
	for _, f := range fields {
		if f == field {
			return true
		}
	}
	return false
}

func apiError(err error) *api.Error {
	var e *api.Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

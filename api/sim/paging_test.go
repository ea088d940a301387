package sim_test

import (
	"context"
	"testing"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

// TestPaymentsPageByCursor: pagination=cursor gives pages without a total,
// each with the cursor of the next; payments that arrive meanwhile do not
// shift the pages; a cursor used with other filters is refused.
func TestPaymentsPageByCursor(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 5})
	ctx := context.Background()
	everything := must[model.Page[model.Payment]](t)(c.ListPayments(ctx, model.PaymentFilter{Limit: 1000}))
	f := model.PaymentFilter{Limit: 7, CursorPaging: true}
	var seen []string
	for pages := 0; ; pages++ {
		page := must[model.Page[model.Payment]](t)(c.ListPayments(ctx, f))
		if !page.Cursored || page.Offset != 0 {
			t.Fatalf("page %d is not a cursor page: %+v", pages, page)
		}
		for _, p := range page.Items {
			seen = append(seen, p.ID)
		}
		if pages == 1 { // a payment arrives on top while paging
			if _, err := srv.Invoice(sim.ExternalInvoice{Amount: 1000}); err != nil {
				t.Fatal(err)
			}
			req, _ := model.NewBolt11Receive(model.ReceiveParams{WalletID: srv.WalletIDs()[0], Amount: 1000})
			if err := c.CreatePayment(ctx, req); err != nil {
				t.Fatal(err)
			}
		}
		if !page.More() {
			break
		}
		f.CursorPaging, f.Cursor = false, page.NextCursor
	}
	if len(seen) != len(everything.Items) {
		t.Fatalf("%d payments by cursor, %d by offset", len(seen), len(everything.Items))
	}
	for i, p := range everything.Items {
		if seen[i] != p.ID {
			t.Fatalf("payment %d differs: %s, want %s", i, seen[i], p.ID)
		}
	}
	first := must[model.Page[model.Payment]](t)(c.ListPayments(ctx, model.PaymentFilter{Limit: 2, CursorPaging: true}))
	other := model.PaymentFilter{Limit: 2, Cursor: first.NextCursor, Direction: model.Send}
	if _, err := c.ListPayments(ctx, other); errType(err) != "invalid_cursor" {
		t.Errorf("a cursor with other filters: %v", err)
	}
}

// TestListsKeepToTheClientsEnvironment: the organization's wallets and
// lines of credit include another environment's; the client asks for its
// own and gets only those, so totals and lookups never mix them in.
func TestListsKeepToTheClientsEnvironment(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 6, NoHistory: true})
	cr := srv.Credentials()
	status, body := do(t, "GET", srv.URL()+"/organizations/"+cr.OrganizationID+"/wallets", "", cr.APIKey, nil)
	var org []model.Wallet
	if err := jsonUnmarshal(body, &org); status != 200 || err != nil || len(org) != 4 {
		t.Fatalf("the organization's wallets: %d %v %d", status, err, len(org))
	}
	ws := must[[]model.Wallet](t)(c.ListWallets(context.Background()))
	ls := must[[]model.LineOfCredit](t)(c.LinesOfCredit(context.Background()))
	if len(ws) != 3 || len(ls) != 1 {
		t.Fatalf("the environment's: %d wallets, %d lines", len(ws), len(ls))
	}
	for _, w := range ws {
		if w.EnvironmentID != cr.EnvironmentID || w.Network != model.Mutinynet {
			t.Errorf("wallet %s of %s (%s) listed", w.Name, w.EnvironmentID, w.Network)
		}
	}
}

package sim_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
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

// TestPaymentsListOrderWithTies: payments made at one instant (the clock
// stands still) keep the order they came in, newest first or oldest
// first, by offset and by cursor pages of one, as a stable sort of every
// payment by creation time gives them.
func TestPaymentsListOrderWithTies(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 5})
	ctx := context.Background()
	var made []string
	for i := range 4 {
		req, _ := model.NewBolt11Receive(model.ReceiveParams{WalletID: srv.WalletIDs()[i%2], Amount: model.MilliSats(1000 * (i + 1))})
		if err := c.CreatePayment(ctx, req); err != nil {
			t.Fatal(err)
		}
		made = append(made, req.ID)
	}
	for _, order := range []model.SortOrder{model.Descending, model.Ascending} {
		all := must[model.Page[model.Payment]](t)(c.ListPayments(ctx, model.PaymentFilter{Limit: 1000, SortOrder: order}))
		var ties []string
		for i, p := range all.Items {
			if i > 0 {
				prev := all.Items[i-1].CreatedAt
				if order == model.Descending && p.CreatedAt.After(prev) || order == model.Ascending && p.CreatedAt.Before(prev) {
					t.Fatalf("%s: payment %d is out of order", order, i)
				}
			}
			if slices.Contains(made, p.ID) {
				ties = append(ties, p.ID)
			}
		}
		if !slices.Equal(ties, made) {
			t.Errorf("%s: payments of one instant listed as %v, made as %v", order, ties, made)
		}
		seen := idsByCursor(t, c, model.PaymentFilter{Limit: 1, CursorPaging: true, SortOrder: order})
		ids := make([]string, len(all.Items))
		for i, p := range all.Items {
			ids[i] = p.ID
		}
		if !slices.Equal(seen, ids) {
			t.Errorf("%s: cursor pages of one differ from the offset list", order)
		}
	}
}

// TestPaymentsWithinDatesByCursor: the requests History's search makes to
// read the rest of a history (the oldest payment, sort_order=ASC and
// limit=1; then stretches of time by cursor, start_date and end_date
// inclusive) are Voltage's (the contract checker sees each) and answer
// every payment of the stretch once, edges included.
func TestPaymentsWithinDatesByCursor(t *testing.T) {
	_, c, _ := start(t, sim.Config{Seed: 5})
	ctx := context.Background()
	everything := must[model.Page[model.Payment]](t)(c.ListPayments(ctx, model.PaymentFilter{Limit: 1000}))
	oldest := must[model.Page[model.Payment]](t)(c.ListPayments(ctx, model.PaymentFilter{Limit: 1, SortOrder: model.Ascending, CursorPaging: true}))
	last := everything.Items[len(everything.Items)-1]
	if len(oldest.Items) != 1 || oldest.Items[0].ID != last.ID {
		t.Fatalf("the oldest payment: %+v, want %s", oldest.Items, last.ID)
	}
	start, end := everything.Items[len(everything.Items)*3/4].CreatedAt, everything.Items[len(everything.Items)/4].CreatedAt
	var want []string
	for _, p := range everything.Items {
		if !p.CreatedAt.Before(start) && !p.CreatedAt.After(end) {
			want = append(want, p.ID)
		}
	}
	got := idsByCursor(t, c, model.PaymentFilter{Start: start, End: end, Limit: 5, CursorPaging: true})
	if !slices.Equal(got, want) {
		t.Fatalf("%d payments in the stretch by cursor, want %d", len(got), len(want))
	}
}

// TestACursorOutlivesItsPaymentChanging: the next page starts after the
// position the cursor names, not after finding its payment again, so the
// list goes on when that payment has since changed: paid, it no longer
// matches a status filter; updated, it moved in an updated_at list.
func TestACursorOutlivesItsPaymentChanging(t *testing.T) {
	for _, tt := range []struct {
		name   string
		filter model.PaymentFilter
	}{
		{"by status", model.PaymentFilter{Statuses: []model.Status{model.StatusReceiving}}},
		{"by update time", model.PaymentFilter{SortKey: "updated_at", Direction: model.Receive, Statuses: []model.Status{model.StatusReceiving, model.StatusCompleted}}},
		{"oldest first, by status", model.PaymentFilter{SortOrder: model.Ascending, Statuses: []model.Status{model.StatusReceiving}}},
		{"oldest first, by update time", model.PaymentFilter{SortOrder: model.Ascending, SortKey: "updated_at", Statuses: []model.Status{model.StatusReceiving}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, c, clk := start(t, sim.Config{Seed: 5})
			ctx := context.Background()
			var made []string
			for i := range 6 {
				if i%2 == 0 { // pairs made at one instant: ties the cursor must place
					clk.Advance(time.Second)
				}
				req, _ := model.NewBolt11Receive(model.ReceiveParams{WalletID: srv.WalletIDs()[0], Amount: model.MilliSats(1000 * (i + 1))})
				if err := c.CreatePayment(ctx, req); err != nil {
					t.Fatal(err)
				}
				made = append(made, req.ID)
			}
			clk.Advance(10 * time.Second) // past the moments new payments are not yet listed
			f := tt.filter
			f.Limit = 2
			all := must[model.Page[model.Payment]](t)(c.ListPayments(ctx, model.PaymentFilter{Limit: 1000, Statuses: f.Statuses, SortKey: f.SortKey, SortOrder: f.SortOrder, Direction: f.Direction}))
			want := make([]string, len(all.Items))
			for i, p := range all.Items {
				want[i] = p.ID
			}
			for _, id := range made {
				if !slices.Contains(want, id) {
					t.Fatalf("payment %s, made for the test, is not in the list", id)
				}
			}
			f.CursorPaging = true
			first := must[model.Page[model.Payment]](t)(c.ListPayments(ctx, f))
			if len(first.Items) != 2 || !first.More() {
				t.Fatalf("first page: %d payments, more %v", len(first.Items), first.More())
			}
			got := []string{first.Items[0].ID, first.Items[1].ID}
			clk.Advance(time.Second)
			if err := srv.PayReceive(first.Items[1].ID, 0); err != nil { // the cursor's own payment
				t.Fatal(err)
			}
			f.CursorPaging, f.Cursor = false, first.NextCursor
			got = append(got, idsByCursor(t, c, f)...)
			if !slices.Equal(got, want) {
				t.Errorf("by cursor %v\nwant      %v (as listed before the payment changed)", got, want)
			}
		})
	}
}

// idsByCursor pages through f by cursor from where f starts (its
// pagination=cursor, or a cursor), and gives the ids in the order listed.
func idsByCursor(t *testing.T, c *api.Client, f model.PaymentFilter) []string {
	t.Helper()
	var ids []string
	for range 10_000 {
		page := must[model.Page[model.Payment]](t)(c.ListPayments(context.Background(), f))
		for _, p := range page.Items {
			ids = append(ids, p.ID)
		}
		if !page.More() {
			return ids
		}
		f.CursorPaging, f.Cursor = false, page.NextCursor
	}
	t.Fatal("the cursor does not come to an end")
	return nil
}

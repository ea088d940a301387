package sim_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

// listed is how many payments get_payments lists with the summary's
// filters (and a wallet, if given).
func listed(t *testing.T, c interface {
	ListPayments(context.Context, model.PaymentFilter) (model.Page[model.Payment], error)
}, f model.PaymentSummaryFilter, walletID string) (n uint64, oldest, newest time.Time) {
	t.Helper()
	pf := model.PaymentFilter{WalletID: walletID, Statuses: f.Statuses, Kind: f.Kind, Direction: f.Direction,
		Start: f.Start, End: f.End, Metadata: f.Metadata, Limit: model.MaxPageLimit, SortOrder: model.Ascending}
	for {
		p := must[model.Page[model.Payment]](t)(c.ListPayments(context.Background(), pf))
		for _, x := range p.Items {
			if n == 0 || x.CreatedAt.Before(oldest) {
				oldest = x.CreatedAt
			}
			if n == 0 || x.CreatedAt.After(newest) {
				newest = x.CreatedAt
			}
			n++
		}
		if !p.More() {
			return n, oldest, newest
		}
		pf.Offset += len(p.Items)
	}
}

// TestPaymentSummaryCountsWhatTheListLists: get_payment_summary and
// get_wallet_payment_summary agree with get_payments under every filter,
// bucket by bucket, and with their own dates.
func TestPaymentSummaryCountsWhatTheListLists(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 18})
	ctx := context.Background()
	cr := srv.Credentials()
	filters := []model.PaymentSummaryFilter{
		{},
		{Statuses: []model.Status{model.StatusCompleted}},
		{Statuses: []model.Status{model.StatusFailed, model.StatusExpired}, Direction: model.Send},
		{Direction: model.Receive, Kind: model.Bolt11},
		{Kind: model.Onchain},
		{Kind: model.USDBatch},
		{Start: t0.Add(-7 * 24 * time.Hour), End: t0.Add(-24 * time.Hour)},
		{Metadata: map[string]string{"no such": "key"}},
		{LineOfCreditID: cr.LineOfCreditID, IncludeInactive: true},
	}
	for i, f := range filters {
		s := must[model.PaymentSummary](t)(c.PaymentSummary(ctx, f))
		n, oldest, newest := listed(t, c, f, "")
		if s.TotalCount != n {
			t.Errorf("filter %d: summary counts %d, the list has %d", i, s.TotalCount, n)
		}
		if n == 0 {
			if s.OldestCreatedAt != nil || len(s.ByOrganizationID)+len(s.ByEnvironmentID)+len(s.ByLineOfCreditID) != 0 {
				t.Errorf("filter %d: nothing matches, yet %+v", i, s)
			}
			continue
		}
		if !s.OldestCreatedAt.Equal(oldest) || !s.NewestCreatedAt.Equal(newest) {
			t.Errorf("filter %d: dates %v..%v, the list's %v..%v", i, s.OldestCreatedAt, s.NewestCreatedAt, oldest, newest)
		}
		line := s.ByLineOfCreditID[cr.LineOfCreditID]
		if s.ByOrganizationID[cr.OrganizationID].TotalCount != n || s.ByEnvironmentID[cr.EnvironmentID].TotalCount != n ||
			line.TotalCount != n || line.Buckets.Count("", "") != n || len(s.ByLineOfCreditID) != 1 {
			t.Errorf("filter %d: splits disagree with the total %d: %+v", i, n, s)
		}
		for _, b := range line.Buckets {
			bf := f
			bf.Statuses, bf.Kind, bf.Direction = []model.Status{b.Status}, b.Kind, b.Direction
			if got, o, nw := listed(t, c, bf, ""); got != b.TotalCount || !o.Equal(b.OldestCreatedAt) || !nw.Equal(b.NewestCreatedAt) {
				t.Errorf("filter %d: bucket %+v; the list has %d, %v..%v", i, b, got, o, nw)
			}
		}
	}
	var sum uint64
	for _, w := range srv.WalletIDs() {
		s := must[model.PaymentWalletSummary](t)(c.WalletPaymentSummary(ctx, w, model.PaymentSummaryFilter{}))
		n, _, _ := listed(t, c, model.PaymentSummaryFilter{}, w)
		if s.WalletID != w || s.TotalCount != n || s.Buckets.Count("", "") != n || string(s.LineOfCreditID) != cr.LineOfCreditID {
			t.Errorf("wallet %s: %+v, the list has %d", w, s, n)
		}
		done := must[model.PaymentWalletSummary](t)(c.WalletPaymentSummary(ctx, w,
			model.PaymentSummaryFilter{Statuses: []model.Status{model.StatusCompleted}, Direction: model.Send}))
		if n, _, _ := listed(t, c, model.PaymentSummaryFilter{Statuses: []model.Status{model.StatusCompleted}, Direction: model.Send}, w); done.TotalCount != n ||
			done.Buckets.Count(model.Send, model.StatusCompleted) != n {
			t.Errorf("wallet %s completed sends: %d, the list has %d", w, done.TotalCount, n)
		}
		sum += s.TotalCount
	}
	if all := must[model.PaymentSummary](t)(c.PaymentSummary(ctx, model.PaymentSummaryFilter{})); all.TotalCount != sum || sum == 0 {
		t.Errorf("the wallets' summaries add to %d, the environment's is %d", sum, all.TotalCount)
	}
	other := must[model.PaymentSummary](t)(c.PaymentSummary(ctx, model.PaymentSummaryFilter{LineOfCreditID: model.NewID()}))
	if other.TotalCount != 0 || len(other.ByLineOfCreditID) != 0 {
		t.Errorf("another line of credit counts %+v", other)
	}
}

// TestPaymentSummaryEmpty: with nothing to count, zero, empty maps and
// lists ({} and [], as the schemas require them), no dates.
func TestPaymentSummaryEmpty(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 18, NoHistory: true})
	cr := srv.Credentials()
	w := srv.WalletIDs()[0]
	base := srv.URL() + "/organizations/" + cr.OrganizationID
	for _, u := range []string{base + "/environments/" + cr.EnvironmentID + "/payments/summary", base + "/wallets/" + w + "/payments/summary"} {
		status, body := do(t, "GET", u, "", cr.APIKey, nil)
		var raw map[string]json.RawMessage
		if status != 200 || json.Unmarshal(body, &raw) != nil {
			t.Fatalf("%s: %d %s", u, status, body)
		}
		if string(raw["total_count"]) != "0" || string(raw["oldest_created_at"]) != "null" {
			t.Errorf("%s: %s", u, body)
		}
		for _, k := range []string{"by_organization_id", "by_environment_id", "by_line_of_credit_id", "buckets"} {
			if v, has := raw[k]; has && string(v) != "{}" && string(v) != "[]" {
				t.Errorf("%s: %s is %s", u, k, v)
			}
		}
	}
	s := must[model.PaymentWalletSummary](t)(c.WalletPaymentSummary(context.Background(), w, model.PaymentSummaryFilter{}))
	if s.TotalCount != 0 || s.Buckets == nil || len(s.Buckets) != 0 || s.OldestCreatedAt != nil {
		t.Errorf("empty wallet summary %+v", s)
	}
}

// TestPaymentSummaryInactive: a deleted wallet's payments, and those on a
// disabled line of credit, count only with include_inactive.
func TestPaymentSummaryInactive(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 18, NoHistory: true})
	ctx := context.Background()
	cr := srv.Credentials()
	ws := srv.WalletIDs()
	for _, w := range ws[:2] {
		req, _ := model.NewBolt11Receive(model.ReceiveParams{WalletID: w, Amount: 5000, Description: "x"})
		if err := c.CreatePayment(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	clk.Advance(time.Second)
	if err := c.DeleteWallet(ctx, ws[0]); err != nil {
		t.Fatal(err)
	}
	count := func(f model.PaymentSummaryFilter) uint64 {
		return must[model.PaymentSummary](t)(c.PaymentSummary(ctx, f)).TotalCount
	}
	walletCount := func(w string, f model.PaymentSummaryFilter) uint64 {
		return must[model.PaymentWalletSummary](t)(c.WalletPaymentSummary(ctx, w, f)).TotalCount
	}
	all := model.PaymentSummaryFilter{IncludeInactive: true}
	if count(model.PaymentSummaryFilter{}) != 1 || count(all) != 2 {
		t.Errorf("deleted wallet: %d without inactive, %d with", count(model.PaymentSummaryFilter{}), count(all))
	}
	if walletCount(ws[0], model.PaymentSummaryFilter{}) != 0 || walletCount(ws[0], all) != 1 {
		t.Errorf("the deleted wallet's own summary: %d, %d", walletCount(ws[0], model.PaymentSummaryFilter{}), walletCount(ws[0], all))
	}
	disable := true
	if err := c.UpdateSandboxLineOfCredit(ctx, cr.LineOfCreditID, model.SandboxCreditUpdate{Disable: &disable}); err != nil {
		t.Fatal(err)
	}
	if count(model.PaymentSummaryFilter{}) != 0 || count(all) != 2 || walletCount(ws[1], model.PaymentSummaryFilter{}) != 0 {
		t.Errorf("disabled line: %d without inactive, %d with", count(model.PaymentSummaryFilter{}), count(all))
	}
}

// TestPaymentSummaryRefusals: what the spec does not take is a 400
// invalid_parameter; a wallet not of the organization is 403 (the
// operations declare no 404); the client says its own refusals before
// sending anything.
func TestPaymentSummaryRefusals(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 18, NoHistory: true})
	cr := srv.Credentials()
	base := srv.URL() + "/organizations/" + cr.OrganizationID
	env := base + "/environments/" + cr.EnvironmentID + "/payments/summary"
	wallet := base + "/wallets/" + srv.WalletIDs()[0] + "/payments/summary"
	for _, tt := range []struct {
		url    string
		status int
		typ    string
	}{
		{env + "?start_date=yesterday", 400, "invalid_parameter"},
		{env + "?end_date=2026-13-01T00:00:00Z", 400, "invalid_parameter"},
		{env + "?" + url.Values{"statuses[]": {"paid"}}.Encode(), 400, "invalid_parameter"},
		{env + "?statuses=completed", 400, "invalid_parameter"},
		{env + "?kind=lightning", 400, "invalid_parameter"},
		{env + "?direction=sideways", 400, "invalid_parameter"},
		{env + "?include_inactive=yes", 400, "invalid_parameter"},
		{env + "?line_of_credit_id=7", 400, "invalid_parameter"},
		{wallet + "?start_date=2026-03-08", 400, "invalid_parameter"},
		{wallet + "?" + url.Values{"statuses[]": {"settled"}}.Encode(), 400, "invalid_parameter"},
		{base + "/wallets/abc/payments/summary", 400, "invalid_parameter"},
		{base + "/wallets/" + model.NewID() + "/payments/summary", 403, "access_rights"},
		{base + "/environments/" + model.NewID() + "/payments/summary", 403, "access_rights"},
	} {
		status, body := do(t, "GET", tt.url, "", cr.APIKey, nil)
		var e struct {
			Error struct{ Type string } `json:"error"`
		}
		if err := json.Unmarshal(body, &e); err != nil || status != tt.status || e.Error.Type != tt.typ {
			t.Errorf("%s: %d %s, want %d %s", tt.url, status, body, tt.status, tt.typ)
		}
	}
	ctx := context.Background()
	before := srv.Requests("payments.summary") + srv.Requests("wallets.summary")
	if _, err := c.PaymentSummary(ctx, model.PaymentSummaryFilter{Statuses: []model.Status{"paid"}}); err == nil {
		t.Error("an unknown status was sent")
	}
	if _, err := c.WalletPaymentSummary(ctx, srv.WalletIDs()[0], model.PaymentSummaryFilter{LineOfCreditID: cr.LineOfCreditID}); err == nil {
		t.Error("a line of credit was sent to the wallet summary, which does not declare one")
	}
	if _, err := c.WalletPaymentSummary(ctx, "till", model.PaymentSummaryFilter{}); err == nil {
		t.Error("a wallet id that is not a UUID was sent")
	}
	if after := srv.Requests("payments.summary") + srv.Requests("wallets.summary"); after != before {
		t.Errorf("%d refused requests reached the simulator", after-before)
	}
}

// TestSummaryLedgersReconcile: every seeded wallet's ledger, read whole,
// sums to the balance the simulator reports, holds included, with no
// impossible entry (model.Reconcile on the simulator's own books).
func TestSummaryLedgersReconcile(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 18})
	ctx := context.Background()
	for _, id := range srv.WalletIDs() {
		var events []model.LedgerEvent
		for f := (model.LedgerFilter{Limit: model.MaxPageLimit, SortOrder: model.Ascending}); ; {
			p := must[model.Page[model.LedgerEvent]](t)(c.WalletLedger(ctx, id, f))
			events = append(events, p.Items...)
			if !p.More() {
				break
			}
			f.Offset += len(p.Items)
		}
		r := model.Reconcile(wallet(t, c, id), events)
		if !r.Agree || !r.HoldsAgree || r.FirstBad != -1 || r.Entries == 0 {
			t.Errorf("wallet %s: %+v", id, r)
		}
	}
}

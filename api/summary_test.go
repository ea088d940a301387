package api

import (
	"context"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

// TestPaymentSummaryRequests: both summary operations are asked for as
// the spec writes them (the checker TestMain installs holds every request
// to get_payment_summary's and get_wallet_payment_summary's parameters:
// statuses[] bracketed, metadata as a deepObject, RFC 3339 dates), and
// their answers (schemas PaymentSummary, PaymentWalletSummary) are read
// whole.
func TestPaymentSummaryRequests(t *testing.T) {
	c, f, _ := setup(t)
	ctx := context.Background()
	from := time.Date(2026, 3, 8, 5, 0, 0, 0, time.UTC)
	filter := model.PaymentSummaryFilter{Statuses: []model.Status{model.StatusCompleted, model.StatusFailed},
		Kind: model.Bolt11, Direction: model.Send, Start: from, End: from.Add(24 * time.Hour),
		Metadata: map[string]string{"store": "downtown"}, IncludeInactive: true, LineOfCreditID: lineA}
	f.script(
		reply(200, `{"organization_id":"`+testOrg+`","environment_id":"`+testEnv+`","total_count":3,
			"oldest_created_at":"2026-03-08T05:10:00Z","newest_created_at":"2026-03-08T09:00:00Z",
			"by_organization_id":{"`+testOrg+`":{"total_count":3,"oldest_created_at":"2026-03-08T05:10:00Z","newest_created_at":"2026-03-08T09:00:00Z"}},
			"by_environment_id":{"`+testEnv+`":{"organization_id":"`+testOrg+`","total_count":3,"oldest_created_at":"2026-03-08T05:10:00Z","newest_created_at":"2026-03-08T09:00:00Z"}},
			"by_line_of_credit_id":{"`+lineA+`":{"organization_id":"`+testOrg+`","environment_id":"`+testEnv+`","total_count":3,
				"oldest_created_at":"2026-03-08T05:10:00Z","newest_created_at":"2026-03-08T09:00:00Z","buckets":[
				{"direction":"send","status":"completed","currency":"btc","kind":"bolt11","total_count":2,"oldest_created_at":"2026-03-08T05:10:00Z","newest_created_at":"2026-03-08T08:00:00Z"},
				{"direction":"send","status":"failed","currency":"btc","kind":"bolt11","total_count":1,"oldest_created_at":"2026-03-08T09:00:00Z","newest_created_at":"2026-03-08T09:00:00Z"}]}}}`),
		reply(200, `{"wallet_id":"`+walletA+`","organization_id":"`+testOrg+`","environment_id":"`+testEnv+`","line_of_credit_id":null,
			"total_count":0,"oldest_created_at":null,"newest_created_at":null,"buckets":[]}`),
	)
	s, err := c.PaymentSummary(ctx, filter)
	if err != nil {
		t.Fatal(err)
	}
	line := s.ByLineOfCreditID[lineA]
	if s.TotalCount != 3 || string(s.OrganizationID) != testOrg || !s.OldestCreatedAt.Equal(from.Add(10*time.Minute)) ||
		s.ByEnvironmentID[testEnv].OrganizationID != testOrg || line.Buckets.Count(model.Send, model.StatusFailed) != 1 ||
		line.Buckets.Count("", "") != 3 || line.Buckets[0].Kind != model.Bolt11 {
		t.Errorf("summary %+v", s)
	}
	filter.LineOfCreditID = ""
	ws, err := c.WalletPaymentSummary(ctx, walletA, filter)
	if err != nil {
		t.Fatal(err)
	}
	if ws.WalletID != walletA || ws.TotalCount != 0 || ws.OldestCreatedAt != nil || ws.LineOfCreditID != "" || ws.Buckets == nil {
		t.Errorf("wallet summary %+v", ws)
	}
	seen := f.seen()
	const before, after = "direction=send&end_date=2026-03-09T05%3A00%3A00Z&include_inactive=true&kind=bolt11",
		"&metadata%5Bstore%5D=downtown&start_date=2026-03-08T05%3A00%3A00Z&statuses%5B%5D=completed&statuses%5B%5D=failed"
	if len(seen) != 2 || seen[0].Path != env+"/payments/summary" || seen[0].RawQuery != before+"&line_of_credit_id="+lineA+after {
		t.Fatalf("requests %+v", seen)
	}
	if seen[1].Path != org+"/wallets/"+walletA+"/payments/summary" || seen[1].RawQuery != before+after {
		t.Errorf("wallet request %+v", seen[1])
	}
}

// TestPaymentSummaryRefusesBadFilters: what the operations would refuse is
// refused here, before anything is sent.
func TestPaymentSummaryRefusesBadFilters(t *testing.T) {
	c, f, _ := setup(t)
	ctx := context.Background()
	errs := []error{
		second(c.PaymentSummary(ctx, model.PaymentSummaryFilter{Statuses: []model.Status{"paid"}})),
		second(c.PaymentSummary(ctx, model.PaymentSummaryFilter{Kind: "lightning"})),
		second(c.PaymentSummary(ctx, model.PaymentSummaryFilter{Direction: "sideways"})),
		second(c.PaymentSummary(ctx, model.PaymentSummaryFilter{LineOfCreditID: "main"})),
		second(c.WalletPaymentSummary(ctx, "till", model.PaymentSummaryFilter{})),
		second(c.WalletPaymentSummary(ctx, walletA, model.PaymentSummaryFilter{LineOfCreditID: lineA})),
		second(c.WalletPaymentSummary(ctx, walletA, model.PaymentSummaryFilter{Statuses: []model.Status{"settled"}})),
	}
	for i, err := range errs {
		if err == nil {
			t.Errorf("case %d: accepted", i)
		}
	}
	if n := len(f.seen()); n != 0 {
		t.Errorf("%d requests sent for bad filters", n)
	}
}

package model

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestPaymentFilterQuery(t *testing.T) {
	start := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	f := PaymentFilter{Offset: 200, Limit: 50, WalletID: "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10",
		Statuses: []Status{StatusCompleted, StatusFailed}, Kind: Bolt11, Direction: Send,
		Start: start, End: start.Add(24 * time.Hour), SortKey: "created_at", SortOrder: Descending,
		Metadata: map[string]string{"team": "ops"}}
	q := f.Query()
	want := "direction=send&end_date=2025-05-02T00%3A00%3A00Z&kind=bolt11&limit=50&metadata%5Bteam%5D=ops&offset=200" +
		"&sort_key=created_at&sort_order=DESC&start_date=2025-05-01T00%3A00%3A00Z" +
		"&statuses%5B%5D=completed&statuses%5B%5D=failed&wallet_id=3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10"
	if q.Encode() != want {
		t.Errorf("query\n got %s\nwant %s", q.Encode(), want)
	}
	back, err := ParsePaymentFilter(q)
	if err != nil || !reflect.DeepEqual(back, f) {
		t.Errorf("parse back = %+v, %v", back, err)
	}
	if (PaymentFilter{}).Query().Encode() != "" {
		t.Error("an empty filter sends no parameters")
	}
}

// TestParseFiltersTakeOnlyBracketArrays: arrays are read as the spec
// encodes them, statuses[]=a&statuses[]=b; the SDK's plain repeated key is
// refused, naming the form to use, so a client sending it fails in tests.
func TestParseFiltersTakeOnlyBracketArrays(t *testing.T) {
	q, _ := url.ParseQuery("statuses[]=completed&statuses[]=expired")
	f, err := ParsePaymentFilter(q)
	if err != nil || len(f.Statuses) != 2 {
		t.Errorf("statuses = %v, %v", f.Statuses, err)
	}
	q, _ = url.ParseQuery("statuses=completed")
	if _, err := ParsePaymentFilter(q); err == nil || !strings.Contains(err.Error(), "statuses[]") {
		t.Errorf("plain statuses: %v", err)
	}
	q, _ = url.ParseQuery("environment_ids[]=c41d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f22&statuses[]=stopped")
	w, err := ParseWebhookFilter(q)
	if err != nil || len(w.EnvironmentIDs) != 1 || w.Statuses[0] != WebhookStopped {
		t.Errorf("webhook filter = %+v, %v", w, err)
	}
	q, _ = url.ParseQuery("environment_ids=c41d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f22")
	if _, err := ParseWebhookFilter(q); err == nil {
		t.Error("plain environment_ids accepted")
	}
	cursor := PaymentFilter{Limit: 10, Cursor: "abc"}
	if q := cursor.Query().Encode(); q != "cursor=abc&limit=10" {
		t.Errorf("cursor page query %s", q)
	}
	if q := (PaymentFilter{CursorPaging: true}).Query().Encode(); q != "pagination=cursor" {
		t.Errorf("first cursor page query %s", q)
	}
}

func TestParseFilterErrors(t *testing.T) {
	for _, raw := range []string{
		"limit=5000", "limit=-1", "offset=x", "statuses=paid", "kind=lnurl", "direction=up",
		"sort_order=sideways", "start_date=yesterday", "wallet_id=not-a-uuid",
	} {
		q, _ := url.ParseQuery(raw)
		_, err := ParsePaymentFilter(q)
		var fe *FilterError
		if !errors.As(err, &fe) {
			t.Errorf("%s: err = %v, want *FilterError", raw, err)
		}
	}
	q, _ := url.ParseQuery("sort_key=message_time&payment_id=zzz")
	if _, err := ParseLedgerFilter(q); err == nil {
		t.Error("bad ledger payment_id accepted")
	}
}

func TestFilterMatches(t *testing.T) {
	now := time.Date(2025, 5, 7, 0, 0, 0, 0, time.UTC)
	p := Payment{WalletID: "w", Kind: Bolt11, Direction: Receive, Status: StatusCompleted, CreatedAt: now,
		Metadata: map[string]string{"team": "ops", "till": "2"}}
	for _, tt := range []struct {
		f    PaymentFilter
		want bool
	}{
		{PaymentFilter{}, true},
		{PaymentFilter{WalletID: "x"}, false},
		{PaymentFilter{Statuses: []Status{StatusFailed, StatusCompleted}}, true},
		{PaymentFilter{Statuses: []Status{StatusFailed}}, false},
		{PaymentFilter{Kind: Onchain}, false},
		{PaymentFilter{Direction: Send}, false},
		{PaymentFilter{Start: now, End: now}, true}, // inclusive
		{PaymentFilter{Start: now.Add(time.Second)}, false},
		{PaymentFilter{Metadata: map[string]string{"team": "ops"}}, true},
		{PaymentFilter{Metadata: map[string]string{"team": "ops", "till": "3"}}, false},
		{PaymentFilter{Metadata: map[string]string{"shop": ""}}, false},
	} {
		if got := tt.f.Matches(p); got != tt.want {
			t.Errorf("%+v matches = %v", tt.f, got)
		}
	}
}

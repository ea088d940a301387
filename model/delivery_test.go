package model

import (
	"encoding/json"
	"net/url"
	"reflect"
	"testing"
	"time"
)

func TestDeliveriesReadAsPeopleAskAboutThem(t *testing.T) {
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	code := func(c uint16) *uint16 { return &c }
	ds := []WebhookDelivery{
		{Status: DeliverySucceeded, UpdatedAt: at},
		{Status: DeliveryFailed, StatusCode: code(500), UpdatedAt: at.Add(time.Minute)},
		{Status: DeliveryAttempting, Error: "connection refused", UpdatedAt: at.Add(2 * time.Minute)},
		{Status: DeliveryAbandoned, StatusCode: code(404), UpdatedAt: at.Add(3 * time.Minute)},
		{Status: DeliverySucceeded, UpdatedAt: at.Add(4 * time.Minute)},
	}
	if rate, ok := SuccessRate(ds); !ok || rate != 50 {
		t.Errorf("success rate %d %v, want 50 (2 of 4 decided)", rate, ok)
	}
	if _, ok := SuccessRate(ds[2:3]); ok {
		t.Error("a rate from nothing decided")
	}
	if got := LastFailure(ds); got != "connection refused" {
		t.Errorf("last failure %q", got)
	}
	if got := LastFailure(ds[:2]); got != "HTTP 500" {
		t.Errorf("last failure %q", got)
	}
	if LastFailure(ds[:1]) != "" {
		t.Error("a failure among successes only")
	}
	f := DeliveryFilter{Statuses: []DeliveryStatus{DeliveryFailed, DeliveryAttempting}, Limit: 20, SortKey: "updated_at", SortOrder: Descending}
	q := f.Query()
	if q.Encode() != "limit=20&sort_key=updated_at&sort_order=DESC&statuses%5B%5D=failed&statuses%5B%5D=attempting" {
		t.Errorf("query %s", q.Encode())
	}
	if back, err := ParseDeliveryFilter(q); err != nil || !reflect.DeepEqual(back, f) {
		t.Errorf("parsed back %+v %v", back, err)
	}
	if _, err := ParseDeliveryFilter(url.Values{"statuses[]": {"lost"}}); err == nil {
		t.Error("an unknown status was read")
	}
	ev := NewTestEvent("hello")
	if ev.Payload.Type != "test" || ev.Payload.Detail.Event != "created" || string(ev.Payload.Detail.Data) != `"hello"` || !validUUID(ev.DeliveryID) {
		t.Errorf("test event %+v", ev)
	}
}

func TestPushHealthFollowsTheNewestDeliveries(t *testing.T) {
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	code := uint16(502)
	pay := func(id string) WebhookPayload {
		data, _ := json.Marshal(Payment{ID: id, Direction: Receive, Kind: Bolt11, Status: StatusCompleted})
		return WebhookPayload{Type: "receive", Detail: WebhookDetail{Event: "completed", Data: data}}
	}
	ok := WebhookDelivery{Status: DeliverySucceeded, UpdatedAt: at, Payload: pay("a")}
	bad := WebhookDelivery{Status: DeliveryAttempting, StatusCode: &code, UpdatedAt: at.Add(time.Minute), Payload: pay("b")}
	gaveUp := WebhookDelivery{Status: DeliveryFailed, Error: "connection refused", UpdatedAt: at.Add(2 * time.Minute), Payload: pay("c")}
	later := WebhookDelivery{Status: DeliverySucceeded, UpdatedAt: at.Add(3 * time.Minute), Payload: pay("d")}
	for _, tt := range []struct {
		ds       []WebhookDelivery
		degraded bool
		why      string
		failing  int
	}{
		{[]WebhookDelivery{ok}, false, "", 0},
		{[]WebhookDelivery{ok, bad}, true, "HTTP 502", 1},
		{[]WebhookDelivery{gaveUp, ok, bad}, true, "connection refused", 2},
		{[]WebhookDelivery{later, gaveUp, ok, bad}, false, "", 2}, // recovered; the failed ones are still to be read
		{nil, false, "", 0},
	} {
		h := PushHealthOf(tt.ds)
		if h.Degraded != tt.degraded || h.Why != tt.why || len(h.Failing) != tt.failing {
			t.Errorf("%d deliveries: %+v", len(tt.ds), h)
		}
	}
}

package sim_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// receiver is a webhook receiver on loopback that answers each post with
// the status answer chooses, and keeps what it was sent.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	posts  []*http.Request
	bodies [][]byte
	answer atomic.Int32 // the status to answer; 0 for 200
}

func newReceiver(t *testing.T, status int) *receiver {
	t.Helper()
	r := &receiver{}
	r.answer.Store(int32(status))
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.posts, r.bodies = append(r.posts, req), append(r.bodies, body)
		r.mu.Unlock()
		if s := int(r.answer.Load()); s != 0 {
			w.WriteHeader(s)
		}
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.posts)
}

// hookTo registers a webhook for url and returns its id and secret.
func hookTo(t *testing.T, c *api.Client, url string, events ...model.WebhookEvent) (string, string) {
	t.Helper()
	if len(events) == 0 {
		events = model.WebhookEvents{{Type: "test", Event: "created"}}
	}
	id := model.NewID()
	s, err := c.CreateWebhook(context.Background(), model.NewWebhookRequest{ID: id, URL: url, Name: "receiver", Events: events})
	if err != nil {
		t.Fatal(err)
	}
	return id, s.SharedSecret
}

// deliveryUntil reads a delivery until ok holds of it.
func deliveryUntil(t *testing.T, c *api.Client, hook, id string, ok func(model.WebhookDelivery) bool) model.WebhookDelivery {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d, err := c.WebhookDelivery(context.Background(), hook, id)
		if err != nil {
			t.Fatal(err)
		}
		if ok(d) {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery %+v never reached what the test waits for", d)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func attempts(n int64) func(model.WebhookDelivery) bool {
	return func(d model.WebhookDelivery) bool { return d.AttemptCount >= n }
}

func status(s model.DeliveryStatus) func(model.WebhookDelivery) bool {
	return func(d model.WebhookDelivery) bool { return d.Status == s }
}

// testEvent sends a test event and returns its delivery id.
func testEvent(t *testing.T, c *api.Client, hook, text string) string {
	t.Helper()
	ev := model.NewTestEvent(text)
	if err := c.TestWebhook(context.Background(), hook, ev); err != nil {
		t.Fatal(err)
	}
	return ev.DeliveryID
}

func errorCode(d model.WebhookDelivery) string {
	if d.ErrorInfo == nil {
		return ""
	}
	return d.ErrorInfo.Type + "/" + string(d.ErrorInfo.Code)
}

// TestPaymentEventDeliveryRecordsEachAttempt: a receiver that answers 500
// and then 200 leaves a delivery record that was attempting, with the
// 500 and its error, and then succeeded on the second attempt a second
// later on the simulator's clock, with the payment as the payload.
func TestPaymentEventDeliveryRecordsEachAttempt(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 8, NoHistory: true})
	rcv := newReceiver(t, http.StatusInternalServerError)
	hook, _ := hookTo(t, c, rcv.URL, model.WebhookEvent{Type: "receive", Event: "completed"})
	ctx := context.Background()
	req := must[model.ReceiveRequest](t)(model.NewBolt11Receive(model.ReceiveParams{WalletID: srv.WalletIDs()[0], Amount: 5_000_000}))
	if err := c.CreatePayment(ctx, req); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if err := srv.PayReceive(req.ID, 0); err != nil {
		t.Fatal(err)
	}
	created := clk.Now()
	var page model.Page[model.WebhookDelivery]
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		page = must[model.Page[model.WebhookDelivery]](t)(c.WebhookDeliveries(ctx, hook, model.DeliveryFilter{}))
		if len(page.Items) > 0 && page.Items[0].AttemptCount > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no attempt: %+v", page)
		}
	}
	first := page.Items[0]
	if page.Total != 1 || first.Status != model.DeliveryAttempting || first.StatusCode == nil || *first.StatusCode != 500 ||
		first.Error != "HTTP 500" || errorCode(first) != "delivery_failed/http_server_error" || first.ErrorInfo.Detail == "" ||
		first.WebhookID != hook || first.URL != rcv.URL || !first.CreatedAt.Equal(created) {
		t.Fatalf("after a 500: %+v", first)
	}
	if first.Event() != "receive.completed" || first.PaymentID() != req.ID {
		t.Errorf("payload %s of %s", first.Event(), first.PaymentID())
	}
	rcv.answer.Store(0)
	clk.Advance(time.Second)
	d := deliveryUntil(t, c, hook, first.ID, status(model.DeliverySucceeded))
	if d.AttemptCount != 2 || d.StatusCode == nil || *d.StatusCode != 200 || d.Error != "" || d.ErrorInfo != nil ||
		!d.UpdatedAt.Equal(created.Add(time.Second)) {
		t.Errorf("after a 200: %+v", d)
	}
	rcv.mu.Lock()
	same := string(rcv.bodies[0]) == string(rcv.bodies[1])
	rcv.mu.Unlock()
	if !same {
		t.Error("the retry posted another body")
	}
	if got := srv.Deliveries(); got != (sim.DeliveryStats{Delivered: 1}) {
		t.Errorf("stats %+v", got)
	}
}

// TestNothingListeningFailsAfterTheLastAttempt: a URL nobody listens on
// is refused at every attempt, on the schedule 1, 2, 4, 8 s, and the
// delivery is failed after the fifth with connection_refused and no
// status code.
func TestNothingListeningFailsAfterTheLastAttempt(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 8, NoHistory: true})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/hook"
	ln.Close()
	hook, _ := hookTo(t, c, url)
	id := testEvent(t, c, hook, "anyone there?")
	for n, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second} {
		d := deliveryUntil(t, c, hook, id, attempts(int64(n+1)))
		if d.Status != model.DeliveryAttempting || d.StatusCode != nil || d.Error != "connection refused" ||
			errorCode(d) != "delivery_failed/connection_refused" {
			t.Fatalf("attempt %d: %+v", n+1, d)
		}
		clk.Advance(wait - time.Millisecond)
		time.Sleep(5 * time.Millisecond)
		if d := must[model.WebhookDelivery](t)(c.WebhookDelivery(context.Background(), hook, id)); d.AttemptCount != int64(n+1) {
			t.Fatalf("attempt %d came before %v", n+2, wait)
		}
		clk.Advance(time.Millisecond)
	}
	d := deliveryUntil(t, c, hook, id, status(model.DeliveryFailed))
	if d.AttemptCount != 5 || d.StatusCode != nil || d.Error != "connection refused" {
		t.Errorf("given up: %+v", d)
	}
	clk.Advance(time.Hour)
	if d := must[model.WebhookDelivery](t)(c.WebhookDelivery(context.Background(), hook, id)); d.AttemptCount != 5 {
		t.Errorf("attempted after the last: %+v", d)
	}
	if got := srv.Deliveries(); got != (sim.DeliveryStats{GaveUp: 1}) {
		t.Errorf("stats %+v", got)
	}
}

// failed makes a delivery fail at all five attempts.
func failed(t *testing.T, c *api.Client, clk *clock.Manual, hook, id string) model.WebhookDelivery {
	t.Helper()
	for n := int64(1); n < 5; n++ {
		deliveryUntil(t, c, hook, id, attempts(n))
		clk.Advance(time.Second << (n - 1))
	}
	return deliveryUntil(t, c, hook, id, status(model.DeliveryFailed))
}

// TestRetryAfterFailureSucceeds: a failed delivery retried once the
// receiver is mended is posted once more and succeeds; one that
// succeeded cannot be retried, nor abandoned.
func TestRetryAfterFailureSucceeds(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 8, NoHistory: true})
	rcv := newReceiver(t, http.StatusServiceUnavailable)
	hook, _ := hookTo(t, c, rcv.URL)
	id := testEvent(t, c, hook, "retry me")
	if d := failed(t, c, clk, hook, id); d.AttemptCount != 5 || *d.StatusCode != 503 || errorCode(d) != "delivery_failed/http_server_error" {
		t.Fatalf("failed: %+v", d)
	}
	ctx := context.Background()
	rcv.answer.Store(0)
	if err := c.RetryDelivery(ctx, hook, id); err != nil {
		t.Fatal(err)
	}
	d := deliveryUntil(t, c, hook, id, status(model.DeliverySucceeded))
	if d.AttemptCount != 6 || *d.StatusCode != 200 || d.ErrorInfo != nil || rcv.count() != 6 {
		t.Errorf("retried: %+v, %d posts", d, rcv.count())
	}
	if got := srv.Deliveries(); got != (sim.DeliveryStats{Delivered: 1}) {
		t.Errorf("stats %+v", got)
	}
	for name, err := range map[string]error{
		"retry":   c.RetryDelivery(ctx, hook, id),
		"abandon": c.AbandonDelivery(ctx, hook, id),
	} {
		if e := apiErr(err); e == nil || e.Status != 400 || e.Type != "invalid_webhook" {
			t.Errorf("%s a delivery that succeeded: %v", name, err)
		}
	}
}

// TestRetryAfterFailureFailsAgainAtOnce: a retry is one attempt; if it is
// refused too, the delivery is failed again without waiting.
func TestRetryAfterFailureFailsAgainAtOnce(t *testing.T) {
	_, c, clk := start(t, sim.Config{Seed: 8, NoHistory: true})
	rcv := newReceiver(t, http.StatusNotFound)
	hook, _ := hookTo(t, c, rcv.URL)
	id := testEvent(t, c, hook, "nobody home")
	failed(t, c, clk, hook, id)
	if err := c.RetryDelivery(context.Background(), hook, id); err != nil {
		t.Fatal(err)
	}
	d := deliveryUntil(t, c, hook, id, func(d model.WebhookDelivery) bool { return d.AttemptCount == 6 && d.Status == model.DeliveryFailed })
	if *d.StatusCode != 404 || errorCode(d) != "delivery_failed/http_client_error" || string(d.ErrorInfo.Context) != `{"type":"http_status","status_code":404}` {
		t.Errorf("retried into a 404: %+v %s", d, d.ErrorInfo.Context)
	}
}

// TestAbandonStopsRetries: an abandoned delivery is not attempted again,
// however long the clock runs; abandoning it again is accepted; retried,
// it is posted again.
func TestAbandonStopsRetries(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 8, NoHistory: true})
	rcv := newReceiver(t, http.StatusBadGateway)
	hook, _ := hookTo(t, c, rcv.URL)
	id := testEvent(t, c, hook, "give up on me")
	deliveryUntil(t, c, hook, id, attempts(1))
	ctx := context.Background()
	if err := c.AbandonDelivery(ctx, hook, id); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	time.Sleep(20 * time.Millisecond)
	d := must[model.WebhookDelivery](t)(c.WebhookDelivery(ctx, hook, id))
	if d.Status != model.DeliveryAbandoned || d.AttemptCount != 1 || rcv.count() != 1 {
		t.Fatalf("abandoned: %+v, %d posts", d, rcv.count())
	}
	if err := c.AbandonDelivery(ctx, hook, id); err != nil {
		t.Errorf("abandoning again: %v", err)
	}
	if got := srv.Deliveries(); got != (sim.DeliveryStats{GaveUp: 1}) {
		t.Errorf("stats %+v", got)
	}
	rcv.answer.Store(0)
	if err := c.RetryDelivery(ctx, hook, id); err != nil {
		t.Fatal(err)
	}
	if d := deliveryUntil(t, c, hook, id, status(model.DeliverySucceeded)); d.AttemptCount != 2 {
		t.Errorf("retried: %+v", d)
	}
	// A failed delivery can be abandoned too.
	rcv.answer.Store(500)
	other := testEvent(t, c, hook, "fail, then abandon")
	failed(t, c, clk, hook, other)
	if err := c.AbandonDelivery(ctx, hook, other); err != nil {
		t.Fatal(err)
	}
	if d := must[model.WebhookDelivery](t)(c.WebhookDelivery(ctx, hook, other)); d.Status != model.DeliveryAbandoned {
		t.Errorf("failed, then abandoned: %+v", d)
	}
	if got := srv.Deliveries(); got != (sim.DeliveryStats{Delivered: 1, GaveUp: 1}) {
		t.Errorf("stats %+v", got)
	}
}

// TestDeliveriesListAndCount: the list is the webhook's deliveries newest
// first, filtered by status, sorted and paged as asked; the summary
// counts those in the statuses asked, all when none.
func TestDeliveriesListAndCount(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 8, NoHistory: true})
	good := newReceiver(t, 0)
	// The receiver refuses events whose text says so.
	picky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b, _ := io.ReadAll(r.Body); strings.Contains(string(b), "refuse") {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer picky.Close()
	hook, _ := hookTo(t, c, picky.URL)
	other, _ := hookTo(t, c, good.URL)
	ctx := context.Background()
	var ids []string // oldest first
	for _, text := range []string{"one", "refuse two", "three", "refuse four", "five"} {
		id := testEvent(t, c, hook, text)
		deliveryUntil(t, c, hook, id, attempts(1))
		ids = append(ids, id)
		clk.Advance(100 * time.Millisecond) // short of the first retry
	}
	deliveryUntil(t, c, other, testEvent(t, c, other, "another webhook's"), status(model.DeliverySucceeded))
	if err := c.AbandonDelivery(ctx, hook, ids[3]); err != nil {
		t.Fatal(err)
	}
	list := func(f model.DeliveryFilter) []string {
		t.Helper()
		p := must[model.Page[model.WebhookDelivery]](t)(c.WebhookDeliveries(ctx, hook, f))
		var out []string
		for _, d := range p.Items {
			out = append(out, d.ID)
		}
		return out
	}
	same := func(what string, got []string, want ...string) {
		t.Helper()
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	same("newest first", list(model.DeliveryFilter{}), ids[4], ids[3], ids[2], ids[1], ids[0])
	same("oldest first", list(model.DeliveryFilter{SortOrder: model.Ascending}), ids...)
	same("by update", list(model.DeliveryFilter{SortKey: "updated_at"}), ids[3], ids[4], ids[2], ids[1], ids[0])
	same("succeeded", list(model.DeliveryFilter{Statuses: []model.DeliveryStatus{model.DeliverySucceeded}}), ids[4], ids[2], ids[0])
	same("attempting or abandoned", list(model.DeliveryFilter{Statuses: []model.DeliveryStatus{model.DeliveryAttempting, model.DeliveryAbandoned}}), ids[3], ids[1])
	same("a page", list(model.DeliveryFilter{Offset: 1, Limit: 2}), ids[3], ids[2])
	same("past the end", list(model.DeliveryFilter{Offset: 9}))
	p := must[model.Page[model.WebhookDelivery]](t)(c.WebhookDeliveries(ctx, hook, model.DeliveryFilter{Limit: 2}))
	if p.Total != 5 || p.Limit != 2 || p.Offset != 0 || !p.More() {
		t.Errorf("page %+v", p)
	}
	// By cursor (pagination=cursor, then next_cursor), pages of two give
	// what the offset lists give, in every order, with no total.
	byCursor := func(f model.DeliveryFilter) []string {
		t.Helper()
		f.Limit, f.CursorPaging = 2, true
		var out []string
		for range 10 {
			p := must[model.Page[model.WebhookDelivery]](t)(c.WebhookDeliveries(ctx, hook, f))
			if !p.Cursored || p.Total != 0 {
				t.Fatalf("a cursor page with a total, or none: %+v", p)
			}
			for _, d := range p.Items {
				out = append(out, d.ID)
			}
			if !p.More() {
				return out
			}
			f.CursorPaging, f.Cursor = false, p.NextCursor
		}
		t.Fatal("the cursor does not advance")
		return nil
	}
	for _, f := range []model.DeliveryFilter{{}, {SortOrder: model.Ascending}, {SortKey: "updated_at"},
		{Statuses: []model.DeliveryStatus{model.DeliverySucceeded}}} {
		off := f
		off.Limit = 100
		same(fmt.Sprintf("by cursor, %+v", f), byCursor(f), list(off)...)
	}
	first := must[model.Page[model.WebhookDelivery]](t)(c.WebhookDeliveries(ctx, hook, model.DeliveryFilter{Limit: 2, CursorPaging: true}))
	if _, err := c.WebhookDeliveries(ctx, hook, model.DeliveryFilter{Limit: 2, Cursor: first.NextCursor, SortOrder: model.Ascending}); errType(err) != "invalid_parameter" {
		t.Errorf("a cursor with another sort: %v", err)
	}
	if _, err := c.WebhookDeliveries(ctx, other, model.DeliveryFilter{Limit: 2, Cursor: first.NextCursor}); errType(err) != "invalid_parameter" {
		t.Errorf("a cursor of another webhook: %v", err)
	}

	for _, tt := range []struct {
		statuses []model.DeliveryStatus
		want     uint64
	}{
		{nil, 5},
		{[]model.DeliveryStatus{model.DeliverySucceeded}, 3},
		{[]model.DeliveryStatus{model.DeliveryFailed}, 0},
		{[]model.DeliveryStatus{model.DeliveryAttempting, model.DeliveryAbandoned}, 2},
	} {
		s := must[model.DeliverySummary](t)(c.DeliverySummary(ctx, hook, tt.statuses))
		if s.TotalCount != tt.want || s.WebhookID != hook || s.TotalCountAccuracy != "exact" || len(s.Statuses) != len(tt.statuses) {
			t.Errorf("summary of %v: %+v, want %d", tt.statuses, s, tt.want)
		}
	}
	if got := srv.Deliveries(); got != (sim.DeliveryStats{Pending: 1, Delivered: 4, GaveUp: 1}) {
		t.Errorf("stats %+v", got)
	}

	cr := srv.Credentials()
	base := srv.URL() + "/organizations/" + cr.OrganizationID + "/environments/" + cr.EnvironmentID + "/webhooks/" + hook + "/deliveries"
	for _, tt := range []struct{ name, url string }{
		{"statuses in the SDK's form", base + "?statuses=succeeded"},
		{"an unknown status", base + "?statuses[]=delivered"},
		{"an unknown sort", base + "?sort_key=attempt_count"},
		{"a page too large", base + "?limit=5000"},
		{"an unknown paging", base + "?pagination=pages"},
		{"summary statuses in the SDK's form", base + "/summary?statuses=failed"},
		{"summary of an unknown status", base + "/summary?statuses[]=lost"},
	} {
		if st, body := do(t, "GET", tt.url, "", cr.APIKey, nil); st != 400 || !strings.Contains(string(body), `"invalid_parameter"`) {
			t.Errorf("%s: %d %s", tt.name, st, body)
		}
	}
}

// TestTestEvents: a test event is posted signed like any delivery, under
// the client's delivery id, and recorded; its id cannot be used again,
// and bad ids, bad payloads and stopped webhooks are refused with the
// spec's types.
func TestTestEvents(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 8, NoHistory: true})
	rcv := newReceiver(t, 0)
	hook, secret := hookTo(t, c, rcv.URL, model.WebhookEvent{Type: "send", Event: "failed"})
	ctx := context.Background()
	ev := model.NewTestEvent("hello from voltdash")
	if err := c.TestWebhook(ctx, hook, ev); err != nil {
		t.Fatal(err)
	}
	d := deliveryUntil(t, c, hook, ev.DeliveryID, status(model.DeliverySucceeded))
	if d.ID != ev.DeliveryID || d.Event() != "test.created" || d.AttemptCount != 1 || string(d.Payload.Detail.Data) != `"hello from voltdash"` {
		t.Errorf("test delivery %+v", d)
	}
	rcv.mu.Lock()
	post, body := rcv.posts[0], rcv.bodies[0]
	rcv.mu.Unlock()
	if err := model.VerifyWebhook([]string{secret}, body, post.Header.Get(model.HeaderTimestamp), post.Header.Get(model.HeaderSignature), t0, time.Minute); err != nil {
		t.Errorf("signature: %v", err)
	}
	if post.Header.Get(model.HeaderEvent) != "test.created" || post.Header.Get(model.HeaderWebhookID) != hook {
		t.Errorf("headers %v", post.Header)
	}
	var posted model.WebhookPayload
	if err := json.Unmarshal(body, &posted); err != nil || posted.Type != "test" || string(posted.Detail.Data) != `"hello from voltdash"` {
		t.Errorf("posted %s", body)
	}
	if err := c.TestWebhook(ctx, hook, ev); apiErr(err) == nil || apiErr(err).Type != "invalid_webhook" || apiErr(err).Status != 400 {
		t.Errorf("the same delivery id again: %v", err)
	}

	before := srv.Requests("webhooks.test")
	for name, bad := range map[string]model.TestWebhookRequest{
		"no delivery id":      {Payload: ev.Payload},
		"unknown type":        {DeliveryID: model.NewID(), Payload: model.WebhookPayload{Type: "refund", Detail: ev.Payload.Detail}},
		"test data an object": {DeliveryID: model.NewID(), Payload: model.WebhookPayload{Type: "test", Detail: model.WebhookDetail{Event: "created", Data: []byte(`{}`)}}},
		"send without payment": {DeliveryID: model.NewID(), Payload: model.WebhookPayload{Type: "send",
			Detail: model.WebhookDetail{Event: "failed", Data: []byte(`"x"`)}}},
	} {
		if err := c.TestWebhook(ctx, hook, bad); err == nil || apiErr(err) != nil {
			t.Errorf("%s: %v, want a refusal before sending", name, err)
		}
	}
	if n := srv.Requests("webhooks.test") - before; n != 0 {
		t.Errorf("%d requests sent for bad test events", n)
	}

	cr := srv.Credentials()
	env := srv.URL() + "/organizations/" + cr.OrganizationID + "/environments/" + cr.EnvironmentID
	test := env + "/webhooks/" + hook + "/test"
	body2 := func(id, payload string) string { return `{"delivery_id":"` + id + `","payload":` + payload + `}` }
	testPayload := `{"type":"test","detail":{"event":"created","data":"x"}}`
	for _, tt := range []struct {
		name, url, body string
		status          int
		typ             string
	}{
		{"delivery id not a UUID", test, body2("7", testPayload), 400, "invalid_webhook"},
		{"delivery id used", test, body2(ev.DeliveryID, testPayload), 400, "invalid_webhook"},
		{"no payload", test, `{"delivery_id":"` + model.NewID() + `"}`, 422, "invalid_data"},
		{"unknown event", test, body2(model.NewID(), `{"type":"test","detail":{"event":"deleted","data":"x"}}`), 422, "invalid_data"},
		{"payment event carrying text", test, body2(model.NewID(), `{"type":"receive","detail":{"event":"completed","data":"x"}}`), 422, "invalid_data"},
		{"not JSON", test, `{"delivery_id":`, 400, "invalid_syntax"},
		{"unknown webhook", env + "/webhooks/" + model.NewID() + "/test", body2(model.NewID(), testPayload), 404, "webhook_not_found"},
	} {
		st, b := do(t, "POST", tt.url, tt.body, cr.APIKey, nil)
		if st != tt.status || !strings.Contains(string(b), `"type":"`+tt.typ+`"`) {
			t.Errorf("%s: %d %s, want %d %s", tt.name, st, b, tt.status, tt.typ)
		}
	}
	if err := c.StopWebhook(ctx, hook); err != nil {
		t.Fatal(err)
	}
	if err := c.TestWebhook(ctx, hook, model.NewTestEvent("stopped")); apiErr(err) == nil || apiErr(err).Type != "invalid_webhook" {
		t.Errorf("a stopped webhook: %v", err)
	}
	if s := must[model.DeliverySummary](t)(c.DeliverySummary(ctx, hook, nil)); s.TotalCount != 1 {
		t.Errorf("refused test events were recorded: %+v", s)
	}
}

// TestUnknownDeliveries: a delivery id nobody made, or another webhook's,
// is webhook_delivery_not_found with the id in context; an unknown
// webhook is webhook_not_found; an id that is not a UUID is refused.
func TestUnknownDeliveries(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 8, NoHistory: true})
	rcv := newReceiver(t, 0)
	hook, _ := hookTo(t, c, rcv.URL)
	other, _ := hookTo(t, c, rcv.URL)
	// Sent without the client, whose grace for deliveries it asked for
	// would wait for the clock.
	theirs := model.NewID()
	cr := srv.Credentials()
	env := srv.URL() + "/organizations/" + cr.OrganizationID + "/environments/" + cr.EnvironmentID
	if st, body := do(t, "POST", env+"/webhooks/"+other+"/test", `{"delivery_id":"`+theirs+`","payload":{"type":"test","detail":{"event":"created","data":"not yours"}}}`, cr.APIKey, nil); st != 202 {
		t.Fatalf("test event: %d %s", st, body)
	}
	ctx := context.Background()
	nobody := model.NewID()
	for _, tt := range []struct {
		name, hook, id, typ string
	}{
		{"unknown delivery", hook, nobody, "webhook_delivery_not_found"},
		{"another webhook's", hook, theirs, "webhook_delivery_not_found"},
		{"unknown webhook", model.NewID(), theirs, "webhook_not_found"},
	} {
		_, get := c.WebhookDelivery(ctx, tt.hook, tt.id)
		for what, err := range map[string]error{"get": get, "retry": c.RetryDelivery(ctx, tt.hook, tt.id), "abandon": c.AbandonDelivery(ctx, tt.hook, tt.id)} {
			e := apiErr(err)
			if e == nil || e.Status != 404 || e.Type != tt.typ {
				t.Errorf("%s, %s: %v", tt.name, what, err)
				continue
			}
			if tt.typ == "webhook_delivery_not_found" && e.Context["webhook_delivery_id"] != tt.id {
				t.Errorf("%s, %s: context %v", tt.name, what, e.Context)
			}
		}
	}
	for what, err := range map[string]error{
		"list":    second(c.WebhookDeliveries(ctx, model.NewID(), model.DeliveryFilter{})),
		"summary": second(c.DeliverySummary(ctx, model.NewID(), nil)),
	} {
		if e := apiErr(err); e == nil || e.Status != 404 || e.Type != "webhook_not_found" {
			t.Errorf("%s of an unknown webhook: %v", what, err)
		}
	}
	url := env + "/webhooks/" + hook + "/deliveries/42"
	if st, body := do(t, "GET", url, "", cr.APIKey, nil); st != 400 || !strings.Contains(string(body), `"invalid_parameter"`) {
		t.Errorf("delivery id not a UUID: %d %s", st, body)
	}
}

func apiErr(err error) *api.Error {
	var e *api.Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

func second[T any](_ T, err error) error { return err }

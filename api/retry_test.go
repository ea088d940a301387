package api

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

func TestReadRetriesAfterServerError(t *testing.T) {
	c, f, clk := setup(t)
	f.script(reply(500, `{"error":{"type":"internal_error","detail":"boom"}}`), reply(200, example(t, "wallets_list")))
	ws, err := c.ListWallets(context.Background())
	if err != nil || len(ws) != 3 {
		t.Fatalf("ListWallets = %d wallets, %v", len(ws), err)
	}
	if n := len(f.seen()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	waits := clk.Waits()
	if len(waits) != 1 || waits[0] < 150*time.Millisecond || waits[0] > 300*time.Millisecond {
		t.Errorf("waits %v, want one jittered wait of 150–300 ms", waits)
	}
}

func TestReadGivesUpAfterMaxAttempts(t *testing.T) {
	c, f, clk := setup(t)
	for range 4 {
		f.script(reply(503, `{"error":{"type":"read_temporarily_unavailable","detail":"try later"}}`))
	}
	_, err := c.GetPayment(context.Background(), paymentA)
	if !IsRetryable(err) || len(f.seen()) != 4 || len(clk.Waits()) != 3 {
		t.Errorf("err %v after %d requests, %d waits", err, len(f.seen()), len(clk.Waits()))
	}
	w := clk.Waits()
	if !(w[0] < w[1] && w[1] < w[2]) {
		t.Errorf("waits %v should grow", w)
	}
}

func TestDroppedCreateThenConflictIsOneAcceptedPayment(t *testing.T) {
	c, f, _ := setup(t)
	send, _ := model.NewBolt11Send(model.SendParams{WalletID: walletA, Invoice: "lntbs1pn8x0zzpp5..."})
	f.script(dropAfterReading, reply(409, example(t, "error_payment_exists")), reply(200, example(t, "payment_send_bolt11_completed")))
	if err := c.CreatePayment(context.Background(), send); err != nil {
		t.Fatalf("CreatePayment after a dropped answer and a 409 = %v, want accepted", err)
	}
	reqs := f.seen()
	if len(reqs) != 2 || reqs[0].Body != reqs[1].Body {
		t.Fatalf("the retry must repeat the same body (same id): %+v", reqs)
	}
	p, err := c.GetPayment(context.Background(), send.ID)
	if err != nil || p.Status != model.StatusCompleted {
		t.Errorf("read after create: %v", err)
	}
}

func TestConflictOnFirstAttemptIsReported(t *testing.T) {
	c, f, _ := setup(t)
	send, _ := model.NewBolt11Send(model.SendParams{WalletID: walletA, Invoice: "lntbs1"})
	f.script(reply(409, example(t, "error_payment_exists")))
	err := c.CreatePayment(context.Background(), send)
	if !IsConflict(err) || !IsAlreadyExists(err) || len(f.seen()) != 1 {
		t.Errorf("first-attempt 409 = %v", err)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	c, f, clk := setup(t)
	f.script(reply(429, `{"error":{"type":"rate_limited","detail":"slow down"}}`, "Retry-After", "7"),
		reply(503, "", "Retry-After", clk.Now().Add(7*time.Second+20*time.Second).UTC().Format(http.TimeFormat)),
		reply(200, "[]"))
	if _, err := c.ListWallets(context.Background()); err != nil {
		t.Fatal(err)
	}
	w := clk.Waits()
	if len(w) != 2 || w[0] != 7*time.Second || w[1] < 19*time.Second || w[1] > 21*time.Second {
		t.Errorf("waits %v, want 7 s then about 20 s (an HTTP date)", w)
	}
}

func TestRetryAfterTooLongIsNotWaited(t *testing.T) {
	c, f, clk := setup(t)
	f.script(reply(429, "", "Retry-After", "3600"))
	_, err := c.ListWallets(context.Background())
	e, _ := asError(err)
	if e == nil || e.RetryAfter != time.Hour || len(clk.Waits()) != 0 {
		t.Errorf("err %v waits %v", err, clk.Waits())
	}
}

func TestUnsafeRequestIsNotRepeatedAfterUnknownOutcome(t *testing.T) {
	c, f, _ := setup(t)
	f.script(dropAfterReading)
	if _, err := c.GenerateWebhookKey(context.Background(), hookA); !IsNetwork(err) || len(f.seen()) != 1 {
		t.Errorf("key rotation after a dropped answer: %v, %d requests", err, len(f.seen()))
	}
	// A 503 can come from a proxy whose upstream acted: a rotation is not repeated.
	f.script(reply(503, ""))
	if _, err := c.GenerateWebhookKey(context.Background(), hookA); err == nil || len(f.seen()) != 2 {
		t.Errorf("key rotation after a 503: %v, %d requests", err, len(f.seen()))
	}
	f.script(reply(429, "", "Retry-After", "1"), reply(202, example(t, "webhook_secret")))
	if _, err := c.GenerateWebhookKey(context.Background(), hookA); err != nil || len(f.seen()) != 4 {
		t.Errorf("a 429 comes before any work, so it is retried: %v, %d requests", err, len(f.seen()))
	}
}

func TestRetriedDeleteThatFindsNothingSucceeded(t *testing.T) {
	c, f, _ := setup(t)
	f.script(dropAfterReading, reply(404, `{"error":{"type":"instance_not_found","detail":"gone"}}`))
	if err := c.DeleteWallet(context.Background(), walletA); err != nil {
		t.Errorf("DeleteWallet = %v", err)
	}
}

func TestWebhookCreateWhoseAnswerWasLostRotatesTheSecret(t *testing.T) {
	c, f, _ := setup(t)
	f.script(dropAfterReading, reply(409, `{"error":{"type":"webhook_exists","detail":"exists"}}`),
		reply(202, `{"id":"`+hookA+`","shared_secret":"vltg_rotated"}`))
	s, err := c.CreateWebhook(context.Background(), model.NewWebhookRequest{ID: hookA, URL: "https://x.example", Name: "x", Events: model.AllPaymentEvents})
	if err != nil || s.SharedSecret != "vltg_rotated" || f.seen()[2].Path != env+"/webhooks/"+hookA+"/keys" {
		t.Errorf("secret %+v, %v", s, err)
	}
}

func TestReadAfterCreateForgivesBrief404(t *testing.T) {
	c, f, clk := setup(t, WithCreateGrace(5*time.Second))
	recv, _ := model.NewBolt11Receive(model.ReceiveParams{WalletID: walletA, Amount: 1000})
	notYet := `{"error":{"type":"payment_not_found","detail":"payment not found"}}`
	f.script(reply(202, ""), reply(404, notYet), reply(404, notYet), reply(200, example(t, "payment_receive_bolt11_generating")))
	if err := c.CreatePayment(context.Background(), recv); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetPayment(context.Background(), recv.ID); err != nil {
		t.Errorf("GetPayment within grace = %v", err)
	}
	if len(clk.Waits()) != 2 {
		t.Errorf("waits %v", clk.Waits())
	}
	// A payment this client did not just create gets its 404 at once.
	f.script(reply(404, notYet))
	if _, err := c.GetPayment(context.Background(), paymentA); !IsNotFound(err) || len(clk.Waits()) != 2 {
		t.Errorf("unrelated 404 = %v", err)
	}
	// And so does ours, once the grace window has passed.
	clk.Advance(10 * time.Second)
	f.script(reply(404, notYet))
	if _, err := c.GetPayment(context.Background(), recv.ID); !IsNotFound(err) {
		t.Errorf("404 after grace = %v", err)
	}
}

func TestCancellingCutsARetryWaitShort(t *testing.T) {
	f := &fakeAPI{}
	mux := http.NewServeMux()
	mux.Handle("/v1/", f)
	srv := newServer(t, mux)
	clk := clock.NewManual(time.Unix(0, 0)) // never advances: a wait would last for ever
	c, _ := New(srv+"/v1", testKey, testOrg, testEnv, WithClock(clk))
	f.script(reply(503, ""))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { _, err := c.ListWallets(ctx); done <- err }()
	for clk.Pending() == 0 { // the client is now waiting to retry
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !IsRetryable(err) {
		t.Errorf("err = %v", err)
	}
}

func TestAttemptTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	f := &fakeAPI{}
	f.script(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	mux := http.NewServeMux()
	mux.Handle("/v1/", f)
	c, _ := New(newServer(t, mux)+"/v1", testKey, testOrg, testEnv, WithTimeout(20*time.Millisecond),
		WithRetry(RetryPolicy{MaxAttempts: 1}))
	_, err := c.ListWallets(context.Background())
	if e, ok := asError(err); !ok || e.Type != TypeTimeout || !IsRetryable(err) {
		t.Errorf("err = %v", err)
	}
}

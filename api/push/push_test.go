package push

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

var t0 = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

const (
	hook   = "b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d6e"
	secret = "vltg_0123456789abcdefghijklmnopqrstuv"
)

func receivePayment(status model.Status, updated time.Time) model.Payment {
	return model.Payment{ID: "6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9", WalletID: "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10",
		Direction: model.Receive, Kind: model.Bolt11, Currency: model.BTC, Status: status,
		CreatedAt: t0.Add(-time.Minute), UpdatedAt: updated,
		Data: model.ReceiveBolt11Data{PaymentRequest: "lntbs1example", AmountMsats: 2_500_000}}
}

func payload(t *testing.T, typ, event string, data any) []byte {
	t.Helper()
	raw, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(model.WebhookPayload{Type: typ, Detail: model.WebhookDetail{Event: event, Data: raw}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// delivery is a POST as Voltage makes it, signed with key at ts.
func delivery(body []byte, key string, ts time.Time) *http.Request {
	req := httptest.NewRequest(http.MethodPost, Path, strings.NewReader(string(body)))
	stamp := strconv.FormatInt(ts.Unix(), 10)
	req.Header.Set(model.HeaderTimestamp, stamp)
	req.Header.Set(model.HeaderSignature, model.SignWebhook(key, body, stamp))
	req.Header.Set(model.HeaderWebhookID, hook)
	return req
}

func post(r *Receiver, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	return rec
}

func registered() *Receiver {
	r := NewReceiver(clock.NewManual(t0))
	r.SetSecret(hook, secret)
	return r
}

// pending drains what the receiver has queued, without waiting.
func pending(t *testing.T, r *Receiver) []model.Payment {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	ps, _ := r.Next(ctx)
	return ps
}

func TestDeliveriesAreVerifiedBeforeTheyAreRead(t *testing.T) {
	good := payload(t, "receive", "completed", receivePayment(model.StatusCompleted, t0))
	for _, tt := range []struct {
		name   string
		req    func() *http.Request
		status int
	}{
		{"signed", func() *http.Request { return delivery(good, secret, t0) }, http.StatusOK},
		{"wrong secret", func() *http.Request { return delivery(good, "vltg_someoneelse", t0) }, http.StatusUnauthorized},
		{"body changed after signing", func() *http.Request {
			req := delivery(good, secret, t0)
			tampered := strings.Replace(string(good), "2500000", "9500000", 1)
			req.Body = httptest.NewRequest(http.MethodPost, Path, strings.NewReader(tampered)).Body
			return req
		}, http.StatusUnauthorized},
		{"replayed from an hour ago", func() *http.Request { return delivery(good, secret, t0.Add(-time.Hour)) }, http.StatusUnauthorized},
		{"from the future", func() *http.Request { return delivery(good, secret, t0.Add(10*time.Minute)) }, http.StatusUnauthorized},
		{"unsigned", func() *http.Request {
			req := delivery(good, secret, t0)
			req.Header.Del(model.HeaderSignature)
			return req
		}, http.StatusUnauthorized},
		{"another webhook", func() *http.Request {
			req := delivery(good, secret, t0)
			req.Header.Set(model.HeaderWebhookID, "0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b")
			return req
		}, http.StatusUnauthorized},
		{"not a POST", func() *http.Request { return httptest.NewRequest(http.MethodGet, Path, nil) }, http.StatusMethodNotAllowed},
		{"too large", func() *http.Request {
			return delivery([]byte(`{"type":"receive","detail":{"data":"`+strings.Repeat("x", maxBody)+`"}}`), secret, t0)
		}, http.StatusRequestEntityTooLarge},
		{"signed but not a payload", func() *http.Request { return delivery([]byte(`[1,2]`), secret, t0) }, http.StatusBadRequest},
		{"signed but no payment", func() *http.Request {
			return delivery(payload(t, "receive", "completed", map[string]string{"status": "completed"}), secret, t0)
		}, http.StatusBadRequest},
		{"test event", func() *http.Request {
			return delivery(payload(t, "test", "created", "webhook "+hook+" created"), secret, t0)
		}, http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := registered()
			rec := post(r, tt.req())
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d (%s)", rec.Code, tt.status, rec.Body)
			}
			if strings.Contains(rec.Body.String(), secret) {
				t.Error("the answer shows the secret")
			}
			got := pending(t, r)
			if wantPayment := tt.name == "signed"; (len(got) == 1) != wantPayment {
				t.Errorf("handed on %d payments", len(got))
			}
			wantRejected := tt.status != http.StatusOK && tt.status != http.StatusMethodNotAllowed
			if s := r.Stats(); (s.Rejected == 1) != wantRejected {
				t.Errorf("stats %+v", s)
			}
		})
	}
}

func TestNothingIsAcceptedBeforeRegistration(t *testing.T) {
	r := NewReceiver(clock.NewManual(t0))
	body := payload(t, "receive", "completed", receivePayment(model.StatusCompleted, t0))
	if rec := post(r, delivery(body, secret, t0)); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d before a secret is known: Voltage should retry later", rec.Code)
	}
}

func TestEachNewStateIsHandedOnOnceAndNeverBackwards(t *testing.T) {
	r := registered()
	receiving := payload(t, "receive", "generated", receivePayment(model.StatusReceiving, t0))
	completed := payload(t, "receive", "completed", receivePayment(model.StatusCompleted, t0.Add(time.Second)))
	post(r, delivery(receiving, secret, t0))
	post(r, delivery(completed, secret, t0))
	post(r, delivery(completed, secret, t0)) // duplicated by Voltage
	post(r, delivery(receiving, secret, t0)) // a late retry of the older event
	got := pending(t, r)
	if len(got) != 1 || got[0].Status != model.StatusCompleted {
		t.Fatalf("queued %+v; want only the newest state", got)
	}
	if s := r.Stats(); s.Accepted != 2 || s.Duplicate != 2 {
		t.Errorf("stats %+v", s)
	}
	post(r, delivery(completed, secret, t0))
	if got := pending(t, r); len(got) != 0 {
		t.Errorf("a repeat after it was handed on came again: %+v", got)
	}
}

func TestRotatedSecretAcceptsBoth(t *testing.T) {
	r := registered()
	r.SetSecret(hook, "vltg_rotatedrotatedrotatedrotated12")
	body := payload(t, "receive", "completed", receivePayment(model.StatusCompleted, t0))
	for _, key := range []string{secret, "vltg_rotatedrotatedrotatedrotated12"} {
		if rec := post(r, delivery(body, key, t0)); rec.Code != http.StatusOK {
			t.Errorf("signed with %s…: %d", key[:9], rec.Code)
		}
	}
	r.SetSecret("0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b", "vltg_another")
	if rec := post(r, delivery(body, secret, t0)); rec.Code != http.StatusUnauthorized {
		t.Errorf("a new webhook forgets the old one's secret: %d", rec.Code)
	}
}

func TestNextWaitsAndStopsOnClose(t *testing.T) {
	r := registered()
	got := make(chan []model.Payment)
	go func() {
		ps, _ := r.Next(context.Background())
		got <- ps
	}()
	for deadline := time.Now().Add(5 * time.Second); ; {
		if _, waiting := r.Backlog(); waiting == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Next never started waiting")
		}
		time.Sleep(time.Millisecond)
	}
	post(r, delivery(payload(t, "receive", "completed", receivePayment(model.StatusCompleted, t0)), secret, t0))
	if ps := <-got; len(ps) != 1 {
		t.Fatalf("woke with %+v", ps)
	}
	if queued, waiting := r.Backlog(); queued != 0 || waiting != 0 {
		t.Errorf("backlog %d queued, %d waiting after the take", queued, waiting)
	}
	r.Close()
	if _, err := r.Next(context.Background()); err != ErrClosed {
		t.Errorf("after Close: %v", err)
	}
}

func TestListenSaysWhenTheAddressIsTaken(t *testing.T) {
	first, err := Listen("127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close(context.Background())
	addr := strings.TrimSuffix(strings.TrimPrefix(first.LocalURL(), "http://"), Path)
	if _, err := Listen(addr, nil); err == nil || err.Error() != addr+" is already in use (another voltdash?)" {
		t.Errorf("second listener on %s: %v", addr, err)
	}
}

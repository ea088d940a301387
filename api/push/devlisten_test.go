package push

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// heardLog keeps what a DevListener reports.
type heardLog struct {
	mu    sync.Mutex
	heard []model.HeardDelivery
}

func (l *heardLog) add(h model.HeardDelivery) {
	l.mu.Lock()
	l.heard = append(l.heard, h)
	l.mu.Unlock()
}
func (l *heardLog) last() model.HeardDelivery {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.heard[len(l.heard)-1]
}

// send posts req's body and headers to the listener over real HTTP.
func send(t *testing.T, d *DevListener, req *http.Request) (int, string) {
	t.Helper()
	body, _ := io.ReadAll(req.Body)
	out, _ := http.NewRequest(http.MethodPost, d.URL()+"voltage/webhook", bytes.NewReader(body))
	out.Header = req.Header.Clone()
	resp, err := http.DefaultClient.Do(out)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	why, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(why))
}

// TestListenRefusesForgedStaleAndReplayedDeliveries, each with its
// reason, and passes the genuine one on with its headers and body.
func TestListenRefusesForgedStaleAndReplayedDeliveries(t *testing.T) {
	var got struct {
		sync.Mutex
		header http.Header
		body   []byte
	}
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Lock()
		got.header, got.body = r.Header.Clone(), must(io.ReadAll(r.Body))
		got.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	defer app.Close()
	clk := clock.NewManual(t0)
	log := &heardLog{}
	d, err := ListenDev(DevOptions{Addr: "127.0.0.1:0", Secret: secret, ForwardTo: app.URL + "/hooks", Clock: clk}, log.add)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(context.Background())
	body := payload(t, "receive", "completed", receivePayment(model.StatusCompleted, t0))

	for _, tt := range []struct {
		name   string
		req    *http.Request
		status int
		why    string
	}{
		{"forged", delivery(body, "vltg_not-the-secret", t0), http.StatusUnauthorized, "signature does not match"},
		{"stale", delivery(body, secret, t0.Add(-Tolerance-time.Second)), http.StatusUnauthorized, "too old or in the future"},
		{"unsigned", func() *http.Request { r := delivery(body, secret, t0); r.Header.Del(model.HeaderSignature); return r }(), http.StatusUnauthorized, "not signed"},
		{"tampered", func() *http.Request {
			r := delivery(body, secret, t0)
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(string(body), "completed", "failed", 1)))
			return r
		}(), http.StatusUnauthorized, "signature does not match"},
	} {
		status, why := send(t, d, tt.req)
		if h := log.last(); status != tt.status || !strings.Contains(why, tt.why) || h.Verified || !strings.Contains(h.Refused, tt.why) {
			t.Errorf("%s: %d %q, heard %+v", tt.name, status, why, h)
		}
	}
	got.Lock()
	if got.body != nil {
		t.Error("a refused delivery was passed on")
	}
	got.Unlock()

	genuine := delivery(body, secret, t0)
	if status, _ := send(t, d, genuine); status != http.StatusAccepted {
		t.Fatalf("the genuine delivery: %d (the application answered 202)", status)
	}
	h := log.last()
	if !h.Verified || h.Event != "receive.completed" || h.PaymentID != "6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9" || h.Forwarded != http.StatusAccepted {
		t.Errorf("heard %+v", h)
	}
	got.Lock()
	if !bytes.Equal(got.body, body) || got.header.Get(model.HeaderSignature) != genuine.Header.Get(model.HeaderSignature) ||
		got.header.Get(model.HeaderWebhookID) != hook {
		t.Errorf("passed on %q with %v", got.body, got.header)
	}
	got.Unlock()

	if status, why := send(t, d, delivery(body, secret, t0)); status != http.StatusConflict || !strings.Contains(why, "replayed") {
		t.Errorf("the same delivery again: %d %q", status, why)
	}
}

func TestListenForwardsOnlyToThisMachine(t *testing.T) {
	for _, to := range []string{"http://example.com/hooks", "ftp://localhost/x", "localhost:3000"} {
		if _, err := ListenDev(DevOptions{Addr: "127.0.0.1:0", Secret: secret, ForwardTo: to}, func(model.HeardDelivery) {}); err == nil {
			t.Errorf("forwarding to %s was accepted", to)
		}
	}
	if _, err := ListenDev(DevOptions{Addr: "127.0.0.1:0"}, func(model.HeardDelivery) {}); err == nil || !strings.Contains(err.Error(), "secret") {
		t.Errorf("no secret: %v", err)
	}
}

// TestTheDashboardTakesACopyAsNothingNew: push answers a replayed copy
// 200 (it has it), counts it a duplicate, and hands nothing on twice.
func TestTheDashboardTakesACopyAsNothingNew(t *testing.T) {
	r := registered()
	body := payload(t, "receive", "completed", receivePayment(model.StatusCompleted, t0))
	first, copyOf := delivery(body, secret, t0), delivery(body, secret, t0)
	if rec := post(r, first); rec.Code != http.StatusOK {
		t.Fatal(rec.Code)
	}
	if rec := post(r, copyOf); rec.Code != http.StatusOK || r.Stats().Duplicate != 1 || r.Stats().Accepted != 1 {
		t.Errorf("a copy: %d, stats %+v", rec.Code, r.Stats())
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

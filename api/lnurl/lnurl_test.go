package lnurl

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

const metadata = `[["text/plain","Coffee"],["text/identifier","coffee@127.0.0.1"]]`

// service is a Lightning Address service on loopback: the pay request at
// /.well-known/lnurlp/coffee, the callback at /cb?shop=1.
type service struct {
	*httptest.Server
	mu      sync.Mutex
	asked   []string // request URIs, in order
	headers []http.Header
}

func newService(t *testing.T, handle func(w http.ResponseWriter, r *http.Request) bool) *service {
	t.Helper()
	s := &service{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.asked = append(s.asked, r.URL.RequestURI())
		s.headers = append(s.headers, r.Header.Clone())
		s.mu.Unlock()
		if handle != nil && handle(w, r) {
			return
		}
		switch r.URL.Path {
		case "/.well-known/lnurlp/coffee":
			http.SetCookie(w, &http.Cookie{Name: "track", Value: "me"})
			b, _ := json.Marshal(map[string]any{"tag": "payRequest", "callback": s.URL + "/cb?shop=1&x=a%20b",
				"minSendable": 1000, "maxSendable": 1_000_000, "metadata": metadata, "commentAllowed": 30})
			w.Write(b)
		case "/cb":
			w.Write([]byte(`{"pr":"lnbcrt1invoice","routes":[],"successAction":{"tag":"message","message":"Thanks!"}}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *service) target(t *testing.T, name string) model.PayTarget {
	t.Helper()
	tg, ok, err := model.ParsePayTarget(name + "@" + s.Listener.Addr().String())
	if !ok || err != nil {
		t.Fatal(ok, err)
	}
	return tg
}

func TestLNURLPayAnAddress(t *testing.T) {
	s := newService(t, nil)
	c := New()
	pr, err := c.PayRequest(context.Background(), s.target(t, "Coffee"))
	if err != nil {
		t.Fatal(err)
	}
	if pr.Metadata != metadata || pr.Description != "Coffee" || pr.CommentAllowed != 30 {
		t.Fatalf("%+v", pr)
	}
	inv, err := c.Invoice(context.Background(), pr, 21_000, "for the beans & milk")
	if err != nil {
		t.Fatal(err)
	}
	if inv.PR != "lnbcrt1invoice" || inv.SuccessAction == nil || inv.SuccessAction.Message != "Thanks!" {
		t.Fatalf("%+v", inv)
	}
	// The callback's own query comes first, as it was; then ours.
	want := []string{"/.well-known/lnurlp/coffee", "/cb?shop=1&x=a%20b&amount=21000&comment=for+the+beans+%26+milk"}
	if strings.Join(s.asked, " ") != strings.Join(want, " ") {
		t.Fatalf("asked %q", s.asked)
	}
	for _, h := range s.headers {
		if h.Get("Cookie") != "" || h.Get("User-Agent") != DefaultUserAgent || h.Get("Accept") != "application/json" {
			t.Fatalf("headers %v", h)
		}
	}
	// No comment: no comment parameter.
	if _, err := c.Invoice(context.Background(), pr, 1000, ""); err != nil {
		t.Fatal(err)
	}
	if last := s.asked[len(s.asked)-1]; last != "/cb?shop=1&x=a%20b&amount=1000" {
		t.Fatalf("asked %q", last)
	}
}

func TestLNURLInvoiceRefusesBeforeAsking(t *testing.T) {
	s := newService(t, nil)
	c := New()
	pr, err := c.PayRequest(context.Background(), s.target(t, "coffee"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Invoice(context.Background(), pr, 999, ""); !errors.Is(err, model.ErrLNURLAmountBounds) {
		t.Errorf("below min: %v", err)
	}
	if _, err := c.Invoice(context.Background(), pr, 2000, strings.Repeat("x", 31)); !errors.Is(err, model.ErrLNURLComment) {
		t.Errorf("long comment: %v", err)
	}
	plain := pr
	plain.Callback = "http://example.com/cb"
	if _, err := c.Invoice(context.Background(), plain, 2000, ""); !errors.Is(err, model.ErrLNURLNotPayRequest) {
		t.Errorf("http callback: %v", err)
	}
	if len(s.asked) != 1 {
		t.Fatalf("asked %q", s.asked)
	}
}

func TestLNURLFailures(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	s := newService(t, func(w http.ResponseWriter, r *http.Request) bool {
		switch r.URL.Path {
		case "/.well-known/lnurlp/error":
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"status":"ERROR","reason":"account \u001b[2Jsuspended"}`))
		case "/.well-known/lnurlp/ok-error":
			w.Write([]byte(`{"status":"ERROR","reason":"try later"}`))
		case "/.well-known/lnurlp/down":
			w.WriteHeader(http.StatusBadGateway)
			w.Write([]byte(`<html>` + strings.Repeat("x", 1000)))
		case "/.well-known/lnurlp/html":
			w.Write([]byte(`<html><body>hello</body></html>`))
		case "/.well-known/lnurlp/forbidden":
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`<html>no</html>`))
		case "/.well-known/lnurlp/big":
			w.Write([]byte(`{"tag":"payRequest","pad":"` + strings.Repeat("x", MaxAnswer) + `"}`))
		case "/.well-known/lnurlp/slow":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		case "/.well-known/lnurlp/away":
			http.Redirect(w, r, "https://elsewhere.example/.well-known/lnurlp/away", http.StatusFound)
		case "/.well-known/lnurlp/hop":
			http.Redirect(w, r, "/.well-known/lnurlp/coffee", http.StatusFound)
		case "/.well-known/lnurlp/loop":
			http.Redirect(w, r, "/.well-known/lnurlp/loop", http.StatusFound)
		default:
			return false
		}
		return true
	})
	c := New(WithTimeout(200 * time.Millisecond))
	tests := []struct {
		name string
		want error
		says string
	}{
		{"nobody", model.ErrLNURLNoSuchUser, "has no user nobody"},
		{"error", model.ErrLNURLServiceError, "the service refused: account ␛suspended"},
		{"ok-error", model.ErrLNURLServiceError, "the service refused: try later"},
		{"down", model.ErrLNURLUnreachable, "is down (it answered 502 Bad Gateway)"},
		{"html", model.ErrLNURLNotPayRequest, "not the JSON"},
		{"forbidden", model.ErrLNURLNotPayRequest, "answered 403 Forbidden instead of a pay request"},
		{"big", model.ErrLNURLNotPayRequest, "larger than 64 KiB"},
		{"slow", model.ErrLNURLUnreachable, "did not answer within 200ms"},
		{"away", model.ErrLNURLNotPayRequest, "redirected to another site (elsewhere.example)"},
		{"loop", model.ErrLNURLUnreachable, "redirected again and again"},
	}
	for _, tt := range tests {
		_, err := c.PayRequest(context.Background(), s.target(t, tt.name))
		if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: %v, want %v saying %q", tt.name, err, tt.want, tt.says)
		}
		if err != nil && (strings.Contains(err.Error(), "<html") || strings.Contains(err.Error(), "\x1b")) {
			t.Errorf("%s: raw body in %q", tt.name, err)
		}
	}
	// A same-origin redirect is followed.
	if _, err := c.PayRequest(context.Background(), s.target(t, "hop")); err != nil {
		t.Errorf("same-origin redirect: %v", err)
	}
	// A caller that gives up gets its own error, not the service's.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.PayRequest(ctx, s.target(t, "slow")); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

func TestLNURLCallbackFailures(t *testing.T) {
	s := newService(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/cb" {
			return false
		}
		switch r.URL.Query().Get("amount") {
		case "2000":
			w.Write([]byte(`{"status":"ERROR","reason":"Amount is not allowed today"}`))
		case "3000":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "4000":
			w.Write([]byte(`{"pr":"lnbc1x","successAction":{"tag":"url","url":"https://phish.example/x","description":"receipt"}}`))
		case "5000":
			w.Write([]byte(`{"pr":"` + strings.Repeat("x", MaxAnswer) + `"}`))
		case "6000":
			w.Write([]byte(`{"reason":"no pr"}`))
		default:
			return false
		}
		return true
	})
	c := New()
	pr, err := c.PayRequest(context.Background(), s.target(t, "coffee"))
	if err != nil {
		t.Fatal(err)
	}
	for amount, want := range map[model.MilliSats]error{
		2000: model.ErrLNURLServiceError, 3000: model.ErrLNURLUnreachable, 4000: model.ErrLNURLSuccessAction,
		5000: model.ErrLNURLBadInvoice, 6000: model.ErrLNURLBadInvoice,
	} {
		if _, err := c.Invoice(context.Background(), pr, amount, ""); !errors.Is(err, want) {
			t.Errorf("%v: %v, want %v", amount, err, want)
		}
	}
}

func TestLNURLRefusesPlainHTTPAndClosedPorts(t *testing.T) {
	c := New(WithTimeout(2 * time.Second))
	bad := model.PayTarget{Kind: model.TargetLNURLP, URL: "http://example.com/p"}
	if _, err := c.PayRequest(context.Background(), bad); !errors.Is(err, model.ErrLNURLTarget) {
		t.Errorf("plain http: %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	tg, _, _ := model.ParsePayTarget("coffee@" + addr)
	if _, err := c.PayRequest(context.Background(), tg); !errors.Is(err, model.ErrLNURLUnreachable) || !strings.Contains(err.Error(), "nothing is listening") {
		t.Errorf("closed port: %v", err)
	}
}

// The client is what the front ends are given.
var _ interface {
	PayRequest(context.Context, model.PayTarget) (model.PayRequest, error)
	Invoice(context.Context, model.PayRequest, model.MilliSats, string) (model.PayInvoice, error)
} = (*Client)(nil)

package price

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// t0 is the test clock's now: 12:05:30 UTC.
var t0 = time.Date(2026, 11, 20, 12, 5, 30, 0, time.UTC)

// service is a price service that answers with answer(path), counting
// requests. It is mounted under /quotes, so that a client that forgets the
// base URL's path fails loudly.
type service struct {
	*httptest.Server
	requests atomic.Int32
	paths    chan string
}

func newService(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) *service {
	s := &service{paths: make(chan string, 100)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		rest, ok := strings.CutPrefix(r.URL.Path, "/quotes/currency/BTCUSD/")
		if !ok {
			http.NotFound(w, r)
			return
		}
		s.paths <- rest
		answer(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *service) url() string { return s.URL + "/quotes" }

// quoting answers BTCUSD at price for the minute asked (now: 12:05).
func quoting(price string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		at := strings.TrimPrefix(r.URL.Path, "/quotes/currency/BTCUSD/")
		if at == "now" {
			at = "2026-11-20T12:05:00Z"
		}
		fmt.Fprintf(w, `{"pair":"BTCUSD","time":%q,"price":%q}`, at, price)
	}
}

func newClient(s *service, clk clock.Clock) *Client { return New(s.url(), WithClock(clk)) }

func TestQuoteAsksForTheMinuteInTheOneFormatTheServiceReads(t *testing.T) {
	s := newService(t, quoting("97123.45"))
	c := newClient(s, clock.NewManual(t0))
	q, err := c.Quote(context.Background(), time.Date(2026, 11, 20, 13, 4, 59, 0, time.FixedZone("CET", 3600)))
	if err != nil {
		t.Fatal(err)
	}
	if got := <-s.paths; got != "2026-11-20T12:04:00Z" {
		t.Errorf("asked for %q", got)
	}
	want := model.Quote{Pair: "BTCUSD", Minute: time.Date(2026, 11, 20, 12, 4, 0, 0, time.UTC), Price: 97_123_45_000_000}
	if q != want {
		t.Errorf("quote %+v, want %+v", q, want)
	}
	if q, err = c.Quote(context.Background(), time.Time{}); err != nil || q.Minute != model.PriceMinute(t0) {
		t.Fatalf("now: %+v, %v", q, err)
	}
	if got := <-s.paths; got != "now" {
		t.Errorf("asked for %q, want now", got)
	}
}

// TestAnswersThatAreNotTheQuoteAsked: every answer that is not BTCUSD for
// the minute asked, with a price that can be used, is refused with a
// sentence that names the service and never repeats the body.
func TestAnswersThatAreNotTheQuoteAsked(t *testing.T) {
	minute := "2026-11-20T12:01:00Z"
	for _, tt := range []struct {
		name   string
		at     time.Time // zero: now
		status int
		body   string
		want   string // in the error; "" means the answer is good
	}{
		{"good", time.Time{}, 200, `{"pair":"BTCUSD","time":"2026-11-20T12:05:00Z","price":"97123.45"}`, ""},
		{"unix seconds", time.Time{}, 200, `{"pair":"BTCUSD","time":1795176300,"price":"97123.45"}`, ""},
		{"price as a JSON number", time.Time{}, 200, `{"pair":"BTCUSD","time":1795176300,"price":97123.45}`, ""},
		{"a minute behind is still the latest", time.Time{}, 200, `{"pair":"BTCUSD","time":"2026-11-20T12:03:00Z","price":"97123.45"}`, ""},
		{"wrong minute", parse(minute), 200, `{"pair":"BTCUSD","time":"2026-11-20T12:05:00Z","price":"97123.45"}`,
			"quoted 2026-11-20 12:05 UTC when asked for 2026-11-20 12:01 UTC"},
		{"wrong pair", time.Time{}, 200, `{"pair":"ETHUSD\u001b[2J","time":"2026-11-20T12:05:00Z","price":"3000"}`,
			`quoted "ETHUSD␛" instead of BTCUSD`},
		{"now from the future", time.Time{}, 200, `{"pair":"BTCUSD","time":"2026-11-20T12:06:00Z","price":"97123.45"}`,
			"a minute still to come"},
		{"now long ago", time.Time{}, 200, `{"pair":"BTCUSD","time":"2026-11-20T11:00:00Z","price":"97123.45"}`,
			"more than 5 minutes old"},
		{"no time", time.Time{}, 200, `{"pair":"BTCUSD","price":"97123.45"}`, "without a time"},
		{"garbage", time.Time{}, 200, `<html>SECRET</html>`, "sent an answer that is not a price"},
		{"negative", time.Time{}, 200, `{"pair":"BTCUSD","time":"2026-11-20T12:05:00Z","price":"-1"}`, "the price is negative"},
		{"zero", time.Time{}, 200, `{"pair":"BTCUSD","time":"2026-11-20T12:05:00Z","price":"0.00"}`, "the price is zero"},
		{"exponent", time.Time{}, 200, `{"pair":"BTCUSD","time":"2026-11-20T12:05:00Z","price":1e5}`, "not a decimal number"},
		{"huge price", time.Time{}, 200, `{"pair":"BTCUSD","time":"2026-11-20T12:05:00Z","price":"99999999999"}`, "more than $1,000,000,000"},
		{"huge body", time.Time{}, 200, `{"pair":"BTCUSD","pad":"` + strings.Repeat("SECRET", 1000) + `"}`, "larger than 4 KiB"},
		{"5xx", time.Time{}, 503, `SECRET`, "answered 503 Service Unavailable instead of a price"},
		{"404", parse(minute), 404, `SECRET`, "answered 404 Not Found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newService(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			})
			_, err := newClient(s, clock.NewManual(t0)).Quote(context.Background(), tt.at)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused a good answer: %v", err)
			case tt.want == "":
				return
			case err == nil:
				t.Fatalf("took %s", tt.body)
			}
			msg := err.Error()
			host := strings.TrimPrefix(s.URL, "http://")
			if !strings.HasPrefix(msg, "the price service at "+host+" ") || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want it to name %s and say %q", msg, host, tt.want)
			}
			if strings.Contains(msg, "SECRET") || strings.Contains(msg, "\x1b") || strings.Contains(msg, "\n") {
				t.Errorf("error %q repeats the answer", msg)
			}
		})
	}
}

func parse(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestTimeout: a service that never answers costs the timeout on the
// clock, and says so.
func TestTimeout(t *testing.T) {
	arrived := make(chan struct{}, 1)
	s := newService(t, func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	})
	clk := clock.NewManual(t0)
	c := newClient(s, clk)
	got := make(chan error, 1)
	go func() {
		_, err := c.Quote(context.Background(), time.Time{})
		got <- err
	}()
	<-arrived
	clk.Advance(DefaultTimeout)
	err := <-got
	host := strings.TrimPrefix(s.URL, "http://")
	if err == nil || err.Error() != "the price service at "+host+" did not answer within 5s" || !errors.Is(err, ErrTimeout) {
		t.Errorf("error %v", err)
	}
}

// TestCachedByTheMinute: a minute is asked once; "now" once per minute of
// the clock.
func TestCachedByTheMinute(t *testing.T) {
	s := newService(t, quoting("97123.45"))
	clk := clock.NewManual(t0)
	c := newClient(s, clk)
	ctx := context.Background()
	ask := func(at time.Time, wantRequests int32) {
		t.Helper()
		if _, err := c.Quote(ctx, at); err != nil {
			t.Fatal(err)
		}
		if n := s.requests.Load(); n != wantRequests {
			t.Errorf("%d requests, want %d", n, wantRequests)
		}
	}
	past := t0.Add(-time.Hour)
	ask(past, 1)
	ask(past.Add(20*time.Second), 1) // the same minute
	ask(time.Time{}, 2)
	ask(time.Time{}, 2)
	clk.Advance(20 * time.Second) // 12:05:50, still the same minute
	ask(time.Time{}, 2)
	ask(model.PriceMinute(t0), 2) // "now" was the 12:05 quote: that minute is known
	clk.Advance(time.Minute)      // 12:06:50
	ask(time.Time{}, 3)
	ask(past, 3)
}

// TestFailureBackoff: after a failure the same error is answered without
// a request until Backoff has passed; a failure of the whole service stops
// asks for every minute, one minute's refusal stops only that minute's.
func TestFailureBackoff(t *testing.T) {
	var status atomic.Int32
	status.Store(503)
	s := newService(t, func(w http.ResponseWriter, r *http.Request) {
		if code := int(status.Load()); code != 200 {
			w.WriteHeader(code)
			return
		}
		quoting("97123.45")(w, r)
	})
	clk := clock.NewManual(t0)
	c := newClient(s, clk)
	ctx := context.Background()
	_, first := c.Quote(ctx, time.Time{})
	if first == nil {
		t.Fatal("a 503 gave a quote")
	}
	for _, at := range []time.Time{{}, t0.Add(-time.Hour), t0.Add(-2 * time.Hour)} {
		clk.Advance(5 * time.Second)
		if _, err := c.Quote(ctx, at); err == nil || err.Error() != first.Error() {
			t.Errorf("within the backoff: %v, want %v", err, first)
		}
	}
	if n := s.requests.Load(); n != 1 {
		t.Errorf("%d requests within the backoff, want 1", n)
	}
	status.Store(200)
	clk.Advance(Backoff)
	if _, err := c.Quote(ctx, time.Time{}); err != nil || s.requests.Load() != 2 {
		t.Errorf("after the backoff: %v, %d requests", err, s.requests.Load())
	}

	// One minute the service will not quote (404) leaves the others be.
	status.Store(404)
	gone := t0.Add(-48 * time.Hour)
	if _, err := c.Quote(ctx, gone); err == nil {
		t.Fatal("a 404 gave a quote")
	}
	status.Store(200)
	if _, err := c.Quote(ctx, t0.Add(-time.Hour)); err != nil {
		t.Errorf("another minute after one minute's 404: %v", err)
	}
	if _, err := c.Quote(ctx, gone); err == nil || s.requests.Load() != 4 {
		t.Errorf("the 404's minute again within the backoff: %v, %d requests, want the error and 4", err, s.requests.Load())
	}
}

// TestAServiceWithoutHistoryIsAskedOnce: a service that answers every
// past minute with the latest price (as the real one does with a time it
// cannot read) is asked about one past minute, not every minute of a
// history; "now" is still asked, and past minutes again after Backoff.
func TestAServiceWithoutHistoryIsAskedOnce(t *testing.T) {
	s := newService(t, func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = "/quotes/currency/BTCUSD/now" // whatever was asked
		quoting("97123.45")(w, r)
	})
	clk := clock.NewManual(t0)
	c := newClient(s, clk)
	ctx := context.Background()
	_, first := c.Quote(ctx, t0.Add(-time.Hour))
	if first == nil || !errors.Is(first, ErrNoHistory) || !errors.Is(first, ErrWrongQuote) ||
		!strings.Contains(first.Error(), "answers with the latest price, not the minute asked") {
		t.Fatalf("a past minute quoted as the latest: %v", first)
	}
	for i := range 50 {
		if _, err := c.Quote(ctx, t0.Add(-time.Duration(i+2)*time.Hour)); err == nil || err.Error() != first.Error() {
			t.Fatalf("past minute %d: %v, want %v", i, err, first)
		}
	}
	if n := s.requests.Load(); n != 1 {
		t.Errorf("%d requests for 51 past minutes, want 1", n)
	}
	if _, err := c.Quote(ctx, time.Time{}); err != nil || s.requests.Load() != 2 {
		t.Errorf("now, from a service without history: %v, %d requests", err, s.requests.Load())
	}
	clk.Advance(Backoff)
	if _, err := c.Quote(ctx, t0.Add(-time.Hour)); err == nil || s.requests.Load() != 3 {
		t.Errorf("after the backoff: %v, %d requests, want the error again and 3", err, s.requests.Load())
	}
}

// TestARecentMinuteAnsweredLaterIsNotMissingHistory: a minute asked
// within MaxAge of now and answered with a later one is one wrong answer,
// not a service without history: other past minutes are still asked.
func TestARecentMinuteAnsweredLaterIsNotMissingHistory(t *testing.T) {
	s := newService(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/2026-11-20T12:02:00Z") { // a minute it skipped: the next one instead
			r.URL.Path = "/quotes/currency/BTCUSD/2026-11-20T12:03:00Z"
		}
		quoting("97123.45")(w, r)
	})
	c := newClient(s, clock.NewManual(t0))
	ctx := context.Background()
	_, err := c.Quote(ctx, time.Date(2026, 11, 20, 12, 2, 0, 0, time.UTC))
	if err == nil || errors.Is(err, ErrNoHistory) || !errors.Is(err, ErrWrongQuote) {
		t.Fatalf("12:02 answered as 12:03: %v, want a wrong quote, not missing history", err)
	}
	if _, err := c.Quote(ctx, t0.Add(-2*time.Hour)); err != nil {
		t.Errorf("an older minute after one recent minute's wrong answer: %v", err)
	}
}

// TestConcurrentAsksShareOneRequest: asks for one minute while its request
// is under way wait for it.
func TestConcurrentAsksShareOneRequest(t *testing.T) {
	release := make(chan struct{})
	s := newService(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		quoting("97123.45")(w, r)
	})
	c := newClient(s, clock.NewManual(t0))
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Quote(context.Background(), t0.Add(-time.Minute))
			errs <- err
		}()
	}
	<-s.paths // the one request has arrived; the others join it or find its answer
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := s.requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// TestACallerWhoGivesUpDoesNotFailTheOthers: the request belongs to every
// ask waiting on it.
func TestACallerWhoGivesUpDoesNotFailTheOthers(t *testing.T) {
	release := make(chan struct{})
	s := newService(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		quoting("97123.45")(w, r)
	})
	c := newClient(s, clock.NewManual(t0))
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error, 1)
	go func() {
		_, err := c.Quote(ctx, time.Time{})
		gaveUp <- err
	}()
	<-s.paths
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Errorf("the caller who gave up got %v", err)
	}
	close(release)
	if _, err := c.Quote(context.Background(), time.Time{}); err != nil || s.requests.Load() != 1 {
		t.Errorf("the next ask: %v after %d requests, want the first request's quote", err, s.requests.Load())
	}
}

// TestRedirects: one to another origin is refused and never followed;
// one on the service's own origin is followed.
func TestRedirects(t *testing.T) {
	elsewhere := newService(t, quoting("1.00"))
	// The same machine under another name is another origin.
	other := strings.Replace(elsewhere.url(), "127.0.0.1", "localhost", 1)
	s := newService(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other+"/currency/BTCUSD/now", http.StatusFound)
	})
	_, err := newClient(s, clock.NewManual(t0)).Quote(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "redirected to another site (localhost:") || elsewhere.requests.Load() != 0 {
		t.Fatalf("redirect elsewhere: %v (%d requests there)", err, elsewhere.requests.Load())
	}

	// /old/… moved to /quotes/… on the same origin.
	moved := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/old/"); ok {
			http.Redirect(w, r, "/quotes/"+rest, http.StatusMovedPermanently)
			return
		}
		quoting("97123.45")(w, r)
	}))
	defer moved.Close()
	if q, err := New(moved.URL+"/old", WithClock(clock.NewManual(t0))).Quote(context.Background(), time.Time{}); err != nil || q.Price.String() != "$97,123.45" {
		t.Errorf("redirect on the same origin: %+v, %v", q, err)
	}
}

// TestBaseURLs: https anywhere, http only on this machine; a URL that
// cannot be used fails every ask with a sentence, and asks nothing.
func TestBaseURLs(t *testing.T) {
	for _, tt := range []struct{ url, want string }{
		{"https://coinprice.voltage.cloud", ""},
		{"https://coinprice.voltage.cloud/", ""},
		{"http://127.0.0.1:9999", ""},
		{"http://localhost:9999/prices", ""},
		{"http://[::1]:9999", ""},
		{"http://coinprice.voltage.cloud", "the price service at coinprice.voltage.cloud is refused: plain http is only for this machine; use https"},
		{"ftp://coinprice.voltage.cloud", "its URL is not https"},
		{"coinprice.voltage.cloud", "its URL is not like https://coinprice.voltage.cloud"},
		{"https://user:pw@coinprice.voltage.cloud", "its URL is not like"},
		{"https://coinprice.voltage.cloud?x=1", "its URL is not like"},
	} {
		c := New(tt.url)
		switch {
		case tt.want == "" && c.bad != nil:
			t.Errorf("%s refused: %v", tt.url, c.bad)
		case tt.want != "" && (c.bad == nil || !strings.Contains(c.bad.Error(), tt.want)):
			t.Errorf("%s: %v, want %q", tt.url, c.bad, tt.want)
		case tt.want != "":
			if _, err := c.Quote(context.Background(), time.Time{}); err != c.bad {
				t.Errorf("%s: Quote answered %v", tt.url, err)
			}
			if strings.Contains(c.bad.Error(), "pw") {
				t.Errorf("%s: the error shows the password: %v", tt.url, c.bad)
			}
		}
	}
}

// TestUnreachable: nothing listening is said so, and counts as the
// service being down.
func TestUnreachable(t *testing.T) {
	s := newService(t, quoting("1"))
	url := s.url()
	s.Close()
	c := New(url, WithClock(clock.NewManual(t0)))
	_, err := c.Quote(context.Background(), time.Time{})
	var e *Error
	if !errors.As(err, &e) || !e.Down || !strings.Contains(err.Error(), "could not be reached") {
		t.Errorf("error %v", err)
	}
}

func TestTheFutureIsNotAsked(t *testing.T) {
	s := newService(t, quoting("1"))
	c := newClient(s, clock.NewManual(t0))
	if _, err := c.Quote(context.Background(), t0.Add(time.Minute)); !errors.Is(err, ErrFutureQuote) || s.requests.Load() != 0 {
		t.Errorf("a minute to come: %v after %d requests", err, s.requests.Load())
	}
}

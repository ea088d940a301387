package api

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/sim/contract"
	"github.com/voltdash/voltdash/model/clock"
)

const (
	testKey = "vltg_S3cretKeyThatMustNeverBeShown0001"
	testOrg = "5a1f0e3c-7b2d-4c8e-9f6a-1b2c3d4e5f60"
	testEnv = "c41d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f22"
)

// seen is one request as the test server received it.
type seen struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   string
}

// fakeAPI is a scripted server: each request gets the next reply of its
// script and is recorded.
type fakeAPI struct {
	mu       sync.Mutex
	requests []seen
	replies  []http.HandlerFunc
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	contract.CheckRequest(r, body) // what the client sends is held to the spec, whatever is scripted back
	f.mu.Lock()
	f.requests = append(f.requests, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), string(body)})
	var h http.HandlerFunc
	if len(f.replies) > 0 {
		h, f.replies = f.replies[0], f.replies[1:]
	}
	f.mu.Unlock()
	if h == nil {
		http.Error(w, `{"error":{"type":"unscripted","detail":"no reply scripted"}}`, http.StatusTeapot)
		return
	}
	h(w, r)
}

func (f *fakeAPI) script(hs ...http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.replies = append(f.replies, hs...)
}

func (f *fakeAPI) seen() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.requests...)
}

func reply(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// dropAfterReading reads the request and closes the connection without an
// answer: the server may have acted, the client cannot know.
func dropAfterReading(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func example(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "voltage", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// setup serves a fakeAPI under /v1 and returns a client for it whose clock
// advances by itself when the client waits, so retries never sleep.
func setup(t *testing.T, opts ...Option) (*Client, *fakeAPI, *clock.Manual) {
	t.Helper()
	f := &fakeAPI{}
	mux := http.NewServeMux()
	mux.Handle("/v1/", f)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	clk := clock.NewManual(time.Date(2025, 5, 7, 12, 0, 0, 0, time.UTC))
	clk.AutoAdvance(true)
	all := append([]Option{WithClock(clk), WithVersion("test"), WithJitterSeed(1)}, opts...)
	c, err := New(srv.URL+"/v1", testKey, testOrg, testEnv, all...)
	if err != nil {
		t.Fatal(err)
	}
	return c, f, clk
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

func newServer(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

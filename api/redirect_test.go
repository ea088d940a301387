package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestTheKeyNeverFollowsARedirect: Voltage's API does not redirect. A
// server that answers with one (to another host, to plain http, to itself)
// gets it reported as an error; the request with the key is never repeated
// anywhere, even when the caller's own http.Client would follow it.
func TestTheKeyNeverFollowsARedirect(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		if r.Header.Get("X-Api-Key") != "" {
			t.Errorf("the key reached %s", r.Host)
		}
		w.Write([]byte(`[]`))
	}))
	defer other.Close()
	var here atomic.Int32
	var api *httptest.Server
	api = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := here.Add(1)
		target := other.URL + r.URL.Path
		if n%2 == 0 {
			target = api.URL + "/v1/elsewhere" // same origin, another path: still not followed
		}
		http.Redirect(w, r, target, http.StatusTemporaryRedirect)
	}))
	defer api.Close()
	for _, client := range []*http.Client{nil, {}} {
		opts := []Option{}
		if client != nil {
			opts = append(opts, WithHTTPClient(client))
		}
		c, err := New(api.URL+"/v1", testKey, testOrg, testEnv, opts...)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			_, err = c.ListWallets(context.Background())
			var e *Error
			if !errors.As(err, &e) || e.Type != TypeRedirect || e.Status != http.StatusTemporaryRedirect {
				t.Fatalf("a redirect: %v", err)
			}
			if s := Explain(err); !strings.Contains(s, "redirect") || strings.Contains(s, testKey) {
				t.Errorf("explained as %q", s)
			}
		}
		if client != nil && client.CheckRedirect != nil {
			t.Error("the caller's http.Client was changed")
		}
	}
	if elsewhere.Load() != 0 || here.Load() != 4 {
		t.Errorf("%d requests followed elsewhere; %d made", elsewhere.Load(), here.Load())
	}
}

package api

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

// TestKeyNeverAppearsInErrors provokes every way a call can fail, including
// a server that echoes the key back, and checks every rendering of every
// error.
func TestKeyNeverAppearsInErrors(t *testing.T) {
	ctx := context.Background()
	echo := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			k := r.Header.Get("X-Api-Key")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"error":{"type":"wrong_credentials","code":"%s","detail":"key %s is not valid","context":{"key":"%s"}},"message":"bad key %s"}`, k, k, k, k)
		}
	}
	var errs []error
	collect := func(err error) {
		if err == nil {
			t.Errorf("case %d did not fail", len(errs))
		}
		errs = append(errs, err)
	}

	c, f, _ := setup(t, WithRetry(RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	for _, status := range []int{400, 401, 403, 404, 409, 413, 415, 422, 500, 503} {
		f.script(echo(status), echo(status))
		collect(second(c.ListWallets(ctx)))
	}
	f.script(reply(429, `{"message":"`+testKey+`"}`, "Retry-After", "9999"))
	collect(second(c.ListWallets(ctx)))
	f.script(reply(200, `{"broken": `+testKey)) // decode error quoting the body
	collect(second(c.GetWallet(ctx, walletA)))
	f.script(reply(200, "")) // empty body where JSON was expected
	collect(second(c.GetWallet(ctx, walletA)))
	f.script(reply(200, strings.Repeat(" ", maxResponseBytes+1)))
	collect(second(c.LinesOfCredit(ctx)))
	f.script(dropAfterReading, dropAfterReading)
	collect(second(c.ListWallets(ctx)))
	f.script(dropAfterReading)
	collect(second(c.GenerateWebhookKey(ctx, hookA)))
	collect(second(c.GetPayment(ctx, testKey))) // a key pasted where an id belongs
	collect(c.CreatePayment(ctx, model.ReceiveRequest{ID: testKey, WalletID: walletA, Kind: model.Bolt11}))

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	collect(second(c.ListWallets(cancelled)))

	// Unreachable and timing out.
	dead, _ := New("http://127.0.0.1:1/v1", testKey, testOrg, testEnv, WithRetry(RetryPolicy{MaxAttempts: 1}))
	collect(second(dead.ListWallets(ctx)))
	hang := &fakeAPI{}
	hang.script(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	mux := http.NewServeMux()
	mux.Handle("/v1/", hang)
	slow, _ := New(newServer(t, mux)+"/v1", testKey, testOrg, testEnv, WithTimeout(10*time.Millisecond), WithRetry(RetryPolicy{MaxAttempts: 1}))
	collect(second(slow.ListWallets(ctx)))

	// Configuration mistakes that put the key where it does not belong.
	for _, bad := range [][4]string{
		{"https://" + testKey + "@voltageapi.com/v1", testKey, testOrg, testEnv},
		{"http://" + testKey + ".example.com/v1", testKey, testOrg, testEnv},
		{"https://voltageapi.com/v1?key=" + testKey, testKey + " ", testOrg, testEnv},
		{"", testKey, testKey, testEnv},
		{"", testKey, testOrg, testKey},
		{testKey, testKey, testOrg, testEnv},
	} {
		collect(second(New(bad[0], bad[1], bad[2], bad[3])))
	}

	for i, err := range errs {
		if err == nil {
			continue
		}
		for _, text := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err),
			fmt.Sprintf("%#v", err), fmt.Sprintf("%q", err), Explain(err)} {
			if strings.Contains(text, testKey) || strings.Contains(text, "S3cretKey") {
				t.Errorf("case %d leaks the key: %s", i, text)
			}
		}
		if e, ok := asError(err); ok {
			for _, text := range []string{fmt.Sprintf("%+v", *e), fmt.Sprintf("%#v", *e)} {
				if strings.Contains(text, testKey) {
					t.Errorf("case %d leaks the key through its fields: %s", i, text)
				}
			}
		}
	}
	if len(errs) < 25 {
		t.Errorf("only %d error paths provoked", len(errs))
	}
}

func TestKeyNeverAppearsWhenTheClientIsPrinted(t *testing.T) {
	c, _, _ := setup(t)
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("client", "c", c)
	for _, text := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c),
		fmt.Sprintf("%+v", []any{c}), fmt.Sprintf("%#v", map[string]any{"c": c}), logs.String()} {
		if strings.Contains(text, testKey) {
			t.Errorf("printing the client leaks the key: %s", text)
		}
	}
}

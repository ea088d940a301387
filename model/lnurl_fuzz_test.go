package model

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzDecodeLNURL decodes anything as a bech32 LNURL (LUD-01): it must
// never panic, and what it accepts must encode back to itself, so that no
// two strings name the same URL.
func FuzzDecodeLNURL(f *testing.F) {
	f.Add(lud01)
	f.Add(strings.ToLower(lud01))
	f.Add("lnurl1qqqqqqqq")
	f.Add("lnurl1dp68gurn8ghj7")
	f.Add("LNURL1" + strings.Repeat("Q", 200))
	if s, err := EncodeLNURL("http://127.0.0.1:8080/.well-known/lnurlp/coffee"); err == nil {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := DecodeLNURL(s)
		if err != nil {
			return
		}
		again, err := EncodeLNURL(u)
		if err != nil || again != strings.ToLower(s) {
			t.Fatalf("%q decoded to %q, which encodes to %q (%v)", s, u, again, err)
		}
		// ParsePayTarget on it must not panic either.
		_, _, _ = ParsePayTarget(s)
	})
}

// FuzzPayRequestJSON reads anything as a pay request (LUD-06): it must
// never panic, and what it accepts must have bounds in order and a
// callback that parses, with the metadata's hash over what was kept.
func FuzzPayRequestJSON(f *testing.F) {
	f.Add([]byte(payRequestJSON))
	f.Add([]byte(`{"status":"ERROR","reason":"x"}`))
	f.Add([]byte(`{"tag":"payRequest","callback":"http://127.0.0.1:1/c?a=1","minSendable":1,"maxSendable":1,"metadata":"[[\"text/plain\",\"\"]]"}`))
	f.Add([]byte(`{"tag":"payRequest","callback":"https://x.y","minSendable":1e3,"maxSendable":2e3,"metadata":"[]"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		pr, err := ParsePayRequest(b)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error with no sentence")
			}
			return
		}
		if pr.MinSendable < 1 || pr.MinSendable > pr.MaxSendable || pr.MaxSendable > MaxMilliSats {
			t.Fatalf("bounds %v..%v", pr.MinSendable, pr.MaxSendable)
		}
		u, err := url.Parse(pr.Callback)
		if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && IsLoopbackHost(u.Hostname()))) {
			t.Fatalf("callback %q (%v)", pr.Callback, err)
		}
		if pr.Description == "" && !strings.Contains(pr.Metadata, "text/plain") {
			t.Fatalf("no text/plain in %q", pr.Metadata)
		}
		if pr.CommentAllowed < 0 || pr.CheckAmount(pr.MinSendable) != nil || pr.CheckAmount(pr.MaxSendable) != nil {
			t.Fatalf("accepted request refuses its own bounds: %+v", pr)
		}
	})
}

package model

import (
	"errors"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/bech32"
)

// lud01 is LUD-01's own example, and the URL it carries.
const (
	lud01    = "LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35XVUKXEFCV5MKVV34X5EKZD3EV56NYD3HXQURZEPEXEJXXEPNXSCRVWFNV9NXZCN9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS"
	lud01URL = "https://service.com/api?q=3fc3645b439ce8e7f2553a69e5267081d96dcd340693afabe04be7b0ccd178df"
)

func mustEncodeLNURL(t *testing.T, u string) string {
	t.Helper()
	s, err := EncodeLNURL(u)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLNURLParsePayTargetAccepts(t *testing.T) {
	loop := mustEncodeLNURL(t, "http://127.0.0.1:8080/lnurlp/coffee")
	tests := []struct {
		in      string
		kind    PayTargetKind
		address string
		url     string
	}{
		{"coffee@127.0.0.1:8080", TargetAddress, "coffee@127.0.0.1:8080", "http://127.0.0.1:8080/.well-known/lnurlp/coffee"},
		{"alice@example.com", TargetAddress, "alice@example.com", "https://example.com/.well-known/lnurlp/alice"},
		{"  Alice.B+tip_1-x@Example.COM\n", TargetAddress, "alice.b+tip_1-x@example.com", "https://example.com/.well-known/lnurlp/alice.b+tip_1-x"},
		{"lightning:alice@example.com", TargetAddress, "alice@example.com", "https://example.com/.well-known/lnurlp/alice"},
		{"LIGHTNING:alice@example.com", TargetAddress, "alice@example.com", "https://example.com/.well-known/lnurlp/alice"},
		{"bob@localhost:9000", TargetAddress, "bob@localhost:9000", "http://localhost:9000/.well-known/lnurlp/bob"},
		{"bob@[::1]:9000", TargetAddress, "bob@[::1]:9000", "http://[::1]:9000/.well-known/lnurlp/bob"},
		{"bob@pay.example.com:8443", TargetAddress, "bob@pay.example.com:8443", "https://pay.example.com:8443/.well-known/lnurlp/bob"},
		{lud01, TargetLNURL, "", lud01URL},
		{strings.ToLower(lud01), TargetLNURL, "", lud01URL},
		{"lightning:" + lud01, TargetLNURL, "", lud01URL},
		{"lightning:" + strings.ToLower(lud01), TargetLNURL, "", lud01URL},
		{"LIGHTNING:" + lud01, TargetLNURL, "", lud01URL},
		{"lightning://" + lud01, TargetLNURL, "", lud01URL},
		{loop, TargetLNURL, "", "http://127.0.0.1:8080/lnurlp/coffee"},
		{"lnurlp://service.com/api?q=1", TargetLNURLP, "", "https://service.com/api?q=1"},
		{"LNURLP://service.com/api", TargetLNURLP, "", "https://service.com/api"},
		{"lightning:lnurlp://service.com/p/x", TargetLNURLP, "", "https://service.com/p/x"},
		{"lnurlp://127.0.0.1:8080/lnurlp/coffee", TargetLNURLP, "", "http://127.0.0.1:8080/lnurlp/coffee"},
		{"lnurlp://localhost/x", TargetLNURLP, "", "http://localhost/x"},
	}
	for _, tt := range tests {
		got, ok, err := ParsePayTarget(tt.in)
		if !ok || err != nil {
			t.Errorf("%q: ok=%v err=%v", tt.in, ok, err)
			continue
		}
		if got.Kind != tt.kind || got.Address != tt.address || got.URL != tt.url {
			t.Errorf("%q: got %v %q %q, want %v %q %q", tt.in, got.Kind, got.Address, got.URL, tt.kind, tt.address, tt.url)
		}
	}
}

func TestLNURLParsePayTargetNotOne(t *testing.T) {
	for _, in := range []string{
		"", "   ", "lnbc10u1pxyz", "lightning:lnbc10u1pxyz", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
		"bitcoin:bc1qxyz?label=me@example.com", "https://example.com/pay", "hello", "lntb1xyz",
	} {
		if _, ok, err := ParsePayTarget(in); ok || err != nil {
			t.Errorf("%q: ok=%v err=%v, want not a target", in, ok, err)
		}
	}
}

func TestLNURLParsePayTargetMalformed(t *testing.T) {
	bech := strings.ToLower(lud01)
	flipped := bech[:20] + string("qpzry9x8"[strings.IndexByte("qpzry9x8", bech[20])+1]) + bech[21:]
	mixed := bech[:10] + strings.ToUpper(bech[10:])
	http := mustEncodeLNURL(t, "http://service.com/api")
	login := mustEncodeLNURL(t, "https://service.com/login?tag=login&k1=00")
	notURL := mustEncodeLNURL(t, "just some words")
	other, _ := encodeBech32("lnurlx", []byte(lud01URL))
	tests := []struct {
		in, want string
	}{
		{"@example.com", "no name before the @"},
		{"alice@", "domain of this Lightning Address is missing"},
		{"al ice@example.com", "only letters, digits"},
		{"alice!@example.com", "only letters, digits"},
		{"alice@example", "no dot"},
		{"alice@exa_mple.com", "is not a domain name"},
		{"alice@example.com/x", "is not a domain name"},
		{"alice@bob@example.com", "is not a domain name"},
		{"alice@example.com:port", "port that is not a number"},
		{"alice@example..com", "is not a domain name"},
		{"alice@abcdef.onion", "onion service"},
		{"alice@" + strings.Repeat("a", 320) + ".com", "too long"},
		{flipped, "checksum does not match"},
		{mixed, "mixes upper and lower case"},
		{"lnurl1" + strings.Repeat("q", 3000), "too long"},
		{"lnurl1qqqqqq", "damaged"},
		{http, "plain http"},
		{login, "logging in"},
		{notURL, "not a web address"},
		{"lnurlp://", "no host"},
		{"lnurlp://abcdef.onion/p", "onion service"},
		{"lnurlp://user:pw@service.com/p", "user name and password"},
		{"lnurlw://service.com/w", "not for paying"},
		{"lightning:keyauth://service.com/w", "not for paying"},
		{"lightning:" + other, ""}, // not lnurl1…: not a target at all
	}
	for _, tt := range tests {
		_, ok, err := ParsePayTarget(tt.in)
		if tt.want == "" {
			if ok {
				t.Errorf("%q: taken for a target", tt.in)
			}
			continue
		}
		if !ok || err == nil || !errors.Is(err, ErrLNURLTarget) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: ok=%v err=%v, want ErrLNURLTarget saying %q", tt.in, ok, err, tt.want)
		}
	}
}

// encodeBech32 and encodeBech32m make strings LNURL must refuse: other
// prefixes, the other checksum.
func encodeBech32(hrp string, data []byte) (string, error) {
	conv, err := bech32.ConvertBits(data, 8, 5, true)
	if err != nil {
		return "", err
	}
	return bech32.Encode(hrp, conv)
}

func encodeBech32m(hrp string, data []byte) (string, error) {
	conv, err := bech32.ConvertBits(data, 8, 5, true)
	if err != nil {
		return "", err
	}
	return bech32.EncodeM(hrp, conv)
}

func TestLNURLDecode(t *testing.T) {
	got, err := DecodeLNURL(lud01)
	if err != nil || got != lud01URL {
		t.Fatalf("LUD-01's example: %q, %v", got, err)
	}
	if enc := mustEncodeLNURL(t, lud01URL); enc != strings.ToLower(lud01) {
		t.Fatalf("encode: %s", enc)
	}
	// Longer than BIP 173's 90 characters, as LNURLs are.
	long := "https://example.com/" + strings.Repeat("x", 400)
	if got, err := DecodeLNURL(strings.ToUpper(mustEncodeLNURL(t, long))); err != nil || got != long {
		t.Fatalf("long: %q %v", got, err)
	}
	other, _ := encodeBech32("lnurlx", []byte(lud01URL))
	if _, err := DecodeLNURL(other); err == nil || !strings.Contains(err.Error(), "lnurl1") {
		t.Fatalf("other prefix: %v", err)
	}
	m, _ := encodeBech32m("lnurl", []byte(lud01URL))
	if _, err := DecodeLNURL(m); err == nil {
		t.Fatal("bech32m accepted")
	}
}

func TestLNURLTargetShown(t *testing.T) {
	a, _, _ := ParsePayTarget("Coffee@Shop.example")
	l, _, _ := ParsePayTarget(lud01)
	if a.String() != "coffee@shop.example" || l.String() != "service.com" || l.Host() != "service.com" {
		t.Fatalf("%q %q", a, l)
	}
	if TargetAddress.String() != "Lightning Address" || TargetLNURL.String() != "LNURL" || TargetLNURLP.String() != "lnurlp link" {
		t.Fatal("kind names")
	}
}

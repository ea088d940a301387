package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/zpay32"

	"github.com/voltdash/voltdash/model/invoicetest"
)

// metadata is escaped on the wire ("\/" and "\u00e9") the way some
// services send it: the hash is over the string it decodes to.
const payRequestJSON = `{"tag":"payRequest","callback":"https:\/\/pay.example.com\/cb?id=7",` +
	`"minSendable":1000,"maxSendable":5000000,"commentAllowed":140,` +
	`"metadata":"[[\"text\/plain\",\"Caf\u00e9 \\\"Bean\\\"\"],[\"text\/identifier\",\"coffee@example.com\"],[\"image\/png;base64\",\"iVBOR\"]]"}`

func payRequest(t *testing.T) PayRequest {
	t.Helper()
	pr, err := ParsePayRequest([]byte(payRequestJSON))
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

func TestLNURLParsePayRequest(t *testing.T) {
	pr := payRequest(t)
	wantMeta := `[["text/plain","Café \"Bean\""],["text/identifier","coffee@example.com"],["image/png;base64","iVBOR"]]`
	switch {
	case pr.Callback != "https://pay.example.com/cb?id=7":
		t.Errorf("callback %q", pr.Callback)
	case pr.MinSendable != 1000 || pr.MaxSendable != 5_000_000 || pr.CommentAllowed != 140:
		t.Errorf("bounds %v %v %v", pr.MinSendable, pr.MaxSendable, pr.CommentAllowed)
	case pr.Metadata != wantMeta:
		t.Errorf("metadata %q", pr.Metadata)
	case pr.Description != `Café "Bean"` || pr.Identifier != "coffee@example.com":
		t.Errorf("shown %q %q", pr.Description, pr.Identifier)
	}
	sum := sha256.Sum256([]byte(wantMeta))
	if pr.DescriptionHash() != hex.EncodeToString(sum[:]) {
		t.Error("hash is not over the metadata as received")
	}
}

func TestLNURLParsePayRequestEdges(t *testing.T) {
	meta := func(m string) string { b, _ := json.Marshal(m); return string(b) }
	okMeta := meta(`[["text/plain","hi"]]`)
	req := func(fields string) string {
		return `{"tag":"payRequest","callback":"https://x.example/cb","minSendable":1000,"maxSendable":2000,"metadata":` + okMeta + fields + `}`
	}
	tests := []struct {
		name, body string
		want       error
		says       string
	}{
		{"not JSON", `<html>`, ErrLNURLNotPayRequest, "not the JSON"},
		{"an array", `[1]`, ErrLNURLNotPayRequest, "not the JSON"},
		{"no tag", `{"callback":"https://x.example/cb"}`, ErrLNURLNotPayRequest, "no tag"},
		{"withdraw", `{"tag":"withdrawRequest"}`, ErrLNURLNotPayRequest, "withdrawRequest, not payRequest"},
		{"error form", `{"status":"ERROR","reason":"User \u001b[31mgone"}`, ErrLNURLServiceError, "refused: User ␛gone"},
		{"error, no reason", `{"status":"ERROR"}`, ErrLNURLServiceError, "no reason"},
		{"http callback", strings.Replace(req(""), "https://x.example", "http://x.example", 1), ErrLNURLNotPayRequest, "plain http"},
		{"no callback", strings.Replace(req(""), "https://x.example/cb", "", 1), ErrLNURLNotPayRequest, "not a web address"},
		{"ftp callback", strings.Replace(req(""), "https://x.example/cb", "ftp://x.example/cb", 1), ErrLNURLNotPayRequest, "not an https"},
		{"onion callback", strings.Replace(req(""), "x.example", "x.onion", 1), ErrLNURLNotPayRequest, "onion"},
		{"min > max", strings.Replace(req(""), `"minSendable":1000`, `"minSendable":3000`, 1), ErrLNURLNotPayRequest, "above its maximum"},
		{"min 0", strings.Replace(req(""), `"minSendable":1000`, `"minSendable":0`, 1), ErrLNURLNotPayRequest, "below 1"},
		{"fractional", strings.Replace(req(""), `"minSendable":1000`, `"minSendable":1000.5`, 1), ErrLNURLNotPayRequest, "whole number"},
		{"word amount", strings.Replace(req(""), `"minSendable":1000`, `"minSendable":"lots"`, 1), ErrLNURLNotPayRequest, "not the JSON"},
		{"huge max", strings.Replace(req(""), `"maxSendable":2000`, `"maxSendable":99999999999999999999`, 1), ErrLNURLNotPayRequest, "whole number"},
		{"no max", strings.Replace(req(""), `"maxSendable":2000,`, ``, 1), ErrLNURLNotPayRequest, "whole number"},
		{"metadata not a string", strings.Replace(req(""), okMeta, `[["text/plain","hi"]]`, 1), ErrLNURLNotPayRequest, "metadata is not a string"},
		{"metadata missing", strings.Replace(req(""), `,"metadata":`+okMeta, ``, 1), ErrLNURLNotPayRequest, "not a string"},
		{"metadata not JSON", strings.Replace(req(""), okMeta, meta(`hi`), 1), ErrLNURLNotPayRequest, "[type, value] pairs"},
		{"metadata object", strings.Replace(req(""), okMeta, meta(`{"a":1}`), 1), ErrLNURLNotPayRequest, "[type, value] pairs"},
		{"metadata triple", strings.Replace(req(""), okMeta, meta(`[["text/plain","hi","x"]]`), 1), ErrLNURLNotPayRequest, "[type, value] pairs"},
		{"metadata number", strings.Replace(req(""), okMeta, meta(`[["text/plain",1]]`), 1), ErrLNURLNotPayRequest, "[type, value] pairs"},
		{"no text/plain", strings.Replace(req(""), okMeta, meta(`[["text/identifier","a@b.c"]]`), 1), ErrLNURLNotPayRequest, "no text/plain"},
		{"two text/plain", strings.Replace(req(""), okMeta, meta(`[["text/plain","a"],["text/plain","b"]]`), 1), ErrLNURLNotPayRequest, "more than one"},
		{"comment not a number", req(`,"commentAllowed":"x"`), ErrLNURLNotPayRequest, "not the JSON"},
		{"comment fraction", req(`,"commentAllowed":1.5`), ErrLNURLNotPayRequest, "commentAllowed"},
	}
	for _, tt := range tests {
		_, err := ParsePayRequest([]byte(tt.body))
		if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: %v, want %v saying %q", tt.name, err, tt.want, tt.says)
		}
	}
	// Loopback callbacks (the simulator), negative commentAllowed (none),
	// and fields of other LUDs are fine.
	loop := strings.Replace(req(`,"commentAllowed":-5,"payerData":{"name":{}},"allowsNostr":true`), "https://x.example", "http://127.0.0.1:9", 1)
	pr, err := ParsePayRequest([]byte(loop))
	if err != nil || pr.CommentAllowed != 0 || pr.Callback != "http://127.0.0.1:9/cb" {
		t.Fatalf("loopback: %+v %v", pr, err)
	}
	// Outside text is cleaned for showing; the metadata stays exact.
	dirty := `[["text/plain","pay \u001b]0;pwned\u0007me\u202e"],["text/email","a@b.c"]]`
	pr, err = ParsePayRequest([]byte(strings.Replace(req(""), okMeta, meta(dirty), 1)))
	if err != nil || pr.Metadata != dirty || strings.ContainsAny(pr.Description, "\x1b\x07\u202e") || pr.Identifier != "a@b.c" {
		t.Fatalf("dirty: %+v %v", pr, err)
	}
}

func TestLNURLCheckAmountAndComment(t *testing.T) {
	pr := payRequest(t)
	for _, m := range []MilliSats{1000, 5_000_000, 21_000} {
		if err := pr.CheckAmount(m); err != nil {
			t.Errorf("%v: %v", m, err)
		}
	}
	for _, m := range []MilliSats{999, 5_000_001, 0, -1} {
		err := pr.CheckAmount(m)
		if !errors.Is(err, ErrLNURLAmountBounds) || err.Error() != "this service takes from 1 to 5,000 sats" {
			t.Errorf("%v: %v", m, err)
		}
	}
	one := PayRequest{MinSendable: 21_000, MaxSendable: 21_000}
	if err := one.CheckAmount(1000); err == nil || err.Error() != "this service takes exactly 21 sats" {
		t.Errorf("exact: %v", err)
	}
	if err := pr.CheckComment(strings.Repeat("é", 140)); err != nil {
		t.Errorf("140 characters: %v", err)
	}
	if err := pr.CheckComment(strings.Repeat("é", 141)); !errors.Is(err, ErrLNURLComment) || !strings.Contains(err.Error(), "at most 140") {
		t.Errorf("141: %v", err)
	}
	none := PayRequest{}
	if err := none.CheckComment(""); err != nil {
		t.Errorf("empty: %v", err)
	}
	if err := none.CheckComment("hi"); !errors.Is(err, ErrLNURLComment) || !strings.Contains(err.Error(), "does not take a comment") {
		t.Errorf("not allowed: %v", err)
	}
}

func TestLNURLParsePayInvoice(t *testing.T) {
	inv, err := ParsePayInvoice([]byte(`{"pr":" lnbc1x ","routes":[[{"x":1}]],"successAction":{"tag":"message","message":"Thanks\u0007!"}}`))
	if err != nil || inv.PR != "lnbc1x" || inv.SuccessAction == nil || inv.SuccessAction.Message != "Thanks␇!" {
		t.Fatalf("%+v %v", inv, err)
	}
	inv, err = ParsePayInvoice([]byte(`{"pr":"lnbc1x","successAction":null,"routes":[]}`))
	if err != nil || inv.SuccessAction != nil {
		t.Fatalf("null action: %+v %v", inv, err)
	}
	inv, err = ParsePayInvoice([]byte(`{"pr":"lnbc1x","successAction":{"tag":"confetti"}}`))
	if err != nil || inv.SuccessAction != nil {
		t.Fatalf("unknown action: %+v %v", inv, err)
	}
	for body, want := range map[string]error{
		`{"status":"ERROR","reason":"amount too low"}`: ErrLNURLServiceError,
		`nope`:      ErrLNURLBadInvoice,
		`{"pr":""}`: ErrLNURLBadInvoice,
		`{"pr":1}`:  ErrLNURLBadInvoice,
		`{"pr":"` + strings.Repeat("x", 8000) + `"}`:                                                        ErrLNURLBadInvoice,
		`{"pr":"lnbc1x","successAction":{"tag":"url","url":"javascript:x"}}`:                                ErrLNURLSuccessAction,
		`{"pr":"lnbc1x","successAction":{"tag":"aes","iv":"AAAA","ciphertext":"AAAAAAAAAAAAAAAAAAAAAA=="}}`: ErrLNURLSuccessAction,
		`{"pr":"lnbc1x","successAction":{"tag":"aes","iv":"AAAAAAAAAAAAAAAAAAAAAA==","ciphertext":"AAAA"}}`: ErrLNURLSuccessAction,
		`{"pr":"lnbc1x","successAction":"message"}`:                                                         ErrLNURLSuccessAction,
	} {
		if _, err := ParsePayInvoice([]byte(body)); !errors.Is(err, want) {
			t.Errorf("%.60s: %v, want %v", body, err, want)
		}
	}
	if _, err := ParsePayInvoice([]byte(`{"status":"ERROR","reason":"amount too low"}`)); err.Error() != "the service refused: amount too low" {
		t.Errorf("reason: %v", err)
	}
}

// signed is a real invoice, decoded, committing to pr's metadata unless
// fields say otherwise.
func signed(t *testing.T, net *chaincfg.Params, at time.Time, fields ...func(*zpay32.Invoice)) Invoice {
	t.Helper()
	inv, err := DecodeInvoice(invoicetest.Sign(t, net, at, append([]func(*zpay32.Invoice){zpay32.PaymentAddr([32]byte{1})}, fields...)...))
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func TestLNURLVerifyPayInvoice(t *testing.T) {
	pr := payRequest(t)
	hash := sha256.Sum256([]byte(pr.Metadata))
	now := time.Unix(1_700_000_000, 0)
	good := []func(*zpay32.Invoice){zpay32.DescriptionHash(hash), zpay32.Amount(21_000), zpay32.Expiry(10 * time.Minute)}
	inv := signed(t, &chaincfg.MainNetParams, now, good...)
	if err := VerifyPayInvoice(pr, inv, 21_000, Mainnet, now); err != nil {
		t.Fatalf("good invoice: %v", err)
	}

	other := sha256.Sum256([]byte(pr.Metadata + " "))
	tests := []struct {
		name    string
		inv     Invoice
		amount  MilliSats
		network Network
		now     time.Time
		want    error
		says    string
	}{
		{"another hash", signed(t, &chaincfg.MainNetParams, now, zpay32.DescriptionHash(other), zpay32.Amount(21_000)), 21_000, Mainnet, now,
			ErrLNURLHashMismatch, "description hash does not match"},
		{"a description, no hash", signed(t, &chaincfg.MainNetParams, now, zpay32.Description(pr.Metadata), zpay32.Amount(21_000)), 21_000, Mainnet, now,
			ErrLNURLHashMismatch, "no description hash"},
		{"amount off by one msat", signed(t, &chaincfg.MainNetParams, now, zpay32.DescriptionHash(hash), zpay32.Amount(21_001)), 21_000, Mainnet, now,
			ErrLNURLAmountMismatch, "is for 21.001 sats, not the 21 sats asked for"},
		{"no amount", signed(t, &chaincfg.MainNetParams, now, zpay32.DescriptionHash(hash)), 21_000, Mainnet, now,
			ErrLNURLAmountMismatch, "has no amount"},
		{"testnet invoice, mainnet wallet", signed(t, &chaincfg.TestNet3Params, now, good...), 21_000, Mainnet, now,
			ErrLNURLNetwork, "is for Testnet but the wallet is on Mainnet"},
		{"mainnet invoice, regtest wallet", inv, 21_000, Regtest, now, ErrLNURLNetwork, "wallet is on Regtest"},
		{"expired", inv, 21_000, Mainnet, now.Add(11 * time.Minute), ErrLNURLExpired, "expired 1m ago"},
		{"about to expire", inv, 21_000, Mainnet, now.Add(10*time.Minute - 20*time.Second), ErrLNURLExpired, "expires in 20s"},
	}
	for _, tt := range tests {
		err := VerifyPayInvoice(pr, tt.inv, tt.amount, tt.network, tt.now)
		if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: %v, want %v saying %q", tt.name, err, tt.want, tt.says)
		}
		for _, e := range []error{ErrLNURLHashMismatch, ErrLNURLAmountMismatch, ErrLNURLNetwork, ErrLNURLExpired} {
			if e != tt.want && errors.Is(err, e) {
				t.Errorf("%s: also %v", tt.name, e)
			}
		}
	}
	// Mutinynet wallets pay signet invoices (Network.Accepts).
	sig := signed(t, &chaincfg.SigNetParams, now, good...)
	if err := VerifyPayInvoice(pr, sig, 21_000, Mutinynet, now); err != nil {
		t.Errorf("signet on mutinynet: %v", err)
	}
}

package sim_test

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcutil/bech32"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

// The Lightning Address service is read over real HTTP, as a payer would.

type payRequestJSON struct {
	Tag            string `json:"tag"`
	Callback       string `json:"callback"`
	MinSendable    int64  `json:"minSendable"`
	MaxSendable    int64  `json:"maxSendable"`
	Metadata       string `json:"metadata"`
	CommentAllowed int    `json:"commentAllowed"`
	Status         string `json:"status"`
	Reason         string `json:"reason"`
}

type payAnswerJSON struct {
	PR            string            `json:"pr"`
	Routes        []any             `json:"routes"`
	SuccessAction map[string]string `json:"successAction"`
	Status        string            `json:"status"`
	Reason        string            `json:"reason"`
}

// get fetches u without following redirects; the body is read whole.
func get(t *testing.T, u string) (int, http.Header, []byte) {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}

func getJSON[T any](t *testing.T, u string) (int, T) {
	t.Helper()
	status, _, body := get(t, u)
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%s: %v: %.200s", u, err, body)
	}
	return status, v
}

// wellKnown is the pay-request URL of a Lightning Address (LUD-16).
func wellKnown(address string) string {
	name, host, _ := strings.Cut(address, "@")
	return "http://" + host + "/.well-known/lnurlp/" + name
}

func callback(pr payRequestJSON, msats int64, comment string) string {
	q := url.Values{"amount": {strconv.FormatInt(msats, 10)}}
	if comment != "" {
		q.Set("comment", comment)
	}
	return pr.Callback + "?" + q.Encode()
}

// TestLightningAddressesAndPayRequests: each wallet has an address by its
// name and its first word, an LNURL of the same pay request, and answers
// LUD-06's payRequest with its metadata; an unknown name is 404 with
// LUD-06's error form.
func TestLightningAddressesAndPayRequests(t *testing.T) {
	srv, _, _ := start(t, sim.Config{Seed: 11, NoHistory: true})
	host := strings.TrimPrefix(srv.PriceURL(), "http://")
	addr := srv.LightningAddress("Coffee shop till")
	if addr != "coffee-shop-till@"+host {
		t.Fatalf("address %q", addr)
	}
	want := map[string]string{"Coffee shop till": "coffee-shop-till@" + host, "Payouts": "payouts@" + host, "Savings": "savings@" + host}
	if got := srv.LightningAddresses(); len(got) != 3 || got["Coffee shop till"] != want["Coffee shop till"] ||
		got["Payouts"] != want["Payouts"] || got["Savings"] != want["Savings"] {
		t.Errorf("addresses %v", got)
	}
	if srv.LightningAddress("Nobody") != "" || srv.LNURL("Nobody") != "" {
		t.Error("an address for no wallet")
	}
	// LNURLs outgrow bech32's 90 characters: LUD-01 lifts the limit.
	hrp, data, err := bech32.DecodeNoLimit(srv.LNURL("Coffee shop till"))
	raw, _ := bech32.ConvertBits(data, 5, 8, false)
	if err != nil || hrp != "lnurl" || string(raw) != wellKnown(addr) {
		t.Errorf("LNURL %q: %s %q %v", srv.LNURL("Coffee shop till"), hrp, raw, err)
	}

	for _, name := range []string{"coffee-shop-till", "coffee", "COFFEE"} {
		status, pr := getJSON[payRequestJSON](t, "http://"+host+"/.well-known/lnurlp/"+name)
		ident := strings.ToLower(name) + "@" + host
		meta := `[["text/plain","Pay Coffee shop till"],["text/identifier","` + ident + `"]]`
		if status != 200 || pr.Tag != "payRequest" || pr.Callback != "http://"+host+"/lnurlp/"+strings.ToLower(name)+"/callback" ||
			pr.MinSendable != 1000 || pr.MaxSendable != 100_000_000_000 || pr.Metadata != meta || pr.CommentAllowed != 140 {
			t.Errorf("%s: %d %+v", name, status, pr)
		}
	}
	status, pr := getJSON[payRequestJSON](t, "http://"+host+"/.well-known/lnurlp/nobody")
	if status != 404 || pr.Status != "ERROR" || pr.Reason != "no such user" {
		t.Errorf("unknown user: %d %+v", status, pr)
	}
	status, ans := getJSON[payAnswerJSON](t, "http://"+host+"/lnurlp/nobody/callback?amount=1000")
	if status != 404 || ans.Status != "ERROR" || ans.Reason != "no such user" || srv.LNURLInvoices() != 0 {
		t.Errorf("unknown user's callback: %d %+v", status, ans)
	}
}

// lnurlInvoice asks a wallet's address for an invoice.
func lnurlInvoice(t *testing.T, address string, msats int64, comment string) (payRequestJSON, payAnswerJSON, model.Invoice) {
	t.Helper()
	_, pr := getJSON[payRequestJSON](t, wellKnown(address))
	status, ans := getJSON[payAnswerJSON](t, callback(pr, msats, comment))
	if status != 200 || ans.Status != "" {
		t.Fatalf("callback: %d %+v", status, ans)
	}
	inv, err := model.DecodeInvoice(ans.PR)
	if err != nil {
		t.Fatalf("invoice %q: %v", ans.PR, err)
	}
	return pr, ans, inv
}

func receiveOf(t *testing.T, srv *sim.Server, invoice string) model.Payment {
	t.Helper()
	for _, p := range srv.Payments() {
		if p.Direction == model.Receive && p.Invoice() == invoice {
			return p
		}
	}
	t.Fatalf("no receive has invoice %q", invoice)
	return model.Payment{}
}

// TestLNURLInvoiceIsPaidByAnotherWallet: the callback's invoice is for
// the amount asked, commits to SHA-256 of the metadata as served, keeps
// the comment as its receive's memo, and settles internally when another
// wallet pays it, both balances moving.
func TestLNURLInvoiceIsPaidByAnotherWallet(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 12, NoHistory: true})
	ctx := context.Background()
	ids := srv.WalletIDs()
	shop, payer := ids[0], ids[1]
	pr, ans, inv := lnurlInvoice(t, srv.LightningAddress("Coffee shop till"), 21_000, "Great flat white ☕")
	meta := sha256.Sum256([]byte(pr.Metadata))
	if inv.Amount != 21_000 || !inv.HasAmount || inv.DescriptionHash != hex.EncodeToString(meta[:]) || inv.Description != "" ||
		inv.Network != model.Signet || inv.Expired(t0) {
		t.Errorf("invoice %+v", inv)
	}
	if ans.SuccessAction["tag"] != "message" || ans.SuccessAction["message"] != "Thanks for paying Coffee shop till!" || ans.Routes == nil {
		t.Errorf("answer %+v", ans)
	}
	r := receiveOf(t, srv, ans.PR)
	if r.WalletID != shop || r.Status != model.StatusReceiving || r.Memo() != "Great flat white ☕" || r.Amount() != 21_000 ||
		srv.LNURLInvoices() != 1 || srv.CountSends() != 0 {
		t.Fatalf("receive %+v, %d invoices, %d sends", r, srv.LNURLInvoices(), srv.CountSends())
	}
	shopBefore, payerBefore := wallet(t, c, shop).Total(), wallet(t, c, payer).Total()
	send := must[model.SendRequest](t)(model.NewBolt11Send(model.SendParams{WalletID: payer, Invoice: ans.PR}))
	if err := c.CreatePayment(ctx, send); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if s, r := payment(t, c, send.ID), payment(t, c, r.ID); s.Status != model.StatusCompleted || r.Status != model.StatusCompleted {
		t.Fatalf("send %s, receive %s", s.Status, r.Status)
	}
	if got := wallet(t, c, shop).Total() - shopBefore; got != 21_000 {
		t.Errorf("shop moved %d", got)
	}
	if got := payerBefore - wallet(t, c, payer).Total(); got != 21_000 {
		t.Errorf("payer moved %d", got)
	}
}

// TestLNURLSuccessActions: savings seals its message with the invoice's
// preimage (LUD-10, AES-256-CBC), which opens once paid; payouts names a
// url on the callback's own host, which serves the receipt.
func TestLNURLSuccessActions(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 13, NoHistory: true})
	payer := srv.WalletIDs()[1]
	_, ans, _ := lnurlInvoice(t, srv.LightningAddress("Savings"), 5_000_000, "")
	sa := ans.SuccessAction
	if sa["tag"] != "aes" || sa["description"] == "" || len(sa["iv"]) != 24 {
		t.Fatalf("aes action %+v", sa)
	}
	send := must[model.SendRequest](t)(model.NewBolt11Send(model.SendParams{WalletID: payer, Invoice: ans.PR}))
	if err := c.CreatePayment(context.Background(), send); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	s := payment(t, c, send.ID)
	key, _ := hex.DecodeString(s.Preimage())
	iv, _ := base64.StdEncoding.DecodeString(sa["iv"])
	ct, _ := base64.StdEncoding.DecodeString(sa["ciphertext"])
	block, err := aes.NewCipher(key)
	if err != nil || len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		t.Fatalf("preimage %q, ciphertext %d bytes: %v", s.Preimage(), len(ct), err)
	}
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(ct, ct)
	pad := int(ct[len(ct)-1])
	r := receiveOf(t, srv, ans.PR)
	if pad < 1 || pad > aes.BlockSize || string(ct[:len(ct)-pad]) != "Deposit receipt "+r.ID {
		t.Errorf("decrypted %q", ct)
	}
	if r.Memo() != "Pay Savings" {
		t.Errorf("memo without a comment: %q", r.Memo())
	}

	pr, ans, _ := lnurlInvoice(t, srv.LightningAddress("Payouts"), 2_000, "")
	sa = ans.SuccessAction
	u, err := url.Parse(sa["url"])
	cb, _ := url.Parse(pr.Callback)
	if sa["tag"] != "url" || sa["description"] == "" || err != nil || u.Host != cb.Host {
		t.Fatalf("url action %+v", sa)
	}
	if status, _, body := get(t, sa["url"]); status != 200 || !strings.Contains(string(body), "Payouts") {
		t.Errorf("receipt page: %d %s", status, body)
	}
}

// TestLNURLCallbackRefusals: amounts outside the bounds, amounts that are
// not numbers and comments past commentAllowed are refused in LUD-06's
// error form, and make no receive.
func TestLNURLCallbackRefusals(t *testing.T) {
	srv, _, _ := start(t, sim.Config{Seed: 14, NoHistory: true})
	_, pr := getJSON[payRequestJSON](t, wellKnown(srv.LightningAddress("Payouts")))
	for _, tt := range []struct {
		name, query, reason string
	}{
		{"below the minimum", "amount=999", "amount out of bounds"},
		{"zero", "amount=0", "amount out of bounds"},
		{"above the maximum", "amount=100000000001", "amount out of bounds"},
		{"no amount", "", "amount must be a whole number of millisatoshis"},
		{"garbage", "amount=21k", "amount must be a whole number of millisatoshis"},
		{"comment too long", "amount=1000&comment=" + strings.Repeat("é", 141), "comment is longer than 140 characters"},
	} {
		status, ans := getJSON[payAnswerJSON](t, pr.Callback+"?"+tt.query)
		if status != 400 || ans.Status != "ERROR" || ans.Reason != tt.reason || ans.PR != "" {
			t.Errorf("%s: %d %+v", tt.name, status, ans)
		}
	}
	if srv.LNURLInvoices() != 0 || srv.CountPayments("") != 0 {
		t.Errorf("refusals made %d invoices, %d payments", srv.LNURLInvoices(), srv.CountPayments(""))
	}
	// The bounds themselves and a comment of exactly 140 characters pass.
	lnurlInvoice(t, srv.LightningAddress("Payouts"), 1000, strings.Repeat("é", 140))
	lnurlInvoice(t, srv.LightningAddress("Payouts"), 100_000_000_000, "")
	if srv.LNURLInvoices() != 2 {
		t.Errorf("%d invoices", srv.LNURLInvoices())
	}
}

// TestLNURLFaults: each switch spoils what it says and nothing else; no
// switch makes a payment of any kind.
func TestLNURLFaults(t *testing.T) {
	srv, _, _ := start(t, sim.Config{Seed: 15, NoHistory: true})
	addr := srv.LightningAddress("Coffee shop till")
	_, pr := getJSON[payRequestJSON](t, wellKnown(addr))
	meta := sha256.Sum256([]byte(pr.Metadata))
	_, port, _ := strings.Cut(strings.TrimPrefix(srv.PriceURL(), "http://"), ":")
	invoiceFaults := []struct {
		fault sim.LNURLFault
		check func(inv model.Invoice, err error) bool
	}{
		{sim.LNURLWrongAmount, func(inv model.Invoice, err error) bool {
			return err == nil && inv.Amount == 22_000 && inv.DescriptionHash == hex.EncodeToString(meta[:])
		}},
		{sim.LNURLWrongHash, func(inv model.Invoice, err error) bool {
			return err == nil && inv.Amount == 21_000 && inv.DescriptionHash != "" && inv.DescriptionHash != hex.EncodeToString(meta[:])
		}},
		{sim.LNURLExpiredInvoice, func(inv model.Invoice, err error) bool {
			return err == nil && inv.Amount == 21_000 && inv.Expired(t0)
		}},
		{sim.LNURLWrongNetwork, func(inv model.Invoice, err error) bool {
			return err == nil && inv.Network == model.Mainnet && inv.Amount == 21_000
		}},
		{sim.LNURLNotInvoice, func(_ model.Invoice, err error) bool { return err != nil }},
	}
	for _, tt := range invoiceFaults {
		srv.SetLNURLFault(tt.fault)
		status, ans := getJSON[payAnswerJSON](t, callback(pr, 21_000, ""))
		inv, err := model.DecodeInvoice(ans.PR)
		if status != 200 || !tt.check(inv, err) {
			t.Errorf("%s: %d %+v: %+v %v", tt.fault, status, ans, inv, err)
		}
	}
	if srv.LNURLInvoices() != 4 { // not-invoice makes none
		t.Errorf("%d invoices", srv.LNURLInvoices())
	}

	srv.SetLNURLFault(sim.LNURLNotPayRequest)
	if _, got := getJSON[map[string]any](t, wellKnown(addr)); got["tag"] != "withdrawRequest" {
		t.Errorf("not a pay request: %v", got)
	}
	for _, f := range []sim.LNURLFault{sim.LNURLOversized, sim.LNURLCallbackOversized} {
		srv.SetLNURLFault(f)
		_, _, body := get(t, wellKnown(addr))
		if f == sim.LNURLCallbackOversized {
			_, _, body = get(t, callback(pr, 21_000, ""))
		}
		if len(body) <= 64<<10 || !json.Valid(body) {
			t.Errorf("%s: %d bytes", f, len(body))
		}
	}
	for _, f := range []sim.LNURLFault{sim.LNURLRedirect, sim.LNURLCallbackRedirect} {
		srv.SetLNURLFault(f)
		target := wellKnown(addr)
		if f == sim.LNURLCallbackRedirect {
			target = callback(pr, 21_000, "")
		}
		status, h, _ := get(t, target)
		loc, err := url.Parse(h.Get("Location"))
		if status != http.StatusFound || err != nil || loc.Hostname() != "localhost" || loc.Port() != port {
			t.Errorf("%s: %d %q", f, status, h.Get("Location"))
		}
		before := srv.LNURLRedirectsFollowed()
		if resp, err := http.Get(target); err == nil { // a client that follows it is counted
			resp.Body.Close()
		}
		if srv.LNURLRedirectsFollowed() != before+1 {
			t.Errorf("%s: following not counted", f)
		}
	}
	for _, f := range []sim.LNURLFault{sim.LNURLSlow, sim.LNURLCallbackSlow} {
		srv.SetLNURLFault(f)
		target := wellKnown(addr)
		if f == sim.LNURLCallbackSlow {
			target = callback(pr, 21_000, "")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		began := time.Now()
		_, err := http.DefaultClient.Do(req)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(began) > 5*time.Second {
			t.Errorf("%s: %v after %v", f, err, time.Since(began))
		}
	}
	srv.SetLNURLFault(sim.LNURLHonest)
	if _, _, inv := lnurlInvoice(t, addr, 21_000, ""); inv.Amount != 21_000 {
		t.Errorf("honest again: %+v", inv)
	}
	if srv.CountSends() != 0 {
		t.Errorf("%d sends", srv.CountSends())
	}
}

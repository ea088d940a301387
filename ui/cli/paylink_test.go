package cli

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lightningnetwork/lnd/zpay32"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/invoicetest"
)

// The pay request every fake service answers: 10 to 100,000 sats, comments
// up to 10 characters.
const linkMetadata = `[["text/plain","Rent to Savings"],["text/identifier","savings@shop.example"]]`

func linkPayRequest(t *testing.T, commentAllowed int) model.PayRequest {
	t.Helper()
	meta, _ := json.Marshal(linkMetadata)
	body := `{"tag":"payRequest","callback":"https://shop.example/cb","minSendable":10000,"maxSendable":100000000,` +
		`"metadata":` + string(meta) + `,"commentAllowed":` + itoa(commentAllowed) + `}`
	pr, err := model.ParsePayRequest([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// fakeLNURL is a Lightning Address service in memory: it keeps every
// target read and every invoice asked for, and answers what the test says.
type fakeLNURL struct {
	pr      model.PayRequest
	prErr   error
	invoice func(amount model.MilliSats, comment string) (model.PayInvoice, error)

	read     []model.PayTarget
	asked    []model.MilliSats
	comments []string
}

func (f *fakeLNURL) PayRequest(_ context.Context, t model.PayTarget) (model.PayRequest, error) {
	f.read = append(f.read, t)
	return f.pr, f.prErr
}

func (f *fakeLNURL) Invoice(_ context.Context, _ model.PayRequest, amount model.MilliSats, comment string) (model.PayInvoice, error) {
	f.asked, f.comments = append(f.asked, amount), append(f.comments, comment)
	return f.invoice(amount, comment)
}

// linkInvoice is an invoice as an honest service makes it for amount,
// with change applied to its fields (for the dishonest ones).
func linkInvoice(t *testing.T, net *chaincfg.Params, at time.Time, fields ...func(*zpay32.Invoice)) string {
	return invoicetest.Sign(t, net, at, append([]func(*zpay32.Invoice){zpay32.PaymentAddr([32]byte{1}), zpay32.CLTVExpiry(80)}, fields...)...)
}

func metadataHash() [32]byte { return sha256.Sum256([]byte(linkMetadata)) }

// honestService answers invoices that pass every check, with success.
func honestService(t *testing.T, commentAllowed int, success *model.SuccessAction) *fakeLNURL {
	return &fakeLNURL{pr: linkPayRequest(t, commentAllowed), invoice: func(amount model.MilliSats, _ string) (model.PayInvoice, error) {
		pr := linkInvoice(t, &chaincfg.SigNetParams, t0, zpay32.Amount(lnwire.MilliSatoshi(amount)),
			zpay32.DescriptionHash(metadataHash()), zpay32.Expiry(time.Hour))
		return model.PayInvoice{PR: pr, SuccessAction: success}, nil
	}}
}

func withLNURL(l *fakeLNURL) func(*Deps) { return func(d *Deps) { d.LNURL = l } }

const sealedPreimage = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

// sealed is an aes success action (LUD-10) of text under the preimage.
func sealed(t *testing.T, text string) *model.SuccessAction {
	key, _ := hex.DecodeString(sealedPreimage)
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	iv := []byte("0123456789abcdef")
	n := aes.BlockSize - len(text)%aes.BlockSize
	plain := append([]byte(text), bytes.Repeat([]byte{byte(n)}, n)...)
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, plain)
	return &model.SuccessAction{Tag: model.ActionAES, Description: "Your receipt",
		IV: base64.StdEncoding.EncodeToString(iv), Ciphertext: base64.StdEncoding.EncodeToString(out)}
}

// payingWithPreimage is paying, its completed send carrying a preimage.
func payingWithPreimage(b *fakeBackend) *fakeBackend {
	b.get = func(string) (model.Payment, error) {
		return completed(b.sent[len(b.sent)-1], func(d *model.SendBolt11Data) {
			d.Outflows = model.Legs{{Type: "lightning", Preimage: sealedPreimage}}
		}), nil
	}
	return b
}

// TestPayLinkForms: each form of a Lightning Address or LNURL goes to its
// service, for the amount and comment given, and is paid as the invoice
// it answers, journaled with the address.
func TestPayLinkForms(t *testing.T) {
	bech, _ := model.EncodeLNURL("https://shop.example/.well-known/lnurlp/savings")
	for _, tt := range []struct {
		target string
		kind   model.PayTargetKind
		url    string
		payTo  string
	}{
		{"savings@shop.example", model.TargetAddress, "https://shop.example/.well-known/lnurlp/savings", "savings@shop.example"},
		{"lightning:savings@shop.example", model.TargetAddress, "https://shop.example/.well-known/lnurlp/savings", "savings@shop.example"},
		{"Savings@Shop.Example", model.TargetAddress, "https://shop.example/.well-known/lnurlp/savings", "savings@shop.example"},
		{bech, model.TargetLNURL, "https://shop.example/.well-known/lnurlp/savings", "shop.example"},
		{strings.ToUpper(bech), model.TargetLNURL, "https://shop.example/.well-known/lnurlp/savings", "shop.example"},
		{"lightning:" + strings.ToUpper(bech), model.TargetLNURL, "https://shop.example/.well-known/lnurlp/savings", "shop.example"},
		{"LIGHTNING:" + bech, model.TargetLNURL, "https://shop.example/.well-known/lnurlp/savings", "shop.example"},
		{"lnurlp://shop.example/lnurlp/savings", model.TargetLNURLP, "https://shop.example/lnurlp/savings", "shop.example"},
		{"lightning:lnurlp://shop.example/lnurlp/savings", model.TargetLNURLP, "https://shop.example/lnurlp/savings", "shop.example"},
	} {
		t.Run(tt.target, func(t *testing.T) {
			l := honestService(t, 10, nil)
			b := paying(account())
			r := runWithDeps(b, "", withLNURL(l), "pay", "--wallet", "Till", "--amount", "2100", "--comment", "rent", "--yes", tt.target)
			if r.code != ExitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if len(l.read) != 1 || l.read[0].Kind != tt.kind || l.read[0].URL != tt.url {
				t.Errorf("read %+v, want a %s at %s", l.read, tt.kind, tt.url)
			}
			if len(l.asked) != 1 || l.asked[0] != model.Sats(2100) || l.comments[0] != "rent" {
				t.Errorf("asked for %v with %q", l.asked, l.comments)
			}
			if len(b.sent) != 1 || b.sent[0].Amount != model.Sats(2100) || b.sent[0].PayTo != tt.payTo ||
				!strings.Contains(b.sent[0].Destination, "lnurl:"+tt.payTo) || b.sent[0].Memo != "Rent to Savings" {
				t.Errorf("sent %+v", b.sent)
			}
			if !strings.Contains(r.stdout, "pay to     "+tt.payTo) {
				t.Errorf("outcome:\n%s", r.stdout)
			}
		})
	}
	// An invoice is still an invoice, and takes no comment.
	b := paying(account())
	l := honestService(t, 10, nil)
	if r := runWithDeps(b, "", withLNURL(l), "pay", "--wallet", "Till", "--yes", signetInvoice(t, model.Sats(1000), "x")); r.code != ExitOK || len(l.read) != 0 {
		t.Errorf("an invoice: exit %d, %d services read: %s", r.code, len(l.read), r.stderr)
	}
	if r := runWithDeps(b, "", withLNURL(l), "pay", "--wallet", "Till", "--yes", "--comment", "hi", signetInvoice(t, model.Sats(1000), "y")); r.code != ExitUsage ||
		!strings.Contains(r.stderr, "--comment is for a Lightning Address") {
		t.Errorf("an invoice with --comment: exit %d: %s", r.code, r.stderr)
	}
}

// TestPayLinkRefusedAtTheFlag: a missing amount, one outside what the
// service takes, a comment it does not take, a bad address: refused at
// the flag (exit 2) before any invoice is asked for, and nothing sent.
func TestPayLinkRefusedAtTheFlag(t *testing.T) {
	for _, tt := range []struct {
		name           string
		commentAllowed int
		args           []string
		said           string
		reads          int
	}{
		{"no amount", 10, []string{"savings@shop.example"}, "--amount is required to pay savings@shop.example", 0},
		{"bad fee cap", 10, []string{"savings@shop.example", "--amount", "2100", "--max-fee", "lots"}, "--max-fee:", 0},
		{"garbage amount", 10, []string{"savings@shop.example", "--amount", "lots"}, "--amount:", 0},
		{"a bad address", 10, []string{"sav ings@shop.example", "--amount", "2100"}, "letters, digits", 0},
		{"a withdraw link", 10, []string{"lnurlw://shop.example/w", "--amount", "2100"}, "not for paying", 0},
		{"below the minimum", 10, []string{"savings@shop.example", "--amount", "9"}, "--amount 9: this service takes from 10 to 100,000 sats; nothing was sent", 1},
		{"above the maximum", 10, []string{"savings@shop.example", "--amount", "100001"}, "this service takes from 10 to 100,000 sats", 1},
		{"a part sat below", 10, []string{"savings@shop.example", "--amount", "9.999"}, "this service takes from 10 to 100,000 sats", 1},
		{"a comment too long", 10, []string{"savings@shop.example", "--amount", "2100", "--comment", "eleven char"}, "--comment: this service takes a comment of at most 10 characters; this one has 11; nothing was sent", 1},
		{"a comment not taken", 0, []string{"savings@shop.example", "--amount", "2100", "--comment", "hi"}, "--comment: this service does not take a comment", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := honestService(t, tt.commentAllowed, nil)
			b := paying(account())
			r := runWithDeps(b, "", withLNURL(l), append([]string{"pay", "--wallet", "Till", "--yes"}, tt.args...)...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, tt.said) {
				t.Errorf("exit %d, want %d saying %q: %s", r.code, ExitUsage, tt.said, r.stderr)
			}
			if len(l.read) != tt.reads || len(l.asked) != 0 || len(b.sent) != 0 || len(b.checks) != 0 {
				t.Errorf("%d read, %d invoices asked, %d sent, %d checks", len(l.read), len(l.asked), len(b.sent), len(b.checks))
			}
		})
	}
	// Without a service to ask, nothing is tried.
	b := paying(account())
	if r := runWith(b, "", "pay", "--wallet", "Till", "--yes", "--amount", "2100", "savings@shop.example"); r.code != ExitUsage ||
		!strings.Contains(r.stderr, "cannot reach Lightning Address services") || len(b.sent) != 0 {
		t.Errorf("no LNURL client: exit %d: %s", r.code, r.stderr)
	}
}

// TestPayLinkWhatTheServiceSaysComesFirst: what it pays, who, the amounts
// and the comment are shown before the question, then the usual summary
// with Pay to; a no sends nothing.
func TestPayLinkWhatTheServiceSaysComesFirst(t *testing.T) {
	l := honestService(t, 140, nil)
	l.pr.Description = "Rent \x1b[31mto\x1b[0m Savings" // as if a service's text got past the model
	b := paying(account())
	r := runWithDeps(b, "n\n", withLNURL(l), "pay", "--wallet", "Till", "--amount", "2100", "--comment", "rent", "savings@shop.example")
	if r.code != ExitFailed || len(b.sent) != 0 || len(l.asked) != 1 {
		t.Fatalf("declined: exit %d, %d sent, %d asked: %s", r.code, len(b.sent), len(l.asked), r.stderr)
	}
	shown := model.CleanText(l.pr.Description)
	want := []string{"Lightning Address savings@shop.example", "Pays       “" + shown + "”", "Who        savings@shop.example",
		"Takes      10 sats to 100,000 sats", "Comments   up to 140 characters", "Pay        2,100 sats", "Pay to     savings@shop.example",
		"For        “" + shown + "”", "Comment    “rent”", "Pay? [y/N]"}
	at := 0
	for _, w := range want {
		i := strings.Index(r.stderr[at:], w)
		if i < 0 {
			t.Fatalf("no %q after byte %d of:\n%s", w, at, r.stderr)
		}
		at += i + len(w)
	}
	if strings.Contains(r.stderr, "\x1b") {
		t.Errorf("raw escape in:\n%q", r.stderr)
	}
}

// TestPayLinkVerificationFailures: an invoice that is not what was asked
// for is refused with the check that failed, exit 2, and nothing is sent
// or even checked with Voltage.
func TestPayLinkVerificationFailures(t *testing.T) {
	amt := model.Sats(2100)
	good := []func(*zpay32.Invoice){zpay32.Amount(lnwire.MilliSatoshi(amt)), zpay32.DescriptionHash(metadataHash()), zpay32.Expiry(time.Hour)}
	with := func(net *chaincfg.Params, at time.Time, fields ...func(*zpay32.Invoice)) func(*testing.T) string {
		return func(t *testing.T) string { return linkInvoice(t, net, at, fields...) }
	}
	for _, tt := range []struct {
		name    string
		invoice func(*testing.T) string
		err     error
		said    string
		code    int
	}{
		{"wrong amount", with(&chaincfg.SigNetParams, t0, zpay32.Amount(lnwire.MilliSatoshi(amt+1000)), zpay32.DescriptionHash(metadataHash()), zpay32.Expiry(time.Hour)),
			nil, "the service's invoice is for 2,101 sats, not the 2,100 sats asked for; it was not paid", ExitUsage},
		{"no amount", with(&chaincfg.SigNetParams, t0, zpay32.DescriptionHash(metadataHash()), zpay32.Expiry(time.Hour)),
			nil, "has no amount", ExitUsage},
		{"wrong description hash", with(&chaincfg.SigNetParams, t0, zpay32.Amount(lnwire.MilliSatoshi(amt)), zpay32.DescriptionHash(sha256.Sum256([]byte("other"))), zpay32.Expiry(time.Hour)),
			nil, "its description hash does not match", ExitUsage},
		{"no description hash", with(&chaincfg.SigNetParams, t0, zpay32.Amount(lnwire.MilliSatoshi(amt)), zpay32.Description("Rent to Savings"), zpay32.Expiry(time.Hour)),
			nil, "has no description hash", ExitUsage},
		{"wrong network", with(&chaincfg.MainNetParams, t0, good...),
			nil, "the service's invoice is for Mainnet but the wallet is on Mutinynet; it was not paid", ExitUsage},
		{"expired", with(&chaincfg.SigNetParams, t0.Add(-2*time.Hour), good...),
			nil, "the service's invoice expired", ExitUsage},
		{"expiring at once", with(&chaincfg.SigNetParams, t0, zpay32.Amount(lnwire.MilliSatoshi(amt)), zpay32.DescriptionHash(metadataHash()), zpay32.Expiry(10*time.Second)),
			nil, "too soon to pay it safely", ExitUsage},
		{"not an invoice", func(*testing.T) string { return "lnbc1garbage" }, nil, "not an invoice voltdash can read", ExitUsage},
		{"the callback refuses", nil, &model.LNURLError{Err: model.ErrLNURLServiceError, Detail: "the service refused: out of stock"},
			"not paid: the service refused: out of stock", ExitUsage},
		{"the callback is down", nil, &model.LNURLError{Err: model.ErrLNURLUnreachable, Detail: "the service at shop.example did not answer within 10s"},
			"not paid: the service at shop.example did not answer within 10s", ExitNetwork},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := honestService(t, 10, nil)
			l.invoice = func(model.MilliSats, string) (model.PayInvoice, error) {
				if tt.err != nil {
					return model.PayInvoice{}, tt.err
				}
				return model.PayInvoice{PR: tt.invoice(t)}, nil
			}
			b := paying(account())
			r := runWithDeps(b, "", withLNURL(l), "pay", "--wallet", "Till", "--amount", "2100", "--yes", "savings@shop.example")
			if r.code != tt.code || !strings.Contains(r.stderr, tt.said) || strings.Count(strings.TrimSpace(r.stderr[strings.Index(r.stderr, "voltdash:"):]), "\n") != 0 {
				t.Errorf("exit %d, want %d with one line saying %q:\n%s", r.code, tt.code, tt.said, r.stderr)
			}
			if len(l.asked) != 1 || len(b.sent) != 0 || len(b.checks) != 0 {
				t.Errorf("%d invoices asked, %d sent, %d checks", len(l.asked), len(b.sent), len(b.checks))
			}
		})
	}
	// The pay request itself can fail: no such user, down.
	for _, tt := range []struct {
		err  error
		code int
	}{
		{&model.LNURLError{Err: model.ErrLNURLNoSuchUser, Detail: "shop.example has no user savings"}, ExitUsage},
		{&model.LNURLError{Err: model.ErrLNURLNotPayRequest, Detail: "the service's answer is not a pay request: it has no tag"}, ExitUsage},
		{&model.LNURLError{Err: model.ErrLNURLUnreachable, Detail: "shop.example cannot be reached"}, ExitNetwork},
	} {
		l := honestService(t, 10, nil)
		l.prErr = tt.err
		b := paying(account())
		r := runWithDeps(b, "", withLNURL(l), "pay", "--wallet", "Till", "--amount", "2100", "--yes", "savings@shop.example")
		if r.code != tt.code || !strings.Contains(r.stderr, "not paid: "+tt.err.Error()) || len(l.asked) != 0 || len(b.sent) != 0 {
			t.Errorf("%v: exit %d, %d asked, %d sent: %s", tt.err, r.code, len(l.asked), len(b.sent), r.stderr)
		}
		if !errors.Is(tt.err, model.ErrLNURLUnreachable) && tt.code == ExitNetwork {
			t.Fatal("bad table")
		}
	}
}

// TestPayLinkSuccessActions: once paid, the service's message, link (as
// text, with its domain, not opened) or sealed message (opened with the
// preimage) is printed, cleaned; --json carries pay_to and the action.
func TestPayLinkSuccessActions(t *testing.T) {
	for _, tt := range []struct {
		name   string
		action *model.SuccessAction
		text   []string
		json   successJSON
	}{
		{"message", &model.SuccessAction{Tag: model.ActionMessage, Message: "Thanks \x1b]52;c;x\x07for the rent"},
			[]string{"payee says “" + model.CleanText("Thanks \x1b]52;c;x\x07for the rent") + "”"}, successJSON{Tag: "message", Message: "Thanks \x1b]52;c;x\x07for the rent"}},
		{"url", &model.SuccessAction{Tag: model.ActionURL, Description: "Your receipt", URL: "https://shop.example/r/1"},
			[]string{"payee says “Your receipt”", "link       https://shop.example/r/1 (shop.example; not opened)"},
			successJSON{Tag: "url", Description: "Your receipt", URL: "https://shop.example/r/1", Domain: "shop.example"}},
		{"aes", sealed(t, "door code 4321"),
			[]string{"payee says “Your receipt”", "sealed     “door code 4321”"},
			successJSON{Tag: "aes", Description: "Your receipt", Decrypted: "door code 4321"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := honestService(t, 10, tt.action)
			b := payingWithPreimage(account())
			r := runWithDeps(b, "", withLNURL(l), "pay", "--wallet", "Till", "--amount", "2100", "--yes", "savings@shop.example")
			if r.code != ExitOK || !strings.HasPrefix(r.stdout, "✓ Sent 2,100 sats") {
				t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
			}
			for _, want := range tt.text {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("no %q in:\n%s", want, r.stdout)
				}
			}
			if strings.ContainsAny(r.stdout, "\x1b\x07") {
				t.Errorf("raw control characters in:\n%q", r.stdout)
			}

			b = payingWithPreimage(account())
			r = runWithDeps(b, "", withLNURL(l), "pay", "--wallet", "Till", "--amount", "2100", "--yes", "--json", "savings@shop.example")
			var out struct {
				Status        string       `json:"status"`
				PayTo         string       `json:"pay_to"`
				SuccessAction *successJSON `json:"success_action"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != ExitOK {
				t.Fatalf("--json: exit %d %v: %s", r.code, err, r.stdout)
			}
			if out.Status != "completed" || out.PayTo != "savings@shop.example" || out.SuccessAction == nil || *out.SuccessAction != tt.json {
				t.Errorf("--json: %+v %+v", out, out.SuccessAction)
			}
		})
	}
	// A sealed message needs the preimage: without it, it is said, and the
	// payment is still a success.
	l := honestService(t, 10, sealed(t, "door code 4321"))
	b := paying(account())
	r := runWithDeps(b, "", withLNURL(l), "pay", "--wallet", "Till", "--amount", "2100", "--yes", "savings@shop.example")
	if r.code != ExitOK || strings.Contains(r.stdout, "door code") || !strings.Contains(r.stderr, "cannot be opened") {
		t.Errorf("no preimage: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	// A payment that failed shows no success action.
	l = honestService(t, 10, &model.SuccessAction{Tag: model.ActionMessage, Message: "Thanks"})
	b = account()
	b.get = func(string) (model.Payment, error) {
		p := completed(b.sent[len(b.sent)-1], nil)
		p.Status = model.StatusFailed
		return p, nil
	}
	r = runWithDeps(b, "", withLNURL(l), "pay", "--wallet", "Till", "--amount", "2100", "--yes", "savings@shop.example")
	if r.code != ExitFailed || strings.Contains(r.stdout, "Thanks") {
		t.Errorf("failed: exit %d: %s", r.code, r.stdout)
	}
}

// TestPayLinkInDollars: --amount '$5' is asked of the service in sats at
// the latest quote, which the summary names.
func TestPayLinkInDollars(t *testing.T) {
	l := honestService(t, 10, nil)
	b := paying(account())
	q := quoteAt(t, t0)
	want, _ := q.MilliSats(500)
	r := runWithDeps(b, "", func(d *Deps) { withPrices(&fakePrices{})(d); d.LNURL = l },
		"pay", "--wallet", "Till", "--amount", "$5", "--yes", "savings@shop.example")
	if r.code != ExitOK || len(l.asked) != 1 || l.asked[0] != want || len(b.sent) != 1 || b.sent[0].Amount != want {
		t.Fatalf("exit %d, asked %v, sent %+v, want %v: %s", r.code, l.asked, b.sent, want, r.stderr)
	}
	if !strings.Contains(r.stderr, "Priced     $5.00 at BTCUSD") {
		t.Errorf("summary:\n%s", r.stderr)
	}
}

// TestPayLinkSuccessActionOutlivesTheCommand: the success action goes
// into the journal with the send, so voltdash resume, after a crash or a
// closed terminal, still shows it once the payment completes.
func TestPayLinkSuccessActionOutlivesTheCommand(t *testing.T) {
	action := sealed(t, "door code 4321")
	b := payingWithPreimage(account())
	r := runWithDeps(b, "", withLNURL(honestService(t, 10, action)), "pay", "--wallet", "Till", "--amount", "2100", "--yes", "savings@shop.example")
	if r.code != ExitOK || len(b.sent) != 1 {
		t.Fatalf("exit %d, %d sends: %s%s", r.code, len(b.sent), r.stdout, r.stderr)
	}
	rec := b.sent[0]
	if rec.Success == nil || *rec.Success != *action || rec.PayTo != "savings@shop.example" {
		t.Fatalf("journaled %+v with pay_to %q; want the success action %+v", rec.Success, rec.PayTo, action)
	}

	later := payingWithPreimage(account())
	later.sent, later.unfinished = []model.SendRecord{rec}, []model.SendRecord{rec}
	r = runWith(later, "", "resume")
	if r.code != ExitOK || !strings.Contains(r.stdout, "sealed     “door code 4321”") {
		t.Errorf("resume: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	resent := payingWithPreimage(account())
	resent.journal = []model.SendRecord{rec}
	r = runWith(resent, "", "pay", "--resend", rec.ID)
	if r.code != ExitOK || len(resent.sent) != 1 || !strings.Contains(r.stdout, "sealed     “door code 4321”") {
		t.Errorf("pay --resend: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	r = runWith(later, "", "resume", "--json")
	var out []resumeJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out) != 1 || out[0].SuccessAction == nil ||
		out[0].SuccessAction.Decrypted != "door code 4321" {
		t.Errorf("resume --json: %v: %s", err, r.stdout)
	}
}

package ui

import (
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lightningnetwork/lnd/zpay32"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/invoicetest"
)

const metadata = `[["text/plain","Pay Luna's bakery"],["text/identifier","luna@bakery.example"]]`

// fakeLink is a Lightning Address service whose invoices the test shapes.
type fakeLink struct {
	mu       sync.Mutex
	invoice  func(amount model.MilliSats) string
	success  *model.SuccessAction
	reads    int
	asked    []model.MilliSats
	comments []string
	err      error
}

func (f *fakeLink) PayRequest(_ context.Context, t model.PayTarget) (model.PayRequest, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	if f.err != nil {
		return model.PayRequest{}, f.err
	}
	return model.PayRequest{Callback: "https://bakery.example/cb", MinSendable: 1000, MaxSendable: model.Sats(100_000),
		Metadata: metadata, Description: "Pay Luna's bakery", Identifier: "luna@bakery.example", CommentAllowed: 40}, nil
}

func (f *fakeLink) Invoice(_ context.Context, _ model.PayRequest, amount model.MilliSats, comment string) (model.PayInvoice, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked, f.comments = append(f.asked, amount), append(f.comments, comment)
	return model.PayInvoice{PR: f.invoice(amount), SuccessAction: f.success}, nil
}

// hashedInvoice is what an honest service answers: for the amount, on
// signet, committing to the metadata.
func hashedInvoice(t *testing.T, meta string, extra model.MilliSats, expiry time.Duration) func(model.MilliSats) string {
	return func(amount model.MilliSats) string {
		return invoicetest.Sign(t, &chaincfg.SigNetParams, t0, zpay32.DescriptionHash(sha256.Sum256([]byte(meta))),
			zpay32.Amount(lnwire.MilliSatoshi(amount+extra)), zpay32.Expiry(expiry), zpay32.PaymentAddr([32]byte{1}))
	}
}

func linkApp(t *testing.T, link *fakeLink) (*App, *tillBackend) {
	a, _ := testApp(t, 120, 40)
	b := &tillBackend{}
	a.s.cfg.Backend = b
	a.s.cfg.LNURL = link
	press(a, walletsLoaded(t), keyPress("4"))
	return a, b
}

func fillSend(a *App, f *field, text string) {
	f.input.SetValue(text)
	d := sendScreenOf(a)
	cmd, _ := d.readLink()
	d.recheck()
	settle(a, cmd)
}

func TestSendPaysALightningAddressAfterHoldingItsInvoiceToWhatWasAsked(t *testing.T) {
	link := &fakeLink{invoice: hashedInvoice(t, metadata, 0, time.Hour),
		success: &model.SuccessAction{Tag: model.ActionMessage, Message: "Thanks! \x1b]0;pwned\a"}}
	a, b := linkApp(t, link)
	d := sendScreenOf(a)
	fillSend(a, d.target, "lightning:Luna@bakery.example")
	v := a.View()
	for _, want := range []string{"Lightning Address · luna@bakery.example", "Pay Luna's bakery", "1 sat to 100,000 sats", "up to 40 characters"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the service's pay request is not shown (%q):\n%s", want, v)
		}
	}
	fillSend(a, d.amount, "250000")
	if !strings.Contains(d.amount.err, "from 1 to 100,000 sats") {
		t.Fatalf("an amount out of bounds: %q", d.amount.err)
	}
	fillSend(a, d.amount, "2100")
	fillSend(a, d.comment, "for the croissants")
	press(a, keyPress("enter"))
	if d.stage != stageConfirm {
		t.Fatalf("stage %v; target %q amount %q comment %q problem %q", d.stage, d.target.err, d.amount.err, d.comment.err, d.problem)
	}
	if len(link.asked) != 1 || link.asked[0] != model.Sats(2100) || link.comments[0] != "for the croissants" {
		t.Fatalf("asked %v %q", link.asked, link.comments)
	}
	v = a.View()
	for _, want := range []string{"Pay to", "luna@bakery.example", "Pay Luna's bakery", "for the croissants", "2,100 sats"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the confirmation lacks %q:\n%s", want, v)
		}
	}
	if d.review.rec.PayTo != "luna@bakery.example" || !strings.Contains(d.review.rec.Destination, "lnurl:luna@bakery.example") ||
		d.review.rec.Success != link.success { // journaled, for resume to show once it completes
		t.Fatalf("the record does not keep the address: %+v", d.review.rec)
	}
	if b.sent != 0 {
		t.Fatal("sent before y")
	}
	// Paid: the service's message, cleaned.
	tr := d.track(d.review.rec)
	tr.success = d.review.success
	paid := model.Payment{ID: tr.rec.ID, Direction: model.Send, Status: model.StatusCompleted}
	tr.payment = &paid
	d.stage = stageTrack
	v = a.View()
	if !strings.Contains(v, "From payee Thanks!") || strings.Contains(v, "\x1b]0;") {
		t.Fatalf("the success message is not shown cleaned:\n%q", v)
	}
}

func TestAnInvoiceThatDoesNotMatchIsRefusedAndNothingSent(t *testing.T) {
	for _, tt := range []struct {
		name    string
		invoice func(*testing.T) func(model.MilliSats) string
		want    string
	}{
		{"another amount", func(t *testing.T) func(model.MilliSats) string { return hashedInvoice(t, metadata, 1000, time.Hour) },
			"is for 2,101 sats, not the 2,100 sats asked for"},
		{"another description", func(t *testing.T) func(model.MilliSats) string { return hashedInvoice(t, "[]", 0, time.Hour) },
			"description hash does not match"},
		{"expired", func(t *testing.T) func(model.MilliSats) string { return hashedInvoice(t, metadata, 0, time.Second) },
			"too soon to pay it safely"},
		{"another network", func(t *testing.T) func(model.MilliSats) string {
			return func(m model.MilliSats) string {
				return invoicetest.Sign(t, &chaincfg.MainNetParams, t0, zpay32.DescriptionHash(sha256.Sum256([]byte(metadata))),
					zpay32.Amount(lnwire.MilliSatoshi(m)), zpay32.PaymentAddr([32]byte{1}))
			}
		}, "is for Mainnet but the wallet is on"},
		{"not an invoice", func(*testing.T) func(model.MilliSats) string {
			return func(model.MilliSats) string { return "lnbc1nope" }
		},
			"not an invoice voltdash can read"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			link := &fakeLink{invoice: tt.invoice(t)}
			a, b := linkApp(t, link)
			d := sendScreenOf(a)
			fillSend(a, d.target, "luna@bakery.example")
			fillSend(a, d.amount, "2100")
			press(a, keyPress("enter"))
			if d.stage != stageEdit || d.review != nil {
				t.Fatalf("a mismatched invoice reached the confirmation: stage %v", d.stage)
			}
			if !strings.Contains(d.target.err, tt.want) || d.problem != "Nothing was sent." {
				t.Fatalf("error %q (problem %q), want %q", d.target.err, d.problem, tt.want)
			}
			press(a, keyPress("y"))
			if b.sent != 0 {
				t.Fatal("something was sent")
			}
		})
	}
}

func TestALightningAddressThatCannotBeReadSaysWhy(t *testing.T) {
	link := &fakeLink{err: errors.New("the service has no such user (luna@bakery.example)")}
	a, _ := linkApp(t, link)
	d := sendScreenOf(a)
	fillSend(a, d.target, "luna@bakery.example")
	if !strings.Contains(a.View(), "no such user") {
		t.Fatalf("the service's answer is not shown:\n%s", a.View())
	}
	fillSend(a, d.target, "luna@bakery.example ") // the same target: read once
	if link.reads != 1 {
		t.Fatalf("read %d times", link.reads)
	}
	fillSend(a, d.target, "LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35XVUKXEFCV5MKVV34X5EKZD3EV56NYD3HXQURZEPEXEJXXEPNXSCRVWFNV9NXZCN9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS")
	if d.link == nil || d.link.target.Kind != model.TargetLNURL || link.reads != 2 {
		t.Fatalf("an LNURL is read too: %+v, %d reads", d.link, link.reads)
	}
	fillSend(a, d.target, signetInvoice(t, 2_500_000, "x"))
	if d.link != nil || !d.planOK {
		t.Fatalf("an invoice after an address is an invoice again: link %+v ok %v", d.link, d.planOK)
	}
	fillSend(a, d.comment, "hello")
	press(a, keyPress("enter"))
	if !strings.Contains(d.comment.err, "only a Lightning Address or LNURL takes a comment") || d.stage != stageEdit {
		t.Fatalf("a comment for an invoice: %q, stage %v", d.comment.err, d.stage)
	}
}

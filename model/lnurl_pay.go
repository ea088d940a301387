package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// PayRequest is an LNURL-pay service's answer to the first GET (LUD-06):
// where to ask for an invoice, for how much, and what the payment is for.
type PayRequest struct {
	// Callback is where the invoice is asked for; it may be on another
	// host than the target (LUD-06 allows that) and may carry a query of
	// its own.
	Callback string
	// MinSendable and MaxSendable bound the amount, inclusive.
	MinSendable, MaxSendable MilliSats
	// Metadata is the metadata string exactly as received: the invoice's
	// description hash must be SHA-256 of these bytes (LUD-06), so it is
	// never re-encoded, trimmed or cleaned.
	Metadata string
	// Description (text/plain), LongDescription (text/long-desc) and
	// Identifier (text/identifier or text/email, LUD-16) are read from
	// Metadata and cleaned (CleanText), ready to show. Images are ignored.
	Description, LongDescription, Identifier string
	// CommentAllowed is the longest comment the callback takes, in
	// characters (LUD-12); zero: none.
	CommentAllowed int
}

// Limits on what is kept from a service's answer.
const (
	maxMetadataLen = 32 << 10
	maxShownText   = 1000 // characters of a description or message kept to show
	maxComment     = 2000 // LUD-12 comments longer than this are refused whatever the service says
)

// lnurlStatus is the LUD-06 error form, {"status":"ERROR","reason":"…"},
// which any answer of an LNURL service may take.
type lnurlStatus struct {
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// serviceError reads body as the LUD-06 error form; nil when it is not.
func serviceError(body []byte) error {
	var st lnurlStatus
	if json.Unmarshal(body, &st) != nil || !strings.EqualFold(st.Status, "ERROR") {
		return nil
	}
	reason := CutText(strings.Join(strings.Fields(CleanText(st.Reason)), " "), 120)
	if reason == "" {
		return lnurlErr(ErrLNURLServiceError, "the service refused, and gave no reason")
	}
	return lnurlErr(ErrLNURLServiceError, "the service refused: %s", reason)
}

// CutText shortens outside text to n characters, … included, without
// splitting one; clean it first (CleanText), so that what is counted is
// what is shown.
func CutText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

type payRequestWire struct {
	Tag            string          `json:"tag"`
	Callback       string          `json:"callback"`
	MinSendable    json.Number     `json:"minSendable"`
	MaxSendable    json.Number     `json:"maxSendable"`
	Metadata       json.RawMessage `json:"metadata"`
	CommentAllowed json.Number     `json:"commentAllowed"`
}

// ParsePayRequest reads a service's answer as a pay request (LUD-06),
// refusing one that is an error, another kind of LNURL, or cannot be paid
// safely: a callback that is not https (this machine excepted), bounds
// that are not whole millisatoshis or hold no amount, metadata that is not
// LUD-06's array of [type, value] pairs or has no text/plain.
func ParsePayRequest(body []byte) (PayRequest, error) {
	if err := serviceError(body); err != nil {
		return PayRequest{}, err
	}
	not := func(why string) (PayRequest, error) {
		return PayRequest{}, lnurlErr(ErrLNURLNotPayRequest, "the service's answer is not a pay request: %s", why)
	}
	var w payRequestWire
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&w); err != nil {
		return not("it is not the JSON it should be")
	}
	if w.Tag != "payRequest" {
		if w.Tag == "" {
			return not("it has no tag")
		}
		return not("it is tagged " + CutText(CleanText(w.Tag), 30) + ", not payRequest")
	}
	cb, err := url.Parse(w.Callback)
	if err != nil || cb.Host == "" {
		return not("its callback is not a web address")
	}
	if err := checkServiceURL(cb, "its callback"); err != nil {
		return not(err.Error())
	}
	minS, ok1 := wholeMsats(w.MinSendable)
	maxS, ok2 := wholeMsats(w.MaxSendable)
	switch {
	case !ok1 || !ok2:
		return not("its minimum or maximum is not a whole number of millisatoshis")
	case minS < 1:
		return not("its minimum is below 1 millisatoshi")
	case minS > maxS:
		return not("its minimum is above its maximum")
	}
	pr := PayRequest{Callback: w.Callback, MinSendable: minS, MaxSendable: maxS}
	if w.CommentAllowed != "" {
		n, err := w.CommentAllowed.Int64()
		if err != nil {
			return not("its commentAllowed is not a whole number")
		}
		pr.CommentAllowed = int(max(0, min(n, maxComment)))
	}
	if err := json.Unmarshal(w.Metadata, &pr.Metadata); err != nil || len(w.Metadata) == 0 {
		return not("its metadata is not a string")
	}
	if !utf8.Valid(w.Metadata) || len(pr.Metadata) > maxMetadataLen {
		// Invalid UTF-8 would reach us replaced, so its hash could never
		// match what the service hashed.
		return not("its metadata is not text of a sensible size")
	}
	if why := readMetadata(&pr); why != "" {
		return not(why)
	}
	return pr, nil
}

// wholeMsats reads a JSON number that must be a whole, sane amount.
func wholeMsats(n json.Number) (MilliSats, bool) {
	v, err := n.Int64()
	if err != nil || v > int64(MaxMilliSats) {
		return 0, false
	}
	return MilliSats(v), true
}

// readMetadata fills pr's shown fields from pr.Metadata, or says why it
// cannot (LUD-06: a JSON array of [mime type, content] pairs, exactly one
// text/plain).
func readMetadata(pr *PayRequest) string {
	var entries [][]json.RawMessage
	if json.Unmarshal([]byte(pr.Metadata), &entries) != nil {
		return "its metadata is not a list of [type, value] pairs"
	}
	plain := 0
	for _, e := range entries {
		var kind, value string
		if len(e) != 2 || json.Unmarshal(e[0], &kind) != nil || json.Unmarshal(e[1], &value) != nil {
			return "its metadata is not a list of [type, value] pairs"
		}
		shown := CutText(CleanText(value), maxShownText)
		switch kind {
		case "text/plain":
			plain++
			pr.Description = shown
		case "text/long-desc":
			pr.LongDescription = shown
		case "text/identifier", "text/email":
			if pr.Identifier == "" {
				pr.Identifier = CutText(CleanText(value), 320)
			}
		}
	}
	switch {
	case plain == 0:
		return "its metadata has no text/plain description"
	case plain > 1:
		return "its metadata has more than one text/plain description"
	}
	return ""
}

// CheckAmount says, in one sentence, why the service would refuse amount,
// or returns nil.
func (pr PayRequest) CheckAmount(amount MilliSats) error {
	if amount >= pr.MinSendable && amount <= pr.MaxSendable {
		return nil
	}
	if pr.MinSendable == pr.MaxSendable {
		return lnurlErr(ErrLNURLAmountBounds, "this service takes exactly %s sats", pr.MinSendable.FormatSats())
	}
	return lnurlErr(ErrLNURLAmountBounds, "this service takes from %s to %s sats", pr.MinSendable.FormatSats(), pr.MaxSendable.FormatSats())
}

// CheckComment says why the callback would not take comment (LUD-12:
// only when commentAllowed is set, at most that many characters), or
// returns nil. An empty comment is always fine: none is sent.
func (pr PayRequest) CheckComment(comment string) error {
	n := utf8.RuneCountInString(comment)
	switch {
	case n == 0:
		return nil
	case pr.CommentAllowed == 0:
		return lnurlErr(ErrLNURLComment, "this service does not take a comment")
	case n > pr.CommentAllowed:
		return lnurlErr(ErrLNURLComment, "this service takes a comment of at most %d characters; this one has %d", pr.CommentAllowed, n)
	}
	return nil
}

// DescriptionHash is the hex SHA-256 of the metadata as received, which
// the invoice must carry as its description hash (LUD-06).
func (pr PayRequest) DescriptionHash() string {
	sum := sha256.Sum256([]byte(pr.Metadata))
	return hex.EncodeToString(sum[:])
}

// PayInvoice is the callback's answer (LUD-06): the invoice and what to
// show once it is paid. Routes are ignored: Voltage finds its own.
type PayInvoice struct {
	PR            string // the BOLT 11 invoice, as sent
	SuccessAction *SuccessAction
}

type payInvoiceWire struct {
	PR            string          `json:"pr"`
	SuccessAction json.RawMessage `json:"successAction"`
}

// ParsePayInvoice reads the callback's answer, including the LUD-06 error
// form. The invoice itself is only checked to be there: decode it and hold
// it to the request with VerifyPayInvoice.
func ParsePayInvoice(body []byte) (PayInvoice, error) {
	if err := serviceError(body); err != nil {
		return PayInvoice{}, err
	}
	var w payInvoiceWire
	if err := json.Unmarshal(body, &w); err != nil {
		return PayInvoice{}, lnurlErr(ErrLNURLBadInvoice, "the service's answer is not an invoice: it is not the JSON it should be")
	}
	pr := strings.TrimSpace(w.PR)
	if pr == "" {
		return PayInvoice{}, lnurlErr(ErrLNURLBadInvoice, "the service's answer has no invoice in it")
	}
	if len(pr) > maxInvoiceLen {
		return PayInvoice{}, lnurlErr(ErrLNURLBadInvoice, "the service's invoice is too long to be one")
	}
	inv := PayInvoice{PR: pr}
	if len(w.SuccessAction) > 0 && string(w.SuccessAction) != "null" {
		sa, err := parseSuccessAction(w.SuccessAction)
		if err != nil {
			return PayInvoice{}, err
		}
		inv.SuccessAction = sa
	}
	return inv, nil
}

// LNURLExpiryMargin is how long an invoice from a service must still be
// good for: a person has yet to confirm it, and Voltage to route it.
const LNURLExpiryMargin = 30 * time.Second

// VerifyPayInvoice holds the invoice a callback gave to what was asked,
// before it is shown as payable (LUD-06): it commits to the pay request's
// metadata (description hash = SHA-256 of Metadata as received), is for
// exactly amount, is on a network the wallet pays, and is good for at
// least LNURLExpiryMargin more. Each failure is its own error (errors.Is:
// ErrLNURLHashMismatch, ErrLNURLAmountMismatch, ErrLNURLNetwork,
// ErrLNURLExpired) and says which check failed.
func VerifyPayInvoice(pr PayRequest, inv Invoice, amount MilliSats, network Network, now time.Time) error {
	want := pr.DescriptionHash()
	switch {
	case inv.DescriptionHash == "":
		return lnurlErr(ErrLNURLHashMismatch, "the service's invoice has no description hash, so it is not tied to what the service showed; it was not paid")
	case !strings.EqualFold(inv.DescriptionHash, want):
		return lnurlErr(ErrLNURLHashMismatch, "the service's invoice is for another description than the one it showed (its description hash does not match); it was not paid")
	case !inv.HasAmount:
		return lnurlErr(ErrLNURLAmountMismatch, "the service's invoice has no amount, not the %s sats asked for; it was not paid", amount.FormatSats())
	case inv.Amount != amount:
		return lnurlErr(ErrLNURLAmountMismatch, "the service's invoice is for %s sats, not the %s sats asked for; it was not paid", inv.Amount.FormatSats(), amount.FormatSats())
	case !network.Accepts(inv.Network):
		return lnurlErr(ErrLNURLNetwork, "the service's invoice is for %s but the wallet is on %s; it was not paid", inv.Network.Label(), network.Label())
	case !now.Add(LNURLExpiryMargin).Before(inv.ExpiresAt()):
		if inv.Expired(now) {
			return lnurlErr(ErrLNURLExpired, "the service's invoice expired %s ago; it was not paid", ShortDuration(now.Sub(inv.ExpiresAt())))
		}
		return lnurlErr(ErrLNURLExpired, "the service's invoice expires in %s, too soon to pay it safely; it was not paid", inv.ExpiresAt().Sub(now).Round(time.Second))
	}
	return nil
}

package model

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/btcsuite/btcd/btcutil/bech32"
)

// Voltage pays BOLT 11 invoices; getting one from a Lightning Address or
// an LNURL is the payer's job. This file reads what a person types into
// the target of such a payment (LUD-01 bech32 LNURLs, LUD-16 Lightning
// Addresses, LUD-17 lnurlp:// links); lnurl_pay.go reads what the service
// answers and checks the invoice it gives against what was asked.

// PayTargetKind is the form a pay target was typed in.
type PayTargetKind int

const (
	// TargetAddress is a Lightning Address, name@domain (LUD-16).
	TargetAddress PayTargetKind = iota + 1
	// TargetLNURL is a bech32 "lnurl1…" string (LUD-01).
	TargetLNURL
	// TargetLNURLP is an lnurlp:// link (LUD-17).
	TargetLNURLP
)

func (k PayTargetKind) String() string {
	switch k {
	case TargetAddress:
		return "Lightning Address"
	case TargetLNURL:
		return "LNURL"
	case TargetLNURLP:
		return "lnurlp link"
	}
	return "unknown"
}

// PayTarget is a Lightning Address or LNURL-pay link, classified, with the
// URL its pay request is fetched from.
type PayTarget struct {
	Kind PayTargetKind
	// Input is what was typed, trimmed, without a "lightning:" prefix.
	Input string
	// Address is name@domain for a Lightning Address, its name lower-cased
	// as LUD-16 asks; empty for the other kinds.
	Address string
	// URL is where the pay request is read: https, or http for this
	// machine only.
	URL string
}

// Host is the host (and port) of the target's URL, as errors and screens
// name the service.
func (t PayTarget) Host() string {
	u, err := url.Parse(t.URL)
	if err != nil {
		return ""
	}
	return u.Host
}

// String is how the target is shown: the address, or the service's host.
func (t PayTarget) String() string {
	if t.Address != "" {
		return t.Address
	}
	return t.Host()
}

// Errors about LNURLs and Lightning Addresses, one sentence each, for
// errors.Is. The errors returned wrap them in an *LNURLError that says
// more.
var (
	ErrLNURLTarget         = errors.New("this is not a Lightning Address or LNURL that can be paid")
	ErrLNURLNoSuchUser     = errors.New("the service has no such user")
	ErrLNURLUnreachable    = errors.New("the Lightning Address or LNURL service is down or cannot be reached")
	ErrLNURLNotPayRequest  = errors.New("the service's answer is not a pay request")
	ErrLNURLServiceError   = errors.New("the service refused the request")
	ErrLNURLBadInvoice     = errors.New("the service's answer is not an invoice")
	ErrLNURLAmountBounds   = errors.New("the amount is outside what the service accepts")
	ErrLNURLComment        = errors.New("the comment is not accepted by the service")
	ErrLNURLAmountMismatch = errors.New("the service's invoice is not for the amount asked for")
	ErrLNURLHashMismatch   = errors.New("the service's invoice does not commit to its pay request's metadata")
	ErrLNURLNetwork        = errors.New("the service's invoice is for another network than the wallet's")
	ErrLNURLExpired        = errors.New("the service's invoice has expired or is about to")
	ErrLNURLSuccessAction  = errors.New("the service's success action cannot be read")
)

// LNURLError is one of the errors above with the detail that makes it a
// sentence a person can act on. Detail is voltdash's own text: anything
// from the service in it has been cleaned (CleanText) and cut short.
type LNURLError struct {
	Err    error
	Detail string
}

func (e *LNURLError) Error() string {
	if e.Detail == "" {
		return e.Err.Error()
	}
	return e.Detail
}

func (e *LNURLError) Unwrap() error { return e.Err }

func lnurlErr(err error, format string, args ...any) error {
	return &LNURLError{Err: err, Detail: fmt.Sprintf(format, args...)}
}

// maxLNURLLen bounds what is decoded: real LNURLs are a few hundred
// characters; this keeps a pasted novel out of the decoder.
const maxLNURLLen = 2048

// ParsePayTarget reads s as a Lightning Address or LNURL-pay link. ok is
// false when s is neither (an invoice, an on-chain address, garbage), so
// the caller tries those; err is set when s looks like one of them but
// cannot be used, and says which part is wrong.
func ParsePayTarget(s string) (t PayTarget, ok bool, err error) {
	text := strings.TrimSpace(s)
	// LUD-17 and wallets' QR codes put "lightning:" before any of these.
	if rest, found := cutPrefixFold(text, "lightning:"); found {
		text = strings.TrimPrefix(rest, "//")
	}
	lower := strings.ToLower(text)
	switch {
	case strings.HasPrefix(lower, "lnurl1"):
		return parseBech32Target(text)
	case strings.HasPrefix(lower, "lnurlp://"):
		return parseSchemeTarget(text)
	case strings.HasPrefix(lower, "lnurlw://"), strings.HasPrefix(lower, "lnurlc://"), strings.HasPrefix(lower, "keyauth://"):
		return PayTarget{}, true, lnurlErr(ErrLNURLTarget, "this is an LNURL for withdrawing, a channel or a login, not for paying; voltdash pays only LNURL-pay links")
	case looksLikeAddress(text):
		return parseAddressTarget(text)
	}
	return PayTarget{}, false, nil
}

// looksLikeAddress is name@domain with nothing before the name that would
// make it a URI of some other kind (bitcoin:…?label=a@b).
func looksLikeAddress(s string) bool {
	name, _, found := strings.Cut(s, "@")
	return found && !strings.ContainsAny(name, ":/?#")
}

func parseAddressTarget(s string) (PayTarget, bool, error) {
	name, domain, _ := strings.Cut(s, "@")
	if len(s) > 320 {
		return PayTarget{}, true, lnurlErr(ErrLNURLTarget, "this Lightning Address is too long to be one")
	}
	name = strings.ToLower(name)
	if name == "" {
		return PayTarget{}, true, lnurlErr(ErrLNURLTarget, "this Lightning Address has no name before the @")
	}
	// LUD-16: the name is a-z0-9-_.+ only, so it is safe in a URL path.
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.+", r)) {
			return PayTarget{}, true, lnurlErr(ErrLNURLTarget,
				"the name of this Lightning Address may have only letters, digits and - _ . +, not %q", CleanText(string(r)))
		}
	}
	host, err := addressHost(domain)
	if err != nil {
		return PayTarget{}, true, err
	}
	u := &url.URL{Scheme: "https", Host: host, Path: "/.well-known/lnurlp/" + name}
	if schemeFor(hostOnly(host)) == "http" {
		u.Scheme = "http"
	}
	if err := checkServiceURL(u, "this Lightning Address's domain"); err != nil {
		return PayTarget{}, true, err
	}
	return PayTarget{Kind: TargetAddress, Input: s, Address: name + "@" + host, URL: u.String()}, true, nil
}

// addressHost checks the domain of a Lightning Address: a host name or IP
// with an optional port, and nothing else.
func addressHost(domain string) (string, error) {
	bad := func(why string) error {
		return lnurlErr(ErrLNURLTarget, "the domain of this Lightning Address %s", why)
	}
	if domain == "" {
		return "", bad("is missing after the @")
	}
	if strings.ContainsAny(domain, "@/?#\\ \t%") || !utf8.ValidString(domain) {
		return "", bad("is not a domain name")
	}
	host, port := domain, ""
	if h, p, err := net.SplitHostPort(domain); err == nil {
		host, port = h, p
		if p == "" || strings.Trim(p, "0123456789") != "" || len(p) > 5 {
			return "", bad("has a port that is not a number")
		}
	} else if strings.Contains(domain, ":") && !strings.HasPrefix(domain, "[") {
		return "", bad("has a port that is not a number")
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if net.ParseIP(host) == nil {
		if !strings.Contains(host, ".") && !IsLoopbackHost(host) {
			return "", bad("has no dot in it, so it is not a domain on the internet")
		}
		for _, label := range strings.Split(host, ".") {
			if label == "" || len(label) > 63 || strings.Trim(strings.ToLower(label), "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
				return "", bad("is not a domain name")
			}
		}
	}
	host = strings.ToLower(host)
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return host, nil
}

func parseBech32Target(s string) (PayTarget, bool, error) {
	raw, err := DecodeLNURL(s)
	if err != nil {
		return PayTarget{}, true, err
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return PayTarget{}, true, lnurlErr(ErrLNURLTarget, "this LNURL decodes to something that is not a web address")
	}
	// LUD-04 logins are recognisable from the link itself; others only by
	// the service's answer.
	if tag := u.Query().Get("tag"); tag == "login" || tag == "withdrawRequest" || tag == "channelRequest" {
		return PayTarget{}, true, lnurlErr(ErrLNURLTarget, "this LNURL is for %s, not for paying", map[string]string{
			"login": "logging in", "withdrawRequest": "withdrawing", "channelRequest": "opening a channel"}[tag])
	}
	if err := checkServiceURL(u, "this LNURL"); err != nil {
		return PayTarget{}, true, err
	}
	return PayTarget{Kind: TargetLNURL, Input: s, URL: u.String()}, true, nil
}

func parseSchemeTarget(s string) (PayTarget, bool, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return PayTarget{}, true, lnurlErr(ErrLNURLTarget, "this lnurlp link has no host after lnurlp://")
	}
	// LUD-17: lnurlp:// stands for https://, or http:// for an onion
	// service (and, for us, this machine).
	u.Scheme = schemeFor(u.Hostname())
	if err := checkServiceURL(u, "this lnurlp link"); err != nil {
		return PayTarget{}, true, err
	}
	return PayTarget{Kind: TargetLNURLP, Input: s, URL: u.String()}, true, nil
}

// schemeFor is the scheme LUD-16 and LUD-17 give a host: http for onion
// services and this machine, https for the rest.
func schemeFor(host string) string {
	if IsLoopbackHost(host) || strings.HasSuffix(strings.ToLower(host), ".onion") {
		return "http"
	}
	return "https"
}

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

// checkServiceURL holds a service's URL to the rule for the API: https,
// plain http only for this machine. An onion service needs Tor, which
// voltdash does not speak, so it is refused with that reason.
func checkServiceURL(u *url.URL, what string) error {
	host := u.Hostname()
	switch {
	case u.User != nil:
		return lnurlErr(ErrLNURLTarget, "%s carries a user name and password, which voltdash does not send", what)
	case strings.HasSuffix(strings.ToLower(host), ".onion"):
		return lnurlErr(ErrLNURLTarget, "%s is an onion service, which voltdash cannot reach (it does not use Tor)", what)
	case u.Scheme == "https" && host != "":
		return nil
	case u.Scheme == "http" && IsLoopbackHost(host):
		return nil
	case u.Scheme == "http":
		return lnurlErr(ErrLNURLTarget, "%s uses plain http, which voltdash accepts only for this machine", what)
	}
	return lnurlErr(ErrLNURLTarget, "%s is not an https web address", what)
}

// DecodeLNURL decodes a bech32 LNURL (LUD-01) to the URL it carries. Upper
// and lower case are both fine (QR codes use upper case); mixed case is
// not bech32. Only bech32 with the "lnurl" prefix, in its one canonical
// form, is accepted: what DecodeLNURL accepts, EncodeLNURL gives back.
func DecodeLNURL(s string) (string, error) {
	if len(s) > maxLNURLLen {
		return "", lnurlErr(ErrLNURLTarget, "this LNURL is too long to be one")
	}
	// LNURLs are longer than BIP 173's 90 characters, so the limit-free
	// decoder is the one LUD-01 needs.
	hrp, data, err := bech32.DecodeNoLimit(s)
	if err != nil {
		var mixed bech32.ErrMixedCase
		var sum bech32.ErrInvalidChecksum
		switch {
		case errors.As(err, &mixed):
			return "", lnurlErr(ErrLNURLTarget, "this LNURL mixes upper and lower case, so part of it was changed")
		case errors.As(err, &sum):
			return "", lnurlErr(ErrLNURLTarget, "this LNURL is damaged: its checksum does not match, so part of it is missing or mistyped")
		}
		return "", lnurlErr(ErrLNURLTarget, "this LNURL is damaged: it is not valid bech32")
	}
	if hrp != "lnurl" {
		return "", lnurlErr(ErrLNURLTarget, "this LNURL does not start with lnurl1")
	}
	b, err := bech32.ConvertBits(data, 5, 8, false)
	if err != nil || len(b) == 0 {
		return "", lnurlErr(ErrLNURLTarget, "this LNURL is damaged: its data does not end where it should")
	}
	if !utf8.Valid(b) {
		return "", lnurlErr(ErrLNURLTarget, "this LNURL does not decode to text")
	}
	// A bech32m checksum, or padding bits that are not zero, decode too;
	// neither is an LNURL anyone made, so only the canonical form passes.
	if again, err := EncodeLNURL(string(b)); err != nil || again != strings.ToLower(s) {
		return "", lnurlErr(ErrLNURLTarget, "this LNURL is damaged: it is not valid bech32")
	}
	return string(b), nil
}

// EncodeLNURL is the bech32 LNURL (LUD-01, lower case) of rawURL.
func EncodeLNURL(rawURL string) (string, error) {
	conv, err := bech32.ConvertBits([]byte(rawURL), 8, 5, true)
	if err != nil {
		return "", err
	}
	return bech32.Encode("lnurl", conv)
}

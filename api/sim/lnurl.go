package sim

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/btcsuite/btcd/btcutil/bech32"
	"github.com/btcsuite/btcd/chaincfg"

	"github.com/voltdash/voltdash/model"
)

// The simulator also hosts a Lightning Address service for its wallets, as
// a merchant on Voltage would run beside the API: Voltage pays and issues
// BOLT 11 invoices, and getting one from an address is the LNURL documents'
// business, not the Payments API's (nor its spec's). It serves:
//
//	GET /.well-known/lnurlp/{name}              LUD-16 → a LUD-06 payRequest
//	GET /lnurlp/{name}/callback?amount=&comment= LUD-06 callback (LUD-12 comment)
//	GET /lnurlp/{name}/receipt/{payment id}     the page a url success action names
//
// {name} is the wallet's name lower-cased with every run of other
// characters than a-z and 0-9 turned into "-" ("Coffee shop till" →
// coffee-shop-till), or its first word alone when no other wallet's name
// claims it (coffee, payouts, savings for the seeded wallets).
//
// The callback makes a real receive on the wallet, at once (the service
// asks for it as any Voltage client would, and waits for it to be
// generated), whose invoice commits to SHA-256 of the metadata string as
// served, for exactly the amount asked; the comment becomes its memo.
// Paying it from another wallet here settles internally. The success
// action (LUD-09) is a message, except for savings, which answers an aes
// action sealed with the invoice's preimage (LUD-10), and payouts, a url.
// Switches (SetLNURLFault) make it misbehave.

// Where the service lives. The contract checker skips these exchanges: the
// spec does not describe them.
const (
	LNURLWellKnownPrefix = "/.well-known/lnurlp/"
	LNURLCallbackPrefix  = "/lnurlp/"
)

// IsLNURLPath reports a path of the Lightning Address service rather than
// of the API.
func IsLNURLPath(path string) bool {
	return strings.HasPrefix(path, LNURLWellKnownPrefix) || strings.HasPrefix(path, LNURLCallbackPrefix)
}

// The bounds and comment length every pay request offers (LUD-06, LUD-12).
const (
	LNURLMinSendable      model.MilliSats = 1000
	LNURLMaxSendable      model.MilliSats = 100_000_000_000 // 1 BTC
	LNURLCommentAllowed                   = 140
	lnurlSlowFor                          = 30 * time.Second
	lnurlOversize                         = 70 << 10 // past the 64 KiB a careful client reads
	lnurlWrongAmountDelta model.MilliSats = 1000
)

// LNURLFault is a way the Lightning Address service misbehaves.
type LNURLFault int

const (
	LNURLHonest LNURLFault = iota // answers as it should

	// Faults of the pay request (GET /.well-known/lnurlp/{name}).
	LNURLNotPayRequest // answers a LUD-03 withdrawRequest instead
	LNURLOversized     // pads the answer past 64 KiB
	LNURLSlow          // answers only after 30 s, or never if the request is cancelled first
	LNURLRedirect      // answers 302 to the same path at another origin (127.0.0.1 ↔ localhost, same port)

	// Faults of the callback, which still makes a receive (counted by
	// LNURLInvoices) unless it answers no invoice.
	LNURLWrongAmount       // the invoice is for 1000 msats more than asked
	LNURLWrongHash         // the invoice commits to another description hash
	LNURLExpiredInvoice    // the invoice expired a minute before it was given
	LNURLWrongNetwork      // the invoice is for mainnet (lnbc…)
	LNURLNotInvoice        // pr is not an invoice; no receive is made
	LNURLCallbackOversized // pads the callback's answer past 64 KiB
	LNURLCallbackSlow      // the callback answers only after 30 s, or never if cancelled first
	LNURLCallbackRedirect  // the callback answers 302 to another origin
)

var lnurlFaultNames = []string{"honest", "not-pay-request", "oversized", "slow", "redirect", "wrong-amount",
	"wrong-hash", "expired-invoice", "wrong-network", "not-invoice", "callback-oversized", "callback-slow", "callback-redirect"}

func (f LNURLFault) String() string {
	if f >= 0 && int(f) < len(lnurlFaultNames) {
		return lnurlFaultNames[f]
	}
	return "LNURLFault(" + strconv.Itoa(int(f)) + ")"
}

// lnurlState is the service's switch and counters.
type lnurlState struct {
	mu       sync.Mutex
	origin   string // host:port the server listens on; empty: the request's Host
	fault    LNURLFault
	requests int
	invoices int // receives made through the callback
	followed int // redirects a client followed
}

func (l *lnurlState) begin(r *http.Request) LNURLFault {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests++
	if r.URL.Query().Has("redirected") {
		l.followed++
	}
	return l.fault
}

// host is what addresses and URLs name: the listening address, so that a
// client that followed a redirect still sees the service's own.
func (s *Sim) lnurlHost(r *http.Request) string {
	s.lnurl.mu.Lock()
	defer s.lnurl.mu.Unlock()
	if s.lnurl.origin != "" || r == nil {
		return s.lnurl.origin
	}
	return r.Host
}

// lnurlSlug is a wallet name as a LUD-16 username: a-z, 0-9 and "-".
func lnurlSlug(name string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte('-')
			}
			gap = false
			b.WriteRune(r)
		} else {
			gap = true
		}
	}
	return b.String()
}

// lnurlUsers maps every username to its wallet: each active wallet's full
// slug first, in creation order (the first wallet keeps a slug two share),
// then first words no full slug took. Callers hold s.mu.
func (s *Sim) lnurlUsers(now time.Time) map[string]*wallet {
	users := map[string]*wallet{}
	ws := s.activeWallets(now)
	for _, w := range ws {
		if slug := lnurlSlug(w.Name); slug != "" && users[slug] == nil {
			users[slug] = w
		}
	}
	for _, w := range ws {
		first, _, _ := strings.Cut(lnurlSlug(w.Name), "-")
		if first != "" && users[first] == nil {
			users[first] = w
		}
	}
	return users
}

// lnurlMetadata is the metadata string of a pay request (LUD-06), with the
// identifier the payer asked for (LUD-16).
func lnurlMetadata(walletName, identifier string) string {
	b, _ := json.Marshal([][2]string{{"text/plain", "Pay " + walletName}, {"text/identifier", identifier}})
	return string(b)
}

// lnurlError answers LUD-06's error form.
func lnurlError(w http.ResponseWriter, status int, reason string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"status": "ERROR", "reason": reason})
}

func lnurlJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// serveLNURL answers the Lightning Address service's paths; no key, as the
// public service it plays.
func (s *Sim) serveLNURL(w http.ResponseWriter, r *http.Request) {
	fault := s.lnurl.begin(r)
	if r.Method != http.MethodGet {
		lnurlError(w, http.StatusMethodNotAllowed, "only GET is served here")
		return
	}
	if name, ok := strings.CutPrefix(r.URL.Path, LNURLWellKnownPrefix); ok && !strings.Contains(name, "/") {
		s.servePayRequest(w, r, strings.ToLower(name), fault)
		return
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, LNURLCallbackPrefix), "/")
	switch {
	case len(parts) == 2 && parts[1] == "callback":
		s.serveLNURLCallback(w, r, strings.ToLower(parts[0]), fault)
	case len(parts) == 3 && parts[1] == "receipt":
		s.serveLNURLReceipt(w, strings.ToLower(parts[0]), parts[2])
	default:
		lnurlError(w, http.StatusNotFound, "no such path")
	}
}

// stall waits out a slow fault: until the client gives up, or 30 s.
func stall(r *http.Request) bool {
	t := time.NewTimer(lnurlSlowFor)
	defer t.Stop()
	select {
	case <-r.Context().Done():
		return false
	case <-t.C:
		return true
	}
}

// redirect answers 302 to the same path and query at another origin: the
// same port on localhost, or on 127.0.0.1 when asked at localhost. A
// client that follows it is counted (LNURLRedirectsFollowed).
func redirect(w http.ResponseWriter, r *http.Request) {
	host, port, err := net.SplitHostPort(r.Host)
	if err != nil {
		host, port = r.Host, "80"
	}
	other := "localhost"
	if host == "localhost" {
		other = "127.0.0.1"
	}
	q := r.URL.Query()
	q.Set("redirected", "1")
	http.Redirect(w, r, "http://"+net.JoinHostPort(other, port)+r.URL.Path+"?"+q.Encode(), http.StatusFound)
}

type payRequest struct {
	Tag            string          `json:"tag"`
	Callback       string          `json:"callback"`
	MinSendable    model.MilliSats `json:"minSendable"`
	MaxSendable    model.MilliSats `json:"maxSendable"`
	Metadata       string          `json:"metadata"`
	CommentAllowed int             `json:"commentAllowed"`
	Padding        string          `json:"padding,omitempty"` // the oversized fault's
}

func (s *Sim) servePayRequest(w http.ResponseWriter, r *http.Request, name string, fault LNURLFault) {
	switch fault {
	case LNURLSlow:
		if !stall(r) {
			return
		}
	case LNURLRedirect:
		if !r.URL.Query().Has("redirected") {
			redirect(w, r)
			return
		}
	}
	s.mu.Lock()
	wal := s.lnurlUsers(s.clock.Now())[name]
	var walletName string
	if wal != nil {
		walletName = wal.Name
	}
	s.mu.Unlock()
	if wal == nil {
		lnurlError(w, http.StatusNotFound, "no such user")
		return
	}
	host := s.lnurlHost(r)
	callback := "http://" + host + LNURLCallbackPrefix + name + "/callback"
	if fault == LNURLNotPayRequest { // LUD-03's shape, which a payer must not take for a pay request
		lnurlJSON(w, map[string]any{"tag": "withdrawRequest", "callback": callback, "k1": hex.EncodeToString(make([]byte, 32)),
			"minWithdrawable": LNURLMinSendable, "maxWithdrawable": LNURLMaxSendable, "defaultDescription": "Withdraw from " + walletName})
		return
	}
	pr := payRequest{Tag: "payRequest", Callback: callback, MinSendable: LNURLMinSendable, MaxSendable: LNURLMaxSendable,
		Metadata: lnurlMetadata(walletName, name+"@"+host), CommentAllowed: LNURLCommentAllowed}
	if fault == LNURLOversized {
		pr.Padding = strings.Repeat("x", lnurlOversize)
	}
	lnurlJSON(w, pr)
}

type payAnswer struct {
	PR            string   `json:"pr"`
	Routes        []string `json:"routes"`
	SuccessAction any      `json:"successAction,omitempty"`
	Padding       string   `json:"padding,omitempty"` // the oversized fault's
}

func (s *Sim) serveLNURLCallback(w http.ResponseWriter, r *http.Request, name string, fault LNURLFault) {
	switch fault {
	case LNURLCallbackSlow:
		if !stall(r) {
			return
		}
	case LNURLCallbackRedirect:
		if !r.URL.Query().Has("redirected") {
			redirect(w, r)
			return
		}
	}
	q := r.URL.Query()
	msats, err := strconv.ParseInt(q.Get("amount"), 10, 64)
	if err != nil {
		lnurlError(w, http.StatusBadRequest, "amount must be a whole number of millisatoshis")
		return
	}
	amount := model.MilliSats(msats)
	if amount < LNURLMinSendable || amount > LNURLMaxSendable {
		lnurlError(w, http.StatusBadRequest, "amount out of bounds")
		return
	}
	comment := q.Get("comment")
	if !utf8.ValidString(comment) || utf8.RuneCountInString(comment) > LNURLCommentAllowed {
		lnurlError(w, http.StatusBadRequest, fmt.Sprintf("comment is longer than %d characters", LNURLCommentAllowed))
		return
	}
	host := s.lnurlHost(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	wal := s.lnurlUsers(now)[name]
	if wal == nil {
		lnurlError(w, http.StatusNotFound, "no such user")
		return
	}
	if fault == LNURLNotInvoice {
		lnurlJSON(w, payAnswer{PR: "lnbc1notaninvoice", Routes: []string{}})
		return
	}
	p, ok := s.lnurlReceive(wal, name+"@"+host, amount, comment, fault, now)
	if !ok {
		lnurlError(w, http.StatusInternalServerError, "could not make an invoice")
		return
	}
	ans := payAnswer{PR: p.Invoice(), Routes: []string{}, SuccessAction: s.successAction(wal, p, host, name)}
	if fault == LNURLCallbackOversized {
		ans.Padding = strings.Repeat("x", lnurlOversize)
	}
	lnurlJSON(w, ans)
}

// lnurlReceive makes the receive a callback answers with, issued at once.
// Callers hold s.mu.
func (s *Sim) lnurlReceive(w *wallet, address string, amount model.MilliSats, comment string, fault LNURLFault, now time.Time) (*payment, bool) {
	meta := lnurlMetadata(w.Name, address)
	hash := sha256.Sum256([]byte(meta))
	if fault == LNURLWrongHash {
		hash = sha256.Sum256([]byte(meta + " "))
	}
	if fault == LNURLWrongAmount {
		amount += lnurlWrongAmountDelta
	}
	memo := comment
	if strings.TrimSpace(memo) == "" {
		memo = "Pay " + w.Name
	}
	p := &payment{
		Payment: model.Payment{ID: s.newID(), WalletID: w.ID, OrganizationID: s.org, EnvironmentID: s.env,
			CreatedAt: now, UpdatedAt: now, Currency: model.BTC, Direction: model.Receive, Kind: model.Bolt11,
			Status: model.StatusGenerating, RequestedAmount: &model.Amount{Amount: int64(amount), Currency: model.BTC, Unit: "msats"},
			Data: model.ReceiveBolt11Data{AmountMsats: amount, Memo: model.NullString(memo)},
			// The auto-payer stays away: another wallet here, or a test, pays it.
			Metadata: map[string]string{AutopayMetadataKey: "off", "sim.lightning_address": address}},
		visibleAt: now,
		expiresAt: now.Add(defaultExpiry),
	}
	p.invoiceAs = func(spec *invoiceSpec) {
		spec.descHash = &hash
		switch fault {
		case LNURLExpiredInvoice:
			spec.created, spec.expiry = now.Add(-defaultExpiry-time.Minute), defaultExpiry
		case LNURLWrongNetwork:
			spec.params = &chaincfg.MainNetParams
		}
	}
	if fault == LNURLExpiredInvoice {
		p.expiresAt = now
	}
	s.addPayment(p)
	s.record(p, "created", "", now)
	s.lnurl.mu.Lock()
	s.lnurl.invoices++
	s.lnurl.mu.Unlock()
	if !s.issue(p, now) {
		return p, false
	}
	s.arm(p, now)
	return p, true
}

// successAction is what the payer shows once paid (LUD-09): a message, an
// aes-sealed message for savings (LUD-10), a url for payouts.
func (s *Sim) successAction(w *wallet, p *payment, host, name string) any {
	switch lnurlSlug(w.Name) {
	case "savings":
		preimage, _ := hex.DecodeString(p.preimage)
		return aesAction(preimage, s.bytes(aes.BlockSize), "Deposit receipt "+p.ID, "Your deposit receipt")
	case "payouts":
		return map[string]string{"tag": "url", "description": "Your payout receipt",
			"url": "http://" + host + LNURLCallbackPrefix + name + "/receipt/" + p.ID}
	}
	msg := "Thanks for paying " + w.Name + "!"
	if utf8.RuneCountInString(msg) > 144 { // LUD-09's bound
		msg = string([]rune(msg)[:143]) + "…"
	}
	return map[string]string{"tag": "message", "message": msg}
}

// aesAction seals plaintext with AES-256-CBC under the preimage, PKCS#7
// padded, as LUD-10 has it.
func aesAction(preimage, iv []byte, plaintext, description string) map[string]string {
	block, err := aes.NewCipher(preimage)
	if err != nil {
		return map[string]string{"tag": "message", "message": plaintext}
	}
	pad := aes.BlockSize - len(plaintext)%aes.BlockSize
	buf := append([]byte(plaintext), bytes.Repeat([]byte{byte(pad)}, pad)...)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(buf, buf)
	return map[string]string{"tag": "aes", "description": description,
		"ciphertext": base64.StdEncoding.EncodeToString(buf), "iv": base64.StdEncoding.EncodeToString(iv)}
}

// serveLNURLReceipt is the page a url success action names: the payment's
// status, in plain text.
func (s *Sim) serveLNURLReceipt(w http.ResponseWriter, name, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	wal := s.lnurlUsers(s.clock.Now())[name]
	p, ok := s.payments[id]
	if wal == nil || !ok || p.WalletID != wal.ID || p.Metadata["sim.lightning_address"] == "" {
		lnurlError(w, http.StatusNotFound, "no such receipt")
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "Receipt %s: %s to %s, %s\n", p.ID, model.MilliSats(p.RequestedAmount.Amount).FormatSats(), wal.Name, p.Status)
}

// encodeLNURL is a URL as a LUD-01 bech32 LNURL, which has no length limit.
func encodeLNURL(u string) string {
	s, err := bech32.EncodeFromBase256("lnurl", []byte(u))
	if err != nil {
		return ""
	}
	return s
}

// lnurlAddress is a wallet's canonical Lightning Address; "" when it has
// none (no such wallet, or a name with nothing of a-z0-9 in it).
func (s *Sim) lnurlAddress(walletName, host string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for slug, w := range s.lnurlUsers(s.clock.Now()) {
		if w.Name == walletName && slug == lnurlSlug(w.Name) {
			return slug + "@" + host
		}
	}
	return ""
}

package push

import (
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// Why a delivery is refused, beyond model.ErrWebhookSignature and
// model.ErrWebhookStale.
var (
	ErrNotRegistered  = errors.New("no webhook secret yet")
	ErrUnknownWebhook = errors.New("delivery for another webhook")
	ErrUnsigned       = errors.New("delivery is not signed (no " + model.HeaderSignature + " or " + model.HeaderTimestamp + ")")
	// ErrReplayed: a delivery already accepted, sent again byte for byte
	// within Tolerance. Voltage signs each attempt afresh, so only a copy
	// repeats a signature.
	ErrReplayed = errors.New("replayed: this signature was accepted before")
)

// Verifier checks deliveries to one webhook the way Voltage's spec says to
// (the Webhooks tag's "Signature verification"): the signature over the
// raw body and the timestamp, with the current secret or, while it is
// being rotated, the one before; a timestamp within Tolerance of now; and
// no signature accepted twice. The dashboard's push and `voltdash listen`
// both use it.
type Verifier struct {
	clock clock.Clock

	mu      sync.Mutex
	hookID  string
	secrets []string             // the current secret, then the previous one while rotating
	seen    map[string]time.Time // signatures accepted, by when they stop being fresh
}

// NewVerifier checks timestamps against clk (nil: the system clock).
func NewVerifier(clk clock.Clock) *Verifier {
	if clk == nil {
		clk = clock.System{}
	}
	return &Verifier{clock: clk, seen: map[string]time.Time{}}
}

// SetSecret sets the webhook (its id, "" for any) and its signing secret.
// A new secret for the same webhook keeps the old one valid too, for
// deliveries signed before the rotation.
func (v *Verifier) SetSecret(hookID, secret string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if hookID == v.hookID && len(v.secrets) > 0 {
		v.secrets = []string{secret, v.secrets[0]}
	} else {
		v.secrets = []string{secret}
	}
	v.hookID = hookID
}

// Check verifies a delivery's headers and raw body before anything reads
// the body.
func (v *Verifier) Check(h http.Header, body []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.secrets) == 0 {
		return ErrNotRegistered
	}
	if id := h.Get(model.HeaderWebhookID); id != "" && v.hookID != "" && id != v.hookID {
		return ErrUnknownWebhook
	}
	ts, sig := h.Get(model.HeaderTimestamp), h.Get(model.HeaderSignature)
	if ts == "" || sig == "" {
		return ErrUnsigned
	}
	now := v.clock.Now()
	if err := model.VerifyWebhook(v.secrets, body, ts, sig, now, Tolerance); err != nil {
		return err
	}
	if _, again := v.seen[sig]; again {
		return ErrReplayed
	}
	for s, until := range v.seen { // a replay older than Tolerance is stale anyway
		if now.After(until) {
			delete(v.seen, s)
		}
	}
	v.seen[sig] = now.Add(2 * Tolerance)
	return nil
}

// StatusFor is the HTTP status a refusal is answered with.
func StatusFor(err error) int {
	switch {
	case errors.Is(err, ErrNotRegistered):
		return http.StatusServiceUnavailable
	case errors.Is(err, ErrReplayed):
		return http.StatusConflict
	}
	return http.StatusUnauthorized
}

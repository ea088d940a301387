// Package push receives Voltage's webhook deliveries: it registers a webhook
// for payment events, verifies every delivery's signature before reading it
// (the Webhooks tag's "Signature verification" in Voltage's spec), and hands
// on each payment's newest state once. Polling stays the fallback: a delivery
// can be late, duplicated, out of order or lost, and nothing here waits for
// one.
package push

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// Tolerance is how far a delivery's timestamp may be from now: older ones
// could be replays.
const Tolerance = 5 * time.Minute

// maxBody bounds a delivery: a payment is a few kilobytes.
const maxBody = 1 << 20

// maxSeen bounds the memory of payments already handed on; past it, the
// final ones are forgotten (a late duplicate of one is handed on again,
// which consumers must tolerate anyway).
const maxSeen = 10_000

// ErrClosed is returned by Next once the receiver is closed.
var ErrClosed = errors.New("push receiver closed")

// Receiver is the http.Handler deliveries are posted to. It never blocks a
// delivery on its consumer: updates wait in a queue that keeps only the
// newest state of each payment.
type Receiver struct {
	verifier *Verifier

	mu      sync.Mutex
	seen    map[string]state
	queue   map[string]model.Payment
	order   []string // queued ids, oldest first
	stats   Stats
	waiting int // callers blocked in Next
	wake    chan struct{}
	closed  chan struct{}
	once    sync.Once
}

type state struct {
	status  model.Status
	updated time.Time
}

// Stats counts deliveries by what became of them.
type Stats struct {
	Accepted  int // a newer state of a payment, handed on
	Duplicate int // nothing new: a repeat or an older state
	Rejected  int // unsigned, badly signed, stale or malformed: refused
	Tests     int // test events
}

// NewReceiver makes a receiver that checks timestamps against clk (nil:
// the system clock). It accepts nothing until SetSecret.
func NewReceiver(clk clock.Clock) *Receiver {
	return &Receiver{verifier: NewVerifier(clk), seen: map[string]state{}, queue: map[string]model.Payment{},
		wake: make(chan struct{}, 1), closed: make(chan struct{})}
}

// SetSecret sets the webhook and its signing secret. Setting a new secret
// for the same webhook keeps the old one valid too, for deliveries signed
// before the rotation.
func (r *Receiver) SetSecret(hookID, secret string) { r.verifier.SetSecret(hookID, secret) }

// Stats reports the deliveries so far.
func (r *Receiver) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

// Close ends Next for good; deliveries are refused from then on.
func (r *Receiver) Close() { r.once.Do(func() { close(r.closed) }) }

// Next waits for payment updates and returns every one queued, oldest
// first.
func (r *Receiver) Next(ctx context.Context) ([]model.Payment, error) {
	r.mu.Lock()
	r.waiting++
	r.mu.Unlock()
	for {
		r.mu.Lock()
		if len(r.order) > 0 {
			r.waiting--
			out := make([]model.Payment, 0, len(r.order))
			for _, id := range r.order {
				out = append(out, r.queue[id])
				delete(r.queue, id)
			}
			r.order = r.order[:0]
			r.mu.Unlock()
			return out, nil
		}
		r.mu.Unlock()
		select {
		case <-r.wake:
		case <-r.closed:
			r.stopWaiting()
			return nil, ErrClosed
		case <-ctx.Done():
			r.stopWaiting()
			return nil, ctx.Err()
		}
	}
}

func (r *Receiver) stopWaiting() {
	r.mu.Lock()
	r.waiting--
	r.mu.Unlock()
}

// Backlog reports updates queued and callers blocked in Next. Whoever
// drives time in a drill moves it on only when nothing is queued: every
// caller that took updates has stopped waiting by then.
func (r *Receiver) Backlog() (queued, waiting int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.order), r.waiting
}

func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	select {
	case <-r.closed:
		http.Error(w, "closed", http.StatusServiceUnavailable)
		return
	default:
	}
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "deliveries are POSTed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, maxBody))
	if err != nil {
		r.reject(w, http.StatusRequestEntityTooLarge, "body too large")
		return
	}
	if err := r.verifier.Check(req.Header, body); errors.Is(err, ErrReplayed) {
		r.count(func(s *Stats) { s.Duplicate++ }) // a copy of one taken: nothing new, and no failure to report
		w.WriteHeader(http.StatusOK)
		return
	} else if err != nil {
		r.reject(w, StatusFor(err), err.Error())
		return
	}
	var payload model.WebhookPayload
	if err := json.Unmarshal(body, &payload); err != nil {
		r.reject(w, http.StatusBadRequest, "body is not a webhook payload")
		return
	}
	if payload.Type == "test" {
		r.count(func(s *Stats) { s.Tests++ })
		w.WriteHeader(http.StatusOK)
		return
	}
	p, err := payload.Payment()
	if err != nil || p.ID == "" {
		r.reject(w, http.StatusBadRequest, "payload carries no payment")
		return
	}
	r.offer(p)
	w.WriteHeader(http.StatusOK)
}

func (r *Receiver) reject(w http.ResponseWriter, status int, why string) {
	r.count(func(s *Stats) { s.Rejected++ })
	http.Error(w, why, status)
}

func (r *Receiver) count(f func(*Stats)) {
	r.mu.Lock()
	f(&r.stats)
	r.mu.Unlock()
}

// offer queues p unless an equal or newer state of it was handed on.
func (r *Receiver) offer(p model.Payment) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if prev, ok := r.seen[p.ID]; ok && !newer(prev, p) {
		r.stats.Duplicate++
		return
	}
	r.stats.Accepted++
	if len(r.seen) >= maxSeen {
		r.forgetFinal()
	}
	r.seen[p.ID] = state{p.Status, p.UpdatedAt}
	if _, queued := r.queue[p.ID]; !queued {
		r.order = append(r.order, p.ID)
	}
	r.queue[p.ID] = p
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// newer reports whether p says something prev did not: a later status, or
// the same status updated later (a refreshed invoice).
func newer(prev state, p model.Payment) bool {
	if p.Status == prev.status {
		return p.UpdatedAt.After(prev.updated)
	}
	return model.CanTransition(p.Direction, prev.status, p.Status)
}

func (r *Receiver) forgetFinal() {
	for id, s := range r.seen {
		if s.status.IsFinal() {
			delete(r.seen, id)
		}
	}
	if len(r.seen) >= maxSeen {
		r.seen = map[string]state{}
	}
}

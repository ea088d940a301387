package sim

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/google/uuid"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// delivery is one event's delivery to one webhook: the record the API shows
// (schema WebhookDeliveryRead) and the body as posted. body and event never
// change; the rest is guarded by s.mu.
type delivery struct {
	model.WebhookDelivery
	body  []byte // the payload as posted and signed
	event string // x-voltage-event: send.succeeded

	tries  int         // attempts in this round: since the delivery was made, or last retried
	budget int         // attempts the round may make: maxAttempts, or one after a retry
	round  int         // bumped by retry and abandon, so that posts queued before are dropped
	timer  clock.Timer // the next automatic attempt, while one is scheduled
	seq    int         // its place among its webhook's deliveries, which only grow: ties of time in a list go by it
}

// attempt is one queued post of a delivery, for the round it was queued in.
type attempt struct {
	d     *delivery
	round int
}

const maxAttempts = 5

// deliverer posts webhook events in order on one goroutine, so that state
// changes never wait on a receiver. Failed posts are retried with doubling
// delays from 1 s on the simulator's clock, up to maxAttempts in all.
type deliverer struct {
	s      *Sim
	client *http.Client
	mu     sync.Mutex
	queue  []attempt
	wake   chan struct{}
	done   chan struct{}
	closed bool

	statsMu sync.Mutex
	stats   DeliveryStats
}

// DeliveryStats counts webhook deliveries by where each stands now. A
// delivery retried by the API (retry_webhook_delivery) moves back to Pending;
// one abandoned counts as given up.
type DeliveryStats struct {
	Pending   int // attempting: queued, being posted, or waiting to retry
	Delivered int // succeeded: answered 2xx
	GaveUp    int // failed (refused or unanswered at every attempt) or abandoned
}

func (st *DeliveryStats) of(status model.DeliveryStatus) *int {
	switch status {
	case model.DeliveryAttempting:
		return &st.Pending
	case model.DeliverySucceeded:
		return &st.Delivered
	case model.DeliveryFailed, model.DeliveryAbandoned:
		return &st.GaveUp
	}
	return nil
}

func newDeliverer(s *Sim) *deliverer {
	d := &deliverer{s: s, client: &http.Client{Timeout: 10 * time.Second},
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	go d.run()
	return d
}

func (d *deliverer) enqueue(a attempt) {
	d.mu.Lock()
	if !d.closed {
		d.queue = append(d.queue, a)
	}
	d.mu.Unlock()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *deliverer) close() {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	d.closed = true
	d.mu.Unlock()
	close(d.done)
}

func (d *deliverer) run() {
	for {
		d.mu.Lock()
		var next *attempt
		if len(d.queue) > 0 {
			a := d.queue[0]
			d.queue = d.queue[1:]
			next = &a
		}
		d.mu.Unlock()
		if next == nil {
			select {
			case <-d.wake:
				continue
			case <-d.done:
				return
			}
		}
		d.post(*next)
	}
}

// moved counts a delivery leaving one status (none when it is new) for
// another.
func (d *deliverer) moved(from, to model.DeliveryStatus) {
	d.statsMu.Lock()
	defer d.statsMu.Unlock()
	if n := d.stats.of(from); n != nil {
		*n--
	}
	if n := d.stats.of(to); n != nil {
		*n++
	}
}

// deliverEvent records a delivery of payload to h under id (a fresh one when
// empty) and queues its first attempt. Delivery ids are drawn from
// crypto/rand, not the seeded generator, so that webhooks leave the rest of a
// seeded world as it would be without them. Callers hold s.mu.
func (s *Sim) deliverEvent(h *webhook, id string, payload model.WebhookPayload, body []byte, now time.Time) {
	if s.stopped {
		return // closing: the deliverer is gone
	}
	if id == "" {
		id = uuid.NewString()
	}
	d := &delivery{WebhookDelivery: model.WebhookDelivery{ID: id, WebhookID: h.ID, OrganizationID: model.NullString(s.org),
		URL: h.URL, Status: model.DeliveryAttempting, Payload: payload, CreatedAt: now, UpdatedAt: now},
		body: body, event: payload.Type + "." + payload.Detail.Event, budget: maxAttempts, seq: len(h.deliveries)}
	s.deliveries[id] = d
	h.deliveries = append(h.deliveries, d)
	s.deliver.moved("", model.DeliveryAttempting)
	s.deliver.enqueue(attempt{d: d, round: d.round})
}

// retryDelivery posts d again now, once, to its webhook's URL as it is now
// (the reason to retry is often a receiver moved or mended). Callers hold
// s.mu.
func (s *Sim) retryDelivery(d *delivery, url string, now time.Time) {
	s.stopTimer(d)
	d.round++
	d.tries, d.budget = 0, 1
	d.URL = url
	s.deliver.moved(d.Status, model.DeliveryAttempting)
	d.Status, d.UpdatedAt = model.DeliveryAttempting, now
	s.deliver.enqueue(attempt{d: d, round: d.round})
}

// abandonDelivery stops d's attempts. Callers hold s.mu.
func (s *Sim) abandonDelivery(d *delivery, now time.Time) {
	s.stopTimer(d)
	d.round++
	s.deliver.moved(d.Status, model.DeliveryAbandoned)
	d.Status, d.UpdatedAt = model.DeliveryAbandoned, now
}

func (s *Sim) stopTimer(d *delivery) {
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
}

// outcome is what became of one post.
type outcome struct {
	attempted bool    // false: given up on without posting
	code      *uint16 // the answer's status, when one came
	err       string  // the deprecated free-form error; "" for success
	info      *model.DeliveryErrorInfo
}

func failure(attempted bool, code *uint16, short, errCode, detail, contextJSON string) outcome {
	info := &model.DeliveryErrorInfo{Type: "delivery_failed", Code: model.NullString(errCode), Detail: detail}
	if contextJSON != "" {
		info.Context = []byte(contextJSON)
	}
	return outcome{attempted: attempted, code: code, err: short, info: info}
}

// post sends one attempt of a delivery, signed with the webhook's current
// secret, and records its outcome. Only receivers on this machine are
// reached: the simulated world has no other. A webhook stopped or deleted
// since the event, or a URL elsewhere, is given up on without posting.
func (d *deliverer) post(a attempt) {
	s := d.s
	s.mu.Lock()
	x := a.d
	if x.round != a.round || x.Status != model.DeliveryAttempting {
		s.mu.Unlock()
		return // abandoned or retried since it was queued
	}
	h := s.webhooks[x.WebhookID]
	secret, status, target := h.secret, h.Status, x.URL
	now := s.clock.Now()
	s.mu.Unlock()
	u, err := url.Parse(target)
	switch {
	case status != model.WebhookActive:
		d.record(a, failure(false, nil, "webhook "+string(status), "unexpected_error",
			fmt.Sprintf("the webhook is %s, so the delivery was given up", status), ""))
		return
	case err != nil || !model.IsLoopbackHost(u.Hostname()):
		d.record(a, failure(false, nil, "unreachable", "unexpected_error",
			"the simulator delivers only to receivers on this machine", ""))
		return
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(x.body))
	if err != nil {
		d.record(a, failure(false, nil, "invalid url", "unexpected_error", "the webhook's URL cannot be posted to", ""))
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(model.HeaderTimestamp, ts)
	req.Header.Set(model.HeaderSignature, model.SignWebhook(secret, x.body, ts))
	req.Header.Set(model.HeaderEvent, x.event)
	req.Header.Set(model.HeaderWebhookID, x.WebhookID)
	resp, err := d.client.Do(req)
	if err != nil {
		d.record(a, transportFailure(err))
		return
	}
	resp.Body.Close()
	d.record(a, answered(resp))
}

// answered reads the receiver's answer: 2xx is delivered, anything else a
// refusal, named by the spec's WebhookErrorCode.
func answered(resp *http.Response) outcome {
	n := uint16(resp.StatusCode)
	if resp.StatusCode/100 == 2 {
		return outcome{attempted: true, code: &n}
	}
	code := "invalid_response"
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		code = "rate_limited"
		if secs, err := strconv.ParseUint(resp.Header.Get("Retry-After"), 10, 64); err == nil {
			return failure(true, &n, "HTTP 429", code, "the receiver is rate limiting deliveries",
				fmt.Sprintf(`{"type":"rate_limited","retry_after_seconds":%d}`, secs))
		}
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		code = "authentication_failed"
	case resp.StatusCode == http.StatusRequestEntityTooLarge:
		code = "payload_too_large"
	case resp.StatusCode >= 500:
		code = "http_server_error"
	case resp.StatusCode >= 400:
		code = "http_client_error"
	}
	return failure(true, &n, "HTTP "+strconv.Itoa(resp.StatusCode), code,
		"the receiver answered "+resp.Status, fmt.Sprintf(`{"type":"http_status","status_code":%d}`, n))
}

// transportFailure names a post that got no answer.
func transportFailure(err error) outcome {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return failure(true, nil, "connection refused", "connection_refused", "nothing is listening at the webhook's URL", "")
	case errors.As(err, &ne) && ne.Timeout():
		return failure(true, nil, "timeout", "connection_timeout", "the receiver did not answer within 10 s", "")
	}
	return failure(true, nil, "connection failed", "unexpected_error", "the post failed: "+err.Error(), "")
}

// record keeps the outcome of an attempt, then decides what follows: the
// delivery succeeded, is retried after a doubling delay, or failed after its
// last attempt. An attempt that was under way when the delivery was abandoned
// still counts; if it was delivered, the delivery succeeded.
func (d *deliverer) record(a attempt, o outcome) {
	s := d.s
	s.mu.Lock()
	defer s.mu.Unlock()
	x := a.d
	stale := x.round != a.round || x.Status != model.DeliveryAttempting
	if stale && !o.attempted {
		return
	}
	x.UpdatedAt = s.clock.Now()
	if o.attempted {
		x.AttemptCount++
		x.StatusCode = o.code
	}
	x.Error, x.ErrorInfo = model.NullString(o.err), o.info
	var next model.DeliveryStatus
	switch {
	case o.info == nil:
		next = model.DeliverySucceeded
	case stale:
		return
	case !o.attempted:
		next = model.DeliveryFailed
	default:
		x.tries++
		if x.tries >= x.budget {
			next = model.DeliveryFailed
			break
		}
		x.timer = s.clock.AfterFunc(time.Second<<(x.tries-1), func() { d.enqueue(a) })
		return
	}
	if stale {
		s.stopTimer(x)
		x.round++ // a retry queued meanwhile has nothing left to do
	}
	d.moved(x.Status, next)
	x.Status = next
}

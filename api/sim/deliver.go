package sim

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/voltdash/voltdash/model"
)

// delivery is one webhook POST, retried up to maxAttempts times.
type delivery struct {
	hookID, url, event string
	body               []byte
	attempt            int
}

const maxAttempts = 5

// deliverer posts webhook events in order on one goroutine, so that state
// changes never wait on a receiver. Failed posts are retried with doubling
// delays from 1 s on the simulator's clock.
type deliverer struct {
	s      *Sim
	client *http.Client
	mu     sync.Mutex
	queue  []delivery
	wake   chan struct{}
	done   chan struct{}
	closed bool

	statsMu sync.Mutex
	stats   DeliveryStats
}

// DeliveryStats counts webhook events by what became of them.
type DeliveryStats struct {
	Pending   int // not yet delivered: queued, being posted, or waiting to retry
	Delivered int // answered 2xx
	GaveUp    int // refused or unanswered at every attempt
}

func newDeliverer(s *Sim) *deliverer {
	d := &deliverer{s: s, client: &http.Client{Timeout: 10 * time.Second},
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	go d.run()
	return d
}

func (d *deliverer) enqueue(x delivery) {
	d.mu.Lock()
	closed := d.closed
	if !closed {
		d.queue = append(d.queue, x)
	}
	d.mu.Unlock()
	if x.attempt == 0 && !closed {
		d.count(func(s *DeliveryStats) { s.Pending++ })
	}
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
		var next *delivery
		if len(d.queue) > 0 {
			x := d.queue[0]
			d.queue = d.queue[1:]
			next = &x
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

// post sends one delivery, signed with the webhook's current secret. Only
// receivers on this machine are reached: the simulated world has no other.
func (d *deliverer) post(x delivery) {
	d.s.mu.Lock()
	h, found := d.s.webhooks[x.hookID]
	secret, active := "", false
	if found {
		secret, active = h.secret, h.Status == model.WebhookActive
	}
	now := d.s.clock.Now()
	d.s.mu.Unlock()
	u, err := url.Parse(x.url)
	if !active || err != nil || !model.IsLoopbackHost(u.Hostname()) {
		d.count(func(s *DeliveryStats) { s.Pending--; s.GaveUp++ })
		return
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, x.url, bytes.NewReader(x.body))
	if err != nil {
		d.count(func(s *DeliveryStats) { s.Pending--; s.GaveUp++ })
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(model.HeaderTimestamp, ts)
	req.Header.Set(model.HeaderSignature, model.SignWebhook(secret, x.body, ts))
	req.Header.Set(model.HeaderEvent, x.event)
	req.Header.Set(model.HeaderWebhookID, x.hookID)
	resp, err := d.client.Do(req)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode/100 == 2 {
			d.count(func(s *DeliveryStats) { s.Pending--; s.Delivered++ })
			return
		}
	}
	x.attempt++
	if x.attempt >= maxAttempts {
		d.count(func(s *DeliveryStats) { s.Pending--; s.GaveUp++ })
		return
	}
	d.s.clock.AfterFunc(time.Second<<(x.attempt-1), func() { d.enqueue(x) })
}

func (d *deliverer) count(f func(*DeliveryStats)) {
	d.statsMu.Lock()
	f(&d.stats)
	d.statsMu.Unlock()
}

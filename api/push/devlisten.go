package push

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// DevOptions configure a developer's listener (`voltdash listen`).
type DevOptions struct {
	Addr      string // such as 127.0.0.1:8787
	Secret    string // the webhook's signing secret
	ForwardTo string // a local application's URL to pass verified deliveries on to; "" for none
	Clock     clock.Clock
}

// DevListener takes deliveries for a developer: each is verified as the
// dashboard's push verifies them, reported, and, when verified, passed on
// to a local application with its original headers and body. Refused ones
// are answered with the reason, and never passed on.
type DevListener struct {
	ln       net.Listener
	srv      *http.Server
	verifier *Verifier
	clock    clock.Clock
	forward  *url.URL
	client   *http.Client
	heard    func(model.HeardDelivery)
}

// ListenDev starts listening; heard is called once per delivery, from the
// server's goroutines one at a time.
func ListenDev(opts DevOptions, heard func(model.HeardDelivery)) (*DevListener, error) {
	if opts.Secret == "" {
		return nil, errors.New("no signing secret: give the webhook's secret, as create or rotate-key printed it")
	}
	d := &DevListener{verifier: NewVerifier(opts.Clock), clock: opts.Clock, heard: heard,
		client: &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if d.clock == nil {
		d.clock = clock.System{}
	}
	d.verifier.SetSecret("", opts.Secret)
	if opts.ForwardTo != "" {
		u, err := url.Parse(opts.ForwardTo)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("--forward-to %q: give a URL such as http://localhost:3000/hooks", opts.ForwardTo)
		}
		if !model.IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("--forward-to %q: deliveries are passed on only to this machine (localhost, 127.0.0.1, ::1)", opts.ForwardTo)
		}
		d.forward = u
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("%s is already in use", opts.Addr)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", opts.Addr, err)
	}
	d.ln = ln
	d.srv = &http.Server{Handler: d, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Second}
	go func() { _ = d.srv.Serve(ln) }()
	return d, nil
}

// URL is where deliveries are taken, on any path.
func (d *DevListener) URL() string { return "http://" + d.ln.Addr().String() + "/" }

// Close stops taking deliveries.
func (d *DevListener) Close(ctx context.Context) error { return d.srv.Shutdown(ctx) }

func (d *DevListener) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "deliveries are POSTed", http.StatusMethodNotAllowed)
		return
	}
	h := model.HeardDelivery{At: d.clock.Now(), WebhookID: req.Header.Get(model.HeaderWebhookID)}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, maxBody))
	if err != nil {
		h.Refused = "body too large"
		d.heard(h)
		http.Error(w, h.Refused, http.StatusRequestEntityTooLarge)
		return
	}
	var payload model.WebhookPayload
	if json.Unmarshal(body, &payload) == nil { // read only to report it: a refusal still says what it claimed to be
		h.Event = payload.Type + "." + payload.Detail.Event
		if p, err := payload.Payment(); err == nil {
			h.PaymentID, h.Status = p.ID, p.Status
		}
	}
	if err := d.verifier.Check(req.Header, body); err != nil {
		h.Refused = err.Error()
		d.heard(h)
		http.Error(w, h.Refused, StatusFor(err))
		return
	}
	h.Verified = true
	status := http.StatusOK
	if d.forward != nil {
		status = d.pass(req, body, &h)
	}
	d.heard(h)
	w.WriteHeader(status)
}

// pass posts the delivery to the local application, headers and body as
// they came, and answers Voltage as the application answered.
func (d *DevListener) pass(in *http.Request, body []byte, h *model.HeardDelivery) int {
	out, err := http.NewRequestWithContext(in.Context(), http.MethodPost, d.forward.String(), bytes.NewReader(body))
	if err != nil {
		h.ForwardErr = err.Error()
		return http.StatusBadGateway
	}
	for k, vs := range in.Header {
		switch k {
		case "Connection", "Keep-Alive", "Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length":
			continue // hop by hop: the client sets its own
		}
		out.Header[k] = vs
	}
	resp, err := d.client.Do(out)
	if err != nil {
		h.ForwardErr = err.Error()
		return http.StatusBadGateway
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	h.Forwarded = resp.StatusCode
	return resp.StatusCode
}

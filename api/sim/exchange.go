package sim

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"sync/atomic"
)

// Exchange is one request and the answer the simulator gave it, for tests
// that hold the simulator to Voltage's published contract (see
// api/sim/contract).
type Exchange struct {
	Request *http.Request // its body already read: see RequestBody
	// RequestBody is the body as sent.
	RequestBody []byte
	Status      int
	Header      http.Header
	Body        []byte
	// Fault marks an answer fault injection made up (a 500, a 503, a 429,
	// a dropped connection): a misbehaviour on purpose, not the contract.
	Fault bool
}

var observer atomic.Pointer[func(Exchange)]

// ObserveExchanges has f called with every exchange every simulator in
// this process serves, from now on; nil stops it. It is for tests: f runs
// on the serving goroutine, after the answer is written.
func ObserveExchanges(f func(Exchange)) {
	if f == nil {
		observer.Store(nil)
		return
	}
	observer.Store(&f)
}

// recorder keeps what a handler wrote, for the observer.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
	fault  bool
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// Hijack is how the drop and hang faults cut a connection.
func (r *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	r.fault = true
	return r.ResponseWriter.(http.Hijacker).Hijack()
}

// observed wraps h so that, while an observer is set, each exchange is
// reported to it.
func observed(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := observer.Load()
		if f == nil {
			h.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := &recorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		(*f)(Exchange{Request: r, RequestBody: body, Status: rec.status, Header: w.Header().Clone(),
			Body: rec.body.Bytes(), Fault: rec.fault})
	})
}

// markFault tells the observer that the answer being written is made up
// by fault injection.
func markFault(w http.ResponseWriter) {
	if rec, ok := w.(*recorder); ok {
		rec.fault = true
	}
}

package sim

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Server serves a simulator over HTTP.
type Server struct {
	*Sim
	srv *http.Server
	ln  net.Listener
}

// Start listens on addr ("127.0.0.1:0" picks a free port) and serves a new
// simulator built from cfg until Close.
func Start(addr string, cfg Config) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{Sim: New(cfg), ln: ln}
	s.lnurl.origin = ln.Addr().String() // addresses name the listening address, whatever Host a client sends
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Sim.Close()
		}
	}()
	return s, nil
}

// URL is the API base URL, ending in /v1.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() + "/v1" }

// PriceURL is the base URL of the simulated price service (a price_url).
func (s *Server) PriceURL() string { return "http://" + s.ln.Addr().String() }

// Close stops serving, waiting briefly for answers in flight.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.srv.Close()
	}
	s.Sim.Close()
	return err
}

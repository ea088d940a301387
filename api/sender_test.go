package api

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// senderAgainstSim is a Sender on a real journal talking to a simulator.
func senderAgainstSim(t *testing.T, dir string, srv *sim.Server, clk *clock.Manual, opts ...Option) *Sender {
	t.Helper()
	cr := srv.Credentials()
	c, err := New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, append([]Option{WithClock(clk)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	j, err := journal.Open(dir, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	return NewSender(c, j)
}

func simulator(t *testing.T) (*sim.Server, *clock.Manual) {
	clk := clock.NewManual(time.Date(2025, 5, 7, 12, 0, 0, 0, time.UTC))
	srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 21, Clock: clk, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, clk
}

func sendTo(t *testing.T, srv *sim.Server, wallet string, amount model.MilliSats) model.SendRecord {
	inv, err := srv.Invoice(sim.ExternalInvoice{Amount: amount})
	if err != nil {
		t.Fatal(err)
	}
	req, err := model.NewBolt11Send(model.SendParams{WalletID: wallet, Invoice: inv})
	if err != nil {
		t.Fatal(err)
	}
	return model.SendRecord{Request: req, Amount: amount}
}

func TestSenderAcceptsRefusesAndObserves(t *testing.T) {
	srv, clk := simulator(t)
	s := senderAgainstSim(t, t.TempDir(), srv, clk)
	w := srv.WalletIDs()[0]
	rec, err := s.Send(context.Background(), sendTo(t, srv, w, 5000))
	if err != nil || rec.State != model.SendAccepted || rec.Attempts != 1 {
		t.Fatalf("send: %+v %v", rec, err)
	}
	clk.Advance(2 * time.Second)
	p, err := s.c.GetPayment(context.Background(), rec.ID)
	if err != nil || !p.Status.IsFinal() {
		t.Fatalf("payment %+v %v", p, err)
	}
	if rec, _ = s.Observe(rec.ID, p); rec.State != model.SendFinal || rec.Status != p.Status {
		t.Errorf("observed %+v", rec)
	}
	// A mainnet invoice is refused at once: recorded as refused, nothing made.
	bad := sendTo(t, srv, w, 5000)
	bad.Request.Data.PaymentRequest = "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpuaztrnwngzn3kdzw5hydlzf03qdgm2hdq27cqv3agm2awhz5se903vruatfhq77w3ls4evs3ch9zw97j25emudupq63nyw24cg27h2rspfj9srp"
	rec, err = s.Send(context.Background(), bad)
	if err == nil || rec.State != model.SendRefused || rec.Problem == "" || srv.CountSends() != 1 {
		t.Errorf("refused: %+v %v, %d sends", rec, err, srv.CountSends())
	}
	if open, _ := s.Unfinished(); len(open) != 0 {
		t.Errorf("nothing is left to follow: %+v", open)
	}
}

// TestCrashAfterCommitResumesFromTheJournal: the POST takes effect but its
// answer never comes (the process dies waiting). A new process with the
// same journal finds the send, reads it, and follows it to the end; there
// is one payment.
func TestCrashAfterCommitResumesFromTheJournal(t *testing.T) {
	srv, clk := simulator(t)
	dir := t.TempDir()
	w := srv.WalletIDs()[0]
	srv.SetFaults(sim.Faults{Hang: 1, HangFor: time.Minute})
	dying := senderAgainstSim(t, dir, srv, clk, WithRetry(RetryPolicy{MaxAttempts: 1}))
	// The process dies once Voltage has the payment, before the answer.
	ctx, cancel := context.WithCancel(context.Background())
	req, before := sendTo(t, srv, w, 7000), srv.CountSends()
	go func() {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if srv.CountSends() > before { // the write took effect; its answer is held
				break
			}
		}
		cancel()
	}()
	rec, err := dying.Send(ctx, req)
	cancel()
	if !errors.Is(err, ErrOutcomeUnknown) || rec.State != model.SendRecorded {
		t.Fatalf("unknown outcome: %+v %v", rec, err)
	}
	srv.SetFaults(sim.Faults{})

	restarted := senderAgainstSim(t, dir, srv, clk)
	open, err := restarted.Unfinished()
	if err != nil || len(open) != 1 || open[0].ID != rec.ID {
		t.Fatalf("resuming: %+v %v", open, err)
	}
	for {
		p, err := restarted.c.GetPayment(context.Background(), rec.ID)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := restarted.Observe(rec.ID, p)
		if p.Status.IsFinal() {
			if p.Status != model.StatusCompleted || r.State != model.SendFinal {
				t.Errorf("ended %s (%+v), record %+v", p.Status, p.Error, r.State)
			}
			break
		}
		clk.Advance(500 * time.Millisecond)
	}
	if srv.CountSends() != 1 {
		t.Errorf("%d payments for one send", srv.CountSends())
	}
}

// TestSendThatNeverArrivedIsResentWithItsID: the first submission never
// reaches Voltage; the user resends, with the same id, and pays once.
// Resending something that did arrive is harmless too.
func TestSendThatNeverArrivedIsResentWithItsID(t *testing.T) {
	srv, clk := simulator(t)
	dir := t.TempDir()
	w := srv.WalletIDs()[0]
	j, _ := journal.Open(dir, clk.Now)
	cr := srv.Credentials()
	nowhere, _ := New("http://127.0.0.1:1/v1", cr.APIKey, cr.OrganizationID, cr.EnvironmentID, WithRetry(RetryPolicy{MaxAttempts: 1}))
	rec, err := NewSender(nowhere, j).Send(context.Background(), sendTo(t, srv, w, 3000))
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("unreachable: %v", err)
	}
	s := senderAgainstSim(t, dir, srv, clk)
	if _, err := s.c.GetPayment(context.Background(), rec.ID); !IsNotFound(err) {
		t.Fatalf("the payment should not exist yet: %v", err)
	}
	again, err := s.Resend(context.Background(), rec.ID)
	if err != nil || again.State != model.SendAccepted || again.Attempts != 2 || again.ID != rec.ID {
		t.Fatalf("resend: %+v %v", again, err)
	}
	// A second resend (say, from another window) finds it there: 409, accepted.
	s.j.Update(rec.ID, func(r *model.SendRecord) { r.State = model.SendRecorded })
	if again, err = s.Resend(context.Background(), rec.ID); err != nil || again.State != model.SendAccepted {
		t.Errorf("resend of an arrived payment: %+v %v", again, err)
	}
	if srv.CountSends() != 1 {
		t.Errorf("%d payments", srv.CountSends())
	}
	if _, err := s.Resend(context.Background(), rec.ID); err == nil {
		t.Error("an accepted send cannot be resent")
	}
}

func TestSenderRefusesToSendWhatItCannotRecord(t *testing.T) {
	srv, clk := simulator(t)
	s := senderAgainstSim(t, t.TempDir(), srv, clk)
	rec := sendTo(t, srv, srv.WalletIDs()[0], 1000)
	if _, err := s.Send(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	// Same id again: the journal refuses, and nothing goes out.
	before := srv.Requests("payments.create")
	if _, err := s.Send(context.Background(), rec); err == nil || srv.Requests("payments.create") != before {
		t.Errorf("a duplicate record was sent: %v", err)
	}
}

func TestCheck(t *testing.T) {
	srv, clk := simulator(t)
	cr := srv.Credentials()
	c, _ := New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, WithClock(clk))
	h, err := c.Check(context.Background())
	if err != nil || h.Wallets != 3 || h.Skew != 0 || !h.ServerTime.Equal(clk.Now().Truncate(time.Second)) {
		t.Fatalf("healthy: %+v %v", h, err)
	}
	ahead := clock.NewManual(clk.Now().Add(5 * time.Minute))
	c, _ = New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, WithClock(ahead))
	if h, _ := c.Check(context.Background()); h.Skew != 5*time.Minute {
		t.Errorf("skew %v", h.Skew)
	}
	wrongEnv, _ := New(srv.URL(), cr.APIKey, cr.OrganizationID, model.NewID())
	if _, err := wrongEnv.Check(context.Background()); !IsAuth(err) {
		t.Errorf("wrong environment: %v", err)
	}
}

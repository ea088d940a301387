package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/model"
)

// TestARefusedRepeatIsNotARefusal: the first POST of a send reaches
// Voltage, which makes the payment, but its answer is lost; the repeat,
// same id, is refused with a 400. That refusal proves nothing about the
// first attempt, so the send stays unfinished and the payment, read, turns
// out to exist.
func TestARefusedRepeatIsNotARefusal(t *testing.T) {
	srv, clk := simulator(t)
	target, _ := url.Parse(srv.URL())
	forward := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	var posts atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			forward.ServeHTTP(w, r)
			return
		}
		switch posts.Add(1) {
		case 1: // made, but the answer never comes back
			forward.ServeHTTP(httptest.NewRecorder(), r)
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":{"type":"bad_request","detail":"invoice is already being paid"}}`))
		}
	}))
	defer proxy.Close()
	cr := srv.Credentials()
	c, err := New(proxy.URL+"/v1", cr.APIKey, cr.OrganizationID, cr.EnvironmentID,
		WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	s := senderAgainstSim(t, t.TempDir(), srv, clk)
	s.c = c
	rec, err := s.Send(context.Background(), sendTo(t, srv, srv.WalletIDs()[0], 4000))
	if !errors.Is(err, ErrOutcomeUnknown) || rec.State != model.SendRecorded || !strings.Contains(rec.Problem, "refused a repeat") {
		t.Fatalf("after a refused repeat: %+v %v", rec, err)
	}
	if posts.Load() != 2 || srv.CountSends() != 1 {
		t.Fatalf("%d posts, %d payments", posts.Load(), srv.CountSends())
	}
	if open, _ := s.Unfinished(); len(open) != 1 {
		t.Errorf("the send is not left to follow: %+v", open)
	}
	p, err := c.GetPayment(context.Background(), rec.ID)
	if err != nil {
		t.Fatalf("the payment exists: %v", err)
	}
	if rec, _ = s.Observe(rec.ID, p); rec.State != model.SendAccepted && rec.State != model.SendFinal {
		t.Errorf("read and found: %+v", rec)
	}
}

// TestASendTheJournalCannotRecordIsNotMade: a state directory that can no
// longer be written (full, read-only, gone) stops the send before it goes
// out, and says the journal is why.
func TestASendTheJournalCannotRecordIsNotMade(t *testing.T) {
	srv, clk := simulator(t)
	dir := t.TempDir()
	s := senderAgainstSim(t, dir, srv, clk)
	os.RemoveAll(dir)
	rec, err := s.Send(context.Background(), sendTo(t, srv, srv.WalletIDs()[0], 1000))
	if !errors.Is(err, model.ErrNotJournaled) || errors.Is(err, ErrOutcomeUnknown) || rec.State != "" {
		t.Errorf("unrecordable send: %+v %v", rec, err)
	}
	if n := srv.Requests("payments.create"); n != 0 {
		t.Errorf("%d creates for a send that was not recorded", n)
	}
}

// TestResendReadsBeforeItSends: a send whose first answer was lost is
// resent only when Voltage does not have it; if it does, the record is
// accepted and nothing is submitted.
func TestResendReadsBeforeItSends(t *testing.T) {
	srv, clk := simulator(t)
	s := senderAgainstSim(t, t.TempDir(), srv, clk)
	rec := sendTo(t, srv, srv.WalletIDs()[0], 1000)
	rec.ID, rec.WalletID = rec.Request.ID, rec.Request.WalletID
	recorded, err := s.j.Record(rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.c.CreatePayment(context.Background(), recorded.Request); err != nil { // the lost first attempt
		t.Fatal(err)
	}
	creates := srv.Requests("payments.create")
	got, err := s.Resend(context.Background(), rec.ID)
	if err != nil || got.State == model.SendRecorded || srv.Requests("payments.create") != creates {
		t.Errorf("resend of a payment Voltage has: %+v %v, %d creates", got, err, srv.Requests("payments.create")-creates)
	}
}

// recordedSend is a send already in j, as a first attempt whose answer
// was lost leaves it.
func recordedSend(t *testing.T, j *journal.Journal) model.SendRecord {
	t.Helper()
	req, err := model.NewBolt11Send(model.SendParams{WalletID: testOrg, Invoice: "lntbs1x"})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := j.Record(model.SendRecord{ID: req.ID, WalletID: req.WalletID, Request: req, Amount: 1000, Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestARefusedResendIsNotARefusal: a send resent after its first answer
// was lost, refused by Voltage, may still exist from the first attempt: it
// stays unfinished, to be settled by reading it.
func TestARefusedResendIsNotARefusal(t *testing.T) {
	c, f, clk := setup(t)
	j, _ := journal.Open(t.TempDir(), clk.Now)
	s := NewSender(c, j)
	rec := recordedSend(t, j)
	f.script(reply(404, `{"error":{"type":"instance_not_found"}}`),
		reply(403, `{"error":{"type":"forbidden","detail":"key rotated"}}`))
	got, err := s.Resend(context.Background(), rec.ID)
	if !errors.Is(err, ErrOutcomeUnknown) || got.State != model.SendRecorded || got.Attempts != 2 {
		t.Errorf("a refused resend: %+v %v", got, err)
	}
}

// TestObserveKeepsToTheSendItWasAskedAbout: an answer about another
// payment changes nothing, and a final record never moves again.
func TestObserveKeepsToTheSendItWasAskedAbout(t *testing.T) {
	_, _, clk := setup(t)
	j, _ := journal.Open(t.TempDir(), clk.Now)
	s := NewSender(nil, j)
	a, b := recordedSend(t, j), recordedSend(t, j)
	if _, err := s.Observe(a.ID, model.Payment{ID: b.ID, Status: model.StatusCompleted}); err == nil {
		t.Error("an answer about another payment was recorded")
	}
	if got, _ := j.Get(b.ID); got.State != model.SendRecorded {
		t.Errorf("the other send moved: %+v", got)
	}
	s.Observe(a.ID, model.Payment{ID: a.ID, Status: model.StatusCompleted, Data: model.SendBolt11Data{AmountMsats: 1000}})
	for _, late := range []model.Status{model.StatusFailed, model.StatusSending} {
		if got, _ := s.Observe(a.ID, model.Payment{ID: a.ID, Status: late}); got.State != model.SendFinal || got.Status != model.StatusCompleted {
			t.Errorf("a late %s moved a completed send: %+v", late, got)
		}
	}
}

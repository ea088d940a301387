package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/model"
)

// Sender makes sends the safe way: written to the journal before they go
// out, submitted under their own id however many times it takes, and
// marked as they settle. It never submits anything by itself: Send and
// Resend are the only ways out, both asked for by the user.
type Sender struct {
	c *Client
	j *journal.Journal
}

// NewSender sends through c, recording in j.
func NewSender(c *Client, j *journal.Journal) *Sender { return &Sender{c: c, j: j} }

// ErrOutcomeUnknown means the send went out but no answer said whether
// Voltage has it. Read the payment to find out; never send it again under
// a new id.
var ErrOutcomeUnknown = errors.New("it is not yet known whether Voltage has the payment")

// Send records rec and submits it. On success the record is accepted; on
// a refusal that proves nothing was made it is refused and the error says
// why; otherwise the error wraps ErrOutcomeUnknown and the record stays
// recorded until the payment is read. A send that does not go out (the
// journal cannot record it, it is not valid) has an error wrapping
// model.ErrNotSent. A send that repeats one the journal holds is refused
// with a *model.DuplicateSendError unless rec.Again.
func (s *Sender) Send(ctx context.Context, rec model.SendRecord) (model.SendRecord, error) {
	if err := rec.Request.Validate(); err != nil {
		return rec, fmt.Errorf("%w: %w", model.ErrNotSent, err)
	}
	rec.ID, rec.WalletID = rec.Request.ID, rec.Request.WalletID
	rec.Attempts = 1 // written before it goes: nothing is written between the record and the request
	recorded, err := s.j.Record(rec)
	var dup *model.DuplicateSendError
	switch {
	case errors.As(err, &dup):
		return rec, err
	case err != nil:
		return rec, fmt.Errorf("%w: %w", model.ErrNotJournaled, err)
	}
	return s.submit(ctx, recorded)
}

// Resend submits a recorded send again, under the same id, for a payment
// Voltage never received. It first reads the payment: if Voltage has it
// after all, the record is marked accepted and nothing is submitted.
func (s *Sender) Resend(ctx context.Context, id string) (model.SendRecord, error) {
	rec, err := s.j.Get(id)
	if err != nil {
		return rec, err
	}
	if rec.State != model.SendRecorded {
		return rec, fmt.Errorf("send %s is %s; only a send whose outcome is unknown can be sent again", id, rec.State)
	}
	switch p, err := s.c.GetPayment(ctx, id); {
	case err == nil:
		return s.Observe(id, p)
	case !IsNotFound(err):
		return rec, fmt.Errorf("could not check whether Voltage has payment %s, so it was not sent again: %w", id, err)
	}
	counted, err := s.j.Update(id, func(r *model.SendRecord) { r.Attempts++ })
	if err != nil {
		return rec, fmt.Errorf("%w: %w", model.ErrNotJournaled, err)
	}
	return s.submit(ctx, counted)
}

// submit makes the request for a recorded send and marks what came of it.
func (s *Sender) submit(ctx context.Context, rec model.SendRecord) (model.SendRecord, error) {
	err := s.c.CreatePayment(ctx, rec.Request)
	switch {
	case err == nil || IsAlreadyExists(err):
		s.c.rememberCreate(rec.ID)
		return s.mark(rec, func(r *model.SendRecord) { r.State, r.Problem = model.SendAccepted, "" })
	case refusedFirst(err, rec):
		rec, _ = s.mark(rec, func(r *model.SendRecord) { r.State, r.Problem = model.SendRefused, Explain(err) })
		return rec, err
	case isRefusal(err):
		problem := "Voltage refused a repeat of the send (" + Explain(err) + "), but an earlier attempt may have reached it"
		rec, _ = s.mark(rec, func(r *model.SendRecord) { r.Problem = problem })
		return rec, fmt.Errorf("%w: %s", ErrOutcomeUnknown, problem)
	}
	rec, _ = s.mark(rec, func(r *model.SendRecord) { r.Problem = Explain(err) })
	return rec, fmt.Errorf("%w: no answer came back: %w", ErrOutcomeUnknown, err)
}

// mark records what happened to a send. If the journal cannot be written
// the send is still what it was, changed in memory, so the caller reports
// the outcome rather than a blank record.
func (s *Sender) mark(rec model.SendRecord, f func(*model.SendRecord)) (model.SendRecord, error) {
	updated, err := s.j.Update(rec.ID, f)
	if err != nil {
		f(&rec)
		return rec, err
	}
	return updated, nil
}

// refusedFirst reports an answer that proves the payment was not created:
// a refusal of the only request ever made for it. A refusal of a repeat
// (within one call, or a resend) proves nothing, since the attempt before
// may have been accepted.
func refusedFirst(err error, rec model.SendRecord) bool {
	e, ok := asError(err)
	return ok && isRefusal(err) && !e.Repeated && rec.Attempts == 1
}

// isRefusal reports a 4xx that declines the request (not a timeout, a
// conflict or rate limiting, which say other things).
func isRefusal(err error) bool {
	e, ok := asError(err)
	if !ok {
		return false
	}
	switch e.Status {
	case http.StatusRequestTimeout, http.StatusConflict, http.StatusTooManyRequests:
		return false
	}
	return e.Status >= 400 && e.Status < 500
}

// Observe records a read of the journaled send id: seen at all means
// accepted, final means done; a completed payment that differs from what
// was confirmed keeps the difference. An answer about another payment is
// refused, and a status never moves backwards, nor out of final.
func (s *Sender) Observe(id string, p model.Payment) (model.SendRecord, error) {
	if p.ID != id {
		return model.SendRecord{}, fmt.Errorf("asked about payment %s, Voltage answered about %q", id, model.CleanText(p.ID))
	}
	return s.j.Update(id, func(r *model.SendRecord) {
		if r.State == model.SendFinal || (r.Status != "" && !model.CanTransition(model.Send, r.Status, p.Status)) {
			return
		}
		r.Status = p.Status
		if p.Status.IsFinal() {
			r.State = model.SendFinal
		} else if r.State == model.SendRecorded || r.State == model.SendRefused {
			r.State = model.SendAccepted // it exists, whatever was said before
		}
		if m := r.OutcomeMismatch(p); m != "" {
			r.Mismatch = m
		}
	})
}

// FindRepeat says, recording and sending nothing, whether Send would
// refuse rec as a repeat of a send the journal holds (a dry run's check).
func (s *Sender) FindRepeat(rec model.SendRecord) error { return s.j.FindRepeat(rec) }

// Unfinished lists the journaled sends that still need following.
func (s *Sender) Unfinished() ([]model.SendRecord, error) { return s.j.Unfinished() }

// Record reads one journaled send.
func (s *Sender) Record(id string) (model.SendRecord, error) { return s.j.Get(id) }

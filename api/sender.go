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
// recorded until the payment is read. A send the journal cannot record
// first is not made: the error wraps model.ErrNotJournaled. A send that
// repeats one the journal holds is refused with a
// *model.DuplicateSendError unless rec.Again.
func (s *Sender) Send(ctx context.Context, rec model.SendRecord) (model.SendRecord, error) {
	if err := rec.Request.Validate(); err != nil {
		return rec, err
	}
	rec.ID, rec.WalletID = rec.Request.ID, rec.Request.WalletID
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
		return s.Observe(p)
	case !IsNotFound(err):
		return rec, fmt.Errorf("could not check whether Voltage has payment %s, so it was not sent again: %w", id, err)
	}
	return s.submit(ctx, rec)
}

func (s *Sender) submit(ctx context.Context, rec model.SendRecord) (model.SendRecord, error) {
	counted, err := s.j.Update(rec.ID, func(r *model.SendRecord) { r.Attempts++ })
	if err != nil {
		return rec, fmt.Errorf("%w: %w", model.ErrNotJournaled, err)
	}
	rec = counted
	err = s.c.CreatePayment(ctx, rec.Request)
	switch {
	case err == nil || IsAlreadyExists(err):
		s.c.rememberCreate(rec.ID)
		return s.j.Update(rec.ID, func(r *model.SendRecord) { r.State, r.Problem = model.SendAccepted, "" })
	case refused(err):
		rec, _ = s.j.Update(rec.ID, func(r *model.SendRecord) { r.State, r.Problem = model.SendRefused, Explain(err) })
		return rec, err
	case refusedRepeat(err):
		problem := "Voltage refused a repeat of the send (" + Explain(err) + "), but an earlier attempt may have reached it"
		rec, _ = s.j.Update(rec.ID, func(r *model.SendRecord) { r.Problem = problem })
		return rec, fmt.Errorf("%w: %s", ErrOutcomeUnknown, problem)
	}
	rec, _ = s.j.Update(rec.ID, func(r *model.SendRecord) { r.Problem = Explain(err) })
	return rec, fmt.Errorf("%w: no answer came back: %w", ErrOutcomeUnknown, err)
}

// refused reports an answer that proves the payment was not created: a
// refusal (a 4xx other than timeouts, conflicts and rate limits) of the
// request's only attempt. The same refusal of a repeat proves nothing:
// the attempt before it may have been accepted.
func refused(err error) bool {
	e, ok := asError(err)
	return ok && !e.Repeated && refusal(e)
}

func refusedRepeat(err error) bool {
	e, ok := asError(err)
	return ok && e.Repeated && refusal(e)
}

func refusal(e *Error) bool {
	switch e.Status {
	case http.StatusRequestTimeout, http.StatusConflict, http.StatusTooManyRequests:
		return false
	}
	return e.Status >= 400 && e.Status < 500
}

// Observe records a payment read for a journaled send: seen at all means
// accepted, final means done; a completed payment that differs from what
// was confirmed keeps the difference in the record.
func (s *Sender) Observe(p model.Payment) (model.SendRecord, error) {
	return s.j.Update(p.ID, func(r *model.SendRecord) {
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

// Unfinished lists the journaled sends that still need following.
func (s *Sender) Unfinished() ([]model.SendRecord, error) { return s.j.Unfinished() }

// Record reads one journaled send.
func (s *Sender) Record(id string) (model.SendRecord, error) { return s.j.Get(id) }

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
var ErrOutcomeUnknown = errors.New("no answer came back, so it is not yet known whether Voltage has the payment")

// Send records rec and submits it. On success the record is accepted;
// on a refusal (a 4xx that says nothing was made) it is refused and the
// error says why; otherwise the error wraps ErrOutcomeUnknown and the
// record stays recorded until the payment is read.
func (s *Sender) Send(ctx context.Context, rec model.SendRecord) (model.SendRecord, error) {
	if err := rec.Request.Validate(); err != nil {
		return rec, err
	}
	rec.ID, rec.WalletID = rec.Request.ID, rec.Request.WalletID
	rec, err := s.j.Record(rec)
	if err != nil {
		return rec, fmt.Errorf("could not record the payment, so it was not sent: %w", err)
	}
	return s.submit(ctx, rec)
}

// Resend submits a recorded send again, under the same id, for a payment
// Voltage never received. If it did receive it after all, the id makes
// the second submission harmless.
func (s *Sender) Resend(ctx context.Context, id string) (model.SendRecord, error) {
	rec, err := s.j.Get(id)
	if err != nil {
		return rec, err
	}
	if rec.State != model.SendRecorded {
		return rec, fmt.Errorf("send %s is %s; only a send whose outcome is unknown can be sent again", id, rec.State)
	}
	return s.submit(ctx, rec)
}

func (s *Sender) submit(ctx context.Context, rec model.SendRecord) (model.SendRecord, error) {
	rec, err := s.j.Update(rec.ID, func(r *model.SendRecord) { r.Attempts++ })
	if err != nil {
		return rec, fmt.Errorf("could not record the attempt, so it was not sent: %w", err)
	}
	err = s.c.CreatePayment(ctx, rec.Request)
	switch {
	case err == nil || IsAlreadyExists(err):
		s.c.rememberCreate(rec.ID)
		return s.j.Update(rec.ID, func(r *model.SendRecord) { r.State, r.Problem = model.SendAccepted, "" })
	case refused(err):
		rec, _ = s.j.Update(rec.ID, func(r *model.SendRecord) { r.State, r.Problem = model.SendRefused, Explain(err) })
		return rec, err
	}
	rec, _ = s.j.Update(rec.ID, func(r *model.SendRecord) { r.Problem = Explain(err) })
	return rec, fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
}

// refused reports an answer that says the payment was not created: a 4xx
// other than timeouts, conflicts and rate limits.
func refused(err error) bool {
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

// Observe records a status read for a journaled send: seen at all means
// accepted, final means done.
func (s *Sender) Observe(id string, status model.Status) (model.SendRecord, error) {
	return s.j.Update(id, func(r *model.SendRecord) {
		r.Status = status
		if status.IsFinal() {
			r.State = model.SendFinal
		} else if r.State == model.SendRecorded {
			r.State = model.SendAccepted
		}
	})
}

// Unfinished lists the journaled sends that still need following.
func (s *Sender) Unfinished() ([]model.SendRecord, error) { return s.j.Unfinished() }

// Record reads one journaled send.
func (s *Sender) Record(id string) (model.SendRecord, error) { return s.j.Get(id) }

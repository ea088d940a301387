package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/voltdash/voltdash/model"
)

// resumeJSON is one unfinished send as resume found it.
type resumeJSON struct {
	ID      string          `json:"id"`
	Outcome string          `json:"outcome"` // completed, failed, pending or never_arrived
	Amount  model.MilliSats `json:"amount_msats"`
	Payment *paymentJSON    `json:"payment,omitempty"`
}

// runResume follows every send the journal holds unfinished (a crash, a
// closed terminal) to its final status. A send Voltage never received is
// listed with the command that sends it again: resuming never sends.
func runResume(r *runner) int {
	if code, ok := r.connect(); !ok {
		return code
	}
	open, err := r.b.UnfinishedSends()
	if err != nil {
		return r.fail(ExitLocal, "%v", err)
	}
	if len(open) == 0 && !r.o.json {
		r.info("Nothing to resume: every send in the journal is final.")
	}
	results := make([]resumeJSON, 0, len(open))
	code := ExitOK
	for _, rec := range open {
		res, c := r.resumeOne(rec)
		results = append(results, res)
		code = worse(code, c)
	}
	if r.o.json {
		r.printJSON(results)
	}
	return code
}

// resumeOne reads a send at once (it may have settled long ago), then
// follows it on the shared schedule.
func (r *runner) resumeOne(rec model.SendRecord) (resumeJSON, int) {
	res := resumeJSON{ID: rec.ID, Amount: rec.Amount}
	observe := func(p model.Payment) { _ = r.b.ObserveSend(p.ID, p.Status) }
	p, err := call(func(ctx context.Context) (model.Payment, error) { return r.b.GetPayment(ctx, rec.ID) })
	switch {
	case err == nil:
		p, err = r.wait(rec.ID, p, p.CreatedAt, r.o.timeout, observe)
	case r.b.Classify(err).NotFound: // not yet visible, or never arrived: a few more looks
		p, err = r.wait(rec.ID, model.Payment{}, r.d.Clock.Now(), r.o.timeout, observe)
	}
	u := r.set.Unit
	switch {
	case err != nil && r.b.Classify(err).NotFound:
		res.Outcome = "never_arrived"
		r.say("✗ %s %s: Voltage never received it; send it again, with the same id: voltdash pay --resend %s",
			rec.ID, rec.Amount.Format(u), rec.ID)
		return res, ExitPending
	case errors.Is(err, errNotFinal):
		res.Outcome = "pending"
		r.say("… %s %s: still %s; follow it with: voltdash status %s --wait", rec.ID, rec.Amount.Format(u), p.Status, rec.ID)
		return res, ExitPending
	case err != nil:
		res.Outcome = "pending"
		r.say("? %s %s: %s", rec.ID, rec.Amount.Format(u), r.b.Classify(err).Sentence)
		return res, ExitNetwork
	}
	j := toJSON(p)
	res.Payment = &j
	if p.Status.Succeeded() {
		res.Outcome = "completed"
		r.say("✓ %s sent %s", rec.ID, p.Amount().Format(u))
		return res, ExitOK
	}
	res.Outcome = "failed"
	r.say("✗ %s %s %s: %s", rec.ID, rec.Amount.Format(u), p.Status, reason(p))
	return res, ExitFailed
}

// say prints a result line for people; with --json the JSON says it all.
func (r *runner) say(format string, args ...any) {
	if !r.o.json {
		fmt.Fprintf(r.d.Stdout, format+"\n", args...)
	}
}

// worse picks the exit code that matters more: an incomplete answer, then
// a send that needs the user, then a failed one.
func worse(a, b int) int {
	rank := map[int]int{ExitOK: 0, ExitFailed: 1, ExitPending: 2, ExitNetwork: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

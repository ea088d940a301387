package cli

import (
	"context"
	"errors"
	"sync"

	"github.com/voltdash/voltdash/model"
)

// resumeJSON is one unfinished send as resume found it.
type resumeJSON struct {
	ID      string          `json:"id"`
	Outcome string          `json:"outcome"` // completed, failed, mismatch, pending or never_arrived
	Amount  model.MilliSats `json:"amount_msats"`
	Payment *paymentJSON    `json:"payment,omitempty"`
	// Mismatch, with outcome mismatch, says how the completed payment
	// differs from what was confirmed.
	Mismatch string `json:"mismatch,omitempty"`
	// SuccessAction, for a Lightning Address paid as confirmed, is what
	// its service asked to show (journaled with the send).
	SuccessAction *successJSON `json:"success_action,omitempty"`
}

// runResume follows every send the journal holds unfinished (a crash, a
// closed terminal) to its final status. A send Voltage never received is
// listed with the command that sends it again: resuming never sends.
func runResume(r *runner) int {
	if code, ok := r.connect(); !ok {
		return code
	}
	open, err := r.b.UnfinishedSends()
	code := ExitOK
	if err != nil { // damaged records are named; the others are followed all the same
		r.info("voltdash: %v", err)
		code = ExitLocal
	}
	switch {
	case len(open) == 0 && !r.o.json:
		r.info("Nothing to resume: every send in the journal is final.")
	case len(open) > 0:
		r.info("Following %d unfinished sends…", len(open))
	}
	// Followed side by side, so that a crash that left many behind is
	// settled in the time of the slowest; reported in journal order.
	results := make([]resumeJSON, len(open))
	lines := make([]string, len(open))
	codes := make([]int, len(open))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(len(open), maxFollowers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i], lines[i], codes[i] = r.resumeOne(open[i])
			}
		}()
	}
	for i := range open {
		work <- i
	}
	close(work)
	wg.Wait()
	for i := range open {
		code = worse(code, codes[i])
		if !r.o.json {
			say(r.d.Stdout, "%s\n", lines[i]) // already cleaned: cleaning is idempotent
			r.describeSuccess(results[i].SuccessAction)
		}
	}
	if r.o.json {
		r.printJSON(results)
	}
	return code
}

// maxFollowers bounds the sends resume follows at once.
const maxFollowers = 8

// resumeOne reads a send at once (it may have settled long ago), then
// follows it on the shared schedule.
func (r *runner) resumeOne(rec model.SendRecord) (resumeJSON, string, int) {
	res := resumeJSON{ID: rec.ID, Amount: rec.Amount}
	p, err := call(r, func(ctx context.Context) (model.Payment, error) { return r.b.GetPayment(ctx, rec.ID) })
	switch {
	case err == nil:
		p, err = r.wait(rec.ID, p, p.CreatedAt, r.o.timeout, r.observer(rec.ID))
	case r.b.Classify(err).NotFound: // not yet visible, or never arrived: a few more looks
		p, err = r.wait(rec.ID, model.Payment{}, r.d.Clock.Now(), r.o.timeout, r.observer(rec.ID))
	}
	u := r.set.Unit
	switch {
	case err != nil && r.b.Classify(err).NotFound:
		res.Outcome = "never_arrived"
		return res, shown("✗ %s %s: Voltage never received it; send it again, with the same id: voltdash pay --resend %s",
			rec.ID, rec.Amount.Format(u), rec.ID), ExitPending
	case errors.Is(err, errNotFinal):
		res.Outcome = "pending"
		return res, shown("… %s %s: still %s; follow it with: voltdash status %s --wait",
			rec.ID, rec.Amount.Format(u), p.Status, rec.ID), ExitPending
	case err != nil:
		res.Outcome = "pending"
		return res, shown("? %s %s: %s", rec.ID, rec.Amount.Format(u), r.b.Classify(err).Sentence), ExitNetwork
	}
	j := toJSON(p)
	res.Payment = &j
	if m := rec.OutcomeMismatch(p); m != "" {
		res.Outcome, res.Mismatch = "mismatch", m
		return res, shown("✗ %s completed, but not as you confirmed: %s", rec.ID, m), ExitFailed
	}
	if p.Status.Succeeded() {
		res.Outcome, res.SuccessAction = "completed", successFor(rec.Success, p)
		return res, shown("✓ %s sent %s", rec.ID, p.Amount().Format(u)), ExitOK
	}
	res.Outcome = "failed"
	return res, shown("✗ %s %s %s: %s", rec.ID, rec.Amount.Format(u), p.Status, reason(p)), ExitFailed
}

// worse picks the exit code that matters more: a damaged journal, an
// incomplete answer, then a send that needs the user, then a failed one.
func worse(a, b int) int {
	rank := map[int]int{ExitOK: 0, ExitFailed: 1, ExitPending: 2, ExitNetwork: 3, ExitLocal: 4}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

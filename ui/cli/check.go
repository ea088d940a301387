package cli

import (
	"context"
	"time"

	"github.com/voltdash/voltdash/model"
)

// checkWait bounds how long pay waits for the verdict of Voltage's policy
// check, asking included; the check answers in moments when it runs at all.
const checkWait = 10 * time.Second

// precheck decides, before the question, what the wallet's policies say
// of the plan: first what they make certain, here, then Voltage's own
// check (check_payment) under an id of its own. The verdict is a line of
// the summary; ok false: refused, and code is the exit. A check that
// cannot run or gives no verdict says so there, and the local checks
// stand: it never holds a payment up silently.
func (r *runner) precheck(plan model.SendPlan, w model.Wallet) (v verdict, code int, ok bool) {
	p, err := call(r, func(ctx context.Context) (model.WalletPolicies, error) { return r.b.WalletPolicies(ctx, w.ID) })
	if err == nil && p.CertainRefusal(plan.Amount) != "" {
		return v, r.fail(ExitUsage, "not paid: %s", p.CertainRefusal(plan.Amount)), false
	}
	req, err := plan.CheckRequest(w.ID)
	if err != nil {
		return v, r.fail(ExitUsage, "%v", err), false
	}
	deadline := r.d.Clock.Now().Add(checkWait)
	within := func(ctx context.Context) (context.Context, context.CancelFunc) {
		return context.WithTimeout(ctx, max(deadline.Sub(r.d.Clock.Now()), 0))
	}
	if _, err := call(r, func(ctx context.Context) (struct{}, error) {
		ctx, cancel := within(ctx)
		defer cancel()
		return struct{}{}, r.b.CheckPayment(ctx, req)
	}); err != nil {
		return verdict{"not_run", "could not run (" + r.b.Classify(err).Sentence + "); the local checks passed"}, 0, true
	}
	for r.d.Clock.Now().Before(deadline) {
		if !r.sleep(time.Second / 2) {
			return v, ExitInterrupted, false // nothing was sent: the check is not a send
		}
		got, err := call(r, func(ctx context.Context) (model.Payment, error) {
			ctx, cancel := within(ctx)
			defer cancel()
			return r.b.GetPayment(ctx, req.ID)
		})
		if err != nil {
			if f := r.b.Classify(err); f.NotFound || f.Transient {
				continue // not readable yet, or the way there hiccupped
			}
			return verdict{"unread", "could not be read (" + r.b.Classify(err).Sentence + "); the local checks passed"}, 0, true
		}
		switch said, why := model.VerdictOf(got); said {
		case model.VerdictApproved:
			return verdict{"approved", "✓ approved by Voltage's policy check"}, 0, true
		case model.VerdictRefused:
			return verdict{}, r.fail(ExitFailed, "not paid: Voltage's policy check refused it: %s", why), false
		}
	}
	return verdict{"no_verdict", "no verdict from Voltage within " + checkWait.String() + "; the local checks passed"}, 0, true
}

// verdict is what the policy check said of a plan: state, for scripts
// (approved, not_run, unread or no_verdict: every state but approved
// leaves the local checks to stand), and the summary's line.
type verdict struct{ state, line string }

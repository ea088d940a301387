package cli

import (
	"strings"
	"testing"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// paying makes b complete each send.
func paying(b *fakeBackend) *fakeBackend {
	b.get = func(string) (model.Payment, error) { return completed(b.sent[len(b.sent)-1], nil), nil }
	return b
}

// TestPayAsksVoltagesCheckFirst: a send a policy makes certain to fail is
// refused here; one Voltage's check refuses is not sent; a check that
// cannot run says so in the summary, and the local checks stand. The
// check never goes out under the send's id.
func TestPayAsksVoltagesCheckFirst(t *testing.T) {
	inv := signetInvoice(t, model.Sats(60_000), "Beans")
	most := uint64(50_000)
	capped := func() *fakeBackend {
		b := account()
		b.policies = map[string]model.WalletPolicies{tillID: {Policies: []model.Policy{{Type: model.PolicyMaxPaymentSize, Data: model.PolicyData{MaxSizeSats: &most}}}}}
		return b
	}

	b := capped()
	r := runWith(b, "", "pay", "--wallet", "Till", "--yes", inv)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "at most 50,000 sats a payment") || len(b.sent) != 0 || len(b.checks) != 0 {
		t.Errorf("over the maximum payment size: exit %d, %d sent, %d checks: %s", r.code, len(b.sent), len(b.checks), r.stderr)
	}

	b = account()
	b.verdict = func(req model.SendRequest) model.Payment {
		return model.Payment{ID: req.ID, Status: model.StatusFailed, Error: &model.PaymentError{Type: "rejected", Detail: "over the send volume limit"}}
	}
	r = runWith(b, "", "pay", "--wallet", "Till", "--yes", inv)
	if r.code != ExitFailed || !strings.Contains(r.stderr, "Voltage's policy check refused it") || !strings.Contains(r.stderr, "send volume limit") || len(b.sent) != 0 {
		t.Errorf("refused by the check: exit %d, %d sent: %s", r.code, len(b.sent), r.stderr)
	}
	if len(b.checks) != 1 || b.checks[0].Metadata[model.PolicyCheckKey] == "" || b.checks[0].Data.PaymentRequest != inv {
		t.Errorf("the check asked: %+v", b.checks)
	}

	b = paying(account())
	r = runWith(b, "", "pay", "--wallet", "Till", "--yes", inv)
	if r.code != ExitOK || !strings.Contains(r.stderr, "Check      ✓ approved by Voltage's policy check") || len(b.sent) != 1 {
		t.Errorf("approved: exit %d, %d sent: %s", r.code, len(b.sent), r.stderr)
	}
	if b.sent[0].ID == b.checks[0].ID || b.sent[0].Request.Metadata[model.PolicyCheckKey] != "" {
		t.Errorf("the send reused the check: send %s, check %s", b.sent[0].ID, b.checks[0].ID)
	}

	b2 := paying(account())
	b2.checkErr = failure{port.Failure{Sentence: "Voltage had a server error (501).", Transient: false}}
	r = runWith(b2, "", "pay", "--wallet", "Till", "--yes", inv)
	if r.code != ExitOK || !strings.Contains(r.stderr, "Check      could not run (Voltage had a server error (501).); the local checks passed") || len(b2.sent) != 1 {
		t.Errorf("no check: exit %d, %d sent: %s", r.code, len(b2.sent), r.stderr)
	}
}

// TestHistoryFiltersByMetadataAndKnowsChecksAreDone: --metadata keeps
// the payments holding every pair; a policy check that passed is not
// pending, though its status is approved.
func TestHistoryFiltersByMetadataAndKnowsChecksAreDone(t *testing.T) {
	b := account()
	p := func(id string, st model.Status, meta map[string]string) model.Payment {
		return model.Payment{ID: id, WalletID: tillID, Direction: model.Send, Kind: model.Bolt11, Status: st, CreatedAt: t0, Metadata: meta}
	}
	b.payments = []model.Payment{
		p("11111111-1111-4111-8111-111111111111", model.StatusApproved, map[string]string{model.PolicyCheckKey: "policy"}),
		p("22222222-2222-4222-8222-222222222222", model.StatusSending, map[string]string{"team": "ops"}),
		p("33333333-3333-4333-8333-333333333333", model.StatusCompleted, map[string]string{"team": "ops", "till": "2"}),
	}
	if r := runWith(b, "", "history", "--metadata", "team=ops", "--metadata", "till=2", "--csv"); r.code != ExitOK ||
		strings.Count(r.stdout, "\n") != 2 || !strings.Contains(r.stdout, "33333333") {
		t.Errorf("--metadata: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runWith(b, "", "history", "--status", "pending", "--csv"); r.code != ExitOK ||
		strings.Contains(r.stdout, "11111111") || !strings.Contains(r.stdout, "22222222") {
		t.Errorf("--status pending: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runWith(b, "", "history", "--metadata", "team"); r.code != ExitUsage || !strings.Contains(r.stderr, "write key=value") {
		t.Errorf("a bad pair: exit %d %s", r.code, r.stderr)
	}
}

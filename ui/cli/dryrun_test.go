package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/lnwire"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/invoicetest"
)

// nothingSent fails the test if a dry run sent, journaled or asked.
func nothingSent(t *testing.T, b *fakeBackend, r result) {
	t.Helper()
	if len(b.sent) != 0 || len(b.observed) != 0 || len(b.receives) != 0 || strings.Contains(r.stderr, "Pay?") {
		t.Errorf("a dry run sent %d, observed %d, asked for %d receives, or asked:\n%s", len(b.sent), len(b.observed), len(b.receives), r.stderr)
	}
}

// TestDryRunShowsThePlanAndSendsNothing: -n and --dry-run check as pay
// does (Voltage's policy check included, a check under its own id), print
// the summary pay would ask about and say nothing was sent, with someone
// at the terminal who could have said yes.
func TestDryRunShowsThePlanAndSendsNothing(t *testing.T) {
	inv := signetInvoice(t, model.Sats(2100), "Tea")
	for _, flag := range []string{"-n", "--dry-run"} {
		b := &fakeBackend{wallets: wallets("Till", "Payouts")}
		r := runWith(b, "y\n", "pay", flag, "--wallet", "Payouts", inv)
		nothingSent(t, b, r)
		want := "Pay        2,100 sats\nFee cap    at most 21 sats\nFrom       Payouts (Mutinynet)\nTo         node "
		if r.code != ExitOK || !strings.HasPrefix(r.stdout, want) || len(b.checks) != 1 ||
			!strings.Contains(r.stdout, "\nCheck      ✓ approved by Voltage's policy check\nFor        “Tea”\ndry run: nothing sent\n") {
			t.Errorf("%s: exit %d, %d checks:\n%s\n%s", flag, r.code, len(b.checks), r.stdout, r.stderr)
		}
		if b.checks[0].Metadata[model.PolicyCheckKey] == "" {
			t.Errorf("the check was not marked as one: %+v", b.checks[0])
		}
	}
}

// TestDryRunJSON is the plan as docs/json.md describes it.
func TestDryRunJSON(t *testing.T) {
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	inv := signetInvoice(t, model.Sats(2100), "Tea")
	r := runWith(b, "", "pay", "-n", "--wallet", "Payouts", "--max-fee", "5", inv, "--json")
	nothingSent(t, b, r)
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != ExitOK {
		t.Fatalf("exit %d, %v:\n%s", r.code, err, r.stdout)
	}
	want := map[string]any{"dry_run": true, "wallet_id": payoutsID, "wallet_name": "Payouts", "network": "mutinynet", "kind": "bolt11",
		"amount_msats": 2_100_000.0, "max_fee_msats": 5000.0, "invoice": inv, "memo": "Tea",
		"expires_at": t0.Add(time.Hour).Format(time.RFC3339),
		"check":      map[string]any{"state": "approved", "message": "✓ approved by Voltage's policy check"}}
	for k, v := range want {
		if g, _ := json.Marshal(got[k]); string(g) != mustJSON(v) {
			t.Errorf("%s: %s, want %s", k, g, mustJSON(v))
		}
	}
	if _, ok := got["payee"].(string); !ok || got["warnings"] != nil || got["repeat_of"] != nil {
		t.Errorf("payee, warnings, repeat_of: %v", got)
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

// TestDryRunRefusesWhatPayRefuses: each check that stops pay stops the
// dry run with pay's exit code, before anything is sent.
func TestDryRunRefusesWhatPayRefuses(t *testing.T) {
	most := uint64(1000)
	cases := []struct {
		name    string
		target  string
		args    []string
		arrange func(b *fakeBackend)
		code    int
		says    string
	}{
		{"expired", invoicetest.Make(t, &chaincfg.SigNetParams, lnwire.MilliSatoshi(model.Sats(2100)), "old", t0.Add(-2*time.Hour), time.Hour),
			nil, nil, ExitUsage, "expired"},
		{"another network", invoicetest.Make(t, &chaincfg.MainNetParams, lnwire.MilliSatoshi(model.Sats(2100)), "main", t0, time.Hour),
			nil, nil, ExitUsage, "is for Mainnet but the wallet is on Mutinynet"},
		{"no amount", signetInvoice(t, 0, "any"), nil, nil, ExitUsage, "no amount"},
		{"a fee cap that is not one", signetInvoice(t, model.Sats(2100), "Tea"), []string{"--max-fee", "lots"}, nil, ExitUsage, "--max-fee"},
		{"an unknown wallet", signetInvoice(t, model.Sats(2100), "Tea"), []string{"--wallet", "Nope"}, nil, ExitUsage, "no single wallet"},
		{"the wallet's own limit", signetInvoice(t, model.Sats(2100), "Tea"), nil, func(b *fakeBackend) {
			b.policies = map[string]model.WalletPolicies{payoutsID: {Policies: []model.Policy{{Type: model.PolicyMaxPaymentSize, Data: model.PolicyData{MaxSizeSats: &most}}}}}
		}, ExitUsage, "not paid"},
		{"Voltage's policy check", signetInvoice(t, model.Sats(2100), "Tea"), nil, func(b *fakeBackend) {
			b.verdict = func(req model.SendRequest) model.Payment {
				return model.Payment{ID: req.ID, Status: model.StatusFailed, Error: &model.PaymentError{Type: "rejected", Detail: "over the send volume limit"}}
			}
		}, ExitFailed, "policy check refused it"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := &fakeBackend{wallets: wallets("Till", "Payouts")}
			if tc.arrange != nil {
				tc.arrange(b)
			}
			args := append([]string{"pay", "--dry-run", tc.target}, tc.args...)
			if tc.name != "an unknown wallet" {
				args = append(args, "--wallet", "Payouts")
			}
			r := runWith(b, "", args...)
			nothingSent(t, b, r)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.says) || strings.Contains(r.stdout, "dry run") {
				t.Errorf("exit %d, want %d saying %q:\n%s%s", r.code, tc.code, tc.says, r.stdout, r.stderr)
			}
		})
	}
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	if r := runWith(b, "", "pay", "-n", "--resend", paymentID); r.code != ExitUsage || !strings.Contains(r.stderr, "--resend sends a recorded one") {
		t.Errorf("--resend: %d %s", r.code, r.stderr)
	}
}

// TestDryRunWarnsOfARepeat: what the journal would refuse as a repeat is a
// warning naming the earlier send, and the journal is only read.
func TestDryRunWarnsOfARepeat(t *testing.T) {
	inv := signetInvoice(t, model.Sats(2100), "Tea")
	plan, _ := model.PlanSend(inv, "", "", wallets("Till", "Payouts")[1], true, t0, nil)
	earlier, _ := plan.Record(payoutsID)
	earlier.State, earlier.Status, earlier.CreatedAt = model.SendFinal, model.StatusCompleted, t0.Add(-time.Hour)
	for _, again := range []bool{false, true} {
		b := &fakeBackend{wallets: wallets("Till", "Payouts"), journal: []model.SendRecord{earlier}}
		args := []string{"pay", "-n", "--wallet", "Payouts", inv}
		if again {
			args = append(args, "--again")
		}
		r := runWith(b, "", args...)
		nothingSent(t, b, r)
		hint := "pay refuses it as a repeat: follow it with voltdash status " + earlier.ID + " --wait, or add --again"
		if again {
			hint = "--again pays it a second time"
		}
		if r.code != ExitOK || !strings.Contains(r.stdout, "warning: this invoice was already sent as payment "+earlier.ID) ||
			!strings.Contains(r.stdout, hint) || !strings.HasSuffix(r.stdout, "dry run: nothing sent\n") || len(b.journal) != 1 {
			t.Errorf("--again %v: exit %d:\n%s%s", again, r.code, r.stdout, r.stderr)
		}
		r = runWith(b, "", append(args, "--json")...)
		var got planJSON
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || got.RepeatOf != earlier.ID || len(got.Warnings) != 1 ||
			!strings.Contains(got.Warnings[0], hint) {
			t.Errorf("--json: %v %+v", err, got)
		}
	}
}

// TestDryRunOfALightningAddress reads the pay request and asks the
// service for its invoice, which it verifies: that is checking. Then it
// stops, as for an invoice.
func TestDryRunOfALightningAddress(t *testing.T) {
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	l := honestService(t, 10, nil)
	r := runWithDeps(b, "", withLNURL(l), "pay", "-n", "--wallet", "Payouts", "--amount", "2100", "--comment", "rent", "savings@shop.example", "--json")
	nothingSent(t, b, r)
	var got planJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != ExitOK {
		t.Fatalf("exit %d %v:\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if len(l.read) != 1 || len(l.asked) != 1 || got.PayTo != "savings@shop.example" || got.Comment != "rent" ||
		got.Amount != model.Sats(2100) || got.Memo != "Rent to Savings" || got.Invoice == "" || len(b.checks) != 1 {
		t.Errorf("read %d, asked %d: %+v", len(l.read), len(l.asked), got)
	}
}

package cli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/voltdash/voltdash/model"
)

const lineID = "7df75323-84f1-4699-97da-776380a0aa81"

// account is two funded wallets drawing 200,000 sats of a 1,000,000 sat
// staging line.
func account() *fakeBackend {
	return &fakeBackend{wallets: wallets("Till", "Payouts"),
		lines: []model.LineOfCredit{{ID: lineID, Network: model.Mutinynet, Limit: model.Sats(1_000_000), AllocatedLimit: model.Sats(200_000), Currency: model.BTC}}}
}

// TestWalletCommandsRefuseBeforeSending: every bad value is refused at
// its flag, and nothing is asked of Voltage.
func TestWalletCommandsRefuseBeforeSending(t *testing.T) {
	for _, tt := range []struct {
		args   []string
		stdin  string
		stderr string
	}{
		{[]string{"wallet"}, "", "wallet takes one of create, rename"},
		{[]string{"wallet", "frob"}, "", `wallet "frob": use create`},
		{[]string{"wallet", "create", "--name", "ab"}, "", "--name: a wallet name needs at least 3 characters"},
		{[]string{"wallet", "create", "--name", "till"}, "", `--name: another wallet is already called "Till"`},
		{[]string{"wallet", "create", "--name", "Float", "--limit", "800001"}, "", "--limit: the line of credit has 800,000 sats free"},
		{[]string{"wallet", "create", "--name", "Float", "--line", "nope"}, "", `--line: no line of credit "nope"`},
		{[]string{"wallet", "create", "--name", "Float", "--metadata", "team"}, "", "--metadata: \"team\": write key=value"},
		{[]string{"wallet", "create", "--name", "Float", "--metadata", "a=1", "--metadata", "a=2"}, "", `"a" is given twice`},
		{[]string{"wallet", "rename", "Till", "Payouts"}, "", `--name: another wallet is already called "Payouts"`},
		{[]string{"wallet", "rename", "Till", "x"}, "", "at least 3 characters"},
		{[]string{"wallet", "rename", "Nope", "Drawer"}, "", `no single wallet matches "Nope"`},
		{[]string{"wallet", "delete", "Till"}, "", "needs --yes when no one is at the terminal"},
		{[]string{"wallet", "delete", "Till"}, "till\n", "the name typed does not match"},
		// Deleting cannot be undone: --yes takes the whole name or id, not
		// the start of one that another command would take.
		{[]string{"wallet", "delete", "Pay", "--yes"}, "", `wallet delete --yes needs the wallet's whole name or id: "Pay" only begins "Payouts"; nothing was deleted`},
		{[]string{"wallet", "policies", "Till", "--set", "max_payment_size=5"}, "", "is not a policy"},
		{[]string{"wallet", "policies", "Till", "--set", "processing_fee=1"}, "", "send/receive basis points"},
		{[]string{"wallet", "ledger", "Till", "--limit", "0"}, "", "--limit 0: give how many entries"},
		{[]string{"credit", "--set-limit", "100k"}, "", "wallets already take 200,000"},
		{[]string{"credit", "--set-limit", "lots"}, "", "--set-limit"},
		{[]string{"credit", "--disable"}, "", "was not disabled"},
		{[]string{"credit", "--set-limit", "0.02btc", "--line", "nope"}, "", `no line of credit "nope"`},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			b := account()
			r := runWith(b, tt.stdin, tt.args...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, want %d: %s", r.code, ExitUsage, r.stderr)
			}
			if len(b.changes) > 0 {
				t.Errorf("refused, yet asked for %q", b.changes)
			}
		})
	}
	prod := account()
	prod.lines[0].Network = model.Mainnet
	if r := runWith(prod, "", "credit", "--set-limit", "0.02btc"); r.code != ExitUsage || !strings.Contains(r.stderr, "only a staging line") || len(prod.changes) > 0 {
		t.Errorf("a production line: exit %d %s %q", r.code, r.stderr, prod.changes)
	}
}

// TestWalletCommandsDoWhatTheySay: each change is asked for once, as
// given, and said in words; a wallet with money is not deleted, and why
// is explained.
func TestWalletCommandsDoWhatTheySay(t *testing.T) {
	b := account()
	r := runWith(b, "", "wallet", "create", "--name", " Float ", "--limit", "250k", "--metadata", "team=ops", "--wait")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Created wallet Float") || len(b.changes) != 1 || b.changes[0] != "create Float" {
		t.Fatalf("create: exit %d %s %s %q", r.code, r.stdout, r.stderr, b.changes)
	}
	created := b.wallets[2]
	if created.CreditLimit() != model.Sats(250_000) || created.Metadata["team"] != "ops" {
		t.Errorf("created %+v", created)
	}
	if r := runWith(b, "", "wallet", "rename", "Float", "Drawer"); r.code != ExitOK || b.wallets[2].Name != "Drawer" {
		t.Errorf("rename: exit %d %s", r.code, r.stderr)
	}
	if r := runWith(b, "", "wallet", "delete", "Till", "--yes"); r.code != ExitUsage || !strings.Contains(r.stderr, "send its balance to another wallet") || len(b.wallets) != 3 {
		t.Errorf("delete a funded wallet: exit %d %s", r.code, r.stderr)
	}
	if r := runWith(b, "Drawer\n", "wallet", "delete", "Drawer"); r.code != ExitOK || len(b.wallets) != 2 || !strings.Contains(r.stdout, "Deleted wallet Drawer") {
		t.Errorf("delete, name typed back: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := runWith(b, "", "wallet", "policies", "Till", "--set", "max_payment_size_sats=50,000"); r.code != ExitOK ||
		!strings.Contains(r.stdout, "Maximum payment size  50,000 sats") || b.changes[len(b.changes)-1] != "policies "+tillID+` {"max_payment_size_sats":50000}` {
		t.Errorf("policies: exit %d %s %s %q", r.code, r.stdout, r.stderr, b.changes)
	}
	if r := runWith(b, "", "credit", "--set-limit", "0.02 btc"); r.code != ExitOK || b.changes[len(b.changes)-1] != "credit "+lineID+` {"limit":2000000000}` ||
		!strings.Contains(r.stdout, "2,000,000") {
		t.Errorf("credit: exit %d %s %s %q", r.code, r.stdout, r.stderr, b.changes)
	}
}

var anID = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`)

// TestWalletCommandsJSON: the shapes scripts read, kept as goldens (fresh
// ids are written as <id>).
func TestWalletCommandsJSON(t *testing.T) {
	b := account()
	b.policies = map[string]model.WalletPolicies{tillID: {ID: tillID}}
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"create", []string{"wallet", "create", "--name", "Float", "--limit", "250k", "--metadata", "team=ops", "--json"}},
		{"create_wait", []string{"wallet", "create", "--name", "Spare", "--wait", "--json"}},
		{"rename", []string{"wallet", "rename", "Payouts", "Refunds", "--json"}},
		{"policies", []string{"wallet", "policies", "Till", "--set", "max_payment_size_sats=50000", "--json"}},
		{"ledger", []string{"wallet", "ledger", "Till", "--json"}},
		{"credit", []string{"credit", "--json"}},
		{"delete_refused", []string{"wallet", "delete", "Till", "--yes", "--json"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runWith(b, "", tt.args...)
			out := r.stdout
			for _, id := range anID.FindAllString(out, -1) {
				if id != tillID && id != payoutsID && id != lineID {
					out = strings.ReplaceAll(out, id, "<id>")
				}
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// TestAWalletNameTwoWalletsAnswerToNamesNeither: wallets made outside
// voltdash may share a name but for case or an invisible character; such a
// name picks neither, for any command, and the one wallet left is deleted
// with --yes only when named.
func TestAWalletNameTwoWalletsAnswerToNamesNeither(t *testing.T) {
	for _, twin := range []string{"Till\u200b", "TILL"} {
		b := account()
		b.wallets[1].Name = twin
		for _, args := range [][]string{{"wallet", "delete", "Till", "--yes"}, {"wallet", "rename", "Till", "Drawer"}, {"invoice", "--wallet", "till", "--amount", "100"}} {
			r := runWith(b, "", args...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, `2 wallets are called`) || !strings.Contains(r.stderr, tillID) || !strings.Contains(r.stderr, payoutsID) {
				t.Errorf("%q beside %q: exit %d: %s", args, twin, r.code, r.stderr)
			}
			if len(b.changes) > 0 || len(b.receives) > 0 {
				t.Errorf("%q beside %q: asked for %q %v", args, twin, b.changes, b.receives)
			}
		}
		if r := runWith(b, "", "wallet", "delete", tillID, "--yes"); r.code == ExitUsage && strings.Contains(r.stderr, "wallets are called") {
			t.Errorf("by id: %s", r.stderr)
		}
	}
	b := account()
	b.wallets = b.wallets[:1]
	if r := runWith(b, "", "wallet", "delete", "--yes"); r.code != ExitUsage || !strings.Contains(r.stderr, "even of the only wallet") || len(b.changes) > 0 {
		t.Errorf("the only wallet, unnamed: exit %d: %s %q", r.code, r.stderr, b.changes)
	}
}

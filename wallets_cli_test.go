package main

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/ui/cli"
)

// walletRoutes are the routes a wallet command changes something with.
var walletRoutes = []string{"wallets.create", "wallets.update", "wallets.delete", "policies.update", "credit.sandbox"}

// TestWalletCommandsThroughTheSimulator runs the wallet commands the way
// a person does, against the simulator: every value the rules refuse is
// refused with exit 2, naming the flag, and nothing is changed; then a
// wallet's whole life, each answer kept for scripts as a golden file.
func TestWalletCommandsThroughTheSimulator(t *testing.T) {
	w := newCLIWorld(t, sim.Config{})
	for _, tt := range []struct {
		name  string
		stdin string
		args  []string
		says  string
	}{
		{"name too short", "", []string{"wallet", "create", "--name", "ab"}, "--name: a wallet name needs at least 3 characters"},
		{"name taken in another case", "", []string{"wallet", "create", "--name", "PAYOUTS"}, `--name: another wallet is already called "Payouts"`},
		{"limit above the free credit", "", []string{"wallet", "create", "--name", "Float", "--limit", "2 btc"},
			"--limit: the line of credit has 90,000,000 sats free; give at most that"},
		{"metadata not a pair", "", []string{"wallet", "create", "--name", "Float", "--metadata", "team"},
			`--metadata: "team": write key=value, such as team=ops`},
		{"metadata key twice", "", []string{"wallet", "create", "--name", "Float", "--metadata", "a=1", "--metadata", "a=2"},
			`--metadata: "a" is given twice`},
		{"rename to a name taken", "", []string{"wallet", "rename", "Savings", "payouts"}, `--name: another wallet is already called "Payouts"`},
		{"rename too short", "", []string{"wallet", "rename", "Savings", "ab"}, "--name: a wallet name needs at least 3 characters"},
		{"delete with the name typed wrong", "savings\n", []string{"wallet", "delete", "Savings"},
			"the name typed does not match; wallet Savings was not deleted"},
		{"delete unattended without --yes", "", []string{"wallet", "delete", "Savings"}, "deleting a wallet needs --yes"},
		{"a processing fee that is not send/receive", "", []string{"wallet", "policies", "Savings", "--set", "processing_fee=50"},
			"--set processing_fee: write send/receive basis points, such as 50/25 (100 is 1 %)"},
		{"a negative maximum payment", "", []string{"wallet", "policies", "Savings", "--set", "max_payment_size_sats=-5"},
			`--set max_payment_size_sats: "-5" is not a whole number (or none)`},
		{"a line limit below what the wallets take", "", []string{"credit", "--set-limit", "1000"},
			"--set-limit: wallets already take 10,000,000 sats of this line; give at least that"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := w.run(tt.stdin, tt.args...)
			if r.code != cli.ExitUsage || !strings.Contains(r.stderr, tt.says) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", r.code, cli.ExitUsage, r.stderr, tt.says)
			}
			if tt.stdin == "" {
				j := w.run("", append(tt.args, "--json")...)
				if j.code != cli.ExitUsage || !strings.Contains(j.stdout, `"kind": "usage"`) || !strings.Contains(j.stdout, `"error"`) {
					t.Errorf("--json: exit %d, stdout %q", j.code, j.stdout)
				}
			}
			for _, route := range walletRoutes {
				if n := w.srv.Requests(route); n != 0 {
					t.Fatalf("%d %s requests reached the simulator", n, route)
				}
			}
		})
	}

	// A wallet's life, each answer as a script reads it.
	steps := []struct {
		name string
		args []string
		code int
	}{
		{"create", []string{"wallet", "create", "--name", "Float", "--limit", "250k", "--metadata", "team=ops", "--wait", "--json"}, cli.ExitOK},
		{"rename", []string{"wallet", "rename", "Float", "Drawer", "--json"}, cli.ExitOK},
		{"policies", []string{"wallet", "policies", "Drawer", "--set", "max_payment_size_sats=50000", "--set", "processing_fee=50/25",
			"--set", "ofac_compliant=true", "--json"}, cli.ExitOK},
		{"ledger", []string{"wallet", "ledger", "Coffee shop till", "--limit", "4", "--json"}, cli.ExitOK},
		{"credit", []string{"credit", "--json"}, cli.ExitOK},
		{"delete_refused", []string{"wallet", "delete", "Coffee shop till", "--yes", "--json"}, cli.ExitUsage},
	}
	for _, s := range steps {
		r := w.run("", s.args...)
		if r.code != s.code {
			t.Fatalf("%s: exit %d (want %d): %s %s", s.name, r.code, s.code, r.stdout, r.stderr)
		}
		t.Run(s.name, func(t *testing.T) { golden.RequireEqual(t, stable(r.stdout)) })
	}
	for route, want := range map[string]int{"wallets.create": 1, "wallets.update": 1, "policies.update": 1, "wallets.delete": 1, "credit.sandbox": 0} {
		if n := w.srv.Requests(route); n != want {
			t.Errorf("%s: %d requests, want %d", route, n, want)
		}
	}
	// The refusal is explained in plain words, not only by its code.
	r := w.run("", "wallet", "delete", "Coffee shop till", "--yes")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "deleting wallet Coffee shop till:") ||
		!strings.Contains(strings.ToLower(r.stderr), "empty") {
		t.Errorf("delete refused: exit %d, %q", r.code, r.stderr)
	}
	// The wallet made here can go: it holds nothing.
	if r := w.run("", "wallet", "delete", "Drawer", "--yes"); r.code != cli.ExitOK || !strings.Contains(r.stdout, "Deleted wallet Drawer.") {
		t.Errorf("delete: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
}

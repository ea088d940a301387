package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/cli"
)

// journalFiles are the send journal's files for this world's environment,
// with their contents: what a dry run must leave as it found them.
func journalFiles(t *testing.T, w *cliWorld) map[string]string {
	t.Helper()
	base, _ := journal.DefaultDir()
	dir := filepath.Join(base, w.env["VOLTAGE_ENVIRONMENT_ID"])
	entries, _ := os.ReadDir(dir)
	out := map[string]string{}
	for _, e := range entries {
		if e.Name() == ".lock" {
			continue
		}
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		out[e.Name()] = string(b)
	}
	return out
}

// TestCLIDryRunSendsNothing: pay -n through the simulator, with the
// journal the real pay uses, for an invoice, a refused invoice, a repeat
// and a Lightning Address: the simulator counts no new send, the journal
// is byte for byte as it was, and the plan is what pay then sends.
func TestCLIDryRunSendsNothing(t *testing.T) {
	w := newCLIWorld(t, sim.Config{NoHistory: true})
	inv, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(4200), Memo: "Beans, 1 kg"})
	plan := func(args ...string) (cliResult, map[string]any) {
		t.Helper()
		before, sends := journalFiles(t, w), w.srv.CountSends()
		r := w.run("", append([]string{"pay", "-n", "--wallet", "coffee", "--json"}, args...)...)
		if after := journalFiles(t, w); w.srv.CountSends() != sends || len(after) != len(before) {
			t.Fatalf("%v: the dry run sent %d, journal %d files → %d", args, w.srv.CountSends()-sends, len(before), len(after))
		} else {
			for name, text := range before {
				if after[name] != text {
					t.Fatalf("%v: the dry run changed %s", args, name)
				}
			}
		}
		var got map[string]any
		_ = json.Unmarshal([]byte(r.stdout), &got)
		return r, got
	}

	r, got := plan(inv)
	check, _ := got["check"].(map[string]any)
	if r.code != cli.ExitOK || got["dry_run"] != true || got["amount_msats"] != 4_200_000.0 || got["invoice"] != inv || check["state"] != "approved" {
		t.Fatalf("plan: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := w.run("", "pay", inv, "--wallet", "coffee", "--yes", "--json"); r.code != cli.ExitOK {
		t.Fatalf("the real pay after it: %d %s %s", r.code, r.stdout, r.stderr)
	}
	paid := ids.FindString(w.run("", "history", "--direction", "send", "--limit", "1", "--json").stdout)
	if r, got := plan(inv); r.code != cli.ExitOK || got["repeat_of"] != paid || !strings.Contains(r.stdout, "already sent as payment "+paid) {
		t.Errorf("a repeat: %d %s %s", r.code, r.stdout, r.stderr)
	}
	big, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(9_000_000)})
	if r, _ := plan(big); r.code != cli.ExitFailed || !strings.Contains(r.stdout, "policy check refused it") {
		t.Errorf("refused by Voltage's policy check: %d %s %s", r.code, r.stdout, r.stderr)
	}
	addr := w.srv.LightningAddresses()["Savings"]
	if r, got := plan("--amount", "2100", addr); r.code != cli.ExitOK || got["pay_to"] != addr || got["invoice"] == nil {
		t.Errorf("a Lightning Address: %d %s %s", r.code, r.stdout, r.stderr)
	}
}

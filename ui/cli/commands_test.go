package cli

import (
	"strings"
	"testing"

	"github.com/voltdash/voltdash/model"
)

// TestCommandLines: what each command line answers, and with which exit
// code, against an account in memory. Bad input is refused before
// anything is sent.
func TestCommandLines(t *testing.T) {
	inv := signetInvoice(t, model.Sats(1000), "x")
	for _, tt := range []struct {
		args   []string
		code   int
		stdout string // contained in what is printed
		stderr string // contained in what is said
	}{
		{[]string{"frobnicate"}, ExitUsage, "", `unknown command "frobnicate"`},
		{[]string{"wallets", "--bogus"}, ExitUsage, "", "Run 'voltdash wallets --help'"},
		{[]string{"history", "--limit", "0"}, ExitUsage, "", "--limit 0: give a number from 1 up"},
		{[]string{"history", "--status", "weird"}, ExitUsage, "", "use completed, failed"},
		{[]string{"pay", "--timeout", "-1s", inv}, ExitUsage, "", "--timeout -1s: give a duration that is not negative"},
		{[]string{"pay", "--wallet", "Till", "--yes", "lnbc1garbage"}, ExitUsage, "", "invoice is damaged or incomplete"},
		{[]string{"pay", "--wallet", "Till", "--yes", inv, "extra"}, ExitUsage, "", "give one invoice"},
		{[]string{"invoice", "--wallet", "Till", "--amount", "abc"}, ExitUsage, "", `--amount: not a number: "abc"`},
		{[]string{"invoice", "--wallet", "Nope", "--amount", "100"}, ExitUsage, "", `no single wallet matches "Nope" (wallets: Till, Payouts)`},
		{[]string{"status"}, ExitUsage, "", "give the id of one payment"},
		{[]string{"status", "nope"}, ExitUsage, "", "give the id of one payment"},
		{[]string{"help", "version"}, ExitOK, "Usage: voltdash version", ""},
		{[]string{"wallet", "--help"}, ExitOK, "Examples:\n  voltdash wallet create --name Float", ""},
		{[]string{"help", "webhooks"}, ExitOK, "voltdash webhooks create --url https://", ""},
		{[]string{"help", "listen"}, ExitOK, "voltdash listen --secret-file hook.secret", ""},
		{[]string{"help", "sim"}, 98, "", ""}, // the simulator's own help
		{[]string{"--profile", "x", "sim"}, ExitUsage, "", "sim takes only its own flags"},
		{[]string{"--json", "version"}, ExitOK, `"version": "test"`, ""},
		{[]string{"version", "extra"}, ExitUsage, "", "version takes no arguments"},
		{[]string{"--json", "--help", "wallets"}, ExitOK, "Usage: voltdash wallets", ""},
		{[]string{"history", "--help"}, ExitOK, "Flags that go together:\n  --csv, --ndjson and --json: one of them, not two", ""},
		{[]string{"help", "pay"}, ExitOK, "Flags that go together:\n  --amount with an invoice without an amount, an address", ""},
		{[]string{"help", "invoice"}, ExitOK, "  --wait with --timeout", ""},
		{[]string{"--help"}, ExitOK, "\nMoney:\n  invoice     Create an invoice", ""},
		{[]string{"help"}, ExitOK, "\nSetup:\n  config", ""},
		{[]string{"wallets"}, ExitOK, "Till          Mutinynet     50,000", ""},
		{[]string{"wallets", "--json"}, ExitOK, `"name": "Till"`, ""},
		{[]string{"history", "--wallet", "Till", "--csv"}, ExitOK, "id,created_at,wallet_id,direction", ""},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			b := &fakeBackend{wallets: wallets("Till", "Payouts")}
			r := runWith(b, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			if len(b.sent) > 0 && tt.code != ExitOK {
				t.Errorf("refused, yet %d sends went out", len(b.sent))
			}
		})
	}
}

// TestHelpGroupsEveryCommandOnce: voltdash --help lists each command once,
// under its purpose.
func TestHelpGroupsEveryCommandOnce(t *testing.T) {
	out := runWith(account(), "", "--help").stdout
	for _, name := range append(subcommands(), "(none)") {
		if n := strings.Count(out, "\n  "+name+" "); n != 1 {
			t.Errorf("%s listed %d times:\n%s", name, n, out)
		}
	}
}

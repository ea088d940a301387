package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/voltdash/voltdash/model"
)

// TestAnAddressNeedsAnAmount: Voltage takes any-amount requests only for
// invoices, so invoice --kind onchain without --amount is refused at the
// flag and nothing is asked of Voltage.
func TestAnAddressNeedsAnAmount(t *testing.T) {
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	r := runWith(b, "", "invoice", "--wallet", "Till", "--kind", "onchain")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "--amount is required with --kind onchain") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
}

// TestAUSDWalletIsShownInDollarsAndNotCounted: a wallet holding usd shows
// its balance in dollars, is left out of the sats totals, and in JSON
// names its currency instead of claiming zero msats.
func TestAUSDWalletIsShownInDollarsAndNotCounted(t *testing.T) {
	ws := wallets("Till", "Dollars")
	ws[1].Balances = []model.Balance{{Currency: model.USD, Available: model.SignedAmount{Amount: 123456, Currency: model.USD},
		Total: model.SignedAmount{Amount: 123456, Currency: model.USD}}}
	b := &fakeBackend{wallets: ws}
	r := runWith(b, "", "wallets")
	lines := strings.Split(r.stdout, "\n")
	if r.code != ExitOK || !strings.Contains(lines[2], "$1,234.56") || !strings.Contains(lines[3], "50,000") {
		t.Errorf("exit %d:\n%s", r.code, r.stdout)
	}
	var out []map[string]any
	r = runWith(b, "", "wallets", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out[1]["currency"] != "usd" ||
		out[1]["available"].(map[string]any)["amount"] != 123456.0 || out[1]["available_msats"] != 0.0 {
		t.Errorf("%v %s", err, r.stdout)
	}
}

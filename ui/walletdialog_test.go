package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// managingBackend records every change asked of it, and answers as a
// test decides.
type managingBackend struct {
	quietBackend
	asked    []string
	refuse   error // the answer to the next change, if set
	reads    int   // reads of a new wallet before it is active
	policies model.WalletPolicies
	updates  []model.PolicyUpdate
}

func (b *managingBackend) answer(what string) error {
	b.asked = append(b.asked, what)
	err := b.refuse
	b.refuse = nil
	return err
}
func (b *managingBackend) CreateWallet(_ context.Context, req model.NewWalletRequest) error {
	return b.answer("create " + req.Name + " " + req.Limit.String())
}
func (b *managingBackend) UpdateWallet(_ context.Context, id string, req model.UpdateWalletRequest) error {
	return b.answer("rename " + id + " " + req.Name)
}
func (b *managingBackend) DeleteWallet(_ context.Context, id string) error {
	return b.answer("delete " + id)
}
func (b *managingBackend) WalletPolicies(context.Context, string) (model.WalletPolicies, error) {
	return b.policies, nil
}
func (b *managingBackend) UpdateWalletPolicies(_ context.Context, id string, u model.PolicyUpdate) error {
	b.updates = append(b.updates, u)
	return b.answer("policies " + id)
}
func (b *managingBackend) GetWallet(_ context.Context, id string) (model.Wallet, error) {
	if b.reads--; b.reads >= 0 {
		return model.Wallet{}, failure{port.Failure{Sentence: "wallet not found", NotFound: true}}
	}
	return model.Wallet{ID: id, Name: "Float", Active: true}, nil
}

func managing(t *testing.T) (*App, *managingBackend) {
	b := &managingBackend{}
	a := appWith(t, b)
	press(a, walletsLoaded(t))
	return a, b
}

// typeInto replaces the focused field's text.
func typeInto(a *App, text string) {
	f := ws(a).dialog.form
	fl := f.fields[f.focus]
	fl.input.SetValue("")
	press(a, keyPress(text))
}

// TestTheNewWalletFormRefusesAtTheField: each bad value is refused where
// it was typed, and nothing is asked of Voltage.
func TestTheNewWalletFormRefusesAtTheField(t *testing.T) {
	for _, tt := range []struct {
		name, limit, meta string
		field, want       string
	}{
		{"ab", "", "", "name", "at least 3 characters"},
		{"payouts", "", "", "name", `another wallet is already called "Payouts"`},
		{"Float", "94,900,001", "", "limit", "94,900,000 sats free"},
		{"Float", "plenty", "", "limit", "plenty"},
		{"Float", "", "team", "metadata", "write key=value"},
		{"Float", "", "a=1, a=2", "metadata", "given twice"},
	} {
		a, b := managing(t)
		press(a, keyPress("n"))
		d := ws(a).dialog
		d.byWire["name"].input.SetValue(tt.name)
		d.byWire["limit"].input.SetValue(tt.limit)
		d.byWire["metadata"].input.SetValue(tt.meta)
		press(a, keyPress("enter"))
		if got := d.byWire[tt.field].err; !strings.Contains(got, tt.want) {
			t.Errorf("%+v: %s reads %q", tt, tt.field, got)
		}
		if d.form.fields[d.form.focus] != d.byWire[tt.field] {
			t.Errorf("%+v: the cursor is not at the field in error", tt)
		}
		if len(b.asked) > 0 || !strings.Contains(a.View(), "✗ ") {
			t.Errorf("%+v: asked %q; view:\n%s", tt, b.asked, a.View())
		}
	}
}

// TestANewWalletIsFollowedUntilItIsActive: the form goes, the wallet shows
// as being created, is read on the clock until Voltage has made it, then
// the wallets are read again.
func TestANewWalletIsFollowedUntilItIsActive(t *testing.T) {
	a, b := managing(t)
	b.reads = 2
	press(a, keyPress("n"))
	typeInto(a, "Float")
	press(a, keyPress("down"), keyPress("down"))
	typeInto(a, "250k")
	press(a, keyPress("down"))
	typeInto(a, "team=ops")
	press(a, keyPress("enter"))
	if len(b.asked) != 1 || b.asked[0] != "create Float 250,000 sats" || ws(a).dialog != nil {
		t.Fatalf("asked %q, dialog %v", b.asked, ws(a).dialog)
	}
	if !strings.Contains(a.View(), "creating wallet Float…") {
		t.Fatalf("no sign of the wallet being made:\n%s", a.View())
	}
	for i := 1; i <= 3 && len(ws(a).creating) > 0; i++ {
		press(a, tickMsg(a.s.now.Add(creationEvery)))
	}
	if len(ws(a).creating) != 0 || !strings.Contains(a.View(), "Wallet Float is ready.") {
		t.Errorf("still creating %d; view:\n%s", len(ws(a).creating), a.View())
	}
}

// TestDeletingAWalletTakesItsNameAndExplainsARefusal.
func TestDeletingAWalletTakesItsNameAndExplainsARefusal(t *testing.T) {
	a, b := managing(t)
	press(a, keyPress("D"), keyPress("coffee shop till"), keyPress("enter"))
	if d := ws(a).dialog; d == nil || !strings.Contains(d.byWire["name"].err, "type Coffee shop till exactly") || len(b.asked) > 0 {
		t.Fatalf("a name typed wrong: dialog %+v, asked %q", d, b.asked)
	}
	why := "The wallet still holds money or has payments in flight, and Voltage deletes only empty wallets: send its balance to another wallet, wait for its payments to finish, then delete it."
	b.refuse = failure{port.Failure{Sentence: why, Type: "wallet_not_empty"}}
	typeInto(a, "Coffee shop till")
	press(a, keyPress("enter"))
	if len(b.asked) != 1 || ws(a).dialog == nil || ws(a).dialog.problem != why {
		t.Fatalf("refused: asked %q, dialog %+v", b.asked, ws(a).dialog)
	}
	if v := a.View(); !strings.Contains(v, "deletes only empty wallets: send its balance to") {
		t.Errorf("the refusal is not explained:\n%s", v)
	}
	press(a, keyPress("esc"))
	if ws(a).dialog != nil {
		t.Error("esc leaves the dialog open")
	}
}

// TestPoliciesAreShownAndOnlyChangesAreSent: the form starts from the
// policies as they are; a field emptied removes its policy; Voltage's
// refusal lands at the field it names.
func TestPoliciesAreShownAndOnlyChangesAreSent(t *testing.T) {
	a, b := managing(t)
	most, tpm := uint64(50_000), uint64(3)
	b.policies = model.WalletPolicies{Policies: []model.Policy{
		{Type: model.PolicyMaxPaymentSize, Data: model.PolicyData{MaxSizeSats: &most}},
		{Type: model.PolicyTransactionVelocity, Data: model.PolicyData{TransactionsPerMinute: &tpm}}}}
	press(a, keyPress("p"))
	d := ws(a).dialog
	if d == nil || d.byWire["max_payment_size_sats"].value() != "50000" || d.byWire["transactions_per_minute"].value() != "3" {
		t.Fatalf("the form does not show the policies: %+v", d)
	}
	press(a, keyPress("enter"))
	if d.problem != "nothing changed" || len(b.asked) > 0 {
		t.Errorf("an unchanged form: problem %q, asked %q", d.problem, b.asked)
	}
	d.byWire["max_payment_size_sats"].input.SetValue("20,000")
	d.byWire["transactions_per_minute"].input.SetValue("")
	d.byWire["processing_fee"].input.SetValue("50")
	press(a, keyPress("enter"))
	if !strings.Contains(d.byWire["processing_fee"].err, "basis points") || len(b.asked) > 0 {
		t.Fatalf("a bad fee: %q, asked %q", d.byWire["processing_fee"].err, b.asked)
	}
	d.byWire["processing_fee"].input.SetValue("20000/0")
	b.refuse = failure{port.Failure{Sentence: "Voltage refused the processing fee rates.", Field: "processing_fee"}}
	d.byWire["processing_fee"].input.SetValue("50/25")
	press(a, keyPress("enter"))
	if d.byWire["processing_fee"].err != "Voltage refused the processing fee rates." {
		t.Fatalf("Voltage's refusal is not at its field: %+v", d.byWire["processing_fee"])
	}
	press(a, keyPress("enter"))
	u := b.updates[len(b.updates)-1]
	if u.MaxPaymentSizeSats == nil || *u.MaxPaymentSizeSats != 20_000 || len(u.Clear) != 1 || u.Clear[0] != "transactions_per_minute" ||
		u.ProcessingFee == nil || u.SendVolumeLimitSats != nil || u.OFACCompliant != nil {
		t.Errorf("sent %+v", u)
	}
	if ws(a).dialog != nil || !strings.Contains(a.View(), "Saved the policies.") {
		t.Errorf("after saving:\n%s", a.View())
	}
}

func TestWalletDialogViews(t *testing.T) {
	t.Run("new", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) { send(a, walletsLoaded(t), keyPress("n")) })
	})
	t.Run("new_refused", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t), keyPress("n"), keyPress("ab"), keyPress("enter"))
		})
	})
	t.Run("creating", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			req := model.NewWalletRequest{ID: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", Name: "Float"}
			send(a, walletsLoaded(t), walletChangedMsg{kind: dialogNew, created: &req})
		})
	})
}

// ws is the Wallets screen.
func ws(a *App) *walletsScreen { return a.screens[0].(*walletsScreen) }

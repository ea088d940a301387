package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/voltdash/voltdash/model"
)

// runWallet manages wallets: create, rename, delete, policies, ledger.
// The wallet acted on is named by --wallet or by the argument after the
// action.
func runWallet(r *runner) int {
	if len(r.args) == 0 {
		return r.fail(ExitUsage, "wallet takes one of create, rename, delete, policies or ledger (see voltdash wallet --help)")
	}
	action := r.args[0]
	if len(r.args) > 1 && r.o.wallet == "" {
		r.o.wallet = r.args[1]
	}
	want := map[string]int{"create": 1, "rename": 3, "delete": 2, "policies": 2, "ledger": 2}
	most, ok := want[action]
	switch {
	case !ok:
		return r.fail(ExitUsage, "wallet %q: use create, rename, delete, policies or ledger", action)
	case len(r.args) > most:
		return r.fail(ExitUsage, "wallet %s: unexpected argument %q", action, r.args[most])
	}
	if action == "rename" && len(r.args) == 3 {
		r.o.name = r.args[2]
	}
	if code, ok := r.connect(); !ok {
		return code
	}
	switch action {
	case "create":
		return r.createWallet()
	case "rename":
		return r.renameWallet()
	case "delete":
		return r.deleteWallet()
	case "policies":
		return r.walletPolicies()
	}
	return r.walletLedger()
}

// createWallet checks the new wallet as the dashboard's form does, asks
// for it, and with --wait follows it until Voltage has made it.
func (r *runner) createWallet() int {
	lines, err := call(r, r.b.LinesOfCredit)
	if err != nil {
		return r.failErr("reading the lines of credit", err)
	}
	ws, err := call(r, r.b.ListWallets)
	if err != nil {
		return r.failErr("listing wallets", err)
	}
	req, bad := model.PlanWallet(model.WalletDraft{Name: r.o.name, Line: r.o.line, Limit: r.o.creditLimit, Metadata: r.o.metadata},
		r.set.Environment, lines, ws)
	for _, p := range []struct{ flag, problem string }{{"--name", bad.Name}, {"--line", bad.Line}, {"--limit", bad.Limit}, {"--metadata", bad.Metadata}} {
		if p.problem != "" {
			return r.fail(ExitUsage, "%s: %s", p.flag, p.problem)
		}
	}
	if _, err := call(r, func(ctx context.Context) (struct{}, error) { return struct{}{}, r.b.CreateWallet(ctx, req) }); err != nil {
		return r.failErr("creating the wallet", err)
	}
	if !r.o.wait {
		if r.o.json {
			r.printJSON(map[string]any{"id": req.ID, "name": req.Name, "line_of_credit_id": req.LineOfCreditID,
				"limit_msats": req.Limit, "metadata": req.Metadata, "state": "creating"})
		} else {
			say(r.d.Stdout, "Asked Voltage for wallet %s (%s); it is being created. voltdash wallets shows it once it is.\n", req.Name, req.ID)
		}
		return ExitOK
	}
	w, err := r.awaitWallet(req.ID)
	if errors.Is(err, errNotMadeYet) {
		return r.fail(ExitPending, "wallet %s (%s) was asked for, and is not active after %s; voltdash wallets shows it once it is", req.Name, req.ID, model.ShortDuration(walletWait))
	}
	if err != nil {
		return r.failErr("waiting for wallet "+req.Name, err)
	}
	if r.o.json {
		r.printJSON(toWalletJSON(w))
	} else {
		say(r.d.Stdout, "Created wallet %s (%s) with a credit limit of %s.\n", w.Name, w.ID, amountText(w.CreditLimit(), r.set.Unit))
	}
	return ExitOK
}

// walletWait bounds --wait for a new wallet.
const walletWait = 2 * time.Minute

// awaitWallet reads a new wallet until it is active. Until Voltage has
// made it, reading it may answer not found.
func (r *runner) awaitWallet(id string) (model.Wallet, error) {
	deadline := r.d.Clock.Now().Add(walletWait)
	for {
		w, err := call(r, func(ctx context.Context) (model.Wallet, error) { return r.b.GetWallet(ctx, id) })
		switch {
		case err == nil && w.Active:
			return w, nil
		case err == nil && w.Error != nil:
			return w, fmt.Errorf("creation failed: %s", w.Error.Type)
		case err != nil:
			if f := r.b.Classify(err); !f.NotFound && !f.Transient {
				return w, err
			}
		}
		if !r.d.Clock.Now().Before(deadline) {
			return w, errNotMadeYet
		}
		<-r.d.Clock.After(time.Second)
	}
}

func (r *runner) renameWallet() int {
	w, code, ok := r.wallet()
	if !ok {
		return code
	}
	ws, err := call(r, r.b.ListWallets)
	if err != nil {
		return r.failErr("listing wallets", err)
	}
	name := strings.TrimSpace(r.o.name)
	if problem := model.NameProblem(name, w.ID, ws); problem != "" {
		return r.fail(ExitUsage, "--name: %s", problem)
	}
	req := model.UpdateWalletRequest{Name: name}
	if _, err := call(r, func(ctx context.Context) (struct{}, error) { return struct{}{}, r.b.UpdateWallet(ctx, w.ID, req) }); err != nil {
		return r.failErr("renaming the wallet", err)
	}
	if r.o.json {
		r.printJSON(map[string]any{"id": w.ID, "name": name, "renamed": true})
	} else {
		say(r.d.Stdout, "Renamed wallet %s to %s.\n", w.Name, name)
	}
	return ExitOK
}

// deleteWallet asks for the wallet's name to be typed back, unless --yes.
func (r *runner) deleteWallet() int {
	w, code, ok := r.wallet()
	if !ok {
		return code
	}
	switch want := strings.TrimSpace(r.o.wallet); {
	case r.o.yes && want == "":
		return r.fail(ExitUsage, "wallet delete --yes needs the wallet's whole name or id, even of the only wallet; nothing was deleted")
	case r.o.yes && !namedExactly(w, want):
		return r.fail(ExitUsage, "wallet delete --yes needs the wallet's whole name or id: %q only begins %q; nothing was deleted", want, w.Name)
	}
	if !r.o.yes {
		if !r.d.Interactive {
			return r.fail(ExitUsage, "deleting a wallet needs --yes when no one is at the terminal to confirm")
		}
		if typed := r.line(fmt.Sprintf("Delete wallet %s? Type its name to confirm:", w.Name)); typed != w.Name && typed != display(w.Name) {
			return r.fail(ExitUsage, "the name typed does not match; wallet %s was not deleted", w.Name)
		}
	}
	if _, err := call(r, func(ctx context.Context) (struct{}, error) { return struct{}{}, r.b.DeleteWallet(ctx, w.ID) }); err != nil {
		return r.failErr("deleting wallet "+w.Name, err)
	}
	if r.o.json {
		r.printJSON(map[string]any{"id": w.ID, "name": w.Name, "deleted": true})
	} else {
		say(r.d.Stdout, "Deleted wallet %s.\n", w.Name)
	}
	return ExitOK
}

// walletPolicies shows the wallet's policies, after changing them with
// --set name=value.
func (r *runner) walletPolicies() int {
	w, code, ok := r.wallet()
	if !ok {
		return code
	}
	var u model.PolicyUpdate
	for _, s := range r.o.sets {
		if err := model.ParsePolicySetting(&u, s); err != nil {
			return r.fail(ExitUsage, "--set %v", err)
		}
	}
	if !u.Empty() {
		if _, err := call(r, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, r.b.UpdateWalletPolicies(ctx, w.ID, u)
		}); err != nil {
			return r.failErr("changing the policies of "+w.Name, err)
		}
		r.info("Changed the policies of %s.", w.Name) // said now: reading them back may fail
	}
	p, err := call(r, func(ctx context.Context) (model.WalletPolicies, error) { return r.b.WalletPolicies(ctx, w.ID) })
	if err != nil {
		return r.failErr("reading the policies of "+w.Name, err)
	}
	if r.o.json {
		r.printJSON(map[string]any{"wallet_id": w.ID, "changed": !u.Empty(), "policies": policyRows(p, r.set.Unit)})
		return ExitOK
	}
	t := table{head: []string{"POLICY", "VALUE"}, right: []bool{false, false}}
	for _, row := range policyRows(p, r.set.Unit) {
		t.add(row.Name, row.Value)
	}
	if len(t.rows) == 0 {
		say(r.d.Stdout, "Wallet %s has no policies: any send its balance and credit cover is allowed.\n", w.Name)
	} else {
		t.print(r.d.Stdout)
	}
	if p.Error != nil {
		r.info("voltdash: Voltage reports a problem with these policies: %s (%s)", p.Error.Detail, p.Error.Type)
	}
	return ExitOK
}

// policyRow is one policy in words, and for scripts by its wire name.
type policyRow struct {
	Type  string `json:"type"`
	Name  string `json:"name"`
	Value string `json:"value"`
	// The value for scripts, in the field its kind needs.
	AmountMsats *model.MilliSats          `json:"amount_msats,omitempty"`
	Count       *uint64                   `json:"count,omitempty"`
	Rates       *model.ProcessingFeeRates `json:"rates,omitempty"`
}

// policyRows are the wallet's policies, in the order of model.Policy* and
// then any this version does not know, by their type.
func policyRows(p model.WalletPolicies, u model.Unit) []policyRow {
	var rows []policyRow
	add := func(kind, name, value string) *policyRow {
		rows = append(rows, policyRow{Type: kind, Name: name, Value: value})
		return &rows[len(rows)-1]
	}
	if v, ok := p.MaxPaymentSize(); ok {
		add(model.PolicyMaxPaymentSize, "Maximum payment size", amountText(v, u)).AmountMsats = &v
	}
	if v, ok := p.TransactionsPerMinute(); ok {
		add(model.PolicyTransactionVelocity, "Sends per minute", fmt.Sprint(v)).Count = &v
	}
	if v, ok := p.SendVolumeLimit(); ok {
		add(model.PolicySendVolumeLimit, "Send volume limit", amountText(v, u)).AmountMsats = &v
	}
	if r, ok := p.ProcessingFee(); ok {
		add(model.PolicyProcessingFee, "Processing fee", fmt.Sprintf("%s on sends, %s on receives", basisPoints(r.SendBasisPoints), basisPoints(r.ReceiveBasisPoints))).Rates = &r
	}
	if template, threshold, ok := p.ReflexApproval(); ok {
		from := "every send"
		if threshold != nil && threshold.IsBTC() {
			from = "sends from " + amountText(threshold.MilliSats(), u)
		}
		add(model.PolicyReflexApproval, "Approval required", from+" (template "+template+")")
	}
	if p.OFAC() {
		add(model.PolicyOFAC, "OFAC screening", "on")
	}
	known := map[string]bool{model.PolicyMaxPaymentSize: true, model.PolicyTransactionVelocity: true, model.PolicySendVolumeLimit: true,
		model.PolicyProcessingFee: true, model.PolicyReflexApproval: true, model.PolicyOFAC: true}
	for _, x := range p.Policies {
		if !known[x.Type] {
			add(x.Type, x.Type, "(not known to this version of voltdash)")
		}
	}
	return rows
}

// basisPoints reads 150 as "1.50 %".
func basisPoints(bp uint16) string { return fmt.Sprintf("%d.%02d %%", bp/100, bp%100) }

// amountText is an amount with its unit's name.
func amountText(m model.MilliSats, u model.Unit) string { return m.Format(u) }

// ledgerPage is how many entries a ledger request asks for.
const ledgerPage = 100

// walletLedger prints the wallet's ledger, newest first, up to --limit
// entries, paging as it goes.
func (r *runner) walletLedger() int {
	w, code, ok := r.wallet()
	if !ok {
		return code
	}
	most := 50
	if text := strings.TrimSpace(r.o.creditLimit); text != "" {
		n, err := strconv.Atoi(text)
		if err != nil || n < 1 {
			return r.fail(ExitUsage, "--limit %s: give how many entries, a number from 1 up", text)
		}
		most = n
	}
	var events []model.LedgerEvent
	for len(events) < most {
		f := model.LedgerFilter{Offset: len(events), Limit: min(ledgerPage, most-len(events)), SortOrder: model.Descending}
		page, err := call(r, func(ctx context.Context) (model.Page[model.LedgerEvent], error) {
			return r.b.WalletLedger(ctx, w.ID, f)
		})
		if err != nil {
			return r.failErr("reading the ledger of "+w.Name, err)
		}
		events = append(events, page.Items...)
		if len(page.Items) == 0 || !page.More() {
			break
		}
	}
	u := r.set.Unit
	switch {
	case r.o.json:
		type entry struct {
			Type          model.LedgerEventType `json:"type"`
			PaymentID     string                `json:"payment_id,omitempty"`
			AmountMsats   model.MilliSats       `json:"amount_msats"`
			EffectiveTime time.Time             `json:"effective_time"`
		}
		out := make([]entry, len(events))
		for i, e := range events {
			out[i] = entry{e.Type, e.PaymentID, e.Msats(), e.EffectiveTime}
		}
		r.printJSON(map[string]any{"wallet_id": w.ID, "entries": out})
	case r.o.csv:
		cw := csv.NewWriter(r.d.Stdout)
		cw.Write([]string{"effective_time", "type", "payment_id", "amount_msats"})
		for _, e := range events {
			cw.Write(csvRow(e.EffectiveTime.UTC().Format(time.RFC3339Nano), string(e.Type), e.PaymentID, fmt.Sprint(int64(e.Msats()))))
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return r.fail(ExitLocal, "writing CSV: %v", err)
		}
	default:
		t := table{head: []string{"TIME", "ENTRY", "AMOUNT (" + u.String() + ")", "PAYMENT"}, right: []bool{false, false, true, false}}
		col := model.NewColumn(u.Lens())
		for _, e := range events {
			col, _ = col.Fit(e.Msats())
		}
		for _, e := range events {
			t.add(e.EffectiveTime.Local().Format("2006-01-02 15:04:05"), string(e.Type), col.Figure(e.Msats()), e.PaymentID)
		}
		if len(t.rows) == 0 {
			say(r.d.Stdout, "Wallet %s has no ledger entries yet.\n", w.Name)
			return ExitOK
		}
		t.print(r.d.Stdout)
	}
	return ExitOK
}

// toWalletJSON is a wallet as the commands print it.
func toWalletJSON(w model.Wallet) walletJSON {
	out := walletJSON{ID: w.ID, Name: w.Name, Network: w.Network, Available: w.Available(), Total: w.Total(),
		Held: w.Held(), Limit: w.CreditLimit(), State: w.State()}
	if !w.HoldsBitcoin() {
		a, t := w.OwnBalance()
		out = walletJSON{ID: w.ID, Name: w.Name, Network: w.Network, State: w.State(), Currency: a.Currency,
			OwnAvailable: &a, OwnTotal: &t}
	}
	return out
}

// errNotMadeYet: --wait ran out before Voltage had made the wallet.
var errNotMadeYet = errors.New("not active yet")

// errNoSandbox refuses changing a line that is not a staging one.
var errNoSandbox = errors.New("only a staging line of credit (on Mutinynet) can be changed here; production credit is arranged with Voltage")

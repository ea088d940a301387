package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
)

func (w *walletsScreen) newDialog(kind dialogKind, title string, fields map[string]*field, order ...string) *dialog {
	verb := map[dialogKind]string{dialogNew: "create", dialogRename: "rename", dialogDelete: "delete",
		dialogPolicies: "save", dialogCredit: "save"}[kind]
	return newDialog(w.s, w.width, kind, title, verb, fields, order...)
}

// openNew asks for a new wallet: name, line of credit (with its free
// credit), credit limit and metadata.
func (w *walletsScreen) openNew() {
	name := newTextField(w.s.st, "Name", "3 to 256 characters", model.MaxWalletName)
	line := newChoiceField("Line of credit", []string{"(no line of credit)"})
	var labels, ids []string
	for _, l := range w.s.lines {
		if l.DisabledAt == nil {
			labels = append(labels, short(l.ID)+" · "+l.Network.Label()+" · "+money(max(l.Unallocated(), 0), w.s.lens())+" free")
			ids = append(ids, l.ID)
		}
	}
	if len(ids) > 0 {
		line.setChoices(labels, ids, ids[0])
	}
	limit := newTextField(w.s.st, "Credit limit", "all of the line's free credit", 40)
	meta := newTextField(w.s.st, "Metadata", "key=value, key=value", 600)
	meta.hint = "optional: labels kept with the wallet, such as team=ops, till=2"
	w.dialog = w.newDialog(dialogNew, "New wallet", map[string]*field{"name": name, "line_of_credit_id": line, "limit": limit, "metadata": meta},
		"name", "line_of_credit_id", "limit", "metadata")
	w.dialog.note = "Voltage creates it in the background; it shows here as creating until it is active."
	w.limitHint()
}

// limitHint bounds the credit limit by the chosen line's free credit.
func (w *walletsScreen) limitHint() {
	d := w.dialog
	for _, l := range w.s.lines {
		if l.ID == d.byWire["line_of_credit_id"].selected() {
			d.byWire["limit"].hint = "at most " + money(max(l.Unallocated(), 0), w.s.lens()) +
				", the line's free credit; sats, 500k or 0.005 btc"
		}
	}
}

func (w *walletsScreen) openRename(wl model.Wallet) {
	name := newTextField(w.s.st, "New name", "3 to 256 characters", model.MaxWalletName)
	name.input.SetValue(wl.Name)
	name.input.CursorEnd()
	w.dialog = w.newDialog(dialogRename, "Rename "+wl.Name, map[string]*field{"name": name}, "name")
	w.dialog.target = wl.ID
}

func (w *walletsScreen) openDelete(wl model.Wallet) {
	typed := newTextField(w.s.st, "Wallet's name", wl.Name, model.MaxWalletName)
	w.dialog = w.newDialog(dialogDelete, "Delete "+wl.Name, map[string]*field{"name": typed}, "name")
	w.dialog.target = wl.ID
	w.dialog.note = "Type the wallet's name to delete it. Voltage deletes only a wallet that holds no money."
}

// policyFields are the editable policies, by their UpdateWalletPolicyRequest
// property, with how each is typed.
var policyFields = []struct{ wire, label, placeholder, hint string }{
	{"max_payment_size_sats", "Max payment", "no limit", "the largest single send, in sats"},
	{"transactions_per_minute", "Sends a minute", "no limit", "how many sends a minute the wallet may make"},
	{"send_volume_limit_sats", "Send volume", "no limit", "the most the wallet may send, in sats"},
	{"processing_fee", "Processing fee", "none", "send/receive in basis points, such as 50/25 (100 is 1 %)"},
}

// openPolicies shows the wallet's policies as a form once they are read;
// an empty field is no such policy.
func (w *walletsScreen) openPolicies(wl model.Wallet) tea.Cmd {
	fields := map[string]*field{}
	order := make([]string, 0, len(policyFields)+1)
	for _, p := range policyFields {
		f := newTextField(w.s.st, p.label, p.placeholder, 40)
		f.hint = p.hint
		fields[p.wire], order = f, append(order, p.wire)
	}
	fields["ofac_compliant"] = newChoiceField("OFAC screening", []string{"off", "on"})
	fields["ofac_compliant"].values = []string{"false", "true"}
	order = append(order, "ofac_compliant")
	w.dialog = w.newDialog(dialogPolicies, "Policies of "+wl.Name, fields, order...)
	w.dialog.target, w.dialog.busy = wl.ID, true
	return fetchPolicies(w.s.cfg.Backend, wl.ID)
}

// policiesRead fills the form with the policies as they are.
func (d *dialog) policiesRead(p model.WalletPolicies) {
	d.policies, d.busy = &p, false
	for wire, v := range policyValues(p) {
		if f := d.byWire[wire]; f != nil && len(f.choices) == 0 {
			f.input.SetValue(v)
		}
	}
	d.byWire["ofac_compliant"].choose(strconv.FormatBool(p.OFAC()))
	if p.Error != nil {
		d.note = "Voltage reports a problem with these policies: " + p.Error.Detail
	}
	if _, _, reflex := p.ReflexApproval(); reflex {
		d.note = strings.TrimSpace(d.note + " An approval template applies too; change it in Voltage's dashboard.")
	}
}

// policyValues are the policies as the form types them.
func policyValues(p model.WalletPolicies) map[string]string {
	out := map[string]string{}
	if m, ok := p.MaxPaymentSize(); ok {
		out["max_payment_size_sats"] = strconv.FormatInt(m.WholeSats(), 10)
	}
	if n, ok := p.TransactionsPerMinute(); ok {
		out["transactions_per_minute"] = strconv.FormatUint(n, 10)
	}
	if m, ok := p.SendVolumeLimit(); ok {
		out["send_volume_limit_sats"] = strconv.FormatInt(m.WholeSats(), 10)
	}
	if r, ok := p.ProcessingFee(); ok {
		out["processing_fee"] = strconv.Itoa(int(r.SendBasisPoints)) + "/" + strconv.Itoa(int(r.ReceiveBasisPoints))
	}
	return out
}

// openCredit changes the staging line's limit.
func (w *walletsScreen) openCredit() bool {
	if len(w.s.lines) == 0 || w.s.lines[0].Network.IsReal() {
		return false
	}
	l := w.s.lines[0]
	limit := newTextField(w.s.st, "Line limit", "", 40)
	limit.input.SetValue(strconv.FormatInt(l.Limit.WholeSats(), 10))
	limit.input.CursorEnd()
	limit.hint = "at least " + money(l.AllocatedLimit, w.s.lens()) + ", what the wallets' limits take"
	w.dialog = w.newDialog(dialogCredit, "Staging line of credit "+short(l.ID), map[string]*field{"limit": limit}, "limit")
	w.dialog.target = l.ID
	return true
}

// dialogKey handles a key while a dialog is open.
func (w *walletsScreen) dialogKey(msg tea.KeyMsg) tea.Cmd {
	d, k := w.dialog, w.s.keys
	switch {
	case key.Matches(msg, k.Cancel):
		w.dialog = nil
		if d.close() {
			return func() tea.Msg { return toastMsg{gaveUpSaying} }
		}
		return nil
	case d.busy:
		return nil
	case key.Matches(msg, k.Submit):
		return w.submit()
	}
	if d.form.update(msg) {
		d.problem = ""
		if d.kind == dialogNew {
			w.limitHint()
		}
	}
	return nil
}

// submit checks the dialog's values; if they pass, the request goes.
func (w *walletsScreen) submit() tea.Cmd {
	d, b := w.dialog, w.s.cfg.Backend
	d.form.clearErrors()
	d.problem = ""
	value := func(wire string) string { return d.byWire[wire].value() }
	if _, listed := w.s.wallet(d.target); d.target != "" && d.kind != dialogCredit && !listed {
		d.problem = "This wallet is no longer listed: it may have been deleted elsewhere. Nothing was sent."
		return nil
	}
	if d.kind == dialogPolicies && d.policies == nil {
		d.problem = "The policies could not be read, so nothing is changed: esc, then p to try again."
		return nil
	}
	var cmd tea.Cmd
	switch d.kind {
	case dialogNew:
		req, bad := model.PlanWallet(model.WalletDraft{Name: value("name"), Line: d.byWire["line_of_credit_id"].selected(),
			Limit: value("limit"), Metadata: splitPairs(value("metadata"))}, w.s.cfg.Environment, w.s.lines, w.s.wallets)
		d.byWire["name"].err, d.byWire["line_of_credit_id"].err = bad.Name, bad.Line
		d.byWire["limit"].err, d.byWire["metadata"].err = bad.Limit, bad.Metadata
		if bad.OK() {
			cmd = createWallet(d, b, req)
		}
	case dialogRename:
		name := value("name")
		if d.byWire["name"].err = model.NameProblem(name, d.target, w.s.wallets); d.byWire["name"].err == "" {
			cmd = renameWallet(d, b, d.target, name)
		}
	case dialogDelete:
		wl, _ := w.s.wallet(d.target)
		if value("name") != wl.Name {
			d.byWire["name"].err = "type " + wl.Name + " exactly to delete it"
		} else {
			cmd = deleteWallet(d, b, wl)
		}
	case dialogPolicies:
		if u, ok := d.policyUpdate(); ok && u.Empty() {
			d.problem = "nothing changed"
		} else if ok {
			cmd = updatePolicies(d, b, d.target, u)
		}
	case dialogCredit:
		cmd = w.creditUpdate()
	}
	if cmd == nil {
		d.form.focusFirstError()
		return nil
	}
	d.busy = true
	return cmd
}

// policyUpdate is what the form changes, each field checked by the rules
// `wallet policies --set` follows; ok false when a field is wrong.
func (d *dialog) policyUpdate() (model.PolicyUpdate, bool) {
	var u model.PolicyUpdate
	before := map[string]string{}
	if d.policies != nil {
		before = policyValues(*d.policies)
		before["ofac_compliant"] = strconv.FormatBool(d.policies.OFAC())
	}
	ok := true
	for _, wire := range append(policyWires(), "ofac_compliant") {
		f := d.byWire[wire]
		now := f.value()
		if len(f.choices) > 0 {
			now = f.selected()
		}
		if now == before[wire] || (now == "" && before[wire] == "") {
			continue
		}
		if now == "" {
			now = "none"
		}
		if err := model.ParsePolicySetting(&u, wire+"="+now); err != nil {
			f.err, ok = strings.TrimPrefix(err.Error(), wire+": "), false
		}
	}
	return u, ok
}

func policyWires() []string {
	out := make([]string, len(policyFields))
	for i, p := range policyFields {
		out[i] = p.wire
	}
	return out
}

func (w *walletsScreen) creditUpdate() tea.Cmd {
	d := w.dialog
	f := d.byWire["limit"]
	limit, err := model.ParsePositiveMilliSats(f.value())
	var line model.LineOfCredit
	for _, l := range w.s.lines {
		if l.ID == d.target {
			line = l
		}
	}
	switch {
	case err != nil:
		f.err = err.Error()
	case limit < line.AllocatedLimit:
		f.err = "the wallets' limits take " + money(line.AllocatedLimit, w.s.lens()) + "; give at least that"
	default:
		return updateCredit(d, w.s.cfg.Backend, line.ID, model.SandboxCreditUpdate{Limit: &limit})
	}
	return nil
}

// splitPairs reads "a=1, b=2" as pairs; commas separate them.
func splitPairs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (w *walletsScreen) dialogView() string {
	if d := w.dialog; d.kind == dialogPolicies && d.policies == nil {
		st := w.s.st
		if d.problem != "" {
			return st.BoxTitle.Render(d.title) + "\n\n" + strings.Join(wrapLines(st.ErrorText.Render("✗ "+d.problem), w.width), "\n") +
				"\n\n" + st.Muted.Render(keyName(w.s.keys.Cancel)+" closes; "+keyName(w.s.keys.Policies)+" tries again")
		}
		return st.BoxTitle.Render(d.title) + "\n\n" + st.Muted.Render(spinner(w.s.now)+" reading the policies…")
	}
	return w.dialog.view(w.s, w.width)
}

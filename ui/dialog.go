package ui

import (
	"context"
	"strings"

	"github.com/voltdash/voltdash/model"
)

// A dialog is one change asked for in a small form on a screen: a new
// wallet or webhook, a new name, a deletion, policies. Each value is
// checked where it was typed, by the same rules the commands use, before
// anything is sent; what Voltage refuses is shown at the field it names.
type dialog struct {
	kind    dialogKind
	title   string
	verb    string // what submitting does: create, save, delete
	target  string // the wallet, line or webhook changed; "" for a new one
	form    *form
	byWire  map[string]*field // fields by the request's property names
	busy    bool              // the request is on its way
	problem string            // a refusal no field is blamed for
	note    string            // what the user should know before submitting
	// policies are the wallet's as read, for dialogPolicies; nil until
	// they arrive.
	policies *model.WalletPolicies
	// seq tells this dialog's answers from those of one closed before;
	// cancel gives up its request on its way.
	seq    int
	cancel context.CancelFunc
}

// requestContext is the context of the dialog's request, made when it is
// submitted, so that esc can give it up while it is on its way.
func (d *dialog) requestContext() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	d.cancel = cancel
	return ctx
}

// close gives up a request still on its way: it may not reach Voltage
// then, or it may already have.
func (d *dialog) close() (gaveUp bool) {
	if d.busy && d.cancel != nil {
		d.cancel()
		return true
	}
	return false
}

// gaveUpSaying is what to tell the user when esc closed a dialog whose
// request was on its way.
const gaveUpSaying = "Gave up waiting for Voltage. If the request had reached it, it may be done: r shows what is there."

type dialogKind int

const (
	dialogNew dialogKind = iota
	dialogRename
	dialogDelete
	dialogPolicies
	dialogCredit
	dialogWebhook
	dialogEditWebhook
	dialogDeleteWebhook
)

func newDialog(s *session, width int, kind dialogKind, title, verb string, fields map[string]*field, order ...string) *dialog {
	list := make([]*field, len(order))
	for i, name := range order {
		list[i] = fields[name]
	}
	f := newForm(s, list...)
	f.setWidth(min(width, 100))
	s.dialogs++
	return &dialog{kind: kind, title: title, verb: verb, form: f, byWire: fields, seq: s.dialogs}
}

// refused shows a refusal from Voltage at the field it blames, or under
// the form.
func (d *dialog) refused(why, field string) {
	d.busy = false
	if f := d.byWire[field]; f != nil && field != "" {
		f.err = why
		d.form.focusFirstError()
		return
	}
	d.problem = why
}

func (d *dialog) view(s *session, width int) string {
	st := s.st
	out := []string{st.BoxTitle.Render(d.title), "", strings.TrimRight(d.form.view(), "\n")}
	if d.note != "" {
		out = append(append(out, ""), wrapLines(st.Muted.Render(d.note), width)...)
	}
	switch {
	case d.busy:
		out = append(out, "", st.Pending.Render(spinner(s.now)+" asking Voltage…"))
	case d.problem != "":
		out = append(out, "")
		out = append(out, wrapLines(st.ErrorText.Render("✗ "+d.problem), width)...)
	}
	k := s.keys
	if d.busy {
		out = append(out, "", st.Muted.Render(keyName(k.Cancel)+" gives up waiting (the request may still reach Voltage)"))
		return strings.Join(out, "\n")
	}
	out = append(out, "", st.Muted.Render(keyName(k.Submit)+" "+d.verb+" · "+keyName(k.Cancel)+" cancel"))
	return strings.Join(out, "\n")
}

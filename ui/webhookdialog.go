package ui

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
)

// openWebhookForm asks for a new webhook (h nil) or changes h: its
// address, name and events, checked as `webhooks create` checks them.
func (w *webhooksScreen) openWebhookForm(h *model.Webhook) {
	u := newTextField(w.s.st, "URL", "https://your.app/voltage", 2000)
	u.hint = "https, or http to this machine (voltdash listen)"
	name := newTextField(w.s.st, "Name", "named after its host", 200)
	events := newTextField(w.s.st, "Events", "all", 1000)
	events.hint = "all, or some of " + model.AllPaymentEvents.String()
	fields := map[string]*field{"url": u, "name": name, "events": events}
	if h == nil {
		w.dialog = newDialog(w.s, w.width, dialogWebhook, "New webhook", "create", fields, "url", "name", "events")
		w.dialog.note = "Its signing secret is shown once, when it is made."
		return
	}
	u.input.SetValue(h.URL)
	name.input.SetValue(h.Name)
	events.input.SetValue(h.Events.String())
	w.dialog = newDialog(w.s, w.width, dialogEditWebhook, "Edit "+h.Name, "save", fields, "url", "name", "events")
	w.dialog.target = h.ID
}

func (w *webhooksScreen) openDeleteWebhook(h model.Webhook) {
	typed := newTextField(w.s.st, "Its name", h.Name, 200)
	w.dialog = newDialog(w.s, w.width, dialogDeleteWebhook, "Delete "+h.Name, "delete", map[string]*field{"name": typed}, "name")
	w.dialog.target = h.ID
	w.dialog.note = "Type the webhook's name to delete it. Voltage stops posting to " + h.URL + "."
}

func (w *webhooksScreen) dialogKey(msg tea.KeyMsg) tea.Cmd {
	d, k := w.dialog, w.s.keys
	switch {
	case key.Matches(msg, k.Cancel):
		w.dialog = nil
		if d.close() {
			return func() tea.Msg { return toastMsg{gaveUpSaying} }
		}
	case d.busy:
	case key.Matches(msg, k.Submit):
		return w.submit()
	default:
		if d.form.update(msg) {
			d.problem = ""
		}
	}
	return nil
}

func (w *webhooksScreen) submit() tea.Cmd {
	d, b := w.dialog, w.s.cfg.Backend
	d.form.clearErrors()
	d.problem = ""
	value := func(name string) string { return d.byWire[name].value() }
	var cmd tea.Cmd
	switch d.kind {
	case dialogWebhook:
		req, bad := model.PlanWebhook(value("url"), value("name"), value("events"))
		d.byWire["url"].err, d.byWire["name"].err, d.byWire["events"].err = bad.URL, bad.Name, bad.Events
		if bad.OK() {
			ctx, seq := d.requestContext(), d.seq
			cmd = func() tea.Msg {
				sec, err := b.CreateWebhook(ctx, req)
				return webhookDoneMsg{done: "Created webhook " + req.Name + ".", dialog: dialogWebhook, seq: seq,
					secret: &shownSecret{req.Name, sec.SharedSecret}, err: err}
			}
		}
	case dialogEditWebhook:
		req, bad := model.PlanWebhook(value("url"), value("name"), value("events"))
		d.byWire["url"].err, d.byWire["name"].err, d.byWire["events"].err = bad.URL, bad.Name, bad.Events
		if bad.OK() {
			id, up := d.target, model.UpdateWebhookRequest{URL: req.URL, Name: req.Name, Events: req.Events}
			cmd = w.asked(dialogEditWebhook, "Saved the webhook "+req.Name+".", func(ctx context.Context) error { return b.UpdateWebhook(ctx, id, up) })
		}
	case dialogDeleteWebhook:
		var name string
		for _, h := range w.hooks {
			if h.ID == d.target {
				name = h.Name
			}
		}
		if value("name") != name {
			d.byWire["name"].err = "type " + name + " exactly to delete it"
		} else {
			id := d.target
			cmd = w.asked(dialogDeleteWebhook, "Deleted webhook "+name+".", func(ctx context.Context) error { return b.DeleteWebhook(ctx, id) })
		}
	}
	if cmd == nil {
		d.form.focusFirstError()
		return nil
	}
	d.busy = true
	return cmd
}

// asked runs a dialog's request; its answer names the dialog.
func (w *webhooksScreen) asked(kind dialogKind, done string, f func(ctx context.Context) error) tea.Cmd {
	d := w.dialog
	ctx, seq := d.requestContext(), d.seq
	return func() tea.Msg { return webhookDoneMsg{done: done, dialog: kind, seq: seq, err: f(ctx)} }
}

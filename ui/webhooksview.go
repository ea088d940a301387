package ui

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/voltdash/voltdash/model"
)

func (w *webhooksScreen) view() string {
	st := w.s.st
	switch {
	case !w.loaded && w.loadErr != "":
		return st.ErrorText.Render("Could not load the webhooks: "+w.loadErr) + "\n" + st.Muted.Render("voltdash keeps trying.")
	case !w.loaded:
		return st.Muted.Render(spinner(w.s.now) + " Loading the webhooks…")
	}
	var out []string
	if len(w.hooks) == 0 {
		out = append(out, st.Muted.Render("No webhooks in this environment. "+keyName(w.s.keys.NewWebhook)+" creates one; "+
			"voltdash listen takes its deliveries on this machine."))
	} else {
		out = append(out, w.hookRows()...)
	}
	switch {
	case w.dialog != nil:
		return strings.Join(append(out, "", w.dialog.view(w.s, w.width)), "\n")
	case w.secret != nil:
		shown, ok := model.ShownSecret(w.secret.value)
		if !ok {
			shown = st.ErrorText.Render("Voltage sent a secret that is not plain text; it is not shown. Rotate the key to get another.")
		}
		out = append(out, "", st.BoxTitle.Render("Signing secret · "+w.secret.hook), st.Bold.Render(shown),
			st.Muted.Render("Shown once and not kept: "+keyName(w.s.keys.CopySecret)+" copies it, "+keyName(w.s.keys.Cancel)+" hides it for good."))
	case w.confirm != nil:
		out = append(out, "", st.WarnText.Render(w.confirm.question)+st.Muted.Render("  "+keyName(w.s.keys.Confirm)+" yes · any other key no"))
	}
	if h := w.current(); h != nil {
		if w.detail != nil {
			out = append(out, "", w.detailView(*w.detail))
		} else {
			out = append(out, "", w.deliveriesView(*h))
		}
	}
	return strings.Join(out, "\n")
}

func (w *webhooksScreen) hookRows() []string {
	st := w.s.st
	urlW := max(w.width-2-19-9-17-13, 12)
	row := func(cursor, name, url, status, events, created string) string {
		return fit(cursor+fit(name, 18, false)+" "+fit(url, urlW, false)+" "+fit(status, 8, false)+" "+fit(events, 16, false)+" "+created, w.width, false)
	}
	out := []string{st.TableHeader.Render(row("  ", "Webhook", "URL", "Status", "Events", "Created"))}
	for i, h := range w.hooks {
		cursor := "  "
		if i == w.cursor {
			cursor = st.Cursor.Render("▸ ")
		}
		events := itoa(len(h.Events)) + " events"
		if len(h.Events) == len(model.AllPaymentEvents) {
			events = "all payments"
		}
		line := row(cursor, h.Name, h.URL, string(h.Status), events, stamp(h.CreatedAt, w.s.now))
		if i == w.cursor && !w.inList {
			line = st.RowSelected.Render(line)
		}
		out = append(out, line)
	}
	return out
}

// deliveriesView is the summary and the newest deliveries of h.
func (w *webhooksScreen) deliveriesView(h model.Webhook) string {
	st := w.s.st
	d := w.deliveriesOf(h.ID)
	title := st.BoxTitle.Render("Deliveries · " + h.Name)
	switch {
	case d.err != "":
		return title + "\n" + st.ErrorText.Render("Could not read the deliveries: "+d.err)
	case d.items == nil && d.loading:
		return title + "\n" + st.Muted.Render(spinner(w.s.now)+" reading the deliveries…")
	}
	c := d.counts
	summary := fmt.Sprintf("%d succeeded · %d failed · %d attempting · %d abandoned", c[model.DeliverySucceeded], c[model.DeliveryFailed],
		c[model.DeliveryAttempting], c[model.DeliveryAbandoned])
	var lastDay []model.WebhookDelivery
	for _, x := range d.items {
		if !x.CreatedAt.Before(w.s.now.Add(-24 * time.Hour)) {
			lastDay = append(lastDay, x)
		}
	}
	if rate, ok := model.SuccessRate(lastDay); ok {
		summary += fmt.Sprintf(" · %d%% succeeded in the last day", rate)
	}
	out := []string{title, st.Muted.Render(summary)}
	if why := model.LastFailure(lastDay); why != "" {
		out = append(out, st.WarnText.Render("last failure: "+why))
	}
	if len(d.items) == 0 {
		return strings.Join(append(out, st.Muted.Render("No deliveries yet. "+keyName(w.s.keys.TestWebhook)+" sends a test event.")), "\n")
	}
	row := func(cursor, when, status, event, payment, attempts, answer string) string {
		return cursor + fit(when, 13, false) + " " + fit(status, 12, false) + " " + fit(event, 18, false) + " " + fit(payment, 10, false) + " " +
			fit(attempts, 8, true) + "  " + answer
	}
	out = append(out, st.TableHeader.Render(row("  ", "Time", "Status", "Event", "Payment", "Attempts", "Last answer")))
	rows := max(w.height-len(w.hooks)-8, 3)
	first := min(max(w.dcursor-rows+1, 0), max(len(d.items)-rows, 0))
	for i := first; i < min(first+rows, len(d.items)); i++ {
		x := d.items[i]
		cursor := "  "
		if w.inList && i == w.dcursor {
			cursor = st.Cursor.Render("▸ ")
		}
		status := string(x.Status)
		switch x.Status {
		case model.DeliverySucceeded:
			status = st.Success.Render(fit("✓ "+status, 12, false))
		case model.DeliveryFailed:
			status = st.Failure.Render(fit("✗ "+status, 12, false))
		}
		line := row(cursor, stamp(x.CreatedAt, w.s.now), status, x.Event(), short(model.CleanText(x.PaymentID())), itoa(int(x.AttemptCount)), answerOf(x))
		if w.inList && i == w.dcursor {
			line = st.RowSelected.Render(line)
		}
		out = append(out, fit(line, w.width, false))
	}
	return strings.Join(out, "\n")
}

// answerOf is the receiver's last answer to a delivery, in words.
func answerOf(d model.WebhookDelivery) string { return cmp.Or(d.LastAnswer(), "—") }

// detailView is one delivery: its attempts and the body posted, cleaned.
func (w *webhooksScreen) detailView(d model.WebhookDelivery) string {
	st := w.s.st
	label := func(l string) string { return st.Label.Render(fit(l, 12, false)) }
	out := []string{st.BoxTitle.Render("Delivery · " + d.ID),
		label("Status") + string(d.Status) + " after " + attempts(d.AttemptCount) + "; last answer " + answerOf(d),
		label("Event") + d.Event(),
		label("Payment") + model.CleanText(d.PaymentID()), // read from the payload, which the display layer leaves raw
		label("To") + d.URL,
		label("Created") + d.CreatedAt.Local().Format("2006-01-02 15:04:05"),
		label("Updated") + d.UpdatedAt.Local().Format("2006-01-02 15:04:05"), "", st.Label.Render("Body")}
	body, _ := jsonBody(d.Payload)
	lines := strings.Split(body, "\n")
	room := max(w.height-len(w.hooks)-14, 3)
	for i, l := range lines {
		if i == room {
			out = append(out, st.Muted.Render(fmt.Sprintf("… %d more lines (voltdash deliveries show prints it all)", len(lines)-room)))
			break
		}
		out = append(out, fit(model.CleanText(l), w.width, false)) // the body is the sender's: JSON lets bidi and C1 controls through
	}
	return strings.Join(out, "\n")
}

func jsonBody(v any) (string, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	return string(b), err
}

func attempts(n int64) string {
	if n == 1 {
		return "1 attempt"
	}
	return itoa(int(n)) + " attempts"
}

package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/voltdash/voltdash/model"
)

// runWebhooks manages the environment's webhooks: list, create, update,
// delete, start, stop, test, rotate-key.
func runWebhooks(r *runner) int {
	actions := map[string]int{"list": 1, "create": 1, "update": 2, "delete": 2, "start": 2, "stop": 2, "test": 2, "rotate-key": 2}
	if len(r.args) == 0 {
		return r.fail(ExitUsage, "webhooks takes one of list, create, update, delete, start, stop, test or rotate-key")
	}
	action := r.args[0]
	n, ok := actions[action]
	switch {
	case !ok:
		return r.fail(ExitUsage, "webhooks %q: use list, create, update, delete, start, stop, test or rotate-key", action)
	case len(r.args) != n:
		if n == 2 {
			return r.fail(ExitUsage, "webhooks %s takes the webhook (its id, the start of it, or its name)", action)
		}
		return r.fail(ExitUsage, "webhooks %s: unexpected argument %q", action, r.args[n])
	}
	if (action == "create" || action == "rotate-key") && r.o.secretFile == "" && !r.d.TerminalOut {
		// Checked before anything changes: the secret is shown once.
		return r.fail(ExitUsage, "the signing secret is shown once, on a terminal or in a file: add --secret-file PATH")
	}
	if code, ok := r.connect(); !ok {
		return code
	}
	if action == "list" {
		return r.listWebhooks()
	}
	if action == "create" {
		return r.createWebhook()
	}
	h, code, ok := r.webhook(r.args[1])
	if !ok {
		return code
	}
	do := func(what string, f func(ctx context.Context) error) int {
		if _, err := call(r, func(ctx context.Context) (struct{}, error) { return struct{}{}, f(ctx) }); err != nil {
			return r.failErr(what, err)
		}
		return r.done(map[string]any{"id": h.ID, "action": action}, "%s: done.", strings.ToUpper(what[:1])+what[1:])
	}
	switch action {
	case "update":
		return r.updateWebhook(h)
	case "delete":
		if ref := r.args[1]; r.o.yes && ref != h.ID && ref != h.Name { // deleting cannot be undone: not by the start of an id
			return r.fail(ExitUsage, "webhooks delete --yes needs the webhook's whole id or name: %q only begins %s; nothing was deleted", ref, h.ID)
		}
		if !r.o.yes && !(r.d.Interactive && r.ask("Delete webhook "+h.Name+" ("+h.URL+")? Voltage stops posting to it.")) {
			return r.fail(ExitUsage, "webhook %s was not deleted (add --yes to delete it without asking)", h.Name)
		}
		return do("deleting webhook "+h.Name, func(ctx context.Context) error { return r.b.DeleteWebhook(ctx, h.ID) })
	case "start":
		return do("starting webhook "+h.Name, func(ctx context.Context) error { return r.b.StartWebhook(ctx, h.ID) })
	case "stop":
		return do("stopping webhook "+h.Name, func(ctx context.Context) error { return r.b.StopWebhook(ctx, h.ID) })
	case "test":
		ev := model.NewTestEvent(cmpOr(r.o.memo, "a test event from voltdash"))
		return do("sending a test event to "+h.Name+" (delivery "+ev.DeliveryID+")", func(ctx context.Context) error {
			return r.b.TestWebhook(ctx, h.ID, ev)
		})
	}
	sec, err := call(r, func(ctx context.Context) (model.WebhookSecret, error) { return r.b.GenerateWebhookKey(ctx, h.ID) })
	if err != nil {
		return r.failErr("rotating the key of "+h.Name, err)
	}
	return r.handOver(h.ID, sec.SharedSecret, "The new signing secret of "+h.Name+
		" (the previous one stays valid while deliveries signed with it arrive)")
}

func cmpOr(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}

// done reports an action: v for scripts, a sentence for people.
func (r *runner) done(v any, format string, args ...any) int {
	if r.o.json {
		r.printJSON(v)
	} else {
		say(r.d.Stdout, format+"\n", args...)
	}
	return ExitOK
}

// webhook finds the webhook ref names: its id, the start of its id, or
// its name.
func (r *runner) webhook(ref string) (model.Webhook, int, bool) {
	hs, err := call(r, func(ctx context.Context) ([]model.Webhook, error) {
		return r.b.ListWebhooks(ctx, model.WebhookFilter{})
	})
	if err != nil {
		return model.Webhook{}, r.failErr("listing webhooks", err), false
	}
	var found []model.Webhook
	for _, h := range hs {
		if h.ID == ref || h.Name == ref || (len(ref) >= 4 && strings.HasPrefix(h.ID, ref)) {
			found = append(found, h)
		}
	}
	if len(found) == 1 {
		return found[0], 0, true
	}
	return model.Webhook{}, r.fail(ExitUsage, "no single webhook matches %q (voltdash webhooks list shows them)", ref), false
}

func (r *runner) listWebhooks() int {
	hs, err := call(r, func(ctx context.Context) ([]model.Webhook, error) {
		return r.b.ListWebhooks(ctx, model.WebhookFilter{})
	})
	if err != nil {
		return r.failErr("listing webhooks", err)
	}
	if r.o.json {
		r.printJSON(hs)
		return ExitOK
	}
	if len(hs) == 0 {
		say(r.d.Stdout, "No webhooks in this environment. voltdash webhooks create --url https://… adds one.\n")
		return ExitOK
	}
	t := table{head: []string{"ID", "NAME", "URL", "STATUS", "EVENTS", "CREATED"}, right: make([]bool, 6)}
	for _, h := range hs {
		t.add(h.ID, h.Name, h.URL, string(h.Status), h.Events.String(), h.CreatedAt.Local().Format("2006-01-02 15:04"))
	}
	t.print(r.d.Stdout)
	return ExitOK
}

func (r *runner) createWebhook() int {
	req, bad := model.PlanWebhook(r.o.url, r.o.name, r.o.events)
	for _, p := range []struct{ flag, problem string }{{"--url", bad.URL}, {"--name", bad.Name}, {"--events", bad.Events}} {
		if p.problem != "" {
			return r.fail(ExitUsage, "%s: %s", p.flag, p.problem)
		}
	}
	if code, ok := r.secretFileWritable(); !ok {
		return code
	}
	sec, err := call(r, func(ctx context.Context) (model.WebhookSecret, error) { return r.b.CreateWebhook(ctx, req) })
	if err != nil {
		return r.failErr("creating the webhook", err)
	}
	return r.handOver(req.ID, sec.SharedSecret, "Created webhook "+req.Name+" ("+req.ID+") for "+req.URL+". Its signing secret")
}

func (r *runner) updateWebhook(h model.Webhook) int {
	req := model.UpdateWebhookRequest{Name: strings.TrimSpace(r.o.name), Events: h.Events}
	if r.o.url != "" {
		if problem := model.CheckWebhookURL(r.o.url); problem != "" {
			return r.fail(ExitUsage, "--url: %s", problem)
		}
		req.URL = strings.TrimSpace(r.o.url)
	}
	if r.o.events != "" {
		es, err := model.ParseWebhookEvents(r.o.events)
		if err != nil {
			return r.fail(ExitUsage, "--events: %v", err)
		}
		req.Events = es
	}
	if req.URL == "" && req.Name == "" && r.o.events == "" {
		return r.fail(ExitUsage, "webhooks update: give --url, --name or --events")
	}
	if _, err := call(r, func(ctx context.Context) (struct{}, error) { return struct{}{}, r.b.UpdateWebhook(ctx, h.ID, req) }); err != nil {
		return r.failErr("updating webhook "+h.Name, err)
	}
	return r.done(map[string]any{"id": h.ID, "action": "update"}, "Updated webhook %s.", h.Name)
}

// secretFileWritable refuses, before anything is created, a --secret-file
// that is already there: a secret is never written over another.
func (r *runner) secretFileWritable() (int, bool) {
	if r.o.secretFile == "" {
		return 0, true
	}
	if _, err := os.Stat(r.o.secretFile); err == nil {
		return r.fail(ExitUsage, "--secret-file %s already exists; name a new file", r.o.secretFile), false
	}
	if dir := filepath.Dir(r.o.secretFile); dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return r.fail(ExitUsage, "--secret-file: %v", err), false
		}
	}
	return 0, true
}

// handOver gives a signing secret to the user once: to --secret-file,
// created with mode 0600, or to the terminal. It is never in JSON, logs or
// errors.
func (r *runner) handOver(id, secret, what string) int {
	shown, printable := model.ShownSecret(secret)
	if !printable && r.o.secretFile == "" {
		return r.fail(ExitNetwork, "Voltage sent a signing secret voltdash will not print (it is not plain text); rotate the key with --secret-file to get one into a file")
	}
	if r.o.secretFile != "" {
		f, err := os.OpenFile(r.o.secretFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			_, err = f.WriteString(secret + "\n")
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return r.fail(ExitLocal, "writing the signing secret to %s failed (%v); rotate the key to get a new one", r.o.secretFile, err)
		}
		return r.done(map[string]any{"id": id, "secret_file": r.o.secretFile}, "%s is in %s (readable by you only).", what, r.o.secretFile)
	}
	if r.o.json {
		say(r.d.Stderr, "%s (shown once, not in the JSON):\n", what)
		fmt.Fprintln(r.d.Stderr, shown)
		r.printJSON(map[string]any{"id": id})
		return ExitOK
	}
	say(r.d.Stdout, "%s, shown once; keep it where your receiver reads it:\n", what)
	fmt.Fprintln(r.d.Stdout, shown) // not through say, which redacts what reads as a key: showing it is the point
	return ExitOK
}

// runDeliveries reads and acts on a webhook's deliveries: list, summary,
// show, retry, abandon.
func runDeliveries(r *runner) int {
	actions := map[string]int{"list": 2, "summary": 2, "show": 3, "retry": 3, "abandon": 3}
	if len(r.args) == 0 {
		return r.fail(ExitUsage, "deliveries takes one of list, summary, show, retry or abandon, then the webhook")
	}
	n, ok := actions[r.args[0]]
	switch {
	case !ok:
		return r.fail(ExitUsage, "deliveries %q: use list, summary, show, retry or abandon", r.args[0])
	case len(r.args) != n && n == 3:
		return r.fail(ExitUsage, "deliveries %s takes the webhook and the delivery's id", r.args[0])
	case len(r.args) != n:
		return r.fail(ExitUsage, "deliveries %s takes the webhook", r.args[0])
	}
	var statuses []model.DeliveryStatus
	for _, s := range strings.Split(r.o.statuses, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		known := false
		for _, k := range model.DeliveryStatuses {
			known = known || string(k) == s
		}
		if !known {
			return r.fail(ExitUsage, "--status %q: use succeeded, failed, attempting or abandoned", s)
		}
		statuses = append(statuses, model.DeliveryStatus(s))
	}
	if code, ok := r.connect(); !ok {
		return code
	}
	h, code, ok := r.webhook(r.args[1])
	if !ok {
		return code
	}
	switch r.args[0] {
	case "list":
		return r.listDeliveries(h, statuses)
	case "summary":
		return r.deliverySummary(h)
	case "show":
		return r.showDelivery(h, r.args[2])
	}
	id := r.args[2]
	act, verb := r.b.RetryDelivery, "retrying"
	if r.args[0] == "abandon" {
		act, verb = r.b.AbandonDelivery, "abandoning"
	}
	if _, err := call(r, func(ctx context.Context) (struct{}, error) { return struct{}{}, act(ctx, h.ID, id) }); err != nil {
		return r.failErr(verb+" delivery "+id, err)
	}
	return r.done(map[string]any{"id": id, "action": r.args[0]}, "%s delivery %s: asked.", strings.ToUpper(verb[:1])+verb[1:], id)
}

func (r *runner) listDeliveries(h model.Webhook, statuses []model.DeliveryStatus) int {
	f := model.DeliveryFilter{Statuses: statuses, Limit: min(r.o.limit, model.MaxPageLimit), SortKey: "created_at", SortOrder: model.Descending}
	page, err := call(r, func(ctx context.Context) (model.Page[model.WebhookDelivery], error) {
		return r.b.WebhookDeliveries(ctx, h.ID, f)
	})
	if err != nil {
		return r.failErr("listing the deliveries of "+h.Name, err)
	}
	if r.o.json {
		r.printJSON(page.Items)
		return ExitOK
	}
	if len(page.Items) == 0 {
		say(r.d.Stdout, "No deliveries to %s yet.\n", h.Name)
		return ExitOK
	}
	t := table{head: []string{"TIME", "STATUS", "EVENT", "PAYMENT", "ATTEMPTS", "LAST ANSWER", "ID"}, right: []bool{false, false, false, false, true, false, false}}
	for _, d := range page.Items {
		t.add(d.CreatedAt.Local().Format("2006-01-02 15:04:05"), string(d.Status), d.Event(), d.PaymentID(), fmt.Sprint(d.AttemptCount), lastAnswer(d), d.ID)
	}
	t.print(r.d.Stdout)
	return ExitOK
}

// lastAnswer is the receiver's last answer to a delivery, in words.
func lastAnswer(d model.WebhookDelivery) string { return cmp.Or(d.LastAnswer(), "-") }

// summaryWindow is the time the success rate is measured over.
const summaryWindow = 24 * time.Hour

func (r *runner) deliverySummary(h model.Webhook) int {
	counts := map[model.DeliveryStatus]uint64{}
	for _, s := range model.DeliveryStatuses {
		sum, err := call(r, func(ctx context.Context) (model.DeliverySummary, error) {
			return r.b.DeliverySummary(ctx, h.ID, []model.DeliveryStatus{s})
		})
		if err != nil {
			return r.failErr("reading the delivery summary of "+h.Name, err)
		}
		counts[s] = sum.TotalCount
	}
	since := r.d.Clock.Now().Add(-summaryWindow)
	var lastDay []model.WebhookDelivery
	f := model.DeliveryFilter{Limit: model.MaxPageLimit, SortKey: "created_at", SortOrder: model.Descending}
	for range 5 { // the newest few hundred: enough for a day of a busy webhook's rate
		page, err := call(r, func(ctx context.Context) (model.Page[model.WebhookDelivery], error) {
			return r.b.WebhookDeliveries(ctx, h.ID, f)
		})
		if err != nil {
			return r.failErr("listing the deliveries of "+h.Name, err)
		}
		old := false
		for _, d := range page.Items {
			if d.CreatedAt.Before(since) {
				old = true
				break
			}
			lastDay = append(lastDay, d)
		}
		if old || len(page.Items) == 0 || !page.More() {
			break
		}
		f.Offset += len(page.Items)
	}
	rate, rated := model.SuccessRate(lastDay)
	if r.o.json {
		out := map[string]any{"webhook_id": h.ID, "succeeded": counts[model.DeliverySucceeded], "failed": counts[model.DeliveryFailed],
			"attempting": counts[model.DeliveryAttempting], "abandoned": counts[model.DeliveryAbandoned], "last_day": len(lastDay)}
		if rated {
			out["success_rate_last_day_percent"] = rate
		}
		r.printJSON(out)
		return ExitOK
	}
	say(r.d.Stdout, "%s: %d succeeded, %d failed, %d attempting, %d abandoned\n", h.Name, counts[model.DeliverySucceeded],
		counts[model.DeliveryFailed], counts[model.DeliveryAttempting], counts[model.DeliveryAbandoned])
	if rated {
		say(r.d.Stdout, "last day: %d%% of %d deliveries succeeded\n", rate, len(lastDay))
	} else {
		say(r.d.Stdout, "last day: no delivery decided yet\n")
	}
	if why := model.LastFailure(lastDay); why != "" {
		say(r.d.Stdout, "last failure: %s\n", why)
	}
	return ExitOK
}

func (r *runner) showDelivery(h model.Webhook, id string) int {
	d, err := call(r, func(ctx context.Context) (model.WebhookDelivery, error) { return r.b.WebhookDelivery(ctx, h.ID, id) })
	if err != nil {
		return r.failErr("reading delivery "+id, err)
	}
	if r.o.json {
		r.printJSON(d)
		return ExitOK
	}
	body, _ := jsonIndent(d.Payload)
	say(r.d.Stdout, "Delivery  %s\nWebhook   %s (%s)\nStatus    %s after %d attempt(s); last answer %s\nEvent     %s\nCreated   %s\nUpdated   %s\n",
		d.ID, h.Name, d.URL, d.Status, d.AttemptCount, lastAnswer(d), d.Event(),
		d.CreatedAt.Local().Format(time.RFC3339), d.UpdatedAt.Local().Format(time.RFC3339))
	say(r.d.Stdout, "Body\n")
	for _, line := range strings.Split(body, "\n") { // each line cleaned: the body is the sender's
		say(r.d.Stdout, "%s\n", line)
	}
	return ExitOK
}

// jsonIndent is v as indented JSON; outside text in it is cleaned when
// printed through say.
func jsonIndent(v any) (string, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	return string(b), err
}

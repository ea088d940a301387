package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

const hookID = "b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d6e"

// hooked is an account with one webhook and three deliveries: one that
// succeeded, one that failed with a 500, one whose body says hostile
// things.
func hooked() *fakeBackend {
	b := account()
	b.wh.hooks = []model.Webhook{{ID: hookID, Name: "shop", URL: "https://shop.example/hooks", Status: model.WebhookActive,
		Events: model.AllPaymentEvents, CreatedAt: t0}}
	code := uint16(500)
	data, _ := json.Marshal(model.Payment{ID: paymentID, Direction: model.Receive, Kind: model.Bolt11, Status: model.StatusCompleted})
	pay := model.WebhookPayload{Type: "receive", Detail: model.WebhookDetail{Event: "completed", Data: data}}
	hostile, _ := json.Marshal("hi\x1b[2J\x1b]52;c;aGk=\x07")
	b.wh.deliveries = map[string][]model.WebhookDelivery{hookID: {
		{ID: "d0000000-0000-4000-8000-000000000003", WebhookID: hookID, Status: model.DeliverySucceeded, Payload: model.WebhookPayload{Type: "test",
			Detail: model.WebhookDetail{Event: "created", Data: hostile}}, CreatedAt: t0.Add(-time.Minute), UpdatedAt: t0, AttemptCount: 1},
		{ID: "d0000000-0000-4000-8000-000000000002", WebhookID: hookID, Status: model.DeliveryFailed, Payload: pay, StatusCode: &code,
			CreatedAt: t0.Add(-time.Hour), UpdatedAt: t0.Add(-30 * time.Minute), AttemptCount: 5},
		{ID: "d0000000-0000-4000-8000-000000000001", WebhookID: hookID, Status: model.DeliverySucceeded, Payload: pay,
			CreatedAt: t0.Add(-2 * time.Hour), UpdatedAt: t0.Add(-2 * time.Hour), AttemptCount: 1},
	}}
	return b
}

func TestWebhookCommandsRefuseBeforeChanging(t *testing.T) {
	exists := filepath.Join(t.TempDir(), "taken")
	os.WriteFile(exists, []byte("x"), 0o600)
	for _, tt := range []struct {
		args     []string
		terminal bool
		stderr   string
	}{
		{[]string{"webhooks"}, true, "webhooks takes one of list"},
		{[]string{"webhooks", "create", "--url", "http://shop.example/hooks"}, true, "--url: use https"},
		{[]string{"webhooks", "create", "--url", "https://shop.example/", "--events", "receive.paid"}, true, `"receive.paid" is not an event`},
		{[]string{"webhooks", "create", "--url", "https://shop.example/"}, false, "add --secret-file PATH"},
		{[]string{"webhooks", "create", "--url", "https://shop.example/", "--secret-file", exists}, false, "already exists"},
		{[]string{"webhooks", "rotate-key", "shop"}, false, "add --secret-file PATH"},
		{[]string{"webhooks", "delete", "shop"}, true, "was not deleted"},
		{[]string{"webhooks", "delete", hookID[:6], "--yes"}, true, "webhooks delete --yes needs the webhook's whole id or name"},
		{[]string{"webhooks", "start", "nope"}, true, `no single webhook matches "nope"`},
		{[]string{"webhooks", "update", "shop"}, true, "give --url, --name or --events"},
		{[]string{"webhooks", "update", "shop", "--url", "ftp://x"}, true, "is not an address"},
		{[]string{"deliveries", "list"}, true, "takes the webhook"},
		{[]string{"deliveries", "retry", "shop"}, true, "takes the webhook and the delivery's id"},
		{[]string{"deliveries", "list", "shop", "--status", "lost"}, true, `--status "lost"`},
	} {
		b := hooked()
		r := runWithDeps(b, "", func(d *Deps) { d.TerminalOut = tt.terminal }, tt.args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, tt.stderr) || len(b.changes) > 0 {
			t.Errorf("%v: exit %d, changes %q: %s", tt.args, r.code, b.changes, r.stderr)
		}
	}
}

// TestASecretIsHandedOverOnce: to a new private file, or to the terminal;
// never into JSON.
func TestASecretIsHandedOverOnce(t *testing.T) {
	file := filepath.Join(t.TempDir(), "secret")
	b := hooked()
	r := runWithDeps(b, "", nil, "webhooks", "create", "--url", "http://127.0.0.1:8787/", "--secret-file", file, "--json")
	info, err := os.Stat(file)
	raw, _ := os.ReadFile(file)
	if r.code != ExitOK || err != nil || info.Mode().Perm() != 0o600 || strings.TrimSpace(string(raw)) != "vltg_secret1" {
		t.Fatalf("to a file: exit %d, %v %v %q: %s", r.code, err, info, raw, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, "vltg_secret1") || !strings.Contains(r.stdout, `"secret_file"`) {
		t.Errorf("the secret left the file: %s %s", r.stdout, r.stderr)
	}
	r = runWithDeps(b, "", func(d *Deps) { d.TerminalOut = true }, "webhooks", "rotate-key", "shop")
	if r.code != ExitOK || strings.Count(r.stdout, "vltg_secret2") != 1 {
		t.Errorf("to the terminal: exit %d %s", r.code, r.stdout)
	}
}

func TestDeliveriesAreReadAndActedOn(t *testing.T) {
	b := hooked()
	r := runWith(b, "", "deliveries", "list", "shop")
	if r.code != ExitOK || !strings.Contains(r.stdout, "failed") || !strings.Contains(r.stdout, "500") || strings.Count(r.stdout, "\n") != 4 {
		t.Errorf("list: exit %d\n%s", r.code, r.stdout)
	}
	r = runWith(b, "", "deliveries", "list", "shop", "--status", "failed", "--json")
	var ds []model.WebhookDelivery
	if json.Unmarshal([]byte(r.stdout), &ds); len(ds) != 1 || ds[0].Status != model.DeliveryFailed {
		t.Errorf("failed only: %s", r.stdout)
	}
	r = runWith(b, "", "deliveries", "summary", "shop")
	if r.code != ExitOK || !strings.Contains(r.stdout, "2 succeeded, 1 failed, 0 attempting, 0 abandoned") ||
		!strings.Contains(r.stdout, "last day: 66% of 3 deliveries succeeded") || !strings.Contains(r.stdout, "last failure: HTTP 500") {
		t.Errorf("summary: exit %d\n%s", r.code, r.stdout)
	}
	r = runWith(b, "", "deliveries", "show", "shop", "d0000000-0000-4000-8000-000000000003")
	if r.code != ExitOK || strings.Contains(r.stdout, "\x1b") || !strings.Contains(r.stdout, "Event     test.created") {
		t.Errorf("show: exit %d\n%q", r.code, r.stdout)
	}
	for _, act := range []string{"retry", "abandon"} {
		b.changes = nil
		if r := runWith(b, "", "deliveries", act, "shop", "d0000000-0000-4000-8000-000000000002"); r.code != ExitOK ||
			len(b.changes) != 1 || b.changes[0] != "webhook "+act+" d0000000-0000-4000-8000-000000000002 "+hookID {
			t.Errorf("%s: exit %d %q %s", act, r.code, b.changes, r.stderr)
		}
	}
	b.changes = nil
	if r := runWith(b, "", "webhooks", "test", "shop"); r.code != ExitOK || len(b.changes) != 1 || !strings.HasPrefix(b.changes[0], "webhook test ") {
		t.Errorf("test: exit %d %q", r.code, b.changes)
	}
}

// TestASecretThatIsNotPlainTextIsNotPrinted: a lying server's "secret"
// with escape sequences never reaches the terminal.
func TestASecretThatIsNotPlainTextIsNotPrinted(t *testing.T) {
	b := &lyingSecrets{fakeBackend: *hooked()}
	r := runWithDeps(&b.fakeBackend, "", func(d *Deps) {
		d.TerminalOut = true
		d.Connect = func(config.Settings) (port.Backend, error) { return b, nil }
	},
		"webhooks", "rotate-key", "shop")
	if r.code != ExitNetwork || strings.Contains(r.stdout+r.stderr, "\x1b") || !strings.Contains(r.stderr, "will not print") {
		t.Errorf("exit %d %q %q", r.code, r.stdout, r.stderr)
	}
}

type lyingSecrets struct{ fakeBackend }

func (b *lyingSecrets) GenerateWebhookKey(context.Context, string) (model.WebhookSecret, error) {
	return model.WebhookSecret{SharedSecret: "vltg_\x1b]52;c;aGk=\x07"}, nil
}

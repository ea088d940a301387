package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voltdash/voltdash/model"
)

// TestListenTakesTheSecretWithoutShowingIt, from the environment or a
// private file, and prints each delivery in a line, cleaned, or as
// NDJSON, exactly.
func TestListenTakesTheSecretWithoutShowingIt(t *testing.T) {
	dir := t.TempDir()
	private, shared, empty := filepath.Join(dir, "s"), filepath.Join(dir, "shared"), filepath.Join(dir, "empty")
	os.WriteFile(private, []byte("vltg_fromfile\n"), 0o600)
	os.WriteFile(shared, []byte("vltg_x"), 0o644)
	os.WriteFile(empty, nil, 0o600)
	forged := model.HeardDelivery{At: t0, Event: "receive.completed\x1b]52;c;aGk=\x07", Refused: "webhook signature does not match"}
	good := model.HeardDelivery{At: t0, Event: "send.succeeded", PaymentID: paymentID, Status: model.StatusCompleted, Verified: true, Forwarded: 202}
	var opts ListenOptions
	listen := func(d *Deps) {
		d.Getenv = func(k string) string { return map[string]string{"HOOK_SECRET": "vltg_fromenv"}[k] }
		d.Listen = func(o ListenOptions, ready func(string), heard func(model.HeardDelivery)) error {
			opts = o
			ready("http://127.0.0.1:8787/")
			heard(forged)
			heard(good)
			return nil
		}
	}
	for _, tt := range []struct {
		args   []string
		code   int
		secret string
		said   string
	}{
		{[]string{"listen", "--secret-env", "HOOK_SECRET"}, ExitOK, "vltg_fromenv", "Listening for webhook deliveries on http://127.0.0.1:8787/"},
		{[]string{"listen", "--secret-file", private, "--forward-to", "http://localhost:3000/hooks"}, ExitOK, "vltg_fromfile", "passed on to http://localhost:3000/hooks"},
		{[]string{"listen"}, ExitUsage, "", "no signing secret: set VOLTAGE_WEBHOOK_SECRET"},
		{[]string{"listen", "--secret-file", shared}, ExitUsage, "", "readable by others"},
		{[]string{"listen", "--secret-file", empty}, ExitUsage, "", "is empty"},
		{[]string{"listen", "--secret-file", filepath.Join(dir, "nope")}, ExitUsage, "", "no such file"},
	} {
		opts = ListenOptions{}
		r := runWithDeps(&fakeBackend{}, "", listen, tt.args...)
		if r.code != tt.code || opts.Secret != tt.secret || !strings.Contains(r.stderr+r.stdout, tt.said) {
			t.Errorf("%v: exit %d, secret %q\n%s%s", tt.args, r.code, opts.Secret, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, "vltg_from") {
			t.Errorf("%v: the secret was shown", tt.args)
		}
		if tt.code == ExitOK && (!strings.Contains(r.stdout, "✗ refused (webhook signature does not match) receive.completed␛\n") || strings.Contains(r.stdout, "\x1b") ||
			!strings.Contains(r.stdout, "✓ send.succeeded payment "+paymentID+" completed → 202")) {
			t.Errorf("%v: lines\n%s", tt.args, r.stdout)
		}
	}
	r := runWithDeps(&fakeBackend{}, "", listen, "listen", "--secret-env", "HOOK_SECRET", "--json")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"refused":"webhook signature does not match"`) || !strings.Contains(lines[0], `\u001b]52`) ||
		!strings.Contains(lines[1], `"verified":true`) {
		t.Errorf("NDJSON:\n%s", r.stdout)
	}
}

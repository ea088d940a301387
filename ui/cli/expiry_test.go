package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/ui/port"
)

// TestInvoiceExpiry: --expiry goes to Voltage as the receive's expiration
// in seconds and sets the expiry shown for an address; without it none is
// sent (Voltage's default hour); outside 1s..24h, in part seconds, or not
// a duration, it is refused at the flag and nothing is asked of Voltage.
func TestInvoiceExpiry(t *testing.T) {
	for _, tt := range []struct {
		name    string
		args    []string
		code    int
		said    string
		seconds int64 // 0: no expiration sent
	}{
		{"ten minutes", []string{"--expiry", "10m"}, ExitOK, "", 600},
		{"the least", []string{"--expiry", "1s"}, ExitOK, "", 1},
		{"the most", []string{"--expiry", "24h"}, ExitOK, "", 86400},
		{"an address", []string{"--expiry", "90s", "--kind", "onchain", "--amount", "1500"}, ExitOK, "", 90},
		{"the default", nil, ExitOK, "", 0},
		{"over a day", []string{"--expiry", "25h"}, ExitUsage, "--expiry 25h: an invoice can wait from 1s to 24h to be paid, Voltage's limits (without --expiry, 1h)", 0},
		{"zero", []string{"--expiry", "0"}, ExitUsage, "--expiry 0: an invoice can wait from 1s to 24h", 0},
		{"negative", []string{"--expiry", "-5m"}, ExitUsage, "--expiry -5m: an invoice can wait from 1s to 24h", 0},
		{"under a second", []string{"--expiry", "500ms"}, ExitUsage, "--expiry 500ms: an invoice can wait from 1s to 24h", 0},
		{"part seconds", []string{"--expiry", "1.5s"}, ExitUsage, "--expiry 1.5s: give whole seconds, such as 90s or 10m", 0},
		{"not a duration", []string{"--expiry", "10"}, ExitUsage, `invalid value "10" for flag -expiry: give a duration such as 90s, 10m or 2h`, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := &fakeBackend{wallets: wallets("Till", "Payouts")}
			args := append([]string{"invoice", "--wallet", "Till", "--no-qr", "--json"}, tt.args...)
			connected := 0
			r := runWithDeps(b, "", func(d *Deps) {
				connect := d.Connect
				d.Connect = func(s config.Settings) (port.Backend, error) { connected++; return connect(s) }
			}, args...)
			said := r.stdout + r.stderr
			var e struct{ Error struct{ Message string } }
			if json.Unmarshal([]byte(r.stdout), &e) == nil {
				said += e.Error.Message // --json: the refusal is the JSON error
			}
			if r.code != tt.code || !strings.Contains(said, tt.said) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			if tt.code != ExitOK {
				if len(b.receives) != 0 || connected != 0 {
					t.Errorf("refused, yet %d receives and %d connections", len(b.receives), connected)
				}
				return
			}
			got := b.receives[0].Expiration
			if (got == nil) != (tt.seconds == 0) || (got != nil && *got != tt.seconds) {
				t.Fatalf("expiration %v, want %d", got, tt.seconds)
			}
			// The fake's invoice does not decode: the expiry shown is the one asked for.
			var out struct {
				ExpiresAt time.Time `json:"expires_at"`
			}
			want := time.Hour
			if tt.seconds != 0 {
				want = time.Duration(tt.seconds) * time.Second
			}
			if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || !out.ExpiresAt.Equal(t0.Add(want)) {
				t.Errorf("expires_at %v, want %v (%v)", out.ExpiresAt, t0.Add(want), err)
			}
		})
	}
}

package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/ui/port"
)

// TestSplitCommand: the command name is found after any global flags,
// their values skipped even where a value looks like a command; a flag
// only the dashboard has, or no name at all, is the dashboard's.
func TestSplitCommand(t *testing.T) {
	for _, tt := range []struct {
		args       []string
		name       string
		lead, rest []string
		given      bool
	}{
		{[]string{"wallets"}, "wallets", nil, nil, true},
		{[]string{"--json", "wallets"}, "wallets", []string{"--json"}, nil, true},
		{[]string{"--profile", "history", "wallets", "--json"}, "wallets", []string{"--profile", "history"}, []string{"--json"}, true},
		{[]string{"--profile=prod", "-json", "history", "--limit", "5"}, "history", []string{"--profile=prod", "-json"}, []string{"--limit", "5"}, true},
		{[]string{"--base-url", "https://x", "--organization", "o", "--environment", "e", "--api-key-env", "K", "--unit", "usd",
			"--price-url", "off", "--config", "c.toml", "--demo", "price"}, "price",
			[]string{"--base-url", "https://x", "--organization", "o", "--environment", "e", "--api-key-env", "K", "--unit", "usd",
				"--price-url", "off", "--config", "c.toml", "--demo"}, nil, true},
		{[]string{"--json=true", "help", "pay"}, "help", []string{"--json=true"}, []string{"pay"}, true},
		{nil, "", nil, nil, false},
		{[]string{"--demo"}, "", nil, []string{"--demo"}, false},
		{[]string{"--refresh", "5s", "--demo"}, "", nil, []string{"--refresh", "5s", "--demo"}, false},
		{[]string{"--demo", "--theme", "dark", "wallets"}, "", nil, []string{"--demo", "--theme", "dark", "wallets"}, false},
		{[]string{"--", "wallets"}, "", nil, []string{"--", "wallets"}, false},
	} {
		name, lead, rest, given := splitCommand(tt.args)
		if name != tt.name || !slices.Equal(lead, tt.lead) || !slices.Equal(rest, tt.rest) || given != tt.given {
			t.Errorf("%q: %q %q %q %v, want %q %q %q %v", tt.args, name, lead, rest, given, tt.name, tt.lead, tt.rest, tt.given)
		}
	}
}

// TestGlobalFlagsBeforeOrAfter: each global flag does the same before the
// command name as after it.
func TestGlobalFlagsBeforeOrAfter(t *testing.T) {
	for _, tt := range []struct {
		name   string
		global []string
		cmd    []string
		check  func(t *testing.T, r result, s config.Settings)
	}{
		{"json", []string{"--json"}, []string{"wallets"}, func(t *testing.T, r result, _ config.Settings) {
			if !strings.HasPrefix(r.stdout, "[") || !strings.Contains(r.stdout, `"name": "Till"`) {
				t.Errorf("not JSON: %s", r.stdout)
			}
		}},
		{"json history", []string{"-json"}, []string{"history", "--limit", "1"}, func(t *testing.T, r result, _ config.Settings) {
			if !strings.HasPrefix(r.stdout, "[") {
				t.Errorf("not JSON: %s", r.stdout)
			}
		}},
		{"unit", []string{"--unit", "btc"}, []string{"wallets"}, func(t *testing.T, r result, s config.Settings) {
			if !strings.Contains(r.stdout, "(BTC)") && !strings.Contains(r.stdout, "btc") {
				t.Errorf("not in btc: %s", r.stdout)
			}
		}},
		{"account flags", []string{"--base-url", "http://127.0.0.1:9/v1", "--organization", "11111111-2222-4333-8444-555555555555",
			"--environment", "66666666-7777-4888-9999-000000000000", "--api-key-env", "OTHER_KEY"}, []string{"wallets"},
			func(t *testing.T, r result, s config.Settings) {
				if s.BaseURL != "http://127.0.0.1:9/v1" || s.Organization != "11111111-2222-4333-8444-555555555555" ||
					s.Environment != "66666666-7777-4888-9999-000000000000" || s.APIKey() != "vltg_other" {
					t.Errorf("settings %+v", s)
				}
			}},
		{"price url", []string{"--price-url", "off"}, []string{"wallets"}, func(t *testing.T, r result, s config.Settings) {
			if s.PriceURL != "" && s.PriceURL != "off" {
				t.Errorf("price url %q", s.PriceURL)
			}
		}},
		{"config", []string{"--config", "/nonexistent/voltdash.toml"}, []string{"config", "path"}, func(t *testing.T, r result, _ config.Settings) {
			if !strings.Contains(r.stdout, "/nonexistent/voltdash.toml") {
				t.Errorf("path %q", r.stdout)
			}
		}},
		{"profile", []string{"--profile", "nope"}, []string{"wallets"}, func(t *testing.T, r result, _ config.Settings) {
			if r.code == ExitOK || !strings.Contains(r.stderr, "nope") {
				t.Errorf("an unknown profile taken: exit %d %s", r.code, r.stderr)
			}
		}},
		{"demo", []string{"--demo"}, []string{"wallets"}, func(t *testing.T, r result, _ config.Settings) {
			if r.code != ExitAuth || !strings.Contains(r.stderr, "no demo") {
				t.Errorf("demo not asked for: exit %d %s", r.code, r.stderr)
			}
		}},
	} {
		for _, where := range []string{"before", "after"} {
			t.Run(tt.name+" "+where, func(t *testing.T) {
				args := append(append([]string{}, tt.global...), tt.cmd...)
				if where == "after" {
					args = append(append([]string{}, tt.cmd...), tt.global...)
				}
				var got config.Settings
				b := account()
				r := runWithDeps(b, "", func(d *Deps) {
					getenv := d.Getenv
					d.Getenv = func(k string) string {
						if k == "OTHER_KEY" {
							return "vltg_other"
						}
						return getenv(k)
					}
					d.Connect = func(s config.Settings) (port.Backend, error) { got = s; return b, nil }
				}, args...)
				tt.check(t, r, got)
			})
		}
	}
}

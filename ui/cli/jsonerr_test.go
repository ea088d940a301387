package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// jsonErrorCases are, for every command (the dashboard and version too),
// the command lines that must fail in JSON under --json: an unknown flag,
// a flag without its value, a bad value, and a missing argument where the
// command takes one.
func jsonErrorCases() map[string][]string {
	bad := map[string][]string{ // a value the command refuses
		"":           {"--refresh", "soon"},
		"pos":        {"--demo-activity", "lots"},
		"wallets":    {"--unit", "furlongs"},
		"history":    {"--limit", "many"},
		"report":     {"--by", "fortnight"},
		"invoice":    {"--wallet", "Till", "--amount", "1,50"},
		"pay":        {"--timeout", "-1s", "lnbc1x"},
		"wallet":     {"rename", "Till", "x"},
		"credit":     {"--set-limit", "lots"},
		"webhooks":   {"create", "--url", "ftp://x", "--secret-file", "/nonexistent/hook.secret"},
		"deliveries": {"list", "shop", "--limit", "0"},
		"listen":     {"--secret-file", "/nonexistent/hook.secret"},
		"price":      {"--at", "whenever"},
		"resume":     {"--timeout", "later"},
		"status":     {"42"},
		"config":     {"frobnicate"},
		"completion": {"tcsh"},
		"version":    {"--json=maybe"},
	}
	missing := map[string][]string{ // no argument where one is needed
		"pay":        {},
		"wallet":     {},
		"deliveries": {},
		"status":     {},
		"config":     {},
		"completion": {},
	}
	cases := map[string][]string{"unknown_command": {"frobnicate", "--json"}, "unknown_command_json_first": {"--json", "walets"}}
	for _, c := range append(commands(), versionCommand) {
		name, words := c.name, []string{c.name}
		if name == "" {
			name, words = "dashboard", nil
		}
		cases["unknown_flag/"+name] = append(append([]string{}, words...), "--bogus", "--json")
		cases["no_value/"+name] = append(append([]string{"--json"}, words...), "--profile")
		if args, ok := bad[c.name]; ok {
			cases["bad_value/"+name] = append(append(append([]string{}, words...), args...), "--json")
		}
		if args, ok := missing[c.name]; ok {
			cases["missing_argument/"+name] = append(append([]string{"--json"}, words...), args...)
		}
	}
	return cases
}

// TestJSONErrors: under --json every refusal is one JSON document on
// stdout, {"error": {"kind", "message"}}, with the exit code the text
// would have had, and nothing on stderr: bad flags and unknown commands
// as much as what the commands refuse themselves. Kept as goldens.
func TestJSONErrors(t *testing.T) {
	for name, args := range jsonErrorCases() {
		t.Run(name, func(t *testing.T) {
			r := runWith(account(), "", args...)
			var e struct {
				Error struct {
					Kind    string `json:"kind"`
					Message string `json:"message"`
				} `json:"error"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &e); err != nil || e.Error.Kind == "" || e.Error.Message == "" {
				t.Fatalf("%q: exit %d, not the JSON error (%v)\nstdout: %s\nstderr: %s", args, r.code, err, r.stdout, r.stderr)
			}
			if r.code == ExitOK || exitKinds[r.code] != e.Error.Kind {
				t.Errorf("exit %d, kind %q", r.code, e.Error.Kind)
			}
			if strings.Contains(r.stderr, e.Error.Message) {
				t.Errorf("said twice, on stderr too: %s", r.stderr)
			}
			// The same line without --json fails with the same code.
			var plain []string
			for _, a := range args {
				if a != "--json" {
					plain = append(plain, a)
				}
			}
			if p := runWith(account(), "", plain...); name != "bad_value/version" && p.code != r.code {
				t.Errorf("without --json: exit %d, with it %d", p.code, r.code)
			}
			golden.RequireEqual(t, fmt.Sprintf("$ voltdash %s\nexit %d\n%s", strings.Join(args, " "), r.code, r.stdout))
		})
	}
}

package cli

import (
	"slices"
	"strings"
	"testing"
)

// TestActions: a command's first words come from its arguments in the
// table, and only where they are words to type, not the user's own.
func TestActions(t *testing.T) {
	for _, tt := range []struct {
		args string
		want []string
	}{
		{"create|rename|delete|policies|ledger [WALLET] [NEW_NAME]", []string{"create", "rename", "delete", "policies", "ledger"}},
		{"list|create|rotate-key [WEBHOOK]", []string{"list", "create", "rotate-key"}},
		{"bash|zsh|fish|powershell", []string{"bash", "zsh", "fish", "powershell"}},
		{"INVOICE|ADDRESS|URI|NAME@DOMAIN|LNURL", nil},
		{"METHOD PATH", nil},
		{"PAYMENT_ID", nil},
		{"list||show", nil},
		{"", nil},
	} {
		if got := actions(command{args: tt.args}); !slices.Equal(got, tt.want) {
			t.Errorf("actions(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

// TestPSQuote: PowerShell ends a single-quoted string at any of its
// single quotes, the typographic ones too; each is doubled.
func TestPSQuote(t *testing.T) {
	for in, want := range map[string]string{
		"plain":           "'plain'",
		"the line's":      "'the line''s'",
		"the line\u2019s": "'the line\u2019\u2019s'",
		"\u2018a\u2019":   "'\u2018\u2018a\u2019\u2019'",
		`$x "y" \z`:       `'$x "y" \z'`,
		"":                "''",
	} {
		if got := psQuote(in); got != want {
			t.Errorf("psQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestCompletionCoversTheTable: each shell's script completes every
// command and, for each, every flag it takes and its first words.
func TestCompletionCoversTheTable(t *testing.T) {
	scripts := map[string]string{}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := runWith(account(), "", "completion", shell)
		if r.code != ExitOK || r.stderr != "" {
			t.Fatalf("%s: exit %d %s", shell, r.code, r.stderr)
		}
		scripts[shell] = r.stdout
	}
	ps := scripts["powershell"]
	for _, name := range subcommands() {
		for shell, s := range scripts {
			if !strings.Contains(s, name) {
				t.Errorf("%s: no %s", shell, name)
			}
		}
		if !strings.Contains(ps, "\n        '"+name+"' = '") {
			t.Errorf("powershell: %s is not a command with a description", name)
		}
	}
	for _, c := range commands() {
		// The command's block of flags in the PowerShell script.
		_, block, _ := strings.Cut(ps, "\n        "+psQuote(c.name)+" = [ordered]@{\n")
		block, _, _ = strings.Cut(block, "\n        }\n")
		for _, f := range flagsOf(c) {
			if !strings.Contains(block, "'--"+f[0]+"' = "+psQuote(f[1])) {
				t.Errorf("powershell %q: no --%s", c.name, f[0])
			}
			if !strings.Contains(scripts["fish"], "-l "+f[0]+" ") || !strings.Contains(scripts["zsh"], "'--"+f[0]+"[") {
				t.Errorf("fish or zsh %q: no --%s", c.name, f[0])
			}
		}
		if a := actions(c); len(a) > 0 && !strings.Contains(ps, psQuote(c.name)+" = "+psList(a)) {
			t.Errorf("powershell %q: not its first words %q", c.name, a)
		}
	}
	if !strings.Contains(ps, "Register-ArgumentCompleter -Native -CommandName 'voltdash', 'voltdash.exe'") {
		t.Error("powershell: no completer registered")
	}
}

package cli

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

func runCompletion(r *runner) int {
	if len(r.args) != 1 {
		return r.fail(ExitUsage, "completion takes bash, zsh, fish or powershell")
	}
	switch r.args[0] {
	case "bash":
		bashCompletion(r.d.Stdout)
	case "zsh":
		zshCompletion(r.d.Stdout)
	case "fish":
		fishCompletion(r.d.Stdout)
	case "powershell":
		powershellCompletion(r.d.Stdout)
	default:
		return r.fail(ExitUsage, "completion %q: use bash, zsh, fish or powershell", r.args[0])
	}
	return ExitOK
}

// flagSetOf is every flag a command takes, the global ones included.
func flagSetOf(c command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	var o options
	globalFlags(fs, &o)
	if c.name != "" {
		scriptFlags(fs, &o)
	}
	fs.Bool("help", false, "show help")
	fs.Bool("version", false, "print the version")
	if c.flags != nil {
		c.flags(fs, &o)
	}
	return fs
}

// flagsOf lists a command's flags with their help, for completion.
func flagsOf(c command) [][2]string {
	var out [][2]string
	flagSetOf(c).VisitAll(func(f *flag.Flag) {
		if len(f.Name) > 1 { // -n, -i: short spellings of flags offered by their long names
			out = append(out, [2]string{f.Name, f.Usage})
		}
	})
	return out
}

// subcommands are every command name, sim and version included.
func subcommands() []string {
	names := []string{"sim", "version", "help"}
	for _, c := range commands() {
		if c.name != "" {
			names = append(names, c.name)
		}
	}
	sort.Strings(names)
	return names
}

// extraCommands are the commands outside the table, with what they do.
var extraCommands = [][2]string{
	{"sim", "serve the Voltage simulator alone"},
	{"version", "print the version"},
	{"help", "explain a command and its flags"},
}

// actions are the words a command takes first, read from its arguments
// in the table ("create|rename|delete [WALLET]"): the lower-case
// alternatives; none where it takes something of the user's (PAYMENT_ID).
func actions(c command) []string {
	first, _, _ := strings.Cut(c.args, " ")
	if first == "" {
		return nil
	}
	alts := strings.Split(first, "|")
	for _, a := range alts {
		if a == "" || strings.TrimLeft(a, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return nil
		}
	}
	return alts
}

func words(c command) string {
	var w []string
	for _, f := range flagsOf(c) {
		w = append(w, "--"+f[0])
	}
	return strings.Join(w, " ")
}

func bashCompletion(w io.Writer) {
	fmt.Fprintf(w, `# bash completion for voltdash: source it, or save it as
# /etc/bash_completion.d/voltdash
_voltdash() {
    local cur=${COMP_WORDS[COMP_CWORD]} cmd=""
    local i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac
    done
    case $cmd in
`)
	for _, c := range commands() {
		name := c.name
		if name == "" {
			name = `""`
		}
		extra := ""
		if a := actions(c); len(a) > 0 {
			extra = " " + strings.Join(a, " ")
		}
		if c.name == "" {
			extra = " " + strings.Join(subcommands(), " ")
		}
		fmt.Fprintf(w, "        %s) COMPREPLY=($(compgen -W \"%s%s\" -- \"$cur\")) ;;\n", name, words(c), extra)
	}
	fmt.Fprint(w, `    esac
}
complete -F _voltdash voltdash
`)
}

func zshCompletion(w io.Writer) {
	fmt.Fprint(w, "#compdef voltdash\n# zsh completion for voltdash: save it as _voltdash in a directory of $fpath.\n\n_voltdash() {\n")
	fmt.Fprint(w, "  local -a cmds\n  cmds=(\n")
	for _, c := range commands() {
		if c.name != "" {
			fmt.Fprintf(w, "    '%s:%s'\n", c.name, zshQuote(c.summary))
		}
	}
	for _, e := range extraCommands {
		fmt.Fprintf(w, "    '%s:%s'\n", e[0], zshQuote(e[1]))
	}
	fmt.Fprint(w, "  )\n")
	fmt.Fprint(w, "  if (( CURRENT == 2 )) && [[ $words[2] != -* ]]; then\n    _describe command cmds\n    return\n  fi\n  case $words[2] in\n")
	for _, c := range commands() {
		pattern := c.name
		if c.name == "" {
			pattern = "-*" // no command: the dashboard's flags
		}
		fmt.Fprintf(w, "    %s) _arguments", pattern)
		for _, f := range flagsOf(c) {
			fmt.Fprintf(w, " '--%s[%s]'", f[0], zshQuote(f[1]))
		}
		if a := actions(c); len(a) > 0 {
			fmt.Fprintf(w, " '2:action:(%s)'", strings.Join(a, " "))
		}
		fmt.Fprint(w, " ;;\n")
	}
	fmt.Fprint(w, "  esac\n}\n\n_voltdash \"$@\"\n")
}

func zshQuote(s string) string {
	return strings.NewReplacer("'", `'\''`, "[", `\[`, "]", `\]`, ":", `\:`).Replace(s)
}

func fishCompletion(w io.Writer) {
	fmt.Fprint(w, "# fish completion for voltdash: save it as ~/.config/fish/completions/voltdash.fish\n")
	fmt.Fprintf(w, "complete -c voltdash -f -n '__fish_use_subcommand' -a '%s'\n", strings.Join(subcommands(), " "))
	for _, c := range commands() {
		cond := "__fish_use_subcommand"
		if c.name != "" {
			cond = "__fish_seen_subcommand_from " + c.name
		}
		for _, f := range flagsOf(c) {
			fmt.Fprintf(w, "complete -c voltdash -n '%s' -l %s -d '%s'\n", cond, f[0], strings.ReplaceAll(f[1], "'", `\'`))
		}
	}
	for _, c := range commands() {
		if a := actions(c); len(a) > 0 {
			fmt.Fprintf(w, "complete -c voltdash -f -n '__fish_seen_subcommand_from %s' -a '%s'\n", c.name, strings.Join(a, " "))
		}
	}
}

// powershellCompletion registers a native argument completer: the
// command names, each command's flags and first words, with their help
// as tooltips.
func powershellCompletion(w io.Writer) {
	fmt.Fprint(w, `# PowerShell completion for voltdash: add this line to your profile ($PROFILE):
#   voltdash completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName 'voltdash', 'voltdash.exe' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $commands = [ordered]@{
`)
	for _, c := range commands() {
		if c.name != "" {
			fmt.Fprintf(w, "        %s = %s\n", psQuote(c.name), psQuote(c.summary))
		}
	}
	for _, e := range extraCommands {
		fmt.Fprintf(w, "        %s = %s\n", psQuote(e[0]), psQuote(e[1]))
	}
	fmt.Fprint(w, "    }\n    $flags = @{\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "        %s = [ordered]@{\n", psQuote(c.name))
		for _, f := range flagsOf(c) {
			fmt.Fprintf(w, "            %s = %s\n", psQuote("--"+f[0]), psQuote(f[1]))
		}
		fmt.Fprint(w, "        }\n")
	}
	fmt.Fprint(w, "    }\n    $actions = @{\n")
	for _, c := range commands() {
		if a := actions(c); len(a) > 0 {
			fmt.Fprintf(w, "        %s = %s\n", psQuote(c.name), psList(a))
		}
	}
	fmt.Fprintf(w, "        'help' = %s\n    }\n", psList(subcommands()))
	// The flags that take a value, so that the value is not taken for the
	// command's name or its first word (voltdash --profile lab pay,
	// voltdash wallet --limit 5 ledger).
	takes := map[string]bool{}
	for _, c := range commands() {
		flagSetOf(c).VisitAll(func(f *flag.Flag) {
			if !isBool(f) {
				takes["-"+f.Name], takes["--"+f.Name] = true, true
			}
		})
	}
	valued := make([]string, 0, len(takes))
	for name := range takes {
		valued = append(valued, name)
	}
	sort.Strings(valued)
	fmt.Fprintf(w, "    $valued = %s\n", psList(valued))
	fmt.Fprint(w, `    $cmd = ''
    $positional = 0
    $skip = $false
    foreach ($e in @($commandAst.CommandElements | Select-Object -Skip 1)) {
        if ($e.Extent.EndOffset -ge $cursorPosition) { break }
        $t = $e.Extent.Text
        if ($skip) { $skip = $false; continue }
        if ($t.StartsWith('-')) {
            $skip = $valued -ccontains $t
            continue
        }
        if ($cmd -eq '') { $cmd = $t } else { $positional++ }
    }
    $candidates = $null
    if ($wordToComplete.StartsWith('-')) {
        $candidates = $flags[$cmd]
    } elseif ($cmd -eq '') {
        $candidates = $commands
    } elseif ($positional -eq 0 -and $actions.ContainsKey($cmd)) {
        $candidates = [ordered]@{}
        foreach ($a in $actions[$cmd]) { $candidates[$a] = $a }
    }
    if ($null -eq $candidates) { return }
    foreach ($k in $candidates.Keys) {
        if ($k.StartsWith($wordToComplete, [System.StringComparison]::Ordinal)) {
            $kind = if ($k.StartsWith('-')) { 'ParameterName' } else { 'ParameterValue' }
            [System.Management.Automation.CompletionResult]::new($k, $k, $kind, $candidates[$k])
        }
    }
}
`)
}

// psQuote is s as a single-quoted PowerShell string, in which the
// typographic single quotes end the string too, so each is doubled.
func psQuote(s string) string {
	return "'" + strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019",
		"\u201a", "\u201a\u201a", "\u201b", "\u201b\u201b").Replace(s) + "'"
}

func psList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = psQuote(s)
	}
	return "@(" + strings.Join(q, ", ") + ")"
}

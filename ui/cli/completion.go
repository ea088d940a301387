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
		return r.fail(ExitUsage, "completion takes bash, zsh or fish")
	}
	switch r.args[0] {
	case "bash":
		bashCompletion(r.d.Stdout)
	case "zsh":
		zshCompletion(r.d.Stdout)
	case "fish":
		fishCompletion(r.d.Stdout)
	default:
		return r.fail(ExitUsage, "completion %q: use bash, zsh or fish", r.args[0])
	}
	return ExitOK
}

// flagsOf lists a command's flags with their help, for completion.
func flagsOf(c command) [][2]string {
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
	var out [][2]string
	fs.VisitAll(func(f *flag.Flag) { out = append(out, [2]string{f.Name, f.Usage}) })
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
		switch c.name {
		case "config":
			extra = " init check path"
		case "completion":
			extra = " bash zsh fish"
		case "":
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
	fmt.Fprint(w, "    'sim:serve the Voltage simulator alone'\n    'version:print the version'\n  )\n")
	fmt.Fprint(w, "  if (( CURRENT == 2 )) && [[ $words[2] != -* ]]; then\n    _describe command cmds\n    return\n  fi\n  case $words[2] in\n")
	for _, c := range commands() {
		if c.name == "" {
			continue
		}
		fmt.Fprintf(w, "    %s) _arguments", c.name)
		for _, f := range flagsOf(c) {
			fmt.Fprintf(w, " '--%s[%s]'", f[0], zshQuote(f[1]))
		}
		switch c.name {
		case "config":
			fmt.Fprint(w, " '2:action:(init check path)'")
		case "completion":
			fmt.Fprint(w, " '2:shell:(bash zsh fish)'")
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
	fmt.Fprint(w, "complete -c voltdash -f -n '__fish_seen_subcommand_from config' -a 'init check path'\n")
	fmt.Fprint(w, "complete -c voltdash -f -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n")
}

package cli

import (
	"flag"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The manual page, voltdash(1), is written from the command table, as
// --help and completion are: a flag or an example added to a command is
// in all three.

func runMan(r *runner) int {
	date := r.d.Clock.Now()
	// SOURCE_DATE_EPOCH is the reproducible-builds convention: the release
	// sets it to the commit's time, so the page it ships is the same on
	// every build of that commit.
	if s := r.d.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return r.fail(ExitUsage, "SOURCE_DATE_EPOCH %q: give the seconds since 1970-01-01 UTC", s)
		}
		date = time.Unix(sec, 0)
	}
	manPage(r.d.Stdout, r.d.Version, date.UTC())
	return ExitOK
}

// exitStatuses are the exit codes as the page explains them.
var exitStatuses = []struct {
	code int
	what string
}{
	{ExitOK, "Done; for a payment, completed."},
	{ExitFailed, "The payment failed or the invoice expired (or the payment was not confirmed)."},
	{ExitUsage, "Bad input: flags, arguments, amounts, invoices, the configuration file; checked before anything is sent."},
	{ExitAuth, "No account configured, or the key or its permissions were refused."},
	{ExitNetwork, "Voltage could not be reached, kept failing, or answered what voltdash cannot read."},
	{ExitPending, "--wait gave up before the payment was final."},
	{ExitLocal, "A local problem: the send journal could not be written or read, or the clock is off (config check)."},
	{ExitInterrupted, "Interrupted by Ctrl-C. pay and invoice --wait first say whether the payment may have gone out, " +
		"its id, and voltdash status ID --wait (and voltdash resume, for a send) to follow it. A second Ctrl-C stops at once."},
}

// manPage writes voltdash(1) in roff, for man(1), mandoc and groff alike.
func manPage(w io.Writer, version string, date time.Time) {
	p := &roff{}
	p.line(`.\" voltdash(1), written by "voltdash man" from its command table.`)
	p.macro("TH", "VOLTDASH", "1", date.Format("2006-01-02"), "voltdash "+version, "User Commands")

	p.macro("SH", "NAME")
	p.line(`voltdash \- a terminal dashboard and commands for Lightning wallets on Voltage`)

	p.macro("SH", "SYNOPSIS")
	p.line(`\fBvoltdash\fR [\fIflags\fR]`)
	p.line(".br")
	p.line(`\fBvoltdash\fR \fIcommand\fR [\fIflags\fR] [\fIarguments\fR]`)

	p.macro("SH", "DESCRIPTION")
	p.text("Run with no command, voltdash is a full-screen dashboard of the wallets of one Voltage environment: " +
		"balances, the whole payment history with search, invoices with their QR code, sends with a confirmation, " +
		"and each payment's status as it changes. With no account configured it runs a demo against a simulator built into the program.")
	p.line(".PP")
	p.text("The commands are for scripts: they print text for people, or JSON with --json, and exit with the codes below. " +
		"Amounts are taken as sats (1500, 2.5k), bitcoin (0.0001 btc) or dollars ($4.50) and travel as integer millisatoshis. " +
		"Every send is written to a journal before it goes out, so that a crash never sends twice; voltdash resume follows what a crash left.")
	p.line(".PP")
	p.text("Settings come from the flags, then the environment, then the configuration file's profile. The API key never appears in output or errors.")

	p.macro("SH", "OPTIONS")
	p.text("Every command takes these, before or after its name:")
	all := flag.NewFlagSet("voltdash", flag.ContinueOnError)
	var o options
	globalFlags(all, &o)
	all.Bool("help", false, "show the command's help and its examples")
	all.Bool("version", false, "print the version")
	p.flags(all)
	p.line(".PP")
	p.text("Every command but the dashboard also takes:")
	scripts := flag.NewFlagSet("voltdash", flag.ContinueOnError)
	scriptFlags(scripts, &o)
	p.flags(scripts)

	p.macro("SH", "COMMANDS")
	for _, c := range manCommands() {
		p.command(c)
	}
	p.macro("SS", "voltdash sim")
	p.line(`\fBvoltdash sim\fR [\fIflags\fR]`)
	p.line(".PP")
	p.text("Serve the Voltage simulator alone, for any client, and print one JSON line with its base URL, API key, organization id, " +
		"environment id and line-of-credit id. It has flags of its own: voltdash sim --help.")
	p.macro("SS", "voltdash help")
	p.line(`\fBvoltdash help\fR [\fIcommand\fR]`)
	p.line(".PP")
	p.text("Explain a command and its flags, as voltdash COMMAND --help does; with no command, list the commands by purpose.")

	p.macro("SH", "ENVIRONMENT")
	for _, e := range [][2]string{
		{"VOLTAGE_API_KEY", "The API key, for one environment (see also --api-key-env and the file's api_key_env and api_key_command)."},
		{"VOLTAGE_ORGANIZATION_ID", "The organization id, as --organization."},
		{"VOLTAGE_ENVIRONMENT_ID", "The environment id, as --environment."},
		{"VOLTAGE_BASE_URL", "The API's base URL, as --base-url (default https://voltageapi.com/v1)."},
		{"VOLTDASH_PROFILE", "The profile of the configuration file, as --profile."},
		{"VOLTDASH_UNIT, VOLTDASH_THEME, VOLTDASH_REFRESH", "As --unit, --theme and --refresh."},
		{"VOLTDASH_PRICE_URL", "The BTCUSD price service, as --price-url; off for none."},
		{"VOLTDASH_WEBHOOK_URL, VOLTDASH_WEBHOOK_LISTEN", "Push: as --webhook-url and --webhook-listen."},
		{defaultSecretEnv, "The signing secret voltdash listen verifies deliveries with, unless --secret-env or --secret-file says otherwise."},
		{"XDG_CONFIG_HOME, XDG_STATE_HOME", "Where the configuration file and the send journal are (see FILES)."},
		{"NO_COLOR", "Set to anything, turns colours off."},
		{"SOURCE_DATE_EPOCH", "The date voltdash man writes on this page, in seconds since 1970 (default today)."},
	} {
		p.line(".TP")
		p.code(`\fB`, e[0], `\fR`)
		p.text(e[1])
	}

	p.macro("SH", "FILES")
	for _, f := range [][2]string{
		{"$XDG_CONFIG_HOME/voltdash/config.toml", "The configuration: profiles and display settings (else ~/.config/voltdash/config.toml). " +
			"voltdash config init writes a commented template; voltdash config check checks it and tries the connection. " +
			"An inline api_key is used only from a file no one else can read."},
		{"$XDG_STATE_HOME/voltdash/sends/", "The send journal, one directory per environment (else ~/.local/state/voltdash/sends/)."},
		{"$XDG_STATE_HOME/voltdash/demo.json", "While the demo runs, its simulator's address and credentials, the line voltdash sim prints."},
	} {
		p.line(".TP")
		p.code(`\fI`, f[0], `\fR`)
		p.text(f[1])
	}

	p.macro("SH", "EXIT STATUS")
	for _, e := range exitStatuses {
		p.line(".TP")
		p.line(strconv.Itoa(e.code))
		p.text(e.what)
	}

	p.macro("SH", "SEE ALSO")
	p.text("voltdash help COMMAND; the README and docs/json.md (each command's JSON) in voltdash's source; " +
		"Voltage's API at https://voltageapi.com.")
	io.WriteString(w, p.String())
}

// manCommands are the commands in the order voltdash --help lists them,
// by purpose, with any in no group after.
func manCommands() []command {
	byName := map[string]command{versionCommand.name: versionCommand}
	var order []string
	for _, c := range commands() {
		byName[c.name] = c
		order = append(order, c.name)
	}
	var out []command
	seen := map[string]bool{}
	for _, g := range commandGroups {
		for _, n := range g.names {
			if c, ok := byName[n]; ok && !seen[n] {
				out, seen[n] = append(out, c), true
			}
		}
	}
	for _, n := range append(order, versionCommand.name) {
		if !seen[n] {
			out, seen[n] = append(out, byName[n]), true
		}
	}
	return out
}

// roff is a page being written. Text of ours goes through text or code,
// which escape what roff would read as its own: backslashes, a dot or an
// apostrophe that starts a line, and hyphens, which are written \- where they
// are typed (flags, commands) so that a copied command works.
type roff struct{ strings.Builder }

func (p *roff) line(s string) { p.WriteString(s); p.WriteByte('\n') }

// macro writes a request with its arguments quoted as needed.
func (p *roff) macro(name string, args ...string) {
	p.WriteString("." + name)
	for _, a := range args {
		a = escape(a, false)
		if a == "" || strings.ContainsAny(a, " \t") {
			a = `"` + a + `"`
		}
		p.WriteString(" " + a)
	}
	p.WriteByte('\n')
}

// text writes prose: a hyphen inside a word stays a hyphen. Lines are
// kept under 80 bytes, and each sentence starts a line, so that roff
// knows where sentences end (it leaves them more space).
func (p *roff) text(s string) {
	var line string
	words := strings.Fields(escape(s, false))
	for i, w := range words {
		if line != "" && len(line)+1+len(w) > 79 {
			p.line(lineStart(line))
			line = ""
		}
		if line == "" {
			line = w
		} else {
			line += " " + w
		}
		if ends := strings.HasSuffix(w, ".") && i+1 < len(words); ends && unicode.IsUpper([]rune(words[i+1])[0]) {
			p.line(lineStart(line))
			line = ""
		}
	}
	p.line(lineStart(line))
}

// code writes something typed, between two font changes.
func (p *roff) code(open, s, close string) { p.line(open + escape(s, true) + close) }

// lineStart keeps a line that starts with a control character from being
// read as a request.
func lineStart(s string) string {
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		return `\&` + s
	}
	return s
}

// escape makes s roff text: backslashes printed, characters outside ASCII
// by their code point (groff reads input as Latin-1 otherwise), double
// quotes that would end a macro's argument, and hyphens as minus signs:
// all of them in code, in prose those not between two letters or digits.
func escape(s string, code bool) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '"':
			b.WriteString(`\(dq`)
		case r == '-':
			inWord := i > 0 && i < len(rs)-1 && isWordRune(rs[i-1]) && isWordRune(rs[i+1])
			if code || !inWord {
				b.WriteString(`\-`)
			} else {
				b.WriteRune('-')
			}
		case r > unicode.MaxASCII:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// command writes one command: how it is called, what it does, its flags,
// which go together, and its examples.
func (p *roff) command(c command) {
	name := strings.TrimSpace("voltdash " + c.name)
	p.macro("SS", name)
	call := `\fB` + escape(name, true) + `\fR [\fIflags\fR]`
	if c.args != "" {
		call += ` \fI` + escape(c.args, true) + `\fR`
	}
	p.line(call)
	p.line(".PP")
	p.text(c.summary)
	if c.flags != nil {
		fs := flag.NewFlagSet(name, flag.ContinueOnError)
		var o options
		c.flags(fs, &o)
		p.line(".PP")
		p.text("Flags:")
		p.flags(fs)
	}
	if t := together[c.name]; len(t) > 0 {
		p.line(".PP")
		p.text("Flags that go together:")
		for _, s := range t {
			p.line(`.IP \(bu 2`)
			p.text(s)
		}
	}
	if len(c.examples) > 0 {
		p.line(".PP")
		p.text("Examples:")
		p.line(".PP")
		p.line(".RS 4")
		p.line(".nf")
		for _, e := range c.examples {
			p.line(lineStart(escape(e, true)))
		}
		p.line(".fi")
		p.line(".RE")
	}
}

// flags writes a flag set as a list, a short spelling beside its long one.
func (p *roff) flags(fs *flag.FlagSet) {
	short := map[flag.Value]string{}
	fs.VisitAll(func(f *flag.Flag) {
		if len(f.Name) == 1 {
			short[f.Value] = f.Name
		}
	})
	fs.VisitAll(func(f *flag.Flag) {
		if len(f.Name) == 1 && hasLong(fs, f) {
			return
		}
		tag := `\fB\-\-` + escape(f.Name, true) + `\fR`
		if s, ok := short[f.Value]; ok && s != f.Name {
			tag = `\fB\-` + s + `\fR, ` + tag
		}
		if v := placeholder(f); v != "" {
			tag += ` \fI` + v + `\fR`
		}
		p.line(".TP")
		p.line(tag)
		usage := f.Usage
		if !isZeroDefault(f) {
			usage += " (default " + f.DefValue + ")"
		}
		p.text(usage)
	})
}

// hasLong reports whether a one-letter flag is the short spelling of
// another, which it then shares a value with.
func hasLong(fs *flag.FlagSet, f *flag.Flag) bool {
	long := false
	fs.VisitAll(func(g *flag.Flag) { long = long || (len(g.Name) > 1 && g.Value == f.Value) })
	return long
}

// placeholder names what a flag takes; nothing for a switch.
func placeholder(f *flag.Flag) string {
	switch f.Value.(type) {
	case *pairs:
		return "key=value"
	case *optDuration:
		return "duration"
	case *dateFlag:
		return "date"
	}
	if isBool(f) {
		return ""
	}
	name, _ := flag.UnquoteUsage(f)
	return name
}

// isZeroDefault reports whether the flag's default is its type's zero
// value, which --help leaves unsaid too.
func isZeroDefault(f *flag.Flag) bool {
	t := reflect.TypeOf(f.Value)
	var z reflect.Value
	if t.Kind() == reflect.Pointer {
		z = reflect.New(t.Elem())
	} else {
		z = reflect.Zero(t)
	}
	v, ok := z.Interface().(flag.Value)
	return ok && f.DefValue == v.String()
}

// Package cli is voltdash on the command line: the subcommands for
// scripts (wallets, history, invoice, pay, status, config, completion),
// and the dispatch to the dashboard and the simulator. Like the dashboard,
// it is given its backend; it never talks HTTP itself.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui/port"
	"github.com/voltdash/voltdash/ui/qr"
)

// Exit codes, the same for every command.
const (
	ExitOK      = 0 // done; for a payment, completed
	ExitFailed  = 1 // the payment failed or the invoice expired
	ExitUsage   = 2 // bad input: flags, arguments, amounts, invoices, the configuration
	ExitAuth    = 3 // no account configured, or the key or its permissions were refused
	ExitNetwork = 4 // Voltage could not be reached, or kept failing
	ExitPending = 5 // --wait gave up before the payment was final
	ExitLocal   = 6 // a local problem: the send journal could not be written or read
	// ExitInterrupted is Ctrl-C's, as a shell reports a program SIGINT
	// ended (128+2): pay and invoice --wait first say what it interrupted.
	ExitInterrupted = 130
)

// LocalError is a failure of this machine rather than of the input or of
// Voltage (the send journal could not be opened): Deps.Connect returns
// it, and the command exits ExitLocal.
type LocalError struct{ Err error }

func (e *LocalError) Error() string { return e.Err.Error() }
func (e *LocalError) Unwrap() error { return e.Err }

// Deps is what the commands need from the program around them.
type Deps struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Interactive    bool // stdin is a terminal, so pay may ask
	TerminalOut    bool // stdout is a terminal, where a secret may be shown once
	Getenv         func(string) string
	Clock          clock.Clock
	Version        string
	QR             qr.Look

	// Connect opens the account the settings name.
	Connect func(config.Settings) (port.Backend, error)
	// Check tries a connection for config check.
	Check func(context.Context, config.Settings) (model.Health, error)
	// Dashboard runs the full-screen UI; Sim serves the simulator.
	Dashboard func(config.Settings, DashboardOptions) int
	Sim       func(args []string) int
	// Demo reads the account of the running demo's simulator.
	Demo func() (config.Settings, error)
	// Listen takes webhook deliveries on a local address until
	// interrupted, reporting each through heard once ready has the URL.
	Listen func(o ListenOptions, ready func(url string), heard func(model.HeardDelivery)) error
	// Prices is the BTCUSD price service the settings name (their
	// PriceURL, which --price-url sets), or nil when prices are off. It is
	// made from the settings, as Connect is, because the flags that choose
	// it are read here; a command run makes it once, and only when it
	// needs dollars.
	Prices func(config.Settings) port.Prices
	// LNURL reads Lightning Addresses and LNURL-pay links for pay (LUD-06,
	// LUD-16); nil: pay takes invoices and addresses only.
	LNURL port.LNURL
	// API opens the account for voltdash api: any operation, raw JSON.
	API func(config.Settings) (RawAPI, error)
	// Interrupts catches Ctrl-C for a command that can say what it
	// interrupted (pay, invoice --wait) until release: the first calls
	// first, and a second ends the program at once (Relay does both).
	// Nil: Ctrl-C is left to the system, as for every other command.
	Interrupts func(first func()) (release func())
}

// ListenOptions are `voltdash listen`'s: where to listen, the webhook's
// signing secret, and where to pass verified deliveries on.
type ListenOptions struct{ Addr, Secret, ForwardTo string }

// DashboardOptions are the dashboard's own flags.
type DashboardOptions struct {
	Demo         bool
	DemoActivity float64
	DemoAutopay  time.Duration
	NoPush       bool // poll only, even where webhook pushes could work
	// POS runs the point of sale alone, taking payments into POSWallet
	// (name or id; "" the first) in dollars or sats.
	POS         bool
	POSWallet   string
	POSCurrency string // usd or sats; "" usd when there is a price service
}

// pairs is a flag given once per key=value pair.
type pairs []string

func (p *pairs) String() string     { return strings.Join(*p, ",") }
func (p *pairs) Set(v string) error { *p = append(*p, v); return nil }

// optDuration is a duration flag that knows whether it was given, so that
// an explicit 0 is refused rather than taken for "the default".
type optDuration struct {
	d    time.Duration
	text string // as given, for messages
	set  bool
}

func (o *optDuration) String() string {
	if o == nil || !o.set {
		return ""
	}
	return o.text
}

func (o *optDuration) Set(v string) error {
	d, err := time.ParseDuration(v)
	if err != nil {
		return errors.New("give a duration such as 90s, 10m or 2h")
	}
	o.d, o.text, o.set = d, v, true
	return nil
}

// command is one subcommand: its flags, its help, and what it does.
type command struct {
	name, args, summary string
	examples            []string // shown by --help, one command line each
	flags               func(fs *flag.FlagSet, o *options)
	run                 func(r *runner) int
}

// options are every flag's value; each command registers the ones it has.
type options struct {
	config.Overrides
	configPath string
	json, csv  bool
	ndjson     bool // history: one JSON object a line, streamed
	all        bool // history: the whole history, not --limit
	demo       bool
	yes, wait  bool
	again      bool
	dryRun     bool // pay -n: check and show the plan, send nothing
	force      bool
	noQR       bool
	wallet     string
	amount     string
	maxFee     string
	memo       string
	comment    string // pay: the LUD-12 comment to a Lightning Address
	kind       string
	statuses   string
	direction  string
	since      string
	limit      int
	timeout    time.Duration
	expiry     optDuration // invoice --expiry
	resend     string
	at, fiat   string   // price --at; history --fiat
	from, to   dateFlag // report --from, --to
	by         string   // report --by
	dash       DashboardOptions
	// Wallet management.
	name, line  string
	creditLimit string // create: the credit limit; ledger: how many entries
	metadata    pairs
	sets        pairs
	setLimit    string
	disable     bool
	// Webhooks.
	listenAddr, secretEnv, secretFile, forwardTo string
	url, events                                  string
	api                                          apiOptions // voltdash api
}

// Run runs voltdash with args (without the program name) and returns the
// exit code. Global flags may come before the command name as well as
// after it ("voltdash --json wallets", "voltdash wallets --json"); under
// --json every failure, a bad flag or an unknown command included, is
// the JSON error on stdout.
func Run(args []string, d Deps) int {
	name, lead, rest, cmdGiven := splitCommand(args)
	asJSON := jsonIn(args, globalSet())
	if name == "help" {
		if len(rest) == 0 || rest[0] == "help" { // help help is help, which voltdash --help lists
			usage(d.Stdout)
			return ExitOK
		}
		name, rest = rest[0], []string{"--help"} // help pay is pay --help
	}
	if name == "sim" {
		if len(lead) > 0 {
			return (&runner{d: d, o: options{json: asJSON}}).fail(ExitUsage,
				"sim takes only its own flags (voltdash sim --help), given after it; %s is not one", lead[0])
		}
		return d.Sim(rest)
	}
	cmd, ok := lookup(name)
	if !ok {
		if asJSON {
			return (&runner{d: d, o: options{json: true}}).fail(ExitUsage, "unknown command %q: run 'voltdash --help' for the commands", name)
		}
		say(d.Stderr, "voltdash: unknown command %q\n\n", name)
		usage(d.Stderr)
		return ExitUsage
	}
	if cmdGiven {
		rest = append(append([]string{}, lead...), rest...) // the global flags before the name are the command's too
	}
	r := &runner{d: d, cmd: cmd}
	if code, done := r.parse(rest); done {
		return code
	}
	return cmd.run(r)
}

// globalNames are the flags every command takes, which may come before
// its name; true where the flag takes a value.
var globalNames = map[string]bool{
	"profile": true, "config": true, "base-url": true, "organization": true, "environment": true,
	"api-key-env": true, "unit": true, "price-url": true,
	"json": false, "demo": false, "help": false, "h": false, "version": false,
}

// splitCommand finds the command name after any leading global flags:
// name, the global flags before it, and what follows it. With no name, or
// a flag before it that only the dashboard has, it is the dashboard's
// (name "", every argument in rest, given false).
func splitCommand(args []string) (name string, lead, rest []string, given bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			return a, args[:i], args[i+1:], true
		}
		flagName, _, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		takesValue, global := globalNames[flagName]
		if !global {
			break
		}
		if takesValue && !hasValue {
			i++ // its value, which may look like a command name
		}
	}
	return "", nil, args, false
}

// globalSet is a flag set of the flags every script command takes.
func globalSet() *flag.FlagSet {
	fs := flag.NewFlagSet("voltdash", flag.ContinueOnError)
	var o options
	globalFlags(fs, &o)
	scriptFlags(fs, &o)
	return fs
}

// jsonIn reports whether args ask for JSON, read before they are parsed
// so that a failure to parse them is JSON too. fs says which flags take a
// value, so that a value spelled "--json" (--memo --json) is not taken
// for the flag.
func jsonIn(args []string, fs *flag.FlagSet) bool { return boolIn(args, fs, "json") }

// boolIn reports whether args set the boolean flag name, without parsing
// them.
func boolIn(args []string, fs *flag.FlagSet, flagName string) bool {
	want := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if name == flagName {
			want = !hasValue
			if hasValue {
				want, _ = strconv.ParseBool(value)
			}
			continue
		}
		if f := fs.Lookup(name); f != nil && !hasValue && !isBool(f) {
			i++
		}
	}
	return want
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// versionCommand is voltdash version: not in the table, as sim is not,
// but parsed as the commands are (--json gives {"version": …}).
var versionCommand = command{name: "version", summary: "Print voltdash's version.", run: runVersion,
	examples: []string{"voltdash version", "voltdash version --json"}}

func runVersion(r *runner) int {
	if len(r.args) > 0 {
		return r.fail(ExitUsage, "version takes no arguments")
	}
	if r.o.json {
		r.printJSON(map[string]string{"version": r.d.Version})
		return ExitOK
	}
	fmt.Fprintln(r.d.Stdout, "voltdash", r.d.Version)
	return ExitOK
}

func lookup(name string) (command, bool) {
	if name == versionCommand.name {
		return versionCommand, true
	}
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// parse reads the command's flags (global ones included); done means
// help was shown or the flags were wrong.
func (r *runner) parse(args []string) (code int, done bool) {
	full := strings.TrimSpace("voltdash " + r.cmd.name)
	fs := flag.NewFlagSet(full, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	version := fs.Bool("version", false, "print the version")
	globalFlags(fs, &r.o)
	if r.cmd.name != "" {
		scriptFlags(fs, &r.o)
	}
	if r.cmd.flags != nil {
		r.cmd.flags(fs, &r.o)
	}
	// Read before parsing, so that a flag that fails to parse fails in
	// JSON for a script that asked for JSON (the dashboard has no --json,
	// but says so in JSON to one that asked).
	asJSON, asNDJSON := jsonIn(args, fs), boolIn(args, fs, "ndjson")
	r.o.json, r.o.ndjson = asJSON, asNDJSON
	// Flags may come before, between or after the arguments, as people
	// type them: "pay INVOICE --yes".
	var positional []string
	err := fs.Parse(args)
	for err == nil && fs.NArg() > 0 {
		positional = append(positional, fs.Arg(0))
		err = fs.Parse(fs.Args()[1:])
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		help(r.d.Stdout, r.cmd, fs)
		return ExitOK, true
	case err != nil:
		r.o.json, r.o.ndjson = asJSON, asNDJSON // a flag that failed may have set it as it failed (--json=maybe)
		msg := plainParseError(fs, err)
		if r.cmd.name == "" && asJSON && strings.HasSuffix(msg, "not defined: -json") {
			msg = "the dashboard has no --json: give a command, such as voltdash wallets --json"
		}
		return r.usageFailed(full, msg, true), true
	case *version:
		fmt.Fprintln(r.d.Stdout, "voltdash", r.d.Version)
		return ExitOK, true
	}
	r.args = positional
	r.given = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { r.given[f.Name] = true })
	if err := checkFlags(fs); err != nil {
		return r.usageFailed(full, err.Error(), false), true
	}
	if r.cmd.args == "" && len(r.args) > 0 && r.cmd.name != versionCommand.name {
		return r.usageFailed(full, fmt.Sprintf("unexpected argument %q", r.args[0]), false), true
	}
	return 0, false
}

// plainParseError is the flag package's refusal, with its "parse error"
// said as what the flag takes.
func plainParseError(fs *flag.FlagSet, err error) string {
	msg, ok := strings.CutSuffix(err.Error(), ": parse error")
	if !ok {
		return err.Error()
	}
	_, after, _ := strings.Cut(msg, " -")
	f := fs.Lookup(after)
	if f == nil {
		return err.Error()
	}
	g, _ := f.Value.(flag.Getter)
	var v any
	if g != nil {
		v = g.Get()
	}
	switch v.(type) {
	case int, int64, uint, uint64:
		return msg + ": give a whole number, such as 100"
	case float64:
		return msg + ": give a number, such as 0.5"
	case time.Duration:
		return msg + ": give a duration, such as 30s, 10m or 2h"
	case bool:
		return msg + ": give true or false"
	}
	return err.Error()
}

// usageFailed reports input the flags refused, exit ExitUsage: in text,
// prefixed with the command and with where its flags are told when
// pointTo; in JSON, the error object every command fails with.
func (r *runner) usageFailed(full, msg string, pointTo bool) int {
	if r.o.json || r.o.ndjson {
		if pointTo {
			msg += fmt.Sprintf(" (run '%s --help' for its flags)", full)
		}
		return r.fail(ExitUsage, "%s", msg)
	}
	if pointTo {
		say(r.d.Stderr, "%s: %s\nRun '%s --help' for its flags.\n", full, msg, full)
	} else {
		say(r.d.Stderr, "%s: %s\n", full, msg)
	}
	return ExitUsage
}

// checkFlags refuses values no command can use, before anything is sent:
// a negative duration, a limit below one.
func checkFlags(fs *flag.FlagSet) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		g, ok := f.Value.(flag.Getter)
		if err != nil || !ok {
			return
		}
		switch v := g.Get().(type) {
		case time.Duration:
			if v < 0 {
				err = fmt.Errorf("--%s %v: give a duration that is not negative, such as 30s", f.Name, v)
			}
		case int:
			if v < 1 {
				err = fmt.Errorf("--%s %d: give a number from 1 up", f.Name, v)
			}
		}
	})
	return err
}

func globalFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.Profile, "profile", "", "the configuration profile to use")
	fs.StringVar(&o.configPath, "config", "", "the configuration file (default $XDG_CONFIG_HOME/voltdash/config.toml)")
	fs.StringVar(&o.BaseURL, "base-url", "", "the API's base URL")
	fs.StringVar(&o.Organization, "organization", "", "the organization id")
	fs.StringVar(&o.Environment, "environment", "", "the environment id")
	fs.StringVar(&o.APIKeyEnv, "api-key-env", "", "read the API key from this environment variable")
	fs.StringVar(&o.Unit, "unit", "", "show amounts in sats, btc or usd (dollars at the latest BTCUSD price, with the sats beside money moved)")
	fs.StringVar(&o.PriceURL, "price-url", "", "the BTCUSD price service (default "+config.DefaultPriceURL+"); off for none")
}

// scriptFlags are the flags of every command but the dashboard.
func scriptFlags(fs *flag.FlagSet, o *options) {
	fs.BoolVar(&o.json, "json", false, "print JSON for scripts")
	fs.BoolVar(&o.demo, "demo", false, "use the simulator of the demo running in another terminal")
}

// usage is voltdash's own help.
func usage(w io.Writer) {
	fmt.Fprint(w, `voltdash: a terminal dashboard for Lightning wallets on the Voltage Payments API.

Usage:
  voltdash [flags]              the dashboard (a demo when no account is configured)
  voltdash <command> [flags]
`)
	summaries := map[string]string{"sim": "Serve the Voltage simulator alone, for any client.", "version": "Print the version.",
		"help": "Explain a command and its flags: voltdash help pay."}
	for _, c := range commands() {
		summaries[c.name] = c.summary
	}
	grouped := map[string]bool{}
	for _, g := range commandGroups {
		fmt.Fprintf(w, "\n%s:\n", g.title)
		for _, n := range g.names {
			if sum, ok := summaries[n]; ok {
				grouped[n] = true
				fmt.Fprintf(w, "  %-11s %s\n", cmpOr(n, "(none)"), sum)
			}
		}
	}
	var more []string
	for n := range summaries {
		if !grouped[n] {
			more = append(more, n)
		}
	}
	sort.Strings(more)
	if len(more) > 0 {
		fmt.Fprintf(w, "\nMore:\n")
		for _, n := range more {
			fmt.Fprintf(w, "  %-11s %s\n", n, summaries[n])
		}
	}
	fmt.Fprint(w, `
Every command takes --help, --version, --profile and the account flags;
all but the dashboard take --json.
Exit codes: 0 done, 1 payment failed or expired, 2 bad input, 3 no account
or key refused, 4 Voltage unreachable, 5 still pending after --wait,
6 the local send journal failed, 130 interrupted (Ctrl-C; pay and
invoice --wait first say whether anything went out and how to follow it).
`)
}

// commandGroups sort the commands by purpose in voltdash --help; a
// command in none is listed under More.
var commandGroups = []struct {
	title string
	names []string
}{
	{"Dashboard", []string{"", "pos"}},
	{"Money", []string{"invoice", "pay", "status", "resume", "price"}},
	{"Wallets", []string{"wallets", "wallet", "credit"}},
	{"History", []string{"history", "report"}},
	{"Webhooks", []string{"webhooks", "deliveries", "listen"}},
	{"Scripting", []string{"api"}},
	{"Setup", []string{"config", "completion", "man", "sim", "version", "help"}},
}

// together is, per command, which of its flags go together (or exclude
// each other), said in --help.
var together = map[string][]string{
	"history": {"--csv, --ndjson and --json: one of them, not two", "--all or --limit, not both",
		"--all with --ndjson or --csv streams the whole history in flat memory", "--fiat usd with the table, --json, --ndjson or --csv"},
	"pay": {"--amount with an invoice without an amount, an address, a Lightning Address or an LNURL (an invoice's own amount cannot be changed)",
		"--comment with a Lightning Address or LNURL", "--resend ID alone, instead of something to pay", "--yes where no one can be asked (scripts)",
		"-n/--dry-run with anything to pay, not --resend; --yes is not needed (nothing is asked or sent)"},
	"invoice":    {"--wait with --timeout (default: the invoice's expiry)", "--kind onchain or bip21 with --amount"},
	"status":     {"--wait with --timeout"},
	"report":     {"--since, or --from with --to; not both", "--by with either"},
	"wallet":     {"--name, --line, --limit, --metadata, --wait with create", "--set with policies", "--limit, --csv with ledger", "--yes with delete"},
	"credit":     {"--set-limit or --disable (staging), with --line when there are several", "--yes with --disable"},
	"webhooks":   {"--url, --name, --events with create or update", "--secret-file with create or rotate-key", "--text with test"},
	"deliveries": {"--status, --limit with list"},
	"listen":     {"--secret-env or --secret-file: where the signing secret is", "--forward-to with either"},
}

func help(w io.Writer, c command, fs *flag.FlagSet) {
	if c.name == "" {
		usage(w)
		fmt.Fprint(w, "\nThe dashboard's flags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		return
	}
	fmt.Fprintf(w, "Usage: voltdash %s [flags] %s\n\n%s\n", c.name, c.args, c.summary)
	if len(c.examples) > 0 {
		fmt.Fprintf(w, "\nExamples:\n")
		for _, e := range c.examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
	if t := together[c.name]; len(t) > 0 {
		fmt.Fprintf(w, "\nFlags that go together:\n")
		for _, line := range t {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
	fmt.Fprintf(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

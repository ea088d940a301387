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
}

// DashboardOptions are the dashboard's own flags.
type DashboardOptions struct {
	Demo         bool
	DemoActivity float64
	DemoAutopay  time.Duration
	NoPush       bool // poll only, even where webhook pushes could work
}

// command is one subcommand: its flags, its help, and what it does.
type command struct {
	name, args, summary string
	flags               func(fs *flag.FlagSet, o *options)
	run                 func(r *runner) int
}

// options are every flag's value; each command registers the ones it has.
type options struct {
	config.Overrides
	configPath string
	json, csv  bool
	demo       bool
	yes, wait  bool
	again      bool
	force      bool
	noQR       bool
	wallet     string
	amount     string
	maxFee     string
	memo       string
	kind       string
	statuses   string
	direction  string
	since      string
	limit      int
	timeout    time.Duration
	resend     string
	dash       DashboardOptions
}

// Run runs voltdash with args (without the program name) and returns the
// exit code.
func Run(args []string, d Deps) int {
	name, rest := "", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, rest = args[0], args[1:]
	}
	if name == "help" {
		if len(rest) == 0 {
			usage(d.Stdout)
			return ExitOK
		}
		name, rest = rest[0], []string{"--help"} // help pay is pay --help
	}
	switch name {
	case "sim":
		return d.Sim(rest)
	case "version":
		if len(rest) > 0 {
			say(d.Stdout, "Usage: voltdash version\n\nPrints voltdash's version.\n")
			return ExitOK
		}
		fmt.Fprintln(d.Stdout, "voltdash", d.Version)
		return ExitOK
	}
	cmd, ok := lookup(name)
	if !ok {
		say(d.Stderr, "voltdash: unknown command %q\n\n", name)
		usage(d.Stderr)
		return ExitUsage
	}
	r := &runner{d: d, cmd: cmd}
	if code, done := r.parse(rest); done {
		return code
	}
	return cmd.run(r)
}

func lookup(name string) (command, bool) {
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
		say(r.d.Stderr, "%s: %v\nRun '%s --help' for its flags.\n", full, err, full)
		return ExitUsage, true
	case *version:
		fmt.Fprintln(r.d.Stdout, "voltdash", r.d.Version)
		return ExitOK, true
	}
	r.args = positional
	if err := checkFlags(fs); err != nil {
		say(r.d.Stderr, "%s: %v\n", full, err)
		return ExitUsage, true
	}
	if r.cmd.args == "" && len(r.args) > 0 {
		say(r.d.Stderr, "%s: unexpected argument %q\n", full, r.args[0])
		return ExitUsage, true
	}
	return 0, false
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
	fs.StringVar(&o.Unit, "unit", "", "show amounts in sats or btc")
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

Commands:
`)
	cmds := commands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	for _, c := range cmds {
		if c.name != "" {
			fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprint(w, `  sim         serve the Voltage simulator alone, for any client
  version     print the version

Every command takes --help, --version, --profile and the account flags;
all but the dashboard take --json.
Exit codes: 0 done, 1 payment failed or expired, 2 bad input, 3 no account
or key refused, 4 Voltage unreachable, 5 still pending after --wait,
6 the local send journal failed.
`)
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
	fmt.Fprintf(w, "Usage: voltdash %s [flags] %s\n\n%s\n\nFlags:\n", c.name, c.args, c.summary)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

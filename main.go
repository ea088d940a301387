// voltdash is a terminal dashboard for Lightning wallets on the Voltage
// Payments API.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui"
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise
// it comes from the module's build information.
var version = ""

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "sim":
			return runSim(args[1:], stdout, stderr)
		case "--version", "-version", "version":
			fmt.Fprintln(stdout, "voltdash", buildVersion())
			return 0
		}
	}
	return runDashboard(args, stderr)
}

// runDashboard starts the full-screen UI, on the account named by the
// environment or, with none (or --demo), on the embedded simulator.
func runDashboard(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("voltdash", flag.ContinueOnError)
	fs.SetOutput(stderr)
	demo := fs.Bool("demo", false, "use the built-in simulator even if an account is configured")
	refresh := fs.Duration("refresh", 10*time.Second, "how often balances and history refresh")
	unit := fs.String("unit", "sats", "show amounts in sats or btc")
	activity := fs.Float64("demo-activity", 0.1, "demo: background payments per second")
	autopay := fs.Duration("demo-autopay", 4*time.Second, "demo: pay new invoices after this long (0: never)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: voltdash [flags]
       voltdash sim [flags]

A terminal dashboard for Lightning wallets on the Voltage Payments API.

With VOLTAGE_API_KEY, VOLTAGE_ORGANIZATION_ID and VOLTAGE_ENVIRONMENT_ID set
(and optionally VOLTAGE_BASE_URL) it connects to that account; without them
it runs a demo on a built-in simulator.

`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	u, err := model.ParseUnit(*unit)
	if err != nil || *refresh < time.Second {
		fmt.Fprintln(stderr, "voltdash: --unit takes sats or btc, and --refresh at least 1s")
		return 2
	}
	acct := accountFromEnv()
	if *demo || acct.key == "" {
		srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: uint64(time.Now().UnixNano()), AutoPay: *autopay, Activity: *activity})
		if err != nil {
			fmt.Fprintln(stderr, "voltdash: starting the demo:", err)
			return 1
		}
		defer srv.Close()
		cr := srv.Credentials()
		acct = account{base: srv.URL(), key: cr.APIKey, org: cr.OrganizationID, env: cr.EnvironmentID, demo: true}
		if remove, err := publishDemo(srv); err != nil {
			fmt.Fprintln(stderr, "voltdash: the demo runs, but other clients cannot find it:", err)
		} else {
			defer remove()
		}
	}
	client, err := api.New(acct.base, acct.key, acct.org, acct.env, api.WithVersion(buildVersion()))
	if err != nil {
		fmt.Fprintln(stderr, "voltdash:", api.Explain(err))
		return 2
	}
	sender, closeJournal, err := openSender(client, acct)
	if err != nil {
		fmt.Fprintln(stderr, "voltdash:", err)
		return 1
	}
	defer closeJournal()
	app := ui.New(ui.Config{Backend: backend{client, sender}, Organization: acct.org, Environment: acct.env,
		Demo: acct.demo, Unit: u, Refresh: *refresh})
	if _, err := tea.NewProgram(app, tea.WithAltScreen(), tea.WithMouseCellMotion()).Run(); err != nil {
		fmt.Fprintln(stderr, "voltdash:", err)
		return 1
	}
	return 0
}

// simLine is the simulator's address and credentials as one JSON line.
func simLine(srv *sim.Server) []byte {
	line, _ := json.Marshal(struct {
		BaseURL string `json:"base_url"`
		sim.Credentials
	}{srv.URL(), srv.Credentials()})
	return line
}

// publishDemo writes the demo simulator's details where other clients can
// find them while it runs: $XDG_STATE_HOME/voltdash/demo.json.
func publishDemo(srv *sim.Server) (remove func(), err error) {
	dir, err := journal.DefaultDir()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(filepath.Dir(dir), "demo.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, append(simLine(srv), '\n'), 0o600); err != nil {
		return nil, err
	}
	return func() { os.Remove(path) }, nil
}

// account is where the dashboard connects.
type account struct {
	base, key, org, env string
	demo                bool
}

func accountFromEnv() account {
	return account{base: os.Getenv("VOLTAGE_BASE_URL"), key: os.Getenv("VOLTAGE_API_KEY"),
		org: os.Getenv("VOLTAGE_ORGANIZATION_ID"), env: os.Getenv("VOLTAGE_ENVIRONMENT_ID")}
}

// openSender opens the send journal of the account's environment: a send
// recorded for one environment must never be followed in another. The
// demo's simulator lives only as long as the process, so its journal does
// too.
func openSender(c *api.Client, acct account) (*api.Sender, func(), error) {
	dir, cleanup := "", func() {}
	if acct.demo {
		tmp, err := os.MkdirTemp("", "voltdash-demo-sends")
		if err != nil {
			return nil, cleanup, err
		}
		dir, cleanup = tmp, func() { os.RemoveAll(tmp) }
	} else {
		base, err := journal.DefaultDir()
		if err != nil {
			return nil, cleanup, err
		}
		dir = filepath.Join(base, acct.env)
	}
	j, err := journal.Open(dir, nil)
	if err != nil {
		cleanup()
		return nil, func() {}, err
	}
	return api.NewSender(c, j), cleanup, nil
}

// backend adapts the API client and the sender to what the UI declares
// it needs.
type backend struct {
	*api.Client
	sender *api.Sender
}

func (b backend) Send(ctx context.Context, rec model.SendRecord) (model.SendRecord, error) {
	return b.sender.Send(ctx, rec)
}

func (b backend) Resend(ctx context.Context, id string) (model.SendRecord, error) {
	return b.sender.Resend(ctx, id)
}

func (b backend) UnfinishedSends() ([]model.SendRecord, error) { return b.sender.Unfinished() }

func (b backend) ObserveSend(id string, status model.Status) error {
	_, err := b.sender.Observe(id, status)
	return err
}

func (backend) Classify(err error) ui.Failure {
	return ui.Failure{Sentence: api.Explain(err), Transient: api.IsRetryable(err),
		NotFound: api.IsNotFound(err), Auth: api.IsAuth(err), Unknown: errors.Is(err, api.ErrOutcomeUnknown)}
}

// runSim serves the simulator alone, for any client, until interrupted.
func runSim(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("voltdash sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "address to serve on; port 0 picks a free one")
	key := fs.String("api-key", "", "API key clients must send (default: a fresh vltg_… key)")
	autopay := fs.Duration("autopay", 0, "pay every invoice this long after it is issued (0: off)")
	activity := fs.Float64("activity", 0, "background payments per second (0: off)")
	faults := fs.String("faults", "", "fault injection, e.g. error=0.1,drop=0.05,latency=50ms or chaos=0.2")
	seed := fs.Uint64("seed", uint64(time.Now().UnixNano()), "seed for ids, keys and random choices")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: voltdash sim [flags]

Serves a Voltage-compatible API with a demo account, for any client. Prints
one JSON line with the base URL and credentials, then serves until SIGINT or
SIGTERM.

`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	f, err := sim.ParseFaults(*faults)
	if err != nil {
		fmt.Fprintln(stderr, "voltdash sim:", err)
		return 2
	}
	if *activity < 0 || *autopay < 0 {
		fmt.Fprintln(stderr, "voltdash sim: --activity and --autopay cannot be negative")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := sim.Start(*listen, sim.Config{Seed: *seed, APIKey: *key, AutoPay: *autopay, Activity: *activity, Faults: f})
	if err != nil {
		fmt.Fprintln(stderr, "voltdash sim:", err)
		return 1
	}
	fmt.Fprintln(stdout, string(simLine(srv)))
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		fmt.Fprintln(stderr, "voltdash sim:", err)
		return 1
	}
	return 0
}

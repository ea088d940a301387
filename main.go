// voltdash is a terminal dashboard for Lightning wallets on the Voltage
// Payments API, with commands for scripts. This file wires the parts
// together: the client, the journal, the simulator and the screens.
package main

import (
	"bytes"
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
	"strings"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/api/hook"
	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/api/lnurl"
	"github.com/voltdash/voltdash/api/price"
	"github.com/voltdash/voltdash/api/push"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui"
	"github.com/voltdash/voltdash/ui/cli"
	"github.com/voltdash/voltdash/ui/port"
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
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	r := lipgloss.NewRenderer(stdout)
	styles := ui.NewStyles(r)
	return cli.Run(args, cli.Deps{
		Stdin: stdin, Stdout: stdout, Stderr: stderr, Interactive: isTerminal(stdin), TerminalOut: isTerminal(stdout),
		Getenv: os.Getenv, Clock: clock.System{}, Version: buildVersion(), QR: styles.QRLook(),
		Connect: connect,
		Check: func(ctx context.Context, s config.Settings) (model.Health, error) {
			c, err := client(s)
			if err != nil {
				return model.Health{}, err
			}
			return c.Check(ctx)
		},
		Dashboard: func(s config.Settings, o cli.DashboardOptions) int { return runDashboard(s, o, stderr) },
		Sim:       func(args []string) int { return runSim(args, stdout, stderr) },
		Demo:      runningDemo,
		Listen:    listen,
		Prices:    prices,
		LNURL:     lnurl.New(lnurl.WithUserAgent("voltdash/" + buildVersion())),
		API:       openRaw,

		Interrupts: catchInterrupts, // pay and invoice --wait: Ctrl-C reports what it interrupted
	})
}

// catchInterrupts takes Ctrl-C (SIGINT) from the system for a command
// that reports what it interrupted, until release: the first one goes to
// first, a second ends the program at once. Where SIGINT is ignored (a
// job started in the background), it stays ignored.
func catchInterrupts(first func()) (release func()) {
	if signal.Ignored(os.Interrupt) {
		return func() {}
	}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt)
	stop := cli.Relay(sigs, first, func() {
		fmt.Fprintln(os.Stderr, "\nvoltdash: interrupted again: stopped at once; voltdash resume follows any send the journal holds")
		os.Exit(cli.ExitInterrupted)
	})
	return func() { signal.Stop(sigs); stop() }
}

// isTerminal reports a stream that is a terminal (stdin or stdout).
func isTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// prices is the BTCUSD price client the settings name, or nil when prices
// are off (price_url = "off"). Make one per program and keep it: its
// cache is what keeps the price service from being asked for the same
// minute twice.
func prices(s config.Settings) port.Prices { return pricesOn(s, clock.System{}) }

// pricesOn is prices on a clock of the caller's (tests and the simulator's
// world move time themselves).
func pricesOn(s config.Settings, clk clock.Clock) port.Prices {
	if s.PriceURL == "" {
		return nil // not a nil *price.Client: the front ends test for nil
	}
	return price.New(s.PriceURL, price.WithClock(clk), price.WithUserAgent("voltdash/"+buildVersion()))
}

func client(s config.Settings) (*api.Client, error) {
	return api.New(s.BaseURL, s.APIKey(), s.Organization, s.Environment, api.WithVersion(buildVersion()))
}

// connect opens an account with its send journal: one per environment, as
// a send recorded for one environment must never be followed in another.
func connect(s config.Settings) (port.Backend, error) { return open(s) }

func open(s config.Settings) (backend, error) {
	c, err := client(s)
	if err != nil {
		return backend{}, errors.New(api.Explain(err))
	}
	base, err := journal.DefaultDir()
	if err != nil {
		return backend{}, &cli.LocalError{Err: err}
	}
	j, err := journal.Open(filepath.Join(base, s.Environment), nil)
	if err != nil {
		return backend{}, &cli.LocalError{Err: err}
	}
	return backend{c, api.NewSender(c, j)}, nil
}

// runDashboard starts the full-screen UI on the configured account or,
// with none (or --demo), on the embedded simulator.
// framesPerSecond is how often bubbletea's renderer looks for a new frame
// to write. It wakes at this rate even when nothing changed, and that is
// most of what an idle dashboard costs (1.5 % of a core at its default of
// 60, 0.9 % at 30); 30 keeps a key's echo within 33 ms.
const framesPerSecond = 30

func runDashboard(s config.Settings, o cli.DashboardOptions, stderr io.Writer) int {
	notify := s.Notify // the user's [notify]: the demo's settings replace s
	var b backend
	var err error
	if o.Demo || !s.HasAccount() {
		if err := demoConfig(o).CheckLife(); err != nil {
			fmt.Fprintln(stderr, "voltdash: --demo-"+err.Error())
			return cli.ExitUsage
		}
		var stop func()
		if s, b, stop, err = startDemo(s, o, stderr); err != nil {
			fmt.Fprintln(stderr, "voltdash: starting the demo:", err)
			return cli.ExitLocal
		}
		defer stop()
		o.Demo = true
	} else if b, err = open(s); err != nil {
		fmt.Fprintln(stderr, "voltdash:", model.CleanText(err.Error()))
		if errors.As(err, new(*cli.LocalError)) {
			return cli.ExitLocal
		}
		return cli.ExitUsage
	}
	notices := s.Warnings
	var pushes ui.Push
	if s.WebhookListen != "" && !o.NoPush {
		if l, problem := startPush(b.Client, s.WebhookURL, s.WebhookListen); l != nil {
			defer stopPush(l)
			pushes = l
		} else {
			notices = append(notices, problem)
		}
	}
	r := lipgloss.DefaultRenderer()
	switch s.Theme {
	case "dark", "light":
		r.SetHasDarkBackground(s.Theme == "dark")
	}
	onPayment, stopHooks := paymentHook(notify, b.Client)
	defer stopHooks()
	cfg := ui.Config{Backend: b, Organization: s.Organization, Environment: s.Environment, Profile: s.Profile,
		Demo: o.Demo, Unit: s.Unit, Refresh: s.Refresh, Styles: ui.NewStyles(r), Push: pushes, Notice: strings.Join(notices, " · "),
		Notify: ui.Nudges{Toast: notify.Toast, Desktop: notify.Desktop, Bell: notify.Bell, Getenv: os.Getenv}, Hook: onPayment,
		Prices: prices(s), LNURL: lnurl.New(lnurl.WithUserAgent("voltdash/" + buildVersion()))}
	app := ui.New(cfg)
	if o.POS {
		dollars := o.POSCurrency == "usd" || (o.POSCurrency == "" && cfg.Prices != nil)
		app = ui.NewPOS(cfg, ui.POSOptions{WalletID: o.POSWallet, Dollars: dollars})
	}
	p := tea.NewProgram(app, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithFPS(framesPerSecond))
	defer quitOnHangup(p)()
	if _, err := p.Run(); err != nil {
		fmt.Fprintln(stderr, "voltdash:", err)
		return cli.ExitLocal
	}
	return cli.ExitOK
}

// paymentHook is the on_payment command, or none; stop kills what it still
// runs. A hook reads a payment again from c when the dashboard's copy was
// cleaned for the screen.
func paymentHook(n config.Notifications, c *api.Client) (h port.PaymentHook, stop func()) {
	if n.OnPayment == "" {
		return nil, func() {}
	}
	r := hook.New(n.OnPayment, n.OnPaymentTimeout, c.GetPayment)
	return r, r.Stop
}

// quitOnHangup quits the program when its terminal closes (SIGHUP), as q
// would, so that what the dashboard started is stopped and what it wrote
// (the demo's account file and journal) is removed; the returned function
// stops listening.
func quitOnHangup(p *tea.Program) (stop func()) {
	hup, done := make(chan os.Signal, 1), make(chan struct{})
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		select {
		case <-hup:
			p.Quit()
		case <-done:
		}
	}()
	return func() { signal.Stop(hup); close(done) }
}

// demoConfig is the demo's simulator as the flags set it.
func demoConfig(o cli.DashboardOptions) sim.Config {
	return sim.Config{Seed: uint64(time.Now().UnixNano()), AutoPay: o.DemoAutopay, Activity: o.DemoActivity}
}

// startDemo serves the simulator with demo life on a loopback port and
// returns the settings and backend for it; stop ends it all. The demo
// pushes to itself: the simulator reaches a listener on this machine.
func startDemo(display config.Settings, o cli.DashboardOptions, stderr io.Writer) (config.Settings, backend, func(), error) {
	srv, err := sim.Start("127.0.0.1:0", demoConfig(o))
	if err != nil {
		return display, backend{}, nil, err
	}
	cr := srv.Credentials()
	s := config.ForAccount(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, "the demo")
	s.Unit, s.Theme, s.Refresh, s.Warnings = display.Unit, display.Theme, display.Refresh, display.Warnings
	s.WebhookListen = "127.0.0.1:0"
	// The demo's dollars come from the simulator's price, on the
	// simulator's clock, like everything else in its world: never from
	// the public service. A price_url of the user's own (another service,
	// or off) is kept: a till can be tried without prices, or with its
	// price service down.
	s.PriceURL = srv.PriceURL()
	if display.PriceURL != config.DefaultPriceURL {
		s.PriceURL = display.PriceURL
	}
	c, err := client(s)
	if err != nil {
		srv.Close()
		return s, backend{}, nil, errors.New(api.Explain(err))
	}
	// The demo's world ends with the process, and so does its journal.
	dir, err := os.MkdirTemp("", "voltdash-demo-sends")
	if err != nil {
		srv.Close()
		return s, backend{}, nil, err
	}
	j, err := journal.Open(dir, nil)
	if err != nil {
		srv.Close()
		os.RemoveAll(dir)
		return s, backend{}, nil, err
	}
	remove := func() {}
	if remove, err = publishDemo(srv); err != nil {
		fmt.Fprintln(stderr, "voltdash: the demo runs, but other clients cannot find it:", err)
		remove = func() {}
	}
	stop := func() {
		remove()
		os.RemoveAll(dir)
		srv.Close()
	}
	return s, backend{c, api.NewSender(c, j)}, stop, nil
}

// startPush listens for webhook deliveries and registers the webhook; url
// empty means the listener's own address. On failure it says why, and the
// dashboard polls alone.
func startPush(c *api.Client, url, listen string) (*push.Listener, string) {
	l, err := push.Listen(listen, nil)
	if err != nil {
		return nil, "Push is off: " + err.Error() + "; polling instead."
	}
	if url == "" {
		url = l.LocalURL()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := l.Register(ctx, c, url); err != nil {
		_ = l.Close(ctx)
		return nil, "Push is off: registering the webhook failed: " + api.Explain(err) + " Polling instead."
	}
	return l, ""
}

// stopPush removes the webhook, so that Voltage stops posting to a
// listener that is gone.
func stopPush(l *push.Listener) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = l.Close(ctx)
}

// demoFile is where a running demo publishes its simulator.
func demoFile() (string, error) {
	dir, err := journal.DefaultDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(dir), "demo.json"), nil
}

// publishDemo writes the demo simulator's address and credentials where
// other clients can find them while it runs.
func publishDemo(srv *sim.Server) (remove func(), err error) {
	path, err := demoFile()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	line := append(simLine(srv), '\n')
	// A new file renamed into place: it holds the demo's key, so it is
	// 0600 whatever an older file's mode was, and readers never see half.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".demo-*.json")
	if err != nil {
		return nil, err
	}
	_, err = tmp.Write(line)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return nil, err
	}
	return func() {
		if now, err := os.ReadFile(path); err == nil && bytes.Equal(now, line) {
			os.Remove(path) // not a later demo's, started in another terminal since
		}
	}, nil
}

// runningDemo reads the account of the demo running in another terminal.
func runningDemo() (config.Settings, error) {
	path, err := demoFile()
	if err != nil {
		return config.Settings{}, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return config.Settings{}, errors.New("no demo is running: start voltdash without an account (or with --demo) in another terminal")
	}
	var line struct {
		BaseURL  string `json:"base_url"`
		PriceURL string `json:"price_url"`
		sim.Credentials
	}
	if err := json.Unmarshal(b, &line); err != nil {
		return config.Settings{}, fmt.Errorf("%s is damaged: %v", path, err)
	}
	s := config.ForAccount(line.BaseURL, line.APIKey, line.OrganizationID, line.EnvironmentID, "the running demo")
	s.PriceURL = line.PriceURL // the demo's own price; none from a demo older than prices
	return s, nil
}

// simLine is a simulator's address and credentials as one JSON line, with
// the base URL of its price service (a price_url) and its wallets'
// Lightning Addresses by wallet name (LUD-16), for a payer to try.
func simLine(srv *sim.Server) []byte {
	line, _ := json.Marshal(struct {
		BaseURL            string            `json:"base_url"`
		PriceURL           string            `json:"price_url"`
		LightningAddresses map[string]string `json:"lightning_addresses"`
		sim.Credentials
	}{srv.URL(), srv.PriceURL(), srv.LightningAddresses(), srv.Credentials()})
	return line
}

// backend adapts the API client and the sender to what the UI and the
// commands declare they need.
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

func (b backend) FindRepeat(rec model.SendRecord) error { return b.sender.FindRepeat(rec) }

func (b backend) CreateReceive(ctx context.Context, req model.ReceiveRequest) error {
	return b.Client.CreatePayment(ctx, req)
}

func (b backend) ObserveSend(id string, p model.Payment) (model.SendRecord, error) {
	return b.sender.Observe(id, p)
}

func (backend) Classify(err error) port.Failure {
	if err == nil {
		return port.Failure{}
	}
	f := port.Failure{Sentence: api.Explain(err), Transient: api.IsRetryable(err),
		NotFound: api.IsNotFound(err), Auth: api.IsAuth(err), Unreadable: api.IsUnreadable(err), Unknown: errors.Is(err, api.ErrOutcomeUnknown),
		NotSent: errors.Is(err, model.ErrNotSent), Local: errors.Is(err, model.ErrNotJournaled),
		Type: api.ErrorType(err), Field: api.BlamedField(err)}
	errors.As(err, &f.Repeat)
	return f
}

// listen serves `voltdash listen` until SIGINT or SIGTERM.
func listen(o cli.ListenOptions, ready func(url string), heard func(model.HeardDelivery)) error {
	d, err := push.ListenDev(push.DevOptions{Addr: o.Addr, Secret: o.Secret, ForwardTo: o.ForwardTo}, heard)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	ready(d.URL())
	<-ctx.Done()
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return d.Close(shut)
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
	seedPayments := fs.Int("seed-payments", 0, "add this many settled payments over the past year, to try voltdash at scale (100,000 take about 10 s)")
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
			return cli.ExitOK
		}
		return cli.ExitUsage
	}
	f, err := sim.ParseFaults(*faults)
	if err != nil {
		fmt.Fprintln(stderr, "voltdash sim:", err)
		return cli.ExitUsage
	}
	if *seedPayments < 0 || *seedPayments > 1_000_000 {
		fmt.Fprintln(stderr, "voltdash sim: --seed-payments takes 0 to 1,000,000")
		return cli.ExitUsage
	}
	cfg := sim.Config{Seed: *seed, APIKey: *key, AutoPay: *autopay, Activity: *activity, Faults: f, SeedPayments: *seedPayments}
	if err := cfg.CheckLife(); err != nil {
		fmt.Fprintln(stderr, "voltdash sim: --"+err.Error())
		return cli.ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	srv, err := sim.Start(*listen, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "voltdash sim:", err)
		return cli.ExitLocal
	}
	fmt.Fprintln(stdout, string(simLine(srv)))
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		fmt.Fprintln(stderr, "voltdash sim:", err)
		return cli.ExitLocal
	}
	return cli.ExitOK
}

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
	"runtime/debug"
	"syscall"
	"time"

	"github.com/voltdash/voltdash/api/sim"
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
	fmt.Fprintln(stderr, "voltdash: the dashboard is not built yet; try 'voltdash sim --help'")
	return 2
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
	line, _ := json.Marshal(struct {
		BaseURL string `json:"base_url"`
		sim.Credentials
	}{srv.URL(), srv.Credentials()})
	fmt.Fprintln(stdout, string(line))
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		fmt.Fprintln(stderr, "voltdash sim:", err)
		return 1
	}
	return 0
}

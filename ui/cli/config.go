package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/model"
)

func runDashboard(r *runner) int {
	opts := r.o.dash
	opts.Demo, r.o.demo = r.o.demo, false // here --demo means "run the demo", not "use a running one"
	code, ok := r.settings()
	if !ok {
		if !opts.Demo {
			return code
		}
		r.info("voltdash: running the demo anyway, with default settings")
		r.set = config.Settings{Theme: "auto", Refresh: model.DefaultRefresh, PriceURL: config.DefaultPriceURL, Notify: config.DefaultNotifications}
	}
	return r.d.Dashboard(r.set, opts)
}

// runPOS runs the point of sale alone, as the dashboard runs.
func runPOS(r *runner) int {
	r.o.dash.POSCurrency = strings.ToLower(r.o.dash.POSCurrency)
	switch r.o.dash.POSCurrency {
	case "", "usd", "sats":
	default:
		return r.fail(ExitUsage, "--currency takes usd or sats, not %q", model.CleanText(r.o.dash.POSCurrency))
	}
	if len(r.args) > 0 {
		return r.fail(ExitUsage, "pos takes no arguments: the wallet is --wallet")
	}
	r.o.dash.POS = true
	return runDashboard(r)
}

func runConfig(r *runner) int {
	if len(r.args) != 1 {
		return r.fail(ExitUsage, "config takes one of init, check or path")
	}
	path := r.o.configPath
	if path == "" {
		path = config.DefaultPath(r.d.Getenv)
	}
	switch r.args[0] {
	case "path":
		_, err := os.Stat(path)
		if r.o.json {
			r.printJSON(map[string]any{"path": path, "exists": err == nil})
		} else {
			say(r.d.Stdout, "%s\n", path)
		}
		return ExitOK
	case "init":
		if err := config.WriteTemplate(path, r.o.force); err != nil {
			return r.fail(ExitUsage, "%v", err)
		}
		if r.o.json {
			r.printJSON(map[string]any{"path": path, "written": true})
		} else {
			say(r.d.Stdout, "Wrote %s (readable by you only).\nFill in the staging profile, then run: voltdash config check\n", path)
		}
		return ExitOK
	case "check":
		return r.check()
	}
	return r.fail(ExitUsage, "config %q: use init, check or path", r.args[0])
}

// checkJSON is what config check prints for scripts: never the key.
type checkJSON struct {
	OK           bool     `json:"ok"`
	Problem      string   `json:"problem,omitempty"`
	Config       string   `json:"config"`
	Profile      string   `json:"profile,omitempty"`
	BaseURL      string   `json:"base_url,omitempty"`
	Organization string   `json:"organization_id,omitempty"`
	Environment  string   `json:"environment_id,omitempty"`
	KeySource    string   `json:"key_source,omitempty"`
	Wallets      int      `json:"wallets,omitempty"`
	SkewSeconds  float64  `json:"clock_skew_seconds"`
	Warnings     []string `json:"warnings,omitempty"`
}

// check validates the configuration and tries the connection, and says in
// one sentence what is wrong and how to fix it.
func (r *runner) check() int {
	if code, ok := r.connect(); !ok {
		return code
	}
	s := r.set
	out := checkJSON{Config: s.Path, Profile: s.Profile, BaseURL: s.BaseURL, Organization: s.Organization,
		Environment: s.Environment, KeySource: s.KeySource, Warnings: s.Warnings}
	if out.BaseURL == "" {
		out.BaseURL = "https://voltageapi.com/v1"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	h, err := r.d.Check(ctx, s)
	out.SkewSeconds = h.Skew.Seconds()
	code := ExitOK
	switch f := r.b.Classify(err); {
	case err == nil && h.SkewTooLarge():
		code, out.Problem = ExitLocal, skewProblem(h.Skew)
	case err == nil:
		out.OK, out.Wallets = true, h.Wallets
	case f.Auth:
		code, out.Problem = ExitAuth, f.Sentence+" The key came from "+s.KeySource+"; the organization is "+
			s.Organization+" and the environment "+s.Environment+"."
	case f.Transient:
		code, out.Problem = ExitNetwork, f.Sentence+" Check base_url ("+out.BaseURL+") and your network."
	default:
		code, out.Problem = ExitUsage, f.Sentence
	}
	if r.o.json {
		r.printJSON(out)
		return code
	}
	if !out.OK {
		say(r.d.Stderr, "✗ %s\n", out.Problem)
		return code
	}
	name := "The account"
	if s.Profile != "" {
		name = "Profile " + s.Profile
	}
	say(r.d.Stdout, "✓ %s works: %s, organization %s, environment %s, %d wallets; key from %s; clock in sync.\n",
		name, out.BaseURL, s.Organization, s.Environment, h.Wallets, s.KeySource)
	return ExitOK
}

func skewProblem(d time.Duration) string {
	way := "ahead of"
	if d < 0 {
		way, d = "behind", -d
	}
	return fmt.Sprintf("This machine's clock is %s %s Voltage's: invoice expiry and webhook checks will be wrong; turn on time sync (timedatectl set-ntp true).", model.ShortDuration(d), way)
}

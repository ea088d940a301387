package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/voltdash/voltdash/model"
)

// defaultSecretEnv is where listen looks for the signing secret when no
// flag names it.
const defaultSecretEnv = "VOLTAGE_WEBHOOK_SECRET"

// runListen takes webhook deliveries on a local address for a developer:
// each is verified as the dashboard's push verifies them and printed, a
// line each (NDJSON with --json); forgeries are refused with the reason;
// verified ones may be passed on to a local application.
func runListen(r *runner) int {
	secret, problem := r.signingSecret()
	if problem != "" {
		return r.fail(ExitUsage, "%s", problem)
	}
	opts := ListenOptions{Addr: r.o.listenAddr, Secret: secret, ForwardTo: r.o.forwardTo}
	ready := func(url string) {
		r.info("Listening for webhook deliveries on %s (ctrl+c stops).", url)
		r.info("Point a webhook at it: on the demo, voltdash webhooks create --demo --url %s", url)
		r.info("From Voltage, through a tunnel to this machine (cloudflared tunnel --url %s, or ngrok http %s),", url, portOf(r.o.listenAddr))
		r.info("then create the webhook with the tunnel's https address.")
		if opts.ForwardTo != "" {
			r.info("Verified deliveries are passed on to %s; Voltage gets its answer.", opts.ForwardTo)
		}
	}
	heard := func(h model.HeardDelivery) {
		if r.o.json {
			b, _ := json.Marshal(h)
			fmt.Fprintln(r.d.Stdout, string(b))
			return
		}
		say(r.d.Stdout, "%s\n", heardLine(h))
	}
	if err := r.d.Listen(opts, ready, heard); err != nil {
		return r.fail(ExitUsage, "%v", err)
	}
	return ExitOK
}

// heardLine is a delivery in one line: when, verdict, event, payment.
func heardLine(h model.HeardDelivery) string {
	parts := []string{h.At.Local().Format("15:04:05")}
	if h.Verified {
		parts = append(parts, "✓")
	} else {
		parts = append(parts, "✗ refused ("+h.Refused+")")
	}
	if h.Event != "" {
		parts = append(parts, h.Event)
	}
	if h.PaymentID != "" {
		parts = append(parts, "payment "+h.PaymentID)
	}
	if h.Status != "" {
		parts = append(parts, string(h.Status))
	}
	switch {
	case h.ForwardErr != "":
		parts = append(parts, "→ not passed on: "+h.ForwardErr)
	case h.Forwarded != 0:
		parts = append(parts, fmt.Sprintf("→ %d", h.Forwarded))
	}
	return strings.Join(parts, " ")
}

// signingSecret reads the webhook's secret from --secret-file (mode 0600)
// or the environment variable --secret-env names; it is never printed.
func (r *runner) signingSecret() (string, string) {
	if r.o.secretFile != "" {
		info, err := os.Stat(r.o.secretFile)
		if err != nil {
			return "", fmt.Sprintf("--secret-file: %v", err)
		}
		if info.Mode().Perm()&0o077 != 0 {
			return "", fmt.Sprintf("--secret-file %s is readable by others (mode %o): chmod 600 it", r.o.secretFile, info.Mode().Perm())
		}
		b, err := os.ReadFile(r.o.secretFile)
		if err != nil {
			return "", fmt.Sprintf("--secret-file: %v", err)
		}
		if s := strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]); s != "" {
			return s, ""
		}
		return "", fmt.Sprintf("--secret-file %s is empty", r.o.secretFile)
	}
	name := r.o.secretEnv
	if name == "" {
		name = defaultSecretEnv
	}
	if s := strings.TrimSpace(r.d.Getenv(name)); s != "" {
		return s, ""
	}
	return "", "no signing secret: set " + name + " to the webhook's secret (webhooks create and rotate-key print it), or give --secret-file"
}

// portOf is the port of a host:port, for the tunnel's example.
func portOf(addr string) string {
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		return addr[i+1:]
	}
	return addr
}

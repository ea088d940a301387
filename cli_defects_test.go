package main

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/cli"
)

// misbehave puts a proxy in front of the world's simulator: it answers
// as the simulator does, except for the requests answer takes over.
func (w *cliWorld) misbehave(answer func(rw http.ResponseWriter, r *http.Request) bool) {
	target, _ := url.Parse(strings.TrimSuffix(w.srv.URL(), "/v1"))
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !answer(rw, r) {
			proxy.ServeHTTP(rw, r)
		}
	}))
	w.t.Cleanup(srv.Close)
	w.env["VOLTAGE_BASE_URL"] = srv.URL + "/v1"
}

// hang never answers: the request waits until the client gives up. The
// body is read first: only then does the server notice a client leave.
func hang(rw http.ResponseWriter, r *http.Request) bool {
	io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
	return true
}

// hangUpAfter bounds a command's real time: it tells a hang (a minute,
// or forever) from an answer. It is not a speed target.
const hangUpAfter = 15 * time.Second

// TestCLIPayAgainstAServerThatNeverAnswers: --timeout bounds the whole
// command, its requests included; a payment never read is network
// trouble (exit 4), not "still pending", and stays in the journal.
func TestCLIPayAgainstAServerThatNeverAnswers(t *testing.T) {
	t.Run("nothing answers", func(t *testing.T) {
		w := newCLIWorld(t, sim.Config{})
		inv, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(1000)})
		w.misbehave(hang)
		started := time.Now()
		r := w.run("", "pay", inv, "--wallet", "coffee", "--yes", "--timeout", "1s")
		if took := time.Since(started); took > hangUpAfter {
			t.Errorf("took %v with --timeout 1s", took)
		}
		if r.code != cli.ExitNetwork || !strings.Contains(r.stderr, "did not answer in time") {
			t.Errorf("exit %d: %s", r.code, r.stderr)
		}
	})
	t.Run("payments never answer", func(t *testing.T) {
		w := newCLIWorld(t, sim.Config{})
		inv, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(1000)})
		w.misbehave(func(rw http.ResponseWriter, r *http.Request) bool {
			return strings.Contains(r.URL.Path, "/payments") && hang(rw, r)
		})
		started := time.Now()
		r := w.run("", "pay", inv, "--wallet", "coffee", "--yes", "--timeout", "1s")
		if took := time.Since(started); took > hangUpAfter {
			t.Errorf("took %v with --timeout 1s", took)
		}
		if r.code != cli.ExitNetwork || !strings.Contains(r.stderr, "Voltage did not answer about payment") ||
			strings.Contains(r.stderr, "is still ;") {
			t.Errorf("exit %d: %s", r.code, r.stderr)
		}
		base, _ := journal.DefaultDir()
		j, _ := journal.Open(base+"/"+w.env["VOLTAGE_ENVIRONMENT_ID"], nil)
		if open, _ := j.Unfinished(); len(open) != 1 {
			t.Errorf("the journal holds %d unfinished sends, want the one", len(open))
		}
	})
}

// TestCLIAnswersThatCannotBeReadAreNetworkTrouble: garbage or a body
// larger than any answer is Voltage's (or a proxy's) fault: exit 4, not 2.
func TestCLIAnswersThatCannotBeReadAreNetworkTrouble(t *testing.T) {
	for name, body := range map[string]string{
		"garbage":   "<html><body>502 Bad Gateway</body></html>",
		"oversized": `{"items":"` + strings.Repeat("x", 17<<20) + `"}`,
	} {
		t.Run(name, func(t *testing.T) {
			w := newCLIWorld(t, sim.Config{})
			w.misbehave(func(rw http.ResponseWriter, r *http.Request) bool {
				rw.Header().Set("Content-Type", "application/json")
				rw.Write([]byte(body))
				return true
			})
			if r := w.run("", "wallets"); r.code != cli.ExitNetwork || !strings.Contains(r.stderr, "could not read") {
				t.Errorf("exit %d: %s", r.code, r.stderr)
			}
		})
	}
}

// TestCLIFlagsAreCheckedBeforeAnythingIsSent: a value no command can use
// is refused before the first request.
func TestCLIFlagsAreCheckedBeforeAnythingIsSent(t *testing.T) {
	w := newCLIWorld(t, sim.Config{})
	inv, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(1000)})
	before, sends := w.srv.RequestCounts()[""], w.srv.CountSends()
	for _, args := range [][]string{
		{"pay", inv, "--wallet", "coffee", "--yes", "--timeout", "-5s"},
		{"status", "8a534494-c80f-4aec-be5d-2fa389925121", "--wait", "--timeout", "-1m"},
		{"history", "--limit", "0"},
	} {
		if r := w.run("", args...); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "--"+strings.TrimPrefix(args[len(args)-2], "--")) {
			t.Errorf("%v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	if after := w.srv.RequestCounts()[""]; after != before || w.srv.CountSends() != sends {
		t.Errorf("%d requests went out, %d sends", after-before, w.srv.CountSends()-sends)
	}
}

// TestCLIHelpKnowsEveryCommandItLists: help NAME works for each command
// voltdash --help lists, sim and version included.
func TestCLIHelpKnowsEveryCommandItLists(t *testing.T) {
	w := newCLIWorld(t, sim.Config{})
	listing := w.run("", "--help").stdout
	// The commands are listed by purpose, a heading ("Money:") over each
	// group, between the usage and the notes under them.
	_, commands, _ := strings.Cut(listing, "\nDashboard:\n")
	commands, _, _ = strings.Cut(commands, "\nEvery command takes")
	var names []string
	for _, line := range strings.Split(commands, "\n") {
		if f := strings.Fields(line); strings.HasPrefix(line, "  ") && len(f) > 0 && f[0] != "(none)" {
			names = append(names, f[0])
		}
	}
	if len(names) < 20 {
		t.Fatalf("found %d commands in voltdash --help:\n%s", len(names), listing)
	}
	for _, name := range names {
		r := w.run("", "help", name)
		want := cli.ExitOK
		if name == "sim" {
			want = 98 // this world's stand-in for the simulator's own help
		}
		if r.code != want || strings.Contains(r.stderr, "unknown command") {
			t.Errorf("help %s: exit %d: %s", name, r.code, r.stderr)
		}
	}
	if r := w.run("", "help", "version"); !strings.Contains(r.stdout, "Usage: voltdash version") {
		t.Errorf("help version: %q", r.stdout)
	}
}

// TestCLIPaysAnInvoicePastedOverLines: an invoice wrapped over lines, or
// with spaces where it was cut, is still the invoice.
func TestCLIPaysAnInvoicePastedOverLines(t *testing.T) {
	w := newCLIWorld(t, sim.Config{})
	inv, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(1000)})
	wrapped := " " + inv[:60] + "\n" + inv[60:120] + " \r\n\t" + inv[120:] + "\n"
	if r := w.run("", "pay", wrapped, "--wallet", "coffee", "--yes"); r.code != cli.ExitOK {
		t.Errorf("exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
}

// TestActivityIsBounded: background payments a second beyond what the
// simulator keeps up (every payment stays in memory) are refused with the
// bound, before anything starts.
func TestActivityIsBounded(t *testing.T) {
	needsBinary(t)
	for _, args := range [][]string{
		{"--demo", "--demo-activity", "1e6"},
		{"--demo", "--demo-activity", "-1"},
		{"sim", "--activity", "1000"},
	} {
		cmd := exec.Command(binary, args...)
		cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+t.TempDir())
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != cli.ExitUsage || !strings.Contains(string(out), "from 0 to 50") {
			t.Errorf("%v: %v: %s", args, err, out)
		}
	}
}

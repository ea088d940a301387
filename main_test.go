package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/api/sim/contract"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui"
	"github.com/voltdash/voltdash/ui/cli"
)

// binary is the voltdash executable built once for the tests that run it
// as a user would.
var binary string

func TestMain(m *testing.M) {
	time.Local = time.UTC // golden outputs do not depend on where they run
	dir, err := os.MkdirTemp("", "voltdash-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "voltdash")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		panic("building voltdash: " + err.Error())
	}
	code := contract.Run(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

type simInfo struct {
	BaseURL        string `json:"base_url"`
	APIKey         string `json:"api_key"`
	OrganizationID string `json:"organization_id"`
	EnvironmentID  string `json:"environment_id"`
	LineOfCreditID string `json:"line_of_credit_id"`
	// LightningAddresses are the wallets' addresses at the simulator's
	// Lightning Address service, by wallet name.
	LightningAddresses map[string]string `json:"lightning_addresses"`
}

// startSim runs `voltdash sim` and reads its one line of credentials.
// needsBinary skips a test that runs the voltdash binary under -race: the
// binary is not built with the race detector, so such a test only repeats
// the plain run.
func needsBinary(t *testing.T) {
	t.Helper()
	if raceDetector {
		t.Skip("skipped under -race: it runs the voltdash binary, which is built without the detector; the plain run covers it")
	}
}

func startSim(t *testing.T, args ...string) (*exec.Cmd, simInfo, *bufio.Reader) {
	t.Helper()
	needsBinary(t)
	cmd := exec.Command(binary, append([]string{"sim", "--listen", "127.0.0.1:0"}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	r := bufio.NewReader(out)
	first, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("no line from voltdash sim: %v", err)
	}
	var line simInfo
	if err := json.Unmarshal([]byte(first), &line); err != nil {
		t.Fatalf("first line is not JSON: %q", first)
	}
	return cmd, line, r
}

func TestSimCommandServesAndStopsCleanly(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd, line, rest := startSim(t, "--api-key", "vltg_testkey123")
			if line.APIKey != "vltg_testkey123" || !strings.HasPrefix(line.BaseURL, "http://127.0.0.1:") ||
				!strings.HasSuffix(line.BaseURL, "/v1") || line.LineOfCreditID == "" {
				t.Fatalf("line %+v", line)
			}
			c, err := api.New(line.BaseURL, line.APIKey, line.OrganizationID, line.EnvironmentID)
			if err != nil {
				t.Fatal(err)
			}
			ws, err := c.ListWallets(context.Background())
			if err != nil || len(ws) < 2 {
				t.Fatalf("wallets %d, %v", len(ws), err)
			}
			if l, err := c.LineOfCredit(context.Background(), line.LineOfCreditID); err != nil || l.Network != model.Mutinynet {
				t.Errorf("line of credit %+v %v", l, err)
			}
			host := strings.TrimSuffix(strings.TrimPrefix(line.BaseURL, "http://"), "/v1")
			if a := line.LightningAddresses["Coffee shop till"]; a != "coffee-shop-till@"+host {
				t.Errorf("Lightning Addresses %v", line.LightningAddresses)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("exit after %s: %v", sig, err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("still running 10 s after %s", sig)
			}
			if extra, _ := rest.ReadString('\n'); extra != "" {
				t.Errorf("more than one line on stdout: %q", extra)
			}
		})
	}
}

func TestSimCommandRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--faults", "teleport=1"}, {"--activity", "-1"}, {"--listen", "nonsense"}} {
		needsBinary(t)
		out, err := exec.Command(binary, append([]string{"sim"}, args...)...).CombinedOutput()
		if err == nil || len(out) == 0 {
			t.Errorf("voltdash sim %v: accepted (%s)", args, out)
		}
	}
}

// frameWatcher is a terminal that notices when what it was told to wait
// for appears in a frame.
type frameWatcher struct {
	mu    sync.Mutex
	last  string // the latest output since the last expect
	found chan struct{}
	done  bool
	want  func(string) bool
}

var balanceShown = regexp.MustCompile(`Coffee shop till\s+(Mutinynet\s+)?[\d,.]+`)

func (f *frameWatcher) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.last += string(p)
	if len(f.last) > 1<<20 {
		f.last = f.last[len(f.last)-1<<19:]
	}
	want := f.want
	if want == nil {
		want = balanceShown.MatchString
	}
	if !f.done && want(ansi.Strip(f.last)) {
		f.done = true
		close(f.found)
	}
	return len(p), nil
}

// expect starts waiting for a new condition, in output written from now on.
func (f *frameWatcher) expect(want func(string) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.want, f.found, f.done, f.last = want, make(chan struct{}), false, ""
}

func (f *frameWatcher) wait(t testing.TB, within time.Duration) {
	t.Helper()
	f.mu.Lock()
	found := f.found
	f.mu.Unlock()
	select {
	case <-found:
	case <-time.After(within):
		f.mu.Lock()
		defer f.mu.Unlock()
		t.Fatalf("not seen within %v; the last output was:\n%s", within, ansi.Strip(f.last))
	}
}

// BenchmarkLaunchToBalances is the demo's start as a user sees it, on the
// same path as go run .: the simulator starts and seeds its history, the
// client and the journal open, the webhook is registered, the UI asks for
// the wallets, and the first frame with a balance reaches the terminal.
func BenchmarkLaunchToBalances(b *testing.B) {
	b.Setenv("XDG_STATE_HOME", b.TempDir())
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		s, back, stop, err := startDemo(config.Settings{Theme: "auto", Refresh: 10 * time.Second},
			cli.DashboardOptions{DemoAutopay: 4 * time.Second, DemoActivity: 0.1}, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		l, problem := startPush(back.Client, s.WebhookURL, s.WebhookListen)
		if l == nil {
			b.Fatal(problem)
		}
		term := &frameWatcher{found: make(chan struct{})}
		app := ui.New(ui.Config{Backend: back, Organization: s.Organization, Environment: s.Environment,
			Demo: true, Styles: ui.PlainStyles(), Terminal: io.Discard, Push: l})
		p := tea.NewProgram(app, tea.WithOutput(term), tea.WithInput(nil), tea.WithoutSignalHandler())
		go func() { _, _ = p.Run() }()
		p.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
		select {
		case <-term.found:
		case <-time.After(10 * time.Second):
			b.Fatal("no balance on screen after 10 s")
		}
		total += time.Since(start)
		p.Kill()
		p.Wait()
		stopPush(l)
		stop()
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "ms-to-balances")
}

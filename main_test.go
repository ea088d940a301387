package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/model"
)

// binary is the voltdash executable built once for the tests that run it
// as a user would.
var binary string

func TestMain(m *testing.M) {
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
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type simLine struct {
	BaseURL        string `json:"base_url"`
	APIKey         string `json:"api_key"`
	OrganizationID string `json:"organization_id"`
	EnvironmentID  string `json:"environment_id"`
	LineOfCreditID string `json:"line_of_credit_id"`
}

// startSim runs `voltdash sim` and reads its one line of credentials.
func startSim(t *testing.T, args ...string) (*exec.Cmd, simLine, *bufio.Reader) {
	t.Helper()
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
	var line simLine
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
		out, err := exec.Command(binary, append([]string{"sim"}, args...)...).CombinedOutput()
		if err == nil || len(out) == 0 {
			t.Errorf("voltdash sim %v: accepted (%s)", args, out)
		}
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/voltdash/voltdash/api/sim"
)

// TestDemoFileIsPrivateAndOnlyItsOwnersToRemove: the file that tells the
// commands where the demo runs holds its key, so it is 0600 even over an
// older file that was not; and a demo that ends removes it only while it
// is still its own, not a later demo's.
func TestDemoFileIsPrivateAndOnlyItsOwnersToRemove(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	path, err := demoFile()
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.WriteFile(path, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := func() *sim.Server {
		srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Close() })
		return srv
	}
	first, second := start(), start()
	removeFirst, err := publishDemo(first)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the demo file: %v, mode %v", err, info.Mode().Perm())
	}
	removeSecond, err := publishDemo(second)
	if err != nil {
		t.Fatal(err)
	}
	removeFirst() // the first demo ends; the second still runs
	if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, append(simLine(second), '\n')) {
		t.Fatalf("the running demo's file is gone or changed: %v", err)
	}
	removeSecond()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the last demo left its file behind: %v", err)
	}
	if left, _ := os.ReadDir(filepath.Dir(path)); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

package journal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

var t0 = time.Date(2025, 5, 7, 12, 0, 0, 0, time.UTC)

func record(id string) model.SendRecord {
	return model.SendRecord{ID: id, Request: model.SendRequest{ID: id, Type: model.Bolt11}, Amount: 1000}
}

func TestRecordsSurviveReopeningAndMoveThroughStates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sends")
	now := t0
	j, err := Open(dir, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("journal directory mode %v, %v", info.Mode(), err)
	}
	a, b := "6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9", "8d2f6e3b-0c9a-4f8e-b7d6-c5b4a3f2e1d0"
	if _, err := j.Record(record(a)); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Second)
	if _, err := j.Record(record(b)); err != nil {
		t.Fatal(err)
	}
	if _, err := j.Record(record(a)); err != ErrExists {
		t.Errorf("recording an id twice: %v", err)
	}
	if _, err := j.Record(record("nope")); err == nil {
		t.Error("a record needs a UUID")
	}
	if _, err := j.Update(a, func(r *model.SendRecord) { r.State, r.Status = model.SendFinal, model.StatusCompleted }); err != nil {
		t.Fatal(err)
	}
	reopened, err := Open(dir, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	open, err := reopened.Unfinished()
	if err != nil || len(open) != 1 || open[0].ID != b || open[0].State != model.SendRecorded {
		t.Errorf("unfinished after reopening: %+v %v", open, err)
	}
	if got, _ := reopened.Get(a); got.Status != model.StatusCompleted || !got.UpdatedAt.Equal(t0.Add(time.Second)) {
		t.Errorf("final record %+v", got)
	}
	// Final records are pruned after 30 days; unfinished ones never are.
	now = now.Add(31 * 24 * time.Hour)
	pruned, _ := Open(dir, func() time.Time { return now })
	all, _ := pruned.All()
	if len(all) != 1 || all[0].ID != b {
		t.Errorf("after pruning: %+v", all)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".send-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestDamagedRecordsAreReportedNotSkipped(t *testing.T) {
	dir := t.TempDir()
	j, _ := Open(dir, nil)
	good := "6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9"
	j.Record(record(good))
	bad := "8d2f6e3b-0c9a-4f8e-b7d6-c5b4a3f2e1d0.json"
	os.WriteFile(filepath.Join(dir, bad), []byte("{half a rec"), 0o600)
	open, err := j.Unfinished()
	if err == nil || !strings.Contains(err.Error(), bad) || len(open) != 1 {
		t.Errorf("damaged record: %v, %d still listed", err, len(open))
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/x/state")
	if d, _ := DefaultDir(); d != "/x/state/voltdash/sends" {
		t.Errorf("with XDG_STATE_HOME: %s", d)
	}
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", "/home/u")
	if d, _ := DefaultDir(); d != "/home/u/.local/state/voltdash/sends" {
		t.Errorf("without: %s", d)
	}
}

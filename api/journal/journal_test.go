package journal

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
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

// TestAPayLinksSuccessActionIsKept: a Lightning Address's success action
// is journaled with its send, so that a resend or resume after a restart
// can still show it once the payment completes.
func TestAPayLinksSuccessActionIsKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sends")
	j, err := Open(dir, func() time.Time { return t0 })
	if err != nil {
		t.Fatal(err)
	}
	id := "6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9"
	rec := record(id)
	rec.PayTo = "coffee@shop.example"
	rec.Success = &model.SuccessAction{Tag: model.ActionAES, Description: "Your voucher",
		Ciphertext: "qG9FqJkBk0gTJ3mXjs1Jzw==", IV: "AAAAAAAAAAAAAAAAAAAAAA=="}
	if _, err := j.Record(rec); err != nil {
		t.Fatal(err)
	}
	reopened, err := Open(dir, func() time.Time { return t0 })
	if err != nil {
		t.Fatal(err)
	}
	got, err := reopened.Get(id)
	if err != nil || got.Success == nil || *got.Success != *rec.Success || got.PayTo != rec.PayTo {
		t.Errorf("after reopening: %+v, %v; want success action %+v", got.Success, err, rec.Success)
	}
}

// TestDamagedRecordsAreReportedNotSkipped: a record that cannot be read,
// is in a state nobody knows, or names another send is reported by file
// name; the rest of the journal works, and opening it does not fail.
func TestDamagedRecordsAreReportedNotSkipped(t *testing.T) {
	dir := t.TempDir()
	j, _ := Open(dir, nil)
	good := "6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9"
	j.Record(record(good))
	write := func(name, body string) { os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600) }
	half := "8d2f6e3b-0c9a-4f8e-b7d6-c5b4a3f2e1d0.json"
	write(half, "{half a rec")
	weird := "9e3a7f4c-1d0b-4a9f-8e7d-d6c5b4a3f2e1.json"
	write(weird, `{"id":"9e3a7f4c-1d0b-4a9f-8e7d-d6c5b4a3f2e1","state":"teleported"}`)
	elsewhere := "0f4b8a5d-2e1c-4b0a-9f8e-e7d6c5b4a3f2.json"
	write(elsewhere, `{"id":"../../outside","state":"recorded"}`)
	write("not-an-id.json", `{}`)
	write("6C1E5D2A-9B8F-4E7D-A6C5-B4A3F2E1D0C9.json", `{}`) // the good id in capitals: a second name for it
	reopened, err := Open(dir, nil)
	if err != nil {
		t.Fatalf("a damaged record stops the journal opening: %v", err)
	}
	open, err := reopened.Unfinished()
	var damaged *DamagedError
	if !errors.As(err, &damaged) || len(damaged.Records) != 5 || len(open) != 1 || open[0].ID != good {
		t.Fatalf("damaged: %v; %d still listed", err, len(open))
	}
	if _, err := reopened.All(); !errors.As(err, &damaged) {
		t.Fatalf("damaged: %v; %d still listed", err, len(open))
	}
	for _, want := range []string{half + ": not a readable record", weird + `: unknown state "teleported"`,
		elsewhere + `: holds send "../../outside", not the one it is named for`, "not-an-id.json: not named by a send id"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the report does not say %q: %v", want, err)
		}
	}
	// Any of them could be a send of anything: a new send must be meant.
	fresh := invoiceSend(model.NewID(), "dd")
	var dup *model.DuplicateSendError
	if _, err := reopened.Record(fresh); !errors.As(err, &dup) || dup.Earlier.ID != "" || !strings.Contains(dup.Error(), half) {
		t.Errorf("a send beside damaged records: %v", err)
	}
	fresh.Again = true
	if _, err := reopened.Record(fresh); err != nil {
		t.Errorf("a send beside damaged records, meant: %v", err)
	}
	// An id is never a path: not from a record, not from a caller.
	if _, err := reopened.Update("../../outside", func(*model.SendRecord) {}); err == nil {
		t.Error("updated a record outside the journal")
	}
	if _, err := reopened.Record(record("urn:uuid:6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9")); err == nil {
		t.Error("recorded under a second spelling of an id")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "outside.json")); err == nil {
		t.Error("a file was written outside the journal")
	}
}

// invoiceSend is a send of one invoice: sends of it repeat one another.
func invoiceSend(id string, hash string) model.SendRecord {
	r := record(id)
	r.Destination = "lightning:" + hash
	return r
}

// TestARepeatedSendIsRefusedUnlessAskedAgain: the journal refuses a second
// send to a destination it holds, naming the first, unless it is marked
// as meant.
func TestARepeatedSendIsRefusedUnlessAskedAgain(t *testing.T) {
	j, _ := Open(t.TempDir(), func() time.Time { return t0 })
	first, err := j.Record(invoiceSend(model.NewID(), "aa"))
	if err != nil {
		t.Fatal(err)
	}
	second := invoiceSend(model.NewID(), "aa")
	_, err = j.Record(second)
	var dup *model.DuplicateSendError
	if !errors.As(err, &dup) || dup.Earlier.ID != first.ID {
		t.Fatalf("a second send of one invoice: %v", err)
	}
	if _, err := j.Get(second.ID); err == nil {
		t.Error("the refused send was written")
	}
	second.Again = true
	if _, err := j.Record(second); err != nil {
		t.Errorf("asked again: %v", err)
	}
	if _, err := j.Record(invoiceSend(model.NewID(), "bb")); err != nil {
		t.Errorf("another invoice: %v", err)
	}
}

// TestFindRepeatWritesNothing: a dry run learns what Record would refuse,
// --again or not, and the journal is as it was.
func TestFindRepeatWritesNothing(t *testing.T) {
	dir := t.TempDir()
	j, _ := Open(dir, func() time.Time { return t0 })
	first, err := j.Record(invoiceSend(model.NewID(), "aa"))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadDir(dir)
	again := invoiceSend(model.NewID(), "aa")
	again.Again = true
	var dup *model.DuplicateSendError
	if err := j.FindRepeat(again); !errors.As(err, &dup) || dup.Earlier.ID != first.ID {
		t.Errorf("the repeat: %v", err)
	}
	if err := j.FindRepeat(invoiceSend(model.NewID(), "bb")); err != nil {
		t.Errorf("another invoice: %v", err)
	}
	after, _ := os.ReadDir(dir)
	if len(after) != len(before) {
		t.Errorf("the journal went from %d files to %d", len(before), len(after))
	}
}

// TestTwoJournalsOnOneDirectoryRecordOneSend: processes share the
// directory; each opens its own Journal. Racing to send the same invoice,
// exactly one of them records it.
func TestTwoJournalsOnOneDirectoryRecordOneSend(t *testing.T) {
	dir := t.TempDir()
	for round := range 40 {
		hash := strings.Repeat("c", 10) + strconv.Itoa(round)
		var wg sync.WaitGroup
		var mu sync.Mutex
		recorded, refused := 0, 0
		for range 4 {
			j, err := Open(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := j.Record(invoiceSend(model.NewID(), hash))
				mu.Lock()
				defer mu.Unlock()
				var dup *model.DuplicateSendError
				switch {
				case err == nil:
					recorded++
				case errors.As(err, &dup):
					refused++
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if recorded != 1 || refused != 3 {
			t.Fatalf("round %d: %d recorded, %d refused", round, recorded, refused)
		}
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

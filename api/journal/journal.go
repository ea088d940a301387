// Package journal keeps every send on disk from before it is submitted
// until it is final, so that a crash, a timeout or a retry can neither pay
// twice nor forget a payment. Each send is one small JSON file, replaced
// atomically and synced to disk on every change.
package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/voltdash/voltdash/model"
)

// Journal is a directory of send records. It is safe for concurrent use
// within a process and between processes: a new record is checked against
// the others and written while holding a lock on the directory, so two
// processes paying the same invoice at once make one payment between them.
type Journal struct {
	dir string
	now func() time.Time
	mu  sync.Mutex
}

// keep is how long final records stay before Open prunes them.
const keep = 30 * 24 * time.Hour

// DefaultDir is $XDG_STATE_HOME/voltdash/sends, else
// ~/.local/state/voltdash/sends.
func DefaultDir() (string, error) {
	base := os.Getenv("XDG_STATE_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("finding the state directory: %w", err)
		}
		base = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(base, "voltdash", "sends"), nil
}

// Open creates the directory if needed (readable by its owner only) and
// prunes final records older than 30 days. Damaged records do not stop
// it: they are reported by All and Unfinished, and the rest works.
func Open(dir string, now func() time.Time) (*Journal, error) {
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the send journal: %w", err)
	}
	j := &Journal{dir: dir, now: now}
	records, err := j.All()
	var damaged *DamagedError
	if err != nil && !errors.As(err, &damaged) {
		return nil, err
	}
	for _, r := range records {
		if !r.Unfinished() && j.now().Sub(r.UpdatedAt) > keep {
			if name, err := j.file(r.ID); err == nil {
				_ = os.Remove(name)
			}
		}
	}
	return j, nil
}

// Dir is where the records live.
func (j *Journal) Dir() string { return j.dir }

// file is where the record of id lives. Only a UUID in its canonical form
// names a file, so no id, wherever it came from, can reach outside the
// journal or name one record two ways.
func (j *Journal) file(id string) (string, error) {
	u, err := uuid.Parse(id)
	if err != nil || u.String() != id {
		return "", fmt.Errorf("journal: send id %q is not a UUID in lower-case canonical form", model.RedactKeys(id))
	}
	return filepath.Join(j.dir, id+".json"), nil
}

// ErrExists is returned when recording an id already in the journal.
var ErrExists = errors.New("a send with this id is already recorded")

// Record writes a new send durably. Only once it returns nil may the send
// be submitted. Unless r.Again, a send that repeats one the journal holds
// (model.SendRecord.Repeats), or that may repeat a damaged record nobody
// can read, is refused with a *model.DuplicateSendError and nothing is
// written. A journal that cannot be listed refuses every send: it could
// not be checked.
func (j *Journal) Record(r model.SendRecord) (model.SendRecord, error) {
	name, err := j.file(r.ID)
	if err != nil {
		return r, err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	unlock, err := lockDir(j.dir)
	if err != nil {
		return r, fmt.Errorf("locking the send journal: %w", err)
	}
	defer unlock()
	if _, err := os.Stat(name); err == nil {
		return r, ErrExists
	}
	out := r
	now := j.now()
	out.State, out.CreatedAt, out.UpdatedAt = model.SendRecorded, now, now
	if !r.Again {
		if err := j.repeated(out); err != nil {
			return r, err
		}
	}
	if err := j.write(out); err != nil {
		return r, err
	}
	return out, nil
}

// repeated is Record's refusal of r, if the journal holds a send r
// repeats or a damaged record that may be one.
func (j *Journal) repeated(r model.SendRecord) error {
	others, err := j.all()
	var damaged *DamagedError
	if err != nil && !errors.As(err, &damaged) {
		return err
	}
	for _, o := range others {
		if r.Repeats(o) {
			return &model.DuplicateSendError{Earlier: o}
		}
	}
	if damaged != nil {
		return &model.DuplicateSendError{Damaged: damaged.Error()}
	}
	return nil
}

// FindRepeat says, writing nothing, what Record would refuse r for were
// it recorded now (whatever r.Again says): a *model.DuplicateSendError,
// or nil. For a dry run; Record checks again, under the lock, when it
// writes.
func (j *Journal) FindRepeat(r model.SendRecord) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	r.CreatedAt = j.now()
	return j.repeated(r)
}

// Update changes a record with f and writes it back durably, under the
// directory's lock, so that two processes following one send (a pay and a
// resume) do not undo each other's changes.
func (j *Journal) Update(id string, f func(*model.SendRecord)) (model.SendRecord, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	unlock, err := lockDir(j.dir)
	if err != nil {
		return model.SendRecord{}, fmt.Errorf("locking the send journal: %w", err)
	}
	defer unlock()
	r, err := j.read(id)
	if err != nil {
		return r, err
	}
	f(&r)
	r.ID = id // the record stays where it is, whatever f did
	r.UpdatedAt = j.now()
	return r, j.write(r)
}

// Get reads one record.
func (j *Journal) Get(id string) (model.SendRecord, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.read(id)
}

// Unfinished lists the sends that still need following, oldest first,
// with a *DamagedError naming any record that could not be read.
func (j *Journal) Unfinished() ([]model.SendRecord, error) {
	all, err := j.All()
	out := all[:0]
	for _, r := range all {
		if r.Unfinished() {
			out = append(out, r)
		}
	}
	return out, err
}

// DamagedError names the records that could not be read. Any of them may
// be a send that was made, so it is reported, never skipped.
type DamagedError struct {
	Dir     string
	Records []string // file name: what is wrong
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the send journal in %s has damaged records (%s): each may or may not have been sent, "+
		"so check it on Voltage before paying again", e.Dir, strings.Join(e.Records, "; "))
}

// All lists every record, oldest first, with a *DamagedError naming any
// that could not be read.
func (j *Journal) All() ([]model.SendRecord, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.all()
}

func (j *Journal) all() ([]model.SendRecord, error) {
	entries, err := os.ReadDir(j.dir)
	if err != nil {
		return nil, fmt.Errorf("reading the send journal: %w", err)
	}
	var out []model.SendRecord
	damaged := &DamagedError{Dir: j.dir}
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || strings.HasPrefix(e.Name(), ".") {
			continue // the lock, and temporary files of writes in progress
		}
		r, err := j.read(id)
		if err != nil {
			damaged.Records = append(damaged.Records, e.Name()+": "+reason(err))
			continue
		}
		out = append(out, r)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].CreatedAt.Before(out[b].CreatedAt) })
	if len(damaged.Records) > 0 {
		return out, damaged
	}
	return out, nil
}

// errNotRecord says why a file is not a record voltdash can trust.
type errNotRecord struct{ why string }

func (e errNotRecord) Error() string { return e.why }

func reason(err error) string {
	var nr errNotRecord
	if errors.As(err, &nr) {
		return nr.why
	}
	return err.Error()
}

func (j *Journal) read(id string) (model.SendRecord, error) {
	var r model.SendRecord
	name, err := j.file(id)
	if err != nil {
		return r, errNotRecord{"not named by a send id"}
	}
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return r, fmt.Errorf("journal: no send %s", id)
	}
	if err != nil {
		return r, err
	}
	switch err := json.Unmarshal(b, &r); {
	case err != nil:
		return r, errNotRecord{"not a readable record (" + err.Error() + ")"}
	case r.ID != id:
		return r, errNotRecord{fmt.Sprintf("holds send %q, not the one it is named for", model.RedactKeys(r.ID))}
	case !r.State.Known():
		return r, errNotRecord{fmt.Sprintf("unknown state %q", r.State)}
	}
	return r, nil
}

// write replaces a record atomically: a temporary file, synced, renamed
// over the old one, and the directory synced, so that a crash leaves
// either the old record or the new one, never half of either.
func (j *Journal) write(r model.SendRecord) error {
	name, err := j.file(r.ID)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(j.dir, ".send-*")
	if err != nil {
		return fmt.Errorf("recording the send: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("recording the send: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("recording the send: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("recording the send: %w", err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("recording the send: %w", err)
	}
	d, err := os.Open(j.dir)
	if err != nil {
		return fmt.Errorf("recording the send: %w", err)
	}
	defer d.Close()
	return d.Sync()
}

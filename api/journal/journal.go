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
// within a process; processes sharing it touch different files except
// when following the same send, which only reads and marks it.
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
// prunes final records older than 30 days.
func Open(dir string, now func() time.Time) (*Journal, error) {
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the send journal: %w", err)
	}
	j := &Journal{dir: dir, now: now}
	records, err := j.All()
	if err != nil {
		return nil, err
	}
	for _, r := range records {
		if !r.Unfinished() && j.now().Sub(r.UpdatedAt) > keep {
			_ = os.Remove(j.path(r.ID))
		}
	}
	return j, nil
}

// Dir is where the records live.
func (j *Journal) Dir() string { return j.dir }

func (j *Journal) path(id string) string { return filepath.Join(j.dir, id+".json") }

// ErrExists is returned when recording an id already in the journal.
var ErrExists = errors.New("a send with this id is already recorded")

// Record writes a new send durably. Only once it returns nil may the send
// be submitted.
func (j *Journal) Record(r model.SendRecord) (model.SendRecord, error) {
	if uuid.Validate(r.ID) != nil {
		return r, fmt.Errorf("journal: send id %q is not a UUID", r.ID)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := os.Stat(j.path(r.ID)); err == nil {
		return r, ErrExists
	}
	now := j.now()
	r.State, r.CreatedAt, r.UpdatedAt = model.SendRecorded, now, now
	return r, j.write(r)
}

// Update changes a record with f and writes it back durably.
func (j *Journal) Update(id string, f func(*model.SendRecord)) (model.SendRecord, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	r, err := j.read(id)
	if err != nil {
		return r, err
	}
	f(&r)
	r.UpdatedAt = j.now()
	return r, j.write(r)
}

// Get reads one record.
func (j *Journal) Get(id string) (model.SendRecord, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.read(id)
}

// Unfinished lists the sends that still need following, oldest first.
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

// All lists every record, oldest first. A damaged file is reported, not
// skipped: a send must never be forgotten silently.
func (j *Journal) All() ([]model.SendRecord, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	entries, err := os.ReadDir(j.dir)
	if err != nil {
		return nil, fmt.Errorf("reading the send journal: %w", err)
	}
	var out []model.SendRecord
	var bad []string
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || uuid.Validate(id) != nil {
			continue
		}
		r, err := j.read(id)
		if err != nil {
			bad = append(bad, e.Name())
			continue
		}
		out = append(out, r)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].CreatedAt.Before(out[b].CreatedAt) })
	if len(bad) > 0 {
		return out, fmt.Errorf("the send journal in %s has damaged records (%s): inspect them before sending again",
			j.dir, strings.Join(bad, ", "))
	}
	return out, nil
}

func (j *Journal) read(id string) (model.SendRecord, error) {
	var r model.SendRecord
	b, err := os.ReadFile(j.path(id))
	if errors.Is(err, fs.ErrNotExist) {
		return r, fmt.Errorf("journal: no send %s", id)
	}
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("journal: record %s: %w", id, err)
	}
	return r, nil
}

// write replaces a record atomically: a temporary file, synced, renamed
// over the old one, and the directory synced, so that a crash leaves
// either the old record or the new one, never half of either.
func (j *Journal) write(r model.SendRecord) error {
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
	if err := os.Rename(tmp.Name(), j.path(r.ID)); err != nil {
		return fmt.Errorf("recording the send: %w", err)
	}
	d, err := os.Open(j.dir)
	if err != nil {
		return fmt.Errorf("recording the send: %w", err)
	}
	defer d.Close()
	return d.Sync()
}

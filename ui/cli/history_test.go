package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/voltdash/voltdash/model"
)

// pagedAccount holds n payments, newest first, a minute apart, sends and
// receives in turn, some with memos that need care.
func pagedAccount(n int) *fakeBackend {
	b := account()
	for i := range n {
		at := t0.Add(-time.Duration(i) * time.Minute)
		p := rreceive(i+1, tillID, model.StatusCompleted, model.Sats(int64(1000+i)), at, at.Add(time.Second))
		if i%2 == 1 {
			p = rsend(i+1, payoutsID, model.StatusCompleted, model.Sats(int64(500+i)), model.Sats(1), at, at.Add(time.Second))
		}
		b.payments = append(b.payments, p)
	}
	return b
}

// TestHistoryNDJSON: one compact JSON object a line, the fields of
// --json's array, the same whatever the page size; --all to the end,
// beyond --limit's default.
func TestHistoryNDJSON(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"all", []string{"history", "--all", "--ndjson"}},
		{"limit", []string{"history", "--ndjson", "--limit", "3"}},
		{"one_wallet", []string{"history", "--wallet", "Till", "--all", "--ndjson"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			whole := runWith(pagedAccount(7), "", tt.args...)
			b := pagedAccount(7)
			b.pageCap = 2
			paged := runWith(b, "", tt.args...)
			if whole.code != ExitOK || paged.stdout != whole.stdout || whole.stderr != "" {
				t.Fatalf("exit %d %s\nwhole:\n%s\npaged by 2:\n%s", whole.code, whole.stderr, whole.stdout, paged.stdout)
			}
			golden.RequireEqual(t, whole.stdout)
		})
	}
	// Each line is the --json array's element.
	var arr []map[string]any
	if err := json.Unmarshal([]byte(runWith(pagedAccount(7), "", "history", "--json").stdout), &arr); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(runWith(pagedAccount(7), "", "history", "--ndjson").stdout, "\n"), "\n")
	if len(lines) != len(arr) {
		t.Fatalf("%d lines, %d in the array", len(lines), len(arr))
	}
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil || m["id"] != arr[i]["id"] || len(m) != len(arr[i]) {
			t.Errorf("line %d: %v %s", i, err, l)
		}
	}
	// --all goes past the 50 of --limit's default, page by page.
	b := pagedAccount(130)
	b.pageCap = 25
	r := runWith(b, "", "history", "--all", "--csv")
	if rows := strings.Count(r.stdout, "\n"); r.code != ExitOK || rows != 131 || b.listCalls != 6 {
		t.Errorf("exit %d, %d rows, %d pages", r.code, rows, b.listCalls)
	}
	if r := runWith(pagedAccount(130), "", "history", "--ndjson"); strings.Count(r.stdout, "\n") != 50 {
		t.Errorf("without --all: %d lines", strings.Count(r.stdout, "\n"))
	}
}

// TestHistoryOutputsRefused: one output at a time, and --all or --limit.
func TestHistoryOutputsRefused(t *testing.T) {
	for _, tt := range []struct {
		args []string
		says string
	}{
		{[]string{"--json", "--ndjson"}, "give one"},
		{[]string{"--csv", "--ndjson"}, "give one"},
		{[]string{"--csv", "--json"}, "give one"},
		{[]string{"--all", "--limit", "10"}, "leave out --limit"},
	} {
		b := pagedAccount(3)
		r := runWith(b, "", append([]string{"history"}, tt.args...)...)
		if r.code != ExitUsage || !strings.Contains(r.stdout+r.stderr, tt.says) || b.listCalls != 0 {
			t.Errorf("%q: exit %d %s %s, %d lists", tt.args, r.code, r.stdout, r.stderr, b.listCalls)
		}
	}
}

// TestHistoryNDJSONStopsWithAnErrorLine: a page that does not advance
// ends the stream with the JSON error as its last line, exit 4, after the
// lines that were read.
func TestHistoryNDJSONStopsWithAnErrorLine(t *testing.T) {
	b := pagedAccount(7)
	b.pageCap, b.stuck = 3, "offset"
	r := runWith(b, "", "history", "--all", "--ndjson")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	var last struct {
		Error struct{ Kind, Message string }
	}
	if r.code != ExitNetwork || len(lines) != 4 || json.Unmarshal([]byte(lines[3]), &last) != nil || last.Error.Kind != "network" {
		t.Errorf("exit %d:\n%s", r.code, r.stdout)
	}
}

// TestHistoryStreams: the first page's lines are out before the second
// page is answered; a backend that holds page 2 until the test has read
// page 1 would never finish otherwise.
func TestHistoryStreams(t *testing.T) {
	for _, format := range []string{"--ndjson", "--csv"} {
		t.Run(format, func(t *testing.T) {
			b := pagedAccount(9)
			b.pageCap = 4
			release, held := make(chan struct{}), make(chan struct{})
			b.onList = func(call int) {
				if call == 2 {
					close(held)
					select {
					case <-release:
					case <-time.After(5 * time.Second): // the test has failed; let the run end
					}
				}
			}
			pr, pw := io.Pipe()
			done := make(chan result)
			go func() {
				r := runWithDeps(b, "", func(d *Deps) { d.Stdout = pw }, "history", "--all", format)
				pw.Close()
				done <- r
			}()
			lines := make(chan string)
			go func() {
				sc := bufio.NewScanner(pr)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			first := 4
			if format == "--csv" {
				first++ // the header
			}
			for i := range first {
				select {
				case l := <-lines:
					if i == first-1 && !strings.Contains(l, rid(4)) {
						t.Errorf("line %d: %s", i, l)
					}
				case <-time.After(3 * time.Second):
					t.Fatalf("page 1 was not written before page 2 came: %d lines", i)
				}
			}
			select {
			case <-held:
			case <-time.After(3 * time.Second):
				t.Error("page 2 never asked for")
			}
			close(release)
			rest := 0
			for range lines {
				rest++
			}
			if r := <-done; r.code != ExitOK || rest != 5 {
				t.Errorf("exit %d, %d lines after page 1: %s", r.code, rest, r.stderr)
			}
		})
	}
}

// blockingWriter holds its first write until open is closed, or fails.
type blockingWriter struct {
	t     *testing.T
	open  <-chan struct{}
	once  sync.Once
	mu    sync.Mutex
	lines strings.Builder
}

func (w *blockingWriter) Write(p []byte) (int, error) {
	w.once.Do(func() {
		select {
		case <-w.open:
		case <-time.After(5 * time.Second):
			w.t.Error("page 2 was not asked for while page 1 was being written")
		}
	})
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.lines.Write(p)
}

// TestHistoryReadsAheadWhileWriting: page 2 is asked for while page 1 is
// still being written (the round trip overlaps the writing), every line
// still comes once and in order; and a --limit a page fills asks for no
// page beyond it.
func TestHistoryReadsAheadWhileWriting(t *testing.T) {
	b := pagedAccount(9)
	b.pageCap = 4
	asked := make(chan struct{})
	var once sync.Once
	b.onList = func(call int) {
		if call == 2 {
			once.Do(func() { close(asked) })
		}
	}
	w := &blockingWriter{t: t, open: asked}
	r := runWithDeps(b, "", func(d *Deps) { d.Stdout = w }, "history", "--all", "--ndjson")
	lines := strings.Split(strings.TrimSuffix(w.lines.String(), "\n"), "\n")
	if r.code != ExitOK || len(lines) != 9 {
		t.Fatalf("exit %d, %d lines: %s", r.code, len(lines), r.stderr)
	}
	for i, l := range lines {
		if !strings.Contains(l, rid(i+1)) {
			t.Errorf("line %d is not payment %d: %s", i, i+1, l)
		}
	}

	b = pagedAccount(9)
	b.pageCap = 4
	calls := 0
	b.onList = func(call int) { calls = call }
	if r := runWith(b, "", "history", "--limit", "4", "--ndjson"); r.code != ExitOK || calls != 1 {
		t.Errorf("exit %d after %d pages for a --limit of one page", r.code, calls)
	}
}

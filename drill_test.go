package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

// The drills measure voltdash the way docs/performance.md and
// docs/reliability.md report it. Run at full size with
//
//	VOLTDASH_DRILL=full go test -run Drill -v .
//
// Without it they run smaller, so that go test ./... stays quick while
// still checking every goal.
func drillFull() bool { return os.Getenv("VOLTDASH_DRILL") == "full" }

// drillSize picks the quick or the full size.
func drillSize(quick, full int) int {
	if drillFull() {
		return full
	}
	return quick
}

// durations summarises measured delays.
type durations []time.Duration

func (d durations) sorted() durations {
	s := append(durations(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s
}

// quantile is the q-th quantile (0.5 is the median), by the nearest rank.
func (d durations) quantile(q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := d.sorted()
	i := int(q*float64(len(s)) + 0.5)
	return s[min(max(i-1, 0), len(s)-1)]
}

func (d durations) max() time.Duration { return d.quantile(1) }

// report prints a drill's table in the form the docs quote.
func report(t testing.TB, title string, header []string, rows ...[]string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s\n| %s |\n|%s\n", title, strings.Join(header, " | "), strings.Repeat("---|", len(header)))
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s |\n", strings.Join(r, " | "))
	}
	t.Log(b.String())
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package clock

import (
	"testing"
	"time"
)

func TestManualFiresInOrderAndCascades(t *testing.T) {
	start := time.Date(2025, 5, 7, 12, 0, 0, 0, time.UTC)
	c := NewManual(start)
	var got []string
	var seen []time.Duration
	c.AfterFunc(3*time.Second, func() {
		got = append(got, "b")
		seen = append(seen, c.Now().Sub(start))
		c.AfterFunc(time.Second, func() { got = append(got, "c"); seen = append(seen, c.Now().Sub(start)) })
	})
	c.AfterFunc(time.Second, func() { got = append(got, "a"); seen = append(seen, c.Now().Sub(start)) })
	stopped := c.AfterFunc(2*time.Second, func() { got = append(got, "never") })
	if !stopped.Stop() || stopped.Stop() {
		t.Error("Stop should succeed once")
	}
	c.Advance(10 * time.Second)
	if want := "abc"; join(got) != want {
		t.Errorf("order %v", got)
	}
	if seen[0] != time.Second || seen[1] != 3*time.Second || seen[2] != 4*time.Second {
		t.Errorf("timers saw times %v", seen)
	}
	if c.Now() != start.Add(10*time.Second) || c.Pending() != 0 {
		t.Errorf("now %v pending %d", c.Now(), c.Pending())
	}
}

func TestManualAutoAdvanceRecordsWaits(t *testing.T) {
	c := NewManual(time.Unix(0, 0))
	c.AutoAdvance(true)
	at := <-c.After(250 * time.Millisecond)
	<-c.After(time.Second)
	if at != time.Unix(0, 0).Add(250*time.Millisecond) || c.Now() != time.Unix(0, 0).Add(1250*time.Millisecond) {
		t.Errorf("after = %v, now = %v", at, c.Now())
	}
	if w := c.Waits(); len(w) != 2 || w[1] != time.Second {
		t.Errorf("waits %v", w)
	}
}

func join(s []string) string {
	out := ""
	for _, x := range s {
		out += x
	}
	return out
}

func TestManualCountsSleepers(t *testing.T) {
	c := NewManual(time.Unix(0, 0))
	c.AfterFunc(time.Second, func() {}) // a callback is not a sleeper
	a := c.After(time.Second)
	c.After(3 * time.Second)
	if n := c.Sleepers(); n != 2 {
		t.Fatalf("sleepers %d, want 2", n)
	}
	c.Advance(2 * time.Second)
	<-a
	if n := c.Sleepers(); n != 1 {
		t.Errorf("after one fired: %d sleepers, want 1", n)
	}
}

// Package clock is the time source of voltdash's client, simulator and
// tests. Production code uses System; tests use a Manual clock and move time
// themselves, so nothing waits on the wall clock.
package clock

import (
	"sort"
	"sync"
	"time"
)

// Clock tells the time and schedules work.
type Clock interface {
	Now() time.Time
	// After delivers the time on the channel once d has passed.
	After(d time.Duration) <-chan time.Time
	// AfterFunc runs f in its own goroutine (System) or inside Advance
	// (Manual) once d has passed.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a scheduled AfterFunc.
type Timer interface {
	// Stop cancels the timer; false if it already ran or was stopped.
	Stop() bool
}

// System is the real clock.
type System struct{}

func (System) Now() time.Time                            { return time.Now() }
func (System) After(d time.Duration) <-chan time.Time    { return time.After(d) }
func (System) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// Manual is a clock that moves only when told to. Timers fire in deadline
// order inside Advance, on the caller's goroutine, so a test sees every
// consequence of moving time before Advance returns.
type Manual struct {
	mu     sync.Mutex
	now    time.Time
	timers []*manualTimer
	seq    int
	auto   bool
	waited []time.Duration
	firing sync.Mutex // serialises Advance so timers never run concurrently
}

type manualTimer struct {
	clock *Manual
	at    time.Time
	seq   int
	f     func()
	ch    chan time.Time
	done  bool
}

// NewManual starts a manual clock at t.
func NewManual(t time.Time) *Manual { return &Manual{now: t} }

// AutoAdvance makes every After call move the clock forward by its delay
// at once, as if the caller had slept. Retry loops then run without
// sleeping while Waits records what they asked for.
func (m *Manual) AutoAdvance(on bool) {
	m.mu.Lock()
	m.auto = on
	m.mu.Unlock()
}

// Waits returns the delays passed to After so far.
func (m *Manual) Waits() []time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]time.Duration(nil), m.waited...)
}

func (m *Manual) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now
}

func (m *Manual) After(d time.Duration) <-chan time.Time {
	m.mu.Lock()
	m.waited = append(m.waited, d)
	auto := m.auto
	t := m.schedule(d, nil)
	m.mu.Unlock()
	if auto {
		m.Advance(d)
	}
	return t.ch
}

func (m *Manual) AfterFunc(d time.Duration, f func()) Timer {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.schedule(d, f)
}

func (m *Manual) schedule(d time.Duration, f func()) *manualTimer {
	m.seq++
	t := &manualTimer{clock: m, at: m.now.Add(d), seq: m.seq, f: f}
	if f == nil {
		t.ch = make(chan time.Time, 1)
	}
	m.timers = append(m.timers, t)
	return t
}

func (t *manualTimer) Stop() bool {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	if t.done {
		return false
	}
	t.done = true
	return true
}

// Advance moves time forward by d, firing every timer that falls due, in
// order, each seeing Now() equal to its own deadline. Timers scheduled by
// firing timers also fire if they fall within d.
func (m *Manual) Advance(d time.Duration) {
	m.firing.Lock()
	defer m.firing.Unlock()
	m.mu.Lock()
	end := m.now.Add(d)
	m.mu.Unlock()
	for {
		m.mu.Lock()
		t := m.nextDue(end)
		if t == nil {
			if end.After(m.now) {
				m.now = end
			}
			m.mu.Unlock()
			return
		}
		t.done = true
		if t.at.After(m.now) {
			m.now = t.at
		}
		now := m.now
		m.mu.Unlock()
		if t.ch != nil {
			t.ch <- now
		} else {
			t.f()
		}
	}
}

// Set moves the clock to t (forward only), firing due timers.
func (m *Manual) Set(t time.Time) {
	if d := t.Sub(m.Now()); d > 0 {
		m.Advance(d)
	}
}

// Pending is the number of timers not yet fired or stopped.
func (m *Manual) Pending() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, t := range m.timers {
		if !t.done {
			n++
		}
	}
	return n
}

// Sleepers is the number of After channels not yet fired: goroutines that
// will wait for the clock to move. A driver that owns time advances it once
// everything else it started has finished or is one of these.
func (m *Manual) Sleepers() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, t := range m.timers {
		if !t.done && t.ch != nil {
			n++
		}
	}
	return n
}

// NextDeadline is when the earliest pending timer fires, if any.
func (m *Manual) NextDeadline() (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.nextDue(time.Time{}.AddDate(9999, 0, 0))
	if t == nil {
		return time.Time{}, false
	}
	return t.at, true
}

// nextDue drops finished timers and returns the earliest one due by end.
func (m *Manual) nextDue(end time.Time) *manualTimer {
	live := m.timers[:0]
	for _, t := range m.timers {
		if !t.done {
			live = append(live, t)
		}
	}
	m.timers = live
	sort.Slice(live, func(i, j int) bool {
		if !live[i].at.Equal(live[j].at) {
			return live[i].at.Before(live[j].at)
		}
		return live[i].seq < live[j].seq
	})
	if len(live) == 0 || live[0].at.After(end) {
		return nil
	}
	return live[0]
}

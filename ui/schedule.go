package ui

import (
	"time"

	"github.com/voltdash/voltdash/ui/port"
)

// backoff is the wait before retrying something that failed failures times
// in a row: 2 s, 4 s, 8 s … up to a minute.
func backoff(failures int) time.Duration {
	if failures <= 0 {
		return 0
	}
	d := time.Second << min(failures, 6)
	return min(d, time.Minute)
}

// schedule is one periodic refresh: never two at once, backing off while
// it fails.
type schedule struct {
	every    time.Duration
	due      time.Time
	inFlight bool
	failures int
	started  time.Time // when the last refresh began
	// again: a refresh was asked for, for then, while one was in flight,
	// which may answer with what was true before: another follows it.
	again time.Time
}

// ready reports that the refresh should start now; the caller then runs it
// and calls done.
func (s *schedule) ready(now time.Time) bool { return !s.inFlight && !now.Before(s.due) }

func (s *schedule) start(now time.Time) { s.inFlight, s.started = true, now }

func (s *schedule) done(now time.Time, failed bool) {
	s.inFlight = false
	if !s.again.IsZero() {
		s.due, s.again = s.again, time.Time{}
		if s.due.Before(now) {
			s.due = now
		}
		return
	}
	if failed {
		s.failures++
		s.due = now.Add(backoff(s.failures))
		return
	}
	s.failures = 0
	s.due = now.Add(s.every)
}

// wakeAt is when the refresh is next due; zero while one is in flight,
// whose answer comes as a message.
func (s *schedule) wakeAt() time.Time {
	if s.inFlight {
		return time.Time{}
	}
	return s.due
}

// soon asks for a refresh at the next tick, as the user does with r.
func (s *schedule) soon(now time.Time) {
	if s.inFlight {
		s.again = earliest(s.again, now)
		return
	}
	if s.due.After(now) {
		s.due = now
	}
}

// soonAfter asks for a refresh at the next tick, but no sooner than gap
// after the last one began: payments finishing in a burst cost one
// refresh, not one each.
func (s *schedule) soonAfter(now time.Time, gap time.Duration) {
	at := s.started.Add(gap)
	if at.Before(now) {
		at = now
	}
	s.soon(at)
}

// conn is the connection as the header shows it.
type conn struct {
	everOK   bool
	lastOK   time.Time
	failures int
	retryAt  time.Time
	problem  string
	auth     bool
}

// offlineAfter is how many failures in a row turn "retrying" into
// "offline".
const offlineAfter = 3

func (c *conn) ok(now time.Time) {
	c.everOK, c.lastOK, c.failures, c.problem, c.auth = true, now, 0, "", false
}

func (c *conn) fail(f port.Failure, retryAt time.Time) {
	c.failures++
	c.problem, c.auth, c.retryAt = f.Sentence, f.Auth, retryAt
}

// connView is the state as words and a style name.
type connView struct {
	text  string
	state string // "live", "retrying", "offline", "connecting"
}

func (c conn) view(now time.Time) connView {
	in := max(ceilSecond(c.retryAt.Sub(now)), 0) // counts down as countdown does
	switch {
	case c.failures == 0 && c.everOK:
		return connView{"● live", "live"}
	case c.failures == 0:
		return connView{"◌ connecting…", "connecting"}
	case c.auth:
		return connView{"✕ key rejected", "offline"}
	case c.failures < offlineAfter:
		if in == 0 {
			return connView{"◌ retrying now", "retrying"}
		}
		return connView{"◌ retrying in " + in.String(), "retrying"}
	case c.everOK:
		return connView{"✕ offline since " + c.lastOK.Format("15:04"), "offline"}
	}
	return connView{"✕ offline", "offline"}
}

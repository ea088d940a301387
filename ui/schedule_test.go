package ui

import (
	"testing"
	"time"

	"github.com/voltdash/voltdash/ui/port"
)

var t0 = time.Date(2025, 5, 7, 14, 3, 0, 0, time.UTC)

func TestScheduleNeverOverlapsAndBacksOff(t *testing.T) {
	s := schedule{every: 10 * time.Second, due: t0}
	if !s.ready(t0) {
		t.Fatal("due at start")
	}
	s.start(t0)
	if s.ready(t0.Add(time.Hour)) {
		t.Fatal("a refresh in flight must not start again")
	}
	s.done(t0, true)
	if s.ready(t0.Add(time.Second)) || !s.ready(t0.Add(2*time.Second)) {
		t.Error("first failure waits 2 s")
	}
	s.start(t0)
	s.done(t0, true)
	if s.due != t0.Add(4*time.Second) {
		t.Errorf("second failure waits 4 s, got %v", s.due.Sub(t0))
	}
	s.start(t0)
	s.done(t0, false)
	if s.due != t0.Add(10*time.Second) || s.failures != 0 {
		t.Errorf("success resets: due %v", s.due.Sub(t0))
	}
	s.soon(t0)
	if !s.ready(t0) {
		t.Error("soon makes it due now")
	}
	s.start(t0)
	s.done(t0.Add(time.Second), false)
	s.soonAfter(t0.Add(time.Second), 2*time.Second)
	if s.ready(t0.Add(time.Second)) || !s.ready(t0.Add(2*time.Second)) {
		t.Errorf("soonAfter waits the gap from the last start: due %v", s.due.Sub(t0))
	}
	for f, want := range map[int]time.Duration{1: 2 * time.Second, 3: 8 * time.Second, 6: time.Minute, 40: time.Minute} {
		if got := backoff(f); got != want {
			t.Errorf("backoff(%d) = %v, want %v", f, got, want)
		}
	}
}

func TestConnView(t *testing.T) {
	var c conn
	if v := c.view(t0); v.state != "connecting" {
		t.Errorf("fresh: %+v", v)
	}
	c.ok(t0)
	if v := c.view(t0); v.text != "● live" {
		t.Errorf("live: %+v", v)
	}
	c.fail(port.Failure{Sentence: "Cannot reach Voltage.", Transient: true}, t0.Add(4*time.Second))
	if v := c.view(t0.Add(time.Second)); v.text != "◌ retrying in 3s" || v.state != "retrying" {
		t.Errorf("retrying: %+v", v)
	}
	c.fail(port.Failure{Transient: true}, t0.Add(10*time.Second))
	c.fail(port.Failure{Transient: true}, t0.Add(20*time.Second))
	if v := c.view(t0.Add(15 * time.Second)); v.text != "✕ offline since 14:03" {
		t.Errorf("offline: %+v", v)
	}
	c.ok(t0.Add(time.Minute))
	c.fail(port.Failure{Auth: true}, t0.Add(2*time.Minute))
	if v := c.view(t0.Add(time.Minute)); v.text != "✕ key rejected" {
		t.Errorf("auth: %+v", v)
	}
}

// TestARefreshAskedForDuringOneFollowsIt: what the refresh in flight brings
// may be from before the change that asked for another, so another goes once
// it is back.
func TestARefreshAskedForDuringOneFollowsIt(t *testing.T) {
	s := schedule{every: 10 * time.Second, due: t0}
	s.start(t0)
	s.soon(t0.Add(time.Second)) // a rename went through meanwhile
	s.done(t0.Add(2*time.Second), false)
	if !s.ready(t0.Add(2 * time.Second)) {
		t.Errorf("the refresh asked for during the last one is due at %v", s.due.Sub(t0))
	}
	s.start(t0.Add(2 * time.Second))
	s.done(t0.Add(3*time.Second), false)
	if s.due != t0.Add(13*time.Second) {
		t.Errorf("then back to every 10 s: due %v", s.due.Sub(t0))
	}
}

package model

import (
	"slices"
	"testing"
	"time"
)

func TestNextPoll(t *testing.T) {
	for _, tt := range []struct {
		elapsed time.Duration
		status  Status
		want    time.Duration
	}{
		{0, StatusSending, 250 * time.Millisecond},
		{5 * time.Second, StatusApproved, 500 * time.Millisecond},
		{30 * time.Second, StatusGenerating, time.Second},
		{2 * time.Minute, StatusSending, 2500 * time.Millisecond},
		{0, StatusReceiving, 2 * time.Second},
		{time.Minute, StatusReceiving, 3500 * time.Millisecond},
		{6 * time.Minute, StatusReceiving, 4375 * time.Millisecond},
		{2 * time.Hour, StatusReceiving, 30 * time.Second},
		{time.Minute, "something_new", 3500 * time.Millisecond},
	} {
		got, ok := NextPoll(tt.elapsed, tt.status)
		if !ok || got != tt.want {
			t.Errorf("NextPoll(%v, %s) = %v, %v; want %v", tt.elapsed, tt.status, got, ok, tt.want)
		}
	}
	for _, s := range []Status{StatusCompleted, StatusFailed, StatusExpired} {
		if _, ok := NextPoll(time.Second, s); ok {
			t.Errorf("%s is final, polling must stop", s)
		}
	}
}

func TestNextPollNeverSpeedsUpAndIsCapped(t *testing.T) {
	for _, s := range []Status{StatusSending, StatusReceiving} {
		prev := time.Duration(0)
		for e := time.Duration(0); e < 24*time.Hour; e += 250 * time.Millisecond {
			d, _ := NextPoll(e, s)
			if d < prev || d > 30*time.Second || d <= 0 {
				t.Fatalf("%s at %v: %v after %v", s, e, d, prev)
			}
			prev = d
		}
	}
}

// TestScheduleBeatsFixedSecondPolling replays the schedule for a payer who
// pays at each whole second of the first five minutes, against the SDK's
// poll once a second: a third of its requests at most, and a median
// detection delay under two seconds.
func TestScheduleBeatsFixedSecondPolling(t *testing.T) {
	var ours, sdk int
	var delays []time.Duration
	for paid := 250 * time.Millisecond; paid < 5*time.Minute; paid += time.Second {
		at := time.Duration(0)
		for {
			ours++
			if at >= paid {
				break
			}
			d, _ := NextPoll(at, StatusReceiving)
			at += d
		}
		delays = append(delays, at-paid)
		sdk += int(paid/time.Second) + 2 // polls at 0 s, 1 s, … up to the first after paid
	}
	slices.Sort(delays)
	median := delays[len(delays)/2]
	if ratio := float64(ours) / float64(sdk); ratio > 1.0/3 || median >= 2*time.Second {
		t.Errorf("requests ratio %.3f (want ≤ 0.333), median delay %v (want < 2 s)", ratio, median)
	}
}

func TestNextPollPushedOnlyCatchesLostDeliveries(t *testing.T) {
	for _, tt := range []struct {
		elapsed time.Duration
		status  Status
		want    time.Duration
	}{
		{0, StatusSending, PushFallback},
		{0, StatusReceiving, PushFallback},
		{3 * time.Hour, StatusReceiving, 30 * time.Second},
	} {
		if got, ok := NextPollPushed(tt.elapsed, tt.status); !ok || got != tt.want {
			t.Errorf("NextPollPushed(%v, %s) = %v; want %v", tt.elapsed, tt.status, got, tt.want)
		}
	}
	if _, ok := NextPollPushed(0, StatusCompleted); ok {
		t.Error("a final payment is not polled")
	}
}

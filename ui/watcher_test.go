package ui

import (
	"errors"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

func TestWatcherFollowsThePollSchedule(t *testing.T) {
	w := newWatcher()
	w.follow("a", t0, model.StatusSending, t0.Add(time.Second))
	if got := w.watches["a"].due; got != t0.Add(time.Second+250*time.Millisecond) {
		t.Errorf("sending polls fast: %v", got.Sub(t0))
	}
	w.follow("done", t0, model.StatusCompleted, t0)
	if _, ok := w.watches["done"]; ok {
		t.Error("a final payment is watched")
	}
	if ids := w.due(t0.Add(time.Second)); len(ids) != 0 {
		t.Errorf("read before it is due: %v", ids)
	}
	if ids := w.due(t0.Add(2 * time.Second)); len(ids) != 1 || ids[0] != "a" || !w.watches["a"].inFlight {
		t.Fatalf("due: %v", ids)
	}
	if ids := w.due(t0.Add(3 * time.Second)); len(ids) != 0 {
		t.Error("a second read while one is in flight")
	}
	recv := model.Payment{ID: "a", Direction: model.Send, Status: model.StatusApproved}
	if got := w.read("a", recv, nil, false, t0.Add(time.Minute)); got != readPending {
		t.Errorf("approved: %v", got)
	}
	w.pushesArrive(t0.Add(time.Minute))
	if got := w.watches["a"].due; got != t0.Add(time.Minute+model.PushFallback) {
		t.Errorf("with pushes arriving, polls only catch lost ones: %v", got.Sub(t0))
	}
	stale := model.Payment{ID: "a", Direction: model.Send, Status: model.StatusSending}
	if got := w.read("a", stale, nil, false, t0.Add(2*time.Minute)); got != readPending || w.watches["a"].status != model.StatusApproved {
		t.Errorf("a stale answer moved the payment back: %v %v", got, w.watches["a"].status)
	}
	recv.Status = model.StatusCompleted
	if got := w.read("a", recv, nil, false, t0.Add(3*time.Minute)); got != readFinal || len(w.watches) != 0 {
		t.Errorf("completed: %v, %d watched", got, len(w.watches))
	}
	if got := w.read("a", recv, nil, false, t0.Add(4*time.Minute)); got != readUnwatched {
		t.Errorf("an answer for no watch: %v", got)
	}
}

// TestWatcherGivesUpOnAPaymentThatNeverArrived: the same number of reads
// finding nothing as the Send screen and the commands allow.
func TestWatcherGivesUpOnAPaymentThatNeverArrived(t *testing.T) {
	w := newWatcher()
	w.follow("gone", t0, model.StatusSending, t0)
	for i := range model.NeverArrivedAfter {
		if _, ok := w.watches["gone"]; !ok {
			t.Fatalf("given up after %d misses", i)
		}
		w.due(t0.Add(time.Hour))
		if got := w.read("gone", model.Payment{}, errors.New("404"), true, t0.Add(time.Hour)); got != readFailed {
			t.Errorf("a miss: %v", got)
		}
	}
	if _, ok := w.watches["gone"]; ok {
		t.Errorf("still watched after %d misses", model.NeverArrivedAfter)
	}
}

func TestWatcherBoundsReadsInFlight(t *testing.T) {
	w := newWatcher()
	for i := range 20 {
		w.follow(string(rune('a'+i)), t0, model.StatusReceiving, t0)
	}
	if ids := w.due(t0.Add(time.Hour)); len(ids) != maxPolls {
		t.Errorf("%d reads at once, want %d", len(ids), maxPolls)
	}
}

func TestWatcherTakesPushes(t *testing.T) {
	w := newWatcher()
	w.follow("r", t0, model.StatusReceiving, t0)
	paid := model.Payment{ID: "r", Direction: model.Receive, Status: model.StatusCompleted}
	if !w.pushedState(paid, t0) || len(w.watches) != 0 {
		t.Error("a pushed completion does not end the watch")
	}
	if !w.pushedState(model.Payment{ID: "elsewhere", Status: model.StatusCompleted}, t0) {
		t.Error("a final payment nobody watched does not move balances")
	}
}

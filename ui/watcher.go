package ui

import (
	"time"

	"github.com/voltdash/voltdash/model"
)

// watcher follows every pending payment the dashboard shows until it is
// final: one poll loop per payment, on the schedule the commands share
// (model.NextPoll), never more than maxPolls reads in flight. Once pushes
// are seen to arrive, polls only catch a delivery that was lost.
type watcher struct {
	watches  map[string]*watch
	pushed   bool // a push has arrived: deliveries reach us
	degraded bool // but lately they fail: poll as if there were none
}

// watch is one payment being followed.
type watch struct {
	created  time.Time
	status   model.Status
	due      time.Time
	inFlight bool
	misses   int // reads in a row that found nothing
}

// maxPolls bounds the polls in flight at once, so that a history full of
// open invoices cannot flood the API.
const maxPolls = 6

func newWatcher() *watcher { return &watcher{watches: map[string]*watch{}} }

// next plans a watch's following read after an answer at now.
func (w *watcher) next(x *watch, now time.Time) {
	schedule := model.NextPoll
	if w.pushed && !w.degraded {
		schedule = model.NextPollPushed
	}
	d, _ := schedule(now.Sub(x.created), x.status)
	x.due = now.Add(d)
}

// follow starts watching a payment that is not final; one already watched
// keeps its schedule and takes the status given.
func (w *watcher) follow(id string, created time.Time, status model.Status, now time.Time) {
	if status.IsFinal() {
		return
	}
	if x, ok := w.watches[id]; ok {
		x.status = status
		return
	}
	x := &watch{created: created, status: status}
	w.next(x, now)
	w.watches[id] = x
}

// wakeAt is when the next read falls due; zero when none can start before
// an answer arrives (none waiting, or maxPolls in flight).
func (w *watcher) wakeAt() time.Time {
	var first time.Time
	inFlight := 0
	for _, x := range w.watches {
		if x.inFlight {
			inFlight++
		} else {
			first = earliest(first, x.due)
		}
	}
	if inFlight >= maxPolls {
		return time.Time{}
	}
	return first
}

// due returns the payments to read now and marks them in flight.
func (w *watcher) due(now time.Time) []string {
	inFlight := 0
	for _, x := range w.watches {
		if x.inFlight {
			inFlight++
		}
	}
	var ids []string
	for id, x := range w.watches {
		if inFlight >= maxPolls {
			break
		}
		if !x.inFlight && !now.Before(x.due) {
			x.inFlight = true
			inFlight++
			ids = append(ids, id)
		}
	}
	return ids
}

// readOutcome is what a read did to a watch.
type readOutcome int

const (
	readUnwatched readOutcome = iota // not a payment being watched
	readPending                      // still pending: read again later
	readFinal                        // it became final: balances moved
	readFailed                       // the read failed: retry after a pause
)

// read records the answer to a poll. notFound, with an error, says the
// payment was not there; after model.NeverArrivedAfter such answers in a
// row the watch ends. A stale answer never moves a payment back.
func (w *watcher) read(id string, p model.Payment, err error, notFound bool, now time.Time) readOutcome {
	x, ok := w.watches[id]
	if !ok {
		return readUnwatched
	}
	x.inFlight = false
	if err != nil {
		if notFound {
			if x.misses++; x.misses >= model.NeverArrivedAfter {
				delete(w.watches, id)
			}
		}
		x.due = now.Add(backoff(max(x.misses, 1)))
		return readFailed
	}
	x.misses = 0
	if !model.CanTransition(p.Direction, x.status, p.Status) {
		w.next(x, now) // a stale answer: keep what we know
		return readPending
	}
	x.status = p.Status
	if x.status.IsFinal() {
		delete(w.watches, id)
		return readFinal
	}
	w.next(x, now)
	return readPending
}

// pushedState applies a state that arrived by push; true when it made a
// payment final (or reported a final payment nobody watched): balances
// moved.
func (w *watcher) pushedState(p model.Payment, now time.Time) bool {
	x, watched := w.watches[p.ID]
	switch {
	case !watched:
		return p.Status.IsFinal() // someone paid us, or a payment made elsewhere settled
	case !model.CanTransition(p.Direction, x.status, p.Status):
		return false
	}
	x.status = p.Status
	if p.Status.IsFinal() {
		delete(w.watches, p.ID)
		return true
	}
	w.next(x, now)
	return false
}

// pushesArrive notes that deliveries reach us: every watch moves to the
// slower schedule at once.
func (w *watcher) pushesArrive(now time.Time) {
	if w.pushed {
		return
	}
	w.pushed = true
	for _, x := range w.watches {
		w.next(x, now)
	}
}

// degrade notes whether deliveries fail lately; a change replans every watch
// on the schedule that now applies.
func (w *watcher) degrade(on bool, now time.Time) {
	if on == w.degraded {
		return
	}
	w.degraded = on
	for _, x := range w.watches {
		if !x.inFlight {
			w.next(x, now)
		}
	}
}

// readSoon reads a watched payment at the next chance: its delivery failed,
// so the state Voltage sent is known only to Voltage.
func (w *watcher) readSoon(id string, now time.Time) {
	if x, ok := w.watches[id]; ok && !x.inFlight && x.due.After(now) {
		x.due = now
	}
}

// pushesStopped goes back to polling alone.
func (w *watcher) pushesStopped() { w.pushed = false }

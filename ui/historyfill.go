package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// A search covers the whole history, so the rest of it is read behind the
// loaded pages. Cursor pages (get_payments, pagination=cursor) come one
// after another, each needing the cursor of the one before, so one stream
// of them costs a round trip a page: 100 round trips for 100,000
// payments. Instead the time the rest covers is cut into stretches, each
// read by cursor within its own start_date and end_date (both inclusive),
// several at once. Pages are added to the list newest stretch first, so
// the list stays in order; an older stretch's pages wait until the
// stretches before it are in.
const (
	fillStretches = 8
	// fillWidth is how many requests a fill has in flight. Voltage
	// publishes no rate limit; four at once is a modest load, and after
	// any failure (a 429 the client already waited out, included) the
	// fill goes on one request at a time.
	fillWidth = 4
	fillRetry = 3 * time.Second
)

// fill is the background read of the rest of a history behind the rows
// loaded when it began; its messages name it, so that those of a fill
// given up on are dropped.
type fill struct {
	asking  bool      // the oldest payment has been asked for
	retryAt time.Time // when to ask again after a failure (zero: no wait)
	width   int
	// stretches are newest first; stretches[:added] are in the list.
	stretches []*stretch
	added     int
}

// stretch is one part of the history's time, read by cursor.
type stretch struct {
	f       model.PaymentFilter // Start and End bound it
	cursor  string
	offset  int // for a server that answers by offset after all
	reading bool
	done    bool
	retryAt time.Time
	pages   [][]model.Payment // read while a newer stretch is still coming
	last    map[string]bool   // the ids of its page before, to tell a page that does not advance
}

// oldestMsg carries the oldest payment of the filter, the start of the
// history's time.
type oldestMsg struct {
	fill *fill
	page model.Page[model.Payment]
	err  error
}

// stretchMsg carries one page of a stretch.
type stretchMsg struct {
	fill    *fill
	stretch int
	page    model.Page[model.Payment]
	err     error
}

// startFill begins reading the rest of the history behind the loaded
// rows, for a server that pages by cursor.
func (h *historyScreen) startFill() tea.Cmd {
	h.fill = &fill{width: fillWidth}
	h.loading = true
	return h.askOldest()
}

func (h *historyScreen) askOldest() tea.Cmd {
	h.fill.asking, h.fill.retryAt = true, time.Time{}
	f := h.filter()
	f.SortOrder, f.Limit, f.CursorPaging = model.Ascending, 1, true
	b, fl := h.s.cfg.Backend, h.fill
	return call(func(ctx context.Context) (model.Page[model.Payment], error) { return b.ListPayments(ctx, f) },
		func(p model.Page[model.Payment], err error) tea.Msg { return oldestMsg{fl, p, err} })
}

// oldestArrived cuts the time between the oldest payment and the oldest
// loaded row into stretches and starts reading them.
func (h *historyScreen) oldestArrived(msg oldestMsg) tea.Cmd {
	fl := h.fill
	if fl == nil || msg.fill != fl {
		return nil // for a fill given up on (another filter, or the list started again)
	}
	fl.asking = false
	if msg.err != nil {
		h.fillFailed(h.s.cfg.Backend.Classify(msg.err))
		fl.retryAt = h.s.now.Add(fillRetry)
		return nil
	}
	h.loadErr = ""
	if len(msg.page.Items) == 0 || len(h.rows) == 0 {
		return h.fillDone()
	}
	oldest, newest := msg.page.Items[0].CreatedAt, h.rows[len(h.rows)-1].p.CreatedAt
	if !oldest.Before(newest) {
		oldest = newest // all that is older shares the oldest loaded time
	}
	n := fillStretches
	step := newest.Sub(oldest) / time.Duration(n)
	if step <= 0 {
		n, step = 1, 0
	}
	base := h.filter()
	base.Limit = model.MaxPageLimit
	for i := range n {
		f := base
		f.End, f.Start = newest.Add(-time.Duration(i)*step), newest.Add(-time.Duration(i+1)*step)
		if i == n-1 {
			f.Start = oldest
		}
		fl.stretches = append(fl.stretches, &stretch{f: f})
	}
	return h.readStretches()
}

// readStretches starts the next pages the fill's width allows: stretches
// already under way first, newest first.
func (h *historyScreen) readStretches() tea.Cmd {
	fl := h.fill
	inFlight := 0
	for _, s := range fl.stretches {
		if s.reading {
			inFlight++
		}
	}
	var cmds []tea.Cmd
	for i, s := range fl.stretches[fl.added:] {
		if inFlight >= fl.width {
			break
		}
		if s.reading || s.done || h.s.now.Before(s.retryAt) {
			continue
		}
		s.reading = true
		inFlight++
		cmds = append(cmds, h.readStretch(fl.added+i))
	}
	return tea.Batch(cmds...)
}

func (h *historyScreen) readStretch(i int) tea.Cmd {
	s := h.fill.stretches[i]
	f := s.f
	switch {
	case s.cursor != "":
		f.Cursor = s.cursor
	case s.offset > 0:
		f.Offset = s.offset
	default:
		f.CursorPaging = true
	}
	b, fl := h.s.cfg.Backend, h.fill
	return call(func(ctx context.Context) (model.Page[model.Payment], error) { return b.ListPayments(ctx, f) },
		func(p model.Page[model.Payment], err error) tea.Msg { return stretchMsg{fl, i, p, err} })
}

// stretchArrived keeps a stretch's page (in the list at once when every
// newer stretch is in), then reads on.
func (h *historyScreen) stretchArrived(msg stretchMsg) tea.Cmd {
	fl := h.fill
	if fl == nil || msg.fill != fl || msg.stretch >= len(fl.stretches) {
		return nil
	}
	s := fl.stretches[msg.stretch]
	s.reading = false
	if msg.err != nil {
		h.fillFailed(h.s.cfg.Backend.Classify(msg.err))
		s.retryAt = h.s.now.Add(fillRetry)
		return nil
	}
	h.loadErr = ""
	pg := msg.page
	got, ids, fresh := len(pg.Items), make(map[string]bool, len(pg.Items)), false
	for _, p := range pg.Items {
		ids[p.ID], fresh = true, fresh || !s.last[p.ID]
	}
	s.last = ids
	switch {
	case got == 0 || !pg.More():
		s.done = true
	case !fresh || pg.Cursored && pg.NextCursor == s.cursor:
		// The same page or cursor back: reading on would never end.
		h.loadErr = "the server gave the same page of older payments again; what is shown may be incomplete"
		s.done = true
	case pg.Cursored:
		s.cursor = pg.NextCursor
	default:
		s.offset += got
	}
	s.pages = append(s.pages, s.within(pg.Items))
	var cmds []tea.Cmd
	for fl.added < len(fl.stretches) {
		next := fl.stretches[fl.added]
		for _, items := range next.pages {
			cmds = append(cmds, h.addOlder(items))
		}
		next.pages = nil
		if !next.done {
			break
		}
		fl.added++
	}
	if fl.added == len(fl.stretches) {
		return tea.Batch(append(cmds, h.fillDone())...)
	}
	return tea.Batch(append(cmds, h.readStretches())...)
}

// addOlder adds payments older than every loaded row at the end, and
// matches only them against the search.
func (h *historyScreen) addOlder(items []model.Payment) tea.Cmd {
	before, changed := len(h.rows), false
	for _, p := range items {
		_, known := h.byID[p.ID] // a payment at a stretch's edge comes twice
		if h.upsert(p) && known {
			changed = true
		}
	}
	if changed || h.query == "" {
		h.search()
	} else {
		h.searchFrom(before)
	}
	h.clamp()
	return h.watchPending(items)
}

// fillDone: the whole history is loaded; nothing lies beyond.
func (h *historyScreen) fillDone() tea.Cmd {
	h.fill, h.loading = nil, false
	h.next = nextPage{cursored: true}
	return nil
}

// fillFailed shows a failure and goes on one request at a time.
func (h *historyScreen) fillFailed(f port.Failure) {
	h.loadErr = f.Sentence
	h.fill.width = 1
}

// fillDue retries what failed, once its wait is over.
func (h *historyScreen) fillDue(now time.Time) tea.Cmd {
	fl := h.fill
	switch {
	case fl == nil:
		return nil
	case fl.stretches == nil:
		if fl.asking || now.Before(fl.retryAt) {
			return nil
		}
		return h.askOldest()
	}
	return h.readStretches()
}

// abandonFill gives up the read of the rest, when the rows it reads
// behind are gone (the list started again): its stretches were cut below
// rows no longer loaded. A search starts another.
func (h *historyScreen) abandonFill() {
	if h.fill != nil {
		h.fill, h.loading = nil, false
	}
}

// fillWake is when the fill next needs a tick: the end of a wait after a
// failure (zero when nothing waits).
func (h *historyScreen) fillWake() time.Time {
	fl := h.fill
	if fl == nil {
		return time.Time{}
	}
	if fl.stretches == nil {
		if fl.asking {
			return time.Time{}
		}
		return fl.retryAt
	}
	var at time.Time
	for _, s := range fl.stretches[fl.added:] {
		if !s.reading && !s.done && !s.retryAt.IsZero() {
			at = earliest(at, s.retryAt)
		}
	}
	return at
}

// within is what of items lies in the stretch. A server that ignores
// start_date and end_date answers with payments of other stretches, or
// newer than any row (arrived since): taken here, they would be added out
// of order; each is in its own stretch, or on the list's first page.
func (s *stretch) within(items []model.Payment) []model.Payment {
	kept := items[:0:0]
	for _, p := range items {
		if !p.CreatedAt.Before(s.f.Start) && !p.CreatedAt.After(s.f.End) {
			kept = append(kept, p)
		}
	}
	return kept
}

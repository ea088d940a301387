package ui

import (
	"context"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// pageSize is how many payments one request asks for: the API's default.
const pageSize = 100

// prefetch is how close to the last loaded row the cursor may come before
// the next page is fetched.
const prefetch = 30

// historyScreen lists payments newest first, paged from the API as the
// user scrolls, with filters, incremental search and a detail pane.
type historyScreen struct {
	s             *session
	width, height int

	// rows are pointers so that a payment arriving on top moves pointers,
	// not rows, and byID stays right without being rebuilt.
	rows    []*row
	byID    map[string]*row
	visible []int // rows matching the search, when there is one
	cursor  int   // position in the shown list
	offset  int   // first shown line

	total int // matching payments on the server, when it pages by offset
	// next is where the next page starts when the server pages by cursor
	// (get_payments with pagination=cursor): then it gives no total, only
	// whether there is more.
	next    nextPage
	end     dryEnd // where a next page proved empty
	loading bool
	loadErr string
	fill    *fill // the rest of the history, read for a search
	seq     int   // bumped when the filter changes; older pages are dropped
	refresh schedule

	statusIdx, dirIdx, kindIdx int
	searching                  bool
	query                      string
	names                      string // the wallets' names the rows were formatted with
	// amounts and fees line up on the decimal point: the columns widen to
	// the most precise figure loaded, and then every row is formatted again.
	amounts, fees model.Column
	widened       bool

	detail *detail
	then   thenPrices // in dollars: each payment's value at its own minute
	tags   map[tagKey]string
}

// row is a payment with its cells formatted once, when it arrives or
// changes, so that drawing a frame formats nothing.
type row struct {
	p                               model.Payment
	when, dir, amt, fee, kind, memo string
	hay                             string // the memo cell lower-cased, and the id, amount and address if they have capitals
	tags                            string // status, kind and direction, one string shared by every row with the same three
}

var (
	statusFilters = []struct {
		name     string
		statuses []model.Status
	}{
		{"all", nil},
		{"pending", model.PendingStatuses},
		{"completed", []model.Status{model.StatusCompleted}},
		{"failed", []model.Status{model.StatusFailed}},
		{"expired", []model.Status{model.StatusExpired}},
	}
	directionFilters = []model.Direction{"", model.Send, model.Receive}
	kindFilters      = []model.Kind{"", model.Bolt11, model.Onchain, model.Bip21}
)

func newHistory(s *session) *historyScreen {
	return &historyScreen{s: s, byID: map[string]*row{}, refresh: schedule{every: s.cfg.Refresh, due: s.now},
		amounts: model.NewColumn(s.lens()), fees: model.NewColumn(s.lens())}
}

func (h *historyScreen) title() string { return "History" }

func (h *historyScreen) capturing() bool {
	return h.searching
}

func (h *historyScreen) setSize(w, height int) {
	h.width, h.height = w, height
	if h.detail != nil {
		h.detail.setSize(w, height)
	}
	h.clamp()
}

// filter is the server-side part of what is shown.
func (h *historyScreen) filter() model.PaymentFilter {
	return model.PaymentFilter{WalletID: h.s.selected, Statuses: statusFilters[h.statusIdx].statuses,
		Direction: directionFilters[h.dirIdx], Kind: kindFilters[h.kindIdx]}
}

// pageMsg carries one page of payments for the filter of seq. A refresh
// is the first page, merged into what is loaded; otherwise it is the next
// page, appended.
type pageMsg struct {
	seq     int
	refresh bool
	page    model.Page[model.Payment]
	err     error
}

// nextPage says where the list goes on, by cursor.
type nextPage struct {
	cursored bool
	cursor   string
	more     bool
}

// fetchPage asks for a page: the first by cursor (a server that pages only
// by offset answers in offset form), the next from where the last ended.
func fetchPage(b port.Backend, f model.PaymentFilter, offset int, next nextPage, seq int, refresh bool) tea.Cmd {
	if f.Limit == 0 {
		f.Limit = pageSize
	}
	switch {
	case refresh:
		f.CursorPaging = true
	case next.cursored:
		f.Cursor = next.cursor
	default:
		f.Offset = offset
	}
	return call(func(ctx context.Context) (model.Page[model.Payment], error) { return b.ListPayments(ctx, f) },
		func(p model.Page[model.Payment], err error) tea.Msg {
			return pageMsg{seq: seq, refresh: refresh, page: p, err: err}
		})
}

func (h *historyScreen) update(msg tea.Msg) tea.Cmd {
	cmd := h.route(msg)
	if h.widened { // a row came that needs more decimals than the others show
		h.reformat()
	}
	return tea.Batch(cmd, h.askThen())
}

func (h *historyScreen) route(msg tea.Msg) tea.Cmd {
	if h.detail == nil {
		return h.handle(msg)
	}
	closed, cmd := h.detail.update(msg)
	if closed {
		h.detail = nil
		return cmd // the key that closed the pane does nothing else
	}
	switch msg.(type) {
	case tea.KeyMsg, tea.MouseMsg:
		return cmd // the pane has the keyboard and the mouse
	}
	return tea.Batch(cmd, h.handle(msg))
}

func (h *historyScreen) handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return h.key(msg)
	case tea.MouseMsg:
		return h.mouse(msg)
	case tickMsg:
		return tea.Batch(h.due(time.Time(msg)), h.fillDue(time.Time(msg)))
	case pageMsg:
		return h.pageArrived(msg)
	case oldestMsg:
		return h.oldestArrived(msg)
	case stretchMsg:
		return h.stretchArrived(msg)
	case priceAtMsg:
		h.then.arrived(msg)
	case paymentMsg:
		if msg.err == nil {
			return h.place(msg.payment)
		}
	case walletSelectedMsg, refreshMsg:
		if _, changed := msg.(walletSelectedMsg); changed {
			return h.reset()
		}
		h.refresh.soon(h.s.now)
		return h.due(h.s.now)
	case walletsMsg:
		if names := walletNames(h.s.wallets); names != h.names {
			h.names = names // rows formatted before a wallet was known show its id
			h.reformat()
		}
	case unitChangedMsg:
		h.reformat()
	}
	return nil
}

// reformat formats every row again, and with it the text searched,
// keeping the selected payment under the cursor.
func (h *historyScreen) reformat() {
	h.amounts, h.fees = model.NewColumn(h.s.lens()), model.NewColumn(h.s.lens())
	for _, r := range h.rows { // fit the columns to every row first
		h.fit(r.p)
	}
	for _, r := range h.rows {
		*r = h.format(r.p)
	}
	h.widened = false
	if h.query != "" {
		h.setQuery(h.query)
	}
}

// walletNames is every wallet's id and name, to tell when names change.
func walletNames(ws []model.Wallet) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(w.ID + "\x00" + w.Name + "\x00")
	}
	return b.String()
}

// due starts the periodic refresh of the first page.
func (h *historyScreen) due(now time.Time) tea.Cmd {
	if !h.refresh.ready(now) {
		return nil
	}
	h.refresh.start(now)
	return fetchPage(h.s.cfg.Backend, h.filter(), 0, nextPage{}, h.seq, true)
}

// reset drops what is loaded and fetches the first page for a new filter.
func (h *historyScreen) reset() tea.Cmd {
	h.seq++
	h.rows, h.byID, h.visible = nil, map[string]*row{}, nil
	h.cursor, h.offset, h.total, h.next, h.loading, h.loadErr, h.fill = 0, 0, 0, nextPage{}, false, "", nil
	h.end = dryEnd{}
	h.refresh = schedule{every: h.refresh.every, due: h.s.now}
	return h.due(h.s.now)
}

func (h *historyScreen) pageArrived(msg pageMsg) tea.Cmd {
	if msg.seq != h.seq {
		return nil // for a filter no longer shown
	}
	if msg.refresh {
		h.refresh.done(h.s.now, msg.err != nil)
	} else {
		h.loading = false
	}
	if msg.err != nil {
		h.loadErr = h.s.cfg.Backend.Classify(msg.err).Sentence
		return nil
	}
	h.loadErr = ""
	selected, atTop, before := h.selectedID(), h.cursor == 0, len(h.rows)
	changed := msg.refresh // rows already loaded that this page changed
	if msg.refresh {
		h.merge(msg.page.Items)
	} else {
		for _, p := range msg.page.Items {
			_, known := h.byID[p.ID]
			if h.upsert(p) && known {
				changed = true
			}
		}
	}
	deeper := len(h.rows) > len(msg.page.Items) // pages beyond the first are loaded
	pg := msg.page
	switch {
	case !msg.refresh && len(h.rows) == before:
		// A next page that brings nothing new ends the list, whatever
		// total or has_more claimed: asking again brings the same nothing.
		h.end = dryEnd{found: true, rows: len(h.rows), total: pg.Total, cursor: h.next.cursor}
		h.total, h.next = len(h.rows), nextPage{cursored: pg.Cursored}
	case msg.refresh && h.end.repeated(pg, len(h.rows)):
		// The first page claims again what proved empty: the end stays.
	case !pg.Cursored:
		h.total, h.next = pg.Total, nextPage{}
	case !msg.refresh || !deeper: // a refresh of the first page keeps the cursor of a deeper one
		h.next = nextPage{cursored: true, cursor: pg.NextCursor, more: pg.More()}
	}
	if changed || h.query == "" {
		h.search()
	} else {
		h.searchFrom(before) // a next page only adds rows at the end: match just those
	}
	if msg.refresh && !atTop { // new payments went on top; a next page only adds below
		h.keepAt(h.indexOf(selected))
	}
	h.clamp()
	return tea.Batch(h.watchPending(msg.page.Items), h.loadMore())
}

// dryEnd is where a next page brought nothing: how many payments were
// loaded, and what the server claimed lay beyond (its total, or the cursor
// that led there).
type dryEnd struct {
	found  bool
	rows   int
	total  int
	cursor string
}

// repeated reports a first page that claims again what proved empty, with
// nothing new loaded since.
func (e dryEnd) repeated(pg model.Page[model.Payment], rows int) bool {
	if !e.found || rows != e.rows {
		return false
	}
	if pg.Cursored {
		return pg.NextCursor == e.cursor
	}
	return pg.Total == e.total
}

// merge takes a fresh first page: known payments are updated and new ones
// go on top. A page with no
// payment in common with what is loaded means more arrived than a page
// holds, so the list starts again from this page.
func (h *historyScreen) merge(items []model.Payment) {
	var fresh []model.Payment
	overlap := false
	for _, p := range items {
		if _, known := h.byID[p.ID]; known {
			overlap = true
			h.upsert(p)
		} else {
			fresh = append(fresh, p)
		}
	}
	if len(fresh) == 0 {
		return
	}
	if !overlap && len(h.rows) > 0 && len(items) == pageSize {
		h.rows, h.byID = nil, map[string]*row{}
		h.abandonFill()
	}
	rows := make([]*row, 0, len(fresh)+len(h.rows))
	for _, p := range fresh {
		rows = append(rows, h.add(p))
	}
	h.rows = append(rows, h.rows...)
	if !newestFirst(h.rows) { // a pushed payment came before its page
		sort.SliceStable(h.rows, func(i, j int) bool { return h.rows[i].p.CreatedAt.After(h.rows[j].p.CreatedAt) })
	}
}

func newestFirst(rows []*row) bool {
	for i := 1; i < len(rows); i++ {
		if rows[i].p.CreatedAt.After(rows[i-1].p.CreatedAt) {
			return false
		}
	}
	return true
}

// place shows a payment that was read or pushed outside the paging: a
// known one is updated; a new one goes where its time puts it, when that
// is within what is loaded and it matches the filter, and is watched like
// any pending payment the list shows.
func (h *historyScreen) place(p model.Payment) tea.Cmd {
	if _, known := h.byID[p.ID]; known {
		if h.upsert(p) {
			h.search()
		}
		return nil
	}
	if !matches(h.filter(), p) {
		return nil
	}
	i := sort.Search(len(h.rows), func(i int) bool { return h.rows[i].p.CreatedAt.Before(p.CreatedAt) })
	if i == len(h.rows) && h.more() {
		return nil // older than everything loaded: it comes with its page
	}
	selected := -1
	if h.cursor > 0 && h.cursor < h.shownLen() {
		selected = h.rowAt(h.cursor)
	}
	h.rows = slices.Insert(h.rows, i, h.add(p))
	h.total++
	h.search()
	if selected >= i {
		selected++ // it moved down by one
	}
	h.keepAt(selected)
	h.clamp()
	return h.watchPending([]model.Payment{p})
}

// matches applies the server's filter to one payment.
func matches(f model.PaymentFilter, p model.Payment) bool {
	return (f.WalletID == "" || f.WalletID == p.WalletID) &&
		(len(f.Statuses) == 0 || slices.Contains(f.Statuses, p.Status)) &&
		(f.Direction == "" || f.Direction == p.Direction) &&
		(f.Kind == "" || f.Kind == p.Kind)
}

// add formats a payment as a new row and indexes it; the caller puts the
// row in the list.
func (h *historyScreen) add(p model.Payment) *row {
	r := h.format(p)
	h.byID[p.ID] = &r
	return &r
}

// upsert updates a loaded payment, or appends a new one at the end, and
// reports whether anything changed. A stale answer never moves a payment
// back to an earlier status.
func (h *historyScreen) upsert(p model.Payment) bool {
	r, ok := h.byID[p.ID]
	if !ok {
		h.rows = append(h.rows, h.add(p))
		return true
	}
	old := r.p
	if old.Status == p.Status && old.UpdatedAt.Equal(p.UpdatedAt) {
		return false
	}
	if !model.CanTransition(p.Direction, old.Status, p.Status) {
		return false
	}
	*r = h.format(p)
	if h.detail != nil && h.detail.p.ID == p.ID {
		h.detail.p = p
	}
	return true
}

// fit widens the columns to show p.
func (h *historyScreen) fit(p model.Payment) {
	var wider bool
	if p.Supported() {
		h.amounts, wider = h.amounts.Fit(p.Amount())
		h.widened = h.widened || wider
	}
	if fee, ok := p.Fee(); ok {
		h.fees, wider = h.fees.Fit(fee)
		h.widened = h.widened || wider
	}
}

func (h *historyScreen) format(p model.Payment) row {
	h.fit(p)
	r := row{p: p, when: stamp(p.CreatedAt, h.s.now), kind: string(p.Kind), memo: p.Memo()}
	if p.Direction == model.Send {
		r.dir = "↑ out"
	} else {
		r.dir = "↓ in"
	}
	switch {
	case !p.Supported():
		r.amt = p.ValueText()
	case p.Direction == model.Send:
		r.amt = "−" + h.amounts.Figure(p.Amount())
	default:
		r.amt = "+" + h.amounts.Figure(p.Amount())
	}
	if fee, ok := p.Fee(); ok {
		r.fee = h.fees.Figure(fee)
	}
	if meta := metadataText(p.Metadata); meta != "" {
		// The pairs the payment was made with (invoice/pay --metadata):
		// shown, and searched as they are written (key=value).
		r.memo = strings.TrimSpace(r.memo + "  ⌗ " + meta)
	}
	if r.memo == "" {
		r.memo = "—"
	}
	// Searched besides the fields already in lower case, which are
	// looked at where they are: lower-casing text with no capitals gives
	// the same string back, so most rows keep no second copy.
	r.tags = h.tagsOf(p)
	r.hay = strings.ToLower(r.memo)
	if !p.Supported() {
		r.hay += " " + strings.ToLower(r.amt) // a value in words ("50 base units"), not a figure
	}
	for _, field := range []string{p.ID, r.amt, p.Address()} {
		if lower := strings.ToLower(field); lower != field {
			r.hay += " " + lower
		}
	}
	return r
}

// tagKey is what a row's tags are made of.
type tagKey struct {
	status    model.Status
	kind      model.Kind
	direction model.Direction
}

// tagsOf is p's status, kind and direction in lower case, made once for
// each combination there is and shared by the rows that have it.
func (h *historyScreen) tagsOf(p model.Payment) string {
	k := tagKey{p.Status, p.Kind, p.Direction}
	if t, ok := h.tags[k]; ok {
		return t
	}
	if h.tags == nil {
		h.tags = map[tagKey]string{}
	}
	t := strings.ToLower(string(p.Status) + " " + string(p.Kind) + " " + string(p.Direction))
	h.tags[k] = t
	return t
}

// metadataText is a payment's metadata as key=value pairs by key.
func metadataText(m map[string]string) string {
	pairs := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		pairs = append(pairs, k+"="+m[k])
	}
	return strings.Join(pairs, " ")
}

// watchPending asks the root to follow payments that are not final.
func (h *historyScreen) watchPending(items []model.Payment) tea.Cmd {
	var cmds []tea.Cmd
	for _, p := range items {
		if !p.Final() && p.Supported() { // an approved policy check is done
			m := watchMsg{id: p.ID, created: p.CreatedAt, status: p.Status}
			cmds = append(cmds, func() tea.Msg { return m })
		}
	}
	return tea.Batch(cmds...)
}

// more reports payments on the server beyond what is loaded.
func (h *historyScreen) more() bool {
	if h.next.cursored {
		return h.next.more
	}
	return len(h.rows) < h.total
}

// known is how many matching payments are known to exist.
func (h *historyScreen) known() int {
	if h.next.cursored {
		return len(h.rows)
	}
	return max(h.total, len(h.rows))
}

// loadMore fetches the next page when the cursor nears the end of what is
// loaded.
func (h *historyScreen) loadMore() tea.Cmd {
	if h.loading || !h.more() || h.loadErr != "" {
		return nil
	}
	last := len(h.rows) - 1
	if n := h.shownLen(); n > 0 {
		last = h.rowAt(n - 1)
	}
	f := h.filter()
	switch {
	case h.query != "" && h.next.cursored && len(h.rows) > 0:
		// A search covers the whole history: the rest is read in the
		// background, several stretches of time at once (historyfill.go),
		// and matches show as they come.
		return h.startFill()
	case h.query != "":
		// A server that pages by offset: the largest pages it gives.
		f.Limit = model.MaxPageLimit
	case last-h.rowAt(h.cursor) > prefetch && h.shownLen() > h.listHeight():
		return nil
	}
	h.loading = true
	return fetchPage(h.s.cfg.Backend, f, len(h.rows), h.next, h.seq, false)
}

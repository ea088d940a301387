package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// pagedBackend serves n payments by offset and records each page's limit.
type pagedBackend struct {
	quietBackend
	mu     sync.Mutex
	all    []model.Payment
	limits []int
}

func (b *pagedBackend) ListPayments(_ context.Context, f model.PaymentFilter) (model.Page[model.Payment], error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.limits = append(b.limits, f.Limit)
	end := min(f.Offset+f.Limit, len(b.all))
	return model.Page[model.Payment]{Items: b.all[min(f.Offset, end):end], Offset: f.Offset, Limit: f.Limit, Total: len(b.all)}, nil
}

func TestSearchCoversTheWholeHistory(t *testing.T) {
	all := payments(5000)
	for i := range all {
		all[i].Data = model.ReceiveBolt11Data{Memo: model.NullString(fmt.Sprintf("Order #%d", i+1))}
		all[i].Direction = model.Receive
	}
	a, _ := testApp(t, 120, 40)
	b := &pagedBackend{all: all}
	a.s.cfg.Backend = b
	press(a, walletsLoaded(t), keyPress("2"))
	settle(a, a.history.due(a.s.now))
	if n := len(a.history.rows); n != pageSize {
		t.Fatalf("%d rows before searching; the first page is %d", n, pageSize)
	}
	press(a, keyPress("/"))
	for _, r := range "order #4321" {
		press(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	press(a, keyPress("enter"))
	v := a.View()
	if !strings.Contains(v, "Order #4321 ") && !strings.Contains(v, "Order #4321\n") {
		if !strings.Contains(v, "Order #4321") {
			t.Fatalf("a payment on a page never loaded is not found:\n%s", v)
		}
	}
	if !strings.Contains(v, "of all 5,000 match") {
		t.Fatalf("the search does not say it covered everything:\n%s", v)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	big := 0
	for _, l := range b.limits {
		if l == model.MaxPageLimit {
			big++
		}
	}
	if big < 4 || big > 6 {
		t.Fatalf("the rest was read in %d pages of %d (limits %v)", big, model.MaxPageLimit, b.limits)
	}
}

// cursorBackend pages by cursor like get_payments with
// pagination=cursor: filters (start_date and end_date included, both
// inclusive), either order, and a cursor bound to the filter it was made
// for. failNext makes the next that many requests fail.
type cursorBackend struct {
	quietBackend
	mu       sync.Mutex
	all      []model.Payment // newest first
	asked    []model.PaymentFilter
	failNext int
	// ignoreDates answers as a server that does not know start_date and
	// end_date: every stretch gets the whole history.
	ignoreDates bool
}

func (b *cursorBackend) ListPayments(_ context.Context, f model.PaymentFilter) (model.Page[model.Payment], error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.asked = append(b.asked, f)
	if b.ignoreDates {
		f.Start, f.End = time.Time{}, time.Time{}
	}
	if b.failNext > 0 {
		b.failNext--
		return model.Page[model.Payment]{}, errors.New("connection reset")
	}
	var matched []model.Payment
	for _, p := range b.all {
		if f.Matches(p) {
			matched = append(matched, p)
		}
	}
	if f.SortOrder == model.Ascending {
		slices.Reverse(matched)
	}
	key := fmt.Sprint(f.Start.UnixNano(), f.End.UnixNano(), f.SortOrder, "|")
	start := 0
	if f.Cursor != "" {
		idx, ok := strings.CutPrefix(f.Cursor, key)
		if !ok {
			return model.Page[model.Payment]{}, fmt.Errorf("a cursor for other filters: %q", f.Cursor)
		}
		start, _ = strconv.Atoi(idx)
	}
	limit := cmp.Or(f.Limit, 100)
	end := min(start+limit, len(matched))
	page := model.Page[model.Payment]{Items: matched[start:end], Limit: limit, Cursored: true, HasMore: end < len(matched)}
	if page.HasMore {
		page.NextCursor = key + strconv.Itoa(end)
	}
	return page, nil
}

// searchable is n payments, "Order #1" the newest, a few minutes apart,
// with runs of payments made at one instant (at the edges of the fill's
// stretches among them).
func searchable(n int) []model.Payment {
	all := payments(n)
	for i := range all {
		all[i].Data = model.ReceiveBolt11Data{Memo: model.NullString(fmt.Sprintf("Order #%d", i+1))}
		all[i].Direction = model.Receive
		if i%50 > 0 && i%50 < 4 { // three at the instant of the one before
			all[i].CreatedAt = all[i-1].CreatedAt
		}
	}
	return all
}

// TestSearchReadsTheRestInStretchesOfTime: on a server that pages by
// cursor, a search reads the rest of the history in stretches of time
// bounded by start_date and end_date, several at once, the largest pages
// there are; every payment comes once, in order, even when an older
// stretch answers first.
func TestSearchReadsTheRestInStretchesOfTime(t *testing.T) {
	all := searchable(5000)
	a, _ := testApp(t, 120, 40)
	b := &cursorBackend{all: all}
	a.s.cfg.Backend = b
	press(a, walletsLoaded(t), keyPress("2"))
	settle(a, a.history.due(a.s.now))
	if n := len(a.history.rows); n != pageSize {
		t.Fatalf("%d rows before searching; the first page is %d", n, pageSize)
	}
	press(a, keyPress("/"))
	_, cmd := a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
	// The oldest payment first, then the stretches: their first pages are
	// delivered oldest stretch first, the reverse of the list's order.
	stretches := settleHoldingStretches(a, cmd)
	if len(stretches) != fillWidth {
		t.Fatalf("%d stretches read at once, want %d", len(stretches), fillWidth)
	}
	slices.Reverse(stretches)
	var next []tea.Cmd
	for _, m := range stretches {
		_, c := a.Update(m)
		next = append(next, c)
	}
	settle(a, next...)
	for _, r := range "rder #4321" {
		press(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	press(a, keyPress("enter"))
	v := a.View()
	if !strings.Contains(v, "Order #4321") || !strings.Contains(v, "of all 5,000 match") {
		t.Fatalf("the whole history is not searched:\n%s", v)
	}
	h := a.history
	if len(h.rows) != len(all) {
		t.Fatalf("%d rows loaded of %d", len(h.rows), len(all))
	}
	seen := map[string]bool{}
	for i, r := range h.rows {
		if seen[r.p.ID] {
			t.Fatalf("payment %s loaded twice", r.p.ID)
		}
		seen[r.p.ID] = true
		if i > 0 && r.p.CreatedAt.After(h.rows[i-1].p.CreatedAt) {
			t.Fatalf("row %d is newer than the row above it", i)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	bounded := 0
	for _, f := range b.asked {
		if !f.Start.IsZero() && !f.End.IsZero() && f.Limit == model.MaxPageLimit {
			bounded++
		}
	}
	if bounded < fillStretches || bounded > 2*fillStretches {
		t.Fatalf("%d bounded pages of %d for the rest (%d requests in all)", bounded, model.MaxPageLimit, len(b.asked))
	}
}

// TestSearchFillRetriesAfterAFailure: a stretch that fails is shown as
// the failure and asked again once its wait is over, one request at a
// time from then on; the search still ends covering everything.
func TestSearchFillRetriesAfterAFailure(t *testing.T) {
	all := searchable(3000)
	a, _ := testApp(t, 120, 40)
	b := &cursorBackend{all: all}
	a.s.cfg.Backend = b
	press(a, walletsLoaded(t), keyPress("2"))
	settle(a, a.history.due(a.s.now))
	b.mu.Lock()
	b.failNext = 2 // the oldest payment's answer, then a stretch's
	b.mu.Unlock()
	press(a, keyPress("/"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("order #2999")})
	if a.history.loadErr == "" || a.history.fill == nil {
		t.Fatalf("a failed read of the rest is not shown")
	}
	// The retry has a tick of its own, on any tab, spinner or not.
	if w := a.history.wake(a.s.now, false); !w.Equal(a.s.now.Add(fillRetry)) {
		t.Fatalf("the next wake is %v, not the retry at %v", w, a.s.now.Add(fillRetry))
	}
	for range 4 {
		clk := a.s.cfg.Clock.(*clock.Manual)
		clk.Advance(fillRetry)
		press(a, tickMsg(clk.Now()))
	}
	v := a.View()
	if !strings.Contains(v, "Order #2999") || !strings.Contains(v, "of all 3,000 match") {
		t.Fatalf("the search did not recover:\n%s", v)
	}
	if a.history.loadErr != "" {
		t.Fatalf("the failure outlived the recovery: %s", a.history.loadErr)
	}
}

// TestHistoryShowsAndSearchesMetadata: the pairs a payment was made with
// (invoice/pay --metadata) show in its row, by key, and a search finds
// them as written, key=value, or by a value alone.
func TestHistoryShowsAndSearchesMetadata(t *testing.T) {
	all := payments(40)
	all[7].Metadata = map[string]string{"order": "A-1077", "customer": "ann"}
	a, _ := testApp(t, 120, 40)
	a.s.cfg.Backend = &pagedBackend{all: all}
	press(a, walletsLoaded(t), keyPress("2"))
	settle(a, a.history.due(a.s.now))
	for _, q := range []string{"order=a-1077", "ann", "customer=ann order"} {
		a.history.setQuery(q)
		if len(a.history.visible) != 1 || a.history.rows[a.history.visible[0]].p.ID != all[7].ID {
			t.Errorf("search %q found %d payments", q, len(a.history.visible))
		}
	}
	a.history.setQuery("")
	a.history.cursor = 7
	a.history.clamp()
	if v := a.View(); !strings.Contains(v, "⌗ customer=ann order=A-1077") {
		t.Fatalf("the metadata is not in the row:\n%s", v)
	}
}

// TestSearchLooksInEveryField: a word is found in each field a row is
// searched by, each on its own payment, and a row matches only when every
// word is somewhere in it.
func TestSearchLooksInEveryField(t *testing.T) {
	all := payments(12)
	a, _ := testApp(t, 120, 40)
	a.s.cfg.Backend = &pagedBackend{all: all}
	press(a, walletsLoaded(t), keyPress("2"))
	settle(a, a.history.due(a.s.now))
	unknownWallet := "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"
	all[3].WalletID = unknownWallet
	all[3].ID = "0A1B2C3D-0000-4000-8000-00000000ABCD" // capitals in an id
	a.history.upsert(all[3])
	for _, c := range []struct {
		query string
		want  func(model.Payment) bool
	}{
		{"croissant", func(p model.Payment) bool { return p.Memo() == "Croissant" }},
		{"failed", func(p model.Payment) bool { return p.Status == model.StatusFailed }},
		{"onchain", func(p model.Payment) bool { return p.Kind == model.Onchain }},
		{"send", func(p model.Payment) bool { return p.Direction == model.Send }},
		{all[5].ID[24:], func(p model.Payment) bool { return p.ID == all[5].ID }},
		{"0a1b2c3d", func(p model.Payment) bool { return p.ID == all[3].ID }},
		{"9d8c7b6a", func(p model.Payment) bool { return p.WalletID == unknownWallet }},
		{"tb1qexample", func(p model.Payment) bool { return p.Address() == "tb1qexample" }},
		{"croissant failed", func(p model.Payment) bool { return p.Memo() == "Croissant" && p.Status == model.StatusFailed }},
	} {
		a.history.setQuery(c.query)
		want := 0
		for _, r := range a.history.rows {
			if c.want(r.p) {
				want++
			}
		}
		if want == 0 && c.query != "croissant failed" {
			t.Fatalf("%q: the fixture has no such payment", c.query)
		}
		if got := len(a.history.visible); got != want {
			t.Errorf("%q: %d rows match, want %d", c.query, got, want)
		}
		for _, i := range a.history.visible {
			if !c.want(a.history.rows[i].p) {
				t.Errorf("%q matched payment %s", c.query, a.history.rows[i].p.ID)
			}
		}
	}
	name := a.s.wallets[0].Name
	a.history.setQuery(strings.ToUpper(name))
	for _, i := range a.history.visible {
		if a.history.rows[i].p.WalletID != a.s.wallets[0].ID {
			t.Errorf("%q matched a payment of another wallet", name)
		}
	}
	if len(a.history.visible) == 0 {
		t.Errorf("no payment of wallet %q found by its name", name)
	}
}

// TestSearchFillStartsAgainWithTheList: more payments arrive between two
// refreshes than a page holds, so the list starts again from the new first
// page while the rest is being read behind the old one. That read is given
// up (its answers dropped) and another reads behind the new rows: in the
// end every payment is loaded once, in order, and the search covers them.
func TestSearchFillStartsAgainWithTheList(t *testing.T) {
	old := searchable(3000)
	a, _ := testApp(t, 120, 40)
	b := &cursorBackend{all: old}
	a.s.cfg.Backend = b
	press(a, walletsLoaded(t), keyPress("2"))
	settle(a, a.history.due(a.s.now))
	press(a, keyPress("/"))
	_, cmd := a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
	// The oldest payment comes; the stretches' first pages are asked for
	// and held back.
	held := settleHoldingStretches(a, cmd)
	if len(held) == 0 {
		t.Fatal("no stretch was asked for")
	}
	// 150 new payments, newer than any: the refresh's first page shares
	// nothing with the list.
	fresh := make([]model.Payment, 150)
	for i := range fresh {
		p := old[0]
		p.ID = fmt.Sprintf("00000000-0000-4000-9000-%012d", i)
		p.CreatedAt = old[0].CreatedAt.Add(time.Duration(150-i) * time.Minute)
		p.Data = model.ReceiveBolt11Data{Memo: model.NullString(fmt.Sprintf("New order %d", i))}
		fresh[i] = p
	}
	b.mu.Lock()
	b.all = append(fresh, old...)
	first := b.all[:pageSize]
	b.mu.Unlock()
	_, next := a.Update(pageMsg{seq: a.history.seq, refresh: true, page: model.Page[model.Payment]{Items: first, Limit: pageSize, Cursored: true, HasMore: true, NextCursor: "x"}})
	if a.history.rows[0].p.ID != fresh[0].ID || len(a.history.rows) != pageSize {
		t.Fatalf("the list did not start again: %d rows", len(a.history.rows))
	}
	cmds := []tea.Cmd{next}
	for _, m := range held { // the given-up read's answers come late
		_, c := a.Update(m)
		cmds = append(cmds, c)
	}
	settle(a, cmds...)
	for range 3 { // whatever waits on a tick
		clk := a.s.cfg.Clock.(*clock.Manual)
		clk.Advance(fillRetry)
		press(a, tickMsg(clk.Now()))
	}
	h := a.history
	if len(h.rows) != len(b.all) {
		t.Fatalf("%d rows loaded of %d", len(h.rows), len(b.all))
	}
	seen := map[string]bool{}
	for i, r := range h.rows {
		if seen[r.p.ID] {
			t.Fatalf("payment %s loaded twice", r.p.ID)
		}
		seen[r.p.ID] = true
		if i > 0 && r.p.CreatedAt.After(h.rows[i-1].p.CreatedAt) {
			t.Fatalf("row %d is newer than the row above it", i)
		}
	}
	if v := a.View(); !strings.Contains(v, "of all 3,150 match") {
		t.Fatalf("the search does not cover everything:\n%s", v)
	}
}

// settleHoldingStretches is settle, but the pages of the fill's stretches
// are kept back and returned, for a test to deliver in an order of its own.
func settleHoldingStretches(a *App, cmd tea.Cmd) []tea.Msg {
	var held []tea.Msg
	pending := []tea.Cmd{cmd}
	for len(pending) > 0 {
		c := pending[0]
		pending = pending[1:]
		if c == nil {
			continue
		}
		switch msg := unlessAsleep(a, c).(type) {
		case tea.BatchMsg:
			pending = append(pending, msg...)
		case stretchMsg:
			held = append(held, msg)
		case nil:
		default:
			_, next := a.Update(msg)
			pending = append(pending, next)
		}
	}
	return held
}

// TestSearchFillKeepsOrderWhenTheServerIgnoresDates: a server that ignores
// start_date and end_date answers every stretch with the whole history,
// payments that arrived since included; each payment is still loaded
// once, in order.
func TestSearchFillKeepsOrderWhenTheServerIgnoresDates(t *testing.T) {
	old := searchable(2500)
	a, _ := testApp(t, 120, 40)
	b := &cursorBackend{all: old, ignoreDates: true}
	a.s.cfg.Backend = b
	press(a, walletsLoaded(t), keyPress("2"))
	settle(a, a.history.due(a.s.now))
	newer := old[0] // arrived after the first page, before the search
	newer.ID, newer.CreatedAt = "00000000-0000-4000-9000-000000000001", old[0].CreatedAt.Add(time.Minute)
	b.mu.Lock()
	b.all = append([]model.Payment{newer}, old...)
	b.mu.Unlock()
	press(a, keyPress("/"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("order #2499")})
	h := a.history
	if len(h.rows) != len(old) {
		t.Fatalf("%d rows loaded, want the %d there were when the list was read", len(h.rows), len(old))
	}
	for i := 1; i < len(h.rows); i++ {
		if h.rows[i].p.CreatedAt.After(h.rows[i-1].p.CreatedAt) {
			t.Fatalf("row %d (%s) is newer than the row above it", i, h.rows[i].p.ID)
		}
	}
	if v := a.View(); !strings.Contains(v, "Order #2499") || !strings.Contains(v, "of all 2,500 match") {
		t.Fatalf("the search does not cover everything:\n%s", v)
	}
}

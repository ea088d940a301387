package ui

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// run executes a command that does no waiting and returns its messages,
// flattening batches.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, run(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func TestKeyBurstsAreSeparateKeys(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	send(a, keyPress("2"))
	loadHistory(a, payments(50), 50)
	send(a, keyPress("jjj"))
	if a.history.cursor != 3 {
		t.Errorf("cursor %d after a burst of three j", a.history.cursor)
	}
	send(a, keyPress("/"), keyPress("qj"))
	if a.history.query != "qj" || a.history.cursor != 0 {
		t.Errorf("typing in the search field: query %q", a.history.query)
	}
}

func TestHistoryPagesLazilyAndNeverTwiceAtOnce(t *testing.T) {
	a, _ := testApp(t, 80, 24)
	h := a.history
	send(a, keyPress("2"), pageOf(payments(100), 250))
	if h.loading {
		t.Fatal("the first page does not fetch the next at once")
	}
	for range 75 { // within 30 rows of the last loaded
		h.key(keyPress("j"))
	}
	if !h.loading {
		t.Fatal("nearing the end of what is loaded fetches the next page")
	}
	if cmd := h.loadMore(); cmd != nil {
		t.Error("a second fetch started while one is in flight")
	}
	send(a, pageMsg{seq: h.seq, page: model.Page[model.Payment]{Items: payments(200)[100:], Offset: 100, Limit: 100, Total: 250}})
	if len(h.rows) != 200 || h.loading || h.cursor != 75 {
		t.Errorf("rows %d loading %v cursor %d", len(h.rows), h.loading, h.cursor)
	}
	// Answers for a filter no longer shown are dropped.
	send(a, keyPress("s"))
	stale := pageMsg{seq: h.seq - 1, refresh: true, page: model.Page[model.Payment]{Items: payments(3), Total: 3}}
	send(a, stale)
	if len(h.rows) != 0 {
		t.Errorf("a stale page was shown: %d rows", len(h.rows))
	}
}

func TestLiveMergeKeepsTheSelection(t *testing.T) {
	a, _ := testApp(t, 80, 24)
	h := a.history
	all := payments(150)
	send(a, keyPress("2"), pageOf(all[50:150], 100))
	send(a, keyPress("j"), keyPress("j"))
	selected := h.selectedID()
	// Fifty new payments arrive on top in the next refresh.
	send(a, pageOf(all[0:100], 150))
	if h.selectedID() != selected || h.cursor != 52 || len(h.rows) != 150 {
		t.Errorf("selection moved: %s → %s (cursor %d, %d rows)", selected, h.selectedID(), h.cursor, len(h.rows))
	}
	// At the top, the list is a live feed: new payments appear under the cursor.
	b, _ := testApp(t, 80, 24)
	send(b, keyPress("2"), pageOf(all[1:101], 100), pageOf(all[0:100], 101))
	if b.history.cursor != 0 || b.history.selectedID() != all[0].ID {
		t.Errorf("feed: cursor %d on %s", b.history.cursor, b.history.selectedID())
	}
	// More new payments than a page holds: start again from the fresh page.
	fresh := payments(400)[100:200]
	for i := range fresh {
		fresh[i].ID = strings.Replace(fresh[i].ID, "00000000-", "11111111-", 1)
	}
	send(b, pageOf(fresh, 500))
	if len(b.history.rows) != 100 || b.history.rows[0].p.ID != fresh[0].ID {
		t.Errorf("gap: %d rows, first %s", len(b.history.rows), b.history.rows[0].p.ID)
	}
}

func TestPendingPaymentsAreWatchedUntilFinal(t *testing.T) {
	a, _ := testApp(t, 80, 24)
	pending := fixture[model.Payment](t, "payment_send_bip21_sending")
	pending.CreatedAt = t0.Add(-time.Second)
	cmd := a.history.update(pageOf([]model.Payment{pending}, 1))
	send(a, run(cmd)...)
	w, ok := a.watcher.watches[pending.ID]
	if !ok || w.due != t0.Add(250*time.Millisecond) {
		t.Fatalf("watch %+v", w)
	}
	send(a, walletsLoaded(t))
	// Due on the next tick; never two polls of one payment at once.
	send(a, tickMsg(t0.Add(300*time.Millisecond)))
	if !w.inFlight {
		t.Fatal("no poll started when due")
	}
	a.due(t0.Add(time.Second))
	// A stale answer does not move the status back.
	stale := pending
	stale.Status = model.StatusSending
	approved := pending
	approved.Status = model.StatusApproved
	send(a, paymentMsg{id: pending.ID, payment: approved})
	w.inFlight = true
	send(a, paymentMsg{id: pending.ID, payment: stale})
	if w.status != model.StatusApproved {
		t.Errorf("status went back to %s", w.status)
	}
	// The final answer ends the watch and refreshes balances now.
	done := fixture[model.Payment](t, "payment_send_bolt11_completed")
	done.ID, done.Kind = pending.ID, pending.Kind
	a.s.now = t0.Add(2 * time.Second)
	w.inFlight = true
	send(a, paymentMsg{id: pending.ID, payment: done})
	if _, still := a.watcher.watches[pending.ID]; still || !a.wallets.inFlight {
		t.Errorf("watch kept %v; balances refreshing %v", still, a.wallets.inFlight)
	}
	if row := a.history.byID[pending.ID]; row.p.Status != model.StatusCompleted {
		t.Errorf("the list still shows %s", row.p.Status)
	}
}

func TestSelectingAWalletFiltersHistory(t *testing.T) {
	a, _ := testApp(t, 80, 24)
	send(a, walletsLoaded(t), pageOf(payments(10), 10))
	seq := a.history.seq
	cmds := send(a, keyPress("j"), keyPress("enter"))
	send(a, run(cmds[1])...)
	want := "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a"
	if a.s.selected != want || a.history.seq != seq+1 || len(a.history.rows) != 0 || a.history.filter().WalletID != want {
		t.Errorf("selected %q, history seq %d, filter %+v", a.s.selected, a.history.seq, a.history.filter())
	}
	if !strings.Contains(a.View(), "wallet: Payouts") {
		t.Error("the tab bar does not name the wallet")
	}
	send(a, keyPress("enter"))
	send(a, walletSelectedMsg{})
	if a.s.selected != "" {
		t.Error("enter on the selected wallet unselects it")
	}
}

func TestCopyWritesOSC52(t *testing.T) {
	a, clip := testApp(t, 80, 24)
	p := fixture[model.Payment](t, "payment_send_bolt11_completed")
	send(a, keyPress("2"), pageOf([]model.Payment{p}, 1), keyPress("enter"))
	msgs := run(send(a, keyPress("c"))[0])
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(p.Invoice())) + "\a"
	if clip.String() != want || len(msgs) != 1 || msgs[0] != (toastMsg{"Copied the invoice to the clipboard."}) {
		t.Errorf("clipboard %q, messages %v", clip.String(), msgs)
	}
	send(a, msgs...)
	if !strings.Contains(a.View(), "Copied the invoice") {
		t.Error("no confirmation shown")
	}
	if msgs := run(send(a, keyPress("p"))[0]); msgs[0] != (toastMsg{"This payment has no preimage to copy."}) {
		t.Errorf("preimage: %v", msgs)
	}
	send(a, keyPress("esc"))
	if a.history.detail != nil {
		t.Error("esc closes the detail")
	}
}

func TestMouse(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	send(a, walletsLoaded(t), pageOf(payments(50), 50))
	send(a, tea.MouseMsg{X: 14, Y: 1, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if a.active != 1 {
		t.Fatalf("clicking the History tab: active %d", a.active)
	}
	send(a, tea.MouseMsg{Y: 10, Button: tea.MouseButtonWheelDown})
	if a.history.cursor != 3 {
		t.Errorf("wheel: cursor %d", a.history.cursor)
	}
	top := 3 // header, tabs and rule; the body starts with the column titles
	send(a, tea.MouseMsg{Y: top + 1 + 7, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if a.history.cursor != 7 {
		t.Errorf("click: cursor %d", a.history.cursor)
	}
	send(a, tea.MouseMsg{Y: top + 1 + 7, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if a.history.detail == nil {
		t.Error("a second click opens the payment")
	}
}

func TestGlobalKeys(t *testing.T) {
	a, _ := testApp(t, 80, 24)
	if _, cmd := a.Update(keyPress("q")); cmd == nil || cmd() != tea.Quit() {
		t.Error("q quits")
	}
	send(a, keyPress("2"), keyPress("/"))
	if _, cmd := a.Update(keyPress("q")); cmd != nil && cmd() == tea.Quit() {
		t.Error("q in the search field is a letter")
	}
	if _, cmd := a.Update(keyPress("ctrl+c")); cmd == nil || cmd() != tea.Quit() {
		t.Error("ctrl+c always quits")
	}
	send(a, keyPress("esc"))
	for range len(a.screens) - 1 { // from History, round to the first
		send(a, keyPress("tab"))
	}
	if a.active != 0 {
		t.Errorf("tab wraps to the first screen: %d", a.active)
	}
	send(a, walletsLoaded(t))
	a.wallets.inFlight = false
	a.wallets.due = t0.Add(time.Hour)
	send(a, keyPress("r"))
	if !a.wallets.inFlight {
		t.Error("r refreshes now")
	}
	send(a, keyPress("r"))
	if cmd := a.due(t0); cmd != nil && len(run(cmd)) > 0 {
		t.Error("a refresh in flight is not started again")
	}
}

// countingBackend answers wallet reads with nothing and counts them.
type countingBackend struct {
	quietBackend
	wallets, lines int
}

func (b *countingBackend) ListWallets(context.Context) ([]model.Wallet, error) {
	b.wallets++
	return []model.Wallet{}, nil
}

func (b *countingBackend) LinesOfCredit(context.Context) ([]model.LineOfCredit, error) {
	b.lines++
	return []model.LineOfCredit{}, nil
}

func TestLinesOfCreditAreReadOnceAMinuteAndOnRefresh(t *testing.T) {
	b := &countingBackend{}
	a := New(Config{Backend: b, Clock: clock.NewManual(t0), Styles: PlainStyles()})
	for s := 0; s <= 120; s += 10 {
		now := t0.Add(time.Duration(s) * time.Second)
		a.s.now = now // what a tick does, without starting the next one
		send(a, run(a.due(now))...)
	}
	if b.wallets != 13 || b.lines != 3 {
		t.Errorf("in two minutes: %d wallet reads (want 13), %d line reads (want 3)", b.wallets, b.lines)
	}
	for _, cmd := range send(a, keyPress("r")) {
		send(a, run(cmd)...)
	}
	if b.lines != 4 {
		t.Errorf("r reads the lines of credit too: %d reads", b.lines)
	}
}

// pagingBackend records the filters History asks for.
type pagingBackend struct {
	quietBackend
	asked []model.PaymentFilter
}

func (b *pagingBackend) ListPayments(_ context.Context, f model.PaymentFilter) (model.Page[model.Payment], error) {
	b.asked = append(b.asked, f)
	return model.Page[model.Payment]{}, errNotCalled
}

// TestHistoryPagesByCursor: History asks for cursor pages and goes on from
// each page's next cursor; a refresh of the first page keeps the cursor of
// the deepest page loaded; a server that pages by offset is paged by
// offset.
func TestHistoryPagesByCursor(t *testing.T) {
	b := &pagingBackend{}
	a := appWith(t, b)
	h := a.history
	run(h.due(t0))
	if len(b.asked) != 1 || !b.asked[0].CursorPaging {
		t.Fatalf("the first page is not asked for by cursor: %+v", b.asked)
	}
	all := payments(250)
	cursorPage := func(items []model.Payment, next string, refresh bool) pageMsg {
		return pageMsg{seq: h.seq, refresh: refresh, page: model.Page[model.Payment]{Items: items, Limit: pageSize,
			Cursored: true, HasMore: next != "", NextCursor: next}}
	}
	send(a, keyPress("2"), cursorPage(all[:100], "after-100", true))
	for range 75 {
		run(h.key(keyPress("j")))
	}
	if got := b.asked[len(b.asked)-1]; got.Cursor != "after-100" || got.CursorPaging {
		t.Fatalf("the next page is not asked for from the cursor: %+v", got)
	}
	send(a, cursorPage(all[100:200], "after-200", false))
	send(a, cursorPage(all[:100], "after-100", true)) // the periodic refresh of the first page
	if h.next.cursor != "after-200" || !strings.Contains(h.status(), "of 200+") {
		t.Errorf("after a refresh: next %+v, status %q", h.next, h.status())
	}
	send(a, cursorPage(all[200:], "", false))
	if h.more() || len(h.rows) != 250 || h.loadMore() != nil {
		t.Errorf("the last cursor page: more %v, %d rows", h.more(), len(h.rows))
	}
}

// stingyBackend has fewer payments than it says: offset pages past them
// are empty although total counts more, and cursor pages past them are
// empty but say there is more.
type stingyBackend struct {
	quietBackend
	all      []model.Payment
	claims   int
	cursored bool
	asked    int
}

func (b *stingyBackend) ListPayments(_ context.Context, f model.PaymentFilter) (model.Page[model.Payment], error) {
	b.asked++
	from := min(f.Offset, len(b.all))
	if f.Cursor != "" {
		from = len(b.all) // every cursor leads past the end
	}
	items := b.all[from:min(from+pageSize, len(b.all))]
	if b.cursored {
		return model.Page[model.Payment]{Items: items, Limit: pageSize, Cursored: true, HasMore: true, NextCursor: "again"}, nil
	}
	return model.Page[model.Payment]{Items: items, Offset: f.Offset, Limit: pageSize, Total: b.claims}, nil
}

// TestHistoryStopsAtAnEmptyPage: a page that brings nothing new ends the
// history, whatever the server's count or has_more said, and the count
// shown is what it really has; the periodic refresh does not start the
// chase again.
func TestHistoryStopsAtAnEmptyPage(t *testing.T) {
	for _, cursored := range []bool{false, true} {
		t.Run(map[bool]string{false: "offset", true: "cursor"}[cursored], func(t *testing.T) {
			b := &stingyBackend{all: payments(40), claims: 500, cursored: cursored}
			a := appWith(t, b)
			h := a.history
			press(a, keyPress("2"))
			settle(a, fetchPage(a.s.cfg.Backend, h.filter(), 0, nextPage{}, h.seq, true))
			for range 20 {
				press(a, keyPress("G"))
			}
			if b.asked > 3 {
				t.Errorf("%d pages asked for 40 payments", b.asked)
			}
			if h.more() || h.known() != 40 || !strings.Contains(h.status(), "of 40") || !strings.Contains(a.View(), "end of history") {
				t.Errorf("more %v, known %d, status %q", h.more(), h.known(), h.status())
			}
			asked := b.asked
			settle(a, fetchPage(a.s.cfg.Backend, h.filter(), 0, nextPage{}, h.seq, true)) // the periodic refresh
			press(a, keyPress("G"))
			if b.asked > asked+1 {
				t.Errorf("a refresh of the first page led to %d more pages", b.asked-asked-1)
			}
		})
	}
}

// meetingBackend answers wallets and lines only once both have been
// asked for: asked one after the other, the first gives up waiting.
type meetingBackend struct {
	quietBackend
	arrived sync.WaitGroup
}

func (b *meetingBackend) meet() error {
	b.arrived.Done()
	met := make(chan struct{})
	go func() { b.arrived.Wait(); close(met) }()
	select {
	case <-met:
		return nil
	case <-time.After(5 * time.Second): // a bound for the failure only: a pass never waits on it
		return errors.New("asked alone: the other request waits for this one's answer")
	}
}

func (b *meetingBackend) ListWallets(context.Context) ([]model.Wallet, error) {
	return []model.Wallet{}, b.meet()
}

func (b *meetingBackend) LinesOfCredit(context.Context) ([]model.LineOfCredit, error) {
	return []model.LineOfCredit{}, b.meet()
}

// TestTheFirstFrameWaitsOneRoundTrip: the wallets and the lines of credit
// the first frame shows are asked for together.
func TestTheFirstFrameWaitsOneRoundTrip(t *testing.T) {
	b := &meetingBackend{}
	b.arrived.Add(2)
	msgs := run(fetchWallets(b, true))
	if m, ok := msgs[0].(walletsMsg); !ok || m.err != nil {
		t.Errorf("%+v", msgs)
	}
}

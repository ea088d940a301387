package ui

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui/port"
)

// tillBackend records the receives asked for; the first failures of them
// fail as the network would.
type tillBackend struct {
	quietBackend
	mu       sync.Mutex
	asked    []model.ReceiveRequest
	failures int
	sent     int
}

func (b *tillBackend) CreateReceive(_ context.Context, req model.ReceiveRequest) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.asked = append(b.asked, req)
	if b.failures > 0 {
		b.failures--
		return unreachable
	}
	return nil
}

func (b *tillBackend) Send(_ context.Context, r model.SendRecord) (model.SendRecord, error) {
	b.mu.Lock()
	b.sent++
	b.mu.Unlock()
	return r, nil
}

func (b *tillBackend) ids() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, r := range b.asked {
		out = append(out, r.ID)
	}
	return out
}

func tillApp(t *testing.T, b port.Backend) (*App, *bytes.Buffer, *clock.Manual) {
	clk := clock.NewManual(t0)
	term := &bytes.Buffer{}
	a := NewPOS(Config{Backend: b, Organization: "5a1f0e3c-7b2d-4c8e-9f6a-1b2c3d4e5f60",
		Environment: "c41d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f22", Clock: clk, Styles: PlainStyles(), Terminal: term,
		Prices: &fakePrices{price: 100_000 * model.PriceUnit, clk: clk}}, POSOptions{Dollars: true})
	press(a, tea.WindowSizeMsg{Width: 120, Height: 40}, walletsLoaded(t))
	return a, term, clk
}

func posOf(a *App) *posScreen { return a.screens[a.active].(*posScreen) }

func TestPOSTakesASaleInDollarsThroughNetworkTroubleWithOneInvoice(t *testing.T) {
	b := &tillBackend{failures: 2}
	a, term, clk := tillApp(t, b)
	press(a, keyPress("4"), keyPress("5"), keyPress("0"))
	v := a.View()
	if !strings.Contains(v, "= 4,500 sats") || !strings.Contains(v, "at BTCUSD $100,000.00 at 14:03 UTC") {
		t.Fatalf("the keypad does not show the sats and the quote:\n%s", v)
	}
	if !strings.Contains(v, "████") { // the amount in large digits
		t.Fatalf("no large amount:\n%s", v)
	}
	press(a, keyPress("enter"))
	p := posOf(a)
	if p.stage != posCreating || !strings.Contains(a.View(), "retrying") {
		t.Fatalf("network trouble should show retrying: stage %v\n%s", p.stage, a.View())
	}
	for i := 0; i < 10 && p.stage == posCreating; i++ {
		clk.Advance(5 * time.Second)
		press(a, tickMsg(clk.Now()))
	}
	ids := b.ids()
	if len(ids) != 3 || ids[0] != ids[1] || ids[1] != ids[2] {
		t.Fatalf("a sale retried must keep its one id: %v", ids)
	}
	if m, _ := b.asked[0].RequestedMsats(); m != model.Sats(4500) {
		t.Fatalf("$4.50 at $100,000 asked for %v", m)
	}
	if p.stage != posShowing {
		t.Fatalf("stage %v after the retries", p.stage)
	}
	inv := signetInvoice(t, 4_500_000, "Sale 1 · $4.50")
	sale := func(st model.Status) paymentMsg {
		p := receive(model.Bolt11, st, inv, 4_500_000, "Sale 1 · $4.50")
		p.ID = ids[0]
		return paymentMsg{id: p.ID, payment: p}
	}
	send(a, sale(model.StatusReceiving))
	v = a.View()
	if got := scanQR(t, p.view(), false); !strings.EqualFold(strings.TrimPrefix(strings.ToLower(got), "lightning:"), inv) {
		t.Fatalf("the code reads %q, not the invoice", got)
	}
	if !strings.Contains(v, "Pay $4.50 (4,500 sats)") || !strings.Contains(v, "expires in") {
		t.Fatalf("the amount and countdown are not beside the code:\n%s", v)
	}
	send(a, sale(model.StatusCompleted))
	// The bell is a command: run what the payment set off.
	v = a.View()
	if p.stage != posPaid || !strings.Contains(v, "$4.50 (4,500 sats) received") {
		t.Fatalf("not paid:\n%s", v)
	}
	if !strings.Contains(v, "1 sale · 4,500 sats · $4.50") {
		t.Fatalf("the tally did not grow:\n%s", v)
	}
	clk.Advance(posPaidFor)
	press(a, tickMsg(clk.Now()))
	if p.stage != posKeypad || p.digits != "" {
		t.Fatalf("back to an empty keypad after the sale: stage %v digits %q", p.stage, p.digits)
	}
	_ = term
}

func TestPOSCannotSendAndAsksBeforeQuittingUnpaid(t *testing.T) {
	b := &tillBackend{}
	a, _, _ := tillApp(t, b)
	if len(a.screens) != 1 {
		t.Fatalf("the point of sale alone has %d screens", len(a.screens))
	}
	if _, err := a.s.cfg.Backend.Send(context.Background(), model.SendRecord{ID: "x"}); err == nil || b.sent != 0 {
		t.Fatal("the point of sale's backend sent")
	}
	for _, k := range []string{"s", "y", "4", "tab", "R", "p"} {
		press(a, keyPress(k))
	}
	if b.sent != 0 {
		t.Fatal("a key sent money")
	}
	press(a, keyPress("esc"), keyPress("5"), keyPress("enter"))
	if !posOf(a).unpaid() {
		t.Fatalf("no sale under way: %v", posOf(a).stage)
	}
	_, cmd := a.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	if isQuit(a, cmd) || !strings.Contains(a.View(), "quit anyway") {
		t.Fatalf("ctrl+c quit with an invoice unpaid:\n%s", a.View())
	}
	press(a, keyPress("n")) // stay
	if _, cmd := a.Update(tea.KeyMsg{Type: tea.KeyCtrlC}); isQuit(a, cmd) {
		t.Fatal("quit without asking again")
	}
	if _, cmd := a.Update(keyPress("y")); !isQuit(a, cmd) {
		t.Fatal("y after asking does not quit")
	}
}

func TestPOSWithoutAPriceSaysSoAndStillTakesSats(t *testing.T) {
	clk := clock.NewManual(t0)
	b := &tillBackend{}
	prices := &fakePrices{err: errPriceDown, clk: clk}
	a := NewPOS(Config{Backend: b, Clock: clk, Styles: PlainStyles(), Terminal: &bytes.Buffer{}, Prices: prices}, POSOptions{Dollars: true})
	press(a, tea.WindowSizeMsg{Width: 120, Height: 40}, walletsLoaded(t), keyPress("5"), keyPress("enter"))
	if v := a.View(); !strings.Contains(v, "no price (the price service is down)") || !strings.Contains(v, "u switches the till to sats") {
		t.Fatalf("no price is not said:\n%s", v)
	}
	if len(b.ids()) != 0 {
		t.Fatal("an invoice was asked for with no price to make its sats")
	}
	press(a, keyPress("u"), keyPress("2"), keyPress("1"), keyPress("0"), keyPress("0"), keyPress("enter"))
	if ids := b.ids(); len(ids) != 1 {
		t.Fatalf("sats were not taken: %d asks\n%s", len(ids), a.View())
	}
	if m, _ := b.asked[0].RequestedMsats(); m != model.Sats(2100) {
		t.Fatalf("asked for %v", m)
	}
}

func TestPOSIsATabOfTheDashboard(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	press(a, walletsLoaded(t), keyPress("6"))
	if _, ok := a.screens[a.active].(*posScreen); !ok || !strings.Contains(a.View(), "Point of sale") {
		t.Fatalf("tab 6 is not the point of sale:\n%s", a.View())
	}
}

func TestPOSKeypadTakesClicks(t *testing.T) {
	a, _, _ := tillApp(t, &tillBackend{})
	p := posOf(a)
	l := p.padLayout()
	top := lipgloss.Height(a.top())
	click := func(row, col int) {
		press(a, tea.MouseMsg{X: l.x + col*l.keyW + 2, Y: top + l.y + row*l.keyH + l.keyH/2,
			Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	}
	click(0, 0) // 1
	click(1, 1) // 5
	click(3, 1) // 0
	click(3, 0) // ⌫
	click(0, 1) // 2
	if p.digits != "152" {
		t.Fatalf("clicks typed %q, want 152", p.digits)
	}
}

var errPriceDown = failure{port.Failure{Sentence: "the price service is down", Transient: true}}

// isQuit runs cmd, leaving what sleeps on the clock asleep, and reports
// whether it quits.
func isQuit(a *App, cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch m := unlessAsleep(a, cmd).(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range m {
			if isQuit(a, c) {
				return true
			}
		}
	}
	return false
}

func TestTheDashboardAsksBeforeQuittingWithATillInvoiceUnpaidOnAnyTab(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	b := &tillBackend{}
	a.s.cfg.Backend = b
	press(a, walletsLoaded(t), keyPress("6"), keyPress("7"), keyPress("7"), keyPress("enter"))
	if !posOf(a).unpaid() {
		t.Fatalf("no sale: %v %q", posOf(a).stage, posOf(a).problem)
	}
	press(a, keyPress("tab")) // to Wallets
	_, cmd := a.Update(keyPress("q"))
	if isQuit(a, cmd) {
		t.Fatal("q on another tab quit with the till's invoice unpaid")
	}
	if _, ok := a.screens[a.active].(*posScreen); !ok || !strings.Contains(a.View(), "An invoice for 77 sats is unpaid") {
		t.Fatalf("the question is not shown on the till:\n%s", a.View())
	}
	// Paid meanwhile: the question goes, and the next key is the till's.
	p := posOf(a)
	paid := model.Payment{ID: p.current.ID, Direction: model.Receive, Kind: model.Bolt11, Status: model.StatusCompleted,
		RequestedAmount: model.BTCAmount(model.Sats(77))}
	send(a, paymentMsg{id: paid.ID, payment: paid})
	if p.asking || strings.Contains(a.View(), "quit anyway") {
		t.Fatalf("still asking after the sale was paid:\n%s", a.View())
	}
}

func TestATillSaleGivenUpOnButPaidAfterAllIsCounted(t *testing.T) {
	a, _, _ := tillApp(t, &tillBackend{})
	p := posOf(a)
	press(a, keyPress("u"), keyPress("5"), keyPress("0"), keyPress("enter"))
	id := p.current.ID
	press(a, keyPress("esc"))
	if p.stage != posKeypad || p.digits != "50" {
		t.Fatalf("esc: stage %v digits %q", p.stage, p.digits)
	}
	press(a, keyPress("3"))
	if p.digits != "3" {
		t.Fatalf("a digit after a sale given up on starts a new amount: %q", p.digits)
	}
	send(a, paymentMsg{id: id, payment: model.Payment{ID: id, Direction: model.Receive, Kind: model.Bolt11, Status: model.StatusCompleted, RequestedAmount: model.BTCAmount(model.Sats(50))}})
	if p.tally.count != 1 || p.tally.sats != model.Sats(50) {
		t.Fatalf("the paid sale is not counted: %+v", p.tally)
	}
}

func TestTheTillsCodeIsAsLargeAsTheWindowAllowsAndScans(t *testing.T) {
	b := &tillBackend{}
	a, _, _ := tillApp(t, b)
	press(a, keyPress("u"), keyPress("4"), keyPress("2"), keyPress("enter"))
	p := posOf(a)
	inv := signetInvoice(t, 42_000, "Sale 1")
	pay := receive(model.Bolt11, model.StatusReceiving, inv, 42_000, "Sale 1")
	pay.ID = p.current.ID
	send(a, paymentMsg{id: pay.ID, payment: pay})
	small := len(strings.Split(p.view(), "\n"))
	press(a, tea.WindowSizeMsg{Width: 220, Height: 70})
	v := p.view()
	if rows := len(strings.Split(v, "\n")); rows < small*3/2 {
		t.Fatalf("at 220×70 the code has %d rows, at 120×40 %d: not larger", rows, small)
	}
	if got := scanQR(t, v, false); !strings.EqualFold(strings.TrimPrefix(strings.ToLower(got), "lightning:"), inv) {
		t.Fatalf("the larger code reads %q", got)
	}
	press(a, tea.WindowSizeMsg{Width: 80, Height: 24})
	v = a.View()
	if strings.Contains(v, "▀▀▀▀▀") || !strings.Contains(v, "The code needs a window of at least") || !strings.Contains(v, "(now 80×24)") {
		t.Fatalf("at 80×24 the code does not fit, and the till must say how large:\n%s", v)
	}
}

func TestAnInvoiceForAnotherAmountIsNeverShownToThePayer(t *testing.T) {
	a, _, _ := tillApp(t, &tillBackend{})
	press(a, keyPress("u"), keyPress("4"), keyPress("2"), keyPress("enter"))
	p := posOf(a)
	other := signetInvoice(t, 4_200_000, "Sale 1") // 4,200 sats, not 42
	pay := receive(model.Bolt11, model.StatusReceiving, other, 42_000, "Sale 1")
	pay.ID = p.current.ID
	send(a, paymentMsg{id: pay.ID, payment: pay})
	if v := a.View(); strings.Contains(v, "▀▀▀▀") || !strings.Contains(v, "Voltage's invoice is for 4,200 sats, not the 42 sats asked for") {
		t.Fatalf("the till showed a code for another amount:\n%s", v)
	}

	r, _ := testApp(t, 120, 40)
	send(r, walletsLoaded(t))
	receiving(r, receive(model.Bolt11, model.StatusReceiving, other, 42_000, "x"))
	if v := r.View(); strings.Contains(v, "▀▀▀▀") || !strings.Contains(v, "not the 42 sats asked for") {
		t.Fatalf("Receive showed a code for another amount:\n%s", v)
	}
}

func TestTheTillShowsOneSatAsOne(t *testing.T) {
	a, _, _ := tillApp(t, &tillBackend{})
	press(a, keyPress("u"), keyPress("1"), tea.WindowSizeMsg{Width: 80, Height: 18})
	if v := a.View(); strings.Contains(v, "1 sat sats") || !strings.Contains(v, "1 sats") && !strings.Contains(v, "1 sat") {
		t.Fatalf("one sat on a small till:\n%s", v)
	}
}

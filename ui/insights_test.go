package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/voltdash/voltdash/model"
)

// ledgerBackend serves a fixed history, paged, and each wallet's ledger
// made of it, and counts what it is asked.
type ledgerBackend struct {
	quietBackend
	mu       sync.Mutex
	payments []model.Payment
	pages    int
	ledgers  int
}

func (b *ledgerBackend) ListPayments(_ context.Context, f model.PaymentFilter) (model.Page[model.Payment], error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !f.Start.IsZero() { // History and the Wallets chart read without a start
		b.pages++
	}
	var match []model.Payment
	for _, p := range b.payments {
		if (f.WalletID == "" || p.WalletID == f.WalletID) && !p.CreatedAt.Before(f.Start) {
			match = append(match, p)
		}
	}
	end := min(f.Offset+f.Limit, len(match))
	return model.Page[model.Payment]{Items: match[min(f.Offset, end):end], Offset: f.Offset, Limit: f.Limit, Total: len(match)}, nil
}

func (b *ledgerBackend) WalletLedger(_ context.Context, wallet string, f model.LedgerFilter) (model.Page[model.LedgerEvent], error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if f.Start.IsZero() { // the Wallets chart reads the last month's
		b.ledgers++
	}
	return model.Page[model.LedgerEvent]{Offset: f.Offset, Limit: f.Limit}, nil
}

func insightsApp(t *testing.T, w, h int, ps []model.Payment) (*App, *ledgerBackend) {
	a, _ := testApp(t, w, h)
	b := &ledgerBackend{payments: ps}
	a.s.cfg.Backend = b
	press(a, walletsLoaded(t))
	return a, b
}

func insightsOf(a *App) *insightsScreen {
	for _, s := range a.screens {
		if v, ok := s.(*insightsScreen); ok {
			return v
		}
	}
	return nil
}

// open goes to Insights and lets its read run: the read starts at the
// clock's next tick after the screen is entered.
func openInsights(a *App) {
	press(a, keyPress("7"))
	press(a, tickMsg(a.s.now))
}

func TestInsightsReadTheRangeAndDrawIt(t *testing.T) {
	ps := payments(250) // 37 minutes apart: about six days
	a, b := insightsApp(t, 120, 40, ps)
	openInsights(a)
	v := insightsOf(a)
	if v.loading || v.in == nil || v.read != 250 || b.pages != 3 {
		t.Fatalf("loading %v, read %d in %d pages", v.loading, v.read, b.pages)
	}
	// Hand-computed: completed receives and sends of the fixture.
	var in, out model.MilliSats
	received, sent := 0, 0
	for _, p := range ps {
		if p.Status != model.StatusCompleted {
			continue
		}
		if p.Direction == model.Receive {
			in += p.Amount()
			received++
		} else {
			out += p.Amount()
			sent++
		}
	}
	tot := v.in.Totals()
	if tot.In != in || tot.Out != out || tot.Received != received || tot.Sent != sent {
		t.Fatalf("totals %+v; want in %v (%d) out %v (%d)", tot, in, received, out, sent)
	}
	view := a.View()
	for _, want := range []string{"Insights · all wallets · by day", "[7 d]", "In " + money(in, a.s.lens()), "sends completed", "█ in", "█ out"} {
		if !strings.Contains(view, want) {
			t.Fatalf("the screen lacks %q:\n%s", want, view)
		}
	}
	// A payment that completes now is added at once.
	p := ps[2] // failed
	p.Status, p.UpdatedAt = model.StatusCompleted, t0
	send(a, paymentMsg{id: p.ID, payment: p})
	if got := v.in.Totals(); got.In+got.Out == tot.In+tot.Out {
		t.Fatal("a payment that completed did not move the totals")
	}
	// ← to 24 h reads afresh, by the hour.
	press(a, tea.KeyMsg{Type: tea.KeyLeft})
	if !strings.Contains(a.View(), "by hour") || v.in == nil {
		t.Fatalf("24 h:\n%s", a.View())
	}
}

func TestInsightsView(t *testing.T) {
	ps := payments(250)
	for _, sz := range sizes {
		t.Run(itoa(sz[0])+"x"+itoa(sz[1]), func(t *testing.T) {
			a, _ := insightsApp(t, sz[0], sz[1], ps)
			openInsights(a)
			golden.RequireEqual(t, a.View())
		})
	}
	t.Run("empty", func(t *testing.T) {
		a, _ := insightsApp(t, 120, 40, nil)
		openInsights(a)
		if v := a.View(); !strings.Contains(v, "nothing moved in this range") || !strings.Contains(v, "no sends") {
			t.Fatalf("an empty range:\n%s", v)
		}
	})
}

func TestInsightsAsksNothingUntilShown(t *testing.T) {
	a, b := insightsApp(t, 120, 40, payments(10))
	press(a, tickMsg(t0.Add(time.Minute)))
	if b.pages != 0 || b.ledgers != 0 {
		t.Fatalf("read %d pages and %d ledgers before Insights was shown", b.pages, b.ledgers)
	}
}

func (b *ledgerBackend) PaymentSummary(_ context.Context, f model.PaymentSummaryFilter) (model.PaymentSummary, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var n uint64
	for _, p := range b.payments {
		if !p.CreatedAt.Before(f.Start) && !p.CreatedAt.After(f.End) {
			n++
		}
	}
	return model.PaymentSummary{TotalCount: n}, nil
}

func TestInsightsSayWhatVoltageCounts(t *testing.T) {
	a, _ := insightsApp(t, 120, 40, payments(250))
	openInsights(a)
	if v := a.View(); !strings.Contains(v, "Voltage counts 250 payments made in the range (checks included); 250 read") {
		t.Fatalf("the summary's count is not shown beside what was read:\n%s", v)
	}
}

package ui

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// benchApp is the dashboard at 120x40 in full colour, on History, with n
// payments loaded page by page as scrolling would load them.
func benchApp(b *testing.B, all []model.Payment) *App {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	a := New(Config{Backend: quietBackend{}, Organization: "5a1f0e3c-7b2d-4c8e-9f6a-1b2c3d4e5f60",
		Environment: "c41d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f22", Clock: clock.NewManual(t0),
		Styles: NewStyles(r), Terminal: io.Discard})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	a.Update(keyPress("2"))
	h := a.history
	h.update(pageMsg{refresh: true, page: model.Page[model.Payment]{Items: all[:pageSize], Total: len(all)}})
	for off := pageSize; off < len(all); off += pageSize {
		h.loading = true
		h.update(pageMsg{seq: h.seq, page: model.Page[model.Payment]{Items: all[off:min(off+pageSize, len(all))], Offset: off, Total: len(all)}})
	}
	if len(h.rows) != len(all) {
		b.Fatalf("%d rows loaded of %d", len(h.rows), len(all))
	}
	h.cursor, h.offset = len(all)/2, len(all)/2-10 // somewhere in the middle
	h.clamp()
	return a
}

var rowCounts = []int{1_000, 10_000, 100_000}

// BenchmarkHistoryView draws one frame of History.
func BenchmarkHistoryView(b *testing.B) {
	for _, n := range rowCounts {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			a := benchApp(b, payments(n))
			b.ReportAllocs()
			for b.Loop() {
				_ = a.View()
			}
		})
	}
}

// BenchmarkHistoryCursorMove is one key press: Update, then the frame.
func BenchmarkHistoryCursorMove(b *testing.B) {
	for _, n := range rowCounts {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			a := benchApp(b, payments(n))
			down, up := keyPress("j"), keyPress("k")
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					a.Update(down)
				} else {
					a.Update(up)
				}
				_ = a.View()
				i++
			}
		})
	}
}

// BenchmarkHistoryHeap reports the heap that n loaded payments take,
// as MB-heap.
func BenchmarkHistoryHeap(b *testing.B) {
	for _, n := range rowCounts {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			var total uint64
			for b.Loop() {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				a := benchApp(b, payments(n)) // what the UI keeps, the payments included
				runtime.GC()
				runtime.ReadMemStats(&after)
				total += after.HeapAlloc - before.HeapAlloc
				runtime.KeepAlive(a)
			}
			b.ReportMetric(float64(total)/float64(b.N)/1e6, "MB-heap")
			b.ReportMetric(float64(total)/float64(b.N)/float64(n), "B/payment")
		})
	}
}

// referenceTable is the same payments in a plain bubbles/table, the
// component a first version would reach for: the reference the History
// figures are read against. Its cells are formatted once, up front, as
// History's are.
func referenceTable(b *testing.B, all []model.Payment) table.Model {
	a := benchApp(b, all[:pageSize]) // for the same cell formatting
	cols := []table.Column{{Title: "Time", Width: 12}, {Title: "Dir", Width: 6}, {Title: "Amount (sats)", Width: 14},
		{Title: "Fee", Width: 9}, {Title: "Status", Width: 12}, {Title: "Kind", Width: 12}, {Title: "Memo", Width: 40}}
	rows := make([]table.Row, len(all))
	for i, p := range all {
		r := a.history.format(p)
		rows[i] = table.Row{r.when, r.dir, r.amt, r.fee, string(p.Status), r.kind, r.memo}
	}
	st := table.DefaultStyles()
	st.Selected = st.Selected.Foreground(lipgloss.Color("229")).Background(lipgloss.Color("57"))
	t := table.New(table.WithColumns(cols), table.WithRows(rows), table.WithFocused(true),
		table.WithHeight(40-a.s.chrome-2), table.WithWidth(120), table.WithStyles(st))
	t.SetCursor(len(all) / 2)
	return t
}

// BenchmarkReferenceTableView draws one frame of the reference table.
func BenchmarkReferenceTableView(b *testing.B) {
	for _, n := range rowCounts {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			t := referenceTable(b, payments(n))
			b.ReportAllocs()
			for b.Loop() {
				_ = t.View()
			}
		})
	}
}

// BenchmarkReferenceTableCursorMove is one key press in the reference
// table: Update, then the frame.
func BenchmarkReferenceTableCursorMove(b *testing.B) {
	for _, n := range rowCounts {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			t := referenceTable(b, payments(n))
			down, up := tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					t, _ = t.Update(down)
				} else {
					t, _ = t.Update(up)
				}
				_ = t.View()
				i++
			}
		})
	}
}

// BenchmarkHistoryPushedPayment is one new payment arriving by push (or a
// poll) into a long History: placed on top and drawn.
func BenchmarkHistoryPushedPayment(b *testing.B) {
	for _, n := range rowCounts {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			all := payments(n + 1)
			a := benchApp(b, all[1:])
			fresh := all[0]
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				p := fresh
				p.ID = fmt.Sprintf("10000000-0000-4000-8000-%012d", i)
				p.CreatedAt = t0.Add(time.Duration(i) * time.Second)
				a.Update(pushMsg{payments: []model.Payment{p}})
				_ = a.View()
				i++
			}
		})
	}
}

// BenchmarkReceiveView draws one frame of Receive showing an invoice's QR
// code, as every tick of its countdown does.
func BenchmarkReceiveView(b *testing.B) {
	a := benchApp(b, payments(pageSize))
	send(a, walletsLoaded(b))
	receiving(a, receive(model.Bolt11, model.StatusReceiving, signetInvoice(b, 2_500_000, "Flat white x2"), 2_500_000, "Flat white x2"))
	if !strings.Contains(a.View(), "▄") {
		b.Fatal("no QR code on the screen")
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = a.View()
	}
}

// BenchmarkInsightsView is one frame of the Insights screen at 120x40
// over 100,000 payments of the 90-day range, by week: what a redraw costs
// once the figures are built (they are built as payments arrive, not per
// frame).
func BenchmarkInsightsView(b *testing.B) {
	a := benchApp(b, payments(100))
	v := insightsOf(a)
	v.rangeIdx = 3
	v.start()
	v.loading = false
	for _, p := range payments(100_000) {
		v.in.Add(p)
	}
	a.Update(keyPress("7"))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		_ = a.View()
	}
}

// BenchmarkHistorySearchKeystroke is one key typed into History's search
// over 100,000 loaded payments: the whole list is matched again.
func BenchmarkHistorySearchKeystroke(b *testing.B) {
	a := benchApp(b, payments(100_000))
	h := a.history
	h.searching = true
	h.setQuery("rent")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 {
			h.setQuery("rent ")
		} else {
			h.setQuery("rent")
		}
	}
}

// BenchmarkHistorySearchTyping is a word typed into History's search over
// 100,000 loaded payments, a key at a time: the first key matches every
// row, each next one only the rows still shown.
func BenchmarkHistorySearchTyping(b *testing.B) {
	a := benchApp(b, payments(100_000))
	h := a.history
	h.searching = true
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		h.setQuery("")
		for _, q := range []string{"r", "re", "ren", "rent", "rent ", "rent s"} {
			h.setQuery(q)
		}
	}
}

// BenchmarkHistoryOlderPage is one page of 1,000 older payments added
// behind 10,000 loaded while a search is typed: what each page of the
// whole-history read costs the UI (formatting the rows, matching them),
// decoding aside.
func BenchmarkHistoryOlderPage(b *testing.B) {
	all := payments(11_000)
	a := benchApp(b, all[:10_000])
	h := a.history
	h.setQuery("rent")
	older := all[10_000:]
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		for _, p := range older {
			delete(h.byID, p.ID)
		}
		h.rows = h.rows[:10_000]
		h.search()
		b.StartTimer()
		h.addOlder(older)
	}
}

// BenchmarkHistorySearchKeystrokeLatency types words into History's search
// over 100,000 loaded payments, a key at a time with backspaces between
// them, and reports the median and 99th percentile of one key's work
// (matching and the shown list; the frame is BenchmarkHistoryView's).
func BenchmarkHistorySearchKeystrokeLatency(b *testing.B) {
	a := benchApp(b, payments(100_000))
	h := a.history
	h.searching = true
	words := []string{"rent share", "tip", "croissant", "beans, 1 kg", "supplier refund", "flat white x2"}
	var each []time.Duration
	for b.Loop() {
		for _, w := range words {
			for i := 1; i <= len(w); i++ {
				start := time.Now()
				h.setQuery(w[:i])
				each = append(each, time.Since(start))
			}
			for i := len(w) - 1; i >= 0; i-- {
				start := time.Now()
				h.setQuery(w[:i])
				each = append(each, time.Since(start))
			}
		}
	}
	slices.Sort(each)
	b.ReportMetric(float64(each[len(each)/2].Microseconds())/1000, "ms-median/key")
	b.ReportMetric(float64(each[len(each)*99/100].Microseconds())/1000, "ms-p99/key")
}

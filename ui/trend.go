package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// trendDays is how far back the balance chart looks.
const trendDays = 30

// dailyBalances rebuilds a wallet's total at the end of each of the last
// days days, oldest first, by walking its ledger back from the current
// total. Entries older than the window are not needed.
func dailyBalances(current model.MilliSats, events []model.LedgerEvent, now time.Time, days int) []model.MilliSats {
	sorted := slices.Clone(events)
	slices.SortFunc(sorted, func(a, b model.LedgerEvent) int { return b.EffectiveTime.Compare(a.EffectiveTime) })
	out := make([]model.MilliSats, days)
	balance, i := current, 0
	for d := days - 1; d >= 0; d-- {
		end := now.AddDate(0, 0, -(days - 1 - d))
		for i < len(sorted) && sorted[i].EffectiveTime.After(end) {
			balance -= sorted[i].TotalDelta()
			i++
		}
		out[d] = balance
	}
	return out
}

// barChart draws values as columns of block characters, height rows tall,
// each value width/len(values) cells wide (at least one).
func barChart(values []model.MilliSats, width, height int) []string {
	if len(values) == 0 || width <= 0 || height <= 0 {
		return nil
	}
	lo, hi := slices.Min(values), slices.Max(values)
	per := max(1, width/len(values))
	levels := height * 8
	blocks := []rune(" ▁▂▃▄▅▆▇█")
	rows := make([][]rune, height)
	for r := range rows {
		rows[r] = make([]rune, 0, per*len(values))
	}
	for _, v := range values {
		level := levels // a flat line sits at the top: the balance did not move
		if hi > lo {
			level = 1 + int(int64(v-lo)*int64(levels-1)/int64(hi-lo))
		}
		for r := range height {
			fill := level - (height-1-r)*8 // eighths in this row, from the bottom
			ch := blocks[min(max(fill, 0), 8)]
			for range per {
				rows[r] = append(rows[r], ch)
			}
		}
	}
	out := make([]string, height)
	for r := range rows {
		out[r] = strings.TrimRight(string(rows[r]), " ")
	}
	return out
}

// trendMsg carries a wallet's ledger for the chart, and its latest
// payments.
type trendMsg struct {
	walletID string
	events   []model.LedgerEvent
	recent   []model.Payment
	err      error
	at       time.Time
}

// recentPayments is how many of a wallet's latest payments are read to
// show under its chart.
const recentPayments = 10

// fetchTrend reads up to three pages of the last 30 days of a wallet's
// ledger (enough for a busy month without reading everything) and its
// latest payments.
func fetchTrend(b port.Backend, walletID string, now time.Time) tea.Cmd {
	type read struct {
		events []model.LedgerEvent
		recent []model.Payment
	}
	return call(func(ctx context.Context) (read, error) {
		page, err := b.ListPayments(ctx, model.PaymentFilter{WalletID: walletID, Limit: recentPayments})
		if err != nil {
			return read{}, err
		}
		events, err := ledgerMonth(ctx, b, walletID, now)
		return read{events, page.Items}, err
	}, func(r read, err error) tea.Msg {
		return trendMsg{walletID: walletID, events: r.events, recent: r.recent, err: err, at: now}
	})
}

// ledgerMonth is up to three pages of the wallet's ledger of the last
// trendDays days.
func ledgerMonth(ctx context.Context, b port.Backend, walletID string, now time.Time) ([]model.LedgerEvent, error) {
	var all []model.LedgerEvent
	f := model.LedgerFilter{Limit: model.MaxPageLimit, Start: now.AddDate(0, 0, -trendDays), SortOrder: model.Descending}
	for range 3 {
		page, err := b.WalletLedger(ctx, walletID, f)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		if !page.More() {
			break
		}
		f.Offset += len(page.Items)
	}
	return all, nil
}

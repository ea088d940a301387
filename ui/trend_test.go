package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

func ev(typ model.LedgerEventType, amount model.MilliSats, at time.Time) model.LedgerEvent {
	return model.LedgerEvent{Type: typ, AmountMsats: &amount, EffectiveTime: at}
}

func TestDailyBalances(t *testing.T) {
	now := t0
	events := []model.LedgerEvent{
		ev(model.LedgerCredited, 1000, now.Add(-time.Hour)),  // today
		ev(model.LedgerCaptured, 300, now.AddDate(0, 0, -1)), // one day back, at the day's edge
		ev(model.LedgerHeld, 9999, now.AddDate(0, 0, -2)),    // holds do not move the total
		ev(model.LedgerCredited, 500, now.AddDate(0, 0, -3).Add(-time.Minute)),
	}
	got := dailyBalances(2000, events, now, 5)
	want := []model.MilliSats{800, 1300, 1300, 1000, 2000}
	if !slices.Equal(got, want) {
		t.Errorf("balances %v, want %v", got, want)
	}
	if flat := dailyBalances(42, nil, now, 3); !slices.Equal(flat, []model.MilliSats{42, 42, 42}) {
		t.Errorf("no movement: %v", flat)
	}
}

func TestBarChart(t *testing.T) {
	rows := barChart([]model.MilliSats{0, 50, 100}, 6, 2)
	if len(rows) != 2 || rows[0] != "    ██" || rows[1] != "▁▁████" {
		t.Errorf("chart:\n%s", strings.Join(rows, "\n"))
	}
	if flat := barChart([]model.MilliSats{7, 7}, 2, 1); flat[0] != "██" {
		t.Errorf("flat: %q", flat)
	}
	if barChart(nil, 10, 2) != nil {
		t.Error("nothing to draw")
	}
}

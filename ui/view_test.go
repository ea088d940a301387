package ui

import (
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/voltdash/voltdash/model"
)

var sizes = [][2]int{{80, 24}, {120, 40}}

// eachSize runs a view test at 80x24 and 120x40, with a golden file each.
func eachSize(t *testing.T, setup func(t *testing.T, a *App)) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			a, _ := testApp(t, sz[0], sz[1])
			setup(t, a)
			golden.RequireEqual(t, a.View())
		})
	}
}

// loadHistory gives the history screen n payments, a page at a time, the
// way scrolling would.
func loadHistory(a *App, all []model.Payment, total int) {
	first := all[:min(pageSize, len(all))]
	send(a, pageOf(first, total))
	for off := pageSize; off < len(all); off += pageSize {
		a.history.loading = true
		send(a, pageMsg{seq: a.history.seq, page: model.Page[model.Payment]{Items: all[off:min(off+pageSize, len(all))],
			Offset: off, Limit: pageSize, Total: total}})
	}
}

func TestWalletsView(t *testing.T) {
	t.Run("loading", func(t *testing.T) { eachSize(t, func(t *testing.T, a *App) {}) })
	t.Run("error", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) { send(a, walletsMsg{err: unreachable}) })
	})
	t.Run("empty", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) { send(a, walletsMsg{wallets: []model.Wallet{}}) })
	})
	t.Run("loaded", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			msg := walletsLoaded(t)
			msg.wallets[0].Balances[0].Total = model.NewSignedAmount(model.Sats(250_000))
			send(a, msg, trendMsg{walletID: msg.wallets[0].ID, at: t0, events: monthOfLedger(), recent: payments(12)})
		})
	})
	t.Run("selected_in_btc", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t), keyPress("j"), keyPress("enter"), keyPress("u"))
			send(a, walletSelectedMsg{"0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a"})
		})
	})
	t.Run("offline", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t))
			for i := range 3 {
				a.wallets.inFlight = true
				send(a, tickMsg(t0.Add(time.Duration(i)*time.Minute)), walletsMsg{err: unreachable})
			}
		})
	})
	t.Run("many", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			msg := walletsLoaded(t)
			base := msg.wallets[0]
			for i := range 40 {
				w := base
				w.ID, w.Name = fmt.Sprintf("10000000-0000-4000-8000-%012d", i), fmt.Sprintf("Till %02d", i)
				msg.wallets = append(msg.wallets, w)
			}
			send(a, msg)
			for range 25 {
				send(a, keyPress("j"))
			}
		})
	})
}

func TestHistoryView(t *testing.T) {
	tab := keyPress("2")
	t.Run("loading", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			a.history.refresh.inFlight = true
			send(a, tab)
		})
	})
	t.Run("error", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, tab, pageMsg{err: unreachable, refresh: true})
		})
	})
	t.Run("empty", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) { send(a, tab, pageOf(nil, 0)) })
	})
	t.Run("filtered_empty", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t), tab, keyPress("s"), keyPress("d"))
			send(a, pageMsg{seq: a.history.seq, refresh: true})
		})
	})
	t.Run("contract_examples", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			items := []model.Payment{}
			for _, name := range []string{"payment_receive_bolt11_generating", "payment_send_bip21_sending",
				"payment_send_onchain_completed", "payment_send_bolt11_completed", "payment_send_bolt11_failed",
				"payment_receive_bolt11_receiving", "payment_receive_onchain_completed", "payment_receive_bip21_expired",
				"payment_receive_taprootasset"} {
				items = append(items, fixture[model.Payment](t, name))
			}
			send(a, walletsLoaded(t), tab, pageOf(items, len(items)))
		})
	})
	t.Run("many_rows", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, tab)
			loadHistory(a, payments(1000), 100_000)
			send(a, keyPress("pgdown"), keyPress("pgdown"), keyPress("j"))
		})
	})
	t.Run("search", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, tab)
			loadHistory(a, payments(300), 300)
			send(a, keyPress("/"), keyPress("rent 3"))
		})
	})
	t.Run("loading_more", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, tab)
			loadHistory(a, payments(100), 5000)
			send(a, keyPress("G"))
		})
	})
	t.Run("detail", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			p := fixture[model.Payment](t, "payment_send_bolt11_failed")
			h := fixture[model.PaymentHistory](t, "history_send_failed")
			l := fixture[model.Page[model.LedgerEvent]](t, "ledger_failed_send")
			send(a, walletsLoaded(t), tab, pageOf([]model.Payment{p}, 1), keyPress("enter"),
				detailMsg{id: p.ID, events: h.Events, ledger: l.Items})
		})
	})
}

func TestChromeView(t *testing.T) {
	t.Run("help", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) { send(a, walletsLoaded(t), keyPress("2"), keyPress("?")) })
	})
	t.Run("too_small", func(t *testing.T) {
		a, _ := testApp(t, 59, 15)
		golden.RequireEqual(t, a.View())
	})
}

// monthOfLedger is a wallet's month: takings most days, a few payouts.
func monthOfLedger() []model.LedgerEvent {
	var out []model.LedgerEvent
	for d := range 30 {
		at := t0.AddDate(0, 0, -d).Add(-time.Hour)
		amt := model.Sats(int64(2000 + (d*3571)%9000))
		typ := model.LedgerCredited
		if d%6 == 0 {
			typ, amt = model.LedgerCaptured, amt*3
		}
		out = append(out, model.LedgerEvent{Type: typ, AmountMsats: &amt, EffectiveTime: at})
	}
	return out
}

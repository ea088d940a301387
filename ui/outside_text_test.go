package ui

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// hostile is text a payee, a wallet's owner or a server could write to
// forge the screen: clear it, move the cursor up and rewrite an amount,
// set the clipboard (OSC 52), retitle the window, fake a row, reverse the
// reading order, hide characters.
var hostile = []string{
	"\x1b[2J\x1b[H",
	"\x1b[1A\x1b[2K\rSend 500 sats",
	"\x1b]52;c;cm0gLXJmIH4K\a",
	"\x1b]2;pwned\x1b\\",
	"\nFake row   +1,000,000 sats   ✓ completed",
	"\u202e00005\u202c\u200b\ufeff",
	"\u009b2J\u009d0;t\u009c",
	"\x1bP+q\x1b\\\x1b_apc\x1b\\\x00\x07\x7f\t",
}

// hostileBackend answers every read with the simulator's fixtures, with h
// written into every string the API sends (taint) or only into the text
// people write (memos, names, metadata, error sentences).
type hostileBackend struct {
	quietBackend // wallet management, which these tests do not reach
	t            testing.TB
	h            string
	everywhere   bool
	sends        []model.SendRecord
	observed     []model.Payment
}

func (b *hostileBackend) taint(v any) {
	b.t.Helper()
	if b.everywhere {
		taint(reflect.ValueOf(v).Elem(), b.h)
	}
}

// taint appends h to every exported string reachable from v.
func taint(v reflect.Value, h string) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(v.String() + h)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			taint(v.Elem(), h)
		}
	case reflect.Interface:
		if !v.IsNil() {
			e := reflect.New(v.Elem().Type()).Elem()
			e.Set(v.Elem())
			taint(e, h)
			v.Set(e)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				taint(v.Field(i), h)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			taint(v.Index(i), h)
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		out := reflect.MakeMap(v.Type())
		for it := v.MapRange(); it.Next(); {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			k.Set(it.Key())
			e.Set(it.Value())
			taint(k, h)
			taint(e, h)
			out.SetMapIndex(k, e)
		}
		v.Set(out)
	}
}

func (b *hostileBackend) ListWallets(context.Context) ([]model.Wallet, error) {
	ws := fixture[[]model.Wallet](b.t, "wallets_list")
	for i := range ws {
		ws[i].Name += b.h
		ws[i].Metadata = map[string]string{"note" + b.h: b.h}
		ws[i].Error = &model.WalletEventError{Type: "hold_failed" + b.h, Detail: b.h}
	}
	if b.everywhere {
		ws = append(ws, ws[0])
		b.taint(&ws[len(ws)-1]) // one wallet tainted through and through; the others stay usable
	}
	return ws, nil
}

func (b *hostileBackend) LinesOfCredit(context.Context) ([]model.LineOfCredit, error) {
	ls := fixture[[]model.LineOfCredit](b.t, "lines_of_credit")
	ls[0].Status = model.CollateralStatus{Kind: "secured" + b.h, Value: b.h}
	b.taint(&ls)
	return ls, nil
}

func (b *hostileBackend) payments() []model.Payment {
	page := fixture[model.Page[model.Payment]](b.t, "payments_page")
	ps := page.Items
	for i := range ps {
		ps[i].Metadata = map[string]string{"order" + b.h: b.h}
		ps[i].Error = &model.PaymentError{Type: "send_failed" + b.h, Code: b.h, Detail: b.h}
		ps[i].Bip21URI = "bitcoin:tb1q" + b.h
		switch d := ps[i].Data.(type) {
		case model.ReceiveBolt11Data:
			d.Memo += model.NullString(b.h)
			ps[i].Data = d
		case model.SendBolt11Data:
			d.Memo += model.NullString(b.h)
			ps[i].Data = d
		case model.ReceiveOnchainData:
			d.Label += model.NullString(b.h)
			ps[i].Data = d
		}
	}
	b.taint(&ps)
	return ps
}

func (b *hostileBackend) ListPayments(context.Context, model.PaymentFilter) (model.Page[model.Payment], error) {
	ps := b.payments()
	return model.Page[model.Payment]{Items: ps, Limit: pageSize, Total: len(ps)}, nil
}

// GetPayment answers for a receive just created (receiving, with a real
// invoice), for a send (completed), or with a failure whose text is h.
func (b *hostileBackend) GetPayment(_ context.Context, id string) (model.Payment, error) {
	for _, r := range b.sends {
		if r.ID == id {
			fee := model.MilliSats(1000)
			p := model.Payment{ID: id, WalletID: r.WalletID, Direction: model.Send, Kind: model.Bolt11, Status: model.StatusCompleted,
				CreatedAt: t0, UpdatedAt: t0, Data: model.SendBolt11Data{AmountMsats: r.Amount, FeeMsats: &fee, Memo: model.NullString(b.h),
					Outflows: model.Legs{{Type: "lightning", Preimage: "ab" + b.h}}}}
			b.taint(&p)
			return p, nil
		}
	}
	p := model.Payment{ID: id, WalletID: "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10", Direction: model.Receive, Kind: model.Bolt11,
		Status: model.StatusReceiving, CreatedAt: t0, UpdatedAt: t0, Metadata: map[string]string{b.h: b.h},
		Data: model.ReceiveBolt11Data{PaymentRequest: model.NullString(signetInvoice(b.t, 2_500_000, "x")), AmountMsats: 2_500_000,
			Memo: model.NullString(b.h)}}
	b.taint(&p)
	return p, nil
}

func (b *hostileBackend) PaymentHistory(context.Context, string) (model.PaymentHistory, error) {
	h := fixture[model.PaymentHistory](b.t, "history_send_failed")
	for i := range h.Events {
		h.Events[i].EventType += b.h
		h.Events[i].Error = model.NullString(b.h)
	}
	b.taint(&h)
	return h, nil
}

func (b *hostileBackend) WalletLedger(context.Context, string, model.LedgerFilter) (model.Page[model.LedgerEvent], error) {
	l := fixture[model.Page[model.LedgerEvent]](b.t, "ledger_page")
	b.taint(&l)
	return l, nil
}

func (b *hostileBackend) CreateReceive(context.Context, model.ReceiveRequest) error { return nil }

func (b *hostileBackend) Send(_ context.Context, r model.SendRecord) (model.SendRecord, error) {
	r.State, r.CreatedAt, r.Attempts, r.Problem = model.SendAccepted, t0, 1, b.h
	b.sends = append(b.sends, r)
	return r, nil
}

func (b *hostileBackend) Resend(context.Context, string) (model.SendRecord, error) {
	return model.SendRecord{}, failure{port.Failure{Sentence: b.h}}
}

func (b *hostileBackend) UnfinishedSends() ([]model.SendRecord, error) {
	rec := model.SendRecord{ID: "d6e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f", WalletID: "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10",
		Amount: 40_000, Payee: b.h, Memo: b.h, Problem: b.h, State: model.SendRecorded, CreatedAt: t0}
	b.taint(&rec)
	return []model.SendRecord{rec}, failure{port.Failure{Sentence: "damaged " + b.h}}
}

func (b *hostileBackend) ObserveSend(_ string, p model.Payment) (model.SendRecord, error) {
	b.observed = append(b.observed, p)
	return model.SendRecord{ID: p.ID}, nil
}

func (b *hostileBackend) Classify(err error) port.Failure {
	return quietBackend{}.Classify(err)
}

// assertFrame fails unless frame is exactly the window: width × height
// cells, with nothing a terminal would act on or hide. Under the plain
// renderer the dashboard itself writes no escape sequence, so any byte of
// one came from outside.
func assertFrame(t *testing.T, where, frame string, width, height int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != height {
		t.Errorf("%s: %d lines for a window %d high:\n%s", where, len(lines), height, frame)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("%s: line %d is %d cells wide in a window of %d: %q", where, i, w, width, l)
		}
		for _, r := range l {
			if r < 0x20 || (r >= 0x7f && r <= 0x9f) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
				t.Fatalf("%s: %U reached the terminal in line %d: %q", where, r, i, l)
			}
		}
	}
}

// settle runs cmds, feeds their messages to the app and runs what those
// lead to, up to a bound: every fetch and answer a key press sets off,
// without the clock (a command asleep on it is left asleep).
func settle(a *App, cmds ...tea.Cmd) {
	for steps := 0; len(cmds) > 0 && steps < 500; steps++ {
		cmd := cmds[0]
		cmds = cmds[1:]
		if cmd == nil {
			continue
		}
		switch msg := unlessAsleep(a, cmd).(type) {
		case nil:
		case tea.BatchMsg:
			cmds = append(cmds, msg...)
		default:
			_, next := a.Update(msg)
			cmds = append(cmds, next)
		}
	}
}

// press sends keys and settles what each sets off.
func press(a *App, keys ...tea.Msg) {
	for _, k := range keys {
		_, cmd := a.Update(k)
		settle(a, cmd)
	}
}

// visitEveryScreen loads the dashboard through its own backend the way
// its commands do, then draws every screen and state that shows outside
// text, checking each frame.
func visitEveryScreen(t *testing.T, b *hostileBackend, width, height int) *App {
	a, _ := testApp(t, width, height)
	a.s.cfg.Backend = forDisplay(b) // what New does with the real one
	be := a.s.cfg.Backend
	check := func(where, shows string) {
		t.Helper()
		frame := a.View()
		assertFrame(t, where, frame, width, height)
		if !strings.Contains(frame, shows) {
			t.Fatalf("%s: the screen does not show %q:\n%s", where, shows, frame)
		}
	}
	settle(a, fetchWallets(be, true), fetchPage(be, a.history.filter(), 0, nextPage{}, a.history.seq, true), loadUnfinished(be))
	check("wallets", "Credit")
	press(a, keyPress("2"))
	check("history", "Memo")
	press(a, keyPress("enter"))
	check("payment detail", "Status")
	press(a, keyPress("esc"), keyPress("3"), keyPress("2500"),
		keyPress("down"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("for you" + b.h), Paste: true})
	check("receive form", "Description")
	press(a, keyPress("enter"))
	for id := range a.watcher.watches {
		settle(a, fetchPayment(be, id))
	}
	check("receive, waiting for the payer", "Lightning invoice")
	press(a, keyPress("4"))
	check("send, following the journal's sends", "Payment")
	press(a, keyPress("n"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(signetInvoice(t, 500_000_000, strings.ToValidUTF8(cutBytes(b.h, 300), ""))), Paste: true})
	check("send, decoded", "Lightning invoice · Signet")
	press(a, keyPress("enter"))
	check("send, confirmation", "Confirm the payment")
	press(a, keyPress("y"))
	for id := range a.watcher.watches {
		settle(a, fetchPayment(be, id))
	}
	check("send, completed", map[bool]string{false: "✓ Sent", true: "Payment ·"}[b.everywhere])
	press(a, keyPress("?"))
	check("help", "Keys")
	press(a, keyPress("?"))
	return a
}

func cutBytes(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// TestOutsideTextIsCleanedOnEveryScreen: whatever others write into the
// fields of the API's answers, every frame is the dashboard's own layout.
func TestOutsideTextIsCleanedOnEveryScreen(t *testing.T) {
	for _, h := range hostile {
		for _, everywhere := range []bool{false, true} {
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				visitEveryScreen(t, &hostileBackend{t: t, h: h, everywhere: everywhere}, size[0], size[1])
			}
		}
	}
}

// TestTheConfirmationShowsTheInvoicesAmount: an invoice whose description
// moves the cursor up to rewrite the amount line still confirms its own
// amount, on a line of its own, with the description last and cut short.
func TestTheConfirmationShowsTheInvoicesAmount(t *testing.T) {
	a, _ := testApp(t, 100, 30)
	send(a, walletsLoaded(t))
	forged := "Coffee\x1b[3A\r\x1b[2KAmount      500 sats\x1b[3B" + strings.Repeat(" and more", 30)
	paste(a, signetInvoice(t, 500_000_000, forged))
	press(a, keyPress("enter"))
	screen := a.View()
	assertFrame(t, "confirmation", screen, 100, 30)
	lines := strings.Split(screen, "\n")
	var amount, description int
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "Amount "):
			amount = i
			if strings.TrimSpace(strings.TrimPrefix(l, "Amount")) != "500,000 sats" {
				t.Errorf("the amount line reads %q", l)
			}
		case strings.HasPrefix(l, "Description "):
			description = i
			if !strings.Contains(l, "Coffee␛⏎␛Amount      500 sats␛") || !strings.Contains(l, "…") || ansi.StringWidth(l) > 100 {
				t.Errorf("the description line reads %q", l)
			}
		case strings.Contains(l, "500 sats") && i != description:
			t.Errorf("line %d, not the description's, says 500 sats: %q", i, l)
		}
	}
	if amount == 0 || description <= amount {
		t.Errorf("amount on line %d, description on line %d:\n%s", amount, description, screen)
	}
	for _, l := range lines[description+1:] {
		if strings.TrimSpace(l) != "" && !strings.Contains(l, "y send") && !strings.Contains(l, "every send") &&
			!strings.Contains(l, "send it") {
			t.Errorf("after the description comes %q", l)
		}
	}
}

// TestTheDetailSaysWhenTextWasCleaned: a payment whose text had to be
// cleaned says so where it is shown whole.
func TestTheDetailSaysWhenTextWasCleaned(t *testing.T) {
	b := &hostileBackend{t: t, h: "\x1b]52;c;eA==\a"}
	a := visitEveryScreen(t, b, 120, 40)
	press(a, keyPress("2"), keyPress("enter"))
	if !strings.Contains(a.View(), "cleaned for display") {
		t.Errorf("the detail does not say its text was cleaned:\n%s", a.View())
	}
	clean, _ := testApp(t, 120, 40)
	clean.s.cfg.Backend = forDisplay(&hostileBackend{t: t})
	settle(clean, fetchPage(clean.s.cfg.Backend, clean.history.filter(), 0, nextPage{}, 0, true))
	press(clean, keyPress("2"), keyPress("enter"))
	if strings.Contains(clean.View(), "cleaned for display") {
		t.Error("a payment with nothing to clean is said to have been cleaned")
	}
	if len(b.observed) == 0 {
		t.Fatal("the completed send was not observed")
	}
}

// FuzzEveryScreenShowsOnlyItsLayout drives every screen with random text
// in every field the API answers with, under the colour-free renderer.
func FuzzEveryScreenShowsOnlyItsLayout(f *testing.F) {
	for _, h := range hostile {
		f.Add(h, false)
	}
	f.Add("plain", true)
	f.Fuzz(func(t *testing.T, h string, everywhere bool) {
		visitEveryScreen(t, &hostileBackend{t: t, h: h, everywhere: everywhere}, 80, 24)
	})
}

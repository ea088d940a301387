package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/qr"
)

// receiving puts the Receive screen on a payment, as created and polled.
func receiving(a *App, p model.Payment) {
	amt := model.MilliSats(0)
	if p.RequestedAmount != nil {
		amt = p.RequestedAmount.MilliSats()
	}
	req := model.ReceiveRequest{ID: p.ID, WalletID: p.WalletID, Kind: p.Kind, Amount: amt}
	send(a, keyPress("3"), receiveCreatedMsg{req: req}, paymentMsg{id: p.ID, payment: p})
}

func receive(kind model.Kind, status model.Status, text string, amount model.MilliSats, memo string) model.Payment {
	p := model.Payment{ID: "7b1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9", WalletID: "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10",
		Direction: model.Receive, Kind: kind, Status: status, CreatedAt: t0, UpdatedAt: t0}
	if amount > 0 {
		p.RequestedAmount = &model.Amount{Amount: int64(amount), Currency: model.BTC}
	}
	switch kind {
	case model.Onchain:
		p.Data = model.ReceiveOnchainData{Address: model.NullString(text), AmountSats: amount.WholeSats(), Label: model.NullString(memo)}
	default:
		p.Data = model.ReceiveBolt11Data{PaymentRequest: model.NullString(text), AmountMsats: amount, Memo: model.NullString(memo)}
	}
	return p
}

func TestReceiveView(t *testing.T) {
	inv := signetInvoice(t, 2_500_000, "Flat white x2")
	t.Run("form", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) { send(a, walletsLoaded(t), keyPress("3")) })
	})
	t.Run("form_errors", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t), keyPress("3")) // the cursor starts at the amount
			send(a, keyPress("1.0001"), keyPress("down"), keyPress("   "), keyPress("enter"))
		})
	})
	t.Run("generating", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t))
			receiving(a, receive(model.Bolt11, model.StatusGenerating, "", 2_500_000, "Flat white x2"))
		})
	})
	t.Run("receiving", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t))
			receiving(a, receive(model.Bolt11, model.StatusReceiving, inv, 2_500_000, "Flat white x2"))
			send(a, tickMsg(t0.Add(75*time.Second)))
		})
	})
	t.Run("paid", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t))
			receiving(a, receive(model.Bolt11, model.StatusReceiving, inv, 2_500_000, "Flat white x2"))
			send(a, paymentMsg{id: "7b1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9", payment: receive(model.Bolt11, model.StatusCompleted, inv, 2_500_000, "Flat white x2")})
			send(a, walletsLoaded(t)) // the refresh after the payment
		})
	})
	t.Run("expired", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t))
			receiving(a, receive(model.Bolt11, model.StatusReceiving, inv, 0, ""))
			send(a, paymentMsg{id: "7b1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9", payment: receive(model.Bolt11, model.StatusExpired, inv, 0, "")})
		})
	})
}

func TestReceiveRefusesBadInputAtTheField(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	send(a, walletsLoaded(t), keyPress("3"))
	amount := func(text string) []tea.Cmd {
		a.screens[2].(*receiveScreen).amount.input.SetValue(text)
		return send(a, keyPress("enter"))
	}
	for _, tt := range []struct{ text, want string }{
		{"abc", `not a number: "abc"`},
		{"-5", "amount cannot be negative"},
		{"0", "amount must be more than zero"},
		{"1.0001", "too many decimals: the smallest amount is 1 msat (0.001 sat)"},
		{"1,50", `misplaced thousands separator: "1,50"`},
		{"99999999999 btc", "amount is more than 21,000,000 BTC"},
		{"5 dollars", `unknown unit in "5 dollars": use sats, msats, btc or k (thousand sats)`},
	} {
		if cmds := amount(tt.text); cmds[0] != nil {
			t.Errorf("%q: a request was made", tt.text)
		}
		if !strings.Contains(a.View(), "✗ "+tt.want) {
			t.Errorf("%q: %q not shown at the field", tt.text, tt.want)
		}
	}
	r := a.screens[2].(*receiveScreen)
	r.kind.choice = 1 // on-chain
	if amount("1.5"); !strings.Contains(a.View(), "✗ on-chain amounts are whole sats") {
		t.Error("fractional on-chain amount accepted")
	}
	r.kind.choice = 0
	r.amount.input.SetValue("")
	r.memo.input.SetValue(strings.Repeat("☕", 300)) // 300 characters, 900 bytes
	if cmds := send(a, keyPress("enter")); cmds[0] != nil || !strings.Contains(a.View(), "✗ at most 600 bytes fit in an invoice") {
		t.Error("an overlong description was accepted")
	}
	r.memo.input.SetValue("Flat white x2")
	if cmds := send(a, keyPress("enter")); cmds[0] == nil {
		t.Error("a good form makes the request")
	}
}

// TestQRFromTheScreenScans decodes the code from what the screen shows, at
// the smallest terminal that shows it, and checks the size message one row
// smaller.
func TestQRFromTheScreenScans(t *testing.T) {
	long := strings.Repeat("A long description for a big order of beans and cups, ", 9)
	for _, tt := range []struct {
		name    string
		payment model.Payment
		payload string
	}{
		{"zero-amount invoice", receive(model.Bolt11, model.StatusReceiving, signetInvoice(t, 0, "Tip jar"), 0, "Tip jar"), ""},
		{"long description", receive(model.Bolt11, model.StatusReceiving, signetInvoice(t, 99_000, long), 99_000, long), ""},
		{"on-chain address", receive(model.Onchain, model.StatusReceiving, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", 0, ""), "TB1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KXPJZSX"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.payment.PayableText()
			payloads := qr.Payloads(text)
			code, _ := qr.Draw(payloads[len(payloads)-1], PlainStyles().QRLook())
			width := max(minWidth, code.Width)
			var fits *App
			height := minHeight
			for ; height < 200; height++ {
				a, _ := testApp(t, width, height)
				send(a, walletsLoaded(t))
				receiving(a, tt.payment)
				if strings.ContainsAny(a.View(), "▀▄█") {
					fits = a
					break
				}
			}
			if fits == nil {
				t.Fatal("no size shows the code")
			}
			got := scanQR(t, fits.View(), false) // plain styles: no colour, dark background
			want := tt.payload
			if want == "" {
				want = strings.ToUpper(text)
			}
			if strings.TrimPrefix(got, "LIGHTNING:") != want {
				t.Errorf("scanned %q, want %q", got, want)
			}
			smaller, _ := testApp(t, width, height-1)
			send(smaller, walletsLoaded(t))
			receiving(smaller, tt.payment)
			view := smaller.View()
			need := fmt.Sprintf("or %dx%d (now %dx%d)", width, height, width, height-1)
			flat := strings.Join(strings.Fields(strings.ReplaceAll(view, "×", "x")), " ")
			if strings.ContainsAny(view, "▀▄") || !strings.Contains(flat, need) {
				t.Errorf("one row smaller, want %q:\n%s", need, view)
			}
		})
	}
}

func TestReceiveRingsOnceAndShowsTheNewBalance(t *testing.T) {
	a, term := testApp(t, 120, 40)
	a.s.cfg.Notify.Bell = true
	send(a, walletsLoaded(t))
	inv := signetInvoice(t, 2_500_000, "x")
	receiving(a, receive(model.Bolt11, model.StatusReceiving, inv, 2_500_000, "x"))
	paid := receive(model.Bolt11, model.StatusCompleted, inv, 2_500_000, "x")
	for _, cmd := range send(a, paymentMsg{id: paid.ID, payment: paid}, paymentMsg{id: paid.ID, payment: paid}) {
		run(cmd)
	}
	if term.String() != "\a" {
		t.Errorf("terminal got %q, want one bell", term.String())
	}
	if v := a.View(); !strings.Contains(v, "updating the balance") {
		t.Error("the balance is not shown before it is refreshed")
	}
	send(a, walletsLoaded(t))
	if v := a.View(); !strings.Contains(v, "balance now 0 sats") {
		t.Errorf("new balance not shown:\n%s", v)
	}
}

// TestAnOnchainReceiveNeedsAnAmount: the form does not offer an
// any-amount address; the amount field says so and nothing is sent.
func TestAnOnchainReceiveNeedsAnAmount(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	send(a, walletsLoaded(t), keyPress("3"), keyPress("up"), tea.KeyMsg{Type: tea.KeyRight})
	r := a.screens[2].(*receiveScreen)
	if receiveKinds[r.kind.choice].kind != model.Onchain || !strings.Contains(a.View(), "required for an address") {
		t.Fatalf("not on an on-chain receive:\n%s", a.View())
	}
	if cmds := send(a, keyPress("enter")); cmds[0] != nil || !strings.Contains(a.View(), "an address needs an amount") {
		t.Errorf("an any-amount address was asked for:\n%s", a.View())
	}
}

func TestReceiveKeepsQuietWithTheBellOff(t *testing.T) {
	a, term := testApp(t, 120, 40) // Notify as the tests leave it: every nudge off
	send(a, walletsLoaded(t))
	inv := signetInvoice(t, 2_500_000, "x")
	receiving(a, receive(model.Bolt11, model.StatusReceiving, inv, 2_500_000, "x"))
	paid := receive(model.Bolt11, model.StatusCompleted, inv, 2_500_000, "x")
	for _, cmd := range send(a, paymentMsg{id: paid.ID, payment: paid}) {
		run(cmd)
	}
	if term.Len() != 0 || !strings.Contains(a.View(), "✓ Paid") {
		t.Fatalf("bell off: terminal got %q", term.String())
	}
}

func TestReceiveExpiryFromAPresetOrTyped(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	send(a, walletsLoaded(t), keyPress("3"))
	r := a.screens[2].(*receiveScreen)
	r.form.setFocus(4)
	send(a, tea.KeyMsg{Type: tea.KeyRight}, tea.KeyMsg{Type: tea.KeyRight})
	if got := r.expires.input.Value(); got != "30m" {
		t.Fatalf("→ twice from empty = %q, want 30m", got)
	}
	send(a, tea.KeyMsg{Type: tea.KeyLeft}, tea.KeyMsg{Type: tea.KeyLeft})
	if got := r.expires.input.Value(); got != "1d" {
		t.Fatalf("← twice from 30m = %q, want 1d (the presets wrap)", got)
	}
	req, ok := r.check()
	if !ok || req.Expiration == nil || *req.Expiration != 86400 {
		t.Fatalf("1d: ok %v, expiration %v", ok, req.Expiration)
	}
	r.expires.input.SetValue("25h")
	if _, ok := r.check(); ok || !strings.Contains(r.expires.err, "between 1 second and 24 hours") {
		t.Fatalf("25h: ok %v, %q", ok, r.expires.err)
	}
	r.expires.input.SetValue("")
	if req, ok := r.check(); !ok || req.Expiration != nil {
		t.Fatalf("empty: Voltage's default, nothing sent: %v", req.Expiration)
	}
}

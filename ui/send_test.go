package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
)

func sendScreenOf(a *App) *sendScreen { return a.screens[3].(*sendScreen) }

// paste puts text in the Pay field the way a terminal pastes it.
func paste(a *App, text string) {
	send(a, keyPress("4"), keyPress("enter"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text), Paste: true})
}

func sentRecord(t *testing.T, state model.SendState) model.SendRecord {
	req, err := model.NewBolt11Send(model.SendParams{ID: "c5e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f",
		WalletID: "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10", Invoice: signetInvoice(t, 2_500_000, "Flat white x2")})
	if err != nil {
		t.Fatal(err)
	}
	return model.SendRecord{ID: req.ID, WalletID: req.WalletID, Request: req, Amount: 2_500_000, MaxFee: 25_000,
		Payee: "02f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80", Memo: "Flat white x2",
		State: state, CreatedAt: t0, Attempts: 1}
}

func sentPayment(rec model.SendRecord, status model.Status) model.Payment {
	fee := model.MilliSats(1_012)
	p := model.Payment{ID: rec.ID, WalletID: rec.WalletID, Direction: model.Send, Kind: model.Bolt11, Status: status,
		CreatedAt: t0, UpdatedAt: t0.Add(2 * time.Second),
		Data: model.SendBolt11Data{PaymentRequest: model.NullString(rec.Request.Data.PaymentRequest), AmountMsats: rec.Amount,
			MaxFeeMsats: rec.MaxFee, FeeMsats: &fee, Outflows: model.Legs{{Type: "lightning", Preimage: "5c2e" + strings.Repeat("ab", 30)}}}}
	if status == model.StatusFailed {
		p.Error = &model.PaymentError{Type: "send_failed", Code: "no_route", Detail: "no route found within the fee limit"}
	}
	return p
}

func TestSendView(t *testing.T) {
	inv := signetInvoice(t, 2_500_000, "Flat white x2")
	t.Run("form", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) { send(a, walletsLoaded(t), keyPress("4")) })
	})
	t.Run("decoded", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t))
			paste(a, inv)
		})
	})
	t.Run("decoded_any_amount_with_warning", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t))
			paste(a, signetInvoice(t, 0, "Tip jar"))
			send(a, keyPress("tab"), keyPress("50000"))
		})
	})
	t.Run("confirm", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t))
			paste(a, inv)
			send(a, keyPress("enter"))
		})
	})
	t.Run("completed", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			rec := sentRecord(t, model.SendAccepted)
			send(a, walletsLoaded(t), keyPress("4"), sentMsg{rec: rec}, paymentMsg{id: rec.ID, payment: sentPayment(rec, model.StatusCompleted)})
		})
	})
	t.Run("failed", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			rec := sentRecord(t, model.SendAccepted)
			send(a, walletsLoaded(t), keyPress("4"), sentMsg{rec: rec}, paymentMsg{id: rec.ID, payment: sentPayment(rec, model.StatusFailed)})
		})
	})
	t.Run("unknown_outcome", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			rec := sentRecord(t, model.SendRecorded)
			send(a, walletsLoaded(t), keyPress("4"), sentMsg{rec: rec, err: failure{Failure{Sentence: "Voltage did not answer in time.", Unknown: true}}})
		})
	})
	t.Run("resumed_never_arrived", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			rec := sentRecord(t, model.SendRecorded)
			other := sentRecord(t, model.SendAccepted)
			other.ID, other.CreatedAt, other.Amount = "d6e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f", t0.Add(-time.Hour), 40_000
			send(a, walletsLoaded(t), keyPress("4"), unfinishedMsg{recs: []model.SendRecord{other, rec}})
			for range missesBeforeNotArrived {
				send(a, paymentMsg{id: rec.ID, err: failure{Failure{Sentence: "payment not found", NotFound: true}}})
			}
		})
	})
}

func TestSendNeedsConfirmationAndRefusesBadInput(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	send(a, walletsLoaded(t))
	paste(a, "lnbc1garbage")
	if cmds := send(a, keyPress("enter")); cmds[0] != nil || sendScreenOf(a).stage != stageEdit {
		t.Fatal("a bad invoice went to confirmation")
	}
	if !strings.Contains(a.View(), "✗ invoice is damaged") {
		t.Error("the invoice's problem is not shown at the field")
	}
	d := sendScreenOf(a)
	d.target.input.SetValue(signetInvoice(t, 2_500_000, "x"))
	d.recheck()
	if cmds := send(a, keyPress("enter")); cmds[0] != nil || d.stage != stageConfirm {
		t.Fatal("a good form should go to confirmation and send nothing yet")
	}
	if cmds := send(a, keyPress("esc")); cmds[0] != nil || d.stage != stageEdit {
		t.Fatal("esc goes back without sending")
	}
	send(a, keyPress("enter"))
	msgs := run(send(a, keyPress("y"))[0])
	if d.stage != stageSending || len(msgs) != 1 {
		t.Fatalf("y sends: stage %v, %v", d.stage, msgs)
	}
	// The backend refused: back to the form with the reason.
	refused := sentRecord(t, model.SendRefused)
	send(a, sentMsg{rec: refused, err: errors.New("the invoice is for another network")})
	if d.stage != stageEdit || !strings.Contains(d.problem, "refused") {
		t.Errorf("refusal: stage %v problem %q", d.stage, d.problem)
	}
}

func TestSendThatNeverArrivedIsResentOnlyWhenAsked(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	rec := sentRecord(t, model.SendRecorded)
	cmds := send(a, walletsLoaded(t), keyPress("4"), unfinishedMsg{recs: []model.SendRecord{rec}})
	if msgs := run(cmds[2]); len(msgs) != 1 || msgs[0].(watchMsg).id != rec.ID {
		t.Fatalf("a resumed send is watched: %v", msgs)
	}
	d := sendScreenOf(a)
	notFound := paymentMsg{id: rec.ID, err: failure{Failure{NotFound: true}}}
	for i := range missesBeforeNotArrived {
		if d.resendable() != nil {
			t.Fatalf("offered a resend after %d misses", i)
		}
		send(a, notFound)
	}
	if d.resendable() == nil || !strings.Contains(a.View(), "Press R to send it again") {
		t.Fatal("not offered a resend")
	}
	if cmds := send(a, keyPress("r")); a.active != 3 || d.resendable() == nil {
		t.Errorf("lower-case r is refresh, not resend (%v)", cmds)
	}
	msgs := run(send(a, keyPress("R"))[0])
	if len(msgs) != 1 {
		t.Fatalf("R resends: %v", msgs)
	}
	if sm, ok := msgs[0].(sentMsg); !ok || sm.err == nil { // the quiet backend sends nothing
		t.Errorf("resend went through the backend's Resend: %#v", msgs[0])
	}
	// Seen at last: the journal is told, and no resend is on offer.
	cmds = send(a, paymentMsg{id: rec.ID, payment: sentPayment(rec, model.StatusCompleted)})
	if msgs := run(cmds[0]); len(msgs) != 1 || msgs[0] != (observedMsg{}) {
		t.Errorf("observation: %v", msgs)
	}
	if d.resendable() != nil || !strings.Contains(a.View(), "✓ Sent") {
		t.Error("a completed send still offers a resend")
	}
}

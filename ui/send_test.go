package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

func sendScreenOf(a *App) *sendScreen { return a.screens[3].(*sendScreen) }

// paste puts text in the Pay field the way a terminal pastes it.
func paste(a *App, text string) {
	send(a, keyPress("4"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text), Paste: true})
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
			send(a, keyPress("down"), keyPress("50000"))
		})
	})
	t.Run("confirm", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t))
			paste(a, inv)
			send(a, keyPress("enter"))
			checked(a, model.StatusApproved, 5_000_000)
		})
	})
	t.Run("confirm_checking", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t))
			paste(a, inv)
			send(a, keyPress("enter"))
		})
	})
	t.Run("confirm_refused", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			send(a, walletsLoaded(t))
			paste(a, inv)
			send(a, keyPress("enter"))
			checked(a, model.StatusFailed, 0)
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
			send(a, walletsLoaded(t), keyPress("4"), sentMsg{rec: rec, err: failure{port.Failure{Sentence: "Voltage did not answer in time.", Unknown: true}}})
		})
	})
	t.Run("resumed_never_arrived", func(t *testing.T) {
		eachSize(t, func(t *testing.T, a *App) {
			rec := sentRecord(t, model.SendRecorded)
			other := sentRecord(t, model.SendAccepted)
			other.ID, other.CreatedAt, other.Amount = "d6e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f", t0.Add(-time.Hour), 40_000
			send(a, walletsLoaded(t), keyPress("4"), unfinishedMsg{recs: []model.SendRecord{other, rec}})
			for range missesBeforeNotArrived {
				send(a, paymentMsg{id: rec.ID, err: failure{port.Failure{Sentence: "payment not found", NotFound: true}}})
			}
		})
	})
}

// checked answers the review's policy check: the wallet's policies (a
// maximum payment size in sats, unless zero) and Voltage's verdict.
func checked(a *App, verdict model.Status, maxSats uint64) {
	d := sendScreenOf(a)
	c := d.review.check
	var p model.WalletPolicies
	if maxSats > 0 {
		p.Policies = []model.Policy{{Type: model.PolicyMaxPaymentSize, Data: model.PolicyData{MaxSizeSats: &maxSats}}}
	}
	read := model.Payment{ID: c.req.ID, Status: verdict}
	if verdict == model.StatusFailed {
		read.Error = &model.PaymentError{Type: "rejected", Code: "rejected", Detail: "more than the send volume limit allows"}
	}
	send(a, policiesMsg{walletID: d.review.wallet.ID, policies: p}, checkStartedMsg{id: c.req.ID}, checkReadMsg{id: c.req.ID, payment: read})
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
	if send(a, keyPress("enter")); d.stage != stageConfirm {
		t.Fatal("a good form should go to confirmation and send nothing yet")
	}
	if cmds := send(a, keyPress("y")); cmds[0] != nil || d.stage != stageConfirm {
		t.Fatal("y sent before Voltage's policy check said anything")
	}
	if cmds := send(a, keyPress("esc")); cmds[0] != nil || d.stage != stageEdit {
		t.Fatal("esc goes back without sending")
	}
	send(a, keyPress("enter"))
	checked(a, model.StatusFailed, 0)
	if cmds := send(a, keyPress("y")); cmds[0] != nil || d.stage != stageConfirm {
		t.Fatal("y sent what Voltage's policy check refused")
	}
	send(a, keyPress("esc"), keyPress("enter"))
	checked(a, model.StatusApproved, 0)
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
	notFound := paymentMsg{id: rec.ID, err: failure{port.Failure{NotFound: true}}}
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

// sendingBackend records what the Send screen sends, and answers as a
// test says.
type sendingBackend struct {
	quietBackend
	sent   []model.SendRecord
	answer func(model.SendRecord) (model.SendRecord, error)
}

func (b *sendingBackend) Send(_ context.Context, rec model.SendRecord) (model.SendRecord, error) {
	b.sent = append(b.sent, rec)
	if b.answer != nil {
		return b.answer(rec)
	}
	rec.State, rec.Attempts = model.SendAccepted, 1
	return rec, nil
}

func appWith(t *testing.T, b port.Backend) *App {
	a, _ := testApp(t, 120, 40)
	a.s.cfg.Backend = forDisplay(b)
	return a
}

func reversed[T any](s []T) []T {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

// TestTheConfirmedWalletIsTheOneThatPays: the wallet is chosen by id and
// fixed at confirmation. Neither a refresh that lists the wallets in
// another order, nor one that brings the Wallets screen's selection, nor a
// new selection during the review moves the money to another wallet.
func TestTheConfirmedWalletIsTheOneThatPays(t *testing.T) {
	b := &sendingBackend{}
	a := appWith(t, b)
	loaded := walletsLoaded(t)
	coffee, payouts, old := loaded.wallets[0].ID, loaded.wallets[1].ID, loaded.wallets[2].ID
	press(a, loaded, walletSelectedMsg{coffee}) // selected on the Wallets screen
	d := sendScreenOf(a)
	press(a, keyPress("4"), keyPress("up"), tea.KeyMsg{Type: tea.KeyRight})
	if d.wallet.selected() != payouts {
		t.Fatalf("→ chose %s, want Payouts", d.wallet.selected())
	}
	refresh := loaded
	refresh.wallets = reversed(loaded.wallets)
	press(a, refresh)
	if d.wallet.selected() != payouts || !strings.Contains(a.View(), "◂ Payouts") {
		t.Fatalf("a refresh moved the choice to %s", d.wallet.selected())
	}
	press(a, keyPress("down"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(signetInvoice(t, 2_500_000, "x")), Paste: true},
		keyPress("enter"))
	if d.stage != stageConfirm || !strings.Contains(a.View(), "Payouts · Mutinynet") {
		t.Fatalf("not confirming from Payouts:\n%s", a.View())
	}
	press(a, loaded, walletSelectedMsg{old}, refresh)
	if !strings.Contains(a.View(), "Payouts · Mutinynet") {
		t.Errorf("the confirmation changed:\n%s", a.View())
	}
	press(a, keyPress("y"))
	if len(b.sent) != 1 || b.sent[0].WalletID != payouts || b.sent[0].Request.WalletID != payouts {
		t.Fatalf("sent %+v, want one from Payouts", b.sent)
	}
	if b.sent[0].Request.Data.PaymentRequest == "" || b.sent[0].Amount != 2_500_000 || b.sent[0].Destination == "" {
		t.Errorf("the record is not the plan: %+v", b.sent[0])
	}
}

// TestPayingAgainNeedsASecondConfirmation: the journal refuses a send to
// an invoice it already holds; the screen names the earlier payment and
// only a second y pays again.
func TestPayingAgainNeedsASecondConfirmation(t *testing.T) {
	earlier := sentRecord(t, model.SendFinal)
	earlier.Status = model.StatusCompleted
	b := &sendingBackend{}
	b.answer = func(rec model.SendRecord) (model.SendRecord, error) {
		if !rec.Again {
			return rec, failure{port.Failure{Sentence: "already sent", Repeat: &model.DuplicateSendError{Earlier: earlier}}}
		}
		rec.State = model.SendAccepted
		return rec, nil
	}
	a := appWith(t, b)
	press(a, walletsLoaded(t))
	paste(a, signetInvoice(t, 2_500_000, "x"))
	press(a, keyPress("enter"), keyPress("y"))
	d := sendScreenOf(a)
	screen := a.View()
	if d.stage != stageConfirm || !strings.Contains(screen, "Paid before") || !strings.Contains(screen, earlier.ID) ||
		!strings.Contains(screen, "completed") || !strings.Contains(screen, "y pay a second time") {
		t.Fatalf("the repeat is not explained:\n%s", screen)
	}
	if press(a, keyPress("y")); len(b.sent) != 1 {
		t.Fatal("a y that came with the first one paid a second time before the warning could be read")
	}
	a.s.now = a.s.now.Add(repeatGuard)
	press(a, keyPress("y"))
	if len(b.sent) != 2 || b.sent[0].Again || !b.sent[1].Again || b.sent[0].ID != b.sent[1].ID || d.stage != stageTrack {
		t.Errorf("sends %+v, stage %v", b.sent, d.stage)
	}
	// esc on the warning sends nothing.
	b.sent = nil
	paste(a, signetInvoice(t, 2_500_000, "x"))
	press(a, keyPress("n"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(signetInvoice(t, 2_500_000, "x")), Paste: true},
		keyPress("enter"), keyPress("y"), keyPress("esc"))
	if len(b.sent) != 1 || d.stage != stageEdit {
		t.Errorf("esc on the warning: %d sends, stage %v", len(b.sent), d.stage)
	}
}

// TestASendTheJournalCannotRecordIsNotSent: the screen says the journal
// failed and that nothing went out; it does not wait for a status.
func TestASendTheJournalCannotRecordIsNotSent(t *testing.T) {
	b := &sendingBackend{answer: func(rec model.SendRecord) (model.SendRecord, error) {
		return rec, failure{port.Failure{Sentence: "The send journal could not be written, so nothing was sent: no space left on device.", NotSent: true}}
	}}
	a := appWith(t, b)
	press(a, walletsLoaded(t))
	paste(a, signetInvoice(t, 2_500_000, "x"))
	press(a, keyPress("enter"), keyPress("y"))
	d := sendScreenOf(a)
	if d.stage != stageEdit || len(d.tracked) != 0 || len(a.watcher.watches) != 0 ||
		!strings.Contains(a.View(), "Not sent: The send journal could not be written") || strings.Contains(a.View(), "waiting") {
		t.Errorf("stage %v, %d tracked, %d watched:\n%s", d.stage, len(d.tracked), len(a.watcher.watches), a.View())
	}
}

// TestACompletedSendUnlikeItsPlanIsFlagged: a payment reported completed
// for another amount, or with a fee above the cap, is not shown as sent.
func TestACompletedSendUnlikeItsPlanIsFlagged(t *testing.T) {
	for name, change := range map[string]func(*model.SendBolt11Data){
		"amount": func(d *model.SendBolt11Data) { d.AmountMsats *= 200 },
		"fee":    func(d *model.SendBolt11Data) { fee := d.MaxFeeMsats + 1; d.FeeMsats = &fee },
	} {
		t.Run(name, func(t *testing.T) {
			a, _ := testApp(t, 120, 40)
			rec := sentRecord(t, model.SendAccepted)
			p := sentPayment(rec, model.StatusCompleted)
			data := p.Data.(model.SendBolt11Data)
			change(&data)
			p.Data = data
			send(a, walletsLoaded(t), keyPress("4"), sentMsg{rec: rec}, paymentMsg{id: rec.ID, payment: p})
			screen := a.View()
			if strings.Contains(screen, "✓ Sent") || !strings.Contains(screen, "Completed, but not as confirmed") {
				t.Errorf("not flagged:\n%s", screen)
			}
			for _, want := range map[string][]string{"amount": {"500,000 sats sent", "2,500 sats was confirmed"},
				"fee": {"fee of 25.001 sats", "cap of 25 sats"}}[name] {
				if !strings.Contains(screen, want) {
					t.Errorf("does not say %q:\n%s", want, screen)
				}
			}
		})
	}
}

// TestSendTakesAnInvoicePastedOverLines: a terminal pastes a wrapped
// invoice with its line breaks (and a cut one with spaces); the Pay field
// keeps the invoice whole and plans it.
func TestSendTakesAnInvoicePastedOverLines(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	send(a, walletsLoaded(t))
	inv := signetInvoice(t, 2_500_000, "Flat white x2")
	paste(a, inv[:50]+"\n"+inv[50:100]+" \r\n "+inv[100:])
	d := sendScreenOf(a)
	if got := d.target.input.Value(); got != inv {
		t.Errorf("the field holds %q", got)
	}
	if d.target.err != "" || !d.planOK || d.plan.Amount != 2_500_000 {
		t.Errorf("planned %+v, error %q", d.plan, d.target.err)
	}
}

// TestAPolicyThatCertainlyRefusesIsShownBeforeY: over the wallet's
// maximum payment size, the confirmation says so beside Voltage's
// verdict and offers no y; back in the form the amount says so, through
// every tick, and enter goes no further.
func TestAPolicyThatCertainlyRefusesIsShownBeforeY(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	send(a, walletsLoaded(t))
	paste(a, signetInvoice(t, 2_500_000, "Flat white x2"))
	send(a, keyPress("enter"))
	checked(a, model.StatusFailed, 1_000)
	d := sendScreenOf(a)
	if v := a.View(); !strings.Contains(v, "✗ the wallet's policy allows at most 1,000 sats a payment · Voltage's check: refused too") ||
		strings.Contains(v, "y send ·") {
		t.Fatalf("the confirmation:\n%s", v)
	}
	if cmds := send(a, keyPress("y")); cmds[0] != nil || d.stage != stageConfirm {
		t.Fatal("y sent what the policy refuses")
	}
	send(a, keyPress("esc"), tickMsg(t0.Add(time.Second)), tickMsg(t0.Add(2*time.Second)))
	if d.amount.err != "the wallet's policy allows at most 1,000 sats a payment" {
		t.Errorf("the amount field reads %q", d.amount.err)
	}
	send(a, keyPress("enter")) // reviewed with the policies read afresh: they may have changed
	checked(a, model.StatusFailed, 1_000)
	if v := a.View(); !strings.Contains(v, "✗ the wallet's policy allows at most 1,000 sats") || strings.Contains(v, "y send ·") {
		t.Errorf("the second review:\n%s", v)
	}
}

// TestAResumedPayLinkSendShowsItsSuccessAction: a Lightning Address send
// followed after a restart shows what the payee's service asked to show,
// from the journal, once it completes.
func TestAResumedPayLinkSendShowsItsSuccessAction(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	rec := sentRecord(t, model.SendAccepted)
	rec.PayTo = "luna@bakery.example"
	rec.Success = &model.SuccessAction{Tag: model.ActionMessage, Message: "Thanks for the croissants \x1b]0;pwned\a"}
	send(a, walletsLoaded(t), keyPress("4"), unfinishedMsg{recs: []model.SendRecord{rec}})
	send(a, paymentMsg{id: rec.ID, payment: sentPayment(rec, model.StatusCompleted)})
	v := a.View()
	if !strings.Contains(v, "✓ Sent") || !strings.Contains(v, "Thanks for the croissants") || strings.Contains(v, "\x1b]0;") {
		t.Errorf("the resumed send does not show its success message, cleaned:\n%s", v)
	}
}

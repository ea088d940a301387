package cli

import (
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// hostile is text others write to forge a terminal: clear it, rewrite a
// line, set the clipboard, retitle the window, fake a row, reverse or hide
// characters.
var hostile = []string{
	"\x1b[2J\x1b[H",
	"\x1b[1A\x1b[2K\rPay        500 sats",
	"\x1b]52;c;cm0gLXJmIH4K\a",
	"\x1b]2;pwned\x1b\\",
	"\nfake row  +1,000,000",
	"\u202e00005\u202c\u200b\ufeff",
	"\u009b2J\u009d0;t\u009c\xff",
}

// assertText fails when s holds anything a terminal would act on or hide;
// newlines are the commands' own.
func assertText(t *testing.T, what, s string) {
	t.Helper()
	for _, r := range s {
		if r == '\n' {
			continue
		}
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			t.Fatalf("%s: %U reached the terminal:\n%q", what, r, s)
		}
	}
}

// hostileAccount is an account whose every outside text carries h.
func hostileAccount(t testing.TB, h string) *fakeBackend {
	b := &fakeBackend{wallets: wallets("Till"+h, "Payouts")}
	b.wallets[0].Error = &model.WalletEventError{Type: "hold_failed" + h}
	fee := model.MilliSats(2000)
	for i, status := range []model.Status{model.StatusCompleted, model.StatusFailed, model.Status("weird" + h)} {
		p := model.Payment{ID: []string{paymentID, "7d2f6e3b-0c9a-4f8e-b7d6-c5b4a3f2e1d0", "8e3a7f4c-1d0b-4a9f-8e7d-d6c5b4a3f2e1"}[i],
			WalletID: tillID, Direction: model.Send, Kind: model.Bolt11, Status: status, CreatedAt: t0, UpdatedAt: t0,
			Metadata: map[string]string{"k" + h: h},
			Data: model.SendBolt11Data{PaymentRequest: model.NullString("lntbs1" + h), AmountMsats: model.Sats(1000), Memo: model.NullString("memo" + h),
				FeeMsats: &fee, Outflows: model.Legs{{Type: "lightning", Preimage: "ab" + h}}}}
		if status == model.StatusFailed {
			p.Error = &model.PaymentError{Type: "send_failed" + h, Code: h, Detail: h}
		}
		b.payments = append(b.payments, p)
	}
	b.unfinished = []model.SendRecord{{ID: paymentID, WalletID: tillID, Amount: model.Sats(1000), Memo: h, Payee: h,
		State: model.SendAccepted, CreatedAt: t0}}
	return b
}

// commandsToCheck run every text command over a hostile account.
func commandsToCheck(t testing.TB, h string) map[string]result {
	b := hostileAccount(t, h)
	out := map[string]result{
		"wallets": runWith(b, "", "wallets"),
		"history": runWith(b, "", "history"),
		"status":  runWith(b, "", "status", paymentID),
		"failed":  runWith(b, "", "status", b.payments[1].ID),
		"resume":  runWith(b, "", "resume"),
		"csv":     runWith(b, "", "history", "--csv"),
	}
	b.send = func(rec model.SendRecord) (model.SendRecord, error) {
		rec.State, rec.CreatedAt = model.SendAccepted, t0
		return rec, nil
	}
	b.get = func(id string) (model.Payment, error) { return completed(b.sent[len(b.sent)-1], nil), nil }
	out["pay"] = runWith(b, "", "pay", "--wallet", "Payouts", "--yes", signetInvoice(t, model.Sats(500_000), strings.ToValidUTF8(h, "")))
	b.listErr = failure{port.Failure{Sentence: "Voltage says " + h}}
	out["error"] = runWith(b, "", "wallets")
	return out
}

// TestOutsideTextReachesNoTerminalRaw: every text command, over an
// account whose every outside text is hostile, writes only its own
// layout; JSON keeps the text exact.
func TestOutsideTextReachesNoTerminalRaw(t *testing.T) {
	for _, h := range hostile {
		for name, r := range commandsToCheck(t, h) {
			assertText(t, name+" stdout", r.stdout)
			assertText(t, name+" stderr", r.stderr)
		}
		b := hostileAccount(t, h)
		r := runWith(b, "", "history", "--json")
		var got []paymentJSON
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) != 3 || got[0].Memo != "memo"+strings.ToValidUTF8(h, "\uFFFD") {
			t.Errorf("JSON is not exact: %v %+v", err, got)
		}
		if rows := strings.Count(strings.TrimSpace(runWith(b, "", "history").stdout), "\n"); rows != 3 {
			t.Errorf("%q: the history table has %d rows under its head, want 3", h, rows)
		}
	}
}

// TestThePaySummaryShowsTheInvoicesAmount: a description that moves the
// cursor to rewrite the amount line cannot; the amount has its own line
// and the description comes last, cut short, right before the question.
func TestThePaySummaryShowsTheInvoicesAmount(t *testing.T) {
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	forged := "Coffee\x1b[4A\r\x1b[2KPay        500 sats\x1b[4B" + strings.Repeat(" and more", 20)
	r := runWith(b, "n\n", "pay", "--wallet", "Till", signetInvoice(t, model.Sats(500_000), forged))
	assertText(t, "summary", r.stderr)
	lines := strings.Split(r.stderr, "\n")
	if lines[0] != "Pay        500,000 sats" {
		t.Errorf("the amount line reads %q", lines[0])
	}
	var forLine string
	for i, l := range lines {
		if strings.HasPrefix(l, "For ") {
			forLine = l
			if !strings.HasPrefix(lines[i+1], "Pay? [y/N]") {
				t.Errorf("the description is not last: %q follows it", lines[i+1])
			}
		}
	}
	if !strings.Contains(forLine, "Coffee␛⏎␛Pay        500 sats␛") || !strings.HasSuffix(forLine, "…”") {
		t.Errorf("the description reads %q", forLine)
	}
	if r.code != ExitFailed || len(b.sent) != 0 {
		t.Errorf("declined: exit %d, %d sent", r.code, len(b.sent))
	}
}

// TestCSVCellsAreData: a memo, or metadata, that a spreadsheet would run
// as a formula is written as text.
func TestCSVCellsAreData(t *testing.T) {
	b := hostileAccount(t, "")
	formulas := []string{`=HYPERLINK("http://evil.example","click")`, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "plain"}
	b.payments = b.payments[:0]
	for i, f := range formulas {
		b.payments = append(b.payments, model.Payment{ID: model.NewID(), WalletID: tillID, Direction: model.Receive, Kind: model.Bolt11,
			Status: model.StatusCompleted, CreatedAt: t0, Data: model.ReceiveBolt11Data{AmountMsats: model.MilliSats(i + 1), Memo: model.NullString(f)},
			Metadata: map[string]string{f: "v"}})
	}
	r := runWith(b, "", "history", "--csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) != len(formulas)+1 {
		t.Fatalf("%v: %d rows\n%s", err, len(rows), r.stdout)
	}
	memoAt := slices.Index(rows[0], "memo")
	for i, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d: cell %q would run as a formula", i, cell)
			}
		}
	}
	if memo := rows[1][memoAt]; memo != `'=HYPERLINK("http://evil.example","click")` {
		t.Errorf("the formula reads %q", memo)
	}
	if memo, meta := rows[len(rows)-1][memoAt], rows[len(rows)-1][memoAt+1]; memo != "plain" || meta != "plain=v" {
		t.Errorf("plain text changed to %q, %q", memo, meta)
	}
}

// TestACompletedPaymentUnlikeItsPlanFailsTheCommand: reported completed
// for another amount, or with a fee above the cap: not "✓ Sent", exit 1,
// both numbers named.
func TestACompletedPaymentUnlikeItsPlanFailsTheCommand(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(*model.SendBolt11Data)
		says   []string
	}{
		{"amount", func(d *model.SendBolt11Data) { d.AmountMsats = model.Sats(500) },
			[]string{"Voltage reports 500 sats sent, but 500,000 sats was confirmed"}},
		{"fee", func(d *model.SendBolt11Data) { fee := model.Sats(6000); d.FeeMsats = &fee },
			[]string{"the fee of 6,000 sats is above the cap of 5,000 sats"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := &fakeBackend{wallets: wallets("Till", "Payouts")}
			b.get = func(string) (model.Payment, error) { return completed(b.sent[0], tt.change), nil }
			inv := signetInvoice(t, model.Sats(500_000), "order 7")
			for _, json := range []bool{false, true} {
				args := []string{"pay", "--wallet", "Till", "--yes", inv, "--again"}
				if json {
					args = append(args, "--json")
				}
				r := runWith(b, "", args...)
				if r.code != ExitFailed || strings.Contains(r.stdout, "✓ Sent") {
					t.Fatalf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
				}
				for _, s := range tt.says {
					if !strings.Contains(r.stdout, s) {
						t.Errorf("does not say %q:\n%s", s, r.stdout)
					}
				}
				b.sent = b.sent[:0]
			}
		})
	}
}

// TestPayExitsBySendOutcome: a send the journal cannot record exits 6 and
// offers no resend; a repeat of a paid invoice is refused (exit 2) naming
// the first payment, unless --again or a second yes at the terminal.
func TestPayExitsBySendOutcome(t *testing.T) {
	inv := signetInvoice(t, model.Sats(1000), "x")
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	b.send = func(rec model.SendRecord) (model.SendRecord, error) {
		return rec, failure{port.Failure{Sentence: "The send journal could not be written, so nothing was sent: no space left on device.", NotSent: true, Local: true}}
	}
	r := runWith(b, "", "pay", "--wallet", "Till", "--yes", inv)
	if r.code != ExitLocal || !strings.Contains(r.stderr, "could not be written") || strings.Contains(r.stderr, "resend") {
		t.Errorf("unjournaled: exit %d %s", r.code, r.stderr)
	}
	if r := runWith(b, "", "pay", "--wallet", "Till", "--yes", "--json", inv); r.code != ExitLocal || !strings.Contains(r.stdout, `"kind": "local"`) {
		t.Errorf("unjournaled --json: exit %d %s", r.code, r.stdout)
	}

	earlier := model.SendRecord{ID: paymentID, State: model.SendFinal, Status: model.StatusCompleted, CreatedAt: t0, Destination: "lightning:x"}
	b.send = func(rec model.SendRecord) (model.SendRecord, error) {
		if !rec.Again {
			dup := &model.DuplicateSendError{Earlier: earlier}
			return rec, failure{port.Failure{Sentence: dup.Error(), Repeat: dup}}
		}
		rec.State, rec.CreatedAt = model.SendAccepted, t0
		return rec, nil
	}
	b.get = func(string) (model.Payment, error) { return completed(b.sent[len(b.sent)-1], nil), nil }
	b.sent = nil
	r = runWith(b, "", "pay", "--wallet", "Till", "--yes", inv)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "already sent as payment "+paymentID+" (completed") ||
		!strings.Contains(r.stderr, "--again") || len(b.sent) != 1 {
		t.Errorf("a repeat with --yes: exit %d, %d sends: %s", r.code, len(b.sent), r.stderr)
	}
	b.sent = nil
	if r := runWith(b, "y\nn\n", "pay", "--wallet", "Till", inv); r.code != ExitUsage || !strings.Contains(r.stderr, "Pay a second time? [y/N]") || len(b.sent) != 1 {
		t.Errorf("a repeat declined at the terminal: exit %d, %d sends: %s", r.code, len(b.sent), r.stderr)
	}
	b.sent = nil
	if r := runWith(b, "y\ny\n", "pay", "--wallet", "Till", inv); r.code != ExitOK || len(b.sent) != 2 || !b.sent[1].Again {
		t.Errorf("a repeat confirmed at the terminal: exit %d, %+v: %s", r.code, b.sent, r.stderr)
	}
	b.sent = nil
	if r := runWith(b, "", "pay", "--wallet", "Till", "--yes", "--again", inv); r.code != ExitOK || len(b.sent) != 1 || !b.sent[0].Again {
		t.Errorf("--again: exit %d, %+v: %s", r.code, b.sent, r.stderr)
	}
}

// TestKeysAreNeverEchoed: a key pasted into the wrong flag is not written
// back, in text or JSON.
func TestKeysAreNeverEchoed(t *testing.T) {
	const key = "vltg_PastedByMistake0123456789"
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	for _, args := range [][]string{{"pay", "--resend", key}, {"wallets", "--wallet", key}, {"history", "--wallet", key},
		{"invoice", "--wallet", key}, {"invoice", "--wallet", "Till", "--amount", key}, {"history", "--status", key},
		{"history", "--limit", key}, {key}, {"status", key}, {"pay", "--wallet", "Till", "--yes", key}} {
		for _, json := range []bool{false, true} {
			if json {
				args = append(args, "--json")
			}
			r := runWith(b, "", args...)
			if r.code == ExitOK || strings.Contains(r.stdout+r.stderr, key) || strings.Contains(r.stdout+r.stderr, "PastedByMistake") {
				t.Errorf("%v: exit %d, echoed:\n%s%s", args, r.code, r.stdout, r.stderr)
			}
		}
	}
}

// TestADamagedJournalIsNamedAndTheRestWorks: resume follows what it can
// read, names what it cannot, and exits 6.
func TestADamagedJournalIsNamedAndTheRestWorks(t *testing.T) {
	b := hostileAccount(t, "")
	b.journalErr = failure{port.Failure{Sentence: "the send journal in /x has damaged records (8d2f.json: not a readable record)"}}
	r := runWith(b, "", "resume")
	if r.code != ExitLocal || !strings.Contains(r.stderr, "8d2f.json: not a readable record") || !strings.Contains(r.stdout, "✓ "+paymentID) {
		t.Errorf("resume: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runWith(b, "", "wallets"); r.code != ExitOK {
		t.Errorf("wallets with a damaged journal: exit %d %s", r.code, r.stderr)
	}
}

// FuzzCommandsWriteOnlyTheirLayout runs every text command over an
// account whose outside text is random.
func FuzzCommandsWriteOnlyTheirLayout(f *testing.F) {
	for _, h := range hostile {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		for name, r := range commandsToCheck(t, h) {
			assertText(t, name+" stdout", r.stdout)
			assertText(t, name+" stderr", r.stderr)
		}
	})
}

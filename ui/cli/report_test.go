package cli

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/voltdash/voltdash/model"
)

// reportZone is the local time zone of the report tests: five hours
// behind UTC, so that a local day is not a UTC day. The clock (t0) reads
// 07:00 on 20 November there.
var reportZone = time.FixedZone("UTC-5", -5*3600)

// inReportZone makes reportZone the local zone for the test.
func inReportZone(t *testing.T) {
	t.Helper()
	saved := time.Local
	time.Local = reportZone
	t.Cleanup(func() { time.Local = saved })
}

// rat is a time in November 2026 in reportZone.
func rat(day, hour, minute, second int) time.Time {
	return time.Date(2026, 11, day, hour, minute, second, 0, reportZone)
}

func rid(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

// rreceive and rsend are payments of the report's history.
func rreceive(n int, wallet string, st model.Status, amount model.MilliSats, created, updated time.Time) model.Payment {
	return model.Payment{ID: rid(n), WalletID: wallet, Direction: model.Receive, Kind: model.Bolt11, Status: st, Currency: model.BTC,
		CreatedAt: created, UpdatedAt: updated, Data: model.ReceiveBolt11Data{AmountMsats: amount}}
}

func rsend(n int, wallet string, st model.Status, amount, fee model.MilliSats, created, updated time.Time) model.Payment {
	d := model.SendBolt11Data{AmountMsats: amount, MaxFeeMsats: model.Sats(100)}
	if st == model.StatusCompleted {
		d.FeeMsats = &fee
	}
	return model.Payment{ID: rid(n), WalletID: wallet, Direction: model.Send, Kind: model.Bolt11, Status: st, Currency: model.BTC,
		CreatedAt: created, UpdatedAt: updated, Data: d}
}

func rfailed(p model.Payment, typ, code string) model.Payment {
	p.Status, p.Error = model.StatusFailed, &model.PaymentError{Type: typ, Code: code, Detail: "detail of " + p.ID}
	return p
}

// reportAccount is a fixed history around 14 to 19 November (local):
// Till's and Payouts' payments, some before and after the range, a policy
// check, failures (one with hostile text from the server), and both
// wallets' ledgers: Till's agrees with its 50,000 sats, Payouts' does not
// and captures a hold it never placed.
func reportAccount() *fakeBackend {
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	check := rsend(13, tillID, model.StatusApproved, model.Sats(700), 0, rat(16, 9, 0, 0), rat(16, 9, 0, 1))
	check.Metadata = map[string]string{model.PolicyCheckKey: "1"}
	onchain := rreceive(15, payoutsID, model.StatusCompleted, 0, rat(18, 9, 0, 0), rat(18, 10, 0, 0))
	onchain.Kind, onchain.Data = model.Onchain, model.ReceiveOnchainData{AmountSats: 30_000}
	expired := rreceive(8, tillID, model.StatusExpired, model.Sats(800), rat(18, 10, 0, 0), rat(18, 11, 0, 0))
	expired.Error = &model.PaymentError{Type: "expired"}
	b.payments = []model.Payment{
		rreceive(1, tillID, model.StatusCompleted, model.Sats(12_000), rat(14, 9, 0, 0), rat(14, 9, 0, 4)),
		rreceive(2, tillID, model.StatusCompleted, 2_500_500, rat(14, 13, 0, 0), rat(14, 13, 0, 10)),
		rsend(3, tillID, model.StatusCompleted, model.Sats(5_000), model.Sats(12), rat(15, 10, 0, 0), rat(15, 10, 0, 3)),
		rfailed(rsend(4, tillID, "", model.Sats(90_000), 0, rat(15, 11, 0, 0), rat(15, 11, 0, 1)), "hold_failed", "hold_failed"),
		rfailed(rsend(5, tillID, "", model.Sats(80_000), 0, rat(16, 12, 0, 0), rat(16, 12, 0, 1)), "hold_failed", "hold_failed"),
		rfailed(rsend(6, tillID, "", model.Sats(1_000), 0, rat(17, 8, 0, 0), rat(17, 8, 0, 20)), "send_failed", "no_route"),
		rfailed(rsend(7, tillID, "", model.Sats(1_000), 0, rat(17, 9, 0, 0), rat(17, 9, 0, 2)), "send_failed\x1b[2J", "evil\u202etxt"),
		expired,
		rsend(9, tillID, model.StatusSending, model.Sats(3_000), 0, rat(19, 23, 30, 0), rat(19, 23, 30, 0)),
		// Made before the range, paid in it: its money counts, not its count.
		rreceive(10, tillID, model.StatusCompleted, model.Sats(1_000), rat(13, 23, 0, 0), rat(14, 0, 30, 0)),
		rreceive(11, tillID, model.StatusCompleted, model.Sats(4_000), rat(10, 9, 0, 0), rat(10, 9, 0, 5)),
		rreceive(12, payoutsID, model.StatusCompleted, model.Sats(6_000), rat(12, 9, 0, 0), rat(12, 9, 0, 5)),
		check,
		rsend(14, payoutsID, model.StatusCompleted, model.Sats(20_000), model.Sats(40), rat(16, 15, 0, 0), rat(16, 15, 0, 30)),
		onchain,
		rreceive(16, tillID, model.StatusCompleted, model.Sats(9_999), rat(20, 5, 0, 0), rat(20, 5, 0, 1)), // after the range
	}
	slices.SortStableFunc(b.payments, func(x, y model.Payment) int { return y.CreatedAt.Compare(x.CreatedAt) })
	entry := func(typ model.LedgerEventType, m model.MilliSats, at time.Time, payment, hold string) model.LedgerEvent {
		return model.LedgerEvent{Type: typ, Amount: model.BTCAmount(m), Currency: model.BTC, EffectiveTime: at, PaymentID: payment, HoldID: hold}
	}
	till := []model.LedgerEvent{
		entry(model.LedgerCredited, model.Sats(4_000), rat(10, 9, 0, 5), rid(11), ""),
		entry(model.LedgerCredited, model.Sats(1_000), rat(14, 0, 30, 0), rid(10), ""),
		entry(model.LedgerCredited, model.Sats(12_000), rat(14, 9, 0, 4), rid(1), ""),
		entry(model.LedgerCredited, 2_500_500, rat(14, 13, 0, 10), rid(2), ""),
		entry(model.LedgerHeld, model.Sats(5_100), rat(15, 10, 0, 0), rid(3), "h3"),
		entry(model.LedgerCaptured, model.Sats(5_012), rat(15, 10, 0, 3), rid(3), "h3"),
	}
	var sum model.MilliSats
	for _, e := range till {
		sum += e.TotalDelta()
	}
	// The wallet's first money, so that the ledger sums to its 50,000 sats.
	till = append([]model.LedgerEvent{entry(model.LedgerDeposited, model.Sats(50_000)-sum, rat(1, 8, 0, 0), "", "")}, till...)
	payouts := []model.LedgerEvent{
		entry(model.LedgerDeposited, model.Sats(40_000), rat(1, 8, 0, 0), "", ""),
		entry(model.LedgerCredited, model.Sats(6_000), rat(12, 9, 0, 5), rid(12), ""),
		entry(model.LedgerCaptured, model.Sats(20_040), rat(16, 15, 0, 30), rid(14), "h14"), // never held
		entry(model.LedgerCredited, model.Sats(30_000), rat(18, 10, 0, 0), rid(15), ""),
	}
	b.ledgers = map[string][]model.LedgerEvent{tillID: till, payoutsID: payouts}
	return b
}

var reportRange = []string{"--from", "2026-11-14", "--to", "2026-11-19"}

// TestReportGoldens: the report of a fixed history on a fixed clock, as
// text, JSON and CSV, for one wallet and for all, and of a range with
// nothing in it.
func TestReportGoldens(t *testing.T) {
	inReportZone(t)
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"till_text", append([]string{"report", "--wallet", "Till"}, reportRange...)},
		{"till_json", append([]string{"report", "--wallet", "Till", "--json"}, reportRange...)},
		{"till_csv", append([]string{"report", "--wallet", "Till", "--csv"}, reportRange...)},
		{"all_text", append([]string{"report"}, reportRange...)},
		{"all_json", append([]string{"report", "--json"}, reportRange...)},
		{"all_week_btc", append([]string{"report", "--by", "week", "--unit", "btc"}, reportRange...)},
		{"since_7d", []string{"report", "--wallet", "Payouts", "--since", "7d", "--by", "day"}},
		{"empty_text", []string{"report", "--wallet", "Till", "--from", "2026-11-02", "--to", "2026-11-04"}},
		{"empty_json", []string{"report", "--wallet", "Till", "--from", "2026-11-02", "--to", "2026-11-04", "--json"}},
		{"empty_csv", []string{"report", "--wallet", "Till", "--from", "2026-11-02", "--to", "2026-11-04", "--csv"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runWith(reportAccount(), "", tt.args...)
			if r.code != ExitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			golden.RequireEqual(t, []byte(r.stdout))
		})
	}
}

// TestReportFigures: what the goldens show, checked by hand against the
// history.
func TestReportFigures(t *testing.T) {
	inReportZone(t)
	r := runWith(reportAccount(), "", append([]string{"report", "--wallet", "Till"}, reportRange...)...)
	for _, want := range []string{
		// 14 Nov: 12,000 + 2,500.5 + 1,000 (made on the 13th, paid on the 14th) in;
		// the balance opens at 35,511.5 deposited + 4,000 credited on the 10th.
		"2026-11-14  15,500.5      0     0         3     0  55,012.0  39,511.5  55,012.0",
		"2026-11-15       0.0  5,000    12         0     1  50,000.0  50,000.0  55,012.0",
		"Fees           12 sats, 0.24 % of what was sent",
		// Made in the range: 1, 2, 3, 4-7, 8, 9; not 10 (before), 13 (a policy check), 16 (after).
		"Made           9 payments: completed 3, failed 4, expired 1, sending 1",
		"Send success   20.00 % (1 of 5 sends that finished)",
		"Failures       2 × not enough balance or credit for the amount plus the fee cap (hold_failed)",
		"Median         4s from created to completed",
		"Till  agrees: 50,000 sats, the sum of 7 ledger entries",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("missing %q in\n%s", want, r.stdout)
		}
	}
	if strings.ContainsAny(r.stdout, "\x1b\u202e") {
		t.Errorf("the server's text reached the terminal uncleaned:\n%q", r.stdout)
	}
	all := runWith(reportAccount(), "", append([]string{"report"}, reportRange...)...)
	if !strings.Contains(all.stdout, "Payouts  differs by -5,960 sats: balance 50,000 sats, ledger 55,960 sats (4 entries)") || !strings.Contains(all.stdout, "first impossible entry: #3, captured 20,040 sats") {
		t.Errorf("Payouts' reconciliation:\n%s", all.stdout)
	}
}

// TestReportRefusals: ranges and flags that cannot make a report are
// refused before anything is asked of Voltage.
func TestReportRefusals(t *testing.T) {
	inReportZone(t)
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"--since", "7d", "--from", "2026-11-01"}, "give --since or --from and --to, not both"},
		{[]string{"--since", "7d", "--to", "2026-11-01"}, "not both"},
		{[]string{"--to", "2026-11-01"}, "--to 2026-11-01 needs --from"},
		{[]string{"--from", "2026-13-01"}, `invalid value "2026-13-01" for flag -from: give a date such as 2026-11-01`},
		{[]string{"--from", "2026-11-01", "--to", "yesterday"}, `invalid value "yesterday" for flag -to`},
		{[]string{"--from", "2026-11-05", "--to", "2026-11-01"}, "--to 2026-11-01 is before --from 2026-11-05"},
		{[]string{"--from", "2026-11-05T10:00:00Z", "--to", "2026-11-05T09:00:00Z"}, "is before --from"},
		{[]string{"--from", "2026-11-05T10:00:00Z", "--to", "2026-11-05T10:00:00Z"}, "the range is empty"},
		{[]string{"--from", "2026-12-01"}, "the range is empty"},
		{[]string{"--since", "0d"}, "the range is empty"},
		{[]string{"--since", "lately"}, `--since "lately": use a duration`},
		{[]string{"--by", "fortnight"}, `--by "fortnight": use day, week or month`},
		{[]string{"--since", "3650d", "--by", "hour"}, "more than 10000 periods: use --by day"},
		{[]string{"--from", "1900-01-01", "--by", "day"}, "more than 10000 periods: use --by week"},
		{[]string{"--from", "0001-01-01", "--by", "month"}, "more than 10000 periods: give a shorter range"},
		{[]string{"--wallet", "Nope"}, `no single wallet matches "Nope"`},
		{[]string{"extra"}, `unexpected argument "extra"`},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			b := reportAccount()
			r := runWith(b, "", append([]string{"report"}, tt.args...)...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, want %d: %s", r.code, ExitUsage, r.stderr)
			}
			if b.listCalls > 0 {
				t.Errorf("refused, yet payments were asked for %d times", b.listCalls)
			}
		})
	}
	// In JSON, a refusal is the usual error object.
	r := runWith(reportAccount(), "", "report", "--since", "7d", "--from", "2026-11-01", "--json")
	if r.code != ExitUsage || !strings.Contains(r.stdout, `"kind": "usage"`) {
		t.Errorf("JSON refusal: exit %d %s", r.code, r.stdout)
	}
}

// TestReportPaging: a history read in small pages makes the same report,
// and stops once payments are older than the range; a server whose pages
// do not advance is an error, not an endless loop or a short report.
func TestReportPaging(t *testing.T) {
	inReportZone(t)
	args := append([]string{"report", "--json"}, reportRange...)
	older := func(b *fakeBackend) *fakeBackend { // nine more payments, all before the range
		for i := range 9 {
			b.payments = append(b.payments, rreceive(20+i, tillID, model.StatusCompleted, model.Sats(100), rat(9-i, 9, 0, 0), rat(9-i, 9, 0, 1)))
		}
		return b
	}
	whole := runWith(reportAccount(), "", args...)
	b := older(reportAccount())
	b.pageCap = 3
	paged := runWith(b, "", args...)
	if paged.code != ExitOK || paged.stdout != whole.stdout {
		t.Errorf("paged by 3: exit %d %s\n%s", paged.code, paged.stderr, paged.stdout)
	}
	// 24 payments made up to the range's end, newest update first: the
	// 13th is the last updated in the range, so the fifth page, which
	// reaches one updated before it, is the last asked for.
	if b.listCalls != 5 {
		t.Errorf("%d pages asked for, want 5", b.listCalls)
	}
	for _, stuck := range []string{"cursor", "offset"} {
		b := reportAccount()
		b.pageCap, b.stuck = 3, stuck
		r := runWith(b, "", append([]string{"report"}, reportRange...)...)
		if r.code != ExitNetwork || !strings.Contains(r.stderr, "listing payments: the same page came back again") || r.stdout != "" {
			t.Errorf("stuck %s: exit %d %s %s", stuck, r.code, r.stderr, r.stdout)
		}
		if b.listCalls > 3 {
			t.Errorf("stuck %s: %d pages asked for", stuck, b.listCalls)
		}
	}
	// A ledger whose offset is not taken.
	b = reportAccount()
	for i := range model.MaxPageLimit + 1 {
		b.ledgers[tillID] = append(b.ledgers[tillID], model.LedgerEvent{Type: model.LedgerHeld, HoldID: fmt.Sprint(i), Amount: model.BTCAmount(1000),
			EffectiveTime: rat(2, 0, 0, 0)})
	}
	b.stuck = "offset"
	if r := runWith(b, "", "report", "--wallet", "Till"); r.code != ExitNetwork || !strings.Contains(r.stderr, "reading the ledger of Till: the same page came back") {
		t.Errorf("stuck ledger: exit %d %s", r.code, r.stderr)
	}
}

func TestReportHelp(t *testing.T) {
	r := runWith(reportAccount(), "", "report", "--help")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Examples:\n  voltdash report --wallet Till --since 7d\n  voltdash report --from 2026-10-01") ||
		!strings.Contains(r.stdout, "-by string") {
		t.Errorf("exit %d\n%s", r.code, r.stdout)
	}
}

// TestHistoryPagesThatDoNotAdvance: history shares report's paging, and
// its guard: the same page again is an error, not the same payments twice.
func TestHistoryPagesThatDoNotAdvance(t *testing.T) {
	for _, stuck := range []string{"cursor", "offset"} {
		b := reportAccount()
		b.pageCap, b.stuck = 3, stuck
		if r := runWith(b, "", "history", "--limit", "10"); r.code != ExitNetwork || !strings.Contains(r.stderr, "the same page came back again") {
			t.Errorf("stuck %s: exit %d %s", stuck, r.code, r.stderr)
		}
	}
	b := reportAccount()
	b.pageCap = 3
	r := runWith(b, "", "history", "--limit", "10", "--csv")
	if lines := strings.Count(r.stdout, "\n"); r.code != ExitOK || lines != 11 || b.listCalls != 4 {
		t.Errorf("paged by 3: exit %d, %d lines, %d pages: %s", r.code, lines, b.listCalls, r.stderr)
	}
}

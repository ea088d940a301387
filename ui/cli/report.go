package cli

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/voltdash/voltdash/model"
)

// voltdash report: the figures of the Insights screen for a range, as a
// table, JSON or CSV, for accounting. Payments are read newest update
// first (get_payments sorted by updated_at, created up to the range's
// end) until they are older than the range: a payment updated before the
// range began neither completed in it nor was made in it, so nothing
// that counts is left unread. The ledger is read whole, for the balance
// line and for reconciliation. Periods are calendar periods of the local
// time zone.

// reportVersion is the version of the JSON object report prints; it
// changes only when a field changes meaning or goes away.
const reportVersion = 1

// reportDefaultSince is the range without --since or --from.
const reportDefaultSince = "30d"

// failuresShown is how many failure reasons the text names.
const failuresShown = 3

// dateFlag is --from or --to: a local date (2026-11-01) or an RFC 3339
// time, read when the flag is given, so that a bad one is refused there.
type dateFlag struct {
	t        time.Time
	text     string
	dateOnly bool
	set      bool
}

func (d *dateFlag) String() string {
	if d == nil {
		return ""
	}
	return d.text
}

func (d *dateFlag) Set(v string) error {
	v = strings.TrimSpace(v)
	if t, err := time.ParseInLocation("2006-01-02", v, time.Local); err == nil {
		*d = dateFlag{t: t, text: v, dateOnly: true, set: true}
		return nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		*d = dateFlag{t: t, text: v, set: true}
		return nil
	}
	return errors.New("give a date such as 2026-11-01, or a time such as 2026-11-01T09:00:00Z")
}

// reportRange reads the range and period from the flags, refusing what
// cannot make a report before anything is asked of Voltage.
func (r *runner) reportRange() (from, to time.Time, by model.Period, code int, ok bool) {
	by, err := model.ParsePeriod(strings.ToLower(strings.TrimSpace(r.o.by)))
	if err != nil {
		return from, to, by, r.fail(ExitUsage, "--by %q: use day, week or month (or hour)", r.o.by), false
	}
	now := r.d.Clock.Now()
	f, t := r.o.from, r.o.to
	switch {
	case r.o.since != "" && (f.set || t.set):
		return from, to, by, r.fail(ExitUsage, "give --since or --from and --to, not both"), false
	case t.set && !f.set:
		return from, to, by, r.fail(ExitUsage, "--to %s needs --from", t.text), false
	case f.set:
		from, to = f.t, now
		if t.set {
			to = t.t
			if t.dateOnly { // the whole of that day
				y, m, d := t.t.Date()
				to = time.Date(y, m, d+1, 0, 0, 0, 0, time.Local)
			}
			if to.Before(from) || t.dateOnly && t.t.Before(from) {
				return from, to, by, r.fail(ExitUsage, "--to %s is before --from %s", t.text, f.text), false
			}
		}
		if !from.Before(to) {
			return from, to, by, r.fail(ExitUsage, "--from %s: the range is empty (it ends %s)", f.text, to.Local().Format("2006-01-02 15:04")), false
		}
	default:
		since := cmp.Or(r.o.since, reportDefaultSince)
		if from, err = parseSince(since, now); err != nil {
			return from, to, by, r.fail(ExitUsage, "--since %q: %v", since, err), false
		}
		if to = now; !from.Before(to) {
			return from, to, by, r.fail(ExitUsage, "--since %s: the range is empty; give a time before now", since), false
		}
	}
	if n := periods(from, to, by); n > model.MaxInsightBuckets {
		hint := ""
		order := []model.Period{model.PeriodHour, model.PeriodDay, model.PeriodWeek, model.PeriodMonth}
		for _, p := range order[slices.Index(order, by)+1:] {
			if periods(from, to, p) <= model.MaxInsightBuckets {
				hint = fmt.Sprintf(": use --by %s, or a shorter range", p)
				break
			}
		}
		if hint == "" {
			hint = ": give a shorter range"
		}
		return from, to, by, r.fail(ExitUsage, "by %s, %s to %s is more than %d periods%s", by,
			from.Local().Format("2006-01-02"), to.Local().Format("2006-01-02"), model.MaxInsightBuckets, hint), false
	}
	return from, to, by, 0, true
}

// periods counts the periods of by in [from, to), up to one more than the
// most a report takes.
func periods(from, to time.Time, by model.Period) int {
	n := 0
	for s := by.Floor(from, time.Local); s.Before(to) && n <= model.MaxInsightBuckets; s = by.Next(s, time.Local) {
		n++
	}
	return n
}

// reportOf is what report found: the insights and each wallet's
// reconciliation.
type reportOf struct {
	wallet  *model.Wallet // --wallet; nil for all
	in      *model.Insights
	recon   []reconciled
	skipped []model.Wallet // wallets not in bitcoin: no ledger in msats to hold them to
}

type reconciled struct {
	w     model.Wallet
	r     model.Reconciliation
	first *model.LedgerEvent // the entry FirstBad names
}

func runReport(r *runner) int {
	from, to, by, code, ok := r.reportRange()
	if !ok {
		return code
	}
	if code, ok := r.connect(); !ok {
		return code
	}
	var rep reportOf
	var ws []model.Wallet
	if r.o.wallet != "" {
		w, code, ok := r.wallet()
		if !ok {
			return code
		}
		rep.wallet, ws = &w, []model.Wallet{w}
	} else {
		var err error
		if ws, err = call(r, r.b.ListWallets); err != nil {
			return r.failErr("listing wallets", err)
		}
	}
	in, err := model.NewInsights(from, to, by, time.Local)
	if err != nil { // reportRange has refused every range NewInsights would
		return r.fail(ExitUsage, "%v", err)
	}
	rep.in = in
	if code, ok := r.reportPayments(in, rep.wallet, from, to); !ok {
		return code
	}
	var all []model.LedgerEvent
	for _, w := range ws {
		if !w.HoldsBitcoin() {
			rep.skipped = append(rep.skipped, w)
			continue
		}
		events, err := r.wholeLedger(w.ID)
		if err != nil {
			return r.pagingFailed("reading the ledger of "+w.Name, err)
		}
		all = append(all, events...)
		rep.recon = append(rep.recon, reconcile(w, events))
	}
	if len(rep.recon) > 0 {
		in.SetLedger(0, all) // every entry from each wallet's beginning: the line opens at zero
	}
	switch {
	case r.o.json:
		r.printJSON(rep.toJSON())
	case r.o.csv:
		if err := r.reportCSV(rep); err != nil {
			return r.fail(ExitLocal, "writing CSV: %v", err)
		}
	default:
		r.reportText(rep)
	}
	return ExitOK
}

// reportPayments adds to in every payment that counts in [from, to).
func (r *runner) reportPayments(in *model.Insights, w *model.Wallet, from, to time.Time) (int, bool) {
	f := model.PaymentFilter{End: to, SortKey: "updated_at", SortOrder: model.Descending}
	if w != nil {
		f.WalletID = w.ID
	}
	// Newest update first: once the oldest seen is before from, the rest
	// are too. A server that does not sort so is read to the end.
	sorted, oldest := true, time.Time{}
	err := r.eachPaymentPage(f, false, func() int { return math.MaxInt }, func(items []model.Payment) bool {
		for _, p := range items {
			if !oldest.IsZero() && p.UpdatedAt.After(oldest) {
				sorted = false
			}
			oldest = p.UpdatedAt
			in.Add(p)
		}
		return !sorted || len(items) == 0 || !oldest.Before(from)
	})
	if err != nil {
		return r.pagingFailed("listing payments", err), false
	}
	return 0, true
}

// wholeLedger reads a wallet's every ledger entry, oldest first.
func (r *runner) wholeLedger(walletID string) ([]model.LedgerEvent, error) {
	var events, last []model.LedgerEvent
	for {
		f := model.LedgerFilter{Offset: len(events), Limit: model.MaxPageLimit, SortKey: "effective_time", SortOrder: model.Ascending}
		page, err := call(r, func(ctx context.Context) (model.Page[model.LedgerEvent], error) {
			return r.b.WalletLedger(ctx, walletID, f)
		})
		if err != nil {
			return nil, err
		}
		if len(page.Items) > 0 && reflect.DeepEqual(page.Items, last) { // the offset was not taken
			return nil, errNoProgress
		}
		events, last = append(events, page.Items...), page.Items
		if len(page.Items) == 0 || !page.More() {
			return events, nil
		}
	}
}

func reconcile(w model.Wallet, events []model.LedgerEvent) reconciled {
	rc := reconciled{w: w, r: model.Reconcile(w, events)}
	if rc.r.FirstBad >= 0 { // an index in effective-time order, as Reconcile sorts
		sorted := slices.Clone(events)
		slices.SortStableFunc(sorted, func(a, b model.LedgerEvent) int { return a.EffectiveTime.Compare(b.EffectiveTime) })
		rc.first = &sorted[rc.r.FirstBad]
	}
	return rc
}

// periodLabel is a period's start as the table shows it.
func periodLabel(t time.Time, by model.Period) string {
	switch by {
	case model.PeriodHour:
		return t.Local().Format("2006-01-02 15:04")
	case model.PeriodMonth:
		return t.Local().Format("2006-01")
	}
	return t.Local().Format("2006-01-02")
}

// roughDuration is a time to complete, to the second (to the millisecond
// under one).
func roughDuration(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

// statusOrder and kindOrder are the order counts are listed in.
var (
	statusOrder = []model.Status{model.StatusCompleted, model.StatusFailed, model.StatusExpired, model.StatusSending,
		model.StatusReceiving, model.StatusGenerating, model.StatusApproved}
	kindOrder = []model.Kind{model.Bolt11, model.Onchain, model.Bip21, model.TaprootAsset, model.USDBatch}
)

// inOrder lists the keys of counts in order, any not in order after, sorted.
func inOrder[K ~string](counts map[K]int, order []K) []K {
	var out, rest []K
	for _, k := range order {
		if counts[k] != 0 {
			out = append(out, k)
		}
	}
	for k := range counts {
		if !slices.Contains(order, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func (r *runner) reportText(rep reportOf) {
	l, w, in := r.lens(), r.d.Stdout, rep.in
	from, to, by, _ := in.Range()
	whose := "all wallets"
	if rep.wallet != nil {
		whose = rep.wallet.Name
	}
	say(w, "Report for %s, %s to %s (UTC%s), by %s, amounts in %s\n\n", whose, from.Local().Format("2006-01-02 15:04"),
		to.Local().Format("2006-01-02 15:04"), from.Local().Format("-07:00"), by, l.Name())
	bs, tot := in.Buckets(), in.Totals()
	ledger := in.HasLedger()
	var ins, outs, fees, bal []model.MilliSats
	for _, b := range bs {
		ins, outs, fees = append(ins, b.In), append(outs, b.Out), append(fees, b.Fees)
		bal = append(bal, b.Close, b.Low, b.High)
	}
	cIn, cOut, cFee := model.NewColumn(l, append(ins, tot.In)...), model.NewColumn(l, append(outs, tot.Out)...),
		model.NewColumn(l, append(fees, tot.Fees)...)
	cBal := model.NewColumn(l, bal...)
	t := table{head: []string{"PERIOD", "IN", "OUT", "FEES", "RECEIVED", "SENT"}, right: []bool{false, true, true, true, true, true}}
	if ledger {
		t.head, t.right = append(t.head, "CLOSE", "LOW", "HIGH"), append(t.right, true, true, true)
	}
	for _, b := range bs {
		row := []string{periodLabel(b.Start, by), cIn.Figure(b.In), cOut.Figure(b.Out), cFee.Figure(b.Fees), strconv.Itoa(b.Received), strconv.Itoa(b.Sent)}
		if ledger {
			row = append(row, cBal.Figure(b.Close), cBal.Figure(b.Low), cBal.Figure(b.High))
		}
		t.add(row...)
	}
	total := []string{"total", cIn.Figure(tot.In), cOut.Figure(tot.Out), cFee.Figure(tot.Fees), strconv.Itoa(tot.Received), strconv.Itoa(tot.Sent)}
	if ledger {
		total = append(total, "", "", "")
	}
	t.add(total...)
	t.print(w)

	line := func(label, format string, args ...any) {
		say(w, "%-14s "+format+"\n", append([]any{label}, args...)...)
	}
	say(w, "\n")
	line("In", "%s, %d received", l.Format(tot.In), tot.Received)
	line("Out", "%s, %d sent", l.Format(tot.Out), tot.Sent)
	if bp, ok := in.FeeShare().BasisPoints(); ok {
		line("Fees", "%s, %s of what was sent", l.Format(tot.Fees), model.Percent(bp))
	} else {
		line("Fees", "%s", l.Format(tot.Fees))
	}
	counts := func(n map[string]int, keys []string) string {
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%s %d", k, n[k])
		}
		return strings.Join(parts, ", ")
	}
	byStatus, byKind := map[string]int{}, map[string]int{}
	var statuses, kinds []string
	for _, s := range inOrder(tot.ByStatus, statusOrder) {
		byStatus[string(s)], statuses = tot.ByStatus[s], append(statuses, string(s))
	}
	for _, k := range inOrder(tot.ByKind, kindOrder) {
		byKind[string(k)], kinds = tot.ByKind[k], append(kinds, string(k))
	}
	if tot.Created == 0 {
		line("Made", "no payments")
	} else {
		line("Made", "%d payments: %s", tot.Created, counts(byStatus, statuses))
		line("Kinds", "%s", counts(byKind, kinds))
	}
	if ss := in.SendSuccess(); ss.Den > 0 {
		bp, _ := ss.BasisPoints()
		line("Send success", "%s (%d of %d sends that finished)", model.Percent(bp), ss.Num, ss.Den)
	} else {
		line("Send success", "no sends finished")
	}
	if fs := in.TopFailures(failuresShown); len(fs) > 0 {
		for i, f := range fs {
			label := ""
			if i == 0 {
				label = "Failures"
			}
			line(label, "%d × %s", f.Count, f.Text())
		}
	} else {
		line("Failures", "none")
	}
	if d, ok := in.MedianToComplete(""); ok {
		line("Median", "%s from created to completed", roughDuration(d))
	} else {
		line("Median", "none completed")
	}
	if len(rep.recon) == 0 && len(rep.skipped) == 0 {
		return
	}
	say(w, "\nReconciliation\n")
	names := 0
	for _, rc := range rep.recon {
		names = max(names, ansi.StringWidth(display(rc.w.Name)))
	}
	for _, s := range rep.skipped {
		names = max(names, ansi.StringWidth(display(s.Name)))
	}
	for _, rc := range rep.recon {
		say(w, "  %s  %s\n", padRight(display(rc.w.Name), names), reconText(rc, l))
	}
	for _, s := range rep.skipped {
		say(w, "  %s  not in bitcoin: not reconciled here\n", padRight(display(s.Name), names))
	}
}

func padRight(s string, n int) string {
	return s + strings.Repeat(" ", max(n-ansi.StringWidth(s), 0))
}

// reconText says whether a wallet's ledger agrees with its balance.
func reconText(rc reconciled, l model.Lens) string {
	rr := rc.r
	var s string
	switch {
	case rr.Agree && rr.Difference == 0:
		s = fmt.Sprintf("agrees: %s, the sum of %d ledger entries", l.Format(rr.Reported), rr.Entries)
	case rr.Agree:
		s = fmt.Sprintf("agrees: %s as of %s, the sum of %d ledger entries less %s entered since", l.Format(rr.Reported),
			rr.AsOf.Local().Format("2006-01-02 15:04:05"), rr.Entries, l.Format(rr.Later))
	default:
		s = fmt.Sprintf("differs by %s: balance %s, ledger %s (%d entries)", l.Format(rr.Difference), l.Format(rr.Reported),
			l.Format(rr.Ledger), rr.Entries)
	}
	if !rr.HoldsAgree {
		s += fmt.Sprintf("; holds: %s held, the ledger's open holds %s", l.Format(rr.HeldReported), l.Format(rr.HeldLedger))
	}
	if e := rc.first; e != nil {
		s += fmt.Sprintf("; first impossible entry: #%d, %s %s at %s (%s)", rr.FirstBad+1, e.Type, l.Format(e.Msats()),
			e.EffectiveTime.Local().Format("2006-01-02 15:04:05"), rr.FirstBadWhy)
	} else if !rr.Agree {
		s += "; no entry is impossible by itself, so the ledger cannot say where"
	}
	return s
}

// The JSON report. Amounts are integer msats; times RFC 3339 in the local
// zone; a ratio is {num, den, basis_points}, basis_points null when den is
// zero.
type (
	reportJSON struct {
		Version        int               `json:"version"`
		WalletID       *string           `json:"wallet_id"` // null: all wallets
		From           time.Time         `json:"from"`
		To             time.Time         `json:"to"`
		By             model.Period      `json:"by"`
		Periods        []periodJSON      `json:"periods"`
		Totals         totalsJSON        `json:"totals"`
		FeeShare       ratioJSON         `json:"fee_share"`
		SendSuccess    ratioJSON         `json:"send_success"`
		Failures       []failureJSON     `json:"failures"`
		MedianSeconds  *json.Number      `json:"median_seconds"`
		Reconciliation []reconcileJSON   `json:"reconciliation"`
		NotReconciled  []notReconciledJS `json:"not_reconciled,omitempty"`
	}
	periodJSON struct {
		Start    time.Time    `json:"start"`
		End      time.Time    `json:"end"`
		In       int64        `json:"in_msats"`
		Out      int64        `json:"out_msats"`
		Fees     int64        `json:"fee_msats"`
		Received int          `json:"received"`
		Sent     int          `json:"sent"`
		Created  int          `json:"created"`
		Balance  *balanceJSON `json:"balance,omitempty"`
	}
	balanceJSON struct {
		Open      int64 `json:"open_msats"`
		Close     int64 `json:"close_msats"`
		Low       int64 `json:"low_msats"`
		High      int64 `json:"high_msats"`
		Movements int   `json:"ledger_entries"`
	}
	totalsJSON struct {
		In       int64          `json:"in_msats"`
		Out      int64          `json:"out_msats"`
		Fees     int64          `json:"fee_msats"`
		Received int            `json:"received"`
		Sent     int            `json:"sent"`
		Created  int            `json:"created"`
		ByStatus map[string]int `json:"by_status"`
		ByKind   map[string]int `json:"by_kind"`
	}
	ratioJSON struct {
		Num         int64  `json:"num"`
		Den         int64  `json:"den"`
		BasisPoints *int64 `json:"basis_points"`
	}
	failureJSON struct {
		Type   string `json:"type"`
		Code   string `json:"code"`
		Reason string `json:"reason"`
		Count  int    `json:"count"`
	}
	reconcileJSON struct {
		WalletID     string        `json:"wallet_id"`
		WalletName   string        `json:"wallet_name"`
		Agrees       bool          `json:"agrees"`
		Reported     int64         `json:"reported_msats"`
		AsOf         *time.Time    `json:"as_of"`
		Ledger       int64         `json:"ledger_msats"`
		Later        int64         `json:"later_msats"`
		Entries      int           `json:"entries"`
		Difference   int64         `json:"difference_msats"`
		HeldReported int64         `json:"held_reported_msats"`
		HeldLedger   int64         `json:"held_ledger_msats"`
		HoldsAgree   bool          `json:"holds_agree"`
		FirstBad     *firstBadJSON `json:"first_impossible_entry"`
	}
	firstBadJSON struct {
		Index         int                   `json:"index"` // from 0, in effective-time order
		Why           string                `json:"why"`
		Type          model.LedgerEventType `json:"type"`
		PaymentID     string                `json:"payment_id,omitempty"`
		HoldID        string                `json:"hold_id,omitempty"`
		AmountMsats   int64                 `json:"amount_msats"`
		EffectiveTime time.Time             `json:"effective_time"`
	}
	notReconciledJS struct {
		WalletID string `json:"wallet_id"`
		Why      string `json:"why"`
	}
)

func toRatio(r model.Ratio) ratioJSON {
	out := ratioJSON{Num: r.Num, Den: r.Den}
	if bp, ok := r.BasisPoints(); ok {
		out.BasisPoints = &bp
	}
	return out
}

// seconds is d in seconds to the millisecond, exactly.
func seconds(d time.Duration) json.Number {
	ms := d.Round(time.Millisecond).Milliseconds()
	s := strconv.FormatInt(ms/1000, 10)
	if frac := ms % 1000; frac != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%03d", frac), "0")
	}
	return json.Number(s)
}

func (rep reportOf) toJSON() reportJSON {
	in := rep.in
	from, to, by, _ := in.Range()
	tot := in.Totals()
	out := reportJSON{Version: reportVersion, From: from.Local(), To: to.Local(), By: by, Periods: []periodJSON{},
		FeeShare: toRatio(in.FeeShare()), SendSuccess: toRatio(in.SendSuccess()), Failures: []failureJSON{},
		Reconciliation: []reconcileJSON{},
		Totals: totalsJSON{In: int64(tot.In), Out: int64(tot.Out), Fees: int64(tot.Fees), Received: tot.Received, Sent: tot.Sent,
			Created: tot.Created, ByStatus: map[string]int{}, ByKind: map[string]int{}}}
	if rep.wallet != nil {
		out.WalletID = &rep.wallet.ID
	}
	for _, b := range in.Buckets() {
		p := periodJSON{Start: b.Start.Local(), End: b.End.Local(), In: int64(b.In), Out: int64(b.Out), Fees: int64(b.Fees),
			Received: b.Received, Sent: b.Sent, Created: b.Created}
		if in.HasLedger() {
			p.Balance = &balanceJSON{int64(b.Open), int64(b.Close), int64(b.Low), int64(b.High), b.LedgerMovements}
		}
		out.Periods = append(out.Periods, p)
	}
	for s, n := range tot.ByStatus {
		out.Totals.ByStatus[string(s)] = n
	}
	for k, n := range tot.ByKind {
		out.Totals.ByKind[string(k)] = n
	}
	for _, f := range in.TopFailures(math.MaxInt) { // every reason
		out.Failures = append(out.Failures, failureJSON{f.Type, f.Code, f.Text(), f.Count})
	}
	if d, ok := in.MedianToComplete(""); ok {
		s := seconds(d)
		out.MedianSeconds = &s
	}
	for _, rc := range rep.recon {
		rr := rc.r
		j := reconcileJSON{WalletID: rc.w.ID, WalletName: rc.w.Name, Agrees: rr.Agree, Reported: int64(rr.Reported),
			Ledger: int64(rr.Ledger), Later: int64(rr.Later), Entries: rr.Entries, Difference: int64(rr.Difference),
			HeldReported: int64(rr.HeldReported), HeldLedger: int64(rr.HeldLedger), HoldsAgree: rr.HoldsAgree}
		if !rr.AsOf.IsZero() {
			at := rr.AsOf.Local()
			j.AsOf = &at
		}
		if e := rc.first; e != nil {
			j.FirstBad = &firstBadJSON{Index: rr.FirstBad, Why: rr.FirstBadWhy, Type: e.Type, PaymentID: e.PaymentID,
				HoldID: e.HoldID, AmountMsats: int64(e.Msats()), EffectiveTime: e.EffectiveTime.Local()}
		}
		out.Reconciliation = append(out.Reconciliation, j)
	}
	for _, s := range rep.skipped {
		out.NotReconciled = append(out.NotReconciled, notReconciledJS{s.ID, "not a bitcoin wallet"})
	}
	return out
}

// reportCSV writes one row per period. Every cell is ours (times and
// integers), none outside text; the times go through csvRow all the
// same, and the integers are written as they are, so that a negative
// balance stays a number to a spreadsheet.
func (r *runner) reportCSV(rep reportOf) error {
	w := csv.NewWriter(r.d.Stdout)
	w.Write([]string{"period_start", "period_end", "in_msats", "out_msats", "fee_msats", "received", "sent", "created",
		"open_msats", "close_msats", "low_msats", "high_msats"})
	i64 := func(m model.MilliSats) string { return strconv.FormatInt(int64(m), 10) }
	for _, b := range rep.in.Buckets() {
		row := csvRow(b.Start.Local().Format(time.RFC3339Nano), b.End.Local().Format(time.RFC3339Nano))
		row = append(row, i64(b.In), i64(b.Out), i64(b.Fees), strconv.Itoa(b.Received), strconv.Itoa(b.Sent), strconv.Itoa(b.Created))
		if rep.in.HasLedger() {
			row = append(row, i64(b.Open), i64(b.Close), i64(b.Low), i64(b.High))
		} else {
			row = append(row, "", "", "", "")
		}
		w.Write(row)
	}
	w.Flush()
	return w.Error()
}

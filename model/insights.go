package model

import (
	"cmp"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"time"
)

// Insights are an account's figures over a range of time, in calendar
// buckets: money in and out, fees, counts, success, failure reasons, time
// to complete, and (given a wallet's ledger) its balance line. Everything
// is exact: integer msats, counts, exact ratios and durations.
//
// Where a payment counts:
//   - its money (a completed receive's amount in, a completed send's
//     amount out and its fee) in the bucket of when it completed, its
//     UpdatedAt (CompletedAt), if that is in the range;
//   - everything else (counts by status and kind, send success, failure
//     reasons, time to complete) by when it was created, if that is in
//     the range.
//
// Policy checks (check_payment) move no money and are left out.
//
// An Insights value is built once and kept up to date with Add: a payment
// seen again replaces what it contributed before, so a status change is
// an update, not a second payment. Each payment costs O(1) time (but for
// a binary search over the buckets) and no allocation beyond its entry in
// the table of contributions. Not safe for concurrent use.
type Insights struct {
	from, to time.Time
	period   Period
	loc      *time.Location
	edges    []int64 // bucket bounds in Unix nanoseconds: len(buckets)+1
	buckets  []InsightBucket
	totals   InsightTotals
	sends    struct{ completed, failed int }
	failures map[failureKey]int
	byID     map[string]contribution
	// durations of completed payments created in the range, with the
	// payment each belongs to (by index into durIDs), for the median.
	durs   []completion
	durIDs []string
	sorted []time.Duration // scratch for medians

	ledger      []LedgerEvent // sorted by EffectiveTime
	opening     MilliSats
	ledgerKnown bool
}

// Period is the size of an insights bucket: an hour, a local calendar day
// (23 or 25 hours across a daylight-saving change), a week from Monday, or
// a calendar month.
type Period string

const (
	PeriodHour  Period = "hour"
	PeriodDay   Period = "day"
	PeriodWeek  Period = "week"
	PeriodMonth Period = "month"
)

// ParsePeriod reads hour, day, week or month.
func ParsePeriod(s string) (Period, error) {
	switch p := Period(s); p {
	case PeriodHour, PeriodDay, PeriodWeek, PeriodMonth:
		return p, nil
	}
	return "", fmt.Errorf("period %q: use hour, day, week or month", s)
}

// Floor is the start of the period holding t, in loc: the hour (as the
// clock in loc shows it), local midnight, the Monday's midnight, or the
// first of the month's.
func (p Period) Floor(t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	y, m, d := lt.Date()
	switch p {
	case PeriodHour:
		return lt.Add(-time.Duration(lt.Minute())*time.Minute - time.Duration(lt.Second())*time.Second -
			time.Duration(lt.Nanosecond()))
	case PeriodWeek:
		return time.Date(y, m, d-(int(lt.Weekday())+6)%7, 0, 0, 0, 0, loc)
	case PeriodMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, loc)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// Next is the start of the period after the one that starts at start.
func (p Period) Next(start time.Time, loc *time.Location) time.Time {
	lt := start.In(loc)
	y, m, d := lt.Date()
	switch p {
	case PeriodHour:
		return p.Floor(start.Add(time.Hour), loc)
	case PeriodWeek:
		return time.Date(y, m, d+7, 0, 0, 0, 0, loc)
	case PeriodMonth:
		return time.Date(y, m+1, 1, 0, 0, 0, 0, loc)
	}
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

// MaxInsightBuckets bounds a range: 90 days by the hour is 2,160.
const MaxInsightBuckets = 10_000

// InsightBucket is one period's figures. Start and End are the period's
// bounds cut to the range. In, Out and Fees are of payments that
// completed in it; Received and Sent count them. Created counts payments
// made in it. Open, Close, Low and High are the wallet's total balance
// by its ledger (once SetLedger has been given one): at the start, at
// the end, and the least and most it was in between, Open and Close
// included.
type InsightBucket struct {
	Start, End      time.Time
	In, Out, Fees   MilliSats
	Received, Sent  int
	Created         int
	Open, Close     MilliSats
	Low, High       MilliSats
	LedgerMovements int // ledger entries that changed the total in the bucket
}

// InsightTotals are the whole range's figures.
type InsightTotals struct {
	In, Out, Fees  MilliSats
	Received, Sent int // completed in the range
	Created        int // made in the range
	ByStatus       map[Status]int
	ByKind         map[Kind]int
}

// Percent is basis points as people read them: "12.34 %", "-0.05 %".
func Percent(bp int64) string {
	sign, u := "", abs64(bp)
	if bp < 0 {
		sign = "-"
	}
	return fmt.Sprintf("%s%d.%02d %%", sign, u/100, u%100)
}

// Ratio is an exact fraction; Den is zero when there was nothing to
// divide by.
type Ratio struct{ Num, Den int64 }

// BasisPoints is the ratio in hundredths of a percent, rounded half up;
// false when Den is zero. It is exact for any int64 operands.
func (r Ratio) BasisPoints() (int64, bool) {
	if r.Den == 0 {
		return 0, false
	}
	num, den := r.Num, r.Den
	neg := (num < 0) != (den < 0)
	un, ud := abs64(num), abs64(den)
	// (un*10000 + ud/2) / ud, in 128 bits.
	hi, lo := bits.Mul64(un, 10_000)
	lo, carry := bits.Add64(lo, ud/2, 0)
	hi += carry
	if hi >= ud { // more basis points than an int64 holds
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, ud)
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

func abs64(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// FailureReason is a kind of failure (the payment error's type and code,
// schemas SendError and ReceiveErrorWire) and how many payments failed so.
type FailureReason struct {
	Type, Code string
	Count      int
}

// Text says the reason in plain words (PaymentError.Explain, without any
// one payment's detail).
func (f FailureReason) Text() string {
	if f.Type == "" && f.Code == "" {
		return (*PaymentError)(nil).Explain()
	}
	return (&PaymentError{Type: f.Type, Code: f.Code}).Explain()
}

type failureKey struct{ typ, code string }

// completion is one completed payment's time to complete.
type completion struct {
	d   time.Duration
	dir Direction
}

// contribution is what one payment added, so that it can be taken back.
// It is kept under 128 bytes, so that the map holds it in place rather
// than allocating each one.
type contribution struct {
	created, settled int32 // bucket indexes, -1 outside the range
	dur              int32 // index into durs, -1 for none
	in, out, fee     MilliSats
	status           Status
	kind             Kind
	dir              Direction
	failure          failureKey // of a failed payment
}

// NewInsights makes empty insights for [from, to) in buckets of period, on
// the calendar of loc.
func NewInsights(from, to time.Time, period Period, loc *time.Location) (*Insights, error) {
	if _, err := ParsePeriod(string(period)); err != nil {
		return nil, err
	}
	if loc == nil {
		return nil, errors.New("insights need a time zone")
	}
	if !from.Before(to) {
		return nil, fmt.Errorf("insights from %s to %s: the range is empty", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	in := &Insights{from: from, to: to, period: period, loc: loc, failures: map[failureKey]int{},
		byID: map[string]contribution{}}
	in.totals.ByStatus, in.totals.ByKind = map[Status]int{}, map[Kind]int{}
	for start := period.Floor(from, loc); start.Before(to); start = period.Next(start, loc) {
		if len(in.buckets) == MaxInsightBuckets {
			return nil, fmt.Errorf("insights from %s to %s by %s: more than %d buckets", from.Format(time.RFC3339),
				to.Format(time.RFC3339), period, MaxInsightBuckets)
		}
		b := InsightBucket{Start: start, End: period.Next(start, loc)}
		if b.Start.Before(from) {
			b.Start = from
		}
		if b.End.After(to) {
			b.End = to
		}
		in.buckets = append(in.buckets, b)
		in.edges = append(in.edges, b.Start.UnixNano())
	}
	in.edges = append(in.edges, to.UnixNano())
	return in, nil
}

// BuildInsights is NewInsights with every payment added.
func BuildInsights(from, to time.Time, period Period, loc *time.Location, payments []Payment) (*Insights, error) {
	in, err := NewInsights(from, to, period, loc)
	if err != nil {
		return nil, err
	}
	in.byID = make(map[string]contribution, len(payments))
	in.durs, in.durIDs = make([]completion, 0, len(payments)), make([]string, 0, len(payments))
	for i := range payments {
		in.Add(payments[i])
	}
	return in, nil
}

// bucket is the index of the bucket holding t, or -1 outside the range.
func (in *Insights) bucket(t time.Time) int32 {
	if t.Before(in.from) || !t.Before(in.to) {
		return -1
	}
	n := t.UnixNano()
	lo, hi := 0, len(in.buckets) // edges[lo] <= n < edges[hi]
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if in.edges[mid] <= n {
			lo = mid
		} else {
			hi = mid
		}
	}
	return int32(lo)
}

// CompletedAt is when a completed payment completed: its last update,
// since completed is final.
func (p Payment) CompletedAt() (time.Time, bool) {
	if p.Status != StatusCompleted {
		return time.Time{}, false
	}
	return p.UpdatedAt, true
}

// Add counts p, replacing what an earlier state of the same payment (by
// id) contributed.
func (in *Insights) Add(p Payment) {
	old, seen := in.byID[p.ID]
	if seen {
		in.apply(old, -1)
		in.dropDuration(old.dur)
	}
	if p.IsPolicyCheck() {
		if seen {
			delete(in.byID, p.ID)
		}
		return
	}
	c := contribution{created: in.bucket(p.CreatedAt), settled: -1, status: p.Status, kind: p.Kind, dir: p.Direction, dur: -1}
	if at, done := p.CompletedAt(); done {
		if c.settled = in.bucket(at); c.settled >= 0 {
			switch p.Direction {
			case Receive:
				c.in = p.Amount()
			case Send:
				c.out = p.Amount()
				c.fee, _ = p.Fee()
			}
		}
		if c.created >= 0 {
			c.dur = int32(len(in.durs))
			in.durs = append(in.durs, completion{d: max(at.Sub(p.CreatedAt), 0), dir: p.Direction})
			in.durIDs = append(in.durIDs, p.ID)
		}
	}
	if p.Status == StatusFailed && p.Error != nil {
		c.failure = failureKey{p.Error.Type, p.Error.Code}
	}
	if c.created < 0 && c.settled < 0 { // nothing in the range
		if seen {
			delete(in.byID, p.ID)
		}
		return
	}
	in.apply(c, 1)
	in.byID[p.ID] = c // overwriting an entry allocates nothing; deleting and adding may
}

// apply adds (sign 1) or takes back (sign -1) a contribution.
func (in *Insights) apply(c contribution, sign int) {
	m := MilliSats(sign)
	if c.settled >= 0 {
		b := &in.buckets[c.settled]
		b.In += m * c.in
		b.Out += m * c.out
		b.Fees += m * c.fee
		in.totals.In += m * c.in
		in.totals.Out += m * c.out
		in.totals.Fees += m * c.fee
		switch c.dir {
		case Receive:
			b.Received += sign
			in.totals.Received += sign
		case Send:
			b.Sent += sign
			in.totals.Sent += sign
		}
	}
	if c.created < 0 {
		return
	}
	in.buckets[c.created].Created += sign
	in.totals.Created += sign
	bump(in.totals.ByStatus, c.status, sign)
	bump(in.totals.ByKind, c.kind, sign)
	if c.dir == Send && c.status == StatusCompleted {
		in.sends.completed += sign
	}
	if c.dir == Send && c.status == StatusFailed {
		in.sends.failed += sign
	}
	if c.status == StatusFailed {
		bump(in.failures, c.failure, sign)
	}
}

func bump[K comparable](m map[K]int, k K, by int) {
	if n := m[k] + by; n != 0 {
		m[k] = n
	} else {
		delete(m, k)
	}
}

// dropDuration removes durs[i] by moving the last one into its place.
func (in *Insights) dropDuration(i int32) {
	if i < 0 {
		return
	}
	last := int32(len(in.durs) - 1)
	if i != last {
		in.durs[i], in.durIDs[i] = in.durs[last], in.durIDs[last]
		moved := in.byID[in.durIDs[i]]
		moved.dur = i
		in.byID[in.durIDs[i]] = moved
	}
	in.durs, in.durIDs = in.durs[:last], in.durIDs[:last]
}

// Range is the insights' span and period.
func (in *Insights) Range() (from, to time.Time, period Period, loc *time.Location) {
	return in.from, in.to, in.period, in.loc
}

// Buckets are the periods in order. The slice is the insights' own: read
// it, do not keep it across Add.
func (in *Insights) Buckets() []InsightBucket { return in.buckets }

// Totals are the range's figures. Its maps are the insights' own.
func (in *Insights) Totals() InsightTotals { return in.totals }

// FeeShare is the fees paid over what was sent, of sends completed in the
// range.
func (in *Insights) FeeShare() Ratio { return Ratio{int64(in.totals.Fees), int64(in.totals.Out)} }

// SendSuccess is the completed sends over the sends that reached a final
// status (completed or failed), of sends made in the range.
func (in *Insights) SendSuccess() Ratio {
	return Ratio{int64(in.sends.completed), int64(in.sends.completed + in.sends.failed)}
}

// TopFailures are the n commonest reasons payments made in the range
// failed, most first (ties by type and code).
func (in *Insights) TopFailures(n int) []FailureReason {
	out := make([]FailureReason, 0, len(in.failures))
	for k, c := range in.failures {
		out = append(out, FailureReason{Type: k.typ, Code: k.code, Count: c})
	}
	slices.SortFunc(out, func(a, b FailureReason) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Code, b.Code))
	})
	return out[:min(n, len(out))]
}

// MedianToComplete is the median time from created to completed of the
// payments made in the range that completed, of direction d (both for
// ""): the middle one, or the mean of the two middle ones (to the
// nanosecond below). False when none completed.
func (in *Insights) MedianToComplete(d Direction) (time.Duration, bool) {
	s := in.sorted[:0]
	for _, c := range in.durs {
		if d == "" || c.dir == d {
			s = append(s, c.d)
		}
	}
	in.sorted = s[:0] // the buffer is kept for the next call
	if len(s) == 0 {
		return 0, false
	}
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid], true
	}
	a, b := s[mid-1], s[mid]
	return a + (b-a)/2, true
}

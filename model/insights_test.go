package model

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York wherever the tests run
)

func newYork(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// ipay is a bolt11 payment for the insights tests: a send with fee (when
// fee >= 0) or a receive, created at created and last updated at updated.
func ipay(id string, dir Direction, st Status, amount, fee MilliSats, created, updated time.Time) Payment {
	p := Payment{ID: id, Direction: dir, Kind: Bolt11, Status: st, Currency: BTC, CreatedAt: created, UpdatedAt: updated}
	if dir == Send {
		d := SendBolt11Data{AmountMsats: amount, MaxFeeMsats: 10_000}
		if st == StatusCompleted {
			d.FeeMsats = &fee
		}
		p.Data = d
	} else {
		p.Data = ReceiveBolt11Data{AmountMsats: amount}
	}
	return p
}

func failed(p Payment, typ, code string) Payment {
	p.Status, p.Error = StatusFailed, &PaymentError{Type: typ, Code: code, Detail: "detail for " + p.ID}
	return p
}

func mustInsights(t testing.TB, from, to time.Time, by Period, loc *time.Location, ps ...Payment) *Insights {
	t.Helper()
	in, err := BuildInsights(from, to, by, loc, ps)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func TestInsightBucketsAreCalendarPeriods(t *testing.T) {
	ny := newYork(t)
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, ny) }
	tests := []struct {
		name     string
		from, to time.Time
		by       Period
		lengths  []time.Duration // of each bucket, in order
	}{
		{"days around spring forward", at(2026, 3, 7, 0), at(2026, 3, 10, 0), PeriodDay, []time.Duration{24 * time.Hour, 23 * time.Hour, 24 * time.Hour}},
		{"days around fall back", at(2026, 10, 31, 0), at(2026, 11, 3, 0), PeriodDay, []time.Duration{24 * time.Hour, 25 * time.Hour, 24 * time.Hour}},
		// 00:00 to 04:00 on 8 March is three hours: 02:00 does not exist.
		{"hours over spring forward", at(2026, 3, 8, 0), at(2026, 3, 8, 4), PeriodHour, []time.Duration{time.Hour, time.Hour, time.Hour}},
		// 00:00 to 03:00 on 1 November is four hours: 01:00 comes twice.
		{"hours over fall back", at(2026, 11, 1, 0), at(2026, 11, 1, 3), PeriodHour, []time.Duration{time.Hour, time.Hour, time.Hour, time.Hour}},
		// Monday 2 March to Monday 16 March: the week of the change (Sunday 8 March) is an hour short.
		{"weeks from Monday", at(2026, 3, 2, 0), at(2026, 3, 16, 0), PeriodWeek, []time.Duration{7*24*time.Hour - time.Hour, 7 * 24 * time.Hour}},
		{"months", at(2026, 2, 1, 0), at(2026, 4, 1, 0), PeriodMonth, []time.Duration{28 * 24 * time.Hour, 31*24*time.Hour - time.Hour}},
		// A range that does not start on a bucket's start cuts the first bucket.
		{"cut to the range", at(2026, 3, 8, 12), at(2026, 3, 9, 6), PeriodDay, []time.Duration{12 * time.Hour, 6 * time.Hour}},
	}
	for _, tt := range tests {
		in := mustInsights(t, tt.from, tt.to, tt.by, ny)
		bs := in.Buckets()
		if len(bs) != len(tt.lengths) {
			t.Errorf("%s: %d buckets, want %d", tt.name, len(bs), len(tt.lengths))
			continue
		}
		for i, b := range bs {
			if got := b.End.Sub(b.Start); got != tt.lengths[i] {
				t.Errorf("%s: bucket %d (%s) is %v long, want %v", tt.name, i, b.Start, got, tt.lengths[i])
			}
			if i > 0 && !b.Start.Equal(bs[i-1].End) {
				t.Errorf("%s: gap before bucket %d", tt.name, i)
			}
		}
		if !bs[0].Start.Equal(tt.from) || !bs[len(bs)-1].End.Equal(tt.to) {
			t.Errorf("%s: buckets span %s to %s", tt.name, bs[0].Start, bs[len(bs)-1].End)
		}
	}
	// Weeks start on Monday, whatever day the range starts on: a Sunday
	// belongs to the week of the Monday six days before.
	sunday := at(2026, 3, 8, 15)
	if got := PeriodWeek.Floor(sunday, ny); !got.Equal(at(2026, 3, 2, 0)) {
		t.Errorf("the week of Sunday 8 March starts %s", got)
	}
	if got := PeriodWeek.Floor(at(2026, 3, 9, 0), ny); !got.Equal(at(2026, 3, 9, 0)) {
		t.Errorf("a Monday's week starts %s", got)
	}
	for _, s := range []string{"hour", "day", "week", "month"} {
		if p, err := ParsePeriod(s); err != nil || string(p) != s {
			t.Errorf("ParsePeriod(%q) = %q, %v", s, p, err)
		}
	}
	if _, err := ParsePeriod("fortnight"); err == nil {
		t.Error("fortnight accepted")
	}
	if _, err := NewInsights(at(2026, 3, 8, 0), at(2026, 3, 8, 0), PeriodDay, ny); err == nil {
		t.Error("an empty range accepted")
	}
	if _, err := NewInsights(at(2020, 1, 1, 0), at(2026, 1, 1, 0), PeriodHour, ny); err == nil {
		t.Error("six years by the hour accepted")
	}
}

func TestInsightsEmptyRange(t *testing.T) {
	ny := newYork(t)
	from := time.Date(2026, 3, 7, 0, 0, 0, 0, ny)
	before := ipay("old", Receive, StatusCompleted, 1000, 0, from.Add(-48*time.Hour), from.Add(-47*time.Hour))
	in := mustInsights(t, from, from.AddDate(0, 0, 3), PeriodDay, ny, before)
	tot := in.Totals()
	if tot.In != 0 || tot.Out != 0 || tot.Fees != 0 || tot.Created != 0 || len(tot.ByStatus) != 0 || len(tot.ByKind) != 0 {
		t.Errorf("totals %+v", tot)
	}
	for _, b := range in.Buckets() {
		if b.In != 0 || b.Out != 0 || b.Created != 0 || b.Received != 0 {
			t.Errorf("bucket %+v", b)
		}
	}
	if _, ok := in.FeeShare().BasisPoints(); ok {
		t.Error("a fee share of nothing sent")
	}
	if _, ok := in.SendSuccess().BasisPoints(); ok {
		t.Error("a success rate of no sends")
	}
	if _, ok := in.MedianToComplete(""); ok {
		t.Error("a median of nothing")
	}
	if f := in.TopFailures(3); len(f) != 0 {
		t.Errorf("failures %v", f)
	}
}

func TestInsightsSinglePayment(t *testing.T) {
	ny := newYork(t)
	from := time.Date(2026, 3, 7, 0, 0, 0, 0, ny)
	created := time.Date(2026, 3, 8, 10, 0, 0, 0, ny)
	p := ipay("r1", Receive, StatusCompleted, 2_500_000, 0, created, created.Add(3500*time.Millisecond))
	in := mustInsights(t, from, from.AddDate(0, 0, 3), PeriodDay, ny, p)
	bs := in.Buckets()
	if bs[1].In != 2_500_000 || bs[1].Received != 1 || bs[1].Created != 1 || bs[0].In != 0 || bs[2].In != 0 {
		t.Errorf("buckets %+v", bs)
	}
	tot := in.Totals()
	if tot.In != 2_500_000 || tot.Out != 0 || tot.Received != 1 || tot.Sent != 0 ||
		!reflect.DeepEqual(tot.ByStatus, map[Status]int{StatusCompleted: 1}) || !reflect.DeepEqual(tot.ByKind, map[Kind]int{Bolt11: 1}) {
		t.Errorf("totals %+v", tot)
	}
	if d, ok := in.MedianToComplete(""); !ok || d != 3500*time.Millisecond {
		t.Errorf("median %v %v", d, ok)
	}
	if _, ok := in.MedianToComplete(Send); ok {
		t.Error("a median of sends when none was made")
	}
	if _, ok := in.SendSuccess().BasisPoints(); ok {
		t.Error("a send success rate without sends")
	}
}

func TestInsightsSendsFeesAndFailures(t *testing.T) {
	ny := newYork(t)
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, ny)
	at := func(h int) time.Time { return from.Add(time.Duration(h) * time.Hour) }
	ps := []Payment{
		ipay("s1", Send, StatusCompleted, 1_000_000, 1_501, at(1), at(1).Add(2*time.Second)),
		ipay("s2", Send, StatusCompleted, 3_000_000, 3_000, at(2), at(2).Add(4*time.Second)),
		failed(ipay("s3", Send, StatusSending, 500_000, 0, at(3), at(3).Add(time.Second)), "send_failed", "no_route"),
		failed(ipay("s4", Send, StatusSending, 700_000, 0, at(4), at(4).Add(time.Second)), "send_failed", "no_route"),
		failed(ipay("s5", Send, StatusSending, 9_000_000, 0, at(5), at(5).Add(time.Second)), "hold_failed", ""),
		failed(ipay("r1", Receive, StatusReceiving, 1_000, 0, at(6), at(6).Add(time.Second)), "receive_failed", ""),
		failed(ipay("s6", Send, StatusSending, 1_000, 0, at(7), at(7).Add(time.Second)), "rejected", "max_payment_size"),
		ipay("s7", Send, StatusSending, 42_000, 0, at(8), at(8)), // in flight: not final, not in the success rate
	}
	ps[6].Kind = Onchain
	in := mustInsights(t, from, from.AddDate(0, 0, 7), PeriodWeek, ny, ps...)
	tot := in.Totals()
	// Out: 1,000,000 + 3,000,000; fees 1,501 + 3,000; failed sends move nothing.
	if tot.Out != 4_000_000 || tot.Fees != 4_501 || tot.Sent != 2 || tot.In != 0 || tot.Created != 8 {
		t.Errorf("totals %+v", tot)
	}
	if want := (map[Status]int{StatusCompleted: 2, StatusFailed: 5, StatusSending: 1}); !reflect.DeepEqual(tot.ByStatus, want) {
		t.Errorf("by status %v", tot.ByStatus)
	}
	if want := (map[Kind]int{Bolt11: 7, Onchain: 1}); !reflect.DeepEqual(tot.ByKind, want) {
		t.Errorf("by kind %v", tot.ByKind)
	}
	// 4,501 / 4,000,000 = 11.2525 basis points.
	if fs := in.FeeShare(); fs != (Ratio{4_501, 4_000_000}) {
		t.Errorf("fee share %v", fs)
	} else if bp, _ := fs.BasisPoints(); bp != 11 {
		t.Errorf("fee share %d bp", bp)
	}
	// 2 completed of 6 final sends (the failed receive and the send in flight do not count).
	if ss := in.SendSuccess(); ss != (Ratio{2, 6}) {
		t.Errorf("send success %v", ss)
	} else if bp, _ := ss.BasisPoints(); bp != 3333 {
		t.Errorf("send success %d bp", bp)
	}
	want := []FailureReason{{"send_failed", "no_route", 2}, {"hold_failed", "", 1}, {"receive_failed", "", 1}}
	if got := in.TopFailures(3); !reflect.DeepEqual(got, want) {
		t.Errorf("top failures %v", got)
	}
	if got := in.TopFailures(10); len(got) != 4 || got[3] != (FailureReason{"rejected", "max_payment_size", 1}) {
		t.Errorf("all failures %v", got)
	}
	if txt := want[0].Text(); !strings.Contains(txt, "could not be delivered") || !strings.Contains(txt, "send_failed/no_route") || strings.Contains(txt, "detail") {
		t.Errorf("reason text %q", txt)
	}
	// Two completions, 2 s and 4 s: the median is their mean.
	if d, ok := in.MedianToComplete(Send); !ok || d != 3*time.Second {
		t.Errorf("median %v", d)
	}
}

func TestRatioBasisPointsRoundHalfUp(t *testing.T) {
	tests := []struct {
		r  Ratio
		bp int64
		ok bool
	}{
		{Ratio{1, 20_000}, 1, true}, // 0.5 bp
		{Ratio{1, 20_001}, 0, true}, // just under
		{Ratio{3, 20_000}, 2, true}, // 1.5 bp
		{Ratio{1, 3}, 3333, true},
		{Ratio{2, 3}, 6667, true},
		{Ratio{5, 5}, 10_000, true},
		{Ratio{0, 7}, 0, true},
		{Ratio{-1, 20_000}, -1, true}, // half away from zero for a negative share
		{Ratio{math.MaxInt64, math.MaxInt64}, 10_000, true},
		{Ratio{math.MaxInt64 / 3, math.MaxInt64}, 3333, true},
		{Ratio{math.MaxInt64, 1}, 0, false}, // too many basis points for an int64
		{Ratio{1, 0}, 0, false},
	}
	for _, tt := range tests {
		if bp, ok := tt.r.BasisPoints(); bp != tt.bp || ok != tt.ok {
			t.Errorf("%v: %d %v, want %d %v", tt.r, bp, ok, tt.bp, tt.ok)
		}
	}
}

func TestInsightsAcrossDaylightSaving(t *testing.T) {
	ny := newYork(t)
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// 7 to 10 March 2026, New York days: 8 March runs from 05:00Z to 04:00Z
	// on the 9th (23 hours).
	spring := []Payment{
		ipay("a", Receive, StatusCompleted, 1_000, 0, utc("2026-03-08T04:00:00Z"), utc("2026-03-08T04:59:59.999999999Z")), // 23:59:59.999999999 EST, 7 March
		ipay("b", Receive, StatusCompleted, 20_000, 0, utc("2026-03-08T05:00:00Z"), utc("2026-03-08T05:30:00Z")),          // 00:30 EST, 8 March
		ipay("c", Receive, StatusCompleted, 300_000, 0, utc("2026-03-09T03:00:00Z"), utc("2026-03-09T03:30:00Z")),         // 23:30 EDT, 8 March
		ipay("d", Send, StatusCompleted, 4_000_000, 5, utc("2026-03-09T03:59:00Z"), utc("2026-03-09T04:00:00Z")),          // 00:00 EDT, 9 March exactly
	}
	in := mustInsights(t, time.Date(2026, 3, 7, 0, 0, 0, 0, ny), time.Date(2026, 3, 10, 0, 0, 0, 0, ny), PeriodDay, ny, spring...)
	bs := in.Buckets()
	if bs[0].In != 1_000 || bs[1].In != 320_000 || bs[1].Out != 0 || bs[2].Out != 4_000_000 || bs[2].Fees != 5 {
		t.Errorf("spring days: %+v", bs)
	}
	// By creation: a (7 March), b and c (8 March), d (8 March, 23:59 EDT).
	if bs[0].Created != 1 || bs[1].Created != 3 || bs[2].Created != 0 {
		t.Errorf("spring days created: %d %d %d", bs[0].Created, bs[1].Created, bs[2].Created)
	}
	// 1 November 2026 runs from 04:00Z to 05:00Z on the 2nd (25 hours): a
	// payment at 04:30Z on the 2nd is 23:30 EST on the 1st, which a UTC
	// day would put on the 2nd.
	fall := []Payment{
		ipay("e", Receive, StatusCompleted, 7_000, 0, utc("2026-11-01T05:30:00Z"), utc("2026-11-01T05:30:00Z")),  // 01:30 EDT
		ipay("f", Receive, StatusCompleted, 80_000, 0, utc("2026-11-01T06:30:00Z"), utc("2026-11-01T06:30:00Z")), // 01:30 EST
		ipay("g", Receive, StatusCompleted, 900_000, 0, utc("2026-11-02T04:30:00Z"), utc("2026-11-02T04:30:00Z")),
		ipay("h", Receive, StatusCompleted, 1, 0, utc("2026-11-02T05:00:00Z"), utc("2026-11-02T05:00:00Z")), // midnight EST, 2 November
	}
	days := mustInsights(t, time.Date(2026, 11, 1, 0, 0, 0, 0, ny), time.Date(2026, 11, 3, 0, 0, 0, 0, ny), PeriodDay, ny, fall...).Buckets()
	if days[0].In != 987_000 || days[1].In != 1 || days[0].End.Sub(days[0].Start) != 25*time.Hour {
		t.Errorf("fall days: %+v", days)
	}
	// By the hour, the two 01:30s are in different buckets: 01:00 EDT and 01:00 EST.
	hours := mustInsights(t, time.Date(2026, 11, 1, 0, 0, 0, 0, ny), time.Date(2026, 11, 1, 3, 0, 0, 0, ny), PeriodHour, ny, fall...).Buckets()
	if len(hours) != 4 || hours[1].In != 7_000 || hours[2].In != 80_000 || hours[0].In != 0 || hours[3].In != 0 {
		t.Errorf("fall hours: %+v", hours)
	}
}

func TestInsightsBucketBoundaries(t *testing.T) {
	ny := newYork(t)
	from := time.Date(2026, 3, 8, 10, 30, 0, 0, ny)
	to := time.Date(2026, 3, 8, 13, 0, 0, 0, ny)
	noon := time.Date(2026, 3, 8, 12, 0, 0, 0, ny)
	ps := []Payment{
		ipay("at-from", Receive, StatusCompleted, 1, 0, from, from),                                    // counts, first bucket
		ipay("before-from", Receive, StatusCompleted, 10, 0, from.Add(-time.Nanosecond), from.Add(-1)), // outside
		ipay("at-noon", Receive, StatusCompleted, 100, 0, noon, noon),                                  // the 12:00 bucket, not 11:00's
		ipay("last-ns", Receive, StatusCompleted, 1_000, 0, to.Add(-1), to.Add(-1)),                    // the last bucket
		ipay("at-to", Receive, StatusCompleted, 10_000, 0, to, to),                                     // outside: the range is [from, to)
		// Made before the range, completed in it: its money counts, it does not.
		ipay("settled-inside", Receive, StatusCompleted, 100_000, 0, from.Add(-time.Hour), from.Add(time.Minute)),
		// Made in the range, completed after it: it counts, its money does not.
		ipay("settled-after", Send, StatusCompleted, 1_000_000, 7, to.Add(-time.Minute), to.Add(time.Minute)),
	}
	in := mustInsights(t, from, to, PeriodHour, ny, ps...)
	bs := in.Buckets()
	if len(bs) != 3 || !bs[0].Start.Equal(from) || bs[0].End.Sub(bs[0].Start) != 30*time.Minute {
		t.Fatalf("buckets %+v", bs)
	}
	if bs[0].In != 100_001 || bs[1].In != 0 || bs[2].In != 1_100 || bs[2].Out != 0 {
		t.Errorf("money by bucket: %d %d %d, out %d", bs[0].In, bs[1].In, bs[2].In, bs[2].Out)
	}
	if bs[0].Created != 1 || bs[2].Created != 3 || in.Totals().Created != 4 {
		t.Errorf("created by bucket: %d %d %d", bs[0].Created, bs[1].Created, bs[2].Created)
	}
	if tot := in.Totals(); tot.Received != 4 || tot.Sent != 0 || tot.ByStatus[StatusCompleted] != 4 {
		t.Errorf("totals %+v", tot)
	}
	if ss := in.SendSuccess(); ss != (Ratio{1, 1}) {
		t.Errorf("the send made in the range completed: %v", ss)
	}
}

func TestInsightsAddReplacesAnEarlierState(t *testing.T) {
	ny := newYork(t)
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, ny)
	to := from.AddDate(0, 0, 7)
	at := func(h int) time.Time { return from.Add(time.Duration(h) * time.Hour) }
	in := mustInsights(t, from, to, PeriodDay, ny)

	in.Add(ipay("s", Send, StatusSending, 1_000_000, 0, at(1), at(1)))
	if tot := in.Totals(); tot.Created != 1 || tot.ByStatus[StatusSending] != 1 || tot.Out != 0 {
		t.Errorf("sending: %+v", tot)
	}
	done := ipay("s", Send, StatusCompleted, 1_000_000, 2_000, at(1), at(1).Add(time.Second))
	in.Add(done)
	in.Add(done) // seen twice: no change
	tot := in.Totals()
	if tot.Created != 1 || len(tot.ByStatus) != 1 || tot.ByStatus[StatusCompleted] != 1 || tot.Out != 1_000_000 || tot.Fees != 2_000 || tot.Sent != 1 {
		t.Errorf("completed: %+v", tot)
	}
	// Three more completions (2 s, 10 s, 20 s): median of 1, 2, 10, 20 s is 6 s.
	in.Add(ipay("a", Receive, StatusCompleted, 5, 0, at(2), at(2).Add(2*time.Second)))
	in.Add(ipay("b", Receive, StatusCompleted, 5, 0, at(3), at(3).Add(10*time.Second)))
	in.Add(ipay("c", Receive, StatusCompleted, 5, 0, at(4), at(4).Add(20*time.Second)))
	if d, _ := in.MedianToComplete(""); d != 6*time.Second {
		t.Errorf("median of four: %v", d)
	}
	// Taking back the first (its slot is refilled by the last) and then
	// the one moved: what remains is 2 s and 10 s, then 2 s alone.
	in.Add(failed(ipay("s", Send, StatusSending, 1_000_000, 0, at(1), at(1)), "send_failed", "no_route"))
	if d, _ := in.MedianToComplete(""); d != 10*time.Second {
		t.Errorf("median of 2, 10, 20 s: %v", d)
	}
	in.Add(ipay("c", Receive, StatusReceiving, 5, 0, at(4), at(4)))
	if d, _ := in.MedianToComplete(""); d != 6*time.Second {
		t.Errorf("median of 2, 10 s: %v", d)
	}
	// A policy check is never counted, and one seen before is taken back.
	check := ipay("chk", Send, StatusSending, 9, 0, at(5), at(5))
	in.Add(check)
	check.Metadata = map[string]string{PolicyCheckKey: "policy"}
	in.Add(check)
	// Whatever the order of states, the figures are those of building from
	// the final states.
	fresh := mustInsights(t, from, to, PeriodDay, ny,
		failed(ipay("s", Send, StatusSending, 1_000_000, 0, at(1), at(1)), "send_failed", "no_route"),
		ipay("a", Receive, StatusCompleted, 5, 0, at(2), at(2).Add(2*time.Second)),
		ipay("b", Receive, StatusCompleted, 5, 0, at(3), at(3).Add(10*time.Second)),
		ipay("c", Receive, StatusReceiving, 5, 0, at(4), at(4)))
	if !reflect.DeepEqual(in.Buckets(), fresh.Buckets()) || !reflect.DeepEqual(in.Totals(), fresh.Totals()) ||
		!reflect.DeepEqual(in.TopFailures(3), fresh.TopFailures(3)) || in.SendSuccess() != fresh.SendSuccess() {
		t.Errorf("updated in place:\n%+v\n%+v\nfrom scratch:\n%+v\n%+v", in.Buckets(), in.Totals(), fresh.Buckets(), fresh.Totals())
	}
	if len(in.byID) != 4 {
		t.Errorf("%d contributions kept, want 4", len(in.byID))
	}
}

// TestInsightsAddAllocatesNothing: replacing a payment's state costs no
// allocation, so a live screen can follow every change.
func TestInsightsAddAllocatesNothing(t *testing.T) {
	ny := newYork(t)
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, ny)
	in := mustInsights(t, from, from.AddDate(0, 0, 30), PeriodDay, ny)
	sending := ipay("s", Send, StatusSending, 1_000_000, 0, from.Add(time.Hour), from.Add(time.Hour))
	done := ipay("s", Send, StatusCompleted, 1_000_000, 12, from.Add(time.Hour), from.Add(time.Hour+time.Second))
	in.Add(done)
	if n := testing.AllocsPerRun(100, func() { in.Add(sending); in.Add(done) }); n != 0 {
		t.Errorf("%v allocations per two updates", n)
	}
}

func ledgerAt(typ LedgerEventType, amount MilliSats, hold string, at time.Time) LedgerEvent {
	e := LedgerEvent{Type: typ, HoldID: hold, EffectiveTime: at}
	if typ == LedgerReleased {
		e.Currency = BTC
	} else {
		e.Amount = &Amount{Amount: int64(amount), Currency: BTC, Unit: "msats"}
	}
	return e
}

// The ledger of the balance tests, New York time, 6 to 9 March 2026.
func testLedger(ny *time.Location) []LedgerEvent {
	at := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, ny) }
	return []LedgerEvent{
		ledgerAt(LedgerCredited, 10_000_000, "", at(6, 12)),         // before the range: 10,000,000
		ledgerAt(LedgerHeld, 2_000_000, "h1", at(7, 9)),             // holds move only what is available
		ledgerAt(LedgerCaptured, 1_500_000, "h1", at(7, 10)),        // 8,500,000
		ledgerAt(LedgerCredited, 500_000, "", at(8, 1)),             // 9,000,000 (01:00 EST)
		ledgerAt(LedgerWithdrawn, 4_000_000, "", at(8, 5)),          // 5,000,000 (05:00 EDT)
		ledgerAt(LedgerCredited, -300_000, "", at(8, 6)),            // a refund taken back: 4,700,000
		ledgerAt(LedgerCredited, 1_000_000, "", at(8, 23)),          // 5,700,000
		ledgerAt(LedgerHeld, 50_000, "h2", at(9, 2)),                // open at the end
		ledgerAt(LedgerCredited, 7, "", at(10, 0)),                  // from the range's end on: ignored
		ledgerAt(LedgerReleased, 0, "h2", at(10, 1).Add(time.Hour)), // after the end too
	}
}

func TestInsightsBalanceLine(t *testing.T) {
	ny := newYork(t)
	from, to := time.Date(2026, 3, 7, 0, 0, 0, 0, ny), time.Date(2026, 3, 10, 0, 0, 0, 0, ny)
	in := mustInsights(t, from, to, PeriodDay, ny)
	if in.HasLedger() {
		t.Error("a ledger before any was given")
	}
	in.SetLedger(0, testLedger(ny))
	type line struct{ open, close, low, high MilliSats }
	want := []line{
		{10_000_000, 8_500_000, 8_500_000, 10_000_000},
		{8_500_000, 5_700_000, 4_700_000, 9_000_000},
		{5_700_000, 5_700_000, 5_700_000, 5_700_000},
	}
	check := func(what string, in *Insights) {
		t.Helper()
		for i, b := range in.Buckets() {
			if got := (line{b.Open, b.Close, b.Low, b.High}); got != want[i] {
				t.Errorf("%s: day %d: %+v, want %+v", what, i, got, want[i])
			}
		}
	}
	check("whole ledger", in)
	if in.Buckets()[1].LedgerMovements != 4 || in.Buckets()[0].LedgerMovements != 1 {
		t.Errorf("movements %d %d", in.Buckets()[0].LedgerMovements, in.Buckets()[1].LedgerMovements)
	}
	// From the range's start only, with the opening worked back from the
	// total now.
	events := testLedger(ny)
	var total MilliSats
	for _, e := range events {
		total += e.TotalDelta()
	}
	since := events[1:]
	if open := BalanceBefore(total, since, from); open != 10_000_000 {
		t.Errorf("balance before the range %d", open)
	}
	part := mustInsights(t, from, to, PeriodDay, ny)
	part.SetLedger(BalanceBefore(total, since, from), since)
	check("since the start", part)
	// Entries added as they come: a capture on the 9th, then one that
	// arrives late for the 7th.
	in.AddLedger(ledgerAt(LedgerCaptured, 200_000, "h2", time.Date(2026, 3, 9, 3, 0, 0, 0, ny)))
	want[2] = line{5_700_000, 5_500_000, 5_500_000, 5_700_000}
	check("one added", in)
	in.AddLedger(ledgerAt(LedgerCredited, 100, "", time.Date(2026, 3, 7, 23, 0, 0, 0, ny)))
	want = []line{
		{10_000_000, 8_500_100, 8_500_000, 10_000_000},
		{8_500_100, 5_700_100, 4_700_100, 9_000_100},
		{5_700_100, 5_500_100, 5_500_100, 5_700_100},
	}
	check("one added late", in)
	// A credit before the range moves every day.
	in.AddLedger(ledgerAt(LedgerCredited, 1, "", time.Date(2026, 3, 1, 0, 0, 0, 0, ny)))
	for i := range want {
		want[i] = line{want[i].open + 1, want[i].close + 1, want[i].low + 1, want[i].high + 1}
	}
	check("one added before the range", in)
	// Added after the last entry but before the range's end, the quick way
	// agrees with drawing the whole line again.
	all := append(testLedger(ny), ledgerAt(LedgerCaptured, 200_000, "h2", time.Date(2026, 3, 9, 3, 0, 0, 0, ny)),
		ledgerAt(LedgerCredited, 100, "", time.Date(2026, 3, 7, 23, 0, 0, 0, ny)),
		ledgerAt(LedgerCredited, 1, "", time.Date(2026, 3, 1, 0, 0, 0, 0, ny)))
	redrawn := mustInsights(t, from, to, PeriodDay, ny)
	redrawn.SetLedger(0, all)
	if !reflect.DeepEqual(in.Buckets(), redrawn.Buckets()) {
		t.Errorf("incremental %+v\nredrawn %+v", in.Buckets(), redrawn.Buckets())
	}
}

func TestReconcile(t *testing.T) {
	ny := newYork(t)
	events := testLedger(ny)[:8] // through the open hold on the 9th
	last := events[len(events)-1].EffectiveTime
	wallet := func(total MilliSats, asOf time.Time, holds ...MilliSats) Wallet {
		w := Wallet{ID: "w", Balances: []Balance{{Total: NewSignedAmount(total), Currency: BTC, EffectiveTime: asOf}}}
		for _, h := range holds {
			w.Holds = append(w.Holds, Hold{Amount: NewSignedAmount(h)})
		}
		return w
	}
	r := Reconcile(wallet(5_700_000, last, 50_000), events)
	if !r.Agree || r.Difference != 0 || r.Ledger != 5_700_000 || !r.HoldsAgree || r.HeldLedger != 50_000 || r.FirstBad != -1 || r.Entries != 8 {
		t.Errorf("agreeing: %+v", r)
	}
	// The balance was read before the last credit: it is later, not wrong.
	r = Reconcile(wallet(4_700_000, time.Date(2026, 3, 8, 12, 0, 0, 0, ny), 0), events[:7])
	if !r.Agree || r.Later != 1_000_000 || r.Ledger != 5_700_000 || r.Difference != -1_000_000 {
		t.Errorf("balance read earlier: %+v", r)
	}
	// 100,000 msats the ledger does not account for, and no entry to blame.
	r = Reconcile(wallet(5_800_000, last, 50_000), events)
	if r.Agree || r.Difference != 100_000 || r.FirstBad != -1 {
		t.Errorf("disagreeing: %+v", r)
	}
	// A hold the wallet no longer shows, which the ledger never released.
	if r = Reconcile(wallet(5_700_000, last), events); r.HoldsAgree || r.HeldReported != 0 || r.HeldLedger != 50_000 {
		t.Errorf("holds: %+v", r)
	}
	// Entries that cannot be right, found in time order whatever the order given.
	at := time.Date(2026, 3, 8, 12, 0, 0, 0, ny)
	bad := []struct {
		extra LedgerEvent
		why   string
	}{
		{ledgerAt(LedgerCaptured, 1, "nope", at), "never placed"},
		{ledgerAt(LedgerReleased, 0, "h1", at), "already closed"},
		{ledgerAt(LedgerHeld, 5, "h1", at), "placed twice"},
	}
	for _, b := range bad {
		evs := append([]LedgerEvent{b.extra}, events...)
		r := Reconcile(wallet(5_700_000, last, 50_000), evs)
		if r.FirstBad != 6 || !strings.Contains(r.FirstBadWhy, b.why) {
			t.Errorf("%s: first bad %d %q", b.why, r.FirstBad, r.FirstBadWhy)
		}
	}
	over := append(slicesClone(events[:2]), ledgerAt(LedgerCaptured, 2_000_001, "h1", at))
	if r := Reconcile(wallet(0, time.Time{}), over); r.FirstBad != 2 || !strings.Contains(r.FirstBadWhy, "of a hold of 2,000") {
		t.Errorf("over-capture: %d %q", r.FirstBad, r.FirstBadWhy)
	}
	// No balance time: every entry counts.
	if r := Reconcile(wallet(5_700_000, time.Time{}, 50_000), events); !r.Agree || r.Later != 0 {
		t.Errorf("no balance time: %+v", r)
	}
}

func slicesClone(e []LedgerEvent) []LedgerEvent { return append([]LedgerEvent(nil), e...) }

// benchPayments is n payments made between from and to: two receives to
// a send, nine in ten completed, the rest failed for one of three reasons.
func benchPayments(n int, from, to time.Time) []Payment {
	ps := make([]Payment, n)
	span := to.Sub(from)
	reasons := []string{"no_route", "invalid_bolt11_invoice", "timeout"}
	for i := range ps {
		created := from.Add(time.Duration(int64(span) / int64(n) * int64(i)))
		dir := Receive
		if i%3 == 2 {
			dir = Send
		}
		p := ipay("p"+strconv.Itoa(i), dir, StatusCompleted, MilliSats(1_000+i%5_000*1_000), MilliSats(i%97), created,
			created.Add(time.Duration(i%600)*time.Second))
		if i%10 == 9 {
			p = failed(p, "send_failed", reasons[i%3])
		}
		ps[i] = p
	}
	return ps
}

// BenchmarkInsightsBuild builds 90 days of insights by the day from
// 100,000 payments.
func BenchmarkInsightsBuild(b *testing.B) {
	ny := newYork(b)
	to := time.Date(2026, 4, 1, 0, 0, 0, 0, ny)
	from := to.AddDate(0, 0, -90)
	ps := benchPayments(100_000, from, to)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		in, err := BuildInsights(from, to, PeriodDay, ny, ps)
		if err != nil || in.Totals().Created != len(ps) {
			b.Fatal(err, in.Totals().Created)
		}
		if _, ok := in.MedianToComplete(""); !ok {
			b.Fatal("no median")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(ps)), "ns/payment")
}

// BenchmarkInsightsAdd is one payment changing state (sending, then
// completed) in insights of 100,000.
func BenchmarkInsightsAdd(b *testing.B) {
	ny := newYork(b)
	to := time.Date(2026, 4, 1, 0, 0, 0, 0, ny)
	from := to.AddDate(0, 0, -90)
	ps := benchPayments(100_000, from, to)
	in, err := BuildInsights(from, to, PeriodDay, ny, ps)
	if err != nil {
		b.Fatal(err)
	}
	done := ps[len(ps)-1]
	pending := done
	pending.Status, pending.Error = StatusSending, nil
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 {
			in.Add(pending)
		} else {
			in.Add(done)
		}
	}
}

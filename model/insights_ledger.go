package model

import (
	"slices"
	"time"
)

// The balance line and reconciliation read a wallet's ledger
// (get_wallet_ledger_as_user, schema LedgerEvent): each entry's
// TotalDelta moves the wallet's total balance (credited and deposited
// up, captured and withdrawn down; held and released move only what is
// available). LedgerEvent carries no "balance after" field, so a running
// sum is all the ledger says of the balance.

func byEffectiveTime(a, b LedgerEvent) int { return a.EffectiveTime.Compare(b.EffectiveTime) }

// BalanceBefore is what a wallet's total was just before at, given its
// total now and the ledger entries effective at or after at: for a range
// whose start is later than the ledger's beginning, without reading the
// whole ledger.
func BalanceBefore(total MilliSats, since []LedgerEvent, at time.Time) MilliSats {
	for _, e := range since {
		if !e.EffectiveTime.Before(at) {
			total -= e.TotalDelta()
		}
	}
	return total
}

// SetLedger gives the insights a wallet's ledger for the balance line:
// opening is its total before the first of events (zero when events
// start at the wallet's beginning; see BalanceBefore). Entries before the
// range fold into the balance its first bucket opens with; entries from
// its end on are ignored. The events are copied.
func (in *Insights) SetLedger(opening MilliSats, events []LedgerEvent) {
	in.ledger = append(in.ledger[:0], events...)
	slices.SortStableFunc(in.ledger, byEffectiveTime)
	in.opening, in.ledgerKnown = opening, true
	in.balanceLine()
}

// AddLedger adds entries to the ledger given to SetLedger (from an opening
// of zero if none was). Entries later than every one before (the usual
// case: the ledger grows at its end) update the line from their bucket
// on; an earlier one redraws it.
func (in *Insights) AddLedger(events ...LedgerEvent) {
	if !in.ledgerKnown {
		in.SetLedger(0, events)
		return
	}
	for _, e := range events {
		if n := len(in.ledger); n > 0 && e.EffectiveTime.Before(in.ledger[n-1].EffectiveTime) {
			in.ledger = append(in.ledger, e)
			slices.SortStableFunc(in.ledger, byEffectiveTime)
			in.balanceLine()
			continue
		}
		in.ledger = append(in.ledger, e)
		in.moveBalance(e)
	}
}

// moveBalance applies one entry, later than any before it, to the line.
func (in *Insights) moveBalance(e LedgerEvent) {
	delta := e.TotalDelta()
	if !e.EffectiveTime.Before(in.to) || delta == 0 {
		return
	}
	first := 0
	if i := in.bucket(e.EffectiveTime); i >= 0 {
		b := &in.buckets[i]
		b.Close += delta
		b.Low, b.High = min(b.Low, b.Close), max(b.High, b.Close)
		b.LedgerMovements++
		first = int(i) + 1
	}
	for i := first; i < len(in.buckets); i++ { // later buckets open where this one closes
		b := &in.buckets[i]
		b.Open, b.Close, b.Low, b.High = b.Open+delta, b.Close+delta, b.Low+delta, b.High+delta
	}
}

// balanceLine draws every bucket's open, close, low and high from the
// opening and the sorted ledger.
func (in *Insights) balanceLine() {
	bal, k := in.opening, 0
	for k < len(in.ledger) && in.ledger[k].EffectiveTime.Before(in.from) {
		bal += in.ledger[k].TotalDelta()
		k++
	}
	for i := range in.buckets {
		b := &in.buckets[i]
		b.Open, b.Low, b.High, b.LedgerMovements = bal, bal, bal, 0
		for ; k < len(in.ledger) && in.ledger[k].EffectiveTime.Before(b.End); k++ {
			if d := in.ledger[k].TotalDelta(); d != 0 {
				bal += d
				b.Low, b.High = min(b.Low, bal), max(b.High, bal)
				b.LedgerMovements++
			}
		}
		b.Close = bal
	}
}

// HasLedger reports whether the buckets' balance figures come from a
// ledger (SetLedger or AddLedger).
func (in *Insights) HasLedger() bool { return in.ledgerKnown }

// Reconciliation is whether a wallet's ledger accounts for the balance
// the API reports.
type Reconciliation struct {
	WalletID string
	// Reported is the wallet's total balance (schema Balance), as of AsOf,
	// its effective time (zero when the API gave none: then every entry
	// counts).
	Reported MilliSats
	AsOf     time.Time
	// Ledger is the running sum of every entry; Later is that of the
	// entries effective after AsOf, which a balance read earlier may not
	// include yet.
	Ledger, Later MilliSats
	Entries       int
	// Agree: Reported is Ledger, or Ledger less Later (the balance is
	// older than the last entries). Difference is Reported − Ledger.
	Agree      bool
	Difference MilliSats
	// HeldReported is the sum of the wallet's holds, HeldLedger that of
	// the holds the ledger placed and has not captured or released.
	HeldReported, HeldLedger MilliSats
	HoldsAgree               bool
	// FirstBad is the index (in effective-time order) of the first entry
	// that cannot be right whatever the balance: a capture or release of
	// a hold the ledger never placed or already closed, a hold id placed
	// twice, a capture of more than was held. -1 when none. Without a
	// balance-after field in LedgerEvent, a disagreement with no such
	// entry cannot be placed.
	FirstBad    int
	FirstBadWhy string
}

// Reconcile holds a wallet's ledger (every entry, from its beginning) to
// the balance the API reports for it.
func Reconcile(w Wallet, events []LedgerEvent) Reconciliation {
	bal, _ := w.BTCBalance()
	r := Reconciliation{WalletID: w.ID, Reported: bal.Total.MilliSats(), AsOf: bal.EffectiveTime,
		HeldReported: w.Held(), Entries: len(events), FirstBad: -1}
	sorted := slices.Clone(events)
	slices.SortStableFunc(sorted, byEffectiveTime)
	open := map[string]MilliSats{}
	placed := map[string]bool{}
	bad := func(i int, why string) {
		if r.FirstBad < 0 {
			r.FirstBad, r.FirstBadWhy = i, why
		}
	}
	for i, e := range sorted {
		r.Ledger += e.TotalDelta()
		if !r.AsOf.IsZero() && e.EffectiveTime.After(r.AsOf) {
			r.Later += e.TotalDelta()
		}
		switch e.Type {
		case LedgerHeld:
			if placed[e.HoldID] {
				bad(i, "hold "+e.HoldID+" is placed twice")
			}
			placed[e.HoldID], open[e.HoldID] = true, e.Msats()
		case LedgerCaptured, LedgerReleased:
			held, isOpen := open[e.HoldID]
			switch {
			case !isOpen && placed[e.HoldID]:
				bad(i, string(e.Type)+" hold "+e.HoldID+", already closed")
			case !isOpen:
				bad(i, string(e.Type)+" hold "+e.HoldID+", which the ledger never placed")
			case e.Type == LedgerCaptured && e.Msats() > held:
				bad(i, "captures "+e.Msats().FormatSats()+" of a hold of "+held.FormatSats())
			}
			delete(open, e.HoldID)
		}
	}
	for _, m := range open {
		r.HeldLedger += m
	}
	r.Difference = r.Reported - r.Ledger
	r.Agree = r.Difference == 0 || r.Difference == -r.Later
	r.HoldsAgree = r.HeldLedger == r.HeldReported
	return r
}

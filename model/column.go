package model

import "strings"

// Column formats the amounts of one table column so that they line up on
// the decimal point: every figure carries as many decimals as the most
// precise amount in the column needs, and no more. A column of whole sats
// shows none; one millisat in it gives every row three.
type Column struct {
	lens     Lens
	decimals int
}

// NewColumn fits a column seen through l to the amounts it will show.
func NewColumn(l Lens, amounts ...MilliSats) Column {
	c := Column{lens: l}
	switch l.Shown() {
	case UnitBTC:
		c.decimals = 8
	case UnitUSD:
		c.decimals = 2
	}
	for _, m := range amounts {
		c.decimals = max(c.decimals, decimalsOf(m, l))
	}
	return c
}

// decimalsOf is how many decimals m needs in l.
func decimalsOf(m MilliSats, l Lens) int {
	s := l.Figure(m)
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

// Figure is m with the column's decimals.
func (c Column) Figure(m MilliSats) string {
	s := c.lens.Figure(m)
	whole, frac, _ := strings.Cut(s, ".")
	if c.decimals == 0 {
		return whole
	}
	return whole + "." + frac + strings.Repeat("0", c.decimals-len(frac))
}

// Fit is the column widened, if it must be, to show m; wider reports that
// it was, so that figures made before are made again.
func (c Column) Fit(m MilliSats) (fitted Column, wider bool) {
	if d := decimalsOf(m, c.lens); d > c.decimals {
		c.decimals = d
		return c, true
	}
	return c, false
}

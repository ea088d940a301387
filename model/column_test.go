package model

import "testing"

func TestColumnsAlignOnTheDecimalPoint(t *testing.T) {
	for _, tt := range []struct {
		unit    Unit
		amounts []MilliSats
		want    []string
	}{
		{UnitSats, []MilliSats{Sats(2_492_966), Sats(10)}, []string{"2,492,966", "10"}},
		{UnitSats, []MilliSats{2_378_406_967, 2_492_966_400, Sats(5)}, []string{"2,378,406.967", "2,492,966.400", "5.000"}},
		{UnitSats, []MilliSats{1_500, Sats(2)}, []string{"1.5", "2.0"}},
		{UnitSats, []MilliSats{-1_250, 0}, []string{"-1.25", "0.00"}},
		{UnitBTC, []MilliSats{Sats(1), Sats(100_000_000)}, []string{"0.00000001", "1.00000000"}},
		{UnitBTC, []MilliSats{1, Sats(1)}, []string{"0.00000000001", "0.00000001000"}},
	} {
		c := NewColumn(tt.unit.Lens(), tt.amounts...)
		for i, m := range tt.amounts {
			if got := c.Figure(m); got != tt.want[i] {
				t.Errorf("%v in a column of %v: %q, want %q", m, tt.amounts, got, tt.want[i])
			}
		}
	}
}

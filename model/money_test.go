package model

import (
	"errors"
	"testing"
)

func TestParseMilliSats(t *testing.T) {
	tests := []struct {
		in   string
		want MilliSats
		err  error
	}{
		{"1500", 1_500_000, nil},
		{"1,500", 1_500_000, nil},
		{"1_500", 1_500_000, nil},
		{"1500 sats", 1_500_000, nil},
		{"1500sat", 1_500_000, nil},
		{"  1500 SATS ", 1_500_000, nil},
		{"0.00001 btc", 1_000_000, nil},
		{"0.00001BTC", 1_000_000, nil},
		{"1 btc", 100_000_000_000, nil},
		{"2.5k", 2_500_000, nil},
		{"2.5 k", 2_500_000, nil},
		{"1500000 msat", 1_500_000, nil},
		{"1 msats", 1, nil},
		{"0.001", 1, nil},
		{"1.5", 1_500, nil},
		{"1.500000", 1_500, nil}, // trailing zeros are not extra precision
		{".5", 500, nil},
		{"5.", 5_000, nil},
		{"0", 0, nil},
		{"1,234,567", 1_234_567_000, nil},
		{"21000000 btc", MaxMilliSats, nil},

		{"", 0, ErrAmountEmpty},
		{"   ", 0, ErrAmountEmpty},
		{"-5", 0, ErrAmountNegative},
		{"- 5 sats", 0, ErrAmountNegative},
		{"21000000.00000000001 btc", 0, ErrAmountTooLarge},
		{"99999999999999999999999", 0, ErrAmountTooLarge},
		{"1.0001", 0, ErrAmountPrecision},
		{"0.000000000001 btc", 0, ErrAmountPrecision},
		{"1.5 msat", 0, ErrAmountPrecision},
		{"abc", 0, ErrAmountSyntax},
		{"1.2.3", 0, ErrAmountSyntax},
		{".", 0, ErrAmountSyntax},
		{"12 34", 0, ErrAmountSyntax},
		{"1e5", 0, ErrAmountSyntax},
		{"5 dollars", 0, ErrAmountUnit},
		{"1,50", 0, ErrAmountGrouping},
		{"1500,000", 0, ErrAmountGrouping},
		{",500", 0, ErrAmountGrouping},
		{"1,,500", 0, ErrAmountGrouping},
	}
	for _, tt := range tests {
		got, err := ParseMilliSats(tt.in)
		if !errors.Is(err, tt.err) {
			t.Errorf("ParseMilliSats(%q) error = %v, want %v", tt.in, err, tt.err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseMilliSats(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestAmountErrorsHaveDistinctMessages(t *testing.T) {
	inputs := []string{"", "-1", "99999999999999999999", "1.0001", "abc", "5 dollars", "1,50"}
	seen := map[string]string{}
	for _, in := range inputs {
		_, err := ParseMilliSats(in)
		if err == nil {
			t.Fatalf("ParseMilliSats(%q) accepted", in)
		}
		msg := err.Error()
		if other, dup := seen[msg]; dup {
			t.Errorf("%q and %q share the message %q", in, other, msg)
		}
		seen[msg] = in
	}
	_, err := ParsePositiveMilliSats("0 sats")
	if !errors.Is(err, ErrAmountZero) || err.Error() != "amount must be more than zero" {
		t.Errorf("zero: %v", err)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		m         MilliSats
		sats, btc string
	}{
		{0, "0", "0.00000000"},
		{1, "0.001", "0.00000000001"},
		{1_500_000, "1,500", "0.00001500"},
		{1_500_500, "1,500.5", "0.000015005"},
		{-2_500_000, "-2,500", "-0.00002500"},
		{100_000_000_000, "100,000,000", "1.00000000"},
		{MaxMilliSats, "2,100,000,000,000,000", "21,000,000.00000000"},
	}
	for _, tt := range tests {
		if got := tt.m.FormatSats(); got != tt.sats {
			t.Errorf("FormatSats(%d) = %q, want %q", tt.m, got, tt.sats)
		}
		if got := tt.m.FormatBTC(); got != tt.btc {
			t.Errorf("FormatBTC(%d) = %q, want %q", tt.m, got, tt.btc)
		}
	}
	if got := MilliSats(1_500_000).Format(UnitSats); got != "1,500 sats" {
		t.Errorf("Format sats = %q", got)
	}
	if got := MilliSats(1_500_000).Format(UnitBTC); got != "0.00001500 BTC" {
		t.Errorf("Format btc = %q", got)
	}
	if got := MilliSats(-1 << 63).FormatSats(); got != "-9,223,372,036,854,775.808" {
		t.Errorf("min int64 = %q", got)
	}
}

func TestDefaultMaxFee(t *testing.T) {
	for _, tt := range []struct{ amount, want MilliSats }{
		{0, 1000}, {50_000, 1000}, {100_000, 1000}, {1_000_000, 10_000}, {123_456_789, 1_234_567},
	} {
		if got := DefaultMaxFee(tt.amount); got != tt.want {
			t.Errorf("DefaultMaxFee(%d) = %d, want %d", tt.amount, got, tt.want)
		}
	}
}

// FuzzParseMilliSats checks that the parser never panics, never returns a
// negative or impossible amount, and that whatever it accepts survives
// being formatted and parsed again, in either unit.
func FuzzParseMilliSats(f *testing.F) {
	for _, s := range []string{"1500", "1,500", "1500 sats", "0.00001 btc", "2.5k", "1 msat",
		"-1", "1.0001", "1,50", "abc", "21000000 btc", "9999999999999999999", "0.", ".0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMilliSats(s)
		if err != nil {
			var ae *AmountError
			if !errors.As(err, &ae) || err.Error() == "" {
				t.Fatalf("ParseMilliSats(%q) returned a bare error %v", s, err)
			}
			return
		}
		if m < 0 || m > MaxMilliSats {
			t.Fatalf("ParseMilliSats(%q) = %d, outside [0, max]", s, m)
		}
		for _, u := range []Unit{UnitSats, UnitBTC} {
			back, err := ParseMilliSats(m.Format(u))
			if err != nil || back != m {
				t.Fatalf("round trip of %d via %q = %d, %v", m, m.Format(u), back, err)
			}
		}
	})
}

package model

import (
	"testing"
	"time"
)

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		24 * time.Hour: "24h", 2 * time.Minute: "2m", 90 * time.Minute: "1h30m", 70 * time.Minute: "1h10m",
		2*time.Minute + 13456*time.Millisecond: "2m13s", 2*time.Hour + 5*time.Second: "2h0m5s",
		250 * time.Millisecond: "250ms", 10 * time.Minute: "10m", 30 * time.Second: "30s",
	} {
		if got := ShortDuration(d); got != want {
			t.Errorf("ShortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

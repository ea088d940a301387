package model

import (
	"strings"
	"time"
)

// ShortDuration is a duration as a person writes it: 24h, 2m, 1h30m,
// 2m13s, rather than 24h0m0s or 2m13.456s; under a second it is as Go
// writes it (250ms).
func ShortDuration(d time.Duration) string {
	if d > -time.Second && d < time.Second {
		return d.String()
	}
	s := d.Round(time.Second).String() // 24h0m0s, 1h30m0s, 2m0s, 2m13s
	if t, ok := strings.CutSuffix(s, "m0s"); ok {
		s = t + "m" // 24h0m, 1h30m, 2m
		if t, ok := strings.CutSuffix(t, "h0"); ok {
			s = t + "h" // 24h
		}
	}
	return s
}

package model

import "time"

// Health is what a check of an account's connection found.
type Health struct {
	Wallets    int
	ServerTime time.Time     // zero when the server sent no Date header
	Skew       time.Duration // this machine's clock minus the server's
}

// MaxClockSkew is how far this machine's clock may be from Voltage's
// before expiry countdowns and webhook signatures go wrong.
const MaxClockSkew = time.Minute

// SkewTooLarge reports a clock further from the server's than MaxClockSkew.
func (h Health) SkewTooLarge() bool { return h.Skew > MaxClockSkew || h.Skew < -MaxClockSkew }

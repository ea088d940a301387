package model

import (
	"math"
	"time"
)

// NextPoll says how long to wait before asking again about a payment that
// was created elapsed ago and was last seen in status; false means the
// status is final and polling stops. The UI and the headless commands both
// follow it.
//
// Payments that settle by themselves (a send routing, an invoice being
// generated) are asked about quickly at first. A receive waiting for a
// person to pay is asked about every 2 s for its first 10 s (a payer with
// the QR code in front of them), then every 3.5 s: against the SDK's fixed
// 1 s polling that is under a third of the requests with a median
// detection delay under 2 s for a payer who pays within five minutes
// (TestDrillPollingAgainstTheSDK, docs/performance.md). After that the
// interval grows to 30 s, so an invoice that is never paid costs about 250
// requests an hour.
func NextPoll(elapsed time.Duration, status Status) (time.Duration, bool) {
	if status.IsFinal() {
		return 0, false
	}
	if status == StatusReceiving || !status.Known() {
		return awaitingPayer(elapsed), true
	}
	return settling(elapsed), true
}

// settling is for sending, approved and generating: usually seconds, but an
// on-chain send can take an hour.
func settling(elapsed time.Duration) time.Duration {
	switch {
	case elapsed < 2*time.Second:
		return 250 * time.Millisecond
	case elapsed < 10*time.Second:
		return 500 * time.Millisecond
	case elapsed < time.Minute:
		return time.Second
	}
	return grow(2*time.Second, elapsed-time.Minute)
}

func awaitingPayer(elapsed time.Duration) time.Duration {
	switch {
	case elapsed < 10*time.Second:
		return 2 * time.Second
	case elapsed < 5*time.Minute:
		return 3500 * time.Millisecond
	}
	return grow(3500*time.Millisecond, elapsed-5*time.Minute)
}

// grow stretches an interval by a quarter for every minute past a point,
// up to 30 s.
func grow(from, past time.Duration) time.Duration {
	const maxInterval = 30 * time.Second
	grown := float64(from) * math.Pow(1.25, past.Minutes())
	if grown >= float64(maxInterval) { // compared as a float: it can exceed int64
		return maxInterval
	}
	return time.Duration(grown).Round(time.Millisecond)
}

// PushFallback is the shortest poll interval while webhook pushes are
// arriving: each state change then comes by push within moments, and
// polling only catches a delivery that was lost.
const PushFallback = 15 * time.Second

// NextPollPushed is NextPoll while pushes arrive.
func NextPollPushed(elapsed time.Duration, status Status) (time.Duration, bool) {
	d, ok := NextPoll(elapsed, status)
	return max(d, PushFallback), ok
}

// NeverArrivedAfter is how many reads in a row that find nothing, once the
// client's grace for a payment it has just created is over, mean the
// payment never reached Voltage: watching stops, and a send is offered
// for resending.
const NeverArrivedAfter = 3

// DefaultRefresh is how often balances and history are read again when
// the configuration does not say.
const DefaultRefresh = 10 * time.Second

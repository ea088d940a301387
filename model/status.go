package model

// Direction says whether money leaves the wallet or arrives.
type Direction string

const (
	Send    Direction = "send"
	Receive Direction = "receive"
)

// Kind is how a payment travels. The payment object calls it "type"; the
// receive request calls it "payment_kind".
type Kind string

const (
	Bolt11       Kind = "bolt11"
	Onchain      Kind = "onchain"
	Bip21        Kind = "bip21"
	TaprootAsset Kind = "taprootasset"
)

// Supported reports whether voltdash can create and show payments of k; a
// Taproot Assets payment is listed but marked unsupported.
func (k Kind) Supported() bool { return k == Bolt11 || k == Onchain || k == Bip21 }

// Status is a payment's state. Sends use sending, approved, completed and
// failed; receives use approved, generating, receiving, completed, expired
// and failed. A value outside these is kept as it came, is not final and
// is never success.
type Status string

const (
	StatusSending    Status = "sending"
	StatusApproved   Status = "approved"
	StatusGenerating Status = "generating"
	StatusReceiving  Status = "receiving"
	StatusCompleted  Status = "completed"
	StatusFailed     Status = "failed"
	StatusExpired    Status = "expired"
)

// AllStatuses is every status the list filter accepts, in life-cycle order.
var AllStatuses = []Status{StatusSending, StatusApproved, StatusGenerating,
	StatusReceiving, StatusCompleted, StatusFailed, StatusExpired}

// Known reports whether s is one of the PaymentStatus schema's statuses.
func (s Status) Known() bool {
	for _, k := range AllStatuses {
		if s == k {
			return true
		}
	}
	return false
}

// IsFinal reports that s will not change again: stop polling.
func (s Status) IsFinal() bool {
	return s == StatusCompleted || s == StatusFailed || s == StatusExpired
}

// Succeeded is true only for completed; an unknown status is not success.
func (s Status) Succeeded() bool { return s == StatusCompleted }

// IsPending is the complement of IsFinal for statuses we know; an unknown
// status counts as pending so that it keeps being watched.
func (s Status) IsPending() bool { return !s.IsFinal() }

// Valid reports whether s may be the status of a payment going direction d.
func (s Status) Valid(d Direction) bool {
	_, ok := transitions[d][s]
	return ok
}

// transitions lists, for each direction, where each status may go next (the
// SendStatus and ReceiveStatus schemas, and the lifecycle in the Payments
// tag's description). Sends may skip approved; receives may start at approved
// or generating.
var transitions = map[Direction]map[Status][]Status{
	Send: {
		StatusSending:   {StatusApproved, StatusCompleted, StatusFailed},
		StatusApproved:  {StatusCompleted, StatusFailed},
		StatusCompleted: nil,
		StatusFailed:    nil,
	},
	Receive: {
		StatusApproved:   {StatusGenerating, StatusReceiving, StatusFailed},
		StatusGenerating: {StatusReceiving, StatusFailed},
		StatusReceiving:  {StatusCompleted, StatusExpired, StatusFailed},
		StatusCompleted:  nil,
		StatusExpired:    nil,
		StatusFailed:     nil,
	},
}

// CanTransition reports whether a payment going d may move from one status
// to another, directly or by skipping intermediate states that a poller
// missed. Staying put is allowed. Moving backwards is not: a late, stale
// answer must not undo a newer one.
func CanTransition(d Direction, from, to Status) bool {
	if from == to {
		return true
	}
	if !from.Known() || !to.Known() {
		return !from.IsFinal() // an unknown status never overrides a final one
	}
	seen := map[Status]bool{}
	var reach func(Status) bool
	reach = func(s Status) bool {
		for _, next := range transitions[d][s] {
			if next == to {
				return true
			}
			if !seen[next] {
				seen[next] = true
				if reach(next) {
					return true
				}
			}
		}
		return false
	}
	return reach(from)
}

// StartStatus is the status a new payment of direction d begins in on
// Voltage.
func StartStatus(d Direction) Status {
	if d == Send {
		return StatusSending
	}
	return StatusGenerating
}

// PendingStatuses are the statuses of payments not yet final, as the
// "pending" filters of History and voltdash history ask for them.
var PendingStatuses = []Status{StatusSending, StatusApproved, StatusGenerating, StatusReceiving}

// Title names what a receive of kind k gives the payer.
func (k Kind) Title() string {
	switch k {
	case Onchain:
		return "On-chain address"
	case Bip21:
		return "BIP 21 request"
	}
	return "Lightning invoice"
}

// Noun is what a receive of kind k is called in a sentence.
func (k Kind) Noun() string {
	if k == Onchain {
		return "address"
	}
	return "invoice"
}

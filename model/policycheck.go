package model

// PolicyCheckKey marks, in its metadata, each payment voltdash makes with
// check_payment: Voltage lists checks among the payments, and a check
// stops at approved, which for a send is not final.
const PolicyCheckKey = "voltdash_check"

// CheckRequest is the send the plan would make, as a policy check: the
// same wallet, destination, amount and fee cap, under an id of its own
// that is never sent.
func (p SendPlan) CheckRequest(walletID string) (SendRequest, error) {
	req, err := p.Request(walletID)
	req.Metadata = map[string]string{PolicyCheckKey: "policy"}
	return req, err
}

// IsPolicyCheck reports a payment voltdash made as a policy check.
func (p Payment) IsPolicyCheck() bool { return p.Metadata[PolicyCheckKey] != "" }

// Final reports a payment that will not change: a final status, or a
// policy check's verdict.
func (p Payment) Final() bool {
	return p.Status.IsFinal() || (p.IsPolicyCheck() && p.Status == StatusApproved)
}

// Verdict is what Voltage's policy check said of a send.
type Verdict int

const (
	VerdictPending  Verdict = iota // not decided yet
	VerdictApproved                // the send would be allowed
	VerdictRefused                 // it would not; Reason says why
)

// VerdictOf reads a check's payment: approved, failed (refused, with the
// reason in words), or still to decide.
func VerdictOf(p Payment) (v Verdict, reason string) {
	switch p.Status {
	case StatusApproved, StatusCompleted:
		return VerdictApproved, ""
	case StatusFailed, StatusExpired:
		return VerdictRefused, p.Error.Explain()
	}
	return VerdictPending, ""
}

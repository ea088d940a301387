package model

import (
	"encoding/json"
	"net/url"
	"time"
)

// USDBatch is the PaymentKind of Voltage's batched dollar payments, which
// voltdash lists but does not make; the summaries count it like any kind.
const USDBatch Kind = "usdbatch"

// summaryKinds are the PaymentKind schema's values, which the kind
// parameter of get_payments and of the summaries takes.
var summaryKinds = []string{string(Bolt11), string(Onchain), string(Bip21), string(TaprootAsset), string(USDBatch)}

// PaymentSummaryFilter narrows the payment summaries (get_payment_summary,
// get_wallet_payment_summary). Zero values mean "no filter". Start and End
// bound created_at, both inclusive, as get_payments' dates do.
// LineOfCreditID is get_payment_summary's alone: the wallet summary does
// not declare it.
type PaymentSummaryFilter struct {
	Statuses  []Status
	Kind      Kind
	Direction Direction
	Start     time.Time // created at or after
	End       time.Time // created at or before
	// Metadata keeps payments whose metadata holds every pair; it goes in
	// the deepObject form, metadata[key]=value.
	Metadata map[string]string
	// IncludeInactive counts payments of deleted wallets and of disabled
	// lines of credit too (include_inactive; the API's default is false).
	IncludeInactive bool
	LineOfCreditID  string
}

// Query encodes the filter as the summaries document it: statuses as
// statuses[]=a&statuses[]=b, dates in RFC 3339, metadata[key]=value.
func (f PaymentSummaryFilter) Query() url.Values {
	q := url.Values{}
	for _, s := range f.Statuses {
		q.Add("statuses[]", string(s))
	}
	setStr(q, "kind", string(f.Kind))
	setStr(q, "direction", string(f.Direction))
	setDates(q, f.Start, f.End)
	for k, v := range f.Metadata {
		q.Set("metadata["+k+"]", v)
	}
	if f.IncludeInactive {
		q.Set("include_inactive", "true")
	}
	setStr(q, "line_of_credit_id", f.LineOfCreditID)
	return q
}

// Validate refuses what the summaries' parameters do not take, so that a
// mistake is said before anything is sent.
func (f PaymentSummaryFilter) Validate() error {
	_, err := ParsePaymentSummaryFilter(f.Query())
	return err
}

// ParsePaymentSummaryFilter reads a summary query as the server sees it:
// statuses of the PaymentStatus schema, in the bracket form only; kind of
// PaymentKind; direction of PaymentDirection; RFC 3339 dates; a boolean
// include_inactive; a UUID line_of_credit_id.
func ParsePaymentSummaryFilter(q url.Values) (PaymentSummaryFilter, error) {
	r := &queryReader{q: q}
	f := PaymentSummaryFilter{
		Kind:           Kind(r.oneOf("kind", summaryKinds...)),
		Direction:      Direction(r.oneOf("direction", "send", "receive")),
		Start:          r.date("start_date"),
		End:            r.date("end_date"),
		LineOfCreditID: r.uuid("line_of_credit_id"),
	}
	f.IncludeInactive = r.oneOf("include_inactive", "true", "false") == "true"
	f.Statuses = r.paymentStatuses()
	f.Metadata = r.deepObject("metadata")
	return f, r.err
}

// Matches reports whether p passes the filter's conditions on the payment
// itself; whether its wallet is active and on the line of credit asked
// for is the server's to know.
func (f PaymentSummaryFilter) Matches(p Payment) bool {
	return PaymentFilter{Statuses: f.Statuses, Kind: f.Kind, Direction: f.Direction,
		Start: f.Start, End: f.End, Metadata: f.Metadata}.Matches(p)
}

// PaymentSummary counts an environment's payments (get_payment_summary,
// schema PaymentSummary): in all, and by organization, environment and
// line of credit, the last split into buckets. With no payment matching,
// the counts are zero, the maps empty and the dates absent.
type PaymentSummary struct {
	OrganizationID   NullString                            `json:"organization_id"`
	EnvironmentID    NullString                            `json:"environment_id"`
	TotalCount       uint64                                `json:"total_count"`
	OldestCreatedAt  *time.Time                            `json:"oldest_created_at"`
	NewestCreatedAt  *time.Time                            `json:"newest_created_at"`
	ByOrganizationID map[string]PaymentCountSummary        `json:"by_organization_id"`
	ByEnvironmentID  map[string]PaymentEnvironmentSummary  `json:"by_environment_id"`
	ByLineOfCreditID map[string]PaymentLineOfCreditSummary `json:"by_line_of_credit_id"`
}

// PaymentCountSummary is a count and its date span (schema
// PaymentCountSummary); it exists only for a non-zero count.
type PaymentCountSummary struct {
	TotalCount      uint64    `json:"total_count"`
	OldestCreatedAt time.Time `json:"oldest_created_at"`
	NewestCreatedAt time.Time `json:"newest_created_at"`
}

// PaymentEnvironmentSummary is one environment's count (schema
// PaymentEnvironmentSummary).
type PaymentEnvironmentSummary struct {
	OrganizationID  string    `json:"organization_id"`
	TotalCount      uint64    `json:"total_count"`
	OldestCreatedAt time.Time `json:"oldest_created_at"`
	NewestCreatedAt time.Time `json:"newest_created_at"`
}

// PaymentLineOfCreditSummary is one line of credit's count, with its
// buckets (schema PaymentLineOfCreditSummary).
type PaymentLineOfCreditSummary struct {
	OrganizationID  string                `json:"organization_id"`
	EnvironmentID   string                `json:"environment_id"`
	TotalCount      uint64                `json:"total_count"`
	OldestCreatedAt time.Time             `json:"oldest_created_at"`
	NewestCreatedAt time.Time             `json:"newest_created_at"`
	Buckets         PaymentSummaryBuckets `json:"buckets"`
}

// PaymentWalletSummary counts one wallet's payments
// (get_wallet_payment_summary, schema PaymentWalletSummary), in buckets.
type PaymentWalletSummary struct {
	WalletID        string                `json:"wallet_id"`
	OrganizationID  string                `json:"organization_id"`
	EnvironmentID   string                `json:"environment_id"`
	LineOfCreditID  NullString            `json:"line_of_credit_id"`
	TotalCount      uint64                `json:"total_count"`
	OldestCreatedAt *time.Time            `json:"oldest_created_at"`
	NewestCreatedAt *time.Time            `json:"newest_created_at"`
	Buckets         PaymentSummaryBuckets `json:"buckets"`
}

// PaymentBucketSummary counts the payments of one direction, status,
// currency and kind (schema PaymentBucketSummary).
type PaymentBucketSummary struct {
	Direction       Direction `json:"direction"`
	Status          Status    `json:"status"`
	Currency        Currency  `json:"currency"`
	Kind            Kind      `json:"kind"`
	TotalCount      uint64    `json:"total_count"`
	OldestCreatedAt time.Time `json:"oldest_created_at"`
	NewestCreatedAt time.Time `json:"newest_created_at"`
}

// PaymentSummaryBuckets is a list of buckets the API always writes, so
// none is [] rather than null.
type PaymentSummaryBuckets []PaymentBucketSummary

func (b PaymentSummaryBuckets) MarshalJSON() ([]byte, error) {
	if b == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]PaymentBucketSummary(b))
}

// MarshalJSON writes the three maps the schema requires as {} when empty.
func (s PaymentSummary) MarshalJSON() ([]byte, error) {
	type plain PaymentSummary
	w := plain(s)
	if w.ByOrganizationID == nil {
		w.ByOrganizationID = map[string]PaymentCountSummary{}
	}
	if w.ByEnvironmentID == nil {
		w.ByEnvironmentID = map[string]PaymentEnvironmentSummary{}
	}
	if w.ByLineOfCreditID == nil {
		w.ByLineOfCreditID = map[string]PaymentLineOfCreditSummary{}
	}
	return json.Marshal(w)
}

// Count is how many payments of the buckets have the status (all of them
// for "") and direction (both for "").
func (b PaymentSummaryBuckets) Count(d Direction, s Status) uint64 {
	var n uint64
	for _, x := range b {
		if (d == "" || x.Direction == d) && (s == "" || x.Status == s) {
			n += x.TotalCount
		}
	}
	return n
}

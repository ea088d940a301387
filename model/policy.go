package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// WalletPolicies are a wallet's spending rules as get_wallet_policies
// answers them (schema WalletPolicies): a list of typed policies, at most
// one of each type.
type WalletPolicies struct {
	ID             string             `json:"id"` // the wallet's
	OrganizationID NullString         `json:"organization_id,omitempty"`
	Policies       []Policy           `json:"policies"`
	Error          *WalletPolicyError `json:"error,omitempty"`
	UpdatedAt      time.Time          `json:"updated_at"`
}

// Policy types (schema Policy's discriminator).
const (
	PolicyMaxPaymentSize      = "max_payment_size"
	PolicyTransactionVelocity = "transaction_velocity"
	PolicySendVolumeLimit     = "send_volume_limit"
	PolicyReflexApproval      = "reflex_approval"
	PolicyOFAC                = "ofac_compliant"
	PolicyProcessingFee       = "processing_fee"
)

// Policy is one rule; Data holds the fields of its type (schemas
// MaxPaymentSize, TransactionVelocity, SendVolumeLimit, ReflexApproval,
// OfacCompliant, ProcessingFeePolicy), the others are left out.
type Policy struct {
	Type string     `json:"type"`
	Data PolicyData `json:"data"`
}

// PolicyData is the union of the policy types' fields.
type PolicyData struct {
	ID                    string              `json:"id"`
	MaxSizeSats           *uint64             `json:"max_size_sats,omitempty"`
	TransactionsPerMinute *uint64             `json:"transactions_per_minute,omitempty"`
	LimitSats             *uint64             `json:"limit_sats,omitempty"`
	TemplateID            string              `json:"template_id,omitempty"`
	Threshold             *Amount             `json:"threshold,omitempty"`
	Rates                 *ProcessingFeeRates `json:"rates,omitempty"`
	CreatedAt             time.Time           `json:"created_at"`
	UpdatedAt             *time.Time          `json:"updated_at,omitempty"` // OfacCompliant has none
}

// ProcessingFeeRates are Voltage's processing fee in basis points (schema
// ProcessingFeeRates): 100 is 1 %.
type ProcessingFeeRates struct {
	SendBasisPoints    uint16 `json:"send_basis_points"`
	ReceiveBasisPoints uint16 `json:"receive_basis_points"`
}

// WalletPolicyError is why the policies could not all be applied (schema
// WalletPolicyValidationError).
type WalletPolicyError struct {
	Type   string          `json:"type"`
	Detail string          `json:"detail"`
	Ctx    json.RawMessage `json:"context,omitempty"`
}

func (p WalletPolicies) find(kind string) (PolicyData, bool) {
	for _, x := range p.Policies {
		if x.Type == kind {
			return x.Data, true
		}
	}
	return PolicyData{}, false
}

// MaxPaymentSize is the largest single send allowed, if there is a limit.
func (p WalletPolicies) MaxPaymentSize() (MilliSats, bool) {
	d, ok := p.find(PolicyMaxPaymentSize)
	if !ok || d.MaxSizeSats == nil {
		return 0, false
	}
	return satsOf(*d.MaxSizeSats), true
}

// TransactionsPerMinute is how many sends a minute are allowed, if limited.
func (p WalletPolicies) TransactionsPerMinute() (uint64, bool) {
	d, ok := p.find(PolicyTransactionVelocity)
	if !ok || d.TransactionsPerMinute == nil {
		return 0, false
	}
	return *d.TransactionsPerMinute, true
}

// SendVolumeLimit is the total that may be sent, if limited. The spec does
// not say over which period.
func (p WalletPolicies) SendVolumeLimit() (MilliSats, bool) {
	d, ok := p.find(PolicySendVolumeLimit)
	if !ok || d.LimitSats == nil {
		return 0, false
	}
	return satsOf(*d.LimitSats), true
}

// ProcessingFee is the fee Voltage takes, if the wallet has one.
func (p WalletPolicies) ProcessingFee() (ProcessingFeeRates, bool) {
	d, ok := p.find(PolicyProcessingFee)
	if !ok || d.Rates == nil {
		return ProcessingFeeRates{}, false
	}
	return *d.Rates, true
}

// OFAC reports the OFAC screening policy.
func (p WalletPolicies) OFAC() bool { _, ok := p.find(PolicyOFAC); return ok }

// ReflexApproval is the approval template and the amount from which it
// applies (nil: every send), if the wallet has one.
func (p WalletPolicies) ReflexApproval() (template string, threshold *Amount, ok bool) {
	d, ok := p.find(PolicyReflexApproval)
	return d.TemplateID, d.Threshold, ok
}

// satsOf turns a whole-sat count from the API into millisats, saturating
// rather than wrapping on a lying server.
func satsOf(n uint64) MilliSats {
	const most = uint64(1<<63-1) / 1000
	if n > most {
		n = most
	}
	return Sats(int64(n))
}

// CertainRefusal is the refusal the wallet's policies make certain for a
// send of amount, decided here without asking: a send larger than the
// maximum payment size or the whole send volume limit. Counts per minute
// and the volume already used depend on what Voltage has seen, and are
// left to its check.
func (p WalletPolicies) CertainRefusal(amount MilliSats) string {
	if most, ok := p.MaxPaymentSize(); ok && amount > most {
		return "the wallet's policy allows at most " + most.Figure(UnitSats) + " sats a payment"
	}
	if most, ok := p.SendVolumeLimit(); ok && amount > most {
		return "the wallet's send volume limit is " + most.Figure(UnitSats) + " sats"
	}
	return ""
}

// PolicyUpdate changes a wallet's policies (update_wallet_policies, schema
// UpdateWalletPolicyRequest). A field left nil is not sent and stays as
// it is; one named in Clear is sent as null, which removes that policy.
type PolicyUpdate struct {
	MaxPaymentSizeSats    *uint64
	TransactionsPerMinute *uint64
	SendVolumeLimitSats   *uint64
	OFACCompliant         *bool
	ProcessingFee         *ProcessingFeeRates
	Clear                 []string // wire names: max_payment_size_sats, …
}

// PolicyFields are UpdateWalletPolicyRequest's fields voltdash edits, by
// wire name, in the order they are shown.
var PolicyFields = []string{"max_payment_size_sats", "transactions_per_minute", "send_volume_limit_sats", "ofac_compliant", "processing_fee"}

// Empty reports an update that changes nothing.
func (u PolicyUpdate) Empty() bool {
	return u.MaxPaymentSizeSats == nil && u.TransactionsPerMinute == nil && u.SendVolumeLimitSats == nil &&
		u.OFACCompliant == nil && u.ProcessingFee == nil && len(u.Clear) == 0
}

// MarshalJSON writes the fields set and nulls for those cleared; the
// schema allows no other property.
func (u PolicyUpdate) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	set := func(name string, v any, given bool) {
		if given {
			m[name] = v
		}
	}
	set("max_payment_size_sats", u.MaxPaymentSizeSats, u.MaxPaymentSizeSats != nil)
	set("transactions_per_minute", u.TransactionsPerMinute, u.TransactionsPerMinute != nil)
	set("send_volume_limit_sats", u.SendVolumeLimitSats, u.SendVolumeLimitSats != nil)
	set("ofac_compliant", u.OFACCompliant, u.OFACCompliant != nil)
	set("processing_fee", u.ProcessingFee, u.ProcessingFee != nil)
	for _, name := range u.Clear {
		m[name] = nil
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads the wire form back, as the simulator does; unknown
// fields are refused, as the schema refuses them.
func (u *PolicyUpdate) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*u = PolicyUpdate{}
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		raw := m[name]
		if string(raw) == "null" {
			u.Clear = append(u.Clear, name)
			continue
		}
		var err error
		switch name {
		case "max_payment_size_sats":
			err = json.Unmarshal(raw, &u.MaxPaymentSizeSats)
		case "transactions_per_minute":
			err = json.Unmarshal(raw, &u.TransactionsPerMinute)
		case "send_volume_limit_sats":
			err = json.Unmarshal(raw, &u.SendVolumeLimitSats)
		case "ofac_compliant":
			err = json.Unmarshal(raw, &u.OFACCompliant)
		case "processing_fee":
			err = json.Unmarshal(raw, &u.ProcessingFee)
		case "template_id":
			err = errors.New("template_id is not supported here")
		default:
			err = fmt.Errorf("unknown field %q", name)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// ParsePolicySetting reads one name=value a person typed (as `wallet
// policies --set` takes them) into u. Amounts are whole sats; "none"
// removes the policy.
func ParsePolicySetting(u *PolicyUpdate, setting string) error {
	name, value, ok := strings.Cut(setting, "=")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !ok || name == "" {
		return fmt.Errorf("%q: write name=value, such as max_payment_size_sats=50000", setting)
	}
	known := false
	for _, f := range PolicyFields {
		known = known || f == name
	}
	if !known {
		return fmt.Errorf("%q is not a policy; use %s", name, strings.Join(PolicyFields, ", "))
	}
	if strings.EqualFold(value, "none") {
		u.Clear = append(u.Clear, name)
		return nil
	}
	count := func() (*uint64, error) {
		n, err := strconv.ParseUint(strings.ReplaceAll(value, ",", ""), 10, 63)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not a whole number (or none)", name, value)
		}
		return &n, nil
	}
	var err error
	switch name {
	case "max_payment_size_sats":
		u.MaxPaymentSizeSats, err = count()
	case "transactions_per_minute":
		u.TransactionsPerMinute, err = count()
	case "send_volume_limit_sats":
		u.SendVolumeLimitSats, err = count()
	case "ofac_compliant":
		on, perr := strconv.ParseBool(value)
		if perr != nil {
			return fmt.Errorf("ofac_compliant: %q is not true or false", value)
		}
		u.OFACCompliant = &on
	case "processing_fee":
		send, receive, ok := strings.Cut(value, "/")
		s, e1 := strconv.ParseUint(strings.TrimSpace(send), 10, 16)
		r, e2 := strconv.ParseUint(strings.TrimSpace(receive), 10, 16)
		if !ok || e1 != nil || e2 != nil || s > 10000 || r > 10000 {
			return fmt.Errorf("processing_fee: write send/receive basis points, such as 50/25 (100 is 1 %%)")
		}
		u.ProcessingFee = &ProcessingFeeRates{SendBasisPoints: uint16(s), ReceiveBasisPoints: uint16(r)}
	}
	return err
}

package model

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestWalletPoliciesAreReadByType(t *testing.T) {
	raw := `{"id":"3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10","updated_at":"2025-05-07T12:00:00Z","policies":[
		{"type":"max_payment_size","data":{"id":"a","max_size_sats":50000,"created_at":"2025-05-07T12:00:00Z","updated_at":"2025-05-07T12:00:00Z"}},
		{"type":"transaction_velocity","data":{"id":"b","transactions_per_minute":3,"created_at":"2025-05-07T12:00:00Z","updated_at":"2025-05-07T12:00:00Z"}},
		{"type":"processing_fee","data":{"id":"c","rates":{"send_basis_points":50,"receive_basis_points":25},"created_at":"2025-05-07T12:00:00Z","updated_at":"2025-05-07T12:00:00Z"}},
		{"type":"ofac_compliant","data":{"id":"d","created_at":"2025-05-07T12:00:00Z"}},
		{"type":"something_new","data":{"id":"e","created_at":"2025-05-07T12:00:00Z"}}]}`
	var p WalletPolicies
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		t.Fatal(err)
	}
	most, ok := p.MaxPaymentSize()
	tpm, tok := p.TransactionsPerMinute()
	fee, fok := p.ProcessingFee()
	if !ok || most != Sats(50000) || !tok || tpm != 3 || !fok || fee.SendBasisPoints != 50 || !p.OFAC() {
		t.Errorf("read %v %v, %d %v, %+v %v, ofac %v", most, ok, tpm, tok, fee, fok, p.OFAC())
	}
	if _, ok := p.SendVolumeLimit(); ok {
		t.Error("a volume limit the wallet does not have")
	}
	for _, tt := range []struct {
		amount MilliSats
		want   string
	}{
		{Sats(50000), ""},
		{Sats(50000) + 1, "at most 50,000 sats a payment"},
	} {
		if got := p.CertainRefusal(tt.amount); (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("CertainRefusal(%v) = %q, want %q", tt.amount, got, tt.want)
		}
	}
}

func TestPolicySettingsAsPeopleTypeThem(t *testing.T) {
	for _, tt := range []struct {
		settings []string
		wire     string // the update_wallet_policies body
		bad      string
	}{
		{[]string{"max_payment_size_sats=50,000"}, `{"max_payment_size_sats":50000}`, ""},
		{[]string{"transactions_per_minute = 3", "ofac_compliant=true"}, `{"ofac_compliant":true,"transactions_per_minute":3}`, ""},
		{[]string{"send_volume_limit_sats=none"}, `{"send_volume_limit_sats":null}`, ""},
		{[]string{"processing_fee=50/25"}, `{"processing_fee":{"send_basis_points":50,"receive_basis_points":25}}`, ""},
		{[]string{"processing_fee=50"}, "", "send/receive basis points"},
		{[]string{"processing_fee=20000/1"}, "", "send/receive basis points"},
		{[]string{"max_payment_size_sats=-5"}, "", "not a whole number"},
		{[]string{"max_payment_size=5"}, "", "is not a policy"},
		{[]string{"max_payment_size_sats"}, "", "write name=value"},
		{[]string{"ofac_compliant=maybe"}, "", "not true or false"},
	} {
		var u PolicyUpdate
		var err error
		for _, s := range tt.settings {
			if err = ParsePolicySetting(&u, s); err != nil {
				break
			}
		}
		if tt.bad != "" {
			if err == nil || !strings.Contains(err.Error(), tt.bad) {
				t.Errorf("%q: error %v, want %q", tt.settings, err, tt.bad)
			}
			continue
		}
		b, merr := json.Marshal(u)
		if err != nil || merr != nil || string(b) != tt.wire {
			t.Errorf("%q: %s (%v %v), want %s", tt.settings, b, err, merr, tt.wire)
		}
		var back PolicyUpdate
		if err := json.Unmarshal(b, &back); err != nil {
			t.Errorf("%s does not read back: %v", b, err)
		} else if again, _ := json.Marshal(back); string(again) != tt.wire {
			t.Errorf("%s reads back as %s", b, again)
		}
	}
	var u PolicyUpdate
	if err := json.Unmarshal([]byte(`{"max_payment_size_sats":1,"colour":"red"}`), &u); err == nil {
		t.Error("a field the schema does not have was read")
	}
}

func TestWalletNamesAndMetadata(t *testing.T) {
	for _, tt := range []struct {
		name, bad string
	}{
		{"Till", ""},
		{"ab", "at least 3"},
		{"  ab  ", "at least 3"},
		{strings.Repeat("é", 256), ""},
		{strings.Repeat("é", 257), "at most 256"},
		{"Till\x1b[2J", "control or invisible"},
		{"Till\u3164", "control or invisible"}, // a Hangul filler
		{"Till\u034f", "control or invisible"}, // a combining grapheme joiner
		{"Till\ufe00", "control or invisible"}, // a variation selector on a letter that has none
		{"Till \u2615\ufe0f", ""},              // an emoji's presentation selector is kept
	} {
		if err := CheckWalletName(tt.name); (err == nil) != (tt.bad == "") || (err != nil && !strings.Contains(err.Error(), tt.bad)) {
			t.Errorf("CheckWalletName(%q) = %v, want %q", tt.name, err, tt.bad)
		}
	}
	for _, tt := range []struct {
		pairs []string
		bad   string
	}{
		{[]string{"team=ops", "till = 2"}, ""},
		{[]string{"team"}, "write key=value"},
		{[]string{"=ops"}, "write key=value"},
		{[]string{"team="}, "write key=value"},
		{[]string{"team=ops", "team=dev"}, "given twice"},
		{[]string{"team=o\x1b]52;c;x\x07ps"}, "control and invisible"},
	} {
		m, err := ParseMetadata(tt.pairs)
		if (err == nil) != (tt.bad == "") || (err != nil && !strings.Contains(err.Error(), tt.bad)) {
			t.Errorf("ParseMetadata(%q) = %v, %v, want %q", tt.pairs, m, err, tt.bad)
		}
		if err == nil && m["till"] != "2" {
			t.Errorf("pairs read as %v", m)
		}
	}
}

func TestAPolicyCheckIsFinalAtItsVerdict(t *testing.T) {
	check := Payment{Status: StatusApproved, Metadata: map[string]string{PolicyCheckKey: "policy"}}
	send := Payment{Status: StatusApproved}
	if !check.Final() || send.Final() {
		t.Errorf("approved: a check is final (%v), a send is not (%v)", check.Final(), send.Final())
	}
	if v, _ := VerdictOf(check); v != VerdictApproved {
		t.Errorf("an approved check reads %v", v)
	}
	refused := Payment{Status: StatusFailed, Error: &PaymentError{Type: "rejected", Detail: "over the maximum payment size"}}
	if v, why := VerdictOf(refused); v != VerdictRefused || !strings.Contains(why, "maximum payment size") {
		t.Errorf("a refused check reads %v %q", v, why)
	}
	if v, _ := VerdictOf(Payment{Status: StatusSending}); v != VerdictPending {
		t.Errorf("a check being made reads %v", v)
	}
}

package model

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/lnwire"

	"github.com/voltdash/voltdash/model/invoicetest"
)

// TestParsePaymentMetadata: pairs within create_payment's limits (50
// pairs, 256 characters a key or value, counted as characters, not bytes)
// are read; what Voltage would refuse, and voltdash's own key, are not.
func TestParsePaymentMetadata(t *testing.T) {
	pairs := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("k%d=v", i)
		}
		return out
	}
	long := strings.Repeat("é", MaxPaymentMetadataLen) // 512 bytes, 256 characters
	tests := []struct {
		name  string
		pairs []string
		want  map[string]string
		bad   string
	}{
		{"none", nil, nil, ""},
		{"two", []string{"order=7", " team = ops "}, map[string]string{"order": "7", "team": "ops"}, ""},
		{"a value with =", []string{"q=a=b"}, map[string]string{"q": "a=b"}, ""},
		{"the most pairs", pairs(50), nil, ""},
		{"one pair too many", pairs(51), nil, "51 pairs; a payment takes at most 50"},
		{"the longest key and value", []string{long + "=" + long}, map[string]string{long: long}, ""},
		{"a key too long", []string{long + "x=v"}, nil, "has 257 characters; at most 256"},
		{"a value too long", []string{"k=" + long + "x"}, nil, "has 257 characters; at most 256"},
		{"no value", []string{"k="}, nil, "write key=value"},
		{"twice", []string{"k=1", "k=2"}, nil, "given twice"},
		{"control characters", []string{"k=a\x1b[2J"}, nil, "not allowed"},
		{"voltdash's own key", []string{PolicyCheckKey + "=x"}, nil, "voltdash's own"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParsePaymentMetadata(tt.pairs)
			switch {
			case tt.bad != "" && (err == nil || !strings.Contains(err.Error(), tt.bad)):
				t.Errorf("%v, want an error saying %q", err, tt.bad)
			case tt.bad == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.bad == "" && tt.want != nil && !reflect.DeepEqual(m, tt.want):
				t.Errorf("%v, want %v", m, tt.want)
			case tt.bad == "" && len(m) != len(tt.pairs):
				t.Errorf("%d pairs read of %d", len(m), len(tt.pairs))
			}
		})
	}
}

// TestMetadataTravelsWithTheRequest: the builders send it (and refuse
// what Voltage would), and a send's record keeps it in its request
// through the journal's JSON, so that a resend sends it as it was; the
// policy check of a plan carries only its own mark.
func TestMetadataTravelsWithTheRequest(t *testing.T) {
	meta := map[string]string{"order": "7"}
	recv, err := NewBolt11Receive(ReceiveParams{WalletID: walletID, Amount: 1000, Metadata: meta})
	if err != nil || !reflect.DeepEqual(recv.Metadata, meta) {
		t.Fatalf("receive: %v %v", err, recv.Metadata)
	}
	if b, _ := json.Marshal(recv); !strings.Contains(string(b), `"metadata":{"order":"7"}`) {
		t.Errorf("receive on the wire: %s", b)
	}
	meta["order"] = "8"
	if recv.Metadata["order"] != "7" {
		t.Error("the request shares its metadata with the caller")
	}
	if b, _ := json.Marshal(mustReceive(t, ReceiveParams{WalletID: walletID, Amount: 1000, Metadata: map[string]string{}})); strings.Contains(string(b), "metadata") {
		t.Errorf("an empty object was sent: %s", b)
	}
	tooMany := map[string]string{}
	for i := range 51 {
		tooMany[fmt.Sprint(i)] = "v"
	}
	if _, err := NewOnchainSend(SendParams{WalletID: walletID, Address: "tb1q", Amount: Sats(1), Metadata: tooMany}); err == nil {
		t.Error("a send with 51 pairs was built")
	}

	inv := invoicetest.Make(t, &chaincfg.SigNetParams, lnwire.MilliSatoshi(Sats(2100)), "Tea", time.Now(), time.Hour)
	plan, bad := PlanSend(inv, "", "", Wallet{ID: walletID, Network: Mutinynet}, true, time.Now(), nil)
	if !bad.OK() {
		t.Fatal(bad)
	}
	plan.Metadata = map[string]string{"order": "7", "team": "ops"}
	rec, err := plan.Record(walletID)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(rec)
	var back SendRecord
	if err := json.Unmarshal(raw, &back); err != nil || !reflect.DeepEqual(back.Request, rec.Request) ||
		!reflect.DeepEqual(back.Request.Metadata, plan.Metadata) {
		t.Errorf("the journaled request: %v\n%s", err, raw)
	}
	check, _ := plan.CheckRequest(walletID)
	if !reflect.DeepEqual(check.Metadata, map[string]string{PolicyCheckKey: "policy"}) || rec.Request.Metadata[PolicyCheckKey] != "" {
		t.Errorf("check %v, send %v", check.Metadata, rec.Request.Metadata)
	}
}

func mustReceive(t *testing.T, p ReceiveParams) ReceiveRequest {
	t.Helper()
	r, err := NewBolt11Receive(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

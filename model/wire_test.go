package model

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func readExample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "voltage", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sameJSON compares two documents as values, so key order and spacing do
// not matter.
func sameJSON(t *testing.T, name string, want, got []byte) {
	t.Helper()
	var a, b any
	if err := json.Unmarshal(want, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(canonicalTimes(a), canonicalTimes(b)) {
		t.Errorf("%s does not round-trip:\nwant %s\ngot  %s", name, compact(want), compact(got))
	}
}

// canonicalTimes rewrites RFC 3339 strings to one spelling: the API pads
// fractions to microseconds, Go trims trailing zeros, and both are the
// same instant.
func canonicalTimes(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = canonicalTimes(e)
		}
	case []any:
		for i, e := range x {
			x[i] = canonicalTimes(e)
		}
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t.UTC().Format(time.RFC3339Nano)
		}
	}
	return v
}

func compact(b []byte) string {
	var v any
	_ = json.Unmarshal(b, &v)
	out, _ := json.Marshal(v)
	return string(out)
}

func roundTrip[T any](t *testing.T, name string) T {
	t.Helper()
	raw := readExample(t, name)
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	sameJSON(t, name, raw, out)
	return v
}

// TestShapesRoundTrip: what voltdash reads it writes back the same. The
// payment examples are of the SDK's era: they are read (legacy fields,
// flat receipts) and written in the spec's shape, which must then read back
// to the same payment and write the same again.
func TestShapesRoundTrip(t *testing.T) {
	for _, name := range []string{
		"payment_receive_bolt11_receiving", "payment_receive_bolt11_generating",
		"payment_receive_onchain_completed", "payment_receive_bip21_expired",
		"payment_send_bolt11_completed", "payment_send_bolt11_failed",
		"payment_send_onchain_completed", "payment_send_bip21_sending",
		"payment_receive_taprootasset",
	} {
		p := decode[Payment](t, name)
		once, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var again Payment
		if err := json.Unmarshal(once, &again); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		twice, _ := json.Marshal(again)
		sameJSON(t, name, once, twice)
		if again.Amount() != p.Amount() || again.Memo() != p.Memo() || again.Status != p.Status {
			t.Errorf("%s changed on the way: %+v → %+v", name, p, again)
		}
	}
	roundTrip[Wallet](t, "wallet_fresh")
	roundTrip[Wallet](t, "wallet_negative_with_hold")
	roundTrip[Wallet](t, "wallet_deletion_failed")
	roundTrip[Balance](t, "balance_positive")
	roundTrip[Hold](t, "hold_onchain")
	roundTrip[Page[LedgerEvent]](t, "ledger_page")
	roundTrip[Page[LedgerEvent]](t, "ledger_failed_send")
	roundTrip[PaymentHistory](t, "history_send_completed")
	roundTrip[PaymentHistory](t, "history_send_failed")
	roundTrip[LineOfCredit](t, "line_of_credit_mutinynet")
	roundTrip[LineOfCredit](t, "line_of_credit_mainnet")
	roundTrip[Webhook](t, "webhook_active")
	roundTrip[Webhook](t, "webhook_stopped")
	roundTrip[PaymentError](t, "payment_error_broadcast_fee")
	roundTrip[ReceiveRequest](t, "receive_request_bolt11")
	roundTrip[ReceiveRequest](t, "receive_request_any_amount")
	roundTrip[SendRequest](t, "send_request_bolt11")
	roundTrip[SendRequest](t, "send_request_onchain")
	roundTrip[NewWalletRequest](t, "wallet_create_request")
}

func decode[T any](t *testing.T, name string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(readExample(t, name), &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

func TestPaymentAccessors(t *testing.T) {
	tests := []struct {
		name                   string
		amount, fee, maxFee    MilliSats
		hasFee                 bool
		invoice, address, memo string
		final, ok              bool
	}{
		{"payment_receive_bolt11_receiving", 2_500_000, 0, 0, false, "lntbs25u1pn9ye7qpp5...", "", "Flat white x2", false, false},
		{"payment_receive_bolt11_generating", 0, 0, 0, false, "", "", "Tip jar", false, false},
		{"payment_receive_onchain_completed", 25_000_000, 0, 0, false, "", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "Invoice #1041", true, true},
		{"payment_receive_bip21_expired", 25_000_000, 0, 0, false, "lntbs250u1pn7k2hzpp5...", "tb1q9h7a3m0f5r2t8w4x6y1z0k3j5n7p9q2s4u6v8", "Invoice #1042", true, false},
		{"payment_send_bolt11_completed", 2_000_000, 1012, 5000, true, "lntbs20u1pn8x0qspp5...", "", "Coffee beans", true, true},
		{"payment_send_bolt11_failed", 42_000, 0, 1000, false, "lntbs1pn8x0zzpp5...", "", "", true, false},
		{"payment_send_onchain_completed", 50_000_000, 312_000, 800_000, true, "", "tb1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el", "Supplier refund", true, true},
		{"payment_send_bip21_sending", 15_000_000, 0, 150_000, false, "lntbs150u1pn3q7vzpp5...", "bitcoin:tb1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh?amount=0.00015&lightning=lntbs150u1pn3q7vzpp5...", "Order 123", false, false},
	}
	for _, tt := range tests {
		p := decode[Payment](t, tt.name)
		fee, hasFee := p.Fee()
		if p.Amount() != tt.amount || fee != tt.fee || hasFee != tt.hasFee || p.MaxFee() != tt.maxFee ||
			p.Invoice() != tt.invoice || p.Address() != tt.address || p.Memo() != tt.memo ||
			p.Status.IsFinal() != tt.final || p.Status.Succeeded() != tt.ok || !p.Supported() {
			t.Errorf("%s: amount %d fee %d/%v max %d inv %q addr %q memo %q status %s",
				tt.name, p.Amount(), fee, hasFee, p.MaxFee(), p.Invoice(), p.Address(), p.Memo(), p.Status)
		}
	}
	if p := decode[Payment](t, "payment_send_bolt11_failed"); p.Error.Type != "send_failed" ||
		p.Error.Detail != "no route found within the fee limit" {
		t.Errorf("error = %+v", p.Error)
	}
}

func TestNewerShapesDecode(t *testing.T) {
	p := decode[Payment](t, "payment_receive_spec_tagged")
	if p.Preimage() != "5c2e…" || p.Amount() != 150_000 || p.Metadata["external_id"] != "order-7" ||
		p.PaymentCategory != "standard" || len(p.Legs()) != 1 || p.Legs()[0].Type != "lightning" {
		t.Errorf("newer receive: %+v", p)
	}

	asset := decode[Payment](t, "payment_receive_taprootasset")
	if asset.Supported() || !asset.Currency.IsAsset() || asset.Amount() != 0 {
		t.Errorf("taproot asset payment should be kept but unsupported: %+v", asset)
	}

	legacy := decode[Balance](t, "balance_legacy_integers")
	if legacy.Available.MilliSats() != 2_500_000 || legacy.Total.MilliSats() != 2_500_000 {
		t.Errorf("legacy integer balance: %+v", legacy)
	}

	wh := decode[Webhook](t, "webhook_sdk_event_arrays")
	if len(wh.Events) != 5 || !wh.Events.Has("send", "failed") || !wh.Events.Has("test", "created") {
		t.Errorf("array-form events: %+v", wh.Events)
	}
	out, _ := json.Marshal(wh.Events)
	if !strings.Contains(string(out), `{"send":"succeeded"},{"send":"failed"}`) {
		t.Errorf("events must be written one string each: %s", out)
	}

	var neg Wallet = decode[Wallet](t, "wallet_negative_with_hold")
	if neg.Available() != -26_000_000 || neg.Total() != -25_000_000 || neg.Held() != 1_000_000 ||
		neg.Spendable() != 5_000_000_000-26_000_000 || neg.State() != "active" {
		t.Errorf("negative wallet: avail %d total %d held %d", neg.Available(), neg.Total(), neg.Held())
	}
	if w := decode[Wallet](t, "wallet_deletion_failed"); w.State() != "deletion failed" {
		t.Errorf("state = %q", w.State())
	}
}

func TestUnknownFieldsAndStatusesDecode(t *testing.T) {
	raw := `{"id":"a","wallet_id":"b","created_at":"2025-05-07T10:42:17Z","updated_at":"2025-05-07T10:42:17Z",
	"currency":"BTC","direction":"send","type":"bolt11","status":"teleporting","error":null,
	"route":"direct","exchanges":[],"payment_breakdown":{"principal":{"amount":1}},
	"data":{"payment_request":"lntbs1","amount":{"amount":7000,"currency":"btc","unit":"msats"},
	"max_fee":{"amount":1000,"currency":"btc","unit":"msats"},"fee_msats":null,"brand_new":[1,2],
	"outflows":[{"type":"lightning","data":{"preimage":"ab","payment_hash":"cd"}},{"type":"warp","data":{"x":1}}]}}`
	var p Payment
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		t.Fatal(err)
	}
	if p.Status.IsFinal() || p.Status.Succeeded() || p.Status.Known() || !p.Status.IsPending() {
		t.Errorf("unknown status %q must stay pending and never succeed", p.Status)
	}
	if p.Currency != BTC || p.Amount() != 7000 || p.MaxFee() != 1000 || p.Preimage() != "ab" || len(p.Legs()) != 2 {
		t.Errorf("decoded %+v", p)
	}
	out, err := json.Marshal(p)
	if err != nil || !strings.Contains(string(out), `{"type":"warp","data":{"x":1}}`) {
		t.Errorf("unknown leg lost: %s %v", out, err)
	}

	var unknownKind Payment
	if err := json.Unmarshal([]byte(`{"id":"x","direction":"sideways","type":"carrier_pigeon","status":"completed","data":{"bird":"Kevin"}}`), &unknownKind); err != nil {
		t.Fatal(err)
	}
	if unknownKind.Supported() || !strings.Contains(string(unknownKind.Data.(OtherData).Raw), "Kevin") {
		t.Errorf("unknown kind: %+v", unknownKind)
	}
}

func TestWebhookPayloadCarriesPayment(t *testing.T) {
	pl := decode[WebhookPayload](t, "webhook_payload_receive_completed")
	p, err := pl.Payment()
	if err != nil || p.Status != StatusCompleted || p.Amount() != 2_500_000 || pl.Detail.Event != "completed" {
		t.Errorf("payload payment %+v %v", p, err)
	}
	test := decode[WebhookPayload](t, "webhook_payload_test")
	if _, err := test.Payment(); err == nil {
		t.Error("a test payload has no payment")
	}
}

// TestLegsUnderEitherName: a payment's legs are read whether they come
// under its direction's name or the other's, or both.
func TestLegsUnderEitherName(t *testing.T) {
	leg := `{"type":"lightning","data":{"preimage":"ab","payment_hash":"cd"}}`
	for _, c := range []struct {
		name, direction, kind, legs string
		want                        int
	}{
		{"send, outflows", "send", "bolt11", `"outflows":[` + leg + `]`, 1},
		{"send, receipts", "send", "bolt11", `"receipts":[` + leg + `]`, 1},
		{"send, both", "send", "bolt11", `"outflows":[` + leg + `],"receipts":[` + leg + `]`, 2},
		{"receive, receipts", "receive", "bolt11", `"receipts":[` + leg + `]`, 1},
		{"receive, outflows", "receive", "bolt11", `"outflows":[` + leg + `]`, 1},
		{"receive, none", "receive", "bolt11", `"memo":null`, 0},
		// encoding/json matches keys without regard to case, and reads
		// escapes in them: the shortcut must not lose legs it would read.
		{"send, Receipts", "send", "bolt11", `"Receipts":[` + leg + `]`, 1},
		{"receive, OUTFLOWS", "receive", "bolt11", `"OUTFLOWS":[` + leg + `]`, 1},
		{"send, escaped receipts", "send", "bolt11", `"\u0072eceipts":[` + leg + `]`, 1},
		{"send, receipt with a long s", "send", "bolt11", `"receiptſ":[` + leg + `]`, 1},
		{"send, a memo saying receipts", "send", "bolt11", `"memo":"receipts","outflows":[` + leg + `]`, 1},
	} {
		raw := `{"id":"a","wallet_id":"b","created_at":"2025-05-07T10:42:17Z","updated_at":"2025-05-07T10:42:17Z",
		"currency":"btc","direction":"` + c.direction + `","type":"` + c.kind + `","status":"completed","error":null,
		"data":{"payment_request":"lntbs1","amount_msats":7000,` + c.legs + `}}`
		var p Payment
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := len(p.Legs()); got != c.want {
			t.Errorf("%s: %d legs, want %d", c.name, got, c.want)
		}
	}
}

// TestPaymentsPageDecodesAsEachPayment: a page of payments, decoded in one
// pass, holds exactly what each payment decodes to on its own, for every
// recorded example, unknown kinds and legs included.
func TestPaymentsPageDecodesAsEachPayment(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("..", "testdata", "voltage", "payment_*.json"))
	var items []json.RawMessage
	var each []Payment
	for _, path := range names {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		if strings.HasPrefix(name, "payment_error_") {
			continue
		}
		raw := readExample(t, name)
		items = append(items, raw)
		each = append(each, decode[Payment](t, name))
	}
	items = append(items, json.RawMessage(`{"id":"x","direction":"sideways","type":"carrier_pigeon","status":"completed","data":{"bird":"Kevin"}}`))
	var odd Payment
	if err := json.Unmarshal(items[len(items)-1], &odd); err != nil {
		t.Fatal(err)
	}
	each = append(each, odd)
	body, _ := json.Marshal(map[string]any{"items": items, "limit": 100, "next_cursor": "abc", "has_more": true})
	var page Page[Payment]
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	if !page.Cursored || page.NextCursor != "abc" || !page.HasMore || page.Limit != 100 || len(page.Items) != len(each) {
		t.Fatalf("page %+v", page)
	}
	for i := range each {
		if other, ok := each[i].Data.(OtherData); ok {
			// Data of a kind voltdash does not know is kept as it came;
			// in the page it came compacted.
			var compact bytes.Buffer
			_ = json.Compact(&compact, other.Raw)
			each[i].Data = OtherData{Raw: compact.Bytes()}
		}
		if !reflect.DeepEqual(page.Items[i], each[i]) {
			t.Errorf("payment %d decodes differently in a page:\n%+v\n%+v", i, page.Items[i], each[i])
		}
	}
	var bad Page[Payment]
	if err := json.Unmarshal([]byte(`{"items":[{"id":"a","direction":"send","type":"bolt11","data":{"amount_msats":"lots"}}],"total":1}`), &bad); err == nil {
		t.Error("a payment whose data does not decode made a page")
	}
}

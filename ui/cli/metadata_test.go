package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/voltdash/voltdash/api/spec"
	"github.com/voltdash/voltdash/model"
)

// fitsTheSpec fails the test unless body is a create_payment request the
// spec takes.
func fitsTheSpec(t *testing.T, what string, body any) {
	t.Helper()
	s, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(body)
	path := "/organizations/5a1f0e3c-7b2d-4c8e-9f6a-1b2c3d4e5f60/environments/c41d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f22/payments"
	if _, problems, found := s.Check("POST", path, nil, raw); !found || len(problems) > 0 {
		t.Errorf("%s does not fit create_payment: %v\n%s", what, problems, raw)
	}
}

// TestMetadataIsSentWithThePayment: --metadata on invoice and pay goes in
// the request, which fits the spec at its limits; pay's is in the summary
// and in the record the journal keeps (so a resend sends it again), and
// not in the policy check, which carries only its own mark.
func TestMetadataIsSentWithThePayment(t *testing.T) {
	want := map[string]string{"order": "1042", "till": "2"}
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	r := runWith(b, "", "invoice", "--wallet", "Till", "--amount", "1000", "--no-qr", "--metadata", "order=1042", "--metadata", "till=2")
	if r.code != ExitOK || len(b.receives) != 1 || !reflect.DeepEqual(b.receives[0].Metadata, want) {
		t.Fatalf("invoice: exit %d, %+v: %s", r.code, b.receives, r.stderr)
	}
	fitsTheSpec(t, "the receive", b.receives[0])

	b.get = func(string) (model.Payment, error) { return completed(b.sent[0], nil), nil }
	r = runWith(b, "", "pay", "--wallet", "Payouts", "--yes", "--metadata", "order=1042", "--metadata", "till=2", signetInvoice(t, model.Sats(2100), "Tea"))
	if r.code != ExitOK || len(b.sent) != 1 || !reflect.DeepEqual(b.sent[0].Request.Metadata, want) {
		t.Fatalf("pay: exit %d, %+v: %s", r.code, b.sent, r.stderr)
	}
	fitsTheSpec(t, "the send", b.sent[0].Request)
	if !strings.Contains(r.stderr, "\nMetadata   order=1042;till=2\n") {
		t.Errorf("no metadata in the summary:\n%s", r.stderr)
	}
	if c := b.checks[len(b.checks)-1]; !reflect.DeepEqual(c.Metadata, map[string]string{model.PolicyCheckKey: "policy"}) {
		t.Errorf("the policy check carried %v", c.Metadata)
	}

	// At the limits: 50 pairs, each side 256 characters (of two bytes each).
	side := strings.Repeat("é", model.MaxPaymentMetadataLen-3)
	var args []string
	for i := range model.MaxPaymentMetadata {
		args = append(args, "--metadata", fmt.Sprintf("%03d%s=%s", i, side, side+"xyz"))
	}
	b = &fakeBackend{wallets: wallets("Till", "Payouts")}
	r = runWith(b, "", append([]string{"pay", "-n", "--json", "--wallet", "Payouts", signetInvoice(t, model.Sats(2100), "Tea")}, args...)...)
	var plan planJSON
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil || r.code != ExitOK || len(plan.Metadata) != model.MaxPaymentMetadata {
		t.Fatalf("at the limits: exit %d %v: %s", r.code, err, r.stderr)
	}
	inv := signetInvoice(t, model.Sats(2100), "Tea")
	p, _ := model.PlanSend(inv, "", "", wallets("Till", "Payouts")[1], true, t0, nil)
	p.Metadata = plan.Metadata
	req, err := p.Request(payoutsID)
	if err != nil {
		t.Fatal(err)
	}
	fitsTheSpec(t, "a send at the limits", req)
}

// TestBadMetadataIsRefusedAtTheFlag: what create_payment would refuse is
// refused before anything is asked of Voltage, for invoice and pay alike.
func TestBadMetadataIsRefusedAtTheFlag(t *testing.T) {
	many := []string{}
	for i := range model.MaxPaymentMetadata + 1 {
		many = append(many, "--metadata", fmt.Sprintf("k%d=v", i))
	}
	long := strings.Repeat("é", model.MaxPaymentMetadataLen+1)
	for _, tc := range []struct {
		name string
		args []string
		says string
	}{
		{"51 pairs", many, "51 pairs; a payment takes at most 50"},
		{"a long value", []string{"--metadata", "k=" + long}, "has 257 characters; at most 256"},
		{"a long key", []string{"--metadata", long + "=v"}, "has 257 characters; at most 256"},
		{"no value", []string{"--metadata", "order"}, "write key=value"},
		{"twice", []string{"--metadata", "k=1", "--metadata", "k=2"}, "given twice"},
		{"voltdash's key", []string{"--metadata", model.PolicyCheckKey + "=no"}, "voltdash's own"},
	} {
		for _, cmd := range [][]string{
			{"invoice", "--wallet", "Till", "--amount", "1000"},
			{"pay", "--wallet", "Payouts", "--yes", signetInvoice(t, model.Sats(2100), "Tea")},
		} {
			b := &fakeBackend{wallets: wallets("Till", "Payouts")}
			r := runWith(b, "", append(cmd, tc.args...)...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, "--metadata") || !strings.Contains(r.stderr, tc.says) ||
				len(b.receives)+len(b.sent)+len(b.checks) != 0 {
				t.Errorf("%s %s: exit %d, %d receives %d sends %d checks: %s", cmd[0], tc.name, r.code, len(b.receives), len(b.sent), len(b.checks), r.stderr)
			}
		}
	}
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	if r := runWith(b, "", "pay", "--resend", paymentID, "--metadata", "k=v"); r.code != ExitUsage || !strings.Contains(r.stderr, "leave out --metadata") {
		t.Errorf("--resend: %d %s", r.code, r.stderr)
	}
}

// TestHistoryExportsMetadata: the table shows it cleaned (a column only
// when some payment has any), --json and --ndjson exactly, --csv in one
// cell of sorted, escaped pairs; status shows it too.
func TestHistoryExportsMetadata(t *testing.T) {
	meta := map[string]string{"team": "ops", "a;b": `c=d\e`, "note": "hi\x1b[2J"}
	b := &fakeBackend{wallets: wallets("Till", "Payouts"), payments: []model.Payment{
		{ID: paymentID, WalletID: tillID, Direction: model.Receive, Kind: model.Bolt11, Status: model.StatusCompleted, CreatedAt: t0,
			Data: model.ReceiveBolt11Data{AmountMsats: 1000}, Metadata: meta},
		{ID: payoutsID, WalletID: tillID, Direction: model.Receive, Kind: model.Bolt11, Status: model.StatusCompleted, CreatedAt: t0,
			Data: model.ReceiveBolt11Data{AmountMsats: 2000}},
	}}
	escaped := `a\;b=c\=d\\e;note=hi` + "\x1b[2J" + ";team=ops"

	r := runWith(b, "", "history")
	lines := strings.Split(r.stdout, "\n")
	assertText(t, "history", r.stdout)
	if !strings.Contains(lines[0], " METADATA ") || !strings.Contains(lines[1], "  "+model.CleanText(escaped)+"  ") {
		t.Errorf("table:\n%s", r.stdout)
	}
	if r := runWith(&fakeBackend{wallets: b.wallets, payments: b.payments[1:]}, "", "history"); strings.Contains(r.stdout, "METADATA") {
		t.Errorf("a column for no metadata:\n%s", r.stdout)
	}

	for _, format := range []string{"--json", "--ndjson"} {
		r := runWith(b, "", "history", format)
		var got []paymentJSON
		text := r.stdout
		if format == "--ndjson" {
			text = "[" + strings.Join(strings.Fields(strings.TrimSpace(text)), ",") + "]"
		}
		if err := json.Unmarshal([]byte(text), &got); err != nil || len(got) != 2 || !reflect.DeepEqual(got[0].Metadata, meta) ||
			got[1].Metadata != nil || strings.Contains(r.stdout, `"metadata": {}`) {
			t.Errorf("%s: %v %s", format, err, r.stdout)
		}
	}

	r = runWith(b, "", "history", "--csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	at := slices.Index(rows[0], "metadata")
	if err != nil || at < 0 || rows[1][at] != model.CleanText(escaped) || rows[2][at] != "" {
		t.Errorf("csv: %v %q", err, rows)
	}

	r = runWith(b, "", "status", paymentID)
	assertText(t, "status", r.stdout)
	if !strings.Contains(r.stdout, "\nmetadata   "+model.CleanText(escaped)+"\n") {
		t.Errorf("status:\n%s", r.stdout)
	}
}

// TestMetadataTextReadsBack: the CSV form splits back into the pairs, for
// any key or value.
func TestMetadataTextReadsBack(t *testing.T) {
	for _, m := range []map[string]string{
		nil,
		{"k": "v"},
		{`\`: `\\`, ";": "=", "=": ";", "a=b;c": `d\;e`, "": ""},
	} {
		text := metadataText(m)
		back := map[string]string{}
		var k, cur strings.Builder
		inKey, escaped := true, false
		flush := func() {
			back[k.String()] = cur.String()
			k.Reset()
			cur.Reset()
			inKey = true
		}
		for _, c := range text {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
				continue
			case c == '=' && inKey:
				k.WriteString(cur.String())
				cur.Reset()
				inKey = false
				continue
			case c == ';':
				flush()
				continue
			}
			cur.WriteRune(c)
		}
		if text != "" {
			flush()
		}
		if len(m) == 0 && len(back) == 0 {
			continue
		}
		if !reflect.DeepEqual(back, m) {
			t.Errorf("%q read back as %q from %q", m, back, text)
		}
	}
}

// TestMetadataOnALightningAddress: the invoice a service gives is paid
// with the payer's metadata, as any invoice is.
func TestMetadataOnALightningAddress(t *testing.T) {
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	b.get = func(string) (model.Payment, error) { return completed(b.sent[0], nil), nil }
	r := runWithDeps(b, "", withLNURL(honestService(t, 10, nil)), "pay", "--wallet", "Payouts", "--amount", "2100", "--yes",
		"--metadata", "rent=2026-11", "savings@shop.example")
	if r.code != ExitOK || len(b.sent) != 1 || b.sent[0].Request.Metadata["rent"] != "2026-11" || b.sent[0].PayTo != "savings@shop.example" {
		t.Fatalf("exit %d %+v: %s", r.code, b.sent, r.stderr)
	}
	fitsTheSpec(t, "the send", b.sent[0].Request)
}

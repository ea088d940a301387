package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzPaymentJSON decodes anything as a payment: it must never panic, and
// whatever decodes must survive being written and read again unchanged,
// with its status still not counted as success unless it is completed.
func FuzzPaymentJSON(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "voltage", "payment_*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"direction":"send","type":"bolt11","data":null,"status":"x"}`))
	f.Add([]byte(`{"direction":"receive","type":"onchain","data":{"receipts":[{"type":"warp"}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Payment
		if json.Unmarshal(b, &p) != nil {
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("decoded but cannot encode: %v", err)
		}
		var again Payment
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("cannot read back what it wrote: %v\n%s", err, out)
		}
		if again.ID != p.ID || again.Status != p.Status || again.Amount() != p.Amount() || again.Invoice() != p.Invoice() ||
			!reflect.DeepEqual(again.Error, p.Error) {
			t.Fatalf("round trip changed the payment:\n%+v\n%+v", p, again)
		}
		if p.Status.Succeeded() != (p.Status == StatusCompleted) {
			t.Fatalf("status %q counted as success", p.Status)
		}
		_, _ = p.Fee()
		_ = p.Memo() + p.Address() + p.Preimage() + p.PayableText()
	})
}

package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/cli"
)

// TestCLIMetadataRoundTrip: --metadata on invoice and pay reaches the
// simulator in requests the contract checker holds to the spec, comes
// back on the payments, is kept in the journaled request (a resend sends
// it as it was), and history exports it.
func TestCLIMetadataRoundTrip(t *testing.T) {
	w := newCLIWorld(t, sim.Config{NoHistory: true})
	want := map[string]string{"order": "1042", "team": "ops"}
	read := func(r cliResult) map[string]string {
		t.Helper()
		var p struct{ Metadata map[string]string }
		if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || r.code != cli.ExitOK {
			t.Fatalf("exit %d %v: %s %s", r.code, err, r.stdout, r.stderr)
		}
		return p.Metadata
	}
	if got := read(w.run("", "invoice", "--wallet", "Savings", "--amount", "1000", "--json", "--metadata", "order=1042", "--metadata", "team=ops")); !reflect.DeepEqual(got, want) {
		t.Errorf("invoice echoed %v", got)
	}
	long := strings.Repeat("é", model.MaxPaymentMetadataLen) // at the limit in characters, twice that in bytes
	if got := read(w.run("", "invoice", "--wallet", "Savings", "--amount", "1000", "--json", "--metadata", long+"="+long)); got[long] != long {
		t.Errorf("a key and value of 256 characters: %v", got)
	}
	inv, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(4200)})
	if got := read(w.run("", "pay", inv, "--wallet", "coffee", "--yes", "--json", "--metadata", "order=1042", "--metadata", "team=ops")); !reflect.DeepEqual(got, want) {
		t.Errorf("pay echoed %v", got)
	}
	base, _ := journal.DefaultDir()
	j, err := journal.Open(filepath.Join(base, w.env["VOLTAGE_ENVIRONMENT_ID"]), w.clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	if all, _ := j.All(); len(all) != 1 || !reflect.DeepEqual(all[0].Request.Metadata, want) {
		t.Errorf("journal %+v", all)
	}

	// A send recorded and never submitted (killed before its request went
	// out) is sent again, metadata and all, from the journal alone.
	again, _ := w.srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(1200)})
	var listed []struct {
		ID, Name string
		Network  model.Network
	}
	json.Unmarshal([]byte(w.run("", "wallets", "--json").stdout), &listed)
	coffee := model.Wallet{}
	for _, l := range listed {
		if l.Name == "Coffee shop till" {
			coffee = model.Wallet{ID: l.ID, Name: l.Name, Network: l.Network}
		}
	}
	plan, bad := model.PlanSend(again, "", "", coffee, true, w.clk.Now(), nil)
	if !bad.OK() {
		t.Fatal(bad)
	}
	plan.Metadata = map[string]string{"order": "1043"}
	rec, err := plan.Record(coffee.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Record(rec); err != nil {
		t.Fatal(err)
	}
	if r := w.run("", "pay", "--resend", rec.ID, "--json"); r.code != cli.ExitOK || read(r)["order"] != "1043" {
		t.Errorf("resend: %d %s %s", r.code, r.stdout, r.stderr)
	}

	r := w.run("", "history", "--direction", "send", "--csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	at := slices.Index(rows[0], "metadata")
	// The first pay's policy check is listed too, with its own mark.
	if err != nil || len(rows) != 4 || at < 0 || rows[1][at] != "order=1043" || rows[2][at] != "order=1042;team=ops" ||
		rows[3][at] != model.PolicyCheckKey+"=policy" {
		t.Errorf("history --csv: %v\n%s", err, r.stdout)
	}
}

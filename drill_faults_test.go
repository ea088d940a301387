package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/journal"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui/cli"
)

// faultyWorld fails 20% of requests, reads and writes alike, in every
// mode the simulator has: 500s before and after the write took effect,
// 429s, 503s on reads, dropped and hung answers on writes, and new
// payments hidden (404) for a second.
var faultyWorld = sim.Faults{Error: 0.06, RateLimit: 0.04, Unavailable: 0.10, Drop: 0.05, Hang: 0.05,
	HangFor: time.Second, RetryAfter: time.Second, Hide: time.Second}

// followSend does what the dashboard and voltdash pay do after a send:
// read it until it is final, telling the journal; if Voltage never got
// it, resend it under its own id, as the user would be offered to.
func followSend(t *testing.T, s *api.Sender, c *api.Client, clk clock.Clock, id string) (resends int) {
	t.Helper()
	misses := 0
	for {
		p, err := c.GetPayment(context.Background(), id)
		switch {
		case err == nil:
			misses = 0
			if _, err := s.Observe(id, p); err != nil {
				t.Fatal(err)
			}
			if p.Status.IsFinal() {
				return resends
			}
		case api.IsNotFound(err):
			if misses++; misses > 5 {
				if rec, _ := s.Record(id); rec.State == model.SendRecorded {
					if _, err := s.Resend(context.Background(), id); err != nil && !api.IsRetryable(err) {
						t.Logf("resending %s: %v", id, err)
					}
					resends++
				}
				misses = 0
			}
		case !api.IsRetryable(err):
			t.Fatalf("reading %s: %v", id, err)
		}
		<-clk.After(500 * time.Millisecond)
	}
}

// TestDrillSendsUnderFaults makes 1,000 sends (200 without VOLTDASH_DRILL)
// through the Sender, as the dashboard and voltdash pay do, with 20% of
// requests faulted: exactly one payment each, none doubled, none stuck.
func TestDrillSendsUnderFaults(t *testing.T) {
	n := drillSize(60, 1000)
	clk := clock.NewManual(cliStart)
	clk.AutoAdvance(true) // retries and polls move the simulated world
	srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 81, NoHistory: true, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	cr := srv.Credentials()
	c, err := api.New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, api.WithClock(clk),
		api.WithTimeout(150*time.Millisecond), api.WithCreateGrace(3*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	j, err := journal.Open(t.TempDir(), clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	s := api.NewSender(c, j)
	wallet := srv.WalletIDs()[0]
	invoices := make([]string, n)
	for i := range invoices {
		if invoices[i], err = srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(int64(100 + i))}); err != nil {
			t.Fatal(err)
		}
	}
	srv.SetFaults(faultyWorld)
	unknown, resends := 0, 0
	var ids []string
	for i, inv := range invoices {
		req, err := model.NewBolt11Send(model.SendParams{WalletID: wallet, Invoice: inv})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := s.Send(context.Background(), model.SendRecord{Request: req, Amount: model.Sats(int64(100 + i))})
		switch {
		case err != nil && rec.State == model.SendRecorded:
			unknown++ // no answer: reading it settles whether it arrived
		case err != nil:
			t.Fatalf("send %d: %v (%+v)", i, err, rec)
		}
		resends += followSend(t, s, c, clk, rec.ID)
		ids = append(ids, rec.ID)
	}
	srv.SetFaults(sim.Faults{})
	requests, faults := srv.RequestCounts(), srv.FaultCounts()
	duplicates, stuck := checkOnePaymentEach(t, srv, j, ids, invoices)

	faulted := 0
	for _, k := range sortedKeys(faults) {
		faulted += faults[k]
	}
	var kinds []string
	for _, k := range sortedKeys(faults) {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, faults[k]))
	}
	report(t, fmt.Sprintf("%d sends with %.0f%% of %d requests faulted (%s)", n, 100*float64(faulted)/float64(requests[""]),
		requests[""], strings.Join(kinds, ", ")),
		[]string{"sends", "payments", "duplicates", "stuck", "outcome unknown at first", "resent by the user"},
		[]string{fmt.Sprint(n), fmt.Sprint(srv.CountSends()), fmt.Sprint(duplicates), fmt.Sprint(stuck), fmt.Sprint(unknown), fmt.Sprint(resends)})
	for _, kind := range []string{"error", "error_after_commit", "drop", "hang", "unavailable", "ratelimit"} {
		if faults[kind] == 0 {
			t.Errorf("fault %s never happened: %v", kind, faults)
		}
	}
}

// checkOnePaymentEach: every invoice was paid by exactly one payment, with
// an id the journal knows, completed; the journal has nothing unfinished.
// It counts invoices paid more than once, and payments not settled.
func checkOnePaymentEach(t *testing.T, srv *sim.Server, j *journal.Journal, ids, invoices []string) (duplicates, stuck int) {
	t.Helper()
	byInvoice := map[string][]model.Payment{}
	for _, p := range srv.Payments() {
		if p.Direction == model.Send {
			byInvoice[p.Invoice()] = append(byInvoice[p.Invoice()], p)
		}
	}
	all, err := j.All()
	if err != nil {
		t.Fatal(err)
	}
	journaled := map[string]model.SendRecord{}
	for _, r := range all {
		journaled[r.ID] = r
	}
	var problems []string
	for _, inv := range invoices {
		ps := byInvoice[inv]
		switch {
		case len(ps) != 1:
			duplicates += min(len(ps)-1, 1)
			problems = append(problems, fmt.Sprintf("%d payments for one invoice", len(ps)))
		case ps[0].Status != model.StatusCompleted:
			stuck++
			problems = append(problems, fmt.Sprintf("%s ended %s", ps[0].ID, ps[0].Status))
		case journaled[ps[0].ID].State != model.SendFinal:
			stuck++
			problems = append(problems, fmt.Sprintf("%s is %q in the journal", ps[0].ID, journaled[ps[0].ID].State))
		}
	}
	if ids != nil && len(journaled) != len(ids) {
		problems = append(problems, fmt.Sprintf("%d journal records for %d sends", len(journaled), len(ids)))
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		t.Errorf("%d problems, first: %s", len(problems), strings.Join(problems[:min(5, len(problems))], "; "))
	}
	return duplicates, stuck
}

// TestDrillKilledAtRandomAndResumed runs voltdash pay as separate
// processes, 1,000 of them (32 without VOLTDASH_DRILL), against a
// simulator faulting 20% of requests, and kills each at a random moment
// with SIGKILL. Then it does what a user would: voltdash resume, pay
// --resend for what never reached Voltage, and pay again for what was
// never even recorded, until every invoice is paid: exactly once each.
func TestDrillKilledAtRandomAndResumed(t *testing.T) {
	needsBinary(t)
	n := drillSize(12, 1000)
	srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 91, NoHistory: true, ApproveDelay: 50 * time.Millisecond,
		RouteDelay: 300 * time.Millisecond, Faults: faultyWorld})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	cr := srv.Credentials()
	state := t.TempDir()
	env := append(os.Environ(), "VOLTAGE_BASE_URL="+srv.URL(), "VOLTAGE_API_KEY="+cr.APIKey,
		"VOLTAGE_ORGANIZATION_ID="+cr.OrganizationID, "VOLTAGE_ENVIRONMENT_ID="+cr.EnvironmentID,
		"XDG_STATE_HOME="+state, "XDG_CONFIG_HOME="+t.TempDir(), "VOLTDASH_PROFILE=")
	voltdash := func(kill time.Duration, args ...string) (code int, out []byte, killed bool) {
		cmd := exec.Command(binary, args...)
		cmd.Env = env
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if kill > 0 {
			timer := time.AfterFunc(kill, func() { _ = cmd.Process.Kill() })
			defer timer.Stop()
		}
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return -1, stdout.Bytes(), true
		}
		if err != nil && cmd.ProcessState.ExitCode() < 0 {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), stdout.Bytes(), false
	}
	wallet := srv.WalletIDs()[0]
	invoices := make([]string, n)
	for i := range invoices {
		if invoices[i], err = srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(int64(100 + i))}); err != nil {
			t.Fatal(err)
		}
	}

	// Round one: every pay is killed somewhere in its first three seconds
	// (under these faults it takes about two), if it has not finished.
	rng := rand.New(rand.NewPCG(91, 1))
	kills := make([]time.Duration, n)
	for i := range kills {
		kills[i] = time.Millisecond + time.Duration(rng.Int64N(int64(3*time.Second)))
	}
	var killed atomic.Int64
	parallel(n, 16, func(i int) {
		if _, _, k := voltdash(kills[i], "pay", invoices[i], "--wallet", wallet, "--yes", "--json"); k {
			killed.Add(1)
		}
	})
	j, err := journal.Open(filepath.Join(state, "voltdash", "sends", cr.EnvironmentID), nil)
	if err != nil {
		t.Fatal(err)
	}
	found := crashScene(t, srv, j, invoices)

	// Then the user puts things right, never paying anything twice.
	resends, repays, resumes := 0, 0, 0
	for round := 0; ; round++ {
		if round == 20 {
			t.Fatalf("still not settled after %d rounds", round)
		}
		code, out, _ := voltdash(0, "resume", "--json")
		resumes++
		var results []struct{ ID, Outcome string }
		if err := json.Unmarshal(out, &results); err != nil && code != cli.ExitNetwork {
			t.Fatalf("resume printed %q (exit %d)", out, code)
		}
		var lost []string
		for _, r := range results {
			if r.Outcome == "never_arrived" {
				lost = append(lost, r.ID)
			}
		}
		parallel(len(lost), 16, func(i int) { voltdash(0, "pay", "--resend", lost[i], "--yes", "--json") })
		unrecorded := unrecordedInvoices(t, srv, j, invoices)
		parallel(len(unrecorded), 16, func(i int) {
			voltdash(0, "pay", invoices[unrecorded[i]], "--wallet", wallet, "--yes", "--json")
		})
		resends, repays = resends+len(lost), repays+len(unrecorded)
		if code == cli.ExitOK && len(results) == 0 && len(unrecorded) == 0 {
			break
		}
	}
	srv.SetFaults(sim.Faults{})
	duplicates, stuck := checkOnePaymentEach(t, srv, j, nil, invoices)
	report(t, fmt.Sprintf("%d voltdash pay processes, %d killed at random, 20%% of requests faulted; what the restart found", n, killed.Load()),
		[]string{"killed before recording", "recorded, never reached Voltage", "reached Voltage, answer lost", "accepted, not yet final", "final"},
		[]string{fmt.Sprint(found["unrecorded"]), fmt.Sprint(found["never_arrived"]), fmt.Sprint(found["answer_lost"]),
			fmt.Sprint(found["accepted"]), fmt.Sprint(found["final"])})
	t.Logf("then: %d resume runs, %d resends with the same id, %d invoices paid again from scratch; %d payments for %d invoices, %d paid twice, %d not settled",
		resumes, resends, repays, srv.CountSends(), n, duplicates, stuck)
}

// crashScene sorts the invoices by what the kills left behind.
func crashScene(t *testing.T, srv *sim.Server, j *journal.Journal, invoices []string) map[string]int {
	t.Helper()
	records := recordsByInvoice(t, j)
	paid := map[string]bool{}
	for _, p := range srv.Payments() {
		paid[p.ID] = true
	}
	found := map[string]int{}
	for _, inv := range invoices {
		r, ok := records[inv]
		switch {
		case !ok:
			found["unrecorded"]++
		case r.State == model.SendRecorded && !paid[r.ID]:
			found["never_arrived"]++
		case r.State == model.SendRecorded:
			found["answer_lost"]++
		case r.State == model.SendAccepted:
			found["accepted"]++
		default:
			found["final"]++
		}
	}
	return found
}

func recordsByInvoice(t *testing.T, j *journal.Journal) map[string]model.SendRecord {
	t.Helper()
	all, err := j.All()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]model.SendRecord{}
	for _, r := range all {
		if prev, dup := out[r.Request.Data.PaymentRequest]; dup {
			t.Fatalf("two journal records for one invoice: %s and %s", prev.ID, r.ID)
		}
		out[r.Request.Data.PaymentRequest] = r
	}
	return out
}

// unrecordedInvoices are those no journal record holds and no payment
// pays: their pay was killed before it wrote anything.
func unrecordedInvoices(t *testing.T, srv *sim.Server, j *journal.Journal, invoices []string) []int {
	t.Helper()
	records := recordsByInvoice(t, j)
	paid := map[string]bool{}
	for _, p := range srv.Payments() {
		paid[p.Invoice()] = true
	}
	var out []int
	for i, inv := range invoices {
		if _, ok := records[inv]; !ok {
			if paid[inv] {
				t.Fatalf("invoice %d was paid without a journal record", i)
			}
			out = append(out, i)
		}
	}
	return out
}

// parallel runs f for 0..n-1 on workers goroutines.
func parallel(n, workers int, f func(i int)) {
	work := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				f(i)
			}
		}()
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
}

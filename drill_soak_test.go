package main

import (
	"fmt"
	"math"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui"
)

// sample is the process at one moment of a soak.
type sample struct {
	at         time.Duration
	payments   int // in the simulator
	heap       uint64
	goroutines int
}

func take(at time.Duration, srv *sim.Server) sample {
	// The least of a few collections: a goroutine that allocates between a
	// collection and the reading (an HTTP server's buffers) is not growth.
	heap := uint64(math.MaxUint64)
	for range 3 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		heap = min(heap, m.HeapAlloc)
	}
	// Idle keep-alive connections are the pool's, not a leak: closed first,
	// their goroutines take a moment to end, so the least of a few readings.
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	goroutines := runtime.NumGoroutine()
	for range 20 {
		time.Sleep(5 * time.Millisecond)
		goroutines = min(goroutines, runtime.NumGoroutine())
	}
	return sample{at: at, payments: len(srv.Payments()), heap: heap, goroutines: goroutines}
}

// TestDrillSoak runs the simulator's background activity at 20 payments a
// second for a minute of its clock (15 s unless VOLTDASH_DRILL=full), with the dashboard consuming every
// update, by push and by polling alone. Then the activity stops, the
// payments in flight settle, and the dashboard idles: goroutines must be
// back where they started, the heap must not grow while idle, and every
// payment the simulator finished must be final in the dashboard.
func TestDrillSoak(t *testing.T) {
	soak := time.Duration(drillSize(15, 60)) * time.Second
	for _, mode := range []string{"push", "polling"} {
		t.Run(mode, func(t *testing.T) {
			cfg := sim.Config{Seed: 71, NoHistory: true, Activity: 20}
			var srv *sim.Server
			var app *ui.App
			var l *loop
			var pw *pushWorld
			if mode == "push" {
				pw = newPushWorld(t, cfg)
				srv, app, l = pw.srv, pw.app, pw.loop
			} else {
				clk := clock.NewManual(cliStart)
				cfg.Clock = clk
				var err error
				if srv, err = sim.Start("127.0.0.1:0", cfg); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { srv.Close() })
				app = wiredAppWith(t, srv, ui.Config{Clock: clk}, api.WithClock(clk))
				l = newLoop(t, app, clk)
			}
			l.start(120, 40)
			l.press("2") // History, where every payment shows
			l.run(5 * time.Second)
			samples := []sample{take(0, srv)}
			for at := 10 * time.Second; at <= soak; at += 10 * time.Second {
				l.run(10 * time.Second)
				samples = append(samples, take(at, srv))
			}
			srv.StopActivity()
			l.run(30 * time.Second) // what was in flight settles
			settled := take(soak+30*time.Second, srv)
			l.run(2 * time.Minute) // idle
			idle := take(soak+150*time.Second, srv)
			samples = append(samples, settled, idle)

			if mode == "polling" {
				loadEverything(t, l, app, len(srv.Payments()))
			}
			missing, stale := compareWithSim(app, srv)
			var rows [][]string
			for _, s := range samples {
				rows = append(rows, []string{fmt.Sprint(s.at), fmt.Sprint(s.payments),
					fmt.Sprintf("%.1f MB", float64(s.heap)/(1<<20)), fmt.Sprint(s.goroutines)})
			}
			last := samples[len(samples)-3]
			perPayment := (int64(last.heap) - int64(samples[0].heap)) / int64(last.payments-samples[0].payments)
			report(t, fmt.Sprintf("Soak (%s): 20 payments/s for %v, then 30 s settling and 2 min idle; %d payments, %d messages handled, heap %.1f KB per payment (simulator and dashboard)",
				mode, soak, settled.payments, l.handled, float64(perPayment)/1024), []string{"clock", "payments", "heap", "goroutines"}, rows...)
			if pw != nil {
				d, r := srv.Deliveries(), pw.listener.Stats()
				t.Logf("webhook events: %d delivered, %d given up; the dashboard took %d new states, %d repeats, rejected %d",
					d.Delivered, d.GaveUp, r.Accepted, r.Duplicate, r.Rejected)
				if d.GaveUp != 0 || r.Rejected != 0 || r.Accepted != d.Delivered {
					t.Errorf("pushes lost on the way: %+v %+v", d, r)
				}
			}
			if len(missing) > 0 || len(stale) > 0 {
				t.Errorf("%d finished payments missing from the dashboard (%v…), %d not final there (%v…)",
					len(missing), first(missing), len(stale), first(stale))
			}
			if g0, g := samples[0].goroutines, idle.goroutines; g > g0+2 {
				t.Errorf("goroutines grew from %d to %d", g0, g)
			}
			if grew := int64(idle.heap) - int64(settled.heap); grew > 1<<20 {
				t.Errorf("the heap grew by %d KB while idle", grew>>10)
			}
		})
	}
}

// loadEverything scrolls History to the end until every payment is loaded,
// as a user checking the whole list would.
func loadEverything(t *testing.T, l *loop, app *ui.App, want int) {
	t.Helper()
	for range want/50 + 10 {
		if len(app.Payments()) >= want {
			return
		}
		l.press("G")
		l.run(time.Second)
	}
	t.Fatalf("History loaded %d of %d payments", len(app.Payments()), want)
}

// compareWithSim lists payments final in the simulator that the dashboard
// lacks, and those it shows in another state.
func compareWithSim(app *ui.App, srv *sim.Server) (missing, stale []string) {
	shown := map[string]model.Payment{}
	for _, p := range app.Payments() {
		shown[p.ID] = p
	}
	for _, p := range srv.Payments() {
		got, ok := shown[p.ID]
		switch {
		case !p.Status.IsFinal():
		case !ok:
			missing = append(missing, p.ID)
		case got.Status != p.Status:
			stale = append(stale, p.ID+" "+string(got.Status))
		}
	}
	return missing, stale
}

func first(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

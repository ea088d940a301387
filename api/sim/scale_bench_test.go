package sim

import (
	"context"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/model"
)

// BenchmarkWholeHistoryAt50ms reads every payment of a 100,000-payment
// account (voltdash sim --seed-payments) through the client, over real
// HTTP, each answer 50 ms late: a realistic round trip to Voltage. One
// operation is the whole history; requests are reported with it.
//
//	go test ./api/sim -run '^$' -bench WholeHistoryAt50ms -benchtime 1x
//
// offset-100 is what the SDK's listPayments loop does, a page of 100
// after another by offset; cursor-1000 is voltdash history --all, the
// largest cursor pages one after another. The dashboard's search reads
// the same history in stretches of time, several at once (ui's fill; its
// figure is the end-to-end scale test's).
func BenchmarkWholeHistoryAt50ms(b *testing.B) {
	srv, err := Start("127.0.0.1:0", Config{Seed: 5, SeedPayments: 100_000, Faults: Faults{Latency: 50 * time.Millisecond}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	// The contract checker validates every answer in tests; here only the
	// time a client would see is measured.
	if f := observer.Swap(nil); f != nil {
		b.Cleanup(func() { observer.Store(f) })
	}
	cr := srv.Credentials()
	c, err := api.New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	read := func(b *testing.B, f model.PaymentFilter) {
		requests, payments := 0, 0
		for b.Loop() {
			requests, payments = 0, 0
			f := f
			for {
				page, err := c.ListPayments(ctx, f)
				if err != nil {
					b.Fatal(err)
				}
				requests++
				payments += len(page.Items)
				if !page.More() || len(page.Items) == 0 {
					break
				}
				if page.Cursored {
					f.CursorPaging, f.Cursor = false, page.NextCursor
				} else {
					f.Offset += len(page.Items)
				}
			}
		}
		b.ReportMetric(float64(requests), "requests")
		b.ReportMetric(float64(payments), "payments")
	}
	b.Run("offset-100", func(b *testing.B) { read(b, model.PaymentFilter{Limit: 100}) })
	b.Run("cursor-1000", func(b *testing.B) { read(b, model.PaymentFilter{Limit: model.MaxPageLimit, CursorPaging: true}) })
}

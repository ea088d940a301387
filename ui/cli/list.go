package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/voltdash/voltdash/model"
)

// walletJSON is a wallet as the commands print it for scripts.
type walletJSON struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Network   model.Network   `json:"network"`
	Available model.MilliSats `json:"available_msats"`
	Total     model.MilliSats `json:"total_msats"`
	Held      model.MilliSats `json:"held_msats"`
	Limit     model.MilliSats `json:"limit_msats"`
	State     string          `json:"state"`
	// A wallet that is not bitcoin names its currency and gives its balance
	// as amount objects (usd in cents); its *_msats fields are zero.
	Currency     model.Currency `json:"currency,omitempty"`
	OwnAvailable *model.Amount  `json:"available,omitempty"`
	OwnTotal     *model.Amount  `json:"total,omitempty"`
}

func runWallets(r *runner) int {
	if code, ok := r.connect(); !ok {
		return code
	}
	ws, err := call(r, r.b.ListWallets)
	if err != nil {
		return r.failErr("listing wallets", err)
	}
	if r.o.json {
		out := make([]walletJSON, len(ws))
		for i, w := range ws {
			out[i] = walletJSON{ID: w.ID, Name: w.Name, Network: w.Network, Available: w.Available(), Total: w.Total(),
				Held: w.Held(), Limit: w.CreditLimit(), State: w.State()}
			if !w.HoldsBitcoin() {
				a, t := w.OwnBalance()
				out[i] = walletJSON{ID: w.ID, Name: w.Name, Network: w.Network, State: w.State(), Currency: a.Currency,
					OwnAvailable: &a, OwnTotal: &t}
			}
		}
		r.printJSON(out)
		return ExitOK
	}
	u := r.set.Unit
	t := table{head: []string{"NAME", "NETWORK", "AVAILABLE", "TOTAL", "HELD", "CREDIT LIMIT", "STATE"},
		right: []bool{false, false, true, true, true, true, false}}
	var avail, total model.MilliSats
	for _, w := range ws {
		if !w.HoldsBitcoin() { // shown in its own unit, and not counted in sats
			a, tot := w.OwnBalance()
			t.add(w.Name, w.Network.Label(), model.FormatAmount(a, u), model.FormatAmount(tot, u), "-", "-", w.State())
			continue
		}
		t.add(w.Name, w.Network.Label(), w.Available().Figure(u), w.Total().Figure(u), w.Held().Figure(u), w.CreditLimit().Figure(u), w.State())
		avail, total = avail+w.Available(), total+w.Total()
	}
	t.add("total ("+u.String()+")", "", avail.Figure(u), total.Figure(u), "", "", "")
	t.print(r.d.Stdout)
	return ExitOK
}

// paymentJSON is a payment as the commands print it for scripts.
type paymentJSON struct {
	ID        string              `json:"id"`
	WalletID  string              `json:"wallet_id"`
	CreatedAt time.Time           `json:"created_at"`
	UpdatedAt time.Time           `json:"updated_at"`
	Direction model.Direction     `json:"direction"`
	Kind      model.Kind          `json:"kind"`
	Status    model.Status        `json:"status"`
	Amount    model.MilliSats     `json:"amount_msats"`
	Fee       *model.MilliSats    `json:"fee_msats"`
	Memo      string              `json:"memo"`
	Invoice   string              `json:"invoice,omitempty"`
	Address   string              `json:"address,omitempty"`
	Preimage  string              `json:"preimage,omitempty"`
	Error     *model.PaymentError `json:"error,omitempty"`
}

func toJSON(p model.Payment) paymentJSON {
	out := paymentJSON{ID: p.ID, WalletID: p.WalletID, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Direction: p.Direction,
		Kind: p.Kind, Status: p.Status, Amount: p.Amount(), Memo: p.Memo(), Invoice: p.Invoice(), Address: p.Address(),
		Preimage: p.Preimage(), Error: p.Error}
	if fee, ok := p.Fee(); ok {
		out.Fee = &fee
	}
	return out
}

// historyFilter builds the API filter from the flags.
func (r *runner) historyFilter() (model.PaymentFilter, int, bool) {
	var f model.PaymentFilter
	for _, s := range strings.Split(r.o.statuses, ",") {
		switch s = strings.TrimSpace(s); {
		case s == "":
		case s == "pending":
			f.Statuses = append(f.Statuses, model.PendingStatuses...)
		case model.Status(s).Known():
			f.Statuses = append(f.Statuses, model.Status(s))
		default:
			return f, r.fail(ExitUsage, "--status %q: use completed, failed, expired, pending, sending, receiving, generating or approved", s), false
		}
	}
	switch d := model.Direction(r.o.direction); d {
	case "", model.Send, model.Receive:
		f.Direction = d
	default:
		return f, r.fail(ExitUsage, "--direction %q: use send or receive", r.o.direction), false
	}
	switch k := model.Kind(r.o.kind); k {
	case "", model.Bolt11, model.Onchain, model.Bip21:
		f.Kind = k
	default:
		return f, r.fail(ExitUsage, "--kind %q: use bolt11, onchain or bip21", r.o.kind), false
	}
	if r.o.since != "" {
		start, err := parseSince(r.o.since, r.d.Clock.Now())
		if err != nil {
			return f, r.fail(ExitUsage, "--since %q: %v", r.o.since, err), false
		}
		f.Start = start
	}
	if r.o.limit < 1 {
		return f, r.fail(ExitUsage, "--limit must be at least 1"), false
	}
	return f, 0, true
}

// parseSince reads "24h", "7d", "2025-05-01" or an RFC 3339 time.
func parseSince(s string, now time.Time) (time.Time, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n >= 0 {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("use a duration such as 24h or 7d, or a date such as 2025-05-01")
}

func runHistory(r *runner) int {
	if code, ok := r.connect(); !ok {
		return code
	}
	f, code, ok := r.historyFilter()
	if !ok {
		return code
	}
	if r.o.wallet != "" {
		w, code, ok := r.wallet()
		if !ok {
			return code
		}
		f.WalletID = w.ID
	}
	var all []model.Payment
	f.CursorPaging = true      // by cursor where the server can; a server that cannot answers by offset
	for len(all) < r.o.limit { // page by page, never more than asked for
		f.Limit = min(model.MaxPageLimit, r.o.limit-len(all))
		page, err := call(r, func(ctx context.Context) (model.Page[model.Payment], error) { return r.b.ListPayments(ctx, f) })
		if err != nil {
			return r.failErr("listing payments", err)
		}
		all = append(all, page.Items...)
		if len(page.Items) == 0 || !page.More() {
			break
		}
		f.CursorPaging, f.Cursor, f.Offset = false, page.NextCursor, len(all)
		if !page.Cursored {
			f.Cursor = ""
		}
	}
	switch {
	case r.o.json:
		out := make([]paymentJSON, len(all))
		for i, p := range all {
			out[i] = toJSON(p)
		}
		r.printJSON(out)
	case r.o.csv:
		w := csv.NewWriter(r.d.Stdout)
		w.Write([]string{"id", "created_at", "wallet_id", "direction", "kind", "status", "amount_msats", "fee_msats", "memo"})
		for _, p := range all {
			fee := ""
			if f, ok := p.Fee(); ok {
				fee = strconv.FormatInt(int64(f), 10)
			}
			w.Write(csvRow(p.ID, p.CreatedAt.UTC().Format(time.RFC3339Nano), p.WalletID, string(p.Direction), string(p.Kind),
				string(p.Status), strconv.FormatInt(int64(p.Amount()), 10), fee, p.Memo()))
		}
		w.Flush()
	default:
		u := r.set.Unit
		t := table{head: []string{"TIME", "DIRECTION", "AMOUNT (" + u.String() + ")", "FEE", "STATUS", "KIND", "MEMO", "ID"},
			right: []bool{false, false, true, true, false, false, false, false}}
		for _, p := range all {
			fee, amount := "", "-"
			if f, ok := p.Fee(); ok {
				fee = f.Figure(u)
			}
			if amount = p.ValueText(); p.Supported() {
				amount = p.Amount().Figure(u)
			}
			t.add(p.CreatedAt.Local().Format("2006-01-02 15:04"), string(p.Direction), amount, fee, string(p.Status),
				string(p.Kind), p.Memo(), p.ID)
		}
		t.print(r.d.Stdout)
	}
	return ExitOK
}

// csvRow makes cells as a spreadsheet should read them: cleaned like the
// tables (CSV is read by people too, and often on a terminal; --json keeps
// the exact text), and a cell a spreadsheet would run as a formula marked
// as text with a leading apostrophe (OWASP's rule for CSV injection). The
// tab or carriage return that rule also names is a space or ⏎ once
// cleaned, so what counts is the first character after any spaces.
func csvRow(cells ...string) []string {
	for i, c := range cells {
		c = display(c)
		if t := strings.TrimLeft(c, " "); t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
			c = "'" + c
		}
		cells[i] = c
	}
	return cells
}

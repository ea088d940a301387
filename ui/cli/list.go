package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
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
			out[i] = toWalletJSON(w)
		}
		r.printJSON(out)
		return ExitOK
	}
	l := r.lens()
	t := table{head: []string{"NAME", "NETWORK", "AVAILABLE", "TOTAL", "HELD", "CREDIT LIMIT", "STATE"},
		right: []bool{false, false, true, true, true, true, false}}
	var avail, total model.MilliSats
	var cols [4][]model.MilliSats
	for _, w := range ws {
		if w.HoldsBitcoin() {
			avail, total = avail+w.Available(), total+w.Total()
			for i, m := range []model.MilliSats{w.Available(), w.Total(), w.Held(), w.CreditLimit()} {
				cols[i] = append(cols[i], m)
			}
		}
	}
	col := [4]model.Column{model.NewColumn(l, append(cols[0], avail)...), model.NewColumn(l, append(cols[1], total)...),
		model.NewColumn(l, cols[2]...), model.NewColumn(l, cols[3]...)}
	for _, w := range ws {
		if !w.HoldsBitcoin() { // shown in its own unit, and not counted in sats
			a, tot := w.OwnBalance()
			t.add(w.Name, w.Network.Label(), model.FormatAmount(a, l), model.FormatAmount(tot, l), "-", "-", w.State())
			continue
		}
		t.add(w.Name, w.Network.Label(), col[0].Figure(w.Available()), col[1].Figure(w.Total()), col[2].Figure(w.Held()),
			col[3].Figure(w.CreditLimit()), w.State())
	}
	t.add("total ("+l.Shown().String()+")", "", col[0].Figure(avail), col[1].Figure(total), "", "", "")
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
	Metadata  map[string]string   `json:"metadata,omitempty"` // exact, as Voltage echoes it
}

func toJSON(p model.Payment) paymentJSON {
	out := paymentJSON{ID: p.ID, WalletID: p.WalletID, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Direction: p.Direction,
		Kind: p.Kind, Status: p.Status, Amount: p.Amount(), Memo: p.Memo(), Invoice: p.Invoice(), Address: p.Address(),
		Preimage: p.Preimage(), Error: p.Error, Metadata: p.Metadata}
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
	meta, err := model.ParseMetadata(r.o.metadata)
	if err != nil {
		return f, r.fail(ExitUsage, "--metadata %v", err), false
	}
	f.Metadata = meta
	return f, 0, true
}

// onlyPending reports a --status that asks for pending payments only.
func onlyPending(statuses string) bool {
	for _, s := range strings.Split(statuses, ",") {
		if s = strings.TrimSpace(s); s != "" && s != "pending" {
			return false
		}
	}
	return strings.Contains(statuses, "pending")
}

// stillPending drops, from what a pending filter brought, the policy
// checks that are done: a check stops at approved, which the filter
// counts as pending.
func stillPending(ps []model.Payment) []model.Payment {
	out := ps[:0]
	for _, p := range ps {
		if !p.Final() {
			out = append(out, p)
		}
	}
	return out
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
	formats := 0
	for _, on := range []bool{r.o.json, r.o.csv, r.o.ndjson} {
		if on {
			formats++
		}
	}
	switch {
	case formats > 1:
		return r.fail(ExitUsage, "--json, --ndjson and --csv are each a whole output: give one")
	case r.o.all && r.given["limit"]:
		return r.fail(ExitUsage, "--all reads the whole history: leave out --limit, or --all")
	}
	if code, ok := r.connect(); !ok {
		return code
	}
	f, code, ok := r.historyFilter()
	if !ok {
		return code
	}
	fiat := strings.ToLower(strings.TrimSpace(r.o.fiat))
	switch {
	case fiat != "" && fiat != "usd":
		return r.fail(ExitUsage, "--fiat %q: only usd is quoted", r.o.fiat)
	case fiat != "" && r.prices() == nil:
		return r.fail(ExitUsage, "--fiat usd needs the BTCUSD price service, and %v: set price_url, or leave out --fiat", errPricesOff)
	}
	if r.o.wallet != "" {
		w, code, ok := r.wallet()
		if !ok {
			return code
		}
		f.WalletID = w.ID
	}
	limit := r.o.limit
	if r.o.all {
		limit = math.MaxInt
	}
	// --ndjson and --csv write each page as it arrives and keep nothing,
	// so the whole history streams in flat memory; JSON and the table
	// need every row first (one document; columns as wide as the widest).
	stream := r.o.ndjson || r.o.csv
	out := bufio.NewWriter(r.d.Stdout)
	var rows *csv.Writer
	if r.o.csv {
		rows = csv.NewWriter(out)
		rows.Write(historyCSVHead(fiat != ""))
	}
	var all []model.Payment
	count := 0
	err := r.eachPaymentPage(f, true, func() int { return limit - count }, func(items []model.Payment) bool {
		if onlyPending(r.o.statuses) {
			items = stillPending(items)
		}
		items = items[:min(len(items), limit-count)]
		count += len(items)
		if !stream {
			all = append(all, items...)
			return count < limit
		}
		var values map[string]fiatValue
		if fiat != "" {
			values = r.fiatValues(items)
		}
		for _, p := range items {
			if rows != nil {
				rows.Write(historyCSVRow(p, values, fiat != ""))
				continue
			}
			line, _ := json.Marshal(historyJSON(p, values, fiat != ""))
			out.Write(append(line, '\n'))
		}
		if rows != nil {
			rows.Flush()
		}
		out.Flush()          // this page is out before the next is asked for
		return count < limit // page by page, never more than asked for
	})
	if rows != nil {
		rows.Flush()
	}
	out.Flush()
	if err != nil {
		return r.pagingFailed("listing payments", err)
	}
	if stream {
		return ExitOK
	}
	var values map[string]fiatValue
	if fiat != "" {
		values = r.fiatValues(all)
	}
	if r.o.json {
		out := make([]any, len(all))
		for i, p := range all {
			out[i] = historyJSON(p, values, fiat != "")
		}
		r.printJSON(out)
		return ExitOK
	}
	r.historyTable(all, values, fiat != "")
	return ExitOK
}

// historyJSON is a payment as history prints it for scripts: with fiat,
// its value at its minute's price.
func historyJSON(p model.Payment, values map[string]fiatValue, fiat bool) any {
	if !fiat {
		return toJSON(p)
	}
	out := fiatPaymentJSON{paymentJSON: toJSON(p)}
	if v, ok := values[p.ID]; ok {
		usd, minute := plainCents(v.usd), v.quote.Minute.UTC()
		out.ValueUSD, out.PriceMinute, out.BTCUSD = &usd, &minute, v.quote.Price.Decimal()
	}
	return out
}

// errNoProgress: the server answered a page that brings nothing new (the
// same cursor back, or the same payments at the next offset), so paging
// on would never end; what came so far would be incomplete.
var errNoProgress = errors.New("the same page came back again, so the list cannot be read to its end")

// eachPaymentPage pages through get_payments with f, by cursor where the
// server can (a server that cannot answers by offset, and is then paged
// by offset), handing take each page's payments until take returns false
// or there are no more. want is how many more payments the caller wants
// (each page asks for at most that, and at most the largest page). A page
// that does not advance (its cursor is the one sent, or it holds only
// payments of the page before) is errNoProgress.
//
// With readAhead, while take works on a page the next is already being
// read (cursor pages come one after another, so the round trip is what a
// long history costs); at most two pages are held, so that paging the
// whole history keeps memory flat. Without it, no page is asked for
// before take has said it wants one: for a caller that stops on what it
// reads.
func (r *runner) eachPaymentPage(f model.PaymentFilter, readAhead bool, want func() int, take func([]model.Payment) bool) error {
	type answer struct {
		page model.Page[model.Payment]
		err  error
	}
	// A page read ahead for nothing is called off, and waited for: no
	// request outlives the command.
	abandon, cancel := context.WithCancel(context.Background())
	defer cancel()
	ask := func(f model.PaymentFilter) <-chan answer {
		out := make(chan answer, 1)
		go func() {
			page, err := call(r, func(ctx context.Context) (model.Page[model.Payment], error) {
				ctx, stop := context.WithCancel(ctx)
				defer stop()
				defer context.AfterFunc(abandon, stop)()
				return r.b.ListPayments(ctx, f)
			})
			out <- answer{page, err}
		}()
		return out
	}
	var next <-chan answer
	defer func() {
		if next != nil {
			cancel()
			<-next
		}
	}()
	f.CursorPaging, f.Cursor, f.Offset = true, "", 0
	f.Limit = min(model.MaxPageLimit, want())
	next = ask(f)
	var before map[string]struct{}
	for {
		a := <-next
		next = nil
		page, err := a.page, a.err
		if err != nil {
			return err
		}
		got, fresh := len(page.Items), 0
		this := make(map[string]struct{}, got)
		for _, p := range page.Items {
			this[p.ID] = struct{}{}
			if _, ok := before[p.ID]; !ok {
				fresh++
			}
		}
		if got > 0 && fresh == 0 {
			return errNoProgress
		}
		before = this
		if page.Cursored && page.NextCursor != "" && page.NextCursor == f.Cursor {
			if !take(page.Items) {
				return nil
			}
			return errNoProgress
		}
		more := got > 0 && page.More()
		if more {
			f.CursorPaging, f.Cursor, f.Offset = false, page.NextCursor, f.Offset+got
			if !page.Cursored {
				f.Cursor = ""
			}
			// Read on before this page is taken, if the caller will still
			// want more once it has it.
			if rest := want() - got; readAhead && rest > 0 {
				f.Limit = min(model.MaxPageLimit, rest)
				next = ask(f)
			}
		}
		if !take(page.Items) || !more {
			return nil
		}
		if next == nil {
			if f.Limit = min(model.MaxPageLimit, want()); f.Limit <= 0 {
				return nil
			}
			next = ask(f)
		}
	}
}

// pagingFailed reports an error from eachPaymentPage.
func (r *runner) pagingFailed(what string, err error) int {
	if errors.Is(err, errNoProgress) {
		return r.fail(ExitNetwork, "%s: %v", what, err)
	}
	return r.failErr(what, err)
}

// fiatPaymentJSON is a payment with its value at the price of its minute
// (history --fiat usd); null where no price could be had.
type fiatPaymentJSON struct {
	paymentJSON
	ValueUSD    *string    `json:"value_usd"`
	PriceMinute *time.Time `json:"price_minute"`
	BTCUSD      string     `json:"btcusd_price,omitempty"`
}

func historyCSVHead(fiat bool) []string {
	head := []string{"id", "created_at", "wallet_id", "direction", "kind", "status", "amount_msats", "fee_msats", "memo", "metadata"}
	if fiat {
		head = append(head, "value_usd", "price_minute", "btcusd_price")
	}
	return head
}

func historyCSVRow(p model.Payment, values map[string]fiatValue, fiat bool) []string {
	fee := ""
	if f, ok := p.Fee(); ok {
		fee = strconv.FormatInt(int64(f), 10)
	}
	cells := []string{p.ID, p.CreatedAt.UTC().Format(time.RFC3339Nano), p.WalletID, string(p.Direction), string(p.Kind),
		string(p.Status), strconv.FormatInt(int64(p.Amount()), 10), fee, p.Memo(), metadataText(p.Metadata)}
	if fiat {
		if v, ok := values[p.ID]; ok {
			cells = append(cells, plainCents(v.usd), v.quote.Minute.UTC().Format(time.RFC3339), v.quote.Price.Decimal())
		} else {
			cells = append(cells, "", "", "")
		}
	}
	return csvRow(cells...)
}

// historyTable prints payments for people: amounts through the lens, with
// the sats beside dollars; with fiat, each payment's value at its own
// minute's price too.
func (r *runner) historyTable(all []model.Payment, values map[string]fiatValue, fiat bool) {
	l := r.lens()
	dollars := l.Shown() == model.UnitUSD
	head := []string{"TIME", "DIRECTION", "AMOUNT (" + l.Shown().String() + ")"}
	right := []bool{false, false, true}
	if dollars {
		head, right = append(head, "SATS"), append(right, true)
	}
	head, right = append(head, "FEE"), append(right, true)
	if fiat {
		head, right = append(head, "THEN (USD)"), append(right, true)
	}
	head, right = append(head, "STATUS", "KIND", "MEMO"), append(right, false, false, false)
	withMeta := slices.ContainsFunc(all, func(p model.Payment) bool { return len(p.Metadata) > 0 })
	if withMeta { // a column only where some payment has metadata
		head, right = append(head, "METADATA"), append(right, false)
	}
	t := table{head: append(head, "ID"), right: append(right, false)}
	amounts, fees, sats := model.NewColumn(l), model.NewColumn(l), model.NewColumn(model.UnitSats.Lens())
	for _, p := range all {
		if p.Supported() {
			amounts, _ = amounts.Fit(p.Amount())
			sats, _ = sats.Fit(p.Amount())
		}
		if f, ok := p.Fee(); ok {
			fees, _ = fees.Fit(f)
		}
	}
	for _, p := range all {
		fee, amount, inSats := "", "-", ""
		if f, ok := p.Fee(); ok {
			fee = fees.Figure(f)
		}
		if amount = p.ValueText(); p.Supported() {
			amount, inSats = amounts.Figure(p.Amount()), sats.Figure(p.Amount())
		}
		row := []string{p.CreatedAt.Local().Format("2006-01-02 15:04"), string(p.Direction), amount}
		if dollars {
			row = append(row, inSats)
		}
		row = append(row, fee)
		if fiat {
			then := ""
			if v, ok := values[p.ID]; ok {
				then = v.usd.Figure()
			}
			row = append(row, then)
		}
		row = append(row, string(p.Status), string(p.Kind), p.Memo())
		if withMeta {
			row = append(row, shownMetadata(p.Metadata, shownMetadataCells))
		}
		t.add(append(row, p.ID)...)
	}
	t.print(r.d.Stdout)
}

// shownMetadataCells is how much of a payment's metadata the history
// table shows: a glance; status and --json show it whole.
const shownMetadataCells = 40

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

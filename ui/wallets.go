package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/voltdash/voltdash/keys"
	"github.com/voltdash/voltdash/model"
)

// walletsScreen lists the wallets with their balances, the line of credit,
// and the balance trend of the wallet under the cursor.
type walletsScreen struct {
	s             *session
	cursor        int
	width, height int
	trends        map[string]*trend
	movedAt       time.Time // when the cursor last moved: the chart loads where it rests
	dialog        *dialog
	creating      []*creation // wallets Voltage is making, oldest first
}

// trend is one wallet's ledger for the chart, fetched on demand.
type trend struct {
	events  []model.LedgerEvent
	recent  []model.Payment // the latest payments, newest first
	at      time.Time
	err     string
	loading bool
	stale   bool
}

// trendMaxAge is how long a chart is shown before it is fetched again.
const trendMaxAge = time.Minute

// trendRest is how long the cursor rests on a wallet before its chart is
// fetched: running the cursor down the list fetches only where it stops.
const trendRest = 250 * time.Millisecond

func newWallets(s *session) *walletsScreen {
	return &walletsScreen{s: s, trends: map[string]*trend{}}
}

func (w *walletsScreen) title() string        { return "Wallets" }
func (w *walletsScreen) setSize(width, h int) { w.width, w.height = width, h }
func (w *walletsScreen) capturing() bool      { return w.dialog != nil }

func (w *walletsScreen) shortHelp() []key.Binding {
	k := w.s.keys
	if w.dialog != nil {
		return []key.Binding{k.NextField, keys.Described(k.Submit, w.dialog.verb), k.Cancel}
	}
	return []key.Binding{keys.Described(k.Select, "select wallet"), k.NewWallet, k.Policies}
}

func (w *walletsScreen) fullHelp() [][]key.Binding {
	k := w.s.keys
	return [][]key.Binding{k.Lists(), {keys.Described(k.Select, "select / unselect wallet"), k.Unit, k.Refresh},
		{keys.Described(k.NewWallet, "new wallet"), keys.Described(k.RenameWallet, "rename the wallet"),
			keys.Described(k.DeleteWallet, "delete the wallet"), keys.Described(k.Policies, "the wallet's policies"),
			keys.Described(k.Credit, "staging: the line of credit's limit")}}
}

func (w *walletsScreen) status() string {
	if !w.s.loaded {
		return ""
	}
	return w.s.st.Status.Render(itoa(len(w.s.wallets)) + " wallets · enter selects the wallet that History acts on")
}

func (w *walletsScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if w.dialog != nil {
			return w.dialogKey(msg)
		}
		at := w.cursor
		defer w.moved(at)
		return w.key(msg)
	case walletChangedMsg:
		return w.changed(msg)
	case policiesMsg:
		if d := w.dialog; d != nil && d.kind == dialogPolicies && d.target == msg.walletID {
			if msg.err != nil {
				d.refused("Could not read the policies: "+w.s.cfg.Backend.Classify(msg.err).Sentence, "")
			} else {
				d.policiesRead(msg.policies)
			}
		}
	case walletReadMsg:
		return w.walletRead(msg)
	case tea.MouseMsg:
		defer w.moved(w.cursor)
		w.mouse(msg)
	case walletsMsg:
		w.cursor = min(w.cursor, max(len(w.s.wallets)-1, 0))
	case trendMsg:
		t := w.trendOf(msg.walletID)
		t.loading, t.at, t.stale = false, msg.at, false
		if msg.err != nil {
			t.err = "chart unavailable: " + w.s.cfg.Backend.Classify(msg.err).Sentence
		} else {
			t.events, t.recent, t.err = msg.events, msg.recent, ""
		}
	case paymentMsg:
		if msg.err == nil && msg.payment.Status.IsFinal() {
			w.trendOf(msg.payment.WalletID).stale = true
		}
	case refreshMsg:
		for _, t := range w.trends {
			t.stale = true
		}
	case tickMsg:
		return tea.Batch(w.fetchTrendIfDue(time.Time(msg)), w.followCreations(time.Time(msg)))
	}
	return nil
}

func (w *walletsScreen) key(msg tea.KeyMsg) tea.Cmd {
	k, n := w.s.keys, len(w.s.wallets)
	switch {
	case key.Matches(msg, k.Up):
		w.cursor = max(w.cursor-1, 0)
	case key.Matches(msg, k.Down):
		w.cursor = min(w.cursor+1, max(n-1, 0))
	case key.Matches(msg, k.Top):
		w.cursor = 0
	case key.Matches(msg, k.Bottom):
		w.cursor = max(n-1, 0)
	case key.Matches(msg, k.Select) && n > 0:
		id := w.s.wallets[w.cursor].ID
		if id == w.s.selected {
			id = ""
		}
		return func() tea.Msg { return walletSelectedMsg{id} }
	case key.Matches(msg, k.NewWallet) && w.s.loaded:
		w.openNew()
	case key.Matches(msg, k.RenameWallet) && n > 0:
		w.openRename(w.s.wallets[w.cursor])
	case key.Matches(msg, k.DeleteWallet) && n > 0:
		w.openDelete(w.s.wallets[w.cursor])
	case key.Matches(msg, k.Policies) && n > 0:
		return w.openPolicies(w.s.wallets[w.cursor])
	case key.Matches(msg, k.Credit) && w.s.loaded:
		if !w.openCredit() {
			return func() tea.Msg {
				return toastMsg{"Only a staging line of credit can be changed here; production credit is arranged with Voltage."}
			}
		}
	}
	return nil
}

// tableTop is the row of the first wallet within the screen.
const tableTop = 1

func (w *walletsScreen) mouse(msg tea.MouseMsg) {
	switch {
	case msg.Button == tea.MouseButtonWheelUp:
		w.cursor = max(w.cursor-1, 0)
	case msg.Button == tea.MouseButtonWheelDown:
		w.cursor = min(w.cursor+1, max(len(w.s.wallets)-1, 0))
	case msg.Button == tea.MouseButtonLeft && msg.Action == tea.MouseActionPress:
		if row := w.firstRow(w.tableRows()) + msg.Y - tableTop; msg.Y >= tableTop && row < len(w.s.wallets) {
			w.cursor = row
		}
	}
}

// moved notes when the cursor left from.
func (w *walletsScreen) moved(from int) {
	if w.cursor != from {
		w.movedAt = w.s.now
	}
}

func (w *walletsScreen) trendOf(id string) *trend {
	t, ok := w.trends[id]
	if !ok {
		t = &trend{stale: true}
		w.trends[id] = t
	}
	return t
}

// fetchTrendIfDue loads the chart of the wallet under the cursor when it
// has none, or an old one, once the cursor has rested there.
func (w *walletsScreen) fetchTrendIfDue(now time.Time) tea.Cmd {
	if due := w.trendDue(); due.IsZero() || now.Before(due) {
		return nil
	}
	id := w.s.wallets[w.cursor].ID
	t := w.trendOf(id)
	t.loading = true
	return fetchTrend(w.s.cfg.Backend, id, now)
}

// trendDue is when the chart under the cursor is to be fetched; zero: it
// is on its way, or there is no wallet.
func (w *walletsScreen) trendDue() time.Time {
	if len(w.s.wallets) == 0 {
		return time.Time{}
	}
	t := w.trendOf(w.s.wallets[w.cursor].ID)
	switch {
	case t.loading:
		return time.Time{}
	case t.stale:
		return w.movedAt.Add(trendRest)
	}
	return t.at.Add(trendMaxAge)
}

func (w *walletsScreen) wake(now time.Time, shown bool) time.Time {
	return earliest(w.trendDue(), w.creationDue(), frameIf(shown && w.spins(), now))
}

// spins reports a spinner on the screen: the wallets or the chart under
// the cursor loading.
func (w *walletsScreen) spins() bool {
	switch {
	case !w.s.loaded:
		return w.s.loadErr == ""
	case w.creationsSpin():
		return true
	case w.dialog != nil:
		return w.dialog.busy
	case len(w.s.wallets) == 0:
		return false
	}
	t := w.trendOf(w.s.wallets[w.cursor].ID)
	return t.at.IsZero() && t.err == ""
}

func (w *walletsScreen) view() string {
	st := w.s.st
	switch {
	case !w.s.loaded && w.s.loadErr != "":
		return st.ErrorText.Render("Could not load wallets: "+w.s.loadErr) + "\n" + st.Muted.Render("voltdash keeps trying; see the header.")
	case !w.s.loaded:
		return st.Muted.Render(spinner(w.s.now) + " Loading wallets…")
	}
	var b strings.Builder
	if len(w.s.wallets) == 0 {
		b.WriteString(st.Muted.Render("No wallets in this environment yet. Press "+keyName(w.s.keys.NewWallet)+" to create one.") + "\n")
	} else {
		w.table(&b, w.tableRows())
		b.WriteString("\n")
	}
	b.WriteString(w.creditLine() + "\n")
	for _, l := range w.creationLines() {
		b.WriteString(l + "\n")
	}
	used := strings.Count(b.String(), "\n") + 1
	switch room := w.height - used; {
	case w.dialog != nil:
		b.WriteString("\n" + w.dialogView())
	case len(w.s.wallets) > 0 && room >= 5:
		// The chart grows with the window, up to a third of it; the
		// wallet's latest payments take what is left.
		chartH := min(max(4, w.height/3), room-3)
		b.WriteString("\n" + w.chart(chartH))
		if left := room - chartH - 5; left >= 2 {
			b.WriteString("\n\n" + w.recentView(left))
		}
	}
	return b.String()
}

// columns chooses what fits: narrow terminals drop network and limit.
func (w *walletsScreen) columns() (name, amt int, wide bool) {
	if w.width >= 110 {
		return 20, 16, true
	}
	return min(24, max(14, w.width-64)), 14, false // State keeps at least 16 cells
}

// tableRows is how many wallets fit: the column titles, the totals and the
// credit line take three rows, and the chart wants six when there is room.
func (w *walletsScreen) tableRows() int {
	rows := w.height - 3
	if len(w.s.wallets) <= rows-6 {
		return len(w.s.wallets)
	}
	return max(rows, 1)
}

// firstRow is the first wallet shown when fits rows are available.
func (w *walletsScreen) firstRow(fits int) int {
	return min(max(w.cursor-fits+1, 0), max(len(w.s.wallets)-fits, 0))
}

func (w *walletsScreen) table(b *strings.Builder, fits int) {
	st, u := w.s.st, w.s.lens()
	nameW, amtW, wide := w.columns()
	row := func(cursor, mark, name, network, avail, total, held, limit, state string) string {
		line := cursor + mark + fit(name, nameW, false) + " "
		if wide {
			line += fit(network, 10, false) + " "
		}
		line += fit(avail, amtW, true) + " " + fit(total, amtW, true) + " " + fit(held, 12, true)
		if wide {
			line += " " + fit(limit, amtW, true)
		}
		return line + "  " + fit(state, w.width-ansi.StringWidth(line)-2, false)
	}
	b.WriteString(st.TableHeader.Render(row("  ", "", "Wallet", "Network", "Available", "Total", "Held",
		"Credit limit", "State")) + "\n")
	var avail, total, held, limit model.MilliSats
	var cols [4][]model.MilliSats // each amount column's figures, for their decimals
	for _, wl := range w.s.wallets {
		if wl.HoldsBitcoin() { // a usd wallet is no number of sats
			avail, total, held, limit = avail+wl.Available(), total+wl.Total(), held+wl.Held(), limit+wl.CreditLimit()
			for i, m := range []model.MilliSats{wl.Available(), wl.Total(), wl.Held(), wl.CreditLimit()} {
				cols[i] = append(cols[i], m)
			}
		}
	}
	var col [4]model.Column
	for i, m := range []model.MilliSats{avail, total, held, limit} {
		col[i] = model.NewColumn(u, append(cols[i], m)...)
	}
	first := w.firstRow(fits)
	for i := first; i < min(first+fits, len(w.s.wallets)); i++ {
		wl := w.s.wallets[i]
		cursor, mark := "  ", " "
		if i == w.cursor {
			cursor = st.Cursor.Render("▸ ")
		}
		if wl.ID == w.s.selected {
			mark = st.Cursor.Render("★")
		}
		line := row(cursor, mark, wl.Name, wl.Network.Label(), col[0].Figure(wl.Available()), col[1].Figure(wl.Total()),
			col[2].Figure(wl.Held()), col[3].Figure(wl.CreditLimit()), wl.State())
		if !wl.HoldsBitcoin() {
			a, t := wl.OwnBalance()
			line = row(cursor, mark, wl.Name, wl.Network.Label(), model.FormatAmount(a, u), model.FormatAmount(t, u),
				"—", "—", wl.State()+"; not counted in the totals")
		}
		if i == w.cursor {
			line = st.RowSelected.Render(line)
		}
		b.WriteString(line + "\n")
	}
	label := "Total (" + unitName(u) + ")"
	if fits < len(w.s.wallets) {
		label = "Total of " + itoa(len(w.s.wallets))
	}
	b.WriteString(st.Bold.Render(row("  ", " ", label, "", col[0].Figure(avail), col[1].Figure(total),
		col[2].Figure(held), col[3].Figure(limit), "")))
}

func (w *walletsScreen) creditLine() string {
	st := w.s.st
	if len(w.s.lines) == 0 {
		return st.Muted.Render("No line of credit.")
	}
	l := w.s.lines[0]
	pct := 0
	if l.Limit > 0 {
		pct = int(int64(l.AllocatedLimit) * 100 / int64(l.Limit))
	}
	barW := 20
	filled := pct * barW / 100
	bar := st.Chart.Render(strings.Repeat("█", filled)) + st.Faint.Render(strings.Repeat("░", barW-filled))
	text := " " + itoa(pct) + "% · " + amount(l.AllocatedLimit, w.s.lens()) + " of " + money(l.Limit, w.s.lens()) + " given to wallets"
	if l.DisabledAt != nil {
		text += " · disabled"
	}
	text += " · collateral " + l.Status.String()
	return st.Label.Render("Credit ") + bar + fit(text, w.width-7-barW, false)
}

// recentView lists the latest payments of the wallet under the cursor, in
// at most lines lines, the title included.
func (w *walletsScreen) recentView(lines int) string {
	st, u := w.s.st, w.s.lens()
	wl := w.s.wallets[w.cursor]
	t := w.trendOf(wl.ID)
	out := []string{st.BoxTitle.Render("Latest payments · " + wl.Name)}
	switch {
	case t.err != "" || t.at.IsZero():
		return "" // the chart above says why there is nothing yet
	case len(t.recent) == 0:
		return out[0] + "\n" + st.Muted.Render("No payments yet.")
	}
	col := model.NewColumn(u)
	for _, p := range t.recent {
		col, _ = col.Fit(p.Amount())
	}
	for _, p := range t.recent[:min(len(t.recent), lines-1)] {
		sign := "+"
		if p.Direction == model.Send {
			sign = "−"
		}
		amt := p.ValueText()
		if p.Supported() {
			amt = sign + col.Figure(p.Amount())
		}
		status := statusWord(p.Status)
		if p.Final() && p.IsPolicyCheck() {
			status = "check"
		}
		line := fit(stamp(p.CreatedAt, w.s.now), 13, false) + fit(amt, 16, true) + "  " + fit(status, 11, false) + " " +
			p.Memo()
		out = append(out, fit(line, w.width, false))
	}
	return strings.Join(out, "\n")
}

func (w *walletsScreen) chart(height int) string {
	st := w.s.st
	wl := w.s.wallets[w.cursor]
	title := st.BoxTitle.Render("Balance · "+wl.Name) + st.Muted.Render(" · last 30 days")
	t := w.trendOf(wl.ID)
	switch {
	case t.err != "":
		return title + "\n" + st.Muted.Render(t.err)
	case t.at.IsZero():
		return title + "\n" + st.Muted.Render(spinner(w.s.now)+" loading the ledger…")
	}
	values := dailyBalances(wl.Total(), t.events, w.s.now, trendDays)
	change := values[len(values)-1] - values[0]
	sign := "+"
	if change < 0 {
		sign, change = "−", -change
	}
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	rows := barChart(values, min(w.width-2, trendDays*3), height)
	for i := range rows {
		rows[i] = st.Chart.Render(rows[i])
	}
	return spread(title, st.Bold.Render(sign+money(change, w.s.lens())), min(w.width, trendDays*3)) +
		"\n" + strings.Join(rows, "\n") + "\n" +
		st.Muted.Render("low "+amount(lo, w.s.lens())+" · high "+amount(hi, w.s.lens())+" · "+itoa(len(t.events))+" ledger entries")
}

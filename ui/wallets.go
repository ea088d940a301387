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
}

// trend is one wallet's ledger for the chart, fetched on demand.
type trend struct {
	events  []model.LedgerEvent
	at      time.Time
	err     string
	loading bool
	stale   bool
}

// trendMaxAge is how long a chart is shown before it is fetched again.
const trendMaxAge = time.Minute

func newWallets(s *session) *walletsScreen {
	return &walletsScreen{s: s, trends: map[string]*trend{}}
}

func (w *walletsScreen) title() string        { return "Wallets" }
func (w *walletsScreen) setSize(width, h int) { w.width, w.height = width, h }
func (w *walletsScreen) capturing() bool      { return false }

func (w *walletsScreen) shortHelp() []key.Binding {
	k := w.s.keys
	return []key.Binding{k.Up, k.Down, keys.Described(k.Select, "select wallet"), k.Refresh}
}

func (w *walletsScreen) fullHelp() [][]key.Binding {
	k := w.s.keys
	return [][]key.Binding{k.Lists(), {keys.Described(k.Select, "select / unselect wallet"), k.Unit, k.Refresh}}
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
		return w.key(msg)
	case tea.MouseMsg:
		w.mouse(msg)
	case walletsMsg:
		w.cursor = min(w.cursor, max(len(w.s.wallets)-1, 0))
	case trendMsg:
		t := w.trendOf(msg.walletID)
		t.loading, t.at, t.stale = false, msg.at, false
		if msg.err != nil {
			t.err = "chart unavailable: " + w.s.cfg.Backend.Classify(msg.err).Sentence
		} else {
			t.events, t.err = msg.events, ""
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
		return w.fetchTrendIfDue(time.Time(msg))
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

func (w *walletsScreen) trendOf(id string) *trend {
	t, ok := w.trends[id]
	if !ok {
		t = &trend{stale: true}
		w.trends[id] = t
	}
	return t
}

// fetchTrendIfDue loads the chart of the wallet under the cursor when it
// has none, or an old one. Moving the cursor quickly fetches only where it
// rests, since this runs on the clock's tick.
func (w *walletsScreen) fetchTrendIfDue(now time.Time) tea.Cmd {
	if len(w.s.wallets) == 0 {
		return nil
	}
	id := w.s.wallets[w.cursor].ID
	t := w.trendOf(id)
	if t.loading || (!t.stale && now.Sub(t.at) < trendMaxAge) {
		return nil
	}
	t.loading = true
	return fetchTrend(w.s.cfg.Backend, id, now)
}

func (w *walletsScreen) view() string {
	st := w.s.st
	switch {
	case !w.s.loaded && w.s.loadErr != "":
		return st.ErrorText.Render("Could not load wallets: "+w.s.loadErr) + "\n" + st.Muted.Render("voltdash keeps trying; see the header.")
	case !w.s.loaded:
		return st.Muted.Render(spinner(w.s.now) + " Loading wallets…")
	case len(w.s.wallets) == 0:
		return st.Muted.Render("No wallets in this environment yet. Create one in the Voltage dashboard, then press " + keyName(w.s.keys.Refresh) + ".")
	}
	var b strings.Builder
	w.table(&b, w.tableRows())
	b.WriteString("\n" + w.creditLine() + "\n")
	if used := strings.Count(b.String(), "\n") + 1; w.height-used >= 5 {
		b.WriteString("\n" + w.chart(min(4, w.height-used-3)))
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
	st, u := w.s.st, w.s.unit
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
	for _, wl := range w.s.wallets {
		if wl.HoldsBitcoin() { // a usd wallet is no number of sats
			avail, total, held, limit = avail+wl.Available(), total+wl.Total(), held+wl.Held(), limit+wl.CreditLimit()
		}
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
		line := row(cursor, mark, wl.Name, wl.Network.Label(), amount(wl.Available(), u), amount(wl.Total(), u),
			amount(wl.Held(), u), amount(wl.CreditLimit(), u), wl.State())
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
	b.WriteString(st.Bold.Render(row("  ", " ", label, "", amount(avail, u), amount(total, u),
		amount(held, u), amount(limit, u), "")))
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
	text := " " + itoa(pct) + "% · " + amount(l.AllocatedLimit, w.s.unit) + " of " + amount(l.Limit, w.s.unit) + " " +
		unitName(w.s.unit) + " given to wallets"
	if l.DisabledAt != nil {
		text += " · disabled"
	}
	text += " · collateral " + l.Status.String()
	return st.Label.Render("Credit ") + bar + fit(text, w.width-7-barW, false)
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
	return spread(title, st.Bold.Render(sign+amount(change, w.s.unit)+" "+unitName(w.s.unit)), min(w.width, trendDays*3)) +
		"\n" + strings.Join(rows, "\n") + "\n" +
		st.Muted.Render("low "+amount(lo, w.s.unit)+" · high "+amount(hi, w.s.unit)+" · "+itoa(len(t.events))+" ledger entries")
}

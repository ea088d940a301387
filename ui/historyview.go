package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"

	"github.com/voltdash/voltdash/keys"
	"github.com/voltdash/voltdash/model"
)

func (h *historyScreen) shortHelp() []key.Binding {
	k := h.s.keys
	if h.detail != nil {
		return h.detail.shortHelp()
	}
	if h.searching {
		return []key.Binding{k.KeepSearch, k.DropSearch, k.EraseQuery}
	}
	return []key.Binding{k.Up, k.Down, keys.Described(k.Select, "details"), k.Search, k.FilterStatus, k.FilterDirection, k.FilterKind}
}

func (h *historyScreen) fullHelp() [][]key.Binding {
	k := h.s.keys
	if h.detail != nil {
		return h.detail.fullHelp()
	}
	return [][]key.Binding{k.Lists(), {keys.Described(k.Select, "payment details"), k.Search, k.FilterStatus,
		k.FilterDirection, k.FilterKind, k.ClearFilters, k.KeepSearch, k.DropSearch, k.EraseChar, k.EraseQuery}}
}

// columns sets widths for the terminal: fee from 80 columns, kind from
// 100; the memo takes the rest.
// In dollars, from 110 columns, each payment's value at its own minute
// stands beside what it is worth now.
type historyColumns struct{ when, dir, amt, then, fee, status, kind, memo int }

func (h *historyScreen) columns() historyColumns {
	c := historyColumns{when: 12, dir: 5, amt: 15, status: 12}
	if h.width >= 80 {
		c.fee = 9
	}
	if h.width >= 100 {
		c.kind = 12
	}
	if h.width >= 110 && thenShown(h.s) {
		c.then = 12
	}
	used := 2 + c.when + 1 + c.dir + 1 + c.amt + 1 + c.status + 1
	if c.fee > 0 {
		used += c.fee + 1
	}
	if c.then > 0 {
		used += c.then + 1
	}
	if c.kind > 0 {
		used += c.kind + 1
	}
	c.memo = max(h.width-used, 4)
	return c
}

func (h *historyScreen) line(c historyColumns, cursor, when, dir, amt, then, fee, status, kind, memo string) string {
	var b strings.Builder
	b.Grow(h.width + 16)
	b.WriteString(cursor)
	b.WriteString(fit(when, c.when, false) + " ")
	b.WriteString(fit(dir, c.dir, false) + " ")
	b.WriteString(fit(amt, c.amt, true) + " ")
	if c.then > 0 {
		b.WriteString(fit(then, c.then, true) + " ")
	}
	if c.fee > 0 {
		b.WriteString(fit(fee, c.fee, true) + " ")
	}
	b.WriteString(status + " ")
	if c.kind > 0 {
		b.WriteString(fit(kind, c.kind, false) + " ")
	}
	b.WriteString(fit(memo, c.memo, false))
	return b.String()
}

// statusCell is the only cell drawn per frame: pending payments spin. A
// policy check that was approved is done: it checked, and sent nothing.
func (h *historyScreen) statusCell(p model.Payment, width int) string {
	st, s := h.s.st, p.Status
	switch {
	case p.IsPolicyCheck() && s == model.StatusApproved:
		return st.Muted.Render(fit("✓ check passed", width, false))
	case p.IsPolicyCheck() && s == model.StatusFailed:
		return st.Muted.Render(fit("✗ check refused", width, false))
	case s == model.StatusCompleted:
		return st.Success.Render(fit("✓ completed", width, false))
	case s == model.StatusFailed:
		return st.Failure.Render(fit("✗ failed", width, false))
	case s == model.StatusExpired:
		return st.Muted.Render(fit("· expired", width, false))
	case !s.Known():
		return st.WarnText.Render(fit("? "+statusWord(s), width, false))
	}
	return st.Pending.Render(fit(spinner(h.s.now)+" "+string(s), width, false))
}

func (h *historyScreen) wake(now time.Time, shown bool) time.Time {
	return earliest(h.refresh.wakeAt(), frameIf(shown && h.spins(), now), h.fillWake())
}

// spins reports a spinner on the screen: a pending payment among the rows
// shown, a page loading, or the detail of a pending payment.
func (h *historyScreen) spins() bool {
	if h.detail != nil {
		return h.detail.spins()
	}
	if h.loading || (len(h.rows) == 0 && h.refresh.inFlight) {
		return true
	}
	for pos, end := h.offset, min(h.offset+h.listHeight(), h.shownLen()); pos < end; pos++ {
		if p := h.rows[h.rowAt(pos)].p; spinning(p.Status) && !p.Final() {
			return true
		}
	}
	return false
}

func (h *historyScreen) view() string {
	if h.detail != nil {
		return h.detail.view()
	}
	st := h.s.st
	var b strings.Builder
	if h.searching || h.query != "" {
		prompt := "/ " + h.query
		if h.searching {
			prompt += "▏"
		}
		found := many(len(h.visible)) + " of " + many(len(h.rows)) + " loaded match"
		if h.loading && h.query != "" {
			found += " · " + spinner(h.s.now) + " searching older payments…"
		} else if h.query != "" && !h.more() {
			found = many(len(h.visible)) + " of all " + many(len(h.rows)) + " match"
		}
		b.WriteString(st.Bold.Render(prompt) + "  " + st.Muted.Render(found) + "\n")
	}
	c := h.columns()
	b.WriteString(st.TableHeader.Render(h.line(c, "  ", "Time", "Dir", "Amount ("+unitName(h.s.lens())+")", "Then (USD)", "Fee",
		fit("Status", c.status, false), "Kind", "Memo")))
	n := h.shownLen()
	end := min(h.offset+h.listHeight(), n)
	for pos := h.offset; pos < end; pos++ {
		r := h.rows[h.rowAt(pos)]
		cursor := "  "
		if pos == h.cursor {
			cursor = st.Cursor.Render("▸ ")
		}
		dir := st.In.Render(fit(r.dir, c.dir, false))
		if r.p.Direction == model.Send {
			dir = st.Out.Render(fit(r.dir, c.dir, false))
		}
		line := cursor + fit(r.when, c.when, false) + " " + dir + " " + fit(r.amt, c.amt, true) + " "
		if c.then > 0 {
			line += fit(h.thenCell(r.p), c.then, true) + " "
		}
		if c.fee > 0 {
			line += fit(r.fee, c.fee, true) + " "
		}
		line += h.statusCell(r.p, c.status) + " "
		if c.kind > 0 {
			line += fit(r.kind, c.kind, false) + " "
		}
		line += fit(r.memo, c.memo, false)
		if pos == h.cursor {
			line = st.RowSelected.Render(line)
		}
		b.WriteString("\n" + line)
	}
	b.WriteString("\n" + h.footer(n))
	return b.String()
}

// footer is the line under the rows: loading, the end, or why it is empty.
func (h *historyScreen) footer(shown int) string {
	st := h.s.st
	switch {
	case h.loadErr != "" && len(h.rows) == 0:
		return st.ErrorText.Render("Could not load payments: " + h.loadErr + " Retrying.")
	case h.loading:
		return st.Muted.Render("  " + spinner(h.s.now) + " loading more…")
	case len(h.rows) == 0 && h.refresh.inFlight:
		return st.Muted.Render("  " + spinner(h.s.now) + " loading payments…")
	case len(h.rows) == 0 && h.filtered():
		return st.Muted.Render("  No payments match these filters. Press " + keyName(h.s.keys.ClearFilters) + " to clear them.")
	case len(h.rows) == 0:
		return st.Muted.Render("  No payments yet.")
	case shown == 0:
		return st.Muted.Render("  Nothing loaded matches the search; scroll past the end to search older payments.")
	case h.offset+h.listHeight() >= shown && !h.more():
		return st.Faint.Render("  — end of history —")
	}
	return ""
}

func (h *historyScreen) filtered() bool {
	return h.statusIdx+h.dirIdx+h.kindIdx > 0 || h.s.selected != ""
}

func (h *historyScreen) status() string {
	if h.detail != nil {
		return h.detail.status()
	}
	st := h.s.st
	var parts []string
	switch n := h.shownLen(); {
	case h.query != "" && n > 0:
		parts = append(parts, "match "+itoa(h.cursor+1)+" of "+itoa(n)+" in "+itoa(len(h.rows))+" loaded")
	case n > 0:
		of := itoa(h.known())
		if h.next.cursored && h.more() {
			of += "+ (more load as you scroll)"
		}
		parts = append(parts, "payment "+itoa(h.cursor+1)+" of "+of)
	}
	var filters []string
	if h.statusIdx > 0 {
		filters = append(filters, statusFilters[h.statusIdx].name)
	}
	if d := directionFilters[h.dirIdx]; d != "" {
		filters = append(filters, string(d)+"s")
	}
	if k := kindFilters[h.kindIdx]; k != "" {
		filters = append(filters, string(k))
	}
	if len(filters) > 0 {
		parts = append(parts, "showing "+strings.Join(filters, ", "))
	}
	if h.loadErr != "" && len(h.rows) > 0 {
		return st.ErrorText.Render("refresh failed: " + h.loadErr)
	}
	return st.Status.Render(strings.Join(parts, " · "))
}

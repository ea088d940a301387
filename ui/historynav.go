package ui

import (
	"slices"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The shown list is every loaded row, or only those matching the search.

func (h *historyScreen) shownLen() int {
	if h.query != "" {
		return len(h.visible)
	}
	return len(h.rows)
}

// rowAt maps a position in the shown list to a row index.
func (h *historyScreen) rowAt(pos int) int {
	if h.query != "" {
		return h.visible[pos]
	}
	return pos
}

// position maps a row index to its place in the shown list, or -1.
func (h *historyScreen) position(i int) int {
	if h.query == "" {
		return i
	}
	j := sort.SearchInts(h.visible, i)
	if j < len(h.visible) && h.visible[j] == i {
		return j
	}
	return -1
}

func (h *historyScreen) selectedID() string {
	if h.cursor < h.shownLen() {
		return h.rows[h.rowAt(h.cursor)].p.ID
	}
	return ""
}

// keepAt moves the cursor (and the window with it) to follow the row now
// at index i, so the selection stays on what the user was looking at; a
// negative i leaves it.
func (h *historyScreen) keepAt(i int) {
	if i < 0 {
		return
	}
	if pos := h.position(i); pos >= 0 {
		h.offset += pos - h.cursor
		h.cursor = pos
	}
}

// indexOf finds a loaded payment's row, or -1.
func (h *historyScreen) indexOf(id string) int {
	r, ok := h.byID[id]
	if !ok {
		return -1
	}
	return slices.Index(h.rows, r)
}

// listHeight is how many rows fit under the column titles and the search
// prompt.
func (h *historyScreen) listHeight() int {
	n := h.height - 1
	if h.searching || h.query != "" {
		n--
	}
	return max(n-1, 1) // a line for "loading more" or the end of the list
}

// clamp keeps the cursor on a row and the window around the cursor.
func (h *historyScreen) clamp() {
	n := h.shownLen()
	h.cursor = min(max(h.cursor, 0), max(n-1, 0))
	lh := h.listHeight()
	if h.cursor < h.offset {
		h.offset = h.cursor
	}
	if h.cursor >= h.offset+lh {
		h.offset = h.cursor - lh + 1
	}
	h.offset = min(max(h.offset, 0), max(n-lh, 0))
}

// search recomputes which rows match the query: every word must appear.
func (h *historyScreen) search() {
	if h.query == "" {
		h.visible = h.visible[:0]
		return
	}
	words, names := searchWords(h.query), h.lowerNames()
	h.visible = h.visible[:0]
	for i, r := range h.rows {
		if matchesWords(r, words, names) {
			h.visible = append(h.visible, i)
		}
	}
}

// searchFrom matches rows from index from on, added since the last
// search, and adds them to what is shown.
func (h *historyScreen) searchFrom(from int) {
	words, names := searchWords(h.query), h.lowerNames()
	for i := from; i < len(h.rows); i++ {
		if matchesWords(h.rows[i], words, names) {
			h.visible = append(h.visible, i)
		}
	}
}

// narrow is search for a query that extends the last one: text that
// matches the longer query matched the shorter, so only the rows shown
// are looked at again.
func (h *historyScreen) narrow() {
	words, names := searchWords(h.query), h.lowerNames()
	kept := h.visible[:0]
	for _, i := range h.visible {
		if matchesWords(h.rows[i], words, names) {
			kept = append(kept, i)
		}
	}
	h.visible = kept
}

// searchWord is a word of a search, lower-cased, with whether it could be
// in an id (lower-case hex and hyphens) or in a figure (digits, grouping,
// signs), found once for a search rather than for every row.
type searchWord struct {
	w              string
	inID, inFigure bool
}

func searchWords(query string) []searchWord {
	fields := strings.Fields(strings.ToLower(query))
	words := make([]searchWord, len(fields))
	for i, w := range fields {
		words[i] = searchWord{w: w,
			inID:     strings.Trim(w, "0123456789abcdef-") == "",
			inFigure: strings.Trim(w, "0123456789,.+−$") == ""}
	}
	return words
}

// matchesWords reports whether every word is in the row: its memo cell
// (metadata included), amount, id, status, kind, direction, wallet (by
// name, or by id when the wallet is not known), address or invoice.
func matchesWords(r *row, words []searchWord, names map[string]string) bool {
	p := &r.p
	for _, sw := range words {
		w := sw.w
		switch {
		case strings.Contains(r.hay, w), strings.Contains(r.tags, w),
			sw.inFigure && strings.Contains(r.amt, w), sw.inID && strings.Contains(p.ID, w),
			strings.Contains(p.Address(), w):
		case strings.Contains(p.Invoice(), w): // searched where it is rather than copied into every row
		default:
			// The wallet last: looking its name up costs more than the rest.
			if name, known := names[p.WalletID]; known && !strings.Contains(name, w) || !known && !strings.Contains(p.WalletID, w) {
				return false
			}
		}
	}
	return true
}

// lowerNames is each known wallet's name in lower case, by id, for a
// search.
func (h *historyScreen) lowerNames() map[string]string {
	names := make(map[string]string, len(h.s.wallets))
	for _, w := range h.s.wallets {
		names[w.ID] = strings.ToLower(w.Name)
	}
	return names
}

func (h *historyScreen) move(delta int) tea.Cmd {
	h.cursor += delta
	h.clamp()
	return h.loadMore()
}

func (h *historyScreen) key(msg tea.KeyMsg) tea.Cmd {
	if h.searching {
		return h.typeSearch(msg)
	}
	k := h.s.keys
	switch {
	case key.Matches(msg, k.Up):
		return h.move(-1)
	case key.Matches(msg, k.Down):
		return h.move(1)
	case key.Matches(msg, k.PageUp):
		return h.move(-h.listHeight())
	case key.Matches(msg, k.PageDown):
		return h.move(h.listHeight())
	case key.Matches(msg, k.Top):
		return h.move(-h.cursor)
	case key.Matches(msg, k.Bottom):
		return h.move(h.shownLen())
	case key.Matches(msg, k.Select):
		return h.open()
	case key.Matches(msg, k.Search):
		h.searching = true
	case key.Matches(msg, k.Back) && h.query != "":
		h.setQuery("")
	case key.Matches(msg, k.FilterStatus):
		h.statusIdx = (h.statusIdx + 1) % len(statusFilters)
		return h.reset()
	case key.Matches(msg, k.FilterDirection):
		h.dirIdx = (h.dirIdx + 1) % len(directionFilters)
		return h.reset()
	case key.Matches(msg, k.FilterKind):
		h.kindIdx = (h.kindIdx + 1) % len(kindFilters)
		return h.reset()
	case key.Matches(msg, k.ClearFilters):
		h.statusIdx, h.dirIdx, h.kindIdx = 0, 0, 0
		h.setQuery("")
		return h.reset()
	}
	return nil
}

// typeSearch edits the query as it is typed; the list follows each key.
func (h *historyScreen) typeSearch(msg tea.KeyMsg) tea.Cmd {
	k := h.s.keys
	switch {
	case key.Matches(msg, k.KeepSearch):
		h.searching = false
	case key.Matches(msg, k.DropSearch):
		h.searching = false
		h.setQuery("")
	case key.Matches(msg, k.EraseChar):
		if r := []rune(h.query); len(r) > 0 {
			h.setQuery(string(r[:len(r)-1]))
		}
	case key.Matches(msg, k.EraseQuery):
		h.setQuery("")
	case !msg.Alt && (msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace):
		h.setQuery(h.query + string(msg.Runes)) // typing, not a command
	}
	return h.loadMore()
}

func (h *historyScreen) setQuery(q string) {
	selected := -1
	if h.cursor < h.shownLen() {
		selected = h.rowAt(h.cursor)
	}
	narrower := h.query != "" && len(q) > len(h.query) && strings.HasPrefix(q, h.query) // a key typed on: matches only lose rows
	h.query = q
	if narrower {
		h.narrow()
	} else {
		h.search()
	}
	h.cursor, h.offset = 0, 0
	h.keepAt(selected)
	h.clamp()
}

func (h *historyScreen) mouse(msg tea.MouseMsg) tea.Cmd {
	switch {
	case msg.Button == tea.MouseButtonWheelUp:
		return h.move(-3)
	case msg.Button == tea.MouseButtonWheelDown:
		return h.move(3)
	case msg.Button == tea.MouseButtonLeft && msg.Action == tea.MouseActionPress:
		top := 1 // column titles
		if h.searching || h.query != "" {
			top++
		}
		if pos := h.offset + msg.Y - top; msg.Y >= top && pos < h.shownLen() {
			if pos == h.cursor {
				return h.open() // a second click on the selected row opens it
			}
			h.cursor = pos
			h.clamp()
		}
	}
	return nil
}

// open shows the detail pane of the selected payment.
func (h *historyScreen) open() tea.Cmd {
	if h.cursor >= h.shownLen() {
		return nil
	}
	p := h.rows[h.rowAt(h.cursor)].p
	h.detail = newDetail(h.s, p)
	h.detail.then = &h.then
	h.detail.setSize(h.width, h.height)
	return h.detail.load()
}

// Package keys holds every key binding of voltdash and how they group in
// the help. There is no package-level keymap: the UI builds one value with
// Default and passes it down.
package keys

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every binding, by what it does.
type KeyMap struct {
	// Global.
	Quit, Help, NextTab, PrevTab, Refresh, Unit key.Binding
	Tabs                                        []key.Binding // jump to tab 1, 2, …

	// Lists.
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Select, Back                            key.Binding

	// History.
	FilterStatus, FilterDirection, FilterKind, ClearFilters, Search key.Binding

	// Detail.
	CopyID, CopyInvoice, CopyPreimage key.Binding

	// Forms.
	NextField, PrevField, Submit, Confirm, Cancel, NewAgain, Resend key.Binding
}

// Default is voltdash's keymap.
func Default() KeyMap {
	k := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Quit:    k("q", "quit", "q", "ctrl+c"),
		Help:    k("?", "help", "?"),
		NextTab: k("tab", "next tab", "tab"),
		PrevTab: k("shift+tab", "previous tab", "shift+tab"),
		Refresh: k("r", "refresh", "r"),
		Unit:    k("u", "sats/BTC", "u"),
		Tabs: []key.Binding{
			k("1", "wallets", "1"), k("2", "history", "2"), k("3", "receive", "3"), k("4", "send", "4"),
		},

		Up:       k("↑/k", "up", "up", "k"),
		Down:     k("↓/j", "down", "down", "j"),
		PageUp:   k("pgup", "page up", "pgup", "ctrl+u"),
		PageDown: k("pgdn", "page down", "pgdown", "ctrl+d"),
		Top:      k("g/home", "first", "g", "home"),
		Bottom:   k("G/end", "last", "G", "end"),
		Select:   k("enter", "select", "enter"),
		Back:     k("esc", "back", "esc"),

		FilterStatus:    k("s", "status filter", "s"),
		FilterDirection: k("d", "direction filter", "d"),
		FilterKind:      k("t", "kind filter", "t"),
		ClearFilters:    k("x", "clear filters", "x"),
		Search:          k("/", "search", "/"),

		CopyID:       k("i", "copy id", "i"),
		CopyInvoice:  k("c", "copy invoice", "c"),
		CopyPreimage: k("p", "copy preimage", "p"),

		NextField: k("tab/↓", "next field", "tab", "down"),
		PrevField: k("shift+tab/↑", "previous field", "shift+tab", "up"),
		Submit:    k("enter", "continue", "enter"),
		Confirm:   k("y", "confirm", "y"),
		Cancel:    k("esc", "cancel", "esc"),
		NewAgain:  k("n", "new", "n"),
		Resend:    k("R", "send again (same id)", "R"),
	}
}

// Global are the bindings every screen shares, for the short help line.
func (k KeyMap) Global() []key.Binding { return []key.Binding{k.NextTab, k.Help, k.Quit} }

// GlobalFull is the global group of the full help.
func (k KeyMap) GlobalFull() []key.Binding {
	return append([]key.Binding{k.NextTab, k.PrevTab, k.Tabs[0], k.Tabs[1]}, k.Refresh, k.Unit, k.Help, k.Quit)
}

// Lists is the movement group of the full help.
func (k KeyMap) Lists() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

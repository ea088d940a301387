// Package keys holds every key binding of voltdash and how they group in
// the help. There is no package-level keymap: the UI builds one value with
// Default and passes it down. The dashboard acts on no key that is not a
// binding here, and its help is built from these bindings, so what the
// help says a key does is what it does.
package keys

import (
	"strconv"

	"github.com/charmbracelet/bubbles/key"
)

// KeyMap is every binding, by what it does.
type KeyMap struct {
	// Global. Interrupt quits even while a field takes typing, where q is
	// a letter.
	Quit, Interrupt, Help, NextTab, PrevTab, Refresh, Unit key.Binding

	// Lists.
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Select, Back                            key.Binding

	// History.
	FilterStatus, FilterDirection, FilterKind, ClearFilters, Search key.Binding
	// History's search field, while a query is typed.
	KeepSearch, DropSearch, EraseChar, EraseQuery key.Binding

	// Detail.
	CopyID, CopyInvoice, CopyPreimage key.Binding

	// Forms.
	NextField, PrevField, PrevChoice, NextChoice key.Binding
	Submit, Confirm, Cancel, NewAgain, Resend    key.Binding

	// Wallets.
	NewWallet, RenameWallet, DeleteWallet, Policies, Credit key.Binding

	// Webhooks.
	NewWebhook, EditWebhook, DeleteWebhook, StartStop, TestWebhook, RotateKey, CopySecret key.Binding
	RetryDelivery, AbandonDelivery                                                        key.Binding
}

// Default is voltdash's keymap.
func Default() KeyMap {
	k := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Quit:      k("q", "quit", "q", "ctrl+c"),
		Interrupt: k("ctrl+c", "quit", "ctrl+c"),
		Help:      k("?", "help", "?"),
		NextTab:   k("tab", "next tab", "tab"),
		PrevTab:   k("shift+tab", "previous tab", "shift+tab"),
		Refresh:   k("r", "refresh", "r"),
		Unit:      k("u", "sats/BTC/USD", "u"),

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
		KeepSearch:      k("enter", "keep search", "enter"),
		DropSearch:      k("esc", "clear search", "esc"),
		EraseChar:       k("backspace", "erase", "backspace"),
		EraseQuery:      k("ctrl+u", "erase all", "ctrl+u"),

		CopyID:       k("i", "copy id", "i"),
		CopyInvoice:  k("c", "copy invoice", "c"),
		CopyPreimage: k("p", "copy preimage", "p"),

		NextField:  k("↓", "next field", "down"),
		PrevField:  k("↑", "previous field", "up"),
		PrevChoice: k("←", "previous choice", "left"),
		NextChoice: k("→/space", "next choice", "right", " "),
		Submit:     k("enter", "continue", "enter"),
		Confirm:    k("y", "confirm", "y"),
		Cancel:     k("esc", "cancel", "esc"),
		NewAgain:   k("n", "new", "n"),
		Resend:     k("R", "send again (same id)", "R"),

		NewWallet:    k("n", "new wallet", "n"),
		RenameWallet: k("e", "rename", "e"),
		DeleteWallet: k("D", "delete", "D"),
		Policies:     k("p", "policies", "p"),
		Credit:       k("c", "credit limit", "c"),

		NewWebhook:      k("n", "new webhook", "n"),
		EditWebhook:     k("e", "edit", "e"),
		DeleteWebhook:   k("D", "delete", "D"),
		StartStop:       k("s", "start/stop", "s"),
		TestWebhook:     k("t", "send a test", "t"),
		RotateKey:       k("K", "rotate key", "K"),
		CopySecret:      k("c", "copy secret", "c"),
		RetryDelivery:   k("R", "retry", "R"),
		AbandonDelivery: k("A", "abandon", "A"),
	}
}

// Tabs are the bindings that jump to each screen, derived from the
// screens' titles: a digit for each of the first nine, and one binding
// for alt with those digits, which reaches a tab even from a field that
// takes typing. Tab and shift+tab reach every screen, however many.
type Tabs struct {
	Jump  []key.Binding // Jump[i] goes to screen i
	Reach key.Binding   // alt+digit; Index tells which screen
}

// maxJumps is how many screens have a digit: 1 to 9.
const maxJumps = 9

// TabsFor derives the tab bindings for screens with these titles.
func TabsFor(titles []string) Tabs {
	n := min(len(titles), maxJumps)
	t := Tabs{Jump: make([]key.Binding, n)}
	alt := make([]string, n)
	for i := range n {
		d := strconv.Itoa(i + 1)
		t.Jump[i] = key.NewBinding(key.WithKeys(d), key.WithHelp(d, titles[i]))
		alt[i] = "alt+" + d
	}
	span := "alt+1"
	if n > 1 {
		span += "…" + strconv.Itoa(n)
	}
	t.Reach = key.NewBinding(key.WithKeys(alt...), key.WithHelp(span, "jump from a form"))
	if n == 0 {
		t.Reach.SetEnabled(false)
	}
	return t
}

// Index is the screen a key of Reach goes to, or -1.
func (t Tabs) Index(pressed string) int {
	for i, k := range t.Reach.Keys() {
		if k == pressed {
			return i
		}
	}
	return -1
}

// Global are the bindings every screen shares, for the short help line.
func (k KeyMap) Global() []key.Binding { return []key.Binding{k.NextTab, k.Help, k.Quit} }

// Lists is the movement group of the full help.
func (k KeyMap) Lists() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// Choices is how a form's choice field changes, for the full help.
func (k KeyMap) Choices() []key.Binding { return []key.Binding{k.PrevChoice, k.NextChoice} }

// Described is b with its help saying desc: the keys it shows stay the
// binding's own, so the help never names a key that does something else.
func Described(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

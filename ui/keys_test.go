package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/keys"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// pane is a screen with nothing on it but its title: what a new tab is
// before it has content.
type pane struct{ name string }

func (p pane) title() string                  { return p.name }
func (p pane) update(tea.Msg) tea.Cmd         { return nil }
func (p pane) view() string                   { return "the " + p.name + " screen" }
func (p pane) setSize(int, int)               {}
func (p pane) shortHelp() []key.Binding       { return nil }
func (p pane) fullHelp() [][]key.Binding      { return nil }
func (p pane) status() string                 { return "" }
func (p pane) capturing() bool                { return false }
func (p pane) wake(time.Time, bool) time.Time { return time.Time{} }
func alt(digit string) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(digit), Alt: true}
}
func ctrl(t tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: t} }

// helpShows reports whether the full help has a line with these words in
// this order, whatever the columns' padding.
func helpShows(a *App, words ...string) bool {
	for _, line := range strings.Split(a.fullHelp(), "\n") {
		if strings.Contains(strings.Join(strings.Fields(line), " "), strings.Join(words, " ")) {
			return true
		}
	}
	return false
}
func screenTitles(a *App) (titles []string) {
	for _, s := range a.screens {
		titles = append(titles, s.title())
	}
	return
}

func TestTabsAreDerivedFromTheScreens(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	send(a, walletsLoaded(t))
	a.setScreens(append(a.screens, pane{"Extra"})...)
	a.resize(120, 40)

	send(a, keyPress("8"))
	if a.active != 7 || !strings.Contains(a.View(), "the Extra screen") {
		t.Fatalf("8 shows the eighth screen: active %d", a.active)
	}
	send(a, keyPress("3")) // Receive's form takes typing
	send(a, keyPress("8"))
	if a.active != 2 {
		t.Fatalf("8 typed into a form stays there: active %d", a.active)
	}
	send(a, alt("8"))
	if a.active != 7 {
		t.Errorf("alt+8 reaches the eighth screen from a form: active %d", a.active)
	}
	send(a, keyPress("?"))
	for _, want := range []string{"8 extra", "alt+1…8 jump from a form"} {
		if !helpShows(a, want) {
			t.Errorf("the help does not show %q:\n%s", want, a.fullHelp())
		}
	}

	// More screens than digits: the first nine have one, tab reaches all.
	var many []screen
	for i := range 12 {
		many = append(many, pane{fmt.Sprint("Pane ", i+1)})
	}
	a.setScreens(many...)
	a.resize(120, 40)
	_ = a.View()
	send(a, keyPress("esc"), keyPress("9"))
	if a.active != 8 {
		t.Errorf("9 shows the ninth of twelve: active %d", a.active)
	}
	send(a, keyPress("tab"), keyPress("tab"), keyPress("tab"))
	if a.active != 11 {
		t.Errorf("tab reaches the twelfth: active %d (%v)", a.active, screenTitles(a))
	}
	if !helpShows(a, "alt+1…9") {
		t.Errorf("the help offers alt with the nine digits only:\n%s", a.fullHelp())
	}
}

// TestOnlyTheKeymapsKeysAct rebinds keys and checks that the dashboard
// follows the keymap it is given, the forms included, and that the help
// names the keys that act.
func TestOnlyTheKeymapsKeysAct(t *testing.T) {
	k := keys.Default()
	k.Submit = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "continue"))
	k.NextChoice = key.NewBinding(key.WithKeys("+"), key.WithHelp("+", "next choice"))
	k.PrevChoice = key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "previous choice"))
	k.KeepSearch = key.NewBinding(key.WithKeys("ctrl+k"), key.WithHelp("ctrl+k", "keep search"))
	a := New(Config{Backend: quietBackend{}, Clock: clock.NewManual(t0), Styles: PlainStyles(), Keys: k, Terminal: &strings.Builder{}})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	send(a, walletsLoaded(t), keyPress("3"))
	r := a.screens[2].(*receiveScreen)

	send(a, keyPress("up"), ctrl(tea.KeyRight))
	if r.kind.choice != 0 {
		t.Errorf("→ is not bound here, yet changed the kind to %d", r.kind.choice)
	}
	send(a, keyPress("+"))
	if r.kind.choice != 1 {
		t.Errorf("+ is next choice: kind %d", r.kind.choice)
	}
	send(a, keyPress("-"))
	if r.kind.choice != 0 {
		t.Errorf("- is previous choice: kind %d", r.kind.choice)
	}
	send(a, keyPress("enter"))
	if r.creating || r.amount.err != "" || !r.editing {
		t.Error("enter is not submit in this keymap")
	}
	send(a, keyPress("down"), keyPress("-1"), ctrl(tea.KeyCtrlS))
	if r.amount.err == "" {
		t.Error("ctrl+s submits the form: the bad amount is not reported")
	}
	if !strings.Contains(a.View(), "ctrl+s create") {
		t.Errorf("the short help names ctrl+s:\n%s", a.View())
	}
	send(a, keyPress("?"))
	for _, want := range []string{"+ next choice", "- previous choice"} {
		if !helpShows(a, want) {
			t.Errorf("the help does not show %q:\n%s", want, a.fullHelp())
		}
	}

	send(a, keyPress("?"), keyPress("esc"), keyPress("2"), keyPress("/"), keyPress("coffee"), keyPress("enter"))
	if !a.history.searching {
		t.Error("enter is not keep-search in this keymap")
	}
	send(a, ctrl(tea.KeyCtrlK))
	if a.history.searching || a.history.query != "coffee" {
		t.Errorf("ctrl+k keeps the search: searching %v, query %q", a.history.searching, a.history.query)
	}
}

// Closing an overlay does one thing: the Esc that closes a payment's
// detail leaves History's search as it was.
func TestEscClosingTheDetailKeepsTheSearch(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	all := payments(20)
	send(a, keyPress("2"), pageOf(all, len(all)), keyPress("/"), keyPress("croissant"), keyPress("enter"))
	found := a.history.shownLen()
	if found == 0 || found == len(all) {
		t.Fatalf("the search finds %d of %d", found, len(all))
	}
	send(a, keyPress("enter"))
	if a.history.detail == nil {
		t.Fatal("enter opens the payment")
	}
	send(a, keyPress("esc"))
	if a.history.detail != nil || a.history.query != "croissant" || a.history.shownLen() != found {
		t.Errorf("esc closed the detail (%v) and changed the search to %q, %d shown",
			a.history.detail == nil, a.history.query, a.history.shownLen())
	}
	send(a, keyPress("esc"))
	if a.history.query != "" {
		t.Errorf("a second esc clears the search: %q", a.history.query)
	}
}

// Payments can arrive before the wallets do; searching by a wallet's name
// must find them once the names are known, and keep finding them after a
// rename.
func TestSearchByWalletNameFindsPaymentsThatCameFirst(t *testing.T) {
	a, _ := testApp(t, 120, 40)
	all := payments(10) // all in the wallet the fixture calls "Coffee shop till"
	send(a, keyPress("2"), pageOf(all, len(all)), keyPress("/"), keyPress("till"))
	if n := a.history.shownLen(); n != 0 {
		t.Fatalf("%d payments match a wallet name not known yet", n)
	}
	send(a, walletsLoaded(t))
	if n := a.history.shownLen(); n != len(all) {
		t.Errorf("after the wallets arrive, %d of %d payments match the wallet's name", n, len(all))
	}
	renamed := walletsLoaded(t)
	renamed.wallets[0].Name = "Bakery"
	send(a, renamed)
	if n := a.history.shownLen(); n != 0 {
		t.Errorf("after a rename, %d payments still match the old name", n)
	}
	send(a, ctrl(tea.KeyCtrlU), keyPress("bakery"))
	if n := a.history.shownLen(); n != len(all) {
		t.Errorf("%d of %d payments match the new name", n, len(all))
	}
}

// The QR code is drawn once per invoice and size; what is kept must never
// be another invoice's or another size's code.
func TestReceiveShowsTheCodeOfTheInvoiceItShows(t *testing.T) {
	a, _ := testApp(t, 120, 50)
	send(a, walletsLoaded(t))
	first, second := signetInvoice(t, 2_500_000, "Flat white x2"), signetInvoice(t, 9_000_000, "Beans, 1 kg")
	receiving(a, receive(model.Bolt11, model.StatusReceiving, first, 2_500_000, "Flat white x2"))
	if got := scanQR(t, a.screens[2].view(), false); !strings.EqualFold(got, "lightning:"+first) {
		t.Fatalf("the first code scans as %q", got)
	}
	send(a, tickMsg(t0.Add(time.Second)))
	r := a.screens[2].(*receiveScreen)
	r.current = nil
	next := receive(model.Bolt11, model.StatusReceiving, second, 9_000_000, "Beans, 1 kg")
	next.ID = "9c2d4e6f-8a1b-4c3d-9e5f-7a8b9c0d1e2f"
	receiving(a, next)
	if got := scanQR(t, a.screens[2].view(), false); !strings.EqualFold(got, "lightning:"+second) {
		t.Errorf("after a new invoice the code scans as %q", got)
	}
	send(a, tea.WindowSizeMsg{Width: 70, Height: 60}) // stacked above the details now
	if got := scanQR(t, a.screens[2].view(), false); !strings.EqualFold(got, "lightning:"+second) && !strings.EqualFold(got, second) {
		t.Errorf("after a resize the code scans as %q", got)
	}
	if at, exact := r.expiresAt(); !exact || !at.Equal(t0.Add(time.Hour)) {
		t.Errorf("the second invoice expires at %v (exact %v)", at, exact)
	}
}

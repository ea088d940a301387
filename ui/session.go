package ui

import (
	"io"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/keys"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui/port"
)

// Config is everything the dashboard is started with.
type Config struct {
	Backend port.Backend
	// Organization and Environment are the ids shown in the header.
	Organization, Environment string
	Profile                   string // the configuration profile in use, if any
	Demo                      bool   // running against the embedded simulator
	Unit                      model.Unit
	Refresh                   time.Duration // wallets and history; default 10 s
	// Clock tells the time and paces the dashboard's tick; default the
	// system clock. Tests and drills pass a manual one and move it.
	Clock  clock.Clock
	Styles *Styles
	Keys   keys.KeyMap
	// Prices, when set, quotes BTCUSD: amounts shown and typed in dollars.
	Prices port.Prices
	// LNURL, when set, reads Lightning Addresses and LNURL-pay links for
	// Send.
	LNURL port.LNURL
	// Push, when set, delivers payment updates as Voltage pushes them;
	// polling goes on as the fallback.
	Push Push
	// Notice is shown in the status line at start: a setting that did not
	// take, for example.
	Notice string
	// Terminal receives what bypasses the renderer: OSC 52 clipboard
	// sequences, desktop notifications and the bell.
	Terminal io.Writer
	// Notify says how money received is told (all off: only the screens
	// show it); Hook, when set, runs for each payment that reaches a final
	// status.
	Notify Nudges
	Hook   port.PaymentHook
}

// session is the state every screen may read: the time, the wallets, which
// one is selected, the unit. Only the root changes it.
type session struct {
	cfg       Config
	st        *Styles
	keys      keys.KeyMap
	tabs      keys.Tabs // derived from the screens
	now       time.Time
	unit      model.Unit
	price     priceState // the latest BTCUSD quote, for dollars
	dialogs   int        // dialogs opened, to tell their answers apart
	wallets   []model.Wallet
	lines     []model.LineOfCredit
	loaded    bool      // wallets arrived at least once
	walletsAt time.Time // when they last arrived
	refreshes int       // how many times they have arrived, to tell "since" without clocks
	chrome    int       // rows the header and footer take: screens report sizes a user can act on
	loadErr   string    // why the last wallets refresh failed
	selected  string    // wallet id the other screens act on; "" is all wallets
}

// lens is how amounts are shown now: in the chosen unit, and in dollars
// only with a quote to convert by.
func (s *session) lens() model.Lens {
	return model.Lens{Unit: s.unit, Quote: s.price.quote}
}

func (s *session) wallet(id string) (model.Wallet, bool) {
	for _, w := range s.wallets {
		if w.ID == id {
			return w, true
		}
	}
	return model.Wallet{}, false
}

func (s *session) walletName(id string) string {
	if w, ok := s.wallet(id); ok {
		return w.Name
	}
	return short(id)
}

// walletChoices are the wallets as a form offers them: each labelled with
// its name and available balance, and standing for its id.
func walletChoices(s *session) (labels, ids []string) {
	for _, w := range s.wallets {
		if !w.HoldsBitcoin() {
			continue // paying or receiving with a usd wallet takes a quote, which voltdash does not make
		}
		labels = append(labels, w.Name+" ("+money(w.Available(), s.lens())+")")
		ids = append(ids, w.ID)
	}
	return labels, ids
}

// network is the environment's network, as its wallets report it.
func (s *session) network() model.Network {
	for _, w := range s.wallets {
		if w.Network != "" {
			return w.Network
		}
	}
	return ""
}

// screen is one tab: a model with a size, its own help and a status line.
type screen interface {
	title() string
	update(msg tea.Msg) tea.Cmd
	view() string
	setSize(width, height int)
	shortHelp() []key.Binding
	fullHelp() [][]key.Binding
	status() string
	// capturing is true while the user types into a field, so that keys
	// such as q and 1 reach the field instead of the global bindings.
	capturing() bool
	// wake is when the screen next needs the clock: a refresh of its own
	// falling due, and, while shown, its spinner's next turn or a
	// countdown's next second. Zero: not until a message arrives.
	wake(now time.Time, shown bool) time.Time
}

// Messages every screen may receive from the root.
type (
	// tickMsg is the clock waking the dashboard (see wake.go).
	tickMsg time.Time
	// walletSelectedMsg says the selected wallet changed ("" is all).
	walletSelectedMsg struct{ id string }
	// unitChangedMsg says amounts must be reformatted.
	unitChangedMsg struct{}
	// refreshMsg asks screens to refresh what they show, now.
	refreshMsg struct{}
	// toastMsg shows a short confirmation in the status line.
	toastMsg struct{ text string }
	// watchMsg asks the root to follow a payment until it is final.
	watchMsg struct {
		id      string
		created time.Time
		status  model.Status
	}
)

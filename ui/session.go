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
	// Push, when set, delivers payment updates as Voltage pushes them;
	// polling goes on as the fallback.
	Push Push
	// Notice is shown in the status line at start: a setting that did not
	// take, for example.
	Notice string
	// Terminal receives what bypasses the renderer: OSC 52 clipboard
	// sequences and the bell.
	Terminal io.Writer
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
	wallets   []model.Wallet
	lines     []model.LineOfCredit
	loaded    bool      // wallets arrived at least once
	walletsAt time.Time // when they last arrived
	refreshes int       // how many times they have arrived, to tell "since" without clocks
	chrome    int       // rows the header and footer take: screens report sizes a user can act on
	loadErr   string    // why the last wallets refresh failed
	selected  string    // wallet id the other screens act on; "" is all wallets
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
		labels = append(labels, w.Name+" ("+amount(w.Available(), s.unit)+" "+unitName(s.unit)+")")
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
}

// Messages every screen may receive from the root.
type (
	// tickMsg is the clock: animation, countdowns and due refreshes.
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

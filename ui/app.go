// Package ui is voltdash's terminal dashboard: a root model that routes
// messages and owns the global keys, and one screen per tab.
package ui

import (
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/voltdash/voltdash/keys"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// Minimum terminal size; below it the dashboard says so instead of
// drawing a broken layout.
const minWidth, minHeight = 60, 16

// linesEvery is how often the lines of credit are read: their limits
// change rarely, unlike balances.
const linesEvery = time.Minute

// noticeFor is how long the start-up notice stays in the status line.
const noticeFor = 10 * time.Second

// App is the root model.
type App struct {
	s        *session
	screens  []screen
	active   int
	help     help.Model
	showHelp bool
	width    int
	height   int
	conn     conn
	wallets  schedule
	linesDue time.Time // when the lines of credit are next read with the wallets
	watcher  *watcher
	toast    string
	toastEnd time.Time
	history  *historyScreen
	tickAt   time.Time // when the tick on its way comes; zero: none is
	// health reads push's deliveries while the dashboard pushes to itself;
	// pushDegraded is the last failure while they fail.
	health       schedule
	pushDegraded string
	alone        bool    // the point of sale run alone: one screen, no tabs
	nudges       *nudger // money received, and the on_payment hook
}

// New builds the dashboard. Nothing is fetched until Init.
func New(cfg Config) *App {
	if cfg.Clock == nil {
		cfg.Clock = clock.System{}
	}
	if cfg.Refresh <= 0 {
		cfg.Refresh = model.DefaultRefresh
	}
	if cfg.Styles == nil {
		cfg.Styles = NewStyles(lipgloss.DefaultRenderer())
	}
	if len(cfg.Keys.Quit.Keys()) == 0 {
		cfg.Keys = keys.Default()
	}
	if cfg.Terminal == nil {
		cfg.Terminal = os.Stderr
	}
	cfg.Backend = forDisplay(cfg.Backend)
	if cfg.Push != nil {
		cfg.Push = displayPush{cfg.Push}
	}
	cfg.Notice = model.CleanText(cfg.Notice)
	s := &session{cfg: cfg, st: cfg.Styles, keys: cfg.Keys, now: cfg.Clock.Now(), unit: cfg.Unit}
	s.price.ask = schedule{every: priceEvery, due: s.now}
	a := &App{s: s, watcher: newWatcher(), help: help.New(),
		wallets: schedule{every: cfg.Refresh, due: s.now}, health: schedule{every: healthEvery, due: s.now.Add(healthEvery)}}
	a.help.Styles.ShortKey = s.st.Bold
	a.help.Styles.ShortDesc = s.st.Help
	a.help.Styles.FullKey = s.st.Bold
	a.help.Styles.FullDesc = s.st.Help
	a.history = newHistory(s)
	a.nudges = newNudger(cfg.Notify, cfg.Hook, s.now)
	a.setScreens(newWallets(s), a.history, newReceive(s), newSend(s), newWebhooks(s),
		newPOS(s, POSOptions{Dollars: cfg.Prices != nil}, false), newInsights(s))
	return a
}

// setScreens puts the screens in their tabs, and derives the keys that
// jump to each from their titles.
func (a *App) setScreens(screens ...screen) {
	a.screens = screens
	titles := make([]string, len(screens))
	for i, s := range screens {
		titles[i] = strings.ToLower(s.title())
	}
	a.s.tabs = keys.TabsFor(titles)
}

// Init starts the first fetches and the clock.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.due(a.s.now), loadUnfinished(a.s.cfg.Backend)}
	if a.s.cfg.Push != nil {
		cmds = append(cmds, awaitPush(a.s.cfg.Push))
	}
	if a.s.cfg.Notice != "" {
		a.toast, a.toastEnd = a.s.cfg.Notice, a.s.now.Add(noticeFor)
	}
	return tea.Batch(append(cmds, a.rearm())...)
}

// Update takes a message, then makes sure the clock wakes the dashboard
// when it next needs to. The time is the clock's at every message (a tick
// only wakes), and never goes back.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if now := a.s.cfg.Clock.Now(); now.After(a.s.now) {
		a.s.now = now
	}
	if t, ok := msg.(tickMsg); ok && !time.Time(t).Before(a.tickAt) {
		a.tickAt = time.Time{} // the tick on its way has come
	}
	cmd := a.settling(msg, a.update)
	// A price is asked for the moment something starts to use one (a tab
	// that takes dollars, u to USD), not at the next refresh.
	return a, tea.Batch(cmd, a.priceDue(a.s.now), a.rearm())
}

// update routes a message: the root's own first, then to the screens.
func (a *App) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
		return nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			return a.keyBurst(msg)
		}
		if cmd, done := a.globalKey(msg); done {
			return cmd
		}
		return a.screens[a.active].update(msg)
	case tea.MouseMsg:
		return a.mouse(msg)
	case tickMsg:
		if t := time.Time(msg); t.After(a.s.now) {
			a.s.now = t
		}
		return tea.Batch(a.broadcast(msg), a.due(a.s.now))
	case walletsMsg:
		return tea.Batch(a.walletsArrived(msg), a.broadcast(msg))
	case paymentMsg:
		return tea.Batch(a.paymentArrived(msg), a.broadcast(msg))
	case pushMsg:
		return a.pushArrived(msg)
	case healthMsg:
		a.healthArrived(msg)
		return nil
	case watchMsg:
		a.watcher.follow(msg.id, msg.created, msg.status, a.s.now)
		return nil
	case walletSelectedMsg:
		a.s.selected = msg.id
		return a.broadcast(msg)
	case pageMsg:
		a.observe(msg.err)
		return a.broadcast(msg)
	case walletsChangedMsg:
		a.wallets.soon(a.s.now)
		a.linesDue = a.s.now
		return tea.Batch(a.due(a.s.now), a.broadcast(refreshMsg{}))
	case priceMsg:
		return a.priceArrived(msg)
	case toastMsg:
		a.toast, a.toastEnd = msg.text, a.s.now.Add(3*time.Second)
		return nil
	}
	return a.broadcast(msg)
}

// Payments lists what History holds, newest first: for drills and tests
// that check the dashboard against the server.
func (a *App) Payments() []model.Payment {
	out := make([]model.Payment, len(a.history.rows))
	for i, r := range a.history.rows {
		out[i] = r.p
	}
	return out
}

// keyBurst handles keys typed faster than the terminal is read: the
// terminal delivers them as one message ("jj"), which no binding matches,
// so each becomes its own key press. Pasted text is left whole.
func (a *App) keyBurst(msg tea.KeyMsg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(msg.Runes))
	for _, r := range msg.Runes {
		_, cmd := a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// broadcast gives a message to every screen: data may matter to several.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.screens))
	for _, s := range a.screens {
		cmds = append(cmds, s.update(msg))
	}
	return tea.Batch(cmds...)
}

func (a *App) resize(w, h int) {
	a.width, a.height = w, h
	a.help.Width = w
	a.s.chrome = lipgloss.Height(a.chrome())
	bodyHeight := h - a.s.chrome
	for _, s := range a.screens {
		s.setSize(w, max(bodyHeight, 1))
	}
}

// View lays out the header, the tabs, the active screen (or the full
// help), the status line and the short help.
func (a *App) View() string {
	if a.width == 0 {
		return ""
	}
	if a.width < minWidth || a.height < minHeight {
		return tooSmall(a.s.st, a.width, a.height)
	}
	top, bottom := a.top(), a.bottom()
	height := a.height - lipgloss.Height(top) - lipgloss.Height(bottom)
	body := a.screens[a.active].view()
	if a.showHelp {
		body = a.fullHelp()
	}
	body = lipgloss.NewStyle().Width(a.width).Height(height).MaxHeight(height).Render(body)
	return strings.Join([]string{top, body, bottom}, "\n")
}

// chrome is everything around the body, for measuring.
func (a *App) chrome() string { return a.top() + "\n" + a.bottom() }

func tooSmall(st *Styles, w, h int) string {
	return st.WarnText.Render("Terminal too small: "+itoa(w)+"×"+itoa(h)+".") + "\n" +
		st.Muted.Render("voltdash needs at least "+itoa(minWidth)+"×"+itoa(minHeight)+"; enlarge the window.")
}

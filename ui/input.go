package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/voltdash/voltdash/ui/port"
)

// globalKey handles the keys the root owns; done is false when the key
// belongs to the active screen.
func (a *App) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := a.s.keys
	if key.Matches(msg, k.Interrupt) || (key.Matches(msg, k.Quit) && !a.screens[a.active].capturing()) {
		if cmd, asked := a.askBeforeQuitting(); asked {
			return cmd, true
		}
	}
	if key.Matches(msg, k.Interrupt) {
		return tea.Quit, true
	}
	switch { // even while typing: a form moves between its fields with ↑ and ↓
	case key.Matches(msg, a.s.tabs.Reach):
		a.switchTab(a.s.tabs.Index(msg.String()))
		return nil, true
	case key.Matches(msg, k.NextTab):
		a.switchTab(a.active + 1)
		return nil, true
	case key.Matches(msg, k.PrevTab):
		a.switchTab(a.active - 1)
		return nil, true
	}
	if a.screens[a.active].capturing() {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit, true
	case key.Matches(msg, k.Help):
		a.showHelp = !a.showHelp
		return nil, true
	case a.showHelp && key.Matches(msg, k.Back):
		a.showHelp = false
		return nil, true
	case key.Matches(msg, k.Refresh):
		a.wallets.soon(a.s.now)
		a.linesDue = a.s.now
		return tea.Batch(a.due(a.s.now), a.broadcast(refreshMsg{})), true
	case key.Matches(msg, k.Unit):
		a.s.unit = a.s.unit.Next()
		return a.broadcast(unitChangedMsg{}), true
	}
	for i, b := range a.s.tabs.Jump {
		if key.Matches(msg, b) {
			a.switchTab(i)
			return nil, true
		}
	}
	return nil, false
}

// askBeforeQuitting lets a screen that holds something unfinished (the
// till, with an invoice unpaid) ask first, on whichever tab it is: the
// dashboard goes to it, so the question is seen.
func (a *App) askBeforeQuitting() (tea.Cmd, bool) {
	for i, s := range a.screens {
		if g, ok := s.(quitGuard); ok {
			if cmd, asked := g.quitting(); asked {
				a.switchTab(i)
				a.showHelp = false
				return cmd, true
			}
		}
	}
	return nil, false
}

func (a *App) switchTab(i int) {
	n := len(a.screens)
	a.active = ((i % n) + n) % n
	a.showHelp = false
	if e, ok := a.screens[a.active].(entering); ok {
		e.entered()
	}
}

// entering is a screen that does something when the user comes to it: a
// form puts the cursor where typing starts, so that no key is lost.
type entering interface{ entered() }

// mouse switches tabs on a click in the tab bar and hands everything in
// the body to the active screen, with Y counted from the body's top.
func (a *App) mouse(msg tea.MouseMsg) tea.Cmd {
	topHeight := lipgloss.Height(a.top())
	tabRow := topHeight - 2
	if !a.alone && msg.Y == tabRow && msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
		x := 0
		for i, cell := range a.tabCells(lipgloss.Width(a.tabBarRight())) {
			w := lipgloss.Width(cell) + 1
			if msg.X >= x && msg.X < x+w {
				a.switchTab(i)
				return nil
			}
			x += w
		}
		return nil
	}
	if msg.Y < topHeight || a.showHelp {
		return nil
	}
	msg.Y -= topHeight
	return a.screens[a.active].update(msg)
}

// due starts every refresh and poll whose time has come.
func (a *App) due(now time.Time) tea.Cmd {
	var cmds []tea.Cmd
	if a.wallets.ready(now) {
		a.wallets.start(now)
		cmds = append(cmds, fetchWallets(a.s.cfg.Backend, !now.Before(a.linesDue)))
	}
	for _, id := range a.watcher.due(now) {
		cmds = append(cmds, fetchPayment(a.s.cfg.Backend, id))
	}
	if d := a.healthDue(); !d.IsZero() && !now.Before(d) {
		a.health.start(now)
		cmds = append(cmds, readHealth(a.s.cfg.Push))
	}
	return tea.Batch(append(cmds, a.priceDue(now))...)
}

func (a *App) walletsArrived(msg walletsMsg) tea.Cmd {
	now := a.s.now
	a.wallets.done(now, msg.err != nil)
	if msg.err != nil {
		f := a.s.cfg.Backend.Classify(msg.err)
		a.conn.fail(f, a.wallets.due)
		a.s.loadErr = f.Sentence
		return nil
	}
	a.conn.ok(now)
	a.s.wallets, a.s.loaded, a.s.loadErr, a.s.walletsAt = msg.wallets, true, "", now
	if msg.withLines {
		a.s.lines, a.linesDue = msg.lines, now.Add(linesEvery)
	}
	a.s.refreshes++
	if _, ok := a.s.wallet(a.s.selected); a.s.selected != "" && !ok {
		a.s.selected = ""
		return a.broadcast(walletSelectedMsg{})
	}
	return nil
}

// observe records how a background refresh went, for the header.
func (a *App) observe(err error) {
	if err == nil {
		a.conn.ok(a.s.now)
		return
	}
	a.conn.fail(a.s.cfg.Backend.Classify(err), a.s.now.Add(backoff(a.conn.failures+1)))
}

// paymentArrived records a poll's answer in the watcher: the connection
// is fine, or not, and a payment that became final moves balances.
func (a *App) paymentArrived(msg paymentMsg) tea.Cmd {
	var f port.Failure
	if msg.err != nil {
		f = a.s.cfg.Backend.Classify(msg.err)
	}
	switch a.watcher.read(msg.id, msg.payment, msg.err, f.NotFound, a.s.now) {
	case readFailed:
		if !f.NotFound {
			a.conn.fail(f, a.s.now.Add(backoff(1)))
		}
	case readFinal:
		a.conn.ok(a.s.now)
		return a.balancesMoved()
	case readPending:
		a.conn.ok(a.s.now)
	}
	return nil
}

// balancesMoved refreshes the wallets soon after a payment became final.
func (a *App) balancesMoved() tea.Cmd {
	a.wallets.soonAfter(a.s.now, balanceGap)
	return a.due(a.s.now)
}

// balanceGap is the least time between refreshes that payments ask for.
const balanceGap = 2 * time.Second

package ui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/voltdash/voltdash/model"
)

func itoa(n int) string { return strconv.Itoa(n) }

// top is the header, the demo hint and the tab bar.
func (a *App) top() string {
	st := a.s.st
	left := st.Title.Render("voltdash")
	if a.s.cfg.Profile != "" {
		left += " " + st.Muted.Render("["+a.s.cfg.Profile+"]")
	}
	left += st.Muted.Render(" org " + short(a.s.cfg.Organization) + " · env " + short(a.s.cfg.Environment))
	if n := a.s.network(); n != "" {
		left += " · " + n.Label()
	}
	switch {
	case a.s.cfg.Demo:
		left += " " + st.DemoBadge.Render("DEMO")
	case a.s.network() == model.Mainnet:
		left += " " + st.RealBadge.Render("MAINNET")
	}
	cv := a.conn.view(a.s.now)
	right := map[string]lipgloss.Style{"live": st.Live, "retrying": st.Retrying, "offline": st.Offline,
		"connecting": st.Muted}[cv.state].Render(cv.text)
	switch {
	case a.pushDegraded != "" && cv.state == "live":
		right += st.WarnText.Render(" · push degraded (" + a.pushDegraded + ")")
	case a.watcher.pushed && cv.state == "live":
		right += st.Muted.Render(" · push")
	}
	lines := []string{spread(left, right, a.width)}
	if a.s.cfg.Demo {
		lines = append(lines, st.Muted.Render(fit("Simulated demo account · set VOLTAGE_API_KEY & co. to use yours (see README)",
			a.width, false)))
	}
	if !a.alone {
		lines = append(lines, a.tabBar())
	}
	lines = append(lines, st.Faint.Render(strings.Repeat("─", a.width)))
	return strings.Join(lines, "\n")
}

func (a *App) tabBar() string {
	right := a.tabBarRight()
	return spread(strings.Join(a.tabCells(lipgloss.Width(right)), " "), right, a.width)
}

// tabBarRight is the wallet the screens act on and the unit.
func (a *App) tabBarRight() string {
	which := "all wallets"
	if a.s.selected != "" {
		which = "wallet: " + a.s.walletName(a.s.selected)
	}
	return a.s.st.Muted.Render(which + " · " + a.unitLabel())
}

// tabCells are the tabs as drawn, one space apart; without their padding
// when the bar would otherwise leave no room for what is beside it, and
// then, if it must, the tabs not shown by their digit alone (the help
// names them). Clicks are placed by the same cells.
func (a *App) tabCells(beside int) []string {
	st := a.s.st
	render := func(tight int) ([]string, int) {
		cells, width := make([]string, len(a.screens)), 0
		for i, s := range a.screens {
			style, label := st.TabInactive, itoa(i+1)+" "+s.title()
			if i == a.active {
				style = st.TabActive
			}
			if tight > 0 {
				style = style.Padding(0)
			}
			if tight > 1 && i != a.active {
				label = itoa(i + 1)
			}
			cells[i] = style.Render(label)
			width += lipgloss.Width(cells[i]) + 1
		}
		return cells, width
	}
	for tight := 0; ; tight++ {
		if cells, width := render(tight); width+beside <= a.width || tight == 2 {
			return cells
		}
	}
}

// bottom is the status line and the short help.
func (a *App) bottom() string {
	st := a.s.st
	status := a.screens[a.active].status()
	if a.toast != "" && a.s.now.Before(a.toastEnd) {
		status = st.Toast.Render(a.toast)
	}
	bindings := append(a.screens[a.active].shortHelp(), a.s.keys.Global()...)
	if a.screens[a.active].capturing() { // typed keys go to the field: only tab and ctrl+c are global
		bindings = append(a.screens[a.active].shortHelp(), a.s.keys.NextTab, a.s.keys.Interrupt)
	}
	if a.showHelp {
		bindings = []key.Binding{a.s.keys.Help, a.s.keys.Quit}
	}
	if a.alone { // one screen: there is no tab to go to
		bindings = slices.DeleteFunc(bindings, func(b key.Binding) bool {
			return slices.Equal(b.Keys(), a.s.keys.NextTab.Keys()) || slices.Equal(b.Keys(), a.s.keys.PrevTab.Keys())
		})
	}
	return fit(status, a.width, false) + "\n" + fit(a.help.ShortHelpView(bindings), a.width, false)
}

func (a *App) fullHelp() string {
	k := a.s.keys
	groups := [][]key.Binding{append(slices.Clone(a.s.tabs.Jump), a.s.tabs.Reach, k.NextTab, k.PrevTab, k.Refresh, k.Unit, k.Help, k.Quit)}
	groups = append(groups, a.screens[a.active].fullHelp()...)
	title := a.s.st.BoxTitle.Render("Keys · " + a.screens[a.active].title())
	return title + "\n\n" + a.help.FullHelpView(groups) + "\n\n" +
		a.s.st.Muted.Render("Mouse: wheel scrolls, click selects. Press "+keyName(k.Help)+" or "+keyName(k.Back)+" to close.")
}

// spread puts left and right on one line of width, left first when they
// do not both fit.
func spread(left, right string, width int) string {
	gap := width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return fit(left, width, false)
	}
	return left + strings.Repeat(" ", gap) + right
}

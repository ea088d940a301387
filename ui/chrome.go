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
	if a.watcher.pushed && cv.state == "live" {
		right += st.Muted.Render(" · push")
	}
	lines := []string{spread(left, right, a.width)}
	if a.s.cfg.Demo {
		lines = append(lines, st.Muted.Render(fit("Simulated demo account · set VOLTAGE_API_KEY & co. to use yours (see README)",
			a.width, false)))
	}
	lines = append(lines, a.tabBar(), st.Faint.Render(strings.Repeat("─", a.width)))
	return strings.Join(lines, "\n")
}

func (a *App) tabBar() string {
	st := a.s.st
	var tabs []string
	for i, s := range a.screens {
		label := itoa(i+1) + " " + s.title()
		if i == a.active {
			tabs = append(tabs, st.TabActive.Render(label))
		} else {
			tabs = append(tabs, st.TabInactive.Render(label))
		}
	}
	which := "all wallets"
	if a.s.selected != "" {
		which = "wallet: " + a.s.walletName(a.s.selected)
	}
	return spread(strings.Join(tabs, " "), st.Muted.Render(which+" · "+unitName(a.s.unit)), a.width)
}

// bottom is the status line and the short help.
func (a *App) bottom() string {
	st := a.s.st
	status := a.screens[a.active].status()
	if a.toast != "" && a.s.now.Before(a.toastEnd) {
		status = st.Toast.Render(a.toast)
	}
	bindings := append(a.screens[a.active].shortHelp(), a.s.keys.Global()...)
	if a.screens[a.active].capturing() { // typed keys go to the field: only ctrl+c is global
		bindings = append(a.screens[a.active].shortHelp(), a.s.keys.Interrupt)
	}
	if a.showHelp {
		bindings = []key.Binding{a.s.keys.Help, a.s.keys.Quit}
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

package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/voltdash/voltdash/model"
)

// fit truncates s to width cells (with an ellipsis) and pads it to exactly
// width, aligned left or right.
func fit(s string, width int, right bool) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) > width {
		s = ansi.Truncate(s, width, "…")
	}
	pad := width - ansi.StringWidth(s)
	if pad <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", pad) + s
	}
	return s + strings.Repeat(" ", pad)
}

// amount shows an amount in the chosen unit, without the unit's name.
func amount(m model.MilliSats, u model.Unit) string { return m.Figure(u) }

// signed shows money in (+) or out (−) of a wallet.
func signed(m model.MilliSats, d model.Direction, u model.Unit) string {
	if d == model.Send {
		return "−" + amount(m, u)
	}
	return "+" + amount(m, u)
}

func unitName(u model.Unit) string { return u.Name() }

// stamp is a timestamp in the list: the year only when it is not this one.
func stamp(t, now time.Time) string {
	t = t.Local()
	if t.Year() != now.Local().Year() {
		return t.Format("2006-01-02")
	}
	return t.Format("Jan 02 15:04")
}

// spinnerFrames animate pending payments; the frame comes from the clock,
// so a frozen clock freezes it.
var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

func spinner(now time.Time) string {
	return spinnerFrames[int(now.UnixMilli()/100)%len(spinnerFrames)]
}

// countdown reads "1h 05m", "5m 03s", "12s", or "expired".
func countdown(d time.Duration) string {
	if d <= 0 {
		return "expired"
	}
	h, m, sec := d/time.Hour, (d%time.Hour)/time.Minute, (d%time.Minute)/time.Second
	switch {
	case h > 0:
		return fmt.Sprintf("%dh %02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm %02ds", m, sec)
	}
	return fmt.Sprintf("%ds", sec)
}

// short abbreviates an id for narrow places.
func short(id string) string {
	if len(id) <= 8 {
		return id
	}
	return id[:8] + "…"
}

// keyName is how the help names a binding's keys, for a sentence that
// tells the user what to press.
func keyName(b key.Binding) string { return b.Help().Key }

// wrapWords wraps s to width cells at spaces only (ansi.Wordwrap also
// breaks at hyphens, which splits dates and ids), cutting a word longer
// than a line where it must.
func wrapWords(s string, width int) string {
	var out, line strings.Builder
	lineW := 0
	for _, word := range strings.Split(s, " ") {
		w := ansi.StringWidth(word)
		if lineW > 0 && lineW+1+w > width {
			out.WriteString(line.String() + "\n")
			line.Reset()
			lineW = 0
		}
		if lineW > 0 {
			line.WriteByte(' ')
			lineW++
		}
		if w > width {
			parts := strings.Split(ansi.Hardwrap(word, width, true), "\n")
			for _, p := range parts[:len(parts)-1] {
				out.WriteString(line.String() + p + "\n")
				line.Reset()
			}
			word, w, lineW = parts[len(parts)-1], ansi.StringWidth(parts[len(parts)-1]), 0
		}
		line.WriteString(word)
		lineW += w
	}
	out.WriteString(line.String())
	return out.String()
}

// basisPoints reads "0.5 %" for 50.
func basisPoints(bp int) string {
	s := fmt.Sprintf("%d.%02d", bp/100, bp%100)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".") + " %"
}

// nodeKey abbreviates a node's public key to its first and last eight
// digits: enough to compare with what the payee shows.
func nodeKey(k string) string {
	if len(k) <= 20 {
		return k
	}
	return k[:8] + "…" + k[len(k)-8:]
}

// statusWord is how a status reads in lists.
func statusWord(s model.Status) string {
	if s == "" {
		return "unknown"
	}
	return string(s)
}

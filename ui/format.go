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

// amount shows an amount as the lens shows it, without the unit's name.
func amount(m model.MilliSats, l model.Lens) string { return l.Figure(m) }

// money is an amount with its unit: "1,500 sats", "$4.50".
func money(m model.MilliSats, l model.Lens) string { return l.Format(m) }

// moved is money being moved: in dollars, the sats beside them.
func moved(m model.MilliSats, l model.Lens) string { return l.Moved(m) }

// signed shows money in (+) or out (−) of a wallet.
func signed(m model.MilliSats, d model.Direction, l model.Lens) string {
	if d == model.Send {
		return "−" + amount(m, l)
	}
	return "+" + amount(m, l)
}

func unitName(l model.Lens) string { return l.Name() }

// many is a count with thousands separators: "100,053".
func many(n int) string {
	s := itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// stamp is a timestamp in the list: the year only when it is not this one.
func stamp(t, now time.Time) string {
	t = t.Local()
	if t.Year() != now.Local().Year() {
		return t.Format("2006-01-02")
	}
	return t.Format("Jan 02 15:04")
}

// spinnerFrames animate pending payments; the frame comes from the clock,
// so a frozen clock freezes it. It turns every spinnerEvery.
var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

func spinner(now time.Time) string {
	return spinnerFrames[int(now.UnixMilli()/spinnerEvery.Milliseconds())%len(spinnerFrames)]
}

// countdown reads "1h 05m", "5m 03s", "12s", or "expired". A part of a
// second counts as one: the last number shown is 1s, and each changes on
// a whole second before the end (see nextSecond).
func countdown(d time.Duration) string {
	if d <= 0 {
		return "expired"
	}
	d = ceilSecond(d)
	h, m, sec := d/time.Hour, (d%time.Hour)/time.Minute, (d%time.Minute)/time.Second
	switch {
	case h > 0:
		return fmt.Sprintf("%dh %02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm %02ds", m, sec)
	}
	return fmt.Sprintf("%ds", sec)
}

// ceilSecond rounds d up to a whole second.
func ceilSecond(d time.Duration) time.Duration {
	return (d + time.Second - 1).Truncate(time.Second)
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

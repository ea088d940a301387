package ui

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/voltdash/voltdash/model"
)

// bigGlyphs are the till's large characters, five rows each.
var bigGlyphs = map[rune][5]string{
	'0': {"████", "█  █", "█  █", "█  █", "████"},
	'1': {"  █ ", " ██ ", "  █ ", "  █ ", " ███"},
	'2': {"████", "   █", "████", "█   ", "████"},
	'3': {"████", "   █", " ███", "   █", "████"},
	'4': {"█  █", "█  █", "████", "   █", "   █"},
	'5': {"████", "█   ", "████", "   █", "████"},
	'6': {"████", "█   ", "████", "█  █", "████"},
	'7': {"████", "   █", "  █ ", " █  ", " █  "},
	'8': {"████", "█  █", "████", "█  █", "████"},
	'9': {"████", "█  █", "████", "   █", "████"},
	'$': {" ▄█▄▄", "█ █  ", " ▀█▀▄", "  █ █", "▀▀█▀ "},
	'.': {"  ", "  ", "  ", "  ", "██"},
	',': {"  ", "  ", "  ", "▄█", " ▀"},
	' ': {"  ", "  ", "  ", "  ", "  "},
	'P': {"███ ", "█  █", "███ ", "█   ", "█   "},
	'A': {" ██ ", "█  █", "████", "█  █", "█  █"},
	'I': {"███", " █ ", " █ ", " █ ", "███"},
	'D': {"███ ", "█  █", "█  █", "█  █", "███ "},
	'✓': {"    █", "   █ ", "█ █  ", " █   ", "     "},
}

// big draws text in the large glyphs, or nil when it would not fit in
// width; characters without a glyph are left out.
func big(text string, width int) []string {
	var rows [5]strings.Builder
	for _, r := range text {
		g, ok := bigGlyphs[r]
		if !ok {
			continue
		}
		for i := range rows {
			if rows[i].Len() > 0 {
				rows[i].WriteByte(' ')
			}
			rows[i].WriteString(g[i])
		}
	}
	if lipgloss.Width(rows[0].String()) > width {
		return nil
	}
	out := make([]string, len(rows))
	for i := range rows {
		out[i] = rows[i].String()
	}
	return out
}

// padLayout is where the keypad is drawn in the body: its top-left cell
// and each key's size, so that a click finds the key under it.
type padLayout struct{ x, y, keyW, keyH int }

// posHead is the rows above the keypad: title, amount (large or not),
// its other unit, the quote, and a blank.
func (p *posScreen) headRows() int {
	if p.bigFits() {
		return 1 + 5 + 3
	}
	return 1 + 1 + 3
}

func (p *posScreen) bigFits() bool { return p.height >= 22 && big(p.shown(), p.width) != nil }

func (p *posScreen) padLayout() padLayout {
	l := padLayout{keyW: 8, keyH: 3}
	if p.height-p.headRows() < 4*3 {
		l.keyH = 1 // short windows: one row a key
	}
	l.y = p.headRows()
	return l
}

func (p *posScreen) view() string {
	switch p.stage {
	case posKeypad:
		return p.keypadView()
	case posPaid:
		return p.paidView()
	case posFailed:
		return p.failedView()
	}
	return p.saleView()
}

func (p *posScreen) keypadView() string {
	st := p.s.st
	w, ok := p.saleWallet()
	currency := "sats"
	if p.dollars {
		currency = "USD"
	}
	into := cmp.Or(w.Name, "no wallet yet") // the session's wallets are cleaned as they arrive
	if !ok && p.wallet != "" {
		into = "no wallet " + strconv.Quote(model.CleanText(p.wallet))
	}
	title := st.BoxTitle.Render("Point of sale") + st.Muted.Render(" · into "+into+" · in "+currency)
	lines := []string{title}
	amount := p.shown()
	if !p.dollars {
		amount += " sats"
	}
	if p.bigFits() {
		for _, l := range big(p.shown(), p.width) {
			lines = append(lines, st.Bold.Render(l))
		}
	} else {
		lines = append(lines, st.Bold.Render(amount))
	}
	other := ""
	if m, priced, err := p.typed(); err == nil {
		switch {
		case priced != nil:
			other = "= " + m.Format(model.UnitSats)
		case p.s.price.quote != nil:
			other = "≈ " + p.s.price.quote.Cents(m).String()
		}
	}
	lines = append(lines, st.Muted.Render(other), st.Muted.Render(fit(quoteLine(p.s), p.width, false)), "")
	lines = append(lines, p.keypad()...)
	return strings.Join(lines, "\n")
}

// keypad draws the keys, boxed when there is room.
func (p *posScreen) keypad() []string {
	st, l := p.s.st, p.padLayout()
	var out []string
	for _, row := range posKeys {
		if l.keyH == 1 {
			var b strings.Builder
			for _, k := range row {
				b.WriteString(lipgloss.PlaceHorizontal(l.keyW, lipgloss.Center, "["+k+"]"))
			}
			out = append(out, st.Bold.Render(b.String()))
			continue
		}
		top, mid, bottom := "", "", ""
		for _, k := range row {
			top += "┌" + strings.Repeat("─", l.keyW-2) + "┐"
			mid += "│" + lipgloss.PlaceHorizontal(l.keyW-2, lipgloss.Center, k) + "│"
			bottom += "└" + strings.Repeat("─", l.keyW-2) + "┘"
		}
		out = append(out, st.Muted.Render(top), st.Bold.Render(mid), st.Muted.Render(bottom))
	}
	return out
}

// saleView is the code as large as the window allows, with the amount and
// the countdown beside it, or the way there.
func (p *posScreen) saleView() string {
	st := p.s.st
	details := p.saleDetails()
	if p.stage == posCreating || p.current == nil || p.current.Status != model.StatusReceiving || p.current.PayableText() == "" {
		return strings.Join(details, "\n")
	}
	text := p.current.PayableText()
	// Beside the details, else above them, each as large as it fits.
	if code, _, _, ok := p.codes.fitLargest(text, p.width-detailsWidth-2, p.height, st.QRLook()); ok {
		return lipgloss.JoinHorizontal(lipgloss.Top, strings.Join(code.Lines, "\n"), "  ", strings.Join(details, "\n"))
	}
	if code, _, _, ok := p.codes.fitLargest(text, p.width, p.height-len(details)-1, st.QRLook()); ok {
		return strings.Join(code.Lines, "\n") + "\n\n" + strings.Join(details, "\n")
	}
	_, needW, needH, _ := p.codes.fit(text, 0, 0, st.QRLook())
	sideW, sideH := needW+2+detailsWidth, max(needH, len(details))+p.s.chrome
	stackW, stackH := needW, needH+1+len(details)+p.s.chrome
	return st.WarnText.Render("The code needs a window of at least "+itoa(sideW)+"×"+itoa(sideH)+" or "+itoa(stackW)+"×"+itoa(stackH)+
		" (now "+itoa(p.width)+"×"+itoa(p.height+p.s.chrome)+"): enlarge it for the payer to scan.") + "\n\n" + strings.Join(details, "\n")
}

func (p *posScreen) saleDetails() []string {
	st := p.s.st
	what := p.saleAmount()
	out := []string{st.BoxTitle.Render("Pay " + what)}
	if p.priced != nil {
		out = append(out, st.Muted.Render(fit("at "+p.priced.Quote.String(), detailsWidth, false)))
	}
	out = append(out, "")
	switch {
	case p.stage == posCreating && p.problem != "":
		out = append(out, st.Retrying.Render(spinner(p.s.now)+" retrying in "+countdown(p.retryAt.Sub(p.s.now))))
	case p.stage == posCreating, p.current == nil || p.current.Status != model.StatusReceiving:
		out = append(out, st.Pending.Render(spinner(p.s.now)+" creating the invoice…"))
	default:
		at, _ := p.expiry.of(*p.current)
		out = append(out, st.Pending.Render(spinner(p.s.now)+" waiting for payment"),
			st.Label.Render("expires in ")+countdown(at.Sub(p.s.now)))
	}
	return append(out, "", st.Muted.Render("esc cancels the sale"))
}

func (p *posScreen) paidView() string {
	st := p.s.st
	var lines []string
	if b := big("PAID ✓", p.width); b != nil && p.height >= 12 {
		for _, l := range b {
			lines = append(lines, st.Success.Render(l))
		}
	} else {
		lines = append(lines, st.Success.Render("Paid ✓"))
	}
	what := p.saleAmount()
	lines = append(lines, "", st.Bold.Render(what+" received"), "",
		st.Muted.Render("any key for the next sale; the keypad comes back by itself"))
	return strings.Join(lines, "\n")
}

func (p *posScreen) failedView() string {
	st := p.s.st
	return strings.Join([]string{st.Failure.Render("✗ " + p.problem), "",
		st.Muted.Render(keyName(p.s.keys.Submit) + " makes a new invoice for the same amount · " +
			keyName(p.s.keys.Cancel) + " goes back to the keypad")}, "\n")
}

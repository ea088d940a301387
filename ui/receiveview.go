package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/qr"
)

// detailsWidth is the column beside a QR code.
const detailsWidth = 44

func (r *receiveScreen) view() string {
	st := r.s.st
	if r.current == nil {
		head := st.BoxTitle.Render("Receive") + st.Muted.Render(" · create an invoice or address") + "\n\n"
		body := r.form.view()
		switch {
		case r.creating:
			body += "\n" + st.Pending.Render(spinner(r.s.now)+" creating…")
		case !r.editing:
			body += "\n" + st.Muted.Render("press "+keyName(r.s.keys.Select)+" to fill in the form")
		}
		return head + body
	}
	p := r.current
	if p.PayableText() == "" || p.Status != model.StatusReceiving {
		return strings.Join(r.details(), "\n") // no code to scan unless it can be paid
	}
	if bad := r.expiry.mismatch(*p); bad != "" {
		return st.Failure.Render("✗ "+bad) + "\n\n" + st.Muted.Render(keyName(r.s.keys.NewAgain)+" makes a new one")
	}
	text := p.PayableText()
	// Side by side when wide enough, else stacked, else the size needed.
	if code, _, _, ok := r.codes.fit(text, r.width-detailsWidth-2, r.height, st.QRLook()); ok {
		return lipgloss.JoinHorizontal(lipgloss.Top, strings.Join(code.Lines, "\n"), "  ",
			strings.Join(r.details(), "\n"))
	}
	details := r.details()
	code, needW, needH, ok := r.codes.fit(text, r.width, r.height-len(details)-1, st.QRLook())
	if ok {
		return strings.Join(code.Lines, "\n") + "\n\n" + strings.Join(details, "\n")
	}
	// Either beside the details or above them; say both, as terminals
	// grow more easily in one direction than the other.
	sideW, sideH := needW+2+detailsWidth, max(needH, len(details))+r.s.chrome
	stackW, stackH := max(needW, minWidth), needH+1+len(details)+r.s.chrome
	msg := st.WarnText.Render("The QR code needs a window of at least " + itoa(sideW) + "×" + itoa(sideH) +
		" or " + itoa(stackW) + "×" + itoa(stackH) + " (now " + itoa(r.width) + "×" + itoa(r.height+r.s.chrome) +
		"); the text below can be copied with c.")
	return msg + "\n\n" + strings.Join(details, "\n")
}

// spins reports a spinner on the screen: the receive is being created,
// waits for its payer, or was paid and the balance is on its way.
func (r *receiveScreen) spins() bool {
	if r.current == nil {
		return r.creating
	}
	switch r.current.Status {
	case model.StatusGenerating, model.StatusApproved, model.StatusReceiving:
		return true
	case model.StatusCompleted:
		return r.balanceComing()
	}
	return false
}

// balanceComing: the receive is paid and the wallets have not been read
// since.
func (r *receiveScreen) balanceComing() bool {
	_, ok := r.s.wallet(r.current.WalletID)
	return !ok || r.s.refreshes <= r.paidAfter
}

func (r *receiveScreen) wake(now time.Time, shown bool) time.Time {
	return frameIf(shown && r.spins(), now) // the countdown's seconds are among the spinner's turns
}

// qrCodes are the codes drawn for one text, by the room they were fitted
// to: encoding takes milliseconds, and the countdown redraws the screen
// every second. The look is the session's and does not change.
type qrCodes struct {
	text string
	fits map[qrRoom]fitted
}

type fitted struct {
	code         qr.Code
	needW, needH int
	ok           bool
}

// maxFits bounds the sizes kept: a window dragged through many sizes.
const maxFits = 8

func (c *qrCodes) fit(text string, width, height int, look qr.Look) (qr.Code, int, int, bool) {
	return c.drawn(text, width, height, look, false)
}

// fitLargest is fit at the largest scale the room allows.
func (c *qrCodes) fitLargest(text string, width, height int, look qr.Look) (qr.Code, int, int, bool) {
	return c.drawn(text, width, height, look, true)
}

func (c *qrCodes) drawn(text string, width, height int, look qr.Look, largest bool) (qr.Code, int, int, bool) {
	if text != c.text || len(c.fits) >= maxFits {
		c.text, c.fits = text, map[qrRoom]fitted{}
	}
	room := qrRoom{width, height, largest}
	f, ok := c.fits[room]
	if !ok {
		fit := qr.Fit
		if largest {
			fit = qr.FitLargest
		}
		f.code, f.needW, f.needH, f.ok = fit(text, width, height, look)
		c.fits[room] = f
	}
	return f.code, f.needW, f.needH, f.ok
}

// qrRoom is a size a code was fitted to, at the smallest scale or the
// largest.
type qrRoom struct {
	width, height int
	largest       bool
}

// details describes the current receive: what it asks for, its status and
// what to do next.
func (r *receiveScreen) details() []string {
	st, p, u := r.s.st, r.current, r.s.lens()
	width := min(r.width, detailsWidth)
	if r.width-detailsWidth-2 < 25 {
		width = r.width
	}
	what := "any amount"
	if amt := p.Amount(); amt > 0 {
		what = moved(amt, u)
	}
	out := []string{st.BoxTitle.Render(p.Kind.Title()), st.Bold.Render(what) + st.Muted.Render(" into "+r.s.walletName(p.WalletID))}
	if r.priced != nil {
		out = append(out, st.Muted.Render(fit(r.priced.String(), width, false)))
	}
	if memo := p.Memo(); memo != "" {
		out = append(out, st.Muted.Render(fit("“"+memo+"”", width, false)))
	}
	out = append(out, "")
	switch p.Status {
	case model.StatusGenerating, model.StatusApproved:
		out = append(out, st.Pending.Render(spinner(r.s.now)+" creating the "+p.Kind.Noun()+"…"))
	case model.StatusReceiving:
		at, exact := r.expiresAt()
		left := countdown(at.Sub(r.s.now))
		if !exact {
			left = "about " + left
		}
		out = append(out, st.Pending.Render(spinner(r.s.now)+" waiting for payment"), st.Label.Render("expires in ")+left)
	case model.StatusCompleted:
		out = append(out, st.Success.Render("✓ Paid: "+moved(p.Amount(), u)+" received"), r.balanceLine())
	case model.StatusExpired:
		out = append(out, st.Failure.Render("✗ Expired unpaid"), st.Muted.Render(keyName(r.s.keys.NewAgain)+" makes a new one"))
	case model.StatusFailed:
		why := "it could not be created"
		if p.Error != nil {
			why = p.Error.Explain()
		}
		out = append(out, st.Failure.Render("✗ Failed: ")+why, st.Muted.Render(keyName(r.s.keys.NewAgain)+" tries again"))
	default:
		out = append(out, st.WarnText.Render("? status "+statusWord(p.Status)+" (not known to voltdash)"))
	}
	if text := p.PayableText(); text != "" && p.Status == model.StatusReceiving {
		out = append(out, "")
		out = append(out, strings.Split(ansi.Hardwrap(text, width, true), "\n")...)
		out = append(out, st.Muted.Render(keyName(r.s.keys.CopyInvoice)+" copies it · "+keyName(r.s.keys.NewAgain)+" makes a new one"))
	}
	return out
}

// balanceLine is the wallet's total once the refresh after the payment
// has arrived.
func (r *receiveScreen) balanceLine() string {
	w, _ := r.s.wallet(r.current.WalletID)
	if r.balanceComing() {
		return r.s.st.Muted.Render(spinner(r.s.now) + " updating the balance…")
	}
	return r.s.st.Label.Render("balance now ") + r.s.st.Bold.Render(money(w.Total(), r.s.lens()))
}

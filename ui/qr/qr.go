// Package qr draws QR codes as terminal text: half blocks, two modules per
// cell, dark on light with the standard quiet zone, so that a phone can
// scan them from the screen whatever the terminal's colours.
package qr

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	qrcode "github.com/skip2/go-qrcode"
)

// QuietZone is the light border a code needs to be found: four modules, as
// the standard asks.
const QuietZone = 4

// Code is a drawn QR code.
type Code struct {
	Payload string
	Lines   []string
	Width   int // cells
	Height  int // rows
}

// Look says how to draw: with explicit colours (Style sets dark on light),
// or, when the terminal has none, with glyphs chosen for its background.
type Look struct {
	Style   lipgloss.Style
	NoColor bool
	Dark    bool // the terminal's background is dark
}

// Payloads are what may go into the code for a payment text, best first.
// BOLT 11 is upper-cased so that the alphanumeric mode keeps the code
// small; the lightning: prefix is only the first choice, kept when it
// fits.
func Payloads(text string) []string {
	lower := strings.ToLower(text)
	switch {
	case strings.HasPrefix(lower, "lightning:"):
		inv := strings.ToUpper(text[len("lightning:"):])
		return []string{"LIGHTNING:" + inv, inv}
	case strings.HasPrefix(lower, "ln"):
		inv := strings.ToUpper(text)
		return []string{"LIGHTNING:" + inv, inv}
	case strings.HasPrefix(lower, "bitcoin:") && !strings.Contains(text, "?"):
		return []string{strings.ToUpper(text)}
	case strings.HasPrefix(lower, "bitcoin:"):
		return []string{text} // query parameters are case-sensitive
	case strings.HasPrefix(lower, "bc1") || strings.HasPrefix(lower, "tb1") || strings.HasPrefix(lower, "bcrt1"):
		return []string{strings.ToUpper(text)} // bech32 may be upper case, which is smaller
	}
	return []string{text}
}

// Fit draws the best payload for text that fits in width×height; ok is
// false, with the smallest size needed, when none fits.
func Fit(text string, width, height int, look Look) (code Code, needW, needH int, ok bool) {
	needW, needH = -1, -1
	for _, payload := range Payloads(text) {
		c, err := Draw(payload, look)
		if err != nil {
			continue
		}
		if c.Width <= width && c.Height <= height {
			return c, 0, 0, true
		}
		if needW < 0 || c.Width*c.Height < needW*needH {
			needW, needH = c.Width, c.Height
		}
	}
	return Code{}, needW, needH, false
}

// FitLargest is Fit at the largest scale the room allows: each module
// as many cells wide (and half-cells tall) as fit, for a code to be
// scanned from across a counter.
func FitLargest(text string, width, height int, look Look) (code Code, needW, needH int, ok bool) {
	code, needW, needH, ok = Fit(text, width, height, look)
	if !ok {
		return code, needW, needH, ok
	}
	modules := code.Width // with the quiet zone
	scale := min(width/modules, 2*height/modules)
	if scale < 2 {
		return code, 0, 0, true
	}
	big, err := DrawScaled(code.Payload, look, scale)
	if err != nil || big.Width > width || big.Height > height {
		return code, 0, 0, true
	}
	return big, 0, 0, true
}

// Draw renders payload. In colour it is explicitly dark on light. Without
// colours the glyphs take the terminal's own foreground, so on a dark
// background the light modules are the ones drawn.
func Draw(payload string, look Look) (Code, error) { return DrawScaled(payload, look, 1) }

// DrawScaled is Draw with each module scale cells wide and scale half
// cells tall: square, as half blocks are.
func DrawScaled(payload string, look Look, scale int) (Code, error) {
	q, err := qrcode.New(payload, qrcode.Low)
	if err != nil {
		return Code{}, err
	}
	q.DisableBorder = true
	bits := q.Bitmap()
	scale = max(scale, 1)
	n := (len(bits) + 2*QuietZone) * scale
	dark := func(x, y int) bool {
		x, y = x/scale-QuietZone, y/scale-QuietZone
		return y >= 0 && y < len(bits) && x >= 0 && x < len(bits[y]) && bits[y][x]
	}
	invert := look.NoColor && look.Dark
	ink := func(x, y int) bool { return dark(x, y) != invert }
	glyphs := [2][2]rune{{' ', '▄'}, {'▀', '█'}} // [top][bottom]
	style := look.Style
	if look.NoColor {
		style = lipgloss.Style{}
	}
	lines := make([]string, 0, (n+1)/2)
	row := make([]rune, n)
	for y := 0; y < n; y += 2 {
		for x := 0; x < n; x++ {
			row[x] = glyphs[b2i(ink(x, y))][b2i(ink(x, y+1))] // below the code is quiet zone
		}
		lines = append(lines, style.Render(string(row)))
	}
	return Code{Payload: payload, Lines: lines, Width: n, Height: len(lines)}, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

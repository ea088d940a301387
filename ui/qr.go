package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	qrcode "github.com/skip2/go-qrcode"
)

// quietZone is the light border a QR code needs to be found: four modules,
// as the standard asks.
const quietZone = 4

// qr is a code drawn with half blocks: each text row holds two rows of
// modules.
type qr struct {
	payload string
	lines   []string
	width   int // cells
	height  int // rows
}

// qrPayloads are what may go into the code for a payment text, best first.
// BOLT 11 is upper-cased so that the QR alphanumeric mode keeps the code
// small; the lightning: prefix is kept only if the code still fits.
func qrPayloads(text string) []string {
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

// fitQR draws the best payload for text that fits in width×height; ok is
// false (with the smallest size needed) when none fits.
func fitQR(text string, width, height int, st *Styles) (code qr, needW, needH int, ok bool) {
	needW, needH = -1, -1
	for _, payload := range qrPayloads(text) {
		c, err := drawQR(payload, st)
		if err != nil {
			continue
		}
		if c.width <= width && c.height <= height {
			return c, 0, 0, true
		}
		if needW < 0 || c.width*c.height < needW*needH {
			needW, needH = c.width, c.height
		}
	}
	return qr{}, needW, needH, false
}

// drawQR renders payload. In colour it is explicitly dark on light, so it
// scans on any terminal theme. Without colours the glyphs take the
// terminal's own foreground, so on a dark background the light modules
// are the ones drawn.
func drawQR(payload string, st *Styles) (qr, error) {
	code, err := qrcode.New(payload, qrcode.Low)
	if err != nil {
		return qr{}, err
	}
	code.DisableBorder = true
	bits := code.Bitmap()
	n := len(bits) + 2*quietZone
	dark := func(x, y int) bool {
		x, y = x-quietZone, y-quietZone
		return y >= 0 && y < len(bits) && x >= 0 && x < len(bits[y]) && bits[y][x]
	}
	invert := st.NoColor && st.Dark
	ink := func(x, y int) bool { return dark(x, y) != invert }
	glyphs := [2][2]rune{{' ', '▄'}, {'▀', '█'}} // [top][bottom]
	style := lipgloss.Style{}
	if !st.NoColor {
		style = st.QR
	}
	lines := make([]string, 0, (n+1)/2)
	row := make([]rune, n)
	for y := 0; y < n; y += 2 {
		for x := 0; x < n; x++ {
			row[x] = glyphs[b2i(ink(x, y))][b2i(ink(x, y+1))] // below the code is quiet zone
		}
		lines = append(lines, style.Render(string(row)))
	}
	return qr{payload: payload, lines: lines, width: n, height: len(lines)}, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Package qrtest reads QR codes back from terminal text, for tests: what a
// phone would see on the screen.
package qrtest

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/makiuchi-d/gozxing"
	qrreader "github.com/makiuchi-d/gozxing/qrcode"
)

// Scan decodes the first QR code drawn with half blocks in text. inkIsDark
// says whether drawn cells are dark modules (true in colour, and without
// colour on a light background).
func Scan(text string, inkIsDark bool) (string, error) {
	var rows []string
	for _, line := range strings.Split(ansi.Strip(text), "\n") {
		if strings.ContainsAny(line, "▀▄█") {
			rows = append(rows, line)
		} else if len(rows) > 0 {
			break
		}
	}
	if len(rows) == 0 {
		return "", errors.New("no QR code in the text")
	}
	left, right := 1<<30, 0
	for _, r := range rows {
		for i, c := range []rune(r) {
			if strings.ContainsRune("▀▄█", c) {
				left, right = min(left, i), max(right, i+1)
			}
		}
	}
	const px, margin = 4, 8
	w, h := right-left+2*margin, 2*len(rows)+2*margin
	img := image.NewGray(image.Rect(0, 0, w*px, h*px))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y, r := range rows {
		cells := []rune(r)
		for x := left; x < right && x < len(cells); x++ {
			top := cells[x] == '▀' || cells[x] == '█'
			bottom := cells[x] == '▄' || cells[x] == '█'
			for half, ink := range []bool{top, bottom} {
				if ink != inkIsDark {
					continue
				}
				mx, my := x-left+margin, 2*y+half+margin
				for dy := range px {
					for dx := range px {
						img.SetGray(mx*px+dx, my*px+dy, color.Gray{})
					}
				}
			}
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	res, err := qrreader.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		return "", fmt.Errorf("the QR code does not scan: %w\n%s", err, strings.Join(rows, "\n"))
	}
	return res.GetText(), nil
}

package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/charmbracelet/lipgloss"
	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/muesli/termenv"

	"github.com/voltdash/voltdash/model/invoicetest"
	"github.com/voltdash/voltdash/ui/qr"
	"github.com/voltdash/voltdash/ui/qr/qrtest"
)

// signetInvoice signs a test invoice the way the simulator does, with a
// fixed key and time so that golden files are stable.
func signetInvoice(t testing.TB, amount lnwire.MilliSatoshi, memo string) string {
	return invoicetest.Make(t, &chaincfg.SigNetParams, amount, memo, t0, time.Hour)
}

// scanQR reads a QR code back from text the way a phone reads the screen.
func scanQR(t *testing.T, screen string, inkIsDark bool) string {
	t.Helper()
	got, err := qrtest.Scan(screen, inkIsDark)
	if err != nil {
		t.Fatalf("%v\nthe screen:\n%s", err, screen)
	}
	return got
}

func TestQRScansInEveryColourMode(t *testing.T) {
	coloured := func(dark bool) *Styles {
		r := lipgloss.NewRenderer(nil)
		r.SetColorProfile(termenv.TrueColor)
		r.SetHasDarkBackground(dark)
		return NewStyles(r)
	}
	noColour := func(dark bool) *Styles {
		r := lipgloss.NewRenderer(nil)
		r.SetColorProfile(termenv.Ascii)
		r.SetHasDarkBackground(dark)
		return NewStyles(r)
	}
	payload := strings.ToUpper(signetInvoice(t, 2_500_000, "Flat white x2"))
	for _, tt := range []struct {
		name      string
		st        *Styles
		inkIsDark bool
	}{
		{"colour on dark", coloured(true), true},
		{"colour on light", coloured(false), true},
		{"NO_COLOR on dark: the light modules are drawn", noColour(true), false},
		{"NO_COLOR on light", noColour(false), true},
	} {
		code, err := qr.Draw(payload, tt.st.QRLook())
		if err != nil {
			t.Fatal(err)
		}
		if got := scanQR(t, strings.Join(code.Lines, "\n"), tt.inkIsDark); got != payload {
			t.Errorf("%s: scanned %q", tt.name, got)
		}
		if tt.st.NoColor == strings.Contains(code.Lines[0], "\x1b[") {
			t.Errorf("%s: colour codes present = %v", tt.name, !tt.st.NoColor)
		}
	}
}

func TestQRPayloadsAndFitting(t *testing.T) {
	inv := signetInvoice(t, 0, "Tip jar")
	p := qr.Payloads("lightning:" + inv)
	if p[0] != "LIGHTNING:"+strings.ToUpper(inv) || p[1] != strings.ToUpper(inv) {
		t.Errorf("payloads %v", p)
	}
	if p := qr.Payloads("bitcoin:tb1qxyz?amount=0.001&label=Shop"); p[0] != "bitcoin:tb1qxyz?amount=0.001&label=Shop" {
		t.Errorf("BIP 21 parameters are case-sensitive: %v", p)
	}
	st := PlainStyles()
	withPrefix, _ := qr.Draw("LIGHTNING:"+strings.ToUpper(inv), st.QRLook())
	bare, _ := qr.Draw(strings.ToUpper(inv), st.QRLook())
	// Big enough for the prefixed code: it is used.
	if c, _, _, ok := qr.Fit(inv, withPrefix.Width, withPrefix.Height, st.QRLook()); !ok || c.Payload != withPrefix.Payload {
		t.Errorf("prefixed code not chosen when it fits: %v %q", ok, c.Payload)
	}
	if bare.Width < withPrefix.Width {
		// Only room for the bare invoice: the prefix is dropped.
		if c, _, _, ok := qr.Fit(inv, bare.Width, bare.Height, st.QRLook()); !ok || c.Payload != bare.Payload {
			t.Errorf("bare code not chosen: %v", ok)
		}
	}
	if _, w, h, ok := qr.Fit(inv, bare.Width-1, 100, st.QRLook()); ok || w != bare.Width || h != bare.Height {
		t.Errorf("too narrow: ok %v, needs %dx%d", ok, w, h)
	}
}

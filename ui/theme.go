package ui

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/voltdash/voltdash/ui/qr"
)

// Styles is every style voltdash draws with, built once from semantic
// colours that adapt to light and dark terminals. Screens never make
// colours of their own.
type Styles struct {
	r *lipgloss.Renderer

	App, Title, Muted, Faint, Bold           lipgloss.Style
	DemoBadge, RealBadge                     lipgloss.Style
	Live, Retrying, Offline                  lipgloss.Style
	TabActive, TabInactive, TabGap           lipgloss.Style
	Help, Status, Toast, ErrorText, WarnText lipgloss.Style
	TableHeader, Row, RowSelected, Cursor    lipgloss.Style
	In, Out, Pending, Success, Failure       lipgloss.Style
	Box, BoxTitle, Label, Value, Chart       lipgloss.Style
	Input, InputFocused, FieldError          lipgloss.Style
	QR                                       lipgloss.Style // always dark on light

	// NoColor is set when the terminal (or NO_COLOR) allows no colours, so
	// things that need contrast, such as QR codes, pick glyphs instead.
	NoColor bool
	// Dark reports a dark terminal background, as detected or assumed.
	Dark bool
}

// Palette: one place for every colour, light and dark variants.
var (
	colAccent  = lipgloss.AdaptiveColor{Light: "#5A3FD6", Dark: "#B4A2FF"}
	colMuted   = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#9A9A9A"}
	colFaint   = lipgloss.AdaptiveColor{Light: "#A0A0A0", Dark: "#5C5C5C"}
	colGreen   = lipgloss.AdaptiveColor{Light: "#1A7F37", Dark: "#5FD38D"}
	colRed     = lipgloss.AdaptiveColor{Light: "#C62828", Dark: "#FF7B72"}
	colYellow  = lipgloss.AdaptiveColor{Light: "#8A6100", Dark: "#E3B341"}
	colSelect  = lipgloss.AdaptiveColor{Light: "#E8E3FF", Dark: "#2E2A4A"}
	colOrange  = lipgloss.AdaptiveColor{Light: "#B35900", Dark: "#FFA657"}
	colTabBack = lipgloss.AdaptiveColor{Light: "#DDD8FF", Dark: "#3B3566"}
)

// NewStyles builds the styles for a renderer. Tests pass one with the Ascii
// profile so that views are plain text.
func NewStyles(r *lipgloss.Renderer) *Styles {
	s := r.NewStyle
	st := &Styles{r: r, NoColor: r.ColorProfile() == termenv.Ascii, Dark: r.HasDarkBackground()}
	st.App = s()
	st.Title = s().Bold(true).Foreground(colAccent)
	st.Muted = s().Foreground(colMuted)
	st.Faint = s().Foreground(colFaint)
	st.Bold = s().Bold(true)
	st.DemoBadge = s().Bold(true).Foreground(lipgloss.Color("#000000")).Background(colYellow).Padding(0, 1)
	st.RealBadge = s().Bold(true).Foreground(lipgloss.Color("#FFFFFF")).Background(colRed).Padding(0, 1)
	st.Live = s().Foreground(colGreen)
	st.Retrying = s().Foreground(colYellow)
	st.Offline = s().Bold(true).Foreground(colRed)
	st.TabActive = s().Bold(true).Foreground(colAccent).Background(colTabBack).Padding(0, 1)
	st.TabInactive = s().Foreground(colMuted).Padding(0, 1)
	st.TabGap = s()
	st.Help = s().Foreground(colMuted)
	st.Status = s().Foreground(colMuted)
	st.Toast = s().Bold(true).Foreground(colGreen)
	st.ErrorText = s().Foreground(colRed)
	st.WarnText = s().Foreground(colYellow)
	st.TableHeader = s().Bold(true).Foreground(colMuted)
	st.Row = s()
	st.RowSelected = s().Background(colSelect).Bold(true)
	st.Cursor = s().Foreground(colAccent).Bold(true)
	st.In = s().Foreground(colGreen)
	st.Out = s().Foreground(colOrange)
	st.Pending = s().Foreground(colYellow)
	st.Success = s().Foreground(colGreen)
	st.Failure = s().Foreground(colRed)
	st.Box = s().Border(lipgloss.RoundedBorder()).BorderForeground(colFaint).Padding(0, 1)
	st.BoxTitle = s().Bold(true).Foreground(colAccent)
	st.Label = s().Foreground(colMuted)
	st.Value = s()
	st.Chart = s().Foreground(colAccent)
	st.Input = s().Border(lipgloss.NormalBorder()).BorderForeground(colFaint).Padding(0, 1)
	st.InputFocused = s().Border(lipgloss.NormalBorder()).BorderForeground(colAccent).Padding(0, 1)
	st.FieldError = s().Foreground(colRed)
	st.QR = s().Foreground(lipgloss.Color("#000000")).Background(lipgloss.Color("#FFFFFF"))
	return st
}

// PlainStyles are colour-free styles on a dark background: what tests and
// golden files use.
func PlainStyles() *Styles {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return NewStyles(r)
}

// QRLook is how QR codes are drawn with these styles.
func (st *Styles) QRLook() qr.Look { return qr.Look{Style: st.QR, NoColor: st.NoColor, Dark: st.Dark} }

// Width is the printed width of s, ignoring escape sequences.
func (st *Styles) Width(s string) int { return lipgloss.Width(s) }

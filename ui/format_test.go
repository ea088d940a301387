package ui

import (
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

func TestFormatting(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{fit("hello world", 8, false), "hello w…"},
		{fit("ab", 5, true), "   ab"},
		{fit("ab", 5, false), "ab   "},
		{fit("日本語テキスト", 6, false), "日本… "},
		{signed(model.Sats(1500), model.Send, model.UnitSats.Lens()), "−1,500"},
		{signed(model.Sats(1500), model.Receive, model.UnitBTC.Lens()), "+0.00001500"},
		{countdown(59*time.Minute + 12*time.Second + 300*time.Millisecond), "59m 13s"},
		{countdown(300 * time.Millisecond), "1s"},
		{countdown(12 * time.Second), "12s"},
		{countdown(90 * time.Minute), "1h 30m"},
		{countdown(5*time.Minute + 3*time.Second), "5m 03s"},
		{countdown(-time.Second), "expired"},
		{stamp(t0, t0), t0.Local().Format("Jan 02 15:04")},
		{stamp(t0.AddDate(-1, 0, 0), t0), t0.AddDate(-1, 0, 0).Local().Format("2006-01-02")},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	turn := time.Duration(len(spinnerFrames)) * spinnerEvery
	if spinner(t0) != spinner(t0.Add(turn)) || spinner(t0) == spinner(t0.Add(spinnerEvery)) {
		t.Error("spinner frames come from the clock, one every spinnerEvery")
	}
}

func TestWrapWordsBreaksOnlyAtSpaces(t *testing.T) {
	for _, tt := range []struct {
		in    string
		width int
		want  string
	}{
		{"recorded 2026-12-01 20:02", 20, "recorded 2026-12-01\n20:02"},
		{"short", 20, "short"},
		{"a 0123456789abcdef0123456789 b", 10, "a\n0123456789\nabcdef0123\n456789 b"},
		{"", 10, ""},
	} {
		if got := wrapWords(tt.in, tt.width); got != tt.want {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

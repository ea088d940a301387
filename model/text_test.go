package model

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestCleanText(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"plain", "Flat white x2", "Flat white x2"},
		{"unicode kept", "Café ☕ 東京", "Café ☕ 東京"},
		{"clear screen", "a\x1b[2Jb", "a␛b"},
		{"cursor up and overwrite", "Pay 500 sats\x1b[1A\x1b[2K\rPay 5 sats", "Pay 500 sats␛␛⏎Pay 5 sats"},
		{"OSC 52 clipboard, BEL", "x\x1b]52;c;cm0gLXJmIH4=\ay", "x␛y"},
		{"OSC title, ST", "\x1b]2;owned\x1b\\title", "␛title"},
		{"OSC never ended: only its opener goes", "ok\x1b]2;rest is ours", "ok␛2;rest is ours"},
		{"a key", "paid with vltg_Abc123-x", "paid with vltg_[redacted]"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "a␛b"},
		{"APC PM SOS", "\x1b_apc\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\.", "␛␛␛."},
		{"charset designation", "\x1b(0lqk\x1b(B", "␛lqk␛"},
		{"two-byte sequences", "\x1bc\x1b7\x1b8", "␛␛␛"},
		{"lone ESC at end", "end\x1b", "end␛"},
		{"C1 CSI", "a\u009b2Jb", "a␛b"},
		{"C1 OSC with C1 ST", "a\u009d0;t\u009cb", "a␛b"},
		{"other C1", "a\u0085b\u0084c", "a⏎b\uFFFDc"},
		{"newlines", "row\nfake row\r\nx\ry", "row⏎fake row⏎x⏎y"},
		{"line separators", "a\u2028b\u2029c", "a⏎b⏎c"},
		{"tab", "a\tb", "a b"},
		{"bell and NUL", "a\ab\x00c", "a␇b␀c"},
		{"DEL", "a\x7fb", "a␡b"},
		{"bidi override", "pay \u202e0005\u202c sats", "pay 0005 sats"},
		{"bidi isolates and marks", "\u2066a\u2069\u200e\u200f\u061c", "a"},
		{"zero width", "5\u200b0\u200c0\u200d\u2060\ufeff", "500"},
		// Letters by category, blank by design: they pad a name or an
		// amount with nothing a person can see.
		{"hangul fillers", "Pay\u3164 5\u115f0\u11600\uffa0", "Pay 500"},
		{"hangul in its usual form", "결제 완료", "결제 완료"},
		{"braille blank is a visible space", "a\u2800b", "a\u2800b"},
		{"other default-ignorables", "5\u034f0\u17b40\u180b\ufe00\U000e0100", "500"},
		{"emoji presentation is kept", "\u2615\ufe0f \u2615\ufe0e", "\u2615\ufe0f \u2615\ufe0e"},
		{"tags", "flag\U000E0067\U000E007F", "flag"},
		{"invalid UTF-8", "a\xffb\x9b2J", "a\uFFFDb\uFFFD2J"},
		{"CSI stops at a control", "a\x1b[12\nb", "a␛⏎b"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := CleanText(tt.in)
			if got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := CleanText(got); again != got {
				t.Errorf("cleaning twice changed it again: %q", again)
			}
		})
	}
}

// FuzzCleanText: whatever goes in, what comes out has no byte a terminal
// acts on, is valid UTF-8, keeps every printable character of plain
// ASCII input, and is stable under cleaning again.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[2J", "\x1b]52;c;eA==\a", "\u202e", "a\r\nb", "\xff\x9b", "\x1bP\x1b\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := CleanText(s)
		assertDisplaySafe(t, out)
		if CleanText(out) != out {
			t.Fatalf("not stable: %q → %q → %q", s, out, CleanText(out))
		}
		if printableASCII(s) && out != s {
			t.Fatalf("changed plain text %q to %q", s, out)
		}
		if ansi.StringWidth(out) != ansi.StringWidth(ansi.Strip(out)) {
			t.Fatalf("%q still has sequences a width count skips", out)
		}
	})
}

// assertDisplaySafe fails when s holds anything a terminal would act on
// or hide.
func assertDisplaySafe(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("invalid UTF-8: %q", s)
	}
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			t.Fatalf("%U left in %q", r, s)
		}
	}
}

func TestCleanWordNeverMakesAnotherWord(t *testing.T) {
	for in, want := range map[string]string{"completed": "completed", "comp\u200bleted": "comp\uFFFDleted",
		"\u202ecompleted": "\uFFFDcompleted", "completed\x1b[2J": "completed␛"} {
		if got := CleanWord(in); got != want {
			t.Errorf("CleanWord(%q) = %q, want %q", in, got, want)
		}
	}
	p, _ := ForDisplay(Payment{Status: "comp\u200bleted", Kind: "bolt\u200d11", Data: SendBolt11Data{Memo: "a\u200bb"}})
	if p.Status.Known() || p.Kind.Supported() || p.Memo() != "ab" {
		t.Errorf("cleaned into words it was not: %q %q, memo %q", p.Status, p.Kind, p.Memo())
	}
}

func TestForDisplayCleansEveryReachableStringAndCopies(t *testing.T) {
	fee := MilliSats(12)
	p := Payment{ID: "id\x1b[2J", Status: "completed\n", Metadata: map[string]string{"k\x07": "v\u202e"},
		Error: &PaymentError{Type: "t", Detail: "d\x1b]0;x\a"},
		Data:  SendBolt11Data{Memo: "memo\r\nrow", FeeMsats: &fee, Outflows: Legs{{Type: "lightning", Preimage: "p\x00"}}}}
	orig := p
	got, changed := ForDisplay(p)
	if !changed {
		t.Fatal("nothing reported changed")
	}
	if got.ID != "id␛" || got.Status != "completed⏎" || got.Metadata["k␇"] != "v" || got.Error.Detail != "d␛" {
		t.Errorf("cleaned %+v %+v %+v", got, got.Metadata, got.Error)
	}
	d := got.Data.(SendBolt11Data)
	if d.Memo != "memo⏎row" || d.Outflows[0].Preimage != "p␀" || *d.FeeMsats != 12 {
		t.Errorf("data %+v", d)
	}
	// The original is untouched: it may be shared with JSON output.
	if p.ID != orig.ID || p.Metadata["k\x07"] != "v\u202e" || p.Error.Detail != "d\x1b]0;x\a" ||
		p.Data.(SendBolt11Data).Memo != "memo\r\nrow" || p.Data.(SendBolt11Data).Outflows[0].Preimage != "p\x00" {
		t.Errorf("the original changed: %+v", p)
	}
	clean := Payment{ID: "abc", Data: ReceiveBolt11Data{Memo: "fine"}, Metadata: map[string]string{"a": "b"}}
	if again, changed := ForDisplay(clean); changed || again.Metadata == nil {
		t.Errorf("clean payment reported changed: %+v", again)
	}
	ws, changed := ForDisplay([]Wallet{{Name: "Savings"}, {Name: "Till\x1b[31m", Error: &WalletEventError{Type: "x\n"}}})
	if !changed || ws[0].Name != "Savings" || ws[1].Name != "Till␛" || ws[1].Error.Type != "x⏎" {
		t.Errorf("wallets %+v", ws)
	}
}

func TestRedactKeys(t *testing.T) {
	for in, want := range map[string]string{
		"--wallet \"vltg_abc-DEF_123\": no such wallet": "--wallet \"vltg_[redacted]\": no such wallet",
		"no key here":                   "no key here",
		"vltg_a and vltg_b":             "vltg_[redacted] and vltg_[redacted]",
		strings.Repeat("x", 3) + "vltg": "xxxvltg",
	} {
		if got := RedactKeys(in); got != want {
			t.Errorf("RedactKeys(%q) = %q, want %q", in, got, want)
		}
	}
}

package model

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text written by other people (memos, invoice descriptions, wallet names,
// metadata, server errors, webhook bodies) reaches voltdash's screens and
// text output only through CleanText. A terminal acts on control
// characters and escape sequences: they can clear the screen, move the
// cursor to overwrite an amount, retitle the window or write the
// clipboard. Bidirectional controls reorder what is shown, and invisible
// characters hide what is there. CleanText makes such text inert and
// visible, so what a person reads is what the text says.

// Visible stand-ins for what CleanText replaces.
const (
	markEscape  = "␛" // a whole escape sequence, or a lone ESC
	markNewline = "⏎" // CR, LF, CRLF, NEL, and the Unicode line and paragraph separators
	markInvalid = "\uFFFD"
)

// CleanText returns s as it may be shown on a terminal: every escape
// sequence (CSI, OSC, DCS, SOS, PM, APC, in their 7-bit ESC forms and
// their 8-bit C1 forms) becomes one ␛; line breaks become ⏎; a tab
// becomes a space; every other C0 control and DEL becomes its Unicode
// control picture (␇ for BEL); other C1 controls and invalid UTF-8 become
// U+FFFD; bidirectional controls, zero-width and other invisible
// formatting characters (Unicode category Cf, including tag characters)
// and the other default-ignorables but an emoji's presentation selectors
// are removed; anything shaped like an API key is blanked (RedactKeys).
// Text that needs none of this is returned as it is, without copying.
// Measure widths on the result.
func CleanText(s string) string { return clean(s, false) }

// CleanWord is CleanText for a word of a fixed vocabulary (a status, a
// kind, a currency): an invisible character becomes U+FFFD instead of
// vanishing, so that "comp\u200bleted" can never be read, by a person or by
// the code that shows it, as "completed".
func CleanWord(s string) string { return clean(s, true) }

func clean(s string, markInvisible bool) string {
	s = RedactKeys(s)
	if printableASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteString(markInvalid)
		case r == 0x1b:
			size = escapeLength(s[i:])
			b.WriteString(markEscape)
		case introducesString(r) || r == 0x9b:
			size = c1SequenceLength(s[i:], size)
			b.WriteString(markEscape)
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			size = 2
			b.WriteString(markNewline)
		case r == '\r' || r == '\n' || r == 0x85 || r == '\u2028' || r == '\u2029':
			b.WriteString(markNewline)
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20:
			b.WriteRune(0x2400 + r) // the control pictures block mirrors C0
		case r == 0x7f:
			b.WriteRune('␡')
		case r >= 0x80 && r <= 0x9f:
			b.WriteString(markInvalid)
		case invisible(r) && markInvisible:
			b.WriteString(markInvalid)
		case invisible(r):
			// invisible: dropped
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// invisible reports what draws nothing: formatting characters (category
// Cf: bidirectional controls, zero-width characters, tag characters) and
// the rest of Unicode's default-ignorables (the Hangul fillers, the
// combining grapheme joiner, variation selectors), but for the two that
// choose an emoji's text or picture form, which change how it looks.
func invisible(r rune) bool {
	switch {
	case r == '\ufe0e' || r == '\ufe0f':
		return false
	case r < 0x300:
		return r == 0xad // the soft hyphen, the only Cf below U+0300
	}
	return unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// introducesString reports the C1 controls that open a control string
// ended by ST: DCS, SOS, OSC, PM and APC.
func introducesString(r rune) bool {
	return r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f
}

// escapeLength is how many bytes of s, which starts with ESC, belong to
// one escape sequence. What follows the sequence is left to the caller, so
// a malformed sequence never swallows the text after it beyond its own
// bytes.
func escapeLength(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch c := s[1]; {
	case c == '[':
		return 2 + csiBody(s[2:])
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		return 2 + controlStringBody(s[2:])
	case c >= 0x20 && c <= 0x2f: // nF: intermediates, then one final byte
		n := 1
		for n < len(s) && s[n] >= 0x20 && s[n] <= 0x2f {
			n++
		}
		if n < len(s) && s[n] >= 0x30 && s[n] <= 0x7e {
			n++
		}
		return n
	case c >= 0x30 && c <= 0x7e: // a two-byte sequence: ESC 7, ESC c, ESC M…
		return 2
	}
	return 1 // a lone ESC before something that cannot continue it
}

// c1SequenceLength is escapeLength for the 8-bit forms: s starts with a
// C1 introducer of size bytes (CSI, or one that opens a control string).
func c1SequenceLength(s string, size int) int {
	r, _ := utf8.DecodeRuneInString(s)
	if r == 0x9b {
		return size + csiBody(s[size:])
	}
	return size + controlStringBody(s[size:])
}

// csiBody is the length of a CSI sequence's parameters, intermediates and
// final byte. It stops early at anything that cannot be part of one.
func csiBody(s string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		case c < 0x20 || c > 0x3f:
			return i
		}
	}
	return len(s)
}

// controlStringBody is the length of an OSC, DCS, SOS, PM or APC body up
// to and including its terminator: BEL, ESC \, or the C1 ST. A string that
// never ends takes nothing but its opener: the text after it may be ours
// (a sentence around a server's words) and must stay readable.
func controlStringBody(s string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
	}
	return 0
}

// keyShape matches Voltage API keys wherever they turn up by mistake: a
// key pasted into the wrong flag or field must not be echoed back.
var keyShape = regexp.MustCompile(`vltg_[A-Za-z0-9_\-]+`)

// Compact removes every space, tab and line break: what pasting or
// wrapping puts inside an invoice, address or URI, none of which can hold
// one.
func Compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// RedactKeys blanks out anything shaped like a Voltage API key.
func RedactKeys(s string) string {
	if !strings.Contains(s, "vltg_") {
		return s
	}
	return keyShape.ReplaceAllString(s, "vltg_[redacted]")
}

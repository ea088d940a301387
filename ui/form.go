package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/voltdash/voltdash/keys"
	"github.com/voltdash/voltdash/model"
)

// field is one line of a form: a text input or a choice among options,
// with its label, a hint, and the error of its last check shown under it.
type field struct {
	label   string
	hint    string
	err     string
	input   textinput.Model
	compact bool     // holds an invoice, address or URI: no whitespace
	choices []string // a choice field when not empty
	// presets are values ← and → step through while the field is empty
	// or holds one of them; anything else typed is kept as typed.
	presets []string
	values  []string // what each choice stands for, such as a wallet id
	choice  int
}

func newTextField(st *Styles, label, placeholder string, limit int) *field {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.Cursor.SetMode(cursor.CursorStatic) // no blinking: frames depend only on state
	in.PlaceholderStyle = st.Faint
	in.Cursor.Style = st.Cursor
	return &field{label: label, input: in}
}

func newChoiceField(label string, choices []string) *field {
	return &field{label: label, choices: choices}
}

// setChoices replaces a choice field's options. The choice is held by
// value, never by position: the option chosen before stays chosen wherever
// it moved to, and only when it is gone does prefer (else the first) take
// its place.
func (f *field) setChoices(labels, values []string, prefer string) {
	held := f.selected()
	f.choices, f.values, f.choice = labels, values, 0
	if slices.Contains(values, held) {
		f.choose(held)
	} else {
		f.choose(prefer)
	}
}

// choose picks the option standing for value, if there is one.
func (f *field) choose(value string) {
	if i := slices.Index(f.values, value); value != "" && i >= 0 {
		f.choice = i
	}
}

// selected is the value of the chosen option, "" when there is none.
func (f *field) selected() string {
	if f.choice < len(f.values) {
		return f.values[f.choice]
	}
	return ""
}

func (f *field) value() string {
	if len(f.choices) > 0 {
		return f.choices[f.choice]
	}
	return strings.TrimSpace(f.input.Value())
}

// form is an ordered set of fields with one focused.
type form struct {
	st     *Styles
	keys   *keys.KeyMap
	fields []*field
	focus  int
	active bool // the form has the keyboard
	width  int
}

func newForm(s *session, fields ...*field) *form {
	f := &form{st: s.st, fields: fields, keys: &s.keys}
	f.setFocus(0)
	return f
}

func (f *form) setFocus(i int) {
	f.active = true
	n := len(f.fields)
	f.focus = ((i % n) + n) % n
	for j, fl := range f.fields {
		switch {
		case len(fl.choices) > 0: // no text input to focus
		case j == f.focus:
			fl.input.Focus()
		default:
			fl.input.Blur()
		}
	}
}

// blur takes the keyboard away from every field.
func (f *form) blur() {
	f.active = false
	for _, fl := range f.fields {
		if len(fl.choices) == 0 {
			fl.input.Blur()
		}
	}
}

func (f *form) setWidth(w int) {
	f.width = w
	for _, fl := range f.fields {
		fl.input.Width = max(w-20, 10)
	}
}

// update moves between fields, cycles choices, and gives every other key
// (and pastes) to the focused text input. changed reports an edit.
func (f *form) update(msg tea.KeyMsg) (changed bool) {
	fl := f.fields[f.focus]
	switch {
	case key.Matches(msg, f.keys.NextField):
		f.setFocus(f.focus + 1)
	case key.Matches(msg, f.keys.PrevField):
		f.setFocus(f.focus - 1)
	case len(fl.choices) > 0 && key.Matches(msg, f.keys.PrevChoice):
		fl.choice = (fl.choice + len(fl.choices) - 1) % len(fl.choices)
		return true
	case len(fl.choices) > 0 && key.Matches(msg, f.keys.NextChoice):
		fl.choice = (fl.choice + 1) % len(fl.choices)
		return true
	case fl.onPreset() && msg.Type != tea.KeySpace && (key.Matches(msg, f.keys.PrevChoice) || key.Matches(msg, f.keys.NextChoice)):
		n, i := len(fl.presets), slices.Index(fl.presets, fl.input.Value())
		switch back := key.Matches(msg, f.keys.PrevChoice); {
		case i < 0 && back: // from empty: ← the last, → the first
			i = n - 1
		case i < 0:
			i = 0
		case back:
			i = (i + n - 1) % n
		default:
			i = (i + 1) % n
		}
		fl.input.SetValue(fl.presets[i])
		fl.input.CursorEnd()
		fl.err = ""
		return true
	case len(fl.choices) == 0:
		before := fl.input.Value()
		fl.input, _ = fl.input.Update(msg)
		v := fl.input.Value()
		if fl.compact {
			v = model.Compact(v) // a pasted invoice wrapped over lines is still the invoice
		}
		if v = model.CleanText(v); v != fl.input.Value() {
			fl.input.SetValue(v) // pasted text may carry what the input does not strip
		}
		if fl.input.Value() == before {
			return false
		}
		fl.err = "" // it was about what was typed before
		return true
	}
	return false
}

// onPreset reports a field that ← and → step through: it has presets,
// and holds none of anything else.
func (fl *field) onPreset() bool {
	v := fl.input.Value()
	return len(fl.presets) > 0 && (v == "" || slices.Contains(fl.presets, v))
}

// clearErrors forgets the last check's messages.
func (f *form) clearErrors() {
	for _, fl := range f.fields {
		fl.err = ""
	}
}

// focusFirstError moves to the first field that has an error.
func (f *form) focusFirstError() {
	for i, fl := range f.fields {
		if fl.err != "" {
			f.setFocus(i)
			return
		}
	}
}

func (f *form) view() string {
	var b strings.Builder
	for i, fl := range f.fields {
		label := f.st.Label.Render(fit(fl.label, 14, false))
		var value string
		if len(fl.choices) > 0 {
			value = "◂ " + fl.value() + " ▸"
			if i == f.focus && f.active {
				value = f.st.Cursor.Render(value)
			}
		} else {
			value = fl.input.View()
		}
		marker := "  "
		if i == f.focus && f.active {
			marker = f.st.Cursor.Render("▸ ")
		}
		b.WriteString(marker + label + " " + value + "\n")
		switch {
		case fl.err != "":
			f.note(&b, f.st.FieldError, "✗ "+fl.err)
		case fl.hint != "":
			f.note(&b, f.st.Muted, fl.hint)
		}
	}
	return b.String()
}

// note writes a field's message under it, wrapped to the form's width and
// indented to the values' column.
func (f *form) note(b *strings.Builder, style lipgloss.Style, text string) {
	indent := strings.Repeat(" ", 17)
	for _, line := range strings.Split(wrapWords(text, max(f.width-17, 20)), "\n") {
		b.WriteString(indent + style.Render(line) + "\n")
	}
}

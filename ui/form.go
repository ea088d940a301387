package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// field is one line of a form: a text input or a choice among options,
// with its label, a hint, and the error of its last check shown under it.
type field struct {
	label   string
	hint    string
	err     string
	input   textinput.Model
	choices []string // a choice field when not empty
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

func (f *field) value() string {
	if len(f.choices) > 0 {
		return f.choices[f.choice]
	}
	return strings.TrimSpace(f.input.Value())
}

// form is an ordered set of fields with one focused.
type form struct {
	st     *Styles
	keys   *formKeys
	fields []*field
	focus  int
	active bool // the form has the keyboard
	width  int
}

type formKeys struct{ next, prev, left, right key.Binding }

func newForm(st *Styles, fields ...*field) *form {
	f := &form{st: st, fields: fields, keys: &formKeys{
		next:  key.NewBinding(key.WithKeys("tab", "down")),
		prev:  key.NewBinding(key.WithKeys("shift+tab", "up")),
		left:  key.NewBinding(key.WithKeys("left")),
		right: key.NewBinding(key.WithKeys("right", " ")),
	}}
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
	case key.Matches(msg, f.keys.next):
		f.setFocus(f.focus + 1)
	case key.Matches(msg, f.keys.prev):
		f.setFocus(f.focus - 1)
	case len(fl.choices) > 0 && key.Matches(msg, f.keys.left):
		fl.choice = (fl.choice + len(fl.choices) - 1) % len(fl.choices)
		return true
	case len(fl.choices) > 0 && key.Matches(msg, f.keys.right):
		fl.choice = (fl.choice + 1) % len(fl.choices)
		return true
	case len(fl.choices) == 0:
		before := fl.input.Value()
		fl.input, _ = fl.input.Update(msg)
		return fl.input.Value() != before
	}
	return false
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
			b.WriteString(strings.Repeat(" ", 17) + f.st.FieldError.Render("✗ "+fl.err) + "\n")
		case fl.hint != "":
			b.WriteString(strings.Repeat(" ", 17) + f.st.Muted.Render(fl.hint) + "\n")
		}
	}
	return b.String()
}

package ui

import (
	"encoding/base64"
	"fmt"
	"io"

	tea "github.com/charmbracelet/bubbletea"
)

// osc52 is the escape sequence that asks the terminal to put text on the
// system clipboard. It works over SSH and inside tmux (set-clipboard).
func osc52(text string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\a"
}

// copyCmd writes the sequence in one write, outside Update, then confirms.
func copyCmd(w io.Writer, what, text string) tea.Cmd {
	return func() tea.Msg {
		if text == "" {
			return toastMsg{"This payment has no " + what + " to copy."}
		}
		if _, err := io.WriteString(w, osc52(text)); err != nil {
			return toastMsg{fmt.Sprintf("Could not copy the %s: %v", what, err)}
		}
		return toastMsg{"Copied the " + what + " to the clipboard."}
	}
}

package cli

import (
	"bufio"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/voltdash/voltdash/model"
)

// Every line the commands write for people (tables, summaries, progress,
// errors) is formatted by shown. Its format string is ours; its arguments
// are other people's text until proven otherwise (a memo, a wallet name,
// a server's error, a flag's value), so each is cleaned for the terminal
// (model.CleanText, which also blanks anything shaped like a key). JSON
// output is not written here: encoding/json escapes control characters,
// so it stays exact.

// shown formats a line for people.
func shown(format string, args ...any) string {
	clean := make([]any, len(args))
	for i, a := range args {
		clean[i] = shownArg(a)
	}
	return fmt.Sprintf(format, clean...)
}

func shownArg(a any) any {
	switch v := a.(type) {
	case nil:
		return a
	case error:
		return display(v.Error())
	case fmt.Stringer:
		return display(v.String())
	}
	if v := reflect.ValueOf(a); v.Kind() == reflect.String { // model.Status, model.Kind…
		return display(v.String())
	}
	return a
}

// display is one piece of outside text as the commands may print it.
func display(s string) string { return model.CleanText(s) }

// say writes a line for people to w.
func say(w io.Writer, format string, args ...any) {
	_, _ = io.WriteString(w, shown(format, args...))
}

// info is progress for people: on stderr, so stdout stays the result.
// After a Ctrl-C there is no progress: the interruption's report says
// where the run stands.
func (r *runner) info(format string, args ...any) {
	if !r.interrupted() {
		say(r.d.Stderr, format+"\n", args...)
	}
}

// line puts a question on stderr and reads the line typed, trimmed; a
// Ctrl-C while it waits answers "" at once.
func (r *runner) line(question string) string {
	say(r.d.Stderr, "%s ", question)
	if r.stdin == nil {
		r.stdin = bufio.NewReader(r.d.Stdin)
	}
	if r.ctx == nil {
		answer, _ := r.stdin.ReadString('\n')
		return strings.TrimSpace(answer)
	}
	got := make(chan string, 1)
	go func() { // left reading if interrupted: the run ends without another question
		answer, _ := r.stdin.ReadString('\n')
		got <- answer
	}()
	r.intr.asking = true // until answered: the report starts on a line of its own
	select {
	case answer := <-got:
		r.intr.asking = false
		return strings.TrimSpace(answer)
	case <-r.ctx.Done():
		return ""
	}
}

// ask puts a yes/no question on stderr and reads the answer; anything but
// y or yes is no.
func (r *runner) ask(question string) bool {
	a := strings.ToLower(r.line(question + " [y/N]"))
	return a == "y" || a == "yes"
}

// cutText shortens s to width cells with an ellipsis.
func cutText(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

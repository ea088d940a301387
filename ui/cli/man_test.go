package cli

import (
	"bytes"
	"flag"
	"os/exec"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// manAt runs voltdash man with SOURCE_DATE_EPOCH set to epoch ("" unset).
func manAt(t *testing.T, epoch string, args ...string) result {
	t.Helper()
	return runWithDeps(account(), "", func(d *Deps) {
		get := d.Getenv
		d.Getenv = func(k string) string {
			if k == "SOURCE_DATE_EPOCH" {
				return epoch
			}
			return get(k)
		}
	}, append([]string{"man"}, args...)...)
}

// TestManPage: voltdash(1) as voltdash man writes it, kept as a golden.
// Every command of the table has its section, and every flag of each
// command is in it, spelled with roff's minus signs.
func TestManPage(t *testing.T) {
	r := manAt(t, "1780000000")
	if r.code != ExitOK || r.stderr != "" {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	golden.RequireEqual(t, r.stdout)
	page := r.stdout
	if !strings.HasPrefix(page, `.\"`) || !strings.Contains(page, "\n.TH VOLTDASH 1 2026-05-28 \"voltdash test\" \"User Commands\"\n") {
		t.Errorf("header:\n%s", page[:min(len(page), 300)])
	}
	for _, s := range []string{"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "ENVIRONMENT", "FILES", `"EXIT STATUS"`, `"SEE ALSO"`} {
		if !strings.Contains(page, "\n.SH "+s+"\n") {
			t.Errorf("no section %s", s)
		}
	}
	for _, c := range append(commands(), versionCommand) {
		name := strings.TrimSpace("voltdash " + c.name)
		section, ok := sectionOf(page, name)
		if !ok {
			t.Errorf("no section for %s", name)
			continue
		}
		if c.flags != nil {
			fs := flag.NewFlagSet(name, flag.ContinueOnError)
			var o options
			c.flags(fs, &o)
			fs.VisitAll(func(f *flag.Flag) {
				dashes := `\-\-`
				if len(f.Name) == 1 {
					dashes = `\-`
				}
				if !strings.Contains(section, `\fB`+dashes+escape(f.Name, true)+`\fR`) {
					t.Errorf("%s: no --%s", name, f.Name)
				}
			})
		}
		for _, e := range c.examples {
			if !strings.Contains(section, "\n"+lineStart(escape(e, true))+"\n") {
				t.Errorf("%s: no example %q", name, e)
			}
		}
	}
	for _, c := range []string{"0", "1", "2", "3", "4", "5", "6"} {
		if !strings.Contains(page, "\n.TP\n"+c+"\n") {
			t.Errorf("exit status %s is not explained", c)
		}
	}
	if strings.Contains(page, "--") {
		t.Error("a flag is spelled with hyphens, not roff's minus signs")
	}
}

// sectionOf is the text of the page's .SS section for name.
func sectionOf(page, name string) (string, bool) {
	head := "\n.SS " + `"` + escape(name, false) + `"` + "\n"
	if !strings.Contains(name, " ") {
		head = "\n.SS " + escape(name, false) + "\n"
	}
	_, rest, ok := strings.Cut(page, head)
	if !ok {
		return "", false
	}
	if i := strings.Index(rest, "\n.S"); i >= 0 {
		rest = rest[:i+1]
	}
	return rest, true
}

// TestManDate: the page's date is SOURCE_DATE_EPOCH's, else the clock's;
// an epoch that is not a number is refused.
func TestManDate(t *testing.T) {
	if r := manAt(t, ""); r.code != ExitOK || !strings.Contains(r.stdout, ".TH VOLTDASH 1 "+t0.UTC().Format("2006-01-02")+" ") {
		t.Errorf("without SOURCE_DATE_EPOCH: exit %d %.200s", r.code, r.stdout)
	}
	if r := manAt(t, "soon"); r.code != ExitUsage || !strings.Contains(r.stderr, `SOURCE_DATE_EPOCH "soon"`) || r.stdout != "" {
		t.Errorf("a bad epoch: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := manAt(t, "1780000000", "extra"); r.code != ExitUsage {
		t.Errorf("an argument: exit %d", r.code)
	}
}

// TestRoffEscape: what roff would read as its own is written so that it
// prints as typed.
func TestRoffEscape(t *testing.T) {
	// A line of prose that wrapping starts with a control character.
	var p roff
	p.text(strings.Repeat("x ", 39) + "'quoted' and .dotted")
	if want := strings.Repeat("x ", 38) + "x\n\\&'quoted' and .dotted\n"; p.String() != want {
		t.Errorf("wrapped:\n%s\nwant:\n%s", p.String(), want)
	}
	for _, tt := range []struct {
		in         string
		code       bool
		want, line string // escaped; as a line of prose
	}{
		{"comma-separated", false, "comma-separated", "comma-separated"},
		{"comma-separated", true, `comma\-separated`, ""},
		{"--max-fee 100", false, `\-\-max-fee 100`, `\-\-max-fee 100`},
		{"--max-fee", true, `\-\-max\-fee`, ""},
		{"-1", false, `\-1`, `\-1`},
		{"a - b", false, `a \- b`, `a \- b`},
		{`C:\path`, false, `C:\epath`, `C:\epath`},
		{`say "hi"`, false, `say \(dqhi\(dq`, `say \(dqhi\(dq`},
		{".SH not a request", false, ".SH not a request", `\&.SH not a request`},
		{"'br not a request", false, "'br not a request", `\&'br not a request`},
		{"Paid ✓ …", false, `Paid \[u2713] \[u2026]`, `Paid \[u2713] \[u2026]`},
		{"🙂", false, `\[u1F642]`, `\[u1F642]`},
	} {
		if got := escape(tt.in, tt.code); got != tt.want {
			t.Errorf("escape(%q, %v) = %q, want %q", tt.in, tt.code, got, tt.want)
		}
		if tt.line != "" {
			var p roff
			p.text(tt.in)
			if got := p.String(); got != tt.line+"\n" {
				t.Errorf("text(%q) = %q, want %q", tt.in, got, tt.line)
			}
		}
	}
}

// TestManPageRenders: the page formats without a warning, by mandoc's
// lint and by groff with every warning on, where they are installed
// (groff comes with the machine; .ci/run installs mandoc).
func TestManPageRenders(t *testing.T) {
	page := manAt(t, "1780000000").stdout
	ran := 0
	for _, tool := range [][]string{
		{"mandoc", "-Tlint", "-W", "warning"},
		{"groff", "-man", "-Tutf8", "-ww", "-z"},
	} {
		if _, err := exec.LookPath(tool[0]); err != nil {
			t.Logf("%s is not installed: not tried", tool[0])
			continue
		}
		ran++
		cmd := exec.Command(tool[0], tool[1:]...)
		cmd.Stdin = strings.NewReader(page)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if err != nil || out.Len() > 0 {
			t.Errorf("%s: %v\n%s", strings.Join(tool, " "), err, out.String())
		}
	}
	if ran == 0 {
		t.Skip("neither mandoc nor groff is installed")
	}
}

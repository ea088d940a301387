// Package config reads voltdash's configuration: named profiles of
// Voltage accounts and display settings, in a TOML file, combined with the
// environment and the command line (flags win over the environment, which
// wins over the file). It never prints or returns the API key in an error.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/voltdash/voltdash/model"
)

// File is the configuration file as written.
type File struct {
	DefaultProfile string             `toml:"default_profile"`
	Display        Display            `toml:"display"`
	Notify         Notify             `toml:"notify"`
	Profiles       map[string]Profile `toml:"profiles"`

	Path    string      `toml:"-"`
	Found   bool        `toml:"-"` // false when there is no file: everything comes from elsewhere
	Mode    fs.FileMode `toml:"-"`
	Unknown []string    `toml:"-"` // settings voltdash does not know: typos, usually
}

// Display is how voltdash shows things.
type Display struct {
	Unit    string   `toml:"unit"`    // sats or btc
	Theme   string   `toml:"theme"`   // auto, dark or light
	Refresh Duration `toml:"refresh"` // e.g. "10s"
	// PriceURL is the BTCUSD price service (Voltage's public one unless
	// set; "off" for none): dollars are shown and typed at its quotes.
	PriceURL string `toml:"price_url"`
}

// Notify is how voltdash says money arrived and what it runs when a
// payment is final. An unset switch is on.
type Notify struct {
	Toast   *bool `toml:"toast"`   // a line in the dashboard's status bar
	Desktop *bool `toml:"desktop"` // a desktop notification, where the terminal passes one on
	Bell    *bool `toml:"bell"`    // the terminal bell, where nothing else can notify
	// OnPayment is a command run (by sh -c) with the payment's JSON on
	// stdin when a payment reaches a final status; it may run for
	// OnPaymentTimeout (default 10 s).
	OnPayment        string   `toml:"on_payment"`
	OnPaymentTimeout Duration `toml:"on_payment_timeout"`
}

// Profile is one Voltage account: an organization, an environment and a
// key. The key comes from exactly one of the three api_key settings.
type Profile struct {
	OrganizationID string `toml:"organization_id"`
	EnvironmentID  string `toml:"environment_id"`
	BaseURL        string `toml:"base_url"`
	APIKeyEnv      string `toml:"api_key_env"`     // the name of a variable holding the key
	APIKeyCommand  string `toml:"api_key_command"` // a command printing the key (a password manager)
	APIKey         string `toml:"api_key"`         // the key itself: only in a file readable by its owner alone
	// Push: Voltage posts payment events to webhook_url, which must reach
	// webhook_listen on this machine (through a tunnel or a proxy).
	WebhookURL    string `toml:"webhook_url"`
	WebhookListen string `toml:"webhook_listen"`
}

// Duration is a time.Duration written as "10s" in the file.
type Duration struct{ time.Duration }

func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration like 10s or 1m", b)
	}
	d.Duration = v
	return nil
}

// Error is a problem with the file, at a line when the parser knows it.
type Error struct {
	Path    string
	Line    int
	Problem string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s line %d: %s", e.Path, e.Line, e.Problem)
	}
	return e.Path + ": " + e.Problem
}

// DefaultPath is $XDG_CONFIG_HOME/voltdash/config.toml, else
// ~/.config/voltdash/config.toml.
func DefaultPath(getenv func(string) string) string {
	base := getenv("XDG_CONFIG_HOME")
	if base == "" {
		home := getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		base = filepath.Join(home, ".config")
	}
	return filepath.Join(base, "voltdash", "config.toml")
}

var lineOf = regexp.MustCompile(`line (\d+)`)

// Load reads the file at path. A missing file is not an error: it is an
// empty configuration with Found false.
func Load(path string) (*File, error) {
	f := &File{Path: path}
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, &Error{Path: path, Problem: err.Error()}
	}
	f.Found, f.Mode = true, info.Mode().Perm()
	md, err := toml.DecodeFile(path, f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line := pe.Position.Line
			if strings.Contains(pe.Message, `got '\n'`) && line > 1 {
				line-- // the parser noticed at the newline: the mistake ends the line before
			}
			return nil, &Error{Path: path, Line: line, Problem: model.RedactKeys(pe.Message)}
		}
		e := &Error{Path: path, Problem: model.RedactKeys(strings.TrimPrefix(err.Error(), "toml: "))}
		if m := lineOf.FindStringSubmatch(e.Problem); m != nil {
			fmt.Sscan(m[1], &e.Line)
			e.Problem = strings.TrimSpace(lineOf.ReplaceAllString(e.Problem, ""))
			e.Problem = strings.TrimPrefix(strings.TrimPrefix(e.Problem, ":"), " ")
		}
		e.Problem = plainTypeError(e.Problem)
		return nil, e
	}
	for _, k := range md.Undecoded() {
		f.Unknown = append(f.Unknown, k.String())
	}
	sort.Strings(f.Unknown)
	return f, nil
}

var typeError = regexp.MustCompile(`^\(last key "([^"]+)"\):\s*incompatible types: TOML value has type (\w+); destination has type (\w+)`)

// plainTypeError says "unit: expected text in quotes, found a number"
// instead of the decoder's Go types.
func plainTypeError(problem string) string {
	m := typeError.FindStringSubmatch(problem)
	if m == nil {
		return problem
	}
	words := func(t string) string {
		switch {
		case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "float"):
			return "a number"
		case t == "bool":
			return "true or false"
		case t == "string":
			return "text in quotes"
		case strings.HasPrefix(t, "map"):
			return "a [table]"
		}
		return t
	}
	return fmt.Sprintf("%s: expected %s, found %s", m[1], words(m[3]), words(m[2]))
}

// ProfileNames lists the profiles, sorted.
func (f *File) ProfileNames() []string {
	names := make([]string, 0, len(f.Profiles))
	for n := range f.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// readableByOthers reports a file mode that lets someone else read it.
func readableByOthers(m fs.FileMode) bool { return m&0o077 != 0 }

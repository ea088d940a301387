package config

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os/exec"
	"strings"
	"time"

	"github.com/voltdash/voltdash/model"
)

// Overrides are what the command line says; empty means "not given".
type Overrides struct {
	Profile, BaseURL, Organization, Environment string
	APIKeyEnv                                   string // read the key from this variable
	Unit, Theme                                 string
	Refresh                                     time.Duration
	WebhookURL, WebhookListen                   string
	PriceURL                                    string
}

// Settings are what voltdash runs with, each from the strongest source
// that set it.
type Settings struct {
	Profile                            string
	BaseURL, Organization, Environment string
	KeySource                          string // where the key came from, in words; never the key
	Unit                               model.Unit
	Theme                              string
	Refresh                            time.Duration
	// WebhookURL is where Voltage posts payment events, and WebhookListen
	// the local address that receives them; both empty: no push (the demo
	// pushes to itself regardless).
	WebhookURL, WebhookListen string
	// PriceURL is the price service's base URL; empty: no prices (off).
	PriceURL string
	Notify   Notifications
	Warnings []string
	Path     string
	key      *secret // a pointer, so printing Settings cannot show it
}

type secret struct{ value string }

func (*secret) String() string { return "[redacted]" }

// APIKey is the key to send. Keep it out of anything printed.
func (s Settings) APIKey() string {
	if s.key == nil {
		return ""
	}
	return s.key.value
}

// HasAccount reports whether settings name an account at all; with none,
// the dashboard runs its demo.
func (s Settings) HasAccount() bool { return s.APIKey() != "" }

// Env is what resolving needs from the outside world.
type Env struct {
	Getenv func(string) string
	// Run runs an api_key_command and returns its output; nil runs it with
	// sh -c.
	Run func(ctx context.Context, command string) (string, error)
	// CommandTimeout bounds an api_key_command; default 20 s, time for a
	// passphrase to be typed.
	CommandTimeout time.Duration
}

// pipesGrace is how long the output of an api_key_command that has exited
// is waited for: a helper it started in the background (an agent) can hold
// the output open for as long as it lives.
const pipesGrace = 500 * time.Millisecond

func (e Env) run(command string) (string, error) {
	timeout := e.CommandTimeout
	if timeout <= 0 {
		timeout = 20 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if e.Run != nil {
		return e.Run(ctx, command)
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.WaitDelay = pipesGrace
	out, err := cmd.Output()
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return "", fmt.Errorf("it did not finish within %v", timeout)
	case errors.Is(err, exec.ErrWaitDelay):
		return string(out), nil // it exited 0; what stays behind holds only the pipe
	case errors.As(err, &ee) && len(ee.Stderr) > 0:
		first, _, _ := strings.Cut(strings.TrimSpace(string(ee.Stderr)), "\n")
		return "", fmt.Errorf("%w: %s", err, model.RedactKeys(first))
	}
	return string(out), err
}

// firstLine is the key in a command's output: its first line that is not
// blank, as password managers print the secret first and notes after it.
func firstLine(out string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(out), "\n")
	return strings.TrimSpace(line)
}

// ProblemError is a setting that cannot work, in one sentence with the fix.
type ProblemError struct{ Sentence string }

func (e *ProblemError) Error() string { return e.Sentence }

func problem(format string, args ...any) error {
	return &ProblemError{Sentence: model.RedactKeys(fmt.Sprintf(format, args...))}
}

// first returns the first non-empty value and the name of its source.
func first(pairs ...string) (value, source string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] != "" {
			return pairs[i], pairs[i+1]
		}
	}
	return "", ""
}

// Resolve combines the command line, the environment and the file.
func Resolve(f *File, o Overrides, env Env) (Settings, error) {
	get := env.Getenv
	s := Settings{Path: f.Path}
	for _, u := range f.Unknown {
		s.Warnings = append(s.Warnings, fmt.Sprintf("%s: unknown setting %q (a typo?)", f.Path, u))
	}
	name, _ := first(o.Profile, "flag", get("VOLTDASH_PROFILE"), "env", f.DefaultProfile, "file")
	if name == "" && len(f.Profiles) == 1 {
		name = f.ProfileNames()[0]
	}
	var p Profile
	if name != "" {
		var ok bool
		if p, ok = f.Profiles[name]; !ok {
			if !f.Found {
				return s, problem("there is no profile %q: %s does not exist (create it with voltdash config init)", name, f.Path)
			}
			return s, problem("there is no profile %q in %s (it has: %s)", name, f.Path, strings.Join(f.ProfileNames(), ", "))
		}
		s.Profile = name
	}
	for pname, prof := range f.Profiles {
		if prof.APIKey != "" && readableByOthers(f.Mode) {
			s.Warnings = append(s.Warnings, fmt.Sprintf("%s holds the API key of profile %s and others can read it (mode %04o): run chmod 600 %s",
				f.Path, pname, f.Mode, f.Path))
		}
	}
	s.Organization, _ = first(o.Organization, "flag", get("VOLTAGE_ORGANIZATION_ID"), "env", p.OrganizationID, "file")
	s.Environment, _ = first(o.Environment, "flag", get("VOLTAGE_ENVIRONMENT_ID"), "env", p.EnvironmentID, "file")
	s.BaseURL, _ = first(o.BaseURL, "flag", get("VOLTAGE_BASE_URL"), "env", p.BaseURL, "file")
	if err := s.resolveKey(f, p, o, env); err != nil {
		return s, err
	}
	if err := s.resolveWebhook(p, o, get, f.Path); err != nil {
		return s, err
	}
	if s.Profile != "" && s.HasAccount() {
		if s.Organization == "" {
			return s, problem("profile %s has no organization_id: add it to %s (it is in the Voltage dashboard)", s.Profile, f.Path)
		}
		if s.Environment == "" {
			return s, problem("profile %s has no environment_id: add it to %s (it is in the Voltage dashboard)", s.Profile, f.Path)
		}
	}
	if err := s.resolveDisplay(f, o, get); err != nil {
		return s, err
	}
	if err := s.resolvePrice(f, o, get); err != nil {
		return s, err
	}
	return s, s.resolveNotify(f)
}

// resolveKey finds the key: a variable named on the command line, then
// VOLTAGE_API_KEY, then the profile's one source.
func (s *Settings) resolveKey(f *File, p Profile, o Overrides, env Env) error {
	get, set := env.Getenv, func(key, source string) { s.key, s.KeySource = &secret{strings.TrimSpace(key)}, source }
	switch {
	case o.APIKeyEnv != "":
		if get(o.APIKeyEnv) == "" {
			return problem("--api-key-env names $%s, which is empty or unset", o.APIKeyEnv)
		}
		set(get(o.APIKeyEnv), "$"+o.APIKeyEnv)
		return nil
	case get("VOLTAGE_API_KEY") != "":
		set(get("VOLTAGE_API_KEY"), "$VOLTAGE_API_KEY")
		return nil
	case s.Profile == "":
		return nil
	}
	sources := 0
	for _, v := range []string{p.APIKeyEnv, p.APIKeyCommand, p.APIKey} {
		if v != "" {
			sources++
		}
	}
	switch {
	case sources == 0:
		return problem("profile %s has no API key: set api_key_env (or api_key_command) in %s", s.Profile, f.Path)
	case sources > 1:
		return problem("profile %s sets more than one of api_key_env, api_key_command and api_key: keep one", s.Profile)
	case p.APIKeyEnv != "":
		if get(p.APIKeyEnv) == "" {
			return problem("profile %s takes its API key from $%s, which is empty or unset: export it", s.Profile, p.APIKeyEnv)
		}
		set(get(p.APIKeyEnv), "$"+p.APIKeyEnv+" (profile "+s.Profile+")")
	case p.APIKeyCommand != "":
		out, err := env.run(p.APIKeyCommand)
		if err != nil {
			return problem("profile %s: api_key_command failed (%v): run it yourself to see why", s.Profile, err)
		}
		if firstLine(out) == "" {
			return problem("profile %s: api_key_command printed nothing", s.Profile)
		}
		set(firstLine(out), "api_key_command (profile "+s.Profile+")")
	default:
		if readableByOthers(f.Mode) {
			return problem("profile %s has its API key written in %s, which others can read (mode %04o): run chmod 600 %s, or use api_key_env",
				s.Profile, f.Path, f.Mode, f.Path)
		}
		set(p.APIKey, f.Path+" (profile "+s.Profile+")")
	}
	return nil
}

// resolveWebhook checks the push settings: an https URL (Voltage posts
// payment details to it) unless it is this machine, and a local address
// to listen on, which a loopback URL implies.
func (s *Settings) resolveWebhook(p Profile, o Overrides, get func(string) string, path string) error {
	var urlSrc, listenSrc string
	s.WebhookURL, urlSrc = first(o.WebhookURL, "--webhook-url", get("VOLTDASH_WEBHOOK_URL"), "$VOLTDASH_WEBHOOK_URL",
		p.WebhookURL, path+" (profile "+s.Profile+") webhook_url")
	s.WebhookListen, listenSrc = first(o.WebhookListen, "--webhook-listen", get("VOLTDASH_WEBHOOK_LISTEN"), "$VOLTDASH_WEBHOOK_LISTEN",
		p.WebhookListen, path+" (profile "+s.Profile+") webhook_listen")
	if s.WebhookURL == "" {
		if s.WebhookListen != "" {
			return problem("%s is set but no webhook_url says where Voltage should post: add the public https address that reaches it", listenSrc)
		}
		return nil
	}
	u, err := url.Parse(s.WebhookURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return problem("%s: %q is not an absolute https URL", urlSrc, s.WebhookURL)
	}
	loopback := model.IsLoopbackHost(u.Hostname())
	if u.Scheme == "http" && !loopback {
		return problem("%s: use https: Voltage posts payment details to it, and plain http is only for this machine", urlSrc)
	}
	if s.WebhookListen == "" {
		if !loopback || u.Port() == "" {
			return problem("%s needs webhook_listen: the local address your tunnel or proxy forwards it to, such as 127.0.0.1:8787", urlSrc)
		}
		s.WebhookListen = u.Host
		return nil
	}
	if _, port, err := net.SplitHostPort(s.WebhookListen); err != nil || port == "" {
		return problem("%s: %q is not an address like 127.0.0.1:8787", listenSrc, s.WebhookListen)
	}
	return nil
}

func (s *Settings) resolveDisplay(f *File, o Overrides, get func(string) string) error {
	unit, src := first(o.Unit, "--unit", get("VOLTDASH_UNIT"), "$VOLTDASH_UNIT", f.Display.Unit, f.Path+" [display] unit")
	u, err := model.ParseUnit(unit)
	if err != nil {
		return problem("%s: %v", src, err)
	}
	s.Unit = u
	theme, src := first(o.Theme, "--theme", get("VOLTDASH_THEME"), "$VOLTDASH_THEME", f.Display.Theme, f.Path+" [display] theme", "auto", "")
	switch theme {
	case "auto", "dark", "light":
		s.Theme = theme
	default:
		return problem("%s: theme %q: use auto, dark or light", src, theme)
	}
	s.Refresh = model.DefaultRefresh
	switch {
	case o.Refresh != 0:
		s.Refresh, src = o.Refresh, "--refresh"
	case get("VOLTDASH_REFRESH") != "":
		if s.Refresh, err = time.ParseDuration(get("VOLTDASH_REFRESH")); err != nil {
			return problem("$VOLTDASH_REFRESH: %q is not a duration like 10s", get("VOLTDASH_REFRESH"))
		}
		src = "$VOLTDASH_REFRESH"
	case f.Display.Refresh.Duration != 0:
		s.Refresh, src = f.Display.Refresh.Duration, f.Path+" [display] refresh"
	}
	if s.Refresh < time.Second {
		return problem("%s: refresh every %v is too often: use 1s or more", src, s.Refresh)
	}
	return nil
}

// DefaultPriceURL is Voltage's public price service.
const DefaultPriceURL = "https://coinprice.voltage.cloud"

// DefaultHookTimeout is how long an on_payment command may run.
const DefaultHookTimeout = 10 * time.Second

// Notifications are the resolved [notify] settings.
type Notifications struct {
	Toast, Desktop, Bell bool
	OnPayment            string
	OnPaymentTimeout     time.Duration
}

// DefaultNotifications is every nudge on and no hook.
var DefaultNotifications = Notifications{Toast: true, Desktop: true, Bell: true, OnPaymentTimeout: DefaultHookTimeout}

func (s *Settings) resolvePrice(f *File, o Overrides, get func(string) string) error {
	raw, src := first(o.PriceURL, "--price-url", get("VOLTDASH_PRICE_URL"), "$VOLTDASH_PRICE_URL",
		f.Display.PriceURL, f.Path+" [display] price_url", DefaultPriceURL, "")
	if strings.EqualFold(raw, "off") {
		s.PriceURL = ""
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.RawQuery != "" || u.User != nil {
		return problem("%s: %q is not an https URL like %s (or off)", src, raw, DefaultPriceURL)
	}
	if u.Scheme == "http" && !model.IsLoopbackHost(u.Hostname()) {
		return problem("%s: use https: plain http is only for this machine", src)
	}
	s.PriceURL = strings.TrimSuffix(raw, "/")
	return nil
}

func (s *Settings) resolveNotify(f *File) error {
	n, on := DefaultNotifications, func(b *bool) bool { return b == nil || *b }
	n.Toast, n.Desktop, n.Bell = on(f.Notify.Toast), on(f.Notify.Desktop), on(f.Notify.Bell)
	n.OnPayment = strings.TrimSpace(f.Notify.OnPayment)
	if d := f.Notify.OnPaymentTimeout.Duration; d != 0 {
		if d < 100*time.Millisecond || d > 10*time.Minute {
			return problem("%s [notify] on_payment_timeout: %v: use between 100ms and 10m", f.Path, d)
		}
		n.OnPaymentTimeout = d
	}
	s.Notify = n
	return nil
}

// OnDemo is the running demo's account with the display settings (unit,
// theme, refresh, price service, notifications) resolved from the
// command line, the environment and the file, as they are for an account.
// The demo's own price service stays unless one was given: the demo's
// world has its own price, but a user can still turn prices off or point
// at a service of their own.
func OnDemo(demo Settings, f *File, o Overrides, env Env) (Settings, error) {
	get := env.Getenv
	s := demo
	if err := s.resolveDisplay(f, o, get); err != nil {
		return demo, err
	}
	own := demo.PriceURL
	if err := s.resolvePrice(f, o, get); err != nil {
		return demo, err
	}
	if s.PriceURL == DefaultPriceURL {
		s.PriceURL = own
	}
	return s, s.resolveNotify(f)
}

// ForAccount is settings for an account known some other way (the running
// demo), with the default display.
func ForAccount(baseURL, key, organization, environment, keySource string) Settings {
	return Settings{BaseURL: baseURL, Organization: organization, Environment: environment, KeySource: keySource,
		key: &secret{key}, Theme: "auto", Refresh: model.DefaultRefresh, Notify: DefaultNotifications}
}

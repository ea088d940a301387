package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

const (
	orgA, envA = "5a1f0e3c-7b2d-4c8e-9f6a-1b2c3d4e5f60", "c41d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f22"
	orgB, envB = "0b1f0e3c-7b2d-4c8e-9f6a-1b2c3d4e5f61", "0c1d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f23"
	secretKey  = "vltg_TopSecretKeyNobodyMaySee42"
)

func write(t *testing.T, body string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "voltdash", "config.toml")
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.WriteFile(path, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, mode)
	return path
}

func envOf(vars map[string]string) Env {
	return Env{Getenv: func(k string) string { return vars[k] },
		Run: func(_ context.Context, cmd string) (string, error) {
			if cmd == "pass show voltage" {
				return secretKey + "\n", nil
			}
			return "", errors.New("exit status 1: no such entry " + secretKey)
		}}
}

const twoProfiles = `
default_profile = "staging"
[display]
unit = "btc"
refresh = "30s"
[profiles.staging]
organization_id = "` + orgA + `"
environment_id = "` + envA + `"
api_key_env = "STAGING_KEY"
[profiles.production]
organization_id = "` + orgB + `"
environment_id = "` + envB + `"
base_url = "https://voltageapi.com/v1"
api_key_command = "pass show voltage"
`

func resolve(t *testing.T, path string, o Overrides, vars map[string]string) (Settings, error) {
	t.Helper()
	f, err := Load(path)
	if err != nil {
		return Settings{}, err
	}
	return Resolve(f, o, envOf(vars))
}

func TestPrecedenceFlagsThenEnvironmentThenFile(t *testing.T) {
	path := write(t, twoProfiles, 0o600)
	s, err := resolve(t, path, Overrides{}, map[string]string{"STAGING_KEY": "vltg_staging"})
	if err != nil || s.Profile != "staging" || s.Organization != orgA || s.APIKey() != "vltg_staging" ||
		s.KeySource != "$STAGING_KEY (profile staging)" || s.Unit != model.UnitBTC || s.Refresh != 30*time.Second {
		t.Fatalf("file: %+v %v", s, err)
	}
	s, _ = resolve(t, path, Overrides{}, map[string]string{"STAGING_KEY": "vltg_staging",
		"VOLTAGE_ORGANIZATION_ID": orgB, "VOLTAGE_API_KEY": "vltg_env", "VOLTDASH_UNIT": "sats", "VOLTDASH_REFRESH": "5s"})
	if s.Organization != orgB || s.APIKey() != "vltg_env" || s.KeySource != "$VOLTAGE_API_KEY" || s.Unit != model.UnitSats || s.Refresh != 5*time.Second {
		t.Errorf("environment over file: %+v", s)
	}
	s, _ = resolve(t, path, Overrides{Organization: orgA, APIKeyEnv: "OTHER", Unit: "btc", Refresh: 2 * time.Second},
		map[string]string{"VOLTAGE_ORGANIZATION_ID": orgB, "VOLTAGE_API_KEY": "vltg_env", "OTHER": "vltg_flag", "VOLTDASH_UNIT": "sats"})
	if s.Organization != orgA || s.APIKey() != "vltg_flag" || s.Unit != model.UnitBTC || s.Refresh != 2*time.Second {
		t.Errorf("flags over environment: %+v", s)
	}
}

func TestProfiles(t *testing.T) {
	path := write(t, twoProfiles, 0o600)
	s, err := resolve(t, path, Overrides{Profile: "production"}, nil)
	if err != nil || s.Profile != "production" || s.Environment != envB || s.APIKey() != secretKey ||
		s.KeySource != "api_key_command (profile production)" || s.BaseURL != "https://voltageapi.com/v1" {
		t.Errorf("--profile production: %+v %v", s, err)
	}
	if s, _ := resolve(t, path, Overrides{}, map[string]string{"VOLTDASH_PROFILE": "production"}); s.Profile != "production" {
		t.Errorf("VOLTDASH_PROFILE: %q", s.Profile)
	}
	_, err = resolve(t, path, Overrides{Profile: "prod"}, nil)
	if err == nil || err.Error() != `there is no profile "prod" in `+path+` (it has: production, staging)` {
		t.Errorf("unknown profile: %v", err)
	}
	// With no file and no key there is no account: the dashboard's demo.
	s, err = resolve(t, filepath.Join(t.TempDir(), "none.toml"), Overrides{}, nil)
	if err != nil || s.HasAccount() || s.Profile != "" {
		t.Errorf("nothing configured: %+v %v", s, err)
	}
	// A single profile needs no default.
	one := write(t, `[profiles.only]
organization_id = "`+orgA+`"
environment_id = "`+envA+`"
api_key_env = "K"`, 0o600)
	if s, err := resolve(t, one, Overrides{}, map[string]string{"K": "vltg_x"}); err != nil || s.Profile != "only" {
		t.Errorf("single profile: %+v %v", s, err)
	}
}

func TestProblemsAreOneSentenceWithTheFix(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		mode       os.FileMode
		vars       map[string]string
		want       string
	}{
		{"key variable unset", twoProfiles, 0o600, nil,
			"profile staging takes its API key from $STAGING_KEY, which is empty or unset: export it"},
		{"inline key readable by others", "[profiles.p]\norganization_id = \"" + orgA + "\"\nenvironment_id = \"" + envA + "\"\napi_key = \"" + secretKey + "\"\n",
			0o644, nil, "profile p has its API key written in PATH, which others can read (mode 0644): run chmod 600 PATH, or use api_key_env"},
		{"two key sources", "[profiles.p]\napi_key_env = \"A\"\napi_key = \"" + secretKey + "\"\n", 0o600, nil,
			"profile p sets more than one of api_key_env, api_key_command and api_key: keep one"},
		{"no key", "[profiles.p]\norganization_id = \"" + orgA + "\"\n", 0o600, nil,
			"profile p has no API key: set api_key_env (or api_key_command) in PATH"},
		{"no organization", "[profiles.p]\napi_key_env = \"K\"\nenvironment_id = \"" + envA + "\"\n", 0o600, map[string]string{"K": "vltg_k"},
			"profile p has no organization_id: add it to PATH (it is in the Voltage dashboard)"},
		{"failing command", "[profiles.p]\napi_key_command = \"false\"\n", 0o600, nil,
			"profile p: api_key_command failed (exit status 1: no such entry vltg_[redacted]): run it yourself to see why"},
		{"bad unit", "[display]\nunit = \"euros\"\n", 0o600, nil, `PATH [display] unit: unknown unit "euros": use sats, btc or usd`},
		{"bad theme", "[display]\ntheme = \"pink\"\n", 0o600, nil, `PATH [display] theme: theme "pink": use auto, dark or light`},
		{"too frequent", "[display]\nrefresh = \"100ms\"\n", 0o600, nil, "PATH [display] refresh: refresh every 100ms is too often: use 1s or more"},
		{"webhook over plain http", webhookProfile(`webhook_url = "http://hooks.example.org/v"`), 0o600, map[string]string{"K": "vltg_k"},
			"PATH (profile p) webhook_url: use https: Voltage posts payment details to it, and plain http is only for this machine"},
		{"webhook without a listener", webhookProfile(`webhook_url = "https://hooks.example.org/v"`), 0o600, map[string]string{"K": "vltg_k"},
			"PATH (profile p) webhook_url needs webhook_listen: the local address your tunnel or proxy forwards it to, such as 127.0.0.1:8787"},
		{"listener without a webhook", webhookProfile(`webhook_listen = "127.0.0.1:8787"`), 0o600, map[string]string{"K": "vltg_k"},
			"PATH (profile p) webhook_listen is set but no webhook_url says where Voltage should post: add the public https address that reaches it"},
		{"listener that is no address", webhookProfile("webhook_url = \"https://h.example.org/v\"\nwebhook_listen = \"8787\""), 0o600,
			map[string]string{"K": "vltg_k"}, `PATH (profile p) webhook_listen: "8787" is not an address like 127.0.0.1:8787`},
		{"webhook that is no URL", webhookProfile(`webhook_url = "hooks.example.org"`), 0o600, map[string]string{"K": "vltg_k"},
			`PATH (profile p) webhook_url: "hooks.example.org" is not an absolute https URL`},
	} {
		path := write(t, tt.body, tt.mode)
		_, err := resolve(t, path, Overrides{}, tt.vars)
		want := strings.ReplaceAll(tt.want, "PATH", path)
		if err == nil || err.Error() != want {
			t.Errorf("%s:\n got %v\nwant %s", tt.name, err, want)
		}
		if err != nil && strings.Contains(err.Error(), secretKey) {
			t.Errorf("%s: the key is in the error", tt.name)
		}
	}
}

func TestMalformedFileIsReportedWithItsLine(t *testing.T) {
	for _, tt := range []struct {
		body string
		line int
	}{
		{"default_profile = \"x\"\n\n[profiles.p\nfoo = 1\n", 3},
		{"[display]\nunit = \"sats\"\nrefresh = 5\n", 3},
		{"[display]\nrefresh = \"soon\"\n", 2},
		{"a = 1\nb = \"unterminated\n", 2},
	} {
		path := write(t, tt.body, 0o600)
		_, err := Load(path)
		var e *Error
		if !errors.As(err, &e) || e.Line != tt.line || !strings.HasPrefix(err.Error(), fmt.Sprintf("%s line %d: ", path, tt.line)) {
			t.Errorf("%q: %v (line %d, want %d)", tt.body, err, lineOrZero(e), tt.line)
		}
	}
	path := write(t, "[profiles.p]\napi_keyenv = \"K\"\nwibble = 1\n", 0o600)
	f, err := Load(path)
	if err != nil || len(f.Unknown) != 2 || f.Unknown[0] != "profiles.p.api_keyenv" {
		t.Errorf("unknown settings: %v %v", f.Unknown, err)
	}
	s, _ := Resolve(f, Overrides{}, envOf(nil))
	if len(s.Warnings) != 2 || !strings.Contains(s.Warnings[0], `unknown setting "profiles.p.api_keyenv" (a typo?)`) {
		t.Errorf("warnings %v", s.Warnings)
	}
}

func lineOrZero(e *Error) int {
	if e == nil {
		return 0
	}
	return e.Line
}

func TestTheKeyIsNeverPrinted(t *testing.T) {
	path := write(t, strings.Replace(twoProfiles, `api_key_env = "STAGING_KEY"`, `api_key = "`+secretKey+`"`, 1), 0o600)
	s, err := resolve(t, path, Overrides{}, nil)
	if err != nil || s.APIKey() != secretKey {
		t.Fatalf("%+v %v", s, err)
	}
	for _, text := range []string{fmt.Sprint(s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s), s.KeySource} {
		if strings.Contains(text, secretKey) {
			t.Errorf("printed settings show the key: %s", text)
		}
	}
	os.Chmod(path, 0o640)
	if _, err := resolve(t, path, Overrides{}, nil); err == nil || strings.Contains(err.Error(), secretKey) {
		t.Errorf("refusal: %v", err)
	}
}

func TestTemplateIsPrivateValidAndNotOverwritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cfg", "voltdash", "config.toml")
	if err := WriteTemplate(path, false); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", info.Mode())
	}
	f, err := Load(path)
	if err != nil || len(f.Unknown) != 0 || f.Profiles["staging"].APIKeyEnv != "VOLTAGE_STAGING_KEY" {
		t.Errorf("template does not load cleanly: %+v %v", f, err)
	}
	if err := WriteTemplate(path, false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("overwrite without force: %v", err)
	}
	os.Chmod(path, 0o644)
	if err := WriteTemplate(path, true); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("forced rewrite left mode %v", info.Mode())
	}
	if got := DefaultPath(func(k string) string { return map[string]string{"XDG_CONFIG_HOME": "/x"}[k] }); got != "/x/voltdash/config.toml" {
		t.Errorf("default path %s", got)
	}
	if got := DefaultPath(func(k string) string { return map[string]string{"HOME": "/home/u"}[k] }); got != "/home/u/.config/voltdash/config.toml" {
		t.Errorf("default path %s", got)
	}
}

func webhookProfile(lines string) string {
	return "[profiles.p]\norganization_id = \"" + orgA + "\"\nenvironment_id = \"" + envA + "\"\napi_key_env = \"K\"\n" + lines + "\n"
}

func TestWebhookSettings(t *testing.T) {
	vars := map[string]string{"K": "vltg_k"}
	path := write(t, webhookProfile("webhook_url = \"https://hooks.example.org/v\"\nwebhook_listen = \"127.0.0.1:8787\""), 0o600)
	s, err := resolve(t, path, Overrides{}, vars)
	if err != nil || s.WebhookURL != "https://hooks.example.org/v" || s.WebhookListen != "127.0.0.1:8787" {
		t.Errorf("from the file: %q %q %v", s.WebhookURL, s.WebhookListen, err)
	}
	s, err = resolve(t, path, Overrides{WebhookURL: "http://127.0.0.1:9000/hook"}, vars)
	if err != nil || s.WebhookURL != "http://127.0.0.1:9000/hook" || s.WebhookListen != "127.0.0.1:8787" {
		t.Errorf("a flag wins: %q %q %v", s.WebhookURL, s.WebhookListen, err)
	}
	s, err = resolve(t, write(t, webhookProfile(""), 0o600), Overrides{}, map[string]string{"K": "vltg_k",
		"VOLTDASH_WEBHOOK_URL": "http://localhost:9001/hook"})
	if err != nil || s.WebhookListen != "localhost:9001" {
		t.Errorf("a URL on this machine is also where to listen: %q %v", s.WebhookListen, err)
	}
}

// TestAPIKeyCommandAsPeopleWriteThem runs real commands through sh: a
// password manager's output with notes after the secret, a command that
// leaves a helper running in the background (holding its output open),
// and one that never finishes.
func TestAPIKeyCommandAsPeopleWriteThem(t *testing.T) {
	helper := filepath.Join(t.TempDir(), "helper.pid")
	t.Cleanup(func() {
		if b, err := os.ReadFile(helper); err == nil {
			var pid int
			fmt.Sscan(string(b), &pid)
			if p, err := os.FindProcess(pid); err == nil && pid > 0 {
				p.Kill()
			}
		}
	})
	for _, tt := range []struct {
		name, command string
		timeout       time.Duration
		want          string // the key, or the error
	}{
		{"notes after the secret, as pass show prints", `printf '\n` + secretKey + `\nURL: https://voltage.cloud\nlogin: me\n'`,
			5 * time.Second, secretKey},
		{"a helper left in the background", `echo ` + secretKey + `; (sleep 60; echo late) & echo $! > ` + helper,
			5 * time.Second, secretKey},
		{"a command that never finishes", `sleep 60`, 300 * time.Millisecond,
			"profile p: api_key_command failed (it did not finish within 300ms): run it yourself to see why"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := write(t, "[profiles.p]\norganization_id = \""+orgA+"\"\nenvironment_id = \""+envA+"\"\napi_key_command = \""+
				strings.ReplaceAll(strings.ReplaceAll(tt.command, `\`, `\\`), `"`, `\"`)+"\"\n", 0o600)
			f, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			started := time.Now()
			s, err := Resolve(f, Overrides{}, Env{Getenv: func(string) string { return "" }, CommandTimeout: tt.timeout})
			// Not a speed target: the bound tells a hang (a minute) from an answer.
			if took := time.Since(started); took > 15*time.Second {
				t.Errorf("took %v", took)
			}
			switch {
			case strings.HasPrefix(tt.want, "profile"):
				if err == nil || err.Error() != tt.want {
					t.Errorf("got %v, want %s", err, tt.want)
				}
			case err != nil || s.APIKey() != tt.want:
				t.Errorf("key %q, err %v", s.APIKey(), err)
			}
		})
	}
}

func TestTheDemoKeepsItsPriceUnlessOneIsGiven(t *testing.T) {
	demo := ForAccount("http://127.0.0.1:9/v1", "vltg_x", "o", "e", "the running demo")
	demo.PriceURL = "http://127.0.0.1:9"
	env := func(vars map[string]string) Env { return Env{Getenv: func(k string) string { return vars[k] }} }
	for _, tt := range []struct {
		name string
		o    Overrides
		env  map[string]string
		want string
	}{
		{"nothing given", Overrides{}, nil, "http://127.0.0.1:9"},
		{"off on the command line", Overrides{PriceURL: "off"}, nil, ""},
		{"off in the environment", Overrides{}, map[string]string{"VOLTDASH_PRICE_URL": "off"}, ""},
		{"another service", Overrides{PriceURL: "http://127.0.0.1:7"}, nil, "http://127.0.0.1:7"},
	} {
		s, err := OnDemo(demo, &File{Path: "config.toml"}, tt.o, env(tt.env))
		if err != nil || s.PriceURL != tt.want || s.APIKey() != "vltg_x" {
			t.Errorf("%s: price %q, err %v", tt.name, s.PriceURL, err)
		}
	}
	s, err := OnDemo(demo, &File{Path: "config.toml"}, Overrides{Unit: "usd"}, env(nil))
	if err != nil || s.Unit != model.UnitUSD {
		t.Errorf("--unit with --demo: %v, %v", s.Unit, err)
	}
}

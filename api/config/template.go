package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Template is what voltdash config init writes: every setting, explained.
const Template = `# voltdash configuration.
#
# Profiles name Voltage accounts; choose one with --profile NAME or
# VOLTDASH_PROFILE, else default_profile is used. Flags win over
# environment variables (VOLTAGE_API_KEY, VOLTAGE_ORGANIZATION_ID,
# VOLTAGE_ENVIRONMENT_ID, VOLTAGE_BASE_URL, VOLTDASH_*), which win over
# this file. Check it with: voltdash config check

default_profile = "staging"

[display]
unit = "sats"      # sats, btc or usd (u cycles them in the dashboard)
theme = "auto"     # auto follows the terminal; dark or light force one
refresh = "10s"    # how often balances and history refresh
# price_url = "https://coinprice.voltage.cloud"   # BTCUSD quotes for dollars; "off" for none

[notify]
# When money arrives: a line in the status bar, a desktop notification
# (terminals that pass OSC 9 or OSC 777 on; tmux with allow-passthrough),
# else the bell. Each can be turned off.
toast = true
desktop = true
bell = true
# A command run with the payment's JSON on stdin whenever a payment is
# final (received, sent or failed), for at most on_payment_timeout:
# on_payment = "notify-send voltdash \"$(jq -r .status)\""
# on_payment = "paplay /usr/share/sounds/freedesktop/stereo/complete.oga"
# on_payment = "curl -s -H 'Content-Type: application/json' -d @- https://chat.example.org/hook"
# on_payment_timeout = "10s"

[profiles.staging]
# Both ids are on the Voltage dashboard.
organization_id = "PASTE-YOUR-ORGANIZATION-ID"
environment_id = "PASTE-YOUR-ENVIRONMENT-ID"
# base_url = "https://voltageapi.com/v1"
#
# The API key comes from exactly one of these:
api_key_env = "VOLTAGE_STAGING_KEY"                 # a variable that holds it
# api_key_command = "pass show voltage/staging"     # a command that prints it
# api_key = "vltg_..."                              # only if this file is yours alone (chmod 600)
#
# Push (optional): Voltage posts payment events to webhook_url, which your
# tunnel or proxy forwards to webhook_listen here; the dashboard then
# updates the moment a payment changes, and polls only as a fallback.
# webhook_url = "https://hooks.example.org/voltdash"
# webhook_listen = "127.0.0.1:8787"

# [profiles.production]
# organization_id = "..."
# environment_id = "..."
# api_key_env = "VOLTAGE_PRODUCTION_KEY"
`

// WriteTemplate writes Template to path, readable by its owner only. It
// refuses to replace a file unless force is set.
func WriteTemplate(path string, force bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: edit it, or add --force to replace it with the template", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(Template); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o600); err != nil { // a replaced file keeps its old mode otherwise
		f.Close()
		return err
	}
	return f.Close()
}

package model

import (
	"fmt"
	"net/url"
	"strings"
)

// WebhookProblems are what is wrong with a webhook as typed, by field.
type WebhookProblems struct{ URL, Name, Events string }

// OK reports no problem.
func (p WebhookProblems) OK() bool { return p == WebhookProblems{} }

// ParseWebhookEvents reads events as people type them: "all", or a comma-
// separated list such as receive.completed,send.failed, each one the
// spec's EventTypes list names.
func ParseWebhookEvents(s string) (WebhookEvents, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "all" {
		return AllPaymentEvents, nil
	}
	var out WebhookEvents
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		typ, ev, ok := strings.Cut(part, ".")
		if !ok || !AllPaymentEvents.Has(typ, ev) {
			return nil, fmt.Errorf("%q is not an event: use all, or some of %s", part, AllPaymentEvents.String())
		}
		if !out.Has(typ, ev) {
			out = append(out, WebhookEvent{typ, ev})
		}
	}
	return out, nil
}

// String lists the events as they are typed.
func (es WebhookEvents) String() string {
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.String()
	}
	return strings.Join(names, ",")
}

// CheckWebhookURL says what is wrong with a webhook's address: Voltage
// posts payments there, so it must be https, except to this machine.
func CheckWebhookURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case raw == "":
		return "give the https address deliveries go to"
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return fmt.Sprintf("%q is not an address such as https://example.com/hooks", CleanText(raw))
	case u.Scheme == "http" && !IsLoopbackHost(u.Hostname()):
		return "use https: payment events are not sent in the clear (http only to this machine)"
	case u.User != nil:
		return "leave credentials out of the address; deliveries are signed instead"
	}
	return ""
}

// PlanWebhook checks a new webhook as typed, the screen's form and
// `webhooks create` alike, and builds the request under a fresh id.
func PlanWebhook(rawURL, name, events string) (NewWebhookRequest, WebhookProblems) {
	var bad WebhookProblems
	bad.URL = CheckWebhookURL(rawURL)
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		name = "voltdash " + hostOf(rawURL)
	case CleanText(name) != name:
		bad.Name = "a name cannot hold control or invisible characters"
	}
	es, err := ParseWebhookEvents(events)
	if err != nil {
		bad.Events = err.Error()
	}
	return NewWebhookRequest{ID: NewID(), URL: strings.TrimSpace(rawURL), Name: name, Events: es}, bad
}

func hostOf(raw string) string {
	if u, err := url.Parse(strings.TrimSpace(raw)); err == nil && u.Host != "" {
		return u.Host
	}
	return "webhook"
}

// ShownSecret is a signing secret as it may be printed: CleanText would
// redact it (it reads as a key), so it is shown only when every character
// is printable ASCII, as Voltage's secrets are; ok false for anything else,
// which is refused rather than printed.
func ShownSecret(s string) (shown string, ok bool) {
	if s == "" || !printableASCII(s) || strings.ContainsAny(s, " \t") {
		return "", false
	}
	return s, true
}

package model

import (
	"strings"
	"testing"
	"time"
)

func TestPlanWebhookRefusesAtTheField(t *testing.T) {
	for _, tt := range []struct {
		url, name, events string
		want              WebhookProblems
	}{
		{"https://shop.example/hooks", "", "all", WebhookProblems{}},
		{"http://127.0.0.1:8787/", "local", "receive.completed, send.failed", WebhookProblems{}},
		{"http://shop.example/hooks", "", "", WebhookProblems{URL: "use https"}},
		{"", "", "", WebhookProblems{URL: "give the https address"}},
		{"shop.example", "", "", WebhookProblems{URL: "is not an address"}},
		{"https://user:pw@shop.example/", "", "", WebhookProblems{URL: "credentials"}},
		{"https://shop.example/", "x\x1b[2J", "", WebhookProblems{Name: "control"}},
		{"https://shop.example/", "", "receive.paid", WebhookProblems{Events: `"receive.paid" is not an event`}},
	} {
		req, bad := PlanWebhook(tt.url, tt.name, tt.events)
		for _, f := range []struct{ got, want string }{{bad.URL, tt.want.URL}, {bad.Name, tt.want.Name}, {bad.Events, tt.want.Events}} {
			if (f.got == "") != (f.want == "") || !strings.Contains(f.got, f.want) {
				t.Errorf("%+v: %+v", tt, bad)
			}
		}
		if bad.OK() && (req.Name == "" || len(req.Events) == 0 || !validUUID(req.ID)) {
			t.Errorf("%+v: request %+v", tt, req)
		}
	}
	if es, _ := ParseWebhookEvents("receive.completed,receive.completed"); len(es) != 1 {
		t.Errorf("a repeated event is kept twice: %v", es)
	}
}

func TestASecretIsShownOnlyWhenItIsPlainText(t *testing.T) {
	for _, tt := range []struct {
		secret string
		ok     bool
	}{{"vltg_abc123-XYZ", true}, {"vltg_\x1b]52;c;aGk=\x07", false}, {"vltg_\u202egood", false}, {"", false}, {"two words", false}} {
		if shown, ok := ShownSecret(tt.secret); ok != tt.ok || (ok && shown != tt.secret) {
			t.Errorf("ShownSecret(%q) = %q %v", tt.secret, shown, ok)
		}
	}
}

func TestFindLineForDrawingAndForChanging(t *testing.T) {
	off := time.Now()
	lines := []LineOfCredit{{ID: "7df75323-84f1-4699-97da-776380a0aa81", DisabledAt: &off}}
	if _, bad := FindLine("", lines, true); !strings.Contains(bad, "no line of credit") {
		t.Errorf("drawing on a disabled line: %q", bad)
	}
	if l, bad := FindLine("7df75323", lines, false); bad != "" || l.ID != lines[0].ID {
		t.Errorf("changing a disabled line by its prefix: %q", bad)
	}
}

package model

import (
	"errors"
	"testing"
	"time"
)

func TestWebhookSignatures(t *testing.T) {
	body := []byte(`{"type":"test","detail":{"event":"created","data":"hi"}}`)
	now := time.Unix(1746615700, 0)
	ts := "1746615700"
	sig := SignWebhook("vltg_new", body, ts)
	if len(sig) != 44 {
		t.Errorf("signature %q should be 44 base64 characters", sig)
	}
	if err := VerifyWebhook([]string{"vltg_old", "vltg_new"}, body, ts, sig, now, 5*time.Minute); err != nil {
		t.Errorf("rotation overlap: %v", err)
	}
	tampered := append([]byte(nil), body...)
	tampered[10] = 'X'
	for name, err := range map[string]error{
		"tampered body": VerifyWebhook([]string{"vltg_new"}, tampered, ts, sig, now, 5*time.Minute),
		"wrong secret":  VerifyWebhook([]string{"vltg_old"}, body, ts, sig, now, 5*time.Minute),
		"replayed":      VerifyWebhook([]string{"vltg_new"}, body, ts, sig, now.Add(6*time.Minute), 5*time.Minute),
		"resigned ts":   VerifyWebhook([]string{"vltg_new"}, body, "1746615701", sig, now, 5*time.Minute),
	} {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := VerifyWebhook([]string{"vltg_new"}, body, ts, sig, now.Add(-6*time.Minute), 5*time.Minute); !errors.Is(err, ErrWebhookStale) {
		t.Errorf("future timestamp: %v", err)
	}
}

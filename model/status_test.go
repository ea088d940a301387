package model

import "testing"

func TestTransitions(t *testing.T) {
	tests := []struct {
		d        Direction
		from, to Status
		ok       bool
	}{
		{Send, StatusSending, StatusApproved, true},
		{Send, StatusSending, StatusCompleted, true}, // approved may be skipped or missed
		{Send, StatusApproved, StatusFailed, true},
		{Send, StatusCompleted, StatusCompleted, true},
		{Send, StatusCompleted, StatusFailed, false},
		{Send, StatusApproved, StatusSending, false}, // a stale answer must not go back
		{Send, StatusSending, StatusReceiving, false},
		{Receive, StatusApproved, StatusGenerating, true},
		{Receive, StatusGenerating, StatusReceiving, true},
		{Receive, StatusGenerating, StatusCompleted, true}, // receiving missed between polls
		{Receive, StatusReceiving, StatusExpired, true},
		{Receive, StatusExpired, StatusCompleted, false},
		{Receive, StatusReceiving, StatusGenerating, false},
		{Receive, StatusReceiving, StatusSending, false},
		{Receive, StatusReceiving, "mystery", true},  // unknown news is kept while pending
		{Receive, StatusCompleted, "mystery", false}, // but never undoes a final state
		{Send, "mystery", StatusCompleted, true},
	}
	for _, tt := range tests {
		if got := CanTransition(tt.d, tt.from, tt.to); got != tt.ok {
			t.Errorf("CanTransition(%s, %s → %s) = %v, want %v", tt.d, tt.from, tt.to, got, tt.ok)
		}
	}
}

func TestStatusClasses(t *testing.T) {
	for _, tt := range []struct {
		s                       Status
		final, success, known   bool
		validSend, validReceive bool
	}{
		{StatusSending, false, false, true, true, false},
		{StatusApproved, false, false, true, true, true},
		{StatusGenerating, false, false, true, false, true},
		{StatusReceiving, false, false, true, false, true},
		{StatusCompleted, true, true, true, true, true},
		{StatusFailed, true, false, true, true, true},
		{StatusExpired, true, false, true, false, true},
		{"succeeded", false, false, false, false, false}, // webhook doc typo, not a status
		{"", false, false, false, false, false},
	} {
		if tt.s.IsFinal() != tt.final || tt.s.Succeeded() != tt.success || tt.s.Known() != tt.known ||
			tt.s.Valid(Send) != tt.validSend || tt.s.Valid(Receive) != tt.validReceive {
			t.Errorf("%q: final %v success %v known %v send %v receive %v", tt.s,
				tt.s.IsFinal(), tt.s.Succeeded(), tt.s.Known(), tt.s.Valid(Send), tt.s.Valid(Receive))
		}
	}
}

package model

import (
	"strings"
	"testing"
	"time"
)

func TestPlanWalletRefusesAtTheField(t *testing.T) {
	line := LineOfCredit{ID: "7df75323-84f1-4699-97da-776380a0aa81", Network: Mutinynet, Limit: Sats(1_000_000), AllocatedLimit: Sats(400_000)}
	off := time.Now()
	other := LineOfCredit{ID: "9e0c8b1a-2f3d-4c5e-8a7b-6d5c4b3a2f10", Network: Mutinynet, Limit: Sats(5), DisabledAt: &off}
	existing := []Wallet{{ID: "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10", Name: "Till"}}
	env := "c41d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f22"
	for _, tt := range []struct {
		d     WalletDraft
		lines []LineOfCredit
		want  WalletProblems // substrings
		limit MilliSats
	}{
		{WalletDraft{Name: "Float"}, []LineOfCredit{line, other}, WalletProblems{}, Sats(600_000)},
		{WalletDraft{Name: "Float", Limit: "250k"}, []LineOfCredit{line}, WalletProblems{}, Sats(250_000)},
		{WalletDraft{Name: "Fl"}, []LineOfCredit{line}, WalletProblems{Name: "at least 3"}, Sats(600_000)},
		{WalletDraft{Name: "till "}, []LineOfCredit{line}, WalletProblems{Name: `already called "Till"`}, Sats(600_000)},
		{WalletDraft{Name: "Float", Limit: "600,001"}, []LineOfCredit{line}, WalletProblems{Limit: "600,000 sats free"}, 0},
		{WalletDraft{Name: "Float", Limit: "lots"}, []LineOfCredit{line}, WalletProblems{Limit: "lots"}, 0},
		{WalletDraft{Name: "Float"}, nil, WalletProblems{Line: "no line of credit"}, 0},
		{WalletDraft{Name: "Float", Line: other.ID}, []LineOfCredit{line, other}, WalletProblems{Line: "disabled"}, 0},
		{WalletDraft{Name: "Float", Line: "nope"}, []LineOfCredit{line}, WalletProblems{Line: `no line of credit "nope"`}, 0},
		{WalletDraft{Name: "Float", Metadata: []string{"team"}}, []LineOfCredit{line}, WalletProblems{Metadata: "key=value"}, Sats(600_000)},
	} {
		req, bad := PlanWallet(tt.d, env, tt.lines, existing)
		for _, f := range []struct{ got, want string }{{bad.Name, tt.want.Name}, {bad.Line, tt.want.Line}, {bad.Limit, tt.want.Limit}, {bad.Metadata, tt.want.Metadata}} {
			if (f.got == "") != (f.want == "") || !strings.Contains(f.got, f.want) {
				t.Errorf("%+v: problems %+v, want %+v", tt.d, bad, tt.want)
				break
			}
		}
		if bad.OK() {
			if err := req.Validate(); err != nil || req.Limit != tt.limit || req.Network != "mutinynet" || req.LineOfCreditID != line.ID {
				t.Errorf("%+v: request %+v (%v)", tt.d, req, err)
			}
		}
	}
}

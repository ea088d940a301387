package model

import (
	"fmt"
	"strings"
)

// WalletProblems are what is wrong with a new wallet or a new name, by the
// field it was typed in; empty fields are fine.
type WalletProblems struct{ Name, Line, Limit, Metadata string }

// OK reports no problem at all.
func (p WalletProblems) OK() bool { return p == WalletProblems{} }

// WalletDraft is a new wallet as a person filled it in, before it is
// checked: the line of credit by id (empty: the only one there is), the
// credit limit as typed (empty: all the free credit), metadata as
// key=value pairs.
type WalletDraft struct {
	Name     string
	Line     string
	Limit    string
	Metadata []string
}

// PlanWallet checks a draft against the environment's lines of credit and
// wallets, the dashboard's form and `wallet create` alike, and builds the
// create_wallet request under a fresh id. Nothing is asked of the API:
// each refusal is decided before a request could be made.
func PlanWallet(d WalletDraft, env string, lines []LineOfCredit, wallets []Wallet) (NewWalletRequest, WalletProblems) {
	var bad WalletProblems
	name := strings.TrimSpace(d.Name)
	bad.Name = NameProblem(name, "", wallets)
	line, lineBad := FindLine(d.Line, lines, true)
	bad.Line = lineBad
	var limit MilliSats
	switch text := strings.TrimSpace(d.Limit); {
	case lineBad != "":
	case text == "":
		limit = max(line.Unallocated(), 0)
	default:
		var err error
		if limit, err = ParseMilliSats(text); err != nil {
			bad.Limit = err.Error()
		} else if free := max(line.Unallocated(), 0); limit > free {
			bad.Limit = fmt.Sprintf("the line of credit has %s sats free; give at most that", free.Figure(UnitSats))
		}
	}
	meta, err := ParseMetadata(d.Metadata)
	if err != nil {
		bad.Metadata = err.Error()
	}
	req := NewWalletRequest{ID: NewID(), EnvironmentID: env, LineOfCreditID: line.ID, Name: name,
		Network: string(line.Network), Limit: limit, Metadata: meta}
	return req, bad
}

// NameProblem says what is wrong with name for a wallet (the one with id
// self, when renaming), if anything: its length, its characters, or
// another wallet of the environment already having it.
func NameProblem(name, self string, wallets []Wallet) string {
	if err := CheckWalletName(name); err != nil {
		return err.Error()
	}
	for _, w := range wallets {
		if w.ID != self && strings.EqualFold(strings.TrimSpace(w.Name), strings.TrimSpace(name)) {
			return fmt.Sprintf("another wallet is already called %q", w.Name)
		}
	}
	return ""
}

// FindLine finds the line of credit id names (all of it, or its first
// eight or more characters); with no id, the only one there is. With
// drawing, it is to draw a wallet's credit on: a disabled line will not
// do, and none counts as the only one.
func FindLine(id string, lines []LineOfCredit, drawing bool) (LineOfCredit, string) {
	id = strings.TrimSpace(id)
	var usable []LineOfCredit
	for _, l := range lines {
		if l.DisabledAt == nil || !drawing {
			usable = append(usable, l)
		}
	}
	if id == "" {
		switch len(usable) {
		case 0:
			return LineOfCredit{}, "this environment has no line of credit to draw on"
		case 1:
			return usable[0], ""
		}
		return LineOfCredit{}, fmt.Sprintf("the environment has %d lines of credit: choose one by its id", len(usable))
	}
	for _, l := range lines {
		if l.ID == id || (len(id) >= 8 && strings.HasPrefix(l.ID, id)) {
			if l.DisabledAt != nil && drawing {
				return l, "that line of credit is disabled"
			}
			return l, ""
		}
	}
	return LineOfCredit{}, fmt.Sprintf("no line of credit %q in this environment", id)
}

package sim

import (
	"net/http"
	"strings"
	"time"

	"github.com/voltdash/voltdash/model"
)

// seedWallets creates the demo account's wallets with limits from the line
// of credit. Their money comes from the seeded history (or nothing).
func (s *Sim) seedWallets(now time.Time) {
	created := now.AddDate(0, 0, -45)
	for _, spec := range []struct {
		name  string
		limit model.MilliSats
		meta  map[string]string
	}{
		{"Coffee shop till", 5_000_000_000, map[string]string{"store": "downtown"}},
		{"Payouts", 5_000_000_000, nil},
		{"Savings", 0, map[string]string{"purpose": "cold storage sweep"}},
	} {
		s.addWallet(s.newID(), spec.name, spec.limit, spec.meta, created)
	}
}

func (s *Sim) addWallet(id, name string, limit model.MilliSats, meta map[string]string, at time.Time) *wallet {
	w := &wallet{Wallet: model.Wallet{ID: id, Active: true, CreatedAt: at, UpdatedAt: at, Name: name,
		OrganizationID: s.org, EnvironmentID: s.env, Limit: &limit, LineOfCreditID: model.NullString(s.line.ID),
		Network: model.Mutinynet, Metadata: meta}, holds: map[string]*hold{}, visibleAt: at}
	s.wallets[id] = w
	s.order = append(s.order, id)
	s.line.AllocatedLimit += limit
	return w
}

func (s *Sim) activeWallets(now time.Time) []*wallet {
	var ws []*wallet
	for _, id := range s.order {
		if w := s.wallets[id]; w.DeletedAt == nil && !now.Before(w.visibleAt) {
			ws = append(ws, w)
		}
	}
	return ws
}

func (s *Sim) visibleWallet(id string, now time.Time) (*wallet, *apiError) {
	w, ok := s.wallets[id]
	if !ok || w.DeletedAt != nil || now.Before(w.visibleAt) {
		return nil, errf(http.StatusNotFound, "instance_not_found", "wallet not found in organization").with("wallet_id", id)
	}
	return w, nil
}

// createWallet follows §17: validated at once, readable after WalletDelay.
func (s *Sim) createWallet(req model.NewWalletRequest, now time.Time) *apiError {
	switch {
	case req.ID == "" || req.EnvironmentID == "" || req.LineOfCreditID == "" || req.Name == "" || req.Network == "":
		return errf(http.StatusBadRequest, "invalid_request", "id, environment_id, line_of_credit_id, name and network are required")
	case req.Validate() != nil:
		return errf(http.StatusBadRequest, "invalid_request", "%s", req.Validate())
	case req.EnvironmentID != s.env:
		return errf(http.StatusBadRequest, "invalid_request", "environment %s is not in this organization", req.EnvironmentID)
	case req.LineOfCreditID != s.line.ID:
		return errf(http.StatusBadRequest, "line_of_credit_not_found", "line of credit not found").with("line_of_credit_id", req.LineOfCreditID)
	case req.Network != "mutinynet":
		return errf(http.StatusBadRequest, "line_of_credit_network_mismatch", "the line of credit is on mutinynet, not %s", req.Network)
	case req.Limit > s.line.Unallocated():
		return errf(http.StatusBadRequest, "line_of_credit_cannot_allocate_wallet_limit",
			"limit %d msats exceeds the %d msats left on the line of credit", req.Limit, s.line.Unallocated())
	}
	if _, exists := s.wallets[req.ID]; exists {
		return errf(http.StatusConflict, "wallet_exists", "a wallet with this id already exists").with("wallet_id", req.ID)
	}
	w := s.addWallet(req.ID, strings.TrimSpace(req.Name), req.Limit, req.Metadata, now)
	w.visibleAt = now.Add(s.cfg.WalletDelay)
	return nil
}

// deleteWallet refuses wallets that still hold money or have sends in
// flight, and frees the limit of the rest.
func (s *Sim) deleteWallet(id string, now time.Time) *apiError {
	w, aerr := s.visibleWallet(id, now)
	if aerr != nil {
		return aerr
	}
	if w.credits != w.captures || len(w.holds) > 0 {
		w.DeletionFailedAt = &now
		return errf(http.StatusBadRequest, "wallet_not_empty", "the wallet still holds money or has payments in flight").with("wallet_id", id)
	}
	w.DeletedAt, w.Active, w.UpdatedAt = &now, false, now
	s.line.AllocatedLimit -= w.CreditLimit()
	return nil
}

package sim

import (
	"math/rand/v2"
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

// seedNeighbour makes the other environment's production wallet: mainnet,
// with money the simulated environment must never count.
func (s *Sim) seedNeighbour(now time.Time) {
	// Its own generator, so that adding it changed no other seeded choice.
	ids := &Sim{rng: rand.New(rand.NewPCG(s.cfg.Seed, 0x6e656967686272))}
	env, limit := ids.newID(), model.MilliSats(2_000_000_000)
	s.neighbourLine = model.LineOfCredit{ID: ids.newID(), OrganizationID: s.org, EnvironmentID: env,
		Network: model.Mainnet, Limit: 10_000_000_000, AllocatedLimit: limit, Currency: model.BTC}
	created := now.AddDate(0, -3, 0)
	id := ids.newID()
	s.neighbour = model.Wallet{ID: id, Active: true, CreatedAt: created, UpdatedAt: created, Name: "Production till",
		OrganizationID: s.org, EnvironmentID: env, Limit: &limit, LineOfCreditID: model.NullString(s.neighbourLine.ID),
		Network: model.Mainnet, Balances: []model.Balance{{ID: balanceID(id), WalletID: id, EffectiveTime: created,
			Available: model.NewSignedAmount(model.Sats(750_000)), Total: model.NewSignedAmount(model.Sats(750_000)),
			Network: model.Mainnet, Currency: model.BTC}}, Holds: []model.Hold{}}
}

func (s *Sim) addWallet(id, name string, limit model.MilliSats, meta map[string]string, at time.Time) *wallet {
	w := &wallet{Wallet: model.Wallet{ID: id, Active: true, CreatedAt: at, UpdatedAt: at, Name: name,
		OrganizationID: s.org, EnvironmentID: s.env, Limit: &limit, LineOfCreditID: model.NullString(s.line.ID),
		Network: model.Mutinynet, Metadata: meta}, holds: map[string]*hold{}, visibleAt: at,
		policies: map[string]model.PolicyData{}, policiesAt: at}
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

// createWallet validates at once and makes the wallet readable after
// WalletDelay: create_wallet's answer says a wallet was requested, not made.
func (s *Sim) createWallet(req model.NewWalletRequest, now time.Time) *apiError {
	invalid := func(field, format string, args ...any) *apiError {
		return errf(http.StatusBadRequest, "invalid_request", format, args...).with("fields", []string{field})
	}
	switch {
	case req.ID == "" || req.EnvironmentID == "" || req.LineOfCreditID == "" || req.Name == "" || req.Network == "":
		return invalid("id", "id, environment_id, line_of_credit_id, name and network are required")
	case req.Validate() != nil:
		return invalid("name", "%s", req.Validate())
	case req.EnvironmentID != s.env:
		return invalid("environment_id", "environment %s is not in this organization", req.EnvironmentID)
	case req.LineOfCreditID != s.line.ID:
		return errf(http.StatusBadRequest, "line_of_credit_not_found", "line of credit not found").with("line_of_credit_id", req.LineOfCreditID)
	case s.line.DisabledAt != nil:
		return errf(http.StatusBadRequest, "line_of_credit_disabled", "the line of credit is disabled").with("line_of_credit_id", s.line.ID)
	case req.Network != "mutinynet":
		return errf(http.StatusBadRequest, "line_of_credit_network_mismatch", "the line of credit is on mutinynet, not %s", req.Network)
	case req.Limit > s.line.Unallocated():
		return errf(http.StatusBadRequest, "line_of_credit_cannot_allocate_wallet_limit",
			"limit %d msats exceeds the %d msats left on the line of credit", req.Limit, s.line.Unallocated())
	}
	if _, exists := s.wallets[req.ID]; exists { // create_wallet declares no 409
		return invalid("id", "a wallet with this id already exists")
	}
	name := strings.TrimSpace(req.Name)
	if aerr := s.nameFree(name, ""); aerr != nil {
		return aerr
	}
	w := s.addWallet(req.ID, name, req.Limit, req.Metadata, now)
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

// nameFree refuses a name another wallet of the environment has, not
// deleted, visible yet or not (except the wallet being renamed). Names
// are compared as voltdash's --wallet finds them, without regard to
// case, so that a name always picks out one wallet.
func (s *Sim) nameFree(name, except string) *apiError {
	for _, id := range s.order {
		w := s.wallets[id]
		if id != except && w.DeletedAt == nil && strings.EqualFold(w.Name, name) {
			return errf(http.StatusBadRequest, "invalid_request", "another wallet of the environment is named %q", w.Name).
				with("fields", []string{"name"})
		}
	}
	return nil
}

// renameWallet applies update_wallet: a name as NewWalletRequest's schema
// bounds it (3 to 256 characters), free in the environment.
func (s *Sim) renameWallet(id string, req model.UpdateWalletRequest, now time.Time) *apiError {
	w, aerr := s.visibleWallet(id, now)
	if aerr != nil {
		return aerr
	}
	if err := model.CheckWalletName(req.Name); err != nil {
		return errf(http.StatusBadRequest, "invalid_request", "%s", err).with("fields", []string{"name"})
	}
	name := strings.TrimSpace(req.Name)
	if aerr := s.nameFree(name, id); aerr != nil {
		return aerr
	}
	w.Name, w.UpdatedAt = name, now
	return nil
}

// updateSandboxLine applies update_sandbox_line_of_credit to the
// simulated line, a staging one: a new limit no lower than what wallets
// already hold of it, and disabling, which cannot be undone here.
func (s *Sim) updateSandboxLine(id string, u model.SandboxCreditUpdate, now time.Time) *apiError {
	if id != s.line.ID {
		return errf(http.StatusNotFound, "line_of_credit_not_found", "line of credit not found").with("line_of_credit_id", id)
	}
	switch {
	case u.Limit == nil && u.Disable == nil:
		return errf(http.StatusBadRequest, "no_updates_provided", "give a limit or disable: true").with("line_of_credit_id", id)
	case u.Disable != nil && !*u.Disable && s.line.DisabledAt != nil:
		return errf(http.StatusForbidden, "not_allowed", "a disabled line of credit cannot be enabled again here").with("line_of_credit_id", id)
	case u.Disable != nil && !*u.Disable:
		return errf(http.StatusBadRequest, "invalid_parameter", "disable accepts only true")
	case u.Limit != nil && *u.Limit < 1:
		return errf(http.StatusBadRequest, "invalid_parameter", "limit must be at least 1 msat")
	case u.Limit != nil && *u.Limit < s.line.AllocatedLimit:
		return errf(http.StatusBadRequest, "invalid_line_of_credit_limit",
			"limit %d msats is below the %d msats the wallets already hold of the line", *u.Limit, s.line.AllocatedLimit)
	}
	if u.Limit != nil {
		s.line.Limit = *u.Limit
	}
	if u.Disable != nil && s.line.DisabledAt == nil {
		at := now
		s.line.DisabledAt = &at
	}
	return nil
}

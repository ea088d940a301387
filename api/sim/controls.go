package sim

// Controls: what a test, a drill or the demo does to the simulator from
// outside the API (faults, counters, a payer outside the simulated world),
// and what it reads back to judge the client. None of it is reachable over
// HTTP.

import (
	"errors"
	"strings"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/voltdash/voltdash/model"
)

// Credentials are what a client needs to connect.
type Credentials struct {
	APIKey         string `json:"api_key"`
	OrganizationID string `json:"organization_id"`
	EnvironmentID  string `json:"environment_id"`
	LineOfCreditID string `json:"line_of_credit_id"`
}

// Credentials returns the key and ids of the simulated account.
func (s *Sim) Credentials() Credentials {
	return Credentials{APIKey: s.key, OrganizationID: s.org, EnvironmentID: s.env, LineOfCreditID: s.line.ID}
}

// Accounts returns the money that entered and left the simulated world.
func (s *Sim) Accounts() Accounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accounts
}

// StopActivity ends background payments; those in flight still finish.
func (s *Sim) StopActivity() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.Activity = 0
	if s.activity != nil {
		s.activity.Stop()
	}
}

// SetFaults changes the faults from now on.
func (s *Sim) SetFaults(f Faults) { s.faults.set(f) }

// FailPrices makes the price service answer every request with status
// (http.StatusServiceUnavailable: the service is down) from now on; 0
// serves prices again. The API's own faults (SetFaults) leave prices be:
// the price service is another service.
func (s *Sim) FailPrices(status int) {
	s.prices.mu.Lock()
	s.prices.failWith = status
	s.prices.mu.Unlock()
}

// PriceRequests is how many requests the price service has had, failed
// ones included. RequestCounts counts the API's alone.
func (s *Sim) PriceRequests() int {
	s.prices.mu.Lock()
	defer s.prices.mu.Unlock()
	return s.prices.requests
}

// Requests is how many requests a route has answered (or dropped), by
// route name, such as "payments.create".
func (s *Sim) Requests(route string) int {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	return s.stats.requests[route]
}

// RequestCounts returns the count of every route and the total under "".
func (s *Sim) RequestCounts() map[string]int {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.stats.requests {
		out[k] = v
		out[""] += v
	}
	return out
}

// FaultCounts returns how many faults of each kind were injected.
func (s *Sim) FaultCounts() map[string]int {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.stats.faults {
		out[k] = v
	}
	return out
}

// ResetCounts zeroes the request and fault counters.
func (s *Sim) ResetCounts() {
	s.stats.mu.Lock()
	s.stats.requests, s.stats.faults = map[string]int{}, map[string]int{}
	s.stats.mu.Unlock()
}

// Deliveries counts the webhook deliveries so far by where each stands:
// attempting, succeeded, or failed or abandoned. The API lists them
// (get_webhook_deliveries_as_user).
func (s *Sim) Deliveries() DeliveryStats {
	s.deliver.statsMu.Lock()
	defer s.deliver.statsMu.Unlock()
	return s.deliver.stats
}

// Payment returns a payment as the API would show it, hidden or not.
func (s *Sim) Payment(id string) (model.Payment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.payments[id]
	if !ok {
		return model.Payment{}, false
	}
	return p.Payment, true
}

// Payments returns every payment, oldest first. Policy checks
// (check_payment), which move no money, are left out: Checks lists them.
func (s *Sim) Payments() []model.Payment { return s.listed(false) }

// Checks returns the policy checks made, oldest first.
func (s *Sim) Checks() []model.Payment { return s.listed(true) }

func (s *Sim) listed(checks bool) []model.Payment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]model.Payment, 0, len(s.byTime))
	for _, p := range s.byTime {
		if p.check == checks {
			out = append(out, p.Payment)
		}
	}
	return out
}

// CountSends counts the sends made in every wallet, policy checks left
// out: what a test that pays once under faults compares with.
func (s *Sim) CountSends() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.byTime {
		if p.Direction == model.Send && !p.check {
			n++
		}
	}
	return n
}

// CountPayments counts the payments of a wallet (all wallets when empty),
// policy checks left out.
func (s *Sim) CountPayments(walletID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.byTime {
		if (walletID == "" || p.WalletID == walletID) && !p.check {
			n++
		}
	}
	return n
}

// TotalBalance is the sum of every wallet's total, deleted ones included.
func (s *Sim) TotalBalance() model.MilliSats {
	s.mu.Lock()
	defer s.mu.Unlock()
	var sum model.MilliSats
	for _, w := range s.wallets {
		sum += w.credits - w.captures
	}
	return sum
}

// WalletIDs lists the wallets in creation order.
func (s *Sim) WalletIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.order...)
}

// Errors of PayReceive.
var (
	ErrNoSuchReceive = errors.New("no receive with that id")
	ErrNotPayable    = errors.New("the receive is not waiting for a payment")
	ErrNeedAmount    = errors.New("an any-amount receive needs an amount")
)

// PayReceive pays one of the simulator's receives from outside the
// simulated world, as a customer would. amount is needed only for
// any-amount receives.
func (s *Sim) PayReceive(id string, amount model.MilliSats) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.payments[id]
	if !ok || p.Direction != model.Receive {
		return ErrNoSuchReceive
	}
	if p.Status != model.StatusReceiving {
		return ErrNotPayable
	}
	if p.RequestedAmount == nil && amount <= 0 {
		return ErrNeedAmount
	}
	s.payFromOutside(p, amount, s.clock.Now())
	return nil
}

// NodeKey is the public key that signs the simulator's invoices.
func (s *Sim) NodeKey() *btcec.PublicKey { return s.node.PubKey() }

// ExternalInvoice is an invoice of a node outside the simulated world, for
// tests and demo activity: paying it leaves the simulation.
type ExternalInvoice struct {
	Amount  model.MilliSats // zero: any amount
	Memo    string
	Expiry  time.Duration // default one hour
	Created time.Time     // default now
}

// Invoice signs it and returns the BOLT 11 text.
func (s *Sim) Invoice(e ExternalInvoice) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.externalInvoice(e)
}

// ExternalAddress is an address outside the simulated world.
func (s *Sim) ExternalAddress() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newAddress()
}

// SetLNURLFault makes the Lightning Address service misbehave in one way
// from now on (LNURLHonest: not at all). The API's own faults (SetFaults)
// leave it be: it is another service.
func (s *Sim) SetLNURLFault(f LNURLFault) {
	s.lnurl.mu.Lock()
	s.lnurl.fault = f
	s.lnurl.mu.Unlock()
}

// LNURLRequests is how many requests the Lightning Address service has had.
func (s *Sim) LNURLRequests() int {
	s.lnurl.mu.Lock()
	defer s.lnurl.mu.Unlock()
	return s.lnurl.requests
}

// LNURLInvoices is how many receives the service's callback has made,
// spoiled ones (a fault's) included. CountSends says whether anything paid
// one.
func (s *Sim) LNURLInvoices() int {
	s.lnurl.mu.Lock()
	defer s.lnurl.mu.Unlock()
	return s.lnurl.invoices
}

// LNURLRedirectsFollowed is how many requests arrived by following a
// redirect fault's 302: a careful client, which follows none to another
// origin, leaves it at zero.
func (s *Sim) LNURLRedirectsFollowed() int {
	s.lnurl.mu.Lock()
	defer s.lnurl.mu.Unlock()
	return s.lnurl.followed
}

// LightningAddress is the Lightning Address of the wallet with this name
// (LUD-16), such as coffee-shop-till@127.0.0.1:PORT; "" when no active
// wallet has it. Its first word (coffee@…) is an alias when no other
// wallet claims it.
func (s *Server) LightningAddress(walletName string) string {
	return s.lnurlAddress(walletName, s.ln.Addr().String())
}

// LNURL is the wallet's pay link as a LUD-01 bech32 LNURL (lnurl1…) of
// its pay-request URL; "" when no active wallet has the name.
func (s *Server) LNURL(walletName string) string {
	addr := s.LightningAddress(walletName)
	if addr == "" {
		return ""
	}
	name, host, _ := strings.Cut(addr, "@")
	return encodeLNURL("http://" + host + LNURLWellKnownPrefix + name)
}

// LightningAddresses maps each active wallet's name to its Lightning
// Address, for the line voltdash sim prints.
func (s *Server) LightningAddresses() map[string]string {
	s.mu.Lock()
	var names []string
	for _, w := range s.activeWallets(s.clock.Now()) {
		names = append(names, w.Name)
	}
	s.mu.Unlock()
	out := map[string]string{}
	for _, n := range names {
		if a := s.LightningAddress(n); a != "" {
			out[n] = a
		}
	}
	return out
}

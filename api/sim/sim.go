// Package sim is an in-memory Voltage Payments API: the same paths, status
// codes, JSON and asynchronous life cycles as the real service, served over
// real HTTP. The demo, the tests and the benchmarks all run against it, so
// the client code they exercise is the production code path.
//
// # Rules
//
// One organization with one Mutinynet environment, one line of credit of
// 1 BTC, and wallets whose limits are drawn from it. A wallet's total is its
// credits minus its captures; its available balance is the total minus its
// holds; a send needs available − (amount + fee cap) ≥ −limit.
//
// A wallet's policies (max payment size, sends a minute, volume sent over
// 24 hours) are applied when a send is decided: one they refuse ends
// failed with rejected and holds nothing. A check (check_payment) is
// decided as its send would be and stops at approved, holding nothing.
//
// A receive is generating for GenerateDelay, then receiving with a real
// BOLT 11 invoice (lntbs…, signed by the server's node key) and/or a tb1
// address, then completed when paid or expired when its expiration (default
// one hour) passes. A send is sending for ApproveDelay, then either failed
// with hold_failed (insufficient funds or limit) or approved with a hold of
// amount plus fee cap. Paying an invoice of another wallet here settles
// after InternalDelay: no fee, both payments complete, the receiver is
// credited. Paying an outside invoice costs a route fee of 0.5 sat + 0.1 %
// of the amount, which the default fee cap (SendPaymentRequest's max_fee)
// always covers: when the cap covers it the send completes after
// RouteDelay, otherwise it fails with send_failed/no_route. An expired or
// already paid invoice fails with send_failed/invalid_bolt11_invoice. An
// on-chain send pays max(200 sats, 0.2 %) and completes after ChainDelay.
// Invoices for another network, amounts that disagree with the invoice, a
// zero amount, and garbage are refused at POST with 400.
//
// Each event a webhook subscribes to, and each test event, becomes a
// delivery, posted signed to the webhook's URL when that is on this
// machine. An answer other than 2xx, or nothing listening, fails the
// attempt; attempts are retried after 1, 2, 4 and 8 s on the simulator's
// clock, and the delivery is failed after the fifth. A retry through the
// API is one attempt more; an abandoned delivery is attempted no more.
//
// Money is conserved: the sum of wallet totals, plus fees paid, plus money
// sent out of the simulated world, minus money that came in, never changes
// (see Accounts).
//
// Demo life (an auto-payer, background activity) and fault injection are
// off unless configured.
//
// Beside the API, under /currency/, it plays Voltage's public BTCUSD price
// service, with a price that is a smooth function of the minute on its
// clock (see price.go and FailPrices); under /.well-known/lnurlp/ and
// /lnurlp/, a Lightning Address service for its wallets (see lnurl.go and
// SetLNURLFault).
package sim

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// Config sets up a simulator. The zero value is a quiet, fault-free server
// on the real clock with seeded history.
type Config struct {
	Clock  clock.Clock // default: the real clock
	Seed   uint64      // fixes ids, keys and every random choice
	APIKey string      // default: derived from Seed

	// NoHistory starts with wallets but no past payments.
	NoHistory bool
	// SeedPayments adds this many settled payments, spread over the year
	// before the usual history, for trying voltdash at scale.
	SeedPayments int

	GenerateDelay time.Duration // generating → receiving (default 200 ms)
	ApproveDelay  time.Duration // sending → approved or failed (default 150 ms)
	InternalDelay time.Duration // approved → completed between our wallets (default 300 ms)
	RouteDelay    time.Duration // approved → completed/failed to the outside (default 1.2 s)
	ChainDelay    time.Duration // on-chain send to completed (default 30 s)
	WalletDelay   time.Duration // a created wallet is 404 for this long (default 0)

	// AutoPay pays every receive this long after it starts receiving,
	// unless its metadata sets "sim.autopay" to "off". Zero: off.
	AutoPay time.Duration
	// Activity is background payments per second, alternating incoming and
	// outgoing, across the wallets. Zero: off.
	Activity float64

	Faults Faults
}

// AutopayMetadataKey in a receive's metadata, set to "off", keeps the
// auto-payer away from it (for invoices meant to be paid by another wallet).
const AutopayMetadataKey = "sim.autopay"

// Sim is the simulated API's state and behaviour. It is safe for
// concurrent use.
type Sim struct {
	cfg   Config
	clock clock.Clock

	mu       sync.Mutex
	rng      *rand.Rand
	key      string
	org, env string
	line     model.LineOfCredit
	// neighbour is a wallet, with its line of credit, of another
	// environment of the organization: organization-wide lists show it,
	// and a client that does not ask for its environment mixes it in.
	neighbour     model.Wallet
	neighbourLine model.LineOfCredit
	wallets       map[string]*wallet
	order         []string // wallet ids by creation
	payments      map[string]*payment
	byTime        []*payment          // every payment, by creation
	arrivals      uint64              // payments ever added: the next one's seq
	invoices      map[string]*payment // receives by payment hash, for internal settlement
	webhooks      map[string]*webhook
	deliveries    map[string]*delivery // every webhook's, by id
	node          *btcec.PrivateKey    // signs our invoices
	outside       *btcec.PrivateKey    // signs invoices of the world outside
	accounts      Accounts
	stopped       bool
	activity      clock.Timer

	faults  faultState
	prices  priceState
	lnurl   lnurlState
	stats   counters
	deliver *deliverer
}

// Accounts is the money that crossed the simulated world's border.
type Accounts struct {
	Inflow   model.MilliSats // received from outside
	Outflow  model.MilliSats // sent outside, fees excluded
	FeesPaid model.MilliSats // paid to the outside for routing and mining
}

type wallet struct {
	model.Wallet
	credits, captures model.MilliSats
	holds             map[string]*hold
	ledger            []model.LedgerEvent
	visibleAt         time.Time

	policies   map[string]model.PolicyData // by policy type
	policiesAt time.Time
	sent       []*payment // sends that passed refusal and took a hold, which the policies count
}

type hold struct {
	id     string
	amount model.MilliSats
	at     time.Time
}

// MaxActivity bounds Config.Activity: every payment stays in memory, and
// a few dozen a second already outpace anything a person can watch.
const MaxActivity = 50

// CheckLife refuses background activity and autopay no simulator can
// keep up, in words for the flags that set them.
func (d Config) CheckLife() error {
	switch {
	case !(d.Activity >= 0 && d.Activity <= MaxActivity): // NaN too
		return fmt.Errorf("activity %v: give a number of payments a second from 0 to %d", d.Activity, MaxActivity)
	case d.AutoPay < 0:
		return fmt.Errorf("autopay %v: give a duration that is not negative, such as 4s (0: never)", d.AutoPay)
	}
	return nil
}

func (d Config) withDefaults() Config {
	def := func(v *time.Duration, x time.Duration) {
		if *v == 0 {
			*v = x
		}
	}
	def(&d.GenerateDelay, 200*time.Millisecond)
	def(&d.ApproveDelay, 150*time.Millisecond)
	def(&d.InternalDelay, 300*time.Millisecond)
	def(&d.RouteDelay, 1200*time.Millisecond)
	def(&d.ChainDelay, 30*time.Second)
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	return d
}

// New builds a simulator with one organization, environment, line of
// credit and three wallets, and (unless NoHistory) weeks of past payments.
func New(cfg Config) *Sim {
	cfg = cfg.withDefaults()
	s := &Sim{
		cfg: cfg, clock: cfg.Clock,
		rng:        rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		wallets:    map[string]*wallet{},
		payments:   map[string]*payment{},
		invoices:   map[string]*payment{},
		webhooks:   map[string]*webhook{},
		deliveries: map[string]*delivery{},
	}
	s.faults.init(cfg.Faults, cfg.Seed)
	s.stats.init()
	s.deliver = newDeliverer(s)
	s.node = s.newKey()
	s.outside = s.newKey()
	s.key = cfg.APIKey
	if s.key == "" {
		s.key = "vltg_sim" + s.token(24)
	}
	s.org, s.env = s.newID(), s.newID()
	// Seeding schedules timers, which on the real clock may fire at once:
	// they wait for the lock like any other.
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	s.line = model.LineOfCredit{ID: s.newID(), OrganizationID: s.org, EnvironmentID: s.env,
		Network: model.Mutinynet, Limit: 100 * 1_000_000_000, Currency: model.BTC}
	s.seedWallets(now)
	s.seedNeighbour(now)
	if cfg.SeedPayments > 0 {
		s.seedYear(now, cfg.SeedPayments)
	}
	if !cfg.NoHistory {
		s.seedHistory(now)
	}
	if cfg.Activity > 0 {
		s.scheduleActivity()
	}
	return s
}

// Close stops background activity and webhook delivery.
func (s *Sim) Close() {
	s.mu.Lock()
	s.stopped = true
	if s.activity != nil {
		s.activity.Stop()
	}
	s.mu.Unlock()
	s.deliver.close()
}

// view is the wallet as the API shows it now.
func (w *wallet) view(network model.Network) model.Wallet {
	v := w.Wallet
	total := w.credits - w.captures
	var held model.MilliSats
	v.Holds = make([]model.Hold, 0, len(w.holds))
	for _, h := range w.holds {
		held += h.amount
		v.Holds = append(v.Holds, model.Hold{ID: h.id, Amount: model.NewSignedAmount(h.amount), EffectiveTime: h.at})
	}
	sortHolds(v.Holds)
	eff := w.UpdatedAt
	v.Balances = []model.Balance{{ID: balanceID(w.ID), WalletID: w.ID, EffectiveTime: eff,
		Available: model.NewSignedAmount(total - held), Total: model.NewSignedAmount(total),
		Network: network, Currency: model.BTC}}
	limit := w.CreditLimit()
	v.Limit = &limit
	return v
}

// available is what a hold can take before the limit is reached.
func (w *wallet) available() model.MilliSats {
	total := w.credits - w.captures
	for _, h := range w.holds {
		total -= h.amount
	}
	return total
}

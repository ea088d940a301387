package sim

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/voltdash/voltdash/model"
)

// The payment summaries (get_payment_summary, get_wallet_payment_summary)
// count the payments get_payments would list with the same filters, so the
// two can never disagree. Neither operation declares a 404: a wallet that
// is not the organization's is a 403 access_rights, as a key without
// access to it would get. A deleted wallet, or one on a disabled line of
// credit, is inactive: its payments count only with include_inactive=true.
// Their 400 is PaymentBadRequestError's invalid_parameter.

// summaryFilter reads the parameters the operation declares; a query the
// spec refuses (an unknown status, a plain statuses=, a date that is not
// RFC 3339) is a 400.
func summaryFilter(q url.Values) (model.PaymentSummaryFilter, *apiError) {
	f, err := model.ParsePaymentSummaryFilter(q)
	if err != nil {
		return f, errf(http.StatusBadRequest, "invalid_parameter", "%s", err)
	}
	return f, nil
}

// counted is what the summaries count of the payments matching f: the
// visible ones, of wallets that are active unless f includes inactive
// ones, on f's line of credit if it names one, of the wallet if one is
// given.
func (s *Sim) counted(f model.PaymentSummaryFilter, walletID string, now time.Time) []*payment {
	var out []*payment
	for _, p := range s.byTime {
		w := s.wallets[p.WalletID]
		switch {
		case w == nil, now.Before(p.visibleAt), walletID != "" && p.WalletID != walletID:
		case !f.IncludeInactive && !s.active(w):
		case f.LineOfCreditID != "" && string(w.LineOfCreditID) != f.LineOfCreditID:
		case f.Matches(p.Payment):
			out = append(out, p)
		}
	}
	return out
}

// active: not deleted, and its line of credit not disabled.
func (s *Sim) active(w *wallet) bool {
	return w.DeletedAt == nil && !(string(w.LineOfCreditID) == s.line.ID && s.line.DisabledAt != nil)
}

// span is a count with its oldest and newest creation times.
type span struct {
	n              uint64
	oldest, newest time.Time
}

func (sp *span) add(at time.Time) {
	if sp.n == 0 || at.Before(sp.oldest) {
		sp.oldest = at
	}
	if sp.n == 0 || at.After(sp.newest) {
		sp.newest = at
	}
	sp.n++
}

func (sp span) dates() (oldest, newest *time.Time) {
	if sp.n == 0 {
		return nil, nil
	}
	o, n := sp.oldest, sp.newest
	return &o, &n
}

// buckets splits payments by direction, status, currency and kind
// (PaymentBucketSummary), in that order.
func buckets(ps []*payment) model.PaymentSummaryBuckets {
	type key struct {
		d model.Direction
		s model.Status
		c model.Currency
		k model.Kind
	}
	spans := map[key]*span{}
	for _, p := range ps {
		cur := p.Currency
		if cur == "" {
			cur = model.BTC
		}
		k := key{p.Direction, p.Status, cur, p.Kind}
		if spans[k] == nil {
			spans[k] = &span{}
		}
		spans[k].add(p.CreatedAt)
	}
	out := model.PaymentSummaryBuckets{}
	for k, sp := range spans {
		out = append(out, model.PaymentBucketSummary{Direction: k.d, Status: k.s, Currency: k.c, Kind: k.k,
			TotalCount: sp.n, OldestCreatedAt: sp.oldest, NewestCreatedAt: sp.newest})
	}
	slices.SortFunc(out, func(a, b model.PaymentBucketSummary) int {
		return cmp.Or(cmp.Compare(a.Direction, b.Direction), cmp.Compare(a.Status, b.Status),
			cmp.Compare(a.Currency, b.Currency), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}

// hPaymentSummary is get_payment_summary: the environment's payments, by
// organization, environment and line of credit. Every wallet here is of
// this organization and environment; a line of credit not theirs counts
// nothing.
func (s *Sim) hPaymentSummary(c call) (reply, *apiError) {
	f, aerr := summaryFilter(c.r.URL.Query())
	if aerr != nil {
		return reply{}, aerr
	}
	ps := s.counted(f, "", c.now)
	var all span
	lines := map[string][]*payment{}
	for _, p := range ps {
		all.add(p.CreatedAt)
		line := string(s.wallets[p.WalletID].LineOfCreditID)
		lines[line] = append(lines[line], p)
	}
	out := model.PaymentSummary{OrganizationID: model.NullString(s.org), EnvironmentID: model.NullString(s.env),
		TotalCount:       all.n,
		ByOrganizationID: map[string]model.PaymentCountSummary{},
		ByEnvironmentID:  map[string]model.PaymentEnvironmentSummary{},
		ByLineOfCreditID: map[string]model.PaymentLineOfCreditSummary{}}
	out.OldestCreatedAt, out.NewestCreatedAt = all.dates()
	if all.n > 0 {
		out.ByOrganizationID[s.org] = model.PaymentCountSummary{TotalCount: all.n, OldestCreatedAt: all.oldest, NewestCreatedAt: all.newest}
		out.ByEnvironmentID[s.env] = model.PaymentEnvironmentSummary{OrganizationID: s.org, TotalCount: all.n,
			OldestCreatedAt: all.oldest, NewestCreatedAt: all.newest}
	}
	for line, lps := range lines {
		var sp span
		for _, p := range lps {
			sp.add(p.CreatedAt)
		}
		out.ByLineOfCreditID[line] = model.PaymentLineOfCreditSummary{OrganizationID: s.org, EnvironmentID: s.env,
			TotalCount: sp.n, OldestCreatedAt: sp.oldest, NewestCreatedAt: sp.newest, Buckets: buckets(lps)}
	}
	return ok(out), nil
}

// hWalletPaymentSummary is get_wallet_payment_summary: one wallet's
// payments in buckets. It declares no line_of_credit_id, so one given is
// ignored, as undeclared parameters are.
func (s *Sim) hWalletPaymentSummary(c call) (reply, *apiError) {
	id := c.args["id"]
	if uuid.Validate(id) != nil {
		return reply{}, errf(http.StatusBadRequest, "invalid_parameter", "wallet id must be a UUID")
	}
	w := s.wallets[id]
	if w == nil || c.now.Before(w.visibleAt) {
		return reply{}, errf(http.StatusForbidden, "access_rights", "the API key has no access to this wallet")
	}
	q := c.r.URL.Query()
	q.Del("line_of_credit_id")
	f, aerr := summaryFilter(q)
	if aerr != nil {
		return reply{}, aerr
	}
	ps := s.counted(f, id, c.now)
	var all span
	for _, p := range ps {
		all.add(p.CreatedAt)
	}
	out := model.PaymentWalletSummary{WalletID: id, OrganizationID: s.org, EnvironmentID: s.env,
		LineOfCreditID: w.LineOfCreditID, TotalCount: all.n, Buckets: buckets(ps)}
	out.OldestCreatedAt, out.NewestCreatedAt = all.dates()
	return ok(out), nil
}

package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/voltdash/voltdash/model"
)

// WalletPolicies reads a wallet's spending rules (get_wallet_policies).
// Its 404 is wallet_policies_not_found both for a wallet that does not
// exist and for one without a policy record; the spec does not say which,
// so it is returned as the error it is.
func (c *Client) WalletPolicies(ctx context.Context, walletID string) (model.WalletPolicies, error) {
	var p model.WalletPolicies
	if err := c.checkID("wallet", walletID); err != nil {
		return p, err
	}
	err := c.withCreateGrace(ctx, walletID, func() error {
		_, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("wallets", walletID, "policies")}, &p)
		return err
	})
	return p, err
}

// UpdateWalletPolicies changes a wallet's policies (update_wallet_policies):
// each field set is applied, each cleared is removed, the rest stay. An
// update that changes nothing, or that the schema would refuse, is
// refused here without asking.
func (c *Client) UpdateWalletPolicies(ctx context.Context, walletID string, u model.PolicyUpdate) error {
	if err := c.checkID("wallet", walletID); err != nil {
		return err
	}
	if err := checkPolicyUpdate(u); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodPatch, path: c.orgPath("wallets", walletID, "policies"), body: u,
		safety: idempotent}, nil)
	return err
}

// ErrNoPolicyChange is an update of no policy.
var ErrNoPolicyChange = errors.New("the update changes no policy")

// checkPolicyUpdate holds u to UpdateWalletPolicyRequest: counts from 1,
// basis points up to 10,000, fields it names and each at most once. A
// reflex approval (template_id) can be removed, not set: voltdash has no
// way to choose an approval template.
func checkPolicyUpdate(u model.PolicyUpdate) error {
	if u.Empty() {
		return ErrNoPolicyChange
	}
	set := map[string]bool{
		"max_payment_size_sats":   u.MaxPaymentSizeSats != nil,
		"transactions_per_minute": u.TransactionsPerMinute != nil,
		"send_volume_limit_sats":  u.SendVolumeLimitSats != nil,
		"ofac_compliant":          u.OFACCompliant != nil,
		"processing_fee":          u.ProcessingFee != nil,
	}
	for _, name := range u.Clear {
		switch {
		case !slices.Contains(model.PolicyFields, name) && name != "template_id": // a reflex approval may be removed
			return fmt.Errorf("%q is not a policy field; use %v", name, model.PolicyFields)
		case set[name]:
			return fmt.Errorf("%s is both set and removed", name)
		}
	}
	for _, f := range []struct {
		name string
		v    *uint64
	}{{"max_payment_size_sats", u.MaxPaymentSizeSats}, {"transactions_per_minute", u.TransactionsPerMinute},
		{"send_volume_limit_sats", u.SendVolumeLimitSats}} {
		if f.v != nil && *f.v < 1 {
			return fmt.Errorf("%s must be at least 1; remove the policy to lift the limit", f.name)
		}
	}
	if r := u.ProcessingFee; r != nil && (r.SendBasisPoints > 10000 || r.ReceiveBasisPoints > 10000) {
		return errors.New("processing_fee: basis points run from 0 to 10,000 (100 is 1 %)")
	}
	return nil
}

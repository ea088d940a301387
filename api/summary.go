package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/voltdash/voltdash/model"
)

// PaymentSummary counts the environment's payments that pass f
// (get_payment_summary): in all, and by organization, environment and line
// of credit, in buckets of direction, status, currency and kind. The
// filter is checked against the operation's parameters before anything is
// sent.
func (c *Client) PaymentSummary(ctx context.Context, f model.PaymentSummaryFilter) (model.PaymentSummary, error) {
	var s model.PaymentSummary
	if err := f.Validate(); err != nil {
		return s, err
	}
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.envPath("payments", "summary"), query: f.Query()}, &s)
	return s, err
}

// errWalletSummaryLine: get_wallet_payment_summary declares no
// line_of_credit_id; a wallet is on one line already.
var errWalletSummaryLine = errors.New("a wallet's payment summary takes no line of credit: the wallet is on one already")

// WalletPaymentSummary counts one wallet's payments that pass f
// (get_wallet_payment_summary), in buckets of direction, status, currency
// and kind. f.LineOfCreditID must be empty.
func (c *Client) WalletPaymentSummary(ctx context.Context, walletID string, f model.PaymentSummaryFilter) (model.PaymentWalletSummary, error) {
	var s model.PaymentWalletSummary
	if err := c.checkID("wallet", walletID); err != nil {
		return s, err
	}
	if f.LineOfCreditID != "" {
		return s, errWalletSummaryLine
	}
	if err := f.Validate(); err != nil {
		return s, err
	}
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("wallets", walletID, "payments", "summary"), query: f.Query()}, &s)
	return s, err
}

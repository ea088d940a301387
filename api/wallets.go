package api

import (
	"context"
	"net/http"

	"github.com/voltdash/voltdash/model"
)

// ListWallets returns the organization's active wallets (§4.1 #1).
func (c *Client) ListWallets(ctx context.Context) ([]model.Wallet, error) {
	var ws []model.Wallet
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("wallets")}, &ws)
	return ws, err
}

// CreateWallet asks for a new wallet (§4.1 #2). It is created
// asynchronously: read it back with GetWallet.
func (c *Client) CreateWallet(ctx context.Context, req model.NewWalletRequest) error {
	if err := req.Validate(); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodPost, path: c.orgPath("wallets"), body: req,
		safety: idempotent, acceptOnRetry: alreadyExists}, nil)
	if err == nil {
		c.rememberCreate(req.ID)
	}
	return err
}

// GetWallet reads one wallet (§4.1 #3).
func (c *Client) GetWallet(ctx context.Context, id string) (model.Wallet, error) {
	var w model.Wallet
	if err := c.checkID("wallet", id); err != nil {
		return w, err
	}
	err := c.withCreateGrace(ctx, id, func() error {
		_, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("wallets", id)}, &w)
		return err
	})
	return w, err
}

// DeleteWallet deletes a wallet (§4.1 #4).
func (c *Client) DeleteWallet(ctx context.Context, id string) error {
	if err := c.checkID("wallet", id); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodDelete, path: c.orgPath("wallets", id),
		safety: idempotent, acceptOnRetry: gone}, nil)
	return err
}

// WalletLedger returns one page of a wallet's ledger (§4.1 #5).
func (c *Client) WalletLedger(ctx context.Context, walletID string, f model.LedgerFilter) (model.Page[model.LedgerEvent], error) {
	var page model.Page[model.LedgerEvent]
	if err := c.checkID("wallet", walletID); err != nil {
		return page, err
	}
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("wallets", walletID, "ledger"),
		query: f.Query()}, &page)
	return page, err
}

// LineOfCredit reads one line of credit (§4.1 #10).
func (c *Client) LineOfCredit(ctx context.Context, id string) (model.LineOfCredit, error) {
	var l model.LineOfCredit
	if err := c.checkID("line of credit", id); err != nil {
		return l, err
	}
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("lines_of_credit", id, "summary")}, &l)
	return l, err
}

// LinesOfCredit lists the organization's lines of credit (§4.1 #11).
func (c *Client) LinesOfCredit(ctx context.Context) ([]model.LineOfCredit, error) {
	var ls []model.LineOfCredit
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("lines_of_credit", "summaries")}, &ls)
	return ls, err
}

// alreadyExists recognises the 409 a repeated create gets once the first
// attempt went through.
func alreadyExists(e *Error) bool {
	if e.Status != http.StatusConflict {
		return false
	}
	switch e.Type {
	case "payment_exists", "wallet_exists", "webhook_exists", "":
		return true
	}
	return false
}

// gone recognises the 404 a repeated delete gets once the first attempt
// went through.
func gone(e *Error) bool { return e.Status == http.StatusNotFound }

// IsAlreadyExists reports a 409 saying a resource with this id exists. For
// a payment that this client recorded before sending, it means Voltage has
// it: read it instead of creating it again.
func IsAlreadyExists(err error) bool {
	e, ok := asError(err)
	return ok && alreadyExists(e)
}

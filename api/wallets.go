package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/voltdash/voltdash/model"
)

// ListWallets returns the active wallets of the client's environment
// (get_all_organizations_wallets_as_user). The list is organization-wide,
// so the environment is asked for, and what comes back is filtered to it
// as well: totals, --wallet lookups and sends never mix environments.
func (c *Client) ListWallets(ctx context.Context) ([]model.Wallet, error) {
	var ws []model.Wallet
	q := url.Values{"environment_id": {c.env}}
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("wallets"), query: q}, &ws)
	return inEnvironment(ws, c.env, func(w model.Wallet) string { return w.EnvironmentID }), err
}

// inEnvironment keeps the items of env; an item that names no environment
// is kept, as older answers leave it out.
func inEnvironment[T any](items []T, env string, of func(T) string) []T {
	out := items[:0:0]
	for _, it := range items {
		if e := of(it); e == "" || e == env {
			out = append(out, it)
		}
	}
	return out
}

// CreateWallet asks for a new wallet (create_wallet). It is created
// asynchronously: read it back with GetWallet. create_wallet declares no
// 409 for an id already taken, so when a repeat after a lost answer is
// refused, the wallet is read: if it is there, the first attempt made it.
func (c *Client) CreateWallet(ctx context.Context, req model.NewWalletRequest) error {
	if err := req.Validate(); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodPost, path: c.orgPath("wallets"), body: req,
		safety: idempotent, acceptOnRetry: alreadyExists}, nil)
	if e, ok := asError(err); ok && e.Repeated && provesNothingHappened(e) {
		c.rememberCreate(req.ID)
		if _, readErr := c.GetWallet(ctx, req.ID); readErr == nil {
			return nil
		}
	}
	if err == nil {
		c.rememberCreate(req.ID)
	}
	return err
}

// GetWallet reads one wallet (get_wallet).
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

// UpdateWallet renames a wallet (update_wallet). The name is checked as
// create_wallet's schema bounds it before anything is sent; Voltage
// answers 202, and GetWallet shows the new name once it has applied it.
func (c *Client) UpdateWallet(ctx context.Context, id string, req model.UpdateWalletRequest) error {
	if err := c.checkID("wallet", id); err != nil {
		return err
	}
	if err := model.CheckWalletName(req.Name); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodPatch, path: c.orgPath("wallets", id), body: req,
		safety: idempotent}, nil)
	return err
}

// DeleteWallet deletes a wallet (delete_wallet).
func (c *Client) DeleteWallet(ctx context.Context, id string) error {
	if err := c.checkID("wallet", id); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodDelete, path: c.orgPath("wallets", id),
		safety: idempotent, acceptOnRetry: gone}, nil)
	return err
}

// WalletLedger returns one page of a wallet's ledger
// (get_wallet_ledger_as_user).
func (c *Client) WalletLedger(ctx context.Context, walletID string, f model.LedgerFilter) (model.Page[model.LedgerEvent], error) {
	var page model.Page[model.LedgerEvent]
	if err := c.checkID("wallet", walletID); err != nil {
		return page, err
	}
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("wallets", walletID, "ledger"),
		query: f.Query()}, &page)
	return page, err
}

// LineOfCredit reads one line of credit (get_line_of_credit_summary_as_user).
func (c *Client) LineOfCredit(ctx context.Context, id string) (model.LineOfCredit, error) {
	var l model.LineOfCredit
	if err := c.checkID("line of credit", id); err != nil {
		return l, err
	}
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("lines_of_credit", id, "summary")}, &l)
	return l, err
}

// LinesOfCredit lists the lines of credit of the client's environment
// (get_lines_of_credit_summaries_as_user), asked for and filtered as
// ListWallets is.
func (c *Client) LinesOfCredit(ctx context.Context) ([]model.LineOfCredit, error) {
	var ls []model.LineOfCredit
	q := url.Values{"environment_ids[]": {c.env}}
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("lines_of_credit", "summaries"), query: q}, &ls)
	return inEnvironment(ls, c.env, func(l model.LineOfCredit) string { return l.EnvironmentID }), err
}

// UpdateSandboxLineOfCredit changes a staging line of credit
// (update_sandbox_line_of_credit): its limit in msats, or disabling it,
// which only Voltage's administrators can undo. An update that changes
// nothing, a zero limit and disable: false (which the operation does
// not accept) are refused here without asking.
func (c *Client) UpdateSandboxLineOfCredit(ctx context.Context, lineID string, u model.SandboxCreditUpdate) error {
	if err := c.checkID("line of credit", lineID); err != nil {
		return err
	}
	switch {
	case u.Limit == nil && u.Disable == nil:
		return errors.New("the update changes nothing: give a limit or disable the line")
	case u.Limit != nil && *u.Limit < 1:
		return errors.New("a line of credit's limit is at least 1 msat")
	case u.Disable != nil && !*u.Disable:
		return errors.New("a disabled line of credit cannot be enabled again through the API")
	}
	_, err := c.do(ctx, request{method: http.MethodPatch, path: c.envPath("lines_of_credit", lineID, "sandbox"), body: u,
		safety: idempotent}, nil)
	return err
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

package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// walletChangedMsg is Voltage's answer to a change asked for in a dialog;
// done is what to tell the user when it went through.
type walletChangedMsg struct {
	seq     int // the dialog's
	kind    dialogKind
	created *model.NewWalletRequest // dialogNew: the wallet asked for
	done    string
	err     error
}

// walletsChangedMsg asks the root to read the wallets and lines again at
// once: a change went through.
type walletsChangedMsg struct{}

// policiesMsg carries a wallet's policies.
type policiesMsg struct {
	walletID string
	policies model.WalletPolicies
	err      error
}

// walletReadMsg is a read of a wallet being created.
type walletReadMsg struct {
	id     string
	wallet model.Wallet
	err    error
}

// ask sends the dialog's request; its answer names the dialog.
func (d *dialog) ask(done string, f func(ctx context.Context) error) tea.Cmd {
	ctx, seq, kind := d.requestContext(), d.seq, d.kind
	return func() tea.Msg { return walletChangedMsg{seq: seq, kind: kind, done: done, err: f(ctx)} }
}

func createWallet(d *dialog, b port.Backend, req model.NewWalletRequest) tea.Cmd {
	ask := d.ask("", func(ctx context.Context) error { return b.CreateWallet(ctx, req) })
	return func() tea.Msg {
		msg := ask().(walletChangedMsg)
		msg.created = &req
		return msg
	}
}

func renameWallet(d *dialog, b port.Backend, id, name string) tea.Cmd {
	return d.ask("Renamed the wallet to "+name+".", func(ctx context.Context) error {
		return b.UpdateWallet(ctx, id, model.UpdateWalletRequest{Name: name})
	})
}

func deleteWallet(d *dialog, b port.Backend, w model.Wallet) tea.Cmd {
	return d.ask("Deleted wallet "+w.Name+".", func(ctx context.Context) error { return b.DeleteWallet(ctx, w.ID) })
}

func updatePolicies(d *dialog, b port.Backend, id string, u model.PolicyUpdate) tea.Cmd {
	return d.ask("Saved the policies.", func(ctx context.Context) error { return b.UpdateWalletPolicies(ctx, id, u) })
}

func updateCredit(d *dialog, b port.Backend, lineID string, u model.SandboxCreditUpdate) tea.Cmd {
	return d.ask("Changed the line of credit.", func(ctx context.Context) error {
		return b.UpdateSandboxLineOfCredit(ctx, lineID, u)
	})
}

func fetchPolicies(b port.Backend, id string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		p, err := b.WalletPolicies(ctx, id)
		return policiesMsg{walletID: id, policies: p, err: err}
	}
}

func readWallet(b port.Backend, id string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		w, err := b.GetWallet(ctx, id)
		return walletReadMsg{id: id, wallet: w, err: err}
	}
}

// creation is a wallet Voltage accepted and is making: it is read every
// creationEvery until it is active, or fails, or creationGivesUp passes.
type creation struct {
	req      model.NewWalletRequest
	since    time.Time
	due      time.Time // the next read; zero while one is in flight
	failed   string    // why it could not be made
	timedOut bool
}

const (
	creationEvery   = time.Second
	creationGivesUp = 2 * time.Minute
)

// changed takes Voltage's answer to a dialog's request.
func (w *walletsScreen) changed(msg walletChangedMsg) tea.Cmd {
	d := w.dialog
	if msg.err != nil {
		f := w.s.cfg.Backend.Classify(msg.err)
		if d != nil && d.seq == msg.seq {
			d.refused(f.Sentence, fieldFor(msg.kind, f))
		}
		return nil
	}
	if d != nil && d.seq == msg.seq {
		w.dialog = nil
	}
	changedCmd := func() tea.Msg { return walletsChangedMsg{} }
	if msg.created != nil {
		w.creating = append(w.creating, &creation{req: *msg.created, since: w.s.now, due: w.s.now.Add(creationEvery)})
		return changedCmd
	}
	return tea.Batch(changedCmd, func() tea.Msg { return toastMsg{msg.done} })
}

// fieldFor is the dialog field a refusal belongs to. A refusal of a new
// wallet's name by another name (invalid_request naming "name") is the
// name's; one naming metadata is the metadata's.
func fieldFor(kind dialogKind, f port.Failure) string {
	switch {
	case kind == dialogDelete:
		return "" // wallet_not_empty and the like are about the wallet, not the typed name
	case f.Field != "":
		return f.Field
	case kind == dialogRename:
		return "name"
	}
	return ""
}

// followCreations reads the wallets being created whose read is due.
func (w *walletsScreen) followCreations(now time.Time) tea.Cmd {
	var cmds []tea.Cmd
	for _, c := range w.creating {
		if c.failed == "" && !c.timedOut && !c.due.IsZero() && !now.Before(c.due) {
			c.due = time.Time{}
			cmds = append(cmds, readWallet(w.s.cfg.Backend, c.req.ID))
		}
	}
	return tea.Batch(cmds...)
}

// walletRead takes a read of a wallet being created: active, it joins the
// list at the next refresh (asked for now); failed, it says why; not
// there yet, it is read again.
func (w *walletsScreen) walletRead(msg walletReadMsg) tea.Cmd {
	for i, c := range w.creating {
		if c.req.ID != msg.id {
			continue
		}
		switch {
		case msg.err == nil && msg.wallet.Active:
			w.creating = append(w.creating[:i], w.creating[i+1:]...)
			return tea.Batch(func() tea.Msg { return walletsChangedMsg{} },
				func() tea.Msg { return toastMsg{"Wallet " + c.req.Name + " is ready."} })
		case msg.err == nil && msg.wallet.Error != nil:
			c.failed = "Voltage could not create it: " + msg.wallet.Error.Type
		case msg.err != nil && !w.s.cfg.Backend.Classify(msg.err).NotFound && !w.s.cfg.Backend.Classify(msg.err).Transient:
			c.failed = w.s.cfg.Backend.Classify(msg.err).Sentence
		case !w.s.now.Before(c.since.Add(creationGivesUp)):
			c.timedOut = true
		default:
			c.due = w.s.now.Add(creationEvery)
		}
		return nil
	}
	return nil
}

// creationLines say how each wallet being created stands.
func (w *walletsScreen) creationLines() []string {
	st := w.s.st
	var out []string
	for _, c := range w.creating {
		if _, listed := w.s.wallet(c.req.ID); listed && c.failed == "" {
			continue
		}
		switch {
		case c.failed != "":
			out = append(out, st.Failure.Render("✗ Wallet "+c.req.Name+" was not created: ")+c.failed)
		case c.timedOut:
			out = append(out, st.WarnText.Render("Wallet "+c.req.Name+" is still being created after "+creationGivesUp.String()+"; "+
				keyName(w.s.keys.Refresh)+" shows it once it is active."))
		default:
			out = append(out, st.Pending.Render(spinner(w.s.now)+" creating wallet "+c.req.Name+"…"))
		}
	}
	return out
}

// creationsSpin reports a wallet still being created, drawn with a spinner.
func (w *walletsScreen) creationsSpin() bool {
	for _, c := range w.creating {
		if c.failed == "" && !c.timedOut {
			return true
		}
	}
	return false
}

// creationDue is the next read of a wallet being created.
func (w *walletsScreen) creationDue() time.Time {
	var first time.Time
	for _, c := range w.creating {
		if c.failed == "" && !c.timedOut {
			first = earliest(first, c.due)
		}
	}
	return first
}

package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// runner carries one command's run: its options, settings and backend.
type runner struct {
	d     Deps
	cmd   command
	o     options
	args  []string
	given map[string]bool // the flags given on the command line, by name
	set   config.Settings
	b     port.Backend
	// until is when pay gives up, by d.Clock, its requests included: a
	// server that never answers costs --timeout, not a request's own bound
	// after it. Zero: each request has its own bound only.
	until time.Time

	price pricing           // the price service and the quote of this run, asked for once
	link  *linkPay          // pay of a Lightning Address or LNURL: what its service asked to show once paid
	meta  map[string]string // pay: --metadata, read and checked before anything is asked

	stdin         *bufio.Reader // read once, so that a second question gets its own answer
	journalWarned atomic.Bool   // a failed journal write was reported (resume follows sends side by side)

	// ctx ends every request and wait of a run that catches Ctrl-C (nil:
	// one that does not); intr is where that run stands, for its report.
	ctx  context.Context
	intr interruption
}

// exitKinds name the exit codes in JSON errors.
var exitKinds = map[int]string{ExitFailed: "failed", ExitUsage: "usage", ExitAuth: "auth",
	ExitNetwork: "network", ExitPending: "pending", ExitLocal: "local", ExitInterrupted: "interrupted"}

// fail reports a problem in one sentence and returns its exit code: on
// stderr, or as JSON on stdout for scripts that asked for JSON (under
// --ndjson, one line, the last of the stream).
func (r *runner) fail(code int, format string, args ...any) int {
	if !r.settle() {
		return ExitInterrupted // what failed was cut short: the interruption is reported instead
	}
	if r.o.json || r.o.ndjson {
		msg := model.RedactKeys(fmt.Sprintf(format, args...))
		e := map[string]any{"error": map[string]string{"kind": exitKinds[code], "message": msg}}
		if r.o.json {
			r.printJSON(e)
		} else {
			line, _ := json.Marshal(e)
			fmt.Fprintln(r.d.Stdout, string(line))
		}
	} else {
		say(r.d.Stderr, "voltdash: "+format+"\n", args...)
	}
	return code
}

// failErr reports an error from the backend with the exit code its kind
// calls for.
func (r *runner) failErr(what string, err error) int {
	f := r.b.Classify(err)
	code := ExitUsage
	switch {
	case f.Auth:
		code = ExitAuth
	case f.Transient, f.Unknown, f.Unreadable:
		code = ExitNetwork
	}
	return r.fail(code, "%s: %s", what, f.Sentence)
}

func (r *runner) printJSON(v any) {
	b, _ := json.MarshalIndent(v, "", "  ")
	fmt.Fprintln(r.d.Stdout, string(b))
}

// settings resolves the account and display settings.
func (r *runner) settings() (int, bool) {
	path := r.o.configPath
	if path == "" {
		path = config.DefaultPath(r.d.Getenv)
	}
	f, err := config.Load(path)
	if err != nil {
		return r.fail(ExitUsage, "%v", err), false
	}
	if r.o.demo {
		demo, err := r.d.Demo()
		if err != nil {
			return r.fail(ExitAuth, "%v", err), false
		}
		if r.set, err = config.OnDemo(demo, f, r.o.Overrides, config.Env{Getenv: r.d.Getenv}); err != nil {
			return r.fail(ExitUsage, "%v", err), false
		}
		return 0, true
	}
	s, err := config.Resolve(f, r.o.Overrides, config.Env{Getenv: r.d.Getenv})
	for _, w := range s.Warnings {
		r.info("voltdash: warning: %s", w)
	}
	if err != nil {
		return r.fail(ExitUsage, "%v", err), false
	}
	r.set = s
	return 0, true
}

// connect resolves the settings and opens the account.
func (r *runner) connect() (int, bool) {
	if code, ok := r.settings(); !ok {
		return code, false
	}
	if !r.set.HasAccount() {
		return r.fail(ExitAuth, "no account is configured: set VOLTAGE_API_KEY, VOLTAGE_ORGANIZATION_ID and "+
			"VOLTAGE_ENVIRONMENT_ID, or run voltdash config init (or add --demo to use a running demo)"), false
	}
	b, err := r.d.Connect(r.set)
	var local *LocalError
	switch {
	case errors.As(err, &local):
		return r.fail(ExitLocal, "%v", err), false
	case err != nil:
		return r.fail(ExitUsage, "%v", err), false
	}
	r.b = b
	return 0, true
}

// requestLimit bounds one request, its retries included.
const requestLimit = 30 * time.Second

// call runs one request of r with a bound on its time: requestLimit, or
// what is left until r.until.
func call[T any](r *runner, f func(ctx context.Context) (T, error)) (T, error) {
	limit := requestLimit
	if !r.until.IsZero() {
		limit = min(limit, max(r.until.Sub(r.d.Clock.Now()), 0))
	}
	parent := r.ctx
	if parent == nil {
		parent = context.Background()
	}
	if err := parent.Err(); err != nil {
		var none T
		return none, err // interrupted: nothing more is asked
	}
	ctx, cancel := context.WithTimeout(parent, limit)
	defer cancel()
	return f(ctx)
}

// giveUpAfter bounds what follows, requests and waits, to timeout from now.
func (r *runner) giveUpAfter(timeout time.Duration) { r.until = r.d.Clock.Now().Add(timeout) }

// namedExactly reports whether want is w's id or whole name (in any case,
// or as the tables print it).
func namedExactly(w model.Wallet, want string) bool {
	return w.ID == want || strings.EqualFold(w.Name, want) || strings.EqualFold(display(w.Name), want)
}

// wallet finds the wallet --wallet names: by id, by name, or by the start
// of a name; with no --wallet, the only wallet there is. A name two
// wallets answer to (in another case, or with invisible characters that
// the tables do not print) names neither: each is named by its id.
func (r *runner) wallet() (model.Wallet, int, bool) {
	ws, err := call(r, r.b.ListWallets)
	if err != nil {
		return model.Wallet{}, r.failErr("listing wallets", err), false
	}
	names := make([]string, len(ws))
	for i, w := range ws {
		names[i] = w.Name
	}
	want := strings.TrimSpace(r.o.wallet)
	if want == "" {
		if len(ws) == 1 {
			return ws[0], 0, true
		}
		return model.Wallet{}, r.fail(ExitUsage, "choose a wallet with --wallet (%s)", strings.Join(names, ", ")), false
	}
	var exact, prefixed []model.Wallet
	for _, w := range ws {
		shown := display(w.Name) // as the tables print it: a name with invisible characters is typed as seen
		switch {
		case w.ID == want:
			return w, 0, true
		case namedExactly(w, want):
			exact = append(exact, w)
		case strings.HasPrefix(strings.ToLower(w.Name), strings.ToLower(want)) || strings.HasPrefix(strings.ToLower(shown), strings.ToLower(want)):
			prefixed = append(prefixed, w)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], 0, true
	case len(exact) > 1:
		ids := make([]string, len(exact))
		for i, w := range exact {
			ids[i] = w.ID
		}
		return model.Wallet{}, r.fail(ExitUsage, "%d wallets are called %q: name one by its id (%s)", len(exact), want, strings.Join(ids, ", ")), false
	case len(prefixed) == 1:
		return prefixed[0], 0, true
	}
	return model.Wallet{}, r.fail(ExitUsage, "no single wallet matches %q (wallets: %s)", want, strings.Join(names, ", ")), false
}

// errNotFinal is returned by wait when its time runs out.
var errNotFinal = errors.New("not final yet")

// wait polls a payment on the shared schedule until it is final, or until
// timeout; it reports each new status through seen. last is the payment as
// last read, if it has been: the first poll then waits its turn instead of
// asking again at once.
func (r *runner) wait(id string, last model.Payment, created time.Time, timeout time.Duration, seen func(model.Payment)) (model.Payment, error) {
	deadline := r.d.Clock.Now().Add(timeout)
	if !r.until.IsZero() && r.until.Before(deadline) {
		deadline = r.until
	}
	if last.Status != "" && seen != nil {
		seen(last)
	}
	misses := 0
	for !last.Status.IsFinal() {
		status := last.Status
		if status == "" {
			status = model.StatusSending
		}
		delay, _ := model.NextPoll(r.d.Clock.Now().Sub(created), status)
		if r.d.Clock.Now().Add(delay).After(deadline) {
			return last, errNotFinal
		}
		if !r.sleep(delay) {
			return last, r.ctx.Err()
		}
		p, err := call(r, func(ctx context.Context) (model.Payment, error) { return r.b.GetPayment(ctx, id) })
		switch {
		case err == nil:
			misses = 0
			if p.Status != last.Status && seen != nil {
				seen(p)
			}
			last = p
		case r.b.Classify(err).NotFound && misses < model.NeverArrivedAfter:
			misses++ // not visible yet, or never arrived: a few more looks
		case r.b.Classify(err).Transient:
		default:
			return last, err
		}
	}
	return last, nil
}

package cli

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// ctrlC is the program's Ctrl-C, pressed by a test where it chooses: the
// commands' Deps.Interrupts hands it the first press's callback.
type ctrlC struct {
	first    func()
	presses  int
	released bool
}

func (c *ctrlC) deps(d *Deps) {
	d.Interrupts = func(first func()) func() {
		c.first = first
		return func() { c.released = true }
	}
}

func (c *ctrlC) press() { c.presses++; c.first() }

// pressedAtQuestion is a terminal where Ctrl-C is pressed instead of an
// answer: reading presses it, then nothing more is typed.
type pressedAtQuestion struct {
	c    *ctrlC
	held chan struct{}
}

func (p pressedAtQuestion) Read([]byte) (int, error) {
	p.c.press()
	<-p.held
	return 0, io.EOF
}

// sendingNow is the send as Voltage has it, not final.
func sendingNow(id string) model.Payment {
	return model.Payment{ID: id, WalletID: payoutsID, Direction: model.Send, Kind: model.Bolt11, Status: model.StatusSending, CreatedAt: t0}
}

// TestCtrlCDuringPay presses Ctrl-C at each stage of a pay: each exits
// 130 saying whether the payment may have gone out, with its id and what
// follows it once it may have; nothing is sent twice, nothing after the
// press is sent at all, and the run's context is what ended its wait.
func TestCtrlCDuringPay(t *testing.T) {
	inv := signetInvoice(t, model.Sats(2100), "Tea")
	cases := []struct {
		name    string
		arrange func(t *testing.T, b *fakeBackend, c *ctrlC, d *Deps)
		sends   int
		want    []string // in the message
		sent    string   // --json's sent
	}{
		{"at the question", func(t *testing.T, b *fakeBackend, c *ctrlC, d *Deps) {
			held := make(chan struct{})
			t.Cleanup(func() { close(held) })
			d.Stdin, d.Interactive = pressedAtQuestion{c, held}, true
		}, 0, []string{"interrupted: nothing was sent"}, "no"},
		{"during the policy check", func(t *testing.T, b *fakeBackend, c *ctrlC, d *Deps) {
			b.verdict = func(req model.SendRequest) model.Payment {
				c.press()
				return model.Payment{ID: req.ID, Status: model.StatusSending, Metadata: req.Metadata}
			}
		}, 0, []string{"interrupted: nothing was sent"}, "no"},
		{"during the send", func(t *testing.T, b *fakeBackend, c *ctrlC, d *Deps) {
			b.onSend = func(ctx context.Context) {
				c.press()
				if ctx.Err() == nil {
					t.Error("the send's request went on after Ctrl-C")
				}
			}
			b.send = func(rec model.SendRecord) (model.SendRecord, error) { // as the sender answers a request cut short
				rec.State, rec.CreatedAt = model.SendRecorded, t0
				return rec, failure{port.Failure{Sentence: "it is not yet known whether Voltage has the payment", Unknown: true}}
			}
		}, 1, []string{"may have gone out", "the send journal keeps it", "--wait", "voltdash resume"}, "maybe"},
		{"while following", func(t *testing.T, b *fakeBackend, c *ctrlC, d *Deps) {
			b.get = func(id string) (model.Payment, error) {
				if c.presses == 0 {
					c.press()
				}
				return sendingNow(id), nil
			}
		}, 1, []string{"was sent and is not final yet", "--wait", "voltdash resume"}, "yes"},
	}
	for _, tc := range cases {
		for _, asJSON := range []bool{false, true} {
			t.Run(tc.name+map[bool]string{true: " --json"}[asJSON], func(t *testing.T) {
				b := &fakeBackend{wallets: wallets("Till", "Payouts")}
				c := &ctrlC{}
				args := []string{"pay", "--wallet", "Payouts", inv}
				if tc.name != "at the question" {
					args = append(args, "--yes")
				}
				if asJSON {
					args = append(args, "--json")
				}
				r := runWithDeps(b, "", func(d *Deps) { c.deps(d); tc.arrange(t, b, c, d) }, args...)
				if r.code != ExitInterrupted || c.presses != 1 || !c.released || len(b.sent) != tc.sends {
					t.Fatalf("exit %d, %d presses, released %v, %d sends: %s %s", r.code, c.presses, c.released, len(b.sent), r.stdout, r.stderr)
				}
				id, want := "", tc.want
				if tc.sends > 0 {
					id = b.sent[0].ID
					want = append(want[:len(want):len(want)], "payment "+id, "voltdash status "+id+" --wait")
				}
				msg := r.stderr
				if asJSON {
					var got struct {
						Error interruptJSON `json:"error"`
					}
					if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
						t.Fatalf("not one JSON document: %v\n%s", err, r.stdout)
					}
					e := got.Error
					if e.Kind != "interrupted" || e.Sent != tc.sent || e.PaymentID != id {
						t.Errorf("error %+v", e)
					}
					if id != "" && strings.Join(e.FollowUp, "|") != "voltdash status "+id+" --wait|voltdash resume" {
						t.Errorf("follow_up %q", e.FollowUp)
					}
					msg = e.Message
				} else if strings.Count(r.stderr, "voltdash: ") != 1 || !strings.HasSuffix(r.stderr, "\n") {
					t.Errorf("one report, and only one, ends the run:\n%s", r.stderr)
				}
				for _, w := range want {
					if !strings.Contains(msg, w) {
						t.Errorf("the report lacks %q:\n%s", w, msg)
					}
				}
				if strings.Contains(r.stderr, "context canceled") || strings.Contains(r.stderr, "did not confirm") {
					t.Errorf("what Ctrl-C cut short was reported as a failure:\n%s", r.stderr)
				}
			})
		}
	}
}

// TestCtrlCAfterTheQuestionStartsItsOwnLine: the terminal echoed ^C on
// the question's line; the report does not run on after it.
func TestCtrlCAfterTheQuestionStartsItsOwnLine(t *testing.T) {
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	c := &ctrlC{}
	held := make(chan struct{})
	defer close(held)
	r := runWithDeps(b, "", func(d *Deps) {
		c.deps(d)
		d.Stdin, d.Interactive = pressedAtQuestion{c, held}, true
	}, "pay", "--wallet", "Payouts", signetInvoice(t, model.Sats(2100), "Tea"))
	if !strings.HasSuffix(r.stderr, "Pay? [y/N] \nvoltdash: interrupted: nothing was sent.\n") {
		t.Errorf("stderr:\n%q", r.stderr)
	}
}

// TestCtrlCAfterPayIsDone: a Ctrl-C that comes once the outcome is
// printed changes nothing, and a pay never interrupted exits as before.
func TestCtrlCAfterPayIsDone(t *testing.T) {
	b := &fakeBackend{wallets: wallets("Till", "Payouts")}
	b.get = func(string) (model.Payment, error) { return completed(b.sent[0], nil), nil }
	c := &ctrlC{}
	r := runWithDeps(b, "", c.deps, "pay", "--wallet", "Payouts", "--yes", signetInvoice(t, model.Sats(2100), "Tea"))
	if r.code != ExitOK || !strings.HasPrefix(r.stdout, "✓ Sent 2,100 sats") || !c.released {
		t.Fatalf("%d %s %s", r.code, r.stdout, r.stderr)
	}
	c.press() // after the run: nothing left to interrupt, and nothing breaks
}

// TestCtrlCDuringInvoiceWait: invoice --wait stops waiting and says the
// invoice can still be paid, with its id and the command that follows it.
func TestCtrlCDuringInvoiceWait(t *testing.T) {
	for _, asJSON := range []bool{false, true} {
		b := &fakeBackend{wallets: wallets("Till", "Payouts")}
		c := &ctrlC{}
		reads := 0
		b.get = func(id string) (model.Payment, error) {
			if reads++; reads == 2 { // the first read is the new invoice's; the second, the wait's
				c.press()
			}
			return model.Payment{ID: id, WalletID: tillID, Direction: model.Receive, Kind: model.Bolt11, Status: model.StatusReceiving,
				CreatedAt: t0, Data: model.ReceiveBolt11Data{PaymentRequest: "lntbs1fakeinvoice"}}, nil
		}
		args := []string{"invoice", "--wallet", "Till", "--amount", "1000", "--wait", "--no-qr"}
		if asJSON {
			args = append(args, "--json")
		}
		r := runWithDeps(b, "", c.deps, args...)
		if r.code != ExitInterrupted || len(b.receives) != 1 {
			t.Fatalf("exit %d, %d receives: %s %s", r.code, len(b.receives), r.stdout, r.stderr)
		}
		id := b.receives[0].ID
		want := "interrupted: stopped waiting for payment " + id + ", which can still be paid until "
		if asJSON {
			docs := json.NewDecoder(strings.NewReader(r.stdout))
			var shown, failed map[string]any
			if docs.Decode(&shown) != nil || docs.Decode(&failed) != nil || shown["id"] != id {
				t.Fatalf("stdout is not the invoice, then the failure:\n%s", r.stdout)
			}
			e, _ := failed["error"].(map[string]any)
			if e["kind"] != "interrupted" || e["payment_id"] != id || e["sent"] != nil ||
				!strings.HasPrefix(e["message"].(string), want) || len(e["follow_up"].([]any)) != 1 {
				t.Errorf("error %v", e)
			}
			continue
		}
		if !strings.Contains(r.stderr, "voltdash: "+want) || !strings.HasSuffix(r.stderr, ".\nFollow it with: voltdash status "+id+" --wait\n") {
			t.Errorf("stderr:\n%s", r.stderr)
		}
	}
}

// TestRelay: the first Ctrl-C goes to first, however long it takes; a
// second goes to again at once; after stop nothing is passed on.
func TestRelay(t *testing.T) {
	sigs := make(chan os.Signal)
	firstBegan, firstMayEnd, again := make(chan struct{}), make(chan struct{}), make(chan struct{})
	stop := Relay(sigs, func() { close(firstBegan); <-firstMayEnd }, func() { again <- struct{}{} })
	sigs <- syscall.SIGINT
	<-firstBegan
	sigs <- syscall.SIGINT // first has not returned: the second is heard all the same
	<-again
	sigs <- syscall.SIGINT
	<-again
	close(firstMayEnd)
	stop()
	select {
	case sigs <- syscall.SIGINT:
		t.Error("a Ctrl-C was taken after stop")
	default:
	}
	stop() // twice is fine
}

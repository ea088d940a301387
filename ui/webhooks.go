package ui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/keys"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// webhooksScreen is a console for the environment's webhooks: each one's
// deliveries, how they have gone, a delivery's body and attempts, and the
// actions on both.
type webhooksScreen struct {
	s             *session
	width, height int

	hooks    []model.Webhook
	loaded   bool
	loadErr  string
	refresh  schedule
	cursor   int
	inList   bool // the cursor is in the deliveries, not the webhooks
	dcursor  int
	detail   *model.WebhookDelivery
	of       map[string]*hookDeliveries // by webhook
	dialog   *dialog
	confirm  *pending     // an action waiting for y
	secret   *shownSecret // a new signing secret, shown until dismissed and never kept
	visited  bool         // the screen has been shown: from then on it reads while it is
	onScreen bool         // it is the screen shown, as of the last wake asked
}

// hookDeliveries are a webhook's newest deliveries and their counts.
type hookDeliveries struct {
	items   []model.WebhookDelivery
	counts  map[model.DeliveryStatus]uint64
	err     string
	loading bool
}

// pending is an action the user is asked to confirm with y.
type pending struct {
	question string
	run      tea.Cmd
}

// shownSecret is a signing secret shown once.
type shownSecret struct{ hook, value string }

// deliveriesShown is how many of a webhook's newest deliveries are read.
const deliveriesShown = 50

// webhooksEvery is how often the console reads again while shown.
const webhooksEvery = 10 * time.Second

type (
	webhooksMsg struct {
		hooks []model.Webhook
		err   error
	}
	deliveriesMsg struct {
		hookID string
		items  []model.WebhookDelivery
		counts map[model.DeliveryStatus]uint64
		err    error
	}
	webhookDoneMsg struct {
		done   string // what to say when it went through
		secret *shownSecret
		dialog dialogKind // the dialog that asked, if one did
		seq    int        // and which one
		err    error
	}
)

func newWebhooks(s *session) *webhooksScreen {
	return &webhooksScreen{s: s, of: map[string]*hookDeliveries{}, refresh: schedule{every: webhooksEvery, due: s.now}}
}

func (w *webhooksScreen) title() string        { return "Webhooks" }
func (w *webhooksScreen) setSize(width, h int) { w.width, w.height = width, h }
func (w *webhooksScreen) capturing() bool      { return w.dialog != nil }

func (w *webhooksScreen) shortHelp() []key.Binding {
	k := w.s.keys
	switch {
	case w.dialog != nil:
		return []key.Binding{k.NextField, keys.Described(k.Submit, w.dialog.verb), k.Cancel}
	case w.confirm != nil:
		return []key.Binding{keys.Described(k.Confirm, "yes"), keys.Described(k.Cancel, "no")}
	case w.secret != nil:
		return []key.Binding{k.CopySecret, keys.Described(k.Cancel, "hide it")}
	case w.detail != nil:
		return []key.Binding{k.RetryDelivery, k.AbandonDelivery, k.Back}
	case w.inList:
		return []key.Binding{keys.Described(k.Select, "open"), k.RetryDelivery, k.AbandonDelivery, k.Back}
	}
	return []key.Binding{keys.Described(k.Select, "deliveries"), k.NewWebhook, k.StartStop, k.TestWebhook}
}

func (w *webhooksScreen) fullHelp() [][]key.Binding {
	k := w.s.keys
	return [][]key.Binding{k.Lists(),
		{keys.Described(k.Select, "the webhook's deliveries; a delivery's body and attempts"), k.NewWebhook, k.EditWebhook,
			k.DeleteWebhook, k.StartStop, keys.Described(k.TestWebhook, "send a test event"), keys.Described(k.RotateKey, "rotate the signing key")},
		{keys.Described(k.RetryDelivery, "retry a failed delivery"), keys.Described(k.AbandonDelivery, "abandon it"),
			keys.Described(k.CopySecret, "copy a new secret"), k.Back}}
}

func (w *webhooksScreen) status() string {
	if !w.loaded {
		return ""
	}
	return w.s.st.Status.Render(itoa(len(w.hooks)) + " webhooks · deliveries refresh every " + webhooksEvery.String() + " while shown")
}

// entered reads the webhooks when the screen is shown.
func (w *webhooksScreen) entered() {
	w.visited = true
	w.refresh.soon(w.s.now)
}

func (w *webhooksScreen) wake(now time.Time, shown bool) time.Time {
	w.onScreen = shown // the root asks after every message, the tab switch included
	if !shown {
		return time.Time{}
	}
	at := w.refresh.wakeAt()
	if w.spins() {
		at = earliest(at, nextFrame(now))
	}
	return at
}

func (w *webhooksScreen) spins() bool {
	if !w.loaded && w.loadErr == "" {
		return true
	}
	if w.dialog != nil && w.dialog.busy {
		return true
	}
	if h := w.current(); h != nil {
		if d := w.of[h.ID]; d == nil || (d.loading && d.items == nil) {
			return true
		}
	}
	return false
}

func (w *webhooksScreen) current() *model.Webhook {
	if w.cursor < len(w.hooks) {
		return &w.hooks[w.cursor]
	}
	return nil
}

func (w *webhooksScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return w.key(msg)
	case tickMsg:
		if w.visited && w.onScreen && w.refresh.ready(time.Time(msg)) {
			return w.read(time.Time(msg))
		}
	case refreshMsg:
		w.refresh.soon(w.s.now)
	case webhooksMsg:
		w.refresh.done(w.s.now, msg.err != nil)
		if msg.err != nil {
			w.loadErr = w.s.cfg.Backend.Classify(msg.err).Sentence
			return nil
		}
		w.hooks, w.loaded, w.loadErr = msg.hooks, true, ""
		w.cursor = min(w.cursor, max(len(w.hooks)-1, 0))
		return w.readDeliveries()
	case deliveriesMsg:
		d := w.deliveriesOf(msg.hookID)
		d.loading = false
		if msg.err != nil {
			d.err = w.s.cfg.Backend.Classify(msg.err).Sentence
			return nil
		}
		d.items, d.counts, d.err = msg.items, msg.counts, ""
		w.dcursor = min(w.dcursor, max(len(d.items)-1, 0))
	case webhookDoneMsg:
		return w.done(msg)
	}
	return nil
}

func (w *webhooksScreen) deliveriesOf(id string) *hookDeliveries {
	d, ok := w.of[id]
	if !ok {
		d = &hookDeliveries{}
		w.of[id] = d
	}
	return d
}

// read asks for the webhooks; their deliveries follow.
func (w *webhooksScreen) read(now time.Time) tea.Cmd {
	w.refresh.start(now)
	b := w.s.cfg.Backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		hs, err := b.ListWebhooks(ctx, model.WebhookFilter{})
		return webhooksMsg{hs, err}
	}
}

// readDeliveries reads the deliveries of the webhook under the cursor, and
// how many there are in each status.
func (w *webhooksScreen) readDeliveries() tea.Cmd {
	h := w.current()
	if h == nil {
		return nil
	}
	w.deliveriesOf(h.ID).loading = true
	b, id := w.s.cfg.Backend, h.ID
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		page, err := b.WebhookDeliveries(ctx, id, model.DeliveryFilter{Limit: deliveriesShown, SortKey: "created_at", SortOrder: model.Descending})
		if err != nil {
			return deliveriesMsg{hookID: id, err: err}
		}
		counts := map[model.DeliveryStatus]uint64{}
		for _, s := range model.DeliveryStatuses {
			sum, err := b.DeliverySummary(ctx, id, []model.DeliveryStatus{s})
			if err != nil {
				return deliveriesMsg{hookID: id, err: err}
			}
			counts[s] = sum.TotalCount
		}
		return deliveriesMsg{hookID: id, items: page.Items, counts: counts}
	}
}

// act runs one change and reports it.
func act(done string, f func(ctx context.Context) error) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		return webhookDoneMsg{done: done, err: f(ctx)}
	}
}

func (w *webhooksScreen) done(msg webhookDoneMsg) tea.Cmd {
	if msg.err != nil {
		f := w.s.cfg.Backend.Classify(msg.err)
		if d := w.dialog; d != nil && d.seq == msg.seq && msg.seq != 0 {
			d.refused(f.Sentence, webhookField(f))
			return nil
		}
		return func() tea.Msg { return toastMsg{"Not done: " + f.Sentence} }
	}
	if d := w.dialog; d != nil && d.seq == msg.seq && msg.seq != 0 {
		w.dialog = nil
	}
	w.secret = msg.secret
	w.refresh.soon(w.s.now)
	return func() tea.Msg { return toastMsg{msg.done} }
}

// webhookField is the form field a refusal blames: the API names the
// request's properties.
func webhookField(f port.Failure) string {
	switch f.Field {
	case "url", "name", "events":
		return f.Field
	}
	return ""
}

func (w *webhooksScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := w.s.keys
	switch {
	case w.dialog != nil:
		return w.dialogKey(msg)
	case w.confirm != nil:
		c := w.confirm
		w.confirm = nil
		if key.Matches(msg, k.Confirm) {
			return c.run
		}
		return nil
	case w.secret != nil:
		if key.Matches(msg, k.CopySecret) {
			return copyCmd(w.s.cfg.Terminal, "signing secret", w.secret.value)
		}
		if key.Matches(msg, k.Cancel) {
			w.secret = nil // never kept past being shown
		}
		return nil
	case w.detail != nil || w.inList:
		return w.deliveryKey(msg)
	}
	h := w.current()
	switch {
	case key.Matches(msg, k.Up) && w.cursor > 0:
		w.cursor--
		return w.readDeliveries()
	case key.Matches(msg, k.Down) && w.cursor < len(w.hooks)-1:
		w.cursor++
		return w.readDeliveries()
	case key.Matches(msg, k.NewWebhook) && w.loaded:
		w.openWebhookForm(nil)
	case h == nil:
	case key.Matches(msg, k.Select):
		w.inList, w.dcursor = true, 0
	case key.Matches(msg, k.EditWebhook):
		w.openWebhookForm(h)
	case key.Matches(msg, k.DeleteWebhook):
		w.openDeleteWebhook(*h)
	case key.Matches(msg, k.TestWebhook):
		ev, id := model.NewTestEvent("a test event from voltdash"), h.ID
		return act("Sent a test event to "+h.Name+"; its delivery shows below.", func(ctx context.Context) error {
			return w.s.cfg.Backend.TestWebhook(ctx, id, ev)
		})
	case key.Matches(msg, k.StartStop):
		id, b := h.ID, w.s.cfg.Backend
		if h.Status == model.WebhookActive {
			w.confirm = &pending{"Stop webhook " + h.Name + "? Voltage stops posting to it.", act("Stopped "+h.Name+".", func(ctx context.Context) error {
				return b.StopWebhook(ctx, id)
			})}
		} else {
			w.confirm = &pending{"Start webhook " + h.Name + " again?", act("Started "+h.Name+".", func(ctx context.Context) error {
				return b.StartWebhook(ctx, id)
			})}
		}
	case key.Matches(msg, k.RotateKey):
		id, name, b := h.ID, h.Name, w.s.cfg.Backend
		w.confirm = &pending{"Rotate the signing key of " + name + "? Your receiver needs the new secret.", func() tea.Msg {
			ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
			defer cancel()
			sec, err := b.GenerateWebhookKey(ctx, id)
			return webhookDoneMsg{done: "Rotated the signing key of " + name + ".", secret: &shownSecret{name, sec.SharedSecret}, err: err}
		}}
	}
	return nil
}

// deliveryKey moves in the deliveries and acts on the one chosen.
func (w *webhooksScreen) deliveryKey(msg tea.KeyMsg) tea.Cmd {
	k := w.s.keys
	h := w.current()
	if h == nil {
		w.inList, w.detail = false, nil
		return nil
	}
	items := w.deliveriesOf(h.ID).items
	switch {
	case key.Matches(msg, k.Back):
		if w.detail != nil {
			w.detail = nil
		} else {
			w.inList = false
		}
		return nil
	case w.detail == nil && key.Matches(msg, k.Up):
		w.dcursor = max(w.dcursor-1, 0)
		return nil
	case w.detail == nil && key.Matches(msg, k.Down):
		w.dcursor = min(w.dcursor+1, max(len(items)-1, 0))
		return nil
	}
	if w.dcursor >= len(items) {
		return nil
	}
	d := items[w.dcursor]
	if w.detail != nil {
		d = *w.detail
	}
	b, hookID := w.s.cfg.Backend, h.ID
	switch {
	case w.detail == nil && key.Matches(msg, k.Select):
		w.detail = &d
	case key.Matches(msg, k.RetryDelivery):
		if d.Status != model.DeliveryFailed && d.Status != model.DeliveryAbandoned {
			return func() tea.Msg {
				return toastMsg{"Only a failed or abandoned delivery can be retried; this one " + string(d.Status) + "."}
			}
		}
		w.confirm = &pending{"Retry delivery " + short(d.ID) + " (" + d.Event() + ") now?", act("Retrying delivery "+short(d.ID)+".",
			func(ctx context.Context) error { return b.RetryDelivery(ctx, hookID, d.ID) })}
	case key.Matches(msg, k.AbandonDelivery):
		if d.Status != model.DeliveryFailed && d.Status != model.DeliveryAttempting {
			return func() tea.Msg { return toastMsg{"Only a failed delivery, or one being retried, can be abandoned."} }
		}
		w.confirm = &pending{"Abandon delivery " + short(d.ID) + "? Voltage stops trying it.", act("Abandoned delivery "+short(d.ID)+".",
			func(ctx context.Context) error { return b.AbandonDelivery(ctx, hookID, d.ID) })}
	}
	return nil
}

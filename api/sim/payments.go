package sim

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"sort"
	"time"

	"github.com/voltdash/voltdash/model"
)

// payment is a payment with what the simulator knows beyond its API view.
type payment struct {
	model.Payment
	history   []model.PaymentEvent
	visibleAt time.Time // a fault can hide a new payment for a while

	// Receives.
	hash, preimage string
	expiresAt      time.Time
	autopay        bool

	// Sends.
	amount, maxFee model.MilliSats
	holdID         string
	hash2pay       string    // payment hash of the invoice being paid
	invoiceExpiry  time.Time // zero for on-chain
	target         *payment  // the receive being paid, when it is one of ours
	onchain        bool
}

func (s *Sim) addPayment(p *payment) {
	p.PaymentCategory = "standard" // treasury movements are not simulated
	if p.Direction == model.Send {
		p.Route = "direct"
	}
	s.payments[p.ID] = p
	s.byTime = append(s.byTime, p)
	if p.hash != "" {
		s.invoices[p.hash] = p
	}
}

// transition moves a payment to a new status, records the event, and
// tells webhooks. A move the life cycle does not allow is ignored, so a
// late timer can never undo a final state.
func (s *Sim) transition(p *payment, to model.Status, event string, perr *model.PaymentError, at time.Time) bool {
	if p.Status == to || !model.CanTransition(p.Direction, p.Status, to) {
		return false
	}
	p.Status, p.UpdatedAt = to, at
	if perr != nil {
		p.Error = perr
	}
	detail := ""
	if perr != nil {
		detail = perr.Detail
		if detail == "" {
			detail = perr.Type
		}
	}
	s.record(p, event, detail, at)
	s.notify(p)
	return true
}

func (s *Sim) record(p *payment, event, errText string, at time.Time) {
	p.history = append(p.history, model.PaymentEvent{EventType: event, Error: model.NullString(errText),
		Time: at, Position: int64(len(p.history))})
}

// after runs f under the lock after d on the simulator's clock, unless the
// simulator has been closed.
func (s *Sim) after(d time.Duration, f func(now time.Time)) {
	s.clock.AfterFunc(d, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.stopped {
			f(s.clock.Now())
		}
	})
}

// listPayments filters, sorts and pages the visible payments, by offset
// or, when asked, by cursor.
func (s *Sim) listPayments(f model.PaymentFilter, now time.Time) (model.Page[model.Payment], *apiError) {
	matched := make([]*payment, 0, 64)
	for _, p := range s.byTime {
		if !now.Before(p.visibleAt) && f.Matches(p.Payment) {
			matched = append(matched, p)
		}
	}
	key := func(p *payment) time.Time { return p.CreatedAt }
	if f.SortKey == "updated_at" {
		key = func(p *payment) time.Time { return p.UpdatedAt }
	}
	asc := f.SortOrder == model.Ascending
	sort.SliceStable(matched, func(i, j int) bool {
		if asc {
			return key(matched[i]).Before(key(matched[j]))
		}
		return key(matched[j]).Before(key(matched[i]))
	})
	if f.Cursor != "" || f.CursorPaging {
		return cursorPage(matched, f, key)
	}
	pg := page(matched, f.Offset, f.Limit)
	out := model.Page[model.Payment]{Items: make([]model.Payment, len(pg.Items)), Offset: pg.Offset, Limit: pg.Limit, Total: pg.Total}
	for i, p := range pg.Items {
		out.Items[i] = p.Payment
	}
	return out, nil
}

// A cursor names the last payment of a page (its sort time and id) and the
// filters and sort it was made for: the next page starts after that
// payment, however many arrived meanwhile, and a cursor used with other
// filters is refused, as get_payments documents.
type cursor struct {
	Time   time.Time `json:"t"`
	ID     string    `json:"id"`
	Filter string    `json:"f"`
}

// filterKey is what a cursor is bound to: every filter and the sort.
func filterKey(f model.PaymentFilter) string {
	f.Offset, f.Limit, f.Cursor, f.CursorPaging = 0, 0, "", false
	b, _ := json.Marshal(f)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func cursorPage(matched []*payment, f model.PaymentFilter, key func(*payment) time.Time) (model.Page[model.Payment], *apiError) {
	start := 0
	if f.Cursor != "" {
		raw, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		var c cursor
		if err != nil || json.Unmarshal(raw, &c) != nil || c.Filter != filterKey(f) {
			return model.Page[model.Payment]{}, errf(http.StatusBadRequest, "invalid_cursor",
				"the cursor is not one this list made for these filters").with("field", "cursor").
				with("recovery", "start again with pagination=cursor and the same filters and sort")
		}
		start = len(matched)
		for i, p := range matched {
			if p.ID == c.ID && key(p).Equal(c.Time) {
				start = i + 1
				break
			}
		}
	}
	limit := f.Limit
	if limit == 0 {
		limit = 100
	}
	end := min(start+limit, len(matched))
	out := model.Page[model.Payment]{Items: []model.Payment{}, Limit: limit, Cursored: true, HasMore: end < len(matched)}
	for _, p := range matched[start:end] {
		out.Items = append(out.Items, p.Payment)
	}
	if out.HasMore && end > start {
		last := matched[end-1]
		b, _ := json.Marshal(cursor{Time: key(last), ID: last.ID, Filter: filterKey(f)})
		out.NextCursor = base64.RawURLEncoding.EncodeToString(b)
	}
	return out, nil
}

package sim

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
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
	// invoiceAs changes the invoice issue signs: the Lightning Address
	// service commits it to a description hash (LUD-06), and its faults
	// spoil it. Nil for receives made through the API.
	invoiceAs func(*invoiceSpec)

	// Sends.
	amount, maxFee model.MilliSats
	holdID         string
	hash2pay       string    // payment hash of the invoice being paid
	invoiceExpiry  time.Time // zero for on-chain
	target         *payment  // the receive being paid, when it is one of ours
	onchain        bool
	approvedAt     time.Time // when it passed refusal and took its hold
	// check: made by check_payment. Approved is final for it; it takes
	// no hold and moves no money.
	check bool

	// seq is the payment's place in the order payments came, which breaks
	// ties of time in every list and so places a cursor exactly.
	seq uint64
}

func (s *Sim) addPayment(p *payment) {
	s.arrivals++
	p.seq = s.arrivals
	p.PaymentCategory = "standard" // treasury movements are not simulated
	if p.Direction == model.Send {
		p.Route = "direct"
	}
	s.payments[p.ID] = p
	// Kept in creation order, ties in the order they came, so that a list
	// by creation time walks it instead of sorting every payment per page.
	at := sort.Search(len(s.byTime), func(i int) bool { return s.byTime[i].CreatedAt.After(p.CreatedAt) })
	s.byTime = slices.Insert(s.byTime, at, p)
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
	key := func(p *payment) time.Time { return p.CreatedAt }
	if f.SortKey == "updated_at" {
		key = func(p *payment) time.Time { return p.UpdatedAt }
	}
	walk := s.inListOrder(f, now, key)
	if f.Cursor != "" || f.CursorPaging {
		return cursorPage(walk, f, key)
	}
	limit := f.Limit
	if limit == 0 {
		limit = 100
	}
	out := model.Page[model.Payment]{Items: []model.Payment{}, Offset: f.Offset, Limit: limit}
	walk(func(p *payment) bool {
		if out.Total >= f.Offset && len(out.Items) < limit {
			out.Items = append(out.Items, p.Payment)
		}
		out.Total++ // offset pages count every match (cursor pages need not)
		return true
	})
	return out, nil
}

// inListOrder walks the visible payments that match f in the list's order,
// ties in the order the payments came (a stable sort's), until yield says
// stop. By creation time it walks byTime, already in that order; by
// update time it sorts what matched.
func (s *Sim) inListOrder(f model.PaymentFilter, now time.Time, key func(*payment) time.Time) func(yield func(*payment) bool) {
	visible := func(p *payment) bool { return !now.Before(p.visibleAt) && f.Matches(p.Payment) }
	asc := f.SortOrder == model.Ascending
	if f.SortKey == "updated_at" {
		matched := make([]*payment, 0, 64)
		for _, p := range s.byTime {
			if visible(p) {
				matched = append(matched, p)
			}
		}
		sort.SliceStable(matched, func(i, j int) bool {
			if asc {
				return key(matched[i]).Before(key(matched[j]))
			}
			return key(matched[j]).Before(key(matched[i]))
		})
		return func(yield func(*payment) bool) {
			for _, p := range matched {
				if !yield(p) {
					return
				}
			}
		}
	}
	if asc {
		return func(yield func(*payment) bool) {
			for _, p := range s.byTime {
				if visible(p) && !yield(p) {
					return
				}
			}
		}
	}
	// Newest first: runs of one creation time from the end, each run in
	// the order it came.
	return func(yield func(*payment) bool) {
		for end := len(s.byTime); end > 0; {
			start := end - 1
			for start > 0 && s.byTime[start-1].CreatedAt.Equal(s.byTime[end-1].CreatedAt) {
				start--
			}
			for _, p := range s.byTime[start:end] {
				if visible(p) && !yield(p) {
					return
				}
			}
			end = start
		}
	}
}

// A cursor names the place of the last payment of a page in the list's
// order (its sort time, then its creation time and arrival, which break
// ties in every list) and the filters and sort it was made for. The next
// page starts after that place, however many payments arrived meanwhile
// and whatever became of that payment since (paid, it may no longer match;
// updated, it moved); a cursor used with other filters is refused, as
// get_payments documents.
type cursor struct {
	Time    time.Time `json:"t"`
	Created time.Time `json:"c"`
	Seq     uint64    `json:"s"`
	Filter  string    `json:"f"`
}

// cursorAt is the cursor of p's place in a list sorted by key.
func cursorAt(p *payment, key func(*payment) time.Time, f model.PaymentFilter) cursor {
	return cursor{Time: key(p), Created: p.CreatedAt, Seq: p.seq, Filter: filterKey(f)}
}

// after reports whether p comes after the cursor's place in a list sorted
// by key in order asc (or newest first).
func (c cursor) after(p *payment, key func(*payment) time.Time, asc bool) bool {
	if t := key(p); !t.Equal(c.Time) {
		return t.After(c.Time) == asc
	}
	if !p.CreatedAt.Equal(c.Created) {
		return p.CreatedAt.After(c.Created)
	}
	return p.seq > c.Seq
}

// encodeCursor and decodeCursor are a cursor as the lists hand it out:
// opaque to clients, as the spec's next_cursor is.
func encodeCursor(c any) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string, c any) bool {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil && json.Unmarshal(raw, c) == nil
}

// filterKey is what a cursor is bound to: every filter and the sort.
func filterKey(f model.PaymentFilter) string {
	f.Offset, f.Limit, f.Cursor, f.CursorPaging = 0, 0, "", false
	b, _ := json.Marshal(f)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func cursorPage(walk func(func(*payment) bool), f model.PaymentFilter, key func(*payment) time.Time) (model.Page[model.Payment], *apiError) {
	var after *cursor
	if f.Cursor != "" {
		var c cursor
		if !decodeCursor(f.Cursor, &c) || c.Filter != filterKey(f) {
			return model.Page[model.Payment]{}, errf(http.StatusBadRequest, "invalid_cursor",
				"the cursor is not one this list made for these filters").with("field", "cursor").
				with("recovery", "start again with pagination=cursor and the same filters and sort")
		}
		after = &c
	}
	limit := f.Limit
	if limit == 0 {
		limit = 100
	}
	out := model.Page[model.Payment]{Items: []model.Payment{}, Limit: limit, Cursored: true}
	var last *payment
	walk(func(p *payment) bool {
		if after != nil { // the page starts after the cursor's place
			if !after.after(p, key, f.SortOrder == model.Ascending) {
				return true
			}
			after = nil
		}
		if len(out.Items) == limit {
			out.HasMore = true
			return false
		}
		out.Items, last = append(out.Items, p.Payment), p
		return true
	})
	if out.HasMore && last != nil {
		out.NextCursor = encodeCursor(cursorAt(last, key, f))
	}
	return out, nil
}

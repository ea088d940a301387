package model

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SortOrder is ASC or DESC.
type SortOrder string

const (
	Ascending  SortOrder = "ASC"
	Descending SortOrder = "DESC"
)

// PaymentFilter selects payments for get_payments. Zero values mean "no
// filter"; a zero Limit means the API's default of 100. Cursor, or
// CursorPaging for the first page, pages by cursor instead of offset.
type PaymentFilter struct {
	Offset       int
	Limit        int
	Cursor       string
	CursorPaging bool
	WalletID     string
	Statuses     []Status
	Kind         Kind
	Direction    Direction
	Start        time.Time // created at or after
	End          time.Time // created at or before
	SortKey      string    // created_at or updated_at
	SortOrder    SortOrder
	// Metadata keeps payments whose metadata holds every pair; it goes in
	// get_payments' deepObject form, metadata[key]=value.
	Metadata map[string]string
}

// LedgerFilter selects entries of a wallet's ledger
// (get_wallet_ledger_as_user).
type LedgerFilter struct {
	Offset    int
	Limit     int
	PaymentID string
	Start     time.Time
	End       time.Time
	SortKey   string // effective_time, message_time or time_and_effective_time
	SortOrder SortOrder
}

// WebhookFilter selects webhooks (get_webhooks_as_user).
type WebhookFilter struct {
	EnvironmentIDs []string
	Statuses       []WebhookStatus
	SortKey        string
	SortOrder      SortOrder
}

// MaxPageLimit is the largest page the simulator serves; the API documents
// none.
const MaxPageLimit = 1000

// Query encodes the filter as get_payments documents it: arrays as
// statuses[]=a&statuses[]=b, dates in RFC 3339, and a cursor in place of
// the offset when paging by cursor.
func (f PaymentFilter) Query() url.Values {
	q := url.Values{}
	setPaging(q, f.Offset, f.Limit, f.Cursor, f.CursorPaging)
	setStr(q, "wallet_id", f.WalletID)
	for _, s := range f.Statuses {
		q.Add("statuses[]", string(s))
	}
	setStr(q, "kind", string(f.Kind))
	setStr(q, "direction", string(f.Direction))
	setDates(q, f.Start, f.End)
	setStr(q, "sort_key", f.SortKey)
	setStr(q, "sort_order", string(f.SortOrder))
	for k, v := range f.Metadata {
		q.Set("metadata["+k+"]", v)
	}
	return q
}

func (f LedgerFilter) Query() url.Values {
	q := url.Values{}
	setPage(q, f.Offset, f.Limit)
	setStr(q, "payment_id", f.PaymentID)
	setDates(q, f.Start, f.End)
	setStr(q, "sort_key", f.SortKey)
	setStr(q, "sort_order", string(f.SortOrder))
	return q
}

func (f WebhookFilter) Query() url.Values {
	q := url.Values{}
	for _, e := range f.EnvironmentIDs {
		q.Add("environment_ids[]", e)
	}
	for _, s := range f.Statuses {
		q.Add("statuses[]", string(s))
	}
	setStr(q, "sort_key", f.SortKey)
	setStr(q, "sort_order", string(f.SortOrder))
	return q
}

func setStr(q url.Values, k, v string) {
	if v != "" {
		q.Set(k, v)
	}
}

// setPaging is a list's page as the spec's lists take it: by offset, or
// by cursor (pagination=cursor for the first page, then the page's
// next_cursor), never both.
func setPaging(q url.Values, offset, limit int, cursor string, byCursor bool) {
	switch {
	case cursor != "":
		q.Set("cursor", cursor)
		setPage(q, 0, limit)
	case byCursor:
		q.Set("pagination", "cursor")
		setPage(q, 0, limit)
	default:
		setPage(q, offset, limit)
	}
}

func setPage(q url.Values, offset, limit int) {
	if offset > 0 {
		q.Set("offset", strconv.Itoa(offset))
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
}

func setDates(q url.Values, start, end time.Time) {
	if !start.IsZero() {
		q.Set("start_date", start.UTC().Format(time.RFC3339Nano))
	}
	if !end.IsZero() {
		q.Set("end_date", end.UTC().Format(time.RFC3339Nano))
	}
}

// FilterError names the query parameter that could not be read.
type FilterError struct {
	Param string
	Value string
	Why   string
}

func (e *FilterError) Error() string {
	return fmt.Sprintf("query parameter %s=%q: %s", e.Param, e.Value, e.Why)
}

type queryReader struct {
	q   url.Values
	err error
}

// list reads an array parameter in the one encoding the spec documents,
// key[]=a&key[]=b; the plain repeated key is refused, not guessed at.
func (r *queryReader) list(key string) []string {
	if v, plain := r.q[key]; plain && r.err == nil {
		r.err = &FilterError{key, strings.Join(v, ","), "is an array: send it as " + key + "[]=…"}
	}
	return r.q[key+"[]"]
}

func (r *queryReader) int(key string, lo, hi int) int {
	v := r.q.Get(key)
	if v == "" || r.err != nil {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		r.err = &FilterError{key, v, fmt.Sprintf("must be a whole number from %d to %d", lo, hi)}
	}
	return n
}

// paging reads a list's cursor, or whether its first page is asked for
// by cursor (pagination=cursor), as setPaging writes them.
func (r *queryReader) paging() (cursor string, byCursor bool) {
	if cursor = r.q.Get("cursor"); cursor != "" {
		return cursor, false
	}
	return "", r.oneOf("pagination", "offset", "cursor") == "cursor"
}

func (r *queryReader) oneOf(key string, allowed ...string) string {
	v := r.q.Get(key)
	if v == "" || r.err != nil {
		return v
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	r.err = &FilterError{key, v, fmt.Sprintf("must be one of %v", allowed)}
	return ""
}

func (r *queryReader) date(key string) time.Time {
	v := r.q.Get(key)
	if v == "" || r.err != nil {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		r.err = &FilterError{key, v, "must be an RFC 3339 timestamp"}
	}
	return t
}

func (r *queryReader) uuid(key string) string {
	v := r.q.Get(key)
	if v != "" && r.err == nil && !validUUID(v) {
		r.err = &FilterError{key, v, "must be a UUID"}
	}
	return v
}

// ParsePaymentFilter reads a payments query as the server sees it.
func ParsePaymentFilter(q url.Values) (PaymentFilter, error) {
	r := &queryReader{q: q}
	f := PaymentFilter{
		Offset:    r.int("offset", 0, 1<<31-1),
		Limit:     r.int("limit", 0, MaxPageLimit),
		WalletID:  r.uuid("wallet_id"),
		Kind:      Kind(r.oneOf("kind", summaryKinds...)), // PaymentKind, usdbatch included
		Direction: Direction(r.oneOf("direction", "send", "receive")),
		Start:     r.date("start_date"),
		End:       r.date("end_date"),
		SortKey:   r.oneOf("sort_key", "created_at", "updated_at"),
		SortOrder: SortOrder(r.oneOf("sort_order", "ASC", "DESC")),
	}
	f.Cursor, f.CursorPaging = r.paging()
	f.Statuses = r.paymentStatuses()
	f.Metadata = r.deepObject("metadata")
	return f, r.err
}

// paymentStatuses reads statuses[] of the PaymentStatus schema, as
// get_payments and the payment summaries take them.
func (r *queryReader) paymentStatuses() []Status {
	var out []Status
	for _, s := range r.list("statuses") {
		if !Status(s).Known() && r.err == nil {
			r.err = &FilterError{"statuses", s, "is not a payment status"}
		}
		out = append(out, Status(s))
	}
	return out
}

// deepObject reads key[name]=value parameters into a map.
func (r *queryReader) deepObject(key string) map[string]string {
	var out map[string]string
	for k, v := range r.q {
		inner, isKey := strings.CutPrefix(k, key+"[")
		name, closed := strings.CutSuffix(inner, "]")
		if !isKey || !closed || name == "" || len(v) == 0 {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[name] = v[0]
	}
	return out
}

// ParseLedgerFilter reads a ledger query as the server sees it.
func ParseLedgerFilter(q url.Values) (LedgerFilter, error) {
	r := &queryReader{q: q}
	f := LedgerFilter{
		Offset:    r.int("offset", 0, 1<<31-1),
		Limit:     r.int("limit", 0, MaxPageLimit),
		PaymentID: r.uuid("payment_id"),
		Start:     r.date("start_date"),
		End:       r.date("end_date"),
		SortKey:   r.oneOf("sort_key", "effective_time", "message_time", "time_and_effective_time"),
		SortOrder: SortOrder(r.oneOf("sort_order", "ASC", "DESC")),
	}
	return f, r.err
}

// ParseWebhookFilter reads a webhooks query as the server sees it.
func ParseWebhookFilter(q url.Values) (WebhookFilter, error) {
	r := &queryReader{q: q}
	f := WebhookFilter{
		SortKey:   r.oneOf("sort_key", "created_at", "updated_at"),
		SortOrder: SortOrder(r.oneOf("sort_order", "ASC", "DESC")),
	}
	for _, e := range r.list("environment_ids") {
		if !validUUID(e) && r.err == nil {
			r.err = &FilterError{"environment_ids", e, "must be a UUID"}
		}
		f.EnvironmentIDs = append(f.EnvironmentIDs, e)
	}
	for _, s := range r.list("statuses") {
		switch WebhookStatus(s) {
		case WebhookActive, WebhookStopped, WebhookDeleted:
		default:
			if r.err == nil {
				r.err = &FilterError{"statuses", s, "must be active, stopped or deleted"}
			}
		}
		f.Statuses = append(f.Statuses, WebhookStatus(s))
	}
	return f, r.err
}

// Matches reports whether p passes every condition of the filter except
// paging.
func (f PaymentFilter) Matches(p Payment) bool {
	if f.WalletID != "" && p.WalletID != f.WalletID {
		return false
	}
	if f.Kind != "" && p.Kind != f.Kind {
		return false
	}
	if f.Direction != "" && p.Direction != f.Direction {
		return false
	}
	if !f.Start.IsZero() && p.CreatedAt.Before(f.Start) {
		return false
	}
	if !f.End.IsZero() && p.CreatedAt.After(f.End) {
		return false
	}
	for k, v := range f.Metadata {
		if got, ok := p.Metadata[k]; !ok || got != v {
			return false
		}
	}
	if len(f.Statuses) == 0 {
		return true
	}
	for _, s := range f.Statuses {
		if p.Status == s {
			return true
		}
	}
	return false
}

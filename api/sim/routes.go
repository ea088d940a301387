package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// call is one request as a route handler sees it, under the simulator's
// lock.
type call struct {
	r    *http.Request
	args map[string]string // path wildcards
	body []byte
	now  time.Time
}

// reply is a handler's answer: a status and a JSON body (nil for none).
type reply struct {
	status int
	body   any
}

type route struct {
	method, pattern, name string
	op                    string // the spec's operationId
	env                   bool   // the path carries an environment id to check
	handle                func(s *Sim, c call) (reply, *apiError)
}

// Routes lists the operations the simulator serves, by the spec's
// operationId, in the order of its routes.
func Routes() []string {
	out := make([]string, len(routes))
	for i, rt := range routes {
		out[i] = rt.op
	}
	return out
}

// routes are the operations of the spec the simulator serves, named for
// counters and fault injection. A path with a literal segment comes before
// one with a wildcard in its place (deliveries/summary before
// deliveries/{delivery}, payments/summary before payments/{id}): the
// first match wins.
var routes = []route{
	{"GET", "/organizations/{org}/wallets", "wallets.list", "get_all_organizations_wallets_as_user", false, (*Sim).hListWallets},
	{"POST", "/organizations/{org}/wallets", "wallets.create", "create_wallet", false, (*Sim).hCreateWallet},
	{"GET", "/organizations/{org}/wallets/{id}", "wallets.get", "get_wallet", false, (*Sim).hGetWallet},
	{"DELETE", "/organizations/{org}/wallets/{id}", "wallets.delete", "delete_wallet", false, (*Sim).hDeleteWallet},
	{"PATCH", "/organizations/{org}/wallets/{id}", "wallets.update", "update_wallet", false, (*Sim).hUpdateWallet},
	{"GET", "/organizations/{org}/wallets/{id}/ledger", "wallets.ledger", "get_wallet_ledger_as_user", false, (*Sim).hLedger},
	{"GET", "/organizations/{org}/wallets/{id}/payments/summary", "wallets.summary", "get_wallet_payment_summary", false, (*Sim).hWalletPaymentSummary},
	{"GET", "/organizations/{org}/wallets/{id}/policies", "policies.get", "get_wallet_policies", false, (*Sim).hWalletPolicies},
	{"PATCH", "/organizations/{org}/wallets/{id}/policies", "policies.update", "update_wallet_policies", false, (*Sim).hUpdateWalletPolicies},
	{"GET", "/organizations/{org}/environments/{env}/payments", "payments.list", "get_payments", true, (*Sim).hListPayments},
	{"POST", "/organizations/{org}/environments/{env}/payments", "payments.create", "create_payment", true, (*Sim).hCreatePayment},
	{"POST", "/organizations/{org}/environments/{env}/payments/check", "payments.check", "check_payment", true, (*Sim).hCheckPayment},
	{"GET", "/organizations/{org}/environments/{env}/payments/summary", "payments.summary", "get_payment_summary", true, (*Sim).hPaymentSummary},
	{"GET", "/organizations/{org}/environments/{env}/payments/{id}", "payments.get", "get_payment", true, (*Sim).hGetPayment},
	{"GET", "/organizations/{org}/environments/{env}/payments/{id}/history", "payments.history", "get_payment_history", true, (*Sim).hHistory},
	{"PATCH", "/organizations/{org}/environments/{env}/lines_of_credit/{id}/sandbox", "credit.sandbox", "update_sandbox_line_of_credit", true, (*Sim).hUpdateSandboxLine},
	{"GET", "/organizations/{org}/lines_of_credit/{id}/summary", "credit.get", "get_line_of_credit_summary_as_user", false, (*Sim).hLineOfCredit},
	{"GET", "/organizations/{org}/lines_of_credit/summaries", "credit.list", "get_lines_of_credit_summaries_as_user", false, (*Sim).hLinesOfCredit},
	{"GET", "/organizations/{org}/webhooks", "webhooks.list", "get_webhooks_as_user", false, (*Sim).hListWebhooks},
	{"POST", "/organizations/{org}/environments/{env}/webhooks", "webhooks.create", "create_webhook", true, (*Sim).hCreateWebhook},
	{"GET", "/organizations/{org}/environments/{env}/webhooks/{id}", "webhooks.get", "get_webhook", true, (*Sim).hGetWebhook},
	{"PATCH", "/organizations/{org}/environments/{env}/webhooks/{id}", "webhooks.update", "update_webhook", true, (*Sim).hUpdateWebhook},
	{"DELETE", "/organizations/{org}/environments/{env}/webhooks/{id}", "webhooks.delete", "delete_webhook", true, (*Sim).hDeleteWebhook},
	{"POST", "/organizations/{org}/environments/{env}/webhooks/{id}/start", "webhooks.start", "start_webhook_as_user", true, (*Sim).hStartWebhook},
	{"POST", "/organizations/{org}/environments/{env}/webhooks/{id}/stop", "webhooks.stop", "stop_webhook_as_user", true, (*Sim).hStopWebhook},
	{"POST", "/organizations/{org}/environments/{env}/webhooks/{id}/keys", "webhooks.keys", "generate_webhook_key", true, (*Sim).hRotateWebhookKey},
	{"POST", "/organizations/{org}/environments/{env}/webhooks/{id}/test", "webhooks.test", "test_webhook", true, (*Sim).hTestWebhook},
	{"GET", "/organizations/{org}/environments/{env}/webhooks/{id}/deliveries", "deliveries.list", "get_webhook_deliveries_as_user", true, (*Sim).hListDeliveries},
	{"GET", "/organizations/{org}/environments/{env}/webhooks/{id}/deliveries/summary", "deliveries.summary", "get_webhook_delivery_summary_as_user", true, (*Sim).hDeliverySummary},
	{"GET", "/organizations/{org}/environments/{env}/webhooks/{id}/deliveries/{delivery}", "deliveries.get", "get_webhook_delivery", true, (*Sim).hGetDelivery},
	{"POST", "/organizations/{org}/environments/{env}/webhooks/{id}/deliveries/{delivery}/retry", "deliveries.retry", "retry_webhook_delivery", true, (*Sim).hRetryDelivery},
	{"POST", "/organizations/{org}/environments/{env}/webhooks/{id}/deliveries/{delivery}/abandon", "deliveries.abandon", "abandon_webhook_delivery", true, (*Sim).hAbandonDelivery},
}

// maxBody is the largest request body accepted (413 beyond).
const maxBody = 1 << 20

// Handler serves the API under /v1 and, as some documentation spells it,
// /api/v1, the price service under /currency/ (see price.go), and the
// Lightning Address service under /.well-known/lnurlp/ and /lnurlp/ (see
// lnurl.go).
func (s *Sim) Handler() http.Handler {
	return observed(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if IsPricePath(r.URL.Path) {
			s.servePrice(w, r)
			return
		}
		if IsLNURLPath(r.URL.Path) {
			s.serveLNURL(w, r)
			return
		}
		path, ok := strings.CutPrefix(r.URL.Path, "/v1")
		if !ok {
			path, ok = strings.CutPrefix(r.URL.Path, "/api/v1")
		}
		if !ok {
			writeError(w, errf(http.StatusNotFound, "not_found", "no such path; the API lives under /v1"))
			return
		}
		rt, args, aerr := match(r.Method, path)
		if aerr != nil {
			writeError(w, aerr)
			return
		}
		s.serve(w, r, rt, args)
	}))
}

// match finds the route for a method and path.
func match(method, path string) (route, map[string]string, *apiError) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	pathKnown := false
	for _, rt := range routes {
		pat := strings.Split(strings.Trim(rt.pattern, "/"), "/")
		if len(pat) != len(parts) {
			continue
		}
		args := map[string]string{}
		ok := true
		for i, seg := range pat {
			if strings.HasPrefix(seg, "{") {
				args[strings.Trim(seg, "{}")] = parts[i]
			} else if seg != parts[i] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if rt.method == method {
			return rt, args, nil
		}
		pathKnown = true
	}
	if pathKnown {
		return route{}, nil, errf(http.StatusMethodNotAllowed, "method_not_allowed", "%s is not allowed here", method)
	}
	return route{}, nil, errf(http.StatusNotFound, "not_found", "no such path")
}

func (s *Sim) serve(w http.ResponseWriter, r *http.Request, rt route, args map[string]string) {
	s.stats.add(s.stats.requests, rt.name)
	w.Header().Set("Date", s.clock.Now().UTC().Format(http.TimeFormat)) // the simulated world's time
	faults := s.faults.get()
	if faults.Latency > 0 {
		time.Sleep(faults.Latency)
	}
	if aerr := s.authorize(r, args, rt.env); aerr != nil {
		writeError(w, aerr)
		return
	}
	write := r.Method != http.MethodGet
	fate := s.faults.decide(rt.name, write)
	if fate != noFault {
		s.stats.add(s.stats.faults, faultNames[fate])
		markFault(w)
	}
	switch fate {
	case faultError:
		writeError(w, errf(http.StatusInternalServerError, "internal_error", "simulated server error"))
		return
	case faultRateLimit:
		w.Header().Set("Retry-After", strconv.Itoa(int((faults.RetryAfter+time.Second-1)/time.Second)))
		writeError(w, errf(http.StatusTooManyRequests, "rate_limited", "too many requests"))
		return
	case faultUnavailable:
		writeError(w, errf(http.StatusServiceUnavailable, "read_temporarily_unavailable", "payment data is briefly unavailable"))
		return
	}
	body, aerr := readBody(r, write)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	s.mu.Lock()
	rep, aerr := rt.handle(s, call{r: r, args: args, body: body, now: s.clock.Now()})
	s.mu.Unlock()
	switch fate {
	case faultErrorAfter:
		writeError(w, errf(http.StatusInternalServerError, "internal_error", "simulated server error"))
		return
	case faultHang:
		select {
		case <-r.Context().Done():
		case <-time.After(faults.HangFor):
		}
		fallthrough
	case faultDrop:
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close()
		}
		return
	}
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	writeJSON(w, rep.status, rep.body)
}

// authorize checks the key (security scheme api_key, the x-api-key header)
// and that the path names our organization and environment.
func (s *Sim) authorize(r *http.Request, args map[string]string, env bool) *apiError {
	key := r.Header.Get("X-Api-Key")
	switch {
	case key == "" && r.Header.Get("Authorization") == "":
		return errf(http.StatusBadRequest, "missing_credentials", "send the API key in the x-api-key header")
	case key == "":
		return errf(http.StatusUnauthorized, "invalid_token", "bearer tokens are not accepted by the simulator")
	case key != s.key:
		return errf(http.StatusUnauthorized, "wrong_credentials", "API key not recognised")
	case args["org"] != s.org:
		return errf(http.StatusForbidden, "access_rights", "the API key has no access to this organization")
	case env && args["env"] != s.env:
		return errf(http.StatusForbidden, "access_rights", "the API key has no access to this environment")
	}
	return nil
}

func readBody(r *http.Request, write bool) ([]byte, *apiError) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, errf(http.StatusBadRequest, "invalid_syntax", "could not read the request body")
	}
	if len(body) > maxBody {
		return nil, errf(http.StatusRequestEntityTooLarge, "payload_too_large", "the request body is larger than 1 MiB")
	}
	if write && len(bytes.TrimSpace(body)) > 0 && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return nil, errf(http.StatusUnsupportedMediaType, "missing_content_type", "send JSON with Content-Type: application/json")
	}
	return body, nil
}

// decode reads a JSON body: 400 when it is not JSON, 422 when it does not
// fit the schema.
func decode(body []byte, v any) *apiError {
	if len(bytes.TrimSpace(body)) == 0 {
		return errf(http.StatusBadRequest, "invalid_syntax", "the request body is empty")
	}
	err := json.Unmarshal(body, v)
	var syntax *json.SyntaxError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return errf(http.StatusBadRequest, "invalid_syntax", "the request body is not valid JSON")
	}
	return errf(http.StatusUnprocessableEntity, "invalid_data", "%s", err)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	if body == nil {
		w.WriteHeader(status)
		return
	}
	var b []byte
	var err error
	if m, ok := body.(json.Marshaler); ok {
		// Its own encoding is already compact JSON; json.Marshal would
		// scan it all again (a page of 1,000 payments is a megabyte).
		b, err = m.MarshalJSON()
	} else {
		b, err = json.Marshal(body)
	}
	if err != nil {
		writeError(w, errf(http.StatusInternalServerError, "internal_error", "encoding the answer failed"))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, e *apiError) { writeJSON(w, e.status, e.body()) }

package sim

import (
	"fmt"
	"net/http"
)

// apiError is an error answer in the API's envelope (the ErrorResponse_*
// schemas).
type apiError struct {
	status  int
	typ     string
	detail  string
	context map[string]any
}

func errf(status int, typ, format string, args ...any) *apiError {
	return &apiError{status: status, typ: typ, detail: fmt.Sprintf(format, args...)}
}

func (e *apiError) with(key string, value any) *apiError {
	if e.context == nil {
		e.context = map[string]any{}
	}
	e.context[key] = value
	return e
}

// body is the envelope, with a top-level message for SDK-era clients.
func (e *apiError) body() map[string]any {
	inner := map[string]any{"type": e.typ, "detail": e.detail}
	if e.context != nil {
		inner["context"] = e.context
	}
	return map[string]any{"error": inner, "message": e.detail}
}

var (
	errPaymentNotFound = func(id string) *apiError {
		return errf(http.StatusNotFound, "payment_not_found", "payment not found").with("payment_id", id)
	}
)

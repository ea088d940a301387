package api

// refusals are the API's error types that need more than the server's
// own sentence: what happened, in plain words, and what to do about it.
var refusals = map[string]string{
	"wallet_not_empty": "The wallet still holds money or has payments in flight, and Voltage deletes only empty wallets: " +
		"send its balance to another wallet, wait for its payments to finish, then delete it.",
	"line_of_credit_cannot_allocate_wallet_limit": "The line of credit does not have that much free credit: " +
		"choose a smaller limit, or raise the line's limit first.",
	"line_of_credit_network_mismatch": "The line of credit is on another network than the wallet.",
	"line_of_credit_not_ready":        "The line of credit is not ready yet; try again once Voltage has set it up.",
	"line_of_credit_disabled":         "The line of credit is disabled, so no wallet can draw on it.",
	"invalid_processing_fee_rates":    "Voltage refused the processing fee rates: give basis points from 0 to 10,000 (100 is 1 %).",
}

// fieldOf names the request field an error of each type is about, for
// errors whose context does not name it.
var fieldOf = map[string]string{
	"line_of_credit_cannot_allocate_wallet_limit": "limit",
	"line_of_credit_not_found":                    "line_of_credit_id",
	"line_of_credit_network_mismatch":             "line_of_credit_id",
	"line_of_credit_disabled":                     "line_of_credit_id",
	"invalid_processing_fee_rates":                "processing_fee",
	"multiple_processing_fee_policies":            "processing_fee",
}

// BlamedField is the request field the API's refusal is about, by its
// name in the request body, or "" when it names none: error.context.fields
// (ValidationFieldsContext) first, else what the error's type implies.
func BlamedField(err error) string {
	e, ok := asError(err)
	if !ok {
		return ""
	}
	if fields, ok := e.Context["fields"].([]any); ok && len(fields) > 0 {
		if f, ok := fields[0].(string); ok {
			return f
		}
	}
	if f, ok := e.Context["field"].(string); ok {
		return f
	}
	return fieldOf[e.Type]
}

// ErrorType is the API's error type, or "" for an error that is not one.
func ErrorType(err error) string {
	if e, ok := asError(err); ok {
		return e.Type
	}
	return ""
}

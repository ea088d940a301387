package spec

import (
	"net/url"
	"strings"
	"testing"
)

const org = "5a1f0e3c-7b2d-4c8e-9f6a-1b2c3d4e5f60"

// TestOperations: the spec's 47 operations, and which creates carry the
// id the client chooses.
func TestOperations(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ops := s.Operations()
	keyed := map[string]bool{}
	for _, o := range ops {
		if o.BodyID {
			keyed[o.ID] = true
		}
	}
	want := []string{"create_wallet", "create_payment", "create_treasury_movement", "check_payment", "create_webhook", "request_a_quote", "create_session"}
	if len(ops) != 47 || len(keyed) != len(want) {
		t.Errorf("%d operations, keyed %v", len(ops), keyed)
	}
	for _, id := range want {
		if !keyed[id] {
			t.Errorf("%s carries no id", id)
		}
	}
}

// TestCheck: a request that fits has no problems; an unknown path is not
// found; a wrong type, a missing field, a body where none is taken and a
// badly encoded query are each said.
func TestCheck(t *testing.T) {
	s, _ := Load()
	cases := []struct {
		method, path string
		query        url.Values
		body         string
		found        bool
		want         string // in the problems; "" none
	}{
		{"GET", "/organizations/" + org + "/wallets", nil, "", true, ""},
		{"GET", "/v1/organizations/" + org + "/wallets", nil, "", true, ""},
		{"GET", "/organizations/" + org + "/walets", nil, "", false, ""},
		{"PATCH", "/organizations/" + org + "/wallets/" + org, nil, `{"name":1}`, true, "$.name got number, want string"},
		{"POST", "/organizations/" + org + "/wallets", nil, `{"id":"` + org + `"}`, true, "missing properties"},
		{"GET", "/organizations/" + org + "/wallets", nil, `{}`, true, "takes no request body"},
		{"POST", "/organizations/" + org + "/wallets", nil, "", true, "needs a JSON request body"},
		{"GET", "/organizations/" + org + "/environments/" + org + "/payments", url.Values{"statuses": {"completed"}}, "", true, "must be sent as statuses[]="},
		{"GET", "/organizations/" + org + "/environments/" + org + "/payments", url.Values{"statuses[]": {"completed"}}, "", true, ""},
	}
	for _, tc := range cases {
		var body []byte
		if tc.body != "" {
			body = []byte(tc.body)
		}
		_, problems, found := s.Check(tc.method, tc.path, tc.query, body)
		all := strings.Join(problems, "; ")
		if found != tc.found || (tc.want == "") != (all == "") || !strings.Contains(all, tc.want) {
			t.Errorf("%s %s %v %s: found %v, %q", tc.method, tc.path, tc.query, tc.body, found, all)
		}
	}
}

package sim_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
)

// TestCoverageTableIsTrue keeps docs/api-coverage.md in step with the spec,
// the simulator's routes and the client's methods.
func TestCoverageTableIsTrue(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "spec", "voltage-openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, item := range spec.Paths {
		for _, op := range item {
			ops = append(ops, op.OperationID)
		}
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "api-coverage.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 7 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		op := strings.Trim(strings.TrimSpace(cells[1]), "`")
		if _, twice := rows[op]; twice {
			t.Errorf("%s is listed twice", op)
		}
		rows[op] = cells[2:6]
	}
	if len(ops) != 47 || len(rows) != len(ops) {
		t.Errorf("%d operations in the spec, %d rows in the table", len(ops), len(rows))
	}
	client := reflect.TypeOf(&api.Client{})
	for _, op := range ops {
		row, ok := rows[op]
		if !ok {
			t.Errorf("%s is not in the table", op)
			continue
		}
		method := strings.Trim(strings.TrimSpace(row[1]), "`")
		if method != "—" {
			if _, exists := client.MethodByName(method); !exists {
				t.Errorf("%s: the client has no method %s", op, method)
			}
		}
		if serves := strings.TrimSpace(row[2]) == "serves"; serves != slices.Contains(sim.Routes(), op) {
			t.Errorf("%s: the table says the simulator serves it: %v; its routes say %v", op, serves, !serves)
		}
	}
}

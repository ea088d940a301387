package api

import (
	"testing"

	"github.com/voltdash/voltdash/api/sim/contract"
)

// TestMain holds every exchange with a simulator, and every request sent
// to a scripted server, to Voltage's spec.
func TestMain(m *testing.M) { contract.Main(m) }

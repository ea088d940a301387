package sim_test

import (
	"testing"

	"github.com/voltdash/voltdash/api/sim/contract"
)

// TestMain holds every exchange of this package's tests to Voltage's spec.
func TestMain(m *testing.M) { contract.Main(m) }

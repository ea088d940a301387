package push

import (
	"testing"

	"github.com/voltdash/voltdash/api/sim/contract"
)

// TestMain holds every exchange with a simulator to Voltage's spec.
func TestMain(m *testing.M) { contract.Main(m) }

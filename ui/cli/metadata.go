package cli

import (
	"slices"
	"strings"

	"github.com/voltdash/voltdash/model"
)

// A payment's metadata, the key=value pairs create_payment takes and
// Voltage echoes on the payment: given with --metadata to invoice and pay
// (held to the spec's limits at the flag), shown by status and history,
// exported by history's --json, --ndjson and --csv.

// paymentMetadata reads --metadata for a new payment, refusing what
// Voltage would before anything is asked of it.
func (r *runner) paymentMetadata() (map[string]string, int, bool) {
	m, err := model.ParsePaymentMetadata(r.o.metadata)
	if err != nil {
		return nil, r.fail(ExitUsage, "--metadata %v; nothing was sent", err), false
	}
	return m, 0, true
}

// metadataEscaper escapes what separates pairs and their halves.
var metadataEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `=`, `\=`)

// metadataText is metadata in one cell or line, as history --csv writes
// it: key=value pairs sorted by key, joined by ";", a backslash before
// any \, ; or = inside a key or value, so that the pairs read back
// exactly; "" for none.
func metadataText(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	pairs := make([]string, len(keys))
	for i, k := range keys {
		pairs[i] = metadataEscaper.Replace(k) + "=" + metadataEscaper.Replace(m[k])
	}
	return strings.Join(pairs, ";")
}

// shownMetadata is metadata as a line for people: cleaned, then cut to
// width cells.
func shownMetadata(m map[string]string, width int) string {
	return cutText(display(metadataText(m)), width)
}

//go:build !unix && !windows

package journal

import "errors"

// lockDir refuses where voltdash cannot lock a file: without the lock two
// processes could pay the same invoice, so nothing is recorded or sent.
func lockDir(string) (func(), error) {
	return nil, errors.New("this platform cannot lock the send journal")
}

//go:build race

package contract

// underRace: the race run repeats the tests the plain run has already held
// to the spec; validating every exchange again would only slow it down.
const underRace = true

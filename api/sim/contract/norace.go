//go:build !race

package contract

const underRace = false

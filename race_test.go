//go:build race

package main

// raceDetector: this run is -race. The voltdash binary the process tests
// run is built without it, so they repeat the plain run and are skipped.
const raceDetector = true

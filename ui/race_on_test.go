//go:build race

package ui

// raceBuild: the race detector slows code 2-20 times (go.dev/doc/articles/race_detector),
// so CPU budgets measured under it are relaxed; .ci/run also runs the load
// test without it, where the budget holds as stated.
const raceBuild = true

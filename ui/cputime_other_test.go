//go:build !linux

package ui

import "time"

// threadCPUKnown: no per-thread CPU clock here; the load test asserts the
// wall-clock figures only.
const threadCPUKnown = false

func threadCPU() time.Duration { return 0 }

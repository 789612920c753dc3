//go:build linux

package ui

import (
	"syscall"
	"time"
)

// threadCPUKnown says threadCPU measures: Linux counts each thread's CPU.
const threadCPUKnown = true

// threadCPU is the CPU time the calling OS thread has used: what a key costs
// the update loop, without the time the machine gave to other processes.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

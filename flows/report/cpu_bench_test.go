package report_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time (user + system) this process has used. The
// machine the benchmarks run on is shared, so wall time per op swings
// with the neighbours' load; the CPU time the work itself took swings far
// less, and is reported beside it as cpu-ms/op.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU runs the benchmark's loop body through b.Loop and reports its
// CPU time per op.
func reportCPU(b *testing.B, body func()) {
	b.Helper()
	start := cpuTime()
	n := 0
	for b.Loop() {
		body()
		n++
	}
	if n > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(n)/1e6, "cpu-ms/op")
	}
}

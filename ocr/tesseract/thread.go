package tesseract

import (
	"fmt"
	"os"
	"strings"
	"syscall"
)

// EnsureThreadLimit re-executes the running binary with OMP_THREAD_LIMIT=1
// (and MALLOC_ARENA_MAX=2 unless set) unless the limit is already set so. libtesseract is built with OpenMP, which
// makes every recognition 2-3x slower on a shared machine, and the limit is
// read only when the process starts. Call it first thing in main (and in
// TestMain); it returns only if it did not need to re-execute, or failed.
func EnsureThreadLimit() error {
	if os.Getenv("OMP_THREAD_LIMIT") == "1" {
		return nil
	}
	env := make([]string, 0, len(os.Environ())+1)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OMP_THREAD_LIMIT=") {
			env = append(env, kv)
		}
	}
	env = append(env, "OMP_THREAD_LIMIT=1")
	// glibc gives each thread that calls into Tesseract its own malloc
	// arena; two keep the resident size of a long-lived client down
	// (FINDINGS: 80-170 MB per client). An explicit setting is kept.
	if os.Getenv("MALLOC_ARENA_MAX") == "" {
		env = append(env, "MALLOC_ARENA_MAX=2")
	}
	if err := syscall.Exec("/proc/self/exe", os.Args, env); err != nil {
		return fmt.Errorf("re-exec with OMP_THREAD_LIMIT=1: %w", err)
	}
	return nil
}

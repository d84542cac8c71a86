package miniotest

import "syscall"

// sysProcAttr makes the kernel kill MinIO when the test binary dies without
// running its cleanups (a test timeout's panic, a SIGKILL), so no server is
// left behind.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

//go:build !linux

package miniotest

import "syscall"

// sysProcAttr: outside Linux there is no parent-death signal; Stop (from the
// test's cleanup) is what ends the server.
func sysProcAttr() *syscall.SysProcAttr { return nil }

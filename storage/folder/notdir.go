package folder

import (
	"errors"
	"syscall"
)

// isNotDir reports a path whose parent is a file (key "a/b" when blob "a"
// exists): for a lookup that is simply "no such blob".
func isNotDir(err error) bool { return errors.Is(err, syscall.ENOTDIR) }

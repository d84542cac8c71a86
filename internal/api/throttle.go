package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// retryError is a refusal the client may retry after a while: the
// envelope is its apiError's, and the answer carries Retry-After.
type retryError struct {
	*apiError
	after time.Duration
}

func (e *retryError) Unwrap() error { return e.apiError }

// tooMany is a 429 REQUEST_LIMIT_EXCEEDED with Retry-After.
func tooMany(after time.Duration, format string, a ...any) error {
	return &retryError{&apiError{http.StatusTooManyRequests, codeLimit, fmt.Sprintf(format, a...)}, after}
}

// retryAfterHeader is a Retry-After value: whole seconds, at least 1.
func retryAfterHeader(d time.Duration) string {
	s := int64((d + time.Second - 1) / time.Second)
	return strconv.FormatInt(max(s, 1), 10)
}

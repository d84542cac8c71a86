package webhook

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
)

// The categories of a failed delivery: what the tenant sees in the attempt
// log. They say what went wrong without the addresses, resolver or error
// chain behind it, which stay in the server's log. A receiver that answered
// with a status other than 2xx or 3xx gets "HTTP status N".
const (
	FailDNS         = "DNS failed"
	FailRefused     = "connection refused"
	FailClosed      = "connection closed"
	FailUnreachable = "host unreachable"
	FailForbidden   = "address not allowed"
	FailInvalidURL  = "URL not allowed"
	FailTimeout     = "timeout"
	FailTLS         = "TLS failed"
	FailRedirect    = "redirect refused"
	FailOther       = "delivery failed"
)

const httpStatusPrefix = "HTTP status "

// StatusError is Deliver's error when the receiver answered with a status
// other than 2xx (redirects included: they are not followed).
type StatusError struct {
	Code int
}

func (e *StatusError) Error() string { return fmt.Sprintf("webhook answered %d", e.Code) }

// Category maps an error of Deliver to its failure category ("" for nil).
// It is the one place a delivery error becomes words for the tenant.
func Category(err error) string {
	var (
		status *StatusError
		dns    *net.DNSError
		nerr   net.Error
	)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &status):
		if status.Code >= 300 && status.Code <= 399 {
			return FailRedirect
		}
		return httpStatusPrefix + strconv.Itoa(status.Code)
	// Before the network errors: the dialer's refusal arrives inside a
	// *net.OpError.
	case errors.Is(err, ErrForbiddenAddress):
		return FailForbidden
	case errors.Is(err, ErrInvalidURL):
		return FailInvalidURL
	// Before timeouts: a resolver that timed out is still DNS failing.
	case errors.As(err, &dns):
		return FailDNS
	case isTLS(err):
		return FailTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &nerr) && nerr.Timeout():
		return FailTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return FailRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return FailClosed
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return FailUnreachable
	}
	return FailOther
}

// isTLS reports a failed TLS handshake: the receiver's certificate was not
// trusted or not for its name, it did not speak TLS (plain HTTP answering is
// http.ErrSchemeMismatch), or either side sent an
// alert (crypto/tls reports alerts as a *net.OpError "local error" or
// "remote error").
func isTLS(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
		alert    tls.AlertError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		op       *net.OpError
	)
	return errors.Is(err, http.ErrSchemeMismatch) || errors.As(err, &verify) || errors.As(err, &record) || errors.As(err, &alert) ||
		errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &op) && (op.Op == "local error" || op.Op == "remote error")
}

// PublicError is what the attempt log shows for a stored attempt error: the
// category itself, or FailOther for anything else (the raw error text that
// attempts stored before categories held).
func PublicError(stored string) string {
	switch stored {
	case "", FailDNS, FailRefused, FailClosed, FailUnreachable, FailForbidden, FailInvalidURL,
		FailTimeout, FailTLS, FailRedirect, FailOther:
		return stored
	}
	if code, ok := strings.CutPrefix(stored, httpStatusPrefix); ok {
		if n, err := strconv.Atoi(code); err == nil && n >= 100 && n <= 999 && strconv.Itoa(n) == code {
			return stored
		}
	}
	return FailOther
}

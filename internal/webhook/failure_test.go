package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// Each way a delivery fails ends in one short category for the tenant, with
// no address, port, resolver or error chain in it; the error itself keeps
// the detail for the log.
func TestDeliveryFailureCategory(t *testing.T) {
	t.Parallel()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body) // so the server notices the client hanging up
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	untrusted := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	untrusted.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake error it would print is the point
	untrusted.StartTLS()
	t.Cleanup(untrusted.Close)
	hangUp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			c.Close()
		}
	}))
	t.Cleanup(hangUp.Close)
	plain := newReceiver(t, http.StatusOK)
	redirect := httptest.NewServer(http.RedirectHandler(plain.srv.URL, http.StatusFound))
	t.Cleanup(redirect.Close)
	refused := closedPort(t)
	plainHost := strings.TrimPrefix(plain.srv.URL, "http://")

	for _, tc := range []struct {
		name          string
		url           string
		allowLoopback bool
		unchecked     bool // skip ValidateURL: the dialer alone must catch it
		want          string
		detail        string // in the error, for the log
	}{
		{"unresolvable host", "https://nothing-here.invalid/hooks", true, false, "DNS failed", "nothing-here.invalid"},
		{"refused port", "http://" + refused + "/hooks", true, false, "connection refused", refused},
		{"private address in the url", "https://10.0.0.1/hooks", true, false, "address not allowed", "private"},
		{"loopback in the url", "http://" + plainHost + "/hooks", false, false, "URL not allowed", "https"},
		{"loopback at connect", "http://" + plainHost + "/hooks", false, true, "address not allowed", "127.0.0.1"},
		{"name resolving to loopback at connect", "http://localhost:" + plain.srv.URL[strings.LastIndex(plain.srv.URL, ":")+1:], false, true, "address not allowed", "127.0.0.1"},
		{"slow receiver", slow.URL, true, false, "timeout", "Timeout"},
		{"untrusted certificate", untrusted.URL, true, false, "TLS failed", "certificate"},
		{"https to a plain http server", "https://" + plainHost + "/hooks", true, false, "TLS failed", "HTTP"},
		{"receiver hangs up", hangUp.URL, true, false, "connection closed", "EOF"},
		{"server error", newReceiver(t, http.StatusInternalServerError).srv.URL, true, false, "HTTP status 500", "500"},
		{"not found", newReceiver(t, http.StatusNotFound).srv.URL, true, false, "HTTP status 404", "404"},
		{"redirect", redirect.URL, true, false, "redirect refused", "302"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := NewDeliverer(tc.allowLoopback, 500*time.Millisecond)
			var err error
			if tc.unchecked {
				_, err = d.post(context.Background(), tc.url, secret, []byte(`{}`))
			} else {
				_, err = d.Deliver(context.Background(), tc.url, secret, []byte(`{}`))
			}
			if err == nil {
				t.Fatal("delivery succeeded, want a failure")
			}
			if got := Category(err); got != tc.want {
				t.Errorf("Category(%v) = %q, want %q", err, got, tc.want)
			}
			if !strings.Contains(err.Error(), tc.detail) {
				t.Errorf("error %q lost the detail %q", err, tc.detail)
			}
			if got := PublicError(Category(err)); got != tc.want {
				t.Errorf("PublicError(%q) = %q, want it unchanged", tc.want, got)
			}
		})
	}
	if n := plain.calls.Load(); n != 0 {
		t.Errorf("the redirect target or the refused loopback receiver was called %d times", n)
	}
}

func TestCategoryOfCallerDeadline(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{context.DeadlineExceeded, "timeout"},
		{fmt.Errorf("webhook delivery failed: %w", context.DeadlineExceeded), "timeout"},
		{&net.DNSError{Err: "i/o timeout", Name: "x.example", IsTimeout: true}, "DNS failed"},
		{fmt.Errorf("dial: %w", fmt.Errorf("%w: 10.0.0.1", ErrForbiddenAddress)), "address not allowed"},
		{&StatusError{Code: 301}, "redirect refused"},
		{&StatusError{Code: 503}, "HTTP status 503"},
		{errors.New("something else"), "delivery failed"},
		{context.Canceled, "delivery failed"},
	} {
		if got := Category(tc.err); got != tc.want {
			t.Errorf("Category(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// Attempts stored before categories hold the raw error text; the attempt
// log must not show it.
func TestPublicErrorHidesRawText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ stored, want string }{
		{"", ""},
		{"DNS failed", "DNS failed"},
		{"address not allowed", "address not allowed"},
		{"HTTP status 500", "HTTP status 500"},
		{"HTTP status 5000", "delivery failed"},
		{"HTTP status 50 0", "delivery failed"},
		{"HTTP status ", "delivery failed"},
		{`webhook delivery failed: Post "http://127.0.0.1:9/hooks": dial tcp 127.0.0.1:9: connect: connection refused`, "delivery failed"},
		{"webhook delivery failed: lookup x.invalid on 10.255.255.53:53: no such host", "delivery failed"},
		{"webhook answered 503", "delivery failed"},
	} {
		if got := PublicError(tc.stored); got != tc.want {
			t.Errorf("PublicError(%q) = %q, want %q", tc.stored, got, tc.want)
		}
	}
}

// The dialer refuses IPv4 carried in IPv6 (NAT64, 6to4, IPv4-compatible,
// mapped private) at connect time, even when the URL check is skipped, and
// nothing is sent.
func TestDialerRefusesIPv4InIPv6(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, http.StatusOK)
	port := r.srv.URL[strings.LastIndex(r.srv.URL, ":"):]
	d := NewDeliverer(true, 2*time.Second)
	for _, host := range []string{"[64:ff9b::7f00:1]", "[64:ff9b::a00:1]", "[::127.0.0.1]", "[::ffff:10.0.0.1]",
		"[2002:7f00:1::]", "[2002:a00:1::1]", "[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "[64:ff9b:1::7f00:1]"} {
		u := "http://" + host + port + "/hooks"
		status, err := d.post(context.Background(), u, secret, []byte(`{}`))
		if status != 0 || !errors.Is(err, ErrForbiddenAddress) || Category(err) != FailForbidden {
			t.Errorf("dialing %s = %d, %v (%q); want ErrForbiddenAddress, %q", u, status, err, Category(err), FailForbidden)
		}
	}
	if n := r.calls.Load(); n != 0 {
		t.Errorf("receiver was called %d times, want 0", n)
	}
}

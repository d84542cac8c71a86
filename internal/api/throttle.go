package api

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// retryError is a refusal the client may retry after a while: the
// envelope is its apiError's, and the answer carries Retry-After.
type retryError struct {
	*apiError
	after time.Duration
}

func (e *retryError) Unwrap() error { return e.apiError }

// RetryAfter says err is a refusal that may be retried after the returned
// wait (a throttled sign-in, a full share of slots).
func RetryAfter(err error) (time.Duration, bool) {
	var re *retryError
	if errors.As(err, &re) {
		return re.after, true
	}
	return 0, false
}

// tooMany is a 429 REQUEST_LIMIT_EXCEEDED with Retry-After.
func tooMany(after time.Duration, format string, a ...any) error {
	return &retryError{&apiError{http.StatusTooManyRequests, codeLimit, fmt.Sprintf(format, a...)}, after}
}

// retryAfterHeader is a Retry-After value: whole seconds, at least 1.
func retryAfterHeader(d time.Duration) string {
	s := int64((d + time.Second - 1) / time.Second)
	return strconv.FormatInt(max(s, 1), 10)
}

// maxAuthBuckets bounds the failure throttle's memory. Past it, expired
// buckets are dropped; if none has expired, new keys and addresses go
// untracked (known ones stay throttled) until some do.
const maxAuthBuckets = 100_000

// authThrottle counts failed Basic sign-ins per API key and per client
// address in fixed windows. An attempt is reserved before its secret is
// checked, so concurrent guesses cannot race past the limit: while the
// failures and the attempts in flight reach the limit, further attempts
// wait for those in flight to end, and once the failures alone reach it,
// every attempt (even with the right secret) is refused until the window
// ends.
type authThrottle struct {
	perKey, perAddr int
	window          time.Duration
	now             func() time.Time

	mu      sync.Mutex
	buckets map[string]*authBucket
	changed chan struct{} // closed and replaced when an attempt ends
}

type authBucket struct {
	start    time.Time
	failures int
	pending  int
}

func newAuthThrottle(perKey, perAddr int, window time.Duration, now func() time.Time) *authThrottle {
	return &authThrottle{perKey: perKey, perAddr: perAddr, window: window, now: now,
		buckets: map[string]*authBucket{}, changed: make(chan struct{})}
}

// attempt is one reserved sign-in; end it with done.
type attempt struct {
	t         *authThrottle
	key, addr *authBucket
}

// bucket returns the live bucket of id, starting a new window when the
// last one ended; nil when the table is full.
func (t *authThrottle) bucket(id string, now time.Time) *authBucket {
	b := t.buckets[id]
	if b != nil && now.Sub(b.start) >= t.window && b.pending == 0 {
		b.start, b.failures = now, 0
	}
	if b != nil {
		return b
	}
	if len(t.buckets) >= maxAuthBuckets {
		for k, old := range t.buckets {
			if now.Sub(old.start) >= t.window && old.pending == 0 {
				delete(t.buckets, k)
			}
		}
		if len(t.buckets) >= maxAuthBuckets {
			return nil
		}
	}
	b = &authBucket{start: now}
	t.buckets[id] = b
	return b
}

// reserve waits for room for one attempt of key from addr. It returns the
// wait the client should take when the key or the address is throttled.
func (t *authThrottle) reserve(ctx context.Context, key, addr string) (*attempt, time.Duration, error) {
	for {
		t.mu.Lock()
		now := t.now()
		kb, ab := t.bucket("k "+key, now), t.bucket("a "+addr, now)
		var retry time.Duration
		full := false
		for _, c := range []struct {
			b     *authBucket
			limit int
		}{{kb, t.perKey}, {ab, t.perAddr}} {
			if c.b == nil {
				continue
			}
			if c.b.failures >= c.limit {
				retry = max(retry, c.b.start.Add(t.window).Sub(now))
			}
			full = full || c.b.failures+c.b.pending >= c.limit
		}
		if retry > 0 {
			t.mu.Unlock()
			return nil, retry, nil
		}
		if !full {
			for _, b := range []*authBucket{kb, ab} {
				if b != nil {
					b.pending++
				}
			}
			t.mu.Unlock()
			return &attempt{t: t, key: kb, addr: ab}, 0, nil
		}
		wait := t.changed
		t.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		}
	}
}

// done ends the attempt; a failed one counts against the key and the
// address. It reports whether this failure reached a limit.
func (a *attempt) done(failed bool) (throttled bool) {
	t := a.t
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range []struct {
		b     *authBucket
		limit int
	}{{a.key, t.perKey}, {a.addr, t.perAddr}} {
		if c.b == nil {
			continue
		}
		c.b.pending--
		if failed {
			c.b.failures++
			throttled = throttled || c.b.failures == c.limit
		}
	}
	close(t.changed)
	t.changed = make(chan struct{})
	return throttled
}

// ClientAddr is the name the sign-in limits give the caller's address: the IP, and
// for IPv6 its /64, which one client usually holds whole.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return host
	}
	if ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return ip.String()
}

// SignIn is AuthenticateBasic behind the failure throttle, for every way
// in that takes a key and secret (HTTP Basic on the API, the review
// console's sign-in form), so that one count per key and per address holds
// across them: the attempt is reserved first, a wrong key or secret is
// logged at warn with the key (never the secret) and counted, and a
// throttled key or address is refused before its secret is looked at
// (RetryAfter tells that refusal).
func (s *Server) SignIn(r *http.Request, key, secret string) (Principal, error) {
	addr := ClientAddr(r)
	shown := logKey(key)
	att, retry, err := s.authLimit.reserve(r.Context(), shownKey(key), addr)
	if err != nil {
		return Principal{}, err
	}
	if att == nil {
		s.log.Debug("basic auth refused: throttled", "api_key", shown, "addr", addr, "request_id", requestID(r.Context()))
		return Principal{}, tooMany(retry, "Too many failed sign-ins with this API key or from this address; try again in %s seconds.", retryAfterHeader(retry))
	}
	p, err := s.AuthenticateBasic(r.Context(), key, secret)
	failed := errors.Is(err, errBadCredentials)
	throttled := att.done(failed)
	if failed {
		s.log.Warn("basic auth failed", "api_key", shown, "addr", addr, "request_id", requestID(r.Context()))
	}
	if throttled {
		s.log.Warn("basic auth throttled", "api_key", shown, "addr", addr, "window", s.authLimit.window.String())
	}
	return p, err
}

// shownKey bounds what the throttle keeps of a key: real keys are short.
func shownKey(key string) string {
	if len(key) > 200 {
		key = key[:200]
	}
	return key
}

// logKey is the key as the log shows it: valid UTF-8 and at most 64
// bytes, cut between characters. Keys are identifiers, not secrets.
func logKey(key string) string {
	key = strings.ToValidUTF8(key, "?")
	if len(key) <= 64 {
		return key
	}
	cut := 64
	for cut > 0 && !utf8.RuneStart(key[cut]) {
		cut--
	}
	return key[:cut] + "..."
}

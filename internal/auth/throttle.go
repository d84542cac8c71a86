package auth

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"
)

// maxAuthBuckets bounds the failure throttle's memory. Past it, expired
// buckets are dropped; if none has expired, new keys and addresses go
// untracked (known ones stay throttled) until some do.
const maxAuthBuckets = 100_000

// throttle counts failed Basic sign-ins per API key and per client
// address in fixed windows. An attempt is reserved before its secret is
// checked, so concurrent guesses cannot race past the limit: while the
// failures and the attempts in flight reach the limit, further attempts
// wait for those in flight to end, and once the failures alone reach it,
// every attempt (even with the right secret) is refused until the window
// ends.
type throttle struct {
	perKey, perAddr int
	window          time.Duration
	now             func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	changed chan struct{} // closed and replaced when an attempt ends
}

type bucket struct {
	start    time.Time
	failures int
	pending  int
}

func newThrottle(perKey, perAddr int, window time.Duration, now func() time.Time) *throttle {
	return &throttle{perKey: perKey, perAddr: perAddr, window: window, now: now,
		buckets: map[string]*bucket{}, changed: make(chan struct{})}
}

// attempt is one reserved sign-in; end it with done.
type attempt struct {
	t         *throttle
	key, addr *bucket
}

// bucketOf returns the live bucket of id, starting a new window when the
// last one ended; nil when the table is full.
func (t *throttle) bucketOf(id string, now time.Time) *bucket {
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
	b = &bucket{start: now}
	t.buckets[id] = b
	return b
}

// reserve waits for room for one attempt of key from addr. It returns the
// wait the client should take when the key or the address is throttled.
func (t *throttle) reserve(ctx context.Context, key, addr string) (*attempt, time.Duration, error) {
	for {
		t.mu.Lock()
		now := t.now()
		kb, ab := t.bucketOf("k "+key, now), t.bucketOf("a "+addr, now)
		var retry time.Duration
		full := false
		for _, c := range []struct {
			b     *bucket
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
			for _, b := range []*bucket{kb, ab} {
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
		b     *bucket
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

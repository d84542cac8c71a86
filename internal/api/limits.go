package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"
)

// Defaults of the body rate (Config.MinBodyRate, Config.BodyRateGrace) and
// of the slots. A phone on a poor 3G link still sends 32 KB a second; a
// client that averages less is holding a connection (and, for JSON, a
// slot) open without using it.
const (
	defaultMinBodyRate   = 32 << 10
	defaultBodyRateGrace = 10 * time.Second

	jsonSlotsGlobal    = 4 // JSON bodies decoded at once (each held in memory)
	jsonSlotsPerTenant = 2
	jsonSlotWait       = 10 * time.Second // for a global slot, then 503

	classifySlotsGlobal    = 2 // synchronous classifications at once
	classifySlotsPerTenant = 1

	busyRetry = 5 * time.Second // Retry-After of a refused slot

	// maxBodyTime caps a body's time whatever its size, as the server's
	// ReadTimeout (cmd/talaan) did before the rate's deadline replaced it.
	maxBodyTime = 10 * time.Minute
)

// slots bounds work that runs at once, per tenant and in all: a tenant
// holding its share never stalls another tenant, and the server's total
// stays bounded. A tenant past its share is refused at once (429, retry
// soon); the global slots are waited for.
type slots struct {
	perTenant int
	global    chan struct{}

	mu   sync.Mutex
	held map[string]int
}

func newSlots(global, perTenant int) *slots {
	return &slots{perTenant: perTenant, global: make(chan struct{}, global), held: map[string]int{}}
}

// tenant takes one of the tenant's slots; ok is false when it holds them
// all.
func (l *slots) tenant(id string) (release func(), ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held[id] >= l.perTenant {
		return nil, false
	}
	l.held[id]++
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.held[id]--; l.held[id] == 0 {
			delete(l.held, id)
		}
	}, true
}

// any waits for one of the global slots, at most wait (0: until ctx ends).
// ok is false when the wait ran out.
func (l *slots) any(ctx context.Context, wait time.Duration) (release func(), ok bool, err error) {
	var timeout <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case l.global <- struct{}{}:
		return func() { <-l.global }, true, nil
	case <-timeout:
		return nil, false, nil
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
}

// rateReader ends a request body that arrives slower than a minimum
// average rate: from its first read, the body may take the grace plus one
// second per rate bytes, and never more than maxBodyTime. The connection's read deadline is moved to that
// limit as bytes arrive, so a stalled client is cut off even while a read
// waits; the same check after every read covers servers without deadlines.
type rateReader struct {
	body  io.ReadCloser
	rc    *http.ResponseController
	rate  int64 // bytes per second
	grace time.Duration

	start    time.Time
	n        int64
	deadline time.Time // the one last set
	tripped  bool
	finished bool
}

// errSlowBody is what a handler sees from a body cut for its rate; the
// route wrapper answers with s.slowBody() instead.
var errSlowBody = errors.New("request body below the minimum rate")

func (r *rateReader) limit() time.Time {
	d := r.grace + time.Duration(float64(r.n)/float64(r.rate)*float64(time.Second))
	return r.start.Add(min(d, maxBodyTime))
}

func (r *rateReader) Read(p []byte) (int, error) {
	if r.tripped {
		return 0, errSlowBody
	}
	if r.start.IsZero() {
		r.start = time.Now()
		r.setDeadline(r.limit())
	}
	n, err := r.body.Read(p)
	r.n += int64(n)
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		r.tripped = true
		return n, errSlowBody
	case errors.Is(err, io.EOF):
		r.finish()
		return n, err
	case err != nil:
		return n, err
	}
	lim := r.limit()
	if time.Now().After(lim) {
		r.tripped = true
		return n, errSlowBody
	}
	if lim.Sub(r.deadline) >= 50*time.Millisecond {
		r.setDeadline(lim)
	}
	return n, nil
}

func (r *rateReader) setDeadline(t time.Time) {
	if r.finished {
		return
	}
	r.deadline = t
	_ = r.rc.SetReadDeadline(t) // unsupported: the check in Read remains
}

// finish lifts the deadline once the body is read: the server's
// background read after the body must not end the request while the
// handler works.
func (r *rateReader) finish() {
	if !r.finished {
		r.finished = true
		_ = r.rc.SetReadDeadline(time.Time{})
	}
}

func (r *rateReader) Close() error { return r.body.Close() }

// limitRate wraps the request's body in a rateReader, unless there is no
// body or the rate is switched off (Config.MinBodyRate < 0).
func (s *Server) limitRate(w http.ResponseWriter, r *http.Request) *rateReader {
	if s.cfg.MinBodyRate < 0 || r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	rr := &rateReader{body: r.Body, rc: http.NewResponseController(w), rate: s.cfg.MinBodyRate, grace: s.cfg.BodyRateGrace}
	r.Body = rr
	return rr
}

// slowBody is the answer to a body cut for its rate.
func (s *Server) slowBody() error {
	return &apiError{http.StatusRequestTimeout, codeTimeLimit, fmt.Sprintf(
		"The request body arrived too slowly: after the first %s it must average at least %s a second. Check the connection and send it again; multipart/form-data is the smaller way to send a file.",
		s.cfg.BodyRateGrace, sizeText(s.cfg.MinBodyRate))}
}

// busyTenant refuses work past the tenant's share.
func busyTenant(what string) error {
	return tooMany(busyRetry, "Your account already has the most %s this server runs at once for one account; wait for one to finish, then send this again.", what)
}

// busyServer refuses work when every global slot stayed taken.
func busyServer(what string) error {
	return &retryError{&apiError{http.StatusServiceUnavailable, codeUnavailable,
		fmt.Sprintf("The server is busy with other %s; send this again in a few seconds.", what)}, busyRetry}
}

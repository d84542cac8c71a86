package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"hash"
	"io"
	"mime"
	"net/http"
	"time"

	"talaan/storage"
)

// idempotencyHeader names the key a client sends so that a retried POST
// answers as its first attempt did, as Stripe's API does.
const (
	idempotencyHeader = "Idempotency-Key"
	replayedHeader    = "Idempotent-Replayed"
	maxIdempotencyKey = 255
	// idempotencyLock is how long a request holds its key before it has
	// answered: the longest a body may take, and time to store it. A key
	// whose process died frees itself after it.
	idempotencyLock = maxBodyTime + 5*time.Minute
)

// idempotent makes h honour Idempotency-Key. The first request with a key
// reserves it; its answer, if a success (2xx), is kept for
// storage.IdempotencyTTL with the fingerprint of the request (method, path,
// body), and a retry with the same fingerprint gets that answer again
// (Idempotent-Replayed: true) without h running. A failure frees the key.
// The same key with another request, or while the first is still running,
// is a 409. Keys belong to the tenant, and for a user token to its user.
func (s *Server) idempotent(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, p principal) error {
		values := r.Header.Values(idempotencyHeader)
		if len(values) == 0 {
			return h(w, r, p)
		}
		if len(values) > 1 || !validIdempotencyKey(values[0]) {
			return &apiError{http.StatusBadRequest, codeBadParams, idempotencyHeader + ": must be sent once, 1 to 255 printable ASCII characters (a UUID is a good key)."}
		}
		ctx := r.Context()
		now := s.now()
		k := storage.Idempotency{TenantID: p.TenantID, Owner: p.UserID, Key: values[0], RequestID: requestID(ctx),
			LockedUntil: now.Add(idempotencyLock), CreatedAt: now, ExpiresAt: now.Add(storage.IdempotencyTTL)}
		fp := s.fingerprint(r)
		held, reserved, err := s.store.ReserveIdempotency(ctx, k)
		if err != nil {
			return err
		}
		if !reserved {
			return s.replay(w, held, fp)
		}
		done := false
		defer func() {
			if !done {
				if err := s.store.ReleaseIdempotency(context.WithoutCancel(ctx), k); err != nil {
					s.log.Warn("release idempotency key", "request_id", k.RequestID, "err", err)
				}
			}
		}()
		// The answer is held back until the body has been read to its end
		// for the fingerprint: once a response is written, an HTTP/1 body
		// may no longer be readable.
		rec := &recorder{ResponseWriter: w}
		if err := h(rec, r, p); err != nil {
			return err
		}
		if rec.status/100 != 2 {
			rec.flush()
			return nil
		}
		k.Fingerprint, err = fp.sum()
		if err != nil {
			// The resource exists: a retry must not make it again, so the
			// key keeps the answer under the part of the body that was read
			// (a retry then differs and gets 409).
			s.log.Warn("read the rest of the body for the idempotency fingerprint", "request_id", k.RequestID, "err", err)
		}
		k.Status, k.Body = rec.status, rec.body.Bytes()
		if err := s.store.CompleteIdempotency(context.WithoutCancel(ctx), k); err != nil {
			s.log.Warn("keep the answer of an idempotency key", "request_id", k.RequestID, "err", err)
		}
		done = true
		rec.flush()
		return nil
	}
}

func validIdempotencyKey(k string) bool {
	if len(k) == 0 || len(k) > maxIdempotencyKey {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// replay answers a request whose key is held: with the first answer when
// the request is the same, else with a 409 saying why.
func (s *Server) replay(w http.ResponseWriter, held storage.Idempotency, fp *fingerprint) error {
	if held.InFlight() {
		return &apiError{http.StatusConflict, codeBadParams, idempotencyHeader + ": a request with this key is in progress; wait for its answer, then retry with the same key to read it."}
	}
	sum, err := fp.sum()
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare(sum, held.Fingerprint) != 1 {
		return &apiError{http.StatusConflict, codeBadParams, idempotencyHeader + ": this key was used in the last 24 hours for a different request (another endpoint or body); send a new key for a new request."}
	}
	w.Header().Set(replayedHeader, "true")
	writeRaw(w, held.Status, held.Body)
	return nil
}

// recorder keeps a handler's status and body until flush; headers go to
// the real writer at once.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(p)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) flush() {
	if r.status == 0 {
		return
	}
	r.ResponseWriter.WriteHeader(r.status)
	_, _ = r.ResponseWriter.Write(r.body.Bytes())
}

// fingerprint is the SHA-256 of a request, taken as its body streams past
// the handler: the method, the path and the body, without the multipart
// boundary (a client's retry may draw a new one for the same parts).
type fingerprint struct {
	body io.ReadCloser
	h    hash.Hash
	w    *dropWriter
	left int64 // bytes of body still hashed
}

// fingerprint starts the fingerprint of r and puts it in the way of r's
// body. A body is hashed up to the largest an upload may be.
func (s *Server) fingerprint(r *http.Request) *fingerprint {
	h := sha256.New()
	h.Write([]byte(r.Method + " " + r.URL.Path + "\n"))
	var boundary []byte
	if mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" && params["boundary"] != "" {
		boundary = []byte("--" + params["boundary"])
	}
	fp := &fingerprint{body: r.Body, h: h, w: &dropWriter{w: h, drop: boundary}, left: max(s.maxMultipartBody(), maxJSONBody)}
	if r.Body == nil {
		fp.body = http.NoBody
	}
	r.Body = fp
	return fp
}

func (f *fingerprint) Read(p []byte) (int, error) {
	n, err := f.body.Read(p)
	if hashed := min(int64(n), max(f.left, 0)); hashed > 0 {
		f.w.Write(p[:hashed])
	}
	f.left -= int64(n)
	return n, err
}

func (f *fingerprint) Close() error { return f.body.Close() }

// sum reads what is left of the body and returns the fingerprint.
func (f *fingerprint) sum() ([]byte, error) {
	_, err := io.Copy(io.Discard, io.LimitReader(f, max(f.left, 0)))
	f.w.flush()
	return f.h.Sum(nil), err
}

// dropWriter writes what is written to it to w, without the occurrences of
// drop (none when drop is empty), also those split across writes.
type dropWriter struct {
	w    io.Writer
	drop []byte
	tail []byte // not yet written: may start an occurrence
}

func (d *dropWriter) Write(p []byte) (int, error) {
	if len(d.drop) == 0 {
		return d.w.Write(p)
	}
	buf := append(d.tail, p...)
	for {
		i := bytes.Index(buf, d.drop)
		if i < 0 {
			break
		}
		if _, err := d.w.Write(buf[:i]); err != nil {
			return 0, err
		}
		buf = buf[i+len(d.drop):]
	}
	keep := min(len(buf), len(d.drop)-1)
	if _, err := d.w.Write(buf[:len(buf)-keep]); err != nil {
		return 0, err
	}
	d.tail = append(d.tail[:0:0], buf[len(buf)-keep:]...)
	return len(p), nil
}

func (d *dropWriter) flush() {
	_, _ = d.w.Write(d.tail)
	d.tail = nil
}

package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"talaan/internal/ids"
)

// pinger is a store that can prove it answers and takes a write (the
// SQLite and PostgreSQL stores). Other stores are checked with a read.
type pinger interface {
	Ping(ctx context.Context) error
}

// probePrefix is the blob key prefix the readiness check writes under;
// uploaded files live under "t/", so a probe never meets a file.
const probePrefix = "_probe/"

// health is the liveness check: the process is up and serving HTTP. It
// does not touch the database or the blob store, so an orchestrator does
// not restart a process that is only waiting for them.
func (s *Server) health(w http.ResponseWriter, r *http.Request, _ principal) error {
	s.ok(w, r, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

// ready is the readiness check: the database answers and takes a write,
// and the blob store stores, returns and deletes a small object. A failure
// answers 503 naming the part, never its error, which only the log sees.
func (s *Server) ready(w http.ResponseWriter, r *http.Request, _ principal) error {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	var failed []string
	if err := s.pingStore(ctx); err != nil {
		s.log.Warn("readiness: database", "request_id", requestID(r.Context()), "err", err)
		failed = append(failed, "the database")
	}
	if err := s.pingBlobs(ctx); err != nil {
		s.log.Warn("readiness: blob store", "request_id", requestID(r.Context()), "err", err)
		failed = append(failed, "the blob store")
	}
	if len(failed) > 0 {
		return &apiError{http.StatusServiceUnavailable, codeUnavailable,
			"Not ready: " + strings.Join(failed, " and ") + " cannot be used."}
	}
	s.ok(w, r, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

func (s *Server) pingStore(ctx context.Context) error {
	if p, ok := s.store.(pinger); ok {
		return p.Ping(ctx)
	}
	_, err := s.store.Secret(ctx, "file-link-key", func() []byte { return s.linkKey })
	return err
}

func (s *Server) pingBlobs(ctx context.Context) error {
	key := probePrefix + "readiness-" + ids.Secret(8)
	want := []byte("talaan readiness probe")
	if _, err := s.blobs.Put(ctx, key, bytes.NewReader(want)); err != nil {
		return fmt.Errorf("put probe: %w", err)
	}
	defer func() {
		if err := s.blobs.Delete(context.WithoutCancel(ctx), key); err != nil {
			s.log.Warn("readiness: delete probe", "err", err)
		}
	}()
	rc, err := s.blobs.Open(ctx, key)
	if err != nil {
		return fmt.Errorf("open probe: %w", err)
	}
	defer rc.Close()
	got, err := io.ReadAll(io.LimitReader(rc, 1<<10))
	if err != nil {
		return fmt.Errorf("read probe: %w", err)
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("probe came back as %d other bytes", len(got))
	}
	return nil
}

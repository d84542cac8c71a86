package api_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"talaan/internal/api"
	"talaan/internal/api/openapi/openapitest"
	"talaan/storage"
	"talaan/storage/folder"
	"talaan/storage/sqlite"
)

// bare configures a server without workers, for tests about the API's own
// limits: its config, a fake classifier, wrappers around the store and the
// blob store, and a buffer that collects its log.
type bare struct {
	cfg      api.Config
	classify api.Classifier
	store    func(*sqlite.Store) storage.Store
	blobs    func(*folder.Store) storage.Blobs
}

// logBuffer is a log sink safe for concurrent handlers.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// setupBare starts the API alone on SQLite and a blob folder; the env's
// helpers (tenant, request, postJSON...) work on it.
func setupBare(t *testing.T, o bare) (*env, *logBuffer) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	logs := &logBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	st, fs := openBackends(t, dir)
	spec, err := openapitest.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	var store storage.Store = st
	if o.store != nil {
		store = o.store(st)
	}
	var blobs storage.Blobs = fs
	if o.blobs != nil {
		blobs = o.blobs(fs)
	}
	srv := httptest.NewUnstartedServer(nil)
	url := "http://" + srv.Listener.Addr().String()
	cfg := o.cfg
	cfg.PublicURL, cfg.Retention, cfg.TokenTTL, cfg.LinkTTL = url, time.Hour, time.Hour, time.Hour
	a, err := api.New(ctx, store, blobs, cfg, o.classify, log)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = a.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	e := &env{t: t, dir: dir, url: url, store: st, blobs: fs, spec: spec, server: a,
		client: &http.Client{Transport: &validating{t: t, spec: spec, next: http.DefaultTransport}, Timeout: time.Minute}}
	return e, logs
}

// flakyStore fails its database probe while down is set: every write
// would fail, reads may still work.
type flakyStore struct {
	*sqlite.Store
	down *atomic.Bool
}

func (s flakyStore) Ping(ctx context.Context) error {
	if s.down.Load() {
		return errors.New("disk I/O error: /secret/path/talaan.db")
	}
	return s.Store.Ping(ctx)
}

// flakyBlobs fails every Put while down is set.
type flakyBlobs struct {
	*folder.Store
	down *atomic.Bool
}

func (b flakyBlobs) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	if b.down.Load() {
		return 0, errors.New("s3: 500 internal error at bucket-secret")
	}
	return b.Store.Put(ctx, key, r)
}

// /healthz says the process is alive whatever the database does; /readyz
// says whether the database and the blob store can be used, and which one
// cannot, without internal details.
func TestReadinessChecksTheDatabaseAndBlobs(t *testing.T) {
	t.Parallel()
	var dbDown, blobsDown atomic.Bool
	e, _ := setupBare(t, bare{
		store: func(s *sqlite.Store) storage.Store { return flakyStore{s, &dbDown} },
		blobs: func(f *folder.Store) storage.Blobs { return flakyBlobs{f, &blobsDown} },
	})
	cases := []struct {
		name          string
		db, blobs     bool // down
		status        int
		want, wantNot []string
	}{
		{"all up", false, false, 200, nil, nil},
		{"database down", true, false, 503, []string{"database"}, []string{"blob", "disk", "secret"}},
		{"blob store down", false, true, 503, []string{"blob store"}, []string{"database", "s3", "secret"}},
		{"both down", true, true, 503, []string{"database", "blob store"}, []string{"disk", "s3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dbDown.Store(tc.db)
			blobsDown.Store(tc.blobs)
			defer dbDown.Store(false)
			defer blobsDown.Store(false)
			if r := e.getJSON("/healthz", nil); r.status != 200 || r.Code != "OK" {
				t.Errorf("healthz: %d %s, want 200 whatever the dependencies do", r.status, r.raw)
			}
			r := e.getJSON("/readyz", nil)
			if r.status != tc.status || r.ReqID == "" {
				t.Fatalf("readyz: %d %s, want %d", r.status, r.raw, tc.status)
			}
			if tc.status == 503 && (r.Code != "SERVER_UNAVAILABLE" || string(r.Data) != "{}") {
				t.Fatalf("readyz: %s, want SERVER_UNAVAILABLE with data {}", r.raw)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Msg, w) {
					t.Errorf("message %q does not name %q", r.Msg, w)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(r.Msg, w) {
					t.Errorf("message %q mentions %q", r.Msg, w)
				}
			}
		})
	}
	if n := countFiles(t, e); n != 0 {
		t.Fatalf("the probes left %d blobs behind", n)
	}
}

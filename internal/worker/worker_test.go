package worker_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"talaan/extract"
	"talaan/internal/archive"
	"talaan/internal/ids"
	"talaan/internal/pipeline"
	"talaan/internal/webhook"
	"talaan/internal/worker"
	"talaan/storage"
	"talaan/storage/folder"
	"talaan/storage/sqlite"
)

// flakyEngine stands in for the engine: these tests are about the queue's
// retries, not about reading documents (internal/api's tests use the real
// engine). It fails its first `fails` calls, then returns a payslip.
type flakyEngine struct {
	fails int32
	calls atomic.Int32
}

func (f *flakyEngine) Process(ctx context.Context, name string, data []byte) (pipeline.Output, error) {
	if f.calls.Add(1) <= f.fails {
		return pipeline.Output{}, errors.New("engine crashed")
	}
	s := func(v string) *string { return &v }
	n := func(v float64) *float64 { return &v }
	in := extract.Income{Employer: s("Acme"), StartDate: s("2026-11-01"), EndDate: s("2026-11-15"), Currency: s("PHP"),
		Frequency: s("Semimonthly"), GrossAmount: n(12000), NetAmount: n(10500)}
	return pipeline.Output{Status: extract.StatusAnalyzed, Kind: extract.KindPayslip, FileType: "pdf", Incomes: []extract.Income{in},
		Records: []pipeline.Record{{Fields: map[string]extract.Field{"netAmount": {Confidence: 0.99}}}}}, nil
}

type rig struct {
	store *sqlite.Store
	blobs *folder.Store
	dir   string // the blob folder
}

func newRig(t *testing.T, engine worker.Processor, allowLoopback bool, opts ...func(*worker.Config)) *rig {
	t.Helper()
	return newRigLogged(t, engine, allowLoopback, io.Discard, 2*time.Second, opts...)
}

// newRigLogged is newRig with the workers' log written to logTo (debug and
// up) and deliveries that time out after timeout.
func newRigLogged(t *testing.T, engine worker.Processor, allowLoopback bool, logTo io.Writer, timeout time.Duration, opts ...func(*worker.Config)) *rig {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	blobs, err := folder.New(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	log := slog.New(slog.NewTextHandler(logTo, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := worker.Config{Documents: 1, RetryBase: 10 * time.Millisecond, PollInterval: 20 * time.Millisecond}
	for _, o := range opts {
		o(&cfg)
	}
	c, err := worker.NewClient(st.Driver(), cfg,
		worker.Deps{Store: st, Blobs: blobs, Engine: engine, Log: log, Deliverer: webhook.NewDeliverer(allowLoopback, timeout)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c.StopAndCancel(sctx)
	})
	return &rig{store: st, blobs: blobs, dir: filepath.Join(dir, "files")}
}

// archive stores a one-file archive with its processing job (and delivery
// jobs for the started event), as the API does.
func (r *rig) archive(t *testing.T, tenantID string) storage.Archive {
	t.Helper()
	return r.archiveNamed(t, tenantID, "x.pdf", true)
}

// archiveNamed is archive with the file's name, and with the processing
// job ranked as the API ranks it, or (ranked false) at River's default
// priority, as a job queued by another path would be.
func (r *rig) archiveNamed(t *testing.T, tenantID, name string, ranked bool) storage.Archive {
	t.Helper()
	ctx := context.Background()
	now := archive.Now()
	u := storage.User{ID: ids.New(ids.User), TenantID: tenantID, CreatedAt: now}
	if err := r.store.CreateUser(ctx, u, storage.Token{ID: ids.New(ids.Token), TenantID: tenantID, UserID: u.ID, Hash: []byte(ids.Secret(8)), ExpiresAt: now.Add(time.Hour), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	key := "t/" + tenantID + "/" + ids.New(ids.File)
	n, err := r.blobs.Put(ctx, key, strings.NewReader("%PDF-1.4 test"))
	if err != nil {
		t.Fatal(err)
	}
	a := storage.Archive{ID: ids.New(ids.Archive), TenantID: tenantID, UserID: u.ID, Source: storage.SourceArchive, ProviderID: "tenant-provided",
		FileType: "OTHERS", Status: storage.StatusStarted, CreatedAt: now, UpdatedAt: now,
		Files: []storage.RawFile{{ID: ids.New(ids.File), TenantID: tenantID, Name: name, Format: "PDF", Size: n, BlobKey: key, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}}}
	a.Files[0].ArchiveID = a.ID
	jobs, err := archive.Deliveries(ctx, r.store, tenantID, archive.LifecycleEvents(a, archive.EventStarted, now))
	if err != nil {
		t.Fatal(err)
	}
	job := river.InsertManyParams{Args: archive.ProcessArgs{ArchiveID: a.ID, TenantID: tenantID}}
	if ranked {
		if job, err = archive.ProcessJob(ctx, r.store, tenantID, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	jobs = append(jobs, job)
	if err := r.store.CreateArchive(ctx, a, jobs); err != nil {
		t.Fatal(err)
	}
	return a
}

func (r *rig) tenant(t *testing.T) string {
	t.Helper()
	id := ids.New(ids.Tenant)
	if err := r.store.CreateTenant(context.Background(), storage.Tenant{ID: id, Name: "t", APIKey: ids.Secret(8), SecretHash: []byte("h"), CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return id
}

func (r *rig) wait(t *testing.T, id string, done func(storage.Archive) bool) storage.Archive {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		a, err := r.store.GetArchive(context.Background(), "", id)
		if err != nil {
			t.Fatal(err)
		}
		if done(a) {
			return a
		}
		if time.Now().After(deadline) {
			t.Fatalf("archive %s: still %s", id, a.Status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func final(a storage.Archive) bool { return a.Status != storage.StatusStarted || a.Review }

func TestTransientEngineFailureRetries(t *testing.T) {
	eng := &flakyEngine{fails: 2}
	r := newRig(t, eng, false)
	a := r.wait(t, r.archive(t, r.tenant(t)).ID, final)
	if a.Status != storage.StatusAnalyzed || eng.calls.Load() != 3 {
		t.Fatalf("status %s after %d engine calls, want ANALYZED after 3", a.Status, eng.calls.Load())
	}
	in, _, err := r.store.ListIncomes(context.Background(), storage.IncomeFilter{TenantID: a.TenantID, SourceID: a.ID})
	if err != nil || len(in) != 1 {
		t.Fatalf("incomes %d (%v), want 1", len(in), err)
	}
}

func TestPermanentFailureEndsInErrorWithAReason(t *testing.T) {
	eng := &flakyEngine{fails: 1000}
	r := newRig(t, eng, false)
	a := r.wait(t, r.archive(t, r.tenant(t)).ID, final)
	if a.Status != storage.StatusError || a.ErrorCode != "SYSTEM_ERROR" || a.Reason != "SYSTEM_ERROR" || a.ErrorMessage == "" {
		t.Fatalf("got %s %q %q %q", a.Status, a.ErrorCode, a.Reason, a.ErrorMessage)
	}
	if n := eng.calls.Load(); n != 5 {
		t.Fatalf("%d attempts, want 5", n)
	}
}

func TestRevokedWhileProcessingStaysRevoked(t *testing.T) {
	block := make(chan struct{})
	eng := &blockingEngine{release: block, started: make(chan struct{}, 1)}
	r := newRig(t, eng, false)
	tenant := r.tenant(t)
	a := r.archive(t, tenant)
	<-eng.started
	if _, err := r.store.RevokeArchive(context.Background(), tenant, a.ID, archive.Now(), nil); err != nil {
		t.Fatal(err)
	}
	close(block)
	time.Sleep(300 * time.Millisecond)
	got := r.wait(t, a.ID, final)
	in, _, _ := r.store.ListIncomes(context.Background(), storage.IncomeFilter{TenantID: tenant, SourceID: a.ID})
	if got.Status != storage.StatusRevoked || len(in) != 0 {
		t.Fatalf("after revoke during processing: %s with %d incomes", got.Status, len(in))
	}
}

type blockingEngine struct {
	flakyEngine
	release chan struct{}
	started chan struct{}
}

func (b *blockingEngine) Process(ctx context.Context, name string, data []byte) (pipeline.Output, error) {
	b.started <- struct{}{}
	<-b.release
	return b.flakyEngine.Process(ctx, name, data)
}

// A receiver that fails twice gets the event on the third attempt; every
// attempt is logged, and every attempt carried the same signed body.
func TestWebhookRetriesUntilDelivered(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	fails := 2
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		mu.Lock()
		defer mu.Unlock()
		if !webhook.Verify("sekret", b, req.Header.Get("Smile-Signature")) {
			w.WriteHeader(401)
			return
		}
		bodies = append(bodies, string(b))
		if fails > 0 {
			fails--
			w.WriteHeader(503)
			return
		}
		w.WriteHeader(200)
	}))
	defer srv.Close()
	r := newRig(t, &flakyEngine{}, true)
	tenant := r.tenant(t)
	now := time.Now().UTC()
	h := storage.Webhook{ID: ids.New(ids.Webhook), TenantID: tenant, Name: "h", URL: srv.URL, Secret: "sekret",
		EventTypes: []string{"ARCHIVE_STARTED"}, Active: true, CreatedAt: now, UpdatedAt: now}
	if err := r.store.CreateWebhook(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	r.archive(t, tenant)
	deadline := time.Now().Add(20 * time.Second)
	for {
		at, _, err := r.store.ListWebhookAttempts(context.Background(), tenant, h.ID, storage.Page{Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(at) == 3 {
			codes := []int{at[2].StatusCode, at[1].StatusCode, at[0].StatusCode} // newest first
			if codes[0] != 503 || codes[1] != 503 || codes[2] != 200 || at[0].Error != "" || at[2].Error == "" {
				t.Fatalf("attempts %v", at)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d attempts logged, want 3", len(at))
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 3 || bodies[0] != bodies[2] || !strings.Contains(bodies[0], `"type":"ARCHIVE_STARTED"`) {
		t.Fatalf("bodies: %q", bodies)
	}
}

// A crash between an upload's Put and its row's commit leaves a blob no row
// names; the periodic sweep deletes it once it is older than the upload
// timeout, with the stale temp files, and keeps everything else.
func TestPeriodicSweepDeletesOrphans(t *testing.T) {
	r := newRig(t, &flakyEngine{}, false, func(c *worker.Config) {
		c.UploadTimeout = time.Hour
		c.OrphanInterval = 100 * time.Millisecond
	})
	ctx := context.Background()
	tenant := r.tenant(t)
	backdate := func(path string) {
		t.Helper()
		at := time.Now().Add(-2 * time.Hour)
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	blob := func(key string, old bool) string {
		t.Helper()
		if _, err := r.blobs.Put(ctx, key, strings.NewReader("%PDF-1.4 left over")); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(r.dir, filepath.FromSlash(key))
		if old {
			backdate(p)
		}
		return p
	}
	temp := func(name string, old bool) string {
		t.Helper()
		p := filepath.Join(r.dir, ".tmp", name)
		if err := os.WriteFile(p, []byte("half a file"), 0o600); err != nil {
			t.Fatal(err)
		}
		if old {
			backdate(p)
		}
		return p
	}
	owned := r.archive(t, tenant).Files[0].BlobKey
	backdate(filepath.Join(r.dir, filepath.FromSlash(owned)))
	files := []struct {
		name string
		path string
		kept bool
	}{
		{"old blob with a row", filepath.Join(r.dir, filepath.FromSlash(owned)), true},
		{"young blob without a row (an upload in progress)", blob("t/"+tenant+"/"+ids.New(ids.File)+"-young", false), true},
		{"young temp file (a Put in progress)", temp("put-young", false), true},
		{"old temp file", temp("put-crashed", true), false},
		{"old blob without a row", blob("t/"+tenant+"/"+ids.New(ids.File)+"-crashed", true), false},
	}
	deadline := time.Now().Add(20 * time.Second)
	for gone := false; !gone; time.Sleep(20 * time.Millisecond) {
		gone = true
		for _, f := range files {
			if _, err := os.Stat(f.path); !f.kept && !errors.Is(err, os.ErrNotExist) {
				gone = false
			}
		}
		if !gone && time.Now().After(deadline) {
			t.Fatal("the leftovers are still there")
		}
	}
	for _, f := range files {
		if _, err := os.Stat(f.path); (err == nil) != f.kept {
			t.Errorf("%s: kept %v, want %v", f.name, err == nil, f.kept)
		}
	}
}

// gateEngine holds every document until the test lets it finish, so that
// the test decides the order in which slots free up.
type gateEngine struct {
	flakyEngine
	started chan string // file names, in the order the engine got them
	mu      sync.Mutex
	gates   map[string]chan struct{}
}

func newGateEngine() *gateEngine {
	return &gateEngine{started: make(chan string, 100), gates: map[string]chan struct{}{}}
}

func (g *gateEngine) gate(name string) chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.gates[name] == nil {
		g.gates[name] = make(chan struct{})
	}
	return g.gates[name]
}

func (g *gateEngine) Process(ctx context.Context, name string, data []byte) (pipeline.Output, error) {
	g.started <- name
	select {
	case <-g.gate(name):
	case <-ctx.Done():
		return pipeline.Output{}, ctx.Err()
	}
	return g.flakyEngine.Process(ctx, name, data)
}

// next returns the name of the next document the engine got.
func (g *gateEngine) next(t *testing.T) string {
	t.Helper()
	select {
	case n := <-g.started:
		return n
	case <-time.After(20 * time.Second):
		t.Fatal("no document started")
		return ""
	}
}

// Tenant A queues four documents and fills both slots; then tenant B queues
// one. B's document must not wait for A's whole queue: it finishes before
// A's last. Slots free up one at a time, oldest document first, so the
// order is the queue's, not the clock's.
func TestFairShareBetweenTenants(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ranked bool
	}{
		// The API's path: A's later documents queue at priorities 2-4,
		// B's first at 1.
		{"a tenant's first document is ranked ahead of another's backlog", true},
		// Every job at the same priority (queued by another path): A's
		// documents step back while B has fewer running.
		{"a tenant with more running steps back for one with fewer", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eng := newGateEngine()
			r := newRig(t, eng, false, func(c *worker.Config) {
				c.Documents = 2
				c.FairShareWait = 50 * time.Millisecond
			})
			a, b := r.tenant(t), r.tenant(t)
			for i := 1; i <= 4; i++ {
				r.archiveNamed(t, a, fmt.Sprintf("a%d.pdf", i), tc.ranked)
			}
			var order []string
			order = append(order, eng.next(t), eng.next(t)) // A's first two fill the slots
			r.archiveNamed(t, b, "b1.pdf", tc.ranked)
			for len(order) < 5 {
				close(eng.gate(order[len(order)-2])) // the oldest running finishes
				order = append(order, eng.next(t))
			}
			close(eng.gate(order[3]))
			close(eng.gate(order[4]))
			pos := map[string]int{}
			for i, n := range order {
				pos[n] = i
			}
			if pos["b1.pdf"] > pos["a3.pdf"] || pos["b1.pdf"] > pos["a4.pdf"] {
				t.Fatalf("documents ran in the order %v: B's waited for A's queue", order)
			}
			if slices.Contains(order[:2], "b1.pdf") {
				t.Fatalf("order %v: B's document ran before it was queued", order)
			}
		})
	}
}

func TestRetentionSweepDeletesExpiredIdempotencyKeys(t *testing.T) {
	r := newRig(t, &flakyEngine{}, false, func(c *worker.Config) { c.SweepInterval = 50 * time.Millisecond })
	ctx := context.Background()
	tenant := r.tenant(t)
	now := time.Now().UTC()
	for name, expires := range map[string]time.Time{"old": now.Add(-time.Minute), "live": now.Add(time.Hour)} {
		k := storage.Idempotency{TenantID: tenant, Key: name, RequestID: "req-" + name,
			CreatedAt: expires.Add(-storage.IdempotencyTTL), LockedUntil: expires, ExpiresAt: expires}
		if _, reserved, err := r.store.ReserveIdempotency(ctx, k); err != nil || !reserved {
			t.Fatalf("reserve %s: %v %v", name, reserved, err)
		}
	}
	keys := func() []string {
		t.Helper()
		rows, err := r.store.DB().QueryContext(ctx, `SELECT key FROM idempotency_keys ORDER BY key`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				t.Fatal(err)
			}
			out = append(out, k)
		}
		return out
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(keys()) == 2 {
		if time.Now().After(deadline) {
			t.Fatal("the expired key is still stored after 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := keys(); len(got) != 1 || got[0] != "live" {
		t.Fatalf("keys after the sweep: %v, want [live]", got)
	}
}

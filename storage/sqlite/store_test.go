package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"talaan/storage"
	"talaan/storage/sqlite"
)

func TestMigrateTwice(t *testing.T) {
	t.Parallel()
	s := open(t)
	for range 2 {
		if err := s.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	var versions int
	if err := s.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if versions == 0 {
		t.Error("no version recorded in schema_migrations")
	}
}

func TestOpenCreatesDirectory(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "missing", "deeper", "with space #1", "talaan.db")
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file: %v", err)
	}
}

func TestReaderIsQueryOnly(t *testing.T) {
	t.Parallel()
	s := open(t)
	// A read on a missing row goes through the reader pool and must not
	// create anything; a write through it would fail.
	if _, err := s.TenantByAPIKey(t.Context(), "nope"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("got %v, want ErrNotFound", err)
	}
}

// TestTwoStoresOnOneFile plays two processes: both migrate at once, then
// both write at once, and neither sees SQLITE_BUSY.
func TestTwoStoresOnOneFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "shared.db")
	stores := make([]*sqlite.Store, 2)
	for i := range stores {
		s, err := sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		stores[i] = s
	}
	var wg sync.WaitGroup
	errs := make([]error, len(stores))
	for i, s := range stores {
		wg.Go(func() { errs[i] = s.Migrate(t.Context()) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("store %d: migrate: %v", i, err)
		}
	}

	ctx := t.Context()
	if err := stores[0].CreateTenant(ctx, storage.Tenant{ID: "ten", APIKey: "k", SecretHash: []byte{1}, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	const perStore = 30
	for i, s := range stores {
		wg.Go(func() {
			for j := range perStore {
				id := fmt.Sprintf("arc-%d-%03d", i, j)
				a := storage.Archive{ID: id, TenantID: "ten", UserID: "u", Status: storage.StatusStarted, CreatedAt: time.Now(), UpdatedAt: time.Now()}
				if err := s.CreateArchive(ctx, a, []river.InsertManyParams{{Args: sharedJob{}}}); err != nil {
					errs[i] = err
					return
				}
				if _, err := s.GetArchive(ctx, "ten", id); err != nil {
					errs[i] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("store %d: %v", i, err)
		}
	}
	// Each store sees the other's rows and jobs.
	for i, s := range stores {
		items, _, err := s.ListArchives(ctx, storage.ArchiveFilter{TenantID: "ten", Page: storage.Page{Size: 150}})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 2*perStore {
			t.Errorf("store %d lists %d archives, want %d", i, len(items), 2*perStore)
		}
		if n := countJobs(t, s, "shared"); n != 2*perStore {
			t.Errorf("store %d counts %d jobs, want %d", i, n, 2*perStore)
		}
	}
}

type sharedJob struct{}

func (sharedJob) Kind() string { return "shared" }

type workJob struct{ ArchiveID string }

func (workJob) Kind() string { return "work" }

type workWorker struct {
	river.WorkerDefaults[workJob]
	s    *sqlite.Store
	done chan string
}

func (w *workWorker) Work(ctx context.Context, job *river.Job[workJob]) error {
	err := w.s.FinishArchive(ctx, storage.Finish{ArchiveID: job.Args.ArchiveID, Status: storage.StatusAnalyzed, At: time.Now()}, nil)
	if err != nil {
		return err
	}
	w.done <- job.Args.ArchiveID
	return nil
}

// TestRiverWorksJobs runs a working River client on Driver(): a job
// inserted with an archive is worked, and the worker can write through the
// store while the client runs on the same single-connection pool.
func TestRiverWorksJobs(t *testing.T) {
	t.Parallel()
	s := open(t)
	if s.Driver() != s.Driver() {
		t.Fatal("Driver returns a new instance on every call")
	}
	workers := river.NewWorkers()
	w := &workWorker{s: s, done: make(chan string, 1)}
	river.AddWorker(workers, w)
	client, err := river.NewClient[*sql.Tx](s.Driver(), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Workers:           workers,
		FetchPollInterval: 20 * time.Millisecond,
		FetchCooldown:     10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stopCtx, stop := context.WithTimeout(context.Background(), 5*time.Second)
		defer stop()
		_ = client.Stop(stopCtx)
	}()

	a := storage.Archive{ID: "arc-1", TenantID: "ten", UserID: "u", Status: storage.StatusStarted, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := s.CreateArchive(ctx, a, []river.InsertManyParams{{Args: workJob{ArchiveID: "arc-1"}}}); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-w.done:
		if id != "arc-1" {
			t.Fatalf("worked %q", id)
		}
	case <-ctx.Done():
		t.Fatal("the job was not worked")
	}
	got, err := s.GetArchive(ctx, "ten", "arc-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != storage.StatusAnalyzed {
		t.Errorf("status %s, want ANALYZED", got.Status)
	}
}

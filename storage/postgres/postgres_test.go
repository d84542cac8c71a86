package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"talaan/storage"
	"talaan/storage/storetest"
)

// The tests need a PostgreSQL server: TALAAN_TEST_DATABASE_URL (the
// Makefile sets it) names a database on it whose role may create schemas
// and databases. Each test gets a schema of its own in that database (its
// store's URL sets search_path to it), dropped at the end; the test of a
// fresh database's concurrent migrations makes whole databases. A schema
// costs a few milliseconds where a database costs a few hundred (CREATE
// DATABASE copies and syncs a template), which halves the package's time.
const defaultTestURL = "postgres://root:talaan@127.0.0.1:5432/test?sslmode=disable"

// testDBPrefix starts the name of every database and schema the tests
// make; the rest is the creation time (unix seconds, hex) and a random part.
const testDBPrefix = "talaan_t_"

func testURL() string {
	if u := os.Getenv("TALAAN_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return defaultTestURL
}

// admin is the shared connection to the test URL's database, used to
// create and drop the tests' databases.
var admin struct {
	once sync.Once
	pool *pgxpool.Pool
	err  error
}

func adminPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	admin.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		cfg, err := pgxpool.ParseConfig(testURL())
		if err != nil {
			admin.err = err
			return
		}
		cfg.MaxConns = 4
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err == nil {
			err = pool.Ping(ctx)
		}
		if err != nil {
			if pool != nil {
				pool.Close()
			}
			admin.err = err
			return
		}
		admin.pool = pool
		dropStaleDatabases(ctx, pool)
	})
	if admin.err != nil {
		t.Fatalf("PostgreSQL at %s does not answer: %v\nrun `make postgres` (or set TALAAN_TEST_DATABASE_URL)", redact(testURL()), admin.err)
	}
	return admin.pool
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unparsable URL)"
	}
	return u.Redacted()
}

// dropStaleDatabases drops the test databases and schemas a killed run
// left behind (made more than an hour ago).
func dropStaleDatabases(ctx context.Context, pool *pgxpool.Pool) {
	for _, kind := range []struct{ list, drop string }{
		{`SELECT datname FROM pg_database WHERE datname LIKE $1`, `DROP DATABASE IF EXISTS %s WITH (FORCE)`},
		{`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, `DROP SCHEMA IF EXISTS %s CASCADE`},
	} {
		rows, err := pool.Query(ctx, kind.list, testDBPrefix+"%")
		if err != nil {
			continue
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			continue
		}
		for _, name := range names {
			stamp, _, _ := strings.Cut(strings.TrimPrefix(name, testDBPrefix), "_")
			sec, err := strconv.ParseInt(stamp, 16, 64)
			if err != nil || time.Since(time.Unix(sec, 0)) < time.Hour {
				continue
			}
			_, _ = pool.Exec(ctx, fmt.Sprintf(kind.drop, pgx.Identifier{name}.Sanitize()))
		}
	}
}

// testName returns a new name for a test database or schema.
func testName() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s%x_%s", testDBPrefix, time.Now().Unix(), hex.EncodeToString(b[:]))
}

// freshSchema creates an empty schema in the test database, dropped when
// the test ends, and returns a URL whose search_path is that schema.
func freshSchema(t testing.TB) string {
	t.Helper()
	pool := adminPool(t)
	name := testName()
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := pool.Exec(context.Background(), `CREATE SCHEMA `+ident); err != nil {
		t.Fatalf("create schema %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := pool.Exec(ctx, `DROP SCHEMA IF EXISTS `+ident+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(testURL())
	if err != nil {
		t.Fatalf("TALAAN_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// freshDatabase creates an empty database, dropped when the test ends, and
// returns its URL.
func freshDatabase(t testing.TB) string {
	t.Helper()
	pool := adminPool(t)
	name := testName()
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := pool.Exec(context.Background(), `CREATE DATABASE `+ident); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := pool.Exec(ctx, `DROP DATABASE IF EXISTS `+ident+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(testURL())
	if err != nil {
		t.Fatalf("TALAAN_TEST_DATABASE_URL: %v", err)
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

// openURL opens a store on url, closed when the test ends, not migrated.
func openURL(t testing.TB, url string) *Store {
	t.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// open returns a migrated store on a fresh schema.
func open(t testing.TB) *Store {
	t.Helper()
	s := openURL(t, freshSchema(t))
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// countJobs counts the River jobs of a kind in the store's database.
func countJobs(t *testing.T, s storage.Store, kind string) int {
	t.Helper()
	var n int
	if err := s.(*Store).Pool().QueryRow(t.Context(), `SELECT count(*) FROM river_job WHERE kind = $1`, kind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storage.Store { return open(t) }, countJobs)
}

// migrationState returns talaan's and River's applied versions.
func migrationState(t *testing.T, s *Store) (talaan, river []int) {
	t.Helper()
	ctx := t.Context()
	for _, q := range []struct {
		query string
		into  *[]int
	}{
		{`SELECT version FROM talaan_schema_migrations ORDER BY version`, &talaan},
		{`SELECT version FROM river_migration ORDER BY version`, &river},
	} {
		rows, err := s.Pool().Query(ctx, q.query)
		if err != nil {
			t.Fatal(err)
		}
		*q.into, err = pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil {
			t.Fatal(err)
		}
	}
	return talaan, river
}

func TestMigrateTwice(t *testing.T) {
	t.Parallel()
	s := open(t)
	talaan, river := migrationState(t, s)
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(talaan) != len(ms) || len(river) == 0 {
		t.Fatalf("after Migrate: talaan versions %v (want %d), river versions %v", talaan, len(ms), river)
	}
	for range 2 {
		if err := s.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	talaan2, river2 := migrationState(t, s)
	if fmt.Sprint(talaan2, river2) != fmt.Sprint(talaan, river) {
		t.Errorf("versions changed: talaan %v -> %v, river %v -> %v", talaan, talaan2, river, river2)
	}
}

// TestConcurrentMigrate plays two processes starting at once on a fresh
// database: both migrate, both succeed, and the schema is there once.
func TestConcurrentMigrate(t *testing.T) {
	t.Parallel()
	for round := range 2 {
		url := freshDatabase(t)
		stores := []*Store{openURL(t, url), openURL(t, url)}
		errs := make([]error, len(stores))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, s := range stores {
			wg.Go(func() {
				<-start
				errs[i] = s.Migrate(t.Context())
			})
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: store %d: migrate: %v", round, i, err)
			}
		}
		talaan0, river0 := migrationState(t, stores[0])
		talaan1, river1 := migrationState(t, stores[1])
		if len(talaan0) == 0 || len(river0) == 0 || fmt.Sprint(talaan0, river0) != fmt.Sprint(talaan1, river1) {
			t.Fatalf("round %d: versions %v %v and %v %v", round, talaan0, river0, talaan1, river1)
		}
		// Both work on the shared tables.
		ctx := t.Context()
		if err := stores[0].CreateTenant(ctx, storage.Tenant{ID: "ten", APIKey: "k", SecretHash: []byte{1}, CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		if _, err := stores[1].TenantByAPIKey(ctx, "k"); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOpenNeverPrintsThePassword feeds Open URLs that fail in each way it
// reports, all with a password, and checks that no error shows it.
func TestOpenNeverPrintsThePassword(t *testing.T) {
	t.Parallel()
	const pw = "s3cr3t-Pa55"
	for _, tc := range []struct{ name, url string }{
		{"unreachable server", "postgres://root:" + pw + "@127.0.0.1:1/test?sslmode=disable&connect_timeout=2"},
		{"bad pool_max_conns", "postgres://root:" + pw + "@127.0.0.1:5432/test?pool_max_conns=lots"},
		{"pool_max_conns of one", "postgresql://root:" + pw + "@127.0.0.1:5432/test?pool_max_conns=1"},
		{"bad sslmode", "postgres://root:" + pw + "@127.0.0.1:5432/test?sslmode=sometimes"},
		{"bad port", "postgres://root:" + pw + "@127.0.0.1:notaport/test"},
		{"bad escape", "postgres://root:" + pw + "%zz@127.0.0.1:5432/test"},
		{"password parameter", "postgres://root@127.0.0.1:1/test?password=" + pw + "&connect_timeout=2"},
		{"not a postgres URL", "mysql://root:" + pw + "@127.0.0.1:5432/test"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(t.Context(), tc.url)
			if err == nil {
				_ = s.Close()
				t.Fatal("Open succeeded")
			}
			t.Log(err)
			if strings.Contains(err.Error(), pw) {
				t.Errorf("the error shows the password: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "open postgres") {
				t.Errorf("the error does not say what failed: %v", err)
			}
		})
	}
}

// TestPoolSize checks the default pool size and pool_max_conns.
func TestPoolSize(t *testing.T) {
	t.Parallel()
	url := freshSchema(t)
	s := openURL(t, url)
	if got, want := s.Pool().Config().MaxConns, int32(max(4, 2*runtime.NumCPU())); got != want {
		t.Errorf("default pool size %d, want %d", got, want)
	}
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	s = openURL(t, url+sep+"pool_max_conns=7")
	if got := s.Pool().Config().MaxConns; got != 7 {
		t.Errorf("pool size %d, want pool_max_conns=7", got)
	}
}

// TestPlanCacheMode checks that the store's connections plan every
// execution for its arguments, unless the URL says otherwise.
func TestPlanCacheMode(t *testing.T) {
	t.Parallel()
	url := freshSchema(t)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	for _, tc := range []struct{ url, want string }{
		{url, "force_custom_plan"},
		{url + sep + "plan_cache_mode=auto", "auto"},
	} {
		s := openURL(t, tc.url)
		var got string
		if err := s.Pool().QueryRow(t.Context(), `SHOW plan_cache_mode`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s: plan_cache_mode %s, want %s", redact(tc.url), got, tc.want)
		}
	}
}

// TestErrorMapping checks the SQLSTATE mapping the suite does not reach: a
// token of an unknown user is not found.
func TestErrorMapping(t *testing.T) {
	t.Parallel()
	s := open(t)
	now := time.Now()
	err := s.CreateToken(t.Context(), storage.Token{ID: "tok", TenantID: "ten", UserID: "nobody", Hash: []byte("h"), ExpiresAt: now, CreatedAt: now})
	if !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("token of an unknown user: got %v, want ErrNotFound", err)
	}
	err = s.CreateTenant(t.Context(), storage.Tenant{ID: "ten", APIKey: "k", CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	err = s.CreateTenant(t.Context(), storage.Tenant{ID: "ten", APIKey: "k2", CreatedAt: now})
	if !errors.Is(err, storage.ErrConflict) {
		t.Errorf("duplicate tenant id: got %v, want ErrConflict", err)
	}
}

// TestTimes checks that times come back in UTC, truncated to the
// microsecond like the SQLite store's, whatever zone they were given in.
func TestTimes(t *testing.T) {
	t.Parallel()
	s := open(t)
	manila := time.FixedZone("PHT", 8*3600)
	at := time.Date(2025, 3, 1, 20, 0, 0, 123456789, manila)
	if err := s.CreateTenant(t.Context(), storage.Tenant{ID: "ten", APIKey: "k", SecretHash: []byte{1}, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	got, err := s.TenantByAPIKey(t.Context(), "k")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2025, 3, 1, 12, 0, 0, 123456000, time.UTC)
	if got.CreatedAt != want {
		t.Errorf("created at %v (%s), want %v", got.CreatedAt, got.CreatedAt.Location(), want)
	}
	if want.UnixMicro() != at.UnixMicro() {
		t.Fatal("the test's expectation is wrong")
	}
}

type workJob struct{ ArchiveID string }

func (workJob) Kind() string { return "work" }

type workWorker struct {
	river.WorkerDefaults[workJob]
	s    *Store
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
// inserted with an archive is worked, and the worker writes through the
// store.
func TestRiverWorksJobs(t *testing.T) {
	t.Parallel()
	s := open(t)
	if s.Driver() != s.Driver() {
		t.Fatal("Driver returns a new instance on every call")
	}
	workers := river.NewWorkers()
	w := &workWorker{s: s, done: make(chan string, 1)}
	river.AddWorker(workers, w)
	client, err := river.NewClient[pgx.Tx](s.Driver(), &river.Config{
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

package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"talaan/storage"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrateLockClass is the first half of the pg_advisory_xact_lock key that
// serialises Migrate across processes ("tala" in ASCII); the second is a
// hash of the schema migrated, so that stores on different schemas of one
// database do not wait for each other.
const migrateLockClass int32 = 0x74616c61

// Store is a storage.Store on a PostgreSQL database. Create it with Open.
type Store struct {
	pool   *pgxpool.Pool
	driver *riverpgxv5.Driver
	// inserter is an insert-only River client (no queues, no workers) used to
	// insert jobs inside the store's own transactions.
	inserter *river.Client[pgx.Tx]
}

var _ storage.Store = (*Store)(nil)

// Open connects a pool to the PostgreSQL database at url (postgres:// or
// postgresql://) and pings it. The pool has pool_max_conns connections when
// the URL sets it (at least 2), max(4, 2*NumCPU) otherwise. Call Migrate
// before using the store.
func Open(ctx context.Context, rawURL string) (*Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error prints the URL, password included: keep only its cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("open postgres: invalid URL: %v", scrubbed(err, passwords(rawURL, nil)))
	}
	secrets := passwords(rawURL, u)
	where := redactedURL(u)
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return nil, fmt.Errorf("open postgres %s: the URL must start with postgres:// or postgresql://", where)
	}
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		// pgx's message names the URL, password masked.
		return nil, fmt.Errorf("open postgres: %w", scrubbed(err, secrets))
	}
	if !u.Query().Has("pool_max_conns") {
		cfg.MaxConns = int32(max(4, 2*runtime.NumCPU()))
	}
	if _, set := cfg.ConnConfig.RuntimeParams["plan_cache_mode"]; !set {
		// Plan every execution of a cached statement for its arguments:
		// tenants differ in size by orders of magnitude, and a generic plan
		// made for the average tenant (a sort of its few rows) would sort
		// all of a big tenant's rows for every page. Planning these short
		// queries costs tens of microseconds. A plan_cache_mode in the URL
		// wins.
		cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
			_, err := conn.Exec(ctx, `SET plan_cache_mode = force_custom_plan`)
			return err
		}
	}
	if cfg.MaxConns < 2 {
		// Migrate holds one connection (its lock) while it works on another.
		return nil, fmt.Errorf("open postgres %s: pool_max_conns is %d, the store needs at least 2", where, cfg.MaxConns)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", where, scrubbed(err, secrets))
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s: %w", where, scrubbed(err, secrets))
	}
	driver := riverpgxv5.New(pool)
	inserter, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s: river client: %w", where, err)
	}
	return &Store{pool: pool, driver: driver, inserter: inserter}, nil
}

// passwords lists the secrets of a connection URL as they may appear in an
// error: the userinfo password and the password and sslpassword parameters,
// raw and escaped.
func passwords(raw string, u *url.URL) []string {
	var out []string
	add := func(s string) {
		if s == "" {
			return
		}
		out = append(out, s, url.QueryEscape(s), url.PathEscape(s))
	}
	if u != nil {
		if p, ok := u.User.Password(); ok {
			add(p)
		}
		q := u.Query()
		add(q.Get("password"))
		add(q.Get("sslpassword"))
		return out
	}
	// The URL does not parse: take whatever sits between the user's colon
	// and the last @ of the authority, as a best effort.
	rest, ok := strings.CutPrefix(raw, "postgres://")
	if !ok {
		rest, _ = strings.CutPrefix(raw, "postgresql://")
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		if _, pw, ok := strings.Cut(rest[:at], ":"); ok {
			add(pw)
		}
	}
	return out
}

// redactedURL prints u with its password and its password and sslpassword
// parameters masked.
func redactedURL(u *url.URL) string {
	c := *u
	q := c.Query()
	changed := false
	for _, k := range []string{"password", "sslpassword"} {
		if q.Has(k) {
			q.Set(k, "xxxxx")
			changed = true
		}
	}
	if changed {
		c.RawQuery = q.Encode()
	}
	return c.Redacted()
}

// scrubbedError keeps an error's chain (errors.Is and As still work) but
// prints it with the secrets masked.
type scrubbedError struct {
	err     error
	secrets []string
}

func (e *scrubbedError) Error() string {
	msg := e.err.Error()
	for _, s := range e.secrets {
		msg = strings.ReplaceAll(msg, s, "xxxxx")
	}
	return msg
}

func (e *scrubbedError) Unwrap() error { return e.err }

func scrubbed(err error, secrets []string) error {
	if err == nil || len(secrets) == 0 {
		return err
	}
	return &scrubbedError{err: err, secrets: secrets}
}

// Driver returns the River driver on the store's pool, the same instance on
// every call, for the caller's working River client (river.Client[pgx.Tx]).
func (s *Store) Driver() *riverpgxv5.Driver { return s.driver }

// Pool returns the store's connection pool, for tests, tools and
// benchmarks.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Close closes the pool. The caller stops its River client first.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Migrate applies talaan's migrations, then River's, in the schema the
// tables are created in (the first of the search_path). It is safe to run
// again and from several processes at once: a transaction holds
// pg_advisory_xact_lock (keyed by that schema) for the whole of it, so one
// process migrates while the others wait, then find nothing left to do. (A
// transaction-scoped lock rather than a session one, so that it is never
// left behind on a pooled connection.)
func (s *Store) Migrate(ctx context.Context) error {
	lock, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate: begin lock: %w", err)
	}
	defer func() { _ = lock.Rollback(context.WithoutCancel(ctx)) }()
	if _, err := lock.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(coalesce(current_schema(), '')))`, migrateLockClass); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	if err := s.migrateTalaan(ctx); err != nil {
		return err
	}
	migrator, err := rivermigrate.New(s.driver, nil)
	if err != nil {
		return fmt.Errorf("migrate river: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate river: %w", err)
	}
	if err := lock.Commit(ctx); err != nil {
		return fmt.Errorf("migrate: unlock: %w", err)
	}
	return nil
}

// loadMigrations reads the embedded migrations, in version order.
func loadMigrations() ([]storage.Migration, error) {
	return storage.LoadMigrations(migrationFS, "migrations")
}

// migrateTalaan applies each pending migration in its own transaction, with
// its version row. The caller holds the migration lock.
func (s *Store) migrateTalaan(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	if _, err := s.pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS talaan_schema_migrations (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`); err != nil {
		return fmt.Errorf("migrate: create talaan_schema_migrations: %w", err)
	}
	return storage.ApplyMigrations(ctx, ms, func(ctx context.Context, fn func(storage.MigrationTx) error) error {
		return s.inTx(ctx, func(tx pgx.Tx) error { return fn(migrationTx{tx}) })
	})
}

// migrationTx is a storage.MigrationTx on talaan_schema_migrations.
type migrationTx struct{ tx pgx.Tx }

func (m migrationTx) Applied(ctx context.Context, version int) (bool, error) {
	var done bool
	err := m.tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM talaan_schema_migrations WHERE version = $1)`,
		version).Scan(&done)
	return done, err
}

// Exec runs query without arguments: the simple protocol, which runs every
// statement of the file.
func (m migrationTx) Exec(ctx context.Context, query string) error {
	_, err := m.tx.Exec(ctx, query)
	return err
}

func (m migrationTx) Record(ctx context.Context, mig storage.Migration) error {
	_, err := m.tx.Exec(ctx, `INSERT INTO talaan_schema_migrations (version, name) VALUES ($1, $2)`,
		mig.Version, mig.Name)
	return err
}

// inTx runs fn in a transaction and commits it, or rolls it back if fn or
// the commit fails.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Secret returns the named secret, storing gen() the first time. Of several
// processes racing, the first insert wins and all return it: a losing
// INSERT ... ON CONFLICT DO NOTHING waits for the winner's commit, and the
// SELECT after it sees the committed row.
func (s *Store) Secret(ctx context.Context, name string, gen func() []byte) ([]byte, error) {
	read := func(ctx context.Context) ([]byte, error) {
		var v []byte
		err := s.pool.QueryRow(ctx, `SELECT value FROM settings WHERE name = $1`, name).Scan(&v)
		return v, err
	}
	return storage.SecretOnce(ctx, name, gen, pgx.ErrNoRows, read, func(ctx context.Context, fresh []byte) ([]byte, error) {
		if _, err := s.pool.Exec(ctx, `INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
			name, fresh); err != nil {
			return nil, err
		}
		return read(ctx)
	})
}

// SQLSTATE codes the store maps to storage errors.
const (
	codeUniqueViolation     = "23505"
	codeForeignKeyViolation = "23503"
)

func hasCode(err error, code string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == code
}

// isDuplicate reports a unique or primary key violation.
func isDuplicate(err error) bool { return hasCode(err, codeUniqueViolation) }

// isMissingParent reports a foreign key violation.
func isMissingParent(err error) bool { return hasCode(err, codeForeignKeyViolation) }

// conflict wraps a duplicate key error as storage.ErrConflict and returns
// other errors as they are.
func conflict(err error) error { return storage.InsertError(err, isDuplicate(err), false, "") }

// insertErr is conflict, and a foreign key violation is storage.ErrNotFound
// for the parent row, named parent.
func insertErr(err error, parent string) error {
	return storage.InsertError(err, isDuplicate(err), isMissingParent(err), parent)
}

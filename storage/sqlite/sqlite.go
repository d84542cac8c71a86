package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"talaan/storage"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// readerConns is the size of the query-only pool.
const readerConns = 8

// busyTimeoutMS is how long a connection waits for another one's lock.
const busyTimeoutMS = 10000

// Store is a storage.Store on one SQLite file. Create it with Open.
type Store struct {
	writer *sql.DB    // one connection: every write, River
	reader *sql.DB    // query_only: the pure reads
	reads  *stmtCache // prepared statements of the reads, on reader
	driver *riversqlite.Driver
	// inserter is an insert-only River client (no queues, no workers) used to
	// insert jobs inside the store's own transactions.
	inserter *river.Client[*sql.Tx]
}

var _ storage.Store = (*Store)(nil)

// Open opens the SQLite database at path, creating it and its parent
// directory if needed. A file at path must be a SQLite database: anything
// else (an empty file included, which SQLite would take for a new database)
// is left untouched and Open returns a *NotDatabaseError. Call Migrate before
// using the store.
func Open(ctx context.Context, path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if err := checkFile(path, abs); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, fmt.Errorf("open sqlite %s: create directory: %w", path, err)
	}
	base := fileURI(abs)
	busy := "_pragma=busy_timeout(" + strconv.Itoa(busyTimeoutMS) + ")"

	writer, err := sql.Open("sqlite", base+"?"+busy+
		"&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)
	// Connect now: the writer switches the file to WAL before any reader
	// opens it.
	if err := writer.PingContext(ctx); err != nil {
		_ = writer.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}

	reader, err := sql.Open("sqlite", base+"?"+busy+"&_pragma=query_only(1)&_pragma=foreign_keys(1)")
	if err != nil {
		_ = writer.Close()
		return nil, fmt.Errorf("open sqlite %s: reader: %w", path, err)
	}
	reader.SetMaxOpenConns(readerConns)
	reader.SetMaxIdleConns(readerConns)
	if err := reader.PingContext(ctx); err != nil {
		_ = reader.Close()
		_ = writer.Close()
		return nil, fmt.Errorf("open sqlite %s: reader: %w", path, err)
	}

	driver := riversqlite.New(writer)
	inserter, err := river.NewClient(driver, &river.Config{})
	if err != nil {
		_ = reader.Close()
		_ = writer.Close()
		return nil, fmt.Errorf("open sqlite %s: river client: %w", path, err)
	}
	return &Store{writer: writer, reader: reader, reads: newStmtCache(reader), driver: driver, inserter: inserter}, nil
}

// NotDatabaseError is Open's error when the file at Path exists but is not a
// SQLite database. Open leaves the file as it was.
type NotDatabaseError struct {
	Path   string
	Reason string // "0 bytes", "no SQLite header", ...
}

func (e *NotDatabaseError) Error() string {
	return fmt.Sprintf("%s is not a SQLite database (%s); move it away or restore it", e.Path, e.Reason)
}

// sqliteHeader starts every SQLite database file; minFileSize is the
// smallest page size, and so the smallest database file.
const (
	sqliteHeader = "SQLite format 3\x00"
	minFileSize  = 512
)

// checkFile returns a *NotDatabaseError unless abs is absent or starts like
// a SQLite database. SQLite itself would turn an empty file into a new
// database, and only notice other damage on the first query.
func checkFile(path, abs string) error {
	fi, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	bad := func(reason string) error { return &NotDatabaseError{Path: path, Reason: reason} }
	if fi.IsDir() {
		return bad("a directory")
	}
	if fi.Size() == 0 {
		return bad("0 bytes")
	}
	f, err := os.Open(abs)
	if err != nil {
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if string(head) != sqliteHeader {
		return bad("no SQLite header")
	}
	if fi.Size() < minFileSize {
		return bad(fmt.Sprintf("%d bytes, less than one page", fi.Size()))
	}
	return nil
}

// fileURI makes a SQLite URI of an absolute path, escaping the characters
// that would end or change the path part.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:/C:/...
	}
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(p)
}

// Driver returns the River driver on the writer pool, the same instance on
// every call, for the caller's working River client (river.Client[*sql.Tx]).
func (s *Store) Driver() *riversqlite.Driver { return s.driver }

// DB returns the writer pool (a single connection). It is meant for tests,
// tools and benchmarks; do not hold a transaction on it while calling the
// store, or the store waits for it.
func (s *Store) DB() *sql.DB { return s.writer }

// Close closes both pools. The caller stops its River client first.
func (s *Store) Close() error {
	return errors.Join(s.reads.Close(), s.reader.Close(), s.writer.Close())
}

// Migrate applies talaan's migrations, then River's. It is safe to run again
// and from several processes at once.
func (s *Store) Migrate(ctx context.Context) error {
	if err := s.migrateTalaan(ctx); err != nil {
		return err
	}
	return s.migrateRiver(ctx)
}

// migrateTalaan applies each pending migration in its own IMMEDIATE
// transaction, which holds the write lock from the version check to the
// commit, so two processes never apply the same migration.
func (s *Store) migrateTalaan(ctx context.Context) error {
	ms, err := storage.LoadMigrations(migrationFS, "migrations")
	if err != nil {
		return err
	}
	if _, err := s.writer.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL
	)`); err != nil {
		return fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	return storage.ApplyMigrations(ctx, ms, func(ctx context.Context, fn func(storage.MigrationTx) error) error {
		return s.inTx(ctx, func(tx *sql.Tx) error { return fn(migrationTx{tx}) })
	})
}

// migrationTx is a storage.MigrationTx on schema_migrations.
type migrationTx struct{ tx *sql.Tx }

func (m migrationTx) Applied(ctx context.Context, version int) (bool, error) {
	var n int
	err := m.tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n)
	return n > 0, err
}

func (m migrationTx) Exec(ctx context.Context, query string) error {
	_, err := m.tx.ExecContext(ctx, query)
	return err
}

func (m migrationTx) Record(ctx context.Context, mig storage.Migration) error {
	_, err := m.tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		mig.Version, time.Now().UnixMicro())
	return err
}

// migrateRiver runs River's migrations. River reads the applied versions
// before it takes the write lock, so a process racing another one may try a
// version the other has just applied and fail; it then tries again from the
// new state, which always makes progress.
func (s *Store) migrateRiver(ctx context.Context) error {
	migrator, err := rivermigrate.New(s.driver, nil)
	if err != nil {
		return fmt.Errorf("migrate river: %w", err)
	}
	const attempts = 20
	for i := 1; ; i++ {
		_, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
		if err == nil {
			return nil
		}
		if i == attempts || ctx.Err() != nil {
			return fmt.Errorf("migrate river: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("migrate river: %w", ctx.Err())
		case <-time.After(time.Duration(i*20) * time.Millisecond):
		}
	}
}

// inTx runs fn in a transaction on the writer (BEGIN IMMEDIATE) and commits
// it, or rolls it back if fn or the commit fails.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// readTx runs fn in a read transaction on the reader pool, so that its
// queries see one snapshot.
func (s *Store) readTx(ctx context.Context, fn func(q querier) error) error {
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	return fn(s.reads.inTx(tx))
}

// Secret returns the named secret, storing gen() the first time. Of two
// processes racing, the first insert wins and both return it.
func (s *Store) Secret(ctx context.Context, name string, gen func() []byte) ([]byte, error) {
	const read = `SELECT value FROM settings WHERE name = ?`
	return storage.SecretOnce(ctx, name, gen, sql.ErrNoRows, func(ctx context.Context) ([]byte, error) {
		var v []byte
		err := s.reads.QueryRowContext(ctx, read, name).Scan(&v)
		return v, err
	}, func(ctx context.Context, fresh []byte) ([]byte, error) {
		var v []byte
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)`, name, fresh); err != nil {
				return err
			}
			return tx.QueryRowContext(ctx, read, name).Scan(&v)
		})
		return v, err
	})
}

// isConstraint reports whether err is a SQLite constraint violation of one
// of the given extended codes.
func isConstraint(err error, codes ...int) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	for _, c := range codes {
		if se.Code() == c {
			return true
		}
	}
	return false
}

// isDuplicate reports a unique or primary key violation.
func isDuplicate(err error) bool {
	return isConstraint(err, sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// isMissingParent reports a foreign key violation.
func isMissingParent(err error) bool {
	return isConstraint(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY)
}

// conflict wraps a duplicate key error as storage.ErrConflict and returns
// other errors as they are.
func conflict(err error) error { return storage.InsertError(err, isDuplicate(err), false, "") }

// insertErr is conflict, and a foreign key violation is storage.ErrNotFound
// for the parent row, named parent.
func insertErr(err error, parent string) error {
	return storage.InsertError(err, isDuplicate(err), isMissingParent(err), parent)
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"talaan/internal/ids"
	"talaan/storage/postgres"
)

// defaultPostgresURL is the server the tests use (make postgres).
const defaultPostgresURL = "postgres://root:talaan@127.0.0.1:5432/test?sslmode=disable"

// pgMarkerTable, in a database seeded for the latency benchmark, holds the
// seedInfo (the tenant's credentials included: the database keeps only the
// secret's hash). It is the bench's own table, not talaan's.
const pgMarkerTable = "servebench_seed"

var dbNameRE = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Cleanups that must run however the bench ends (Ctrl-C included): main
// runs those still pending after it has stopped the child processes.
var (
	cleanupMu sync.Mutex
	cleanups  []*cleanup
)

type cleanup struct {
	once sync.Once
	f    func()
}

// atExit registers f and returns a function that runs it now (once), and
// one that cancels it (it will not run at all).
func atExit(f func()) (run, cancel func()) {
	c := &cleanup{f: f}
	cleanupMu.Lock()
	cleanups = append(cleanups, c)
	cleanupMu.Unlock()
	return func() { c.once.Do(c.f) }, func() { c.once.Do(func() {}) }
}

// runCleanups runs the pending cleanups, the last registered first.
func runCleanups() {
	cleanupMu.Lock()
	list := append([]*cleanup(nil), cleanups...)
	cleanupMu.Unlock()
	for i := len(list) - 1; i >= 0; i-- {
		list[i].once.Do(list[i].f)
	}
}

// databaseURL is base with its database replaced by name.
func databaseURL(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("-postgres-url: not a postgres:// URL")
	}
	u.Path = "/" + name
	return u.String(), nil
}

// adminExec runs one statement on the server's maintenance connection
// (the database of base).
func adminExec(ctx context.Context, base, sql string) error {
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return fmt.Errorf("PostgreSQL at -postgres-url (make postgres starts it): %w", err)
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql)
	return err
}

func databaseExists(ctx context.Context, base, name string) (bool, error) {
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return false, fmt.Errorf("PostgreSQL at -postgres-url (make postgres starts it): %w", err)
	}
	defer conn.Close(context.Background())
	var n int
	err = conn.QueryRow(ctx, `SELECT count(*) FROM pg_database WHERE datname = $1`, name).Scan(&n)
	return n > 0, err
}

// createDatabase makes the database name and returns its URL, a function
// that drops it (registered to run at exit as well) and one that keeps it
// instead.
func createDatabase(ctx context.Context, base, name string) (dbURL string, drop, keep func(), err error) {
	if dbURL, err = databaseURL(base, name); err != nil {
		return "", nil, nil, err
	}
	if err := adminExec(ctx, base, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", nil, nil, fmt.Errorf("create database %s: %w", name, err)
	}
	drop, keep = atExit(func() { dropDatabase(base, name) })
	return dbURL, drop, keep, nil
}

// dropDatabase drops name, closing whatever is still connected to it.
func dropDatabase(base, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := adminExec(ctx, base, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
		progress(fmt.Sprintf("could not drop the database %s: %v", name, err))
		return
	}
	progress("dropped the database " + name)
}

// newDatabaseName is a fresh name for a database of the bench.
func newDatabaseName(kind string) string { return "talaan_sb_" + kind + "_" + ids.Secret(5) }

// preparePGData returns a PostgreSQL database seeded like the SQLite data
// dir: -pg-db NAME when it was seeded before with the same sizes (reused),
// else a new database (-pg-db NAME, created and kept for the next run; or a
// fresh one dropped by release).
func preparePGData(ctx context.Context, o options, bin, work string) (s seeded, release func(), err error) {
	release = func() {}
	dir := filepath.Join(work, "latency-pg-data") // the server's files (none are read)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return s, release, err
	}
	name, keep := o.pgDB, o.pgDB != ""
	if !keep {
		name = newDatabaseName("lat")
	}
	dbURL, err := databaseURL(o.pgURL, name)
	if err != nil {
		return s, release, err
	}
	exists := false
	if keep {
		if exists, err = databaseExists(ctx, o.pgURL, name); err != nil {
			return s, release, err
		}
	}
	if exists {
		info, seededBefore, err := readPGMarker(ctx, dbURL)
		if err != nil {
			return s, release, err
		}
		if seededBefore {
			if info.Users != o.users || info.PerUser != o.perUser {
				return s, release, fmt.Errorf("-pg-db %s holds %d users x %d incomes, not %d x %d; give another name",
					name, info.Users, info.PerUser, o.users, o.perUser)
			}
			progress(fmt.Sprintf("reusing the seeded database %s (%d incomes)", name, info.Incomes))
			users, err := loadUsersPG(ctx, dbURL, info)
			if err != nil {
				return s, release, err
			}
			return seeded{database: "postgres", dir: dir, dbURL: dbURL, dbName: name, info: info, userIDs: users,
				reused: true, dbBytes: pgDatabaseSize(ctx, dbURL)}, release, nil
		}
		if empty, err := pgEmpty(ctx, dbURL); err != nil {
			return s, release, err
		} else if !empty {
			return s, release, fmt.Errorf("-pg-db %s exists, holds tables and was not seeded by this bench: give a new name (it will be created and seeded) or one seeded before", name)
		}
	} else {
		var drop, keepIt func()
		if dbURL, drop, keepIt, err = createDatabase(ctx, o.pgURL, name); err != nil {
			return s, release, err
		}
		if keep {
			// Kept for the next run once seeded; dropped if seeding fails.
			defer func() {
				if err != nil {
					drop()
				} else {
					keepIt()
				}
			}()
		} else {
			release = drop
		}
	}
	s, err = seedPG(ctx, o, bin, dbURL, dir)
	if err != nil {
		release()
		return s, func() {}, err
	}
	s.dbName = name
	if keep {
		progress(fmt.Sprintf("the seeded database %s is kept: run with -pg-db %s to reuse it (DROP DATABASE %s when done)", name, name, name))
	}
	return s, release, nil
}

// readPGMarker reads the bench's marker table, if the database has one.
func readPGMarker(ctx context.Context, dbURL string) (seedInfo, bool, error) {
	var info seedInfo
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return info, false, err
	}
	defer conn.Close(context.Background())
	var reg *string
	if err := conn.QueryRow(ctx, `SELECT to_regclass($1)::text`, pgMarkerTable).Scan(&reg); err != nil {
		return info, false, err
	}
	if reg == nil {
		return info, false, nil
	}
	var raw []byte
	if err := conn.QueryRow(ctx, `SELECT info::text FROM `+pgMarkerTable+` LIMIT 1`).Scan(&raw); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return info, false, nil
		}
		return info, false, err
	}
	if err := json.Unmarshal(raw, &info); err != nil {
		return info, false, fmt.Errorf("%s: %w", pgMarkerTable, err)
	}
	return info, true, nil
}

// pgEmpty reports whether the database has no incomes (no talaan tables, or
// a seed that failed and was rolled back).
func pgEmpty(ctx context.Context, dbURL string) (bool, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.Background())
	var reg *string
	if err := conn.QueryRow(ctx, `SELECT to_regclass('incomes')::text`).Scan(&reg); err != nil {
		return false, err
	}
	if reg == nil {
		return true, nil
	}
	var empty bool
	err = conn.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM incomes)`).Scan(&empty)
	return empty, err
}

func pgDatabaseSize(ctx context.Context, dbURL string) int64 {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return 0
	}
	defer conn.Close(context.Background())
	var n int64
	_ = conn.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&n)
	return n
}

// loadUsersPG reads the seeded users' ids and checks the incomes are there.
func loadUsersPG(ctx context.Context, dbURL string, info seedInfo) ([]string, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, `SELECT id FROM users WHERE tenant_id = $1 ORDER BY id`, info.Tenant.TenantID)
	if err != nil {
		return nil, fmt.Errorf("read seeded users: %w", err)
	}
	users, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM incomes WHERE tenant_id = $1`, info.Tenant.TenantID).Scan(&n); err != nil {
		return nil, fmt.Errorf("count seeded incomes: %w", err)
	}
	if len(users) != info.Users || n != info.Incomes {
		return nil, fmt.Errorf("the seeded database is incomplete (%d users, %d incomes; want %d, %d)", len(users), n, info.Users, info.Incomes)
	}
	return users, nil
}

// seedPG creates the tenant through the binary (which migrates the
// schema), then loads the same users, archives and incomes as the SQLite
// seed through the store (COPY, then VACUUM ANALYZE), and marks the
// database as seeded.
func seedPG(ctx context.Context, o options, bin, dbURL, dir string) (seeded, error) {
	start := time.Now()
	progress(fmt.Sprintf("seeding a PostgreSQL database: tenant, %d users, %d incomes", o.users, o.users*o.perUser))
	t, err := createTenant(ctx, bin, "servebench", "TALAAN_DATA_DIR="+dir, "TALAAN_DATABASE_URL="+dbURL)
	if err != nil {
		return seeded{}, err
	}
	st, err := postgres.Open(ctx, dbURL)
	if err != nil {
		return seeded{}, err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return seeded{}, err
	}
	plan := newSeedPlan(o.users, o.perUser)
	if err := loadPlan(ctx, st, plan, t.TenantID, start); err != nil {
		return seeded{}, fmt.Errorf("seed PostgreSQL: %w", err)
	}
	info := seedInfo{Tenant: t, Users: o.users, PerUser: o.perUser, Archives: len(plan.archives), Incomes: plan.incomes,
		SeededAt: plan.now.Format(time.RFC3339), SeedSeconds: round3(time.Since(start).Seconds())}
	raw, _ := json.Marshal(info)
	err = pgx.BeginFunc(ctx, st.Pool(), func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE TABLE `+pgMarkerTable+` (info jsonb NOT NULL)`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO `+pgMarkerTable+` (info) VALUES ($1)`, string(raw))
		return err
	})
	if err != nil {
		return seeded{}, fmt.Errorf("seed PostgreSQL: mark: %w", err)
	}
	progress(fmt.Sprintf("  seeded in %.1f s", info.SeedSeconds))
	return seeded{database: "postgres", dir: dir, dbURL: dbURL, info: info, userIDs: plan.userIDs(),
		dbBytes: pgDatabaseSize(ctx, dbURL)}, nil
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"

	"talaan/storage"
)

var _ storage.Loader = (*Store)(nil)

// Load stores the batches in one transaction on the writer's connection
// (storage.Loader). For the load, and only for it, the connection keeps a
// page cache big enough for the indexes' work, skips fsync (a crash
// mid-load leaves a database the caller seeds again) and keeps the
// sorter's and statement journal's temporary data in memory; the incomes'
// secondary indexes are dropped and made again before the commit from
// their own stored definitions, so the schema ends up exactly as the
// migrations made it. A checkpoint then moves the load from the WAL into
// the database file.
func (s *Store) Load(ctx context.Context, batches iter.Seq[storage.Batch]) error {
	conn, err := s.writer.Conn(ctx)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	defer conn.Close()
	restore, err := setPragmas(ctx, conn, map[string]string{"cache_size": "-131072", "synchronous": "OFF", "temp_store": "MEMORY"})
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	err = load(ctx, conn, batches)
	if err == nil {
		_, err = conn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	if err := errors.Join(err, restore(context.WithoutCancel(ctx))); err != nil {
		return fmt.Errorf("load: %w", err)
	}
	return nil
}

// load is Load's transaction.
func load(ctx context.Context, conn *sql.Conn, batches iter.Seq[storage.Batch]) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	indexes, err := dropIndexes(ctx, tx, "incomes")
	if err != nil {
		return err
	}
	ins, err := prepareLoad(ctx, tx)
	if err != nil {
		return err
	}
	defer ins.close()
	for b := range batches {
		if err := ins.batch(ctx, b); err != nil {
			return err
		}
	}
	for _, ix := range indexes {
		if _, err := tx.ExecContext(ctx, ix.sql); err != nil {
			return fmt.Errorf("create index %s: %w", ix.name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// loadStmts are the load's inserts, prepared once.
type loadStmts struct{ user, archive, file, income *sql.Stmt }

func prepareLoad(ctx context.Context, tx *sql.Tx) (*loadStmts, error) {
	var l loadStmts
	for _, p := range []struct {
		stmt  **sql.Stmt
		query string
	}{{&l.user, insertUser}, {&l.archive, insertArchive}, {&l.file, insertFile}, {&l.income, insertIncome}} {
		st, err := tx.PrepareContext(ctx, p.query)
		if err != nil {
			l.close()
			return nil, fmt.Errorf("prepare: %w", err)
		}
		*p.stmt = st
	}
	return &l, nil
}

func (l *loadStmts) close() {
	for _, st := range []*sql.Stmt{l.user, l.archive, l.file, l.income} {
		if st != nil {
			_ = st.Close()
		}
	}
}

// batch inserts b's users, then its archives and their files, then its
// incomes.
func (l *loadStmts) batch(ctx context.Context, b storage.Batch) error {
	for _, u := range b.Users {
		args, err := userArgs(u)
		if err == nil {
			_, err = l.user.ExecContext(ctx, args...)
		}
		if err != nil {
			return fmt.Errorf("user %s: %w", u.ID, conflict(err))
		}
	}
	for _, a := range b.Archives {
		if _, err := l.archive.ExecContext(ctx, archiveArgs(a)...); err != nil {
			return fmt.Errorf("archive %s: %w", a.ID, conflict(err))
		}
		for _, f := range storage.FilesOf(a) {
			if _, err := l.file.ExecContext(ctx, fileArgs(f)...); err != nil {
				return fmt.Errorf("file %s: %w", f.ID, conflict(err))
			}
		}
	}
	for _, in := range b.Incomes {
		if _, err := l.income.ExecContext(ctx, incomeArgs(in)...); err != nil {
			return fmt.Errorf("income %s: %w", in.ID, insertErr(err, "archive "+in.ArchiveID))
		}
	}
	return nil
}

// setPragmas sets the connection's pragmas and returns a function that
// sets them back to what they were.
func setPragmas(ctx context.Context, conn *sql.Conn, pragmas map[string]string) (restore func(context.Context) error, err error) {
	old := make(map[string]string, len(pragmas))
	restore = func(ctx context.Context) error {
		var errs []error
		for name, v := range old {
			if _, err := conn.ExecContext(ctx, `PRAGMA `+name+` = `+v); err != nil {
				errs = append(errs, fmt.Errorf("restore pragma %s: %w", name, err))
			}
		}
		return errors.Join(errs...)
	}
	for name, v := range pragmas {
		var was string
		if err := conn.QueryRowContext(ctx, `PRAGMA `+name).Scan(&was); err != nil {
			return nil, errors.Join(fmt.Errorf("pragma %s: %w", name, err), restore(ctx))
		}
		old[name] = was
		if _, err := conn.ExecContext(ctx, `PRAGMA `+name+` = `+v); err != nil {
			return nil, errors.Join(fmt.Errorf("pragma %s: %w", name, err), restore(ctx))
		}
	}
	return restore, nil
}

// index is one index's name and CREATE statement.
type index struct{ name, sql string }

// dropIndexes drops the explicitly created indexes of table (not the
// primary key's) and returns their definitions.
func dropIndexes(ctx context.Context, tx *sql.Tx, table string) ([]index, error) {
	out, err := queryList(ctx, tx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`, []any{table},
		func(sc scanner) (index, error) {
			var ix index
			return ix, sc.Scan(&ix.name, &ix.sql)
		})
	if err != nil {
		return nil, fmt.Errorf("list indexes of %s: %w", table, err)
	}
	for _, ix := range out {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(ix.name, `"`, `""`)+`"`); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", ix.name, err)
		}
	}
	return out, nil
}

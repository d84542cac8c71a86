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
// (storage.Loader), several rows a statement. For the load, and only for
// it, the connection skips fsync (a crash mid-load leaves a database the
// caller seeds again) and keeps the sorter's and statement journal's
// temporary data in memory; the incomes' secondary indexes are dropped and
// made again before the commit from their own stored definitions, so the
// schema ends up exactly as the migrations made it. A checkpoint then
// moves the load from the WAL into the database file. (A bigger page cache
// made it slower: its pages are allocated and given back one by one.)
func (s *Store) Load(ctx context.Context, batches iter.Seq[storage.Batch]) error {
	conn, err := s.writer.Conn(ctx)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	defer conn.Close()
	restore, err := setPragmas(ctx, conn, map[string]string{"synchronous": "OFF", "temp_store": "MEMORY"})
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
	inserters := map[string]*inserter{}
	defer func() {
		for _, r := range inserters {
			r.close()
		}
	}()
	schema := storage.Schema{UserColumns: userColumns, ArchiveColumns: archiveColumns, FileColumns: fileColumns,
		IncomeColumns: incomeColumns, User: userArgs, Archive: archiveArgs, File: fileArgs, Income: incomeArgs}
	for b := range batches {
		for _, t := range b.Tables(schema) {
			r := inserters[t.Name]
			if r == nil {
				r = &inserter{tx: tx, table: t.Name, columns: t.Columns, stmts: map[int]*sql.Stmt{}}
				inserters[t.Name] = r
			}
			for i := range t.Rows {
				row, err := t.Row(i)
				if err == nil {
					err = r.add(ctx, row)
				}
				if err != nil {
					return err
				}
			}
			if err := r.flush(ctx); err != nil {
				return err
			}
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

// loadRows is the number of rows one statement of a load inserts: fewer
// statements to step through than rows, a few times faster.
const loadRows = 32

// inserter inserts rows into one table, loadRows a statement, preparing
// each statement (by its number of rows) once.
type inserter struct {
	tx             *sql.Tx
	table, columns string
	stmts          map[int]*sql.Stmt
	args           []any
	rows           int
}

// add queues one row's values, and inserts the queued rows when there are
// loadRows of them.
func (r *inserter) add(ctx context.Context, args []any) error {
	r.args = append(r.args, args...)
	if r.rows++; r.rows == loadRows {
		return r.flush(ctx)
	}
	return nil
}

// flush inserts the queued rows.
func (r *inserter) flush(ctx context.Context) error {
	if r.rows == 0 {
		return nil
	}
	st, ok := r.stmts[r.rows]
	if !ok {
		var err error
		if st, err = r.tx.PrepareContext(ctx, insertSQL(r.table, r.columns, r.rows)); err != nil {
			return fmt.Errorf("insert into %s: %w", r.table, err)
		}
		r.stmts[r.rows] = st
	}
	if _, err := st.ExecContext(ctx, r.args...); err != nil {
		return fmt.Errorf("insert into %s: %w", r.table, conflict(err))
	}
	r.args, r.rows = r.args[:0], 0
	return nil
}

func (r *inserter) close() {
	for _, st := range r.stmts {
		_ = st.Close()
	}
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

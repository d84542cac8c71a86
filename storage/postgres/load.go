package postgres

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/jackc/pgx/v5"

	"talaan/storage"
)

var _ storage.Loader = (*Store)(nil)

// Load stores the batches with COPY in one transaction (storage.Loader):
// the incomes' secondary indexes and foreign keys are dropped for the load
// and made again before the commit from their own definitions (one sort or
// one join each instead of a row-by-row update and check per income), so
// the schema ends up exactly as the migrations made it. Then VACUUM
// ANALYZE, as after any bulk load, so that the planner knows the tables'
// sizes and index-only scans work from the start. The transaction holds
// the incomes table locked: readers of it wait for the load.
func (s *Store) Load(ctx context.Context, batches iter.Seq[storage.Batch]) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL maintenance_work_mem = '256MB'`); err != nil {
			return err
		}
		remake, err := dropIncomeConstraints(ctx, tx)
		if err != nil {
			return err
		}
		for b := range batches {
			if err := copyBatch(ctx, tx, b); err != nil {
				return err
			}
		}
		for _, q := range remake {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	for _, table := range []string{"users", "archives", "raw_files", "incomes"} {
		if _, err := s.pool.Exec(ctx, `VACUUM ANALYZE `+table); err != nil {
			return fmt.Errorf("load: vacuum %s: %w", table, err)
		}
	}
	return nil
}

// loadSchema is the store's storage.Schema, for Batch.Tables.
func loadSchema() storage.Schema {
	return storage.Schema{UserColumns: userColumns, ArchiveColumns: archiveColumns, FileColumns: fileColumns,
		IncomeColumns: incomeColumns, User: userArgs, Archive: archiveArgs, File: fileArgs, Income: incomeArgs}
}

// copyBatch copies b's rows, table by table.
func copyBatch(ctx context.Context, tx pgx.Tx, b storage.Batch) error {
	for _, t := range b.Tables(loadSchema()) {
		if t.Rows == 0 {
			continue
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{t.Name}, columnNames(t.Columns), pgx.CopyFromSlice(t.Rows, t.Row))
		if err != nil {
			return fmt.Errorf("copy %s: %w", t.Name, insertErr(err, "parent row"))
		}
	}
	return nil
}

// columnNames splits a list of columns ("id, tenant_id, ...").
func columnNames(columns string) []string {
	names := strings.Split(columns, ",")
	for i, n := range names {
		names[i] = strings.TrimSpace(n)
	}
	return names
}

// dropIncomeConstraints drops the incomes' foreign keys and secondary
// indexes and returns the statements that make them again, indexes first.
func dropIncomeConstraints(ctx context.Context, tx pgx.Tx) (remake []string, err error) {
	type def struct{ drop, create string }
	rows, err := tx.Query(ctx, `
		SELECT 'DROP INDEX ' || quote_ident(schemaname) || '.' || quote_ident(indexname), indexdef, 1
		FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'incomes' AND indexname <> 'incomes_pkey'
		UNION ALL
		SELECT 'ALTER TABLE incomes DROP CONSTRAINT ' || quote_ident(conname),
			'ALTER TABLE incomes ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid), 2
		FROM pg_constraint WHERE conrelid = 'incomes'::regclass AND contype = 'f'
		ORDER BY 3, 2`)
	if err != nil {
		return nil, fmt.Errorf("incomes' foreign keys and indexes: %w", err)
	}
	defs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (def, error) {
		var d def
		var order int
		return d, r.Scan(&d.drop, &d.create, &order)
	})
	if err != nil {
		return nil, fmt.Errorf("incomes' foreign keys and indexes: %w", err)
	}
	for _, d := range defs {
		if _, err := tx.Exec(ctx, d.drop); err != nil {
			return nil, fmt.Errorf("%s: %w", d.drop, err)
		}
		remake = append(remake, d.create)
	}
	return remake, nil
}

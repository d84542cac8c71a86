package storage

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered schema change of a SQL store: a file
// NNNN_name.sql of the store's own dialect.
type Migration struct {
	Version int
	Name    string // the file name
	SQL     string
}

// LoadMigrations reads the NNNN_name.sql files of fsys's folder dir, in
// version order. A file named otherwise, or two files of one version, is
// an error; other files are skipped.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []Migration
	seen := map[int]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		if !ok {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", name)
		}
		v, err := strconv.Atoi(num)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", name)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", other, name, v)
		}
		seen[v] = name
		b, err := fs.ReadFile(fsys, dir+"/"+name)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

// MigrationTx is one transaction of ApplyMigrations, on a store's version
// table, in the store's dialect.
type MigrationTx interface {
	// Applied reports whether the version table holds version.
	Applied(ctx context.Context, version int) (bool, error)
	// Exec runs a migration's SQL, all of its statements.
	Exec(ctx context.Context, sql string) error
	// Record adds m to the version table.
	Record(ctx context.Context, m Migration) error
}

// ApplyMigrations applies, in order, each migration of ms that the version
// table does not hold yet. Each runs in its own transaction (inTx commits
// fn's work, or rolls it back on an error) with its version row, so a
// migration is applied whole or not at all; the store makes inTx exclude
// another process's migration of the same version.
func ApplyMigrations(ctx context.Context, ms []Migration, inTx func(ctx context.Context, fn func(MigrationTx) error) error) error {
	for _, m := range ms {
		err := inTx(ctx, func(tx MigrationTx) error {
			done, err := tx.Applied(ctx, m.Version)
			if err != nil {
				return fmt.Errorf("check version: %w", err)
			}
			if done {
				return nil
			}
			if err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			if err := tx.Record(ctx, m); err != nil {
				return fmt.Errorf("record version: %w", err)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("migrate %s: %w", m.Name, err)
		}
	}
	return nil
}

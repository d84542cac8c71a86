package storage

import (
	"errors"
	"fmt"
)

// One returns v, the row a single-row read scanned, or the read's error
// wrapped with what was being read; noRows, the driver's error for a read
// that found no row, becomes ErrNotFound.
func One[T any](v T, err, noRows error, what string) (T, error) {
	if errors.Is(err, noRows) {
		err = ErrNotFound
	}
	if err != nil {
		var zero T
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// Scanner is one row of a driver's result (a *sql.Row or *sql.Rows, a
// pgx.Row or pgx.Rows).
type Scanner interface {
	Scan(dest ...any) error
}

// Rows is a driver's result set (*sql.Rows, pgx.Rows), as CollectRows
// reads it.
type Rows interface {
	Scanner
	Next() bool
	Err() error
}

// CollectRows scans every row of rows with scan, in order. The caller
// closes rows.
func CollectRows[T any](rows Rows, scan func(Scanner) (T, error)) ([]T, error) {
	var items []T
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return items, nil
}

// InsertError is what a failed insert's err becomes: with missingParent (a
// foreign key violation) ErrNotFound for the parent row, named parent; with
// duplicate (a unique or primary key violation) ErrConflict, with the
// driver's message. nil stays nil and any other error is returned as is.
func InsertError(err error, duplicate, missingParent bool, parent string) error {
	switch {
	case err == nil:
		return nil
	case missingParent:
		return fmt.Errorf("%s: %w", parent, ErrNotFound)
	case duplicate:
		return fmt.Errorf("%w: %v", ErrConflict, err)
	}
	return err
}

// Affected is what a change of one row returns: the statement's error
// wrapped with what was being done, or ErrNotFound when it touched no row
// (n rows affected).
func Affected(n int64, err error, what string) error {
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

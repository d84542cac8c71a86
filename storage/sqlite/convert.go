package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"talaan/storage"
)

// micros stores a time as unix microseconds.
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros reads a stored time back, in UTC.
func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

// nullMicros stores a zero time as NULL.
func nullMicros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

// ptrMicros stores a nil time as NULL.
func ptrMicros(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMicro()
}

// timeOrZero reads a nullable time; NULL is the zero time.
func timeOrZero(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromMicros(v.Int64)
}

// timePtr reads a nullable time; NULL is nil.
func timePtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

// nullJSON stores an empty raw JSON document as NULL, others as text.
func nullJSON(b json.RawMessage) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// rawJSON reads a nullable JSON text column.
func rawJSON(v sql.NullString) json.RawMessage {
	if !v.Valid {
		return nil
	}
	return json.RawMessage(v.String)
}

// nullString stores a nil pointer as NULL.
func nullString(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

// nullFloat stores a nil pointer as NULL.
func nullFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func stringPtr(v sql.NullString) *string {
	if !v.Valid {
		return nil
	}
	s := v.String
	return &s
}

func floatPtr(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	f := v.Float64
	return &f
}

// nonNil keeps a NOT NULL blob column from receiving NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func marshalText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode json: %w", err)
	}
	return string(b), nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner = storage.Scanner

// one is storage.One of database/sql: no row is storage.ErrNotFound.
func one[T any](v T, err error, what string) (T, error) {
	return storage.One(v, err, sql.ErrNoRows, what)
}

// affected is storage.Affected of database/sql's result, which is nil when
// err is not.
func affected(res sql.Result, err error, what string) error {
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	return storage.Affected(n, err, what)
}

// querier is a *sql.DB or *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// where builds a conjunction of conditions with their arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// addConds adds storage's conditions, times as unix microseconds.
func (w *where) addConds(cs ...storage.Cond) {
	for _, c := range cs {
		arg := c.Arg
		if t, ok := arg.(time.Time); ok {
			arg = micros(t)
		}
		w.add(c.SQL, arg)
	}
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// insertSQL inserts rows rows of the columns (a list as the SELECTs read
// them) into table.
func insertSQL(table, columns string, rows int) string {
	row := "(" + placeholders(strings.Count(columns, ",")+1) + ")"
	return "INSERT INTO " + table + " (" + columns + ") VALUES " + strings.Repeat(row+", ", rows-1) + row
}

// placeholders returns "?, ?, ..." for n arguments.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

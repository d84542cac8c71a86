package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"talaan/storage"
)

// limit is the LIMIT clause of a page query: one row more than the page, to
// learn whether there is a next page. It is a literal, not a parameter, so
// that even a generic plan knows how few rows the query reads (a LIMIT $n
// is planned as a tenth of the table, which favours a sort); see Open's
// plan_cache_mode for the rest.
func limit(p storage.Page) string { return " LIMIT " + strconv.Itoa(p.Len()+1) }

// nullTime stores a zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// ptrTime stores a nil time as NULL.
func ptrTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// utcOrZero returns a nullable time read from the database in UTC; NULL is the
// zero time.
func utcOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// utcPtr returns a nullable time read from the database in UTC; NULL is nil.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// nullJSON stores an empty raw JSON document as NULL, others as text.
func nullJSON(b json.RawMessage) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// rawJSON reads a nullable json column (as text).
func rawJSON(s *string) json.RawMessage {
	if s == nil {
		return nil
	}
	return json.RawMessage(*s)
}

// nonNil keeps a NOT NULL bytea column from receiving NULL (pgx sends a nil
// slice as NULL).
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

// scanner is a pgx.Row or pgx.Rows.
type scanner = storage.Scanner

// one is storage.One of pgx: no row is storage.ErrNotFound.
func one[T any](v T, err error, what string) (T, error) {
	return storage.One(v, err, pgx.ErrNoRows, what)
}

// querier is the pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// where builds a conjunction of conditions with their arguments; each ? of
// a condition becomes the next $n.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	n := len(w.args)
	for _, r := range cond {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	if n-len(w.args) != len(args) {
		panic(fmt.Sprintf("where.add(%q): %d placeholders, %d arguments", cond, n-len(w.args), len(args)))
	}
	w.conds = append(w.conds, b.String())
	w.args = append(w.args, args...)
}

// addConds adds storage's conditions.
func (w *where) addConds(cs ...storage.Cond) {
	for _, c := range cs {
		w.add(c.SQL, c.Arg)
	}
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// placeholders returns "$1, $2, ..." for n arguments.
func placeholders(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(i))
	}
	return b.String()
}

// queryList runs a query and scans every row.
func queryList[T any](ctx context.Context, q querier, query string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return storage.CollectRows(rows, scan)
}

// execBatch sends the queued statements in one round trip and returns the
// first error, described by what(i) for the i-th statement.
func execBatch(ctx context.Context, tx pgx.Tx, b *pgx.Batch, what func(i int) string) error {
	if b.Len() == 0 {
		return nil
	}
	br := tx.SendBatch(ctx, b)
	for i := range b.Len() {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			return fmt.Errorf("%s: %w", what(i), conflict(err))
		}
	}
	return br.Close()
}

package postgres

import (
	"slices"
	"testing"

	"talaan/storage"
)

// TestLoadLeavesSchema checks what the conformance suite cannot see: a load
// makes the incomes' indexes and foreign keys again.
func TestLoadLeavesSchema(t *testing.T) {
	t.Parallel()
	s := open(t)
	schema := func() string {
		t.Helper()
		var v string
		err := s.Pool().QueryRow(t.Context(), `SELECT
			(SELECT string_agg(indexdef, ';' ORDER BY indexname) FROM pg_indexes
				WHERE schemaname = current_schema() AND tablename = 'incomes') || ';' ||
			(SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), ';' ORDER BY conname) FROM pg_constraint
				WHERE conrelid = 'incomes'::regclass)`).Scan(&v)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := schema()
	if err := s.Load(t.Context(), slices.Values([]storage.Batch{{}})); err != nil {
		t.Fatal(err)
	}
	if after := schema(); after != before {
		t.Errorf("after a load:\n%s\nwant\n%s", after, before)
	}
}

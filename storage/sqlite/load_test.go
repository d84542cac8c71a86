package sqlite_test

import (
	"slices"
	"testing"

	"talaan/storage"
)

// TestLoadLeavesSchemaAndSettings checks what the conformance suite cannot
// see: a load makes the incomes' indexes again and sets the writer's
// connection back as it was.
func TestLoadLeavesSchemaAndSettings(t *testing.T) {
	t.Parallel()
	s := open(t)
	db := s.DB()
	state := func() []string {
		t.Helper()
		var out []string
		for _, q := range []string{`SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master
			WHERE tbl_name = 'incomes' ORDER BY name)`, `PRAGMA synchronous`, `PRAGMA cache_size`, `PRAGMA temp_store`} {
			var v string
			if err := db.QueryRowContext(t.Context(), q).Scan(&v); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			out = append(out, v)
		}
		return out
	}
	before := state()
	if err := s.Load(t.Context(), slices.Values([]storage.Batch{{}})); err != nil {
		t.Fatal(err)
	}
	if after := state(); !slices.Equal(after, before) {
		t.Errorf("after a load: %q, want %q", after, before)
	}
}

package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"talaan/storage"
	"talaan/storage/sqlite"
	"talaan/storage/storetest"
)

// open returns a migrated store on a new file in t's temporary directory.
func open(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "talaan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// countJobs counts the River jobs of a kind in the store's file.
func countJobs(t *testing.T, s storage.Store, kind string) int {
	t.Helper()
	var n int
	if err := s.(*sqlite.Store).DB().QueryRowContext(t.Context(), `SELECT count(*) FROM river_job WHERE kind = ?`, kind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storage.Store { return open(t) }, countJobs)
}

package sqlite_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"talaan/storage/sqlite"
)

// A file at the database path that is not a SQLite database (an empty file
// left by a failed copy, a text file, a cut-off download) must stop Open:
// SQLite would treat an empty file as a new database and talaan would start
// with no tenants, and it must be left as it was for the operator to look at.
func TestOpenRefusesAFileThatIsNotADatabase(t *testing.T) {
	t.Parallel()
	header := "SQLite format 3\x00"
	for _, tc := range []struct {
		name    string
		content []byte
		reason  string
	}{
		{"empty file", nil, "(0 bytes)"},
		{"text file", []byte("DATABASE_URL=postgres://db/talaan\n" + strings.Repeat("#\n", 400)), "no SQLite header"},
		{"truncated header", []byte("SQLite form"), "no SQLite header"},
		{"header then nothing", []byte(header), "16 bytes"},
		{"header and less than a page", append([]byte(header), make([]byte, 300)...), "316 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "talaan.db")
			if err := os.WriteFile(path, tc.content, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := sqlite.Open(t.Context(), path)
			if err == nil {
				s.Close()
				t.Fatalf("Open of a %s succeeded, want an error", tc.name)
			}
			var nd *sqlite.NotDatabaseError
			if !errors.As(err, &nd) || nd.Path != path {
				t.Errorf("error %v (%T) is not a NotDatabaseError for %s", err, err, path)
			}
			for _, want := range []string{path, "is not a SQLite database", tc.reason, "move it away or restore it"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			got, rerr := os.ReadFile(path)
			if rerr != nil || !bytes.Equal(got, tc.content) {
				t.Errorf("the file was changed (%d bytes, %v), want it untouched", len(got), rerr)
			}
			for _, sib := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(path + sib); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s was created next to the refused file", filepath.Base(path+sib))
				}
			}
		})
	}
}

func TestOpenRefusesADirectory(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "talaan.db")
	if err := os.Mkdir(path, 0o750); err != nil {
		t.Fatal(err)
	}
	var nd *sqlite.NotDatabaseError
	if s, err := sqlite.Open(t.Context(), path); !errors.As(err, &nd) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Open of a directory = %v, want a NotDatabaseError", err)
	}
}

// An absent file is created; a database talaan made, migrated or only opened
// once, opens again with its data.
func TestOpenCreatesAbsentFileAndReopensIt(t *testing.T) {
	t.Parallel()
	for _, migrate := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "talaan.db")
		s, err := sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatalf("Open of an absent file: %v", err)
		}
		if migrate {
			if err := s.Migrate(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s, err = sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatalf("reopen (migrated %v): %v", migrate, err)
		}
		if migrate {
			var n int
			if err := s.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
				t.Errorf("reopened database has %d migrations, %v", n, err)
			}
		}
		s.Close()
	}
}

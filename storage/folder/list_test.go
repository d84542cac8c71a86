package folder

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// aged puts each key and backdates its file by age.
func aged(t *testing.T, s *Store, dir string, age time.Duration, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, err := s.Put(context.Background(), k, bytes.NewReader([]byte(k))); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-age)
		if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(k)), at, at); err != nil {
			t.Fatal(err)
		}
	}
}

// staleTemp leaves a temp file as a crashed Put would, last written age ago.
func staleTemp(t *testing.T, dir, name string, age time.Duration) string {
	t.Helper()
	p := filepath.Join(dir, tmpDir, name)
	if err := os.WriteFile(p, []byte("half a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-age)
	if err := os.Chtimes(p, at, at); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestListBlobs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blobs")
	s := newStore(t, dir)
	aged(t, s, dir, 2*time.Hour, "t/a/f-1", "t/b/f-2", "other/f-3", "t-not-a-tenant")
	aged(t, s, dir, time.Minute, "t/a/f-young")
	staleTemp(t, dir, "put-123", 2*time.Hour)
	cutoff := time.Now().Add(-time.Hour)

	for _, tc := range []struct {
		name   string
		prefix string
		want   []string
	}{
		{"everything old, never a temp file", "", []string{"other/f-3", "t-not-a-tenant", "t/a/f-1", "t/b/f-2"}},
		{"a prefix ending in a slash is a folder", "t/", []string{"t/a/f-1", "t/b/f-2"}},
		{"a deeper prefix", "t/a/", []string{"t/a/f-1"}},
		{"a prefix that is part of a name", "t", []string{"t-not-a-tenant", "t/a/f-1", "t/b/f-2"}},
		{"a prefix with nothing under it", "t/nobody/", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := s.ListBlobs(context.Background(), tc.prefix, cutoff, func(key string, mod time.Time) error {
				if !mod.Before(cutoff) {
					t.Errorf("%s listed with time %v, not before %v", key, mod, cutoff)
				}
				got = append(got, key)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("listed %q, want %q", got, tc.want)
			}
		})
	}

	t.Run("fn may delete what it is given", func(t *testing.T) {
		var n int
		err := s.ListBlobs(context.Background(), "t/", cutoff, func(key string, _ time.Time) error {
			n++
			return s.Delete(context.Background(), key)
		})
		if err != nil || n != 2 {
			t.Fatalf("listed %d blobs (%v), want 2", n, err)
		}
		want := []string{".tmp/", ".tmp/put-123", "other/", "other/f-3", "t/", "t/a/", "t/a/f-young", "t-not-a-tenant"} // walk order
		if got := files(t, dir); !slices.Equal(got, want) {
			t.Errorf("folder holds %q, want %q", got, want)
		}
	})
}

func TestCleanTempRemovesOnlyStaleTempFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blobs")
	s := newStore(t, dir)
	aged(t, s, dir, 2*time.Hour, "t/a/f-1") // a blob, however old, is not a temp file
	stale := staleTemp(t, dir, "put-stale", 2*time.Hour)
	fresh := staleTemp(t, dir, "put-fresh", time.Minute) // a Put in progress
	n, err := s.CleanTemp(context.Background(), time.Now().Add(-time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("CleanTemp removed %d (%v), want 1", n, err)
	}
	for _, tc := range []struct {
		path string
		kept bool
	}{{stale, false}, {fresh, true}, {filepath.Join(dir, "t", "a", "f-1"), true}} {
		if _, err := os.Stat(tc.path); (err == nil) != tc.kept {
			t.Errorf("%s: kept %v, want %v", tc.path, err == nil, tc.kept)
		}
	}
}

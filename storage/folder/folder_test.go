package folder

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"talaan/storage"
	"talaan/storage/blobtest"
)

func newStore(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := New(dir)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) storage.Blobs {
		return newStore(t, filepath.Join(t.TempDir(), "blobs"))
	})
}

// files lists the regular files and directories under dir, relative.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel != "." {
			if d.IsDir() {
				rel += "/"
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

type failReader struct{ n int }

var errTooLarge = errors.New("file too large")

func (f *failReader) Read(b []byte) (int, error) {
	if f.n <= 0 {
		return 0, errTooLarge
	}
	if len(b) > f.n {
		b = b[:f.n]
	}
	for i := range b {
		b[i] = 'x'
	}
	f.n -= len(b)
	return len(b), nil
}

func TestFailedPutLeavesNoFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blobs")
	s := newStore(t, dir)
	key := "t/tenant1/f-0123456789abcdef0123456789abcdef"
	_, err := s.Put(context.Background(), key, &failReader{n: 1 << 20})
	if !errors.Is(err, errTooLarge) {
		t.Fatalf("Put = %v, want errTooLarge", err)
	}
	if got := files(t, dir); len(got) != 1 || got[0] != ".tmp/" {
		t.Fatalf("after a failed Put the folder holds %q, want only .tmp/", got)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Put(ctx, key, bytes.NewReader([]byte("x"))); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put with cancelled ctx = %v, want context.Canceled", err)
	}
	if got := files(t, dir); len(got) != 1 || got[0] != ".tmp/" {
		t.Fatalf("after a cancelled Put the folder holds %q, want only .tmp/", got)
	}
}

func TestNewRemovesStaleTempFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blobs")
	newStore(t, dir)
	stale := filepath.Join(dir, ".tmp", "put-stale")
	fresh := filepath.Join(dir, ".tmp", "put-fresh")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("half a file"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	newStore(t, dir)
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("temp file older than an hour survived New (stat: %v)", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("recent temp file (maybe a Put in progress elsewhere) was removed: %v", err)
	}
}

func TestKeysStayInsideDir(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "blobs")
	s := newStore(t, dir)
	ctx := context.Background()
	if err := os.WriteFile(filepath.Join(parent, "secret"), []byte("outside"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := []string{
		"../x", "../secret", "/abs", "/etc/passwd", "a//b", "a/../b", "a/./b", ".", "..",
		"a/", "a/..", "", "a\\..\\b", "a b", "a\x00b", "ü", ".tmp/put-1",
		strings.Repeat("a", 513),
	}
	for _, key := range bad {
		_, err := s.Put(ctx, key, bytes.NewReader([]byte("x")))
		if err == nil || !strings.Contains(err.Error(), "invalid key") {
			t.Errorf("Put(%q) = %v, want an invalid key error", key, err)
		}
		if _, err := s.Open(ctx, key); err == nil || !strings.Contains(err.Error(), "invalid key") {
			t.Errorf("Open(%q) = %v, want an invalid key error", key, err)
		}
		if err := s.Delete(ctx, key); err == nil || !strings.Contains(err.Error(), "invalid key") {
			t.Errorf("Delete(%q) = %v, want an invalid key error", key, err)
		}
	}
	if err := validKey(strings.Repeat("a", 512)); err != nil {
		t.Errorf("a 512-byte key refused: %v", err)
	}
	if err := validKey("t/T-1_x/f-0123456789abcdef0123456789abcdef.pdf"); err != nil {
		t.Errorf("a valid key refused: %v", err)
	}

	// A symbolic link inside dir must not lead out of it either.
	if err := os.Symlink(parent, filepath.Join(dir, "link")); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
	if _, err := s.Put(ctx, "link/escaped", bytes.NewReader([]byte("x"))); err == nil {
		t.Error("Put through a symlink pointing outside dir succeeded")
	}
	if _, err := s.Open(ctx, "link/secret"); err == nil {
		t.Error("Open through a symlink pointing outside dir succeeded")
	}
	if _, err := os.Stat(filepath.Join(parent, "escaped")); err == nil {
		t.Error("a blob was written outside dir")
	}
	if b, _ := os.ReadFile(filepath.Join(parent, "secret")); string(b) != "outside" {
		t.Error("the file outside dir was changed")
	}
	want := []string{"blobs/", "blobs/.tmp/", "blobs/link", "secret"}
	if got := files(t, parent); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("parent holds %q, want %q", got, want)
	}
}

func TestPermissionsAndLayout(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blobs")
	s := newStore(t, dir)
	ctx := context.Background()
	key := "t/tenant1/f-00112233445566778899aabbccddeeff"
	if _, err := s.Put(ctx, key, bytes.NewReader([]byte("payslip"))); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]fs.FileMode{
		dir:                                0o700 | fs.ModeDir,
		filepath.Join(dir, ".tmp"):         0o700 | fs.ModeDir,
		filepath.Join(dir, "t"):            0o700 | fs.ModeDir,
		filepath.Join(dir, "t", "tenant1"): 0o700 | fs.ModeDir,
		filepath.Join(dir, filepath.FromSlash(key)): 0o600,
	} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != want {
			t.Errorf("%s has mode %v, want %v", p, info.Mode(), want)
		}
	}

	// Open returns an *os.File; a directory is not a blob.
	rc, err := s.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rc.(*os.File); !ok {
		t.Errorf("Open returned %T, want *os.File", rc)
	}
	rc.Close()
	if _, err := s.Open(ctx, "t/tenant1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Open of a directory = %v, want ErrNotFound", err)
	}
	if _, err := s.Open(ctx, key+"/below"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Open below a blob = %v, want ErrNotFound", err)
	}

	// Delete removes the parents it empties, but never dir or .tmp.
	other := "t/tenant2/f-ffeeddccbbaa99887766554433221100"
	if _, err := s.Put(ctx, other, bytes.NewReader([]byte("other"))); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	want := []string{".tmp/", "t/", "t/tenant2/", "t/tenant2/f-ffeeddccbbaa99887766554433221100"}
	if got := files(t, dir); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("after Delete the folder holds %q, want %q", got, want)
	}
	if err := s.Delete(ctx, other); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); len(got) != 1 || got[0] != ".tmp/" {
		t.Errorf("after deleting everything the folder holds %q, want only .tmp/", got)
	}
}

// Puts and Deletes racing in one parent directory: Delete removes the
// parent it empties while a Put is about to rename into it.
func TestConcurrentPutDeleteSameParent(t *testing.T) {
	s := newStore(t, filepath.Join(t.TempDir(), "blobs"))
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				key := fmt.Sprintf("t/shared/f-%02d-%03d", g, i)
				if _, err := s.Put(ctx, key, bytes.NewReader([]byte(key))); err != nil {
					errs <- err
					return
				}
				if err := s.Delete(ctx, key); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

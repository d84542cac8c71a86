package folder

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"talaan/storage"
)

const (
	tmpDir     = ".tmp"
	maxKeyLen  = 512
	bufSize    = 128 << 10
	staleAfter = time.Hour
)

// Store is a storage.Blobs on a local directory.
type Store struct {
	dir  string
	root *os.Root
}

var (
	_ storage.Blobs       = (*Store)(nil)
	_ storage.BlobLister  = (*Store)(nil)
	_ storage.TempCleaner = (*Store)(nil)
)

// New opens (creating it, 0700, if needed) the blob directory dir and its
// dir/.tmp folder, and removes temp files older than an hour left there by
// Puts that crashed.
func New(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("folder: blob directory is empty")
	}
	if err := os.MkdirAll(filepath.Join(dir, tmpDir), 0o700); err != nil {
		return nil, fmt.Errorf("folder: create blob directory: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("folder: open blob directory: %w", err)
	}
	s := &Store{dir: dir, root: root}
	if _, err := s.CleanTemp(context.Background(), time.Now().Add(-staleAfter)); err != nil {
		root.Close()
		return nil, err
	}
	return s, nil
}

// Close releases the directory handle. The Store must not be used after.
func (s *Store) Close() error { return s.root.Close() }

// CleanTemp removes the temp files last written before olderThan: the
// leftovers of Puts that crashed (a Put in progress keeps writing its
// file, and a failed one removes it). It returns how many it removed.
func (s *Store) CleanTemp(ctx context.Context, olderThan time.Time) (int, error) {
	entries, err := os.ReadDir(filepath.Join(s.dir, tmpDir))
	if err != nil {
		return 0, fmt.Errorf("folder: read temp directory: %w", err)
	}
	n := 0
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return n, fmt.Errorf("folder: clean temp directory: %w", err)
		}
		if !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		if info.ModTime().Before(olderThan) {
			err := s.root.Remove(tmpDir + "/" + e.Name())
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return n, fmt.Errorf("folder: remove stale temp file: %w", err)
			}
			if err == nil {
				n++
			}
		}
	}
	return n, nil
}

// ListBlobs calls fn with every blob whose key starts with prefix and whose
// file was last written before olderThan. Temp files are not blobs. fn may
// delete the blob it is given (and so the directories it empties).
func (s *Store) ListBlobs(ctx context.Context, prefix string, olderThan time.Time, fn func(key string, modTime time.Time) error) error {
	start := "."
	if i := strings.LastIndexByte(prefix, '/'); i > 0 {
		start = prefix[:i]
	}
	err := fs.WalkDir(s.root.FS(), start, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || isNotDir(err) {
				return nil // nothing under prefix, or deleted meanwhile
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if name == tmpDir {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !strings.HasPrefix(name, prefix) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil // deleted meanwhile
		}
		if !info.ModTime().Before(olderThan) {
			return nil
		}
		return fn(name, info.ModTime())
	})
	if err != nil {
		return fmt.Errorf("folder: list blobs: %w", err)
	}
	return nil
}

// validKey reports why key is not acceptable, or nil.
func validKey(key string) error {
	if key == "" {
		return fmt.Errorf("folder: invalid key: empty")
	}
	if len(key) > maxKeyLen {
		return fmt.Errorf("folder: invalid key: longer than %d bytes", maxKeyLen)
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '.', c == '_', c == '-', c == '/':
		default:
			return fmt.Errorf("folder: invalid key %q: character %q not allowed", key, c)
		}
	}
	if key[0] == '/' {
		return fmt.Errorf("folder: invalid key %q: leading '/'", key)
	}
	for i, seg := range strings.Split(key, "/") {
		switch seg {
		case "", ".", "..":
			return fmt.Errorf("folder: invalid key %q: empty, \".\" or \"..\" segment", key)
		}
		if i == 0 && seg == tmpDir {
			return fmt.Errorf("folder: invalid key %q: %s is reserved", key, tmpDir)
		}
	}
	return nil
}

// Put streams r into a temp file, fsyncs it and renames it to key. On any
// error, including one returned by r or a cancelled ctx, nothing is stored
// and a previous blob under key is left as it was.
func (s *Store) Put(ctx context.Context, key string, r io.Reader) (n int64, err error) {
	if err := validKey(key); err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("folder: put %q: %w", key, err)
	}
	f, err := os.CreateTemp(filepath.Join(s.dir, tmpDir), "put-*")
	if err != nil {
		return 0, fmt.Errorf("folder: put %q: create temp file: %w", key, err)
	}
	tmpName := tmpDir + "/" + filepath.Base(f.Name())
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				f.Close()
			}
			s.root.Remove(tmpName)
		}
	}()
	// CreateTemp makes the file 0600 already; say so explicitly in case
	// that ever changes.
	if err := f.Chmod(0o600); err != nil {
		return 0, fmt.Errorf("folder: put %q: chmod temp file: %w", key, err)
	}

	n, err = copyCtx(ctx, f, r)
	if err != nil {
		return 0, fmt.Errorf("folder: put %q: %w", key, err)
	}
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("folder: put %q: sync: %w", key, err)
	}
	closed = true
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("folder: put %q: close: %w", key, err)
	}
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("folder: put %q: %w", key, err)
	}

	parent := path.Dir(key)
	// A concurrent Delete may remove a parent directory that just became
	// empty (and a concurrent Put may be creating it) between MkdirAll and
	// Rename; try again a few times.
	for attempt := 1; ; attempt++ {
		err = s.placeTemp(tmpName, key, parent)
		if err == nil {
			break
		}
		if attempt >= 10 || !(errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrExist)) {
			return 0, fmt.Errorf("folder: put %q: %w", key, err)
		}
	}
	// The blob is in place; a failed directory sync is reported but the
	// temp file is already gone, so the deferred cleanup is harmless. (The
	// directory is gone only if a concurrent Delete of this key won.)
	if err := s.syncDir(parent); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return n, fmt.Errorf("folder: put %q: sync directory: %w", key, err)
	}
	return n, nil
}

// placeTemp creates the parent directories of key and renames the temp file
// to key.
func (s *Store) placeTemp(tmpName, key, parent string) error {
	if parent != "." {
		if err := s.root.MkdirAll(parent, 0o700); err != nil {
			return fmt.Errorf("create directories: %w", err)
		}
	}
	if err := s.root.Rename(tmpName, key); err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	return nil
}

// copyCtx copies r to w in chunks, checking ctx between chunks.
func copyCtx(ctx context.Context, w io.Writer, r io.Reader) (int64, error) {
	buf := make([]byte, bufSize)
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		nr, rerr := r.Read(buf)
		if nr > 0 {
			nw, werr := w.Write(buf[:nr])
			n += int64(nw)
			if werr != nil {
				return n, fmt.Errorf("write: %w", werr)
			}
			if nw != nr {
				return n, fmt.Errorf("write: %w", io.ErrShortWrite)
			}
		}
		if rerr == io.EOF {
			return n, nil
		}
		if rerr != nil {
			return n, fmt.Errorf("read: %w", rerr)
		}
	}
}

func (s *Store) syncDir(name string) error {
	d, err := s.root.Open(name)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Open returns the blob as an *os.File; an error wrapping
// storage.ErrNotFound when there is none.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := validKey(key); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("folder: open %q: %w", key, err)
	}
	f, err := s.root.Open(key)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || isNotDir(err) {
			return nil, fmt.Errorf("folder: open %q: %w", key, storage.ErrNotFound)
		}
		return nil, fmt.Errorf("folder: open %q: %w", key, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("folder: open %q: %w", key, err)
	}
	if !info.Mode().IsRegular() {
		// A directory made by longer keys is not a blob.
		f.Close()
		return nil, fmt.Errorf("folder: open %q: %w", key, storage.ErrNotFound)
	}
	return f, nil
}

// Delete removes the blob, then the parent directories it leaves empty (best
// effort). Deleting a missing blob is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := validKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("folder: delete %q: %w", key, err)
	}
	info, err := s.root.Lstat(key)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || isNotDir(err) {
			return nil
		}
		return fmt.Errorf("folder: delete %q: %w", key, err)
	}
	if info.IsDir() {
		return nil // not a blob: there is nothing under this key
	}
	if err := s.root.Remove(key); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("folder: delete %q: %w", key, err)
	}
	for d := path.Dir(key); d != "."; d = path.Dir(d) {
		if s.root.Remove(d) != nil { // not empty, or gone: stop
			break
		}
	}
	return nil
}

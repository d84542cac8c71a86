package worker

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"talaan/internal/archive"
	"talaan/storage"
	"talaan/storage/folder"
	"talaan/storage/s3"
	"talaan/storage/sqlite"
	"talaan/tools/miniotest"
)

// The sweep on each blob store against a real SQLite store. Blob times
// cannot be set on S3, so the old blobs are written, then the cutoff taken,
// then the young ones, a little over a second apart (S3 keeps seconds).
func TestSweepOrphans(t *testing.T) {
	for _, tc := range []struct {
		name string
		open func(t *testing.T) (storage.Blobs, string) // the store, and its folder (folder only)
	}{
		{"folder", func(t *testing.T) (storage.Blobs, string) {
			dir := filepath.Join(t.TempDir(), "files")
			b, err := folder.New(dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { b.Close() })
			return b, dir
		}},
		{"s3", func(t *testing.T) (storage.Blobs, string) {
			srv := miniotest.Start(t)
			b, err := s3.New(t.Context(), srv.Client(), srv.Bucket(t), s3.Options{Prefix: "talaan/"})
			if err != nil {
				t.Fatal(err)
			}
			return b, ""
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			blobs, dir := tc.open(t)
			put := func(keys ...string) {
				for _, k := range keys {
					if _, err := blobs.Put(ctx, k, strings.NewReader("%PDF-1.4 "+k)); err != nil {
						t.Fatal(err)
					}
				}
			}
			temp := func(name string) string {
				if dir == "" {
					return ""
				}
				p := filepath.Join(dir, ".tmp", name)
				if err := os.WriteFile(p, []byte("half a file"), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}

			put("t/ten-a/f-orphan", "t/ten-a/f-owned", "elsewhere/f-not-ours")
			rowFor(t, st, "ten-a", "t/ten-a/f-owned")
			staleTemp := temp("put-crashed")
			time.Sleep(1100 * time.Millisecond)
			cutoff := time.Now()
			time.Sleep(1100 * time.Millisecond)
			put("t/ten-a/f-uploading") // its row is not committed yet
			freshTemp := temp("put-in-progress")

			blobsDeleted, temps, err := sweepOrphans(ctx, st, blobs, cutoff)
			if err != nil {
				t.Fatal(err)
			}
			wantTemps := 0
			if dir != "" {
				wantTemps = 1
			}
			if blobsDeleted != 1 || temps != wantTemps {
				t.Errorf("deleted %d blobs and %d temp files, want 1 and %d", blobsDeleted, temps, wantTemps)
			}
			for _, c := range []struct {
				key  string
				kept bool
			}{
				{"t/ten-a/f-orphan", false},
				{"t/ten-a/f-owned", true},
				{"t/ten-a/f-uploading", true},
				{"elsewhere/f-not-ours", true},
			} {
				if got := exists(t, blobs, c.key); got != c.kept {
					t.Errorf("%s: kept %v, want %v", c.key, got, c.kept)
				}
			}
			for _, c := range []struct {
				path string
				kept bool
			}{{staleTemp, false}, {freshTemp, true}} {
				if c.path == "" {
					continue
				}
				if _, err := os.Stat(c.path); (err == nil) != c.kept {
					t.Errorf("temp file %s: kept %v, want %v", filepath.Base(c.path), err == nil, c.kept)
				}
			}
		})
	}
}

// rowFor stores a one-file archive whose file is the blob key.
func rowFor(t *testing.T, st storage.Store, tenantID, key string) {
	t.Helper()
	ctx := t.Context()
	now := archive.Now()
	if err := st.CreateTenant(ctx, storage.Tenant{ID: tenantID, Name: "t", APIKey: "key-" + tenantID, SecretHash: []byte("h"), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	u := storage.User{ID: "usr-" + tenantID, TenantID: tenantID, CreatedAt: now}
	if err := st.CreateUser(ctx, u, storage.Token{ID: "tok-" + tenantID, TenantID: tenantID, UserID: u.ID, Hash: []byte("h-" + tenantID), ExpiresAt: now.Add(time.Hour), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	a := storage.Archive{ID: "arc-" + tenantID, TenantID: tenantID, UserID: u.ID, Source: storage.SourceArchive, ProviderID: "tenant-provided",
		FileType: "OTHERS", Status: storage.StatusStarted, CreatedAt: now, UpdatedAt: now,
		Files: []storage.RawFile{{ID: "fil-" + tenantID, ArchiveID: "arc-" + tenantID, TenantID: tenantID, Name: "x.pdf", Format: "PDF", Size: 1, BlobKey: key, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}}}
	if err := st.CreateArchive(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
}

func exists(t *testing.T, b storage.Blobs, key string) bool {
	t.Helper()
	rc, err := b.Open(context.Background(), key)
	if errors.Is(err, storage.ErrNotFound) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
	return true
}

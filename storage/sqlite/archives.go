package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"talaan/storage"
)

const archiveColumns = `id, tenant_id, user_id, source, provider_id, file_type, status, error_code,
	error_message, reason, review, result, created_at, updated_at`

func scanArchive(sc scanner) (storage.Archive, error) {
	var a storage.Archive
	var result sql.NullString
	var created, updated int64
	err := sc.Scan(&a.ID, &a.TenantID, &a.UserID, &a.Source, &a.ProviderID, &a.FileType, &a.Status, &a.ErrorCode,
		&a.ErrorMessage, &a.Reason, &a.Review, &result, &created, &updated)
	if err != nil {
		return storage.Archive{}, err
	}
	a.Result = rawJSON(result)
	a.CreatedAt, a.UpdatedAt = fromMicros(created), fromMicros(updated)
	return a, nil
}

const fileColumns = `id, archive_id, tenant_id, name, sub_type, format, size, blob_key, created_at, expires_at, deleted_at`

func scanFile(sc scanner) (storage.RawFile, error) {
	var f storage.RawFile
	var created int64
	var expires, deleted sql.NullInt64
	err := sc.Scan(&f.ID, &f.ArchiveID, &f.TenantID, &f.Name, &f.SubType, &f.Format, &f.Size, &f.BlobKey,
		&created, &expires, &deleted)
	if err != nil {
		return storage.RawFile{}, err
	}
	f.CreatedAt = fromMicros(created)
	f.ExpiresAt = timeOrZero(expires)
	f.DeletedAt = timePtr(deleted)
	return f, nil
}

// archiveArgs are the values of archiveColumns.
func archiveArgs(a storage.Archive) []any {
	return []any{a.ID, a.TenantID, a.UserID, a.Source, a.ProviderID, a.FileType, a.Status, a.ErrorCode,
		a.ErrorMessage, a.Reason, a.Review, nullJSON(a.Result), micros(a.CreatedAt), micros(a.UpdatedAt)}
}

// fileArgs are the values of fileColumns (a file of storage.FilesOf).
func fileArgs(f storage.RawFile) []any {
	return []any{f.ID, f.ArchiveID, f.TenantID, f.Name, f.SubType, f.Format, f.Size, f.BlobKey,
		micros(f.CreatedAt), nullMicros(f.ExpiresAt), ptrMicros(f.DeletedAt)}
}

// CreateArchive stores the archive and its files (their ArchiveID and
// TenantID are the archive's) and inserts jobs, in one transaction.
func (s *Store) CreateArchive(ctx context.Context, a storage.Archive, jobs []river.InsertManyParams) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, insertSQL("archives", archiveColumns, 1), archiveArgs(a)...); err != nil {
			return conflict(err)
		}
		if len(a.Files) > 0 {
			stmt, err := tx.PrepareContext(ctx, insertSQL("raw_files", fileColumns, 1))
			if err != nil {
				return err
			}
			defer stmt.Close()
			for _, f := range storage.FilesOf(a) {
				if _, err := stmt.ExecContext(ctx, fileArgs(f)...); err != nil {
					return fmt.Errorf("file %s: %w", f.ID, conflict(err))
				}
			}
		}
		return storage.InsertJobs(ctx, s.inserter, tx, jobs)
	})
	if err != nil {
		return fmt.Errorf("create archive %s: %w", a.ID, err)
	}
	return nil
}

// GetArchive returns the archive with its files; tenantID "" is unscoped.
func (s *Store) GetArchive(ctx context.Context, tenantID, id string) (storage.Archive, error) {
	var a storage.Archive
	err := s.readTx(ctx, func(tx querier) error {
		var err error
		a, err = getArchive(ctx, tx, tenantID, id)
		if err != nil {
			return err
		}
		return fillFiles(ctx, tx, []*storage.Archive{&a})
	})
	if err != nil {
		return storage.Archive{}, fmt.Errorf("get archive %s: %w", id, err)
	}
	return a, nil
}

// getArchive reads one archive without its files; ErrNotFound when it does
// not exist or tenantID is set and is not its tenant.
func getArchive(ctx context.Context, q querier, tenantID, id string) (storage.Archive, error) {
	var w where
	w.addConds(storage.ScopedID(tenantID, id)...)
	a, err := scanArchive(q.QueryRowContext(ctx, `SELECT `+archiveColumns+` FROM archives`+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return storage.Archive{}, storage.ErrNotFound
	}
	return a, err
}

// fillFiles reads the files of the archives, in the order they were created.
func fillFiles(ctx context.Context, q querier, archives []*storage.Archive) error {
	if len(archives) == 0 {
		return nil
	}
	byID := make(map[string]*storage.Archive, len(archives))
	ids := make([]any, 0, len(archives))
	for _, a := range archives {
		a.Files = nil
		byID[a.ID] = a
		ids = append(ids, a.ID)
	}
	files, err := queryList(ctx, q, `SELECT `+fileColumns+` FROM raw_files WHERE archive_id IN (`+placeholders(len(ids))+`)
		ORDER BY created_at, rowid`, ids, scanFile)
	if err != nil {
		return fmt.Errorf("files: %w", err)
	}
	for _, f := range files {
		if a := byID[f.ArchiveID]; a != nil {
			a.Files = append(a.Files, f)
		}
	}
	return nil
}

// ListArchives lists the tenant's archives matching f, newest first, with
// their files.
func (s *Store) ListArchives(ctx context.Context, f storage.ArchiveFilter) ([]storage.Archive, string, error) {
	var w where
	w.addConds(f.Conds()...)
	var items []storage.Archive
	var next string
	err := s.readTx(ctx, func(tx querier) error {
		var err error
		items, err = queryList(ctx, tx, `SELECT `+archiveColumns+` FROM archives`+w.String()+` ORDER BY id DESC LIMIT ?`,
			append(w.args, f.Page.Len()+1), scanArchive)
		if err != nil {
			return err
		}
		items, next = storage.CutPage(items, f.Page, func(a storage.Archive) string { return a.ID })
		ptrs := make([]*storage.Archive, len(items))
		for i := range items {
			ptrs[i] = &items[i]
		}
		return fillFiles(ctx, tx, ptrs)
	})
	if err != nil {
		return nil, "", fmt.Errorf("list archives: %w", err)
	}
	return items, next, nil
}

// FinishArchive applies the verdict while the archive is STARTED (and, with
// RequireReview, waiting for review), replaces its incomes, adds the audit
// rows and inserts jobs, in one transaction.
func (s *Store) FinishArchive(ctx context.Context, f storage.Finish, jobs []river.InsertManyParams) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		a, err := getArchive(ctx, tx, "", f.ArchiveID)
		if err != nil {
			return err
		}
		done, err := storage.FinishedArchive(a, f)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE archives SET status = ?, file_type = ?, error_code = ?, error_message = ?,
			reason = ?, review = ?, result = ?, updated_at = ? WHERE id = ?`,
			done.Status, done.FileType, done.ErrorCode, done.ErrorMessage, done.Reason, done.Review, nullJSON(done.Result),
			micros(done.UpdatedAt), a.ID)
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM incomes WHERE archive_id = ?`, a.ID); err != nil {
			return fmt.Errorf("delete incomes: %w", err)
		}
		if err := insertIncomes(ctx, tx, storage.IncomesOf(a, f.Incomes, f.At)); err != nil {
			return err
		}
		if err := insertAudit(ctx, tx, storage.AuditOf(a, f.Audit, f.At)); err != nil {
			return err
		}
		return storage.InsertJobs(ctx, s.inserter, tx, jobs)
	})
	if err != nil {
		return fmt.Errorf("finish archive %s: %w", f.ArchiveID, err)
	}
	return nil
}

// insertAudit inserts audit rows (storage.AuditOf).
func insertAudit(ctx context.Context, tx *sql.Tx, rows []storage.Audit) error {
	if len(rows) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO audit (`+auditColumns+`)
		VALUES (`+placeholders(11)+`)`)
	if err != nil {
		return fmt.Errorf("insert audit: %w", err)
	}
	defer stmt.Close()
	for _, r := range rows {
		if _, err := stmt.ExecContext(ctx, r.ID, r.TenantID, r.ArchiveID, r.Action, r.Actor, r.ActorID, r.ActorName, r.Field,
			nullString(r.OldValue), nullString(r.NewValue), micros(r.At)); err != nil {
			return fmt.Errorf("insert audit %s: %w", r.ID, conflict(err))
		}
	}
	return nil
}

// RevokeArchive marks the tenant's archive REVOKED, deletes its incomes,
// marks its files deleted and inserts jobs, in one transaction. It returns
// the archive as it was before.
func (s *Store) RevokeArchive(ctx context.Context, tenantID, id string, at time.Time, jobs []river.InsertManyParams) (storage.Archive, error) {
	var before storage.Archive
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		before, err = getArchive(ctx, tx, tenantID, id)
		if err != nil {
			return err
		}
		if err := storage.CheckRevoke(before); err != nil {
			return err
		}
		if err := fillFiles(ctx, tx, []*storage.Archive{&before}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE archives SET status = ?, review = 0, updated_at = ? WHERE id = ?`,
			storage.StatusRevoked, micros(at), id); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM incomes WHERE archive_id = ?`, id); err != nil {
			return fmt.Errorf("delete incomes: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE raw_files SET deleted_at = ? WHERE archive_id = ? AND deleted_at IS NULL`,
			micros(at), id); err != nil {
			return fmt.Errorf("mark files deleted: %w", err)
		}
		return storage.InsertJobs(ctx, s.inserter, tx, jobs)
	})
	if err != nil {
		return storage.Archive{}, fmt.Errorf("revoke archive %s: %w", id, err)
	}
	return before, nil
}

// GetFile returns one file; tenantID "" is unscoped.
func (s *Store) GetFile(ctx context.Context, tenantID, id string) (storage.RawFile, error) {
	var w where
	w.addConds(storage.ScopedID(tenantID, id)...)
	f, err := scanFile(s.reads.QueryRowContext(ctx, `SELECT `+fileColumns+` FROM raw_files`+w.String(), w.args...))
	return one(f, err, "get file "+id)
}

// ExpiredFiles lists at most limit files whose retention ended at or before
// now and whose blob is not deleted yet, oldest expiry first.
func (s *Store) ExpiredFiles(ctx context.Context, now time.Time, limit int) ([]storage.RawFile, error) {
	if limit <= 0 {
		return nil, nil
	}
	files, err := queryList(ctx, s.reads, `SELECT `+fileColumns+` FROM raw_files
		WHERE deleted_at IS NULL AND expires_at <= ? ORDER BY expires_at, id LIMIT ?`,
		[]any{micros(now), limit}, scanFile)
	if err != nil {
		return nil, fmt.Errorf("expired files: %w", err)
	}
	return files, nil
}

// MarkFileDeleted records that the file's blob is gone. Marking a file that
// is already deleted keeps the first time.
func (s *Store) MarkFileDeleted(ctx context.Context, id string, at time.Time) error {
	res, err := s.writer.ExecContext(ctx, `UPDATE raw_files SET deleted_at = coalesce(deleted_at, ?) WHERE id = ?`, micros(at), id)
	return affected(res, err, "mark file "+id+" deleted")
}

// KnownBlobKeys reports which of keys belong to a file not yet deleted.
// The keys go in as one JSON array, so that one statement serves any
// number of them.
func (s *Store) KnownBlobKeys(ctx context.Context, keys []string) (map[string]bool, error) {
	known := make(map[string]bool)
	if len(keys) == 0 {
		return known, nil
	}
	arr, err := json.Marshal(keys)
	if err != nil {
		return nil, fmt.Errorf("known blob keys: %w", err)
	}
	found, err := queryList(ctx, s.reads, knownBlobKeysQuery, []any{string(arr)}, func(sc scanner) (string, error) {
		var k string
		return k, sc.Scan(&k)
	})
	if err != nil {
		return nil, fmt.Errorf("known blob keys: %w", err)
	}
	for _, k := range found {
		known[k] = true
	}
	return known, nil
}

const knownBlobKeysQuery = `SELECT blob_key FROM raw_files
	WHERE deleted_at IS NULL AND blob_key IN (SELECT value FROM json_each(?))`

// ListAudit lists the review changes of the tenant's archive, oldest first;
// ErrNotFound when the archive is not the tenant's. tenantID "" is unscoped,
// like GetArchive.
func (s *Store) ListAudit(ctx context.Context, tenantID, archiveID string) ([]storage.Audit, error) {
	var items []storage.Audit
	err := s.readTx(ctx, func(tx querier) error {
		if _, err := getArchive(ctx, tx, tenantID, archiveID); err != nil {
			return err
		}
		var err error
		items, err = queryList(ctx, tx, `SELECT `+auditColumns+`
			FROM audit WHERE archive_id = ? ORDER BY at, id`, []any{archiveID}, scanAudit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list audit of archive %s: %w", archiveID, err)
	}
	return items, nil
}

const auditColumns = `id, tenant_id, archive_id, action, actor, actor_id, actor_name, field, old_value, new_value, at`

func scanAudit(sc scanner) (storage.Audit, error) {
	var a storage.Audit
	var oldV, newV sql.NullString
	var at int64
	if err := sc.Scan(&a.ID, &a.TenantID, &a.ArchiveID, &a.Action, &a.Actor, &a.ActorID, &a.ActorName, &a.Field, &oldV, &newV, &at); err != nil {
		return storage.Audit{}, err
	}
	a.OldValue, a.NewValue, a.At = stringPtr(oldV), stringPtr(newV), fromMicros(at)
	return a, nil
}

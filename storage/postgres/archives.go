package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"talaan/storage"
)

const archiveColumns = `id, tenant_id, user_id, source, provider_id, file_type, status, error_code,
	error_message, reason, review, result, created_at, updated_at`

// archiveColumnsOf is archiveColumns qualified by a table alias.
func archiveColumnsOf(alias string) string {
	return alias + `.id, ` + alias + `.tenant_id, ` + alias + `.user_id, ` + alias + `.source, ` + alias + `.provider_id, ` +
		alias + `.file_type, ` + alias + `.status, ` + alias + `.error_code, ` + alias + `.error_message, ` + alias + `.reason, ` +
		alias + `.review, ` + alias + `.result, ` + alias + `.created_at, ` + alias + `.updated_at`
}

// archiveDest returns the scan destinations of archiveColumns into a and
// the raw result; finish with archiveDone.
func archiveDest(a *storage.Archive, result **string) []any {
	return []any{&a.ID, &a.TenantID, &a.UserID, &a.Source, &a.ProviderID, &a.FileType, &a.Status, &a.ErrorCode,
		&a.ErrorMessage, &a.Reason, &a.Review, result, &a.CreatedAt, &a.UpdatedAt}
}

func archiveDone(a *storage.Archive, result *string) {
	a.Result = rawJSON(result)
	utcTimes(&a.CreatedAt, &a.UpdatedAt)
}

func scanArchive(sc scanner) (storage.Archive, error) {
	var a storage.Archive
	var result *string
	if err := sc.Scan(archiveDest(&a, &result)...); err != nil {
		return storage.Archive{}, err
	}
	archiveDone(&a, result)
	return a, nil
}

const fileColumns = `id, archive_id, tenant_id, name, sub_type, format, size, blob_key, created_at, expires_at, deleted_at`

// fileColumnsOf is fileColumns qualified by a table alias.
func fileColumnsOf(alias string) string {
	return alias + `.id, ` + alias + `.archive_id, ` + alias + `.tenant_id, ` + alias + `.name, ` + alias + `.sub_type, ` +
		alias + `.format, ` + alias + `.size, ` + alias + `.blob_key, ` + alias + `.created_at, ` + alias + `.expires_at, ` +
		alias + `.deleted_at`
}

func scanFile(sc scanner) (storage.RawFile, error) {
	var f storage.RawFile
	var expires, deleted *time.Time
	err := sc.Scan(&f.ID, &f.ArchiveID, &f.TenantID, &f.Name, &f.SubType, &f.Format, &f.Size, &f.BlobKey,
		&f.CreatedAt, &expires, &deleted)
	if err != nil {
		return storage.RawFile{}, err
	}
	f.CreatedAt = f.CreatedAt.UTC()
	f.ExpiresAt = utcOrZero(expires)
	f.DeletedAt = utcPtr(deleted)
	return f, nil
}

// nullFile is a raw_files row on the nullable side of a LEFT JOIN.
type nullFile struct {
	id, archiveID, tenantID, name, subType, format, blobKey *string
	size                                                    *int64
	created, expires, deleted                               *time.Time
}

func (n *nullFile) dest() []any {
	return []any{&n.id, &n.archiveID, &n.tenantID, &n.name, &n.subType, &n.format, &n.size, &n.blobKey,
		&n.created, &n.expires, &n.deleted}
}

// file returns the row's file; ok is false when the archive had none.
func (n *nullFile) file() (f storage.RawFile, ok bool) {
	if n.id == nil {
		return storage.RawFile{}, false
	}
	f = storage.RawFile{ID: *n.id, ArchiveID: *n.archiveID, TenantID: *n.tenantID, Name: *n.name, SubType: *n.subType,
		Format: *n.format, Size: *n.size, BlobKey: *n.blobKey, CreatedAt: utcOrZero(n.created),
		ExpiresAt: utcOrZero(n.expires), DeletedAt: utcPtr(n.deleted)}
	return f, true
}

// queryArchivesWithFiles runs a query whose rows are archiveColumns then
// fileColumns of a LEFT JOIN, ordered by archive then file, and gathers
// each archive with its files, in the order of the rows.
func queryArchivesWithFiles(ctx context.Context, q querier, query string, args []any) ([]storage.Archive, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []storage.Archive
	var a storage.Archive
	var result *string
	var nf nullFile
	dest := append(archiveDest(&a, &result), nf.dest()...)
	for rows.Next() {
		a = storage.Archive{}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if n := len(items); n == 0 || items[n-1].ID != a.ID {
			archiveDone(&a, result)
			items = append(items, a)
		}
		if f, ok := nf.file(); ok {
			last := &items[len(items)-1]
			last.Files = append(last.Files, f)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return items, nil
}

// archiveArgs are the values of archiveColumns.
func archiveArgs(a storage.Archive) []any {
	return []any{a.ID, a.TenantID, a.UserID, a.Source, a.ProviderID, a.FileType, a.Status, a.ErrorCode,
		a.ErrorMessage, a.Reason, a.Review, nullJSON(a.Result), a.CreatedAt, a.UpdatedAt}
}

// fileArgs are the values of fileColumns (a file of storage.FilesOf).
func fileArgs(f storage.RawFile) []any {
	return []any{f.ID, f.ArchiveID, f.TenantID, f.Name, f.SubType, f.Format, f.Size, f.BlobKey,
		f.CreatedAt, nullTime(f.ExpiresAt), ptrTime(f.DeletedAt)}
}

// CreateArchive stores the archive and its files (their ArchiveID and
// TenantID are the archive's) and inserts jobs, in one transaction.
func (s *Store) CreateArchive(ctx context.Context, a storage.Archive, jobs []river.InsertManyParams) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO archives (`+archiveColumns+`) VALUES (`+placeholders(14)+`)`, archiveArgs(a)...)
		if err != nil {
			return conflict(err)
		}
		var b pgx.Batch
		files := storage.FilesOf(a)
		for _, f := range files {
			b.Queue(`INSERT INTO raw_files (`+fileColumns+`) VALUES (`+placeholders(11)+`)`, fileArgs(f)...)
		}
		if err := execBatch(ctx, tx, &b, func(i int) string { return "file " + files[i].ID }); err != nil {
			return err
		}
		return storage.InsertJobs(ctx, s.inserter, tx, jobs)
	})
	if err != nil {
		return fmt.Errorf("create archive %s: %w", a.ID, err)
	}
	return nil
}

// getArchiveQuery reads one archive with its files (in the order they were
// created) in one statement, so one snapshot; tenantID "" is unscoped.
func getArchiveQuery(tenantID, id string) (string, []any) {
	var w where
	w.add("a.id = ?", id)
	if tenantID != "" {
		w.add("a.tenant_id = ?", tenantID)
	}
	return `SELECT ` + archiveColumnsOf("a") + `, ` + fileColumnsOf("f") + `
		FROM archives a LEFT JOIN raw_files f ON f.archive_id = a.id` + w.String() + `
		ORDER BY f.created_at, f.seq`, w.args
}

// GetArchive returns the archive with its files; tenantID "" is unscoped.
func (s *Store) GetArchive(ctx context.Context, tenantID, id string) (storage.Archive, error) {
	query, args := getArchiveQuery(tenantID, id)
	items, err := queryArchivesWithFiles(ctx, s.pool, query, args)
	if err != nil {
		return storage.Archive{}, fmt.Errorf("get archive %s: %w", id, err)
	}
	if len(items) == 0 {
		return storage.Archive{}, fmt.Errorf("get archive %s: %w", id, storage.ErrNotFound)
	}
	return items[0], nil
}

// lockArchive reads one archive without its files and locks its row until
// the end of tx; ErrNotFound when it does not exist or tenantID is set and
// is not its tenant.
func lockArchive(ctx context.Context, tx pgx.Tx, tenantID, id string) (storage.Archive, error) {
	var w where
	w.addConds(storage.ScopedID(tenantID, id)...)
	a, err := scanArchive(tx.QueryRow(ctx, `SELECT `+archiveColumns+` FROM archives`+w.String()+` FOR UPDATE`, w.args...))
	if errors.Is(err, pgx.ErrNoRows) {
		return storage.Archive{}, storage.ErrNotFound
	}
	return a, err
}

// listArchivesQuery is ListArchives' query, apart so a test can explain
// it: the page of archives (one more than asked) walks an index newest
// first, then each archive's files join it.
func listArchivesQuery(f storage.ArchiveFilter) (string, []any) {
	var w where
	w.addConds(f.Conds()...)
	return `SELECT ` + archiveColumnsOf("a") + `, ` + fileColumnsOf("f") + `
		FROM (SELECT ` + archiveColumns + ` FROM archives` + w.String() + ` ORDER BY id DESC` + limit(f.Page) + `) a
		LEFT JOIN raw_files f ON f.archive_id = a.id
		ORDER BY a.id DESC, f.created_at, f.seq`, w.args
}

// ListArchives lists the tenant's archives matching f, newest first, with
// their files.
func (s *Store) ListArchives(ctx context.Context, f storage.ArchiveFilter) ([]storage.Archive, string, error) {
	query, args := listArchivesQuery(f)
	items, err := queryArchivesWithFiles(ctx, s.pool, query, args)
	return storage.Paged(items, err, f.Page, func(a storage.Archive) string { return a.ID }, "list archives")
}

// FinishArchive applies the verdict while the archive is STARTED (and, with
// RequireReview, waiting for review), replaces its incomes, adds the audit
// rows and inserts jobs, in one transaction. The archive's row is locked
// first (SELECT ... FOR UPDATE), so workers finishing the same archive at
// once take turns, and each sees the state the previous one left.
func (s *Store) FinishArchive(ctx context.Context, f storage.Finish, jobs []river.InsertManyParams) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		a, err := lockArchive(ctx, tx, "", f.ArchiveID)
		if err != nil {
			return err
		}
		done, err := storage.FinishedArchive(a, f)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE archives SET status = $1, file_type = $2, error_code = $3, error_message = $4,
			reason = $5, review = $6, result = $7, updated_at = $8 WHERE id = $9`,
			done.Status, done.FileType, done.ErrorCode, done.ErrorMessage, done.Reason, done.Review, nullJSON(done.Result),
			done.UpdatedAt, a.ID)
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM incomes WHERE archive_id = $1`, a.ID); err != nil {
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

// insertAudit inserts audit rows (storage.AuditOf), in one round trip.
func insertAudit(ctx context.Context, tx pgx.Tx, rows []storage.Audit) error {
	var b pgx.Batch
	for _, r := range rows {
		b.Queue(`INSERT INTO audit (`+auditColumns+`) VALUES (`+placeholders(11)+`)`,
			r.ID, r.TenantID, r.ArchiveID, r.Action, r.Actor, r.ActorID, r.ActorName, r.Field, r.OldValue, r.NewValue, r.At)
	}
	return execBatch(ctx, tx, &b, func(i int) string { return "insert audit " + rows[i].ID })
}

// RevokeArchive marks the tenant's archive REVOKED, deletes its incomes,
// marks its files deleted and inserts jobs, in one transaction. It returns
// the archive as it was before. The archive's row is locked first, like
// FinishArchive's.
func (s *Store) RevokeArchive(ctx context.Context, tenantID, id string, at time.Time, jobs []river.InsertManyParams) (storage.Archive, error) {
	var before storage.Archive
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		before, err = lockArchive(ctx, tx, tenantID, id)
		if err != nil {
			return err
		}
		if err := storage.CheckRevoke(before); err != nil {
			return err
		}
		before.Files, err = queryList(ctx, tx, `SELECT `+fileColumns+` FROM raw_files WHERE archive_id = $1
			ORDER BY created_at, seq`, []any{id}, scanFile)
		if err != nil {
			return fmt.Errorf("files: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE archives SET status = $1, review = false, updated_at = $2 WHERE id = $3`,
			storage.StatusRevoked, at, id); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM incomes WHERE archive_id = $1`, id); err != nil {
			return fmt.Errorf("delete incomes: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE raw_files SET deleted_at = $1 WHERE archive_id = $2 AND deleted_at IS NULL`,
			at, id); err != nil {
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
	f, err := scanFile(s.pool.QueryRow(ctx, `SELECT `+fileColumns+` FROM raw_files`+w.String(), w.args...))
	return one(f, err, "get file "+id)
}

// expiredFilesQuery is ExpiredFiles' query, apart so a test can explain it.
// The limit is a literal, like the pages' (see limit).
func expiredFilesQuery(now time.Time, limit int) (string, []any) {
	return `SELECT ` + fileColumns + ` FROM raw_files
		WHERE deleted_at IS NULL AND expires_at <= $1 ORDER BY expires_at, id LIMIT ` + strconv.Itoa(limit), []any{now}
}

// ExpiredFiles lists at most limit files whose retention ended at or before
// now and whose blob is not deleted yet, oldest expiry first.
func (s *Store) ExpiredFiles(ctx context.Context, now time.Time, limit int) ([]storage.RawFile, error) {
	if limit <= 0 {
		return nil, nil
	}
	query, args := expiredFilesQuery(now, limit)
	files, err := queryList(ctx, s.pool, query, args, scanFile)
	if err != nil {
		return nil, fmt.Errorf("expired files: %w", err)
	}
	return files, nil
}

// MarkFileDeleted records that the file's blob is gone. Marking a file that
// is already deleted keeps the first time.
func (s *Store) MarkFileDeleted(ctx context.Context, id string, at time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE raw_files SET deleted_at = coalesce(deleted_at, $1) WHERE id = $2`, at, id)
	return storage.Affected(tag.RowsAffected(), err, "mark file "+id+" deleted")
}

// KnownBlobKeys reports which of keys belong to a file not yet deleted.
func (s *Store) KnownBlobKeys(ctx context.Context, keys []string) (map[string]bool, error) {
	known := make(map[string]bool)
	if len(keys) == 0 {
		return known, nil
	}
	found, err := queryList(ctx, s.pool, knownBlobKeysQuery, []any{keys}, func(sc scanner) (string, error) {
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
	WHERE deleted_at IS NULL AND blob_key = ANY($1::text[])`

// ListAudit lists the review changes of the tenant's archive, oldest first;
// ErrNotFound when the archive is not the tenant's. tenantID "" is unscoped,
// like GetArchive.
func (s *Store) ListAudit(ctx context.Context, tenantID, archiveID string) ([]storage.Audit, error) {
	var w where
	w.addConds(storage.ScopedID(tenantID, archiveID)...)
	var exists bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM archives`+w.String()+`)`, w.args...).Scan(&exists); err != nil {
		return nil, fmt.Errorf("list audit of archive %s: %w", archiveID, err)
	}
	if !exists {
		return nil, fmt.Errorf("list audit of archive %s: %w", archiveID, storage.ErrNotFound)
	}
	items, err := queryList(ctx, s.pool, `SELECT `+auditColumns+`
		FROM audit WHERE archive_id = $1 ORDER BY at, id`, []any{archiveID}, scanAudit)
	if err != nil {
		return nil, fmt.Errorf("list audit of archive %s: %w", archiveID, err)
	}
	return items, nil
}

const auditColumns = `id, tenant_id, archive_id, action, actor, actor_id, actor_name, field, old_value, new_value, at`

func scanAudit(sc scanner) (storage.Audit, error) {
	var a storage.Audit
	if err := sc.Scan(&a.ID, &a.TenantID, &a.ArchiveID, &a.Action, &a.Actor, &a.ActorID, &a.ActorName, &a.Field, &a.OldValue, &a.NewValue, &a.At); err != nil {
		return storage.Audit{}, err
	}
	a.At = a.At.UTC()
	return a, nil
}

package storage

import (
	"fmt"
	"time"
)

// The rules of FinishArchive and RevokeArchive that every store applies to
// the archive row it read (and, where it can, locked) in the transaction.

// FinishedArchive returns archive a, as stored, with verdict f applied:
// the row FinishArchive writes. f applies only while a is STARTED and,
// with f.RequireReview, waiting for review; otherwise the error wraps
// ErrConflict. An empty f.FileType keeps a's, a nil f.Result keeps a's;
// the other fields of the verdict replace a's, and UpdatedAt is f.At.
func FinishedArchive(a Archive, f Finish) (Archive, error) {
	if a.Status != StatusStarted {
		return Archive{}, fmt.Errorf("archive is %s: %w", a.Status, ErrConflict)
	}
	if f.RequireReview && !a.Review {
		return Archive{}, fmt.Errorf("archive is not waiting for review: %w", ErrConflict)
	}
	if f.FileType != "" {
		a.FileType = f.FileType
	}
	if f.Result != nil {
		a.Result = f.Result
	}
	a.Status, a.ErrorCode, a.ErrorMessage, a.Reason, a.Review = f.Status, f.ErrorCode, f.ErrorMessage, f.Reason, f.Review
	a.UpdatedAt = f.At
	return a, nil
}

// IncomesOf returns the incomes a verdict at time at stores for archive a:
// TenantID and ArchiveID are always the archive's; UserID, SourceType and
// ProviderID default to the archive's, CreatedAt to at and ItemCreatedAt
// to the archive's CreatedAt. incomes is left as it was.
func IncomesOf(a Archive, incomes []Income, at time.Time) []Income {
	out := make([]Income, len(incomes))
	for i, in := range incomes {
		in.TenantID, in.ArchiveID = a.TenantID, a.ID
		if in.UserID == "" {
			in.UserID = a.UserID
		}
		if in.SourceType == "" {
			in.SourceType = a.Source
		}
		if in.ProviderID == "" {
			in.ProviderID = a.ProviderID
		}
		if in.CreatedAt.IsZero() {
			in.CreatedAt = at
		}
		if in.ItemCreatedAt.IsZero() {
			in.ItemCreatedAt = a.CreatedAt
		}
		out[i] = in
	}
	return out
}

// AuditOf returns the audit lines a verdict at time at stores for archive
// a: TenantID and ArchiveID are the archive's, a zero At is at. rows is
// left as it was.
func AuditOf(a Archive, rows []Audit, at time.Time) []Audit {
	out := make([]Audit, len(rows))
	for i, r := range rows {
		r.TenantID, r.ArchiveID = a.TenantID, a.ID
		if r.At.IsZero() {
			r.At = at
		}
		out[i] = r
	}
	return out
}

// CheckRevoke reports whether archive a, as stored, may be revoked: an
// archive already REVOKED is ErrConflict.
func CheckRevoke(a Archive) error {
	if a.Status == StatusRevoked {
		return fmt.Errorf("archive is already revoked: %w", ErrConflict)
	}
	return nil
}

package storage

import (
	"context"
	"iter"
)

// Batch is rows for a bulk load (Loader): users, archives with their files,
// and incomes, each complete as it is to be stored (ids, tenant, times).
// Within a batch the users are stored first, then the archives and their
// files, then the incomes, so a batch may hold an archive and its incomes.
type Batch struct {
	Users    []User
	Archives []Archive
	Incomes  []Income
}

// Loader is implemented by stores that can seed a database quickly, for
// tools and benchmarks; the product does not call it. It is not a faster
// CreateArchive: it inserts no jobs, and it suits a new or small database.
type Loader interface {
	// Load stores every batch of batches in one transaction, in order,
	// taking each batch only once the previous one is stored (the caller
	// may reuse its slices), so that the rows in memory are one batch's.
	// Other writers wait for the load. The incomes' secondary indexes (and
	// on PostgreSQL their foreign keys) are made again at the end from the
	// whole table: one sort each instead of an update per row.
	Load(ctx context.Context, batches iter.Seq[Batch]) error
}

// FilesOf returns the archive's files as a store writes them: their
// ArchiveID and TenantID are the archive's.
func FilesOf(a Archive) []RawFile {
	files := make([]RawFile, len(a.Files))
	for i, f := range a.Files {
		f.ArchiveID, f.TenantID = a.ID, a.TenantID
		files[i] = f
	}
	return files
}

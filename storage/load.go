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

// LoadTable is one table's rows of a batch: Row(i) is the values of the
// i-th row in the order of Columns.
type LoadTable struct {
	Name, Columns string
	Rows          int
	Row           func(i int) ([]any, error)
}

// Schema is how a store writes rows: each table's column list, and the
// functions that make a row's values in that order.
type Schema struct {
	UserColumns, ArchiveColumns, FileColumns, IncomeColumns string

	User    func(User) ([]any, error)
	Archive func(Archive) []any
	File    func(RawFile) []any // a file of FilesOf
	Income  func(Income) []any
}

// Tables returns the batch's rows table by table in the order a load
// stores them: users, archives, the archives' files (FilesOf), incomes,
// so that each row's parent is stored before it.
func (b Batch) Tables(s Schema) []LoadTable {
	var files []RawFile
	for _, a := range b.Archives {
		files = append(files, FilesOf(a)...)
	}
	return []LoadTable{
		{"users", s.UserColumns, len(b.Users), func(i int) ([]any, error) { return s.User(b.Users[i]) }},
		{"archives", s.ArchiveColumns, len(b.Archives), func(i int) ([]any, error) { return s.Archive(b.Archives[i]), nil }},
		{"raw_files", s.FileColumns, len(files), func(i int) ([]any, error) { return s.File(files[i]), nil }},
		{"incomes", s.IncomeColumns, len(b.Incomes), func(i int) ([]any, error) { return s.Income(b.Incomes[i]), nil }},
	}
}

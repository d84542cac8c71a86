// Package sqlite implements storage.Store on one SQLite database file, for
// talaan's embedded single-node mode.
//
// At run time it needs only the database path: the SQLite engine is the
// pure-Go modernc.org/sqlite (driver name "sqlite", no cgo), and the file, its
// -wal and -shm siblings and the parent directory are created on Open. An
// existing file that is not a SQLite database (even an empty one, which
// SQLite would silently take for a new database) makes Open fail with a
// *NotDatabaseError and is left as it is. Call Migrate before use; it creates talaan's tables and River's (the job queue
// lives in the same file, so rows and their jobs commit in one transaction).
//
// A Store holds two connection pools on the file: a writer with a single
// connection (WAL mode, BEGIN IMMEDIATE, as River's SQLite driver asks) that
// every write and the River client use, and a query-only reader pool that the
// pure reads use, so that reads do not queue behind writes. Several processes
// may open the same file; SQLite serialises their writes and busy_timeout
// makes them wait for each other instead of failing.
//
// Because the writer is a single connection, a caller must not call the
// store while it holds a transaction of its own on that pool (DB, or a River
// client's JobCompleteTx on Driver): the store would wait for it forever.
//
// Times are stored as unix microseconds UTC and come back in UTC with
// microsecond precision. A RawFile with a zero ExpiresAt never expires.
package sqlite

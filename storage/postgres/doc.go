// Package postgres implements storage.Store on a PostgreSQL database, for
// talaan's scale-out mode: any number of API and worker processes share one
// database, and River's job queue lives in it, so rows and their jobs commit
// in one transaction.
//
// At run time it needs a PostgreSQL 13 or newer and a postgres:// or
// postgresql:// URL (sslmode, pool_max_conns and the other parameters of
// pgx and libpq apply). The role must be able to create tables in the
// database's default schema (the first of its search_path): call Migrate
// before use; it creates talaan's tables (versions in
// talaan_schema_migrations) and River's. Migrate is safe to run from several
// processes at once: it holds pg_advisory_xact_lock in a transaction for its
// whole run, so the processes take turns.
//
// A Store holds one pgxpool.Pool: pool_max_conns from the URL (at least 2:
// Migrate holds one connection while it works on another), max(4, 2*NumCPU)
// without it. Driver returns the River driver on that pool for the caller's
// working River client (river.Client[pgx.Tx]); the store inserts jobs with
// its own insert-only client, in its own transactions. Errors name the
// server by its URL with the password masked.
//
// Several deployments (or tests) may share one database, each in a schema
// of its own: give the URL a search_path parameter naming an existing
// schema, and every table, River's included, lives there.
//
// The pool's connections set plan_cache_mode = force_custom_plan (unless
// the URL sets plan_cache_mode): pgx caches prepared statements, and
// PostgreSQL would otherwise settle on a generic plan made for an average
// tenant, which can sort a big tenant's whole table for one page. Planning
// each query costs about 0.1 ms; a page of one user's incomes on a million
// rows walks the (tenant_id, user_id, id) index and reads 11 rows.
//
// FinishArchive and RevokeArchive lock the archive's row (SELECT ... FOR
// UPDATE) before they check its state, so processes changing the same
// archive at once take turns and the later one sees the earlier's verdict.
// Unique violations (SQLSTATE 23505) are storage.ErrConflict; a token of an
// unknown user (a foreign key violation) is storage.ErrNotFound.
//
// Times are timestamptz and come back in UTC with microsecond precision
// (finer digits are truncated, as SQLite's store does). A RawFile with a
// zero ExpiresAt is stored with a NULL expiry and never expires. Ids and the
// income dates use the "C" collation, so pages are in byte order whatever
// the database's locale, the same order as the SQLite store's. An archive's
// Result and an income's Confidence are json columns, kept as given (the
// store does not reorder or reformat them, but PostgreSQL refuses a document
// that is not JSON); a user's ExternalMetadata and a webhook's EventTypes
// are jsonb. Page sizes default to 10 and are clamped to 150.
package postgres

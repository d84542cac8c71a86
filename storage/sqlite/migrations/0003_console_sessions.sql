-- Console sessions live in the database, so that a sign-out holds in every
-- process and after a restart. The audit trail records what each line is
-- (a publish, a reject, a change, a confirmation) and the key behind it by
-- id and name.

CREATE TABLE console_sessions (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    actor      TEXT NOT NULL,
    actor_id   TEXT NOT NULL DEFAULT '',
    actor_name TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

ALTER TABLE audit ADD COLUMN action TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN actor_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN actor_name TEXT NOT NULL DEFAULT '';

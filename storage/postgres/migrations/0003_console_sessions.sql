-- Console sessions live in the database, so that a sign-out holds in every
-- process and after a restart. The audit trail records what each line is
-- (a publish, a reject, a change, a confirmation) and the key behind it by
-- id and name.

CREATE TABLE console_sessions (
    id         text COLLATE "C" PRIMARY KEY,
    tenant_id  text COLLATE "C" NOT NULL REFERENCES tenants (id),
    actor      text NOT NULL,
    actor_id   text NOT NULL DEFAULT '',
    actor_name text NOT NULL DEFAULT '',
    role       text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

ALTER TABLE audit ADD COLUMN action text NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN actor_id text NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN actor_name text NOT NULL DEFAULT '';

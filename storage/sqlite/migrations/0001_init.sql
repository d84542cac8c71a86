-- talaan's tables. Times are INTEGER unix microseconds UTC; JSON is TEXT.

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;

CREATE TABLE tenants (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL DEFAULT '',
    api_key     TEXT NOT NULL,
    secret_hash BLOB NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX tenants_api_key ON tenants (api_key);

CREATE TABLE users (
    id                TEXT PRIMARY KEY,
    tenant_id         TEXT NOT NULL,
    external_metadata TEXT NOT NULL DEFAULT 'null',
    created_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX users_tenant ON users (tenant_id, id);

CREATE TABLE tokens (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    hash       BLOB NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX tokens_hash ON tokens (hash);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE archives (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL,
    user_id       TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    provider_id   TEXT NOT NULL DEFAULT '',
    file_type     TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    error_code    TEXT NOT NULL DEFAULT '',
    error_message TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    review        INTEGER NOT NULL DEFAULT 0,
    result        TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX archives_tenant ON archives (tenant_id, id);
CREATE INDEX archives_tenant_user ON archives (tenant_id, user_id, id);
CREATE INDEX archives_tenant_review ON archives (tenant_id, review, status, id);

CREATE TABLE raw_files (
    id         TEXT PRIMARY KEY,
    archive_id TEXT NOT NULL REFERENCES archives (id),
    tenant_id  TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    sub_type   TEXT NOT NULL DEFAULT '',
    format     TEXT NOT NULL DEFAULT '',
    size       INTEGER NOT NULL DEFAULT 0,
    blob_key   TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER, -- NULL: kept until the archive is revoked
    deleted_at INTEGER
) STRICT;
CREATE INDEX raw_files_archive ON raw_files (archive_id);
CREATE INDEX raw_files_expiry ON raw_files (expires_at, id) WHERE deleted_at IS NULL;

CREATE TABLE incomes (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    user_id         TEXT NOT NULL DEFAULT '',
    archive_id      TEXT NOT NULL REFERENCES archives (id),
    file_id         TEXT NOT NULL DEFAULT '',
    source_type     TEXT NOT NULL DEFAULT '',
    provider_id     TEXT NOT NULL DEFAULT '',
    work_item       TEXT,
    employer        TEXT,
    start_date      TEXT,
    end_date        TEXT,
    pay_date        TEXT,
    currency        TEXT,
    frequency       TEXT,
    base_amount     REAL,
    gross_amount    REAL,
    net_amount      REAL,
    confidence      TEXT,
    reviewed        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    item_created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX incomes_tenant ON incomes (tenant_id, id);
CREATE INDEX incomes_tenant_user ON incomes (tenant_id, user_id, id);
CREATE INDEX incomes_tenant_archive ON incomes (tenant_id, archive_id, id);
CREATE INDEX incomes_archive ON incomes (archive_id);

CREATE TABLE webhooks (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    url             TEXT NOT NULL,
    secret          TEXT NOT NULL DEFAULT '',
    event_types     TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    active          INTEGER NOT NULL DEFAULT 1,
    include_payload INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX webhooks_tenant ON webhooks (tenant_id, id);

CREATE TABLE webhook_attempts (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    webhook_id  TEXT NOT NULL, -- no foreign key: attempts outlive their webhook
    event_id    TEXT NOT NULL DEFAULT '',
    event_type  TEXT NOT NULL DEFAULT '',
    attempt     INTEGER NOT NULL DEFAULT 0,
    status_code INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    duration_ms INTEGER NOT NULL DEFAULT 0,
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_attempts_webhook ON webhook_attempts (tenant_id, webhook_id, id);

CREATE TABLE audit (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    archive_id TEXT NOT NULL REFERENCES archives (id),
    actor      TEXT NOT NULL DEFAULT '',
    field      TEXT NOT NULL DEFAULT '',
    old_value  TEXT,
    new_value  TEXT,
    at         INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_archive ON audit (archive_id, at, id);

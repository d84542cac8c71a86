-- talaan's tables. Times are timestamptz (microseconds, read back in UTC);
-- documents kept as given (an archive's result, an income's confidence) are
-- json, which stores the text as is; what the store itself writes and queries
-- (a user's metadata, a webhook's event types) is jsonb. Ids and the
-- YYYY-MM-DD dates are compared and ordered, so they use the "C" collation:
-- byte order, the same as SQLite's and Go's, whatever the database's locale.

CREATE TABLE settings (
    name  text PRIMARY KEY,
    value bytea NOT NULL
);

CREATE TABLE tenants (
    id          text COLLATE "C" PRIMARY KEY,
    name        text NOT NULL DEFAULT '',
    api_key     text NOT NULL,
    secret_hash bytea NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX tenants_api_key ON tenants (api_key);

CREATE TABLE users (
    id                text COLLATE "C" PRIMARY KEY,
    tenant_id         text COLLATE "C" NOT NULL,
    external_metadata jsonb NOT NULL DEFAULT 'null',
    created_at        timestamptz NOT NULL
);
CREATE INDEX users_tenant ON users (tenant_id, id);

CREATE TABLE tokens (
    id         text COLLATE "C" PRIMARY KEY,
    tenant_id  text COLLATE "C" NOT NULL,
    user_id    text COLLATE "C" NOT NULL REFERENCES users (id),
    hash       bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX tokens_hash ON tokens (hash);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE archives (
    id            text COLLATE "C" PRIMARY KEY,
    tenant_id     text COLLATE "C" NOT NULL,
    user_id       text COLLATE "C" NOT NULL DEFAULT '',
    source        text NOT NULL DEFAULT '',
    provider_id   text NOT NULL DEFAULT '',
    file_type     text NOT NULL DEFAULT '',
    status        text NOT NULL,
    error_code    text NOT NULL DEFAULT '',
    error_message text NOT NULL DEFAULT '',
    reason        text NOT NULL DEFAULT '',
    review        boolean NOT NULL DEFAULT false,
    result        json,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX archives_tenant ON archives (tenant_id, id);
CREATE INDEX archives_tenant_user ON archives (tenant_id, user_id, id);
CREATE INDEX archives_tenant_review ON archives (tenant_id, review, status, id);

CREATE TABLE raw_files (
    id         text COLLATE "C" PRIMARY KEY,
    archive_id text COLLATE "C" NOT NULL REFERENCES archives (id),
    tenant_id  text COLLATE "C" NOT NULL,
    name       text NOT NULL DEFAULT '',
    sub_type   text NOT NULL DEFAULT '',
    format     text NOT NULL DEFAULT '',
    size       bigint NOT NULL DEFAULT 0,
    blob_key   text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    expires_at timestamptz, -- NULL: kept until the archive is revoked
    deleted_at timestamptz,
    -- seq keeps the insertion order (SQLite's rowid): an archive's files
    -- come back in the order they were created.
    seq        bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX raw_files_archive ON raw_files (archive_id, created_at, seq);
CREATE INDEX raw_files_expiry ON raw_files (expires_at, id) WHERE deleted_at IS NULL;

CREATE TABLE incomes (
    id              text COLLATE "C" PRIMARY KEY,
    tenant_id       text COLLATE "C" NOT NULL,
    user_id         text COLLATE "C" NOT NULL DEFAULT '',
    archive_id      text COLLATE "C" NOT NULL REFERENCES archives (id),
    file_id         text NOT NULL DEFAULT '',
    source_type     text NOT NULL DEFAULT '',
    provider_id     text NOT NULL DEFAULT '',
    work_item       text,
    employer        text,
    start_date      text COLLATE "C",
    end_date        text COLLATE "C",
    pay_date        text COLLATE "C",
    currency        text,
    frequency       text,
    base_amount     double precision,
    gross_amount    double precision,
    net_amount      double precision,
    confidence      json,
    reviewed        boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    item_created_at timestamptz NOT NULL
);
CREATE INDEX incomes_tenant ON incomes (tenant_id, id);
CREATE INDEX incomes_tenant_user ON incomes (tenant_id, user_id, id);
CREATE INDEX incomes_tenant_archive ON incomes (tenant_id, archive_id, id);
CREATE INDEX incomes_archive ON incomes (archive_id);

CREATE TABLE webhooks (
    id              text COLLATE "C" PRIMARY KEY,
    tenant_id       text COLLATE "C" NOT NULL,
    name            text NOT NULL DEFAULT '',
    url             text NOT NULL,
    secret          text NOT NULL DEFAULT '',
    event_types     jsonb NOT NULL DEFAULT '[]', -- array of strings
    active          boolean NOT NULL DEFAULT true,
    include_payload boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX webhooks_tenant ON webhooks (tenant_id, id);

CREATE TABLE webhook_attempts (
    id          text COLLATE "C" PRIMARY KEY,
    tenant_id   text COLLATE "C" NOT NULL,
    webhook_id  text COLLATE "C" NOT NULL, -- no foreign key: attempts outlive their webhook
    event_id    text NOT NULL DEFAULT '',
    event_type  text NOT NULL DEFAULT '',
    attempt     integer NOT NULL DEFAULT 0,
    status_code integer NOT NULL DEFAULT 0,
    error       text NOT NULL DEFAULT '',
    duration_ms bigint NOT NULL DEFAULT 0,
    at          timestamptz NOT NULL
);
CREATE INDEX webhook_attempts_webhook ON webhook_attempts (tenant_id, webhook_id, id);

CREATE TABLE audit (
    id         text COLLATE "C" PRIMARY KEY,
    tenant_id  text COLLATE "C" NOT NULL,
    archive_id text COLLATE "C" NOT NULL REFERENCES archives (id),
    actor      text NOT NULL DEFAULT '',
    field      text NOT NULL DEFAULT '',
    old_value  text,
    new_value  text,
    at         timestamptz NOT NULL
);
CREATE INDEX audit_archive ON audit (archive_id, at, id);

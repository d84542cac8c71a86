-- API keys with a role, beside each tenant's own key (an admin key): a
-- reviewer key reaches only the tenant's review queue and its files.

CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    api_key     TEXT NOT NULL,
    secret_hash BLOB NOT NULL,
    role        TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
) STRICT;
CREATE UNIQUE INDEX api_keys_api_key ON api_keys (api_key);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, id);

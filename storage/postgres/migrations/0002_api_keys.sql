-- API keys with a role, beside each tenant's own key (an admin key): a
-- reviewer key reaches only the tenant's review queue and its files.

CREATE TABLE api_keys (
    id          text COLLATE "C" PRIMARY KEY,
    tenant_id   text COLLATE "C" NOT NULL REFERENCES tenants (id),
    api_key     text NOT NULL,
    secret_hash bytea NOT NULL,
    role        text NOT NULL,
    name        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE UNIQUE INDEX api_keys_api_key ON api_keys (api_key);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, id);

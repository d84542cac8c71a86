-- Idempotency-Key of POST /v1/archives, /v1/uploads and /v1/users: the
-- first request reserves the key (status 0), then keeps its answer for a
-- retry until expires_at. owner is '' for the tenant's keys and the user's
-- id for a user token's, so that two users' keys never meet.

CREATE TABLE idempotency_keys (
    tenant_id    text COLLATE "C" NOT NULL REFERENCES tenants (id),
    owner        text COLLATE "C" NOT NULL,
    key          text COLLATE "C" NOT NULL,
    request_id   text NOT NULL,
    fingerprint  bytea NOT NULL,
    status       integer NOT NULL,
    body         bytea NOT NULL,
    locked_until timestamptz NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, owner, key)
);
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);

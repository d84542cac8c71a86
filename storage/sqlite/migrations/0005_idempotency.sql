-- Idempotency-Key of POST /v1/archives, /v1/uploads and /v1/users: the
-- first request reserves the key (status 0), then keeps its answer for a
-- retry until expires_at. owner is '' for the tenant's keys and the user's
-- id for a user token's, so that two users' keys never meet.

CREATE TABLE idempotency_keys (
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    owner        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_id   TEXT NOT NULL,
    fingerprint  BLOB NOT NULL,
    status       INTEGER NOT NULL,
    body         BLOB NOT NULL,
    locked_until INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, owner, key)
) STRICT;
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);

package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"talaan/storage"
)

const idempotencyColumns = `tenant_id, owner, key, request_id, fingerprint, status, body, locked_until, created_at, expires_at`

const idempotencyKeyIs = ` WHERE tenant_id = $1 AND owner = $2 AND key = $3`

func scanIdempotency(sc scanner) (storage.Idempotency, error) {
	var k storage.Idempotency
	if err := sc.Scan(&k.TenantID, &k.Owner, &k.Key, &k.RequestID, &k.Fingerprint, &k.Status, &k.Body, &k.LockedUntil, &k.CreatedAt, &k.ExpiresAt); err != nil {
		return storage.Idempotency{}, err
	}
	k.LockedUntil, k.CreatedAt, k.ExpiresAt = k.LockedUntil.UTC(), k.CreatedAt.UTC(), k.ExpiresAt.UTC()
	return k, nil
}

func idempotencyArgs(k storage.Idempotency) []any {
	return []any{k.TenantID, k.Owner, k.Key, k.RequestID, nonNil(k.Fingerprint), k.Status, nonNil(k.Body),
		k.LockedUntil, k.CreatedAt, k.ExpiresAt}
}

// ReserveIdempotency reserves k's key unless it is held (storage.ReserveOnce),
// in one transaction: a racing insert of the same key waits for the
// other's commit and then finds its row, and the read locks that row until
// the takeover, if any, commits.
func (s *Store) ReserveIdempotency(ctx context.Context, k storage.Idempotency) (held storage.Idempotency, reserved bool, err error) {
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		held, reserved, err = storage.ReserveOnce(ctx, k, func(ctx context.Context) (bool, error) {
			tag, err := tx.Exec(ctx, `INSERT INTO idempotency_keys (`+idempotencyColumns+`) VALUES (`+placeholders(10)+`)
				ON CONFLICT (tenant_id, owner, key) DO NOTHING`, idempotencyArgs(k)...)
			if err != nil {
				return false, insertErr(err, "tenant "+k.TenantID)
			}
			return tag.RowsAffected() == 1, nil
		}, func(ctx context.Context) (storage.Idempotency, error) {
			return scanIdempotency(tx.QueryRow(ctx, `SELECT `+idempotencyColumns+` FROM idempotency_keys`+idempotencyKeyIs+` FOR UPDATE`,
				k.TenantID, k.Owner, k.Key))
		}, func(ctx context.Context) error {
			_, err := tx.Exec(ctx, `UPDATE idempotency_keys SET request_id = $4, fingerprint = $5, status = $6, body = $7,
				locked_until = $8, created_at = $9, expires_at = $10`+idempotencyKeyIs, idempotencyArgs(k)...)
			return err
		})
		return err
	})
	if err != nil {
		return storage.Idempotency{}, false, fmt.Errorf("reserve idempotency key: %w", err)
	}
	return held, reserved, nil
}

// CompleteIdempotency stores the answer of the request that reserved the key.
func (s *Store) CompleteIdempotency(ctx context.Context, k storage.Idempotency) error {
	tag, err := s.pool.Exec(ctx, `UPDATE idempotency_keys SET fingerprint = $5, status = $6, body = $7`+
		idempotencyKeyIs+` AND request_id = $4 AND status = 0`,
		k.TenantID, k.Owner, k.Key, k.RequestID, nonNil(k.Fingerprint), k.Status, nonNil(k.Body))
	return storage.Affected(tag.RowsAffected(), err, "complete idempotency key")
}

// ReleaseIdempotency deletes the reservation of the request.
func (s *Store) ReleaseIdempotency(ctx context.Context, k storage.Idempotency) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM idempotency_keys`+idempotencyKeyIs+` AND request_id = $4 AND status = 0`,
		k.TenantID, k.Owner, k.Key, k.RequestID)
	return storage.Affected(tag.RowsAffected(), err, "release idempotency key")
}

// DeleteExpiredIdempotency deletes the keys expired at or before now.
func (s *Store) DeleteExpiredIdempotency(ctx context.Context, now time.Time) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM idempotency_keys WHERE expires_at <= $1`, now)
	if err != nil {
		return 0, fmt.Errorf("delete expired idempotency keys: %w", err)
	}
	return tag.RowsAffected(), nil
}

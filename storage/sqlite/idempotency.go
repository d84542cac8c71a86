package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"talaan/storage"
)

const idempotencyColumns = `tenant_id, owner, key, request_id, fingerprint, status, body, locked_until, created_at, expires_at`

const idempotencyKeyIs = ` WHERE tenant_id = ? AND owner = ? AND key = ?`

func scanIdempotency(sc scanner) (storage.Idempotency, error) {
	var k storage.Idempotency
	var locked, created, expires int64
	if err := sc.Scan(&k.TenantID, &k.Owner, &k.Key, &k.RequestID, &k.Fingerprint, &k.Status, &k.Body, &locked, &created, &expires); err != nil {
		return storage.Idempotency{}, err
	}
	k.LockedUntil, k.CreatedAt, k.ExpiresAt = fromMicros(locked), fromMicros(created), fromMicros(expires)
	return k, nil
}

func idempotencyArgs(k storage.Idempotency) []any {
	return []any{k.TenantID, k.Owner, k.Key, k.RequestID, nonNil(k.Fingerprint), k.Status, nonNil(k.Body),
		micros(k.LockedUntil), micros(k.CreatedAt), micros(k.ExpiresAt)}
}

// ReserveIdempotency reserves k's key unless it is held (storage.ReserveOnce),
// in one write transaction.
func (s *Store) ReserveIdempotency(ctx context.Context, k storage.Idempotency) (held storage.Idempotency, reserved bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		held, reserved, err = storage.ReserveOnce(ctx, k, func(ctx context.Context) (bool, error) {
			res, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (`+idempotencyColumns+`) VALUES (`+placeholders(10)+`)
				ON CONFLICT (tenant_id, owner, key) DO NOTHING`, idempotencyArgs(k)...)
			if err != nil {
				return false, insertErr(err, "tenant "+k.TenantID)
			}
			n, err := res.RowsAffected()
			return n == 1, err
		}, func(ctx context.Context) (storage.Idempotency, error) {
			return scanIdempotency(tx.QueryRowContext(ctx, `SELECT `+idempotencyColumns+` FROM idempotency_keys`+idempotencyKeyIs,
				k.TenantID, k.Owner, k.Key))
		}, func(ctx context.Context) error {
			_, err := tx.ExecContext(ctx, `REPLACE INTO idempotency_keys (`+idempotencyColumns+`) VALUES (`+placeholders(10)+`)`,
				idempotencyArgs(k)...)
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
	res, err := s.writer.ExecContext(ctx, `UPDATE idempotency_keys SET fingerprint = ?, status = ?, body = ?`+
		idempotencyKeyIs+` AND request_id = ? AND status = 0`,
		nonNil(k.Fingerprint), k.Status, nonNil(k.Body), k.TenantID, k.Owner, k.Key, k.RequestID)
	return affected(res, err, "complete idempotency key")
}

// ReleaseIdempotency deletes the reservation of the request.
func (s *Store) ReleaseIdempotency(ctx context.Context, k storage.Idempotency) error {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM idempotency_keys`+idempotencyKeyIs+` AND request_id = ? AND status = 0`,
		k.TenantID, k.Owner, k.Key, k.RequestID)
	return affected(res, err, "release idempotency key")
}

// DeleteExpiredIdempotency deletes the keys expired at or before now.
func (s *Store) DeleteExpiredIdempotency(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE expires_at <= ?`, micros(now))
	if err != nil {
		return 0, fmt.Errorf("delete expired idempotency keys: %w", err)
	}
	return res.RowsAffected()
}

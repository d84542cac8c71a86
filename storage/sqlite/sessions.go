package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"talaan/storage"
)

const sessionColumns = `id, tenant_id, actor, actor_id, actor_name, role, created_at, expires_at, revoked_at`

func scanSession(sc scanner) (storage.ConsoleSession, error) {
	var s storage.ConsoleSession
	var created, expires int64
	var revoked sql.NullInt64
	if err := sc.Scan(&s.ID, &s.TenantID, &s.Actor, &s.ActorID, &s.ActorName, &s.Role, &created, &expires, &revoked); err != nil {
		return storage.ConsoleSession{}, err
	}
	s.CreatedAt, s.ExpiresAt, s.RevokedAt = fromMicros(created), fromMicros(expires), timePtr(revoked)
	return s, nil
}

// CreateConsoleSession stores the sign-in and deletes the sessions that
// expired before it was created, in one transaction.
func (s *Store) CreateConsoleSession(ctx context.Context, cs storage.ConsoleSession) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM console_sessions WHERE expires_at < ?`, micros(cs.CreatedAt)); err != nil {
			return fmt.Errorf("delete expired: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO console_sessions (`+sessionColumns+`) VALUES (`+placeholders(9)+`)`,
			cs.ID, cs.TenantID, cs.Actor, cs.ActorID, cs.ActorName, cs.Role, micros(cs.CreatedAt), micros(cs.ExpiresAt), ptrMicros(cs.RevokedAt))
		return insertErr(err, "tenant "+cs.TenantID)
	})
	if err != nil {
		return fmt.Errorf("create console session: %w", err)
	}
	return nil
}

// GetConsoleSession returns the session, expired or revoked or not.
func (s *Store) GetConsoleSession(ctx context.Context, id string) (storage.ConsoleSession, error) {
	cs, err := scanSession(s.reads.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM console_sessions WHERE id = ?`, id))
	return one(cs, err, "get console session")
}

// RevokeConsoleSession marks the session revoked; a session revoked before
// keeps its first time.
func (s *Store) RevokeConsoleSession(ctx context.Context, id string, at time.Time) error {
	res, err := s.writer.ExecContext(ctx, `UPDATE console_sessions SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`, micros(at), id)
	return affected(res, err, "revoke console session")
}

package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"talaan/storage"
)

const sessionColumns = `id, tenant_id, actor, actor_id, actor_name, role, created_at, expires_at, revoked_at`

func scanSession(sc scanner) (storage.ConsoleSession, error) {
	var s storage.ConsoleSession
	var revoked *time.Time
	if err := sc.Scan(&s.ID, &s.TenantID, &s.Actor, &s.ActorID, &s.ActorName, &s.Role, &s.CreatedAt, &s.ExpiresAt, &revoked); err != nil {
		return storage.ConsoleSession{}, err
	}
	s.CreatedAt, s.ExpiresAt, s.RevokedAt = s.CreatedAt.UTC(), s.ExpiresAt.UTC(), utcPtr(revoked)
	return s, nil
}

// CreateConsoleSession stores the sign-in and deletes the sessions that
// expired before it was created, in one transaction.
func (s *Store) CreateConsoleSession(ctx context.Context, cs storage.ConsoleSession) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM console_sessions WHERE expires_at < $1`, cs.CreatedAt); err != nil {
			return fmt.Errorf("delete expired: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO console_sessions (`+sessionColumns+`) VALUES (`+placeholders(9)+`)`,
			cs.ID, cs.TenantID, cs.Actor, cs.ActorID, cs.ActorName, cs.Role, cs.CreatedAt, cs.ExpiresAt, ptrTime(cs.RevokedAt))
		return insertErr(err, "tenant "+cs.TenantID)
	})
	if err != nil {
		return fmt.Errorf("create console session: %w", err)
	}
	return nil
}

// GetConsoleSession returns the session, expired or revoked or not.
func (s *Store) GetConsoleSession(ctx context.Context, id string) (storage.ConsoleSession, error) {
	cs, err := scanSession(s.pool.QueryRow(ctx, `SELECT `+sessionColumns+` FROM console_sessions WHERE id = $1`, id))
	return one(cs, err, "get console session")
}

// RevokeConsoleSession marks the session revoked; a session revoked before
// keeps its first time.
func (s *Store) RevokeConsoleSession(ctx context.Context, id string, at time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE console_sessions SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2`, at, id)
	return storage.Affected(tag.RowsAffected(), err, "revoke console session")
}

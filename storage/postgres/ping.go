package postgres

import (
	"context"
	"fmt"
	"time"
)

// Ping checks that the database answers and takes a write: it stores the
// time under a reserved settings name. It is the readiness check's probe;
// a read-only server (a standby, a full disk) fails it.
func (s *Store) Ping(ctx context.Context) error {
	now := []byte(time.Now().UTC().Format(time.RFC3339Nano))
	if _, err := s.pool.Exec(ctx, `INSERT INTO settings (name, value) VALUES ('readiness-probe', $1)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, now); err != nil {
		return fmt.Errorf("ping write: %w", err)
	}
	return nil
}

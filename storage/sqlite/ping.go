package sqlite

import (
	"context"
	"fmt"
	"time"
)

// Ping checks that the database answers a read and takes a write: it
// stores the time under a reserved settings name. It is the readiness
// check's probe; a full disk or a read-only file fails it.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.reader.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("ping read: %w", err)
	}
	now := []byte(time.Now().UTC().Format(time.RFC3339Nano))
	if _, err := s.writer.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ('readiness-probe', ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, now); err != nil {
		return fmt.Errorf("ping write: %w", err)
	}
	return nil
}

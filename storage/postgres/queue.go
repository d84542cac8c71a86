package postgres

import (
	"context"
	"fmt"

	"talaan/storage"
)

// QueueLoads counts the unfinished jobs of kind per tenant. A snoozed job
// is available with a later scheduled_at: pending, not ready.
func (s *Store) QueueLoads(ctx context.Context, kind string) (map[string]storage.QueueLoad, error) {
	rows, err := s.pool.Query(ctx, `SELECT coalesce(args->>'tenantId', ''),
		count(*) FILTER (WHERE state IN ('available', 'scheduled', 'retryable')),
		count(*) FILTER (WHERE state = 'available' AND scheduled_at <= now()),
		count(*) FILTER (WHERE state = 'running')
		FROM river_job WHERE kind = $1 AND state IN ('available', 'scheduled', 'retryable', 'running')
		GROUP BY 1`, kind)
	if err != nil {
		return nil, fmt.Errorf("queue loads: %w", err)
	}
	defer rows.Close()
	out := make(map[string]storage.QueueLoad)
	for rows.Next() {
		var tenant string
		var pending, ready, running int64
		if err := rows.Scan(&tenant, &pending, &ready, &running); err != nil {
			return nil, fmt.Errorf("queue loads: %w", err)
		}
		out[tenant] = storage.QueueLoad{Pending: int(pending), Ready: int(ready), Running: int(running)}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("queue loads: %w", err)
	}
	return out, nil
}

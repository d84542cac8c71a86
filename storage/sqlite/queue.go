package sqlite

import (
	"context"
	"fmt"

	"talaan/storage"
)

// QueueLoads counts the unfinished jobs of kind per tenant. A snoozed job
// is available with a later scheduled_at: pending, not ready.
func (s *Store) QueueLoads(ctx context.Context, kind string) (map[string]storage.QueueLoad, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT coalesce(json_extract(args, '$.tenantId'), ''),
		sum(state IN ('available', 'scheduled', 'retryable')),
		sum(state = 'available' AND scheduled_at <= datetime('now', 'subsec')),
		sum(state = 'running')
		FROM river_job WHERE kind = ? AND state IN ('available', 'scheduled', 'retryable', 'running')
		GROUP BY 1`, kind)
	if err != nil {
		return nil, fmt.Errorf("queue loads: %w", err)
	}
	defer rows.Close()
	out := make(map[string]storage.QueueLoad)
	for rows.Next() {
		var tenant string
		var l storage.QueueLoad
		if err := rows.Scan(&tenant, &l.Pending, &l.Ready, &l.Running); err != nil {
			return nil, fmt.Errorf("queue loads: %w", err)
		}
		out[tenant] = l
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("queue loads: %w", err)
	}
	return out, nil
}

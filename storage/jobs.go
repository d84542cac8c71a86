package storage

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"
)

// InsertJobs inserts jobs in tx, the transaction of the rows they work on,
// with client, a store's insert-only River client (no queues, no workers),
// so that the jobs commit or roll back with the rows. No jobs is no work.
func InsertJobs[TTx any](ctx context.Context, client *river.Client[TTx], tx TTx, jobs []river.InsertManyParams) error {
	if len(jobs) == 0 {
		return nil
	}
	if _, err := client.InsertManyTx(ctx, tx, jobs); err != nil {
		return fmt.Errorf("insert jobs: %w", err)
	}
	return nil
}

package archive

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"talaan/internal/webhook"
	"talaan/storage"
)

// Service carries an archive through the steps of its life that others
// hear of: it is created, it reaches a result (or waits for review, or a
// reviewer publishes one), it is revoked. Each step stores the archive's new
// state in one transaction with the jobs the step starts: a delivery for
// every webhook subscribed to each of its events, and the step's own work
// (reading the files, deleting them). So no event goes out for a state that
// was not stored, and none is lost for one that was. The API, the worker and
// the review all take these steps here, and nowhere else; a new user (who
// has a USER_CREATED event) is stored here the same way.
type Service struct {
	Store storage.Store
}

// Create stores a new archive with the deliveries of its STARTED and
// TASK_STARTED events and
// the job that reads its files, ranked among the tenant's documents in
// flight (ProcessJob).
func (s Service) Create(ctx context.Context, a storage.Archive) error {
	job, err := ProcessJob(ctx, s.Store, a.TenantID, a.ID)
	if err != nil {
		return err
	}
	evs := append(LifecycleEvents(a, EventStarted, a.CreatedAt), TaskStartedEvent(a))
	return s.commit(ctx, a.TenantID, evs, []river.InsertManyParams{job},
		func(jobs []river.InsertManyParams) error {
			if err := s.Store.CreateArchive(ctx, a, jobs); err != nil {
				return fmt.Errorf("create archive: %w", err)
			}
			return nil
		})
}

// CreateUser stores a new user and its first token with the deliveries of
// its USER_CREATED event.
func (s Service) CreateUser(ctx context.Context, u storage.User, tok storage.Token) error {
	return s.commit(ctx, u.TenantID, []webhook.Event{UserCreatedEvent(u)}, nil, func(jobs []river.InsertManyParams) error {
		return s.Store.CreateUser(ctx, u, tok, jobs...)
	})
}

// Finish stores the result f of archive a (its incomes, its failure, or its
// wait for review) with the deliveries of the events of a final state
// (FinishedEvents; none while it waits for review). It returns
// storage.ErrConflict, unwrapped, when the archive changed meanwhile: it was
// revoked, or another reviewer published first.
func (s Service) Finish(ctx context.Context, a storage.Archive, f storage.Finish) error {
	return s.commit(ctx, a.TenantID, FinishedEvents(a, f), nil, func(jobs []river.InsertManyParams) error {
		return s.Store.FinishArchive(ctx, f, jobs)
	})
}

// Revoke deletes archive a's files and incomes at time at, with the
// deliveries of its REVOKED event and a job that deletes the files' blobs,
// so they go even if this process dies next. It returns the blobs' keys,
// for the caller to try deleting at once, and storage.ErrConflict when the
// archive was already revoked.
func (s Service) Revoke(ctx context.Context, a storage.Archive, at time.Time) ([]string, error) {
	var keys []string
	for _, f := range a.Files {
		if f.DeletedAt == nil {
			keys = append(keys, f.BlobKey)
		}
	}
	var work []river.InsertManyParams
	if len(keys) > 0 {
		work = append(work, river.InsertManyParams{Args: DeleteBlobsArgs{Keys: keys}})
	}
	err := s.commit(ctx, a.TenantID, LifecycleEvents(a, EventRevoked, at), work, func(jobs []river.InsertManyParams) error {
		_, err := s.Store.RevokeArchive(ctx, a.TenantID, a.ID, at, jobs)
		return err
	})
	return keys, err
}

// commit is the one recipe: the tenant's deliveries of evs, then work, stored
// by store in the same transaction as the state.
func (s Service) commit(ctx context.Context, tenantID string, evs []webhook.Event, work []river.InsertManyParams,
	store func([]river.InsertManyParams) error) error {
	jobs, err := Deliveries(ctx, s.Store, tenantID, evs)
	if err != nil {
		return err
	}
	return store(append(jobs, work...))
}

// Package worker runs talaan's queue jobs on River: reading an archive's
// files with the engine and publishing the verdict, delivering webhooks,
// deleting revoked files, the periodic retention sweep (files and
// Idempotency-Keys past their time) and the sweep of
// crash leftovers (blobs without a row, stale temp files). It needs a
// River driver on the same database as the store, the blob store, and a
// pipeline (Tesseract) for documents.
package worker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"

	"talaan/internal/archive"
	"talaan/internal/pipeline"
	"talaan/internal/webhook"
	"talaan/storage"
)

// Processor is the engine: one file in, its output out.
type Processor interface {
	Process(ctx context.Context, name string, data []byte) (pipeline.Output, error)
}

// Config sets the worker's capacity and timings.
type Config struct {
	Documents     int           // documents processed at once; 0 works no documents
	Webhooks      int           // deliveries at once (default 10)
	SweepInterval time.Duration // retention sweep period (default 1m)
	// UploadTimeout is the longest an upload takes from its first byte to
	// its row (default 1h): the orphan sweep deletes blobs without a row
	// and temp files older than this, every OrphanInterval (default 15m).
	UploadTimeout  time.Duration
	OrphanInterval time.Duration
	JobTimeout     time.Duration // longest one document may take (default 10m)
	RescueAfter    time.Duration // a running job older than this was orphaned (default 15m)
	RetryBase      time.Duration // backoff unit: attempt n waits RetryBase*n² (default 10s)
	// PollInterval is how often idle workers look for jobs (default 200ms).
	PollInterval time.Duration
	// FairShareWait is how long a document steps back when its tenant has
	// more documents running than another tenant with one waiting
	// (default 2s).
	FairShareWait time.Duration
}

func (c *Config) defaults() {
	if c.Webhooks <= 0 {
		c.Webhooks = 10
	}
	if c.SweepInterval <= 0 {
		c.SweepInterval = time.Minute
	}
	if c.UploadTimeout <= 0 {
		c.UploadTimeout = time.Hour
	}
	if c.OrphanInterval <= 0 {
		c.OrphanInterval = 15 * time.Minute
	}
	if c.JobTimeout <= 0 {
		c.JobTimeout = 10 * time.Minute
	}
	if c.RescueAfter <= c.JobTimeout {
		c.RescueAfter = c.JobTimeout + 5*time.Minute
	}
	if c.RetryBase <= 0 {
		c.RetryBase = 10 * time.Second
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 200 * time.Millisecond
	}
	if c.FairShareWait <= 0 {
		c.FairShareWait = 2 * time.Second
	}
}

// Deps are the worker's collaborators.
type Deps struct {
	Store     storage.Store
	Blobs     storage.Blobs
	Engine    Processor
	Deliverer *webhook.Deliverer
	Log       *slog.Logger
}

// NewClient builds a River client that works talaan's queues on driver.
func NewClient[TTx any](driver riverdriver.Driver[TTx], cfg Config, d Deps) (*river.Client[TTx], error) {
	cfg.defaults()
	workers := river.NewWorkers()
	queues := map[string]river.QueueConfig{
		archive.QueueWebhooks:    {MaxWorkers: cfg.Webhooks},
		archive.QueueMaintenance: {MaxWorkers: 2},
	}
	if cfg.Documents > 0 {
		queues[archive.QueueDocuments] = river.QueueConfig{MaxWorkers: cfg.Documents}
	}
	if err := river.AddWorkerSafely(workers, &processWorker{cfg: cfg, d: d}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &deliverWorker{cfg: cfg, d: d}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &deleteWorker{cfg: cfg, d: d}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &sweepWorker{d: d}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &orphanWorker{cfg: cfg, d: d}); err != nil {
		return nil, err
	}
	client, err := river.NewClient(driver, &river.Config{
		Queues:               queues,
		Workers:              workers,
		JobTimeout:           cfg.JobTimeout,
		RescueStuckJobsAfter: cfg.RescueAfter,
		FetchCooldown:        cfg.PollInterval / 4,
		FetchPollInterval:    cfg.PollInterval,
		Logger:               slog.New(minLevel{d.Log.Handler(), slog.LevelWarn}).With("component", "river"),
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(cfg.SweepInterval),
				func() (river.JobArgs, *river.InsertOpts) { return archive.SweepArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(cfg.OrphanInterval),
				func() (river.JobArgs, *river.InsertOpts) { return archive.SweepOrphansArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
		},
	})
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	return client, nil
}

func backoff(base time.Duration, attempt int) time.Time {
	d := base * time.Duration(attempt*attempt)
	if d > time.Hour {
		d = time.Hour
	}
	return time.Now().Add(d)
}

// processWorker reads an archive's files and publishes the verdict. It is
// idempotent: the verdict replaces any earlier incomes, and an archive that
// is no longer STARTED (finished, in review, revoked) is left alone.
type processWorker struct {
	river.WorkerDefaults[archive.ProcessArgs]
	cfg Config
	d   Deps
}

func (w *processWorker) Timeout(*river.Job[archive.ProcessArgs]) time.Duration {
	return w.cfg.JobTimeout
}

func (w *processWorker) NextRetry(job *river.Job[archive.ProcessArgs]) time.Time {
	return backoff(w.cfg.RetryBase, job.Attempt)
}

func (w *processWorker) Work(ctx context.Context, job *river.Job[archive.ProcessArgs]) error {
	id := job.Args.ArchiveID
	log := w.d.Log.With("archive_id", id, "attempt", job.Attempt)
	if over, err := w.overShare(ctx, job.Args.TenantID); err != nil {
		log.Warn("fair share check failed; processing anyway", "err", err)
	} else if over {
		// A snooze does not count as an attempt (River gives it back).
		log.Debug("document steps back for another tenant's")
		return river.JobSnooze(w.cfg.FairShareWait)
	}
	a, err := w.d.Store.GetArchive(ctx, "", id)
	if errors.Is(err, storage.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("archive %s: %w", id, err))
	}
	if err != nil {
		return fmt.Errorf("load archive %s: %w", id, err)
	}
	if a.Status != storage.StatusStarted || a.Review {
		log.Info("archive already decided", "status", a.Status, "review", a.Review)
		return nil
	}
	start := time.Now()
	log.Info("processing archive", "files", len(a.Files))
	results, err := w.read(ctx, a)
	if err != nil {
		if ctx.Err() != nil || job.Attempt < job.MaxAttempts {
			log.Warn("processing failed, will retry", "err", err)
			return err
		}
		log.Error("processing failed for good", "err", err)
		sys := pipeline.FailureFor(pipeline.CodeSystem)
		return w.finish(ctx, a, storage.Finish{ArchiveID: a.ID, Status: storage.StatusError,
			ErrorCode: sys.SmileCode, Reason: sys.Code, ErrorMessage: sys.Message, At: archive.Now()})
	}
	if err := archive.HoldRepeats(ctx, w.d.Store, a, results); err != nil {
		return err
	}
	f, err := archive.Decide(a, results, archive.Now())
	if err != nil {
		return err
	}
	if err := w.finish(ctx, a, f); err != nil {
		return err
	}
	log.Info("archive processed", "status", f.Status, "review", f.Review, "incomes", len(f.Incomes),
		"reason", f.Reason, "ms", time.Since(start).Milliseconds())
	return nil
}

// overShare reports whether the tenant's document should step back: some
// other tenant has a document ready and fewer running than this tenant
// has besides this one. Counted across every process, in the queue's
// database. The tenant with the fewest running never steps back, so some
// document always runs, and a step back only hands the slot to the waiting
// document at the next fetch: it reorders, it does not cap a tenant that is
// alone. Jobs without a tenant (queued by an older version) never step
// back.
func (w *processWorker) overShare(ctx context.Context, tenantID string) (bool, error) {
	if tenantID == "" {
		return false, nil
	}
	loads, err := w.d.Store.QueueLoads(ctx, archive.ProcessArgs{}.Kind())
	if err != nil {
		return false, err
	}
	mine := loads[tenantID].Running - 1 // this job is running
	for t, l := range loads {
		if t != tenantID && l.Ready > 0 && l.Running < mine {
			return true, nil
		}
	}
	return false, nil
}

// read runs the engine on every file; bad input is a result, not an error.
func (w *processWorker) read(ctx context.Context, a storage.Archive) ([]archive.FileResult, error) {
	var out []archive.FileResult
	for _, f := range a.Files {
		if f.DeletedAt != nil {
			continue
		}
		data, err := readBlob(ctx, w.d.Blobs, f.BlobKey)
		if err != nil {
			return nil, fmt.Errorf("read file %s: %w", f.ID, err)
		}
		o, err := w.d.Engine.Process(ctx, f.Name, data)
		if err != nil {
			return nil, fmt.Errorf("process file %s: %w", f.ID, err)
		}
		o.File = f.ID // never keep the user's file name in the result
		out = append(out, archive.FileResult{FileID: f.ID, Output: o})
	}
	return out, nil
}

func readBlob(ctx context.Context, b storage.Blobs, key string) ([]byte, error) {
	rc, err := b.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func (w *processWorker) finish(ctx context.Context, a storage.Archive, f storage.Finish) error {
	err := archive.Service{Store: w.d.Store}.Finish(ctx, a, f)
	if errors.Is(err, storage.ErrConflict) {
		w.d.Log.Info("archive changed while processing (revoked?); result dropped", "archive_id", a.ID)
		return nil
	}
	return err
}

// deliverWorker sends one webhook event and logs the attempt.
type deliverWorker struct {
	river.WorkerDefaults[archive.DeliverArgs]
	cfg Config
	d   Deps
}

func (w *deliverWorker) Timeout(*river.Job[archive.DeliverArgs]) time.Duration { return time.Minute }

func (w *deliverWorker) NextRetry(job *river.Job[archive.DeliverArgs]) time.Time {
	return backoff(w.cfg.RetryBase, job.Attempt)
}

func (w *deliverWorker) Work(ctx context.Context, job *river.Job[archive.DeliverArgs]) error {
	args := job.Args
	h, err := w.d.Store.GetWebhook(ctx, args.TenantID, args.WebhookID)
	if errors.Is(err, storage.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("webhook %s was deleted", args.WebhookID))
	}
	if err != nil {
		return fmt.Errorf("load webhook %s: %w", args.WebhookID, err)
	}
	if !h.Active {
		return nil
	}
	start := time.Now()
	status, derr := w.d.Deliverer.Deliver(ctx, h.URL, h.Secret, args.Body)
	att := storage.WebhookAttempt{ID: newAttemptID(), TenantID: args.TenantID, WebhookID: h.ID, EventID: args.EventID,
		EventType: args.EventType, Attempt: job.Attempt, StatusCode: status, DurationMS: time.Since(start).Milliseconds(), At: archive.Now()}
	// The tenant sees the category only; the error names addresses and
	// the resolver, and goes to the log.
	att.Error = webhook.Category(derr)
	if err := w.d.Store.AddWebhookAttempt(context.WithoutCancel(ctx), att); err != nil {
		w.d.Log.Warn("record webhook attempt", "webhook_id", h.ID, "err", err)
	}
	logAttrs := []any{"webhook_id", h.ID, "event_id", args.EventID, "event_type", args.EventType, "attempt", job.Attempt, "status", status}
	if derr != nil {
		w.d.Log.Warn("webhook attempt failed", append(logAttrs, "category", att.Error, "err", derr)...)
	} else {
		w.d.Log.Info("webhook attempt", logAttrs...)
	}
	return derr
}

// deleteWorker deletes revoked files' blobs.
type deleteWorker struct {
	river.WorkerDefaults[archive.DeleteBlobsArgs]
	cfg Config
	d   Deps
}

func (w *deleteWorker) NextRetry(job *river.Job[archive.DeleteBlobsArgs]) time.Time {
	return backoff(w.cfg.RetryBase, job.Attempt)
}

func (w *deleteWorker) Work(ctx context.Context, job *river.Job[archive.DeleteBlobsArgs]) error {
	for _, k := range job.Args.Keys {
		if err := w.d.Blobs.Delete(ctx, k); err != nil {
			return fmt.Errorf("delete blob: %w", err)
		}
	}
	return nil
}

// sweepWorker deletes files past their retention and records it (the
// archives and incomes stay), and the Idempotency-Keys past theirs.
type sweepWorker struct {
	river.WorkerDefaults[archive.SweepArgs]
	d Deps
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[archive.SweepArgs]) error {
	n := 0
	for {
		files, err := w.d.Store.ExpiredFiles(ctx, time.Now().UTC(), 100)
		if err != nil {
			return fmt.Errorf("list expired files: %w", err)
		}
		for _, f := range files {
			if err := w.d.Blobs.Delete(ctx, f.BlobKey); err != nil {
				return fmt.Errorf("delete expired file %s: %w", f.ID, err)
			}
			if err := w.d.Store.MarkFileDeleted(ctx, f.ID, archive.Now()); err != nil {
				return fmt.Errorf("mark file %s deleted: %w", f.ID, err)
			}
			n++
		}
		if len(files) < 100 {
			break
		}
	}
	keys, err := w.d.Store.DeleteExpiredIdempotency(ctx, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("delete expired idempotency keys: %w", err)
	}
	if n > 0 || keys > 0 {
		w.d.Log.Info("retention sweep", "files_deleted", n, "idempotency_keys_deleted", keys)
	}
	return nil
}

// orphanWorker deletes what a crash between a blob's Put and its row's
// commit leaves behind: blobs no file row names, and the blob store's temp
// files. Only what is older than the upload timeout is touched, so an
// upload in progress never loses its blobs.
type orphanWorker struct {
	river.WorkerDefaults[archive.SweepOrphansArgs]
	cfg Config
	d   Deps
}

func (w *orphanWorker) Work(ctx context.Context, _ *river.Job[archive.SweepOrphansArgs]) error {
	blobs, temps, err := sweepOrphans(ctx, w.d.Store, w.d.Blobs, time.Now().Add(-w.cfg.UploadTimeout))
	if blobs > 0 || temps > 0 {
		// Counts only: a key names a tenant and a file.
		w.d.Log.Info("orphan sweep", "blobs_deleted", blobs, "temp_files_deleted", temps)
	}
	return err
}

// orphanBatch is how many keys one KnownBlobKeys call checks.
const orphanBatch = 500

// sweepOrphans deletes the blobs under archive.BlobPrefix last written
// before olderThan that no file row names, and the temp files last written
// before olderThan, in blob stores that can list them.
func sweepOrphans(ctx context.Context, st storage.Store, b storage.Blobs, olderThan time.Time) (blobs, temps int, err error) {
	if tc, ok := b.(storage.TempCleaner); ok {
		if temps, err = tc.CleanTemp(ctx, olderThan); err != nil {
			return 0, temps, fmt.Errorf("clean temp files: %w", err)
		}
	}
	l, ok := b.(storage.BlobLister)
	if !ok {
		return 0, temps, nil
	}
	batch := make([]string, 0, orphanBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		known, err := st.KnownBlobKeys(ctx, batch)
		if err != nil {
			return err
		}
		for _, k := range batch {
			if known[k] {
				continue
			}
			if err := b.Delete(ctx, k); err != nil {
				return fmt.Errorf("delete orphan blob: %w", err)
			}
			blobs++
		}
		batch = batch[:0]
		return nil
	}
	err = l.ListBlobs(ctx, archive.BlobPrefix, olderThan, func(key string, _ time.Time) error {
		batch = append(batch, key)
		if len(batch) < orphanBatch {
			return nil
		}
		return flush()
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return blobs, temps, fmt.Errorf("sweep orphan blobs: %w", err)
	}
	return blobs, temps, nil
}

// minLevel quiets River's routine info lines (job counts every few
// seconds); its warnings and errors still reach the log.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(a []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(a), h.min}
}

func (h minLevel) WithGroup(g string) slog.Handler { return minLevel{h.Handler.WithGroup(g), h.min} }

// Package archive holds what the API and the worker share about the life of
// an archive: the queue jobs, the result document the worker stores, the
// decision that turns per-file engine outputs into a status and Income
// records, and the webhook events each step emits.
package archive

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"talaan/extract"
	"talaan/internal/pipeline"
	"talaan/storage"
)

// Queues.
const (
	QueueDocuments   = "documents"
	QueueWebhooks    = "webhooks"
	QueueMaintenance = "maintenance"
)

// ProcessArgs is the job that reads an archive's files.
type ProcessArgs struct {
	ArchiveID string `json:"archiveId"`
	// TenantID lets the worker share the document slots between tenants;
	// jobs queued before it was added have none and are never held back.
	TenantID string `json:"tenantId,omitempty"`
}

func (ProcessArgs) Kind() string { return "process_archive" }

// InsertOpts: a few attempts (the engine's bad-input errors are final
// results, not retries), and at most one pending job per archive.
func (ProcessArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueDocuments, MaxAttempts: 5,
		UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ProcessJob returns the job that processes the tenant's archive, ranked
// by how many of the tenant's documents are already in flight (queued or
// running): River takes the lowest priority number first, then the oldest,
// so a tenant's first document gets priority 1, its next two 2 and 3, and
// the rest 4. A tenant with one payslip so goes ahead of another tenant's
// backlog instead of behind it.
func ProcessJob(ctx context.Context, st storage.Store, tenantID, archiveID string) (river.InsertManyParams, error) {
	args := ProcessArgs{ArchiveID: archiveID, TenantID: tenantID}
	loads, err := st.QueueLoads(ctx, args.Kind())
	if err != nil {
		return river.InsertManyParams{}, fmt.Errorf("rank document: %w", err)
	}
	l := loads[tenantID]
	opts := args.InsertOpts()
	opts.Priority = min(1+l.Pending+l.Running, 4)
	return river.InsertManyParams{Args: args, InsertOpts: &opts}, nil
}

// DeliverArgs is one webhook delivery; Body is fixed when the event happens
// so that every attempt sends the same signed bytes.
type DeliverArgs struct {
	TenantID  string `json:"tenantId"`
	WebhookID string `json:"webhookId"`
	EventID   string `json:"eventId"`
	EventType string `json:"eventType"`
	Body      []byte `json:"body"`
}

func (DeliverArgs) Kind() string { return "deliver_webhook" }

func (DeliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueWebhooks, MaxAttempts: 12}
}

// DeleteBlobsArgs deletes files' blobs after a revocation (the API also
// tries at once; this job makes sure).
type DeleteBlobsArgs struct {
	Keys []string `json:"keys"`
}

func (DeleteBlobsArgs) Kind() string { return "delete_blobs" }

func (DeleteBlobsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMaintenance, MaxAttempts: 25}
}

// SweepArgs is the periodic retention sweep.
type SweepArgs struct{}

func (SweepArgs) Kind() string { return "sweep_files" }

func (SweepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMaintenance, MaxAttempts: 3}
}

// SweepOrphansArgs is the periodic sweep of crash leftovers: blobs without
// a file row and stale temp files.
type SweepOrphansArgs struct{}

func (SweepOrphansArgs) Kind() string { return "sweep_orphans" }

func (SweepOrphansArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMaintenance, MaxAttempts: 3}
}

// BlobPrefix starts the key of every uploaded file ("t/<tenant>/<file>");
// the orphan sweep looks nowhere else in the blob store.
const BlobPrefix = "t/"

// Result is the document the worker stores on the archive (storage keeps it
// as opaque JSON): the engine's output for every file, in upload order.
// Once a record's values are published, its income row is their one truth:
// the result keeps the evidence (fields and their boxes, checks, doubts,
// page geometry, the analysis beyond the income) and the row's id
// (PublishIncomes); values not published yet (a record waiting for a
// person) are the engine's prediction, kept here.
type Result struct {
	Files []FileResult `json:"files"`
	// ReviewFile and ReviewRecord point at the record a person must check.
	ReviewFile   int `json:"reviewFile,omitempty"`
	ReviewRecord int `json:"reviewRecord,omitempty"`
	// Corrected holds the values a person published in review.
	Corrected *Corrected `json:"corrected,omitempty"`
	// Classification is the verdict's file type (PAYSLIP, TAX_DOCUMENT,
	// OTHERS): the engine's, or OTHERS once a reviewer rejected the
	// document. The archive's type stays the one it was sent with.
	Classification string `json:"classification,omitempty"`
}

// Corrected is the reviewed record: the income row its values were
// published as, and the analysis the reviewer kept or corrected.
type Corrected struct {
	IncomeID string `json:"incomeId,omitempty"`
	// Income holds the values in results stored before the row was their
	// one truth (no IncomeID).
	Income   *extract.Income  `json:"income,omitempty"`
	Analysis extract.Analysis `json:"analysis"`
	By       string           `json:"by"`
	At       time.Time        `json:"at"`
}

// FileResult is one file's engine output. Once its records are published,
// IncomeIDs names their income rows, in record order, and Output.Incomes
// is empty.
type FileResult struct {
	FileID    string          `json:"fileId"`
	Output    pipeline.Output `json:"output"`
	IncomeIDs []string        `json:"incomeIds,omitempty"`
}

// Decode reads a stored result; an empty one is a zero Result.
func Decode(raw json.RawMessage) (Result, error) {
	var r Result
	if len(raw) == 0 {
		return r, nil
	}
	err := json.Unmarshal(raw, &r)
	return r, err
}

// FileType maps the engine's kind to Smile's file type.
func FileType(k extract.Kind) string {
	switch k {
	case extract.KindPayslip:
		return "PAYSLIP"
	case extract.KindBIR2316, extract.KindW2, extract.Kind1099NEC:
		return "TAX_DOCUMENT"
	case "":
		return ""
	}
	return "OTHERS"
}

// Primary returns the first file output with an income record, else the
// first output; ok is false when there is none.
func (r Result) Primary() (pipeline.Output, bool) {
	i, ok := r.PrimaryIndex()
	if !ok {
		return pipeline.Output{}, false
	}
	return r.Files[i].Output, true
}

// Verdict is the file type the archive was found to be: Classification,
// or for results stored before it was kept, the engine's kind of the
// primary output; "" when there is none.
func (r Result) Verdict() string {
	if r.Classification != "" {
		return r.Classification
	}
	if p, ok := r.Primary(); ok {
		return FileType(p.Kind)
	}
	return ""
}

// PrimaryIndex is the index in Files of Primary's output.
func (r Result) PrimaryIndex() (int, bool) {
	if len(r.Files) == 0 {
		return 0, false
	}
	if r.ReviewFile > 0 || len(r.Files[0].Output.Records) == 0 {
		if r.ReviewFile < len(r.Files) && len(r.Files[r.ReviewFile].Output.Records) > 0 {
			return r.ReviewFile, true
		}
		for i, f := range r.Files {
			if len(f.Output.Records) > 0 {
				return i, true
			}
		}
	}
	return 0, true
}

// Now is the clock the archive code stamps rows with, in UTC, to the
// microsecond (what the stores keep).
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Package review is the review queue: the documents the engine doubted,
// as a person checks them, and a person's verdict on one. The API's payslip
// prediction endpoints and the review console both go through Service, so a
// correction published from either place has the same checks, incomes,
// webhooks and audit trail.
package review

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"talaan/extract"
	"talaan/internal/archive"
	"talaan/internal/auth"
	"talaan/internal/ids"
	"talaan/internal/pipeline"
	"talaan/internal/problem"
	"talaan/storage"
)

// Service reads the queue and publishes verdicts.
type Service struct {
	Store    storage.Store
	Archives archive.Service
	Log      *slog.Logger
	Now      func() time.Time
}

// NewService builds the Service on st.
func NewService(st storage.Store, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{Store: st, Archives: archive.Service{Store: st}, Log: log, Now: func() time.Time { return time.Now().UTC() }}
}

// Item is one archive as a reviewer sees it: the record to check, the
// doubts, the audit trail and the evidence behind it.
type Item struct {
	Archive storage.Archive
	// HasRecord says Income and Analysis hold the record under review: the
	// corrected one once published, else the first record of the file
	// that raised the doubt. Analysis.EmployerName falls back to the
	// income's employer.
	HasRecord bool
	Income    extract.Income
	Analysis  extract.Analysis
	// Doubts are the engine's doubts about the record (or the file).
	Doubts []extract.Doubt
	// Confidence is each value's confidence, rounded to 0.01, while no
	// person has published the record.
	Confidence map[string]float64
	// Corrected is true once a person published the values.
	Corrected bool
	// FileType is what the document was found to be (the verdict), else
	// the type it was sent with.
	FileType string
	// FileID is the file the record was read from, and Pages that file's
	// page geometry (nil for results stored before it was kept); PageCount
	// is its number of pages.
	FileID    string
	Pages     []pipeline.PageInfo
	PageCount int
	// Fields says where each value of the record was read (page, box,
	// text, confidence), by the engine's field name ("employer",
	// "startDate", "netAmount", ...). It is kept after a correction.
	Fields map[string]extract.Field
	// Audit is the trail, oldest first; filled by Get only.
	Audit []storage.Audit
}

// prediction returns the record a person checks while it waits: the first
// record of the file that raised the doubt, as the engine read it.
func prediction(res archive.Result) (extract.Income, extract.Analysis, map[string]extract.Field, []extract.Doubt, bool) {
	if res.ReviewFile >= len(res.Files) {
		return extract.Income{}, extract.Analysis{}, nil, nil, false
	}
	out := res.Files[res.ReviewFile].Output
	if len(out.Records) == 0 || len(out.Incomes) == 0 {
		return extract.Income{}, extract.Analysis{}, nil, out.Doubts, false
	}
	r := out.Records[0]
	return out.Incomes[0], r.Analysis, r.Fields, r.Doubts, true
}

// newItem is archive a as a reviewer sees it; rows are the income rows its
// result names (the published correction's).
func newItem(a storage.Archive, audit []storage.Audit, res archive.Result, rows map[string]storage.Income) Item {
	it := Item{Archive: a, Audit: audit, FileType: a.FileType}
	in, an, fields, doubts, ok := prediction(res)
	if res.Corrected != nil {
		in, ok = res.CorrectedIncome(rows)
		an, fields, doubts = res.Corrected.Analysis, nil, nil
	}
	it.Doubts = doubts
	if ok {
		if an.EmployerName == "" && in.Employer != nil {
			an.EmployerName = *in.Employer
		}
		it.HasRecord, it.Income, it.Analysis = true, in, an
		if fields != nil {
			it.Confidence = archive.Confidences(fields)
		}
	}
	it.Corrected = res.Corrected != nil
	if it.FileType = res.Verdict(); it.FileType == "" {
		it.FileType = a.FileType
	}
	i := res.ReviewFile
	if i >= len(res.Files) {
		i = 0
	}
	if i < len(res.Files) {
		out := res.Files[i].Output
		it.FileID, it.Pages, it.PageCount = res.Files[i].FileID, out.PageInfo, out.Pages
		if len(out.Records) > 0 {
			it.Fields = out.Records[0].Fields
		}
	}
	if it.FileID == "" && len(a.Files) > 0 {
		it.FileID = a.Files[0].ID
	}
	return it
}

// Value is the record's value of a ManualData field as text (amounts in
// their shortest form), as the audit trail writes it; nil when there is
// none.
func (it Item) Value(field string) *string {
	if !it.HasRecord {
		return nil
	}
	return manualValue(field, it.Income, it.Analysis)
}

// List lists the tenant's archives waiting for a person (f.Review and
// f.Status are set here), a page at a time, newest first as every list.
func (s *Service) List(ctx context.Context, f storage.ArchiveFilter) ([]Item, string, error) {
	review := true
	f.Review, f.Status = &review, storage.StatusStarted
	items, next, err := s.Store.ListArchives(ctx, f)
	if err != nil {
		return nil, "", fmt.Errorf("list review queue: %w", err)
	}
	out := make([]Item, len(items))
	for i, a := range items {
		res, _ := archive.Decode(a.Result) // waiting: no row yet
		out[i] = newItem(a, nil, res, nil)
	}
	return out, next, nil
}

// Get returns one archive of the tenant as a reviewer sees it, with its
// audit trail; any status (a failed archive too). An archive of another
// tenant is not found.
func (s *Service) Get(ctx context.Context, tenantID, archiveID string) (Item, error) {
	a, err := s.Store.GetArchive(ctx, tenantID, archiveID)
	if err != nil {
		return Item{}, problem.OrNotFound(err, "archive", archiveID)
	}
	audit, err := s.Store.ListAudit(ctx, tenantID, archiveID)
	if err != nil {
		return Item{}, fmt.Errorf("audit of %s: %w", archiveID, err)
	}
	res, err := archive.Decode(a.Result)
	if err != nil {
		s.Log.Warn("stored result unreadable", "archive_id", a.ID, "err", err)
		return Item{Archive: a, Audit: audit}, nil
	}
	rows, err := res.Rows(ctx, s.Store, tenantID)
	if err != nil {
		return Item{}, err
	}
	return newItem(a, audit, res, rows), nil
}

// ManualData is the values a reviewer gives; nil leaves the value read.
// ValidateManualData holds the rules.
type ManualData struct {
	StartDate        *string  `json:"startDate"`
	EndDate          *string  `json:"endDate"`
	PayDate          *string  `json:"payDate"`
	Currency         *string  `json:"currency"`
	Frequency        *string  `json:"frequency"`
	BaseAmount       *float64 `json:"baseAmount"`
	GrossAmount      *float64 `json:"grossAmount"`
	NetAmount        *float64 `json:"netAmount"`
	EmployerName     *string  `json:"employerName"`
	EmployeeName     *string  `json:"employeeName"`
	SSNumber         *string  `json:"ssNumber"`
	PhilHealthNumber *string  `json:"philHealthNumber"`
	TaxNumber        *string  `json:"taxNumber"`
	PagIbigNumber    *string  `json:"pagIbigNumber"`
}

// ManualResult is a reviewer's verdict: the body of sendManualResult (its
// tags are the API's request rules).
type ManualResult struct {
	ArchiveID     string      `json:"archiveId" validate:"required,max=200"`
	ValidFile     *bool       `json:"validFile" validate:"required"`
	CheckedFields []string    `json:"checkedFields" validate:"max=50,dive,max=50"`
	Data          *ManualData `json:"data"`
}

// errTenantOnly refuses a verdict from a user's token.
var errTenantOnly = &problem.Error{Kind: problem.Forbidden,
	Message: "This endpoint needs the tenant's API key and secret; a user token cannot use it."}

// Publish publishes a reviewer's verdict on an archive of p's tenant that
// waits for review: the corrected values become incomes (and webhooks go
// out as for an automatic result), or the document is rejected as not an
// income document. The audit trail gets one line per change, one per
// doubted or checked value kept as it was, and one for the verdict, each
// naming p's key (Actor, KeyID, KeyName). A verdict that is not valid is a
// problem.Invalid naming the field; an archive that is not (or no longer)
// waiting is a problem.Conflict.
func (s *Service) Publish(ctx context.Context, p auth.Principal, req ManualResult) error {
	if p.TenantID == "" || p.IsUser() {
		return errTenantOnly
	}
	if req.ArchiveID == "" {
		return problem.FieldInvalidf("archiveId", "is required.")
	}
	if req.ValidFile == nil {
		return problem.FieldInvalidf("validFile", "is required.")
	}
	if *req.ValidFile {
		if errs := ValidateManualData(req.Data); len(errs) > 0 {
			return problem.FieldInvalidf("data."+errs[0].Field, "%s.", errs[0].Message)
		}
	}
	a, err := s.Store.GetArchive(ctx, p.TenantID, req.ArchiveID)
	if err != nil {
		return problem.OrNotFound(err, "archive", req.ArchiveID)
	}
	if a.Status != storage.StatusStarted || !a.Review {
		return &problem.Error{Kind: problem.Conflict, Field: "archiveId",
			Message: fmt.Sprintf("archive %q is not waiting for review (status %s).", a.ID, a.Status)}
	}
	res, err := archive.Decode(a.Result)
	if err != nil {
		return fmt.Errorf("decode result of %s: %w", a.ID, err)
	}
	now := s.Now()
	f := storage.Finish{ArchiveID: a.ID, RequireReview: true, At: now}
	line := func(action, field string, old, new *string) {
		f.Audit = append(f.Audit, storage.Audit{TenantID: a.TenantID, ArchiveID: a.ID, Action: action, Actor: p.Actor,
			ActorID: p.KeyID, ActorName: p.KeyName, Field: field, OldValue: old, NewValue: new, At: now})
	}
	if !*req.ValidFile {
		yes, no := "true", "false"
		line(storage.AuditReject, "validFile", &yes, &no)
		f.Status, f.Reason, res.Classification = storage.StatusUnsupported, extract.CodeNotIncome, "OTHERS"
		f.ErrorCode = pipeline.FailureFor(f.Reason).SmileCode
		f.ErrorMessage = "A reviewer found that this is not a payslip or tax record."
	} else {
		in, an, _, _, _ := prediction(res)
		changes := applyManual(&in, &an, req.Data)
		for _, c := range changes {
			line(storage.AuditChange, c.field, c.old, c.new)
		}
		for _, field := range confirmed(res, req.CheckedFields, changes) {
			v := manualValue(field, in, an)
			line(storage.AuditConfirm, field, v, v)
		}
		line(storage.AuditPublish, "", nil, nil)
		if in.StartDate == nil {
			return problem.FieldInvalidf("data.startDate", "is required; the document's value could not be read, so give it.")
		}
		if in.Currency == nil {
			return problem.FieldInvalidf("data.currency", "is required; the document's value could not be read, so give it.")
		}
		if in.EndDate != nil && *in.EndDate < *in.StartDate {
			return problem.FieldInvalidf("data.endDate", "must not be before startDate.")
		}
		if in.GrossAmount != nil && in.NetAmount != nil && *in.NetAmount > *in.GrossAmount {
			return problem.FieldInvalidf("data.netAmount", "must not be more than grossAmount.")
		}
		var fileID string
		if res.ReviewFile < len(res.Files) {
			fileID = res.Files[res.ReviewFile].FileID
		}
		corrected := archive.NewIncome(a, fileID, in, nil, true, now)
		f.Incomes = append(res.PublishIncomes(a, now), corrected)
		res.Corrected = &archive.Corrected{IncomeID: corrected.ID, Analysis: an, By: p.Actor, At: now}
		f.Status = storage.StatusAnalyzed
	}
	// The lines of one verdict share a time; their ids, made in order,
	// keep them in the order written (the trail is sorted by time, id).
	lineIDs := make([]string, len(f.Audit))
	for i := range lineIDs {
		lineIDs[i] = ids.NewAt(ids.Audit, now)
	}
	slices.Sort(lineIDs)
	for i := range f.Audit {
		f.Audit[i].ID = lineIDs[i]
	}
	raw, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("encode result: %w", err)
	}
	f.Result = raw
	if err := s.Archives.Finish(ctx, a, f); err != nil {
		if errors.Is(err, storage.ErrConflict) {
			return &problem.Error{Kind: problem.Conflict, Field: "archiveId",
				Message: fmt.Sprintf("archive %q is no longer waiting for review.", a.ID)}
		}
		return fmt.Errorf("publish review of %s: %w", a.ID, err)
	}
	s.Log.Info("review published", "archive_id", a.ID, "status", f.Status, "audit_lines", len(f.Audit), "key_id", p.KeyID)
	return nil
}

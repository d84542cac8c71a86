package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"talaan/extract"
	"talaan/internal/archive"
	"talaan/internal/ids"
	"talaan/internal/pipeline"
	"talaan/storage"
)

// The review queue is served twice: to API clients (listPredictions,
// queryPrediction, sendManualResult) and to ops staff in the review console
// (internal/console). Both go through the exported methods below, so a
// correction published from either place has the same checks, incomes,
// webhooks and audit trail.

// AuditEntry is one line of the review audit trail, as served. Action,
// ActorID and ActorName are empty on lines written before they were
// recorded.
type AuditEntry struct {
	ID        string  `json:"id"`
	Action    string  `json:"action,omitempty"`
	Actor     string  `json:"actor"`
	ActorID   string  `json:"actorId,omitempty"`
	ActorName string  `json:"actorName,omitempty"`
	Field     string  `json:"field"`
	OldValue  *string `json:"oldValue"`
	NewValue  *string `json:"newValue"`
	At        string  `json:"at"`
}

func auditView(e storage.Audit) AuditEntry {
	return AuditEntry{ID: e.ID, Action: e.Action, Actor: e.Actor, ActorID: e.ActorID, ActorName: e.ActorName, Field: e.Field,
		OldValue: e.OldValue, NewValue: e.NewValue, At: ts(e.At)}
}

// Reviewer names the key that published or rejected an archive.
type Reviewer struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Prediction is Smile's payslip prediction with talaan's additions.
type Prediction struct {
	ArchiveID        string             `json:"archiveId"`
	FileType         string             `json:"fileType"`
	Review           bool               `json:"review"`
	StartDate        *string            `json:"startDate,omitempty"`
	EndDate          *string            `json:"endDate,omitempty"`
	PayDate          *string            `json:"payDate,omitempty"`
	Currency         *string            `json:"currency,omitempty"`
	Frequency        *string            `json:"frequency,omitempty"`
	BaseAmount       *float64           `json:"baseAmount,omitempty"`
	GrossAmount      *float64           `json:"grossAmount,omitempty"`
	NetAmount        *float64           `json:"netAmount,omitempty"`
	EmployerName     string             `json:"employerName,omitempty"`
	EmployeeName     string             `json:"employeeName,omitempty"`
	SSNumber         string             `json:"ssNumber,omitempty"`
	PhilHealthNumber string             `json:"philHealthNumber,omitempty"`
	TaxNumber        string             `json:"taxNumber,omitempty"`
	PagIbigNumber    string             `json:"pagIbigNumber,omitempty"`
	Confidence       map[string]float64 `json:"confidence,omitempty"`
	Doubts           []string           `json:"doubts"`
	Audit            []AuditEntry       `json:"audit"`
	// ReviewedBy and ReviewedAt: the last publish or reject by a person,
	// from the audit trail (absent in lists, which carry no trail).
	ReviewedBy *Reviewer          `json:"reviewedBy,omitempty"`
	ReviewedAt string             `json:"reviewedAt,omitempty"`
	Metadata   incomeMetadataJSON `json:"metadata"` // Smile's ObjectReferenceMetadata
}

// reviewRecord returns the record a person checks: the corrected one once
// published, else the first record of the file that raised the doubt.
func reviewRecord(res archive.Result) (extract.Income, extract.Analysis, map[string]extract.Field, []string, bool) {
	if res.Corrected != nil {
		return res.Corrected.Income, res.Corrected.Analysis, nil, nil, true
	}
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

func (s *Server) predictionView(a storage.Archive, audit []storage.Audit) Prediction {
	v := Prediction{ArchiveID: a.ID, FileType: a.FileType, Review: a.Review, Doubts: []string{}, Audit: []AuditEntry{},
		Metadata: incomeMetadataJSON{CreatedAt: ts(a.UpdatedAt), ItemCreatedAt: ts(a.CreatedAt), SourceID: a.ID,
			SourceType: a.Source, UserID: a.UserID, ProviderID: a.ProviderID}}
	for _, e := range audit {
		v.Audit = append(v.Audit, auditView(e))
		if e.Action == storage.AuditPublish || e.Action == storage.AuditReject {
			v.ReviewedBy, v.ReviewedAt = &Reviewer{ID: e.ActorID, Name: e.ActorName}, ts(e.At)
		}
	}
	res, err := archive.Decode(a.Result)
	if err != nil {
		return v
	}
	in, an, fields, doubts, ok := reviewRecord(res)
	if doubts != nil {
		v.Doubts = doubts
	}
	if !ok {
		return v
	}
	v.StartDate, v.EndDate, v.PayDate, v.Currency, v.Frequency = in.StartDate, in.EndDate, in.PayDate, in.Currency, in.Frequency
	v.BaseAmount, v.GrossAmount, v.NetAmount = in.BaseAmount, in.GrossAmount, in.NetAmount
	v.EmployerName, v.EmployeeName, v.TaxNumber = an.EmployerName, an.EmployeeName, an.TaxNumber
	v.SSNumber, v.PhilHealthNumber, v.PagIbigNumber = an.SSNumber, an.PhilHealthNumber, an.PagIbigNumber
	if v.EmployerName == "" && in.Employer != nil {
		v.EmployerName = *in.Employer
	}
	if fields != nil {
		v.Confidence = archive.Confidences(fields)
	}
	return v
}

// ReviewItem is one archive as a reviewer sees it: the prediction (the
// values to check, the doubts, the audit trail) and the evidence behind it.
type ReviewItem struct {
	Archive    storage.Archive
	Prediction Prediction
	// Corrected is true once a person published the values.
	Corrected bool
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
	// Audit is the trail, oldest first; filled by GetReview only.
	Audit []storage.Audit
}

func (s *Server) reviewItem(a storage.Archive, audit []storage.Audit) ReviewItem {
	it := ReviewItem{Archive: a, Prediction: s.predictionView(a, audit), Audit: audit}
	res, err := archive.Decode(a.Result)
	if err != nil {
		return it
	}
	it.Corrected = res.Corrected != nil
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

// ListReview lists the tenant's archives waiting for a person (f.Review
// and f.Status are set here), a page at a time, newest first as every list.
func (s *Server) ListReview(ctx context.Context, f storage.ArchiveFilter) ([]ReviewItem, string, error) {
	review := true
	f.Review, f.Status = &review, storage.StatusStarted
	items, next, err := s.store.ListArchives(ctx, f)
	if err != nil {
		return nil, "", err
	}
	out := make([]ReviewItem, len(items))
	for i, a := range items {
		out[i] = s.reviewItem(a, nil)
	}
	return out, next, nil
}

// GetReview returns one archive of the tenant as a reviewer sees it, with
// its audit trail; any status (a failed archive too). An archive of
// another tenant is not found.
func (s *Server) GetReview(ctx context.Context, tenantID, archiveID string) (ReviewItem, error) {
	a, err := s.store.GetArchive(ctx, tenantID, archiveID)
	if err != nil {
		return ReviewItem{}, orNotFound(err, "archive", archiveID)
	}
	audit, err := s.store.ListAudit(ctx, tenantID, archiveID)
	if err != nil {
		return ReviewItem{}, err
	}
	return s.reviewItem(a, audit), nil
}

func (s *Server) listPredictions(w http.ResponseWriter, r *http.Request, p principal) error {
	f, err := archiveFilter(r, p)
	if err != nil {
		return err
	}
	items, next, err := s.ListReview(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]Prediction, len(items))
	for i, it := range items {
		out[i] = it.Prediction
	}
	s.ok(w, r, http.StatusOK, newList(out, next))
	return nil
}

func (s *Server) queryPrediction(w http.ResponseWriter, r *http.Request, p principal) error {
	id := r.URL.Query().Get("archiveId")
	if id == "" {
		return badRequest("archiveId: is required (query parameter).")
	}
	it, err := s.GetReview(r.Context(), p.TenantID, id)
	if err != nil {
		return err
	}
	s.ok(w, r, http.StatusOK, it.Prediction)
	return nil
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request, p principal) error {
	id := r.PathValue("id")
	if _, err := s.store.GetArchive(r.Context(), p.TenantID, id); err != nil {
		return orNotFound(err, "archive", id)
	}
	audit, err := s.store.ListAudit(r.Context(), p.TenantID, id)
	if err != nil {
		return err
	}
	out := make([]AuditEntry, 0, len(audit))
	for _, e := range audit {
		out = append(out, auditView(e))
	}
	s.ok(w, r, http.StatusOK, newList(out, ""))
	return nil
}

// ManualData is the values a reviewer gives; nil leaves the value read.
// ValidateManualData holds the rules (one place for the API and the
// console).
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

// ManualResult is a reviewer's verdict: the body of sendManualResult.
type ManualResult struct {
	ArchiveID     string      `json:"archiveId" validate:"required,max=200"`
	ValidFile     *bool       `json:"validFile" validate:"required"`
	CheckedFields []string    `json:"checkedFields" validate:"max=50,dive,max=50"`
	Data          *ManualData `json:"data"`
}

// sendManualResult publishes a reviewer's verdict (PublishReview).
func (s *Server) sendManualResult(w http.ResponseWriter, r *http.Request, p principal) error {
	var req ManualResult
	if err := s.decodeJSON(w, r, 64<<10, &req); err != nil {
		return err
	}
	if err := s.PublishReview(r.Context(), p, req); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, envelope{Code: codeOK, Message: "Success", RequestID: requestID(r.Context())})
	return nil
}

// PublishReview publishes a reviewer's verdict on an archive of p's tenant
// that waits for review: the corrected values become incomes (and webhooks
// go out as for an automatic result), or the document is rejected as not
// an income document. The audit trail gets one line per change, one per
// doubted or checked value kept as it was, and one for the verdict, each
// naming p's key (Actor, KeyID, KeyName). A request that
// is not valid, or an archive that is not (or no longer) waiting, is an
// error PublicError turns into a status and a message for the person.
func (s *Server) PublishReview(ctx context.Context, p Principal, req ManualResult) error {
	if p.TenantID == "" || p.isUser() {
		return errTenantOnly
	}
	if err := s.check(&req); err != nil {
		return err
	}
	if *req.ValidFile {
		if errs := ValidateManualData(req.Data); len(errs) > 0 {
			return badRequest("data.%s: %s.", errs[0].Field, errs[0].Message)
		}
	}
	a, err := s.store.GetArchive(ctx, p.TenantID, req.ArchiveID)
	if err != nil {
		return orNotFound(err, "archive", req.ArchiveID)
	}
	if a.Status != storage.StatusStarted || !a.Review {
		return badRequest("archiveId: archive %q is not waiting for review (status %s).", a.ID, a.Status)
	}
	res, err := archive.Decode(a.Result)
	if err != nil {
		return fmt.Errorf("decode result of %s: %w", a.ID, err)
	}
	now := s.now()
	f := storage.Finish{ArchiveID: a.ID, RequireReview: true, At: now}
	line := func(action, field string, old, new *string) {
		f.Audit = append(f.Audit, storage.Audit{TenantID: a.TenantID, ArchiveID: a.ID, Action: action, Actor: p.Actor,
			ActorID: p.KeyID, ActorName: p.KeyName, Field: field, OldValue: old, NewValue: new, At: now})
	}
	if !*req.ValidFile {
		yes, no := "true", "false"
		line(storage.AuditReject, "validFile", &yes, &no)
		f.Status, f.Reason, f.FileType = storage.StatusUnsupported, extract.CodeNotIncome, "OTHERS"
		f.ErrorCode = pipeline.FailureFor(f.Reason).SmileCode
		f.ErrorMessage = "A reviewer found that this is not a payslip or tax record."
	} else {
		in, an, _, _, _ := reviewRecord(res)
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
			return badRequest("data.startDate: is required; the document's value could not be read, so give it.")
		}
		if in.Currency == nil {
			return badRequest("data.currency: is required; the document's value could not be read, so give it.")
		}
		if in.EndDate != nil && *in.EndDate < *in.StartDate {
			return badRequest("data.endDate: must not be before startDate.")
		}
		if in.GrossAmount != nil && in.NetAmount != nil && *in.NetAmount > *in.GrossAmount {
			return badRequest("data.netAmount: must not be more than grossAmount.")
		}
		var fileID string
		if res.ReviewFile < len(res.Files) {
			fileID = res.Files[res.ReviewFile].FileID
		}
		f.Incomes = archive.Incomes(a, res.Files, now)
		f.Incomes = append(f.Incomes, archive.NewIncome(a, fileID, in, nil, true, now))
		res.Corrected = &archive.Corrected{Income: in, Analysis: an, By: p.Actor, At: now}
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
	if err := s.archives.Finish(ctx, a, f); err != nil {
		if errors.Is(err, storage.ErrConflict) {
			return badRequest("archiveId: archive %q is no longer waiting for review.", a.ID)
		}
		return err
	}
	s.log.Info("review published", "archive_id", a.ID, "status", f.Status, "audit_lines", len(f.Audit), "key_id", p.KeyID)
	return nil
}

// PublicError says what a person may be told of an error from the
// exported methods: the status and message the API would answer with, or a
// generic 500 (the detail stays in the log, which the caller writes).
func PublicError(err error) (status int, message string) {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return ae.status, ae.message
	case errors.Is(err, storage.ErrNotFound):
		return http.StatusNotFound, "The resource was not found."
	}
	return http.StatusInternalServerError, "Something went wrong on our side."
}

type change struct {
	field    string
	old, new *string
}

// applyManual overwrites the record with the reviewer's values and lists
// what changed.
func applyManual(in *extract.Income, an *extract.Analysis, d *ManualData) []change {
	if d == nil {
		return nil
	}
	var out []change
	str := func(field string, dst **string, v *string) {
		if v == nil || (*dst != nil && **dst == *v) {
			return
		}
		out = append(out, change{field, *dst, v})
		nv := *v
		*dst = &nv
	}
	num := func(field string, dst **float64, v *float64) {
		if v == nil || (*dst != nil && **dst == *v) {
			return
		}
		var old *string
		if *dst != nil {
			o := strconv.FormatFloat(**dst, 'f', -1, 64)
			old = &o
		}
		nv := strconv.FormatFloat(*v, 'f', -1, 64)
		out = append(out, change{field, old, &nv})
		x := *v
		*dst = &x
	}
	plain := func(field string, dst *string, v *string) {
		if v == nil || *dst == *v {
			return
		}
		var old *string
		if *dst != "" {
			o := *dst
			old = &o
		}
		out = append(out, change{field, old, v})
		*dst = *v
	}
	str("startDate", &in.StartDate, d.StartDate)
	str("endDate", &in.EndDate, d.EndDate)
	str("payDate", &in.PayDate, d.PayDate)
	str("currency", &in.Currency, d.Currency)
	str("frequency", &in.Frequency, d.Frequency)
	num("baseAmount", &in.BaseAmount, d.BaseAmount)
	num("grossAmount", &in.GrossAmount, d.GrossAmount)
	num("netAmount", &in.NetAmount, d.NetAmount)
	if d.EmployerName != nil {
		in.Employer = d.EmployerName
	}
	plain("employerName", &an.EmployerName, d.EmployerName)
	plain("employeeName", &an.EmployeeName, d.EmployeeName)
	plain("ssNumber", &an.SSNumber, d.SSNumber)
	plain("philHealthNumber", &an.PhilHealthNumber, d.PhilHealthNumber)
	plain("taxNumber", &an.TaxNumber, d.TaxNumber)
	plain("pagIbigNumber", &an.PagIbigNumber, d.PagIbigNumber)
	return out
}

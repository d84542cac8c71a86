package api

import (
	"net/http"

	"talaan/internal/problem"
	"talaan/internal/review"
	"talaan/storage"
)

// The review queue is served twice: to API clients (listPredictions,
// queryPrediction, sendManualResult) and to ops staff in the review console
// (internal/console). Both go through review.Service; the handlers here
// decode, call it and answer.

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

// predictionView is the review item as Smile's payslip prediction.
func predictionView(it review.Item) Prediction {
	a := it.Archive
	v := Prediction{ArchiveID: a.ID, FileType: a.FileType, Review: a.Review, Doubts: []string{}, Audit: []AuditEntry{},
		Metadata: incomeMetadataJSON{CreatedAt: ts(a.UpdatedAt), ItemCreatedAt: ts(a.CreatedAt), SourceID: a.ID,
			SourceType: a.Source, UserID: a.UserID, ProviderID: a.ProviderID}}
	for _, e := range it.Audit {
		v.Audit = append(v.Audit, auditView(e))
		if e.Action == storage.AuditPublish || e.Action == storage.AuditReject {
			v.ReviewedBy, v.ReviewedAt = &Reviewer{ID: e.ActorID, Name: e.ActorName}, ts(e.At)
		}
	}
	for _, d := range it.Doubts {
		v.Doubts = append(v.Doubts, d.String())
	}
	if !it.HasRecord {
		return v
	}
	in, an := it.Income, it.Analysis
	v.StartDate, v.EndDate, v.PayDate, v.Currency, v.Frequency = in.StartDate, in.EndDate, in.PayDate, in.Currency, in.Frequency
	v.BaseAmount, v.GrossAmount, v.NetAmount = in.BaseAmount, in.GrossAmount, in.NetAmount
	v.EmployerName, v.EmployeeName, v.TaxNumber = an.EmployerName, an.EmployeeName, an.TaxNumber
	v.SSNumber, v.PhilHealthNumber, v.PagIbigNumber = an.SSNumber, an.PhilHealthNumber, an.PagIbigNumber
	v.Confidence = it.Confidence
	return v
}

func (s *Server) listPredictions(w http.ResponseWriter, r *http.Request, p principal) error {
	f, err := archiveFilter(r, p)
	if err != nil {
		return err
	}
	items, next, err := s.reviews.List(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]Prediction, len(items))
	for i, it := range items {
		out[i] = predictionView(it)
	}
	s.ok(w, r, http.StatusOK, newList(out, next))
	return nil
}

func (s *Server) queryPrediction(w http.ResponseWriter, r *http.Request, p principal) error {
	id := r.URL.Query().Get("archiveId")
	if id == "" {
		return problem.Invalidf("archiveId: is required (query parameter).")
	}
	it, err := s.reviews.Get(r.Context(), p.TenantID, id)
	if err != nil {
		return err
	}
	s.ok(w, r, http.StatusOK, predictionView(it))
	return nil
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request, p principal) error {
	id := r.PathValue("id")
	if _, err := s.store.GetArchive(r.Context(), p.TenantID, id); err != nil {
		return problem.OrNotFound(err, "archive", id)
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

// sendManualResult publishes a reviewer's verdict (review.Service.Publish).
func (s *Server) sendManualResult(w http.ResponseWriter, r *http.Request, p principal) error {
	var req review.ManualResult
	if err := s.decodeJSON(w, r, 64<<10, &req); err != nil {
		return err
	}
	if err := s.reviews.Publish(r.Context(), p, req); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, envelope{Code: codeOK, Message: "Success", RequestID: requestID(r.Context())})
	return nil
}

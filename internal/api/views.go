package api

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"talaan/extract"
	"talaan/internal/archive"
	"talaan/internal/pipeline"
	"talaan/storage"
)

type stateJSON struct {
	Status       string  `json:"status"`
	ErrorCode    *string `json:"errorCode"`
	ErrorMessage *string `json:"errorMessage"`
	UpdatedAt    string  `json:"updatedAt"`
	Review       bool    `json:"review"`
	Reason       *string `json:"reason"`
}

type rawFileJSON struct {
	ID           string  `json:"id"`
	CreatedAt    string  `json:"createdAt"`
	Name         string  `json:"name"`
	SubType      *string `json:"subType"`
	Size         int64   `json:"size"`
	Format       string  `json:"format"`
	URL          string  `json:"url"` // "" once the file is gone (Smile requires a string)
	URLExpiresAt *string `json:"urlExpiresAt"`
	ExpiresAt    string  `json:"expiresAt"`
	DeletedAt    *string `json:"deletedAt"`
}

type classificationJSON struct {
	FileType string `json:"fileType"`
}

type extractionJSON struct {
	FileType string         `json:"fileType"`
	Analysis map[string]any `json:"analysis,omitempty"`
}

type validationResultJSON struct {
	ResultCode    string   `json:"resultCode"`
	Score         *float64 `json:"score,omitempty"`
	ResultMessage string   `json:"resultMessage,omitempty"`
}

type validationJSON struct {
	FileType    string                `json:"fileType"`
	Metadata    *validationResultJSON `json:"metadata,omitempty"`
	Computation *validationResultJSON `json:"computation,omitempty"`
}

type archiveJSON struct {
	ID             string              `json:"id"`
	CreatedAt      string              `json:"createdAt"`
	ProviderID     string              `json:"providerId"`
	UserID         string              `json:"userId"`
	Type           string              `json:"type"`
	State          stateJSON           `json:"state"`
	RawFiles       []rawFileJSON       `json:"rawFiles"`
	Classification *classificationJSON `json:"classification,omitempty"`
	Analysis       map[string]any      `json:"analysis,omitempty"`
	Extraction     *extractionJSON     `json:"extraction,omitempty"`
	Validation     *validationJSON     `json:"validation,omitempty"`
	Confidence     map[string]float64  `json:"confidence,omitempty"`
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// archiveView is one archive as served (archiveViews).
func (s *Server) archiveView(ctx context.Context, a storage.Archive) (archiveJSON, error) {
	vs, err := s.archiveViews(ctx, []storage.Archive{a})
	if err != nil {
		return archiveJSON{}, err
	}
	return vs[0], nil
}

// archiveViews are the archives as served. The values of an analyzed one
// are its income rows' (read for all of them in one query per tenant); the
// rest is the stored result's evidence.
func (s *Server) archiveViews(ctx context.Context, items []storage.Archive) ([]archiveJSON, error) {
	results := make([]*archive.Result, len(items))
	ids := map[string][]string{}
	for i, a := range items {
		if a.Status != storage.StatusAnalyzed && a.Status != storage.StatusUnsupported && !a.Review {
			continue
		}
		res, err := archive.Decode(a.Result)
		if err != nil {
			s.log.Warn("stored result unreadable", "archive_id", a.ID, "err", err)
			continue
		}
		results[i] = &res
		if a.Status == storage.StatusAnalyzed {
			ids[a.TenantID] = append(ids[a.TenantID], res.IncomeIDs()...)
		}
	}
	rows := map[string]storage.Income{}
	for tenantID, list := range ids {
		got, err := archive.RowsByID(ctx, s.store, tenantID, list)
		if err != nil {
			return nil, err
		}
		maps.Copy(rows, got)
	}
	out := make([]archiveJSON, len(items))
	for i, a := range items {
		out[i] = s.archiveViewOf(ctx, a, results[i], rows)
	}
	return out, nil
}

// archiveViewOf is archive a as served, with its decoded result (nil when
// it has none to show) and the income rows it names.
func (s *Server) archiveViewOf(ctx context.Context, a storage.Archive, res *archive.Result, rows map[string]storage.Income) archiveJSON {
	v := archiveJSON{ID: a.ID, CreatedAt: ts(a.CreatedAt), ProviderID: a.ProviderID, UserID: a.UserID, Type: a.FileType,
		State: stateJSON{Status: a.Status, ErrorCode: strp(a.ErrorCode), ErrorMessage: strp(a.ErrorMessage),
			UpdatedAt: ts(a.UpdatedAt), Review: a.Review, Reason: strp(a.Reason)},
		RawFiles: make([]rawFileJSON, 0, len(a.Files))}
	for _, f := range a.Files {
		v.RawFiles = append(v.RawFiles, s.rawFileView(ctx, a, f))
	}
	if res == nil {
		return v
	}
	fi, ok := res.PrimaryIndex()
	if !ok || res.Files[fi].Output.Kind == "" {
		return v
	}
	out := res.Files[fi].Output
	ft := res.Verdict()
	v.Classification = &classificationJSON{FileType: ft}
	if a.Status != storage.StatusAnalyzed || len(out.Records) == 0 {
		return v // doubtful values are for reviewers (queryPrediction), not lenders
	}
	rec := out.Records[0]
	in, _ := res.Income(rows, fi, 0)
	if res.Corrected != nil {
		in, _ = res.CorrectedIncome(rows)
		rec.Analysis = res.Corrected.Analysis
	}
	an := analysisMap(out.Kind, in, rec.Analysis)
	v.Analysis = an
	v.Extraction = &extractionJSON{FileType: ft, Analysis: an}
	v.Validation = &validationJSON{FileType: ft, Computation: computation(rec.Checks), Metadata: metadataCheck(out)}
	v.Confidence = archive.Confidences(rec.Fields)
	return v
}

// analysisMap is Smile's payslip or tax-document analysis, with talaan's
// additions; fields not found are left out.
func analysisMap(kind extract.Kind, in extract.Income, an extract.Analysis) map[string]any {
	m := map[string]any{}
	put := func(k string, v any) {
		switch x := v.(type) {
		case *string:
			if x != nil && *x != "" {
				m[k] = *x
			}
		case *float64:
			if x != nil {
				m[k] = *x
			}
		case string:
			if x != "" {
				m[k] = x
			}
		}
	}
	put("startDate", in.StartDate)
	put("endDate", in.EndDate)
	put("grossAmount", in.GrossAmount)
	put("baseAmount", in.BaseAmount)
	put("employerName", an.EmployerName)
	if an.EmployerName == "" {
		put("employerName", in.Employer)
	}
	put("employeeName", an.EmployeeName)
	put("taxNumber", an.TaxNumber)
	put("frequency", in.Frequency)
	if kind == extract.KindPayslip {
		put("payDate", in.PayDate)
		put("currency", in.Currency)
		put("netAmount", in.NetAmount)
		put("ssNumber", an.SSNumber)
		put("philHealthNumber", an.PhilHealthNumber)
		put("pagIbigNumber", an.PagIbigNumber)
		put("sss", an.SSS)
		put("philHealth", an.PhilHealth)
		put("pagIbig", an.PagIbig)
		put("withholdingTax", an.WithholdingTax)
		put("totalDeductions", an.TotalDeductions)
	}
	return m
}

func computation(checks []extract.Check) *validationResultJSON {
	if len(checks) == 0 {
		return &validationResultJSON{ResultCode: "NO_DATA", ResultMessage: "No totals to check against each other."}
	}
	var failed []string
	for _, c := range checks {
		if !c.Passed {
			failed = append(failed, c.Name)
		}
	}
	score := float64(len(checks)-len(failed)) * 100 / float64(len(checks))
	if len(failed) == 0 {
		return &validationResultJSON{ResultCode: "PASSED", Score: &score, ResultMessage: "The amounts add up."}
	}
	return &validationResultJSON{ResultCode: "FAILED", Score: &score, ResultMessage: "Checks that failed: " + strings.Join(failed, ", ") + "."}
}

func metadataCheck(out pipeline.Output) *validationResultJSON {
	if out.FileType != "pdf" {
		return nil
	}
	if len(out.Tamper) == 0 {
		return &validationResultJSON{ResultCode: "PASSED", ResultMessage: "No sign of editing after the PDF was made."}
	}
	var codes []string
	for _, t := range out.Tamper {
		codes = append(codes, t.Code)
	}
	sort.Strings(codes)
	return &validationResultJSON{ResultCode: "FAILED", ResultMessage: "Signs of editing: " + strings.Join(codes, ", ") + "."}
}

// rawFileView gives the file with a fresh link, valid for LinkTTL and
// never past the file's retention; null once the file is gone. A blob
// store that signs its own links (S3) gives a presigned URL; otherwise the
// link is talaan's own /v1/files route, signed with the server's key.
func (s *Server) rawFileView(ctx context.Context, a storage.Archive, f storage.RawFile) rawFileJSON {
	v := rawFileJSON{ID: f.ID, CreatedAt: ts(f.CreatedAt), Name: f.Name, SubType: strp(f.SubType),
		Size: (f.Size + 1023) / 1024, Format: f.Format, ExpiresAt: ts(f.ExpiresAt)}
	if f.DeletedAt != nil {
		d := ts(*f.DeletedAt)
		v.DeletedAt = &d
		return v
	}
	now := s.now()
	if a.Status == storage.StatusRevoked || !now.Before(f.ExpiresAt) {
		return v
	}
	exp := now.Add(s.cfg.LinkTTL)
	if exp.After(f.ExpiresAt) {
		exp = f.ExpiresAt
	}
	exp = time.Unix(exp.Unix(), 0) // rounds down: never past the retention
	e := ts(exp)
	v.URLExpiresAt = &e
	if p, ok := s.blobs.(storage.Presigner); ok {
		u, err := p.PresignGet(ctx, f.BlobKey, exp, f.Name, f.Format)
		if err == nil {
			v.URL = u
			return v
		}
		s.log.Warn("presign file link; serving talaan's own link", "file_id", f.ID, "err", err)
	}
	v.URL = s.cfg.PublicURL + "/v1/files/" + url.PathEscape(f.ID) + "?expires=" + strconv.FormatInt(exp.Unix(), 10) + "&signature=" + s.sign(f.ID, exp.Unix())
	return v
}

func (s *Server) sign(fileID string, expires int64) string {
	m := hmac.New(sha256.New, s.linkKey)
	fmt.Fprintf(m, "file\n%s\n%d", fileID, expires)
	return hex.EncodeToString(m.Sum(nil))
}

type incomeMetadataJSON struct {
	CreatedAt     string `json:"createdAt"`
	ItemCreatedAt string `json:"itemCreatedAt"`
	SourceID      string `json:"sourceId"`
	SourceType    string `json:"sourceType"`
	UserID        string `json:"userId"`
	ProviderID    string `json:"providerId"`
}

type incomeJSON struct {
	ID          string             `json:"id"`
	WorkItem    *string            `json:"workItem"`
	Employer    *string            `json:"employer"`
	StartDate   *string            `json:"startDate"`
	EndDate     *string            `json:"endDate"`
	Currency    *string            `json:"currency"`
	Frequency   *string            `json:"frequency"`
	BaseAmount  *float64           `json:"baseAmount"`
	GrossAmount *float64           `json:"grossAmount"`
	NetAmount   *float64           `json:"netAmount"`
	PayDate     *string            `json:"payDate"`
	FileID      string             `json:"fileId,omitempty"`
	Confidence  json.RawMessage    `json:"confidence,omitempty"` // stored as the JSON object it is served as
	Reviewed    bool               `json:"reviewed"`
	Metadata    incomeMetadataJSON `json:"metadata"`
}

func incomeView(in storage.Income) incomeJSON {
	v := incomeJSON{ID: in.ID, WorkItem: in.WorkItem, Employer: in.Employer, StartDate: in.StartDate, EndDate: in.EndDate,
		Currency: in.Currency, Frequency: in.Frequency, BaseAmount: in.BaseAmount, GrossAmount: in.GrossAmount,
		NetAmount: in.NetAmount, PayDate: in.PayDate, FileID: in.FileID, Reviewed: in.Reviewed,
		Metadata: incomeMetadataJSON{CreatedAt: ts(in.CreatedAt), ItemCreatedAt: ts(in.ItemCreatedAt), SourceID: in.ArchiveID,
			SourceType: in.SourceType, UserID: in.UserID, ProviderID: in.ProviderID}}
	if len(in.Confidence) > 0 && string(in.Confidence) != "null" {
		v.Confidence = in.Confidence
	}
	return v
}

package archive

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	"github.com/riverqueue/river"

	"talaan/extract"
	"talaan/internal/ids"
	"talaan/internal/pipeline"
	"talaan/internal/webhook"
	"talaan/storage"
)

// Decide turns the engine's outputs for an archive's files into the
// archive's verdict. A file that needs a person holds the whole archive in
// review; otherwise the archive is ANALYZED when any file gave incomes,
// UNSUPPORTED when every file was, and ERROR else.
func Decide(a storage.Archive, files []FileResult, at time.Time) (storage.Finish, error) {
	res := Result{Files: files}
	f := storage.Finish{ArchiveID: a.ID, At: at}
	var analyzed, unsupported, review int
	firstBad := -1
	for i, fr := range files {
		o := fr.Output
		switch o.Status {
		case extract.StatusAnalyzed:
			if publishable(o) {
				analyzed++
				continue
			}
			fallthrough // a confident result without Smile's required fields
		case extract.StatusReview:
			if review == 0 {
				res.ReviewFile = i
			}
			review++
		case extract.StatusUnsupported:
			unsupported++
			if firstBad < 0 {
				firstBad = i
			}
		default:
			if firstBad < 0 {
				firstBad = i
			}
		}
	}
	p, _ := res.Primary()
	res.Classification = FileType(p.Kind)
	switch {
	case review > 0:
		f.Status, f.Review = storage.StatusStarted, true
	case analyzed > 0:
		f.Status = storage.StatusAnalyzed
		f.Incomes = res.PublishIncomes(a, at)
	default:
		f.Status = storage.StatusError
		if len(files) > 0 && unsupported == len(files) {
			f.Status = storage.StatusUnsupported
		}
		if firstBad >= 0 {
			o := files[firstBad].Output
			f.Reason, f.ErrorMessage = o.ErrorCode, o.ErrorMessage
		}
		if f.Reason == "" {
			sys := pipeline.FailureFor(pipeline.CodeSystem)
			f.Reason, f.ErrorMessage = sys.Code, sys.Message
		}
		f.ErrorCode = pipeline.FailureFor(f.Reason).SmileCode
	}
	raw, err := json.Marshal(res)
	if err != nil {
		return f, fmt.Errorf("encode result: %w", err)
	}
	f.Result = raw
	return f, nil
}

func publishable(o pipeline.Output) bool {
	if len(o.Incomes) == 0 {
		return false
	}
	for _, in := range o.Incomes {
		if in.StartDate == nil || in.Currency == nil {
			return false
		}
	}
	return true
}

// PublishIncomes builds the Income rows of every ANALYZED file of archive
// a whose incomes have Smile's required fields, and leaves in the result
// each file's row ids in place of the values. (A confident file without
// them waits for a person, whose values are published instead.)
func (r *Result) PublishIncomes(a storage.Archive, at time.Time) []storage.Income {
	var out []storage.Income
	for fi := range r.Files {
		fr := &r.Files[fi]
		if fr.Output.Status != extract.StatusAnalyzed || !publishable(fr.Output) {
			continue
		}
		for i, in := range fr.Output.Incomes {
			var fields map[string]extract.Field
			if i < len(fr.Output.Records) {
				fields = fr.Output.Records[i].Fields
			}
			row := NewIncome(a, fr.FileID, in, Confidences(fields), false, at)
			fr.IncomeIDs = append(fr.IncomeIDs, row.ID)
			out = append(out, row)
		}
		fr.Output.Incomes = nil
	}
	return out
}

// IncomeIDs lists the income rows the result names.
func (r Result) IncomeIDs() []string {
	var out []string
	for _, fr := range r.Files {
		out = append(out, fr.IncomeIDs...)
	}
	if r.Corrected != nil && r.Corrected.IncomeID != "" {
		out = append(out, r.Corrected.IncomeID)
	}
	return out
}

// Income returns the values of record ri of file fi: its income row's
// (rows holds the rows the result names, by id) once published, else the
// engine's prediction; ok is false when there is neither (the row was
// revoked).
func (r Result) Income(rows map[string]storage.Income, fi, ri int) (extract.Income, bool) {
	if fi < 0 || fi >= len(r.Files) || ri < 0 {
		return extract.Income{}, false
	}
	fr := r.Files[fi]
	if ri < len(fr.IncomeIDs) {
		row, ok := rows[fr.IncomeIDs[ri]]
		return IncomeValues(row), ok
	}
	if ri < len(fr.Output.Incomes) {
		return fr.Output.Incomes[ri], true
	}
	return extract.Income{}, false
}

// CorrectedIncome returns the values a reviewer published (see Income).
func (r Result) CorrectedIncome(rows map[string]storage.Income) (extract.Income, bool) {
	switch c := r.Corrected; {
	case c == nil:
		return extract.Income{}, false
	case c.IncomeID != "":
		row, ok := rows[c.IncomeID]
		return IncomeValues(row), ok
	case c.Income != nil:
		return *c.Income, true
	}
	return extract.Income{}, false
}

// Rows fetches the income rows the result names, by id.
func (r Result) Rows(ctx context.Context, st storage.Store, tenantID string) (map[string]storage.Income, error) {
	return RowsByID(ctx, st, tenantID, r.IncomeIDs())
}

// RowsByID fetches the tenant's income rows of ids, by id.
func RowsByID(ctx context.Context, st storage.Store, tenantID string, ids []string) (map[string]storage.Income, error) {
	rows := map[string]storage.Income{}
	if len(ids) == 0 {
		return rows, nil
	}
	items, err := st.GetIncomes(ctx, tenantID, ids)
	if err != nil {
		return nil, fmt.Errorf("income rows: %w", err)
	}
	for _, in := range items {
		rows[in.ID] = in
	}
	return rows, nil
}

// IncomeValues are an income row's values as the engine writes them.
func IncomeValues(in storage.Income) extract.Income {
	return extract.Income{Employer: in.Employer, StartDate: in.StartDate, EndDate: in.EndDate, PayDate: in.PayDate,
		Frequency: in.Frequency, Currency: in.Currency, BaseAmount: in.BaseAmount, GrossAmount: in.GrossAmount,
		NetAmount: in.NetAmount}
}

// NewIncome makes one Income row for the archive.
func NewIncome(a storage.Archive, fileID string, in extract.Income, conf map[string]float64, reviewed bool, at time.Time) storage.Income {
	raw, _ := json.Marshal(conf)
	return storage.Income{
		ID: ids.NewAt(ids.Income, at), TenantID: a.TenantID, UserID: a.UserID, ArchiveID: a.ID,
		FileID: fileID, SourceType: a.Source, ProviderID: a.ProviderID,
		Employer: in.Employer, StartDate: in.StartDate, EndDate: in.EndDate, PayDate: in.PayDate,
		Currency: in.Currency, Frequency: in.Frequency, BaseAmount: in.BaseAmount,
		GrossAmount: in.GrossAmount, NetAmount: in.NetAmount,
		Confidence: raw, Reviewed: reviewed, CreatedAt: at, ItemCreatedAt: a.CreatedAt,
	}
}

// Confidences keeps each field's confidence, rounded to two places.
func Confidences(fields map[string]extract.Field) map[string]float64 {
	out := make(map[string]float64, len(fields))
	for k, f := range fields {
		out[k] = float64(int(f.Confidence*100+0.5)) / 100
	}
	return out
}

// The steps of an archive's life that make an event: ARCHIVE_<step>, and
// for an upload also talaan's own UPLOAD_<step>.
const (
	EventStarted  = "STARTED"
	EventAnalyzed = "ANALYZED"
	EventFailed   = "FAILED"
	EventRevoked  = "REVOKED"
)

// Smile's event types talaan sends besides an archive's steps.
const (
	EventIncomesAdded = "INCOMES_ADDED"
	EventTaskStarted  = "TASK_STARTED"
	EventTaskFinished = "TASK_FINISHED"
	EventUserCreated  = "USER_CREATED"
)

// LifecycleEvents are the events of an archive's step: Smile's
// ARCHIVE_STARTED/ANALYZED/FAILED/REVOKED (an upload is an archive of
// source UPLOAD) and, for an upload, talaan's own UPLOAD_* with the same
// data and uploadId, which only webhooks that name it get. ARCHIVE_FAILED
// carries Smile's errorCode and errorMessage, and talaan's reason.
func LifecycleEvents(a storage.Archive, what string, at time.Time) []webhook.Event {
	data := map[string]any{"userId": a.UserID, "archiveId": a.ID}
	if what == EventFailed {
		data["errorCode"], data["errorMessage"], data["reason"] = a.ErrorCode, a.ErrorMessage, a.Reason
	}
	evs := []webhook.Event{{ID: ids.NewAt(ids.Event, at), Version: 1, Type: "ARCHIVE_" + what, CreatedAt: at, Data: data}}
	if a.Source == storage.SourceUpload {
		up := maps.Clone(data)
		up["uploadId"] = a.ID
		evs = append(evs, webhook.Event{ID: ids.NewAt(ids.Event, at), Version: 1, Type: "UPLOAD_" + what, CreatedAt: at, Data: up})
	}
	return evs
}

// TaskStartedEvent is Smile's TASK_STARTED of archive a's ANALYZE_ARCHIVE
// task (GET /v1/tasks).
func TaskStartedEvent(a storage.Archive) webhook.Event {
	return webhook.Event{ID: ids.NewAt(ids.Event, a.CreatedAt), Version: 1, Type: EventTaskStarted, CreatedAt: a.CreatedAt,
		Data: map[string]any{"userId": a.UserID, "sourceId": a.ID, "sourceType": a.Source, "taskType": "ANALYZE_ARCHIVE",
			"providers": []string{a.ProviderID}}}
}

// UserCreatedEvent is Smile's USER_CREATED for user u.
func UserCreatedEvent(u storage.User) webhook.Event {
	return webhook.Event{ID: ids.NewAt(ids.Event, u.CreatedAt), Version: 1, Type: EventUserCreated, CreatedAt: u.CreatedAt,
		Data: map[string]any{"userId": u.ID}}
}

// FinishedEvents are the events of an archive reaching a final state:
// INCOMES_ADDED (when there are incomes), ARCHIVE_ANALYZED or
// ARCHIVE_FAILED (and their UPLOAD_* for an upload), then TASK_FINISHED
// with the data points saved (and, for webhooks with includePayload, the
// incomes themselves as data.payload).
func FinishedEvents(a storage.Archive, f storage.Finish) []webhook.Event {
	if f.Status == storage.StatusStarted {
		return nil // waiting for review: nothing is final yet
	}
	a.Status, a.ErrorCode, a.ErrorMessage, a.Reason = f.Status, f.ErrorCode, f.ErrorMessage, f.Reason
	var evs []webhook.Event
	status, datapoints := "SUCCEEDED", []string{}
	if len(f.Incomes) > 0 {
		datapoints = append(datapoints, "INCOMES")
		evs = append(evs, webhook.Event{ID: ids.NewAt(ids.Event, f.At), Version: 1, Type: EventIncomesAdded, CreatedAt: f.At,
			Data: map[string]any{"userId": a.UserID, "accountId": a.ID, "sourceId": a.ID, "sourceType": a.Source,
				"count": len(f.Incomes), "providers": []string{a.ProviderID}}})
	}
	if f.Status == storage.StatusAnalyzed {
		evs = append(evs, LifecycleEvents(a, EventAnalyzed, f.At)...)
	} else {
		status = "FAILED"
		evs = append(evs, LifecycleEvents(a, EventFailed, f.At)...)
	}
	// Smile's TaskFinishedEventData requires "data", which it does not
	// define; an empty object satisfies a client that checks it.
	task := map[string]any{"userId": a.UserID, "sourceId": a.ID, "sourceType": a.Source, "taskType": "ANALYZE_ARCHIVE",
		"status": status, "providers": []string{a.ProviderID}, "datapoints": datapoints, "data": map[string]any{}}
	if f.ErrorCode != "" {
		task["errorCode"] = f.ErrorCode
	}
	ev := webhook.Event{ID: ids.NewAt(ids.Event, f.At), Version: 1, Type: EventTaskFinished, CreatedAt: f.At, Data: task}
	if len(f.Incomes) > 0 {
		items := make([]map[string]any, len(f.Incomes))
		for i, in := range f.Incomes {
			items[i] = incomePayload(in)
		}
		ev.Payload = map[string]any{"incomes": map[string]any{"items": items}}
	}
	return append(evs, ev)
}

// incomePayload is an income as Smile's IncomePayload.
func incomePayload(in storage.Income) map[string]any {
	return map[string]any{"id": in.ID, "workItem": in.WorkItem, "employer": in.Employer, "startDate": in.StartDate,
		"endDate": in.EndDate, "currency": in.Currency, "frequency": in.Frequency, "baseAmount": in.BaseAmount,
		"grossAmount": in.GrossAmount, "netAmount": in.NetAmount}
}

// Deliveries turns events into one delivery job per webhook of the tenant
// that wants it (webhook.Wants: talaan's own types only to webhooks that
// name them).
func Deliveries(ctx context.Context, st storage.Store, tenantID string, evs []webhook.Event) ([]river.InsertManyParams, error) {
	var jobs []river.InsertManyParams
	for _, ev := range evs {
		hooks, err := st.WebhooksFor(ctx, tenantID, ev.Type)
		if err != nil {
			return nil, fmt.Errorf("webhooks for %s: %w", ev.Type, err)
		}
		if len(hooks) == 0 {
			continue
		}
		plain, err := ev.Body()
		if err != nil {
			return nil, fmt.Errorf("encode event %s: %w", ev.Type, err)
		}
		withPayload, err := ev.WithPayload().Body()
		if err != nil {
			return nil, fmt.Errorf("encode event %s: %w", ev.Type, err)
		}
		for _, h := range hooks {
			if !webhook.Wants(h.EventTypes, ev.Type) {
				continue
			}
			body := plain
			if h.IncludePayload {
				body = withPayload
			}
			jobs = append(jobs, river.InsertManyParams{Args: DeliverArgs{
				TenantID: tenantID, WebhookID: h.ID, EventID: ev.ID, EventType: ev.Type, Body: body}})
		}
	}
	return jobs, nil
}

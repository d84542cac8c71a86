package archive

import (
	"slices"
	"testing"
	"time"

	"talaan/extract"
	"talaan/internal/pipeline"
	"talaan/storage"
)

func out(status extract.Status, kind extract.Kind, reason string, incomes ...extract.Income) FileResult {
	o := pipeline.Output{Status: status, Kind: kind, ErrorCode: reason, Incomes: incomes}
	if reason != "" {
		o.ErrorMessage = "because " + reason
	}
	for range incomes {
		o.Records = append(o.Records, pipeline.Record{Fields: map[string]extract.Field{"netAmount": {Confidence: 0.876}}})
	}
	return FileResult{FileID: "f-1", Output: o}
}

func slip(start, currency string) extract.Income {
	var in extract.Income
	if start != "" {
		in.StartDate = &start
	}
	if currency != "" {
		in.Currency = &currency
	}
	g := 100.0
	in.GrossAmount = &g
	return in
}

func TestDecide(t *testing.T) {
	a := storage.Archive{ID: "a-1", TenantID: "tn-1", UserID: "usr-1", Source: storage.SourceArchive, ProviderID: "tenant-provided", CreatedAt: time.Unix(0, 0)}
	cases := []struct {
		name                   string
		files                  []FileResult
		status                 string
		review                 bool
		incomes                int
		reason, code, fileType string
	}{
		{"one confident payslip", []FileResult{out(extract.StatusAnalyzed, extract.KindPayslip, "", slip("2026-01-01", "PHP"))},
			storage.StatusAnalyzed, false, 1, "", "", "PAYSLIP"},
		{"a doubt holds the whole archive", []FileResult{out(extract.StatusAnalyzed, extract.KindPayslip, "", slip("2026-01-01", "PHP")),
			out(extract.StatusReview, extract.KindBIR2316, "", slip("2025-01-01", "PHP"))},
			storage.StatusStarted, true, 0, "", "", "TAX_DOCUMENT"},
		{"confident but without Smile's required startDate goes to review", []FileResult{out(extract.StatusAnalyzed, extract.KindPayslip, "", slip("", "PHP"))},
			storage.StatusStarted, true, 0, "", "", "PAYSLIP"},
		{"not an income document", []FileResult{out(extract.StatusUnsupported, extract.KindUnsupported, extract.CodeNotIncome)},
			storage.StatusUnsupported, false, 0, extract.CodeNotIncome, pipeline.SmileInvalidFormat, "OTHERS"},
		{"unreadable", []FileResult{out(extract.StatusError, "", extract.CodeUnreadable)},
			storage.StatusError, false, 0, extract.CodeUnreadable, pipeline.SmileMissingField, ""},
		{"one good file among bad ones publishes it", []FileResult{out(extract.StatusError, "", extract.CodeUnreadable),
			out(extract.StatusAnalyzed, extract.KindW2, "", slip("2025-01-01", "USD"), slip("2024-01-01", "USD"))},
			storage.StatusAnalyzed, false, 2, "", "", "TAX_DOCUMENT"},
		{"no files at all", nil, storage.StatusError, false, 0, pipeline.CodeSystem, pipeline.SmileSystem, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Decide(a, tc.files, time.Unix(100, 0))
			if err != nil {
				t.Fatal(err)
			}
			if f.Status != tc.status || f.Review != tc.review || len(f.Incomes) != tc.incomes || f.Reason != tc.reason ||
				f.ErrorCode != tc.code || f.FileType != "" || verdict(t, f) != tc.fileType {
				t.Fatalf("got status %s review %v incomes %d reason %q code %q type %q verdict %q", f.Status, f.Review, len(f.Incomes), f.Reason, f.ErrorCode, f.FileType, verdict(t, f))
			}
			if tc.reason != "" && f.ErrorMessage == "" {
				t.Fatal("a failure needs a message")
			}
			for _, in := range f.Incomes {
				if in.ArchiveID != a.ID || in.SourceType != "ARCHIVE" || in.ProviderID != "tenant-provided" || in.ID == "" || string(in.Confidence) != `{"netAmount":0.88}` {
					t.Fatalf("income %+v", in)
				}
			}
			res, err := Decode(f.Result)
			if err != nil || len(res.Files) != len(tc.files) {
				t.Fatalf("stored result: %v, %d files", err, len(res.Files))
			}
		})
	}
}

func TestFinishedEvents(t *testing.T) {
	up := storage.Archive{ID: "u-1", UserID: "usr-1", Source: storage.SourceUpload, ProviderID: "user-provided"}
	types := func(f storage.Finish) []string {
		var out []string
		for _, ev := range FinishedEvents(up, f) {
			out = append(out, ev.Type)
		}
		return out
	}
	at := time.Unix(5, 0)
	// An upload is an archive of source UPLOAD: Smile's ARCHIVE_* for every
	// subscriber, talaan's UPLOAD_* beside it for those who name it.
	if got := types(storage.Finish{Status: storage.StatusAnalyzed, Incomes: make([]storage.Income, 2), At: at}); !slices.Equal(got,
		[]string{"INCOMES_ADDED", "ARCHIVE_ANALYZED", "UPLOAD_ANALYZED", "TASK_FINISHED"}) {
		t.Fatalf("analyzed upload: %v", got)
	}
	failed := FinishedEvents(up, storage.Finish{Status: storage.StatusError, Reason: "UNREADABLE", ErrorCode: "MISSING_MANDATORY_FIELD",
		ErrorMessage: "No readable text was found.", At: at})
	if len(failed) != 3 || failed[0].Type != "ARCHIVE_FAILED" || failed[1].Type != "UPLOAD_FAILED" || failed[2].Type != "TASK_FINISHED" {
		t.Fatalf("failed upload: %v", failed)
	}
	if d := failed[0].Data.(map[string]any); d["errorCode"] != "MISSING_MANDATORY_FIELD" || d["errorMessage"] != "No readable text was found." ||
		d["reason"] != "UNREADABLE" {
		t.Errorf("ARCHIVE_FAILED data %v: want Smile's errorCode and errorMessage, and the reason", d)
	}
	if d := failed[2].Data.(map[string]any); d["status"] != "FAILED" || d["errorCode"] != "MISSING_MANDATORY_FIELD" || len(d["datapoints"].([]string)) != 0 {
		t.Errorf("TASK_FINISHED data %v", d)
	}
	if d := FinishedEvents(up, storage.Finish{Status: storage.StatusAnalyzed, Incomes: make([]storage.Income, 1), At: at})[3].Data.(map[string]any); !slices.Equal(d["datapoints"].([]string), []string{"INCOMES"}) {
		t.Errorf("TASK_FINISHED of an analyzed upload: datapoints %v, want [INCOMES]", d["datapoints"])
	} else if _, ok := d["errorCode"]; ok {
		t.Error("TASK_FINISHED without a failure carries an errorCode")
	}
	if got := types(storage.Finish{Status: storage.StatusStarted, Review: true, At: at}); len(got) != 0 {
		t.Fatalf("review sends nothing yet: %v", got)
	}
	evs := LifecycleEvents(storage.Archive{ID: "a-1", UserID: "usr-1", Source: storage.SourceArchive}, EventStarted, at)
	body, err := evs[0].Body()
	if err != nil || string(body) == "" || len(evs) != 1 || evs[0].Type != "ARCHIVE_STARTED" {
		t.Fatalf("event %s %v", body, err)
	}
}

// Published values live in the income rows alone: the stored result keeps
// the evidence and names the rows, and reads the values back from them; a
// record not published keeps the engine's prediction.
func TestIncomeRowsAreTheOneTruth(t *testing.T) {
	a := storage.Archive{ID: "a-1", TenantID: "tn-1", UserID: "usr-1", Source: storage.SourceArchive, CreatedAt: time.Unix(0, 0)}
	f, err := Decide(a, []FileResult{out(extract.StatusAnalyzed, extract.KindPayslip, "", slip("2026-01-01", "PHP"))}, time.Unix(60, 0))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Decode(f.Result)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Incomes) != 1 || len(res.Files[0].Output.Incomes) != 0 || len(res.Files[0].IncomeIDs) != 1 ||
		res.Files[0].IncomeIDs[0] != f.Incomes[0].ID || len(res.Files[0].Output.Records) != 1 {
		t.Fatalf("stored result %+v for incomes %+v: want the row's id in place of the values, the record kept", res.Files[0], f.Incomes)
	}
	row := f.Incomes[0]
	net := 42.5
	row.NetAmount = &net // the row is what is read
	got, ok := res.Income(map[string]storage.Income{row.ID: row}, 0, 0)
	if !ok || got.NetAmount == nil || *got.NetAmount != net || *got.StartDate != "2026-01-01" {
		t.Errorf("values read back %+v (%v), want the row's", got, ok)
	}
	if _, ok := res.Income(nil, 0, 0); ok {
		t.Error("a revoked row still reads as values")
	}

	waiting := Result{Files: []FileResult{out(extract.StatusReview, extract.KindPayslip, "", slip("2026-01-01", "PHP"))}}
	if in, ok := waiting.Income(nil, 0, 0); !ok || *in.StartDate != "2026-01-01" {
		t.Errorf("a prediction waiting for a person: %+v (%v)", in, ok)
	}
	legacy := Result{Corrected: &Corrected{Income: &extract.Income{StartDate: ptr("2025-05-01")}}}
	if in, ok := legacy.CorrectedIncome(nil); !ok || *in.StartDate != "2025-05-01" {
		t.Errorf("a correction stored before rows were the truth: %+v (%v)", in, ok)
	}
}

func ptr[T any](v T) *T { return &v }

// verdict is the classification a finish stores in its result; the
// archive's own type (f.FileType empty) stays as it was sent.
func verdict(t *testing.T, f storage.Finish) string {
	t.Helper()
	res, err := Decode(f.Result)
	if err != nil {
		t.Fatal(err)
	}
	return res.Classification
}

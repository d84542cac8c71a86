package console

import (
	"encoding/json"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"talaan/extract"
	"talaan/internal/archive"
	"talaan/internal/pipeline"
	"talaan/internal/review"
	"talaan/ocr"
	"talaan/storage"
)

// newRenderOnly is a console with its templates and assets but no server
// behind it: enough to render pages from data.
func newRenderOnly(t *testing.T) *Console {
	t.Helper()
	c := &Console{log: slog.New(slog.DiscardHandler), key: []byte("k"), cfg: Config{FailedWindow: 7 * 24 * time.Hour},
		now: func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }}
	if err := c.loadStatic(); err != nil {
		t.Fatal(err)
	}
	if err := c.loadTemplates(); err != nil {
		t.Fatal(err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`

// A published (so not actionable: no queue read) review page with hostile
// text in every place a document or a person can put text.
func hostileItem() review.Item {
	box := &ocr.Box{X0: 100, Y0: 200, X1: 300, Y1: 220}
	res := archive.Result{Files: []archive.FileResult{{FileID: "f-1", Output: pipeline.Output{Pages: 2,
		PageInfo: []pipeline.PageInfo{{Number: 1, Width: 1000, Height: 2000, Source: ocr.SourceOCR, Rotation: 90},
			{Number: 2, Width: 1000, Height: 2000, Source: ocr.SourceOCR}},
		Records: []pipeline.Record{{Fields: map[string]extract.Field{
			"netAmount": {Confidence: 0.42, Page: 1, Box: box, Text: hostile},
			"employer":  {Confidence: 0.95, Page: 2, Box: box, Text: "ACME"},
		}}}}}}}
	raw, _ := json.Marshal(res)
	now := time.Date(2026, 12, 1, 11, 0, 0, 0, time.UTC)
	a := storage.Archive{ID: "a-1", TenantID: "t-1", UserID: "usr-1", FileType: "PAYSLIP", Status: storage.StatusStarted, Review: true,
		Result: raw, CreatedAt: now, Files: []storage.RawFile{{ID: "f-1", Name: hostile + ".pdf", Format: "PDF", ExpiresAt: now.Add(time.Hour * 24)}}}
	return review.Item{Archive: a, FileID: "f-1", Fields: res.Files[0].Output.Records[0].Fields, HasRecord: true,
		Income: extract.Income{StartDate: ptr("2026-11-01"), Currency: ptr("PHP"), Frequency: ptr("Semimonthly"),
			NetAmount: ptr(9000.0), GrossAmount: ptr(12000.5)},
		Analysis: extract.Analysis{EmployerName: hostile, EmployeeName: "Juan </textarea> Dela Cruz"},
		Doubts: []extract.Doubt{{Kind: extract.DoubtUncertain, Field: "netAmount", Confidence: 0.42, Bar: 0.8},
			{Kind: extract.DoubtCheck, Field: "gross_minus_deductions_equals_net", Detail: hostile}, {Kind: extract.DoubtOther, Detail: hostile}},
		Audit: []storage.Audit{{Actor: "apikey:" + hostile, Field: "employerName", OldValue: ptr(hostile), NewValue: ptr("ACME"), At: now}}}
}

func TestReviewPageRendersEveryFieldEscaped(t *testing.T) {
	c := newRenderOnly(t)
	it := hostileItem()
	it.Archive.Review, it.Archive.Status, it.Corrected = false, storage.StatusAnalyzed, true // not actionable: no queue read
	d, err := c.reviewData(t.Context(), &session{storage.ConsoleSession{ID: "s", TenantID: "t-1", Actor: "apikey:ak_1", Role: "reviewer"}}, it, "")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := c.pages["review"].ExecuteTemplate(&b, "layout", d); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, f := range fieldDefs {
		if !strings.Contains(html, `name="`+f.Name+`"`) || !strings.Contains(html, ">"+f.Label+"</label>") {
			t.Errorf("field %s (%s) is not on the page", f.Name, f.Label)
		}
	}
	if strings.Contains(html, "<script>alert") || strings.Contains(html, "<img src=x") || strings.Contains(html, "</textarea> Dela") {
		t.Fatalf("hostile text reached the page unescaped:\n%s", html)
	}
	if n := strings.Count(html, "&lt;script&gt;alert(1)&lt;/script&gt;"); n < 5 {
		t.Errorf("hostile text shown escaped %d times, want it in the employer, its evidence, the doubts, the file name and the audit", n)
	}
	if inlineScript(html) {
		t.Error("inline script or event handler in the page")
	}
	// The net pay's box on page 1 (1000x2000 units), in percent; the page
	// keeps its rotation for the picture.
	if !strings.Contains(html, `data-page="1" data-x="10.0000" data-y="10.0000" data-w="20.0000" data-h="1.0000"`) {
		t.Errorf("net pay box not on the page")
	}
	if !strings.Contains(html, `data-rot="90"`) || !strings.Contains(html, "/console/archives/a-1/files/f-1/pages/2.png") {
		t.Errorf("pages: rotation or second page missing")
	}
	// A published record's values are not flagged as doubtful any more.
	if strings.Contains(html, "Low confidence") {
		t.Error("a published record is flagged low confidence")
	}
}

var (
	tagRE    = regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	quotedRE = regexp.MustCompile(`"[^"]*"`)
	handerRE = regexp.MustCompile(`\son[a-z]+\s*=`)
)

// inlineScript reports a <script> with a body or an event-handler
// attribute in any tag (html/template escapes < and > in text and values,
// so every < that opens a tag is markup).
func inlineScript(html string) bool {
	if regexp.MustCompile(`<script[^>]*>[^<]`).MatchString(html) {
		return true
	}
	for _, tag := range tagRE.FindAllString(html, -1) {
		if handerRE.MatchString(quotedRE.ReplaceAllString(tag, `""`)) {
			return true
		}
	}
	return false
}

func TestLowConfidenceStandsOut(t *testing.T) {
	c := newRenderOnly(t)
	it := hostileItem()
	it.Archive.Status = storage.StatusError // no queue read
	d, err := c.reviewData(t.Context(), &session{storage.ConsoleSession{ID: "s"}}, it, "")
	if err != nil {
		t.Fatal(err)
	}
	var net fieldView
	for _, f := range d.Fields {
		if f.Name == "netAmount" {
			net = f
		}
	}
	if !net.Low || net.Value != "9000.00" || !net.HasBox {
		t.Fatalf("net pay %+v, want low confidence, 9000.00, with a box", net)
	}
	var b strings.Builder
	if err := c.pages["review"].ExecuteTemplate(&b, "layout", d); err != nil {
		t.Fatal(err)
	}
	// Colour and words: the class, and a label that says it.
	if !strings.Contains(b.String(), `class="field low`) || !strings.Contains(b.String(), "Low confidence 0.42") {
		t.Error("low confidence not marked with a class and a label")
	}
}

func TestQueuePageEscapesAndCounts(t *testing.T) {
	c := newRenderOnly(t)
	d := queueData{Head: c.head(&session{storage.ConsoleSession{ID: "s", Actor: hostile, Role: "reviewer"}}, "Review queue"), Show: "all",
		Rows:    []queueRow{{entry: entry{ID: "a-1", UserID: hostile, FileType: "PAYSLIP", Formats: "PDF", Review: true, Reasons: []string{hostile}}, Age: "3 min", Link: "/console/archives/a-1"}},
		Reasons: []reasonCount{{Reason: hostile, Count: 1, Link: queueLink("all", "", hostile)}}}
	var b strings.Builder
	if err := c.pages["queue"].ExecuteTemplate(&b, "layout", d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script>alert") || strings.Contains(b.String(), "<img src=x") || inlineScript(b.String()) {
		t.Fatal("hostile text reached the queue page unescaped")
	}
}

func TestParseForm(t *testing.T) {
	current := map[string]string{"startDate": "2026-11-01", "currency": "PHP", "netAmount": "9000.00", "employerName": "ACME"}
	d, _, errs := parseForm(url.Values{"startDate": {"2026-11-01"}, "currency": {"PHP"}, "netAmount": {"10,500.50"},
		"frequency": {"Biweekly"}, "employerName": {" ACME Inc. "}, "endDate": {""}}, current)
	if len(errs) != 0 {
		t.Fatalf("errors %v", errs)
	}
	if *d.NetAmount != 10500.5 || *d.Frequency != "Biweekly" || *d.EmployerName != "ACME Inc." || d.EndDate != nil || d.GrossAmount != nil {
		t.Fatalf("data %+v", d)
	}
	bad := map[string]string{
		"startDate": "2026-13-01", "payDate": "15/11/2026", "currency": "php", "frequency": "Fortnightly",
		"netAmount": "-1", "grossAmount": "1.005", "baseAmount": "12abc", "employerName": "",
		"employeeName": strings.Repeat("x", 201), "taxNumber": "123\x00",
	}
	form := url.Values{}
	for k, v := range bad {
		form.Set(k, v)
	}
	_, _, errs = parseForm(form, current)
	for k := range bad {
		if errs[k] == "" {
			t.Errorf("%s=%q accepted", k, bad[k])
		}
	}
	if !strings.Contains(errs["employerName"], "Cannot be emptied") {
		t.Errorf("blanking a value read: %q", errs["employerName"])
	}
	// A mandatory value that was never read must be given.
	_, _, errs = parseForm(url.Values{}, map[string]string{})
	if errs["startDate"] == "" || errs["currency"] == "" {
		t.Errorf("missing mandatory values accepted: %v", errs)
	}
}

func TestReasonsAndAge(t *testing.T) {
	for _, c := range []struct {
		d            extract.Doubt
		reason, full string
	}{
		{extract.Doubt{Kind: extract.DoubtUncertain, Field: "netAmount", Confidence: 0.55, Bar: 0.8},
			"Net pay read unsurely", "Net pay read unsurely: confidence 0.55, under the 0.80 it needs"},
		{extract.Doubt{Kind: extract.DoubtMissing, Field: "employer"}, "Employer not found", "Employer not found"},
		{extract.Doubt{Kind: extract.DoubtCheck, Field: "gross_minus_deductions_equals_net", Detail: "25000.00 - 3200.00 != 21300.00"},
			"Gross pay minus the deductions is not the net pay",
			"Gross pay minus the deductions is not the net pay: 25000.00 - 3200.00 != 21300.00"},
		{extract.Doubt{Kind: extract.DoubtCheck, Field: "item19_equals_item38_plus_item52"}, "Item 19 is not the sum of its parts", "Item 19 is not the sum of its parts"},
	} {
		if got := doubtReason(c.d); got != c.reason {
			t.Errorf("doubtReason(%v) = %q, want %q", c.d, got, c.reason)
		}
		if got := doubtWords(c.d); got != c.full {
			t.Errorf("doubtWords(%v) = %q, want %q", c.d, got, c.full)
		}
	}
	for d, want := range map[time.Duration]string{10 * time.Second: "just now", 5 * time.Minute: "5 min", 3 * time.Hour: "3 h", 72 * time.Hour: "3 d"} {
		if got := age(d); got != want {
			t.Errorf("age(%v) = %q", d, got)
		}
	}
}

func TestLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(2, time.Minute)
	l.now = func() time.Time { return now }
	steps := []struct {
		name string
		do   func() bool
		want bool
	}{
		{"first attempt", func() bool { return l.take("1.2.3.4") }, true},
		{"second attempt", func() bool { return l.take("1.2.3.4") }, true},
		{"third attempt within the minute", func() bool { return l.take("1.2.3.4") }, false},
		{"another address", func() bool { return l.take("5.6.7.8") }, true},
		{"a success gives its token back", func() bool { l.giveBack("1.2.3.4"); return l.take("1.2.3.4") }, true},
		{"refilled after a minute", func() bool { now = now.Add(time.Minute); return l.take("1.2.3.4") }, true},
	}
	for _, s := range steps {
		if got := s.do(); got != s.want {
			t.Fatalf("%s: %v, want %v", s.name, got, s.want)
		}
	}
}

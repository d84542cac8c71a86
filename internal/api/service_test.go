package api_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"talaan/tools/eval"
)

type label struct {
	File    string `json:"file"`
	Kind    string `json:"kind"`
	Expect  string `json:"expect"`
	Incomes []struct {
		StartDate   string   `json:"startDate"`
		EndDate     string   `json:"endDate"`
		Currency    string   `json:"currency"`
		GrossAmount *float64 `json:"grossAmount"`
		NetAmount   *float64 `json:"netAmount"`
	} `json:"incomes"`
}

func corpusPH(t *testing.T) (string, []label) {
	t.Helper()
	dir, err := eval.SharedDir("corpus-ph")
	if err != nil {
		t.Fatalf("the Philippine corpus is needed: %v", err)
	}
	f, err := os.Open(filepath.Join(dir, "labels.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []label
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var l label
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	return dir, out
}

func near(a *float64, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) < 0.005
}

// Every Philippine sample goes in through the API (alternately multipart
// and Smile's base64 JSON), is read by the real engine, and comes out as
// the labelled incomes with signed webhooks; the non-income sample fails
// with a reason.
func TestCorpusPHThroughTheAPI(t *testing.T) {
	dir, labels := corpusPH(t)
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	e.subscribe(&acme)
	ids := make([]string, len(labels))
	// The type an archive was sent with stays its type (OTHERS when none
	// was sent); what it was found to be is its classification.
	sentType := make([]string, len(labels))
	for i, l := range labels {
		p := filePart(t, filepath.Join(dir, l.File))
		var r response
		if i%2 == 0 {
			r = e.postMultipart("/v1/archives", &acme, part{field: "fileType", data: []byte("PAYSLIP")}, p)
			sentType[i] = "PAYSLIP"
		} else {
			r = e.postJSON("/v1/archives", &acme, jsonArchive("", p))
			sentType[i] = "OTHERS"
		}
		if r.status != 200 {
			t.Fatalf("%s: upload: %d %s", l.File, r.status, r.raw)
		}
		var a archiveOut
		r.decode(t, &a)
		if a.State.Status != "STARTED" || a.ProviderID != "tenant-provided" || len(a.RawFiles) != 1 || a.RawFiles[0].URL == "" {
			t.Fatalf("%s: upload answer %s", l.File, r.raw)
		}
		ids[i] = a.ID
	}
	reviewed := 0
	for i, l := range labels {
		a := e.waitFinal("/v1/archives/"+ids[i], &acme)
		if l.Expect != "income" {
			if a.State.Status != "UNSUPPORTED" && a.State.Status != "ERROR" {
				t.Errorf("%s (%s): status %s, want UNSUPPORTED or ERROR", l.File, l.Kind, a.State.Status)
			}
			if a.State.Reason == nil || a.State.ErrorMessage == nil || a.State.ErrorCode == nil {
				t.Errorf("%s: a failed archive needs errorCode, reason and message: %+v", l.File, a.State)
			}
			e.hooks.waitEvents(ids[i], "ARCHIVE_STARTED", "ARCHIVE_FAILED", "TASK_FINISHED")
			if got := e.incomes(&acme, "sourceId="+ids[i]); len(got) != 0 {
				t.Errorf("%s: %d incomes from a non-income document", l.File, len(got))
			}
			continue
		}
		if a.State.Status == "STARTED" && a.State.Review {
			// The engine doubted a value: the lender gets the incomes after a
			// person checks them; the prediction must already hold the labels.
			var pr struct {
				StartDate   *string  `json:"startDate"`
				GrossAmount *float64 `json:"grossAmount"`
			}
			e.getJSON("/v1/archives/-/payslips/queryPrediction?archiveId="+ids[i], &acme).decode(t, &pr)
			want := l.Incomes[0]
			if pr.StartDate == nil || *pr.StartDate != want.StartDate || !near(pr.GrossAmount, want.GrossAmount) {
				t.Errorf("%s: in review with prediction %+v, want %+v", l.File, pr, want)
			}
			t.Logf("%s: in review", l.File)
			reviewed++
			continue
		}
		if a.State.Status != "ANALYZED" {
			t.Errorf("%s: status %s, want ANALYZED", l.File, a.State.Status)
			continue
		}
		wantType := map[string]string{"payslip": "PAYSLIP", "bir2316": "TAX_DOCUMENT"}[l.Kind]
		if a.Type != sentType[i] || a.Classification == nil || a.Classification.FileType != wantType || a.Analysis == nil {
			t.Errorf("%s: type %q classification %+v, want the type sent (%s) and %s with analysis", l.File, a.Type, a.Classification, sentType[i], wantType)
		}
		got := e.incomes(&acme, "sourceId="+ids[i])
		if len(got) != len(l.Incomes) {
			t.Errorf("%s: %d incomes, want %d", l.File, len(got), len(l.Incomes))
			continue
		}
		for _, want := range l.Incomes {
			found := false
			for _, g := range got {
				if g.StartDate != nil && *g.StartDate == want.StartDate && near(g.GrossAmount, want.GrossAmount) &&
					(want.NetAmount == nil || near(g.NetAmount, want.NetAmount)) {
					found = true
				}
				if g.Metadata.SourceType != "ARCHIVE" || g.Metadata.SourceID != ids[i] || g.Metadata.ProviderID != "tenant-provided" || g.Metadata.UserID != a.UserID {
					t.Errorf("%s: income metadata %+v", l.File, g.Metadata)
				}
			}
			if !found {
				t.Errorf("%s: no income matches the label %+v", l.File, want)
			}
		}
		evs := e.hooks.waitEvents(ids[i], "ARCHIVE_STARTED", "TASK_STARTED", "INCOMES_ADDED", "ARCHIVE_ANALYZED", "TASK_FINISHED")
		if evs[0] != "ARCHIVE_STARTED" && evs[0] != "TASK_STARTED" {
			t.Errorf("%s: first event %s, want ARCHIVE_STARTED or TASK_STARTED (sent together)", l.File, evs[0])
		}
	}
	if reviewed > 2 {
		t.Errorf("%d of %d samples went to review; at most 2 expected", reviewed, len(labels))
	}
	// ?fileType lists by the type sent, whatever the document was found to be.
	var payslips listOut[archiveOut]
	e.getJSON("/v1/archives?fileType=PAYSLIP&size=150", &acme).decode(t, &payslips)
	listed := map[string]bool{}
	for _, a := range payslips.Items {
		listed[a.ID] = true
	}
	for i, l := range labels {
		if listed[ids[i]] != (sentType[i] == "PAYSLIP") {
			t.Errorf("%s sent as %s: listed under ?fileType=PAYSLIP %v", l.File, sentType[i], listed[ids[i]])
		}
	}
	// The webhook's delivery log is readable.
	var hooks listOut[struct{ ID string }]
	e.getJSON("/v1/webhooks", &acme).decode(t, &hooks)
	var attempts listOut[struct {
		StatusCode int `json:"statusCode"`
	}]
	e.getJSON("/v1/webhooks/"+hooks.Items[0].ID+"/attempts?size=150", &acme).decode(t, &attempts)
	if len(attempts.Items) < 2*len(labels) || attempts.Items[0].StatusCode != 204 {
		t.Errorf("webhook attempts: %d, first %+v", len(attempts.Items), attempts.Items)
	}
}

// An end user uploads with a short-lived token; the lender reads the
// incomes as UPLOAD from user-provided.
func TestUserUploadWithToken(t *testing.T) {
	dir, _ := corpusPH(t)
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	e.subscribe(&acme)
	r := e.postJSON("/v1/users", &acme, map[string]any{"externalMetadata": map[string]string{"ref": "L-1"}})
	if r.status != 201 || r.Code != "CREATED" {
		t.Fatalf("create user: %d %s", r.status, r.raw)
	}
	var created struct {
		User  struct{ ID string } `json:"user"`
		Token struct {
			AccessToken string `json:"accessToken"`
		} `json:"token"`
	}
	r.decode(t, &created)
	user := creds{token: created.Token.AccessToken}

	r = e.postMultipart("/v1/uploads", &user, filePart(t, filepath.Join(dir, "files/d002.pdf")))
	if r.status != 200 {
		t.Fatalf("upload: %d %s", r.status, r.raw)
	}
	var up archiveOut
	r.decode(t, &up)
	if up.ProviderID != "user-provided" || up.UserID != created.User.ID || !strings.HasPrefix(up.ID, "u-") {
		t.Fatalf("upload: %s", r.raw)
	}
	a := e.waitFinal("/v1/uploads/"+up.ID, &user)
	if a.State.Status != "ANALYZED" {
		t.Fatalf("upload status %s", a.State.Status)
	}
	e.hooks.waitEvents(up.ID, "ARCHIVE_STARTED", "INCOMES_ADDED", "ARCHIVE_ANALYZED", "TASK_FINISHED")
	got := e.incomes(&acme, "userId="+created.User.ID)
	if len(got) != 1 || got[0].Metadata.SourceType != "UPLOAD" || got[0].Metadata.ProviderID != "user-provided" || got[0].Metadata.SourceID != up.ID {
		t.Fatalf("incomes: %+v", got)
	}
	// The token reads its own uploads, and nothing a tenant reads.
	var l listOut[archiveOut]
	e.getJSON("/v1/uploads", &user).decode(t, &l)
	if len(l.Items) != 1 || l.Items[0].ID != up.ID {
		t.Fatalf("user's uploads: %+v", l.Items)
	}
	for _, path := range []string{"/v1/incomes", "/v1/archives", "/v1/archives/" + up.ID, "/v1/users"} {
		if r := e.getJSON(path, &user); r.status != 403 {
			t.Errorf("user token on %s: %d, want 403", path, r.status)
		}
	}
	// A fresh token for the same user works; the tenant can mint it.
	r = e.request(http.MethodPost, "/v1/tokens?userId="+created.User.ID, &acme, "", nil)
	if r.status != 201 {
		t.Fatalf("token: %d %s", r.status, r.raw)
	}
}

// A document whose numbers do not add up waits in review (STARTED with
// state.review); a person corrects it and the corrected values are
// published as incomes, with webhooks and an audit trail.
func TestReviewAndPublish(t *testing.T) {
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	e.subscribe(&acme)
	r := e.postMultipart("/v1/archives", &acme, part{field: "file", name: "slip.pdf", data: payslipPDF(t, "9,000.00")})
	if r.status != 200 {
		t.Fatalf("upload: %d %s", r.status, r.raw)
	}
	var up archiveOut
	r.decode(t, &up)
	a := e.waitFinal("/v1/archives/"+up.ID, &acme)
	if a.State.Status != "STARTED" || !a.State.Review {
		t.Fatalf("state %+v, want STARTED in review", a.State)
	}
	if a.Analysis != nil {
		t.Errorf("doubtful values must not reach lenders as analysis: %v", a.Analysis)
	}
	if got := e.incomes(&acme, "sourceId="+up.ID); len(got) != 0 {
		t.Fatalf("incomes published before review: %+v", got)
	}
	var preds listOut[struct {
		ArchiveID string   `json:"archiveId"`
		NetAmount *float64 `json:"netAmount"`
		Doubts    []string `json:"doubts"`
	}]
	e.getJSON("/v1/archives/-/payslips/listPredictions", &acme).decode(t, &preds)
	if len(preds.Items) != 1 || preds.Items[0].ArchiveID != up.ID || len(preds.Items[0].Doubts) == 0 {
		t.Fatalf("predictions: %+v", preds.Items)
	}
	if r := e.getJSON("/v1/archives/-/payslips/queryPrediction?archiveId="+up.ID, &acme); r.status != 200 {
		t.Fatalf("queryPrediction: %d %s", r.status, r.raw)
	}
	// Invalid corrections are refused with the field named.
	r = e.postJSON("/v1/archives/-/payslips/sendManualResult", &acme, map[string]any{"archiveId": up.ID, "validFile": true,
		"data": map[string]any{"startDate": "15/11/2026"}})
	if r.status != 400 || !strings.Contains(r.Msg, "startDate") {
		t.Fatalf("bad date: %d %s", r.status, r.raw)
	}
	r = e.postJSON("/v1/archives/-/payslips/sendManualResult", &acme, map[string]any{"archiveId": up.ID, "validFile": true,
		"checkedFields": []string{"netAmount", "grossAmount"}, "data": map[string]any{"netAmount": 10500}})
	if r.status != 200 {
		t.Fatalf("sendManualResult: %d %s", r.status, r.raw)
	}
	a = e.waitFinal("/v1/archives/"+up.ID, &acme)
	if a.State.Status != "ANALYZED" || a.State.Review || a.Analysis["netAmount"] != 10500.0 {
		t.Fatalf("after review: %+v analysis %v", a.State, a.Analysis)
	}
	got := e.incomes(&acme, "sourceId="+up.ID)
	if len(got) != 1 || got[0].NetAmount == nil || *got[0].NetAmount != 10500 || !got[0].Reviewed || *got[0].GrossAmount != 12000 {
		t.Fatalf("incomes after review: %+v", got)
	}
	e.hooks.waitEvents(up.ID, "INCOMES_ADDED", "ARCHIVE_ANALYZED", "TASK_FINISHED")
	var audit listOut[struct {
		Actor    string  `json:"actor"`
		Field    string  `json:"field"`
		OldValue *string `json:"oldValue"`
		NewValue *string `json:"newValue"`
	}]
	e.getJSON("/v1/archives/"+up.ID+"/audit", &acme).decode(t, &audit)
	found := false
	for _, it := range audit.Items {
		if it.Field == "netAmount" && it.OldValue != nil && *it.OldValue == "9000" && *it.NewValue == "10500" && it.Actor == "apikey:"+acme.key {
			found = true
		}
	}
	if !found {
		t.Fatalf("audit trail lacks the netAmount change: %+v", audit.Items)
	}
	// Publishing twice is refused.
	r = e.postJSON("/v1/archives/-/payslips/sendManualResult", &acme, map[string]any{"archiveId": up.ID, "validFile": true})
	if r.status != 400 {
		t.Fatalf("second publish: %d %s", r.status, r.raw)
	}
}

// A reviewer can reject a document as not an income document.
func TestReviewRejects(t *testing.T) {
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	e.subscribe(&acme)
	var up archiveOut
	e.postMultipart("/v1/archives", &acme, part{field: "file", name: "slip.pdf", data: payslipPDF(t, "9,000.00")}).decode(t, &up)
	e.waitFinal("/v1/archives/"+up.ID, &acme)
	r := e.postJSON("/v1/archives/-/payslips/sendManualResult", &acme, map[string]any{"archiveId": up.ID, "validFile": false})
	if r.status != 200 {
		t.Fatalf("reject: %d %s", r.status, r.raw)
	}
	a := e.waitFinal("/v1/archives/"+up.ID, &acme)
	if a.State.Status != "UNSUPPORTED" || a.State.Reason == nil || *a.State.Reason != "NOT_INCOME_DOCUMENT" {
		t.Fatalf("after reject: %+v", a.State)
	}
	e.hooks.waitEvents(up.ID, "ARCHIVE_FAILED", "TASK_FINISHED")
}

// Revoking deletes the files and the incomes at once; the old link stops
// working.
func TestRevoke(t *testing.T) {
	dir, _ := corpusPH(t)
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	e.subscribe(&acme)
	var up archiveOut
	e.postMultipart("/v1/archives", &acme, filePart(t, filepath.Join(dir, "files/d001.pdf"))).decode(t, &up)
	a := e.waitFinal("/v1/archives/"+up.ID, &acme)
	if a.State.Status != "ANALYZED" || len(e.incomes(&acme, "sourceId="+up.ID)) != 1 {
		t.Fatalf("before revoke: %+v", a.State)
	}
	link := a.RawFiles[0].URL
	if resp := e.fetch(link); resp != 200 {
		t.Fatalf("file link before revoke: %d", resp)
	}
	if r := e.request(http.MethodDelete, "/v1/archives/"+up.ID, &acme, "", nil); r.status != 200 {
		t.Fatalf("revoke: %d %s", r.status, r.raw)
	}
	if got := e.incomes(&acme, "sourceId="+up.ID); len(got) != 0 {
		t.Fatalf("incomes after revoke: %+v", got)
	}
	if resp := e.fetch(link); resp != 404 {
		t.Fatalf("file link after revoke: %d, want 404", resp)
	}
	var after archiveOut
	e.getJSON("/v1/archives/"+up.ID, &acme).decode(t, &after)
	if after.State.Status != "REVOKED" || after.RawFiles[0].URL != "" || after.RawFiles[0].DeletedAt == nil {
		t.Fatalf("after revoke: %+v %+v", after.State, after.RawFiles)
	}
	e.hooks.waitEvents(up.ID, "ARCHIVE_REVOKED")
	if r := e.request(http.MethodDelete, "/v1/archives/"+up.ID, &acme, "", nil); r.status != 404 {
		t.Fatalf("second revoke: %d", r.status)
	}
}

// Files vanish after the retention period; the archive shows the expiry
// and the incomes stay.
func TestRetention(t *testing.T) {
	dir, _ := corpusPH(t)
	e := setup(t, options{retention: 3 * time.Second, sweep: 200 * time.Millisecond})
	acme := e.tenant("Acme Lending")
	var up archiveOut
	e.postMultipart("/v1/archives", &acme, filePart(t, filepath.Join(dir, "files/d001.pdf"))).decode(t, &up)
	a := e.waitFinal("/v1/archives/"+up.ID, &acme)
	link := a.RawFiles[0].URL
	exp, _ := time.Parse(time.RFC3339, a.RawFiles[0].ExpiresAt)
	if !strings.Contains(link, fmt.Sprintf("expires=%d", exp.Unix())) {
		t.Fatalf("link %s must stop at the retention end %s", link, exp)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		e.getJSON("/v1/archives/"+up.ID, &acme).decode(t, &a)
		if a.RawFiles[0].DeletedAt != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("file not swept 20 s after its retention")
		}
		time.Sleep(200 * time.Millisecond)
	}
	if a.RawFiles[0].URL != "" || a.State.Status != "ANALYZED" {
		t.Fatalf("after expiry: %+v", a)
	}
	if got := e.incomes(&acme, "sourceId="+up.ID); len(got) != 1 {
		t.Fatalf("incomes after expiry: %d, want 1", len(got))
	}
	if code := e.fetch(link); code != 403 && code != 404 {
		t.Fatalf("expired link: %d", code)
	}
	if _, err := e.blobs.Open(t.Context(), "x"); err == nil {
		t.Fatal("blob store answers for a missing key")
	}
}

func (e *env) fetch(link string) int {
	e.t.Helper()
	resp, err := e.client.Get(link)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// classify answers with the first file's type at once and stores the
// archive like POST /archives; lists page with opaque cursors.
func TestClassifyAndPaging(t *testing.T) {
	needEngine(t)
	dir, _ := corpusPH(t)
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	r := e.postJSON("/v1/archives/classify", &acme, jsonArchive("", filePart(t, filepath.Join(dir, "files/d008.pdf"))))
	if r.status != 200 {
		t.Fatalf("classify: %d %s", r.status, r.raw)
	}
	var a archiveOut
	r.decode(t, &a)
	if a.Classification == nil || a.Classification.FileType != "TAX_DOCUMENT" || a.State.Status != "STARTED" {
		t.Fatalf("classify: %s", r.raw)
	}
	r = e.postMultipart("/v1/archives/classify", &acme, part{field: "file", name: "slip.pdf", data: payslipPDF(t, "10,500.00")})
	r.decode(t, &a)
	if a.Classification == nil || a.Classification.FileType != "PAYSLIP" {
		t.Fatalf("classify payslip: %s", r.raw)
	}
	for range 3 {
		e.postMultipart("/v1/archives", &acme, part{field: "file", name: "slip.pdf", data: payslipPDF(t, "10,500.00")})
	}
	seen := map[string]bool{}
	cursor := ""
	pages := 0
	for {
		var l listOut[archiveOut]
		e.getJSON("/v1/archives?size=2&cursor="+cursor, &acme).decode(t, &l)
		pages++
		for _, it := range l.Items {
			if seen[it.ID] {
				t.Fatalf("archive %s on two pages", it.ID)
			}
			seen[it.ID] = true
		}
		if l.NextCursor == "" {
			break
		}
		cursor = l.NextCursor
	}
	if len(seen) != 5 || pages != 3 {
		t.Fatalf("%d archives over %d pages, want 5 over 3", len(seen), pages)
	}
	var ft listOut[struct {
		Type string `json:"type"`
	}]
	e.getJSON("/v1/fileTypes", &acme).decode(t, &ft)
	if len(ft.Items) != 2 || ft.Items[0].Type != "PAYSLIP" {
		t.Fatalf("fileTypes: %+v", ft.Items)
	}
}

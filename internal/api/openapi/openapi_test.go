package openapi

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func validator(t *testing.T) *Validator {
	t.Helper()
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSpecLoadsAndValidates(t *testing.T) {
	t.Parallel()
	if !bytes.Equal(Spec(), spec) || len(Spec()) == 0 {
		t.Fatal("Spec() does not return the embedded document")
	}
	doc, err := openapi3.NewLoader().LoadFromData(Spec())
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("validate (examples included): %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.0.") {
		t.Errorf("openapi = %q, want 3.0.x", doc.OpenAPI)
	}
	if doc.Info.Title != "talaan API" {
		t.Errorf("info.title = %q", doc.Info.Title)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/v1" {
		t.Errorf("servers = %v, want [/v1]", doc.Servers)
	}
	for _, name := range []string{"basicAuth", "bearerAuth"} {
		if doc.Components.SecuritySchemes[name] == nil {
			t.Errorf("securitySchemes.%s missing", name)
		}
	}
	for _, name := range []string{"ArchiveStartedEvent", "ArchiveAnalyzedEvent", "ArchiveRevokedEvent", "ArchiveFailedEvent", "IncomesAddedEvent", "TaskFinishedEvent", "AuditEntry", "WebhookAttempt"} {
		if doc.Components.Schemas[name] == nil {
			t.Errorf("schema %s missing", name)
		}
	}
	if req := doc.Components.Schemas["ArchiveCreateRequest"].Value.Required; !slices.Equal(req, []string{"rawFiles"}) {
		t.Errorf("ArchiveCreateRequest.required = %v, want [rawFiles]", req)
	}
}

func TestOperations(t *testing.T) {
	t.Parallel()
	want := []string{
		"GET /v1/users", "POST /v1/users", "GET /v1/users/{id}", "POST /v1/tokens",
		"GET /v1/archives", "POST /v1/archives", "GET /v1/archives/{id}", "DELETE /v1/archives/{id}",
		"POST /v1/archives/classify", "GET /v1/archives/{id}/audit",
		"GET /v1/archives/-/payslips/listPredictions", "GET /v1/archives/-/payslips/queryPrediction",
		"POST /v1/archives/-/payslips/sendManualResult",
		"GET /v1/uploads", "POST /v1/uploads", "GET /v1/uploads/{id}",
		"GET /v1/fileTypes", "GET /v1/incomes", "GET /v1/incomes/{id}",
		"GET /v1/webhooks", "POST /v1/webhooks", "GET /v1/webhooks/{id}", "DELETE /v1/webhooks/{id}",
		"GET /v1/webhooks/{id}/attempts",
		"GET /v1/keys", "POST /v1/keys", "DELETE /v1/keys/{id}",
		"GET /v1/files/{id}", "GET /v1/openapi.yaml", "GET /healthz", "GET /readyz",
	}
	got := validator(t).Operations()
	if !slices.IsSorted(got) {
		t.Errorf("Operations() is not sorted: %v", got)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Operations() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const archiveJSON = `{
  "id": "arc_01", "createdAt": "2026-01-16T03:04:05Z", "providerId": "tenant-provided",
  "userId": "usr_01", "type": "PAYSLIP",
  "state": {"status": "ANALYZED", "errorCode": null, "errorMessage": null,
            "updatedAt": "2026-01-16T03:05:00Z", "review": false, "reason": null},
  "rawFiles": [{"id": "f_01", "createdAt": "2026-01-16T03:04:05Z", "name": "slip.pdf",
                "subType": "PAYSLIP", "size": 120, "format": "PDF",
                "url": "http://127.0.0.1:41234/v1/files/f_01?expires=1768600000&signature=abc",
                "urlExpiresAt": "2026-01-16T04:04:05Z", "expiresAt": "2026-01-23T03:04:05Z",
                "deletedAt": null}],
  "classification": {"fileType": "PAYSLIP"},
  "analysis": {"startDate": "2026-01-01", "endDate": "2026-01-15", "payDate": "2026-01-15",
               "currency": "PHP", "grossAmount": 20000, "netAmount": 17500.5,
               "employerName": "ACME Corp", "frequency": "Semimonthly", "baseAmount": 20000,
               "sss": 900, "philHealth": 500, "pagIbig": 200, "withholdingTax": 899.5,
               "totalDeductions": 2499.5},
  "extraction": {"fileType": "PAYSLIP", "analysis": {"grossAmount": 20000, "frequency": "Biweekly"}},
  "confidence": {"grossAmount": 0.98, "netAmount": 0.9}
}`

const incomeListJSON = `{"code": "OK", "message": "Success", "requestId": "req_01", "data": {
  "nextCursor": "c2",
  "items": [{
    "id": "inc_01", "workItem": null, "employer": "ACME Corp",
    "startDate": "2026-01-01", "endDate": "2026-01-14", "currency": "PHP",
    "frequency": "Biweekly", "baseAmount": null, "grossAmount": 20000, "netAmount": 17500.5,
    "payDate": "2026-01-15", "fileId": "f_01", "confidence": {"grossAmount": 0.97},
    "reviewed": true,
    "metadata": {"createdAt": "2026-01-16T03:05:00Z", "itemCreatedAt": "2026-01-16T03:05:00Z",
                 "sourceId": "arc_01", "sourceType": "ARCHIVE", "userId": "usr_01",
                 "providerId": "tenant-provided"}
  }]}}`

var jsonHeader = http.Header{"Content-Type": {"application/json; charset=utf-8"}}

func TestCheckAccepts(t *testing.T) {
	t.Parallel()
	v := validator(t)

	form, formType := multipartBody(t, map[string]string{"fileType": "PAYSLIP"}, "a.pdf", "b.png")
	archive := `{"code": "OK", "message": "Success", "requestId": "req_01", "data": ` + archiveJSON + `}`
	tests := []struct {
		name               string
		method, url, ctype string
		reqBody            string
		status             int
		respHeader         http.Header
		respBody           string
	}{
		{"archive get", "GET", "http://127.0.0.1:41234/v1/archives/arc_01", "", "", 200, jsonHeader, archive},
		{"upload get shares the archive shape", "GET", "/v1/uploads/arc_01", "", "", 200, jsonHeader, archive},
		{"income list", "GET", "/v1/incomes?size=50&userId=usr_01&sourceId=arc_01&startDate=2026-01-01", "", "", 200, jsonHeader, incomeListJSON},
		{"error envelope without data", "GET", "/v1/archives/nope", "", "", 404, jsonHeader,
			`{"code": "MISSING_RESOURCE", "message": "Not found", "requestId": "req_01"}`},
		{"error envelope with empty data", "GET", "/v1/archives/nope", "", "", 404, jsonHeader,
			`{"code": "MISSING_RESOURCE", "message": "Not found", "requestId": "req_01", "data": {}}`},
		{"archive create, json", "POST", "/v1/archives", "application/json",
			`{"userId": "usr_01", "fileType": "PAYSLIP", "rawFiles": [{"fileExtensionType": "TIFF", "fileContent": "SUkqAA=="}]}`,
			200, jsonHeader, archive},
		{"archive create, too large", "POST", "/v1/archives", "application/json",
			`{"rawFiles": [{"fileExtensionType": "PDF", "fileContent": "JVBERi0="}]}`,
			413, jsonHeader, `{"code": "INVALID_PARAMETERS", "message": "file too large", "requestId": "req_01"}`},
		{"upload create, multipart", "POST", "/v1/uploads", formType, form, 200, jsonHeader, archive},
		{"audit", "GET", "/v1/archives/arc_01/audit", "", "", 200, jsonHeader,
			`{"code": "OK", "message": "Success", "requestId": "r", "data": {"items": [
			  {"id": "au_1", "actor": "ops@example.com", "field": "grossAmount", "oldValue": "2000", "newValue": "20000", "at": "2026-01-16T05:00:00Z"},
			  {"id": "au_2", "actor": "ops@example.com", "field": "payDate", "oldValue": null, "newValue": "2026-01-15", "at": "2026-01-16T05:00:01Z"}]}}`},
		{"webhook attempts", "GET", "/v1/webhooks/wh_1/attempts?size=10", "", "", 200, jsonHeader,
			`{"code": "OK", "message": "Success", "requestId": "r", "data": {"nextCursor": "", "items": [
			  {"id": "wa_1", "webhookId": "wh_1", "eventId": "ev_1", "eventType": "ARCHIVE_ANALYZED", "attempt": 1,
			   "statusCode": 0, "error": "connection refused", "durationMs": 3, "at": "2026-01-16T05:00:00Z"}]}}`},
		{"prediction", "GET", "/v1/archives/-/payslips/queryPrediction?archiveId=arc_01", "", "", 200, jsonHeader,
			`{"code": "OK", "message": "Success", "requestId": "r", "data": {
			  "startDate": "2026-01-01", "grossAmount": 20000, "sss": 900, "frequency": "Biweekly",
			  "metadata": {"createdAt": "2026-01-16T03:05:00Z", "itemCreatedAt": "2026-01-16T03:05:00Z",
			               "sourceId": "arc_01", "sourceType": "ARCHIVE", "userId": "usr_01", "providerId": "tenant-provided"},
			  "archiveId": "arc_01", "fileType": "PAYSLIP", "review": true, "baseAmount": 18000,
			  "confidence": {"netAmount": 0.4}, "doubts": ["net pay does not equal gross minus deductions"], "audit": []}}`},
		{"file download", "GET", "/v1/files/f_01?expires=1768600000&signature=abc", "", "", 200,
			http.Header{"Content-Type": {"image/png"}}, "\x89PNG\r\n\x1a\n"},
		{"file link expired", "GET", "/v1/files/f_01?expires=1&signature=abc", "", "", 403, jsonHeader,
			`{"code": "UNAUTHORIZED_ACCESS", "message": "link expired", "requestId": "r"}`},
		{"openapi", "GET", "/v1/openapi.yaml", "", "", 200, http.Header{"Content-Type": {"application/yaml"}}, string(Spec())},
		{"healthz", "GET", "http://localhost:8080/healthz", "", "", 200, jsonHeader,
			`{"code": "OK", "message": "Success", "requestId": "r", "data": {"status": "ok"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(tt.method, tt.url, strings.NewReader(tt.reqBody))
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			if err := v.Check(req, []byte(tt.reqBody), tt.status, tt.respHeader, []byte(tt.respBody)); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestCheckRejects(t *testing.T) {
	t.Parallel()
	v := validator(t)
	sizeAsString := strings.Replace(archiveJSON, `"size": 120`, `"size": "120"`, 1)
	tests := []struct {
		name               string
		method, url, ctype string
		reqBody            string
		status             int
		respHeader         http.Header
		respBody           string
		want               []string // substrings of the error
	}{
		{"wrong type", "GET", "/v1/archives/arc_01", "", "", 200, jsonHeader,
			`{"code": "OK", "message": "Success", "requestId": "r", "data": ` + sizeAsString + `}`,
			[]string{"GET /v1/archives/arc_01 -> 200", "/data/rawFiles/0/size", "integer"}},
		{"undeclared route", "GET", "/v1/nothing/here", "", "", 200, jsonHeader, `{}`,
			[]string{"no route in openapi.yaml for GET /v1/nothing/here"}},
		{"undeclared method", "PUT", "/v1/archives/arc_01", "", "", 200, jsonHeader, `{}`,
			[]string{"no route in openapi.yaml for PUT /v1/archives/arc_01"}},
		{"error envelope with null data", "GET", "/v1/archives/nope", "", "", 404, jsonHeader,
			`{"code": "MISSING_RESOURCE", "message": "Not found", "requestId": "r", "data": null}`,
			[]string{"/data", "nullable"}},
		{"code outside Smile's list", "GET", "/v1/archives/nope", "", "", 404, jsonHeader,
			`{"code": "NOT_FOUND", "message": "Not found", "requestId": "r"}`,
			[]string{"/code"}},
		{"undeclared status", "GET", "/v1/archives/arc_01", "", "", 418, jsonHeader, `{}`,
			[]string{"status 418 is not declared"}},
		{"several problems at once", "GET", "/v1/incomes", "", "", 200, jsonHeader,
			strings.NewReplacer(`"currency": "PHP"`, `"currency": "XYZ"`, `"grossAmount": 20000`, `"grossAmount": "20000"`).Replace(incomeListJSON),
			[]string{"/currency", "/grossAmount"}},
		{"bad query parameter", "GET", "/v1/incomes?size=0", "", "", 200, jsonHeader, incomeListJSON,
			[]string{"request", `"size"`}},
		{"missing required body field", "POST", "/v1/archives", "application/json", `{"fileType": "PAYSLIP"}`,
			200, jsonHeader, `{}`, []string{"request", "rawFiles"}},
		{"unknown file format", "POST", "/v1/archives", "application/json",
			`{"rawFiles": [{"fileExtensionType": "GIF", "fileContent": "R0lG"}]}`, 200, jsonHeader, `{}`,
			[]string{"request", "fileExtensionType"}},
		{"file with undeclared content type", "GET", "/v1/files/f_01?expires=1&signature=s", "", "", 200,
			http.Header{"Content-Type": {"text/html"}}, "<html>", []string{`"text/html" is not declared`}},
		// A request the server served (2xx) must follow the document; one it
		// refused (4xx) may not, and is accepted above when its answer does.
		{"file served without signature", "GET", "/v1/files/f_01?expires=1", "", "", 200,
			http.Header{"Content-Type": {"application/pdf"}}, "%PDF-1.4", []string{"signature"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(tt.method, tt.url, strings.NewReader(tt.reqBody))
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			err := v.Check(req, []byte(tt.reqBody), tt.status, tt.respHeader, []byte(tt.respBody))
			if err == nil {
				t.Fatal("Check accepted it")
			}
			t.Log(err)
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			if strings.Contains(err.Error(), "Schema:\n") {
				t.Errorf("error dumps the schema:\n%v", err)
			}
		})
	}
}

// multipartBody builds a form with the given fields and one "file" part per name.
func multipartBody(t *testing.T, fields map[string]string, files ...string) (body, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, val := range fields {
		if err := w.WriteField(k, val); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
		h.Set("Content-Type", "application/octet-stream")
		p, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		p.Write([]byte("%PDF-1.4 not really\x00\xff"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), w.FormDataContentType()
}

// smileDoc loads Smile's specification: the file named by SMILE_OPENAPI if set, else
// the subset of it that the generator copied into testdata.
func smileDoc(t *testing.T) *openapi3.T {
	t.Helper()
	path := os.Getenv("SMILE_OPENAPI")
	if path == "" {
		path = "testdata/smile-v1-subset.yaml"
	}
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// requiredFixes maps names Smile's required lists give but its schemas lack to the
// property meant: ArchiveCreateRequest requires "files" where the property is rawFiles.
// Other such names (TaskFinishedEventData's "data") are dropped.
var requiredFixes = map[string]string{"files": "rawFiles"}

// wantRequired is Smile's required list with its names that are not properties fixed or
// dropped.
func wantRequired(smile *openapi3.Schema) []string {
	props := properties(smile)
	var want []string
	for _, name := range allRequired(smile) {
		if _, ok := props[name]; ok {
			want = append(want, name)
		} else if fix, ok := props[requiredFixes[name]]; ok && fix != nil {
			want = append(want, requiredFixes[name])
		}
	}
	return sorted(want)
}

// TestSmileFieldsUnchanged checks that talaan only adds to Smile: every property of every
// Smile schema talaan copies is still there with the same type, format, nullability and
// enum values (new values may be added), and the same required list.
func TestSmileFieldsUnchanged(t *testing.T) {
	t.Parallel()
	smile := smileDoc(t)
	talaan, err := openapi3.NewLoader().LoadFromData(Spec())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Archive", "RawFile", "Upload", "Income", "IncomePayload", "User", "Token", "Webhook", "FileObject", "ObjectReferenceMetadata", "ArchivePayslipPredictionQueryResponseData"} {
		if talaan.Components.Schemas[name] == nil {
			t.Errorf("talaan has no schema %s", name)
		}
	}
	checked := 0
	for name, talaanRef := range talaan.Components.Schemas {
		smileRef := smile.Components.Schemas[name]
		if smileRef == nil {
			continue // talaan's own schema
		}
		checked++
		compareSchema(t, name, smileRef.Value, talaanRef.Value, map[[2]*openapi3.Schema]bool{})
	}
	if checked < 50 {
		t.Errorf("compared only %d schemas with Smile's", checked)
	}
}

func compareSchema(t *testing.T, at string, smile, talaan *openapi3.Schema, seen map[[2]*openapi3.Schema]bool) {
	t.Helper()
	if smile == nil || talaan == nil || seen[[2]*openapi3.Schema{smile, talaan}] {
		return
	}
	seen[[2]*openapi3.Schema{smile, talaan}] = true
	if s, g := types(smile), types(talaan); !slices.Equal(s, g) {
		t.Errorf("%s: type %v, Smile has %v", at, g, s)
	}
	if smile.Format != talaan.Format {
		t.Errorf("%s: format %q, Smile has %q", at, talaan.Format, smile.Format)
	}
	if smile.Nullable && !talaan.Nullable {
		t.Errorf("%s: not nullable, Smile's is", at)
	}
	for _, e := range smile.Enum {
		if !slices.Contains(talaan.Enum, e) {
			t.Errorf("%s: enum lacks Smile's %v", at, e)
		}
	}
	if want, got := wantRequired(smile), sorted(allRequired(talaan)); !slices.Equal(want, got) {
		t.Errorf("%s: required %v, want Smile's %v", at, got, want)
	}
	smileProps, talaanProps := properties(smile), properties(talaan)
	for prop, sp := range smileProps {
		tp, ok := talaanProps[prop]
		if !ok {
			t.Errorf("%s: property %s is missing", at, prop)
			continue
		}
		compareSchema(t, at+"."+prop, sp.Value, tp.Value, seen)
	}
	if smile.Items != nil {
		if talaan.Items == nil {
			t.Errorf("%s: items missing", at)
		} else {
			compareSchema(t, at+"[]", smile.Items.Value, talaan.Items.Value, seen)
		}
	}
	if s := smile.AdditionalProperties.Schema; s != nil {
		if g := talaan.AdditionalProperties.Schema; g == nil {
			t.Errorf("%s: additionalProperties schema missing", at)
		} else {
			compareSchema(t, at+"{}", s.Value, g.Value, seen)
		}
	}
}

func types(s *openapi3.Schema) []string {
	if s.Type == nil {
		return nil
	}
	return s.Type.Slice()
}

// properties merges a schema's own properties with those of its allOf parts.
func properties(s *openapi3.Schema) openapi3.Schemas {
	out := openapi3.Schemas{}
	for _, part := range s.AllOf {
		if part.Value != nil {
			for k, v := range properties(part.Value) {
				out[k] = v
			}
		}
	}
	for k, v := range s.Properties {
		out[k] = v
	}
	return out
}

func allRequired(s *openapi3.Schema) []string {
	req := slices.Clone(s.Required)
	for _, part := range s.AllOf {
		if part.Value != nil {
			req = append(req, allRequired(part.Value)...)
		}
	}
	return req
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// TestSmileOperationsUnchanged checks that every Smile operation talaan copies keeps
// Smile's parameters, request body schemas and response statuses and schemas.
func TestSmileOperationsUnchanged(t *testing.T) {
	t.Parallel()
	smile := smileDoc(t)
	talaan, err := openapi3.NewLoader().LoadFromData(Spec())
	if err != nil {
		t.Fatal(err)
	}
	copied := 0
	for path, smileItem := range smile.Paths.Map() {
		talaanItem := talaan.Paths.Value(path)
		for method, smileOp := range smileItem.Operations() {
			at := method + " " + path
			if talaanItem == nil || talaanItem.GetOperation(method) == nil {
				if os.Getenv("SMILE_OPENAPI") == "" { // the full file has operations talaan lacks
					t.Errorf("%s: missing", at)
				}
				continue
			}
			copied++
			op := talaanItem.GetOperation(method)
			params := func(item *openapi3.PathItem, op *openapi3.Operation) map[string]*openapi3.Parameter {
				m := map[string]*openapi3.Parameter{}
				for _, ps := range []openapi3.Parameters{item.Parameters, op.Parameters} {
					for _, p := range ps {
						m[p.Value.In+" "+p.Value.Name] = p.Value
					}
				}
				return m
			}
			talaanParams := params(talaanItem, op)
			for key, sp := range params(smileItem, smileOp) {
				tp := talaanParams[key]
				if tp == nil {
					t.Errorf("%s: parameter %s missing", at, key)
					continue
				}
				if tp.Required != sp.Required {
					t.Errorf("%s: parameter %s required=%v, Smile has %v", at, key, tp.Required, sp.Required)
				}
				compareSchema(t, at+" "+key, sp.Schema.Value, tp.Schema.Value, map[[2]*openapi3.Schema]bool{})
			}
			if rb := smileOp.RequestBody; rb != nil {
				for mt, c := range rb.Value.Content {
					tc := op.RequestBody.Value.Content.Get(mt)
					if tc == nil {
						t.Errorf("%s: request %s missing", at, mt)
						continue
					}
					if c.Schema.Ref != tc.Schema.Ref {
						t.Errorf("%s: request schema %s, Smile has %s", at, tc.Schema.Ref, c.Schema.Ref)
					}
				}
			}
			for status, sr := range smileOp.Responses.Map() {
				tr := op.Responses.Value(status)
				if tr == nil {
					t.Errorf("%s: response %s missing", at, status)
					continue
				}
				if sr.Ref != tr.Ref {
					t.Errorf("%s: response %s is %s, Smile has %s", at, status, tr.Ref, sr.Ref)
				}
				if sr.Value == nil || tr.Value == nil {
					continue
				}
				for mt, c := range sr.Value.Content {
					tc := tr.Value.Content.Get(mt)
					if tc == nil || c.Schema.Ref != tc.Schema.Ref {
						t.Errorf("%s: response %s %s changed", at, status, mt)
					}
				}
			}
		}
	}
	if copied < 21 {
		t.Errorf("compared %d Smile operations, want 21", copied)
	}
}

// TestAdditionsAreMarked checks the rule that every property talaan adds to a Smile
// schema, and every operation it adds, says "talaan addition:" first.
func TestAdditionsAreMarked(t *testing.T) {
	t.Parallel()
	smile := smileDoc(t)
	talaan, err := openapi3.NewLoader().LoadFromData(Spec())
	if err != nil {
		t.Fatal(err)
	}
	for name, ref := range talaan.Components.Schemas {
		sm := smile.Components.Schemas[name]
		if sm == nil {
			if !strings.HasPrefix(ref.Value.Description, "talaan addition:") {
				t.Errorf("schema %s: description %q", name, ref.Value.Description)
			}
			continue
		}
		checkMarked(t, name, sm.Value, ref.Value)
	}
	for path, item := range talaan.Paths.Map() {
		for method, op := range item.Operations() {
			if smile.Paths.Value(path) != nil && smile.Paths.Value(path).GetOperation(method) != nil {
				continue
			}
			if !strings.HasPrefix(op.Description, "talaan addition:") {
				t.Errorf("%s %s: description %q", method, path, op.Description)
			}
		}
	}
}

// checkMarked checks the properties talaan added to a Smile schema, and to the inline
// objects within it; referenced schemas are checked on their own.
func checkMarked(t *testing.T, at string, smile, talaan *openapi3.Schema) {
	t.Helper()
	smileProps := properties(smile)
	for prop, p := range properties(talaan) {
		if p.Ref != "" {
			continue
		}
		sp, ok := smileProps[prop]
		switch {
		case !ok:
			if !strings.HasPrefix(p.Value.Description, "talaan addition:") {
				t.Errorf("%s.%s: description %q", at, prop, p.Value.Description)
			}
		case sp.Ref == "":
			checkMarked(t, at+"."+prop, sp.Value, p.Value)
		}
	}
}

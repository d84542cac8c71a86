package openapitest

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"slices"
	"strings"
	"testing"

	"talaan/internal/api/openapi"
)

func validator(t *testing.T) *Validator {
	t.Helper()
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	return v
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
		"GET /v1/fileTypes", "GET /v1/incomes", "GET /v1/incomes/{id}", "GET /v1/tasks", "GET /v1/tasks/{id}",
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
		{"openapi", "GET", "/v1/openapi.yaml", "", "", 200, http.Header{"Content-Type": {"application/yaml"}}, string(openapi.Spec())},
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

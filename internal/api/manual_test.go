package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// sendManualResult refuses values no person could have read on a payslip,
// naming the field, and publishes nothing; a valid correction still
// publishes.
func TestManualResultRefusesOutOfBoundsValues(t *testing.T) {
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	var up archiveOut
	e.postMultipart("/v1/archives", &acme, part{field: "file", name: "slip.pdf", data: payslipPDF(t, "9,000.00")}).decode(t, &up)
	if a := e.waitFinal("/v1/archives/"+up.ID, &acme); !a.State.Review {
		t.Fatalf("state %+v, want review", a.State)
	}
	cases := []struct {
		name  string
		data  string // the JSON of data
		field string
	}{
		{"a huge amount", `{"grossAmount": 1e308}`, "data.grossAmount"},
		{"an amount over the maximum", `{"grossAmount": 1000000000000.01}`, "data.grossAmount"},
		{"three decimals", `{"grossAmount": 100000.001}`, "data.grossAmount"},
		{"a negative amount", `{"netAmount": -1}`, "data.netAmount"},
		{"NaN as a string", `{"netAmount": "NaN"}`, "data.netAmount"},
		{"a number too large for a float", `{"baseAmount": 1e309}`, "data.baseAmount"},
		{"a day February does not have", `{"startDate": "2025-02-30"}`, "data.startDate"},
		{"a date without leading zeros", `{"payDate": "2025-2-3"}`, "data.payDate"},
		{"an end before the start given", `{"startDate": "2026-11-15", "endDate": "2026-11-01"}`, "data.endDate"},
		{"an end before the start read", `{"endDate": "2026-10-01"}`, "data.endDate"},
		{"an unknown frequency", `{"frequency": "Fortnightly"}`, "data.frequency"},
		{"a lower-case currency", `{"currency": "php"}`, "data.currency"},
		{"a control character in a name", `{"employerName": "ACME\u0000"}`, "data.employerName"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := `{"archiveId": "` + up.ID + `", "validFile": true, "data": ` + c.data + `}`
			r := e.request(http.MethodPost, "/v1/archives/-/payslips/sendManualResult", &acme, "application/json", strings.NewReader(body))
			if r.status != http.StatusBadRequest || r.Code != "INVALID_PARAMETERS" || !strings.HasPrefix(r.Msg, c.field+":") {
				t.Fatalf("%s: %d %s %q, want 400 INVALID_PARAMETERS naming %s", c.data, r.status, r.Code, r.Msg, c.field)
			}
		})
	}
	if got := e.incomes(&acme, "sourceId="+up.ID); len(got) != 0 {
		t.Fatalf("incomes after refused corrections: %+v", got)
	}
	r := e.postJSON("/v1/archives/-/payslips/sendManualResult", &acme, map[string]any{"archiveId": up.ID, "validFile": true,
		"data": map[string]any{"netAmount": 10500, "grossAmount": 12000.5, "startDate": "2026-11-01", "endDate": "2026-11-15",
			"frequency": "Semimonthly", "currency": "PHP"}})
	if r.status != 200 {
		t.Fatalf("valid correction: %d %s", r.status, r.raw)
	}
	got := e.incomes(&acme, "sourceId="+up.ID)
	if len(got) != 1 || *got[0].NetAmount != 10500 || *got[0].GrossAmount != 12000.5 {
		t.Fatalf("incomes after the valid correction: %+v", got)
	}
}

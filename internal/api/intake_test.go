package api_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// bidiControls are the characters that reorder how a name is displayed.
const bidiControls = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

// A file name cannot disguise its type with bidirectional controls, and a
// long name is cut between characters, never inside one, on both the JSON
// and the multipart path.
func TestFileNamesAreCleaned(t *testing.T) {
	t.Parallel()
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	pdf := payslipPDF(t, "1,234.00")
	cases := []struct {
		name      string
		json      bool
		fileName  string
		want      string // "" to check only the rules
		wantRunes int    // 0 to skip
	}{
		{"json right-to-left override", true, "invoice\u202Efdp.exe", "invoicefdp.exe", 0},
		{"multipart right-to-left override", false, "invoice\u202Efdp.exe", "invoicefdp.exe", 0},
		{"json every bidi control and a tab", true, "pay" + bidiControls + "\tslip.pdf", "payslip.pdf", 0},
		{"multipart every bidi control", false, "pay" + bidiControls + "slip.pdf", "payslip.pdf", 0},
		{"json 254 two-byte characters", true, strings.Repeat("é", 250) + ".pdf", strings.Repeat("é", 250) + ".pdf", 254},
		{"multipart 300 two-byte characters", false, strings.Repeat("é", 296) + ".pdf", strings.Repeat("é", 251) + ".pdf", 255},
		{"multipart 300 three-byte characters", false, strings.Repeat("給", 300), "", 255},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := part{field: "file", name: tc.fileName, data: pdf}
			var r response
			if tc.json {
				body := jsonArchive("", part{name: "x.pdf", data: pdf})
				body["rawFiles"].([]map[string]any)[0]["fileName"] = tc.fileName
				r = e.postJSON("/v1/archives", &acme, body)
			} else {
				r = e.postMultipart("/v1/archives", &acme, f)
			}
			if r.status != 200 {
				t.Fatalf("upload: %d %s", r.status, r.raw)
			}
			if !utf8.Valid(r.raw) || strings.ContainsRune(string(r.raw), utf8.RuneError) {
				t.Fatalf("the answer is not clean UTF-8: %q", r.raw)
			}
			var a struct {
				RawFiles []struct {
					ID   string `json:"id"`
					Name string `json:"name"`
				} `json:"rawFiles"`
			}
			r.decode(t, &a)
			stored, err := e.store.GetFile(context.Background(), acme.tenantID, a.RawFiles[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			for where, name := range map[string]string{"answered": a.RawFiles[0].Name, "stored": stored.Name} {
				if !utf8.ValidString(name) || strings.ContainsAny(name, bidiControls+"\t\ufffd") {
					t.Errorf("%s name %q has invalid UTF-8 or a control character", where, name)
				}
				if tc.want != "" && name != tc.want {
					t.Errorf("%s name %q, want %q", where, name, tc.want)
				}
				if n := utf8.RuneCountInString(name); tc.wantRunes != 0 && n != tc.wantRunes {
					t.Errorf("%s name has %d characters, want %d", where, n, tc.wantRunes)
				}
			}
		})
	}
}

// A body over a limit names the limit in a unit a person reads, never
// "larger than 0 MB".
func TestBodyLimitsAreStatedInReadableUnits(t *testing.T) {
	t.Parallel()
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	big := map[string]any{"externalMetadata": map[string]string{"note": strings.Repeat("x", 70<<10)}}
	r := e.postJSON("/v1/users", &acme, big)
	if r.status != 413 || !strings.Contains(r.Msg, "larger than 64 KB") || string(r.Data) != "{}" {
		t.Fatalf("got %d %s, want 413 saying \"larger than 64 KB\"", r.status, r.raw)
	}
}

package extract

import (
	"encoding/json"
	"slices"
	"talaan/ocr"
	"testing"
)

// Doubts are stored as objects; results stored before they were typed
// hold their text, which reads back as the same doubt. The text form (the
// API's) is unchanged.
func TestDoubtReadsBothStoredForms(t *testing.T) {
	cases := []struct {
		text string
		want Doubt
	}{
		{"netAmount not found", Doubt{Kind: DoubtMissing, Field: "netAmount"}},
		{"employer uncertain (0.30)", Doubt{Kind: DoubtUncertain, Field: "employer", Confidence: 0.30}},
		{"check failed: gross_minus_deductions_equals_net", Doubt{Kind: DoubtCheck, Field: "gross_minus_deductions_equals_net"}},
		{"a note from an older engine", Doubt{Kind: DoubtOther, Detail: "a note from an older engine"}},
	}
	for _, c := range cases {
		raw, _ := json.Marshal(c.text)
		var got Doubt
		if err := json.Unmarshal(raw, &got); err != nil || got != c.want {
			t.Errorf("%s read as %+v (%v), want %+v", raw, got, err, c.want)
		}
		if got.String() != c.text {
			t.Errorf("%+v prints %q, want %q", got, got.String(), c.text)
		}
	}
	d := Doubt{Kind: DoubtCheck, Field: "earnings_sum_to_gross", Detail: "3 lines sum to 25000.00, gross 26000.00"}
	raw, err := json.Marshal([]Doubt{d})
	if err != nil {
		t.Fatal(err)
	}
	var back []Doubt
	if err := json.Unmarshal(raw, &back); err != nil || len(back) != 1 || back[0] != d {
		t.Fatalf("%s read back as %+v (%v)", raw, back, err)
	}
}

// A payslip PDF edited after it was made is read as any other, and held
// for a person with the signs in words, never published silently.
func TestEditedPDFGoesToReview(t *testing.T) {
	text := kalayaanSlip
	clean := docOf(text)
	clean.PDF = &ocr.PDFInfo{Producer: "Skia/PDF m120", Revisions: 1}
	if res := Extract(clean, Options{}); res.Status != StatusAnalyzed {
		t.Fatalf("the clean PDF: status %s, doubts %v", res.Status, res.Records[0].Doubts)
	}
	edited := docOf(text)
	edited.PDF = &ocr.PDFInfo{Producer: "Foxit PDF Editor 12", Revisions: 3}
	res := Extract(edited, Options{})
	if res.Status != StatusReview || len(res.Records) != 1 || num(res.Records[0].Income.NetAmount) != 14102.3 {
		t.Fatalf("the edited PDF: status %s, %d records; want REVIEW with the values read", res.Status, len(res.Records))
	}
	var codes []string
	for _, d := range res.Records[0].Doubts {
		if d.Kind == DoubtEdited && d.Detail != "" {
			codes = append(codes, d.Field)
		}
	}
	if !slices.Equal(codes, []string{"INCREMENTAL_UPDATE", "EDITOR_PRODUCER"}) {
		t.Errorf("doubts %v, want the two signs with their words", res.Records[0].Doubts)
	}
	// Content appended after the file was made holds it too; incremental
	// updates alone (a filled form, a signature) or a later date alone do
	// not.
	for _, c := range []struct {
		info *ocr.PDFInfo
		want Status
	}{
		{&ocr.PDFInfo{Revisions: 2, CreationDate: "D:20250301", ModDate: "D:20250320"}, StatusReview},
		{&ocr.PDFInfo{Revisions: 2, CreationDate: "D:20250301", ModDate: "D:20250301"}, StatusAnalyzed},
		{&ocr.PDFInfo{Revisions: 1, CreationDate: "D:20250301", ModDate: "D:20250320"}, StatusAnalyzed},
		{&ocr.PDFInfo{Creator: "Microsoft Word", Producer: "Adobe Acrobat Pro 2024"}, StatusReview},
		{&ocr.PDFInfo{Creator: "Preview", Producer: "macOS Version 14.0 (Build 23A344) Quartz PDFContext"}, StatusAnalyzed},
	} {
		d := docOf(text)
		d.PDF = c.info
		if got := Extract(d, Options{}); got.Status != c.want || len(got.Tamper) == 0 {
			t.Errorf("%+v: status %s with signs %v, want %s", *c.info, got.Status, got.Tamper, c.want)
		}
	}
}

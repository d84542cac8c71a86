package pipeline_test

import (
	"fmt"
	"strings"
	"testing"

	"talaan/extract"
	"talaan/internal/pipeline"
	"talaan/ocr"
	"talaan/tools/docgen"
	"talaan/tools/eval"
)

// Held-out layouts are never tuned against, so these tests assert only what
// must hold on any payslip, never how much is read: the file is read (no
// ERROR), and no value published without review is wrong (precision). A
// document taken for something else (UNSUPPORTED) or a field left empty is a
// miss the accuracy harness counts (`make accuracy -gen N`, the
// generated-heldout set), not a failure here.

// heldOutLayouts lists the payslip templates of the held-out family, as
// they land in docgen.
func heldOutLayouts(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, l := range docgen.PayslipLayouts() {
		if f, _ := docgen.PayslipLayoutFamily(l); f == docgen.FamilyHeldOut {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		t.Skip("the held-out family has no payslip templates yet")
	}
	return out
}

// tuningLayouts lists the payslip templates the extractor may be tuned
// against: the only ones whose truth a test may demand.
func tuningLayouts() []string {
	var out []string
	for _, l := range docgen.PayslipLayouts() {
		if f, _ := docgen.PayslipLayoutFamily(l); f == docgen.FamilyTuning {
			out = append(out, l)
		}
	}
	return out
}

// TestProcessHeldOutDigitalNeverPublishesAWrongValue runs every held-out
// payslip layout, as generated (a PDF with a text layer), through the whole
// engine.
func TestProcessHeldOutDigitalNeverPublishesAWrongValue(t *testing.T) {
	t.Parallel()
	p := &pipeline.Pipeline{Reader: &ocr.Reader{}}
	for _, l := range heldOutLayouts(t) {
		for _, s := range seeds {
			t.Run(fmt.Sprintf("%s/seed%d", l, s), func(t *testing.T) {
				t.Parallel()
				doc, err := docgen.NewFamily(s, docgen.FamilyHeldOut).PayslipLayout(l, 1)
				if err != nil {
					t.Fatal(err)
				}
				checkHeldOut(t, doc, docgen.QualityDigital, process(t, p, doc.PDF))
			})
		}
	}
}

// TestProcessHeldOutScanNeverPublishesAWrongValue runs every held-out
// payslip layout, scanned, through real Tesseract.
func TestProcessHeldOutScanNeverPublishesAWrongValue(t *testing.T) {
	layouts := heldOutLayouts(t)
	if testing.Short() {
		t.Skip("runs Tesseract")
	}
	p := &pipeline.Pipeline{Reader: &ocr.Reader{Engine: tesseractPool(t)}}
	for _, l := range layouts {
		t.Run(l+"/scan", func(t *testing.T) {
			doc, err := docgen.NewFamily(1, docgen.FamilyHeldOut).PayslipLayout(l, 1)
			if err != nil {
				t.Fatal(err)
			}
			data, _, err := docgen.Render(t.Context(), doc, docgen.QualityScan)
			if err != nil {
				t.Fatal(err)
			}
			checkHeldOut(t, doc, docgen.QualityScan, process(t, p, data))
		})
	}
}

// checkHeldOut fails t when out is an ERROR or publishes a value that
// differs from the truth, as the accuracy harness compares them
// (eval.Compare: a filled field the label has empty is wrong too; a field
// left empty is a miss, not a wrong value).
func checkHeldOut(t *testing.T, doc docgen.Doc, q docgen.Quality, out pipeline.Output) {
	t.Helper()
	switch out.Status {
	case extract.StatusAnalyzed:
	case extract.StatusReview, extract.StatusUnsupported:
		t.Logf("%s (%s): a miss, counted by make accuracy", out.Status, out.ErrorCode)
		return
	default:
		t.Fatalf("status %s (%s %s), want the file read (%s)", out.Status, out.ErrorCode, out.ErrorMessage, doc.Notes)
	}
	if wrong := wrongValues(t, doc, q, out); len(wrong) > 0 {
		t.Errorf("published as ANALYZED with %d wrong values:\n%s\n(%s)", len(wrong), strings.Join(wrong, "\n"), doc.Notes)
	}
}

// wrongValues lists the values out publishes as ANALYZED that differ from
// the truth; it logs a miss (REVIEW, UNSUPPORTED, a field left empty).
func wrongValues(t *testing.T, doc docgen.Doc, q docgen.Quality, out pipeline.Output) []string {
	t.Helper()
	if out.Status != extract.StatusAnalyzed {
		return nil
	}
	l := doc.Label("doc", q, "")
	r := eval.Compare(eval.Case{File: l.File, Kind: l.Kind, Quality: l.Quality, Expect: l.Expect, Incomes: l.Incomes}, out)
	if r.PublishedEmpty > 0 {
		t.Logf("published with %d fields left empty: a miss, counted by make accuracy", r.PublishedEmpty)
	}
	if r.ConfidentlyWrong == 0 {
		return nil
	}
	var wrong []string
	for _, d := range r.Diffs {
		switch {
		case d.Missing:
			wrong = append(wrong, fmt.Sprintf("income %d missing", d.Income+1))
		case d.Extra:
			wrong = append(wrong, fmt.Sprintf("extra income %d: %s %s", d.Income+1, d.Field, d.Got))
		case d.Got == "null":
			// left empty: a miss
		default:
			wrong = append(wrong, fmt.Sprintf("%s: got %s, want %s", d.Field, d.Got, d.Want))
		}
	}
	return wrong
}

// moreTuningLayouts are the tuning templates added in the later tuning
// rounds (tuning_more.go, tuning_next.go and tuning_fifth.go in docgen): they are held to
// what any payslip must give, like the held-out ones, over more seeds and
// renderings than the truth test runs.
func moreTuningLayouts() []string {
	var out []string
	for _, l := range tuningLayouts() {
		if strings.HasPrefix(l, "tm-") || strings.HasPrefix(l, "tn-") || strings.HasPrefix(l, "t5-") {
			out = append(out, l)
		}
	}
	return out
}

// TestProcessNewTuningLayoutsNeverPublishAWrongValue runs the newest tuning
// templates, digital over more seeds than the truth test, through the whole
// engine: the file is read and nothing published is wrong.
func TestProcessNewTuningLayoutsNeverPublishAWrongValue(t *testing.T) {
	t.Parallel()
	p := &pipeline.Pipeline{Reader: &ocr.Reader{}}
	for _, l := range moreTuningLayouts() {
		for s := int64(1); s <= 8; s++ {
			t.Run(fmt.Sprintf("%s/seed%d", l, s), func(t *testing.T) {
				t.Parallel()
				doc, err := docgen.New(s).PayslipLayout(l, 1)
				if err != nil {
					t.Fatal(err)
				}
				checkHeldOut(t, doc, docgen.QualityDigital, process(t, p, doc.PDF))
			})
		}
	}
}

// TestProcessNewTuningLayoutsOCRNeverPublishesAWrongValue runs each of the
// newest tuning templates once scanned or photographed through real
// Tesseract.
func TestProcessNewTuningLayoutsOCRNeverPublishesAWrongValue(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Tesseract")
	}
	p := &pipeline.Pipeline{Reader: &ocr.Reader{Engine: tesseractPool(t)}}
	for i, l := range moreTuningLayouts() {
		q := []docgen.Quality{docgen.QualityScan, docgen.QualityPhoto}[i%2]
		t.Run(fmt.Sprintf("%s/%s", l, q), func(t *testing.T) {
			doc, err := docgen.New(1).PayslipLayout(l, 1)
			if err != nil {
				t.Fatal(err)
			}
			data, _, err := docgen.Render(t.Context(), doc, q)
			if err != nil {
				t.Fatal(err)
			}
			checkHeldOut(t, doc, q, process(t, p, data))
		})
	}
}

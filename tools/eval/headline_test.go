package eval

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"slices"
	"strings"
	"testing"

	"talaan/extract"
	"talaan/internal/pipeline"
	"talaan/tools/docgen"
)

func TestHeadlineCountsOnlyPublishedFieldsStraightThrough(t *testing.T) {
	t.Parallel()
	income := func(status extract.Status, fields, right, published, wrong int) FileResult {
		return FileResult{Expect: ExpectIncome, Status: string(status), Fields: fields, Right: right,
			Published: published, ConfidentlyWrong: wrong}
	}
	withEmpty := func(r FileResult, empty int) FileResult { r.PublishedEmpty = empty; return r }
	tests := []struct {
		name    string
		results []FileResult
		want    Headline
	}{
		{
			name:    "published and right",
			results: []FileResult{income(extract.StatusAnalyzed, 9, 9, 9, 0)},
			want: Headline{StraightThrough: Ratio{9, 9}, NoReview: Ratio{1, 1}, PublishedWrong: Ratio{0, 9},
				PublishedEmpty: Ratio{0, 9}, ReviewPrefill: Ratio{0, 0}, ReadRight: Ratio{9, 9}},
		},
		{
			name:    "a field left empty on a published document is a miss, not a wrong value",
			results: []FileResult{withEmpty(income(extract.StatusAnalyzed, 9, 8, 8, 0), 1)},
			want: Headline{StraightThrough: Ratio{8, 9}, NoReview: Ratio{1, 1}, PublishedWrong: Ratio{0, 8},
				PublishedEmpty: Ratio{1, 9}, ReadRight: Ratio{8, 9}},
		},
		{
			name:    "a document sent to review is not right straight through, however well read",
			results: []FileResult{income(extract.StatusReview, 9, 9, 0, 0)},
			want: Headline{StraightThrough: Ratio{0, 9}, NoReview: Ratio{0, 1}, PublishedWrong: Ratio{0, 0},
				ReviewPrefill: Ratio{9, 9}, ReadRight: Ratio{9, 9}},
		},
		{
			name:    "an error leaves every labelled field not right",
			results: []FileResult{income(extract.StatusError, 9, 0, 0, 0)},
			want:    Headline{StraightThrough: Ratio{0, 9}, NoReview: Ratio{0, 1}, ReadRight: Ratio{0, 9}},
		},
		{
			name:    "two incomes published, one field wrong",
			results: []FileResult{income(extract.StatusAnalyzed, 18, 17, 18, 1)},
			want: Headline{StraightThrough: Ratio{17, 18}, NoReview: Ratio{1, 1}, PublishedWrong: Ratio{1, 18},
				PublishedEmpty: Ratio{0, 18}, ReadRight: Ratio{17, 18}},
		},
		{
			name: "a negative published with an income counts in published-wrong only",
			results: []FileResult{{Expect: ExpectUnsupported, Status: string(extract.StatusAnalyzed),
				Produced: 1, Published: 9, ConfidentlyWrong: 5}},
			want: Headline{PublishedWrong: Ratio{5, 9}},
		},
		{
			name: "a negative sent to review is not a review prefill",
			results: []FileResult{{Expect: ExpectUnsupported, Status: string(extract.StatusReview), Produced: 1},
				income(extract.StatusReview, 9, 4, 0, 0)},
			want: Headline{StraightThrough: Ratio{0, 9}, NoReview: Ratio{0, 1}, ReviewPrefill: Ratio{4, 9}, ReadRight: Ratio{4, 9}},
		},
		{
			name: "mixed",
			results: []FileResult{income(extract.StatusAnalyzed, 9, 9, 9, 0), income(extract.StatusAnalyzed, 9, 8, 9, 1),
				income(extract.StatusReview, 9, 7, 0, 0), income(extract.StatusReview, 9, 9, 0, 0),
				income(extract.StatusUnsupported, 9, 0, 0, 0)},
			want: Headline{StraightThrough: Ratio{17, 45}, NoReview: Ratio{2, 5}, PublishedWrong: Ratio{1, 18},
				PublishedEmpty: Ratio{0, 18}, ReviewPrefill: Ratio{16, 18}, ReadRight: Ratio{33, 45}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Summarize("t", tt.results).Headline; got != tt.want {
				t.Errorf("headline\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestSummarizeHeadlineOfFixture(t *testing.T) {
	t.Parallel()
	s := summarizeFixture(t)
	// Income documents: a.pdf (ANALYZED, 9 right), a.png (ANALYZED, 8 right,
	// 1 wrong), a.jpg (ERROR), w.pdf (REVIEW, 8 right); n2.pdf is a negative
	// sent to review with an extra income.
	want := Headline{StraightThrough: Ratio{17, 36}, NoReview: Ratio{2, 4}, PublishedWrong: Ratio{1, 18},
		PublishedEmpty: Ratio{0, 18}, ReviewPrefill: Ratio{8, 9}, ReadRight: Ratio{25, 36}}
	if s.Headline != want {
		t.Errorf("headline\n got %+v\nwant %+v", s.Headline, want)
	}
	byQuality := map[string]Headline{}
	for _, g := range s.ByQuality {
		byQuality[g.Name] = g.Headline
	}
	wantDigital := Headline{StraightThrough: Ratio{9, 18}, NoReview: Ratio{1, 2}, PublishedWrong: Ratio{0, 9},
		PublishedEmpty: Ratio{0, 9}, ReviewPrefill: Ratio{8, 9}, ReadRight: Ratio{17, 18}}
	if got := byQuality["digital"]; got != wantDigital {
		t.Errorf("digital\n got %+v\nwant %+v", got, wantDigital)
	}
	byKind := map[string]Headline{}
	for _, g := range s.ByKind {
		byKind[g.Name] = g.Headline
	}
	wantSlip := Headline{StraightThrough: Ratio{17, 27}, NoReview: Ratio{2, 3}, PublishedWrong: Ratio{1, 18},
		PublishedEmpty: Ratio{0, 18}, ReadRight: Ratio{17, 27}}
	if got := byKind["payslip"]; got != wantSlip {
		t.Errorf("payslip\n got %+v\nwant %+v", got, wantSlip)
	}
}

// withConfidences gives out one record per income whose fields carry the
// given confidences (a field not in confs has no evidence).
func withConfidences(out pipeline.Output, confs ...map[string]float64) pipeline.Output {
	for _, c := range confs {
		fields := map[string]extract.Field{}
		for name, v := range c {
			fields[name] = extract.Field{Confidence: v}
		}
		out.Records = append(out.Records, pipeline.Record{Fields: fields})
	}
	return out
}

func TestCompareRecordsConfidences(t *testing.T) {
	t.Parallel()
	w2conf := map[string]float64{"employer": 0.3, "startDate": 0.95, "endDate": 0.95, "frequency": 0.99,
		"currency": 0.98, "grossAmount": 0.9, "payDate": 0.5}
	tests := []struct {
		name string
		c    Case
		out  pipeline.Output
		want []FieldConfidence
	}{
		{
			name: "published: filled fields only, empty ones and those without evidence left out",
			c:    incomeCase(w2()),
			out: withConfidences(output(extract.StatusAnalyzed, with(w2(), func(in *extract.Income) { in.GrossAmount = num(1) })),
				map[string]float64{"employer": 0.9, "startDate": 0.95, "grossAmount": 0.85, "payDate": 0.5}),
			want: []FieldConfidence{
				{Field: "employer", Confidence: 0.9, Right: true, Published: true},
				{Field: "startDate", Confidence: 0.95, Right: true, Published: true},
				{Field: "grossAmount", Confidence: 0.85, Right: false, Published: true},
			},
		},
		{
			name: "doubted",
			c:    incomeCase(w2()),
			out: withConfidences(output(extract.StatusReview, with(w2(), func(in *extract.Income) { in.Employer = str("W-2 Wage") })),
				w2conf),
			want: []FieldConfidence{
				{Field: "employer", Confidence: 0.3, Right: false},
				{Field: "startDate", Confidence: 0.95, Right: true},
				{Field: "endDate", Confidence: 0.95, Right: true},
				{Field: "frequency", Confidence: 0.99, Right: true},
				{Field: "currency", Confidence: 0.98, Right: true},
				{Field: "grossAmount", Confidence: 0.9, Right: true},
			},
		},
		{
			name: "an income the label does not have is wrong in each field it fills",
			c:    Case{File: "n.pdf", Kind: "other", Quality: "digital", Expect: ExpectUnsupported},
			out: withConfidences(output(extract.StatusAnalyzed, extract.Income{Employer: str("X"), GrossAmount: num(5)}),
				map[string]float64{"employer": 0.8, "grossAmount": 0.99}),
			want: []FieldConfidence{
				{Field: "employer", Confidence: 0.8, Right: false, Published: true},
				{Field: "grossAmount", Confidence: 0.99, Right: false, Published: true},
			},
		},
		{
			name: "neither published nor doubted: not recorded",
			c:    incomeCase(w2()),
			out:  withConfidences(output(extract.StatusError, w2()), w2conf),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Compare(tt.c, tt.out).Confidences
			if !slices.Equal(got, tt.want) {
				t.Errorf("confidences\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReliabilityBinsByTenths(t *testing.T) {
	t.Parallel()
	points := []FieldConfidence{
		{Confidence: 0, Right: false, Published: false},
		{Confidence: 0.05, Right: true, Published: false},
		{Confidence: 0.1, Right: true, Published: false},
		{Confidence: 0.35, Right: false, Published: false},
		{Confidence: 0.31, Right: true, Published: false},
		{Confidence: 0.95, Right: true, Published: true},
		{Confidence: 1, Right: true, Published: true},
		{Confidence: 1.2, Right: false, Published: true},
		{Confidence: 0.85, Right: true, Published: true},
		{Confidence: -0.1, Right: true, Published: true},
	}
	rel := NewReliability([]FileResult{{Confidences: points[:4]}, {Confidences: points[4:]}})
	type row struct{ fields, right int }
	wantDoubted := []row{{2, 1}, {1, 1}, {0, 0}, {2, 1}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}}
	wantPublished := []row{{1, 1}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {1, 1}, {3, 2}}
	check := func(what string, bins []Bin, want []row) {
		t.Helper()
		if len(bins) != Bins {
			t.Fatalf("%s: %d bins", what, len(bins))
		}
		for i, b := range bins {
			if (row{b.Fields, b.Right}) != want[i] {
				t.Errorf("%s bin %d (%.1f-%.1f) = %d fields %d right, want %+v", what, i, b.Lo, b.Hi, b.Fields, b.Right, want[i])
			}
		}
	}
	check("doubted", rel.Doubted, wantDoubted)
	check("published", rel.Published, wantPublished)
	if b := rel.Doubted[3]; !near(b.MeanConfidence(), 0.33) || b.Share() != 0.5 {
		t.Errorf("doubted 0.3-0.4: mean %v share %v, want 0.33 and 0.5", b.MeanConfidence(), b.Share())
	}
	if b := rel.Published[9]; !near(b.MeanConfidence(), (0.95+1+1)/3) || !near(b.Share(), 2.0/3) {
		t.Errorf("published 0.9-1.0: mean %v share %v", b.MeanConfidence(), b.Share())
	}
	if b := rel.Doubted[5]; b.Share() != -1 || b.MeanConfidence() != -1 {
		t.Errorf("empty bin: share %v mean %v, want -1", b.Share(), b.MeanConfidence())
	}
	if b := rel.Published[4]; !near(b.Lo, 0.4) || !near(b.Hi, 0.5) {
		t.Errorf("bin 4 is %v-%v", b.Lo, b.Hi)
	}

	m := Merge(rel, rel)
	if m.Published[9].Fields != 6 || m.Published[9].Right != 4 || m.Doubted[0].Fields != 4 || !near(m.Doubted[3].ConfSum, 1.32) {
		t.Errorf("merged %+v", m)
	}

	var buf bytes.Buffer
	if err := WriteReliability(&buf, "confidence", rel); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	for _, want := range []string{
		"confidence published right mean conf doubted right mean conf",
		"0.0-0.1 1 100.0% 0.00 2 50.0% 0.03",
		"0.3-0.4 0 - - 2 50.0% 0.33",
		"0.9-1.0 3 66.7% 0.98 0 - -",
	} {
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.Join(strings.Fields(l), " ") == want }) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestWriteReliabilityPlotIsAPNG(t *testing.T) {
	t.Parallel()
	rel := NewReliability([]FileResult{{Confidences: []FieldConfidence{
		{Confidence: 0.95, Right: true, Published: true}, {Confidence: 0.85, Right: true, Published: true},
		{Confidence: 0.4, Right: false}, {Confidence: 0.7, Right: true},
	}}})
	var buf bytes.Buffer
	if err := WriteReliabilityPlot(&buf, "test", rel); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 300 {
		t.Errorf("plot is %v", b)
	}
	// Nothing to draw is still a plot (the diagonal), not an error.
	buf.Reset()
	if err := WriteReliabilityPlot(&buf, "empty", Reliability{Published: emptyBins(), Doubted: emptyBins()}); err != nil {
		t.Fatal(err)
	}
}

func TestWriteSideBySide(t *testing.T) {
	t.Parallel()
	cases, outs := fixture()
	var tuning, heldout []FileResult
	for _, c := range cases {
		r := Compare(c, outs[c.File])
		tuning = append(tuning, r)
		if c.Quality == "digital" {
			heldout = append(heldout, r)
		}
	}
	var buf bytes.Buffer
	err := WriteSideBySide(&buf, []Summary{Summarize("generated-tuning", tuning), Summarize("generated-heldout", heldout)})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(buf.String(), "\n") {
		lines = append(lines, strings.Join(strings.Fields(l), " "))
	}
	want := []string{
		"== headline == generated-tuning (6 files) generated-heldout (2 files)",
		"straight-through field accuracy 17/36 (47.2%) 9/18 (50.0%)",
		"documents with no review 2/4 (50.0%) 1/2 (50.0%)",
		"published-wrong 1/18 (5.6%) 0/9 (0.0%)",
		"review prefill 8/9 (88.9%) 8/9 (88.9%)",
		"fields read right (incl. review) 25/36 (69.4%) 17/18 (94.4%)",
		"straight-through: digital 9/18 (50.0%) 9/18 (50.0%)",
		"straight-through: scan 8/9 (88.9%) -",
		"straight-through: photo 0/0 (-) -",
		"straight-through: low-res 0/9 (0.0%) -",
		"no review: digital 1/2 (50.0%) 1/2 (50.0%)",
		"no review: scan 1/1 (100.0%) -",
		"no review: low-res 0/1 (0.0%) -",
	}
	for _, w := range want {
		if !slices.Contains(lines, w) {
			t.Errorf("side by side lacks %q:\n%s", w, buf.String())
		}
	}
}

func TestGenerateFamilies(t *testing.T) {
	t.Parallel()
	tuning := FamilyLayouts(docgen.FamilyTuning)
	if !slices.Contains(tuning, "table4") {
		t.Errorf("tuning layouts %v lack table4", tuning)
	}
	heldout := FamilyLayouts(docgen.FamilyHeldOut)
	if len(tuning)+len(heldout) != len(docgen.PayslipLayouts()) {
		t.Errorf("%d tuning + %d held-out layouts, want all %d", len(tuning), len(heldout), len(docgen.PayslipLayouts()))
	}
	for _, l := range heldout {
		if slices.Contains(tuning, l) {
			t.Errorf("%s is in both families", l)
		}
	}
	if q := FamilyQualities(docgen.FamilyHeldOut); !slices.Equal(q[:len(docgen.Qualities())], docgen.Qualities()) {
		t.Errorf("held-out qualities %v do not start with every docgen quality", q)
	}

	for _, fam := range docgen.Families() {
		t.Run(fam, func(t *testing.T) {
			t.Parallel()
			// One document: it falls on the first quality, digital, so no
			// rasterising is needed.
			set, err := Generate(context.Background(), fam, 1, 7, nil)
			if len(FamilyLayouts(fam)) == 0 {
				if !errors.Is(err, ErrEmptyFamily) {
					t.Fatalf("empty family: err %v, want ErrEmptyFamily", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if set.Name != "generated-"+fam || len(set.Cases) != 1 {
				t.Fatalf("set %s with %d cases", set.Name, len(set.Cases))
			}
			c := set.Cases[0]
			if !strings.HasPrefix(c.File, "gen-"+fam+"-001-") || c.Quality != "digital" || len(c.Data) == 0 {
				t.Errorf("case %s quality %s, %d bytes", c.File, c.Quality, len(c.Data))
			}
			if err := c.validate(); err != nil {
				t.Error(err)
			}
		})
	}
}

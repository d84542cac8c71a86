package eval

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"talaan/extract"
	"talaan/internal/pipeline"
)

// fixture is a small corpus: one payslip in three qualities (one copy read
// right, one with a wrong net, one missed), a W-2, and two negatives.
func fixture() ([]Case, map[string]pipeline.Output) {
	neg := func(file string) Case {
		return Case{File: file, Kind: "1099", Quality: "photo", Expect: ExpectUnsupported, Incomes: []extract.Income{}}
	}
	cases := []Case{
		{File: "a.pdf", Kind: "payslip", Quality: "digital", Expect: ExpectIncome, Incomes: []extract.Income{payslip()}},
		{File: "a.png", Kind: "payslip", Quality: "scan", Expect: ExpectIncome, Incomes: []extract.Income{payslip()}},
		{File: "a.jpg", Kind: "payslip", Quality: "lowres", Expect: ExpectIncome, Incomes: []extract.Income{payslip()}},
		{File: "w.pdf", Kind: "w2", Quality: "digital", Expect: ExpectIncome, Incomes: []extract.Income{w2()}},
		neg("n1.pdf"),
		neg("n2.pdf"),
	}
	outs := map[string]pipeline.Output{
		"a.pdf":  output(extract.StatusAnalyzed, payslip()),
		"a.png":  output(extract.StatusAnalyzed, with(payslip(), func(in *extract.Income) { in.NetAmount = num(1) })),
		"a.jpg":  output(extract.StatusError),
		"w.pdf":  output(extract.StatusReview, with(w2(), func(in *extract.Income) { in.Employer = str("Someone") })),
		"n1.pdf": output(extract.StatusUnsupported),
		"n2.pdf": output(extract.StatusReview, w2()),
	}
	return cases, outs
}

func summarizeFixture(t *testing.T) Summary {
	t.Helper()
	cases, outs := fixture()
	var results []FileResult
	for _, c := range cases {
		results = append(results, Compare(c, outs[c.File]))
	}
	return Summarize("fixture", results)
}

func TestSummarizeHeadline(t *testing.T) {
	t.Parallel()
	s := summarizeFixture(t)
	// Expected fields: 4 incomes x 9 = 36; right: 9 + 8 + 0 + 8.
	checks := []struct {
		what      string
		got, want Ratio
	}{
		{"read right", s.Headline.ReadRight, Ratio{25, 36}},
		{"fully right", s.FullyRight, Ratio{2, 6}},
		{"review", s.Review, Ratio{2, 6}},
		{"negatives unsupported", s.Negatives, Ratio{1, 2}},
		{"published-wrong", s.Headline.PublishedWrong, Ratio{1, 18}},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %+v, want %+v", c.what, c.got, c.want)
		}
	}
	if s.NegativeIncomes != 1 {
		t.Errorf("incomes on negatives = %d, want 1", s.NegativeIncomes)
	}
	if s.Statuses["ANALYZED"] != 2 || s.Statuses["REVIEW"] != 2 || s.Statuses["ERROR"] != 1 || s.Statuses["UNSUPPORTED"] != 1 {
		t.Errorf("statuses = %v", s.Statuses)
	}
}

func TestSummarizeFieldAccuracy(t *testing.T) {
	t.Parallel()
	s := summarizeFixture(t)
	want := map[string]Ratio{
		"employer": {2, 4}, "startDate": {3, 4}, "endDate": {3, 4}, "payDate": {3, 4}, "frequency": {3, 4},
		"currency": {3, 4}, "baseAmount": {3, 4}, "grossAmount": {3, 4}, "netAmount": {2, 4},
	}
	if len(s.Fields) != len(FieldNames()) {
		t.Fatalf("%d field rows, want %d", len(s.Fields), len(FieldNames()))
	}
	for _, f := range s.Fields {
		if f.Ratio != want[f.Field] {
			t.Errorf("%s = %+v, want %+v", f.Field, f.Ratio, want[f.Field])
		}
	}
}

func TestSummarizeGroups(t *testing.T) {
	t.Parallel()
	s := summarizeFixture(t)
	byName := func(rows []Group) map[string]Group {
		m := map[string]Group{}
		for _, g := range rows {
			m[g.Name] = g
		}
		return m
	}
	q := byName(s.ByQuality)
	var names []string
	for _, g := range s.ByQuality {
		names = append(names, g.Name)
	}
	if got := strings.Join(names, ","); got != "digital,digital-raster,scan,photo,low-res" {
		t.Errorf("quality rows %s", got)
	}
	if g := q["digital"]; g.Files != 2 || g.ReadRight != (Ratio{17, 18}) || g.FullyRight != (Ratio{1, 2}) || g.Review != 1 {
		t.Errorf("digital row %+v", g)
	}
	if g := q["low-res"]; g.Files != 1 || g.ReadRight != (Ratio{0, 9}) {
		t.Errorf("low-res row %+v (lowres must count as low-res)", g)
	}
	if g := q["photo"]; g.Files != 2 || g.FullyRight != (Ratio{1, 2}) || g.ReadRight.Of != 0 {
		t.Errorf("photo row %+v", g)
	}
	k := byName(s.ByKind)
	if g := k["payslip"]; g.Files != 3 || g.ReadRight != (Ratio{17, 27}) || g.PublishedWrong != (Ratio{1, 18}) {
		t.Errorf("payslip row %+v", g)
	}
	if g := k["bir2316"]; g.Files != 0 {
		t.Errorf("bir2316 row %+v", g)
	}
}

func TestSummarizeDistinctWeighsCopiesOnce(t *testing.T) {
	t.Parallel()
	s := summarizeFixture(t)
	// Documents: the payslip (3 copies: 9, 8, 0 right; 1 of 3 fully right),
	// the W-2 (8 right), two negatives (one right).
	want := Distinct{Docs: 4, FieldRight: 17.0/3 + 8, FieldTotal: 18, FullyRight: 1.0/3 + 0 + 1 + 0}
	d := s.Distinct
	if d.Docs != want.Docs || d.FieldTotal != want.FieldTotal ||
		!near(d.FieldRight, want.FieldRight) || !near(d.FullyRight, want.FullyRight) {
		t.Errorf("distinct = %+v, want %+v", d, want)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestWriteSummaryAndFiles(t *testing.T) {
	t.Parallel()
	cases, outs := fixture()
	var results []FileResult
	for _, c := range cases {
		results = append(results, Compare(c, outs[c.File]))
	}
	var buf bytes.Buffer
	if err := WriteSummary(&buf, Summarize("fixture", results)); err != nil {
		t.Fatal(err)
	}
	if err := WriteFiles(&buf, results); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, want := range []string{
		"fields read right (incl. review)  25/36 (69.4%)",
		"published-wrong                   1/18 (5.6%)",
		"distinct documents                4: fields read right 13.7/18 (75.9%), fully right 1.3/4 (33.3%)",
		"netAmount: got 1 want 10450.21",
		"income 1 missing (all fields wrong)",
		"employer: got \"Someone\" want \"Richardson-Brown PLC\"",
		"expected UNSUPPORTED",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

type fakeProcessor struct {
	outs map[string]pipeline.Output
	fail map[string]error
}

func (f fakeProcessor) Process(ctx context.Context, name string, data []byte) (pipeline.Output, error) {
	if err := f.fail[name]; err != nil {
		return pipeline.Output{}, err
	}
	if string(data) != "bytes of "+name {
		return pipeline.Output{}, errors.New("wrong bytes")
	}
	return f.outs[name], nil
}

func TestRunKeepsOrderAndRecordsFailures(t *testing.T) {
	t.Parallel()
	cases, outs := fixture()
	for i := range cases {
		cases[i].Data = []byte("bytes of " + cases[i].File)
	}
	p := fakeProcessor{outs: outs, fail: map[string]error{"w.pdf": errors.New("engine crashed")}}
	results, err := Run(context.Background(), p, Set{Name: "fixture", Cases: cases}, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		if r.File != cases[i].File {
			t.Fatalf("result %d is %s, want %s", i, r.File, cases[i].File)
		}
	}
	if r := results[3]; r.Failure != "engine crashed" || r.Status != "ERROR" || r.Right != 0 {
		t.Errorf("failed file = %+v", r)
	}
	if r := results[0]; !r.FullyRight {
		t.Errorf("first file = %+v", r)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	t.Parallel()
	cases, outs := fixture()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, fakeProcessor{outs: outs}, Set{Name: "fixture", Cases: cases}, 2, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	labels := `{"file": "files/a.pdf", "kind": "payslip", "quality": "lowres", "expect": "income", "notes": "x", "incomes": [{"employer": "A", "startDate": null, "endDate": null, "payDate": null, "frequency": null, "currency": "PHP", "baseAmount": null, "grossAmount": 10.5, "netAmount": null}]}
{"file": "files/b.pdf", "kind": "other", "quality": "photo", "expect": "unsupported", "incomes": []}
`
	if err := os.WriteFile(filepath.Join(dir, "labels.jsonl"), []byte(labels), 0o600); err != nil {
		t.Fatal(err)
	}
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if set.Name != filepath.Base(dir) || len(set.Cases) != 2 {
		t.Fatalf("set %+v", set)
	}
	a := set.Cases[0]
	if a.Quality != "low-res" || a.Path != filepath.Join(dir, "files", "a.pdf") ||
		*a.Incomes[0].GrossAmount != 10.5 || a.Incomes[0].StartDate != nil {
		t.Errorf("case a = %+v", a)
	}
	if got := set.Filter(regexp.MustCompile(`b\.pdf$`)); len(got.Cases) != 1 || got.Cases[0].File != "files/b.pdf" {
		t.Errorf("filter kept %+v", got.Cases)
	}
}

func TestLoadRejectsBadLabels(t *testing.T) {
	t.Parallel()
	for name, line := range map[string]string{
		"unknown expect":          `{"file": "a", "expect": "maybe", "incomes": []}`,
		"income without incomes":  `{"file": "a", "expect": "income", "incomes": []}`,
		"negative with an income": `{"file": "a", "expect": "unsupported", "incomes": [{"employer": "A"}]}`,
		"not json":                `{"file": `,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "labels.jsonl"), []byte(line+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := Load(dir); err == nil {
				t.Error("Load accepted a bad label")
			}
		})
	}
}

func TestReviewReasonsCountDoubtKinds(t *testing.T) {
	c := Case{File: "a.pdf", Kind: "payslip", Quality: "digital", Expect: ExpectIncome, Incomes: []extract.Income{payslip()}}
	right := output(extract.StatusReview, payslip())
	right.Doubts = []extract.Doubt{{Kind: extract.DoubtUncertain, Field: "netAmount", Confidence: 0.72}}
	wrong := output(extract.StatusReview, with(payslip(), func(in *extract.Income) { in.NetAmount = num(1) }))
	wrong.Doubts = []extract.Doubt{{Kind: extract.DoubtUncertain, Field: "netAmount", Confidence: 0.30},
		{Kind: extract.DoubtCheck, Field: "net_not_above_gross"}, {Kind: extract.DoubtUncertain, Field: "netAmount", Confidence: 0.31}}
	published := output(extract.StatusAnalyzed, payslip())
	published.Doubts = []extract.Doubt{{Kind: extract.DoubtOther, Detail: "ignored: the document was not sent to review"}}
	results := []FileResult{Compare(c, right), Compare(c, wrong), Compare(c, published)}
	if got := results[1].Doubts; len(got) != 2 || got[0] != "netAmount uncertain" {
		t.Fatalf("doubts of the wrong reading = %q, want each kind once without numbers", got)
	}
	got := Summarize("s", results).ReviewReasons
	want := []ReviewReason{
		{Reason: "netAmount uncertain", Docs: 2, Alone: 1, FullyRight: 1},
		{Reason: "check failed: net_not_above_gross", Docs: 1, Alone: 0, FullyRight: 0},
	}
	if len(got) != len(want) {
		t.Fatalf("review reasons = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("review reason %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	var buf bytes.Buffer
	if err := WriteSummary(&buf, Summarize("s", results)); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`netAmount uncertain\s+2\s+1\s+1`).MatchString(buf.String()) {
		t.Errorf("summary does not print the reasons table:\n%s", buf.String())
	}
}

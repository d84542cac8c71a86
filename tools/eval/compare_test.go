package eval

import (
	"strings"
	"testing"

	"talaan/extract"
	"talaan/internal/pipeline"
)

func str(s string) *string   { return &s }
func num(f float64) *float64 { return &f }
func payslip() extract.Income { // a fully filled label
	return extract.Income{
		Employer: str("Ginhawa Wellness Spa, Inc."), StartDate: str("2026-07-01"), EndDate: str("2026-07-15"),
		PayDate: str("2026-07-15"), Frequency: str("Semimonthly"), Currency: str("PHP"),
		BaseAmount: num(12975), GrossAmount: num(13325), NetAmount: num(10450.21),
	}
}

func w2() extract.Income { // a label with nulls
	return extract.Income{
		Employer: str("Richardson-Brown PLC"), StartDate: str("2010-01-01"), EndDate: str("2010-12-31"),
		Frequency: str("Annually"), Currency: str("USD"), GrossAmount: num(55151.93),
	}
}

func incomeCase(in ...extract.Income) Case {
	return Case{File: "f.pdf", Kind: "payslip", Quality: "digital", Expect: ExpectIncome, Incomes: in}
}

func output(status extract.Status, in ...extract.Income) pipeline.Output {
	return pipeline.Output{Status: status, Incomes: in}
}

func with(in extract.Income, change func(*extract.Income)) extract.Income {
	change(&in)
	return in
}

func diffFields(r FileResult) string {
	var names []string
	for _, d := range r.Diffs {
		names = append(names, d.Field)
	}
	return strings.Join(names, ",")
}

func TestCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		c          Case
		out        pipeline.Output
		right      int
		fields     int
		diffs      string
		published  int
		confWrong  int
		empty      int
		fullyRight bool
	}{
		{
			name: "identical income is fully right", c: incomeCase(payslip()),
			out: output(extract.StatusAnalyzed, payslip()), right: 9, fields: 9, published: 9, fullyRight: true,
		},
		{
			name: "null equals null", c: incomeCase(w2()),
			out: output(extract.StatusAnalyzed, w2()), right: 9, fields: 9, published: 6, fullyRight: true,
		},
		{
			name: "employer ignores case punctuation and spaces", c: incomeCase(payslip()),
			out: output(extract.StatusReview, with(payslip(), func(in *extract.Income) {
				in.Employer = str("  GINHAWA WELLNESS  SPA INC ")
			})),
			right: 9, fields: 9, fullyRight: true,
		},
		{
			name: "employer with other words is wrong", c: incomeCase(payslip()),
			out: output(extract.StatusReview, with(payslip(), func(in *extract.Income) {
				in.Employer = str("Ginhawa Wellness")
			})),
			right: 8, fields: 9, diffs: "employer",
		},
		{
			name: "amount within half a cent is right", c: incomeCase(payslip()),
			out: output(extract.StatusAnalyzed, with(payslip(), func(in *extract.Income) {
				in.NetAmount = num(10450.214)
				in.GrossAmount = num(13324.996)
			})),
			right: 9, fields: 9, published: 9, fullyRight: true,
		},
		{
			name: "amount a cent off is wrong", c: incomeCase(payslip()),
			out: output(extract.StatusAnalyzed, with(payslip(), func(in *extract.Income) {
				in.NetAmount = num(10450.22)
			})),
			right: 8, fields: 9, diffs: "netAmount", published: 9, confWrong: 1,
		},
		{
			name: "value where label is null is wrong", c: incomeCase(w2()),
			out: output(extract.StatusAnalyzed, with(w2(), func(in *extract.Income) {
				in.NetAmount = num(100)
				in.PayDate = str("2011-01-31")
			})),
			right: 7, fields: 9, diffs: "payDate,netAmount", published: 8, confWrong: 2,
		},
		{
			name: "null where label has a value is a published miss, not a wrong value", c: incomeCase(payslip()),
			out: output(extract.StatusAnalyzed, with(payslip(), func(in *extract.Income) {
				in.Currency = nil
				in.StartDate = nil
			})),
			right: 7, fields: 9, diffs: "startDate,currency", published: 7, empty: 2,
		},
		{
			name: "dates and frequency compare exactly", c: incomeCase(payslip()),
			out: output(extract.StatusReview, with(payslip(), func(in *extract.Income) {
				in.EndDate = str("2026-07-16")
				in.Frequency = str("Monthly")
			})),
			right: 7, fields: 9, diffs: "endDate,frequency",
		},
		{
			name: "currency ignores case", c: incomeCase(payslip()),
			out: output(extract.StatusReview, with(payslip(), func(in *extract.Income) {
				in.Currency = str("php")
			})),
			right: 9, fields: 9, fullyRight: true,
		},
		{
			name: "missing income counts all fields wrong and publishes nothing", c: incomeCase(payslip()),
			out:   output(extract.StatusUnsupported),
			right: 0, fields: 9,
			diffs: "employer,startDate,endDate,payDate,frequency,currency,baseAmount,grossAmount,netAmount",
		},
		{
			name: "second income missing", c: incomeCase(payslip(), w2()),
			out:   output(extract.StatusAnalyzed, payslip()),
			right: 9, fields: 18, published: 9,
			diffs: "employer,startDate,endDate,payDate,frequency,currency,baseAmount,grossAmount,netAmount",
		},
		{
			name: "incomes are matched in order", c: incomeCase(payslip(), w2()),
			out:   output(extract.StatusReview, w2(), payslip()),
			right: 0, fields: 18,
			diffs: "employer,startDate,endDate,payDate,frequency,currency,baseAmount,grossAmount,netAmount," +
				"employer,startDate,endDate,payDate,frequency,currency,baseAmount,grossAmount,netAmount",
		},
		{
			name: "extra income is wrong in the fields it fills", c: incomeCase(payslip()),
			out:   output(extract.StatusAnalyzed, payslip(), w2()),
			right: 9, fields: 9, published: 15, confWrong: 6,
			diffs: "employer,startDate,endDate,frequency,currency,grossAmount",
		},
		{
			name: "negative unsupported is fully right",
			c:    Case{File: "n.pdf", Kind: "other", Expect: ExpectUnsupported, Incomes: []extract.Income{}},
			out:  output(extract.StatusUnsupported), fullyRight: true,
		},
		{
			name: "negative with an analyzed income is confidently wrong",
			c:    Case{File: "n.pdf", Kind: "other", Expect: ExpectUnsupported},
			out:  output(extract.StatusAnalyzed, w2()), published: 6, confWrong: 6,
			diffs: "employer,startDate,endDate,frequency,currency,grossAmount",
		},
		{
			name: "negative in review is not fully right",
			c:    Case{File: "n.pdf", Kind: "other", Expect: ExpectUnsupported},
			out:  output(extract.StatusReview),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Compare(tt.c, tt.out)
			if r.Right != tt.right || r.Fields != tt.fields {
				t.Errorf("right %d of %d, want %d of %d", r.Right, r.Fields, tt.right, tt.fields)
			}
			if got := diffFields(r); got != tt.diffs {
				t.Errorf("wrong fields %q, want %q", got, tt.diffs)
			}
			if r.Published != tt.published || r.ConfidentlyWrong != tt.confWrong {
				t.Errorf("confidently wrong %d of %d published, want %d of %d",
					r.ConfidentlyWrong, r.Published, tt.confWrong, tt.published)
			}
			if r.PublishedEmpty != tt.empty {
				t.Errorf("published but empty %d, want %d", r.PublishedEmpty, tt.empty)
			}
			if r.FullyRight != tt.fullyRight {
				t.Errorf("fully right %v, want %v", r.FullyRight, tt.fullyRight)
			}
		})
	}
}

func TestCompareDiffShowsValues(t *testing.T) {
	t.Parallel()
	r := Compare(incomeCase(payslip()), output(extract.StatusReview, with(payslip(), func(in *extract.Income) {
		in.GrossAmount = num(13352)
		in.PayDate = nil
	})))
	want := []Diff{
		{Field: "payDate", Got: "null", Want: `"2026-07-15"`},
		{Field: "grossAmount", Got: "13352", Want: "13325"},
	}
	if len(r.Diffs) != len(want) {
		t.Fatalf("diffs %+v, want %+v", r.Diffs, want)
	}
	for i := range want {
		if r.Diffs[i] != want[i] {
			t.Errorf("diff %d = %+v, want %+v", i, r.Diffs[i], want[i])
		}
	}
}

func TestNormQuality(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"lowres": "low-res", "low-res": "low-res", "Scan": "scan", "digital": "digital"} {
		if got := NormQuality(in); got != want {
			t.Errorf("NormQuality(%q) = %q, want %q", in, got, want)
		}
	}
}

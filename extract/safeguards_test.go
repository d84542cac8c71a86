package extract

import (
	"testing"

	"talaan/ocr"
)

func failedCheck(r Record, name string) bool {
	for _, c := range r.Checks {
		if c.Name == name && !c.Passed {
			return true
		}
	}
	return false
}

func TestTwoConsistentTriplesAreDoubted(t *testing.T) {
	head := `
Mabuhay Tool Works Corp.
Pay Period: 03/01/2025 - 03/15/2025
`
	tests := []struct {
		name   string
		text   string
		review bool
		gross  float64
	}{
		{
			// A year-to-date block whose header OCR lost, under the
			// period's: both satisfy gross - deductions = net.
			name: "a second block of totals",
			text: head + `
Gross Pay                 15,000.00
Total Deductions           1,250.00
Net Pay                   13,750.00

Gross Pay                 75,000.00
Total Deductions           6,250.00
Net Pay                   68,750.00
`,
			review: true,
		},
		{
			// The same figures as a column beside the captions: the first
			// and smaller figure next to each caption is the period's.
			name: "a year-to-date column beside the period's",
			text: head + `
Gross Pay                 15,000.00     75,000.00
Total Deductions           1,250.00      6,250.00
Net Pay                   13,750.00     68,750.00
`,
			gross: 15000,
		},
		{
			name: "a header that names the columns",
			text: head + `
                          Current       YTD
Gross Pay                 15,000.00     75,000.00
Total Deductions           1,250.00      6,250.00
Net Pay                   13,750.00     68,750.00
`,
			gross: 15000,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(docOf(tt.text), Options{})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records", len(res.Records))
			}
			r := res.Records[0]
			if tt.review {
				if res.Status != StatusReview || !failedCheck(r, "one_consistent_triple") {
					t.Errorf("status %s, checks %+v: want REVIEW with one_consistent_triple failed", res.Status, r.Checks)
				}
				return
			}
			if res.Status != StatusAnalyzed || num(r.Income.GrossAmount) != tt.gross {
				t.Errorf("status %s gross %v doubts %v, want ANALYZED gross %v", res.Status, num(r.Income.GrossAmount), r.Doubts, tt.gross)
			}
		})
	}
}

func TestOptionalFieldsLeftEmptyRatherThanGuessed(t *testing.T) {
	head := `
Mabuhay Tool Works Corp.
Pay Period: 03/01/2025 - 03/15/2025
`
	tests := []struct {
		name      string
		text      string
		conf      float64
		base, pay bool // published
	}{
		{
			name: "a base pay read unsurely on a slip otherwise sure",
			text: head + `
Basic Salary              15,000.00
Gross Pay                 15,562.50
Total Deductions           1,460.20
Net Pay                   14,102.30
`,
			conf: 0.95,
		},
		{
			name: "a daily rate under a basic caption",
			text: head + `
Basic Daily Rate             650.00
Gross Pay                 15,562.50
Total Deductions           1,460.20
Net Pay                   14,102.30
`,
			conf: 1,
		},
		{
			name: "a pay date before the period began",
			text: head + `
Pay Date: 01/15/2025
Gross Pay                 15,562.50
Total Deductions           1,460.20
Net Pay                   14,102.30
`,
			conf: 1,
		},
		{
			name: "a base pay and pay date read clearly",
			text: head + `
Pay Date: 03/15/2025
Basic Salary              15,562.50
Gross Pay                 15,562.50
Total Deductions           1,460.20
Net Pay                   14,102.30
`,
			conf: 1, base: true, pay: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := ocr.SourceText
			if tt.conf < 1 {
				src = ocr.SourceOCR
			}
			doc := &ocr.Document{Type: ocr.TypePNG, Pages: []ocr.Page{pageFromText(1, tt.text, src, tt.conf)}}
			res := Extract(doc, Options{})
			if res.Status != StatusAnalyzed {
				t.Fatalf("status %s, doubts %v: want ANALYZED", res.Status, res.Records[0].Doubts)
			}
			in := res.Records[0].Income
			if (in.BaseAmount != nil) != tt.base || (in.PayDate != nil) != tt.pay {
				t.Errorf("base %v pay date %v, want base published %v, pay date published %v", num(in.BaseAmount), str(in.PayDate), tt.base, tt.pay)
			}
		})
	}
}

func TestGarbledEmployerIsNotPublished(t *testing.T) {
	body := `
Pay Period: 03/01/2025 - 03/15/2025
Basic Salary              15,562.50
Gross Pay                 15,562.50
Total Deductions           1,460.20
Net Pay                   14,102.30
`
	tests := []struct {
		name, text string
		employer   string // published; "" when the employer must be doubted
	}{
		{name: "an unbalanced bracket before the name", text: "VF) Handog Printing Press Co." + body},
		{name: "a bar read for a letter", text: "Acme |nc." + body},
		{name: "the name read cleanly in the footer", text: "VF) Handog Printing Press Co." + body + "\nHandog Printing Press Co.\n",
			employer: "Handog Printing Press Co."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &ocr.Document{Type: ocr.TypePNG, Pages: []ocr.Page{pageFromText(1, tt.text, ocr.SourceOCR, 0.96)}}
			res := Extract(doc, Options{})
			r := res.Records[0]
			if tt.employer == "" {
				if c := r.Fields["employer"].Confidence; c >= minConfidence("employer") || res.Status != StatusReview {
					t.Errorf("employer %q at %.2f, status %s: want it doubted", str(r.Income.Employer), c, res.Status)
				}
				return
			}
			if got := str(r.Income.Employer); got != tt.employer || r.Fields["employer"].Confidence < minConfidence("employer") {
				t.Errorf("employer %q at %.2f, want %q published", got, r.Fields["employer"].Confidence, tt.employer)
			}
		})
	}
}

// Two blank lines end a table: the net printed under the tables, below a
// loan-balance column's header, is not in that column. An amount in the
// column itself still is.
func TestBlankLinesEndATablesColumns(t *testing.T) {
	t.Parallel()
	slip := func(gap string) string {
		return `
MUNICIPAL GOVERNMENT OF BAY
EMPLOYEE'S PAYSLIP
FOR THE PERIOD APRIL 1-15, 2022
COMPENSATION           AMOUNT     DEDUCTIONS                 AMOUNT     BALANCE
SALARY (1/2)        56,200.00     WITHHOLDING TAX         11,198.74
PERA                 1,000.00     MULTI-PURPOSE COOP         716.50   8,000.00
OVERTIME             4,844.85     TOTAL DEDUCTIONS        11,915.24
GROSS PAY           62,044.85` + gap + `
NET AMOUNT DUE                                                       50,129.61
`
	}
	res := Extract(docOf(slip("\n\n")), Options{})
	if res.Status != StatusAnalyzed || num(res.Records[0].Income.NetAmount) != 50129.61 {
		t.Errorf("net under two blank lines: status %s, net %v, doubts %v; want ANALYZED 50129.61", res.Status, num(res.Records[0].Income.NetAmount), res.Records[0].Doubts)
	}
	l := newLayout(&docOf(slip("")).Pages[0])
	for _, r := range l.rows {
		for _, tk := range r.nums {
			if tk.val.Value == 8000 && l.columnOf(tk, r.idx) != hdrBalance {
				t.Errorf("the loan balance 8,000.00 is not read in the balance column")
			}
		}
	}
}

package extract

import (
	"testing"
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

package extract

import (
	"testing"

	"talaan/ocr"
)

func TestPayDatePrintings(t *testing.T) {
	t.Parallel()
	const period = "Pay Period: 03/01/2025 - 03/15/2025\n"
	tests := []struct {
		name      string
		top       string
		conf      float64 // OCR confidence of the words; 1 for a text layer
		want      string  // the pay date read, "<nil>" for none
		published bool    // its confidence reaches the optional-field bar
	}{
		{"pay date", period + "Pay Date: 03/20/2025", 1, "2025-03-20", true},
		{"payroll date", period + "Payroll Date: 03/20/2025", 1, "2025-03-20", true},
		{"date paid", period + "Date Paid: March 20, 2025", 1, "2025-03-20", true},
		{"payment date", period + "Payment Date   2025-03-20", 1, "2025-03-20", true},
		{"date of payment", period + "Date of Payment: 03/20/2025", 1, "2025-03-20", true},
		{"credit date", period + "Credit Date: 03/20/2025", 1, "2025-03-20", true},
		{"crediting date", period + "Crediting Date: 03/20/2025", 1, "2025-03-20", true},
		{"release date", period + "Release Date: 03/20/2025", 1, "2025-03-20", true},
		{"date released", period + "Date Released: 03/20/2025", 1, "2025-03-20", true},
		{"petsa ng bayad", period + "Petsa ng Bayad: 03/20/2025", 1, "2025-03-20", true},
		{"petsa ng sahod with one date", period + "Petsa ng Sahod: 03/20/2025", 1, "2025-03-20", true},
		{"pay day", period + "Pay Day: 03/20/2025", 1, "2025-03-20", true},
		{"pay dt abbreviated", period + "Pay Dt.: 03/20/2025", 1, "2025-03-20", true},
		{"pmt date abbreviated", period + "Pmt Date: 03/20/2025", 1, "2025-03-20", true},
		{"payout", period + "Payout: Mar 20, 2025", 1, "2025-03-20", true},
		{"bilingual caption joined by a slash", period + "Petsa ng Bayad/Pay Date: March 20, 2025", 1, "2025-03-20", true},
		{"dot leader", period + "Pay Date ........ 03/20/2025", 1, "2025-03-20", true},
		{"date in the box under its caption", `
Pay Period                  Pay Date
03/01/2025 - 03/15/2025     03/20/2025`, 1, "2025-03-20", true},
		{"date in the box under its caption past a blank line", period + `
Employee No.   Payment Date

               03/20/2025`, 1, "2025-03-20", true},
		{"ocr misread caption", period + "Pav Date: 03/20/2025", 0.95, "2025-03-20", false},
		{"a misread caption above a clean one", period + "Chéck Date: 03/20/2025\nPay Date: 03/20/2025", 1, "2025-03-20", true},
		{"bare date caption alone after the period end", period + "Date: 03/20/2025", 1, "2025-03-20", true},
		{"bare date under its caption", period + "Date\n03/20/2025", 1, "2025-03-20", true},
		{"bare date competing with another date", period + "Date: 03/20/2025\nPrinted 03/22/2025", 1, "2025-03-20", false},
		{"two bare dates", period + "Date: 03/20/2025\nDate: 03/25/2025", 1, "2025-03-20", false},
		{"bare date inside the period is not the pay date", period + "Date: 03/10/2025", 1, "<nil>", false},
		{"bare date long after the period", period + "Date: 06/20/2025", 1, "<nil>", false},
		{"bare date without a period", "Cut-off: first half of March\nDate: 03/20/2025", 1, "<nil>", false},
		{"a range after a pay-date caption is not a pay date", "Petsa ng Sahod: Hunyo 1-15, 2025", 1, "<nil>", false},
		{"date printed is not the pay date", period + "Date Printed: 03/20/2025", 1, "<nil>", false},
		{"run date is not the pay date", period + "Run Date: 03/20/2025", 1, "<nil>", false},
		{"date hired is not the pay date", period + "Date Hired: 03/20/2025", 1, "<nil>", false},
		{"date hired is not the pay date, under its caption", period + "Date Hired\n03/20/2025", 1, "<nil>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := ocr.SourceText
			if tt.conf < 1 {
				src = ocr.SourceOCR
			}
			doc := &ocr.Document{Type: ocr.TypePNG, Pages: []ocr.Page{pageFromText(1, slipWith(tt.top), src, tt.conf)}}
			res := Extract(doc, Options{})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records (status %s), want 1", len(res.Records), res.Status)
			}
			r := res.Records[0]
			got, f := str(r.Income.PayDate), r.Fields["payDate"]
			published := got != "<nil>" && res.Status == StatusAnalyzed
			if got == "<nil>" && tt.want != "<nil>" && !tt.published {
				// left empty as too weak: the record should not hold it either
				return
			}
			if got != tt.want && !(got == "<nil>" && !tt.published) {
				t.Errorf("pay date = %s, want %s (%+v)", got, tt.want, f)
			}
			if published != tt.published {
				t.Errorf("pay date %s published %v (status %s, %.2f %s), want %v", got, published, res.Status, f.Confidence, f.How, tt.published)
			}
		})
	}
}

// A date printed, a run date or a hire date is never a period boundary.
func TestOtherDatesAreNotPeriodEnds(t *testing.T) {
	t.Parallel()
	for _, top := range []string{"Date Printed: 03/20/2025", "Run Date: 03/20/2025", "Date Hired: 03/20/2025", "Date Hired\n03/20/2025"} {
		res := Extract(docOf(slipWith(top)), Options{})
		if len(res.Records) != 1 {
			t.Fatalf("%q: got %d records", top, len(res.Records))
		}
		in := res.Records[0].Income
		if in.StartDate != nil || in.EndDate != nil || in.PayDate != nil {
			t.Errorf("%q: period %s to %s, paid %s; want none", top, str(in.StartDate), str(in.EndDate), str(in.PayDate))
		}
	}
}

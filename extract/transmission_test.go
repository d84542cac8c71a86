package extract

import (
	"strings"
	"testing"

	"talaan/ocr"
)

func TestDropTransmissionLines(t *testing.T) {
	rowOf := func(y float64, text string) *row {
		r := &row{box: ocr.Box{X0: 10, Y0: y, X1: 900, Y1: y + 20}}
		for i, w := range strings.Fields(text) {
			r.words = append(r.words, ocr.Word{Text: w, Box: ocr.Box{X0: float64(10 + 60*i), Y0: y, X1: float64(60 + 60*i), Y1: y + 20}})
		}
		return r
	}
	const h = 2000
	tests := []struct {
		name string
		r    *row
		drop bool
	}{
		{"fax header with a clock", rowOf(5, "RCVD 01 MAY 2024 20:13 FROM: +63 2 8433 2210 -> LOANS DEPT FAX PAGE 01"), true},
		{"fax header, clock unread, page number misread", rowOf(0, "=> LOANS DEPT FAX PAGE O1"), true},
		{"fax footer", rowOf(1960, "Jan 05 2024 10:32AM HP LaserJet Fax p. 1/3"), true},
		{"letterhead's fax number", rowOf(40, "Tel. (02) 8123-4567 Fax (02) 8123-4568"), false},
		{"fax header in the body", rowOf(600, "RCVD 01 MAY 2024 20:13 FAX PAGE 01"), false},
		{"company name at the top", rowOf(5, "Tanglaw Rice Mill Co."), false},
		{"time-in on a time card", rowOf(30, "Time in 08:02 Time out 17:05"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := dropTransmissionLines([]*row{tc.r}, h)
			if dropped := len(got) == 0; dropped != tc.drop {
				t.Errorf("dropped = %v, want %v", dropped, tc.drop)
			}
		})
	}
}

// A fax's transmission line names no employer and no currency: a scanned
// Philippine slip under one is read as if the line were not there, and an
// OCR's "SS$" for "SSS" does not make it a dollar slip.
func TestExtractFaxedPhilippineSlip(t *testing.T) {
	text := `
RCVD 01 MAY 2024 20:13 FROM: +63 2 8433 2210      LOANS DEPT FAX PAGE 01




Tanglaw Rice Mill
Pay Period: 05/16/2024 - 05/31/2024       Pay Date: 06/05/2024
Basic Pay                10,000.00        SS$ EE          450.00
Gross Pay                10,000.00        PHIC EE         250.00
Total Deductions            700.00
Net Pay                   9,300.00
`
	d := &ocr.Document{Type: ocr.TypePNG, Pages: []ocr.Page{pageFromText(1, text, ocr.SourceOCR, 0.96)}}
	res := Extract(d, Options{})
	if len(res.Records) != 1 {
		t.Fatalf("%d records, want 1", len(res.Records))
	}
	in := res.Records[0].Income
	if got := str(in.Employer); got != "Tanglaw Rice Mill" {
		t.Errorf("employer = %q, want the letterhead's name", got)
	}
	if got := str(in.Currency); got != "PHP" {
		t.Errorf("currency = %q, want PHP", got)
	}
	if got := str(in.StartDate); got != "2024-05-16" {
		t.Errorf("startDate = %q, want the slip's period, not the day it was faxed", got)
	}
}

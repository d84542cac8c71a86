package extract

import (
	"slices"
	"strings"
	"testing"
	"time"

	"talaan/extract/parse"
	"talaan/ocr"
)

// slipWith is a small Philippine payslip whose period block is top, so a
// test can vary how the period is printed and nothing else.
func slipWith(top string) string {
	return `
Masinop Hardware Corp.
` + strings.Trim(top, "\n") + `
Employee Name      Lara P. Cruz
Basic Salary              10,000.00
Gross Pay                 10,000.00
SSS                          500.00
PhilHealth                   250.00
Pag-IBIG                     200.00
Total Deductions             950.00
Net Pay                    9,050.00
`
}

func TestFindPeriodPrintings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		top        string
		start, end string
		published  bool // the period's confidence reaches the publishing threshold
	}{
		{"from and to captions on one row", "Date From: 03/01/2025        Date To: 03/15/2025\nPay Date: 03/20/2025",
			"2025-03-01", "2025-03-15", true},
		{"from and to in cells, dates under them, pay date beside", `
From            To              Pay Date
03/16/2025      03/31/2025      04/05/2025`, "2025-03-16", "2025-03-31", true},
		{"period from over period to", "Period From : 2025-03-01\nPeriod To   : 2025-03-15", "2025-03-01", "2025-03-15", true},
		{"cut-off caption", "Cut-off: 03/01/2025 - 03/15/2025", "2025-03-01", "2025-03-15", true},
		{"cut off period caption", "Cut Off Period      March 1 - 15, 2025", "2025-03-01", "2025-03-15", true},
		{"payroll cut-off caption", "Payroll Cut-off: Mar 16, 2025 - Mar 31, 2025", "2025-03-16", "2025-03-31", true},
		{"day range sharing month and year", "Pay Period: Mar 13-19, 2025", "2025-03-13", "2025-03-19", true},
		{"range across months", "Pay Period: Mar 28 - Apr 3, 2025", "2025-03-28", "2025-04-03", true},
		{"header band in upper case", "PAYROLL PERIOD: MARCH 16-31, 2025", "2025-03-16", "2025-03-31", true},
		{"a month joined to its year", "Payslip for June-2025", "2025-06-01", "2025-06-30", true},
		{"for the month of", "For the month of June 2025", "2025-06-01", "2025-06-30", true},
		{"tagalog caption", "Panahon ng Sahod: Hunyo 1-15, 2025", "2025-06-01", "2025-06-15", true},
		{"tagalog date caption with a range", "Saklaw na Petsa: 06/16/2025 - 06/30/2025", "2025-06-16", "2025-06-30", true},
		{"petsa with a range", "Petsa: Hunyo 16-30, 2025", "2025-06-16", "2025-06-30", true},
		{"petsa ng sahod with a range", "Petsa ng Sahod: Hunyo 1-15, 2025", "2025-06-01", "2025-06-15", true},
		{"bare range in a header band", "April 1-30, 2025", "2025-04-01", "2025-04-30", true},
		{"the pay date is not the end", "Pay Period: 03/01/2025   Pay Date: 03/20/2025", "<nil>", "<nil>", false},
		{"a semimonthly half read a day short is doubted", "Pay Period: 03/01/2025 - 03/14/2025", "2025-03-01", "2025-03-14", false},
		{"bare from and to with an odd span are doubted", "From 03/01/2025    To 05/11/2025", "2025-03-01", "2025-05-11", false},
		{"a period without its year, in the pay date's", "For the Period March 1-31,\nPay Date: 2025-04-03", "2025-03-01", "2025-03-31", true},
		{"a yearless December paid in January", "Pay Period: Dec 16-31\nPay Date: 01/05/2026", "2025-12-16", "2025-12-31", true},
		{"a yearless period its pay date cannot pay", "Pay Period: June 1-15\nPay Date: 03/20/2025", "<nil>", "<nil>", false},
		{"two whole dates side by side, the dash lost", "March 16, 2025   March 31, 2025", "2025-03-16", "2025-03-31", true},
		{"one end's month misread into no date, mended", "Period Covered: 05/01/2025 - 65/31/2025", "2025-05-01", "2025-05-31", true},
		{"a speck read as a quote before the end", "PERIOD: 2025-03-01 TO'2025-03-07", "2025-03-01", "2025-03-07", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := Extract(docOf(slipWith(tt.top)), Options{})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records (status %s), want 1", len(res.Records), res.Status)
			}
			r := res.Records[0]
			if s, e := str(r.Income.StartDate), str(r.Income.EndDate); s != tt.start || e != tt.end {
				t.Errorf("period = %s to %s, want %s to %s (%+v)", s, e, tt.start, tt.end, r.Fields["startDate"])
			}
			if f, ok := r.Fields["startDate"]; ok && (f.Confidence >= 0.8) != tt.published {
				t.Errorf("period confidence %.2f (%s), published want %v", f.Confidence, f.How, tt.published)
			}
		})
	}
}

// A range printed without a caption is as sure as the words that print
// it: a word read unsurely beside it on its row (a name, a logo's residue)
// says nothing of the dates, while a date read unsurely still doubts the
// period.
func TestPeriodWithoutCaptionWeighsItsOwnWords(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, lowWord string
		published     bool
	}{
		{"an unsure word beside the range", "Cruz", true},
		{"a date word read unsurely", "2025", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := ocrDoc(slipWith("Lara P. Cruz     March 16, 2025 - March 31, 2025"), 0.95)
			setConf(doc, 0.05, func(w ocr.Word) bool { return w.Text == tt.lowWord && w.Box.Y0 < 30 })
			r := soleRecord(t, doc)
			f, ok := r.Fields["startDate"]
			if !ok || str(r.Income.StartDate) != "2025-03-16" {
				t.Fatalf("period not read: %+v", r.Income)
			}
			if got := f.Confidence >= minConfidence("startDate"); got != tt.published {
				t.Errorf("confidence %.2f (%s): published %v, want %v", f.Confidence, f.How, got, tt.published)
			}
		})
	}
}

func TestPeriodBarePageRangeUnderSignatories(t *testing.T) {
	t.Parallel()
	text := slipWith("PAYSLIP") + `

Prepared by:                 Received by:
______________               ______________
April 1-30, 2025
`
	res := Extract(docOf(text), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("got %d records", len(res.Records))
	}
	if s, e := str(res.Records[0].Income.StartDate), str(res.Records[0].Income.EndDate); s != "2025-04-01" || e != "2025-04-30" {
		t.Errorf("period = %s to %s, want 2025-04-01 to 2025-04-30", s, e)
	}
}

// TestDatesPastSpecks: a mark OCR read as a word at little confidence
// between a caption and its date ("Sythe") is skipped like a leader; a
// month read unsurely is not.
func TestDatesPastSpecks(t *testing.T) {
	t.Parallel()
	doc := ocrDoc(slipWith(`
Period Beginning: 05/11/2022
Period Ending: Sythe 05/17/2022
Pay Date: SEptember 20, 2022`), 0.95)
	for i, w := range doc.Pages[0].Words {
		if w.Text == "Sythe" || w.Text == "SEptember" {
			doc.Pages[0].Words[i].Conf = 0.2
		}
	}
	res := Extract(doc, Options{})
	r := res.Records[0]
	if s, e := str(r.Income.StartDate), str(r.Income.EndDate); s != "2022-05-11" || e != "2022-05-17" {
		t.Errorf("period %s to %s, want 2022-05-11 to 2022-05-17", s, e)
	}
	if !speck(ocr.Word{Text: "Sythe", Conf: 0.2}) || speck(ocr.Word{Text: "SEptember", Conf: 0.1}) || speck(ocr.Word{Text: "0ct", Conf: 0.1}) || speck(ocr.Word{Text: "Sythe", Conf: 0.9}) {
		t.Error("speck: want only an unsure word with no digit and no month")
	}
}

func TestDatesPastDotLeaders(t *testing.T) {
	t.Parallel()
	// Dot leaders as OCR reads them, between captions and values.
	text := slipWith(`
Pay Period ............00.. OCTOBER 5-11, 2024     Pag-IBIG MID No. ..........0.0. 7800-6999-0209
Pay Day .... cece eee ee 11-Oct-2024`)
	res := Extract(docOf(text), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("got %d records", len(res.Records))
	}
	r := res.Records[0]
	if s, e, p := str(r.Income.StartDate), str(r.Income.EndDate), str(r.Income.PayDate); s != "2024-10-05" || e != "2024-10-11" || p != "2024-10-11" {
		t.Errorf("period %s to %s paid %s, want 2024-10-05 to 2024-10-11 paid 2024-10-11", s, e, p)
	}
	if got := r.Fields["startDate"].Text; got != "OCTOBER 5-11, 2024" {
		t.Errorf("period text = %q, want only the range", got)
	}
}

func TestLeaderWord(t *testing.T) {
	t.Parallel()
	for w, want := range map[string]bool{"....": true, "0...": true, "............00..": true, "cece": true, "eee": true,
		"“soe": true, "nov": false, "mar": false, "11-Oct-2024": false, "June": false, "03/15/2025": false, "Semi-Monthly": false} {
		if got := leaderWord(w); got != want {
			t.Errorf("leaderWord(%q) = %v, want %v", w, got, want)
		}
	}
}

// A stub that prints its period by its end alone publishes the end and
// leaves the start empty, as the document does; one that prints a start
// caption whose date cannot be read is held for review.
func TestPeriodByItsEndAlone(t *testing.T) {
	t.Parallel()
	slip := func(extra string) string {
		return `
Northwind Supply LLC
Earnings Statement
Period Ending: 07/18/2008
Pay Date: 07/25/2008` + extra + `
Regular                      320.00
Gross Pay                    452.43
Federal Income Tax            40.60
Total Deductions             160.53
Net Pay                      291.90
`
	}
	res := Extract(docOf(slip("")), Options{})
	if res.Status != StatusAnalyzed || len(res.Records) != 1 {
		t.Fatalf("status %s, %d records, doubts %v: want ANALYZED", res.Status, len(res.Records), res.Records)
	}
	in := res.Records[0].Income
	if in.StartDate != nil || str(in.EndDate) != "2008-07-18" {
		t.Errorf("period %v to %q, want no start and 2008-07-18", in.StartDate, str(in.EndDate))
	}
	res = Extract(docOf(slip("\nPeriod Beginning: O7/l2/2OO8")), Options{})
	if res.Status != StatusReview || !slices.Contains(res.Records[0].Doubts, Doubt{Kind: DoubtMissing, Field: "startDate"}) {
		t.Errorf("with an unreadable start caption: status %s, doubts %v; want REVIEW for the start", res.Status, res.Records[0].Doubts)
	}
}

// A page prints its dates one way: "30-04-2022" in the To box settles that
// "01-04-2022" in the From box is 1 April, not 4 January.
func TestDayFirstDatesInTheirOwnBoxes(t *testing.T) {
	t.Parallel()
	text := `
Tahanan Foods Corp.
Salary Slip
Start Date    01-04-2022        End Date    30-04-2022
Posting Date  30-04-2022
Basic                     20,000.00
Gross Pay                 20,000.00
Total Deduction            1,500.00
Net Pay                   18,500.00
`
	res := Extract(docOf(text), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("status %s, %d records", res.Status, len(res.Records))
	}
	in := res.Records[0].Income
	if str(in.StartDate) != "2022-04-01" || str(in.EndDate) != "2022-04-30" {
		t.Errorf("period %q to %q, want 2022-04-01 to 2022-04-30", str(in.StartDate), str(in.EndDate))
	}
	// With a month-first date on the page, the order stays unsettled.
	l := newLayout(&docOf("Date 04/30/2022 and 30-04-2022").Pages[0])
	if l.dates.DayFirst {
		t.Error("a page with dates of both orders is read day first")
	}
}

func TestExactPayPeriod(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	for _, tt := range []struct {
		from, to string
		want     bool
	}{
		{"2023-02-01", "2023-02-28", true},
		{"2025-11-01", "2025-11-15", true},
		{"2025-11-16", "2025-11-30", true},
		{"2025-11-03", "2025-11-09", true},
		{"2025-11-03", "2025-11-16", true},
		{"2025-11-01", "2025-11-03", false},
		{"2025-11-16", "2025-11-29", true}, // 14 days
		{"2025-11-02", "2025-11-30", false},
		{"2025-11-16", "2025-12-15", false},
	} {
		if got := exactPayPeriod(parse.Period{Start: d(tt.from), End: d(tt.to)}); got != tt.want {
			t.Errorf("%s to %s: exact %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

// A title's month is doubted when the page's own start and end captions
// went unread: the month may be wider than the period.
func TestTitleMonthDoubtedBesideUnreadFromToBoxes(t *testing.T) {
	t.Parallel()
	slip := func(boxes string) string {
		return `
Lakbay Realty Co.
Salary Slip of TERESITA U. TAN for November-2026
` + boxes + `
Basic                     33,250.00
Gross                     33,250.00
Total Deductions           1,250.00
Net Wage                  32,000.00
`
	}
	res := Extract(docOf(slip("Reference  SLIP/0223")), Options{})
	if f := res.Records[0].Fields["startDate"]; str(res.Records[0].Income.StartDate) != "2026-11-01" || f.Confidence < 0.75 {
		t.Errorf("a title month alone: start %q at %.2f, want 2026-11-01 published", str(res.Records[0].Income.StartDate), f.Confidence)
	}
	res = Extract(docOf(slip("Date From   Ol/1l/2O2G        Date To   l5/ll/2O2G")), Options{})
	if f := res.Records[0].Fields["startDate"]; f.Confidence >= 0.75 || res.Status != StatusReview {
		t.Errorf("a title month beside unread From/To boxes: %.2f (%s), status %s; want review", f.Confidence, f.How, res.Status)
	}
}

// TestPeriodToCaptionIsHalfAPeriod: "Period From", "Period To" and
// "Payout Date" captions over a row of their boxes' dates. "Period To" is
// no period caption whose value is the two dates under and beside it.
func TestPeriodToCaptionIsHalfAPeriod(t *testing.T) {
	t.Parallel()
	text := `
Hiraya Hardware Co.                                  PAYSLIP
Period From         Period To          Payout Date         Pay Frequency
01-Aug-2026         15-Aug-2026        18-Aug-2026         Twice a month
Basic                     20,000.00
Gross Pay                 20,000.00
Total Deductions           1,500.00
Net Pay                   18,500.00
`
	res := Extract(docOf(text), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("status %s, %d records", res.Status, len(res.Records))
	}
	r := res.Records[0]
	if str(r.Income.StartDate) != "2026-08-01" || str(r.Income.EndDate) != "2026-08-15" || str(r.Income.PayDate) != "2026-08-18" {
		t.Errorf("period %s to %s paid %s, want 2026-08-01 to 2026-08-15 paid 2026-08-18",
			str(r.Income.StartDate), str(r.Income.EndDate), str(r.Income.PayDate))
	}
	if res.Status != StatusAnalyzed {
		t.Errorf("status %s, doubts %q", res.Status, r.Doubts)
	}
	// A period caption with its dates on its row stays a whole caption.
	l := newLayout(&docOf("Pay Period: from 06/01/2025 to 06/15/2025").Pages[0])
	for _, h := range l.findLabels(lblPeriod) {
		if l.halfCaption(h) {
			t.Errorf("%q read as half a caption", h.phrase)
		}
	}
}

// TestPeriodReadUnsurelyConfirmedByItsPrintedFrequency: a period OCR was
// unsure of is trusted when it is a whole pay period as long as the
// frequency printed apart; a frequency that names another length does not
// confirm it.
func TestPeriodReadUnsurelyConfirmedByItsPrintedFrequency(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, frequency string
		published       bool
	}{
		{"the printed frequency agrees", "Semi-Monthly", true},
		{"the printed frequency names another length", "Weekly", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := ocrDoc(slipWith("Pay Period: Sep 16-30, 2025\nPay Frequency: "+tt.frequency), 0.95)
			setConf(doc, 0.3, func(w ocr.Word) bool { return w.Text == "16-30," })
			r := soleRecord(t, doc)
			f := r.Fields["startDate"]
			if str(r.Income.StartDate) != "2025-09-16" || f.Confidence < 0.5 {
				t.Fatalf("period not read: %+v %+v", r.Income, f)
			}
			if got := f.Confidence >= minConfidence("startDate"); got != tt.published {
				t.Errorf("confidence %.2f (%s): published %v, want %v", f.Confidence, f.How, got, tt.published)
			}
		})
	}
}

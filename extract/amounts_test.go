package extract

import (
	"testing"

	"talaan/ocr"
)

func TestAmountReading(t *testing.T) {
	tests := []struct {
		name             string
		text             string
		base, gross, net float64
	}{
		{
			name: "a speck read as a point before the number",
			text: `
Ilog Resort Corp.          PAYSLIP
Pay Period: Aug 1, 2024 - Aug 31, 2024
BASIC SALARY  .106500.00   SSS/EC            1750.00
GROSS PAY PHP  109081.75   DEDUCTIONS TOTAL  25566.99
NET PAY         83514.76
`,
			base: 106500, gross: 109081.75, net: 83514.76,
		},
		{
			name: "a quantity and its unit between the basic caption and its amount",
			text: `
Ilog Restaurant Trading                         PAY SLIP
Covered Period   June 1 to June 15, 2022
EARNINGS
Regular Hours (13.00 days)            33725.00
Overtime (14.00 hrs)                   5656.70
Tardiness/Undertime (107 min)          (576.44)
Gross Earnings                     Php 38805.26
Less: Deductions
W/Tax                                  5638.84
CA                                      745.50
Deductions Total                    Php 6384.34
TAKE HOME PAY                      Php 32420.92
`,
			base: 33725, gross: 38805.26, net: 32420.92,
		},
		{
			name: "commas and points read after the cents",
			text: `
Ilog Resort Corp.          PAYSLIP
Pay Period: Aug 1, 2024 - Aug 31, 2024
BASIC SALARY   106500.00,  SSS/EC            1750.00
GROSS PAY PHP  109081.75...  DEDUCTIONS TOTAL  25566.99.
NET PAY         83514.76
`,
			base: 106500, gross: 109081.75, net: 83514.76,
		},
		{
			name: "a value beside another total's caption is not the gross",
			text: `
Kalayaan Dental Care
Pay Period: 12/22/24 - 1/4/25
Basic Salary     43,034.50     SSS EE              807.69
Gross Income                   Total Deduction   9,421.75
NET SALARY   PHP 36,640.24
`,
			base: 43034.5, gross: 46061.99, net: 36640.24, // gross follows from net and deductions, for review
		},
		{
			name: "large print cut inside a thousands group",
			text: `
Tagumpay Pharmacy, Inc.                    PAY ADVICE
CUT-OFF PERIOD April 16-30, 2022
TAKE-HOME PAY PHP 9,90 1.03
BASIC PAY                  10,800.00
GROSS EARNINGS             11,749.15
TOTAL DEDUCTIONS            1,848.12
`,
			base: 10800, gross: 11749.15, net: 9901.03,
		},
		{
			name: "a rule read as one bracket after an amount",
			text: `
Habagat Farms Corp.                          PAY SLIP
Date From 06/01/2024     Date To 06/15/2024
EARNINGS        Hrs/Days    This Period     Year to Date
Basic Salary      10.83     P10,800.00)     129,600.00]
Gross Earnings              P14,798.97
Total Deductions               496.87
Net Pay                      14,302.10
`,
			base: 10800, gross: 14798.97, net: 14302.10,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The readings, whether or not published: one flat threshold
			// keeps the optional fields that judge would leave empty.
			res := Extract(&ocr.Document{Type: ocr.TypePNG, Pages: []ocr.Page{pageFromText(1, tt.text, ocr.SourceOCR, 0.95)}}, Options{MinConfidence: 0.8})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records, want 1", len(res.Records))
			}
			in := res.Records[0].Income
			if g := num(in.GrossAmount); g != tt.gross {
				t.Errorf("gross = %v, want %v", g, tt.gross)
			}
			if b := num(in.BaseAmount); b != tt.base {
				t.Errorf("base = %v, want %v", b, tt.base)
			}
			if n := num(in.NetAmount); n != tt.net {
				t.Errorf("net = %v, want %v", n, tt.net)
			}
		})
	}
}

// An amount OCR read glyph by glyph in a large font is one amount again;
// separate figures of a table row are not joined.
func TestMergeSpacedNumbers(t *testing.T) {
	words := func(texts ...string) []ocr.Word {
		var ws []ocr.Word
		x := 0.0
		for _, s := range texts {
			w := float64(len(s)) * 8
			ws = append(ws, ocr.Word{Text: s, Box: ocr.Box{X0: x, Y0: 0, X1: x + w, Y1: 20}, Conf: 0.9})
			x += w + 4
		}
		return ws
	}
	got := mergeSpacedNumbers(words("Net", "P14", ",", "017", ".", "18"))
	if len(got) != 2 || got[1].Text != "P14,017.18" {
		t.Errorf("spaced amount: %v", got)
	}
	if !shortGroup("9,90") || !shortGroup("P1,234,5") || shortGroup("9,901") || shortGroup("9.90") || shortGroup("ab,12") {
		t.Error("shortGroup misjudges a group cut short")
	}
	row := words("1", "2", "3")
	if got := mergeSpacedNumbers(row); len(got) != 3 {
		t.Errorf("three separate figures were joined: %v", got)
	}
}

// TestBasePayInTagalogBesideRateAndNet: "Pangunahing Sahod" is the basic
// pay; "Arawang Sahod" (the daily rate), "Dalas ng Sahod" (the pay
// frequency) and "Netong Sahod" (the net) are not, though each holds the
// word for salary.
func TestBasePayInTagalogBesideRateAndNet(t *testing.T) {
	t.Parallel()
	text := `
Araw Janitorial Services Inc.                 KATIBAYAN NG PASAHOD
Panahon ng Sahod   Disyembre 1 hanggang 15, 2025
Dalas ng Sahod     Kinsenas           Arawang Sahod      487.36
MGA KITA                               Araw          Halaga
Pangunahing Sahod (Basic)              10.83       5,300.00
Overtime                               12.00         913.80
Holiday Pay                             1.00         487.36
Kabuuang Kita                                     P6,701.16
Kabuuang Kaltas                                      514.00
Netong Sahod                                      P6,187.16
`
	res := Extract(docOf(text), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("status %s, %d records", res.Status, len(res.Records))
	}
	in := res.Records[0].Income
	if num(in.BaseAmount) != 5300 || num(in.GrossAmount) != 6701.16 || num(in.NetAmount) != 6187.16 {
		t.Errorf("base %.2f gross %.2f net %.2f, want 5300.00, 6701.16, 6187.16", num(in.BaseAmount), num(in.GrossAmount), num(in.NetAmount))
	}
}

// TestEarningsSumWhenGrossStandsInItsOwnColumn: the earnings' amounts in
// one column, the gross printed further right after a currency mark; the
// lines still add up to it, so the basic pay among them is trusted.
func TestEarningsSumWhenGrossStandsInItsOwnColumn(t *testing.T) {
	t.Parallel()
	text := `
VSV Habagat Construction Trading                         PAYSLIP
                                         FOR THE MONTH OF DECEMBER 2022
INCOME
 Basic                           21.67   101,494.00
 Overtime - Regular              10.50     7,655.81
 Transportation Allowance                    800.00
GROSS PAY                                              PHP 109,949.81
DEDUCTIONS
 SSS EE                                    1,750.00
 Tax Withheld                             18,032.99
Total Deductions                                       PHP  19,782.99
NET PAY                                                PHP  90,166.82
`
	l := newLayout(&docOf(text).Pages[0])
	g := candidate{value: 109949.81, page: 1}
	for i, r := range l.rows {
		if len(r.fold) > 0 && r.fold[0] == "gross" {
			g.row, g.tok = i, r.nums[len(r.nums)-1]
		}
	}
	parts, ok := earningsSum([]*layout{l}, &g)
	if !ok || len(parts) != 3 {
		t.Fatalf("earnings %v (%v), want the three lines", parts, ok)
	}
	res := Extract(docOf(text), Options{})
	if in := res.Records[0].Income; num(in.BaseAmount) != 101494 {
		t.Errorf("base %.2f, want 101494.00 (status %s, doubts %q)", num(in.BaseAmount), res.Status, res.Records[0].Doubts)
	}
}

// TestTotalsUnderAYearToDateGrid: an HR package prints the grid's current
// and year-to-date columns, then the gross, deductions and net right-aligned
// under the year-to-date column, one figure a row: they are the period's.
func TestTotalsUnderAYearToDateGrid(t *testing.T) {
	t.Parallel()
	text := `
Dalisay Foods Corp.                                           Salary Slip
Start Date 08-16-2023                        End Date 08-31-2023
Earnings          Amount    Year To Date   Deductions        Amount   Year To Date
Basic Salary    15137.50     242200.00     SSS              1525.00       24400.00
Overtime         1677.60      21031.52     PHIC Premium      756.88       12110.08
Rice Allow.       600.00       8185.28     W/Tax             413.40        7367.28
Transportation   1000.00      18340.28     SSS Loan Amort.  2290.00       38219.67

                                           Gross Pay              PHP  18415.10
                                           Total Deduction        PHP   4985.28
                                           Net Pay                PHP  13429.82
`
	res := Extract(docOf(text), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("status %s, %d records", res.Status, len(res.Records))
	}
	in := res.Records[0].Income
	if num(in.GrossAmount) != 18415.10 || num(in.NetAmount) != 13429.82 {
		t.Errorf("gross %.2f net %.2f, want 18415.10 and 13429.82 (doubts %q)", num(in.GrossAmount), num(in.NetAmount), res.Records[0].Doubts)
	}
}

// TestTotalsUnderAnEmptyYearToDateColumn: on a slip with no deductions
// the grid's deductions half is empty, and the totals right-aligned under
// its year-to-date column are the period's all the same.
func TestTotalsUnderAnEmptyYearToDateColumn(t *testing.T) {
	t.Parallel()
	text := `
Marikit Realty Company                                        Salary Slip
Start Date 16-11-2025                        End Date 30-11-2025
Sr Component      Amount    Year To Date   Sr Component      Amount   Year To Date
1 Regular Pay     6325.00     139150.00
2 Transpo Allow.   500.00       6863.03
3 Lwop            -484.98      -7232.66
                                           Gross Pay              PHP   6340.02
                                           Total Deduction        PHP      0.00
                                           Net Pay                PHP   6340.02
`
	res := Extract(docOf(text), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("status %s, %d records", res.Status, len(res.Records))
	}
	in := res.Records[0].Income
	if num(in.GrossAmount) != 6340.02 || num(in.NetAmount) != 6340.02 {
		t.Errorf("gross %.2f net %.2f, want 6340.02 and 6340.02 (doubts %q)", num(in.GrossAmount), num(in.NetAmount), res.Records[0].Doubts)
	}
}

// TestYTDReadAsYIDIsStillYearToDate: OCR reads "YTD" as "YID"; a "YID Net"
// figure is the year's, never the period's net.
func TestYTDReadAsYIDIsStillYearToDate(t *testing.T) {
	t.Parallel()
	if foldWord("YID") != "ytd" || foldWord("YTD:") != "ytd" {
		t.Fatalf("YID folds to %q", foldWord("YID"))
	}
	text := `
KALINGA MARKETING INCORPORATED
Employee Pay Statement
Payroll Period: April 29 - May 12, 2026      Date Paid: 2026-05-12
Basic Pay            PHP 12,413.80   SSS/EC         PHP 623.08
Gross Pay            PHP 13,806.00   Total Deductions  PHP 1,680.12
YID Gross 138,757.25   YID Net 122,210.54
`
	res := Extract(ocrDoc(text, 0.95), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("status %s, %d records", res.Status, len(res.Records))
	}
	if n := num(res.Records[0].Income.NetAmount); n == 122210.54 {
		t.Errorf("net %.2f: the year-to-date net", n)
	}
}

// TestOneBracketOfAPair: a closing bracket alone after an amount is a rule
// read as one; an opening bracket whose closing one OCR lost still marks
// a negative.
func TestOneBracketOfAPair(t *testing.T) {
	l := newLayout(&docOf("Basic Salary  P10,800.00)   Absences  (1,234.00   Tardiness (55.00)").Pages[0])
	var got []float64
	for _, a := range l.rows[0].nums {
		got = append(got, a.val.Value)
	}
	if len(got) != 3 || got[0] != 10800 || got[1] != -1234 || got[2] != -55 {
		t.Errorf("amounts %v, want [10800 -1234 -55]", got)
	}
}

// TestDeductionsColumnBesideAYearToDateOne: a register's DEDUCTIONS caption
// carries no column class; its amounts, right-aligned close to the
// YEAR-TO-DATE caption, are the period's, not the year's, and the TOTALS
// row's gross less the net is its deductions total.
func TestDeductionsColumnBesideAYearToDateOne(t *testing.T) {
	t.Parallel()
	text := `
Habagat Farms Corporation                      INDIVIDUAL PAYROLL REGISTER
CUT-OFF: AUG 1-15, 2022                        PAYOUT DATE: AUG 15, 2022
CODE DESCRIPTION           EARNINGS  DEDUCTIONS YEAR-TO-DATE
BASIC BASIC               21,160.00             317,400.00
SSS  SSS PREMIUM                      1,750.00   26,250.00
WTAX W/TAX                              856.91    8,627.10
     TOTALS           PHP 21,160.00 PHP 2,606.91
NET PAY >>>                        PHP 18,553.09
`
	res := Extract(docOf(text), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("status %s, %d records", res.Status, len(res.Records))
	}
	in := res.Records[0].Income
	if num(in.GrossAmount) != 21160 || num(in.NetAmount) != 18553.09 || res.Status != StatusAnalyzed {
		t.Errorf("gross %.2f net %.2f %s (doubts %q), want 21160.00 and 18553.09 published",
			num(in.GrossAmount), num(in.NetAmount), res.Status, res.Records[0].Doubts)
	}
}

// TestMonthlySalaryLineOfAMonthlySlip: a government slip's "MONTHLY
// SALARY" reads as a rate caption, but its amount is one of the earnings
// that add up to the gross: it is the period's basic pay. The monthly rate
// printed above a half-month's lines is not.
func TestMonthlySalaryLineOfAMonthlySlip(t *testing.T) {
	t.Parallel()
	slip := func(lines string) Income {
		t.Helper()
		res := Extract(docOf(`
Republic of the Philippines
Schools Division of Batangas City
PAYSLIP for the month of June 2025
`+lines+`
DEDUCTIONS
GSIS Premium                   1,262.59
TOTAL DEDUCTIONS               1,262.59
`), Options{})
		if len(res.Records) != 1 {
			t.Fatalf("status %s, %d records", res.Status, len(res.Records))
		}
		return res.Records[0].Income
	}
	in := slip(`MONTHLY SALARY                14,028.75
PERA                           2,000.00
GROSS EARNINGS                16,028.75
NET PAY                       14,766.16`)
	if num(in.BaseAmount) != 14028.75 {
		t.Errorf("base %.2f, want 14028.75", num(in.BaseAmount))
	}
	in = slip(`MONTHLY SALARY                28,057.50
Salary for the period         14,028.75
PERA                           2,000.00
GROSS EARNINGS                16,028.75
NET PAY                       14,766.16`)
	if num(in.BaseAmount) == 28057.50 {
		t.Errorf("base %.2f: the monthly rate", num(in.BaseAmount))
	}
}

// TestAmountPastDotLeadersReadAsLetters: OCR reads a dot leader between a
// caption and its amount as "cece eee eee": no caption's words, the amount
// is the caption's.
func TestAmountPastDotLeadersReadAsLetters(t *testing.T) {
	t.Parallel()
	res := Extract(ocrDoc(`
SAMPAGUITA SECURITY AGENCY CORP.
PAYSLIP
CUTOFF: 02/01/2024 - 02/29/2024
INCOME
Basic Pay ......e eee eee eeee         10,700.00
Rice Allowance .............            1,500.00
Communication Allowance ......            700.00
Undertime ..............000.             (137.60)
GROSS ... cece eee eee eee        P    12,762.40
LESS
SSS Contribution .............            525.00
PhilHealth Contribution ......            267.50
Pag-IBIG ..... cece eee ee eee            200.00
Union Dues ........c cece eee             457.00
TAKE HOME                         P    11,312.90
`, 0.95), Options{})
	in := res.Records[0].Income
	if num(in.GrossAmount) != 12762.40 || num(in.NetAmount) != 11312.90 || res.Status != StatusAnalyzed {
		t.Errorf("status %s, gross %.2f net %.2f, want ANALYZED 12762.40 and 11312.90 (doubts %q)", res.Status, num(in.GrossAmount), num(in.NetAmount), res.Records[0].Doubts)
	}
}

// TestPesoSignReadAsADollarBesidePesoMarks: OCR read one amount's peso sign
// as "$" on a Philippine slip whose other amounts print "Php": the slip is
// in pesos, as sure as any printed mark.
func TestPesoSignReadAsADollarBesidePesoMarks(t *testing.T) {
	t.Parallel()
	slip := func(gross string) string {
		return `
MUNICIPAL GOVERNMENT OF BAY              EMPLOYEE'S PAYSLIP
Payroll Period: January 1-31, 2026
MONTHLY SALARY      $59,200.00     GSIS PS        1,750.00
PERA                  2,000.00     PHIC           1,480.00
GROSS AMOUNT  ` + gross + `     TOTAL DEDUCTIONS   3,230.00
NET PAY                                       57,970.00
`
	}
	tests := []struct {
		name  string
		gross string
		conf  float64
	}{
		{"a peso mark on another amount", "Php 61,200.00", 0.97},
		{"no other mark", "    61,200.00", 0.6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := soleRecord(t, ocrDoc(slip(tt.gross), 0.95))
			if f := r.Fields["currency"]; str(r.Income.Currency) != "PHP" || f.Confidence != tt.conf {
				t.Errorf("currency %s at %.2f (%s), want PHP at %.2f", str(r.Income.Currency), f.Confidence, f.How, tt.conf)
			}
		})
	}
}

// TestFrequencyCaptionReadPoorlyAgreesWithThePeriod: a frequency OCR read
// with little confidence is as sure as the period's length when the two
// agree, and stays unsure when they do not.
func TestFrequencyCaptionReadPoorlyAgreesWithThePeriod(t *testing.T) {
	t.Parallel()
	slip := func(period string) string {
		return `
Kanluran Electrical Supply Co.        STATEMENT OF EARNINGS
FREQUENCY: Weekly
PAY PERIOD: ` + period + `
SALARY                 2,350.00     SSS               115.38
REGULAR OT             1,101.56     PHIC PREMIUM       58.98
GROSS SALARY         P 3,451.56     TOTAL DEDUCTIONS  174.36
TAKE HOME PAY                                 P 3,277.20
`
	}
	tests := []struct {
		name, period string
		sure         bool
	}{
		{"a week's period", "01/25/2023 - 01/31/2023", true},
		{"a half month's period", "01/16/2023 - 01/31/2023", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := soleRecord(t, ocrDoc(slip(tt.period), 0.6)).Fields["frequency"]
			if got := f.Confidence >= 0.95; got != tt.sure || f.Text != "Weekly" {
				t.Errorf("frequency %q at %.2f (%s), want sure %v", f.Text, f.Confidence, f.How, tt.sure)
			}
		})
	}
}

// TestAmountBeforeADotLeaderIsItsCaptions: points read after the cents of
// an amount ("3,692.31..." where a dot leader ran on) leave the amount its
// caption's, not the next column's.
func TestAmountBeforeADotLeaderIsItsCaptions(t *testing.T) {
	t.Parallel()
	text := `
Samahan-Dagat Motor Works Corp.                 Pay Slip (Sahod)
Pay Period: 23 Feb 2026 - 01 Mar 2026
Batayang Sahod              PHP 3,000.00      Late (Huli)            PHP 190.63
Rice Allowance              PHP   692.31      SSS                    PHP 150.00
Gross Pay (Kabuuang Kita)   PHP 3,692.31...   HDMF Contribution      PHP 46.15
                                              Kabuuang Kaltas/Bawas  PHP 386.78
Netong Sahod: PHP 3,305.53
`
	r := soleRecord(t, ocrDoc(text, 0.95))
	if f := r.Fields["grossAmount"]; num(r.Income.GrossAmount) != 3692.31 || f.Confidence < minConfidence("grossAmount") {
		t.Errorf("gross %.2f at %.2f (%s), want 3692.31 published", num(r.Income.GrossAmount), f.Confidence, f.How)
	}
}

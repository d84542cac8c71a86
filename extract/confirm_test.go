package extract

import (
	"strings"
	"testing"

	"talaan/ocr"
)

// ocrDoc lays the text out as OCR would give it, every word read at the
// given confidence: unsure enough that a label alone does not publish an
// amount, so only the arithmetic can.
func ocrDoc(text string, conf float64) *ocr.Document {
	return &ocr.Document{Type: ocr.TypePNG, Pages: []ocr.Page{pageFromText(1, text, ocr.SourceOCR, conf)}}
}

// soleRecord extracts doc and returns its one record; the test fails when
// there is not exactly one.
func soleRecord(t *testing.T, doc *ocr.Document) Record {
	t.Helper()
	res := Extract(doc, Options{})
	if len(res.Records) != 1 {
		t.Fatalf("status %s, %d records, want 1", res.Status, len(res.Records))
	}
	return res.Records[0]
}

// setConf gives the words of doc's first page that match the OCR
// confidence conf: words OCR was unsure of.
func setConf(doc *ocr.Document, conf float64, match func(ocr.Word) bool) {
	for i, w := range doc.Pages[0].Words {
		if match(w) {
			doc.Pages[0].Words[i].Conf = conf
		}
	}
}

func TestArithmeticConfirms(t *testing.T) {
	head := `
Mabuhay Tool Works Corp.
Pay Period: 03/01/2025 - 03/15/2025
`
	tests := []struct {
		name       string
		text       string
		gross, net float64
		relation   string // in the passed check's detail; "" when nothing may confirm
	}{
		{
			// Since captions are rewritten (captions.go), the abbreviation is
			// a known caption and the labelled check confirms the amounts.
			name: "an abbreviated total deductions caption",
			text: head + `
Basic Salary              15,000.00
Overtime                     562.50
Gross Pay                 15,562.50
SSS                          675.00
PhilHealth                   375.00
Withholding Tax              410.20
Tot. Ded.                  1,460.20
Net Pay                   14,102.30
`,
			gross: 15562.5, net: 14102.3, relation: "15562.50 - 1460.20 = 14102.30",
		},
		{
			name: "a Tagalog total deductions caption",
			text: head + `
Sahod                     15,000.00
Gross Pay                 15,000.00
Kabuuang Kaltas            1,250.00
Net Pay                   13,750.00
`,
			gross: 15000, net: 13750, relation: "15000.00 - 1250.00 = 13750.00",
		},
		{
			name: "taxes in their own block beside the deductions",
			text: `
Northwind Supply LLC
Pay Period: 07/06/2025 - 07/19/2025
Earnings      Current      Deductions    Current      Taxes          Current
Regular      2,000.00      Dental           5.68      Federal         180.00
Overtime       150.00      Vision          10.00      Medicare         31.18
Gross Pay    2,150.00      Total           15.68      Total           211.18

Net Pay      1,923.14
`,
			gross: 2150, net: 1923.14, relation: "two totals printed",
		},
		{
			name: "an allowance added back after the deductions",
			text: head + `
Basic Salary              20,000.00
Gross Pay                 20,000.00
Total Deductions           2,500.00
Add: Rice Allowance        1,500.00
Net Pay                   19,000.00
`,
			gross: 20000, net: 19000, relation: "added back",
		},
		{
			name: "a deductions block that prints no total",
			text: head + `
EARNINGS                             DEDUCTIONS
Basic Pay:     7,014.38              SSS:            350.00
Holiday:         645.00              PHIC:           175.36
Rice:            750.00              HDMF:           100.00
Total:         8,409.38              Loan:           981.00

Take Home Pay: 6,803.02
`,
			gross: 8409.38, net: 6803.02, relation: "4 deduction lines",
		},
		{
			name: "a taxes block and a deductions block, neither with a total",
			text: head + `
Basic Pay      9,000.00
Overtime         562.50
Gross Pay      9,562.50
Taxes                          Deductions
Withholding      410.20        SSS              450.00
Medicare          31.18        PhilHealth       225.00
                               Pag-IBIG         100.00

Net Pay        8,346.12
`,
			gross: 9562.5, net: 8346.12, relation: "5 deduction lines",
		},
		{
			name: "a register row under column captions",
			text: head + `
NAME            BASIC       OT       GROSS      SSS     PHIC    HDMF    W/TAX   TOTAL DED.   NET
DELA CRUZ, J.  9,000.00   562.50   9,562.50   450.00  225.00  100.00  410.20   1,185.20   8,377.30
`,
			gross: 9562.5, net: 8377.3, relation: "9562.50 - 1185.20 = 8377.30",
		},
		{
			name: "a register strip with no total: the deductions between gross and net",
			text: head + `
Basic       Overtime    Gross Pay    SSS      PHIC     HDMF     W/Tax      Coop Share   Net Pay
12,000.00   1,125.00    13,125.00    581.25   328.13   100.00   1,204.40   150.00       10,761.22
`,
			gross: 13125, net: 10761.22, relation: "5 deduction columns between them",
		},
		{
			name: "a deductions block under a header that reads as a total caption",
			text: head + `
Kita                            Mga Bawas
Basic Salary    12,400.00       SSS               581.25
Gross Pay       12,400.00       PhilHealth        310.00
                                Pag-IBIG          100.00
                                Withholding Tax   902.15
                                Salary Loan       750.00
Net Pay         9,756.60
`,
			gross: 12400, net: 9756.6, relation: "5 deduction lines",
		},
		{
			name: "a one-line block beside a block of taxes",
			text: `
Northwind Supply LLC
Pay Period: 07/06/2025 - 07/19/2025
Earnings      Current      Statutory          Current      Other          Current
Regular      2,400.00      Federal Tax         210.40      Dental 401k     72.00
Gross Pay    2,400.00      Social Security     148.80
                           Medicare             34.80
                           State Tax            81.60

Net Pay      1,852.40
`,
			gross: 2400, net: 1852.4, relation: "5 deduction lines",
		},
		{
			name: "a net whose decimal point was read as a digit",
			text: head + `
Basic Salary               6,500.00
Gross Pay                  6,500.00
Total Deductions             749.43
Net Pay                    5750957
`,
			gross: 6500, net: 5750.57, relation: "total printed",
		},
		{
			name: "a net with an unreadable caption, printed above",
			text: `
Dakila Software Labs Corp.
July 16, 2026 - July 31, 2026
CELE BLA
PHP 11,609.92
Basic Salary     13,150.00   SSS               1,325.00
Meal Allowance      725.00   PhilHealth          657.50
Gross Pay        13,875.00   Pag-IBIG            200.00
                             Withholding Tax      82.58
                             Total Deductions  2,265.08
`,
			gross: 13875, net: 11609.92, relation: "total printed",
		},
		// Coincidences and readings that must not confirm.
		{
			name: "a misread net whose difference sits in a year-to-date column",
			text: head + `
                 Current          YTD
Gross Pay       2,150.00    29,050.00
Total Taxes                    299.48
Total Deductions  344.48     4,742.33
Net Pay         1,850.52    24,307.67
`,
			gross: 2150, net: 1850.52,
		},
		{
			name: "a misread net equal to gross less the first lines of a block",
			text: head + `
Basic Pay      9,000.00        SSS              300.00
Gross Pay      9,000.00        PhilHealth       200.00
                               Pag-IBIG         100.00
Net Pay        8,500.00
`,
			gross: 9000, net: 8500,
		},
		{
			name: "a net that does not add up, whose difference is the block with its total counted twice",
			text: head + `
Basic Pay                 10,000.00
Overtime                   2,000.00
Gross Pay                 12,000.00
SSS                          500.00
PhilHealth                   250.00
Pag-IBIG                     100.00
Withholding Tax              650.00
Total Deductions           1,500.00
Net Pay                    9,000.00
`,
			gross: 12000, net: 9000,
		},
		{
			name: "a taxable income equal to gross less the pre-tax deductions",
			text: head + `
Gross Pay         4,278.47
401K                 42.78
Medical             258.91
Total Deductions    301.69
Fed Taxable Income 3,976.78
N3t Pqy          3,0964.9
`,
			gross: 4278.47, net: -1,
		},
		{
			name: "amounts read right with no relation to confirm them",
			text: head + `
Basic Salary              15,000.00
Gross Pay                 15,000.00
Net Pay                   13,750.00
`,
			gross: 15000, net: 13750,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(ocrDoc(tt.text, 0.7), Options{})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records (status %s), want 1", len(res.Records), res.Status)
			}
			r := res.Records[0]
			if g := num(r.Income.GrossAmount); g != tt.gross {
				t.Errorf("gross = %v, want %v", g, tt.gross)
			}
			if n := num(r.Income.NetAmount); tt.net >= 0 && n != tt.net {
				t.Errorf("net = %v, want %v", n, tt.net)
			}
			var passed *Check
			for i, c := range r.Checks {
				if c.Name == "gross_minus_deductions_equals_net" && c.Passed {
					passed = &r.Checks[i]
				}
			}
			switch {
			case tt.relation == "" && passed != nil:
				t.Errorf("confirmed by coincidence: %s", passed.Detail)
			case tt.relation == "" && r.Fields["netAmount"].Confidence >= 0.8:
				t.Errorf("net published at %.2f with nothing to confirm it", r.Fields["netAmount"].Confidence)
			case tt.relation != "" && passed == nil:
				t.Errorf("not confirmed (doubts %v)", r.Doubts)
			case tt.relation != "" && !strings.Contains(passed.Detail, tt.relation):
				t.Errorf("confirmed as %q, want %q", passed.Detail, tt.relation)
			case tt.relation != "":
				for _, f := range []string{"grossAmount", "netAmount"} {
					if c := r.Fields[f].Confidence; c < 0.8 {
						t.Errorf("%s confirmed but at %.2f", f, c)
					}
				}
			}
		})
	}
}

func TestJudgeUsesCalibratedThresholds(t *testing.T) {
	rec := func(field string, conf float64) Record {
		s, f := "x", 1.0
		r := Record{Kind: KindPayslip, Income: Income{Employer: &s, StartDate: &s, EndDate: &s, GrossAmount: &f, NetAmount: &f},
			Fields: map[string]Field{}}
		for _, k := range []string{"employer", "startDate", "endDate", "grossAmount", "netAmount"} {
			r.Fields[k] = Field{Confidence: 0.95}
		}
		r.Fields[field] = Field{Confidence: conf}
		return r
	}
	tests := []struct {
		field   string
		conf    float64
		min     float64
		doubted bool
	}{
		{"endDate", 0.77, 0, false},
		{"endDate", 0.73, 0, true},
		{"employer", 0.82, 0, true},
		{"employer", 0.86, 0, false},
		{"netAmount", 0.78, 0, true},
		{"endDate", 0.77, 0.8, true}, // an explicit threshold replaces the calibrated ones
	}
	for _, tt := range tests {
		r := rec(tt.field, tt.conf)
		judge(&r, tt.min)
		if got := len(r.Doubts) > 0; got != tt.doubted {
			t.Errorf("%s at %.2f (min %.2f): doubted = %v, want %v (%v)", tt.field, tt.conf, tt.min, got, tt.doubted, r.Doubts)
		}
	}
}

// A net whose caption OCR lost, printed in a tile with its decimal point
// lost too ("P14, 017 18"), is confirmed when its digits are gross less
// the total deductions to the centavo; other digits confirm nothing.
func TestNetPrintedWithoutItsPointConfirmsTheDifference(t *testing.T) {
	t.Parallel()
	slip := func(tile string) string {
		return `
Buwan Learning Center Inc.
Pay Period: 08/01/2026 - 08/15/2026
Mevarssriel LeU        JANINE P. REYES
` + tile + `
Basic (Regular)     13,050.00     W/Tax              635.41
OT (125%)            1,602.59     Total Deductions   635.41
Total Earnings      14,652.59
`
	}
	res := Extract(ocrDoc(slip("P14, 017 18"), 0.95), Options{})
	r := res.Records[0]
	if res.Status != StatusAnalyzed || num(r.Income.NetAmount) != 14017.18 {
		t.Errorf("status %s, net %v, doubts %v: want ANALYZED 14017.18", res.Status, num(r.Income.NetAmount), r.Doubts)
	}
	res = Extract(ocrDoc(slip("P14, 071 18"), 0.95), Options{})
	if res.Status == StatusAnalyzed {
		t.Errorf("other digits confirmed the net: %v", res.Records[0].Checks)
	}
}

// The same holds when the net's caption was read with a cut-off reading
// beside it ("P 13 563 89" read as 13 under NET AMOUNT DUE): the digits
// printed under the caption replace the reading the arithmetic refutes.
func TestNetReadCutOffIsReplacedByItsPrintedDigits(t *testing.T) {
	t.Parallel()
	slip := func(tile string) string {
		return `
Pagasa Hotel Holdings, Inc.
NET AMOUNT DUE
` + tile + `      PERIOD COVERED 10/16/2023 - 10/31/2023
Basic               11,744.00     SSS Premium         587.50
Rice Allowance       2,887.00     W/Tax               479.61
Total Compensation  14,631.00     Total Deductions  1,067.11
`
	}
	res := Extract(ocrDoc(slip("P 13 563 89"), 0.95), Options{})
	r := res.Records[0]
	if res.Status != StatusAnalyzed || num(r.Income.NetAmount) != 13563.89 {
		t.Errorf("status %s, net %v, doubts %v: want ANALYZED 13563.89", res.Status, num(r.Income.NetAmount), r.Doubts)
	}
	res = Extract(ocrDoc(slip("P 13 536 89"), 0.95), Options{})
	if res.Status == StatusAnalyzed {
		t.Errorf("other digits confirmed the net: %v", res.Records[0].Checks)
	}
}

// A net under a caption OCR could not read, on a slip that prints no
// total deductions, is the gross less the whole deductions block. A line
// of a block never is: the basic pay is the gross less the other earnings.
func TestNetUncaptionedIsGrossLessTheDeductionsBlock(t *testing.T) {
	t.Parallel()
	slip := func(tile string) string {
		return `
Yaman Logistics Corp.                          PAYSLIP
ETP VRECEIVARIE     Cut-Off: Sep 24 - Sep 30, 2023
` + tile + `
Basic Salary     16,344.85     SSS                403.85
Rice Allowance      461.54     PhilHealth         410.19
Gross Amount PHP 16,806.39     Pag-IBIG            46.15
                               Withholding Tax  1,996.18
                               SSS Loan           410.54
                               Coop Share         185.54
`
	}
	res := Extract(ocrDoc(slip("PHP 13,353.94"), 0.95), Options{})
	r := res.Records[0]
	if res.Status != StatusAnalyzed || num(r.Income.NetAmount) != 13353.94 {
		t.Errorf("status %s, net %v, doubts %v: want ANALYZED 13353.94", res.Status, num(r.Income.NetAmount), r.Doubts)
	}
	res = Extract(ocrDoc(slip("PHP 13,335.94"), 0.95), Options{})
	if res.Status == StatusAnalyzed {
		t.Errorf("an amount that is not gross less the deductions confirmed: %v", res.Records[0].Checks)
	}
	res = Extract(ocrDoc(`
Sigla Engineering OPC
Period Covered: 01 Jun 2025 - 15 Jun 2025
EARNINGS
Basic Salary          53,979.00
Overtime              11,439.55
Rice Subsidy           1,000.00
Total Gross Pay       66,418.55
WITHHOLDINGS
SSS Premium              875.00
`, 0.95), Options{})
	if n := res.Records[0].Income.NetAmount; n != nil {
		t.Errorf("net %.2f taken from the earnings lines (%v)", *n, res.Records[0].Checks)
	}
	// The basic pay repeated in a summary bar stands alone there, yet is
	// printed twice: it is the gross less the other earnings, no net.
	res = Extract(ocrDoc(`
Tanglaw Engineering Trading                               Payslip
Payroll Period: 2023-09-01 - 2023-09-30
Earnings              Amount     Deductions            Amount
Basic Pay           13420.00     SSS/EC                675.00
Rice Allowance       2000.00     PHIC                  331.69
Transpo Allowance    3000.00     HDMF                  200.00
Load Allowance        700.00     SSS Loan             1311.00

     Basic Pay          Total Earnings
Php 13420.00        Php 19120.00
`, 0.95), Options{})
	if n := res.Records[0].Income.NetAmount; n != nil {
		t.Errorf("net %.2f taken from a summary bar's basic pay (%v)", *n, res.Records[0].Checks)
	}
}

// A net one glyph off the difference of two totals that their own lines
// confirm (the earnings add up to the gross, the deduction lines to the
// total deductions) is that difference, OCR having misread the glyph; two
// glyphs off, or totals their lines do not confirm, it stays in doubt.
func TestNetOneGlyphOffConfirmedTotalsIsMended(t *testing.T) {
	t.Parallel()
	slip := func(net, sss string) string {
		return `
Lunas Beverages Corp.
Pay Period: 06/01/2022 - 06/15/2022
EARNINGS
Basic Pay                 6,314.00
Overtime                  1,707.09
Rice Allowance              500.00
Gross Pay                 8,521.09
DEDUCTIONS
SSS                         ` + sss + `
PhilHealth                  157.85
Pag-IBIG                    100.00
Total Deductions            568.55
Net Pay                   ` + net + `
`
	}
	for _, tt := range []struct {
		name, net, sss string
		want           float64
		published      bool
	}{
		{"one glyph off", "7,952.94", "310.70", 7952.54, true},
		{"two glyphs off", "7,958.94", "310.70", 7958.94, false},
		{"deduction lines that do not add up", "7,952.94", "319.70", 7952.94, false},
	} {
		res := Extract(ocrDoc(slip(tt.net, tt.sss), 0.95), Options{})
		r := res.Records[0]
		if got := res.Status == StatusAnalyzed; got != tt.published || num(r.Income.NetAmount) != tt.want {
			t.Errorf("%s: status %s, net %.2f (doubts %v), want net %.2f published %v", tt.name, res.Status, num(r.Income.NetAmount), r.Doubts, tt.want, tt.published)
		}
	}
	// An allowance of 1,000.00 added back after the deductions puts the
	// net one glyph off the difference too: the net read is not mended.
	res := Extract(ocrDoc(`
Lunas Beverages Corp.
Pay Period: 06/01/2022 - 06/15/2022
EARNINGS
Basic Pay                 6,314.00
Overtime                  1,707.09
Rice Allowance              500.00
Gross Pay                 8,521.09
DEDUCTIONS
SSS                       1,310.70
PhilHealth                  157.85
Pag-IBIG                    100.00
Total Deductions          1,568.55
Add: Meal Allowance       1,000.00
Net Pay                   7,952.54
`, 0.95), Options{})
	if got := num(res.Records[0].Income.NetAmount); got != 7952.54 {
		t.Errorf("net with an allowance added back: %.2f, want 7952.54 as read (%v)", got, res.Records[0].Checks)
	}
	// A text layer has no misread glyph.
	res = Extract(docOf(slip("7,952.94", "310.70")), Options{})
	if got := num(res.Records[0].Income.NetAmount); got != 7952.94 {
		t.Errorf("net of a text layer: %.2f, want 7952.94 as printed (%v)", got, res.Records[0].Checks)
	}
}

// The check's detail shows every total the relation took: with a taxes
// total beside the deductions total, both.
func TestCheckDetailShowsTheTaxesTotal(t *testing.T) {
	t.Parallel()
	res := Extract(docOf(`
Northwind Supply LLC
Pay Period: 01/26/2026 - 02/01/2026
Regular Pay                 1,440.00
Overtime                      297.00
Total Gross                 1,737.00
Total Taxes                   264.02
Total Deductions              215.11
Net Pay                     1,257.87
`), Options{})
	var detail string
	for _, c := range res.Records[0].Checks {
		if c.Name == "gross_minus_deductions_equals_net" && c.Passed {
			detail = c.Detail
		}
	}
	if detail != "1737.00 - 215.11 - 264.02 = 1257.87" {
		t.Errorf("detail %q, want the taxes total shown", detail)
	}
}

// TestThousandsCutOffALargeNet: the net in large print read as "41" and
// "563.87"; the arithmetic chooses 41,563.87, and nothing else does.
func TestThousandsCutOffALargeNet(t *testing.T) {
	t.Parallel()
	page := func(net string) *ocr.Document {
		return ocrDoc(`
Mabuhay Foods Corp.                       PAY SLIP
Pay Period: September 1-15, 2024
Basic Pay                  45,000.00
Gross Pay                  45,000.00
Total Deductions            3,436.13
NET PAY   PHP `+net+`
`, 0.95)
	}
	res := Extract(page("41 563.87"), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("status %s, %d records", res.Status, len(res.Records))
	}
	if n := num(res.Records[0].Income.NetAmount); n != 41563.87 {
		t.Errorf("net %.2f, want 41563.87", n)
	}
	// A head the arithmetic does not confirm is not joined.
	res = Extract(page("12 563.87"), Options{})
	if n := num(res.Records[0].Income.NetAmount); n == 12563.87 {
		t.Errorf("net %.2f joined with no arithmetic behind it", n)
	}
}

// A net whose figures OCR lost is the gross less the total deductions when
// the page writes that amount out in words, to the centavo; words that say
// another amount (the net rounded) confirm nothing.
func TestNetWrittenOutInWords(t *testing.T) {
	t.Parallel()
	slip := func(words string) string {
		return `
Marikit Steel Works Corp.
PAY SLIP
CUTOFF: 2023-08-16 2023-08-31
Basic Pay                  7,500.00
Transportation Allowance   2,750.00
GROSS PAY                 P10,250.00
SSS                          375.00
Coop Loan                  1,911.00
TOTAL DEDUCTIONS           P2,286.00
TAKE HOME
Amount in words:
` + words + `
Received by:
`
	}
	wantNets(t, slip, []netCase{
		{"the net in words", "SEVEN THOUSAND NINE HUNDRED SIXTY FOUR\nPESOS AND 00/100", 7964, true},
		{"another amount in words", "SEVEN THOUSAND NINE HUNDRED SIXTY FIVE PESOS ONLY", 7964, false},
		{"no words", "", 7964, false},
	})
}

// A quote mark OCR read glued to a word ("“PHP 49,992.74") is a speck: the
// amount under its caption is still the caption's.
func TestQuoteMarkSpecksOnWords(t *testing.T) {
	t.Parallel()
	for _, gross := range []string{"PHP 49,992.74", "“PHP 49,992.74", "PHP 49,992.74’"} {
		t.Run(gross, func(t *testing.T) {
			t.Parallel()
			txt := `
ILOG DENTAL CARE AND GENERAL MERCHANDISE CORP.   PAY ADV.
PAY PRD: JUNE 16-30, 2024   PAY DT.: 28 JUNE 2024
EARNINGS  AMT       LESS       AMT
BASIC SAL. 42,125.00   ABSENCES 3,873.56
OT PAY      4,842.00   SSS      1,750.00
NIGHT DIFF  2,275.74   PHIC     2,106.25
TRAVEL ALLOW. 750.00   HDMF EE    200.00
                       W/H TAX  6,265.76
                       CASH ADVANCE 420.50

GROSS AMT          TOT. DED.        NET AMT PAID
` + gross + `      PHP 14,616.07    PHP 35,376.67
`
			res := Extract(ocrDoc(txt, 0.95), Options{})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records, want 1", len(res.Records))
			}
			r := res.Records[0]
			if res.Status != StatusAnalyzed || num(r.Income.GrossAmount) != 49992.74 {
				t.Errorf("status %s, gross %.2f (%s), doubts %v; want ANALYZED with 49992.74", res.Status, num(r.Income.GrossAmount), r.Fields["grossAmount"].How, r.Doubts)
			}
		})
	}
}

// A net whose line OCR lost is the gross less the total deductions when
// the earnings lines add up to the gross, the deduction lines to the total,
// and nothing is printed after the total that could be added back.
func TestNetOfConfirmedTotalsWithItsLineUnread(t *testing.T) {
	t.Parallel()
	slip := func(after string) string {
		return earnedSlip(`
SSS                          900.00
PhilHealth                   429.38
Pag-IBIG                     200.00
Withholding Tax            1,105.51
Total Deductions           2,634.89
` + after)
	}
	wantNets(t, slip, []netCase{
		{"nothing after the deductions", "", 15290.11, true},
		{"an allowance added back after them", "Add: Meal Allowance          1,000.00", 15290.11, false},
	})
}

// earnedSlip is a slip whose earnings lines add up to its gross, its
// deductions block printed under them, and no net.
func earnedSlip(deductions string) string {
	return `
Sinag Printing Press OPC
PAYSLIP
Pay Period: July 1-15, 2022
Basic Pay                 17,175.00
Rice Allowance               750.00
Gross Pay                 17,925.00
DEDUCTIONS
` + strings.Trim(deductions, "\n") + `

Received by: ____________
`
}

// A single deduction line and its total are two readings of one figure:
// they confirm the total as two or more lines adding up to it do.
func TestNetOfConfirmedTotalsWithOneDeductionLine(t *testing.T) {
	t.Parallel()
	slip := func(line string) string {
		return earnedSlip(line + "\nTotal Deductions             470.00")
	}
	wantNets(t, slip, []netCase{
		{"its one line equals the total", "LWOP                         470.00", 17455, true},
		{"its one line differs from the total", "LWOP                         407.00", 17455, false},
	})
}

// netCase is one printing of a slip (vary fills its blank) and the net it
// should read, published or not.
type netCase struct {
	name, vary string
	net        float64
	published  bool
}

// wantNets runs wantNet on each case's printing of slip.
func wantNets(t *testing.T, slip func(string) string, cases []netCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			wantNet(t, slip(c.vary), c.net, c.published)
		})
	}
}

// wantNet extracts the one record of an OCR page of text and checks its
// net and whether that net's confidence reaches publishing.
func wantNet(t *testing.T, text string, net float64, published bool) {
	t.Helper()
	r := soleRecord(t, ocrDoc(text, 0.95))
	f := r.Fields["netAmount"]
	if num(r.Income.NetAmount) != net || (f.Confidence >= minConfidence("netAmount")) != published {
		t.Errorf("net %.2f at %.2f (%s), want %.2f published %v", num(r.Income.NetAmount), f.Confidence, f.How, net, published)
	}
}

// Basic pay read by OCR is published only when the arithmetic confirms it:
// here its own column of earnings lines adds up to a gross printed apart,
// in a summary row under both columns, or the earnings beside it on a
// register's row add up to the gross after them, or it is the slip's one
// earnings line, equal to the gross.
func TestBasePayConfirmedByItsOwnColumn(t *testing.T) {
	t.Parallel()
	slip := func(ot, gross, net string) string {
		return `
Ilog Resort Holdings, Inc.                           PAY ADVICE
PERIOD: 01 JUN 2025 - 15 JUN 2025
INCOME               AMT      DEDUCTIONS             AMT
BASIC PAY      39,100.00      W/TAX             7,913.32
OT PAY         ` + ot + `      CASH ADVANCE        913.00
FOOD ALLOW.       750.00

GR. PAY          TTL DED.        NET PAY
` + gross + `         8,826.32        ` + net + `
`
	}
	one := `
Likha Dental Care and Supply Trading
Covered period: Jun 18, 2022 - Jun 24, 2022
GROSS PAY      DEDUCTIONS     NET PAY
$640.00        $51.85         $588.15
Earnings
Reg Hours (40.00)              640.00
`
	register := func(meal string) string {
		return `
JXZ Maya Foods OPC
Period Covered: 2024-11-16 to 2024-11-30
Basic Salary   Regular OT   Meal Allow.   Gross Earnings   Total Deductions   Net Pay
    7,500.00        26.94   ` + meal + `         7,826.94             750.00   7,076.94
`
	}
	tests := []struct {
		name, text string
		base       float64
		published  bool
	}{
		{"its row of a register adds up to the gross", register("     300.00"), 7500, true},
		{"its row of a register does not add up", register("     310.00"), 7500, false},
		{"its column adds up to the gross", slip(" 7,724.58", "47,574.58", "38,748.26"), 39100, true},
		{"its column does not add up", slip(" 7,742.58", "47,574.58", "38,748.26"), 39100, false},
		{"the one earnings line is the gross", one, 640, true},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := soleRecord(t, ocrDoc(c.text, 0.95))
			f, ok := r.Fields["baseAmount"]
			if !ok && r.Income.BaseAmount == nil && !c.published {
				return // left empty, as an unconfirmed optional field is
			}
			if num(r.Income.BaseAmount) != c.base || (f.Confidence >= minConfidence("baseAmount")) != c.published {
				t.Errorf("base %.2f at %.2f (%s), want %.2f published %v; checks %+v", num(r.Income.BaseAmount), f.Confidence, f.How, c.base, c.published, r.Checks)
			}
		})
	}
}

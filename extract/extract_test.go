package extract

import (
	"strings"
	"testing"

	"talaan/ocr"
)

// pageFromText lays text out on a monospaced grid (6 x 12 units a
// character), one word per run of non-space characters, as a text layer
// would give it. It lets layout rules be tested without OCR.
func pageFromText(n int, text string, src ocr.Source, conf float64) ocr.Page {
	p := ocr.Page{Number: n, Width: 600, Height: 800, Source: src}
	for li, line := range strings.Split(strings.Trim(text, "\n"), "\n") {
		rs := []rune(line)
		for i := 0; i < len(rs); {
			if rs[i] == ' ' {
				i++
				continue
			}
			j := i
			for j < len(rs) && rs[j] != ' ' {
				j++
			}
			p.Words = append(p.Words, ocr.Word{Text: string(rs[i:j]), Conf: conf, Line: li,
				Box: ocr.Box{X0: float64(i) * 6, Y0: float64(li)*12 + 1, X1: float64(j) * 6, Y1: float64(li)*12 + 10}})
			i = j
		}
	}
	return p
}

func docOf(pages ...string) *ocr.Document {
	d := &ocr.Document{Type: ocr.TypePDF}
	for i, p := range pages {
		d.Pages = append(d.Pages, pageFromText(i+1, p, ocr.SourceText, 1))
	}
	return d
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

func num(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

type want struct {
	employer, start, end, pay, freq, cur string
	base, gross, net                     float64
}

func checkIncome(t *testing.T, got Income, w want) {
	t.Helper()
	pairs := []struct{ name, got, want string }{
		{"employer", str(got.Employer), w.employer}, {"startDate", str(got.StartDate), w.start},
		{"endDate", str(got.EndDate), w.end}, {"payDate", str(got.PayDate), w.pay},
		{"frequency", str(got.Frequency), w.freq}, {"currency", str(got.Currency), w.cur},
	}
	for _, p := range pairs {
		if p.got != p.want {
			t.Errorf("%s = %q, want %q", p.name, p.got, p.want)
		}
	}
	nums := []struct {
		name      string
		got, want float64
	}{{"baseAmount", num(got.BaseAmount), w.base}, {"grossAmount", num(got.GrossAmount), w.gross}, {"netAmount", num(got.NetAmount), w.net}}
	for _, p := range nums {
		if p.got != p.want {
			t.Errorf("%s = %v, want %v", p.name, p.got, p.want)
		}
	}
}

// kalayaanSlip is a semimonthly payslip in a four-column table with a
// negative earning; it publishes clean.
const kalayaanSlip = `
Kalayaan Tool Works Corp.
Mabini St., Quezon City

PAYSLIP
 Employee      Rosa M. Dela Cruz              Employee ID   A-1102
 Period        March 1, 2025 - March 15, 2025
 Pay Date      03/15/2025

 Earnings                     Amount    Deductions                   Amount
 Basic Salary              15,000.00    SSS                          675.00
 Overtime                     812.50    PhilHealth                   375.00
 Absences                    -250.00    Pag-IBIG                     100.00
 Total Earnings            15,562.50    Withholding Tax              310.20
                                        Total Deductions           1,460.20
 Net Pay                                                          14,102.30
`

func TestExtractPayslipLayouts(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		want   want
		status Status
	}{
		{
			name:   "four-column table with negative earnings",
			text:   kalayaanSlip,
			want:   want{"Kalayaan Tool Works Corp.", "2025-03-01", "2025-03-15", "2025-03-15", "Semimonthly", "PHP", 15000, 15562.5, 14102.3},
			status: StatusAnalyzed,
		},
		{
			name: "cards with the net on top and the value under its caption",
			text: `
Dalisay Foods Inc.

  TAKE HOME PAY                                   PAY PERIOD
  PHP 20,411.00                                   08/01/2026 - 08/31/2026

  Earnings                       Deductions
  Basic Pay        22,500.00     SSS              1,012.50
  Rice Subsidy      1,500.00     PhilHealth         562.50
  Gross Pay     PHP 24,000.00    Pag-IBIG           200.00
                                 Withholding Tax  1,814.00
                                 Total Deductions PHP 3,589.00
`,
			want:   want{"Dalisay Foods Inc.", "2026-08-01", "2026-08-31", "<nil>", "Monthly", "PHP", 22500, 24000, 20411},
			status: StatusAnalyzed,
		},
		{
			name: "current and YTD columns with rate and hours",
			text: `
Northwind Supply LLC                          Earnings Statement
                                              Period Beginning: 07/06/2025
                                              Period Ending:    07/19/2025
                                              Pay Date:         07/25/2025
Earnings         Rate     Hours     Current          YTD
Regular         25.00     80.00    $2,000.00   $28,000.00
Overtime        37.50      4.00      $150.00    $1,050.00
Gross Pay                          $2,150.00   $29,050.00
Deductions                          Current          YTD
Federal Income Tax                   $180.00    $2,520.00
Social Security                      $133.30    $1,801.10
Medicare                              $31.18      $421.23
Total Deductions                     $344.48    $4,742.33
Net Pay                            $1,805.52   $24,307.67
`,
			want:   want{"Northwind Supply LLC", "2025-07-06", "2025-07-19", "2025-07-25", "Biweekly", "USD", 2000, 2150, 1805.52},
			status: StatusAnalyzed,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(docOf(tt.text), Options{})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records (status %s, %s), want 1", len(res.Records), res.Status, res.ErrorMessage)
			}
			checkIncome(t, res.Records[0].Income, tt.want)
			if res.Status != tt.status {
				t.Errorf("status = %s, want %s (doubts %v)", res.Status, tt.status, res.Records[0].Doubts)
			}
		})
	}
}

func TestExtractTaxForms(t *testing.T) {
	w2 := `
a Employee's social security number          OMB No. 1545-0008
 123-45-6789
b Employer identification number             1 Wages, tips, other compensation    2 Federal income tax withheld
 12-3456789                                    48250.75                            5120.10
c Employer's name, address, and ZIP code     3 Social security wages              4 Social security tax withheld
 Harbor Light Marine Inc                       50100.00                            3106.20
 12 Dock Road
 Portland ME 04101
Form W-2 Wage and Tax Statement 2023
`
	bir := `
BIR Form No. 2316 Certificate of Compensation Payment / Tax Withheld
1 For the Year    2024                 2 For the Period   From 01/01 To 12/31
3 Employee TIN    111-222-333-000      4 Employee Name    SANTOS, ANA REYES
12 Employer TIN   444-555-666-000      13 Employer Name   Masagana Rice Mill Corp.
   Gross Compensation Income from Present
19                                                  410,000.00
   Employer (Sum of Items 38 and 52)
   Total Non-Taxable/Exempt Compensation
38                                                  110,000.00
39 Basic Salary                                     250,000.00
   Total Taxable Compensation Income
52                                                  300,000.00
`
	tests := []struct {
		name string
		text string
		kind Kind
		want want
	}{
		{"W-2 box 1 and box c", w2, KindW2, want{"Harbor Light Marine Inc", "2023-01-01", "2023-12-31", "<nil>", "Annually", "USD", -1, 48250.75, -1}},
		{"BIR 2316 items 19 and 39", bir, KindBIR2316, want{"Masagana Rice Mill Corp.", "2024-01-01", "2024-12-31", "<nil>", "Annually", "PHP", 250000, 410000, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(docOf(tt.text), Options{})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records (status %s, %s), want 1", len(res.Records), res.Status, res.ErrorMessage)
			}
			if res.Kind != tt.kind {
				t.Errorf("kind = %s, want %s", res.Kind, tt.kind)
			}
			checkIncome(t, res.Records[0].Income, tt.want)
		})
	}
}

func TestExtractRefusesNonIncome(t *testing.T) {
	bill := `
Bituin Fiber Internet
STATEMENT OF ACCOUNT
Account Number 1234567      Billing Period  Jun 1 - Jun 30, 2025
Previous Balance                1,299.00
Current Charges                 1,299.00
Total Amount Due            PHP 1,299.00
Due Date                    July 15, 2025
`
	res := Extract(docOf(bill), Options{})
	if res.Status != StatusUnsupported || len(res.Records) != 0 {
		t.Fatalf("status = %s with %d records, want UNSUPPORTED with none", res.Status, len(res.Records))
	}
	if res.ErrorCode != CodeNotIncome || res.ErrorMessage == "" {
		t.Errorf("error = %q %q, want %s with a message", res.ErrorCode, res.ErrorMessage, CodeNotIncome)
	}
	empty := &ocr.Document{Pages: []ocr.Page{{Number: 1, Source: ocr.SourceOCR}}}
	if res := Extract(empty, Options{}); res.Status != StatusError || res.ErrorCode != CodeUnreadable {
		t.Errorf("blank page: status %s code %s, want ERROR UNREADABLE", res.Status, res.ErrorCode)
	}
}

func TestExtractSendsDoubtToReview(t *testing.T) {
	// Totals that do not add up must not be published as confident.
	text := `
Hiraya Crafts Co.
Pay Period: 05/16/2024 - 05/31/2024
Basic Pay                10,000.00
Gross Pay                10,500.00
Total Deductions          1,000.00
Net Pay                   9,900.00
`
	res := Extract(docOf(text), Options{})
	if res.Status != StatusReview {
		t.Fatalf("status = %s, want REVIEW", res.Status)
	}
}

func TestExtractSeveralPayslipsInOnePDF(t *testing.T) {
	slip := func(p1, p2, net string) string {
		return `
Tanglaw Printing Corp.
Payslip  Pay Period: ` + p1 + ` - ` + p2 + `
Basic Pay                  9,000.00
Gross Pay                  9,000.00
Total Deductions             900.00
Net Pay                    ` + net + `
SSS 400.00  PhilHealth 300.00  Pag-IBIG 200.00
`
	}
	res := Extract(docOf(slip("01/01/2025", "01/15/2025", "8,100.00"), slip("01/16/2025", "01/31/2025", "8,100.00")), Options{})
	if len(res.Records) != 2 {
		t.Fatalf("got %d records, want 2", len(res.Records))
	}
	if s := str(res.Records[1].Income.StartDate); s != "2025-01-16" {
		t.Errorf("second slip starts %s, want 2025-01-16", s)
	}
}

func TestTamperSigns(t *testing.T) {
	got := tamperSigns(&ocr.PDFInfo{Producer: "Foxit PDF Editor 12", Revisions: 2, CreationDate: "D:20240101", ModDate: "D:20240305120000"})
	codes := map[string]bool{}
	for _, s := range got {
		codes[s.Code] = true
	}
	for _, c := range []string{"INCREMENTAL_UPDATE", "EDITOR_PRODUCER", "MODIFIED_AFTER_CREATION"} {
		if !codes[c] {
			t.Errorf("missing %s in %v", c, got)
		}
	}
	if got := tamperSigns(&ocr.PDFInfo{Producer: "Skia/PDF m120", Revisions: 1, CreationDate: "D:20240101", ModDate: "D:20240101"}); len(got) != 0 {
		t.Errorf("clean PDF flagged: %v", got)
	}
}

func TestNameReadingDoubtsMisreadGlyphs(t *testing.T) {
	tests := []struct {
		name  string
		clean bool
	}{
		{"Ginhawa Wellness Spa, Inc.", true},
		{"Sampaguita-Silangan Beverages Enterprises", true},
		{"NORTH 312", true},
		{"Habagat Farms and Genera! Merchandise Corporation", false},
		{"Kal1bo Trading Co.", false},
		{"llog Foods and Services Inc.", false},
		{"Bank of the Philippine Islands", true},
		{"VF) Handog Printing Press Co.", false},
		{"Acme |nc.", false},
		{"Kape (Batangas) Trading", true},
		{"Acme 1nc.", false},
		{"MASIGLA JANITORIAL SERVICES AND SUPPLY COREmployee-Pay Statement", false},
		{"Kawayan IT Services Enterpris@smployee", false},
		{"DepEd Employees Multi-Purpose Cooperative", true},
	}
	for _, tt := range tests {
		if got := nameReading(tt.name) == 1; got != tt.clean {
			t.Errorf("nameReading(%q) clean = %v, want %v", tt.name, got, tt.clean)
		}
	}
}

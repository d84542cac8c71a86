package extract

import (
	"testing"

	"talaan/ocr"
)

func TestCaptionsMatchAcrossLanguagesAndAbbreviations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		caption string
		labels  []string
		want    string // the phrase found, "" for none
	}{
		{"Kabuuang Kita", lblGross, "total earnings"},
		{"Kabuuang Sahod", lblGross, "total salary"},
		{"Gross Earnings / Kabuuang Kita", lblGross, "gross earnings"},
		{"GR. PAY", lblGross, "gross pay"},
		{"G. Pay", lblGross, "gross pay"},
		{"Netong Sahod", lblNet, "net salary"},
		{"Halagang Matatanggap", lblNet, "net pay"},
		{"Matatanggap", lblNet, "net pay"},
		{"Take-home Pay", lblNet, "take home pay"},
		{"NET AMT.", lblNet, "net amount"},
		{"NET PAY AMT", lblNet, "net pay amount"},
		{"Tot. Ded.", lblTotalDed, "total deductions"},
		{"Tot Deduc", lblTotalDed, "total deductions"},
		{"Kabuuang Kaltas/Bawas", lblTotalDed, "total deductions"},
		{"Mga Kaltas", lblTotalDed, "deductions"},
		{"Batayang Sahod", lblBasic, "basic salary"},
		{"Sweldo", lblBasic, "salary"},
		{"W/Tax", lblWTax, "withholding tax"},
		{"Petsa ng Sahod", lblPayDate, "pay date"},
		{"PAY DT.", lblPayDate, "pay date"},
		{"Panahon ng Sweldo", lblPeriod, "period"},
		// Words that only look alike stay apart.
		{"Total Amount Due", lblNet, ""},
		{"Petsa", lblPayDate, ""},
		{"Kita", lblNet, ""},
	}
	for _, tt := range tests {
		t.Run(tt.caption, func(t *testing.T) {
			t.Parallel()
			p := pageFromText(1, tt.caption+"      1,234.56", ocr.SourceText, 1)
			l := newLayout(&p)
			hits := l.findLabels(tt.labels)
			var got []string
			found := false
			for _, h := range hits {
				got = append(got, h.phrase)
				found = found || h.phrase == tt.want
			}
			if (tt.want == "" && len(hits) > 0) || (tt.want != "" && !found) {
				t.Errorf("findLabels(%q) = %q, want %q", tt.caption, got, tt.want)
			}
		})
	}
}

func TestClassifyPayslipsByWordingOrStructure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		page string
		want Kind
	}{
		{"tagalog slip", `
HABAGAT FARMS CORPORATION
KATIBAYAN NG PASAHOD
Pangalan ng Empleyado: Juan D. Cruz
Panahon ng Sahod: June 1-15, 2024
Batayang Sahod        10,000.00
Kabuuang Kita         10,000.00
SSS                      500.00
Kabuuang Kaltas          500.00
Netong Sahod           9,500.00
`, KindPayslip},
		{"abbreviated strip", `
HABAGAT FARMS CORPORATION
EMP: JUAN CRUZ    PAY PRD: 06/01/2024 - 06/15/2024
BASIC     10,000.00     SSS EE    500.00
GR. PAY   10,000.00     TOT. DED. 500.00    NET AMT. 9,500.00
`, KindPayslip},
		{"untitled statement with arithmetic", `
Habagat Farms Corporation
Employee: Juan D. Cruz
Period: June 1-15, 2024
Earnings              10,000.00
Gross                 10,000.00
Deductions               500.00
Net                    9,500.00
`, KindPayslip},
		{"electric bill", `
MERALCO
Statement of Account
Billing Period: 05/01/2024 - 05/31/2024
Previous Balance       1,200.00
Current Charges        2,300.00
Total Amount Due       2,300.00
Due Date: 06/10/2024
`, KindUnsupported},
		{"sales receipt with net and gross", `
SARI-SARI TRADING
Official Receipt No. 1234   Date: 06/15/2024
Gross Sales           1,120.00
Less: Deductions        120.00
Net Amount            1,000.00
`, KindUnsupported},
		{"payslip register with an amount due and a balance column", `
Pagasa Farms Enterprises                                      PAYSLIP
                                                 REF. NO. PFE-45026
EMPLOYEE NAME: MAGBANUA, Mylene R.       PERIOD: 2022-10-01 TO 2022-10-15
                                         PAY DATE: 2022-10-14
CODE  DESCRIPTION          EARNINGS   DEDUCTIONS     BALANCE
1010  REGULAR PAY          53,900.00                53,900.00
2020  W/TAX                            7,346.07     46,553.93
      TOTALS               53,900.00   7,346.07
                  AMOUNT DUE  Php 46,553.93
`, KindPayslip},
		{"employee pay register, its title alone", `
Perlas-Mabuhay Learning Center, Inc.           EMPLOYEE PAY REGISTER
Cutoff: Feb 20-26, 2023          Payout Date: Feb 24, 2023
Code  Description       Earnings   Deductions   Year-to-Date
1010  Regular Hours     3,225.00                29,025.00
2010  SSS Premium                    161.54      1,453.86
      Totals            3,225.00     161.54
                  AMOUNT DUE  P3,063.46
`, KindPayslip},
		{"bank statement", `
BANK OF THE ISLANDS
Statement Period: 06/01/2024 - 06/30/2024
Account Number 1234-5678-90
Opening Balance       5,000.00
Deposits             10,000.00
Withdrawals           4,000.00
Closing Balance      11,000.00
`, KindUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := pageFromText(1, tt.page, ocr.SourceText, 1)
			if got := classifyPage(newLayout(&p)); got.kind != tt.want {
				t.Errorf("classified as %s (%s, score %.1f), want %s", got.kind, got.reason, got.score, tt.want)
			}
		})
	}
}

func TestStructureAloneSendsToReview(t *testing.T) {
	t.Parallel()
	res := Extract(docOf(`
Habagat Farms Corporation
Employee: Juan D. Cruz
Period: June 1-15, 2024
Earnings              10,000.00
Gross                 10,000.00
Deductions               500.00
Net                    9,500.00
`), Options{})
	if res.Kind != KindPayslip || res.Status != StatusReview {
		t.Fatalf("got %s %s, want a payslip in review", res.Kind, res.Status)
	}
}

func TestPeriodOfNoPayFrequencyIsDoubted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		start, end string
		pass       bool
	}{
		{"2024-06-01", "2024-06-15", true},
		{"2024-06-03", "2024-06-09", true},
		{"2024-06-01", "2024-06-30", true},
		{"2024-06-15", "2024-06-15", false}, // one date read twice
		{"2024-01-31", "2024-02-03", false}, // an end and a pay date
	}
	for _, tt := range tests {
		r := Record{Kind: KindPayslip, Income: Income{StartDate: ptr(tt.start), EndDate: ptr(tt.end)}}
		checkPeriodShape(&r)
		if len(r.Checks) != 1 || r.Checks[0].Passed != tt.pass {
			t.Errorf("%s to %s: checks %+v, want passed=%v", tt.start, tt.end, r.Checks, tt.pass)
		}
	}
}

package extract

import "testing"

func TestBIR2316ReadsItemsByNumberAndGeometry(t *testing.T) {
	// Two parts side by side, as on the official form: Part IV-A's items
	// on the left with labels wrapped over two lines and the amount on the
	// second; Part IV-B's on the right.
	twoColumns := `
BIR Form No. 2316 Certificate of Compensation Payment / Tax Withheld
1 For the Year 2024             2 For the Period From 01/01 To 12/31
13 Employer's Name
   Masagana Rice Mill Corp.
Part IV-A Summary                                            Part IV-B Details
19 Gross Compensation Income from Present Employer (Sum of    38 Total Non-Taxable              110,000.00
   Items 38 and 52)                           422,000.00      39 Basic Salary                   250,000.00
20 Less: Total Non-Taxable Compensation Income from           41 Transportation                       0.00
   Present Employer (From Item 38)            110,000.00      42 Cost of Living Allowance             0.00
21 Taxable Compensation Income from Present Employer (Item    43 Fixed Housing Allowance              0.00
   19 Less Item 20) (From Item 52)            312,000.00      44 Others                               0.00
22 Add: Taxable Compensation Income from Previous             45 Commission                      62,000.00
   Employer, if applicable                          0.00      46 Profit Sharing                       0.00
23 Gross Taxable Compensation Income (Sum of Items 21 and     47 Fees                                 0.00
   22)                                        312,000.00      48 Taxable 13th Month Benefits          0.00
24 Tax Due                                     14,900.00      50 Overtime Pay                         0.00
26 Total Amount of Taxes Withheld as adjusted (Sum of Items   51 Others                               0.00
   25A and 25B)                                14,900.00      52 Total Taxable Compensation     312,000.00
`
	// Item 19's label runs into the next column's line, whose amount
	// stands on the label's row; item 19's own amount is on the line below.
	crossing := `
BIR Form No. 2316 Certificate of Compensation Payment / Tax Withheld
1 For the Year 2023             2 For the Period From 10/16 To 12/31
13 Employer's Name
   Amihan Realty, Inc.
Part IV-A Summary                                            Part IV-B Details
                                                             38 Total Non-Taxable               64,730.21
                                                             39 Basic Salary                   184,396.87
19 Gross Compensation Income from Present Employer           45 Commission                     150,395.00
                                              399,522.08
20 Less: Total Non-Taxable Compensation Income from          46 Profit Sharing                        0.00
   Present Employer                            64,730.21
21 Taxable Compensation Income                334,791.87     52 Total Taxable Compensation     334,791.87
`
	// OCR read item 19's number as "49": the label's own item line
	// still gives its amount, which items 20 and 21 confirm.
	misreadNumber := `
BIR Form No. 2316 Certificate of Compensation Payment / Tax Withheld
1 For the Year 2024             2 For the Period From 01/01 To 12/31
13 Employer's Name
   Masagana Rice Mill Corp.
49 Gross Compensation Income from Present Employer
                                              422,000.00
20 Less: Total Non-Taxable Compensation Income
                                              110,000.00
21 Taxable Compensation Income
                                              312,000.00
39 Basic Salary                               250,000.00
`
	tests := []struct {
		name string
		text string
		want want
	}{
		{"a misread item number still owns its label's line", misreadNumber,
			want{"Masagana Rice Mill Corp.", "2024-01-01", "2024-12-31", "<nil>", "Annually", "PHP", 250000, 422000, -1}},
		{"a wrapped label's continuation that starts with a number is no item", twoColumns,
			want{"Masagana Rice Mill Corp.", "2024-01-01", "2024-12-31", "<nil>", "Annually", "PHP", 250000, 422000, -1}},
		{"an amount across the column belongs to the other part's item", crossing,
			want{"Amihan Realty, Inc.", "2023-10-16", "2023-12-31", "<nil>", "Annually", "PHP", 184396.87, 399522.08, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(docOf(tt.text), Options{})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records (status %s, %s), want 1", len(res.Records), res.Status, res.ErrorMessage)
			}
			r := res.Records[0]
			checkIncome(t, r.Income, tt.want)
			if res.Status != StatusAnalyzed {
				t.Errorf("status = %s, want %s (doubts %v)", res.Status, StatusAnalyzed, r.Doubts)
			}
		})
	}
}

func TestW2ReadsBoxesAndTheTitleYear(t *testing.T) {
	// One copy of the form: box 1's amount stands alone in its box, under
	// its numbered caption, with box 2 beside it.
	form := func(year, box1 string) string {
		return `
a Employee's social security number          OMB No. 1545-0008
 123-45-6789
b Employer identification number             1 Wages, tips, other compensation    2 Federal income tax withheld
 12-3456789                                    ` + box1 + `
c Employer's name, address, and ZIP code     3 Social security wages              4 Social security tax withheld
 Harbor Light Marine Inc                       50100.00                            3106.20
 12 Dock Road
 Portland ME 04101
Form W-2 Wage and Tax Statement  ` + year + `   Department of the Treasury
`
	}
	tests := []struct {
		name      string
		text      string
		start     string
		gross     float64
		published bool
	}{
		{"box 1 alone in its numbered box is published", form("2023", "48250.75                            5120.10"), "2023-01-01", 48250.75, true},
		{"a year in an outline font read as eOee", form("eOee", "48250.75                            5120.10"), "2022-01-01", 48250.75, true},
		{"a year in an outline font read as e023", form("e023", "48250.75                            5120.10"), "2023-01-01", 48250.75, true},
		{"a title word that is no year gives no year", form("eOxe", "48250.75                            5120.10"), "<nil>", 48250.75, false},
		{"two readings in box 1 are no box reading", form("2023", "48250.75   1,200.00                 5120.10"), "2023-01-01", -2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(docOf(tt.text), Options{})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records (status %s, %s), want 1", len(res.Records), res.Status, res.ErrorMessage)
			}
			r := res.Records[0]
			if got := str(r.Income.StartDate); got != tt.start {
				t.Errorf("startDate = %s, want %s", got, tt.start)
			}
			f := r.Fields["grossAmount"]
			if tt.gross == -2 {
				// The caption's other readings (below it, nearest its
				// centre) still apply, with their own trust.
				if f.How == "in box 1" {
					t.Errorf("grossAmount %v read in box 1, want no box reading", num(r.Income.GrossAmount))
				}
				return
			}
			if num(r.Income.GrossAmount) != tt.gross || f.How != "in box 1" {
				t.Errorf("grossAmount = %v (%s), want %v in box 1", num(r.Income.GrossAmount), f.How, tt.gross)
			}
			if got := res.Status == StatusAnalyzed; got != tt.published {
				t.Errorf("status = %s, published want %v (doubts %v)", res.Status, tt.published, r.Doubts)
			}
		})
	}
}

func TestItemCaptionIsNoEmployer(t *testing.T) {
	for name, want := range map[string]bool{
		"19 Gross Compensation Income from Present Employer": true,
		"Taxable Compensation Income":                        true,
		"Tanglaw Furniture Corp.":                            false,
		"3 Kings Bakeshop Inc.":                              true, // on a form, a leading number is an item's
		"7-Eleven Philippines":                               false,
	} {
		if got := itemCaption(name); got != want {
			t.Errorf("itemCaption(%q) = %v, want %v", name, got, want)
		}
	}
}

// On an OCR'd BIR 2316, a period other than the full year read from boxes
// OCR was unsure of is doubted; the full year is not.
func TestBIR2316PartYearReadUnsurelyIsDoubted(t *testing.T) {
	form := func(period string) string {
		return `
BIR Form No. 2316 Certificate of Compensation Payment / Tax Withheld
1 For the Year 2025             2 For the Period From ` + period + `
13 Employer's Name
   Masagana Rice Mill Corp.
19 Gross Compensation Income from Present Employer
                                              422,000.00
20 Less: Total Non-Taxable Compensation Income
                                              110,000.00
21 Taxable Compensation Income
                                              312,000.00
`
	}
	for _, tt := range []struct {
		period string
		sure   bool
	}{{"01/01 To 12/31", true}, {"12/01 To 12/31", false}} {
		res := Extract(ocrDoc(form(tt.period), 0.75), Options{})
		f := res.Records[0].Fields["startDate"]
		if (f.Confidence >= minConfidence("startDate")) != tt.sure {
			t.Errorf("period %s read at word confidence 0.75: start %s at %.2f (%s), published want %v",
				tt.period, str(res.Records[0].Income.StartDate), f.Confidence, f.How, tt.sure)
		}
	}
}

// Part II names the present employer and Part III the previous one with
// the same caption. OCR read item 13's bracket as a brace; where the
// present employer's caption is lost, the previous one is not taken.
func TestBIR2316PresentEmployerNotThePrevious(t *testing.T) {
	form := func(present string) string {
		return `
BIR Form No. 2316 Certificate of Compensation Payment / Tax Withheld
[1] FOR THE YEAR: 2024          [2] PERIOD: 01/01 TO 12/31
PART II EMPLOYER INFORMATION (PRESENT)
` + present + `
PART III EMPLOYER INFORMATION (PREVIOUS)
[17] EMPLOYER: Dagat Hotel Corp.
[19] GROSS COMPENSATION INCOME FROM PRESENT EMPLOYER      408,553.00
[20] LESS: TOTAL NON-TAXABLE COMPENSATION INCOME           56,752.00
[21] TAXABLE COMPENSATION INCOME FROM PRESENT EMPLOYER    351,801.00
`
	}
	res := Extract(docOf(form("{13] EMPLOYER: Ligaya Construction and Supply Corp.")), Options{})
	if len(res.Records) != 1 || str(res.Records[0].Income.Employer) != "Ligaya Construction and Supply Corp." {
		t.Fatalf("records %+v, want the present employer Ligaya Construction and Supply Corp.", res.Records)
	}
	res = Extract(docOf(form("[13] ~~~~ ~~~~")), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("got %d records, want 1", len(res.Records))
	}
	if got := str(res.Records[0].Income.Employer); got == "Dagat Hotel Corp." {
		t.Errorf("employer = the previous employer %q", got)
	}
}

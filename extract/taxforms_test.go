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
	tests := []struct {
		name string
		text string
		want want
	}{
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

package docgen

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"talaan/extract"
)

// item is one printed earnings or deductions line.
type item struct {
	Label   string
	Amount  int64  // centavos, negative for a negative earning
	Qty     string // hours or days column ("" when none)
	YTD     int64
	ER      int64 // employer share, printed only as a distractor
	Balance int64 // loan balance, printed only as a distractor
	Kind    string
}

// slipStyle is everything about a payslip's look that stays the same across
// consecutive slips of one employee.
type slipStyle struct {
	Title        string
	Basic        string
	Gross        string
	Net          string
	TotalDed     string
	EarnHead     string
	DedHead      string
	AmtHead      string
	Upper        bool // labels in upper case
	UpperName    bool // employer name in upper case
	Amt          amountStyle
	PeriodFmt    int
	PeriodLabel  string
	PayDateLabel string
	PayDateFmt   int
	PayRule      int // 0 none, 1 end date, 2 end+k days, 3 next Friday
	PayLag       int
	FreqLabel    string
	FreqWord     string // stated frequency, "" when not printed
	AbsNegative  bool
	ShowYTD      bool
	ShowER       bool
	ShowRates    bool
	ShowHours    bool
	ShowBalance  bool
	ShowTotalDed bool
	ShowIDs      bool
	NameStyle    int
	ContribHalf  int // semimonthly: 0 split, 1 all in 1st half, 2 all in 2nd half
	Sans, Mono   typeface
	Size         pageSize
	Visual       visual
	W            [16]int // word choices for labels a layout prints
}

// visual holds cosmetic choices a layout may use.
type visual struct {
	Margin  float64
	Font    float64
	Accent  int // grey level for fills
	Rounded bool
	Lines   bool
	Variant int
}

// payslip is one slip: truth, content and presentation.
type payslip struct {
	Co         company
	Emp        person
	EmpID      string
	Position   string
	Dept       string
	TIN        string
	SSS        string
	PHIC       string
	HDMF       string
	Freq       string
	MWE        bool
	Start, End time.Time
	PayDate    *time.Time
	Monthly    int64
	Daily      int64
	Hourly     int64
	Earnings   []item
	Deductions []item
	Gross      int64
	TotalDed   int64
	Net        int64
	GrossYTD   int64
	DedYTD     int64
	NetYTD     int64
	Basic      int64
	// Currency is the ISO code of the amounts, "" meaning PHP.
	Currency string
	St       *slipStyle
}

func (s *payslip) employerName() string {
	if s.St.UpperName {
		return strings.ToUpper(s.Co.Name)
	}
	return s.Co.Name
}

// lbl applies the slip's label case.
func (s *payslip) lbl(x string) string {
	if s.St.Upper {
		return strings.ToUpper(x)
	}
	return x
}

func (s *payslip) income() extract.Income {
	str := func(v string) *string { return &v }
	f := func(c int64) *float64 { v := centavosToFloat(c); return &v }
	in := extract.Income{
		Employer:    str(s.Co.Name),
		StartDate:   str(ymd(s.Start)),
		EndDate:     str(ymd(s.End)),
		Frequency:   str(s.Freq),
		Currency:    str(cmp.Or(s.Currency, "PHP")),
		BaseAmount:  f(s.Basic),
		GrossAmount: f(s.Gross),
		NetAmount:   f(s.Net),
	}
	if s.PayDate != nil {
		in.PayDate = str(ymd(*s.PayDate))
	}
	return in
}

func roundC(x float64) int64 { return int64(math.Round(x)) }

// newSlipStyle draws the presentation of a payslip for a layout.
func newSlipStyle(r *rand.Rand, lay *slipLayout, freq string) *slipStyle {
	st := &slipStyle{
		Title: pick(r, []string{"PAYSLIP", "Payslip", "PAY SLIP", "Pay Slip", "Salary Slip", "Pay Advice",
			"Statement of Earnings", "PAYROLL SLIP", "Employee Pay Statement", "Earnings Statement", "Payroll Voucher"}),
		Basic: pick(r, []string{"Basic Pay", "Basic Salary", "Regular Pay", "Basic", "Salary", "Basic Wage",
			"Basic Pay", "Basic Salary", "Regular Hours", "Basic (Regular)"}),
		Gross: pick(r, []string{"Gross Pay", "Total Earnings", "Gross Earnings", "Gross Income", "Total Gross Pay",
			"Gross Pay", "Gross Salary", "Total Compensation", "Gross Amount"}),
		Net: pick(r, []string{"Net Pay", "Take Home Pay", "Net Salary", "Net Amount Due", "NET PAY", "Net Pay",
			"Take-Home Pay", "Net Pay Receivable", "Net Amount", "Net Income"}),
		TotalDed:     pick(r, []string{"Total Deductions", "Total Deductions", "Less: Total Deductions", "Total Deduction", "Deductions Total", "Total Withholdings"}),
		EarnHead:     pick(r, []string{"Earnings", "Earnings", "Income", "Compensation", "Pay", "Earnings / Additions"}),
		DedHead:      pick(r, []string{"Deductions", "Deductions", "Less: Deductions", "Withholdings", "Deductions / Loans"}),
		AmtHead:      pick(r, []string{"Amount", "Amount", "Current", "This Period", "Amt", "PHP"}),
		Upper:        chance(r, 0.3),
		UpperName:    chance(r, 0.3),
		PeriodFmt:    r.IntN(numPeriodFormats),
		PeriodLabel:  pick(r, []string{"Pay Period", "Period Covered", "Payroll Period", "Period", "Cut-off Period", "Coverage", "Cutoff", "Pay Period"}),
		PayDateLabel: pick(r, []string{"Pay Date", "Payout Date", "Date Paid", "Payment Date", "Credit Date", "Pay Day", "Payroll Date"}),
		PayDateFmt:   r.IntN(6),
		PayRule:      pick(r, []int{0, 1, 1, 1, 2, 3}),
		PayLag:       2 + r.IntN(6),
		FreqLabel:    pick(r, []string{"Pay Frequency", "Payroll Type", "Pay Schedule", "Frequency", "Payroll Frequency", "Pay Basis"}),
		AbsNegative:  chance(r, 0.4),
		ShowYTD:      lay.YTD || chance(r, 0.2),
		ShowER:       chance(r, 0.3),
		ShowRates:    chance(r, 0.45),
		ShowHours:    chance(r, 0.35),
		ShowBalance:  chance(r, 0.4),
		ShowTotalDed: chance(r, 0.85),
		ShowIDs:      chance(r, 0.6),
		NameStyle:    r.IntN(4),
		ContribHalf:  r.IntN(3),
		Size:         pick(r, lay.Sizes),
		Visual: visual{
			Margin:  10 + r.Float64()*12,
			Font:    8 + r.Float64()*2.5,
			Accent:  200 + r.IntN(45),
			Rounded: chance(r, 0.5),
			Lines:   chance(r, 0.5),
			Variant: r.IntN(4),
		},
	}
	for i := range st.W {
		st.W[i] = r.IntN(1 << 20)
	}
	if st.Net == "NET PAY" && st.Upper {
		st.Net = "Net Pay"
	}
	if chance(r, 0.45) {
		st.FreqWord = freqWord(r, freq)
	}
	if freq == extract.FreqMonthly && chance(r, 0.3) {
		st.PeriodFmt = periodMonthOf
	}
	st.Sans = pick(r, sansFaces())
	st.Mono = pick(r, monoFaces())
	marks := []string{"₱", "₱", "PHP", "PHP", "Php", "P", "", ""}
	st.Amt = amountStyle{
		NoCommas: chance(r, 0.12),
		Paren:    chance(r, 0.4),
		Mark:     pick(r, marks),
		MarkAll:  chance(r, 0.2),
		MarkGap:  chance(r, 0.5),
	}
	face := st.Sans
	if lay.Mono {
		face = st.Mono
	}
	if st.Amt.Mark == "₱" && !face.Peso {
		st.Amt.Mark = "PHP"
	}
	return st
}

func freqWord(r *rand.Rand, freq string) string {
	switch freq {
	case extract.FreqSemimonthly:
		return pick(r, []string{"Semi-Monthly", "Semimonthly", "Semi-monthly", "SEMI-MONTHLY", "Twice a month"})
	case extract.FreqMonthly:
		return pick(r, []string{"Monthly", "MONTHLY", "Monthly Paid"})
	case extract.FreqWeekly:
		return pick(r, []string{"Weekly", "WEEKLY", "Weekly Paid"})
	case extract.FreqBiweekly:
		return pick(r, []string{"Bi-Weekly", "Biweekly", "Every Two Weeks", "BI-WEEKLY"})
	}
	return freq
}

// firstPeriod draws the pay period of a first slip.
func firstPeriod(r *rand.Rand, freq string) (time.Time, time.Time) {
	y := 2022 + r.IntN(5)
	m := time.Month(1 + r.IntN(12))
	switch freq {
	case extract.FreqSemimonthly:
		if chance(r, 0.5) {
			return date(y, m, 1), date(y, m, 15)
		}
		return date(y, m, 16), date(y, m, daysIn(y, m))
	case extract.FreqMonthly:
		return date(y, m, 1), date(y, m, daysIn(y, m))
	case extract.FreqWeekly, extract.FreqBiweekly:
		start := date(y, m, 1+r.IntN(28))
		wd := pick(r, []time.Weekday{time.Monday, time.Monday, time.Sunday, time.Saturday, time.Wednesday})
		for start.Weekday() != wd {
			start = start.AddDate(0, 0, 1)
		}
		n := 7
		if freq == extract.FreqBiweekly {
			n = 14
		}
		return start, start.AddDate(0, 0, n-1)
	}
	panic("docgen: unknown frequency " + freq)
}

func nextPeriod(freq string, start, end time.Time) (time.Time, time.Time) {
	switch freq {
	case extract.FreqSemimonthly:
		if start.Day() == 1 {
			return date(start.Year(), start.Month(), 16), date(start.Year(), start.Month(), daysIn(start.Year(), start.Month()))
		}
		n := end.AddDate(0, 0, 1)
		return n, date(n.Year(), n.Month(), 15)
	case extract.FreqMonthly:
		n := end.AddDate(0, 0, 1)
		return n, date(n.Year(), n.Month(), daysIn(n.Year(), n.Month()))
	default:
		d := int(end.Sub(start).Hours()/24) + 1
		return start.AddDate(0, 0, d), end.AddDate(0, 0, d)
	}
}

func payDate(st *slipStyle, end time.Time) *time.Time {
	var d time.Time
	switch st.PayRule {
	case 0:
		return nil
	case 1:
		d = end
		// Pay falls on the last working day before a weekend.
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, -1)
		}
	case 2:
		d = end.AddDate(0, 0, st.PayLag)
	default:
		d = end.AddDate(0, 0, 1)
		for d.Weekday() != time.Friday {
			d = d.AddDate(0, 0, 1)
		}
	}
	return &d
}

// periodsPerYear for YTD and tax annualisation.
func periodsPerMonth(freq string) float64 {
	switch freq {
	case extract.FreqSemimonthly:
		return 2
	case extract.FreqWeekly:
		return 52.0 / 12
	case extract.FreqBiweekly:
		return 26.0 / 12
	}
	return 1
}

func periodIndex(freq string, start, end time.Time) int {
	switch freq {
	case extract.FreqSemimonthly:
		i := int(start.Month()-1) * 2
		if start.Day() > 15 {
			i++
		}
		return i + 1
	case extract.FreqMonthly:
		return int(start.Month())
	case extract.FreqWeekly:
		return end.YearDay()/7 + 1
	default:
		return end.YearDay()/14 + 1
	}
}

// employee is what stays the same across consecutive slips.
type employee struct {
	Co                        company
	Emp                       person
	EmpID, Position, Dept     string
	TIN, SSS, PHIC, HDMF      string
	Freq                      string
	MWE                       bool
	Monthly, Daily, Hourly    int64
	DaysPerWeek               int
	Rice, Transpo, Meal, Comm int64 // monthly allowances, 0 when none
	COLA                      int64 // per day
	SSSLoan, HDMFLoan         int64 // monthly amortisation
	SSSLoanBal, HDMFLoanBal   int64
	Other                     []item
}

func newEmployee(r *rand.Rand, freq string) *employee {
	e := &employee{
		Co:       newCompany(r),
		Emp:      newPerson(r),
		Position: pick(r, positions),
		Dept:     pick(r, departments),
		TIN:      tin(r, "000"),
		SSS:      sssNo(r),
		PHIC:     philHealthNo(r),
		HDMF:     pagIbigNo(r),
		Freq:     freq,
	}
	switch r.IntN(4) {
	case 0:
		e.EmpID = randDigits(r, 5)
	case 1:
		e.EmpID = fmt.Sprintf("EMP-%s", randDigits(r, 4))
	case 2:
		e.EmpID = fmt.Sprintf("%d-%s", 2010+r.IntN(15), randDigits(r, 4))
	default:
		e.EmpID = fmt.Sprintf("%s%s", e.Co.Short, randDigits(r, 4))
	}
	e.DaysPerWeek = pick(r, []int{5, 5, 6})
	workDays := int64(261)
	if e.DaysPerWeek == 6 {
		workDays = 313
	}
	if chance(r, 0.12) || (freq == extract.FreqWeekly && chance(r, 0.5)) {
		e.MWE = true
		e.Daily = 100 * pick(r, []int64{645, 610, 574, 540, 500, 470, 435, 695})
		e.Monthly = e.Daily * workDays / 12
		if chance(r, 0.3) {
			e.COLA = 100 * pick(r, []int64{15, 21, 25, 30})
		}
	} else {
		// Log-uniform monthly rate from 8,000 to 120,000 pesos.
		pesos := math.Exp(math.Log(8000) + r.Float64()*(math.Log(120000)-math.Log(8000)))
		step := pick(r, []float64{50, 50, 100, 500, 1, 25})
		e.Monthly = int64(math.Round(pesos/step)*step) * 100
		e.Daily = roundC(float64(e.Monthly) * 12 / float64(workDays))
	}
	e.Hourly = roundC(float64(e.Daily) / 8)
	if chance(r, 0.5) {
		e.Rice = 100 * pick(r, []int64{1000, 1500, 2000, 1200})
	}
	if chance(r, 0.35) {
		e.Transpo = 100 * pick(r, []int64{800, 1000, 1500, 2000, 3000})
	}
	if chance(r, 0.3) {
		e.Meal = 100 * pick(r, []int64{600, 1000, 1320, 1500})
	}
	if chance(r, 0.15) {
		e.Comm = 100 * pick(r, []int64{500, 700, 1000})
	}
	if chance(r, 0.3) {
		e.SSSLoan = 100 * int64(500+r.IntN(2000))
		e.SSSLoanBal = e.SSSLoan * int64(5+r.IntN(19))
	}
	if chance(r, 0.25) {
		e.HDMFLoan = 100 * int64(400+r.IntN(1800))
		e.HDMFLoanBal = e.HDMFLoan * int64(5+r.IntN(30))
	}
	others := []string{"Cash Advance", "Uniform", "Coop Share", "Canteen", "HMO Dependent", "Company Loan", "Salary Loan", "Union Dues", "CA", "Coop Loan"}
	for range r.IntN(3) {
		e.Other = append(e.Other, item{Label: pick(r, others), Amount: 100 * int64(100+r.IntN(1900)), Kind: "other"})
	}
	return e
}

// monthlyTax is the TRAIN (2023 onward) monthly withholding table.
func monthlyTax(taxable float64) float64 {
	switch {
	case taxable <= 20833:
		return 0
	case taxable <= 33332:
		return (taxable - 20833) * 0.15
	case taxable <= 66666:
		return 1875 + (taxable-33333)*0.20
	case taxable <= 166666:
		return 8541.80 + (taxable-66667)*0.25
	case taxable <= 666666:
		return 33541.80 + (taxable-166667)*0.30
	}
	return 183541.80 + (taxable-666667)*0.35
}

// newSlip computes one slip's lines for a period. All amounts are centavos.
func newSlip(r *rand.Rand, e *employee, st *slipStyle, start, end time.Time) *payslip {
	s := &payslip{
		Co: e.Co, Emp: e.Emp, EmpID: e.EmpID, Position: e.Position, Dept: e.Dept,
		TIN: e.TIN, SSS: e.SSS, PHIC: e.PHIC, HDMF: e.HDMF,
		Freq: e.Freq, MWE: e.MWE, Start: start, End: end,
		Monthly: e.Monthly, Daily: e.Daily, Hourly: e.Hourly, St: st,
	}
	s.PayDate = payDate(st, end)
	ppm := periodsPerMonth(e.Freq)
	frac := 1 / ppm // share of a month

	var basic int64
	var qty string
	days := 0
	switch e.Freq {
	case extract.FreqSemimonthly:
		basic = (e.Monthly + 1) / 2
		qty = fmt.Sprintf("%.2f", float64(e.DaysPerWeek)*52/24)
	case extract.FreqMonthly:
		basic = e.Monthly
		qty = fmt.Sprintf("%.2f", float64(e.DaysPerWeek)*52/12)
	case extract.FreqWeekly:
		days = e.DaysPerWeek
	case extract.FreqBiweekly:
		days = 2 * e.DaysPerWeek
	}
	if days > 0 {
		basic = e.Daily * int64(days)
		qty = fmt.Sprintf("%d", days)
	}
	if e.MWE && days == 0 && chance(r, 0.5) {
		// Minimum wage earners are often paid by days actually worked.
		days = int(math.Round(float64(e.DaysPerWeek) * 52 / 12 / ppm))
		days -= r.IntN(2)
		basic = e.Daily * int64(days)
		qty = fmt.Sprintf("%d", days)
	}
	s.Basic = basic
	add := func(it item) {
		if it.Amount != 0 {
			s.Earnings = append(s.Earnings, it)
		}
	}
	add(item{Label: st.Basic, Amount: basic, Qty: qty, Kind: "basic"})
	if chance(r, 0.5) {
		h := float64(1+r.IntN(64)) / 4
		add(item{Label: pick(r, []string{"Overtime", "Overtime Pay", "OT Pay", "Regular OT", "OT (125%)", "Overtime - Regular"}),
			Amount: roundC(float64(e.Hourly) * 1.25 * h), Qty: fmt.Sprintf("%.2f", h), Kind: "ot"})
	}
	if chance(r, 0.2) {
		h := float64(4 + r.IntN(60))
		add(item{Label: pick(r, []string{"Night Differential", "Night Diff", "NSD", "Night Shift Diff."}),
			Amount: roundC(float64(e.Hourly) * 0.10 * h), Qty: fmt.Sprintf("%.2f", h), Kind: "nd"})
	}
	if chance(r, 0.25) {
		if chance(r, 0.5) {
			add(item{Label: pick(r, []string{"Holiday Pay", "Regular Holiday", "Legal Holiday Pay"}), Amount: e.Daily, Qty: "1", Kind: "hol"})
		} else {
			add(item{Label: pick(r, []string{"Special Holiday", "Special Non-Working Holiday", "SH Premium"}), Amount: roundC(float64(e.Daily) * 0.3), Qty: "1", Kind: "hol"})
		}
	}
	allow := func(monthly int64, labels []string, kind string) {
		if monthly > 0 {
			add(item{Label: pick(r, labels), Amount: roundC(float64(monthly) * frac), Kind: kind})
		}
	}
	allow(e.Rice, []string{"Rice Allowance", "Rice Subsidy", "Rice Allow."}, "allow")
	allow(e.Transpo, []string{"Transportation Allowance", "Transpo Allowance", "Transportation", "Travel Allowance"}, "allow")
	allow(e.Meal, []string{"Meal Allowance", "Meal Allow.", "Food Allowance"}, "allow")
	allow(e.Comm, []string{"Communication Allowance", "Load Allowance", "Comm. Allowance"}, "allow")
	if e.COLA > 0 {
		d := days
		if d == 0 {
			d = int(math.Round(float64(e.DaysPerWeek) * 52 / 12 / ppm))
		}
		add(item{Label: "COLA", Amount: e.COLA * int64(d), Qty: fmt.Sprintf("%d", d), Kind: "allow"})
	}
	if chance(r, 0.12) {
		add(item{Label: pick(r, []string{"Salary Adjustment", "Adjustment", "Incentive", "Sales Commission", "Perfect Attendance"}),
			Amount: 100 * int64(100+r.IntN(3000)), Kind: "other"})
	}

	var absences []item
	if chance(r, 0.3) {
		n := 1 + r.IntN(2)
		absences = append(absences, item{Label: pick(r, []string{"Absences", "Absent", "Leave Without Pay", "LWOP"}),
			Amount: e.Daily * int64(n), Qty: fmt.Sprintf("%d", n), Kind: "abs"})
	}
	if chance(r, 0.35) {
		mins := 5 + r.IntN(180)
		absences = append(absences, item{Label: pick(r, []string{"Late/Undertime", "Tardiness", "Tardiness/Undertime", "Lates", "Undertime"}),
			Amount: roundC(float64(e.Hourly) * float64(mins) / 60), Qty: fmt.Sprintf("%d min", mins), Kind: "late"})
	}
	if st.AbsNegative {
		for _, a := range absences {
			a.Amount = -a.Amount
			s.Earnings = append(s.Earnings, a)
		}
	}

	// Statutory contributions on the monthly rate.
	msc := (e.Monthly + 25000) / 50000 * 50000
	msc = min(max(msc, 500000), 3500000)
	sssM := msc * 5 / 100
	sssER := msc*10/100 + 1000
	if msc >= 1500000 {
		sssER += 2000
	}
	phBase := min(max(e.Monthly, 1000000), 10000000)
	phM := roundC(float64(phBase) * 0.025)
	hdmfM := min(e.Monthly, 1000000) * 2 / 100
	share := func(m int64) int64 {
		switch e.Freq {
		case extract.FreqSemimonthly:
			switch st.ContribHalf {
			case 1:
				if start.Day() == 1 {
					return m
				}
				return 0
			case 2:
				if start.Day() > 1 {
					return m
				}
				return 0
			}
			if start.Day() == 1 {
				return m / 2
			}
			return m - m/2
		case extract.FreqMonthly:
			return m
		}
		return roundC(float64(m) * frac)
	}
	var deds []item
	addD := func(it item) {
		if it.Amount != 0 {
			deds = append(deds, it)
		}
	}
	if !st.AbsNegative {
		deds = append(deds, absences...)
	}
	sss, phic, hdmf := share(sssM), share(phM), share(hdmfM)
	addD(item{Label: pick(r, []string{"SSS", "SSS Contribution", "SSS Premium", "SSS EE", "SSS/EC"}), Amount: sss, ER: share(sssER), Kind: "sss"})
	addD(item{Label: pick(r, []string{"PhilHealth", "PHIC", "PhilHealth Contribution", "PHIC Premium", "Philhealth"}), Amount: phic, ER: share(phM), Kind: "phic"})
	addD(item{Label: pick(r, []string{"Pag-IBIG", "HDMF", "Pag-IBIG Fund", "HDMF Contribution", "Pag-ibig"}), Amount: hdmf, ER: share(hdmfM), Kind: "hdmf"})

	var gross int64
	for _, it := range s.Earnings {
		gross += it.Amount
	}
	var nonTax int64
	for _, it := range s.Earnings {
		if it.Kind == "allow" {
			nonTax += it.Amount
		}
	}
	taxable := gross - nonTax - sss - phic - hdmf
	if !st.AbsNegative {
		for _, a := range absences {
			taxable -= a.Amount
		}
	}
	if !e.MWE {
		tax := roundC(monthlyTax(float64(taxable)/100*ppm) * 100 / ppm)
		addD(item{Label: pick(r, []string{"Withholding Tax", "W/Tax", "Tax Withheld", "WTax", "Withholding Tax (BIR)", "Income Tax"}), Amount: tax, Kind: "tax"})
	}
	if e.SSSLoan > 0 {
		addD(item{Label: pick(r, []string{"SSS Loan", "SSS Salary Loan", "SSS Loan Amort."}), Amount: share(e.SSSLoan), Balance: e.SSSLoanBal, Kind: "loan"})
	}
	if e.HDMFLoan > 0 {
		addD(item{Label: pick(r, []string{"Pag-IBIG Loan", "HDMF Loan", "Pag-IBIG MPL", "HDMF Salary Loan"}), Amount: share(e.HDMFLoan), Balance: e.HDMFLoanBal, Kind: "loan"})
	}
	for _, o := range e.Other {
		if chance(r, 0.8) {
			o.Amount = roundC(float64(o.Amount) * frac)
			addD(o)
		}
	}
	// Keep the slip positive: payroll never issues a negative net.
	var ded int64
	for _, d := range deds {
		ded += d.Amount
	}
	for gross-ded < gross*2/5 && len(deds) > 0 {
		last := deds[len(deds)-1]
		if last.Kind == "sss" || last.Kind == "phic" || last.Kind == "hdmf" || last.Kind == "tax" {
			break
		}
		deds = deds[:len(deds)-1]
		ded -= last.Amount
	}
	s.Deductions = deds
	s.Gross, s.TotalDed, s.Net = gross, ded, gross-ded

	idx := int64(periodIndex(e.Freq, start, end))
	for i := range s.Earnings {
		it := &s.Earnings[i]
		it.YTD = it.Amount * idx
		if it.Kind != "basic" && idx > 1 {
			it.YTD = it.Amount + roundC(float64(it.Amount*(idx-1))*(0.6+0.7*r.Float64()))
		}
		s.GrossYTD += it.YTD
	}
	for i := range s.Deductions {
		it := &s.Deductions[i]
		it.YTD = it.Amount * idx
		if it.Kind != "sss" && it.Kind != "phic" && it.Kind != "hdmf" && idx > 1 {
			it.YTD = it.Amount + roundC(float64(it.Amount*(idx-1))*(0.6+0.7*r.Float64()))
		}
		s.DedYTD += it.YTD
	}
	s.NetYTD = s.GrossYTD - s.DedYTD
	return s
}

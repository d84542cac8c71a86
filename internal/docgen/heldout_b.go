package docgen

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"talaan/extract"
)

// heldOutB is the second group of held-out payslip templates. They were
// written from how payroll software and offices print payslips (a salary
// slip from an open-source ERP, a BPO's e-mailed payslip, a US-style
// paystub, a shop's cash voucher, a compact strip), never from the
// extractor.
func heldOutB() []*slipLayout {
	return []*slipLayout{
		{Name: "ho-b-salaryslip", Desc: "ERP salary slip: employee details grid, Earnings and Deductions side by side, Net Pay and the amount in words",
			Sizes: []pageSize{sizeA4, sizeLetter}, Draw: drawHOBSalarySlip},
		{Name: "ho-b-epayslip", Desc: "BPO e-payslip: period in a coloured header band, summary tiles, coloured section bars, allowances added back after deductions",
			Sizes: []pageSize{sizeA4, sizeLetter}, Draw: drawHOBEPayslip},
	}
}

// hobRand is a layout's own stream of choices, fixed by the slip's style so
// that every page of one document looks the same.
func hobRand(s *payslip, salt uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(s.St.W[14])<<20|uint64(s.St.W[15]), salt))
}

// hobSoftware names the payroll package printed in a footer. They are
// invented and never the employer.
var hobSoftware = []string{
	"SahodWare Cloud Payroll", "KwentaPay HRIS v5.2", "Orasan Payroll Suite", "BayadKo e-Payslip Service",
	"PayDesk PH 3.1", "TimeKeep Plus Payroll", "HRPinoy Enterprise", "Sweldo.io", "LedgerLite HR 2.0",
}

func hobPick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// hobIsMonth reports whether the slip covers exactly one calendar month.
func hobIsMonth(s *payslip) bool {
	return s.Start.Day() == 1 && s.Start.Year() == s.End.Year() && s.Start.Month() == s.End.Month() &&
		s.End.Day() == daysIn(s.End.Year(), s.End.Month())
}

// hobRange prints a period as people write it: "June 1-15, 2025",
// "June 26 - July 2, 2025", "December 29, 2025 - January 4, 2026".
func hobRange(a, b time.Time, abbr bool) string {
	mf := "January"
	if abbr {
		mf = "Jan"
	}
	switch {
	case a.Year() == b.Year() && a.Month() == b.Month():
		return fmt.Sprintf("%s %d-%d, %d", a.Format(mf), a.Day(), b.Day(), a.Year())
	case a.Year() == b.Year():
		return fmt.Sprintf("%s %d - %s %d, %d", a.Format(mf), a.Day(), b.Format(mf), b.Day(), a.Year())
	}
	return a.Format(mf+" 2, 2006") + " - " + b.Format(mf+" 2, 2006")
}

// hobDate prints a date in one of the unambiguous ways Philippine payroll
// prints dates (month/day/year when numeric).
func hobDate(t time.Time, f int) string {
	switch f % 5 {
	case 0:
		return t.Format("01/02/2006")
	case 1:
		return t.Format("02-Jan-2006")
	case 2:
		return t.Format("Jan 02, 2006")
	case 3:
		return t.Format("2006-01-02")
	}
	return t.Format("January 2, 2006")
}

// hobFormName prints the employee's name as forms ask for it, last name
// first.
func hobFormName(s *payslip) string {
	return fmt.Sprintf("%s, %s %s.", strings.ToUpper(s.Emp.Last), s.Emp.First, s.Emp.Middle)
}

var hobOnes = []string{"", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
	"Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"}
var hobTens = []string{"", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"}

func hobBelow1000(n int64) string {
	var parts []string
	if n >= 100 {
		parts = append(parts, hobOnes[n/100]+" Hundred")
		n %= 100
	}
	if n >= 20 {
		t := hobTens[n/10]
		if n%10 > 0 {
			t += "-" + hobOnes[n%10]
		}
		parts = append(parts, t)
	} else if n > 0 {
		parts = append(parts, hobOnes[n])
	}
	return strings.Join(parts, " ")
}

// hobWords spells an amount the way cheques and vouchers do:
// "Twelve Thousand Three Hundred Four Pesos and 56/100".
func hobWords(c int64) string {
	pesos, cents := c/100, c%100
	if pesos == 0 {
		return fmt.Sprintf("Zero Pesos and %02d/100", cents)
	}
	var parts []string
	for _, u := range []struct {
		v    int64
		name string
	}{{1_000_000, "Million"}, {1000, "Thousand"}, {1, ""}} {
		if pesos >= u.v {
			w := hobBelow1000(pesos / u.v)
			if u.name != "" {
				w += " " + u.name
			}
			parts = append(parts, w)
			pesos %= u.v
		}
	}
	return strings.Join(parts, " ") + fmt.Sprintf(" Pesos and %02d/100", cents)
}

// hobQty is an item's quantity when it is a plain number of days or hours.
func hobQty(it item) (float64, bool) {
	if it.Qty == "" || strings.Contains(it.Qty, "min") {
		return 0, false
	}
	v, err := strconv.ParseFloat(it.Qty, 64)
	return v, err == nil
}

// hobAllowances splits the earnings into taxable ones and the non-taxable
// allowances (rice, transport, meal, communication, COLA) that some
// payslips add back after the deductions.
func hobAllowances(s *payslip) (taxable, allow []item, taxSum, allowSum int64) {
	for _, it := range s.Earnings {
		if it.Kind == "allow" {
			allow = append(allow, it)
			allowSum += it.Amount
		} else {
			taxable = append(taxable, it)
			taxSum += it.Amount
		}
	}
	return
}

// hobERLines are the employer's contributions, which are never deducted.
func hobERLines(s *payslip) []item {
	var out []item
	for _, d := range s.Deductions {
		if d.ER > 0 {
			out = append(out, item{Label: d.Label, Amount: d.ER})
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// ho-b-salaryslip: the salary slip of an open-source ERP's HR module.

func drawHOBSalarySlip(p *pdfw, s *payslip) {
	st := s.St
	lr := hobRand(s, 1)
	m := 12 + float64(lr.IntN(6))
	w := p.size.W - 2*m
	fs := 8.5 + lr.Float64()*1.2
	up := chance(lr, 0.25)
	L := func(x string) string {
		if up {
			return strings.ToUpper(x)
		}
		return x
	}
	amt := st.Amt
	df := lr.IntN(5)
	y := m
	// Letterhead, centred.
	name := s.employerName()
	p.setFont(false, "B", fs+6)
	p.fit(name, w, fs+6)
	p.textC(m+w/2, y+6, name)
	p.setFont(false, "", fs-1)
	p.gray(70)
	p.fit(s.Co.Address, w, fs-1)
	p.textC(m+w/2, y+10.5, s.Co.Address)
	if chance(lr, 0.6) {
		p.textC(m+w/2, y+14.5, "VAT Reg. TIN "+s.Co.TIN)
		y += 4
	}
	p.gray(0)
	y += 14
	p.line(m, y, m+w, y)
	y += 7
	monthTitle := hobIsMonth(s) && lr.IntN(3) > 0
	title := hobPick(lr, "Salary Slip", "Salary Slip", "Payslip")
	if monthTitle {
		title = hobPick(lr, "Salary Slip for the month of ", "Salary Slip for the Month of ", "Payslip for the month of ") + s.Start.Format("January 2006")
	}
	p.setFont(false, "B", fs+3)
	p.textC(m+w/2, y, L(title))
	y += 5

	// Details grid: label | value | label | value, bordered.
	type cellkv struct {
		K, V    string
		Caption string
	}
	var pairs []cellkv
	add := func(k, v string) { pairs = append(pairs, cellkv{K: L(k), V: v}) }
	add(hobPick(lr, "Employee", "Employee ID", "Employee Code"), s.EmpID)
	pairs = append(pairs, cellkv{K: L("Employee Name"), V: hobFormName(s), Caption: "(Last Name, First Name, Middle Name)"})
	add(hobPick(lr, "Department", "Department", "Branch"), s.Dept)
	add("Designation", s.Position)
	if monthTitle {
		add("Payroll Frequency", freqWord(lr, s.Freq))
	} else {
		ks := hobPick(lr, [2]string{"Start Date", "End Date"}, [2]string{"Date From", "Date To"}, [2]string{"Period From", "Period To"})
		add(ks[0], hobDate(s.Start, df))
		add(ks[1], hobDate(s.End, df))
	}
	if s.PayDate != nil {
		add(hobPick(lr, "Payroll Date", "Payment Date", "Date of Payment"), hobDate(*s.PayDate, df))
	}
	if q, ok := hobQty(s.Earnings[0]); ok && chance(lr, 0.6) {
		add("Working Days", strconv.FormatFloat(q, 'f', -1, 64))
	}
	if st.ShowRates {
		if s.Freq == extract.FreqWeekly || s.Freq == extract.FreqBiweekly || s.MWE {
			add("Daily Rate", amt.num(s.Daily))
		} else {
			add("Monthly Rate", amt.num(s.Monthly))
		}
	}
	add(hobPick(lr, "Bank Account No.", "Payroll Account", "Bank A/C No."), "XXXX-XXXX-"+randDigits(lr, 4))
	if st.ShowIDs {
		add("TIN", s.TIN)
		add("SSS No.", s.SSS)
	}
	if len(pairs)%2 == 1 {
		pairs = append(pairs, cellkv{})
	}
	kw, vw := w*0.17, w*0.33
	rh := fs * 0.62
	p.f.SetDrawColor(150, 150, 150)
	for i := 0; i < len(pairs); i += 2 {
		h := rh
		if pairs[i].Caption != "" || pairs[i+1].Caption != "" {
			h = rh + 3
		}
		for j := range 2 {
			kv := pairs[i+j]
			x := m + float64(j)*(kw+vw)
			p.f.SetFillColor(238, 238, 238)
			p.rect(x, y, kw, h, "FD")
			p.rect(x+kw, y, vw, h, "D")
			p.setFont(false, "B", fs-1)
			p.fit(kv.K, kw-2, fs-1)
			p.text(x+1.5, y+rh*0.7, kv.K)
			p.setFont(false, "", fs)
			p.fit(kv.V, vw-3, fs)
			p.text(x+kw+1.5, y+rh*0.7, kv.V)
			if kv.Caption != "" {
				p.setFont(false, "", fs-3)
				p.gray(110)
				p.text(x+kw+1.5, y+rh*0.7+3, kv.Caption)
				p.gray(0)
			}
		}
		y += h
	}
	y += 6

	// Earnings and deductions side by side.
	ytd := st.ShowYTD
	half := (w - 4) / 2
	basicL := hobPick(lr, "Basic", "Basic Salary", "Basic Pay (Sahod)", "Basic Pay")
	table := func(x float64, head string, items []item, totL string, tot, totYTD int64, rows int) {
		yy := y
		cols := []float64{half * 0.62, half * 0.38}
		if ytd {
			cols = []float64{half * 0.46, half * 0.27, half * 0.27}
		}
		p.f.SetFillColor(225, 230, 236)
		p.setFont(false, "B", fs)
		heads := []string{L(head), L("Amount")}
		if ytd {
			heads = append(heads, L("Year To Date"))
		}
		xx := x
		for i, h := range heads {
			al := "R"
			if i == 0 {
				al = "L"
			}
			p.cell(xx, yy, cols[i], rh+1, h, "1", al, true)
			xx += cols[i]
		}
		yy += rh + 1
		p.setFont(false, "", fs)
		for i := range rows {
			row := []string{"", ""}
			if ytd {
				row = append(row, "")
			}
			if i < len(items) {
				it := items[i]
				lbl := it.Label
				if it.Kind == "basic" {
					lbl = basicL
				}
				row[0], row[1] = L(lbl), amt.line(it.Amount)
				if ytd {
					row[2] = amt.num(it.YTD)
				}
			}
			xx = x
			for j, c := range row {
				al := "R"
				if j == 0 {
					al = "L"
				}
				p.setFont(false, "", fs)
				p.fit(c, cols[j]-2, fs)
				p.cell(xx, yy, cols[j], rh, c, "LR", al, false)
				xx += cols[j]
			}
			yy += rh
		}
		p.setFont(false, "B", fs)
		row := []string{L(totL), amt.total(tot)}
		if ytd {
			row = append(row, amt.num(totYTD))
		}
		xx = x
		for j, c := range row {
			al := "R"
			if j == 0 {
				al = "L"
			}
			p.setFont(false, "B", fs)
			p.fit(c, cols[j]-2, fs)
			p.cell(xx, yy, cols[j], rh+1, c, "1", al, false)
			xx += cols[j]
		}
	}
	rows := max(len(s.Earnings), len(s.Deductions))
	table(m, "Earnings", s.Earnings, hobPick(lr, "Gross Pay", "Gross Earnings / Kabuuang Kita", "Total Earnings"), s.Gross, s.GrossYTD, rows)
	table(m+half+4, "Deductions", s.Deductions, hobPick(lr, "Total Deduction", "Total Deductions / Kabuuang Bawas", "Total Deductions"), s.TotalDed, s.DedYTD, rows)
	y += float64(rows+2)*rh + 2 + 4

	// Net pay and the amount in words.
	netL := hobPick(lr, "Net Pay", "Net Pay (Matatanggap)", "Take-home Pay", "Net Pay")
	p.f.SetFillColor(225, 230, 236)
	p.setFont(false, "B", fs+1.5)
	p.cell(m, y, w*0.7, rh+2, L(netL), "1", "L", true)
	p.cell(m+w*0.7, y, w*0.3, rh+2, amt.total(s.Net), "1", "R", true)
	y += rh + 2
	words := hobPick(lr, "Total in words: ", "Net Pay in words: ", "Amount in words: ") + hobWords(s.Net) + " Only"
	p.setFont(false, "", fs-0.5)
	p.fit(words, w-3, fs-0.5)
	p.cell(m, y, w, rh+1, words, "1", "L", false)
	y += rh + 8

	// Distractors: employer contributions, loans, 13th-month accrual.
	p.setFont(false, "", fs-1)
	if er := hobERLines(s); st.ShowER && len(er) > 0 {
		p.setFont(false, "B", fs-1)
		p.text(m, y, L("Employer Contributions (not deducted from pay)"))
		y += 4.5
		p.setFont(false, "", fs-1)
		for _, it := range er {
			p.text(m+4, y, it.Label)
			p.textR(m+70, y, amt.num(it.Amount))
			y += 4
		}
		y += 2
	}
	if st.ShowBalance {
		first := true
		for _, d := range s.Deductions {
			if d.Balance <= 0 {
				continue
			}
			if first {
				p.setFont(false, "B", fs-1)
				p.text(m, y, L("Loan Repayment"))
				p.text(m+60, y, L("Amount"))
				p.text(m+90, y, L("Outstanding Balance"))
				y += 4.5
				p.setFont(false, "", fs-1)
				first = false
			}
			p.text(m+4, y, d.Label)
			p.textR(m+75, y, amt.num(d.Amount))
			p.textR(m+115, y, amt.num(d.Balance))
			y += 4
		}
		y += 2
	}
	if chance(lr, 0.5) {
		p.text(m, y, L("13th Month Pay accrued to date: ")+amt.num(s.Earnings[0].YTD/12))
		y += 6
	}
	p.setFont(false, "", fs-2)
	p.gray(100)
	foot := "This is a computer-generated salary slip and does not require a signature."
	p.text(m, min(y+4, p.size.H-12), foot)
	p.textR(m+w, p.size.H-7, "Powered by "+hobPick(lr, hobSoftware...))
	p.gray(0)
	p.f.SetDrawColor(0, 0, 0)
}

// ---------------------------------------------------------------------------
// ho-b-epayslip: a BPO's e-mailed payslip.

func drawHOBEPayslip(p *pdfw, s *payslip) {
	st := s.St
	lr := hobRand(s, 2)
	amt := st.Amt
	m := 10 + float64(lr.IntN(5))
	w := p.size.W - 2*m
	fs := 8 + lr.Float64()
	palette := [][3]int{{0, 94, 120}, {31, 56, 100}, {92, 45, 145}, {140, 30, 50}, {0, 110, 80}, {200, 90, 0}}
	c := palette[lr.IntN(len(palette))]
	light := func(k float64) (int, int, int) {
		f := func(v int) int { return int(float64(v) + (255-float64(v))*k) }
		return f(c[0]), f(c[1]), f(c[2])
	}
	df := lr.IntN(5)
	y := m
	// Header band: employer, title, period and payroll date.
	bandH := 24.0
	p.f.SetFillColor(c[0], c[1], c[2])
	p.rect(m, y, w, bandH, "F")
	p.f.SetTextColor(255, 255, 255)
	p.setFont(false, "B", fs+6)
	p.fit(s.employerName(), w*0.65, fs+6)
	p.text(m+4, y+9, s.employerName())
	p.setFont(false, "B", fs+3)
	p.textR(m+w-4, y+9, hobPick(lr, "e-Payslip", "E-PAYSLIP", "Electronic Pay Slip", "Payslip"))
	var period string
	switch lr.IntN(3) {
	case 0:
		period = "Pay Period: " + s.Start.Format("01/02/2006") + " to " + s.End.Format("01/02/2006")
	case 1:
		period = "Period Covered: " + hobRange(s.Start, s.End, false)
	default:
		period = "Cut-off: " + hobRange(s.Start, s.End, true)
	}
	p.setFont(false, "", fs+1)
	p.text(m+4, y+18, period)
	if s.PayDate != nil {
		p.textR(m+w-4, y+18, hobPick(lr, "Payroll Date: ", "Pay-out Date: ", "Credit Date: ")+hobDate(*s.PayDate, df))
	}
	p.gray(0)
	y += bandH + 6

	// Employee details in two columns.
	type kvc struct{ K, V string }
	left := []kvc{{"Employee Name", hobFormName(s)}, {"Employee ID", s.EmpID}, {"Position", s.Position}}
	right := []kvc{{hobPick(lr, "Account", "Campaign", "Department"), s.Dept}}
	if st.FreqWord != "" {
		right = append(right, kvc{"Pay Frequency", st.FreqWord})
	}
	if st.ShowRates {
		right = append(right, kvc{"Hourly Rate", amt.num(s.Hourly)}, kvc{"Daily Rate", amt.num(s.Daily)})
	}
	if st.ShowIDs {
		right = append(right, kvc{"TIN", s.TIN})
	}
	rows := max(len(left), len(right))
	for i := range rows {
		for j, col := range [][]kvc{left, right} {
			if i >= len(col) {
				continue
			}
			x := m + float64(j)*w/2
			p.setFont(false, "", fs-1)
			p.gray(100)
			p.text(x, y, col[i].K)
			p.gray(0)
			p.setFont(false, "B", fs)
			p.fit(col[i].V, w/2-34, fs)
			p.text(x+32, y, col[i].V)
		}
		y += 4.6
	}
	y += 3

	// Summary tiles.
	type tile struct {
		cap string
		v   int64
	}
	tiles := []tile{
		{hobPick(lr, "Gross Earnings / Kabuuang Kita", "GROSS PAY", "Total Earnings"), s.Gross},
		{hobPick(lr, "Total Deductions / Kabuuang Bawas", "TOTAL DEDUCTIONS", "Deductions"), s.TotalDed},
		{hobPick(lr, "Net Pay (Matatanggap)", "TAKE-HOME PAY", "Net Pay"), s.Net},
	}
	if st.ShowYTD {
		tiles = append(tiles, tile{"Year-to-Date Gross", s.GrossYTD})
	}
	tw := (w - float64(len(tiles)-1)*3) / float64(len(tiles))
	for i, t := range tiles {
		x := m + float64(i)*(tw+3)
		r, g, b := light(0.85)
		if i == 2 {
			r, g, b = light(0.6)
		}
		p.f.SetFillColor(r, g, b)
		p.f.RoundedRect(x, y, tw, 18, 2, "1234", "F")
		p.f.SetTextColor(c[0], c[1], c[2])
		p.setFont(false, "", fs-1)
		p.fit(t.cap, tw-4, fs-1)
		p.text(x+3, y+5.5, t.cap)
		p.gray(0)
		p.setFont(false, "B", fs+5)
		v := amt.total(t.v)
		p.fit(v, tw-5, fs+5)
		p.text(x+3, y+14, v)
	}
	y += 24

	// Sections. Allowances may be listed after the deductions and added
	// back to the net, as many payroll packages print non-taxable pay.
	taxable, allow, taxSum, allowSum := hobAllowances(s)
	addBack := len(allow) > 0 && chance(lr, 0.6)
	earn := s.Earnings
	if addBack {
		earn = taxable
	}
	ytd := st.ShowYTD
	nrows := len(earn) + len(s.Deductions) + 6
	if addBack {
		nrows += len(allow) + 3
	}
	if st.ShowER {
		nrows += 5
	}
	rh := min(5.0, (p.size.H-m-10-y)/float64(nrows+4))
	bar := func(title string, heads ...string) {
		p.f.SetFillColor(c[0], c[1], c[2])
		p.rect(m, y, w, rh+1, "F")
		p.f.SetTextColor(255, 255, 255)
		p.setFont(false, "B", fs)
		p.text(m+2, y+rh*0.8, title)
		for i, h := range heads {
			if h != "" {
				p.textR(m+w-2-float64(len(heads)-1-i)*w*0.18, y+rh*0.8, h)
			}
		}
		p.gray(0)
		y += rh + 1
	}
	line := func(i int, label string, vals ...string) {
		if i%2 == 1 {
			r, g, b := light(0.92)
			p.f.SetFillColor(r, g, b)
			p.rect(m, y, w, rh, "F")
		}
		p.setFont(false, "", fs)
		p.fit(label, w*0.4, fs)
		p.text(m+2, y+rh*0.75, label)
		p.setFont(false, "", fs)
		for j, v := range vals {
			p.textR(m+w-2-float64(len(vals)-1-j)*w*0.18, y+rh*0.75, v)
		}
		y += rh
	}
	total := func(label string, vals ...string) {
		p.f.SetDrawColor(c[0], c[1], c[2])
		p.line(m, y, m+w, y)
		p.f.SetDrawColor(0, 0, 0)
		p.setFont(false, "B", fs)
		p.text(m+2, y+rh*0.8, label)
		for j, v := range vals {
			p.textR(m+w-2-float64(len(vals)-1-j)*w*0.18, y+rh*0.8, v)
		}
		y += rh + 3
	}
	basicL := hobPick(lr, "Basic Pay (Sahod)", "Basic Pay", "Regular Pay")
	heads := []string{hobPick(lr, "Hrs/Days", "Units"), "Amount"}
	if ytd {
		heads = append(heads, "YTD")
	}
	bar(hobPick(lr, "EARNINGS / KITA", "EARNINGS", "Earnings"), heads...)
	for i, it := range earn {
		lbl := it.Label
		if it.Kind == "basic" {
			lbl = basicL
		}
		vals := []string{it.Qty, amt.line(it.Amount)}
		if ytd {
			vals = append(vals, amt.num(it.YTD))
		}
		line(i, lbl, vals...)
	}
	if addBack {
		total(hobPick(lr, "Taxable Earnings", "Total Taxable Pay"), "", amt.num(taxSum))
	} else {
		vals := []string{"", amt.total(s.Gross)}
		if ytd {
			vals = append(vals, amt.num(s.GrossYTD))
		}
		total(hobPick(lr, "Gross Earnings", "Gross Pay", "Kabuuang Kita"), vals...)
	}
	dh := []string{"", "Amount"}
	if st.ShowBalance {
		dh[0] = "Loan Balance"
	}
	bar(hobPick(lr, "DEDUCTIONS / MGA BAWAS", "DEDUCTIONS", "Deductions"), dh...)
	for i, d := range s.Deductions {
		bal := ""
		if st.ShowBalance && d.Balance > 0 {
			bal = amt.num(d.Balance)
		}
		line(i, d.Label, bal, amt.line(d.Amount))
	}
	total(hobPick(lr, "Total Deductions", "Tot Deduc", "Kabuuang Bawas"), "", amt.total(s.TotalDed))
	if addBack {
		bar(hobPick(lr, "NON-TAXABLE ALLOWANCES (added to net pay)", "DE MINIMIS BENEFITS - ADD TO NET PAY"), "", "Amount")
		for i, it := range allow {
			line(i, it.Label, "", amt.line(it.Amount))
		}
		total("Total Non-taxable", "", amt.num(allowSum))
	}
	// Net pay box.
	r, g, b := light(0.6)
	p.f.SetFillColor(r, g, b)
	p.rect(m, y, w, rh+4, "F")
	p.setFont(false, "B", fs+3)
	p.text(m+3, y+rh+1, hobPick(lr, "NET PAY (Matatanggap)", "NET PAY", "TAKE-HOME PAY"))
	p.textR(m+w-3, y+rh+1, amt.total(s.Net))
	y += rh + 9
	if er := hobERLines(s); st.ShowER && len(er) > 0 {
		bar("EMPLOYER CONTRIBUTIONS (company-paid, not deducted)", "", "Amount")
		for i, it := range er {
			line(i, it.Label, "", amt.num(it.Amount))
		}
		y += 3
	}
	p.setFont(false, "", fs-2)
	p.gray(110)
	p.text(m, min(y+3, p.size.H-10), "This e-payslip was sent to your registered e-mail address. For payroll concerns, file a ticket with HR Shared Services.")
	p.textR(m+w, p.size.H-6, "Powered by "+hobPick(lr, hobSoftware...))
	p.gray(0)
}

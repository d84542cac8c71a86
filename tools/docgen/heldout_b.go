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
		{Name: "ho-b-paystub", Desc: "US-style paystub: Earnings, Taxes and Deductions blocks with this-period and year-to-date columns, other benefits, deposit advice",
			Sizes: []pageSize{sizeLetter, sizeA4}, YTD: true, Draw: drawHOBPaystub},
		{Name: "ho-b-voucher", Desc: "shop cash voucher: received-from sentence with the net in words, computation in two columns, signature lines",
			Sizes: []pageSize{sizeHalfL, sizeSlip, sizeA5}, Draw: drawHOBVoucher},
		{Name: "ho-b-strip", Desc: "compact two-column strip in upper case with abbreviated captions",
			Sizes: []pageSize{sizeHOBStrip, sizeHalfL}, Draw: drawHOBStrip},
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

// ---------------------------------------------------------------------------
// ho-b-paystub: a US-style paystub with Earnings, Taxes and Deductions in
// separate blocks, each with This Period and Year-to-Date columns, and a
// detachable deposit advice.

func drawHOBPaystub(p *pdfw, s *payslip) {
	st := s.St
	lr := hobRand(s, 3)
	amt := st.Amt
	m := 11 + float64(lr.IntN(5))
	w := p.size.W - 2*m
	fs := 7.8 + lr.Float64()
	df := lr.IntN(5)
	y := m
	// Company at the top left, statement title and dates at the top right.
	p.setFont(false, "B", fs+4)
	p.fit(s.employerName(), w*0.55, fs+4)
	p.text(m, y+5, s.employerName())
	p.setFont(false, "", fs-1)
	addr := s.Co.Address
	if i := strings.LastIndex(addr, ", Brgy."); i > 0 && chance(lr, 0.5) {
		p.text(m, y+9.5, addr[:i])
		p.text(m, y+13.5, strings.TrimSpace(addr[i+1:]))
	} else {
		p.fit(addr, w*0.55, fs-1)
		p.text(m, y+9.5, addr)
	}
	p.setFont(false, "B", fs+4)
	p.textR(m+w, y+5, hobPick(lr, "Earnings Statement", "EARNINGS STATEMENT", "Pay Statement"))
	var dates [][2]string
	if chance(lr, 0.6) {
		ks := hobPick(lr, [2]string{"Period Beginning:", "Period Ending:"}, [2]string{"Period Start:", "Period End:"}, [2]string{"Pay Period From:", "Pay Period To:"})
		dates = append(dates, [2]string{ks[0], hobDate(s.Start, df)}, [2]string{ks[1], hobDate(s.End, df)})
	} else {
		dates = append(dates, [2]string{"Pay Period:", s.Start.Format("01/02/2006") + " to " + s.End.Format("01/02/2006")})
	}
	if s.PayDate != nil {
		dates = append(dates, [2]string{"Pay Date:", hobDate(*s.PayDate, df)})
	}
	yy := y + 10
	for _, d := range dates {
		p.setFont(false, "", fs)
		vw := p.width(d[1])
		p.textR(m+w, yy, d[1])
		p.setFont(false, "B", fs)
		p.textR(m+w-vw-2, yy, d[0])
		yy += 4.2
	}
	y = max(yy, y+16) + 3
	// Employee block.
	p.f.SetDrawColor(120, 120, 120)
	p.rect(m, y, w, 15, "D")
	p.setFont(false, "B", fs+1)
	p.text(m+3, y+5, s.Emp.format(st.NameStyle))
	p.setFont(false, "", fs-0.5)
	p.text(m+3, y+9.5, "Employee ID: "+s.EmpID+"     "+s.Position+", "+s.Dept)
	tstat := hobPick(lr, "S", "ME", "S1", "ME2")
	info := "Tax Status: " + tstat
	if s.MWE {
		info += " (MWE)"
	}
	if st.ShowIDs {
		info += "     TIN " + s.TIN
	}
	p.text(m+3, y+13.3, info)
	if st.FreqWord != "" {
		p.textR(m+w-3, y+5, "Pay Frequency: "+st.FreqWord)
	}
	if st.ShowRates {
		p.textR(m+w-3, y+9.5, "Daily Rate: "+amt.num(s.Daily)+"   Hourly Rate: "+amt.num(s.Hourly))
	}
	y += 21

	// Blocks on the left, other information on the right.
	lw := w * 0.64
	rx := m + lw + 5
	rw := w - lw - 5
	col := func(i int) float64 { // right edges of the numeric columns
		return m + lw*[]float64{0.46, 0.58, 0.79, 1}[i]
	}
	var taxes, deds []item
	var taxNow, taxYTD int64
	for _, d := range s.Deductions {
		if d.Kind == "tax" {
			taxes = append(taxes, d)
			taxNow += d.Amount
			taxYTD += d.YTD
		} else {
			deds = append(deds, d)
		}
	}
	rh := 4.2
	blockHead := func(title string, withRate bool) {
		p.setFont(false, "B", fs)
		p.text(m, y, title)
		if withRate {
			p.textR(col(0), y, "rate")
			p.textR(col(1), y, "hours")
		}
		p.textR(col(2), y, hobPick(lr, "this period", "this period"))
		p.textR(col(3), y, "year to date")
		p.f.SetDrawColor(0, 0, 0)
		p.line(m, y+1.2, m+lw, y+1.2)
		y += rh + 0.5
	}
	row := func(label, rate, hours string, now, ytd int64, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		p.setFont(false, style, fs)
		p.fit(label, lw*0.36, fs)
		p.text(m+2, y, label)
		p.setFont(false, style, fs)
		if rate != "" {
			p.textR(col(0), y, rate)
		}
		if hours != "" {
			p.textR(col(1), y, hours)
		}
		p.textR(col(2), y, amt.line(now))
		p.textR(col(3), y, amt.num(ytd))
		y += rh
	}
	top := y
	blockHead("Earnings", true)
	for _, it := range s.Earnings {
		rate, hours := "", ""
		if q, ok := hobQty(it); ok {
			switch it.Kind {
			case "ot":
				rate, hours = fmt.Sprintf("%.4f", float64(s.Hourly)*1.25/100), it.Qty
			case "nd":
				rate, hours = fmt.Sprintf("%.4f", float64(s.Hourly)*0.10/100), it.Qty
			case "basic":
				if float64(s.Daily)*q == float64(it.Amount) {
					rate, hours = amt.num(s.Daily), fmt.Sprintf("%.2f", q*8)
				}
			}
		}
		row(it.Label, rate, hours, it.Amount, it.YTD, false)
	}
	p.line(col(1), y-rh+1.2, m+lw, y-rh+1.2)
	row(hobPick(lr, "Gross Pay", "Gross Pay", "Gross Earnings"), "", "", s.Gross, s.GrossYTD, true)
	y += 3
	blockHead(hobPick(lr, "Taxes", "Tax Withholdings", "Taxes"), false)
	if len(taxes) == 0 {
		row("Withholding Tax (exempt)", "", "", 0, 0, false)
	}
	for _, d := range taxes {
		row(d.Label, "", "", d.Amount, d.YTD, false)
	}
	y += 3
	blockHead(hobPick(lr, "Deductions", "Other Deductions", "Deductions"), false)
	for _, d := range deds {
		row(d.Label, "", "", d.Amount, d.YTD, false)
	}
	if chance(lr, 0.5) {
		row(hobPick(lr, "Total Deductions", "Tot Deduc"), "", "", s.TotalDed-taxNow, s.DedYTD-taxYTD, true)
	}
	y += 2
	p.f.SetFillColor(230, 230, 230)
	p.rect(m, y-3.5, lw, rh+1.5, "F")
	row(hobPick(lr, "Net Pay", "Net Pay", "NET PAY"), "", "", s.Net, s.NetYTD, true)
	left := y

	// Other benefits and information.
	y = top
	p.setFont(false, "B", fs)
	p.text(rx, y, "Other Benefits and Information")
	p.line(rx, y+1.2, rx+rw, y+1.2)
	y += rh + 0.5
	info2 := func(k, v string) {
		p.setFont(false, "", fs-0.5)
		p.fit(k, rw*0.6, fs-0.5)
		p.text(rx+1, y, k)
		p.setFont(false, "", fs-0.5)
		p.textR(rx+rw, y, v)
		y += rh
	}
	info2("13th Month Accrual (YTD)", amt.num(s.Earnings[0].YTD/12))
	info2("Vacation Leave Balance", fmt.Sprintf("%.2f days", float64(lr.IntN(30))/2))
	info2("Sick Leave Balance", fmt.Sprintf("%.2f days", float64(lr.IntN(30))/2))
	if st.ShowER {
		for _, it := range hobERLines(s) {
			info2(it.Label+" (ER)", amt.num(it.Amount))
		}
	}
	if st.ShowBalance {
		for _, d := range s.Deductions {
			if d.Balance > 0 {
				info2(d.Label+" Balance", amt.num(d.Balance))
			}
		}
	}
	y += 3
	p.setFont(false, "B", fs)
	p.text(rx, y, "Important Notes")
	p.line(rx, y+1.2, rx+rw, y+1.2)
	y += rh + 0.5
	p.setFont(false, "", fs-1)
	p.f.SetXY(rx, y-3)
	p.f.MultiCell(rw, 3.6, p.conv("Your pay has been credited to your payroll account. Keep this statement for your records."), "", "L", false)
	y = max(y+12, left) + 8

	// Deposit advice below a tear line.
	p.f.SetDashPattern([]float64{1.5, 1.2}, 0)
	p.line(m, y, m+w, y)
	p.f.SetDashPattern([]float64{}, 0)
	y += 7
	p.setFont(false, "B", fs+1)
	p.fit(s.employerName(), w*0.6, fs+1)
	p.text(m, y, s.employerName())
	p.setFont(false, "", fs)
	p.textR(m+w, y, "Advice No. "+randDigits(lr, 6))
	y += 5
	if s.PayDate != nil {
		p.textR(m+w, y, "Advice Date: "+hobDate(*s.PayDate, df))
	}
	p.text(m, y, "Deposited to the account of "+s.Emp.format(st.NameStyle))
	y += 6
	p.setFont(false, "B", fs)
	p.text(m, y, "account number")
	p.text(m+45, y, "transit ABA")
	p.textR(m+w, y, "amount")
	y += 4.5
	p.setFont(false, "", fs)
	p.text(m, y, "xxxxxx"+randDigits(lr, 4))
	p.text(m+45, y, "xxxx xxxx")
	p.setFont(false, "B", fs+1)
	p.textR(m+w, y, amt.total(s.Net))
	y += 6
	p.setFont(false, "B", fs+2)
	p.gray(140)
	p.textC(m+w/2, y+2, "NON-NEGOTIABLE")
	p.setFont(false, "", fs-2)
	p.textR(m+w, min(y+9, p.size.H-6), hobPick(lr, hobSoftware...))
	p.gray(0)
	p.f.SetDrawColor(0, 0, 0)
}

// ---------------------------------------------------------------------------
// ho-b-voucher: a shop's cash voucher for wages, the kind filled in by hand
// on a preprinted form, with signature lines.

// hobSeg is a run of text in a flowing paragraph; Fill marks a filled-in
// blank (printed in the monospaced face over a rule).
type hobSeg struct {
	T    string
	Fill bool
	Keep bool // never broken across lines
}

// hobFlow sets a paragraph of segments in width w from (x, y), wrapping at
// spaces; it returns the y after the last line.
func hobFlow(p *pdfw, segs []hobSeg, x, y, w, size, lh float64) float64 {
	cx := x
	for _, sg := range segs {
		words := strings.Fields(sg.T)
		if sg.Keep {
			words = []string{sg.T}
		}
		if sg.Fill {
			// A filled blank breaks only between words too.
			p.setFont(true, "B", size)
		} else {
			p.setFont(false, "", size)
		}
		sp := p.width(" ")
		for _, wd := range words {
			ww := p.width(wd)
			if cx+ww > x+w && cx > x {
				cx = x
				y += lh
			}
			p.text(cx, y, wd)
			if sg.Fill {
				p.f.SetDrawColor(90, 90, 90)
				p.line(cx-sp/2, y+1, cx+ww+sp/2, y+1)
				p.f.SetDrawColor(0, 0, 0)
			}
			cx += ww + sp
		}
	}
	return y + lh
}

func drawHOBVoucher(p *pdfw, s *payslip) {
	st := s.St
	lr := hobRand(s, 4)
	amt := st.Amt
	m := 8 + float64(lr.IntN(4))
	w := p.size.W - 2*m
	fs := 8.5 + lr.Float64()*0.8
	tagalog := chance(lr, 0.5)
	y := m
	p.f.SetDrawColor(0, 0, 0)
	p.f.SetLineWidth(0.4)
	p.rect(m-3, m-3, w+6, p.size.H-2*m+6, "D")
	p.f.SetLineWidth(0.2)
	p.setFont(false, "B", fs+4)
	p.fit(s.employerName(), w-40, fs+4)
	p.textC(m+w/2, y+4, s.employerName())
	p.setFont(false, "", fs-1.5)
	p.fit(s.Co.Address, w-40, fs-1.5)
	p.textC(m+w/2, y+8, s.Co.Address)
	y += 14
	title := hobPick(lr, "CASH VOUCHER", "PAYROLL VOUCHER", "CASH VOUCHER - SALARIES")
	if tagalog {
		title = hobPick(lr, "KATIBAYAN NG PAGTANGGAP NG SAHOD", "RESIBO NG SWELDO")
	}
	p.setFont(false, "B", fs+2)
	p.textC(m+w/2, y, title)
	// Voucher number at the left and date at the right, filled in.
	y += 6
	p.setFont(false, "", fs-1)
	p.text(m, y, "No.")
	p.setFont(true, "B", fs)
	p.text(m+7, y, fmt.Sprintf("%04d", 1+lr.IntN(3000)+s.Start.YearDay()))
	if s.PayDate != nil {
		dl := "Date:"
		if tagalog {
			dl = "Petsa:"
		}
		p.textR(m+w, y, s.PayDate.Format("01/02/2006"))
		dw := p.width(s.PayDate.Format("01/02/2006"))
		p.setFont(false, "", fs-1)
		p.textR(m+w-dw-2, y, dl)
	}
	y += 8
	period := hobRange(s.Start, s.End, false)
	if chance(lr, 0.4) {
		period = s.Start.Format("01/02/2006") + " to " + s.End.Format("01/02/2006")
	}
	var segs []hobSeg
	if tagalog {
		segs = []hobSeg{{T: "TINANGGAP ko mula sa"}, {T: s.employerName(), Fill: true}, {T: "ang halagang"},
			{T: hobWords(s.Net), Fill: true}, {T: "(" + amt.total(s.Net) + ")", Fill: true, Keep: true},
			{T: "bilang buong bayad ng aking sahod para sa panahong"}, {T: period + ".", Fill: true, Keep: true}}
	} else {
		segs = []hobSeg{{T: "RECEIVED from"}, {T: s.employerName(), Fill: true}, {T: "the sum of PESOS"},
			{T: hobWords(s.Net), Fill: true}, {T: "(" + amt.total(s.Net) + ")", Fill: true, Keep: true},
			{T: "in full payment of salary for the period"}, {T: period + ".", Fill: true, Keep: true}}
	}
	y = hobFlow(p, segs, m+2, y, w-4, fs+0.5, 6.2) + 1

	// The computation, two columns.
	half := (w - 6) / 2
	nrows := max(len(s.Earnings), len(s.Deductions)) + 2
	sigH := 22.0
	rh := min(4.4, (p.size.H-m-sigH-y-8)/float64(nrows+1))
	fsl := min(fs-0.5, rh*2.1)
	gross := hobPick(lr, "Gross Earnings / Kabuuang Kita", "Kabuuang Kita", "Gross Pay")
	ded := hobPick(lr, "Total Deductions / Kabuuang Bawas", "Kabuuang Bawas", "Tot Deduc")
	netL := hobPick(lr, "Net Pay (Matatanggap)", "NETO / Net Pay", "Take-home Pay")
	basicL := hobPick(lr, "Sahod (Basic Pay)", "Basic Pay (Sahod)", "Sweldo")
	earnHead, dedHead := "KITA / EARNINGS", "BAWAS / DEDUCTIONS"
	if !tagalog {
		earnHead, dedHead = "EARNINGS", "DEDUCTIONS"
	}
	colBlock := func(x float64, head string, items []item, totL string, tot int64) {
		yy := y
		p.setFont(false, "B", fsl)
		p.text(x, yy, head)
		p.line(x, yy+1, x+half, yy+1)
		yy += rh + 0.5
		for _, it := range items {
			lbl := it.Label
			if it.Kind == "basic" {
				lbl = basicL
				if q, ok := hobQty(it); ok && float64(s.Daily)*q == float64(it.Amount) {
					lbl += fmt.Sprintf(" %g days x %s", q, amt.num(s.Daily))
				}
			}
			p.setFont(false, "", fsl)
			p.fit(lbl, half*0.62, fsl)
			p.text(x+1, yy, lbl)
			p.setFont(true, "", fsl)
			p.textR(x+half, yy, amt.line(it.Amount))
			yy += rh
		}
		yy = y + float64(nrows-1)*rh + 0.5
		p.line(x+half*0.6, yy-rh+1.2, x+half, yy-rh+1.2)
		p.setFont(false, "B", fsl)
		p.fit(totL, half*0.62, fsl)
		p.text(x+1, yy, totL)
		p.setFont(true, "B", fsl)
		p.textR(x+half, yy, amt.total(tot))
	}
	colBlock(m, earnHead, s.Earnings, gross, s.Gross)
	colBlock(m+half+6, dedHead, s.Deductions, ded, s.TotalDed)
	y += float64(nrows)*rh + 2
	p.f.SetFillColor(235, 235, 235)
	p.rect(m+half+6, y-3.8, half, rh+2, "F")
	p.setFont(true, "B", fsl+1)
	nw := p.width(amt.total(s.Net))
	p.textR(m+w, y, amt.total(s.Net))
	p.setFont(false, "B", fsl+1)
	p.fit(netL, half-nw-4, fsl+1)
	p.text(m+half+7, y, netL)
	if st.ShowBalance {
		p.setFont(false, "", fsl-1)
		bl := ""
		for _, d := range s.Deductions {
			if d.Balance > 0 {
				bl += fmt.Sprintf("%s bal. %s  ", d.Label, amt.num(d.Balance))
			}
		}
		if bl != "" {
			p.fit(bl, half, fsl-1)
			p.text(m, y, strings.TrimSpace(bl))
		}
	}
	// Signature lines.
	y = p.size.H - m - 8
	sw := (w - 12) / 3
	labels := []string{"Prepared by:", "Approved by:", "Received by:"}
	if tagalog {
		labels = []string{"Inihanda ni:", "Inaprubahan ni:", "Tinanggap ni:"}
	}
	for i, l := range labels {
		x := m + float64(i)*(sw+6)
		p.setFont(false, "", fs-1.5)
		p.text(x, y-9, l)
		p.line(x, y, x+sw, y)
		if i == 2 {
			p.setFont(true, "B", fs-0.5)
			p.fit(hobFormName(s), sw, fs-0.5)
			p.textC(x+sw/2, y-1, hobFormName(s))
			p.setFont(false, "", fs-2.5)
			p.gray(90)
			p.textC(x+sw/2, y+3, "(Last Name, First Name, Middle Name)")
			p.gray(0)
		} else {
			p.setFont(false, "", fs-2.5)
			p.gray(90)
			p.textC(x+sw/2, y+3, hobPick(lr, "Signature over Printed Name", "Bookkeeper", "Owner / Manager"))
			p.gray(0)
		}
	}
}

// ---------------------------------------------------------------------------
// ho-b-strip: a compact two-column strip as a small payroll program prints
// it, upper case and abbreviated.

var sizeHOBStrip = pageSize{"strip 210x130", 210, 130}

func drawHOBStrip(p *pdfw, s *payslip) {
	st := s.St
	lr := hobRand(s, 5)
	amt := st.Amt
	m := 7 + float64(lr.IntN(3))
	w := p.size.W - 2*m
	fs := 7.5 + lr.Float64()*0.7
	mono := chance(lr, 0.5)
	U := strings.ToUpper
	y := m + 3
	p.setFont(mono, "B", fs+3)
	name := U(s.Co.Name)
	p.fit(name, w*0.7, fs+3)
	p.text(m, y, name)
	p.setFont(mono, "B", fs+2)
	p.textR(m+w, y, hobPick(lr, "PAYSLIP", "PAY SLIP", "SWELDO SLIP"))
	y += 2
	p.f.SetLineWidth(0.5)
	p.line(m, y, m+w, y)
	p.f.SetLineWidth(0.2)
	y += 4.5
	// Two header lines.
	var period string
	switch lr.IntN(3) {
	case 0:
		period = "PERIOD: " + s.Start.Format("01/02/06") + "-" + s.End.Format("01/02/06")
	case 1:
		period = "CUT-OFF: " + U(hobRange(s.Start, s.End, true))
	default:
		period = "PERIOD COVERED: " + U(hobRange(s.Start, s.End, false))
	}
	p.setFont(mono, "", fs)
	l1 := "EMP: " + hobFormName(s) + "   ID: " + s.EmpID
	p.fit(l1, w*0.62, fs)
	p.text(m, y, U(l1))
	p.setFont(mono, "", fs)
	p.textR(m+w, y, period)
	y += 4
	l2 := "DEPT: " + U(s.Dept) + "   POS: " + U(s.Position)
	p.fit(l2, w*0.62, fs)
	p.text(m, y, l2)
	p.setFont(mono, "", fs)
	if s.PayDate != nil {
		p.textR(m+w, y, "PAYROLL DATE: "+s.PayDate.Format("01/02/2006"))
	}
	y += 4
	if st.ShowRates || st.ShowHours {
		p.setFont(mono, "", fs-0.5)
		r := fmt.Sprintf("RATE/DAY: %s   RATE/HR: %s", amt.num(s.Daily), amt.num(s.Hourly))
		if st.FreqWord != "" {
			r += "   " + U(st.FreqWord)
		}
		p.text(m, y, r)
		y += 4
	}
	p.line(m, y-2.2, m+w, y-2.2)
	y += 2
	// Earnings left, deductions right.
	half := (w - 8) / 2
	short := func(x string) string {
		x = U(x)
		for _, r := range [][2]string{{"ALLOWANCE", "ALLOW."}, {"CONTRIBUTION", "CONT."}, {"DIFFERENTIAL", "DIFF."},
			{"TRANSPORTATION", "TRANSPO"}, {"WITHHOLDING TAX", "W/TAX"}, {"PHILHEALTH", "PHIC"}, {"SALARY LOAN", "SAL LOAN"}} {
			x = strings.ReplaceAll(x, r[0], r[1])
		}
		return x
	}
	nrows := max(len(s.Earnings), len(s.Deductions))
	rh := min(3.9, (p.size.H-m-y-22)/float64(nrows+2))
	fsl := min(fs, rh*2.2)
	basicL := hobPick(lr, "BASIC", "BASIC PAY", "REG. PAY")
	col := func(x float64, head string, items []item, totL string, tot int64, ytd bool) {
		yy := y
		p.setFont(mono, "B", fsl)
		p.text(x, yy, head)
		if ytd {
			p.textR(x+half*0.72, yy, "AMOUNT")
			p.textR(x+half, yy, "YTD")
		}
		yy += rh
		for _, it := range items {
			lbl := short(it.Label)
			if it.Kind == "basic" {
				lbl = basicL
			}
			if it.Qty != "" && st.ShowHours {
				lbl += " (" + U(it.Qty) + ")"
			}
			p.setFont(mono, "", fsl)
			p.fit(lbl, half*0.46, fsl)
			p.text(x, yy, lbl)
			p.setFont(mono, "", fsl)
			if ytd {
				p.textR(x+half*0.72, yy, amt.num(it.Amount))
				p.textR(x+half, yy, amt.num(it.YTD))
			} else {
				p.textR(x+half*0.72, yy, amt.num(it.Amount))
			}
			if !ytd && it.Balance > 0 && st.ShowBalance {
				p.setFont(mono, "", fsl-1)
				p.textR(x+half, yy, "BAL "+amt.num(it.Balance))
			}
			yy += rh
		}
		yy = y + float64(nrows+1)*rh + 1
		p.line(x+half*0.5, yy-rh+0.8, x+half*0.72, yy-rh+0.8)
		p.setFont(mono, "B", fsl)
		p.text(x, yy, totL)
		p.textR(x+half*0.72, yy, amt.num(tot))
	}
	ytd := st.ShowYTD
	col(m, "EARNINGS", s.Earnings, hobPick(lr, "G. PAY", "GROSS PAY", "TOT EARN"), s.Gross, ytd)
	p.line(m+half+4, y-4, m+half+4, y+float64(nrows+1)*rh+2)
	col(m+half+8, "DEDUCTIONS", s.Deductions, hobPick(lr, "TOT DEDUC", "TOTAL DED.", "TOT DED"), s.TotalDed, ytd)
	y += float64(nrows+1)*rh + 5
	// Net pay box at the right, 13th-month and employer shares at the left.
	p.f.SetLineWidth(0.5)
	p.rect(m+half+8, y-1, half, 8, "D")
	p.f.SetLineWidth(0.2)
	p.setFont(mono, "B", fs+1.5)
	p.text(m+half+10, y+4.5, hobPick(lr, "NET PAY AMT", "NET PAY", "TAKE HOME"))
	p.textR(m+w-2, y+4.5, amt.total(s.Net))
	p.setFont(mono, "", fs-1)
	p.text(m, y+1.5, "13TH MO. ACCRUAL: "+amt.num(s.Earnings[0].YTD/12))
	if er := hobERLines(s); st.ShowER && len(er) > 0 {
		var parts []string
		for _, it := range er {
			parts = append(parts, short(it.Label)+" "+amt.num(it.Amount))
		}
		t := "ER SHARE: " + strings.Join(parts, " / ")
		p.fit(t, half, fs-1)
		p.text(m, y+5.5, t)
	}
	y += 12
	p.setFont(mono, "", fs-2)
	p.gray(100)
	p.text(m, min(y, p.size.H-m), "RUN "+hobPick(lr, hobSoftware...)+"  -  CONFIDENTIAL")
	p.gray(0)
}

package docgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"talaan/extract"
)

// Six more tuning templates, each from a kind of payroll printout the
// others lack: a table with the statutory contributions in a block of their
// own (employee and employer shares), the salary slip of an HR package
// (ERPNext- or Odoo-like), a US earnings statement, a government agency's
// or school's payslip, a narrow strip with dot leaders and the net in
// words, and an HR app's slip with summary tiles. They belong to the tuning
// family: the extractor may be tuned against them.

var (
	sizeStrip76 = pageSize{"strip 76x210mm", 76, 210}
	sizeStrip80 = pageSize{"strip 80x230mm", 80, 230}
)

func tuningMoreLayouts() []*slipLayout {
	return []*slipLayout{
		{Name: "tm-statutory", Desc: "Earnings | Deductions table, statutory contributions in a block with employee and employer shares, net pay boxed",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeLegal}, Draw: drawStatutory, OwnCaptions: true},
		{Name: "tm-hrsoftware", Desc: "HR package salary slip: ERPNext-like details grid with Year To Date and Rounded Total, or Odoo-like coded lines with negative deductions",
			Sizes: []pageSize{sizeA4, sizeLetter}, YTD: true, Content: hrContent, Draw: drawHRSoftware, OwnCaptions: true},
		{Name: "tm-usstub", Desc: "US earnings statement: rate, hours, this period and year to date; taxes beside deductions; check or deposit amount",
			Sizes: []pageSize{sizeLetter, sizeLetter, sizeA4}, Freqs: usFreqs, Content: usContent, Draw: drawUSStub, OwnCaptions: true},
		{Name: "tm-govt", Desc: "government agency or school payslip: Republic of the Philippines lines over the employer, upper-case captions, loan balances, signatories",
			Sizes:   []pageSize{sizeA4, sizeLegal, sizeHalfL, sizeA5},
			Freqs:   []string{extract.FreqMonthly, extract.FreqMonthly, extract.FreqSemimonthly},
			Content: govtContent, Draw: drawGovt, OwnCaptions: true},
		{Name: "tm-strip", Desc: "narrow monospaced strip with dot leaders, a cut-off caption, negative earnings and the net in words",
			Sizes: []pageSize{sizeStrip76, sizeStrip80}, Mono: true, Content: stripContent, Draw: drawStrip, OwnCaptions: true},
		{Name: "tm-tiles", Desc: "HR app slip: big summary tiles (gross, deductions, take-home) over the grouped breakdown and recent slips; PHP or USD",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeA5}, Content: tilesContent, Draw: drawTiles, OwnCaptions: true},
	}
}

// retotal sums a slip's lines again after its content was rewritten; the
// year to date is the period's amounts times the period's number.
func retotal(s *payslip) {
	idx := int64(periodIndex(s.Freq, s.Start, s.End))
	s.Gross, s.TotalDed, s.GrossYTD, s.DedYTD = 0, 0, 0, 0
	for i := range s.Earnings {
		it := &s.Earnings[i]
		it.YTD = it.Amount * idx
		s.Gross += it.Amount
		s.GrossYTD += it.YTD
	}
	for i := range s.Deductions {
		it := &s.Deductions[i]
		it.YTD = it.Amount * idx
		s.TotalDed += it.Amount
		s.DedYTD += it.YTD
	}
	s.Net = s.Gross - s.TotalDed
	s.NetYTD = s.GrossYTD - s.DedYTD
	s.Basic = s.Earnings[0].Amount
}

// statutory says whether a deduction is a government contribution.
func statutory(it item) bool { return it.Kind == "sss" || it.Kind == "phic" || it.Kind == "hdmf" }

// fmtDate prints d in one of the numeric or written forms payroll systems use.
func fmtDate(d time.Time, f int) string {
	switch f {
	case 0:
		return d.Format("01/02/2006")
	case 1:
		return d.Format("2006-01-02")
	case 2:
		return d.Format("02/01/2006")
	case 3:
		return d.Format("Jan 2, 2006")
	case 4:
		return d.Format("January 2, 2006")
	case 5:
		return d.Format("02-Jan-2006")
	case 6:
		return d.Format("02-01-2006")
	}
	return d.Format("01-02-2006")
}

// dayFirst is a day-first numeric format when the period's end day shows
// the order (above 12), else ISO, which cannot be misread.
func dayFirst(s *payslip, f int) int {
	if s.End.Day() > 12 {
		return f
	}
	return 1
}

// wordsTitle spells an amount's whole units in title case ("Twelve Thousand
// Three Hundred Forty Six").
func wordsTitle(c int64) string {
	w := pesoWords(c)
	w = w[:strings.Index(w, " PESOS")]
	f := strings.Fields(strings.ToLower(w))
	for i, x := range f {
		f[i] = strings.ToUpper(x[:1]) + x[1:]
	}
	return strings.Join(f, " ")
}

// ---------------------------------------------------------------- US content

var usFreqs = []string{extract.FreqWeekly, extract.FreqWeekly, extract.FreqBiweekly, extract.FreqBiweekly,
	extract.FreqBiweekly, extract.FreqSemimonthly}

type usPlace struct {
	State, City, Zip string
	Rate             float64 // state income tax withheld, 0 where none
}

var usPlaces = []usPlace{
	{"CA", "Daly City", "94015", 0.04}, {"CA", "San Diego", "92126", 0.035}, {"NV", "Las Vegas", "89103", 0},
	{"TX", "Houston", "77036", 0}, {"NJ", "Jersey City", "07306", 0.03}, {"NY", "Woodside", "11377", 0.045},
	{"IL", "Chicago", "60659", 0.0495}, {"WA", "Seattle", "98118", 0}, {"HI", "Honolulu", "96819", 0.06},
	{"VA", "Virginia Beach", "23462", 0.045},
}

var usStreets = []string{"Mission St", "El Camino Real", "Main Street", "Oak Avenue", "Broadway", "N King St",
	"Sunset Blvd", "W Devon Ave", "Roosevelt Ave", "Kalihi St"}

func usPlaceOf(st *slipStyle) usPlace { return usPlaces[st.W[15]%len(usPlaces)] }

// usContent rewrites a slip as a US payroll computes it: an hourly rate
// (or a salary per period), overtime at time and a half, federal and state
// income tax, Social Security, Medicare, 401(k) and medical premiums.
// Everything an employee keeps from one slip to the next comes from the
// style's word choices and the employee's rate, not from r.
func usContent(r *rand.Rand, s *payslip) {
	w := s.St.W
	pl := usPlaceOf(s.St)
	s.Currency = "USD"
	s.Co.Address = fmt.Sprintf("%d %s, Suite %d, %s, %s %s", 100+w[14]%8900, usStreets[w[13]%len(usStreets)], 100+w[12]%400,
		pl.City, pl.State, pl.Zip)
	rate := (1500 + (s.Monthly/100)%3000) / 25 * 25 // cents an hour
	s.Hourly, s.Daily = rate, rate*8
	var reg int64
	hours := ""
	switch s.Freq {
	case extract.FreqWeekly:
		reg, hours = rate*40, "40.00"
	case extract.FreqBiweekly:
		reg, hours = rate*80, "80.00"
	default:
		reg, hours = roundC(float64(rate)*2080/24), "86.67"
	}
	s.Monthly = roundC(float64(rate) * 2080 / 12)
	earn := []item{{Label: pick2(w[0], "Regular", "Regular Pay", "Reg Hours", "Salary"), Amount: reg, Qty: hours, Kind: "basic"}}
	if chance(r, 0.55) {
		h := float64(1+r.IntN(48)) / 4
		earn = append(earn, item{Label: pick2(w[1], "Overtime", "Overtime 1.5x", "OT Pay"), Amount: roundC(float64(rate) * 1.5 * h),
			Qty: fmt.Sprintf("%.2f", h), Kind: "ot"})
	}
	if chance(r, 0.2) {
		h := float64(4 + r.IntN(30))
		earn = append(earn, item{Label: pick2(w[2], "Shift Differential", "Night Shift", "Shift Diff"), Amount: 150 * int64(h),
			Qty: fmt.Sprintf("%.2f", h), Kind: "nd"})
	}
	var gross int64
	for _, e := range earn {
		gross += e.Amount
	}
	perYear := map[string]float64{extract.FreqWeekly: 52, extract.FreqBiweekly: 26, extract.FreqSemimonthly: 24}[s.Freq]
	medical := roundC(float64([]int64{0, 8600, 12450, 21000, 33000}[w[10]%5]) * 12 / perYear)
	dental := int64(0)
	if w[9]%3 == 0 {
		dental = roundC(2400 * 12 / perYear)
	}
	pct := []int64{0, 3, 4, 5, 6, 8}[w[11]%6]
	k401 := gross * pct / 100
	fica := float64(gross - medical - dental)
	fedTaxable := float64(gross - k401 - medical - dental)
	fedPct := 0.06 + 0.01*float64(w[8]%8)
	var deds []item
	add := func(label string, amt int64, kind string) {
		if amt > 0 {
			deds = append(deds, item{Label: label, Amount: amt, Kind: kind})
		}
	}
	add(pick2(w[3], "Federal Income Tax", "Fed Withholding", "Federal Income", "FITW"), roundC(fedTaxable*fedPct), "fed")
	add(pick2(w[4], "Social Security Tax", "Social Security", "OASDI", "Soc Sec"), roundC(fica*0.062), "ss")
	add(pick2(w[4], "Medicare Tax", "Medicare", "Fed MED/EE", "Medicare"), roundC(fica*0.0145), "medicare")
	add(pl.State+pick2(w[5], " State Income Tax", " Income Tax", " SIT", " Withholding"), roundC(fedTaxable*pl.Rate), "state")
	if pl.State == "CA" {
		add("CA SDI", roundC(float64(gross)*0.011), "state")
	}
	add(pick2(w[6], "401(k)", "401K Pre-Tax", "401(k) Contrib", "Retirement 401k"), k401, "401k")
	add(pick2(w[7], "Medical", "Medical Pre-Tax", "Health Insurance", "Med/Health"), medical, "medical")
	add(pick2(w[7], "Dental", "Dental Pre-Tax", "Dental Ins"), dental, "medical")
	s.Earnings, s.Deductions = earn, deds
	if s.PayDate == nil {
		d := s.End.AddDate(0, 0, 1)
		for d.Weekday() != time.Friday {
			d = d.AddDate(0, 0, 1)
		}
		s.PayDate = &d
	}
	retotal(s)
}

func usTax(it item) bool {
	return it.Kind == "fed" || it.Kind == "ss" || it.Kind == "medicare" || it.Kind == "state"
}

func usd(c int64) string { return "$" + fmtCentavos(c, true) }

// ---------------------------------------------------------- tm-statutory

func drawStatutory(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	m := v.Margin
	w := p.size.W - 2*m
	size := v.Font
	rh := size * 0.56
	y := m
	p.setFont(false, "B", size+4)
	p.fit(s.employerName(), w*0.7, size+4)
	p.text(m, y+5, s.employerName())
	p.setFont(false, "", size-1)
	p.fit(s.Co.Address, w*0.7, size-1)
	p.text(m, y+9.5, s.Co.Address)
	if w0[0]%2 == 0 {
		p.text(m, y+13.5, "TIN: "+s.Co.TIN)
	}
	p.setFont(false, "B", size+3)
	p.textR(m+w, y+6, pick2(w0[1], "PAYSLIP", "PAY SLIP", "Employee Payslip", "SALARY SLIP"))
	y += 17
	p.line(m, y, m+w, y)
	pf := []int{0, 3, 4, 1, 5}[w0[2]%5]
	period := fmtDate(s.Start, pf) + pick2(w0[3], " - ", " to ", " – ") + fmtDate(s.End, pf)
	info := []kv{
		{pick2(w0[4], "Employee Name", "Name", "Employee"), s.Emp.format(st.NameStyle)},
		{pick2(w0[5], "Employee ID", "Emp. No.", "ID No."), s.EmpID},
		{pick2(w0[6], "Position", "Designation"), s.Position},
		{"Department", s.Dept},
		{pick2(w0[7], "Pay Period", "Payroll Period", "Period Covered", "Cut-off Period"), period},
	}
	if s.PayDate != nil {
		info = append(info, kv{pick2(w0[8], "Pay Date", "Payout Date", "Date of Payment"), fmtDate(*s.PayDate, pf)})
	}
	y = infoBlock(p, s, info, m, y, w, 2) + 2

	// Earnings beside the deductions that are not contributions.
	var other []item
	var stat []item
	for _, d := range s.Deductions {
		if statutory(d) {
			stat = append(stat, d)
		} else {
			other = append(other, d)
		}
	}
	var otherTot, statEE, statER int64
	for _, d := range other {
		otherTot += d.Amount
	}
	for _, d := range stat {
		statEE += d.Amount
		statER += d.ER
	}
	cw := []float64{w * 0.32, w * 0.18, w * 0.32, w * 0.18}
	p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
	p.setFont(false, "B", size)
	x := m
	for i, h := range []string{pick2(w0[9], "EARNINGS", "Earnings", "INCOME"), "AMOUNT", pick2(w0[10], "DEDUCTIONS", "Other Deductions", "LESS: DEDUCTIONS"), "AMOUNT"} {
		al := "L"
		if i%2 == 1 {
			al = "R"
		}
		p.cell(x, y, cw[i], rh+1, h, "1", al, true)
		x += cw[i]
	}
	y += rh + 1
	p.setFont(false, "", size)
	n := max(len(s.Earnings), len(other), 1)
	for i := range n {
		row := []string{"", "", "", ""}
		if i < len(s.Earnings) {
			e := s.Earnings[i]
			row[0], row[1] = e.Label, st.Amt.line(e.Amount)
			if e.Qty != "" && st.ShowHours {
				row[0] += " (" + e.Qty + ")"
			}
		}
		if i < len(other) {
			row[2], row[3] = other[i].Label, st.Amt.line(other[i].Amount)
		}
		x = m
		for j, c := range row {
			al := "L"
			if j%2 == 1 {
				al = "R"
			}
			p.cell(x, y, cw[j], rh, c, "LR", al, false)
			x += cw[j]
		}
		y += rh
	}
	p.setFont(false, "B", size)
	x = m
	for j, c := range []string{pick2(w0[11], "Total Earnings", "Gross Pay", "Gross Earnings"), st.Amt.total(s.Gross),
		pick2(w0[12], "Sub-total", "Total Other Deductions", "Subtotal"), st.Amt.total(otherTot)} {
		al := "L"
		if j%2 == 1 {
			al = "R"
		}
		p.cell(x, y, cw[j], rh+1, c, "1", al, false)
		x += cw[j]
	}
	y += rh + 5

	// The contributions block: employee share, employer share, total.
	p.setFont(false, "B", size+0.5)
	p.text(m, y, pick2(w0[13], "STATUTORY CONTRIBUTIONS", "GOVERNMENT CONTRIBUTIONS", "Mandatory Contributions", "Government Mandated Deductions"))
	y += 2
	sc := []float64{w * 0.34, w * 0.22, w * 0.22, w * 0.22}
	eeH := pick2(w0[14], "Employee Share", "EE Share", "Employee")
	erH := pick2(w0[14], "Employer Share", "ER Share", "Employer")
	x = m
	p.setFont(false, "B", size-0.5)
	for i, h := range []string{pick2(w0[15], "Contribution", "Agency", "Particulars"), eeH, erH, "Total"} {
		al := "R"
		if i == 0 {
			al = "L"
		}
		p.cell(x, y, sc[i], rh+1, h, "1", al, true)
		x += sc[i]
	}
	y += rh + 1
	p.setFont(false, "", size)
	rows := [][4]string{}
	have := map[string]item{}
	for _, d := range stat {
		have[d.Kind] = d
	}
	for _, k := range []struct{ kind, name string }{{"sss", "SSS"}, {"phic", "PhilHealth"}, {"hdmf", pick2(w0[0], "Pag-IBIG (HDMF)", "HDMF", "Pag-IBIG")}} {
		d := have[k.kind]
		rows = append(rows, [4]string{k.name, st.Amt.num(d.Amount), st.Amt.num(d.ER), st.Amt.num(d.Amount + d.ER)})
	}
	if _, ok := have["sss"]; ok && w0[1]%2 == 0 {
		ec := int64(1000)
		if s.Monthly >= 1500000 {
			ec = 3000
		}
		if s.Freq == extract.FreqSemimonthly && st.ContribHalf == 0 {
			ec /= 2
		}
		statER += ec
		rows = append(rows, [4]string{"SSS EC", "-", st.Amt.num(ec), st.Amt.num(ec)})
	}
	rows = append(rows, [4]string{"Total", st.Amt.total(statEE), st.Amt.num(statER), st.Amt.num(statEE + statER)})
	for ri, r := range rows {
		if ri == len(rows)-1 {
			p.setFont(false, "B", size)
		}
		x = m
		for i, c := range r {
			al := "R"
			if i == 0 {
				al = "L"
			}
			p.cell(x, y, sc[i], rh, c, "1", al, false)
			x += sc[i]
		}
		y += rh
	}
	y += 5

	// Summary at the bottom, net pay in a box.
	sw := w * 0.55
	sx := m + w - sw
	p.setFont(false, "", size)
	sum := []kv{
		{pick2(w0[2], "Gross Pay", "Total Earnings", "Gross Income"), st.Amt.total(s.Gross)},
		{pick2(w0[3], "Less: Statutory Contributions (EE)", "Less: Gov't Contributions", "Less: SSS/PHIC/HDMF"), st.Amt.num(statEE)},
		{pick2(w0[4], "Less: Other Deductions", "Less: Tax and Loans", "Less: Other Deductions"), st.Amt.num(otherTot)},
	}
	if st.ShowTotalDed {
		sum = append(sum, kv{pick2(w0[5], "Total Deductions", "TOTAL DEDUCTIONS", "Total Deductions"), st.Amt.total(s.TotalDed)})
	}
	for _, r := range sum {
		p.text(sx, y, r.K)
		p.textR(m+w, y, r.V)
		y += rh
	}
	y += 1
	p.f.SetFillColor(v.Accent-15, v.Accent-15, v.Accent-15)
	p.rect(sx, y, sw, rh+5, "FD")
	p.setFont(false, "B", size+3)
	p.text(sx+2, y+rh+2, pick2(w0[6], "NET PAY", "Net Pay", "TAKE HOME PAY", "NET PAY"))
	p.textR(m+w-2, y+rh+2, st.Amt.total(s.Net))
	y += rh + 11
	if st.ShowBalance {
		p.setFont(false, "", size-1)
		for _, d := range s.Deductions {
			if d.Balance > 0 {
				p.text(m, y, fmt.Sprintf("%s outstanding balance: %s", d.Label, st.Amt.num(d.Balance)))
				y += 4.5
			}
		}
	}
	footerNote(p, s, m, min(y+4, p.size.H-6), w)
}

// ---------------------------------------------------------- tm-hrsoftware

// workDays counts Monday to Friday in the period.
func workDays(a, b time.Time) int {
	n := 0
	for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			n++
		}
	}
	return n
}

// hrContent drops the pay date of the Odoo-like slip, which prints none.
func hrContent(r *rand.Rand, s *payslip) {
	if s.St.W[0]%2 != 0 {
		s.PayDate = nil
	}
}

func drawHRSoftware(p *pdfw, s *payslip) {
	if s.St.W[0]%2 == 0 {
		drawERPNext(p, s)
	} else {
		drawOdoo(p, s)
	}
}

func drawERPNext(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	m := min(v.Margin, 16)
	w := p.size.W - 2*m
	size := min(v.Font, 9.5)
	rh := size * 0.58
	y := m
	p.setFont(false, "B", size+5)
	p.fit(s.employerName(), w*0.62, size+5)
	p.text(m, y+6, s.employerName())
	p.setFont(false, "", size-1)
	p.fit(s.Co.Address, w*0.62, size-1)
	p.text(m, y+10.5, s.Co.Address)
	p.text(m, y+14.5, "TIN: "+s.Co.TIN)
	p.setFont(false, "B", size+4)
	p.textR(m+w, y+6, "Salary Slip")
	p.setFont(false, "", size-1)
	p.gray(90)
	id := fmt.Sprintf("HR-EMP-%05d", 1+w0[1]%900)
	p.textR(m+w, y+10.5, fmt.Sprintf("Sal Slip/%s/%05d", id, 1+w0[2]%2000))
	p.gray(0)
	y += 19
	df := []int{6, 7, 1}[w0[3]%3]
	if df == 6 {
		df = dayFirst(s, 6)
	}
	wd := workDays(s.Start, s.End)
	pay := wd
	for _, it := range append(append([]item{}, s.Earnings...), s.Deductions...) {
		if it.Kind == "abs" {
			var n int
			fmt.Sscanf(it.Qty, "%d", &n)
			pay -= n
		}
	}
	grid := []kv{
		{"Employee", id}, {"Employee Name", s.Emp.format(st.NameStyle)},
		{"Department", s.Dept + " - " + s.Co.Short}, {"Designation", s.Position},
		{"Start Date", fmtDate(s.Start, df)}, {"End Date", fmtDate(s.End, df)},
	}
	if s.PayDate != nil {
		grid = append(grid, kv{"Posting Date", fmtDate(*s.PayDate, df)})
	}
	if st.FreqWord != "" {
		grid = append(grid, kv{"Payroll Frequency", freqCanon(s.Freq)})
	}
	grid = append(grid, kv{"Working Days", fmt.Sprintf("%d", wd)}, kv{"Payment Days", fmt.Sprintf("%d", pay)})
	bw := w / 2
	bh := rh*2 + 2
	for i, g := range grid {
		x := m + float64(i%2)*bw
		yy := y + float64(i/2)*bh
		p.f.SetDrawColor(180, 180, 180)
		p.rect(x, yy, bw, bh, "D")
		p.f.SetDrawColor(0, 0, 0)
		p.setFont(false, "", size-1.5)
		p.gray(100)
		p.text(x+2, yy+rh, g.K)
		p.gray(0)
		p.setFont(false, "B", size)
		p.fit(g.V, bw-4, size)
		p.text(x+2, yy+2*rh+0.8, g.V)
	}
	y += float64((len(grid)+1)/2)*bh + 5
	// Earnings and deductions tables side by side.
	tw := (w - 4) / 2
	cws := []float64{tw * 0.1, tw * 0.42, tw * 0.24, tw * 0.24}
	table := func(x float64, head string, items []item) float64 {
		yy := y
		p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
		p.setFont(false, "B", size-0.5)
		xx := x
		for i, h := range []string{"Sr", head, "Amount", pick2(w0[4], "Year To Date", "YTD")} {
			al := "L"
			if i >= 2 {
				al = "R"
			}
			p.cell(xx, yy, cws[i], rh+1, h, "1", al, true)
			xx += cws[i]
		}
		yy += rh + 1
		p.setFont(false, "", size-0.5)
		for n, it := range items {
			xx = x
			for i, c := range []string{fmt.Sprint(n + 1), it.Label, st.Amt.line(it.Amount), st.Amt.num(it.YTD)} {
				al := "L"
				if i >= 2 {
					al = "R"
				}
				p.fit(c, cws[i]-1, size-0.5)
				p.cell(xx, yy, cws[i], rh, c, "1", al, false)
				p.f.SetFontSize(size - 0.5)
				xx += cws[i]
			}
			yy += rh
		}
		return yy
	}
	y1 := table(m, pick2(w0[5], "Earning", "Earnings", "Component"), s.Earnings)
	y2 := table(m+tw+4, pick2(w0[5], "Deduction", "Deductions", "Component"), s.Deductions)
	y = max(y1, y2) + 6
	rounded := (s.Net + 50) / 100 * 100
	rows := []kv{{"Gross Pay", st.Amt.total(s.Gross)}, {"Total Deduction", st.Amt.total(s.TotalDed)}, {"Net Pay", st.Amt.total(s.Net)}}
	if w0[6]%3 != 0 {
		rows = append(rows, kv{"Rounded Total", st.Amt.total(rounded)})
	}
	for _, r := range rows {
		p.setFont(false, "B", size)
		p.text(m+w*0.45, y, r.K)
		p.setFont(false, "", size)
		if r.K == "Net Pay" {
			p.setFont(false, "B", size+1)
		}
		p.textR(m+w, y, r.V)
		y += rh + 1
	}
	p.setFont(false, "", size-0.5)
	cur := "PHP"
	words := fmt.Sprintf("Total in words: %s %s only.", cur, wordsTitle(rounded))
	p.fit(words, w, size-0.5)
	p.text(m, y+2, words)
	y += rh + 6
	if st.ShowYTD && w0[7]%2 == 0 {
		p.setFont(false, "", size-1)
		p.text(m, y, fmt.Sprintf("Year To Date Net: %s", st.Amt.num(s.NetYTD)))
	}
}

func freqCanon(f string) string {
	switch f {
	case extract.FreqSemimonthly:
		return "Bimonthly" // ERPNext's word for twice a month
	case extract.FreqBiweekly:
		return "Fortnightly"
	}
	return f
}

// odooCode is the salary rule code Odoo prints beside a line.
func odooCode(it item) string {
	switch it.Kind {
	case "basic":
		return "BASIC"
	case "ot":
		return "OT"
	case "nd":
		return "ND"
	case "hol":
		return "HOL"
	case "allow":
		return "ALW"
	case "abs":
		return "ABS"
	case "late":
		return "LATE"
	case "sss":
		return "SSS"
	case "phic":
		return "PHIC"
	case "hdmf":
		return "HDMF"
	case "tax":
		return "WTAX"
	case "loan":
		return "LOAN"
	}
	return "OTH"
}

func drawOdoo(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	m := min(v.Margin, 16)
	w := p.size.W - 2*m
	size := min(v.Font, 9.5)
	rh := size * 0.6
	y := m
	p.setFont(false, "B", size+2)
	p.fit(s.employerName(), w*0.6, size+2)
	p.text(m, y+5, s.employerName())
	p.setFont(false, "", size-1)
	p.fit(s.Co.Address, w*0.6, size-1)
	p.text(m, y+9, s.Co.Address)
	y += 13
	p.line(m, y, m+w, y)
	y += 8
	p.setFont(false, "B", size+5)
	p.text(m, y, pick2(w0[1], "Pay Slip", "Payslip"))
	y += 6
	p.setFont(false, "", size)
	name := s.Emp.format(st.NameStyle)
	title := fmt.Sprintf("Salary Slip of %s for %s", name, s.Start.Format("January-2006"))
	p.fit(title, w, size)
	p.text(m, y, title)
	y += 4
	df := []int{0, 2, 1}[w0[2]%3]
	if df == 2 {
		df = dayFirst(s, 2)
	}
	rows := [][4]string{
		{"Name", name, "Designation", s.Position},
		{"Email", strings.ToLower(strings.Fields(s.Emp.First)[0]) + "@" + strings.ToLower(s.Co.Short) + ".com.ph", "Identification No", s.EmpID},
		{"Reference", fmt.Sprintf("SLIP/%04d", 1+w0[3]%3000), "Bank Account", "xxxx-xxxx-" + s.EmpID[len(s.EmpID)-min(4, len(s.EmpID)):]},
		{"Date From", fmtDate(s.Start, df), "Date To", fmtDate(s.End, df)},
	}
	cw := []float64{w * 0.17, w * 0.33, w * 0.17, w * 0.33}
	for _, r := range rows {
		x := m
		for i, c := range r {
			style := ""
			if i%2 == 0 {
				style = "B"
			}
			p.setFont(false, style, size-0.5)
			p.fit(c, cw[i]-1, size-0.5)
			p.cell(x, y, cw[i], rh+1, c, "1", "L", false)
			x += cw[i]
		}
		y += rh + 1
	}
	y += 5
	lc := []float64{w * 0.14, w * 0.4, w * 0.14, w * 0.16, w * 0.16}
	p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
	p.setFont(false, "B", size-0.5)
	x := m
	for i, h := range []string{"Code", "Name", "Quantity/rate", "Amount", "Total"} {
		al := "L"
		if i >= 2 {
			al = "R"
		}
		p.cell(x, y, lc[i], rh+1, h, "B", al, true)
		x += lc[i]
	}
	y += rh + 1
	line := func(code, name, qty string, amt int64, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		p.setFont(false, style, size-0.5)
		x := m
		for i, c := range []string{code, name, qty, st.Amt.num(amt), st.Amt.total(amt)} {
			al := "L"
			if i >= 2 {
				al = "R"
			}
			p.fit(c, lc[i]-1, size-0.5)
			p.cell(x, y, lc[i], rh, c, "B", al, false)
			p.f.SetFontSize(size - 0.5)
			x += lc[i]
		}
		y += rh
	}
	for _, e := range s.Earnings {
		q := "1.00"
		if e.Qty != "" && st.ShowHours {
			q = e.Qty
		}
		line(odooCode(e), e.Label, q, e.Amount, false)
	}
	line("GROSS", pick2(w0[4], "Gross", "Gross Salary", "Gross Wage"), "1.00", s.Gross, true)
	for _, d := range s.Deductions {
		line(odooCode(d), d.Label, "1.00", -d.Amount, false)
	}
	line("NET", pick2(w0[5], "Net Salary", "Net Wage", "Net"), "1.00", s.Net, true)
	y += 10
	p.setFont(false, "", size)
	p.textR(m+w, y, "Authorized signature")
	p.line(m+w-50, y-5, m+w, y-5)
}

// ---------------------------------------------------------- tm-usstub

func drawUSStub(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	m := min(v.Margin, 14)
	w := p.size.W - 2*m
	size := min(v.Font, 9)
	rh := size * 0.52
	adp := w0[0]%2 == 0
	y := m
	// Company and its address on the left, the statement's dates on the right.
	p.setFont(false, "B", size+2)
	p.fit(s.employerName(), w*0.5, size+2)
	p.text(m, y+4, s.employerName())
	p.setFont(false, "", size-0.5)
	addr := strings.SplitN(s.Co.Address, ", ", 3)
	yy := y + 8
	if len(addr) == 3 {
		p.text(m, yy, addr[0]+", "+addr[1])
		p.text(m, yy+rh, addr[2])
	} else {
		p.text(m, yy, s.Co.Address)
	}
	p.setFont(false, "B", size+4)
	p.textR(m+w, y+5, pick2(w0[1], "Earnings Statement", "EARNINGS STATEMENT", "Pay Statement", "Payroll Check Stub"))
	df := []int{0, 0, 3, 1}[w0[2]%4]
	p.setFont(false, "", size)
	var dates []kv
	if w0[3]%2 == 0 {
		dates = []kv{{"Period Beginning:", fmtDate(s.Start, df)}, {"Period Ending:", fmtDate(s.End, df)},
			{pick2(w0[4], "Pay Date:", "Check Date:"), fmtDate(*s.PayDate, df)}}
	} else {
		pr := fmtDate(s.Start, df) + " - " + fmtDate(s.End, df)
		if w0[4]%3 == 0 && s.Start.Month() == s.End.Month() {
			pr = fmt.Sprintf("%s %d-%d, %d", s.Start.Format("Jan"), s.Start.Day(), s.End.Day(), s.End.Year())
		}
		dates = []kv{{"Pay Period:", pr}, {pick2(w0[4], "Pay Date:", "Check Date:"), fmtDate(*s.PayDate, df)}}
	}
	yy = y + 10
	for _, d := range dates {
		p.text(m+w*0.55, yy, d.K)
		p.textR(m+w, yy, d.V)
		yy += rh
	}
	if st.FreqWord != "" {
		p.text(m+w*0.55, yy, "Pay Frequency:")
		p.textR(m+w, yy, map[string]string{extract.FreqWeekly: pick2(w0[5], "Weekly", "WEEKLY"),
			extract.FreqBiweekly: pick2(w0[5], "Bi-Weekly", "Biweekly", "Every Two Weeks"), extract.FreqSemimonthly: pick2(w0[5], "Semi-Monthly", "Semimonthly")}[s.Freq])
		yy += rh
	}
	y = max(yy, y+16) + 3
	// Employee block.
	p.setFont(false, "", size-0.5)
	status := pick2(w0[6], "Single", "Married", "Head of Household")
	p.text(m, y, fmt.Sprintf("Filing Status: %s", status))
	p.text(m, y+rh, fmt.Sprintf("Exemptions/Allowances: Federal %d, %s %d", w0[7]%3, usPlaceOf(st).State, w0[8]%3))
	p.text(m, y+2*rh, "Employee ID: "+s.EmpID)
	p.setFont(false, "B", size+1)
	name := strings.ToUpper(s.Emp.First + " " + s.Emp.Middle + " " + s.Emp.Last)
	p.text(m+w*0.55, y, name)
	p.setFont(false, "", size-0.5)
	pl := usPlaceOf(st)
	p.text(m+w*0.55, y+rh, fmt.Sprintf("%d %s Apt %d", 10+w0[9]%990, usStreets[w0[10]%len(usStreets)], 1+w0[11]%40))
	p.text(m+w*0.55, y+2*rh, fmt.Sprintf("%s, %s %s", pl.City, pl.State, pl.Zip))
	y += 3*rh + 4
	p.line(m, y, m+w, y)
	y += 2
	// Earnings table, full width.
	neg := func(c int64) string {
		if adp {
			return fmtCentavos(-c, true)
		}
		return fmtCentavos(c, true)
	}
	col := []float64{0.3, 0.14, 0.14, 0.2, 0.22}
	hx := func(i int) float64 {
		x := m
		for j := range i {
			x += col[j] * w
		}
		return x
	}
	p.setFont(false, "B", size)
	heads := []string{"Earnings", "rate", "hours", "this period", "year to date"}
	for i, h := range heads {
		if i == 0 {
			p.text(hx(i), y+rh, h)
		} else {
			p.textR(hx(i)+col[i]*w, y+rh, h)
		}
	}
	y += rh + 1
	p.line(m, y, m+w, y)
	y += rh
	p.setFont(false, "", size)
	for _, e := range s.Earnings {
		rate := ""
		switch e.Kind {
		case "basic":
			rate = fmt.Sprintf("%.4f", float64(s.Hourly)/100)
			if s.Freq == extract.FreqSemimonthly {
				rate = fmtCentavos(e.Amount, true)
			}
		case "ot":
			rate = fmt.Sprintf("%.4f", float64(s.Hourly)*1.5/100)
		case "nd":
			rate = "1.5000"
		}
		p.text(hx(0), y, e.Label)
		p.textR(hx(1)+col[1]*w, y, rate)
		p.textR(hx(2)+col[2]*w, y, e.Qty)
		p.textR(hx(3)+col[3]*w, y, fmtCentavos(e.Amount, true))
		p.textR(hx(4)+col[4]*w, y, fmtCentavos(e.YTD, true))
		y += rh
	}
	p.setFont(false, "B", size)
	p.text(hx(0)+4, y, pick2(w0[12], "Gross Pay", "Gross Pay", "Total Gross"))
	p.textR(hx(3)+col[3]*w, y, usd(s.Gross))
	p.textR(hx(4)+col[4]*w, y, fmtCentavos(s.GrossYTD, true))
	y += rh + 3
	// Taxes on the left, other deductions on the right.
	half := (w - 6) / 2
	block := func(x float64, head string, items []item) float64 {
		yy := y
		p.setFont(false, "B", size)
		p.text(x, yy+rh, head)
		p.textR(x+half*0.72, yy+rh, "this period")
		p.textR(x+half, yy+rh, "year to date")
		yy += rh + 1
		p.line(x, yy, x+half, yy)
		yy += rh
		p.setFont(false, "", size)
		for _, it := range items {
			p.fit(it.Label, half*0.42, size)
			p.text(x, yy, it.Label)
			p.f.SetFontSize(size)
			p.textR(x+half*0.72, yy, neg(it.Amount))
			p.textR(x+half, yy, fmtCentavos(it.YTD, true))
			yy += rh
		}
		return yy
	}
	var taxes, others []item
	var taxTot, othTot int64
	for _, d := range s.Deductions {
		if usTax(d) {
			taxes = append(taxes, d)
			taxTot += d.Amount
		} else {
			others = append(others, d)
			othTot += d.Amount
		}
	}
	y1 := block(m, pick2(w0[13], "Taxes", "Statutory Deductions", "Tax Deductions"), taxes)
	y2 := y
	if len(others) > 0 {
		y2 = block(m+half+6, pick2(w0[14], "Deductions", "Other Deductions", "Voluntary Deductions"), others)
	}
	y = max(y1, y2) + 1
	if w0[15]%2 == 0 {
		p.setFont(false, "", size-0.5)
		p.text(m, y, fmt.Sprintf("Total Taxes %s", fmtCentavos(taxTot, true)))
		if othTot > 0 {
			p.text(m+half+6, y, fmt.Sprintf("Total Deductions %s", fmtCentavos(othTot, true)))
		}
		y += rh
	}
	y += 2
	p.line(m, y, m+w, y)
	y += rh + 2
	p.setFont(false, "B", size+2)
	p.text(m, y, "Net Pay")
	p.textR(m+w*0.5, y, usd(s.Net))
	p.setFont(false, "", size-0.5)
	var k401, med int64
	for _, d := range s.Deductions {
		switch d.Kind {
		case "401k":
			k401 += d.Amount
		case "medical":
			med += d.Amount
		}
	}
	fed := s.Gross - k401 - med
	y += rh + 3
	note := fmt.Sprintf("Your federal taxable wages this period are %s", usd(fed))
	p.fit(note, w, size-0.5)
	p.text(m, y, note)
	y += rh + 6
	// The check or the deposit advice at the foot.
	p.f.SetDashPattern([]float64{1, 1}, 0)
	p.line(m, y, m+w, y)
	p.f.SetDashPattern([]float64{}, 0)
	y += rh + 3
	p.setFont(false, "B", size)
	p.text(m, y, s.employerName())
	if adp {
		p.textR(m+w, y, "Advice number: "+fmt.Sprintf("%08d", 10000+w0[1]%90000))
		y += rh + 1
		p.setFont(false, "", size)
		p.text(m, y, fmt.Sprintf("Pay date: %s", fmtDate(*s.PayDate, df)))
		y += rh + 1
		p.text(m, y, fmt.Sprintf("Deposited to the account of  %s", name))
		p.text(m+w*0.6, y, fmt.Sprintf("Checking xxxx%04d", w0[2]%10000))
		p.setFont(false, "B", size)
		p.textR(m+w, y, usd(s.Net))
		y += rh + 2
		p.setFont(false, "", size-1)
		p.textC(m+w/2, y, "NON-NEGOTIABLE")
	} else {
		p.textR(m+w, y, fmt.Sprintf("Check No. %06d", 1000+w0[1]%900000))
		y += rh + 1
		p.setFont(false, "", size)
		p.text(m, y, "Date: "+fmtDate(*s.PayDate, df))
		p.setFont(false, "B", size)
		p.textR(m+w, y, "Check Amount: "+usd(s.Net))
		y += rh + 1
		p.setFont(false, "", size)
		p.text(m, y, "Pay to the order of: "+name)
		y += rh + 1
		words := strings.Replace(pesoWords(s.Net), " PESOS AND ", " DOLLARS AND ", 1)
		p.fit(words, w, size)
		p.text(m, y, words)
	}
}

// ---------------------------------------------------------- tm-govt

type agency struct {
	Above   []string
	Name    string
	Address string
	Head    string // the approving officer's title
}

var agencies = []agency{
	{[]string{"Republic of the Philippines", "Department of Education", "Region IV-A CALABARZON"}, "Schools Division of Batangas City",
		"Provincial Capitol Compound, Batangas City", "Schools Division Superintendent"},
	{[]string{"Republic of the Philippines", "Department of Education", "Region VII - Central Visayas"}, "Schools Division of Cebu Province",
		"Sudlon, Lahug, Cebu City", "Schools Division Superintendent"},
	{[]string{"Republic of the Philippines", "Province of Laguna"}, "Municipal Government of Bay",
		"Municipal Hall, Poblacion, Bay, Laguna", "Municipal Mayor"},
	{[]string{"Republic of the Philippines", "Province of Iloilo"}, "Provincial Government of Iloilo",
		"Bonifacio Drive, Iloilo City", "Provincial Governor"},
	{[]string{"Republic of the Philippines", "Commission on Higher Education"}, "Batangas State University",
		"Rizal Ave. Ext., Batangas City", "University President"},
	{[]string{"Republic of the Philippines", "Department of Health"}, "Eastern Visayas Medical Center",
		"Magsaysay Blvd., Tacloban City", "Medical Center Chief"},
	{[]string{"Republic of the Philippines"}, "City Government of Naga",
		"City Hall Complex, J. Miranda Ave., Naga City", "City Mayor"},
}

// govtAgency is the slip's government employer, or false for a private
// school or office that prints signatories the same way.
func govtAgency(st *slipStyle) (agency, bool) {
	if st.W[15]%3 == 2 {
		return agency{}, false
	}
	return agencies[st.W[14]%len(agencies)], true
}

// govtContent turns a slip into a government one: GSIS instead of SSS,
// PERA, government loans. A private school keeps its lines.
func govtContent(r *rand.Rand, s *payslip) {
	a, ok := govtAgency(s.St)
	if !ok {
		return
	}
	w := s.St.W
	s.Co.Name, s.Co.Address = a.Name, a.Address
	s.Earnings[0].Label = pick2(w[0], "Basic Salary", "Monthly Salary", "Salary")
	if s.Freq == extract.FreqSemimonthly {
		s.Earnings[0].Label = pick2(w[0], "Basic Salary", "Salary (1/2)", "Salary")
	}
	pera := int64(200000) / int64(periodsPerMonth(s.Freq))
	earn := []item{s.Earnings[0], {Label: "PERA", Amount: pera, Kind: "allow"}}
	for _, e := range s.Earnings[1:] {
		if e.Kind != "allow" { // private allowances do not exist in government
			earn = append(earn, e)
		}
	}
	s.Earnings = earn
	loans := []string{"GSIS Consoloan", "GSIS Policy Loan", "GSIS eCard Plus", "GSIS Emergency Loan"}
	others := []string{"Landbank Salary Loan", "Provident Fund", "Multi-Purpose Coop", "Mutual Aid Fund", "PAGCOR Loan"}
	for i := range s.Deductions {
		d := &s.Deductions[i]
		switch d.Kind {
		case "sss":
			d.Label = pick2(w[1], "GSIS Personal Share", "GSIS PS", "Life & Retirement (PS)")
		case "hdmf":
			d.Label = pick2(w[2], "Pag-IBIG Premium", "HDMF Contribution", "Pag-IBIG")
		case "phic":
			d.Label = pick2(w[3], "PhilHealth", "PhilHealth Premium", "PHIC")
		case "tax":
			d.Label = pick2(w[4], "Withholding Tax", "BIR W/Tax", "Tax Withheld")
		case "loan":
			d.Label = loans[(w[5]+i)%len(loans)]
		case "other":
			d.Label = others[(w[6]+i)%len(others)]
		}
	}
	retotal(s)
}

func drawGovt(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	small := p.size.H < 220
	m := v.Margin
	size := v.Font
	if small {
		m, size = min(m, 9), min(size, 8.2)
	}
	w := p.size.W - 2*m
	lh := size * 0.5
	cx := m + w/2
	y := m + 3
	a, gov := govtAgency(st)
	p.setFont(false, "", size-0.5)
	for _, l := range a.Above {
		p.textC(cx, y, l)
		y += lh
	}
	p.setFont(false, "B", size+3)
	name := s.employerName()
	if gov {
		name = strings.ToUpper(name)
	}
	p.fit(name, w, size+3)
	p.textC(cx, y+1.5, name)
	y += lh + 2
	p.setFont(false, "", size-1)
	p.fit(s.Co.Address, w, size-1)
	p.textC(cx, y, s.Co.Address)
	y += lh + 2
	p.setFont(false, "B", size+2)
	p.textC(cx, y, pick2(w0[7], "PAYSLIP", "PAY SLIP", "EMPLOYEE'S PAYSLIP", "INDIVIDUAL PAYSLIP"))
	y += lh + 1
	p.setFont(false, "B", size)
	var period string
	if s.Freq == extract.FreqMonthly {
		period = pick2(w0[8], "For the month of ", "FOR THE MONTH OF ", "Payroll Period: ") + strings.ToUpper(s.Start.Format("January 2006"))
		if w0[8]%3 == 2 {
			period = "Payroll Period: " + s.Start.Format("January 2006")
		}
	} else {
		period = pick2(w0[8], "Payroll Period: ", "FOR THE PERIOD ", "PERIOD COVERED: ") +
			fmt.Sprintf("%s %d-%d, %d", s.Start.Format("January"), s.Start.Day(), s.End.Day(), s.Start.Year())
		if w0[8]%3 == 1 {
			period = strings.ToUpper(period)
		}
	}
	p.textC(cx, y, period)
	y += lh + 1
	p.line(m, y, m+w, y)
	y += 1
	info := []kv{
		{"NAME", strings.ToUpper(s.Emp.format(st.NameStyle))},
		{pick2(w0[9], "EMPLOYEE NO.", "EMP. ID", "ID NO."), s.EmpID},
		{pick2(w0[10], "POSITION", "DESIGNATION", "POSITION TITLE"), strings.ToUpper(s.Position)},
		{pick2(w0[11], "STATION", "OFFICE", "DEPARTMENT"), strings.ToUpper(s.Dept)},
	}
	if gov && w0[12]%2 == 0 {
		info = append(info, kv{"SALARY GRADE", fmt.Sprintf("SG %d-%d", 8+w0[12]%16, 1+w0[13]%8)})
	}
	if s.PayDate != nil {
		info = append(info, kv{pick2(w0[12], "DATE RELEASED", "PAY DATE", "DATE OF PAYMENT"), strings.ToUpper(fmtDate(*s.PayDate, []int{0, 4, 5}[w0[13]%3]))})
	}
	y = infoBlock(p, s, info, m, y, w, 2) + 1
	p.line(m, y, m+w, y)
	// Earnings block and deductions block with a balance column.
	cw := (w - 6) / 2
	yl := y + lh + 1
	p.setFont(false, "B", size)
	p.text(m, yl, pick2(w0[0], "EARNINGS", "COMPENSATION", "GROSS COMPENSATION"))
	p.textR(m+cw, yl, "AMOUNT")
	yl += lh
	p.setFont(false, "", size)
	for _, e := range s.Earnings {
		p.fit(strings.ToUpper(e.Label), cw*0.65, size)
		p.text(m+1, yl, strings.ToUpper(e.Label))
		p.f.SetFontSize(size)
		p.textR(m+cw, yl, st.Amt.line(e.Amount))
		yl += lh
	}
	p.setFont(false, "B", size)
	p.line(m+cw*0.6, yl-lh*0.7, m+cw, yl-lh*0.7)
	p.text(m, yl, pick2(w0[1], "GROSS EARNINGS", "GROSS PAY", "TOTAL EARNINGS", "GROSS AMOUNT"))
	p.textR(m+cw, yl, st.Amt.total(s.Gross))
	yl += lh
	xr := m + cw + 6
	yr := y + lh + 1
	p.setFont(false, "B", size)
	p.text(xr, yr, "DEDUCTIONS")
	p.textR(xr+cw*0.72, yr, "AMOUNT")
	if st.ShowBalance {
		p.textR(xr+cw, yr, "BALANCE")
	}
	yr += lh
	p.setFont(false, "", size)
	for _, d := range s.Deductions {
		p.fit(strings.ToUpper(d.Label), cw*0.45, size)
		p.text(xr+1, yr, strings.ToUpper(d.Label))
		p.f.SetFontSize(size)
		p.textR(xr+cw*0.72, yr, st.Amt.line(d.Amount))
		if st.ShowBalance && d.Balance > 0 {
			p.textR(xr+cw, yr, st.Amt.num(d.Balance))
		}
		yr += lh
	}
	if st.ShowTotalDed {
		p.setFont(false, "B", size)
		p.line(xr+cw*0.45, yr-lh*0.7, xr+cw*0.72, yr-lh*0.7)
		p.fit("TOTAL DEDUCTIONS", cw*0.72-p.width(st.Amt.total(s.TotalDed))-2, size)
		p.text(xr, yr, "TOTAL DEDUCTIONS")
		p.f.SetFontSize(size)
		p.textR(xr+cw*0.72, yr, st.Amt.total(s.TotalDed))
		yr += lh
	}
	y = max(yl, yr) + 1
	p.line(m, y, m+w, y)
	y += lh + 2
	p.setFont(false, "B", size+2)
	netCap := pick2(w0[2], "NET PAY", "NET AMOUNT RECEIVED", "NET TAKE HOME PAY", "NET AMOUNT DUE")
	p.text(m, y, netCap)
	p.textR(m+w, y, st.Amt.total(s.Net))
	y += lh + 2
	// 13th month and year-to-date figures for information only.
	p.setFont(false, "", size-1)
	thirteenth := s.Monthly * int64(s.End.Month()) / 12
	ref := fmt.Sprintf("FOR REFERENCE: 13TH MONTH PAY ACCRUED TO DATE %s", st.Amt.num(thirteenth))
	if st.ShowYTD {
		ref += fmt.Sprintf("   YTD GROSS %s   YTD TAX %s", st.Amt.num(s.GrossYTD), st.Amt.num(taxYTD(s)))
	}
	p.fit(ref, w, size-1)
	p.text(m, y, ref)
	y += lh + 6
	// Signatories.
	if y+16 > p.size.H {
		y = p.size.H - 16
	}
	p.setFont(false, "", size-0.5)
	third := w / 3
	titles := []string{"Payroll Clerk", pick2(w0[3], "Accountant III", "Administrative Officer V", "HR Officer"), a.Head}
	if !gov {
		titles[2] = pick2(w0[4], "School Director", "HR Manager", "Principal", "General Manager")
	}
	for i, c := range []string{"Prepared by:", "Certified correct:", "Approved by:"} {
		x := m + float64(i)*third
		p.text(x, y, c)
		p.line(x, y+8, x+third-6, y+8)
		p.text(x, y+11, titles[i])
	}
}

func taxYTD(s *payslip) int64 {
	var t int64
	for _, d := range s.Deductions {
		if d.Kind == "tax" {
			t += d.YTD
		}
	}
	return t
}

// ---------------------------------------------------------- tm-strip

// stripContent prints absences and tardiness as negative earnings, as many
// small-business payroll programs do, for most styles.
func stripContent(r *rand.Rand, s *payslip) {
	if s.St.W[0]%3 == 0 {
		return
	}
	var keep []item
	moved := false
	for _, d := range s.Deductions {
		if d.Kind == "abs" || d.Kind == "late" {
			d.Amount = -d.Amount
			s.Earnings = append(s.Earnings, d)
			moved = true
			continue
		}
		keep = append(keep, d)
	}
	if moved {
		s.Deductions = keep
		retotal(s)
	}
}

func drawStrip(p *pdfw, s *payslip) {
	st := s.St
	w0 := st.W
	cols := 38
	var out []string
	center := func(t string) {
		pad := max((cols-len([]rune(t)))/2, 0)
		out = append(out, strings.Repeat(" ", pad)+t)
	}
	leader := func(l, r string) string {
		n := cols - len([]rune(l)) - len([]rune(r)) - 2
		if n < 1 {
			return l + " " + r
		}
		return l + " " + strings.Repeat(".", n) + " " + r
	}
	rule := func(c string) { out = append(out, strings.Repeat(c, cols)) }
	center(strings.ToUpper(s.Co.Name))
	addr := s.Co.Address
	for len([]rune(addr)) > cols {
		cut := strings.LastIndex(addr[:cols], " ")
		if cut <= 0 {
			break
		}
		center(addr[:cut])
		addr = addr[cut+1:]
	}
	center(addr)
	out = append(out, "")
	center(pick2(w0[1], "PAYSLIP", "PAY SLIP", "SALARY SLIP", "PAYSLIP / PASAHOD"))
	rule("-")
	out = append(out, pick2(w0[2], "Name  : ", "EMP   : ", "Name: ")+strings.ToUpper(s.Emp.format(st.NameStyle)))
	out = append(out, pick2(w0[2], "ID No : ", "EMP # : ", "ID: ")+s.EmpID)
	var period string
	switch w0[3] % 4 {
	case 0:
		period = fmtDate(s.Start, 0) + " - " + fmtDate(s.End, 0)
	case 1:
		period = fmtDate(s.Start, 1) + " ~ " + fmtDate(s.End, 1)
	case 2:
		if s.Start.Month() == s.End.Month() {
			period = fmt.Sprintf("%s %d to %d, %d", s.Start.Format("January"), s.Start.Day(), s.End.Day(), s.End.Year())
		} else {
			period = s.Start.Format("Jan 2") + " to " + s.End.Format("Jan 2, 2006")
		}
	default:
		period = strings.ToUpper(s.Start.Format("Jan 02") + "-" + s.End.Format("Jan 02 2006"))
	}
	out = append(out, pick2(w0[4], "Cut-off: ", "CUTOFF: ", "Cut-off Period: ", "Payroll Cutoff: ")+period)
	if s.PayDate != nil {
		out = append(out, pick2(w0[5], "Pay Date: ", "Payday : ", "Date Paid: ")+fmtDate(*s.PayDate, []int{0, 1, 5}[w0[6]%3]))
	}
	rule("-")
	out = append(out, pick2(w0[7], "EARNINGS", "KITA / EARNINGS", "INCOME"))
	for _, e := range s.Earnings {
		l := e.Label
		if e.Kind == "abs" && e.Qty != "" {
			l += " (" + e.Qty + "d)"
		}
		out = append(out, leader(" "+l, st.Amt.num(e.Amount)))
	}
	out = append(out, leader(pick2(w0[8], "GROSS PAY", "GROSS", "TOTAL GROSS", "GROSS PAY"), st.Amt.total(s.Gross)))
	out = append(out, "")
	out = append(out, pick2(w0[9], "DEDUCTIONS", "KALTAS / DEDUCTIONS", "LESS"))
	for _, d := range s.Deductions {
		out = append(out, leader(" "+d.Label, st.Amt.num(d.Amount)))
	}
	if st.ShowTotalDed {
		out = append(out, leader(pick2(w0[10], "TOTAL DEDUCTIONS", "TOTAL DED.", "TOTAL LESS"), st.Amt.total(s.TotalDed)))
	}
	rule("=")
	out = append(out, leader(pick2(w0[11], "NET PAY", "NET PAY", "TAKE HOME", "NET SALARY"), st.Amt.total(s.Net)))
	rule("=")
	words := pesoWords(s.Net)
	out = append(out, pick2(w0[12], "Amount in words:", "In words:", "Halaga sa salita:"))
	line := ""
	for _, wd := range strings.Fields(words) {
		if line != "" && len(line)+1+len(wd) > cols {
			out = append(out, line)
			line = wd
		} else if line == "" {
			line = wd
		} else {
			line += " " + wd
		}
	}
	out = append(out, line, "")
	out = append(out, "Received by: ____________________")
	out = append(out, "")
	center(pick2(w0[13], "*** THANK YOU ***", "** CONFIDENTIAL **", "-- END OF SLIP --"))

	mx := 3.0
	wpage := p.size.W - 2*mx
	size := 9.0
	p.setFont(true, "", size)
	for size > 4 && p.width(strings.Repeat("M", cols)) > wpage {
		size -= 0.25
		p.f.SetFontSize(size)
	}
	lh := size * 0.45
	for size > 4 && float64(len(out)+2)*lh > p.size.H-10 {
		size -= 0.25
		p.f.SetFontSize(size)
		lh = size * 0.45
	}
	y := 5 + lh
	for _, l := range out {
		bold := strings.HasPrefix(l, "NET") || strings.HasPrefix(l, "TAKE") || strings.HasPrefix(l, "GROSS")
		style := ""
		if bold {
			style = "B"
		}
		p.setFont(true, style, size)
		p.fit(l, wpage, size)
		p.text(mx, y, l)
		y += lh
	}
}

// ---------------------------------------------------------- tm-tiles

// tilesUS says whether a tiles slip is a US one: weekly and biweekly
// slips of some styles.
func tilesUS(s *payslip) bool {
	return (s.Freq == extract.FreqWeekly || s.Freq == extract.FreqBiweekly) && s.St.W[14]%2 == 0
}

func tilesContent(r *rand.Rand, s *payslip) {
	if tilesUS(s) {
		usContent(r, s)
	}
}

// prevPeriod is the pay period before a..b.
func prevPeriod(freq string, a, b time.Time) (time.Time, time.Time) {
	switch freq {
	case extract.FreqSemimonthly:
		if a.Day() == 16 {
			return date(a.Year(), a.Month(), 1), date(a.Year(), a.Month(), 15)
		}
		e := a.AddDate(0, 0, -1)
		return date(e.Year(), e.Month(), 16), e
	case extract.FreqMonthly:
		e := a.AddDate(0, 0, -1)
		return date(e.Year(), e.Month(), 1), e
	}
	d := int(b.Sub(a).Hours()/24) + 1
	return a.AddDate(0, 0, -d), b.AddDate(0, 0, -d)
}

func drawTiles(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	us := tilesUS(s)
	m := v.Margin
	if p.size.W < 160 {
		m = min(m, 9)
	}
	w := p.size.W - 2*m
	size := v.Font
	if p.size.W < 160 {
		size = min(size, 8)
	}
	lh := size * 0.52
	money := func(c int64) string {
		if us {
			return usd(c)
		}
		return st.Amt.total(c)
	}
	num := func(c int64) string {
		if us {
			return fmtCentavos(c, true)
		}
		return st.Amt.line(c)
	}
	y := m
	p.f.SetFillColor(v.Accent-90, v.Accent-90, v.Accent-90)
	p.rect(m, y, 10, 10, "F")
	p.setFont(false, "B", size+3)
	p.fit(s.employerName(), w*0.6, size+3)
	p.text(m+13, y+5, s.employerName())
	p.setFont(false, "", size-1.5)
	p.gray(100)
	p.fit(s.Co.Address, w*0.6, size-1.5)
	p.text(m+13, y+9, s.Co.Address)
	p.gray(0)
	p.setFont(false, "B", size+1)
	p.textR(m+w, y+5, pick2(w0[0], "Payslip", "Pay Stub", "Your Payslip"))
	df := []int{3, 4, 1, 0}[w0[1]%4]
	p.setFont(false, "", size-1)
	p.textR(m+w, y+9, fmtDate(s.Start, df)+" – "+fmtDate(s.End, df))
	y += 15
	p.setFont(false, "", size-0.5)
	emp := fmt.Sprintf("%s  |  %s  |  %s", s.Emp.format(st.NameStyle), s.Position, s.Dept)
	if p.sans.Core != "" {
		emp = strings.ReplaceAll(emp, "–", "-")
	}
	p.fit(emp, w, size-0.5)
	p.text(m, y, emp)
	y += lh
	p.setFont(false, "", size-0.5)
	meta := pick2(w0[2], "Pay period: ", "Period: ", "Covered period: ") + fmtDate(s.Start, df) + pick2(w0[3], " to ", " - ") + fmtDate(s.End, df)
	if s.PayDate != nil {
		meta += "     " + pick2(w0[4], "Pay date: ", "Paid on ", "Payout: ") + fmtDate(*s.PayDate, df)
	}
	p.fit(meta, w, size-0.5)
	p.text(m, y, meta)
	y += 4
	// Tiles.
	var taxes, deds int64
	for _, d := range s.Deductions {
		if us && usTax(d) {
			taxes += d.Amount
		} else {
			deds += d.Amount
		}
	}
	type tile struct{ cap, val string }
	var tiles []tile
	if us {
		tiles = []tile{{"GROSS PAY", usd(s.Gross)}, {"EMPLOYEE TAXES", usd(taxes)}, {"DEDUCTIONS", usd(deds)}, {"NET PAY", usd(s.Net)}}
	} else {
		tiles = []tile{{pick2(w0[5], "GROSS EARNINGS", "GROSS PAY", "TOTAL EARNINGS"), money(s.Gross)},
			{pick2(w0[6], "TOTAL DEDUCTIONS", "DEDUCTIONS", "TOTAL DEDUCTIONS"), money(s.TotalDed)},
			{pick2(w0[7], "TAKE HOME PAY", "NET PAY", "TAKE-HOME PAY"), money(s.Net)}}
	}
	gap := 3.0
	tw := (w - gap*float64(len(tiles)-1)) / float64(len(tiles))
	th := 18.0
	for i, t := range tiles {
		x := m + float64(i)*(tw+gap)
		last := i == len(tiles)-1
		g := v.Accent + 5
		if last {
			g = v.Accent - 30
		}
		p.f.SetFillColor(g, g, g)
		if v.Rounded {
			p.f.RoundedRect(x, y, tw, th, 2, "1234", "F")
		} else {
			p.rect(x, y, tw, th, "F")
		}
		p.setFont(false, "", size-1.5)
		p.gray(60)
		p.text(x+2.5, y+5, t.cap)
		p.gray(0)
		big := size + 5
		p.setFont(false, "B", big)
		p.fit(t.val, tw-5, big)
		p.text(x+2.5, y+13, t.val)
	}
	y += th + 6
	// Breakdown: earnings left, grouped deductions right.
	cw := (w - 8) / 2
	list := func(x, yy float64, head string, rows []kv, bold map[int]bool) float64 {
		p.setFont(false, "B", size+0.5)
		p.text(x, yy, head)
		yy += 1.5
		p.line(x, yy, x+cw, yy)
		yy += lh
		for i, r := range rows {
			style := ""
			if bold[i] {
				style = "B"
			}
			p.setFont(false, style, size)
			if r.K == "" && r.V == "" {
				yy += lh * 0.4
				continue
			}
			p.fit(r.K, cw*0.62, size)
			p.text(x, yy, r.K)
			p.f.SetFontSize(size)
			p.textR(x+cw, yy, r.V)
			yy += lh
		}
		return yy
	}
	var earn []kv
	for _, e := range s.Earnings {
		k := e.Label
		if e.Qty != "" && (us || st.ShowHours) {
			k += " (" + e.Qty + ")"
		}
		earn = append(earn, kv{k, num(e.Amount)})
	}
	groups := []struct {
		head string
		in   func(item) bool
	}{}
	if us {
		groups = append(groups, struct {
			head string
			in   func(item) bool
		}{"Taxes", usTax}, struct {
			head string
			in   func(item) bool
		}{"Pre-tax deductions", func(it item) bool { return !usTax(it) }})
	} else {
		groups = append(groups, struct {
			head string
			in   func(item) bool
		}{pick2(w0[8], "Government contributions", "Statutory", "Gov't Mandated"), statutory}, struct {
			head string
			in   func(item) bool
		}{"Tax", func(it item) bool { return it.Kind == "tax" }}, struct {
			head string
			in   func(item) bool
		}{pick2(w0[9], "Loans and others", "Other deductions", "Loans / Others"), func(it item) bool { return !statutory(it) && it.Kind != "tax" }})
	}
	var dedRows []kv
	bold := map[int]bool{}
	for _, g := range groups {
		var sub int64
		var rows []kv
		for _, d := range s.Deductions {
			if g.in(d) {
				rows = append(rows, kv{"  " + d.Label, num(d.Amount)})
				sub += d.Amount
			}
		}
		if len(rows) == 0 {
			continue
		}
		bold[len(dedRows)] = true
		subV := ""
		if w0[10]%2 == 0 {
			subV = num(sub)
		}
		dedRows = append(dedRows, kv{g.head, subV})
		dedRows = append(dedRows, rows...)
	}
	y1 := list(m, y, pick2(w0[11], "Earnings", "Earnings breakdown", "What you earned"), earn, nil)
	y2 := list(m+cw+8, y, pick2(w0[12], "Deductions", "Deductions breakdown", "What was deducted"), dedRows, bold)
	y = max(y1, y2) + 4
	// Recent slips, for reference.
	if w0[13]%3 != 0 && y+5*lh+6 < p.size.H-m {
		p.setFont(false, "B", size)
		p.text(m, y, pick2(w0[13], "Recent payslips", "Previous payslips", "Payslip history"))
		y += lh + 1
		p.setFont(false, "", size-1)
		a, b := s.Start, s.End
		for i := range 2 {
			a, b = prevPeriod(s.Freq, a, b)
			prev := s.Net + int64((w0[i]%2001)-1000)*s.Net/20000
			p.text(m+2, y, fmtDate(a, df)+" - "+fmtDate(b, df))
			p.textR(m+w*0.6, y, money(prev))
			y += lh
		}
		y += 2
	}
	if st.ShowYTD {
		p.setFont(false, "", size-1)
		p.gray(90)
		p.text(m, y, fmt.Sprintf("Year to date: gross %s, net %s", num(s.GrossYTD), num(s.NetYTD)))
		p.gray(0)
		y += lh
	}
	footerNote(p, s, m, min(y+4, p.size.H-5), w)
}

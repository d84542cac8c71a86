package docgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"talaan/extract"
)

// Four more tuning templates, each from a kind of payroll printout the
// others lack: a payroll ledger whose one table carries coded lines with an
// earnings and a deductions column, a running balance and loan balances; a
// Tagalog or Taglish slip with Tagalog month names, employer shares and the
// 13th month accrued so far; a single-column statement whose summary adds
// the non-taxable allowances back after the deductions; and a form-like slip
// with From and To boxes, bordered cells and a signatory block. They belong
// to the tuning family: the extractor may be tuned against them.

func tuningNextLayouts() []*slipLayout {
	return []*slipLayout{
		{Name: "tn-ledger", Desc: "payroll ledger: one table of coded lines (hours/days, rate, Earnings and Deductions columns, a running balance or YTD column), loan balances, a totals row and the net at the foot",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeLetterL, sizeHalfL}, Draw: drawLedgerSlip, OwnCaptions: true},
		{Name: "tn-tagalog", Desc: "Tagalog/Taglish slip in bordered tables: Tagalog month names (Hunyo 1-15, 2025), employer shares beside the contributions, 13th month accrued for reference",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeA5, sizeLegal}, Draw: drawTagalogTable, OwnCaptions: true},
		{Name: "tn-stacked", Desc: "single-column statement: earnings to Gross Pay, deductions to Total Deductions, then a summary that adds non-taxable allowances back to reach the net; captions above values on some",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeA5, sizeLegal}, Content: statementContent, Draw: drawStatementSlip, OwnCaptions: true},
		{Name: "tn-boxed", Desc: "form-like slip: Date From/Date To boxes, values in bordered cells under their captions, earnings and deductions grids with YTD, negative absences among the earnings, signatories with a date prepared",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeLegal, sizeSlip}, YTD: true, Content: stripContent, Draw: drawBoxedForm, OwnCaptions: true},
	}
}

// squeeze shrinks a row height, and the font with it, so that n rows fit in
// avail millimetres; it never grows them.
func squeeze(avail float64, n int, rh, size float64) (float64, float64) {
	if n <= 0 || avail/float64(n) >= rh {
		return rh, size
	}
	k := max(avail/float64(n), 2.4) / rh
	return rh * k, max(size*k, 5.5)
}

// spanText prints a period with the month names month gives: "June 1-15,
// 2025", "Hunyo 1 hanggang 15, 2025", "Jun 28 - Jul 4, 2025", "Dec 29,
// 2025 - Jan 4, 2026". sep joins the two days of one month: "-" or a word
// with its spaces (" to ", " hanggang ").
func spanText(a, b time.Time, month func(time.Month) string, sep string) string {
	wide := sep
	if sep == "-" {
		wide = " - "
	}
	switch {
	case a.Year() == b.Year() && a.Month() == b.Month():
		return fmt.Sprintf("%s %d%s%d, %d", month(a.Month()), a.Day(), sep, b.Day(), a.Year())
	case a.Year() == b.Year():
		return fmt.Sprintf("%s %d%s%s %d, %d", month(a.Month()), a.Day(), wide, month(b.Month()), b.Day(), a.Year())
	}
	return fmt.Sprintf("%s %d, %d%s%s %d, %d", month(a.Month()), a.Day(), a.Year(), wide, month(b.Month()), b.Day(), b.Year())
}

func monthLong(m time.Month) string  { return m.String() }
func monthShort(m time.Month) string { return m.String()[:3] }

var buwan = [12]string{"Enero", "Pebrero", "Marso", "Abril", "Mayo", "Hunyo", "Hulyo", "Agosto",
	"Setyembre", "Oktubre", "Nobyembre", "Disyembre"}

func monthTagalog(m time.Month) string { return buwan[m-1] }

// ---------------------------------------------------------- tn-ledger

// ledgerRate is the rate a ledger prints beside a line, "" when the line
// has none: the daily rate for days worked or missed, the hourly rate times
// the premium for overtime and night hours, and on some styles the monthly
// rate beside a salary paid by the month.
func ledgerRate(s *payslip, it item, amt amountStyle) string {
	switch it.Kind {
	case "basic":
		if it.Qty != "" && !strings.Contains(it.Qty, ".") {
			return amt.num(s.Daily)
		}
		if s.St.W[15]/4%3 == 0 {
			return amt.num(s.Monthly)
		}
	case "ot":
		return amt.num(roundC(float64(s.Hourly) * 1.25))
	case "nd":
		return amt.num(roundC(float64(s.Hourly) * 0.10))
	case "abs":
		return amt.num(s.Daily)
	case "late":
		return amt.num(s.Hourly)
	}
	return ""
}

func drawLedgerSlip(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	// Some payrolls still print the ledger on a dot-matrix printer.
	mono := w0[0]%3 == 0
	amt := st.Amt
	face := st.Sans
	if mono {
		face = st.Mono
	}
	if amt.Mark == "₱" && !face.Peso {
		amt.Mark = "PHP"
	}
	up := mono || st.Upper || w0[1]%3 == 0
	c := func(x string) string {
		if up {
			return strings.ToUpper(x)
		}
		return x
	}
	font := func(style string, sz float64) { p.setFont(mono, style, sz) }
	m := min(v.Margin, 14)
	if p.size.H < 160 {
		m = min(m, 8)
	}
	w := p.size.W - 2*m
	size := min(v.Font, 9.5)
	if mono || p.size.H < 160 {
		size = min(size, 8.5)
	}
	lh := size * 0.48

	// Company on the left, the ledger's title and reference on the right.
	y := m
	name := s.employerName()
	font("B", size+3)
	p.fit(name, w*0.6, size+3)
	p.text(m, y+4, name)
	font("", size-1)
	p.fit(s.Co.Address, w*0.6, size-1)
	p.text(m, y+4+lh+0.5, s.Co.Address)
	if w0[2]%2 == 0 {
		p.text(m, y+4+2*lh+1, "TIN "+s.Co.TIN)
	}
	font("B", size+2)
	title := c(pick2(w0[3], "PAYROLL LEDGER", "EMPLOYEE PAY REGISTER", "PAYSLIP", "INDIVIDUAL PAYROLL REGISTER", "Pay Ledger"))
	p.fit(title, w*0.38, size+2)
	p.textR(m+w, y+4, title)
	font("", size-1)
	p.textR(m+w, y+4+lh+0.5, c("Ref. No. ")+fmt.Sprintf("%s-%05d", s.Co.Short, 1+w0[4]%90000))
	y += 4 + 3*lh + 1
	p.line(m, y, m+w, y)

	// Employee on the left, period, pay date and payroll type on the right.
	var period string
	switch w0[5] % 3 {
	case 0:
		period = c("Payroll Period") + ": " + fmtDate(s.Start, 0) + " - " + fmtDate(s.End, 0)
	case 1:
		period = pick2(w0[6], "Cut-off", "CUT-OFF", "Cutoff") + ": " + spanText(s.Start, s.End, monthShort, "-")
	default:
		period = c("Period") + ": " + fmtDate(s.Start, 1) + c(" to ") + fmtDate(s.End, 1)
	}
	if up {
		period = strings.ToUpper(period)
	}
	left := []string{
		c(pick2(w0[7], "Employee", "Name", "Employee Name")) + ": " + s.Emp.format(st.NameStyle),
		c(pick2(w0[8], "Emp. No.", "ID No.", "Employee No.")) + ": " + s.EmpID,
		c("Position/Dept.") + ": " + s.Position + " / " + s.Dept,
	}
	right := []string{period}
	if s.PayDate != nil {
		right = append(right, c(pick2(w0[9], "Pay Date", "Date Paid", "Payout Date"))+": "+
			c(fmtDate(*s.PayDate, []int{0, 3, 1}[w0[5]%3])))
	}
	if st.FreqWord != "" {
		right = append(right, c("Payroll Type")+": "+strings.ToUpper(st.FreqWord))
	}
	font("", size)
	for i := range max(len(left), len(right)) {
		y += lh
		if i < len(left) {
			p.fit(left[i], w*0.5, size)
			p.text(m, y, left[i])
			p.f.SetFontSize(size)
		}
		if i < len(right) {
			p.fit(right[i], w*0.45, size)
			p.text(m+w*0.54, y, right[i])
			p.f.SetFontSize(size)
		}
	}
	y += lh

	// The ledger: one row per line, earnings then deductions, a loan's
	// balance under it on some styles or in a block of its own below.
	loans := 0
	for _, d := range s.Deductions {
		if d.Balance > 0 {
			loans++
		}
	}
	inlineBal := w0[10]%2 == 0
	running := w0[11]%2 == 0
	rows := len(s.Earnings) + len(s.Deductions) + 3
	if inlineBal {
		rows += loans
	}
	foot := 26.0
	if !inlineBal && loans > 0 {
		foot += float64(loans+1)*lh + 4
	}
	rh, tsize := squeeze(p.size.H-m-y-foot, rows, size*0.56, size)
	fr := []float64{0.09, 0.29, 0.1, 0.12, 0.14, 0.13, 0.13}
	cw := make([]float64, len(fr))
	for i, f := range fr {
		cw[i] = f * w
	}
	aligns := []string{"L", "L", "R", "R", "R", "R", "R"}
	third := c(pick2(w0[12], "Year-to-Date", "YTD", "YTD Amount"))
	if running {
		third = c(pick2(w0[12], "Balance", "Running Bal.", "Balance"))
	}
	heads := []string{c("Code"), c("Description"), c(pick2(w0[13], "Hrs/Days", "Units", "Qty")), c("Rate"),
		c("Earnings"), c("Deductions"), third}
	border, box := "LR", "1"
	if mono {
		border, box = "", "TB"
	}
	row := func(cells []string, style, b string, fill bool, h float64) {
		x := m
		for i, t := range cells {
			font(style, tsize)
			p.fit(t, cw[i]-1, tsize)
			p.cell(x, y, cw[i], h, t, b, aligns[i], fill)
			x += cw[i]
		}
		y += h
	}
	p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
	row(heads, "B", box, !mono, rh+1)
	code := func(it item, n int, earn bool) string {
		if w0[14]%2 == 0 {
			return odooCode(it)
		}
		if earn {
			return fmt.Sprint(1000 + 10*(n+1))
		}
		return fmt.Sprint(2000 + 10*(n+1))
	}
	var bal int64
	thirdCell := func(it item, sign int64) string {
		if running {
			bal += sign * it.Amount
			return amt.num(bal)
		}
		return amt.num(sign * it.YTD)
	}
	for i, e := range s.Earnings {
		row([]string{code(e, i, true), c(e.Label), e.Qty, ledgerRate(s, e, amt), amt.line(e.Amount), "", thirdCell(e, 1)}, "", border, false, rh)
	}
	for i, d := range s.Deductions {
		ytd := thirdCell(d, -1)
		if !running {
			ytd = amt.num(d.YTD)
		}
		row([]string{code(d, i, false), c(d.Label), "", "", "", amt.line(d.Amount), ytd}, "", border, false, rh)
		if inlineBal && d.Balance > 0 {
			p.gray(90)
			row([]string{"", "   " + c("Loan Balance") + ": " + amt.num(d.Balance), "", "", "", "", ""}, "", border, false, rh)
			p.gray(0)
		}
	}
	row([]string{"", c("Totals"), "", "", amt.total(s.Gross), amt.total(s.TotalDed), ""}, "B", box, false, rh+1)

	// The net under the two money columns.
	y += 3
	xe := m + (fr[0]+fr[1]+fr[2]+fr[3])*w
	bw := cw[4] + cw[5]
	bh := (size+1.5)*0.5 + 2
	font("B", size+1.5)
	netCap := c(pick2(w0[15], "NET PAY", "NET PAY >>>", "AMOUNT DUE", "Net Pay"))
	p.textR(xe-2, y+bh-1.6, netCap)
	p.rect(xe, y, bw, bh, "D")
	p.textR(xe+bw-1.5, y+bh-1.6, amt.total(s.Net))
	y += bh + 5
	if !inlineBal && loans > 0 {
		font("B", size-0.5)
		p.text(m, y, c("Loan Balances"))
		p.textR(m+w*0.62, y, c("Amortization"))
		p.textR(m+w*0.85, y, c("Loan Balance"))
		font("", size-0.5)
		for _, d := range s.Deductions {
			if d.Balance > 0 {
				y += lh
				p.text(m+2, y, c(d.Label))
				p.textR(m+w*0.62, y, amt.num(d.Amount))
				p.textR(m+w*0.85, y, amt.num(d.Balance))
			}
		}
		y += lh + 3
	}
	font("", size-0.5)
	y = min(y+4, p.size.H-m-6)
	p.text(m, y, c("Received by")+": ______________________________")
	p.text(m+w*0.6, y, c("Date")+": ______________")
	footerNote(p, s, m, min(y+lh+2, p.size.H-3), w)
}

// ---------------------------------------------------------- tn-tagalog

// dalasNgSahod is a pay frequency in Tagalog.
func dalasNgSahod(freq string, w int) string {
	switch freq {
	case extract.FreqSemimonthly:
		return pick2(w, "Kinsenas", "Tuwing Kinsenas", "Dalawang Beses Kada Buwan")
	case extract.FreqMonthly:
		return pick2(w, "Buwanan", "Kada Buwan")
	case extract.FreqWeekly:
		return pick2(w, "Lingguhan", "Kada Linggo")
	case extract.FreqBiweekly:
		return pick2(w, "Kada Dalawang Linggo", "Tuwing Ikalawang Linggo")
	}
	return freq
}

func drawTagalogTable(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	// Captions in Tagalog (lang 0 and 1), Tagalog / English (2), or Taglish:
	// some captions English and some Tagalog (3).
	lang := w0[0] % 4
	cp := func(i int, tl, en string) string {
		switch {
		case lang == 2:
			return tl + " / " + en
		case lang == 3 && (w0[1]>>uint(i))&1 == 1:
			return en
		}
		return tl
	}
	english := func(i int) bool { return lang == 3 && (w0[1]>>uint(i))&1 == 1 }
	// Narrow column heads stay in one language: the bilingual style keeps
	// their Tagalog.
	narrow := func(i int, tl, en string) string {
		if english(i) {
			return en
		}
		return tl
	}
	month := monthTagalog
	if lang == 3 && w0[2]%2 == 1 {
		month = monthLong
	}
	small := p.size.W < 160
	m := min(v.Margin, 18)
	if small {
		m = min(m, 10)
	}
	w := p.size.W - 2*m
	size := v.Font
	if small {
		size = min(size, 8.5)
	}
	lh := size * 0.5

	// Header band.
	y := m
	p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
	p.rect(m, y, w, 15, "F")
	p.setFont(false, "B", size+3)
	p.fit(s.employerName(), w*0.62, size+3)
	p.text(m+2, y+6, s.employerName())
	p.setFont(false, "", size-1.5)
	p.fit(s.Co.Address, w*0.62, size-1.5)
	p.text(m+2, y+11, s.Co.Address)
	p.setFont(false, "B", size+1.5)
	title := cp(0, pick2(w0[3], "PASAHOD", "KATIBAYAN NG SAHOD", "KATIBAYAN NG PASAHOD"), "PAYSLIP")
	p.fit(title, w*0.34, size+1.5)
	p.textR(m+w-2, y+6, title)
	y += 19

	// The period in Tagalog month names, a month alone for some monthly slips.
	var period string
	if s.Freq == extract.FreqMonthly && w0[4]%3 == 0 {
		period = fmt.Sprintf("%s %d", month(s.Start.Month()), s.Start.Year())
		if w0[4]%2 == 0 && !english(5) {
			period = "Buwan ng " + period
		}
	} else {
		sep := "-"
		if w0[5]%2 == 1 {
			sep = " hanggang "
			if english(5) {
				sep = " to "
			}
		}
		period = spanText(s.Start, s.End, month, sep)
	}
	date := func(d time.Time) string {
		switch w0[6] % 4 {
		case 0:
			return fmt.Sprintf("%s %d, %d", month(d.Month()), d.Day(), d.Year())
		case 1:
			return fmt.Sprintf("%d %s %d", d.Day(), month(d.Month()), d.Year())
		case 2:
			return fmtDate(d, 0)
		}
		return fmtDate(d, 1)
	}
	pairs := []kv{
		{cp(1, "Pangalan", "Name"), s.Emp.format(st.NameStyle)},
		{cp(2, "Blg. ng Empleyado", "Employee No."), s.EmpID},
		{cp(3, "Posisyon", "Position"), s.Position},
		{cp(4, "Departamento", "Department"), s.Dept},
		{cp(5, pick2(w0[7], "Panahon ng Sahod", "Saklaw na Petsa"), "Pay Period"), period},
	}
	if s.PayDate != nil {
		pairs = append(pairs, kv{cp(6, "Petsa ng Bayad", "Pay Date"), date(*s.PayDate)})
	}
	if st.FreqWord != "" {
		f := dalasNgSahod(s.Freq, w0[8])
		switch {
		case english(7):
			f = st.FreqWord
		case lang == 2:
			f += " (" + st.FreqWord + ")"
		}
		pairs = append(pairs, kv{cp(7, "Dalas ng Sahod", "Pay Frequency"), f})
	}
	if st.ShowRates {
		pairs = append(pairs, kv{cp(8, "Arawang Sahod", "Daily Rate"), st.Amt.line(s.Daily)})
	}
	if st.ShowIDs {
		pairs = append(pairs, kv{"SSS No.", s.SSS}, kv{"TIN", s.TIN})
	}

	// Rows to fit: the details, both tables and their totals.
	per := 2
	if small || lang == 2 {
		per = 1
	}
	in13 := w0[9]%2 == 0 // the 13th month under the gross, else in the reference block
	showER := w0[10]%4 != 0
	nDed := max(len(s.Deductions), 1)
	rows := (len(pairs)+per-1)/per + len(s.Earnings) + 2 + nDed + 2
	if in13 {
		rows++
	}
	fixed := 8 + (size+3)*0.5 + 3 + 5 + 3*lh + 4 + 20
	rh, tsize := squeeze(p.size.H-m-y-fixed, rows, size*0.6, size)
	cells := func(ws []float64, texts []string, aligns string, style string, fills []bool, b string) {
		x := m
		for i, t := range texts {
			fs := style
			if style == "cap" { // caption and value cells alternate
				fs = ""
				if i%2 == 0 {
					fs = "B"
				}
			}
			p.setFont(false, fs, tsize)
			p.fit(t, ws[i]-1.5, tsize)
			p.cell(x, y, ws[i], rh, t, b, aligns[i:i+1], fills[i])
			x += ws[i]
		}
		y += rh
	}

	// Details in bordered caption and value cells.
	capW, valW := w*0.18, w*0.32
	if per == 1 {
		capW, valW = w*0.36, w*0.64
	}
	p.f.SetFillColor(min(v.Accent+8, 250), min(v.Accent+8, 250), min(v.Accent+8, 250))
	for i := 0; i < len(pairs); i += per {
		var ws []float64
		var ts []string
		var fl []bool
		for _, pr := range pairs[i:min(i+per, len(pairs))] {
			ws = append(ws, capW, valW)
			ts = append(ts, pr.K, pr.V)
			fl = append(fl, true, false)
		}
		cells(ws, ts, "LLLL", "cap", fl, "1")
	}
	y += 4

	// Earnings, the gross and, on some styles, the 13th month accrued so
	// far, which this period's pay does not include.
	label := func(it item, i int) string {
		if it.Kind == "basic" {
			return cp(20, pick2(w0[11], "Pangunahing Sahod", "Pangunahing Sahod (Basic)"), "Basic Pay")
		}
		if lang == 3 {
			return it.Label
		}
		return tagalogItem(it, w0[12]+i)
	}
	thirteenth := s.Earnings[0].YTD / 12
	cap13 := pick2(w0[13], "13th Month (accrued)", "13th Month Pay (naipon)", "Accrued 13th Month")
	p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
	ew := []float64{w * 0.55, w * 0.17, w * 0.28}
	cells(ew, []string{cp(9, "MGA KITA", "EARNINGS"), narrow(10, "Araw/Oras", "Days/Hrs"), cp(11, "Halaga", "Amount")}, "LRR", "B", []bool{true, true, true}, "1")
	for i, e := range s.Earnings {
		cells(ew, []string{label(e, i), e.Qty, st.Amt.line(e.Amount)}, "LRR", "", []bool{false, false, false}, "LR")
	}
	gross := cp(12, pick2(w0[14], "Kabuuang Kita", "Kabuuang Sahod"), "Gross Pay")
	cells(ew, []string{gross, "", st.Amt.total(s.Gross)}, "LRR", "B", []bool{false, false, false}, "1")
	if in13 {
		p.gray(100)
		cells(ew, []string{cap13, cp(13, "hindi kasama", "not included"), st.Amt.num(thirteenth)}, "LRR", "", []bool{false, false, false}, "1")
		p.gray(0)
	}
	y += 3

	// Deductions with the employer's share beside the employee's.
	dw := []float64{w * 0.5, w * 0.25, w * 0.25}
	eeHead, erHead := narrow(15, "Bahagi ng Empleyado", "Employee Share"), narrow(16, "Bahagi ng Kompanya", "Employer Share")
	if lang == 2 {
		eeHead, erHead = "Empleyado (EE)", "Kompanya (ER)"
	}
	heads := []string{cp(14, "MGA KALTAS", "DEDUCTIONS"), eeHead, erHead}
	if !showER {
		dw = []float64{w * 0.72, w * 0.28}
		heads = []string{heads[0], cp(11, "Halaga", "Amount")}
	}
	al := "LRR"[:len(dw)]
	fills := []bool{false, false, false}[:len(dw)]
	cells(dw, heads, al, "B", []bool{true, true, true}[:len(dw)], "1")
	var er int64
	for i, d := range s.Deductions {
		r := []string{label(d, i), st.Amt.line(d.Amount)}
		if showER {
			share := "-"
			if statutory(d) && d.ER > 0 {
				share = st.Amt.num(d.ER)
				er += d.ER
			}
			r = append(r, share)
		}
		cells(dw, r, al, "", fills, "LR")
	}
	if len(s.Deductions) == 0 {
		r := []string{cp(18, "Walang kaltas", "No deductions"), ""}
		if showER {
			r = append(r, "")
		}
		cells(dw, r, al, "", fills, "LR")
	}
	tot := []string{cp(17, pick2(w0[15], "Kabuuang Kaltas", "Kabuuang Kaltas/Bawas"), "Total Deductions"), st.Amt.total(s.TotalDed)}
	if showER {
		tot = append(tot, st.Amt.num(er))
	}
	cells(dw, tot, al, "B", fills, "1")
	y += 3

	// The net in a shaded box.
	netCap := cp(19, pick2(w0[11]/2, "NETONG SAHOD", "SAHOD NA MATATANGGAP", "Netong Sahod"), "NET PAY")
	bh := (size+3)*0.5 + 3
	p.f.SetFillColor(v.Accent-25, v.Accent-25, v.Accent-25)
	p.rect(m, y, w, bh, "FD")
	p.setFont(false, "B", size+3)
	net := st.Amt.total(s.Net)
	p.fit(netCap, w-p.width(net)-10, size+3)
	p.text(m+3, y+bh-2.2, netCap)
	p.f.SetFontSize(size + 3)
	p.textR(m+w-3, y+bh-2.2, net)
	y += bh + 5

	// For reference only: the 13th month accrued and the year to date.
	var ref []kv
	if !in13 {
		ref = append(ref, kv{cap13, st.Amt.num(thirteenth)})
	}
	if st.ShowYTD {
		ref = append(ref, kv{cp(21, "Kita Mula Enero (YTD)", "Year-to-Date Gross"), st.Amt.num(s.GrossYTD)})
	}
	if len(ref) > 0 {
		p.setFont(false, "B", size-1)
		p.text(m, y, cp(22, "PARA SA INYONG KAALAMAN", "FOR YOUR INFORMATION"))
		p.setFont(false, "", size-1)
		for _, r := range ref {
			y += lh
			p.text(m+2, y, r.K)
			p.textR(m+w*0.6, y, r.V)
		}
		y += lh + 3
	}
	p.setFont(false, "", size-1)
	y = min(y+2, p.size.H-m-12)
	t := cp(23, "Tinanggap ko nang buo ang halagang nakasaad sa itaas.", "I received the above amount in full.")
	p.fit(t, w, size-1)
	p.text(m, y, t)
	p.f.SetFontSize(size - 1)
	y += 10
	p.line(m, y, m+w*0.45, y)
	p.line(m+w*0.6, y, m+w, y)
	p.text(m, y+lh, cp(24, "Lagda ng Empleyado", "Employee's Signature"))
	p.text(m+w*0.6, y+lh, cp(25, "Petsa", "Date"))
}

// ---------------------------------------------------------- tn-stacked

// kindDeMinimis marks a non-taxable allowance that a statement adds back
// after the deductions: it is not part of the printed gross.
const kindDeMinimis = "deminimis"

// addBack sums a slip's non-taxable allowances that are added after the
// deductions; the net is gross - deductions + addBack.
func addBack(s *payslip) int64 {
	var t int64
	for _, e := range s.Earnings {
		if e.Kind == kindDeMinimis {
			t += e.Amount
		}
	}
	return t
}

// statementContent, on two styles in three, pays the rice subsidy and a
// clothing or laundry allowance as de minimis benefits outside the gross,
// added back after the deductions, as many Philippine payrolls do. A slip
// whose allowances would exceed its deductions prints them in the gross, so
// that the net never exceeds the gross.
func statementContent(r *rand.Rand, s *payslip) {
	w := s.St.W
	if w[0]%3 == 0 {
		return
	}
	for i := range s.Earnings {
		e := &s.Earnings[i]
		if e.Kind == "allow" && strings.HasPrefix(e.Label, "Rice") {
			e.Kind = kindDeMinimis
		}
	}
	per := periodsPerMonth(s.Freq)
	switch w[1] % 3 {
	case 0: // 6,000 a year
		s.Earnings = append(s.Earnings, item{Label: pick2(w[2], "Clothing Allowance", "Uniform/Clothing Allowance"),
			Amount: roundC(50000 / per), Kind: kindDeMinimis})
	case 1: // 300 a month
		s.Earnings = append(s.Earnings, item{Label: "Laundry Allowance", Amount: roundC(30000 / per), Kind: kindDeMinimis})
	}
	retotal(s)
	back := addBack(s)
	if back == 0 {
		return
	}
	if back > s.TotalDed {
		for i := range s.Earnings {
			if s.Earnings[i].Kind == kindDeMinimis {
				s.Earnings[i].Kind = "allow"
			}
		}
		return
	}
	s.Gross -= back
	for _, e := range s.Earnings {
		if e.Kind == kindDeMinimis {
			s.GrossYTD -= e.YTD
		}
	}
}

// stmtLine is one line of a single-column statement.
type stmtLine struct {
	kind int
	k, v string
	q    string // hours or days, for items
}

const (
	lnGap  = iota
	lnHead // section heading, ruled under
	lnItem // an item: amount in the inner column
	lnSub  // a subtotal: amount in the outer column, ruled over
	lnCap  // a caption whose value is on the next line
	lnVal  // that value, in the outer column
	lnNet  // the net: larger, double rule under
)

func drawStatementSlip(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	above := w0[3]%3 == 0 // captions above their values
	band := w0[4]%2 == 0  // the period only in a header band, top right
	small := p.size.W < 160
	m := v.Margin
	if small {
		m = min(m, 11)
	}
	w := p.size.W - 2*m
	size := v.Font
	if small {
		size = min(size, 8.5)
	}

	// The period: the month for a monthly slip, else the dates.
	var period string
	if s.Freq == extract.FreqMonthly && w0[6]%4 != 3 {
		period = pick2(w0[6], "for the month of ", "For the Month of ", "FOR THE MONTH OF ") + s.Start.Format("January 2006")
		if w0[6]%3 == 2 {
			period = strings.ToUpper(period)
		}
	} else {
		period = pick2(w0[7], "for the period ", "For the Period ", "Pay period ") + spanText(s.Start, s.End, monthLong, "-")
	}
	title := pick2(w0[5], "PAY STATEMENT", "Statement of Earnings and Deductions", "PAYSLIP", "Salary Statement")
	y := m
	if band {
		bh := 16.0
		p.f.SetFillColor(v.Accent-20, v.Accent-20, v.Accent-20)
		p.rect(m, y, w, bh, "F")
		p.setFont(false, "B", size+3)
		p.fit(s.employerName(), w*0.55, size+3)
		p.text(m+2.5, y+6.5, s.employerName())
		p.setFont(false, "", size-1.5)
		p.fit(s.Co.Address, w*0.55, size-1.5)
		p.text(m+2.5, y+11.5, s.Co.Address)
		p.setFont(false, "B", size+1)
		p.fit(title, w*0.4, size+1)
		p.textR(m+w-2.5, y+6.5, title)
		p.setFont(false, "", size-0.5)
		p.fit(period, w*0.4, size-0.5)
		p.textR(m+w-2.5, y+11.5, period)
		y += bh + 3
	} else {
		p.centredLetterhead(s, m, w, y, size)
		p.setFont(false, "B", size+2)
		p.textC(m+w/2, y+16, title)
		p.setFont(false, "", size)
		p.textC(m+w/2, y+20.5, period)
		y += 23
		p.line(m, y, m+w, y)
		y += 1
	}

	// The employee, in caption-over-value cells or caption: value pairs.
	info := []kv{
		{pick2(w0[8], "Employee Name", "Name", "Employee"), s.Emp.format(st.NameStyle)},
		{pick2(w0[9], "Employee No.", "ID No.", "Employee ID"), s.EmpID},
		{"Position", s.Position},
		{"Department", s.Dept},
	}
	if s.PayDate != nil {
		info = append(info, kv{pick2(w0[10], "Pay Date", "Date Released", "Payout Date"), fmtDate(*s.PayDate, []int{4, 0, 3, 1}[w0[11]%4])})
	}
	if st.FreqWord != "" {
		info = append(info, kv{"Pay Frequency", st.FreqWord})
	}
	if above {
		cols := 3
		cw := w / float64(cols)
		lh := size * 0.45
		for i, r := range info {
			x := m + float64(i%cols)*cw
			yy := y + float64(i/cols)*(2*lh+1.5) + lh
			p.setFont(false, "", size-1.5)
			p.gray(90)
			p.text(x, yy, strings.ToUpper(r.K))
			p.gray(0)
			p.setFont(false, "B", size)
			p.fit(r.V, cw-3, size)
			p.text(x, yy+lh, r.V)
		}
		y += float64((len(info)+cols-1)/cols)*(2*lh+1.5) + lh
	} else {
		y = infoBlock(p, s, info, m, y, w, 2)
	}
	y += 2
	p.line(m, y, m+w, y)

	// Lines of the statement, in order.
	grossCap := pick2(w0[12], "Gross Pay", "GROSS PAY", "Total Gross Pay")
	dedCap := pick2(w0[13], "Total Deductions", "TOTAL DEDUCTIONS")
	netCap := pick2(w0[14], "Net Pay", "Take Home Pay", "NET PAY", "Net Take Home Pay")
	back := addBack(s)
	var ls []stmtLine
	ls = append(ls, stmtLine{kind: lnHead, k: pick2(w0[15], "EARNINGS", "Earnings", "INCOME")})
	var nontax []item
	for _, e := range s.Earnings {
		if e.Kind == kindDeMinimis {
			nontax = append(nontax, e)
			continue
		}
		q := ""
		if st.ShowHours {
			q = e.Qty
		}
		ls = append(ls, stmtLine{kind: lnItem, k: e.Label, v: st.Amt.line(e.Amount), q: q})
	}
	ls = append(ls, stmtLine{kind: lnSub, k: grossCap, v: st.Amt.total(s.Gross)}, stmtLine{kind: lnGap})
	ls = append(ls, stmtLine{kind: lnHead, k: pick2(w0[15]/3, "DEDUCTIONS", "Deductions", "DEDUCTIONS")})
	for _, d := range s.Deductions {
		ls = append(ls, stmtLine{kind: lnItem, k: d.Label, v: st.Amt.line(d.Amount)})
	}
	if len(s.Deductions) == 0 {
		ls = append(ls, stmtLine{kind: lnItem, k: "None", v: st.Amt.line(0)})
	}
	ls = append(ls, stmtLine{kind: lnSub, k: dedCap, v: st.Amt.total(s.TotalDed)}, stmtLine{kind: lnGap})
	backCap := pick2(w0[2], "Add: Non-taxable Allowances", "Add: De Minimis Benefits", "Add: Non-taxable Allowances")
	if len(nontax) > 0 {
		ls = append(ls, stmtLine{kind: lnHead, k: pick2(w0[2], "NON-TAXABLE ALLOWANCES", "De Minimis Benefits", "NON-TAXABLE / DE MINIMIS")})
		for _, e := range nontax {
			ls = append(ls, stmtLine{kind: lnItem, k: e.Label, v: st.Amt.line(e.Amount)})
		}
		ls = append(ls, stmtLine{kind: lnGap})
	}
	// The summary.
	ls = append(ls, stmtLine{kind: lnHead, k: pick2(w0[5]/4, "SUMMARY", "Net Pay Computation", "SUMMARY")})
	less := "Less: " + dedCap
	if dedCap == strings.ToUpper(dedCap) {
		less = "LESS: " + dedCap
	}
	// The deductions are subtracted: in parentheses on some styles.
	lessV := st.Amt.num(s.TotalDed)
	if w0[1]%2 == 1 {
		lessV = "(" + lessV + ")"
	}
	sum := []kv{{grossCap, st.Amt.total(s.Gross)}, {less, lessV}}
	if back > 0 {
		if less == strings.ToUpper(less) {
			backCap = strings.ToUpper(backCap)
		}
		sum = append(sum, kv{backCap, st.Amt.num(back)})
	}
	for _, r := range sum {
		if above {
			ls = append(ls, stmtLine{kind: lnCap, k: r.K}, stmtLine{kind: lnVal, v: r.V})
		} else {
			ls = append(ls, stmtLine{kind: lnItem, k: r.K, v: r.V})
		}
	}
	ls = append(ls, stmtLine{kind: lnNet, k: netCap, v: st.Amt.total(s.Net)})

	// Lay the lines out, shrinking them to fit the page.
	lh, fsize := squeeze(p.size.H-m-y-12, len(ls)+2, size*0.55, size)
	inner := m + w*0.7 // right edge of the items' amounts
	outer := m + w     // right edge of the subtotals
	qx := m + w*0.5
	y += lh
	for _, l := range ls {
		switch l.kind {
		case lnGap:
			y += lh * 0.5
			continue
		case lnHead:
			y += lh * 0.3
			p.setFont(false, "B", fsize+0.5)
			p.text(m, y, l.k)
			p.line(m, y+1, m+w, y+1)
			y += 1
		case lnItem:
			p.setFont(false, "", fsize)
			p.fit(l.k, w*0.45, fsize)
			p.text(m+3, y, l.k)
			p.f.SetFontSize(fsize)
			if l.q != "" {
				p.textR(qx, y, l.q)
			}
			p.textR(inner, y, l.v)
		case lnSub:
			p.line(inner-w*0.18, y-lh*0.75, inner, y-lh*0.75)
			p.setFont(false, "B", fsize)
			p.text(m+1, y, l.k)
			p.textR(outer, y, l.v)
		case lnCap:
			p.setFont(false, "", fsize)
			p.text(m+3, y, l.k)
		case lnVal:
			p.setFont(false, "", fsize)
			p.textR(outer, y, l.v)
		case lnNet:
			p.line(outer-w*0.25, y-lh*0.75, outer, y-lh*0.75)
			y += lh * 0.4
			p.setFont(false, "B", fsize+2)
			if above {
				p.text(m+1, y, l.k)
				y += lh + 1
				p.textR(outer, y, l.v)
			} else {
				p.text(m+1, y, l.k)
				p.textR(outer, y, l.v)
			}
			p.line(outer-w*0.25, y+1.2, outer, y+1.2)
			p.line(outer-w*0.25, y+1.8, outer, y+1.8)
		}
		y += lh
	}
	footerNote(p, s, m, min(y+lh+3, p.size.H-5), w)
}

// ---------------------------------------------------------- tn-boxed

// boxDate prints a date in one of the forms a form-like slip uses:
// 2025-06-15, 06/15/2025, 15 Jun 2025, June 15, 2025, Jun 15, 2025 or
// 15-Jun-2025.
func boxDate(d time.Time, f int) string {
	if f%6 == 2 {
		return d.Format("02 Jan 2006")
	}
	return fmtDate(d, []int{1, 0, 0, 4, 3, 5}[f%6])
}

// boxedPrepared is the date a boxed slip says it was prepared: a few days
// before the pay date, or after the period when there is no pay date. It is
// never the pay date.
func boxedPrepared(s *payslip) time.Time {
	k := 1 + s.St.W[9]%3
	if s.PayDate != nil {
		return s.PayDate.AddDate(0, 0, -k)
	}
	return s.End.AddDate(0, 0, k)
}

func drawBoxedForm(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	short := p.size.H < 200
	m := min(v.Margin, 14)
	if short {
		m = min(m, 8)
	}
	w := p.size.W - 2*m
	size := min(v.Font, 9.5)
	if short {
		size = min(size, 8)
	}
	df := w0[0] % 6
	capSize := size - 2
	ch := size*0.42 + capSize*0.42 + 3 // a cell: caption line over value line
	p.f.SetDrawColor(60, 60, 60)
	// cell draws a bordered cell ch high, or taller for a value set larger
	// than size (vs), with its caption over its value.
	cell := func(x, y, cw float64, cap, val string, vs float64, bold, fill bool) {
		style := "D"
		if fill {
			style = "FD"
		}
		h := ch + (vs-size)*0.42
		p.rect(x, y, cw, h, style)
		p.setFont(false, "", capSize)
		p.gray(80)
		p.fit(cap, cw-2, capSize)
		p.text(x+1.2, y+capSize*0.42+1, cap)
		p.gray(0)
		b := ""
		if bold {
			b = "B"
		}
		p.setFont(false, b, vs)
		p.fit(val, cw-2.4, vs)
		p.text(x+1.2, y+h-1.5, val)
	}

	// Employer on the left, the form's title in a box on the right.
	y := m
	p.setFont(false, "B", size+3)
	p.fit(s.employerName(), w*0.62, size+3)
	p.text(m, y+5, s.employerName())
	p.setFont(false, "", size-1)
	p.fit(s.Co.Address, w*0.62, size-1)
	p.text(m, y+9.5, s.Co.Address)
	tw := min(52, w*0.32)
	p.rect(m+w-tw, y, tw, 12, "D")
	p.setFont(false, "B", size+1.5)
	title := pick2(w0[1], "PAYSLIP", "PAY SLIP", "EMPLOYEE PAYSLIP", "SALARY SLIP")
	p.fit(title, tw-3, size+1.5)
	p.textC(m+w-tw/2, y+5.2, title)
	p.setFont(false, "", size-1.5)
	p.textC(m+w-tw/2, y+10, fmt.Sprintf("No. %06d", 1+w0[2]%400000))
	y += 15

	// Employee cells.
	ew := []float64{0.38, 0.18, 0.24, 0.2}
	x := m
	for i, r := range []kv{
		{pick2(w0[3], "Employee Name", "Name of Employee", "Employee"), s.Emp.format(st.NameStyle)},
		{pick2(w0[4], "Employee No.", "Employee ID", "ID No."), s.EmpID},
		{pick2(w0[5], "Position", "Designation"), s.Position},
		{pick2(w0[6], "Department", "Dept./Section"), s.Dept},
	} {
		cell(x, y, ew[i]*w, r.K, r.V, size, false, false)
		x += ew[i] * w
	}
	y += ch + 2

	// Dates: From and To in boxes of their own, then the pay date.
	from, to := pick2(w0[7], "Date From", "Period Start", "Period From"), pick2(w0[7], "Date To", "Period End", "Period To")
	dates := []kv{{from, boxDate(s.Start, df)}, {to, boxDate(s.End, df)}}
	if s.PayDate != nil {
		dates = append(dates, kv{pick2(w0[8], "Pay Date", "Payout Date", "Date of Payment"), boxDate(*s.PayDate, df)})
	}
	if st.FreqWord != "" {
		dates = append(dates, kv{"Pay Frequency", st.FreqWord})
	}
	if w0[10]%2 == 0 {
		// "Date From [ value ]  Date To [ value ]" on one line.
		bh := size*0.45 + 2.5
		seg := w / float64(len(dates))
		for i, d := range dates {
			x := m + float64(i)*seg
			p.setFont(false, "B", size-1)
			p.fit(d.K, seg*0.42, size-1)
			kw := p.width(d.K) + 1.5
			p.text(x, y+bh-1.6, d.K)
			p.rect(x+kw, y, seg-kw-3, bh, "D")
			p.setFont(false, "", size)
			p.fit(d.V, seg-kw-5, size)
			p.text(x+kw+1.2, y+bh-1.6, d.V)
		}
		y += bh + 4
	} else {
		cw := w / float64(len(dates))
		for i, d := range dates {
			cell(m+float64(i)*cw, y, cw, d.K, d.V, size, i < 2, false)
		}
		y += ch + 4
	}

	// Earnings and deductions grids side by side, both with YTD.
	n := max(len(s.Earnings), len(s.Deductions), 1)
	rh, tsize := squeeze(p.size.H-m-y-ch-36, n+2, size*0.56, size)
	gw := (w - 4) / 2
	cur := pick2(w0[11], "Current", "This Period", "Amount")
	ytd := pick2(w0[12], "YTD", "Year to Date", "YTD Total")
	grid := func(x0 float64, fr []float64, head []string, rows [][]string, total []string) float64 {
		yy := y
		line := func(cells []string, style, border string, fill bool, h float64) {
			p.gridRow(x0, yy, h, gw, fr, cells, style, border, fill, tsize, 1)
			yy += h
		}
		p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
		line(head, "B", "1", true, rh+1)
		for i := range n {
			r := make([]string, len(fr))
			if i < len(rows) {
				r = rows[i]
			}
			line(r, "", "LR", false, rh)
		}
		line(total, "B", "1", false, rh+1)
		return yy
	}
	showQty := st.ShowHours
	efr := []float64{0.46, 0.27, 0.27}
	ehead := []string{pick2(w0[13], "EARNINGS", "Earnings", "INCOME"), cur, ytd}
	if showQty {
		efr = []float64{0.38, 0.14, 0.24, 0.24}
		ehead = []string{ehead[0], "Hrs/Days", cur, ytd}
	}
	var erows [][]string
	for _, e := range s.Earnings {
		r := []string{e.Label}
		if showQty {
			r = append(r, e.Qty)
		}
		erows = append(erows, append(r, st.Amt.line(e.Amount), st.Amt.num(e.YTD)))
	}
	etot := []string{pick2(w0[14], "GROSS PAY", "Total Earnings", "Gross Earnings")}
	if showQty {
		etot = append(etot, "")
	}
	etot = append(etot, st.Amt.total(s.Gross), st.Amt.num(s.GrossYTD))
	var drows [][]string
	for _, d := range s.Deductions {
		drows = append(drows, []string{d.Label, st.Amt.line(d.Amount), st.Amt.num(d.YTD)})
	}
	dedCap := pick2(w0[15], "TOTAL DEDUCTIONS", "Total Deductions")
	y1 := grid(m, efr, ehead, erows, etot)
	y2 := grid(m+gw+4, []float64{0.46, 0.27, 0.27}, []string{pick2(w0[13], "DEDUCTIONS", "Deductions", "DEDUCTIONS"), cur, ytd},
		drows, []string{dedCap, st.Amt.total(s.TotalDed), st.Amt.num(s.DedYTD)})
	y = max(y1, y2) + 4

	// The summary cells; the net's is shaded.
	sw := w / 3
	p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
	vs := size + 2
	cell(m, y, sw, pick2(w0[14], "Gross Pay", "Total Earnings", "Gross Earnings"), st.Amt.total(s.Gross), vs, false, false)
	cell(m+sw, y, sw, pick2(w0[15], "Total Deductions", "Less: Deductions"), st.Amt.total(s.TotalDed), vs, false, false)
	cell(m+2*sw, y, sw, pick2(w0[1], "NET PAY", "Net Pay", "Take Home Pay", "NET PAY"), st.Amt.total(s.Net), vs, true, true)
	y += ch + (vs-size)*0.42 + 9

	// Signatories, and the date the slip was prepared: not the pay date.
	y = min(y, p.size.H-m-20)
	third := w / 3
	p.setFont(false, "", size-0.5)
	signers := []string{"Prepared by:", pick2(w0[3], "Checked by:", "Approved by:", "Noted by:"), "Received by:"}
	roles := []string{pick2(w0[4], "Payroll Officer", "Payroll Staff", "HR Assistant"), pick2(w0[5], "HR Manager", "Finance Manager", "Administrator"), "Employee"}
	for i, sg := range signers {
		x := m + float64(i)*third
		p.text(x, y, sg)
		p.line(x, y+8, x+third-8, y+8)
		p.setFont(false, "", size-1.5)
		p.text(x, y+11, roles[i])
		p.setFont(false, "", size-0.5)
	}
	y += 16
	p.text(m, y, pick2(w0[6], "Date Prepared: ", "Date Printed: ", "Prepared on: ")+boxDate(boxedPrepared(s), df))
	p.text(m+2*third, y, "Date Received: ____________")
	p.f.SetDrawColor(0, 0, 0)
}

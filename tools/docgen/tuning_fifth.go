package docgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"talaan/extract"
)

// Four more tuning templates, each from a kind of payroll printout the
// others lack: a slip whose earnings and deductions tables stand side by
// side over a summary bar of captions with their amounts under them; a
// small business's pay envelope with the amount received in big type at
// the top and the breakdown under it; a single-column slip of dot-leader
// lines with a cut-off written in words, a TAKE HOME PAY line and the
// employer's contributions for reference after it; and a US-style pay stub
// with a check-stub strip, a Rate | Hours | Current | Year To Date table,
// taxes and deductions in blocks of their own and a totals row. They belong
// to the tuning family: the extractor may be tuned against them.
//
// A slip that runs over two pages cannot be drawn here: the generator
// starts one page per slip and labels page i with slip i, so the pay
// envelope stands in for it.

var (
	sizeT5Envelope   = pageSize{"pay envelope 110x220mm", 110, 220}
	sizeT5EnvelopeSm = pageSize{"pay envelope 4.5x7in", 114.3, 177.8}
	sizeT5HalfP      = pageSize{"half-letter portrait", 139.7, 215.9}
)

func tuningFifthLayouts() []*slipLayout {
	return []*slipLayout{
		{Name: "t5-summarybar", Desc: "earnings and deductions tables side by side over a summary bar: captions in one row (BASIC PAY | GROSS PAY | TOTAL DEDUCTIONS | NET PAY), amounts in the row under them, the net shaded; period and pay date in a header block",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeHalfL, sizeSlip}, Content: t5SummaryContent, Draw: drawT5SummaryBar, OwnCaptions: true},
		{Name: "t5-envelope", Desc: "pay envelope: the net in big type at the top under AMOUNT RECEIVED, the employee and period, then the breakdown to the gross and the deductions, a cash denomination count on some, a receipt signature",
			Sizes: []pageSize{sizeT5Envelope, sizeT5EnvelopeSm, sizeA5}, Draw: drawT5Envelope, OwnCaptions: true},
		{Name: "t5-keyvalue", Desc: "single-column key/value slip with dot leaders, the cut-off written as March 1 to March 15, 2025, the net as TAKE HOME PAY and the employer contributions for reference after it",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeA5, sizeT5HalfP}, Draw: drawT5KeyValue, OwnCaptions: true},
		{Name: "t5-usstub", Desc: "US-style pay stub (USD, or PHP for a Philippine office on US-style software): a check-stub strip with pay date and net pay, a Description | Rate | Hours | Current | Year To Date table, taxes and deductions blocks, a Total Gross | Total Taxes | Total Deductions | Net Pay row with current and YTD",
			Sizes: []pageSize{sizeLetter, sizeLetter, sizeA4}, YTD: true, Content: t5USContent, Draw: drawT5USStub, OwnCaptions: true},
	}
}

// t5FridayAfter is the first Friday after d.
func t5FridayAfter(d time.Time) time.Time {
	d = d.AddDate(0, 0, 1)
	for d.Weekday() != time.Friday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// t5Amounts is the slip's amount style for a face: a face that cannot
// draw the peso sign prints PHP.
func t5Amounts(st *slipStyle, face typeface) amountStyle {
	amt := st.Amt
	if amt.Mark == "₱" && !face.Peso {
		amt.Mark = "PHP"
	}
	return amt
}

// ---------------------------------------------------------- t5-summarybar

// t5SummaryContent gives every summary-bar slip a pay date, which its
// header block always prints: the period's last working day on some
// styles, the Friday after the period on others. The rule is the style's,
// so consecutive slips agree.
func t5SummaryContent(_ *rand.Rand, s *payslip) {
	if s.PayDate != nil {
		return
	}
	d := s.End
	if s.St.W[9]%2 == 0 {
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, -1)
		}
	} else {
		d = t5FridayAfter(d)
	}
	s.PayDate = &d
}

func drawT5SummaryBar(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	amt := st.Amt
	short := p.size.H < 200
	m := min(v.Margin, 16)
	if short {
		m = min(m, 9)
	}
	w := p.size.W - 2*m
	size := min(v.Font, 10)
	if short {
		size = min(size, 8.5)
	}
	lh := size * 0.5

	// Employer, centred or on the left, and the title.
	y := m
	title := pick2(w0[1], "PAYSLIP", "Payslip", "PAY SLIP", "EMPLOYEE PAYSLIP", "Salary Slip")
	if w0[0]%3 == 0 {
		p.centredLetterhead(s, m, w, y, size)
		p.setFont(false, "B", size+1.5)
		p.textC(m+w/2, y+15, title)
		y += 18
	} else {
		p.setFont(false, "B", size+3.5)
		p.fit(s.employerName(), w*0.64, size+3.5)
		p.text(m, y+5, s.employerName())
		p.setFont(false, "", size-1)
		p.fit(s.Co.Address, w*0.64, size-1)
		p.text(m, y+9.5, s.Co.Address)
		p.setFont(false, "B", size+2)
		p.fit(title, w*0.33, size+2)
		p.textR(m+w, y+5, title)
		y += 13
	}

	// The header block: the employee on the left, the period and the pay
	// date on the right.
	df := []int{0, 3, 4, 1, 5}[w0[2]%5]
	var period string
	switch w0[3] % 3 {
	case 0:
		period = fmtDate(s.Start, df) + pick2(w0[4], " - ", " to ") + fmtDate(s.End, df)
	case 1:
		period = spanText(s.Start, s.End, monthLong, "-")
	default:
		period = spanText(s.Start, s.End, monthShort, "-")
	}
	left := []kv{
		{pick2(w0[5], "Employee Name", "Name", "Employee"), s.Emp.format(st.NameStyle)},
		{pick2(w0[6], "Employee ID", "Employee No.", "ID No."), s.EmpID},
		{pick2(w0[7], "Position", "Designation", "Job Title"), s.Position},
		{"Department", s.Dept},
	}
	right := []kv{{pick2(w0[8], "Pay Period", "Payroll Period", "Period Covered", "Cut-off Period"), period}}
	if s.PayDate != nil {
		right = append(right, kv{pick2(w0[9]/2, "Pay Date", "Payout Date", "Date of Payment"), fmtDate(*s.PayDate, df)})
	}
	if st.FreqWord != "" {
		right = append(right, kv{"Pay Frequency", st.FreqWord})
	}
	if st.ShowIDs {
		right = append(right, kv{"TIN", s.TIN})
	}
	rows := max(len(left), len(right))
	bh := float64(rows)*lh + lh*0.8 + 1
	if w0[10]%2 == 0 {
		p.rect(m, y, w, bh, "D")
	} else {
		g := min(v.Accent+12, 250)
		p.f.SetFillColor(g, g, g)
		p.rect(m, y, w, bh, "F")
	}
	col := func(x, cw float64, pairs []kv) {
		yy := y + lh + 0.6
		kw := cw * 0.36
		for _, r := range pairs {
			p.setFont(false, "B", size-0.5)
			p.fit(r.K+":", kw-1, size-0.5)
			p.text(x, yy, r.K+":")
			p.setFont(false, "", size-0.5)
			p.fit(r.V, cw-kw-2, size-0.5)
			p.text(x+kw, yy, r.V)
			yy += lh
		}
	}
	col(m+2, w*0.52-2, left)
	col(m+w*0.52, w*0.48-2, right)
	y += bh + 4

	// The bar's captions and values, to know its height before the tables.
	upper := w0[13]%2 == 0
	c := func(x string) string {
		if upper {
			return strings.ToUpper(x)
		}
		return x
	}
	var caps, vals []string
	if w0[12]%3 == 0 {
		caps, vals = append(caps, c(pick2(w0[12]/3, "Basic Pay", "Basic Salary"))), append(vals, amt.total(s.Basic))
	}
	caps = append(caps, c(pick2(w0[14], "Gross Pay", "Gross Earnings", "Total Earnings")),
		c(pick2(w0[15], "Total Deductions", "Deductions")), c(pick2(w0[11], "Net Pay", "Take Home Pay", "Net Pay")))
	vals = append(vals, amt.total(s.Gross), amt.total(s.TotalDed), amt.total(s.Net))
	ch := size*0.45 + 2
	vs := size + 2
	vh := vs*0.45 + 3
	foot := ch + vh + 14
	if st.ShowER {
		foot += lh
	}

	// Earnings and deductions side by side.
	withTot := w0[11]%3 != 0
	n := max(len(s.Earnings), len(s.Deductions), 1)
	tr := n + 1
	if withTot {
		tr++
	}
	rh, tsize := squeeze(p.size.H-m-y-foot, tr, size*0.56, size)
	gap := 4.0
	gw := (w - gap) / 2
	body := "LR"
	if v.Lines {
		body = "1"
	}
	grid := func(x0 float64, fr []float64, heads []string, rows [][]string, total []string) float64 {
		yy := y
		line := func(cells []string, style, border string, fill bool, h float64) {
			p.gridRow(x0, yy, h, gw, fr, cells, style, border, fill, tsize, 2)
			yy += h
		}
		p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
		line(heads, "B", "1", true, rh+1)
		for i := range n {
			r := make([]string, len(fr))
			if i < len(rows) {
				r = rows[i]
			}
			line(r, "", body, false, rh)
		}
		if total != nil {
			line(total, "B", "1", false, rh+1)
		} else {
			p.line(x0, yy, x0+gw, yy)
		}
		return yy
	}
	efr := []float64{0.64, 0.36}
	eh := []string{c(pick2(w0[5]/3, "Earnings", "Income", "Earnings")), c("Amount")}
	if st.ShowHours {
		efr = []float64{0.5, 0.18, 0.32}
		eh = []string{eh[0], c(pick2(w0[6]/3, "Hrs/Days", "Units", "Qty")), eh[1]}
	}
	var er [][]string
	for _, e := range s.Earnings {
		r := []string{e.Label}
		if st.ShowHours {
			r = append(r, e.Qty)
		}
		er = append(er, append(r, amt.line(e.Amount)))
	}
	var etot, dtot []string
	if withTot {
		etot = []string{c(pick2(w0[14], "Gross Pay", "Gross Earnings", "Total Earnings"))}
		if st.ShowHours {
			etot = append(etot, "")
		}
		etot = append(etot, amt.num(s.Gross))
		dtot = []string{c(pick2(w0[15], "Total Deductions", "Deductions")), amt.num(s.TotalDed)}
	}
	var dr [][]string
	for _, d := range s.Deductions {
		dr = append(dr, []string{d.Label, amt.line(d.Amount)})
	}
	y1 := grid(m, efr, eh, er, etot)
	y2 := grid(m+gw+gap, []float64{0.64, 0.36}, []string{c(pick2(w0[7]/3, "Deductions", "Less: Deductions", "Deductions")), c("Amount")}, dr, dtot)
	y = max(y1, y2) + 5

	// The summary bar: captions in one row, the amounts under them, the
	// net's segment shaded.
	bw := w / float64(len(caps))
	last := len(caps) - 1
	dark := max(v.Accent-45, 120)
	if w0[10]%3 != 2 {
		// Bordered cells.
		for i := range caps {
			x := m + float64(i)*bw
			fill := v.Accent
			if i == last {
				fill = dark
			}
			p.f.SetFillColor(fill, fill, fill)
			p.setFont(false, "B", size-0.5)
			p.fit(caps[i], bw-2, size-0.5)
			p.cell(x, y, bw, ch, caps[i], "1", "C", true)
			style := ""
			if i == last {
				style = "B"
			}
			p.setFont(false, style, vs)
			p.fit(vals[i], bw-2, vs)
			p.cell(x, y+ch, bw, vh, vals[i], "1", "C", i == last)
		}
	} else {
		// A light band with rules between the segments.
		g := min(v.Accent+10, 250)
		p.f.SetFillColor(g, g, g)
		p.rect(m, y, w, ch+vh, "F")
		p.f.SetFillColor(dark, dark, dark)
		p.rect(m+float64(last)*bw, y, bw, ch+vh, "F")
		for i := range caps {
			x := m + float64(i)*bw
			if i > 0 {
				p.line(x, y+1, x, y+ch+vh-1)
			}
			p.setFont(false, "", size-1)
			p.gray(70)
			p.fit(caps[i], bw-3, size-1)
			p.text(x+2, y+ch-0.8, caps[i])
			p.gray(0)
			p.setFont(false, "B", vs)
			p.fit(vals[i], bw-3, vs)
			p.textR(x+bw-2, y+ch+vh-1.8, vals[i])
		}
	}
	y += ch + vh + 5
	if st.ShowER {
		if t := employerShares(s); t != "" {
			p.setFont(false, "", size-1)
			p.fit(t, w, size-1)
			p.text(m, y, t)
			y += lh
		}
	}
	footerNote(p, s, m, min(y+2, p.size.H-4), w)
}

// ---------------------------------------------------------- t5-envelope

// t5Denom is a count of one peso bill or coin.
type t5Denom struct {
	Face  int64 // centavos
	Count int64
}

// t5Denoms breaks c centavos into the bills and coins a cashier puts in a
// pay envelope, largest first; they sum to c.
func t5Denoms(c int64) []t5Denom {
	var out []t5Denom
	for _, f := range []int64{100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 100, 25, 5, 1} {
		if n := c / f; n > 0 {
			out = append(out, t5Denom{f, n})
			c -= n * f
		}
	}
	return out
}

func (d t5Denom) face() string {
	if d.Face >= 100 {
		return fmtCentavos(d.Face, true)[:len(fmtCentavos(d.Face, true))-3]
	}
	return fmt.Sprintf("0.%02d", d.Face)
}

// t5Unit names the units of an item's quantity: days, hours or minutes.
func t5Unit(it item) string {
	switch {
	case it.Qty == "" || strings.HasSuffix(it.Qty, "min"):
		return it.Qty
	case it.Kind == "ot" || it.Kind == "nd":
		return it.Qty + " hrs"
	}
	return it.Qty + " days"
}

func drawT5Envelope(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	mono := w0[0]%4 == 0
	face := st.Sans
	if mono {
		face = st.Mono
	}
	amt := t5Amounts(st, face)
	font := func(style string, sz float64) { p.setFont(mono, style, sz) }
	m := min(v.Margin, 9)
	if p.size.W > 140 {
		m = min(v.Margin, 13)
	}
	w := p.size.W - 2*m
	size := min(v.Font, 9)
	lh := size * 0.48

	// The employer and the envelope's title.
	y := m
	font("B", size+2)
	p.fit(s.employerName(), w, size+2)
	p.textC(m+w/2, y+4, s.employerName())
	font("", size-1.5)
	p.fit(s.Co.Address, w, size-1.5)
	p.textC(m+w/2, y+4+lh+0.5, s.Co.Address)
	y += 4 + lh + 3
	font("B", size+1)
	title := pick2(w0[1], "PAY ENVELOPE", "PAYROLL ENVELOPE", "SALARY ENVELOPE", "PAY ENVELOPE / SOBRE")
	p.fit(title, w, size+1)
	p.textC(m+w/2, y+lh, title)
	y += lh + 2.5

	// The amount received, in big type, in a heavy box.
	big := 16 + float64(w0[3]%7)
	bh := 5 + big*0.42 + 3
	lw := p.f.GetLineWidth()
	p.f.SetLineWidth(0.5)
	p.rect(m, y, w, bh, "D")
	p.f.SetLineWidth(lw)
	font("", size-1)
	p.gray(60)
	p.text(m+2, y+4, pick2(w0[2], "AMOUNT RECEIVED", "AMOUNT RECEIVED", "Amount Received", "NET AMOUNT RECEIVED"))
	p.gray(0)
	net := amt.total(s.Net)
	font("B", big)
	p.fit(net, w-6, big)
	if w0[4]%2 == 0 {
		p.textC(m+w/2, y+bh-2.5, net)
	} else {
		p.textR(m+w-3, y+bh-2.5, net)
	}
	y += bh + 3

	// The employee, the period and the pay date.
	df := []int{0, 3, 4, 0}[w0[5]%4]
	var period string
	switch w0[6] % 3 {
	case 0:
		period = fmtDate(s.Start, df) + " - " + fmtDate(s.End, df)
	case 1:
		period = spanText(s.Start, s.End, monthShort, "-")
	default:
		period = spanText(s.Start, s.End, monthLong, "-")
	}
	info := []kv{
		{pick2(w0[7], "Name", "Employee", "Pay to"), s.Emp.format(st.NameStyle)},
		{pick2(w0[8], "Emp. No.", "ID No.", "Employee No."), s.EmpID},
	}
	if w0[11]%2 == 0 {
		info = append(info, kv{"Position", s.Position})
	}
	info = append(info, kv{pick2(w0[9], "Period", "Payroll Period", "Cut-off", "Covering"), period})
	if s.PayDate != nil {
		info = append(info, kv{pick2(w0[10], "Pay Date", "Date Paid", "Payday"), fmtDate(*s.PayDate, df)})
	}

	// The breakdown: earnings to the gross, less the deductions.
	const (
		eHead = iota
		eItem
		eSub
		eNet
		eGap
	)
	type eline struct {
		kind int
		k, v string
	}
	var ls []eline
	ls = append(ls, eline{eHead, pick2(w0[12], "BREAKDOWN", "COMPUTATION", "PAY DETAILS", "Earnings"), ""})
	for _, e := range s.Earnings {
		k := e.Label
		if st.ShowHours && e.Qty != "" {
			k += " (" + t5Unit(e) + ")"
		}
		ls = append(ls, eline{eItem, k, amt.line(e.Amount)})
	}
	ls = append(ls, eline{eSub, pick2(w0[13], "Gross Pay", "GROSS PAY", "Total Earnings"), amt.total(s.Gross)}, eline{eGap, "", ""})
	ls = append(ls, eline{eHead, pick2(w0[14], "Less:", "LESS: DEDUCTIONS", "Deductions"), ""})
	for _, d := range s.Deductions {
		ls = append(ls, eline{eItem, d.Label, amt.line(d.Amount)})
	}
	ls = append(ls, eline{eSub, pick2(w0[15], "Total Deductions", "TOTAL DEDUCTIONS"), amt.total(s.TotalDed)})
	if w0[12]%3 != 0 {
		ls = append(ls, eline{eGap, "", ""}, eline{eNet, pick2(w0[2], "NET PAY", "NET PAY", "Net Pay", "NET AMOUNT"), net})
	}
	denoms := t5Denoms(s.Net)
	sig := 16.0
	avail := p.size.H - m - y - sig
	rows := float64(len(info)) + float64(len(ls)) + 1
	showDen := w0[13]%2 == 0 && (rows+float64(len(denoms))+2)*lh*1.05 < avail
	if showDen {
		rows += float64(len(denoms)) + 2
	}
	rh, fs := squeeze(avail, int(rows+0.5), lh*1.05, size)

	kw := 0.0
	font("B", fs)
	for _, r := range info {
		kw = max(kw, p.width(r.K+":")+2)
	}
	kw = min(kw, w*0.4)
	for _, r := range info {
		y += rh
		font("B", fs)
		p.fit(r.K+":", kw-1, fs)
		p.text(m, y, r.K+":")
		font("", fs)
		p.fit(r.V, w-kw, fs)
		p.text(m+kw, y, r.V)
	}
	y += rh * 0.5
	p.line(m, y, m+w, y)
	inner := m + w*0.74
	for _, l := range ls {
		switch l.kind {
		case eGap:
			y += rh * 0.4
			continue
		case eHead:
			y += rh
			font("B", fs)
			p.text(m, y, l.k)
		case eItem:
			y += rh
			font("", fs)
			p.fit(l.k, w*0.5, fs)
			p.text(m+2, y, l.k)
			p.f.SetFontSize(fs)
			p.textR(inner, y, l.v)
		case eSub:
			p.line(inner-w*0.2, y+0.8, inner, y+0.8)
			y += rh
			font("B", fs)
			p.fit(l.k, w*0.5, fs)
			p.text(m+1, y, l.k)
			p.f.SetFontSize(fs)
			p.textR(m+w, y, l.v)
		case eNet:
			y += rh
			font("B", fs+1)
			p.text(m+1, y, l.k)
			p.textR(m+w, y, l.v)
			p.line(m+w*0.6, y+1.2, m+w, y+1.2)
			p.line(m+w*0.6, y+1.8, m+w, y+1.8)
		}
	}
	if showDen {
		y += rh * 1.4
		font("B", fs-0.5)
		p.text(m, y, pick2(w0[0], "DENOMINATION", "Cash Breakdown", "DENOMINATION"))
		p.textR(m+w*0.45, y, "Pcs.")
		p.textR(m+w, y, pick2(w0[1], "Amount", "Total"))
		font("", fs-0.5)
		for _, d := range denoms {
			y += rh
			p.text(m+2, y, d.face())
			p.textR(m+w*0.45, y, fmt.Sprint(d.Count))
			p.textR(m+w, y, amt.num(d.Face*d.Count))
		}
	}

	// The receipt.
	y = min(y+8, p.size.H-m-8)
	font("", size-1.5)
	t := pick2(w0[14], "Received the above amount in full:", "I acknowledge receipt of the amount above.", "Please count your money before leaving the counter.")
	p.fit(t, w, size-1.5)
	p.text(m, y, t)
	p.f.SetFontSize(size - 1.5)
	y += 6
	p.line(m, y, m+w*0.55, y)
	p.line(m+w*0.65, y, m+w, y)
	p.text(m, y+lh, pick2(w0[15], "Signature of Employee", "Signature over Printed Name"))
	p.text(m+w*0.65, y+lh, "Date")
}

// ---------------------------------------------------------- t5-keyvalue

// t5Cutoff writes a period with the month on both days: "March 1 to March
// 15, 2025", "March 28 to April 3, 2025", "December 29, 2025 to January 4,
// 2026".
func t5Cutoff(a, b time.Time, month func(time.Month) string) string {
	if a.Year() == b.Year() {
		return fmt.Sprintf("%s %d to %s %d, %d", month(a.Month()), a.Day(), month(b.Month()), b.Day(), b.Year())
	}
	return fmt.Sprintf("%s %d, %d to %s %d, %d", month(a.Month()), a.Day(), a.Year(), month(b.Month()), b.Day(), b.Year())
}

// t5ERName is the agency a statutory deduction goes to.
func t5ERName(it item) string {
	switch it.Kind {
	case "sss":
		return "SSS"
	case "phic":
		return "PhilHealth"
	}
	return "Pag-IBIG"
}

func drawT5KeyValue(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	mono := w0[0]%3 == 0
	face := st.Sans
	if mono {
		face = st.Mono
	}
	amt := t5Amounts(st, face)
	font := func(style string, sz float64) { p.setFont(mono, style, sz) }
	small := p.size.W < 160
	m := v.Margin
	if small {
		m = min(m, 11)
	}
	w := p.size.W - 2*m
	cw := w * []float64{1, 0.85, 0.72}[w0[1]%3]
	if small {
		cw = w
	}
	x0 := m + (w-cw)/2
	size := v.Font
	if small || mono {
		size = min(size, 8.5)
	}
	up := w0[2]%3 == 0
	c := func(x string) string {
		if up {
			return strings.ToUpper(x)
		}
		return x
	}

	// The employer over the column, the title under it.
	y := m
	font("B", size+3)
	p.fit(s.employerName(), cw, size+3)
	p.textC(x0+cw/2, y+5, s.employerName())
	font("", size-1)
	p.fit(s.Co.Address, cw, size-1)
	p.textC(x0+cw/2, y+9.5, s.Co.Address)
	font("B", size+1.5)
	p.textC(x0+cw/2, y+15.5, c(pick2(w0[3], "Payslip", "PAY SLIP", "Salary Slip", "Pay Statement")))
	y += 18
	p.line(x0, y, x0+cw, y)

	// The lines, in order.
	const (
		kGap = iota
		kHead
		kRow
		kTotal
		kNet
		kNote
	)
	type kline struct {
		kind int
		k, v string
	}
	month := monthLong
	if w0[4]%3 == 0 {
		month = monthShort
	}
	var ls []kline
	row := func(k, val string) { ls = append(ls, kline{kRow, c(k), val}) }
	row(pick2(w0[5], "Employee Name", "Name", "Employee"), s.Emp.format(st.NameStyle))
	row(pick2(w0[6], "Employee No.", "ID No.", "Employee ID"), s.EmpID)
	row(pick2(w0[7], "Position", "Designation"), s.Position)
	if w0[8]%2 == 0 {
		row("Department", s.Dept)
	}
	row(pick2(w0[9], "Cut-off", "Cut-off Period", "Covered Period", "Payroll Cut-off"), t5Cutoff(s.Start, s.End, month))
	if s.PayDate != nil {
		pf := 4
		if w0[4]%3 == 0 {
			pf = 3
		}
		row(pick2(w0[10], "Pay Date", "Date of Payment", "Payout Date"), fmtDate(*s.PayDate, pf))
	}
	if st.FreqWord != "" {
		row("Pay Frequency", st.FreqWord)
	}
	ls = append(ls, kline{kind: kGap}, kline{kHead, c(pick2(w0[11], "Earnings", "EARNINGS", "Income")), ""})
	for _, e := range s.Earnings {
		k := e.Label
		if st.ShowHours && e.Qty != "" {
			k += " (" + t5Unit(e) + ")"
		}
		row(k, amt.line(e.Amount))
	}
	ls = append(ls, kline{kTotal, c(pick2(w0[12], "Gross Pay", "Total Earnings", "Gross Earnings")), amt.total(s.Gross)})
	ls = append(ls, kline{kind: kGap}, kline{kHead, c(pick2(w0[11]/3, "Deductions", "DEDUCTIONS", "Less: Deductions")), ""})
	for _, d := range s.Deductions {
		row(d.Label, amt.line(d.Amount))
	}
	ls = append(ls, kline{kTotal, c(pick2(w0[13], "Total Deductions", "Total Deductions", "Deductions Total")), amt.total(s.TotalDed)})
	ls = append(ls, kline{kind: kGap}, kline{kNet, "TAKE HOME PAY", amt.total(s.Net)})
	var ers []kline
	var erTot int64
	for _, d := range s.Deductions {
		if statutory(d) && d.ER > 0 {
			ers = append(ers, kline{kRow, c(t5ERName(d)), amt.num(d.ER)})
			erTot += d.ER
		}
	}
	if len(ers) > 0 {
		ls = append(ls, kline{kind: kGap}, kline{kind: kGap}, kline{kHead, pick2(w0[14], "Employer Contributions (for reference)", "EMPLOYER CONTRIBUTIONS (FOR REFERENCE)", "Employer Contributions (for reference only)"), ""})
		ls = append(ls, ers...)
		if w0[14]%2 == 0 {
			ls = append(ls, kline{kTotal, c("Total Employer Share"), amt.num(erTot)})
		}
		ls = append(ls, kline{kNote, pick2(w0[15], "Paid by the company; not deducted from your pay.", "Not deducted from your salary.", "For your information only."), ""})
	}

	// Lay them out, shrunk to fit the page.
	lh, fs := squeeze(p.size.H-m-y-10, len(ls)+1, size*0.55, size)
	dense := w0[13]%2 == 1
	leader := func(k, val string, x, xr float64) {
		p.text(x, y, k)
		kw, vw := p.width(k+" "), p.width(val)
		dot := " ."
		if dense {
			dot = "."
		}
		dots := ""
		for p.width(dots+dot) < xr-x-kw-vw-2.5 {
			dots += dot
		}
		p.text(x+kw, y, dots)
		p.textR(xr, y, val)
	}
	for _, l := range ls {
		switch l.kind {
		case kGap:
			y += lh * 0.5
			continue
		case kHead:
			y += lh
			font("B", fs+0.5)
			p.fit(l.k, cw, fs+0.5)
			p.text(x0, y, l.k)
		case kRow:
			y += lh
			font("", fs)
			p.fit(l.k+" .... "+l.v, cw-3, fs)
			leader(l.k, l.v, x0+3, x0+cw)
		case kTotal:
			y += lh
			font("B", fs)
			p.fit(l.k+" .... "+l.v, cw, fs)
			leader(l.k, l.v, x0, x0+cw)
		case kNet:
			y += lh * 1.2
			font("B", fs+2)
			p.fit(l.k+" .... "+l.v, cw, fs+2)
			leader(l.k, l.v, x0, x0+cw)
			p.line(x0+cw*0.62, y+1.3, x0+cw, y+1.3)
			p.line(x0+cw*0.62, y+1.9, x0+cw, y+1.9)
			y += lh * 0.3
		case kNote:
			y += lh
			font("", fs-1)
			p.gray(90)
			p.text(x0+3, y, l.k)
			p.gray(0)
		}
	}
	footerNote(p, s, x0, min(y+lh+3, p.size.H-5), cw)
}

// ---------------------------------------------------------- t5-usstub

// t5US says whether a US-style stub is a US one, in dollars: weekly,
// biweekly and semimonthly slips of two styles in three. The others are a
// Philippine office's slips printed by US-style payroll software.
func t5US(s *payslip) bool {
	return s.Freq != extract.FreqMonthly && s.St.W[14]%3 != 0
}

// t5USContent rewrites a US stub's lines as a US payroll computes them; a
// Philippine one keeps its lines and gets the Friday after the period as
// its pay date when it has none, since the stub always prints one.
func t5USContent(r *rand.Rand, s *payslip) {
	if t5US(s) {
		usContent(r, s)
		return
	}
	if s.PayDate == nil {
		d := t5FridayAfter(s.End)
		s.PayDate = &d
	}
}

func drawT5USStub(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	us := s.Currency == "USD"
	amt := st.Amt
	money := func(c int64) string {
		if us {
			return usd(c)
		}
		return amt.total(c)
	}
	num := func(c int64) string {
		if us {
			return fmtCentavos(c, true)
		}
		return amt.num(c)
	}
	m := min(v.Margin, 14)
	w := p.size.W - 2*m
	size := min(v.Font, 9.5)
	rh := size * 0.56
	df := []int{0, 0, 3, 1}[w0[2]%4]
	if !us && w0[2]%4 == 1 {
		df = 4
	}
	name := s.Emp.First + " " + s.Emp.Middle + ". " + s.Emp.Last
	if w0[3]%2 == 0 {
		name = strings.ToUpper(name)
	}

	// The check-stub strip: who, the pay date and the net pay.
	y := m
	sh := 15.0
	g := min(v.Accent+8, 250)
	p.f.SetFillColor(g, g, g)
	p.rect(m, y, w, sh, "FD")
	cols := []float64{0.42, 0.2, 0.38}
	x := m
	capsTop := []string{pick2(w0[4], "Employee", "Pay to", "Employee Name"), pick2(w0[5], "Pay Date", "Check Date", "Pay Date"), "Net Pay"}
	valsTop := []string{name, fmtDate(*s.PayDate, df), money(s.Net)}
	for i := range cols {
		cw := cols[i] * w
		if i > 0 {
			p.line(x, y+1.5, x, y+sh-1.5)
		}
		p.setFont(false, "", size-1.5)
		p.gray(80)
		p.text(x+2.5, y+4.5, capsTop[i])
		p.gray(0)
		vs := size + 1
		if i == 2 {
			vs = size + 5
		}
		p.setFont(false, "B", vs)
		p.fit(valsTop[i], cw-5, vs)
		if i == 2 {
			p.textR(x+cw-3, y+sh-3, valsTop[i])
		} else {
			p.text(x+2.5, y+sh-3.5, valsTop[i])
		}
		x += cw
	}
	y += sh + 2.5
	p.f.SetDashPattern([]float64{1.2, 1}, 0)
	p.line(m, y, m+w, y)
	p.f.SetDashPattern([]float64{}, 0)
	p.setFont(false, "", size-2.5)
	p.gray(110)
	p.textR(m+w, y+2.6, pick2(w0[6], "DETACH AND RETAIN FOR YOUR RECORDS", "Detach here - keep this statement", "RETAIN THIS STATEMENT"))
	p.gray(0)
	y += 5

	// The statement's heading: the company on the left, the employee and
	// the period on the right.
	p.setFont(false, "B", size+2.5)
	p.fit(s.employerName(), w*0.55, size+2.5)
	p.text(m, y+4, s.employerName())
	p.setFont(false, "", size-1)
	p.fit(s.Co.Address, w*0.55, size-1)
	p.text(m, y+8.5, s.Co.Address)
	p.setFont(false, "B", size+1)
	p.textR(m+w, y+4, pick2(w0[7], "Earnings Statement", "PAY STUB", "Statement of Earnings", "Employee Pay Stub"))
	y += 12
	left := []kv{{"Employee", name}, {pick2(w0[8], "Employee ID", "Employee No.", "File No."), s.EmpID}, {pick2(w0[9], "Department", "Dept"), s.Dept}}
	var right []kv
	if w0[10]%2 == 0 {
		right = []kv{{"Period Beginning", fmtDate(s.Start, df)}, {"Period Ending", fmtDate(s.End, df)}, {"Pay Date", fmtDate(*s.PayDate, df)}}
	} else {
		right = []kv{{"Pay Period", fmtDate(s.Start, df) + " - " + fmtDate(s.End, df)}, {"Pay Date", fmtDate(*s.PayDate, df)}}
	}
	if st.FreqWord != "" {
		right = append(right, kv{"Pay Frequency", st.FreqWord})
	}
	for i := range max(len(left), len(right)) {
		yy := y + float64(i)*rh + rh
		if i < len(left) {
			p.setFont(false, "B", size-0.5)
			p.text(m, yy, left[i].K+":")
			p.setFont(false, "", size-0.5)
			p.fit(left[i].V, w*0.5-w*0.2, size-0.5)
			p.text(m+w*0.2, yy, left[i].V)
		}
		if i < len(right) {
			p.setFont(false, "B", size-0.5)
			p.text(m+w*0.52, yy, right[i].K+":")
			p.setFont(false, "", size-0.5)
			p.textR(m+w, yy, right[i].V)
		}
	}
	y += float64(max(len(left), len(right)))*rh + rh + 2

	// Bordered grids: a heading row, the lines and an optional total.
	grid := func(x0, gw float64, fr []float64, heads []string, rows [][]string, total []string, n int) float64 {
		yy := y
		line := func(cells []string, style, border string, fill bool, h float64) {
			p.gridRow(x0, yy, h, gw, fr, cells, style, border, fill, size-0.5, 2)
			yy += h
		}
		p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
		line(heads, "B", "1", true, rh+1)
		for i := range n {
			r := make([]string, len(fr))
			if i < len(rows) {
				r = rows[i]
			}
			line(r, "", "LR", false, rh)
		}
		if total != nil {
			line(total, "B", "1", false, rh+1)
		} else {
			p.line(x0, yy, x0+gw, yy)
		}
		return yy
	}

	// Earnings: Description | Rate | Hours | Current | Year To Date.
	var er [][]string
	for _, e := range s.Earnings {
		rate := ""
		if us {
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
		} else {
			rate = ledgerRate(s, e, amt)
		}
		er = append(er, []string{e.Label, rate, e.Qty, num(e.Amount), num(e.YTD)})
	}
	hours := "Hours"
	if !us {
		hours = pick2(w0[11], "Hrs/Days", "Units", "Days/Hrs")
	}
	efr := []float64{0.34, 0.14, 0.12, 0.2, 0.2}
	var etot []string
	if w0[11]%2 == 0 {
		etot = []string{pick2(w0[12], "Gross Pay", "Total Earnings"), "", "", num(s.Gross), num(s.GrossYTD)}
	}
	y = grid(m, w, efr, []string{pick2(w0[13], "Description", "Earnings"), "Rate", hours, "Current", "Year To Date"}, er, etot, len(er)) + 4

	// Taxes in one block, the other deductions in another.
	var taxes, others []item
	for _, d := range s.Deductions {
		switch {
		case us && usTax(d), !us && d.Kind == "tax", !us && w0[6]%3 == 0 && statutory(d):
			taxes = append(taxes, d)
		default:
			others = append(others, d)
		}
	}
	var taxCur, taxYTD int64
	for _, d := range taxes {
		taxCur += d.Amount
		taxYTD += d.YTD
	}
	if len(taxes) == 0 {
		// A minimum wage earner withholds no tax: the block says so.
		taxes = []item{{Label: "Withholding Tax", Kind: "tax"}}
	}
	taxHead := "Taxes"
	if !us && w0[6]%3 == 0 {
		taxHead = "Taxes & Contributions"
	}
	dedHead := pick2(w0[14], "Deductions", "Other Deductions", "Voluntary Deductions")
	if !us {
		dedHead = pick2(w0[14], "Deductions", "Other Deductions", "Contributions & Loans")
	}
	rowsOf := func(items []item) [][]string {
		var out [][]string
		for _, it := range items {
			out = append(out, []string{it.Label, num(it.Amount), num(it.YTD)})
		}
		if len(out) == 0 {
			out = append(out, []string{"None", num(0), num(0)})
		}
		return out
	}
	tr, or := rowsOf(taxes), rowsOf(others)
	bfr := []float64{0.5, 0.25, 0.25}
	if w0[5]%2 == 0 {
		// Side by side.
		gw := (w - 5) / 2
		n := max(len(tr), len(or))
		y1 := grid(m, gw, bfr, []string{taxHead, "Current", "Year To Date"}, tr, nil, n)
		y2 := grid(m+gw+5, gw, bfr, []string{dedHead, "Current", "Year To Date"}, or, nil, n)
		y = max(y1, y2) + 4
	} else {
		gw := w * 0.66
		y = grid(m, gw, bfr, []string{taxHead, "Current", "Year To Date"}, tr, nil, len(tr)) + 3
		y = grid(m, gw, bfr, []string{dedHead, "Current", "Year To Date"}, or, nil, len(or)) + 4
	}

	// The totals row: Total Gross | Total Taxes | Total Deductions | Net Pay,
	// this period and year to date.
	tfr := []float64{0.2, 0.2, 0.2, 0.2, 0.2}
	tw := w
	heads := []string{"", "Total Gross", "Total Taxes", "Total Deductions", "Net Pay"}
	cur := []string{"Current", money(s.Gross), num(taxCur), num(s.TotalDed - taxCur), money(s.Net)}
	ytd := []string{"Year To Date", num(s.GrossYTD), num(taxYTD), num(s.DedYTD - taxYTD), num(s.NetYTD)}
	p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
	hx := m
	for i, h := range heads {
		p.setFont(false, "B", size-0.5)
		p.cell(hx, y, tfr[i]*tw, rh+1, h, "1", "C", true)
		hx += tfr[i] * tw
	}
	y += rh + 1
	dark := max(v.Accent-40, 130)
	for _, r := range [][]string{cur, ytd} {
		hx = m
		for i, t := range r {
			style, al, fill := "", "R", false
			if i == 0 {
				style, al = "B", "L"
			}
			if i == 4 {
				style, fill = "B", true
				p.f.SetFillColor(dark, dark, dark)
			}
			p.setFont(false, style, size)
			p.fit(t, tfr[i]*tw-2, size)
			p.cell(hx, y, tfr[i]*tw, rh+1.5, t, "1", al, fill)
			hx += tfr[i] * tw
		}
		y += rh + 1.5
	}
	y += 5

	// The deposit, and a note.
	p.setFont(false, "", size-0.5)
	acct := fmt.Sprintf("%04d", w0[15]%10000)
	var dep string
	if us {
		dep = fmt.Sprintf("Direct Deposit: Checking xxxxxx%s", acct)
	} else {
		dep = fmt.Sprintf("Credited to: %s Payroll Account ****%s", pick2(w0[12], "BDO", "BPI", "Metrobank", "UnionBank", "Security Bank"), acct)
	}
	p.text(m, y, dep)
	p.setFont(false, "B", size-0.5)
	p.textR(m+w, y, money(s.Net))
	y += rh + 2
	if us {
		p.setFont(false, "", size-1.5)
		p.gray(90)
		p.text(m, y, "This is not a check. Non-negotiable.")
		p.gray(0)
		return
	}
	footerNote(p, s, m, min(y, p.size.H-5), w)
}

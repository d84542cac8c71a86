package docgen

import (
	"fmt"
	"strings"
)

// Three tuning templates that print captions the first seven do not:
// Tagalog and bilingual captions, abbreviated upper-case captions, and a
// salary cash voucher whose amounts sit in a computation block under a
// receipt sentence. They belong to the tuning family: the extractor may be
// tuned against them.

func tuningExtraLayouts() []*slipLayout {
	return []*slipLayout{
		{Name: "tx-tagalog", Desc: "Tagalog/Taglish slip with bilingual captions (Kita / Mga Kaltas / Netong Sahod)",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeA5}, Draw: drawTagalog, OwnCaptions: true},
		{Name: "tx-abbrev", Desc: "upper-case strip with abbreviated captions (GR. PAY, TOT. DED., NET AMT.)",
			Sizes: []pageSize{sizeHalfL, sizeSlip}, Draw: drawAbbrev, OwnCaptions: true},
		{Name: "tx-voucher", Desc: "salary cash voucher: a receipt sentence with the net in words, then a computation block",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeHalfL}, Draw: drawVoucher, OwnCaptions: true},
	}
}

// tagalogItem gives an earnings or deductions line a Tagalog or Taglish
// caption by its kind, keeping the English one where Filipino payroll
// keeps it (SSS, PhilHealth, overtime).
func tagalogItem(it item, w int) string {
	switch it.Kind {
	case "basic":
		return pick2(w, "Batayang Sahod", "Basic Pay (Sahod)", "Sahod", "Sweldo")
	case "ot":
		return pick2(w, "Overtime", "Obertaym", "Overtime (OT)")
	case "hol":
		return pick2(w, "Holiday Pay", "Bayad sa Pista Opisyal")
	case "abs":
		return pick2(w, "Liban", "Absent (Liban)")
	case "late":
		return pick2(w, "Huli/Undertime", "Late (Huli)")
	case "tax":
		return pick2(w, "Buwis (W/Tax)", "Withholding Tax (Buwis)", "Buwis")
	case "loan":
		return it.Label + pick2(w, " (Utang)", "")
	case "allow":
		return pick2(w, "Allowance", "Dagdag") + " - " + it.Label
	}
	return it.Label
}

func drawTagalog(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	m := v.Margin
	if p.size.W < 160 {
		m = min(m, 10)
	}
	w := p.size.W - 2*m
	size := v.Font
	if p.size.W < 160 {
		size = min(size, 8.5)
	}
	lh := size * 0.5
	y := m
	p.centredLetterhead(s, m, w, y, size)
	p.setFont(false, "B", size+2)
	title := pick2(w0[0], "PAYSLIP / Katibayan ng Sahod", "Pay Slip (Sahod)", "KATIBAYAN NG PASAHOD", "Salary Slip / Pasahod")
	p.textC(m+w/2, y+15.5, title)
	y += 20
	p.line(m, y, m+w, y)
	y += 1

	pt := bareRange(st, s)
	info := []kv{
		{pick2(w0[1], "Pangalan / Name", "Pangalan ng Empleyado", "Empleyado"), s.Emp.format(st.NameStyle)},
		{pick2(w0[2], "Posisyon", "Katungkulan / Position"), s.Position},
		{pick2(w0[3], "Panahon ng Sahod", "Saklaw na Petsa / Period", "Panahon ng Sahod / Pay Period"), pt},
	}
	if s.PayDate != nil {
		info = append(info, kv{pick2(w0[4], "Petsa ng Sahod", "Araw ng Sahod", "Petsa ng Bayad / Pay Date"), payDateText(st, *s.PayDate)})
	}
	if st.ShowIDs {
		info = append(info, kv{"TIN", s.TIN}, kv{"SSS No.", s.SSS})
	}
	// Two columns of caption and value, each value past the longest caption
	// of its column (bilingual captions are long).
	half := (len(info) + 1) / 2
	p.setFont(false, "B", size-0.5)
	yy := y
	for c, col := range [][]kv{info[:half], info[half:]} {
		x, cw := m, w*0.6
		if c == 1 {
			x, cw = m+w*0.6, w*0.4
		}
		kw := 0.0
		for _, r := range col {
			kw = max(kw, p.width(r.K+":"))
		}
		kw = min(kw, cw*0.45)
		yc := y
		for _, r := range col {
			yc += lh
			p.setFont(false, "B", size-0.5)
			p.fit(r.K+":", kw, size-0.5)
			p.text(x, yc, r.K+":")
			p.setFont(false, "", size)
			p.fit(r.V, cw-kw-6, size)
			p.text(x+kw+2, yc, r.V)
		}
		yy = max(yy, yc)
	}
	y = yy + lh
	p.line(m, y, m+w, y)
	y += 2

	cw := (w - 8) / 2
	block := func(x float64, head string, rows []kv, totK, totV string) float64 {
		yy := y + lh
		p.setFont(false, "B", size+0.5)
		p.text(x, yy, head)
		yy += lh * 1.3
		p.setFont(false, "", size)
		for _, r := range rows {
			p.fit(r.K, cw*0.62, size)
			p.text(x, yy, r.K)
			p.f.SetFontSize(size)
			p.textR(x+cw, yy, r.V)
			yy += lh
		}
		if totK != "" {
			p.line(x+cw*0.6, yy-lh*0.7, x+cw, yy-lh*0.7)
			p.setFont(false, "B", size)
			p.fit(totK, cw*0.62, size)
			p.text(x, yy+0.5, totK)
			p.f.SetFontSize(size)
			p.textR(x+cw, yy+0.5, totV)
			yy += lh * 1.3
		}
		return yy
	}
	var earn, ded []kv
	for i, e := range s.Earnings {
		earn = append(earn, kv{tagalogItem(e, w0[5]+i), st.Amt.line(e.Amount)})
	}
	for i, d := range s.Deductions {
		ded = append(ded, kv{tagalogItem(d, w0[6]+i), st.Amt.line(d.Amount)})
	}
	gross := pick2(w0[7], "Kabuuang Kita", "Gross Earnings / Kabuuang Kita", "Kabuuang Sahod", "Gross Pay (Kabuuang Kita)")
	totDed := ""
	if st.ShowTotalDed {
		totDed = pick2(w0[8], "Kabuuang Kaltas", "Kabuuang Kaltas/Bawas", "Kabuuang Bawas", "Total Deductions / Kabuuang Kaltas")
	}
	yl := block(m, pick2(w0[9], "KITA (Earnings)", "Kita", "MGA KITA"), earn, gross, st.Amt.total(s.Gross))
	yr := block(m+cw+8, pick2(w0[10], "MGA KALTAS", "Kaltas (Deductions)", "Mga Bawas"), ded, totDed, st.Amt.total(s.TotalDed))
	y = max(yl, yr) + 2
	p.line(m, y, m+w, y)
	net := pick2(w0[11], "Netong Sahod", "Halagang Matatanggap", "Matatanggap", "Take-home Pay (Netong Sahod)")
	p.setFont(false, "B", size+2)
	p.text(m, y+lh+2, net+":")
	p.textR(m+w, y+lh+2, st.Amt.total(s.Net))
	y += lh + 10
	p.setFont(false, "", size-1)
	p.text(m, y, pick2(w0[12], "Tinanggap ni:", "Natanggap ko ang halagang nakasaad sa itaas.")+" ____________________")
}

// abbrevItem shortens a line's caption as terse payroll printouts do.
func abbrevItem(it item, w int) string {
	switch it.Kind {
	case "basic":
		return pick2(w, "BASIC PAY", "BASIC", "BASIC SAL.", "REG. PAY")
	case "ot":
		return pick2(w, "OT PAY", "O/T", "OT AMT")
	case "nd":
		return "NIGHT DIFF"
	case "hol":
		return pick2(w, "HOL. PAY", "HOLIDAY")
	case "allow":
		f := strings.Fields(strings.ToUpper(it.Label))
		return f[0] + " ALLOW."
	case "abs":
		return "ABSENCES"
	case "late":
		return "TARDY/UT"
	case "sss":
		return pick2(w, "SSS EE", "SSS PREM.", "SSS")
	case "phic":
		return pick2(w, "PHIC", "PHIC EE", "PHILHLTH")
	case "hdmf":
		return pick2(w, "HDMF", "HDMF EE", "PAG-IBIG")
	case "tax":
		return pick2(w, "W/TAX", "WTAX", "W/H TAX")
	case "loan":
		return pick2(w, "SSS LN", "HDMF LN", "LOAN AMORT.")
	}
	up := strings.ToUpper(it.Label)
	if len(up) > 12 {
		up = up[:11] + "."
	}
	return up
}

func drawAbbrev(p *pdfw, s *payslip) {
	st := s.St
	w0 := st.W
	m := min(st.Visual.Margin, 10)
	w := p.size.W - 2*m
	size := min(st.Visual.Font, 8.5)
	lh := size * 0.48
	y := m + 4
	p.setFont(false, "B", size+2)
	name := strings.ToUpper(s.Co.Name)
	p.fit(name, w*0.7, size+2)
	p.text(m, y, name)
	p.setFont(false, "B", size+1)
	p.textR(m+w, y, pick2(w0[0], "PAYSLIP", "PAY SLIP", "PAY ADV."))
	y += 2
	p.line(m, y, m+w, y)
	y += lh + 1
	pt := bareRange(st, s)
	pairs := []kv{
		{pick2(w0[1], "EMP NAME", "EMPL.", "NAME"), strings.ToUpper(s.Emp.format(st.NameStyle))},
		{pick2(w0[2], "EMP NO.", "ID NO."), s.EmpID},
		{pick2(w0[3], "PAY PRD", "PERIOD", "PAY PERIOD", "CUT-OFF"), strings.ToUpper(pt)},
	}
	if s.PayDate != nil {
		pairs = append(pairs, kv{pick2(w0[4], "PAY DT.", "PAY DATE", "PAYDAY"), strings.ToUpper(payDateText(st, *s.PayDate))})
	}
	p.setFont(false, "", size)
	half := w / 2
	for i, kv := range pairs {
		x := m + float64(i%2)*half
		if i%2 == 0 && i > 0 {
			y += lh
		}
		t := kv.K + ": " + kv.V
		p.fit(t, half-2, size)
		p.text(x, y, t)
		p.f.SetFontSize(size)
	}
	y += lh + 1
	p.line(m, y, m+w, y)
	y += lh + 1
	// Earnings left, deductions right, three amounts a line.
	cw := (w - 6) / 2
	p.setFont(false, "B", size)
	p.text(m, y, pick2(w0[5], "EARNINGS", "EARN.", "INCOME"))
	p.textR(m+cw, y, "AMT")
	p.text(m+cw+6, y, pick2(w0[6], "DEDUCTIONS", "DEDUC.", "LESS"))
	p.textR(m+w, y, "AMT")
	y += lh
	p.setFont(false, "", size)
	n := max(len(s.Earnings), len(s.Deductions))
	for i := range n {
		if i < len(s.Earnings) {
			e := s.Earnings[i]
			p.text(m, y, abbrevItem(e, w0[7]+i))
			p.textR(m+cw, y, st.Amt.num(e.Amount))
		}
		if i < len(s.Deductions) {
			d := s.Deductions[i]
			p.text(m+cw+6, y, abbrevItem(d, w0[8]+i))
			p.textR(m+w, y, st.Amt.num(d.Amount))
		}
		y += lh
	}
	y += 1
	p.line(m, y-lh*0.6, m+w, y-lh*0.6)
	// Totals strip: caption over value in three boxes.
	caps := []string{pick2(w0[9], "GR. PAY", "G. PAY", "GROSS AMT", "GR PAY")}
	vals := []string{st.Amt.total(s.Gross)}
	if st.ShowTotalDed {
		caps = append(caps, pick2(w0[10], "TOT. DED.", "TOT DEDUC", "TTL DED.", "TOTAL DED."))
		vals = append(vals, st.Amt.total(s.TotalDed))
	}
	caps = append(caps, pick2(w0[11], "NET AMT.", "NET PAY AMT", "NET PAY", "NET AMT PAID"))
	vals = append(vals, st.Amt.total(s.Net))
	bw := w / float64(len(caps))
	p.f.SetFillColor(st.Visual.Accent, st.Visual.Accent, st.Visual.Accent)
	for i := range caps {
		p.setFont(false, "B", size)
		p.cell(m+float64(i)*bw, y, bw, lh+1.5, caps[i], "1", "C", true)
		p.cell(m+float64(i)*bw, y+lh+1.5, bw, lh+2, vals[i], "1", "C", false)
	}
}

// pesoWords spells an amount of centavos as a cash voucher does
// ("ONE THOUSAND TWO HUNDRED PESOS AND 50/100").
func pesoWords(c int64) string {
	ones := []string{"", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "ELEVEN",
		"TWELVE", "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN", "SEVENTEEN", "EIGHTEEN", "NINETEEN"}
	tens := []string{"", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"}
	var three func(n int64) []string
	three = func(n int64) []string {
		var out []string
		if n >= 100 {
			out = append(out, ones[n/100], "HUNDRED")
			n %= 100
		}
		if n >= 20 {
			out = append(out, tens[n/10])
			n %= 10
		}
		if n > 0 {
			out = append(out, ones[n])
		}
		return out
	}
	whole := c / 100
	var parts []string
	for _, g := range []struct {
		div  int64
		name string
	}{{1_000_000, "MILLION"}, {1000, "THOUSAND"}, {1, ""}} {
		if q := whole / g.div; q > 0 {
			parts = append(parts, three(q)...)
			if g.name != "" {
				parts = append(parts, g.name)
			}
			whole %= g.div
		}
	}
	if len(parts) == 0 {
		parts = []string{"ZERO"}
	}
	return fmt.Sprintf("%s PESOS AND %02d/100", strings.Join(parts, " "), c%100)
}

func drawVoucher(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	w0 := st.W
	m := v.Margin
	if p.size.H < 160 {
		m = min(m, 9)
	}
	w := p.size.W - 2*m
	size := v.Font
	lh := size * 0.5
	if p.size.H < 160 {
		size = min(size, 8)
		lh = size * 0.46
	}
	y := m
	p.setFont(false, "B", size+3)
	p.fit(s.employerName(), w*0.65, size+3)
	p.text(m, y+5, s.employerName())
	p.setFont(false, "", size-1)
	p.fit(s.Co.Address, w*0.65, size-1)
	p.text(m, y+9, s.Co.Address)
	p.setFont(false, "B", size+3)
	p.textR(m+w, y+5, pick2(w0[0], "CASH VOUCHER", "Cash Voucher", "PAYROLL CASH VOUCHER"))
	p.setFont(false, "", size)
	p.textR(m+w, y+9.5, fmt.Sprintf("No. %04d", 1+w0[1]%9000))
	y += 12
	if s.PayDate != nil {
		p.textR(m+w, y+1, "Date: "+payDateText(st, *s.PayDate))
	}
	y += 3
	p.line(m, y, m+w, y)
	y += lh + 2
	pt := bareRange(st, s)
	p.setFont(false, "", size)
	p.text(m, y, "Pay to: "+s.Emp.format(st.NameStyle))
	y += lh * 1.6
	// The receipt sentence, wrapped to the page.
	// The period is one unit of the sentence: it is never broken over two
	// lines.
	const nbsp = "\x1f"
	sent := fmt.Sprintf("Received from %s the sum of %s (%s) in full payment of salary for the period %s.",
		s.employerName(), pesoWords(s.Net), st.Amt.total(s.Net), strings.ReplaceAll(pt, " ", nbsp))
	var lines []string
	cur := ""
	for _, wd := range strings.Fields(sent) {
		wd = strings.ReplaceAll(wd, nbsp, " ")
		if cur != "" && p.width(cur+" "+wd) > w {
			lines = append(lines, cur)
			cur = wd
		} else if cur == "" {
			cur = wd
		} else {
			cur += " " + wd
		}
	}
	lines = append(lines, cur)
	for _, l := range lines {
		p.text(m, y, l)
		y += lh * 1.2
	}
	y += 1
	// Computation block.
	p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
	p.setFont(false, "B", size)
	cw := w * 0.7
	p.cell(m, y, cw, lh+1.5, pick2(w0[2], "PARTICULARS", "Computation", "Particulars"), "1", "L", true)
	p.cell(m+cw, y, w-cw, lh+1.5, pick2(w0[3], "AMOUNT", "Amount"), "1", "R", true)
	y += lh + 1.5
	row := func(k, val string, bold bool, indent float64) {
		style := ""
		if bold {
			style = "B"
		}
		p.setFont(false, style, size)
		p.cell(m, y, cw, lh+0.8, strings.Repeat(" ", int(indent))+k, "LR", "L", false)
		p.cell(m+cw, y, w-cw, lh+0.8, val, "LR", "R", false)
		y += lh + 0.8
	}
	for _, e := range s.Earnings {
		row(e.Label, st.Amt.line(e.Amount), false, 2)
	}
	row(pick2(w0[4], "Gross Salary", "Total Salary", "Gross Amount"), st.Amt.total(s.Gross), true, 0)
	row(pick2(w0[5], "Less:", "Less: Deductions", "Deductions:"), "", false, 0)
	for _, d := range s.Deductions {
		row(d.Label, st.Amt.line(d.Amount), false, 4)
	}
	if st.ShowTotalDed {
		row(pick2(w0[6], "Total Deductions", "Total Less", "Tot. Ded."), st.Amt.total(s.TotalDed), true, 0)
	}
	row(pick2(w0[7], "Net Amount Paid", "Net Amount Due", "Amount Paid", "Net Salary"), st.Amt.total(s.Net), true, 0)
	p.line(m, y, m+w, y)
	y += lh + 6
	p.setFont(false, "", size-0.5)
	third := w / 3
	for i, sg := range []string{"Prepared by:", "Approved by:", "Received by:"} {
		x := m + float64(i)*third
		p.text(x, y, sg)
		p.line(x, y+7, x+third-6, y+7)
	}
}

// bareRange is the slip's period without a caption of its own: formats
// that print one ("Cut-off: ...") give way to a plain range, since these
// templates print their own caption.
func bareRange(st *slipStyle, s *payslip) string {
	pl, pt := periodText(st, s.Start, s.End)
	if pl == "" && st.PeriodFmt != periodMonthOf {
		return s.Start.Format("January 2, 2006") + " - " + s.End.Format("January 2, 2006")
	}
	return pt
}

// centredLetterhead draws the employer's name and, under it, its address,
// centred over the width w from m, the name at y+5.
func (p *pdfw) centredLetterhead(s *payslip, m, w, y, size float64) {
	p.setFont(false, "B", size+4)
	p.fit(s.employerName(), w, size+4)
	p.textC(m+w/2, y+5, s.employerName())
	p.setFont(false, "", size-1)
	p.fit(s.Co.Address, w, size-1)
	p.textC(m+w/2, y+9.5, s.Co.Address)
}

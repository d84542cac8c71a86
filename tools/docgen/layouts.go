package docgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// slipLayout is one payslip template.
type slipLayout struct {
	Name  string
	Desc  string
	Sizes []pageSize
	Mono  bool // set in the monospaced face
	YTD   bool // always prints year-to-date columns
	Draw  func(p *pdfw, s *payslip)
	// Family is FamilyTuning (the default, "") or FamilyHeldOut.
	Family string
	// OwnCaptions says the template prints captions of its own rather
	// than the slip style's, so the notes do not describe them.
	OwnCaptions bool
	// Freqs are the pay frequencies the template is drawn with; nil means
	// the Philippine mix (mostly semimonthly).
	Freqs []string
	// Content, when set, rewrites each slip's lines before it is drawn (US
	// payroll, a government agency's captions); it must keep the slip's
	// arithmetic exact and choose per employee only from the style's word
	// choices, so consecutive slips agree.
	Content func(r *rand.Rand, s *payslip)
}

func slipLayouts() []*slipLayout {
	return append(tuningSlipLayouts(), heldOutSlipLayouts()...)
}

// tuningSlipLayouts are the templates the extractor may be tuned against.
func tuningSlipLayouts() []*slipLayout {
	return append([]*slipLayout{
		{Name: "table4", Desc: "four-column bordered table (Earnings | Amount | Deductions | Amount)",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeHalfL, sizeSlip}, Draw: drawTable4},
		{Name: "cards", Desc: "summary cards with the net pay on top",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeA5}, Draw: drawCards},
		{Name: "mono", Desc: "monospaced plain-text report",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeHalfL}, Mono: true, Draw: drawMono},
		{Name: "stacked", Desc: "two stacked tables (earnings, then deductions) with Current and YTD columns",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeLegal}, YTD: true, Draw: drawStacked},
		{Name: "keyvalue", Desc: "label: value list in two columns",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeHalfL, sizeA5}, Draw: drawKeyValue},
		{Name: "register", Desc: "one-row payroll register with a column per item (landscape)",
			Sizes: []pageSize{sizeA4L, sizeLetterL}, Draw: drawRegister},
		{Name: "receipt", Desc: "narrow printed pay receipt strip (80 mm)",
			Sizes: []pageSize{sizeReceipt80}, Mono: true, Draw: drawReceipt},
	}, append(append(append(tuningExtraLayouts(), tuningMoreLayouts()...), tuningNextLayouts()...), tuningFifthLayouts()...)...)
}

type kv struct{ K, V string }

// infoPairs lists the header fields of a slip (employee, period, pay date,
// frequency, rates, government ids) with the slip's label wording.
func infoPairs(s *payslip) []kv {
	st := s.St
	w := st.W
	var out []kv
	add := func(k, v string) { out = append(out, kv{s.lbl(k), v}) }
	add(pick2(w[0], "Employee Name", "Name", "Employee", "Employee's Name", "Name of Employee"), s.Emp.format(st.NameStyle))
	add(pick2(w[1], "Employee No.", "ID No.", "Emp. Code", "Employee ID", "Emp #"), s.EmpID)
	add(pick2(w[2], "Position", "Designation", "Job Title", "Position/Title"), s.Position)
	if w[3]%2 == 0 {
		add(pick2(w[3]/2, "Department", "Dept.", "Section", "Cost Center"), s.Dept)
	}
	pl, pt := periodText(st, s.Start, s.End)
	out = append(out, kv{s.lbl(pl), pt})
	if s.PayDate != nil {
		add(st.PayDateLabel, payDateText(st, *s.PayDate))
	}
	if st.FreqWord != "" {
		add(st.FreqLabel, st.FreqWord)
	}
	if st.ShowRates {
		if s.Freq == "Weekly" || s.Freq == "Biweekly" || s.MWE {
			add(pick2(w[4], "Daily Rate", "Rate/Day", "Daily Wage"), st.Amt.line(s.Daily))
		} else {
			add(pick2(w[4], "Monthly Rate", "Basic Monthly Rate", "Monthly Basic", "Rate/Month"), st.Amt.line(s.Monthly))
			if w[5]%2 == 0 {
				add("Daily Rate", st.Amt.line(s.Daily))
			}
		}
		if w[6]%3 == 0 {
			add(pick2(w[6], "Hourly Rate", "Rate/Hour"), st.Amt.line(s.Hourly))
		}
	}
	if st.ShowIDs {
		add("TIN", s.TIN)
		add(pick2(w[7], "SSS No.", "SSS", "SSS #"), s.SSS)
		if w[8]%2 == 0 {
			add(pick2(w[8]/2, "PhilHealth No.", "PHIC No."), s.PHIC)
			add(pick2(w[9], "Pag-IBIG No.", "HDMF No.", "Pag-IBIG MID No."), s.HDMF)
		}
	}
	return out
}

func (kv kv) joined(sep string) string {
	if kv.K == "" {
		return kv.V
	}
	return kv.K + sep + kv.V
}

// header draws the company block and the title; it returns the next y.
func header(p *pdfw, s *payslip, x, y, w float64) float64 {
	st := s.St
	v := st.Visual
	size := v.Font
	switch v.Variant % 3 {
	case 0: // centred
		p.setFont(false, "B", size+5)
		p.fit(s.employerName(), w, size+5)
		p.textC(x+w/2, y+5, s.employerName())
		p.setFont(false, "", size-1)
		p.fit(s.Co.Address, w, size-1)
		p.textC(x+w/2, y+9.5, s.Co.Address)
		p.setFont(false, "B", size+2)
		p.textC(x+w/2, y+16, s.lbl(st.Title))
		return y + 21
	case 1: // logo box on the left
		p.f.SetFillColor(v.Accent-80, v.Accent-80, v.Accent-80)
		p.rect(x, y, 14, 14, "F")
		p.f.SetTextColor(255, 255, 255)
		p.setFont(false, "B", 11)
		p.textC(x+7, y+9, s.Co.Short)
		p.gray(0)
		p.setFont(false, "B", size+4)
		p.fit(s.employerName(), w-60, size+4)
		p.text(x+17, y+6, s.employerName())
		p.setFont(false, "", size-1.5)
		p.fit(s.Co.Address, w-60, size-1.5)
		p.text(x+17, y+11, s.Co.Address)
		p.setFont(false, "B", size+3)
		p.textR(x+w, y+7, s.lbl(st.Title))
		return y + 20
	default: // title first, company below
		p.setFont(false, "B", size+3)
		p.text(x, y+5, s.lbl(st.Title))
		p.setFont(false, "B", size+2)
		p.fit(s.employerName(), w, size+2)
		p.text(x, y+11, s.employerName())
		p.setFont(false, "", size-1)
		p.fit(s.Co.Address, w, size-1)
		p.text(x, y+15.5, s.Co.Address)
		p.line(x, y+18, x+w, y+18)
		return y + 23
	}
}

// infoBlock prints the header fields in n columns; it returns the next y.
func infoBlock(p *pdfw, s *payslip, pairs []kv, x, y, w float64, cols int) float64 {
	size := s.St.Visual.Font
	rows := (len(pairs) + cols - 1) / cols
	cw := w / float64(cols)
	lh := size * 0.5
	for i, kv := range pairs {
		c, rr := i/rows, i%rows
		cx := x + float64(c)*cw
		cy := y + float64(rr)*lh + lh
		if kv.K == "" {
			p.setFont(false, "", size)
			p.fit(kv.V, cw-2, size)
			p.text(cx, cy, kv.V)
			continue
		}
		p.setFont(false, "B", size-0.5)
		p.text(cx, cy, kv.K+":")
		kw := min(max(p.width(kv.K+":")+2, cw*0.38), cw*0.5)
		p.setFont(false, "", size)
		p.fit(kv.V, cw-kw-2, size)
		p.text(cx+kw, cy, kv.V)
	}
	return y + float64(rows)*lh + lh
}

func (p *pdfw) cell(x, y, w, h float64, txt, border, align string, fill bool) {
	p.f.SetXY(x, y)
	p.f.CellFormat(w, h, p.conv(txt), border, 0, align, fill, 0, "")
}

// gridRow draws one row of a grid from x0: cell i is fr[i] of the grid's
// width gw, its text fitted to that less pad; the first cell is a caption
// (left-aligned), the others amounts (right-aligned).
func (p *pdfw) gridRow(x0, y, h, gw float64, fr []float64, cells []string, style, border string, fill bool, size, pad float64) {
	x := x0
	for i, t := range cells {
		al := "R"
		if i == 0 {
			al = "L"
		}
		p.setFont(false, style, size)
		p.fit(t, fr[i]*gw-pad, size)
		p.cell(x, y, fr[i]*gw, h, t, border, al, fill)
		x += fr[i] * gw
	}
}

func footerNote(p *pdfw, s *payslip, x, y, w float64) {
	notes := []string{
		"This is a system-generated payslip. No signature is required.",
		"Please report any discrepancy to HR within 5 working days.",
		"CONFIDENTIAL - for the addressee only.",
		"Received the above amount in full payment of my services for the period.",
		"",
	}
	n := pick2(s.St.W[10], notes...)
	if n == "" {
		return
	}
	p.setFont(false, "", s.St.Visual.Font-1.5)
	p.gray(90)
	p.fit(n, w, s.St.Visual.Font-1.5)
	p.text(x, y, n)
	p.gray(0)
}

// employerShares prints employer contributions as a distractor line.
func employerShares(s *payslip) string {
	var parts []string
	for _, d := range s.Deductions {
		if d.ER > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", strings.TrimSuffix(d.Label, " EE"), s.St.Amt.num(d.ER)))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return s.lbl(pick2(s.St.W[11], "Employer Share", "Employer Contributions", "ER Share", "Company Share")) + ": " + strings.Join(parts, "   ")
}

func drawTable4(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	m := v.Margin
	if p.size.H < 200 {
		m = min(m, 10)
	}
	w := p.size.W - 2*m
	y := header(p, s, m, m, w)
	y = infoBlock(p, s, infoPairs(s), m, y, w, 2) + 2
	size := v.Font
	rh := size * 0.55
	hours := st.ShowHours
	cols := []float64{0.32, 0.18, 0.32, 0.18}
	if hours {
		cols = []float64{0.27, 0.09, 0.16, 0.30, 0.18}
	}
	cw := make([]float64, len(cols))
	for i, c := range cols {
		cw[i] = c * w
	}
	border := "1"
	if !v.Lines {
		border = "LR"
	}
	p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
	p.setFont(false, "B", size)
	heads := []string{s.lbl(st.EarnHead), s.lbl(st.AmtHead), s.lbl(st.DedHead), s.lbl(st.AmtHead)}
	aligns := []string{"L", "R", "L", "R"}
	if hours {
		heads = []string{s.lbl(st.EarnHead), s.lbl(pick2(st.W[12], "Hrs/Days", "Hours", "Days/Hrs", "Qty")), s.lbl(st.AmtHead), s.lbl(st.DedHead), s.lbl(st.AmtHead)}
		aligns = []string{"L", "R", "R", "L", "R"}
	}
	x := m
	for i, h := range heads {
		p.cell(x, y, cw[i], rh+1, h, "1", aligns[i], true)
		x += cw[i]
	}
	y += rh + 1
	n := max(len(s.Earnings), len(s.Deductions))
	p.setFont(false, "", size)
	for i := range n {
		var row []string
		e, d := item{}, item{}
		var eOK, dOK bool
		if i < len(s.Earnings) {
			e, eOK = s.Earnings[i], true
		}
		if i < len(s.Deductions) {
			d, dOK = s.Deductions[i], true
		}
		el, ea, dl, da, eq := "", "", "", "", ""
		if eOK {
			el, ea, eq = s.lbl(e.Label), st.Amt.line(e.Amount), e.Qty
		}
		if dOK {
			dl, da = s.lbl(d.Label), st.Amt.line(d.Amount)
		}
		if hours {
			row = []string{el, eq, ea, dl, da}
		} else {
			row = []string{el, ea, dl, da}
		}
		x = m
		for j, c := range row {
			p.cell(x, y, cw[j], rh, c, border, aligns[j], false)
			x += cw[j]
		}
		y += rh
	}
	p.setFont(false, "B", size)
	totDedL, totDedA := "", ""
	if st.ShowTotalDed {
		totDedL, totDedA = s.lbl(st.TotalDed), st.Amt.total(s.TotalDed)
	}
	row := []string{s.lbl(st.Gross), st.Amt.total(s.Gross), totDedL, totDedA}
	if hours {
		row = []string{s.lbl(st.Gross), "", st.Amt.total(s.Gross), totDedL, totDedA}
	}
	x = m
	for j, c := range row {
		p.cell(x, y, cw[j], rh+1, c, "1", aligns[j], false)
		x += cw[j]
	}
	y += rh + 1
	p.setFont(false, "B", size+1.5)
	last := cw[len(cw)-1]
	p.cell(m, y, w-last, rh+2, s.lbl(st.Net), "1", pick2(st.W[13], "L", "R"), true)
	p.cell(m+w-last, y, last, rh+2, st.Amt.total(s.Net), "1", "R", true)
	y += rh + 8
	p.setFont(false, "", size-1)
	if st.ShowER {
		if t := employerShares(s); t != "" {
			p.fit(t, w, size-1)
			p.text(m, y, t)
			y += 5
		}
	}
	if st.ShowYTD {
		p.setFont(false, "", size-1)
		t := fmt.Sprintf("%s:  %s %s   %s %s   %s %s", s.lbl("Year-to-Date"), s.lbl("Gross"), st.Amt.num(s.GrossYTD),
			s.lbl("Deductions"), st.Amt.num(s.DedYTD), s.lbl("Net"), st.Amt.num(s.NetYTD))
		p.fit(t, w, size-1)
		p.text(m, y, t)
		y += 5
	}
	if st.ShowBalance {
		for _, d := range s.Deductions {
			if d.Balance > 0 {
				p.setFont(false, "", size-1)
				p.text(m, y, fmt.Sprintf("%s %s: %s", d.Label, s.lbl("balance"), st.Amt.num(d.Balance)))
				y += 4.5
			}
		}
	}
	footerNote(p, s, m, min(y+6, p.size.H-6), w)
}

func drawCards(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	m := v.Margin
	w := p.size.W - 2*m
	size := v.Font
	y := m
	// Company line.
	p.setFont(false, "B", size+4)
	p.fit(s.employerName(), w-30, size+4)
	p.text(m, y+5, s.employerName())
	p.setFont(false, "", size-1.5)
	p.gray(100)
	p.fit(s.Co.Address, w, size-1.5)
	p.text(m, y+10, s.Co.Address)
	p.gray(0)
	p.setFont(false, "B", size)
	p.textR(m+w, y+5, s.lbl(st.Title))
	y += 15
	// Net pay card.
	cardH := 30.0
	pairs := infoPairs(s)
	if len(pairs) > 6 {
		cardH = 34
	}
	p.f.SetFillColor(v.Accent+10, v.Accent+10, v.Accent+10)
	p.f.SetDrawColor(v.Accent-40, v.Accent-40, v.Accent-40)
	if v.Rounded {
		p.f.RoundedRect(m, y, w, cardH, 3, "1234", "FD")
	} else {
		p.rect(m, y, w, cardH, "FD")
	}
	p.f.SetDrawColor(0, 0, 0)
	p.setFont(false, "", size-1)
	p.gray(80)
	p.text(m+4, y+7, strings.ToUpper(st.Net))
	p.gray(0)
	big := 18 + float64(st.W[12]%8)
	p.setFont(false, "B", big)
	p.text(m+4, y+8+big*0.45, st.Amt.total(s.Net))
	if st.FreqWord != "" && st.W[13]%2 == 0 {
		p.setFont(false, "", size-1)
		p.text(m+4, y+cardH-4, s.lbl(st.FreqLabel)+": "+st.FreqWord)
	}
	// Employee details on the right half of the card, in two columns.
	colW := (w*0.45 - 4) / 2
	rx := m + w*0.55
	top := y + 5
	// A period printed without a label gets the full width of the half.
	var rest []kv
	for _, kv := range pairs {
		if kv.K != "" {
			rest = append(rest, kv)
			continue
		}
		p.setFont(false, "B", size-0.5)
		p.fit(kv.V, w*0.45-2, size-0.5)
		p.text(rx, top, kv.V)
		top += 5
	}
	ry := top
	col := 0
	for _, kv := range rest {
		if st.FreqWord != "" && st.W[13]%2 == 0 && kv.V == st.FreqWord {
			continue
		}
		need := 4.0
		if kv.K != "" {
			need += 3.3
		}
		if ry+need > y+cardH {
			col++
			if col == 2 {
				break
			}
			rx += colW + 4
			ry = top
		}
		p.setFont(false, "", size-2)
		p.gray(90)
		if kv.K != "" {
			p.fit(strings.ToUpper(kv.K), colW, size-2)
			p.text(rx, ry, strings.ToUpper(kv.K))
			ry += 3.3
		}
		p.gray(0)
		p.setFont(false, "B", size-0.5)
		p.fit(kv.V, colW, size-0.5)
		p.text(rx, ry, kv.V)
		ry += 4
	}
	y += cardH + 5
	// Earnings and deductions cards.
	cw := (w - 5) / 2
	drawList := func(x float64, title string, items []item, totL string, tot int64, showTot bool) float64 {
		h := 12 + float64(len(items)+1)*size*0.55
		if v.Rounded {
			p.f.RoundedRect(x, y, cw, h, 2, "1234", "D")
		} else {
			p.rect(x, y, cw, h, "D")
		}
		p.setFont(false, "B", size+0.5)
		p.text(x+3, y+6, s.lbl(title))
		yy := y + 6 + size*0.6
		p.setFont(false, "", size)
		for _, it := range items {
			lab := s.lbl(it.Label)
			if st.ShowHours && it.Qty != "" {
				lab += " (" + it.Qty + ")"
			}
			p.fit(lab, cw*0.6, size)
			p.text(x+3, yy, lab)
			p.f.SetFontSize(size)
			p.textR(x+cw-3, yy, st.Amt.line(it.Amount))
			yy += size * 0.55
		}
		if showTot {
			p.line(x+3, yy-size*0.35, x+cw-3, yy-size*0.35)
			p.setFont(false, "B", size)
			p.text(x+3, yy+0.8, s.lbl(totL))
			p.textR(x+cw-3, yy+0.8, st.Amt.total(tot))
		}
		return y + h
	}
	y1 := drawList(m, st.EarnHead, s.Earnings, st.Gross, s.Gross, true)
	y2 := drawList(m+cw+5, st.DedHead, s.Deductions, st.TotalDed, s.TotalDed, st.ShowTotalDed)
	y = max(y1, y2) + 5
	var rows []kv
	{
		if st.ShowYTD {
			rows = append(rows, kv{s.lbl("YTD " + st.Gross), st.Amt.num(s.GrossYTD)}, kv{s.lbl("YTD Deductions"), st.Amt.num(s.DedYTD)}, kv{s.lbl("YTD Net"), st.Amt.num(s.NetYTD)})
		}
		if st.ShowER {
			for _, d := range s.Deductions {
				if d.ER > 0 {
					rows = append(rows, kv{s.lbl(d.Label + " (ER)"), st.Amt.num(d.ER)})
				}
			}
		}
	}
	if len(rows) > 0 {
		p.setFont(false, "B", size)
		h := 8 + float64(len(rows))*size*0.5
		p.rect(m, y, cw, h, "D")
		p.text(m+3, y+5, s.lbl(pick2(st.W[14], "Other Information", "Year-to-Date & Employer Share", "For Reference Only")))
		p.setFont(false, "", size-1)
		yy := y + 5 + size*0.55
		for _, r := range rows {
			p.text(m+3, yy, r.K)
			p.textR(m+cw-3, yy, r.V)
			yy += size * 0.5
		}
		y += h + 4
	}
	p.setFont(false, "", size-2)
	p.gray(110)
	foot := fmt.Sprintf("%s · %s %s · SSS %s · TIN %s", s.Position, s.lbl("ID"), s.EmpID, s.SSS, s.TIN)
	if p.sans.Core != "" {
		foot = strings.ReplaceAll(foot, "·", "|")
	}
	p.fit(foot, w, size-2)
	p.text(m, y+2, foot)
	p.gray(0)
}

// monoLines lays a slip out as fixed-width text lines of width cols.
func monoLines(s *payslip, cols int) []string {
	st := s.St
	w := st.W
	var out []string
	rule := func(c string) { out = append(out, strings.Repeat(c, cols)) }
	center := func(t string) {
		pad := max((cols-len([]rune(t)))/2, 0)
		out = append(out, strings.Repeat(" ", pad)+t)
	}
	lr := func(l, r string, width int) string {
		gap := width - len([]rune(l)) - len([]rune(r))
		if gap < 1 {
			gap = 1
		}
		return l + strings.Repeat(" ", gap) + r
	}
	rc := pick2(w[12], "=", "-", "*", "=")
	center(strings.ToUpper(s.Co.Name))
	if w[13]%2 == 0 {
		center(s.Co.Address)
	}
	center(s.lbl(st.Title))
	rule(rc)
	pairs := infoPairs(s)
	half := cols / 2
	for i := 0; i < len(pairs); i += 2 {
		l := pairs[i].joined(": ")
		if i+1 < len(pairs) {
			r := pairs[i+1].joined(": ")
			if len([]rune(l)) < half-1 && len([]rune(l))+len([]rune(r)) < cols-1 {
				out = append(out, l+strings.Repeat(" ", half-len([]rune(l)))+r)
				continue
			}
			out = append(out, l)
			out = append(out, r)
			continue
		}
		out = append(out, l)
	}
	rule("-")
	amtW := 14
	lw := min(34+amtW, cols)
	side := w[14]%2 == 0 && cols >= 70
	if side {
		// Earnings and deductions side by side.
		cw := (cols - 3) / 2
		out = append(out, lr(s.lbl(strings.ToUpper(st.EarnHead)), "", cw)+" | "+s.lbl(strings.ToUpper(st.DedHead)))
		n := max(len(s.Earnings), len(s.Deductions))
		for i := range n {
			l, r := strings.Repeat(" ", cw), ""
			if i < len(s.Earnings) {
				e := s.Earnings[i]
				l = lr("  "+s.lbl(e.Label), st.Amt.line(e.Amount), cw)
			}
			if i < len(s.Deductions) {
				d := s.Deductions[i]
				r = lr(s.lbl(d.Label), st.Amt.line(d.Amount), cw)
			}
			out = append(out, l+" | "+r)
		}
		out = append(out, strings.Repeat("-", cw)+"-+-"+strings.Repeat("-", cw))
		r := ""
		if st.ShowTotalDed {
			r = lr(s.lbl(st.TotalDed), st.Amt.total(s.TotalDed), cw)
		}
		out = append(out, lr("  "+s.lbl(st.Gross), st.Amt.total(s.Gross), cw)+" | "+r)
	} else {
		out = append(out, s.lbl(strings.ToUpper(st.EarnHead)))
		for _, e := range s.Earnings {
			l := "  " + s.lbl(e.Label)
			if st.ShowHours && e.Qty != "" {
				l = lr(l, e.Qty, 28)
			}
			out = append(out, lr(l, st.Amt.line(e.Amount), lw))
		}
		out = append(out, strings.Repeat(" ", lw-amtW)+strings.Repeat("-", amtW))
		out = append(out, lr("  "+s.lbl(st.Gross), st.Amt.total(s.Gross), lw))
		out = append(out, "")
		out = append(out, s.lbl(strings.ToUpper(st.DedHead)))
		for _, d := range s.Deductions {
			l := lr("  "+s.lbl(d.Label), st.Amt.line(d.Amount), lw)
			if cols < 70 {
				out = append(out, l)
				continue
			}
			if st.ShowBalance && d.Balance > 0 {
				l += "   " + s.lbl("Bal") + " " + st.Amt.num(d.Balance)
			} else if st.ShowER && d.ER > 0 {
				l += "   " + s.lbl("ER") + " " + st.Amt.num(d.ER)
			}
			out = append(out, l)
		}
		if st.ShowTotalDed {
			out = append(out, strings.Repeat(" ", lw-amtW)+strings.Repeat("-", amtW))
			out = append(out, lr("  "+s.lbl(st.TotalDed), st.Amt.total(s.TotalDed), lw))
		}
	}
	rule(rc)
	out = append(out, lr("  "+strings.ToUpper(st.Net), st.Amt.total(s.Net), lw))
	rule(rc)
	if st.ShowYTD {
		out = append(out, fmt.Sprintf("YTD %s %s   YTD %s %s", s.lbl("Gross"), st.Amt.num(s.GrossYTD), s.lbl("Net"), st.Amt.num(s.NetYTD)))
	}
	return out
}

func drawMono(p *pdfw, s *payslip) {
	cols := 78 + s.St.W[15]%8
	lines := monoLines(s, cols)
	m := min(s.St.Visual.Margin, 15)
	w := p.size.W - 2*m
	p.setFont(true, "", 10)
	size := 10.0
	for size > 5 && p.width(strings.Repeat("M", cols)) > w {
		size -= 0.25
		p.f.SetFontSize(size)
	}
	lh := size * 0.42
	for size > 5 && float64(len(lines))*lh > p.size.H-2*m {
		size -= 0.25
		p.f.SetFontSize(size)
		lh = size * 0.42
	}
	y := m + lh
	for _, l := range lines {
		p.text(m, y, l)
		y += lh
	}
}

func drawReceipt(p *pdfw, s *payslip) {
	lines := monoLines(s, 40)
	p.setFont(true, "", 7)
	size := 7.0
	w := p.size.W - 6
	for size > 4 && p.width(strings.Repeat("M", 40)) > w {
		size -= 0.25
		p.f.SetFontSize(size)
	}
	lh := size * 0.45
	y := 5 + lh
	for _, l := range lines {
		// Long lines are printed smaller rather than wrapped, so a name stays on one line.
		p.f.SetFontSize(size)
		p.fit(l, w, size)
		p.text(3, y, l)
		y += lh
	}
}

func drawStacked(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	m := v.Margin
	w := p.size.W - 2*m
	y := header(p, s, m, m, w)
	y = infoBlock(p, s, infoPairs(s), m, y, w, 2) + 3
	size := v.Font
	rh := size * 0.55
	p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
	table := func(title string, heads []string, widths []float64, aligns []string, rows [][]string, total []string) {
		p.setFont(false, "B", size+1)
		p.text(m, y+4, s.lbl(title))
		y += 6
		p.setFont(false, "B", size)
		x := m
		for i, h := range heads {
			p.cell(x, y, widths[i]*w, rh+1, s.lbl(h), "1", aligns[i], true)
			x += widths[i] * w
		}
		y += rh + 1
		p.setFont(false, "", size)
		border := "LR"
		if v.Lines {
			border = "1"
		}
		for _, r := range rows {
			x = m
			for i, c := range r {
				p.cell(x, y, widths[i]*w, rh, c, border, aligns[i], false)
				x += widths[i] * w
			}
			y += rh
		}
		if total != nil {
			p.setFont(false, "B", size)
			x = m
			for i, c := range total {
				p.cell(x, y, widths[i]*w, rh+1, c, "1", aligns[i], false)
				x += widths[i] * w
			}
			y += rh + 1
		}
		y += 4
	}
	cur := pick2(st.W[12], "Current", "This Period", "Current", "Amount")
	ytd := pick2(st.W[13], "YTD", "Year-to-Date", "YTD Amount", "To Date")
	// Earnings table.
	heads := []string{st.EarnHead}
	widths := []float64{0.5}
	aligns := []string{"L"}
	if st.ShowHours {
		heads = append(heads, pick2(st.W[14], "Hours/Days", "Units", "Hrs"))
		widths = []float64{0.4, 0.15}
		aligns = append(aligns, "R")
	}
	heads = append(heads, cur, ytd)
	aligns = append(aligns, "R", "R")
	rest := (1 - sum(widths)) / 2
	widths = append(widths, rest, rest)
	var rows [][]string
	for _, e := range s.Earnings {
		r := []string{s.lbl(e.Label)}
		if st.ShowHours {
			r = append(r, e.Qty)
		}
		r = append(r, st.Amt.line(e.Amount), st.Amt.line(e.YTD))
		rows = append(rows, r)
	}
	tot := []string{s.lbl(st.Gross)}
	if st.ShowHours {
		tot = append(tot, "")
	}
	tot = append(tot, st.Amt.total(s.Gross), st.Amt.total(s.GrossYTD))
	table(st.EarnHead, heads, widths, aligns, rows, tot)
	// Deductions table.
	heads = []string{st.DedHead, cur, ytd}
	widths = []float64{0.4, 0.2, 0.2}
	aligns = []string{"L", "R", "R"}
	extra := ""
	if st.ShowER {
		extra = "ER"
		heads = append(heads, pick2(st.W[15], "Employer Share", "ER Share", "Company Share"))
	} else if st.ShowBalance {
		extra = "BAL"
		heads = append(heads, pick2(st.W[15], "Loan Balance", "Balance", "Remaining Bal."))
	}
	if extra == "" {
		widths = []float64{0.5, 0.25, 0.25}
	} else {
		widths = []float64{0.4, 0.2, 0.2, 0.2}
		aligns = append(aligns, "R")
	}
	rows = nil
	for _, d := range s.Deductions {
		r := []string{s.lbl(d.Label), st.Amt.line(d.Amount), st.Amt.line(d.YTD)}
		switch {
		case extra == "ER" && d.ER > 0:
			r = append(r, st.Amt.num(d.ER))
		case extra == "BAL" && d.Balance > 0:
			r = append(r, st.Amt.num(d.Balance))
		case extra != "":
			r = append(r, "")
		}
		rows = append(rows, r)
	}
	tot = nil
	if st.ShowTotalDed {
		tot = []string{s.lbl(st.TotalDed), st.Amt.total(s.TotalDed), st.Amt.total(s.DedYTD)}
		if extra != "" {
			tot = append(tot, "")
		}
	}
	table(st.DedHead, heads, widths, aligns, rows, tot)
	// Summary.
	p.setFont(false, "B", size)
	sw := w / 4
	labels := []string{"", s.lbl(st.Gross), s.lbl(pick2(st.W[9], "Deductions", "Total Deductions", "Less Deductions")), s.lbl(st.Net)}
	p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
	for i, l := range labels {
		p.cell(m+float64(i)*sw, y, sw, rh+1, l, "1", "C", true)
	}
	y += rh + 1
	p.setFont(false, "", size)
	for ri, r := range [][]string{
		{s.lbl(cur), st.Amt.total(s.Gross), st.Amt.total(s.TotalDed), st.Amt.total(s.Net)},
		{s.lbl(ytd), st.Amt.num(s.GrossYTD), st.Amt.num(s.DedYTD), st.Amt.num(s.NetYTD)},
	} {
		for i, c := range r {
			if ri == 0 && i == 3 {
				p.setFont(false, "B", size+0.5)
			} else {
				p.setFont(false, "", size)
			}
			p.cell(m+float64(i)*sw, y, sw, rh+1, c, "1", "R", false)
		}
		y += rh + 1
	}
	footerNote(p, s, m, min(y+8, p.size.H-6), w)
}

func sum(xs []float64) float64 {
	var t float64
	for _, x := range xs {
		t += x
	}
	return t
}

func drawKeyValue(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	m := v.Margin
	if p.size.H < 220 {
		m = min(m, 10)
	}
	w := p.size.W - 2*m
	y := header(p, s, m, m, w)
	size := v.Font
	lh := size * 0.52
	if p.size.H < 220 {
		lh = size * 0.45
	}
	sep := pick2(st.W[12], ": ", " : ", ":  ", " ")
	leaders := st.W[13]%2 == 0
	col := func(x, cw float64, yy float64, rows []kv, bold map[int]bool) float64 {
		for i, r := range rows {
			style := ""
			if bold[i] {
				style = "B"
			}
			if r.K == "" && r.V == "" {
				yy += lh * 0.6
				continue
			}
			p.setFont(false, style, size)
			if r.K == "" {
				p.fit(r.V, cw, size)
				p.text(x, yy, r.V)
				yy += lh
				continue
			}
			k := r.K + strings.TrimRight(sep, " ")
			if leaders {
				k = r.K + " "
			}
			p.fit(k+"   "+r.V, cw, size)
			p.text(x, yy, k)
			if leaders {
				kw := p.width(k)
				vw := p.width(r.V)
				dots := ""
				for p.width(dots+" .") < cw-kw-vw-2 {
					dots += " ."
				}
				p.text(x+kw, yy, dots)
				p.textR(x+cw, yy, r.V)
			} else if st.W[14]%2 == 0 {
				p.textR(x+cw, yy, r.V)
			} else {
				p.text(x+cw*0.55, yy, r.V)
			}
			yy += lh
		}
		return yy
	}
	cw := (w - 10) / 2
	info := infoPairs(s)
	half := (len(info) + 1) / 2
	yl := col(m, cw, y+lh, info[:half], nil)
	yr := col(m+cw+10, cw, y+lh, info[half:], nil)
	y = max(yl, yr) + 2
	p.line(m, y, m+w, y)
	y += 2
	var left, right []kv
	bl, br := map[int]bool{}, map[int]bool{}
	left = append(left, kv{"", s.lbl(strings.ToUpper(st.EarnHead))})
	bl[0] = true
	for _, e := range s.Earnings {
		left = append(left, kv{s.lbl(e.Label), st.Amt.line(e.Amount)})
	}
	bl[len(left)] = true
	left = append(left, kv{s.lbl(st.Gross), st.Amt.total(s.Gross)})
	right = append(right, kv{"", s.lbl(strings.ToUpper(st.DedHead))})
	br[0] = true
	for _, d := range s.Deductions {
		right = append(right, kv{s.lbl(d.Label), st.Amt.line(d.Amount)})
	}
	if st.ShowTotalDed {
		br[len(right)] = true
		right = append(right, kv{s.lbl(st.TotalDed), st.Amt.total(s.TotalDed)})
	}
	if st.ShowER {
		right = append(right, kv{"", ""})
		for _, d := range s.Deductions {
			if d.ER > 0 {
				right = append(right, kv{s.lbl(d.Label + " - Employer"), st.Amt.num(d.ER)})
			}
		}
	}
	if st.ShowYTD {
		left = append(left, kv{"", ""}, kv{s.lbl("YTD Gross"), st.Amt.num(s.GrossYTD)}, kv{s.lbl("YTD Tax & Contributions"), st.Amt.num(s.DedYTD)})
	}
	yl = col(m, cw, y+lh, left, bl)
	yr = col(m+cw+10, cw, y+lh, right, br)
	y = max(yl, yr) + 2
	p.setFont(false, "B", size+2)
	net := s.lbl(st.Net) + strings.TrimRight(sep, " ") + "  " + st.Amt.total(s.Net)
	if st.W[15]%2 == 0 {
		p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
		p.rect(m+w/2, y, w/2, lh+3, "FD")
		p.textR(m+w-2, y+lh+0.5, net)
	} else {
		p.text(m, y+lh+0.5, net)
	}
	footerNote(p, s, m, min(y+lh+10, p.size.H-5), w)
}

func drawRegister(p *pdfw, s *payslip) {
	st := s.St
	v := st.Visual
	m := min(v.Margin, 12)
	w := p.size.W - 2*m
	y := header(p, s, m, m, w)
	y = infoBlock(p, s, infoPairs(s), m, y, w, 3) + 3
	type colDef struct {
		head string
		val  string
		bold bool
	}
	var cols []colDef
	for _, e := range s.Earnings {
		cols = append(cols, colDef{s.lbl(e.Label), st.Amt.num(e.Amount), false})
	}
	cols = append(cols, colDef{s.lbl(st.Gross), st.Amt.num(s.Gross), true})
	for _, d := range s.Deductions {
		cols = append(cols, colDef{s.lbl(d.Label), st.Amt.num(d.Amount), false})
	}
	if st.ShowTotalDed {
		cols = append(cols, colDef{s.lbl(st.TotalDed), st.Amt.num(s.TotalDed), true})
	}
	cols = append(cols, colDef{s.lbl(st.Net), st.Amt.num(s.Net), true})
	cw := w / float64(len(cols))
	size := min(v.Font, 8.5)
	p.f.SetFillColor(v.Accent, v.Accent, v.Accent)
	// Group headings over earnings and deductions.
	ne := len(s.Earnings) + 1
	p.setFont(false, "B", size)
	p.cell(m, y, cw*float64(ne), 5, s.lbl(st.EarnHead), "1", "C", true)
	p.cell(m+cw*float64(ne), y, cw*float64(len(cols)-ne-1), 5, s.lbl(st.DedHead), "1", "C", true)
	p.cell(m+cw*float64(len(cols)-1), y, cw, 5, "", "1", "C", true)
	y += 5
	hh := 12.0
	for i, c := range cols {
		x := m + float64(i)*cw
		p.rect(x, y, cw, hh, "D")
		p.setFont(false, "B", size-1)
		words := strings.Fields(c.head)
		var linesOut []string
		cur := ""
		for _, wd := range words {
			if cur != "" && p.width(cur+" "+wd) > cw-1.5 {
				linesOut = append(linesOut, cur)
				cur = wd
			} else if cur == "" {
				cur = wd
			} else {
				cur += " " + wd
			}
		}
		linesOut = append(linesOut, cur)
		for j, l := range linesOut {
			if j > 2 {
				break
			}
			p.fit(l, cw-1, size-1)
			p.textC(x+cw/2, y+3.5+float64(j)*3.2, l)
		}
	}
	y += hh
	for i, c := range cols {
		x := m + float64(i)*cw
		style := ""
		if c.bold {
			style = "B"
		}
		p.setFont(false, style, size)
		p.fit(c.val, cw-1, size)
		p.cell(x, y, cw, 7, c.val, "1", "R", false)
	}
	y += 14
	p.setFont(false, "", size)
	if st.ShowER {
		if t := employerShares(s); t != "" {
			p.fit(t, w, size)
			p.text(m, y, t)
			y += 5
		}
	}
	if st.Amt.Mark != "" {
		p.setFont(false, "", size-1)
		p.text(m, y, s.lbl("All amounts in Philippine Peso")+" ("+st.Amt.Mark+")")
		y += 5
	}
	p.setFont(false, "", size)
	p.text(m, y+8, s.lbl("Received by")+": ______________________________")
	p.text(m+w/2, y+8, s.lbl("Date")+": ______________")
}

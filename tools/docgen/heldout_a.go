package docgen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"talaan/extract"
)

// heldOutA is the first group of held-out payslip templates. They were
// written from descriptions of real Philippine (and some US-style) payroll
// documents: each one draws its own captions (English, Tagalog, Taglish,
// abbreviations), its own period wording and its own distractors, so that
// nothing on the page repeats the wording of the tuning templates.
func heldOutA() []*slipLayout {
	return []*slipLayout{
		{Name: "ho-a-grid", Desc: "ruled grid of small captioned boxes (Date From / Date To in separate boxes), coded earnings and deductions grids, totals in boxes",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeSlip}, Draw: drawHoGrid},
		{Name: "ho-a-statement", Desc: "single-column statement in Tagalog or Taglish, period in a shaded header band, items top to bottom with leaders, totals at the bottom, memo of rates and accruals",
			Sizes: []pageSize{sizeA5, sizeA4, sizeLetter}, Draw: drawHoStatement},
		{Name: "ho-a-ledger", Desc: "monospaced ledger (Particulars | Earnings | Deductions | Balance) with a running balance that ends at the net pay, month-name or range period",
			Sizes: []pageSize{sizeLetter, sizeA4, sizeHalfL}, Mono: true, Draw: drawHoLedger},
		{Name: "ho-a-tiles", Desc: "summary tiles with big boxed gross, deductions and net figures (and a pay-date or YTD tile), detail tables with current and YTD columns, employer-share and loan tables, software footer",
			Sizes: []pageSize{sizeA4, sizeLetter, sizeA5}, Draw: drawHoTiles},
		{Name: "ho-a-govform", Desc: "government-office form: Republic of the Philippines band above the agency name, bordered particulars/amount form with salary grade and annual rate, signatories (prepared, certified correct, approved, received)",
			Sizes: []pageSize{sizeA4, sizeLegal, sizeLetter}, Draw: drawHoGovForm},
		{Name: "ho-a-twoup", Desc: "two-up strip: the same US-style pay stub twice (employee's copy and employer's copy) side by side or stacked with a cut line; period beginning/ending, month or cut-off wording; rate, hours and YTD columns",
			Sizes: []pageSize{sizeA4L, sizeLetterL, sizeA4, sizeLetter}, Draw: drawHoTwoUp},
	}
}

// hoRand is the template's own source of style choices. It is seeded from
// the slip style, so the seed of the document decides it and every page of
// one document looks the same.
func hoRand(s *payslip, salt uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(s.St.W[14])<<20|uint64(s.St.W[15]), salt))
}

// Caption languages.
const (
	hoEnglish = iota
	hoTagalog
	hoTaglish
)

// hoWords are the captions one document prints.
type hoWords struct {
	Lang                          int
	Abbrev                        bool // SSS EE, PHIC, HDMF, W/Tax
	Basic, Gross, TotDed, Net     string
	Earn, Ded, Period, PayDate    string
	From, To, Name, EmpNo, Pos    string
	Dept, Amount, Qty, Title      string
	Signature, Received, Rate, OT string
}

func hoCaptions(r *rand.Rand, lang int) hoWords {
	w := hoWords{Lang: lang}
	switch lang {
	case hoTagalog:
		w.Basic = pick(r, []string{"Batayang Sahod", "Pangunahing Sahod", "Batayang Sweldo"})
		w.Gross = pick(r, []string{"Kabuuang Kita", "Kabuuang Sahod", "Kabuuang Kinita"})
		w.TotDed = pick(r, []string{"Kabuuang Kaltas", "Kabuuan ng mga Kaltas", "Kabuuang Bawas"})
		w.Net = pick(r, []string{"Netong Sahod", "Halagang Matatanggap", "Sahod na Matatanggap"})
		w.Earn = pick(r, []string{"Mga Kita", "Kita", "Mga Kinita"})
		w.Ded = pick(r, []string{"Mga Kaltas", "Mga Bawas", "Kaltas"})
		w.Period = pick(r, []string{"Panahon ng Sahod", "Saklaw na Petsa", "Sakop na Panahon"})
		w.PayDate = pick(r, []string{"Petsa ng Sahod", "Araw ng Sahod", "Petsa ng Bayad"})
		w.From, w.To = "Mula", "Hanggang"
		w.Name = pick(r, []string{"Pangalan", "Pangalan ng Empleyado"})
		w.EmpNo = pick(r, []string{"Blg. ng Empleyado", "Numero ng Empleyado", "ID Blg."})
		w.Pos = pick(r, []string{"Posisyon", "Katungkulan", "Tungkulin"})
		w.Dept = pick(r, []string{"Departamento", "Sangay"})
		w.Amount = pick(r, []string{"Halaga", "Halaga (PHP)"})
		w.Qty = pick(r, []string{"Araw/Oras", "Bilang"})
		w.Title = pick(r, []string{"PAHAYAG NG SAHOD", "KATIBAYAN NG SAHOD", "TALAAN NG SAHOD"})
		w.Signature = pick(r, []string{"Lagda ng Empleyado", "Lagda"})
		w.Received = pick(r, []string{"Tinanggap ni", "Tinanggap ko ang halagang nakasaad sa itaas."})
		w.Rate = pick(r, []string{"Arawang Sahod", "Sahod bawat Araw"})
		w.OT = "Obertaym"
	case hoTaglish:
		w.Basic = pick(r, []string{"Basic na Sahod", "Basic Pay (Sahod)", "Sahod - Basic"})
		w.Gross = pick(r, []string{"Kabuuang Gross", "Gross Pay (Kabuuang Kita)", "Total Kita"})
		w.TotDed = pick(r, []string{"Total Kaltas", "Kabuuang Deductions", "Total ng Kaltas"})
		w.Net = pick(r, []string{"Take Home (Netong Sahod)", "Net Pay - Matatanggap", "Netong Pay"})
		w.Earn = pick(r, []string{"Kita / Earnings", "Earnings (Kita)", "Mga Kita"})
		w.Ded = pick(r, []string{"Kaltas / Deductions", "Deductions (Kaltas)", "Mga Kaltas"})
		w.Period = pick(r, []string{"Cut-off ng Sahod", "Pay Period (Panahon)", "Saklaw na Cut-off"})
		w.PayDate = pick(r, []string{"Petsa ng Payout", "Payday (Araw ng Sahod)", "Sahod Date"})
		w.From, w.To = pick(r, []string{"Mula (From)", "From"}), pick(r, []string{"Hanggang (To)", "To"})
		w.Name = pick(r, []string{"Pangalan / Name", "Name ng Empleyado"})
		w.EmpNo = pick(r, []string{"Employee No.", "ID No."})
		w.Pos = pick(r, []string{"Posisyon", "Position"})
		w.Dept = pick(r, []string{"Dept.", "Departamento"})
		w.Amount = pick(r, []string{"Halaga", "Amount"})
		w.Qty = pick(r, []string{"Araw/Hrs", "Qty"})
		w.Title = pick(r, []string{"PAYSLIP NG EMPLEYADO", "SAHOD SLIP", "Payslip"})
		w.Signature = pick(r, []string{"Pirma ng Empleyado", "Employee's Pirma"})
		w.Received = pick(r, []string{"Received ni", "Natanggap ko nang buo ang halagang ito."})
		w.Rate = pick(r, []string{"Daily Rate (Arawan)", "Rate kada Araw"})
		w.OT = "OT"
	default:
		w.Abbrev = chance(r, 0.5)
		w.Basic = pick(r, []string{"Basic Pay", "Basic Salary", "BASIC", "Regular Pay", "Basic Wage", "Basic Compensation"})
		w.Gross = pick(r, []string{"Gross Pay", "Gr. Pay", "GROSS EARNINGS", "Total Earnings", "Gross Amt.", "Total Gross"})
		w.TotDed = pick(r, []string{"Total Deductions", "Tot. Ded.", "TOTAL DEDUCTIONS", "Total Ded.", "Deductions, Total"})
		w.Net = pick(r, []string{"Net Pay", "Net Amt.", "NET TAKE HOME", "Net Amount Due", "Net Pay Due", "Net Salary"})
		w.Earn = pick(r, []string{"Earnings", "Income", "Additions", "Pay Items"})
		w.Ded = pick(r, []string{"Deductions", "Less", "Withholdings", "Ded."})
		w.Period = pick(r, []string{"Pay Period", "Period Covered", "Payroll Period", "Covering", "Payroll Cut-off"})
		w.PayDate = pick(r, []string{"Pay Date", "Date of Payment", "Payout Date", "Check Date", "Released"})
		w.From, w.To = pick(r, []string{"Date From", "From", "Period From"}), pick(r, []string{"Date To", "To", "Period To"})
		w.Name = pick(r, []string{"Employee Name", "Name", "Employee"})
		w.EmpNo = pick(r, []string{"Emp. No.", "Employee No.", "ID No.", "Badge No."})
		w.Pos = pick(r, []string{"Position", "Designation", "Job Title"})
		w.Dept = pick(r, []string{"Department", "Dept.", "Division"})
		w.Amount = pick(r, []string{"Amount", "Amt.", "Current"})
		w.Qty = pick(r, []string{"Hrs/Days", "Units", "Qty"})
		w.Title = pick(r, []string{"PAYSLIP", "PAY SLIP", "Employee Pay Slip", "SALARY SLIP", "Payroll Slip"})
		w.Signature = pick(r, []string{"Employee Signature", "Signature over Printed Name"})
		w.Received = pick(r, []string{"Received by", "I acknowledge receipt of the amount stated above."})
		w.Rate = pick(r, []string{"Daily Rate", "Rate/Day", "Rate per Day"})
		w.OT = "OT"
	}
	return w
}

// hoLabel is the caption the document prints for an item.
func hoLabel(w hoWords, it item) string {
	switch it.Kind {
	case "basic":
		return w.Basic
	case "sss":
		if w.Abbrev {
			return "SSS EE"
		}
		if w.Lang == hoTagalog {
			return "SSS (Kontribusyon)"
		}
	case "phic":
		if w.Abbrev {
			return "PHIC"
		}
		if w.Lang != hoEnglish {
			return "PhilHealth"
		}
	case "hdmf":
		if w.Abbrev {
			return "HDMF"
		}
		if w.Lang != hoEnglish {
			return "Pag-IBIG"
		}
	case "tax":
		if w.Abbrev {
			return "W/Tax"
		}
		if w.Lang == hoTagalog {
			return "Buwis (W/Tax)"
		}
	case "abs":
		switch w.Lang {
		case hoTagalog:
			return "Liban (Absent)"
		case hoTaglish:
			return "Absent / Liban"
		}
	case "late":
		switch w.Lang {
		case hoTagalog:
			return "Huli / Undertime"
		case hoTaglish:
			return "Late / Undertime"
		}
	case "ot":
		if w.Lang == hoTagalog {
			return "Obertaym (OT)"
		}
	case "hol":
		if w.Lang == hoTagalog {
			return "Bayad sa Piyesta Opisyal"
		}
	case "other":
		if w.Lang != hoEnglish && (it.Label == "Cash Advance" || it.Label == "CA") {
			return "Bale (Cash Advance)"
		}
	}
	return it.Label
}

var tagalogMonths = []string{"Enero", "Pebrero", "Marso", "Abril", "Mayo", "Hunyo", "Hulyo", "Agosto", "Setyembre", "Oktubre", "Nobyembre", "Disyembre"}

// Period wordings.
const (
	hpUpperRange = iota // MARCH 16-31, 2025
	hpAbbrRange         // Mar 13-19, 2023
	hpLongRange         // April 1-30, 2025
	hpMonthOf           // for the month of June 2025 (whole months only)
	hpMonthDash         // June-2025 (whole months only)
	hpSlashPair         // 03/01/2025 - 03/15/2025
	hpTagalog           // Marso 16-31, 2025
)

// hoWholeMonth reports whether the slip covers exactly one calendar month.
func hoWholeMonth(s *payslip) bool {
	return s.Start.Day() == 1 && s.End.Year() == s.Start.Year() && s.End.Month() == s.Start.Month() &&
		s.End.Day() == daysIn(s.Start.Year(), s.Start.Month())
}

// hoRange prints a..b as a range with month names from mon.
func hoRange(a, b time.Time, mon func(time.Time) string) string {
	switch {
	case a.Year() == b.Year() && a.Month() == b.Month():
		return fmt.Sprintf("%s %d-%d, %d", mon(a), a.Day(), b.Day(), a.Year())
	case a.Year() == b.Year():
		return fmt.Sprintf("%s %d - %s %d, %d", mon(a), a.Day(), mon(b), b.Day(), a.Year())
	}
	return fmt.Sprintf("%s %d, %d - %s %d, %d", mon(a), a.Day(), a.Year(), mon(b), b.Day(), b.Year())
}

// hoPeriod prints the slip's period in wording f; a month wording falls
// back to a range when the period is not one whole month.
func hoPeriod(s *payslip, f int) string {
	a, b := s.Start, s.End
	long := func(t time.Time) string { return t.Format("January") }
	switch f {
	case hpUpperRange:
		return strings.ToUpper(hoRange(a, b, long))
	case hpAbbrRange:
		return hoRange(a, b, func(t time.Time) string { return t.Format("Jan") })
	case hpMonthOf:
		if hoWholeMonth(s) {
			return "for the month of " + a.Format("January 2006")
		}
	case hpMonthDash:
		if hoWholeMonth(s) {
			return a.Format("January-2006")
		}
	case hpSlashPair:
		return a.Format("01/02/2006") + " - " + b.Format("01/02/2006")
	case hpTagalog:
		return hoRange(a, b, func(t time.Time) string { return tagalogMonths[t.Month()-1] })
	}
	return hoRange(a, b, long)
}

// hoDate prints one date in style f.
func hoDate(t time.Time, f int) string {
	switch f % 6 {
	case 0:
		return t.Format("01/02/2006")
	case 1:
		return t.Format("02-Jan-2006")
	case 2:
		return t.Format("2006-01-02")
	case 3:
		return t.Format("Jan 2, 2006")
	case 4:
		return t.Format("January 2, 2006")
	}
	return t.Format("1/2/2006")
}

// hoFreq is the frequency as a payroll prints it.
func hoFreq(s *payslip, lang int) string {
	if lang == hoTagalog {
		switch s.Freq {
		case extract.FreqSemimonthly:
			return "Kinsenas"
		case extract.FreqMonthly:
			return "Buwanan"
		case extract.FreqWeekly:
			return "Lingguhan"
		}
		return "Tuwing Dalawang Linggo"
	}
	switch s.Freq {
	case extract.FreqSemimonthly:
		return "Semi-Monthly"
	case extract.FreqBiweekly:
		return "Bi-Weekly"
	}
	return s.Freq
}

// hoDaily reports whether the slip is for a daily-paid worker.
func hoDaily(s *payslip) bool {
	return s.MWE || s.Freq == extract.FreqWeekly || s.Freq == extract.FreqBiweekly
}

// put draws s at x (left, right or centre aligned by al) shrunk to fit w.
func (p *pdfw) put(x, y, w float64, s string, mono bool, style string, size float64, al byte) {
	p.setFont(mono, style, size)
	p.fit(s, w, size)
	switch al {
	case 'R':
		p.textR(x+w, y, s)
	case 'C':
		p.textC(x+w/2, y, s)
	default:
		p.text(x, y, s)
	}
}

func (p *pdfw) fill(g int)   { p.f.SetFillColor(g, g, g) }
func (p *pdfw) stroke(g int) { p.f.SetDrawColor(g, g, g) }

// ---------------------------------------------------------------------------
// ho-a-grid: a ruled grid of small captioned boxes.

func drawHoGrid(p *pdfw, s *payslip) {
	r := hoRand(s, 1)
	st := s.St
	lang := pick(r, []int{hoEnglish, hoEnglish, hoEnglish, hoTaglish})
	w := hoCaptions(r, lang)
	up := func(x string) string {
		if st.Upper {
			return strings.ToUpper(x)
		}
		return x
	}
	m := 8 + float64(r.IntN(5))
	W := p.size.W - 2*m
	short := p.size.H < 200
	fs := 8.5
	if short {
		fs = 7.5
	}
	capFs := fs - 2.5
	y := m
	p.f.SetLineWidth(0.25)

	// Letterhead box.
	lhH := 18.0
	if short {
		lhH = 15
	}
	p.rect(m, y, W, lhH, "D")
	tx := m + 3
	if chance(r, 0.6) {
		p.fill(60 + r.IntN(60))
		p.rect(m+2, y+2, lhH-4, lhH-4, "F")
		p.f.SetTextColor(255, 255, 255)
		p.put(m+2, y+lhH/2+1.5, lhH-4, s.Co.Short, false, "B", 10, 'C')
		p.gray(0)
		tx = m + lhH + 1
	}
	titleW := 48.0
	p.line(m+W-titleW, y, m+W, y+0)
	p.line(m+W-titleW, y, m+W-titleW, y+lhH)
	p.put(tx, y+6, W-titleW-(tx-m)-3, s.employerName(), false, "B", fs+3.5, 'L')
	p.put(tx, y+10, W-titleW-(tx-m)-3, s.Co.Address, false, "", fs-2, 'L')
	p.put(tx, y+13.5, W-titleW-(tx-m)-3, "TIN "+s.Co.TIN, false, "", fs-2, 'L')
	p.put(m+W-titleW+2, y+7, titleW-4, up(w.Title), false, "B", fs+2.5, 'C')
	serial := fmt.Sprintf("No. %s-%04d", s.End.Format("0601"), 1+r.IntN(9999))
	p.put(m+W-titleW+2, y+12.5, titleW-4, serial, false, "", fs-2, 'C')
	y += lhH

	// Rows of captioned boxes.
	boxH := 9.0
	if short {
		boxH = 8
	}
	type box struct {
		cap, val string
		frac     float64
		bold     bool
	}
	row := func(bs []box) {
		x := m
		for _, b := range bs {
			bw := W * b.frac
			p.rect(x, y, bw, boxH, "D")
			p.gray(80)
			p.put(x+1.2, y+2.6, bw-2.4, up(b.cap), false, "", capFs, 'L')
			p.gray(0)
			sty := ""
			if b.bold {
				sty = "B"
			}
			p.put(x+1.2, y+boxH-1.8, bw-2.4, b.val, false, sty, fs, 'L')
			x += bw
		}
		y += boxH
	}
	row([]box{{w.EmpNo, s.EmpID, 0.16, false}, {w.Name, s.Emp.format(st.NameStyle), 0.38, true},
		{w.Pos, s.Position, 0.26, false}, {w.Dept, s.Dept, 0.20, false}})
	df := r.IntN(5)
	r2 := []box{{w.From, hoDate(s.Start, df), 0.17, true}, {w.To, hoDate(s.End, df), 0.17, true}}
	if s.PayDate != nil {
		r2 = append(r2, box{w.PayDate, hoDate(*s.PayDate, df), 0.17, false})
	}
	r2 = append(r2, box{pick(r, []string{"Pay Basis", "Payroll Type", "Frequency"}), hoFreq(s, hoEnglish), 0.17, false})
	if st.ShowRates {
		if hoDaily(s) {
			r2 = append(r2, box{w.Rate, st.Amt.line(s.Daily), 0.16, false})
		} else {
			r2 = append(r2, box{pick(r, []string{"Monthly Rate", "Basic Rate/Mo.", "Rate/Month"}), st.Amt.line(s.Monthly), 0.16, false})
		}
		r2 = append(r2, box{"Rate/Hr", st.Amt.line(s.Hourly), 0.16, false})
	}
	used := 0.0
	for _, b := range r2 {
		used += b.frac
	}
	r2[len(r2)-1].frac += 1 - used
	row(r2)
	if st.ShowIDs && !short {
		row([]box{{"TIN", s.TIN, 0.25, false}, {"SSS No.", s.SSS, 0.25, false}, {"PhilHealth No.", s.PHIC, 0.25, false}, {"Pag-IBIG MID", s.HDMF, 0.25, false}})
	}
	y += 3

	// Coded grids, earnings left and deductions right.
	gap := 3.0
	half := (W - gap) / 2
	n := max(len(s.Earnings), len(s.Deductions))
	totH := boxH + 2
	ytdH := 0.0
	if st.ShowYTD {
		ytdH = boxH + 2
	}
	avail := p.size.H - m - y - totH - ytdH - 14
	rh := min(fs*0.62, avail/float64(n+1))
	headFill := 215 + r.IntN(25)
	eHasQty := st.ShowHours
	second := "" // the extra deductions column: employer share or loan balance
	switch {
	case st.ShowER:
		second = pick(r, []string{"ER Share", "Employer", "Co. Share"})
	case st.ShowBalance:
		second = pick(r, []string{"Loan Bal.", "Balance"})
	}
	grid := func(x float64, head string, cols []string, fr []float64, rows [][]string, aligns string) {
		p.fill(headFill)
		p.setFont(false, "B", fs-1)
		cx := x
		for i, c := range cols {
			cw := half * fr[i]
			p.rect(cx, y, cw, rh+0.5, "FD")
			p.put(cx+1, y+rh*0.78, cw-2, up(c), false, "B", fs-1, aligns[i])
			cx += cw
		}
		_ = head
		yy := y + rh + 0.5
		for j := range n {
			cx = x
			for i := range cols {
				cw := half * fr[i]
				p.rect(cx, yy, cw, rh, "D")
				if j < len(rows) && rows[j][i] != "" {
					p.put(cx+1, yy+rh*0.75, cw-2, rows[j][i], false, "", fs-0.5, aligns[i])
				}
				cx += cw
			}
			yy += rh
		}
	}
	var er [][]string
	for i, it := range s.Earnings {
		code := fmt.Sprintf("E%02d", i+1)
		if eHasQty {
			er = append(er, []string{code, hoLabel(w, it), it.Qty, st.Amt.line(it.Amount)})
		} else {
			er = append(er, []string{code, hoLabel(w, it), st.Amt.line(it.Amount)})
		}
	}
	if eHasQty {
		grid(m, w.Earn, []string{"Code", w.Earn, w.Qty, w.Amount}, []float64{0.13, 0.45, 0.15, 0.27}, er, "LLRR")
	} else {
		grid(m, w.Earn, []string{"Code", w.Earn, w.Amount}, []float64{0.13, 0.57, 0.30}, er, "LLR")
	}
	var dr [][]string
	for i, it := range s.Deductions {
		code := fmt.Sprintf("D%02d", i+1)
		if second == "" {
			dr = append(dr, []string{code, hoLabel(w, it), st.Amt.line(it.Amount)})
			continue
		}
		x := ""
		if st.ShowER && it.ER > 0 {
			x = st.Amt.num(it.ER)
		} else if !st.ShowER && it.Balance > 0 {
			x = st.Amt.num(it.Balance)
		}
		dr = append(dr, []string{code, hoLabel(w, it), st.Amt.line(it.Amount), x})
	}
	if second == "" {
		grid(m+half+gap, w.Ded, []string{"Code", w.Ded, w.Amount}, []float64{0.13, 0.57, 0.30}, dr, "LLR")
	} else {
		grid(m+half+gap, w.Ded, []string{"Code", w.Ded, w.Amount, second}, []float64{0.12, 0.42, 0.23, 0.23}, dr, "LLRR")
	}
	y += rh + 0.5 + float64(n)*rh + 2

	// Totals in boxes.
	tb := []struct {
		cap, val string
		shade    bool
	}{{w.Gross, st.Amt.total(s.Gross), false}, {w.TotDed, st.Amt.total(s.TotalDed), false}, {w.Net, st.Amt.total(s.Net), true}}
	bw := W / 3
	for i, b := range tb {
		x := m + float64(i)*bw
		if b.shade {
			p.fill(225)
			p.rect(x, y, bw, totH, "FD")
		} else {
			p.rect(x, y, bw, totH, "D")
		}
		p.gray(60)
		p.put(x+1.5, y+3, bw-3, up(b.cap), false, "B", capFs+0.5, 'L')
		p.gray(0)
		p.put(x+1.5, y+totH-1.8, bw-3, b.val, false, "B", fs+2, 'R')
	}
	y += totH
	if st.ShowYTD {
		y += 2
		yb := []struct{ cap, val string }{
			{"YTD " + pick(r, []string{"Gross", "Taxable Gross", "Earnings"}), st.Amt.num(s.GrossYTD)},
			{"YTD Ded.", st.Amt.num(s.DedYTD)},
			{"YTD Net", st.Amt.num(s.NetYTD)},
		}
		for i, b := range yb {
			x := m + float64(i)*bw
			p.stroke(140)
			p.rect(x, y, bw, ytdH-2, "D")
			p.stroke(0)
			p.gray(90)
			p.put(x+1.5, y+3, bw-3, up(b.cap), false, "", capFs, 'L')
			p.put(x+1.5, y+ytdH-3.5, bw-3, b.val, false, "", fs-0.5, 'R')
			p.gray(0)
		}
		y += ytdH
	}
	// Signature line.
	y = min(y+9, p.size.H-m-2)
	p.line(m+W-70, y, m+W, y)
	p.gray(80)
	p.put(m+W-70, y+3, 70, up(w.Signature), false, "", capFs+0.5, 'C')
	p.put(m, y, W-75, pick(r, []string{"Computer-generated; valid without signature.", "Keep this slip for your records.", "Report errors to Payroll within 3 days."}), false, "", capFs+0.5, 'L')
	p.gray(0)
}

// ---------------------------------------------------------------------------
// ho-a-statement: one column, items top to bottom, totals at the bottom.

func drawHoStatement(p *pdfw, s *payslip) {
	r := hoRand(s, 2)
	st := s.St
	lang := pick(r, []int{hoTagalog, hoTagalog, hoTaglish, hoTaglish, hoEnglish})
	w := hoCaptions(r, lang)
	colW := p.size.W - 24
	if p.size.W > 160 {
		colW = 120 + float64(r.IntN(30))
	}
	x := (p.size.W - colW) / 2
	if p.size.W > 160 && chance(r, 0.4) {
		x = 16
	}
	fs := 8.5 + r.Float64()
	y := 14.0
	centred := chance(r, 0.6)
	al := byte('L')
	if centred {
		al = 'C'
	}
	p.put(x, y, colW, s.employerName(), false, "B", fs+4, al)
	y += 4.5
	p.gray(70)
	p.put(x, y, colW, s.Co.Address, false, "", fs-1.5, al)
	y += 3.8
	p.put(x, y, colW, "TIN: "+s.Co.TIN, false, "", fs-1.5, al)
	p.gray(0)
	y += 7
	p.put(x, y, colW, w.Title, false, "B", fs+2, al)
	y += 3.5

	// Header band with the period.
	var band string
	switch f := pick(r, []int{hpUpperRange, hpTagalog, hpLongRange, hpMonthOf, hpSlashPair}); {
	case f == hpMonthOf && hoWholeMonth(s) && lang == hoTagalog:
		band = w.Period + ": para sa buwan ng " + tagalogMonths[s.Start.Month()-1] + " " + s.Start.Format("2006")
	case f == hpMonthOf && hoWholeMonth(s):
		band = w.Period + ": " + hoPeriod(s, hpMonthOf)
	case f == hpSlashPair:
		band = "Cut-off: " + hoPeriod(s, hpSlashPair)
	case f == hpTagalog && lang == hoEnglish:
		band = strings.ToUpper(w.Period + ": " + hoPeriod(s, hpUpperRange))
	default:
		band = strings.ToUpper(w.Period + ": " + hoPeriod(s, f))
	}
	p.fill(70 + r.IntN(40))
	p.rect(x, y, colW, 7, "F")
	p.f.SetTextColor(255, 255, 255)
	p.put(x+2, y+4.9, colW-4, band, false, "B", fs, 'C')
	p.gray(0)
	y += 7

	lh := fs * 0.5
	// Employee lines.
	pairs := []kv{{w.Name, s.Emp.format(st.NameStyle)}, {w.EmpNo, s.EmpID}, {w.Pos, s.Position}}
	if s.PayDate != nil {
		pairs = append(pairs, kv{w.PayDate, hoDate(*s.PayDate, r.IntN(6))})
	}
	freqCap := map[int]string{hoTagalog: "Uri ng Sahod", hoTaglish: "Payroll Type"}[lang]
	if freqCap == "" {
		freqCap = "Pay Frequency"
	}
	pairs = append(pairs, kv{freqCap, hoFreq(s, lang)})
	y += 2
	kw := 0.0
	p.setFont(false, "", fs)
	for _, kv := range pairs {
		kw = max(kw, p.width(kv.K+":")+3)
	}
	kw = min(kw, colW*0.45)
	for _, kv := range pairs {
		y += lh
		p.gray(60)
		p.put(x, y, kw-2, kv.K+":", false, "", fs, 'L')
		p.gray(0)
		p.put(x+kw, y, colW-kw, kv.V, false, "B", fs, 'L')
	}
	y += 3

	// Memo lines under the net pay.
	var memo []string
	if st.ShowRates {
		if hoDaily(s) {
			memo = append(memo, fmt.Sprintf("%s: %s", w.Rate, st.Amt.num(s.Daily)))
		} else {
			memo = append(memo, fmt.Sprintf("%s: %s   /   %s: %s", map[bool]string{true: "Buwanang Sahod", false: "Monthly Rate"}[lang == hoTagalog],
				st.Amt.num(s.Monthly), w.Rate, st.Amt.num(s.Daily)))
		}
	}
	if chance(r, 0.6) {
		var basicYTD int64
		for _, e := range s.Earnings {
			if e.Kind == "basic" {
				basicYTD = e.YTD
			}
		}
		memo = append(memo, fmt.Sprintf("%s: %s", hoThirteenth(r, lang),
			st.Amt.num(basicYTD/12)))
	}
	if st.ShowBalance {
		for _, d := range s.Deductions {
			if d.Balance > 0 {
				memo = append(memo, fmt.Sprintf("%s - %s: %s", hoLabel(w, d), pick(r, []string{"natitirang balanse", "balance"}), st.Amt.num(d.Balance)))
			}
		}
	}
	if st.ShowER {
		if t := employerShares(s); t != "" {
			memo = append(memo, t)
		}
	}
	if st.ShowYTD {
		memo = append(memo, fmt.Sprintf("YTD Gross: %s   YTD Net: %s", st.Amt.num(s.GrossYTD), st.Amt.num(s.NetYTD)))
	}
	lines := len(s.Earnings) + len(s.Deductions) + 7 + len(memo)
	room := p.size.H - 22 - y
	lh = min(fs*0.55, room/float64(lines))

	dotted := chance(r, 0.6)
	amtX := x + colW
	leader := func(label, amt string, bold bool, indent float64) {
		y += lh
		sty := ""
		if bold {
			sty = "B"
		}
		p.put(x+indent, y, colW*0.62-indent, label, false, sty, fs, 'L')
		lw := p.width(label)
		p.setFont(false, sty, fs)
		aw := p.width(amt)
		p.textR(amtX, y, amt)
		if dotted {
			p.f.SetDashPattern([]float64{0.3, 0.9}, 0)
			p.stroke(120)
			p.line(x+indent+lw+1.5, y, amtX-aw-2, y)
			p.f.SetDashPattern(nil, 0)
			p.stroke(0)
		}
	}
	head := func(t string) {
		y += lh + 0.8
		p.put(x, y, colW, strings.ToUpper(t), false, "B", fs, 'L')
	}
	head(w.Earn)
	for _, e := range s.Earnings {
		l := hoLabel(w, e)
		if st.ShowHours && e.Qty != "" {
			unit := ""
			switch e.Kind {
			case "ot", "nd":
				unit = map[bool]string{true: " oras", false: " hrs"}[lang != hoEnglish]
			case "basic", "abs", "hol", "allow":
				unit = map[bool]string{true: " araw", false: " day(s)"}[lang != hoEnglish]
			}
			l += " (" + e.Qty + unit + ")"
		}
		leader(l, st.Amt.line(e.Amount), false, 3)
	}
	y += 1.2
	p.line(amtX-32, y, amtX, y)
	leader(w.Gross, st.Amt.total(s.Gross), true, 0)
	y += 1
	head(w.Ded)
	for _, d := range s.Deductions {
		leader(hoLabel(w, d), st.Amt.line(d.Amount), false, 3)
	}
	y += 1.2
	p.line(amtX-32, y, amtX, y)
	leader(w.TotDed, st.Amt.total(s.TotalDed), true, 0)
	y += 2.5
	p.line(x, y, amtX, y)
	p.line(x, y+0.7, amtX, y+0.7)
	y += 1.5
	y += lh + 0.5
	p.put(x, y, colW*0.6, strings.ToUpper(w.Net), false, "B", fs+1.5, 'L')
	p.setFont(false, "B", fs+2.5)
	p.textR(amtX, y, st.Amt.total(s.Net))
	y += 2
	if len(memo) > 0 {
		y += 2
		p.gray(100)
		p.put(x, y+lh, colW, pick(r, []string{"Para sa inyong kaalaman:", "Paalala (hindi kasama sa kuwenta):", "For reference only:"}), false, "B", fs-1.5, 'L')
		y += lh
		for _, t := range memo {
			y += lh * 0.9
			p.put(x+3, y, colW-3, t, false, "", fs-1.5, 'L')
		}
		p.gray(0)
	}
	// Acknowledgement.
	y = min(y+9, p.size.H-14)
	if !strings.HasSuffix(w.Received, ".") {
		p.put(x, y, colW, w.Received+":", false, "", fs-1, 'L')
		y += 7
	} else {
		p.put(x, y, colW, w.Received, false, "", fs-1, 'L')
		y += 7
	}
	y = min(y, p.size.H-8)
	p.line(x+colW-60, y, x+colW, y)
	p.put(x+colW-60, y+3.2, 60, w.Signature, false, "", fs-1.5, 'C')
}

// ---------------------------------------------------------------------------
// ho-a-ledger: a running-balance ledger in a monospaced face.

func drawHoLedger(p *pdfw, s *payslip) {
	r := hoRand(s, 3)
	st := s.St
	w := hoCaptions(r, pick(r, []int{hoEnglish, hoEnglish, hoTaglish}))
	up := func(x string) string {
		if st.Upper {
			return strings.ToUpper(x)
		}
		return x
	}
	short := p.size.H < 200
	m := 10.0 + float64(r.IntN(4))
	W := p.size.W - 2*m
	fs := 8.0
	if short {
		fs = 7.0
	}
	y := m + 3
	// Heading.
	name := s.employerName()
	if chance(r, 0.5) {
		name = strings.ToUpper(s.Co.Name)
	}
	title := pick(r, []string{"SALARY LEDGER", "PAY STATEMENT", "PAYROLL LEDGER - EMPLOYEE COPY", "STATEMENT OF PAY"})
	p.put(m, y, W*0.62, name, true, "B", fs+2.5, 'L')
	p.put(m+W*0.64, y, W*0.36, title, true, "B", fs+1, 'R')
	y += fs * 0.5
	p.put(m, y, W*0.62, s.Co.Address, true, "", fs-1, 'L')
	y += fs * 0.45
	p.put(m, y, W*0.62, "TIN "+s.Co.TIN, true, "", fs-1, 'L')
	y += 2

	lh := fs * 0.48
	textRules := chance(r, 0.5)
	rule := func(ch string) {
		if textRules {
			p.setFont(true, "", fs)
			n := int(W / p.width("-"))
			p.text(m, y+lh*0.6, strings.Repeat(ch, n))
			y += lh
			return
		}
		y += lh * 0.5
		p.line(m, y, m+W, y)
		if ch == "=" {
			p.line(m, y+0.6, m+W, y+0.6)
		}
		y += lh * 0.5
	}
	rule("=")
	// Employee and period block, two columns of "Key : value".
	pf := pick(r, []int{hpMonthOf, hpMonthDash, hpAbbrRange, hpLongRange, hpAbbrRange})
	per := hoPeriod(s, pf)
	left := []kv{{w.Name, s.Emp.format(st.NameStyle)}, {w.Pos, s.Position}, {w.Period, per}}
	right := []kv{{w.EmpNo, s.EmpID}, {w.Dept, s.Dept}}
	if s.PayDate != nil {
		right = append(right, kv{pick(r, []string{"Paid on", "Pay Date", "Date Paid"}), hoDate(*s.PayDate, pick(r, []int{0, 1, 3}))})
	}
	if st.ShowRates {
		if hoDaily(s) {
			right = append(right, kv{"Rate/Day", st.Amt.num(s.Daily)})
		} else {
			right = append(right, kv{"Rate/Month", st.Amt.num(s.Monthly)})
		}
		right = append(right, kv{"Rate/Hr", st.Amt.num(s.Hourly)})
	}
	p.setFont(true, "", fs)
	kwL, kwR := 0.0, 0.0
	for _, k := range left {
		kwL = max(kwL, p.width(up(k.K)))
	}
	for _, k := range right {
		kwR = max(kwR, p.width(up(k.K)))
	}
	y0 := y
	for i, k := range left {
		yy := y0 + float64(i+1)*lh
		p.put(m, yy, kwL, up(k.K), true, "", fs, 'L')
		p.put(m+kwL+1, yy, W*0.6-kwL-2, ": "+k.V, true, "", fs, 'L')
	}
	rx := m + W*0.62
	for i, k := range right {
		yy := y0 + float64(i+1)*lh
		p.put(rx, yy, kwR, up(k.K), true, "", fs, 'L')
		p.put(rx+kwR+1, yy, W*0.38-kwR-1, ": "+k.V, true, "", fs, 'L')
	}
	y = y0 + float64(max(len(left), len(right)))*lh + lh*0.3
	rule("=")

	// Columns: Particulars [Qty] Earnings Deductions Balance.
	p.setFont(true, "", fs)
	amtW := p.width(st.Amt.total(s.Gross)+"  ") + 2
	bal := pick(r, []string{"Balance", "Running Bal.", "Bal."})
	p.setFont(true, "B", fs)
	amtW = max(amtW, p.width(up(w.Earn))+2, p.width(up(w.Ded))+2)
	if 3*(amtW+2)+p.width("Hrs/Days")+60 > W {
		amtW = (W - 60 - p.width("Hrs/Days")) / 3
	}
	xBal := m + W
	xDed := xBal - amtW - 2
	xEarn := xDed - amtW - 2
	xQty := xEarn - amtW
	hasQty := st.ShowHours
	partW := xEarn - amtW - m - 2
	if hasQty {
		partW = xQty - p.width("Hrs/Days") - m - 2
	}
	y += lh
	p.put(m, y, partW, up(pick(r, []string{"Particulars", "Description", "Item"})), true, "B", fs, 'L')
	if hasQty {
		p.put(xQty-p.width("Hrs/Days")-1, y, p.width("Hrs/Days")+1, up("Hrs/Days"), true, "B", fs, 'R')
	}
	p.put(xEarn-amtW, y, amtW, up(w.Earn), true, "B", fs, 'R')
	p.put(xDed-amtW, y, amtW, up(w.Ded), true, "B", fs, 'R')
	p.put(xBal-amtW, y, amtW, up(bal), true, "B", fs, 'R')
	y += lh * 0.3
	rule("-")

	var memo []string
	if st.ShowBalance {
		for _, d := range s.Deductions {
			if d.Balance > 0 {
				memo = append(memo, fmt.Sprintf("%-22s Amort. %12s   Loan Bal. %12s", hoLabel(w, d), st.Amt.num(d.Amount), st.Amt.num(d.Balance)))
			}
		}
	}
	var ers []string
	if st.ShowER {
		for _, d := range s.Deductions {
			if d.ER > 0 {
				ers = append(ers, fmt.Sprintf("%s ER %s", strings.TrimSuffix(hoLabel(w, d), " EE"), st.Amt.num(d.ER)))
			}
		}
	}
	rows := len(s.Earnings) + len(s.Deductions) + 9 + len(memo)
	if len(ers) > 0 {
		rows += 2
	}
	room := p.size.H - m - y
	lh = min(lh, room/float64(rows))

	run := int64(0)
	line := func(part, qty string, e, d string, b int64, bold bool) {
		y += lh
		sty := ""
		if bold {
			sty = "B"
		}
		p.put(m, y, partW, part, true, sty, fs, 'L')
		p.setFont(true, sty, fs)
		if qty != "" {
			p.textR(xQty, y, qty)
		}
		if e != "" {
			p.textR(xEarn, y, e)
		}
		if d != "" {
			p.textR(xDed, y, d)
		}
		p.textR(xBal, y, st.Amt.num(b))
	}
	for _, e := range s.Earnings {
		run += e.Amount
		q := ""
		if hasQty {
			q = e.Qty
		}
		line(hoLabel(w, e), q, st.Amt.line(e.Amount), "", run, false)
	}
	y += lh * 0.3
	p.line(xEarn-amtW+4, y, xEarn, y)
	line(up(w.Gross), "", st.Amt.total(s.Gross), "", run, true)
	y += lh * 0.3
	for _, d := range s.Deductions {
		run -= d.Amount
		line(hoLabel(w, d), "", "", st.Amt.line(d.Amount), run, false)
	}
	y += lh * 0.3
	p.line(xDed-amtW+4, y, xDed, y)
	y += lh
	p.put(m, y, partW, up(w.TotDed), true, "B", fs, 'L')
	p.textR(xDed, y, st.Amt.total(s.TotalDed))
	y += lh * 0.3
	rule("=")
	y += lh
	p.put(m, y, partW, up(w.Net), true, "B", fs+1.5, 'L')
	p.setFont(true, "B", fs+1.5)
	p.textR(xBal, y, st.Amt.total(s.Net))
	y += lh * 0.5
	p.line(xBal-amtW, y, xBal, y)
	p.line(xBal-amtW, y+0.6, xBal, y+0.6)
	if len(memo) > 0 {
		y += lh * 1.2
		p.put(m, y, W, up(pick(r, []string{"Outstanding loans", "Loan ledger"})), true, "B", fs-0.5, 'L')
		for _, t := range memo {
			y += lh
			p.put(m+3, y, W-3, t, true, "", fs-0.5, 'L')
		}
	}
	if len(ers) > 0 {
		y += lh * 1.2
		p.put(m, y, W, up(pick(r, []string{"Employer contributions (not deducted from pay)", "Company share of contributions"})), true, "B", fs-0.5, 'L')
		y += lh
		p.put(m+3, y, W-3, strings.Join(ers, "   "), true, "", fs-0.5, 'L')
	}
	if st.ShowYTD && y+lh*1.5 < p.size.H-m {
		y += lh * 1.2
		p.put(m, y, W, fmt.Sprintf("Year to date:  Gross %s   Deductions %s   Net %s", st.Amt.num(s.GrossYTD), st.Amt.num(s.DedYTD), st.Amt.num(s.NetYTD)), true, "", fs-0.5, 'L')
	}
}

// ---------------------------------------------------------------------------
// ho-a-tiles: big boxed figures on top, detail tables below.

func drawHoTiles(p *pdfw, s *payslip) {
	r := hoRand(s, 4)
	st := s.St
	lang := pick(r, []int{hoEnglish, hoEnglish, hoTaglish, hoTagalog})
	w := hoCaptions(r, lang)
	narrow := p.size.W < 160
	m := 9.0 + float64(r.IntN(5))
	if narrow {
		m = 7
	}
	W := p.size.W - 2*m
	fs := 8.0
	if narrow {
		fs = 7
	}
	acc := 40 + r.IntN(70) // dark accent grey
	y := m

	// Letterhead with a logo tile.
	logo := 15.0
	p.fill(acc)
	p.f.RoundedRect(m, y, logo, logo, 2.5, "1234", "F")
	p.f.SetTextColor(255, 255, 255)
	p.put(m+1, y+logo/2+1.6, logo-2, s.Co.Short, false, "B", 10, 'C')
	p.gray(0)
	tw := W * 0.58
	if narrow {
		tw = W - logo - 3
	}
	p.put(m+logo+3, y+5, tw-logo-3, s.employerName(), false, "B", fs+4, 'L')
	p.gray(90)
	p.put(m+logo+3, y+9.5, tw-logo-3, s.Co.Address, false, "", fs-1.5, 'L')
	p.put(m+logo+3, y+13, tw-logo-3, "TIN "+s.Co.TIN, false, "", fs-1.5, 'L')
	p.gray(0)
	var per string
	switch pick(r, []int{0, 1, 2, 3}) {
	case 0:
		per = "Cut-off: " + hoPeriod(s, hpSlashPair)
	case 1:
		per = w.Period + ": " + hoPeriod(s, hpAbbrRange)
	case 2:
		per = strings.ToUpper(w.Period + ": " + hoPeriod(s, hpUpperRange))
	default:
		if lang == hoTagalog {
			per = w.Period + ": " + hoPeriod(s, hpTagalog)
		} else {
			per = w.Period + ": " + hoPeriod(s, hpLongRange)
		}
	}
	if narrow {
		y += logo + 5
		p.put(m, y, W, w.Title, false, "B", fs+2, 'L')
		y += 4.5
		p.put(m, y, W, per, false, "", fs, 'L')
		y += 3
	} else {
		p.put(m+tw, y+5, W-tw, w.Title, false, "B", fs+3, 'R')
		p.put(m+tw, y+10.5, W-tw, per, false, "", fs, 'R')
		y += logo + 2
	}
	// Employee strip.
	y += 2
	p.fill(238)
	p.rect(m, y, W, 7, "F")
	sep := "  |  "
	strip := s.Emp.format(st.NameStyle) + sep + w.EmpNo + " " + s.EmpID + sep + s.Position
	if !narrow {
		strip += sep + s.Dept
	}
	p.put(m+2, y+4.8, W-4, strip, false, "", fs, 'L')
	y += 10

	// Tiles.
	type tile struct {
		cap, val string
		dark     bool
	}
	tiles := []tile{{w.Gross, st.Amt.total(s.Gross), false}, {w.TotDed, st.Amt.total(s.TotalDed), false}, {w.Net, st.Amt.total(s.Net), true}}
	switch {
	case s.PayDate != nil && !narrow:
		tiles = append(tiles, tile{w.PayDate, hoDate(*s.PayDate, pick(r, []int{0, 3, 1})), false})
	case st.ShowYTD && !narrow:
		tiles = append(tiles, tile{"YTD Net", st.Amt.num(s.NetYTD), false})
	}
	gap := 3.0
	tw = (W - gap*float64(len(tiles)-1)) / float64(len(tiles))
	th := 20.0
	if narrow {
		th = 17
	}
	for i, t := range tiles {
		x := m + float64(i)*(tw+gap)
		if t.dark {
			p.fill(acc)
			p.f.RoundedRect(x, y, tw, th, 2, "1234", "F")
			p.f.SetTextColor(255, 255, 255)
		} else {
			p.stroke(150)
			p.f.SetLineWidth(0.4)
			p.f.RoundedRect(x, y, tw, th, 2, "1234", "D")
			p.f.SetLineWidth(0.2)
			p.stroke(0)
			p.gray(70)
		}
		p.put(x+2.5, y+5, tw-5, strings.ToUpper(t.cap), false, "B", fs-1.5, 'L')
		if !t.dark {
			p.gray(0)
		}
		big := 15.0
		if narrow || len(tiles) == 4 {
			big = 12.5
		}
		p.put(x+2.5, y+th-4.5, tw-5, t.val, false, "B", big, 'L')
		p.gray(0)
	}
	if narrow && s.PayDate != nil {
		y += th + 5
		p.put(m, y, W, w.PayDate+": "+hoDate(*s.PayDate, 3), false, "B", fs, 'L')
		y += 4
	} else {
		y += th + 5
	}

	// Detail tables.
	ytd := st.ShowYTD
	cols := func(x, cw float64, head string, items []item, qty bool, totCap string, tot, totYTD int64) float64 {
		rh := fs * 0.55
		yy := y
		p.fill(acc)
		p.rect(x, yy, cw, rh+1.2, "F")
		p.f.SetTextColor(255, 255, 255)
		xAmt := x + cw - 2
		xCur := xAmt
		if ytd {
			xCur = x + cw*0.72
		}
		xQty := xCur - cw*0.24
		p.put(x+2, yy+rh*0.9, cw*0.4, strings.ToUpper(head), false, "B", fs-0.5, 'L')
		if qty {
			p.put(xQty-cw*0.12, yy+rh*0.9, cw*0.12, pick(r, []string{"HRS", "QTY", "UNITS"}), false, "B", fs-1, 'R')
		}
		p.put(xCur-cw*0.22, yy+rh*0.9, cw*0.22, strings.ToUpper(w.Amount), false, "B", fs-1, 'R')
		if ytd {
			p.put(xAmt-cw*0.22, yy+rh*0.9, cw*0.22, "YTD", false, "B", fs-1, 'R')
		}
		p.gray(0)
		yy += rh + 1.2
		for i, it := range items {
			yy += rh
			if i%2 == 1 {
				p.fill(244)
				p.rect(x, yy-rh*0.75, cw, rh, "F")
			}
			lw := cw * 0.45
			if !qty {
				lw = xCur - x - cw*0.24
			}
			p.put(x+2, yy, lw, hoLabel(w, it), false, "", fs-0.5, 'L')
			p.setFont(false, "", fs-0.5)
			if qty && it.Qty != "" {
				p.textR(xQty, yy, it.Qty)
			}
			p.textR(xCur, yy, st.Amt.line(it.Amount))
			if ytd {
				p.gray(90)
				p.textR(xAmt, yy, st.Amt.num(it.YTD))
				p.gray(0)
			}
		}
		yy += rh * 0.5
		p.line(x, yy, x+cw, yy)
		yy += rh
		p.put(x+2, yy, cw*0.45, totCap, false, "B", fs-0.5, 'L')
		p.setFont(false, "B", fs-0.5)
		p.textR(xCur, yy, st.Amt.line(tot))
		if ytd {
			p.gray(90)
			p.textR(xAmt, yy, st.Amt.num(totYTD))
			p.gray(0)
		}
		return yy + 4
	}
	if narrow {
		y = cols(m, W, w.Earn, s.Earnings, st.ShowHours, w.Gross, s.Gross, s.GrossYTD) + 1
		y = cols(m, W, w.Ded, s.Deductions, false, w.TotDed, s.TotalDed, s.DedYTD)
	} else {
		cw := (W - 5) / 2
		y1 := cols(m, cw, w.Earn, s.Earnings, st.ShowHours, w.Gross, s.Gross, s.GrossYTD)
		y2 := cols(m+cw+5, cw, w.Ded, s.Deductions, false, w.TotDed, s.TotalDed, s.DedYTD)
		y = max(y1, y2)
	}

	// Employer shares and loans, small print.
	small := fs - 1.5
	lh := small * 0.48
	if st.ShowER && y+6*lh < p.size.H-m-6 {
		y += 3
		p.put(m, y, W, pick(r, []string{"Employer contributions (for information)", "Government contributions - EE / ER", "Kontribusyon ng kompanya (ER)"}), false, "B", small+0.5, 'L')
		p.setFont(false, "", small)
		for _, d := range s.Deductions {
			if d.ER == 0 {
				continue
			}
			y += lh
			p.put(m+2, y, 40, hoLabel(w, d), false, "", small, 'L')
			p.textR(m+70, y, "EE "+st.Amt.num(d.Amount))
			p.textR(m+100, y, "ER "+st.Amt.num(d.ER))
			p.textR(m+min(135, W), y, "Total "+st.Amt.num(d.Amount+d.ER))
		}
		y += 2
	}
	if st.ShowBalance {
		for _, d := range s.Deductions {
			if d.Balance > 0 && y+lh < p.size.H-m-6 {
				y += lh + 1
				p.put(m, y, W, fmt.Sprintf("%s: %s %s, %s %s", hoLabel(w, d), pick(r, []string{"amortization", "hulog"}), st.Amt.num(d.Amount),
					pick(r, []string{"remaining balance", "natitirang balanse", "bal."}), st.Amt.num(d.Balance)), false, "", small, 'L')
			}
		}
	}
	// Software footer.
	p.gray(130)
	foot := pick(r, []string{"Powered by SahodCloud Payroll", "Generated by PayrollPH v3.2", "e-Payslip via KwentaHR", "Printed from HRIS Online"})
	p.put(m, p.size.H-m+2, W/2, foot, false, "", small, 'L')
	p.put(m+W/2, p.size.H-m+2, W/2, s.End.Format("0601")+"-"+s.EmpID, false, "", small, 'R')
	p.gray(0)
}

// ---------------------------------------------------------------------------
// ho-a-govform: a government-office payslip with signatories.

var hoProvinces = []string{"Province of Laguna", "Province of Cebu", "Province of Pampanga", "Province of Batangas",
	"Province of Iloilo", "Province of Bulacan", "Province of Davao del Sur", "Province of Camarines Sur",
	"National Capital Region", "Province of Pangasinan", "Province of Leyte", "Province of Benguet"}

func drawHoGovForm(p *pdfw, s *payslip) {
	r := hoRand(s, 5)
	st := s.St
	lang := pick(r, []int{hoEnglish, hoEnglish, hoEnglish, hoTaglish})
	w := hoCaptions(r, lang)
	m := 15.0 + float64(r.IntN(6))
	W := p.size.W - 2*m
	fs := 9.0
	y := m
	cx := m + W/2

	// Seal(s) and the government band.
	sealR := 9.0
	p.f.SetLineWidth(0.4)
	p.f.Circle(m+sealR+4, y+sealR+1, sealR, "D")
	p.f.Circle(m+sealR+4, y+sealR+1, sealR-1.5, "D")
	p.setFont(false, "B", 5)
	p.textC(m+sealR+4, y+sealR+2.5, "SEAL")
	if chance(r, 0.5) {
		p.f.Circle(m+W-sealR-4, y+sealR+1, sealR, "D")
		p.f.Circle(m+W-sealR-4, y+sealR+1, sealR-1.5, "D")
		p.setFont(false, "B", 5)
		p.textC(m+W-sealR-4, y+sealR+2.5, "LOGO")
	}
	p.f.SetLineWidth(0.2)
	bandW := W - 2*(2*sealR+8)
	p.put(cx-bandW/2, y+4, bandW, "Republic of the Philippines", false, "", fs, 'C')
	yy := y + 8
	if chance(r, 0.7) {
		p.put(cx-bandW/2, yy, bandW, pick(r, hoProvinces), false, "", fs-0.5, 'C')
		yy += 4
	}
	name := strings.ToUpper(s.Co.Name)
	if chance(r, 0.3) {
		name = s.employerName()
	}
	p.put(cx-bandW/2, yy+1.5, bandW, name, false, "B", fs+3.5, 'C')
	yy += 6
	p.gray(60)
	p.put(cx-bandW/2, yy, bandW, s.Co.Address, false, "", fs-1.5, 'C')
	p.gray(0)
	y = max(yy, y+2*sealR+2) + 3
	p.f.SetLineWidth(0.6)
	p.line(m, y, m+W, y)
	p.f.SetLineWidth(0.2)
	p.line(m, y+0.9, m+W, y+0.9)
	y += 8
	p.put(m, y, W, pick(r, []string{"PAYSLIP", "INDIVIDUAL PAYSLIP", "EMPLOYEE'S PAY SLIP", "PAY SLIP"}), false, "B", fs+3, 'C')
	y += 5
	var per string
	switch f := pick(r, []int{0, 1, 2, 3}); {
	case f == 0:
		per = "PAYROLL PERIOD: " + hoPeriod(s, hpUpperRange)
	case f == 1 && hoWholeMonth(s):
		per = "For the month of " + s.Start.Format("January 2006")
	case f == 2:
		per = "For the period " + hoPeriod(s, hpLongRange)
	default:
		per = w.Period + ": " + hoPeriod(s, hpLongRange)
	}
	p.put(m, y, W, per, false, "", fs, 'C')
	y += 6

	// Employee form.
	rowH := 6.0
	keyW := W * 0.3
	sg := 1 + int(s.Monthly/100/2500)
	if sg > 33 {
		sg = 33
	}
	pairs := []kv{
		{"Name of Employee", s.Emp.format(st.NameStyle)},
		{"Position Title", s.Position},
		{"Salary Grade / Step", fmt.Sprintf("SG-%d / Step %d", sg, 1+r.IntN(8))},
		{"Office / Division", s.Dept},
		{"Employee No.", s.EmpID},
	}
	if st.ShowRates {
		if chance(r, 0.5) {
			pairs = append(pairs, kv{"Rate per Annum", st.Amt.num(s.Monthly * 12)})
		} else {
			pairs = append(pairs, kv{"Monthly Rate", st.Amt.num(s.Monthly)})
		}
	}
	if s.PayDate != nil {
		pairs = append(pairs, kv{pick(r, []string{"Date of Release", "Date Paid", "Pay Date"}), hoDate(*s.PayDate, pick(r, []int{4, 0, 3}))})
	}
	pairs = append(pairs, kv{"Mode of Payment", pick(r, []string{"ATM (LBP)", "ATM (DBP)", "Cash", "Check"})})
	for i, kv := range pairs {
		if i%2 == 0 {
			p.fill(242)
			p.rect(m, y, keyW, rowH, "FD")
		} else {
			p.rect(m, y, keyW, rowH, "D")
		}
		p.rect(m+keyW, y, W-keyW, rowH, "D")
		p.put(m+2, y+rowH*0.68, keyW-4, kv.K, false, "", fs-0.5, 'L')
		sty := ""
		if i == 0 {
			sty = "B"
		}
		p.put(m+keyW+2, y+rowH*0.68, W-keyW-4, kv.V, false, sty, fs, 'L')
		y += rowH
	}
	y += 5

	// Particulars and amounts.
	rows := len(s.Earnings) + len(s.Deductions) + 6
	sigH := 38.0
	room := p.size.H - m - sigH - y
	rh := min(5.5, room/float64(rows))
	amtW := W * 0.28
	p.fill(215)
	p.rect(m, y, W-amtW, rh+1, "FD")
	p.rect(m+W-amtW, y, amtW, rh+1, "FD")
	p.put(m, y+rh*0.8, W-amtW, "PARTICULARS", false, "B", fs, 'C')
	p.put(m+W-amtW, y+rh*0.8, amtW, "AMOUNT", false, "B", fs, 'C')
	y += rh + 1
	top := y
	sect := func(t string) {
		y += rh
		p.put(m+2, y-rh*0.25, W-amtW-4, t, false, "B", fs-0.5, 'L')
	}
	itemRow := func(l, a string) {
		y += rh
		p.put(m+8, y-rh*0.25, W-amtW-10, l, false, "", fs-0.5, 'L')
		p.setFont(false, "", fs-0.5)
		p.textR(m+W-2, y-rh*0.25, a)
	}
	totRow := func(l, a string) {
		p.line(m, y+0.3, m+W, y+0.3)
		y += rh + 0.6
		p.put(m+2, y-rh*0.25, W-amtW-4, l, false, "B", fs-0.5, 'L')
		p.setFont(false, "B", fs-0.5)
		p.textR(m+W-2, y-rh*0.25, a)
		p.line(m, y+0.3, m+W, y+0.3)
	}
	roman := chance(r, 0.4)
	if roman {
		sect(pick(r, []string{"I. SALARIES AND ALLOWANCES", "I. COMPENSATION"}))
	} else {
		sect(pick(r, []string{"A. COMPENSATION", "A. EARNINGS"}))
	}
	for _, e := range s.Earnings {
		itemRow(hoLabel(w, e), st.Amt.line(e.Amount))
	}
	totRow(strings.ToUpper(pick(r, []string{"Gross Amount Earned", "Total Compensation (Gross)", "Gross Pay", w.Gross})), st.Amt.total(s.Gross))
	if roman {
		sect(pick(r, []string{"II. DEDUCTIONS", "II. LESS: DEDUCTIONS"}))
	} else {
		sect(pick(r, []string{"B. DEDUCTIONS", "B. LESS: DEDUCTIONS"}))
	}
	for _, d := range s.Deductions {
		itemRow(hoLabel(w, d), st.Amt.line(d.Amount))
	}
	totRow(strings.ToUpper(w.TotDed), st.Amt.total(s.TotalDed))
	y += 0.6
	p.fill(230)
	p.rect(m, y, W, rh+2, "FD")
	p.put(m+2, y+rh*0.85, W-amtW-4, pick(r, []string{"NET AMOUNT DUE", "NET AMOUNT RECEIVED", "NET PAY", strings.ToUpper(w.Net)}), false, "B", fs+1, 'L')
	p.setFont(false, "B", fs+1)
	p.textR(m+W-2, y+rh*0.85, st.Amt.total(s.Net))
	y += rh + 2
	// Frame and the amount column rule.
	p.rect(m, top, W, y-top, "D")
	p.line(m+W-amtW, top, m+W, top)
	p.line(m+W-amtW, top, m+W-amtW, y-rh-2)
	if st.ShowER && y+8 < p.size.H-m-sigH {
		var parts []string
		for _, d := range s.Deductions {
			if d.ER > 0 {
				parts = append(parts, fmt.Sprintf("%s %s", hoLabel(w, d), st.Amt.num(d.ER)))
			}
		}
		if len(parts) > 0 {
			y += 4
			p.gray(80)
			p.put(m, y, W, "Government share (not deducted): "+strings.Join(parts, "; "), false, "", fs-2, 'L')
			p.gray(0)
		}
	}

	// Signatories.
	y = max(y+10, min(p.size.H-m-sigH+8, y+30))
	type sig struct{ cap, name, title string }
	person := func() string { return strings.ToUpper(newPerson(r).format(0)) }
	sigs := []sig{
		{"Prepared by:", person(), pick(r, []string{"Payroll Clerk", "Administrative Aide IV", "Payroll Officer"})},
		{"Certified correct:", person(), pick(r, []string{"HRMO II", "Human Resource Management Officer", "Municipal Accountant", "Chief Administrative Officer"})},
	}
	if chance(r, 0.5) {
		sigs = append(sigs, sig{"Approved:", person(), pick(r, []string{"Head of Office", "Municipal Mayor", "Regional Director", "Schools Division Superintendent"})})
	}
	sigs = append(sigs, sig{"Received by:", strings.ToUpper(s.Emp.format(0)), "Employee"})
	sw := W / float64(len(sigs))
	for i, g := range sigs {
		x := m + float64(i)*sw
		p.put(x, y, sw-4, g.cap, false, "", fs-1, 'L')
		p.line(x+2, y+12, x+sw-6, y+12)
		p.put(x+2, y+11, sw-8, g.name, false, "B", fs-1.5, 'C')
		p.gray(70)
		p.put(x+2, y+15, sw-8, g.title, false, "", fs-2, 'C')
		if g.cap == "Received by:" {
			p.put(x+2, y+19, sw-8, "Date: ____________", false, "", fs-2, 'C')
		}
		p.gray(0)
	}
}

// ---------------------------------------------------------------------------
// ho-a-twoup: two copies of one stub on a page.

type hoStub struct {
	w                 hoWords
	copies            [2]string
	perStyle, dateFmt int
	ytd, rate, hours  bool
	acct              string
	cut               string
	head              string
	nameUpper         bool
}

func drawHoTwoUp(p *pdfw, s *payslip) {
	r := hoRand(s, 6)
	st := s.St
	lang := pick(r, []int{hoEnglish, hoEnglish, hoEnglish, hoTaglish})
	c := hoStub{w: hoCaptions(r, lang), perStyle: r.IntN(3), dateFmt: pick(r, []int{0, 0, 5, 3}),
		ytd: st.ShowYTD, rate: st.ShowRates, hours: st.ShowHours || st.ShowRates,
		acct: fmt.Sprintf("****%s", randDigits(r, 4)), nameUpper: chance(r, 0.5)}
	if lang == hoEnglish {
		c.copies = pick(r, [][2]string{{"EMPLOYEE'S COPY", "EMPLOYER'S COPY"}, {"Employee Copy", "Payroll File Copy"}, {"EMPLOYEE", "COMPANY FILE"}})
		c.cut = pick(r, []string{"cut here", "detach and retain", "fold and tear"})
		c.head = pick(r, []string{"Earnings Statement", "Pay Stub", "Statement of Earnings and Deductions"})
	} else {
		c.copies = pick(r, [][2]string{{"KOPYA NG EMPLEYADO", "KOPYA NG KOMPANYA"}, {"Employee's Copy", "Kopya ng Payroll"}})
		c.cut = pick(r, []string{"gupitin dito", "cut dito"})
		c.head = pick(r, []string{"Payslip / Pahayag ng Sahod", "Sahod Stub"})
	}
	landscape := p.size.W > p.size.H
	m := 8.0
	p.stroke(0)
	if landscape {
		cw := (p.size.W - 2*m - 10) / 2
		for i := range 2 {
			hoStubDraw(p, s, &c, i, m+float64(i)*(cw+10), m, cw, p.size.H-2*m)
		}
		x := p.size.W / 2
		p.f.SetDashPattern([]float64{2, 1.5}, 0)
		p.stroke(120)
		p.line(x, m-3, x, p.size.H-m+3)
		p.f.SetDashPattern(nil, 0)
		p.stroke(0)
		p.f.TransformBegin()
		p.f.TransformRotate(90, x, p.size.H/2-1)
		p.setFont(false, "", 6)
		tw := p.width(c.cut) + 4
		p.fill(255)
		p.rect(x-tw/2, p.size.H/2-2.2, tw, 3, "F")
		p.gray(120)
		p.put(x-20, p.size.H/2, 40, c.cut, false, "", 6, 'C')
		p.gray(0)
		p.f.TransformEnd()
		return
	}
	ch := (p.size.H - 2*m - 10) / 2
	for i := range 2 {
		hoStubDraw(p, s, &c, i, m, m+float64(i)*(ch+10), p.size.W-2*m, ch)
	}
	y := p.size.H / 2
	p.f.SetDashPattern([]float64{2, 1.5}, 0)
	p.stroke(120)
	p.line(m-3, y, p.size.W-m+3, y)
	p.f.SetDashPattern(nil, 0)
	p.stroke(0)
	p.gray(120)
	p.setFont(false, "", 6)
	tw := p.width(c.cut) + 4
	p.fill(255)
	p.rect(p.size.W/2-tw/2, y-1.5, tw, 3, "F")
	p.textC(p.size.W/2, y+0.9, c.cut)
	p.gray(0)
}

func hoStubDraw(p *pdfw, s *payslip, c *hoStub, copyNo int, x, y, W, H float64) {
	st := s.St
	w := c.w
	fs := 7.5
	bottom := y + H
	// Heading: employer and the copy box.
	name := s.employerName()
	if c.nameUpper {
		name = strings.ToUpper(s.Co.Name)
	}
	p.setFont(false, "B", 6.5)
	copyW := p.width(c.copies[copyNo]) + 5
	p.put(x, y+4, W-copyW-3, name, false, "B", fs+3, 'L')
	p.rect(x+W-copyW, y, copyW, 5.5, "D")
	p.put(x+W-copyW, y+3.8, copyW, c.copies[copyNo], false, "B", 6.5, 'C')
	p.gray(70)
	p.put(x, y+8, W-copyW-3, s.Co.Address+"  -  TIN "+s.Co.TIN, false, "", fs-1.5, 'L')
	p.gray(0)
	p.put(x, y+13, W/2, c.head, false, "B", fs+1, 'L')
	y += 15

	// Employee and period block.
	var pairs []kv
	pairs = append(pairs, kv{w.Name, s.Emp.format(st.NameStyle)}, kv{w.EmpNo, s.EmpID})
	switch c.perStyle {
	case 0:
		pairs = append(pairs, kv{"Period Beginning", hoDate(s.Start, c.dateFmt)}, kv{"Period Ending", hoDate(s.End, c.dateFmt)})
	case 1:
		if hoWholeMonth(s) {
			pairs = append(pairs, kv{"Payroll for", hoPeriod(s, hpMonthDash)})
		} else {
			pairs = append(pairs, kv{"Payroll for", hoPeriod(s, hpAbbrRange)})
		}
	default:
		pairs = append(pairs, kv{"Cut-off", hoPeriod(s, hpSlashPair)})
	}
	if s.PayDate != nil {
		pairs = append(pairs, kv{w.PayDate, hoDate(*s.PayDate, c.dateFmt)})
	}
	pairs = append(pairs, kv{pick2(st.W[3], "Pay Frequency", "Pay Basis"), hoFreq(s, hoEnglish)})
	bw := W / float64(len(pairs))
	bh := 8.0
	for i, kv := range pairs {
		bx := x + float64(i)*bw
		p.fill(240)
		p.rect(bx, y, bw, bh, "FD")
		p.gray(80)
		p.put(bx+1, y+2.8, bw-2, kv.K, false, "", 5.5, 'L')
		p.gray(0)
		p.put(bx+1, y+6.6, bw-2, kv.V, false, "B", fs-0.5, 'L')
	}
	y += bh + 3

	// Tables.
	side := W > 160
	n := len(s.Earnings) + len(s.Deductions) + 4
	if side {
		n = max(len(s.Earnings), len(s.Deductions)) + 2
	}
	sumH := 14.0
	if c.ytd {
		sumH = 18
	}
	room := bottom - y - sumH - 10
	rh := min(fs*0.52, room/float64(n))
	type col struct {
		head string
		w    float64
	}
	table := func(tx, tw float64, head string, items []item, earn bool) float64 {
		cols := []col{{head, 0}}
		if earn && c.rate {
			cols = append(cols, col{"Rate", 0.15})
		}
		if earn && c.hours {
			cols = append(cols, col{pick2(st.W[5], "Hours", "Hrs/Days", "Units"), 0.12})
		}
		cols = append(cols, col{pick2(st.W[6], "This Period", "Current", "Amount"), 0.2})
		if c.ytd {
			cols = append(cols, col{"Year to Date", 0.2})
		}
		used := 0.0
		for _, cl := range cols[1:] {
			used += cl.w
		}
		cols[0].w = 1 - used
		yy := y
		p.line(tx, yy, tx+tw, yy)
		yy += rh
		cx := tx
		for i, cl := range cols {
			al := byte('R')
			if i == 0 {
				al = 'L'
			}
			p.put(cx+0.8, yy-0.8, cl.w*tw-1.6, cl.head, false, "B", fs-0.5, al)
			cx += cl.w * tw
		}
		p.line(tx, yy+0.4, tx+tw, yy+0.4)
		for _, it := range items {
			yy += rh
			cx = tx
			vals := []string{hoLabel(w, it)}
			if earn && c.rate {
				vals = append(vals, hoStubRate(s, it))
			}
			if earn && c.hours {
				vals = append(vals, it.Qty)
			}
			vals = append(vals, st.Amt.line(it.Amount))
			if c.ytd {
				vals = append(vals, st.Amt.num(it.YTD))
			}
			for i, v := range vals {
				al := byte('R')
				if i == 0 {
					al = 'L'
				}
				p.put(cx+0.8, yy-0.8, cols[i].w*tw-1.6, v, false, "", fs-0.5, al)
				cx += cols[i].w * tw
			}
		}
		yy += 1
		p.line(tx, yy, tx+tw, yy)
		return yy
	}
	var yEnd float64
	if side {
		half := (W - 5) / 2
		a := table(x, half, w.Earn, s.Earnings, true)
		b := table(x+half+5, half, w.Ded, s.Deductions, false)
		yEnd = max(a, b)
	} else {
		y = table(x, W, w.Earn, s.Earnings, true) + 2
		yEnd = table(x, W, w.Ded, s.Deductions, false)
	}
	y = yEnd + 3

	// Summary: current and YTD for gross, deductions and net.
	sumCols := []struct {
		cap      string
		cur, ytd int64
		net      bool
	}{{w.Gross, s.Gross, s.GrossYTD, false}, {w.TotDed, s.TotalDed, s.DedYTD, false}, {w.Net, s.Net, s.NetYTD, true}}
	sw := W / 3
	for i, sc := range sumCols {
		sx := x + float64(i)*sw
		if sc.net {
			p.fill(225)
			p.rect(sx, y, sw, sumH-2, "FD")
		} else {
			p.rect(sx, y, sw, sumH-2, "D")
		}
		p.put(sx+1.5, y+3.3, sw-3, strings.ToUpper(sc.cap), false, "B", 6, 'L')
		p.put(sx+1.5, y+9, sw-3, st.Amt.total(sc.cur), false, "B", fs+2.5, 'R')
		if c.ytd {
			p.gray(90)
			p.put(sx+1.5, y+13.8, sw-3, "YTD "+st.Amt.num(sc.ytd), false, "", fs-1.5, 'R')
			p.gray(0)
		}
	}
	y += sumH + 2
	if copyNo == 0 {
		p.gray(80)
		p.put(x, min(y+2, bottom), W, pick2(st.W[7], "Net pay credited to payroll account ", "Deposited to ATM account ")+c.acct, false, "", fs-1.5, 'L')
		p.gray(0)
		return
	}
	y = min(y+8, bottom)
	p.line(x, y, x+W*0.45, y)
	p.line(x+W*0.6, y, x+W, y)
	p.put(x, y+3, W*0.45, w.Signature, false, "", fs-1.5, 'C')
	p.put(x+W*0.6, y+3, W*0.4, "Date Received", false, "", fs-1.5, 'C')
}

// hoStubRate is the rate printed for an earnings line, or "" when the
// line's amount is not rate times quantity.
func hoStubRate(s *payslip, it item) string {
	q, err := strconv.ParseFloat(it.Qty, 64)
	if err != nil || q == 0 {
		return ""
	}
	rate := float64(it.Amount) / q
	var c int64
	switch it.Kind {
	case "basic", "hol":
		c = s.Daily
	case "ot":
		c = roundC(float64(s.Hourly) * 1.25)
	case "nd":
		c = roundC(float64(s.Hourly) * 0.10)
	default:
		return ""
	}
	if math.Abs(rate-float64(c)) > 0.02*float64(c)+1 {
		return ""
	}
	return s.St.Amt.num(c)
}

func hoThirteenth(r *rand.Rand, lang int) string {
	if lang == hoEnglish {
		return pick(r, []string{"13th Month Pay accrued to date", "13th Month (accrual, not yet paid)"})
	}
	return pick(r, []string{"13th Month Pay (naipon hanggang ngayon)", "Naipong 13th Month"})
}

package docgen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"talaan/extract"
)

// bir is one BIR Form 2316 certificate.
type bir struct {
	Year        int
	From, To    time.Time
	Emp         person
	EmpTIN      string
	RDO         string
	Address     string
	Birth       time.Time
	MWE         bool
	SMWDay      int64
	SMWMonth    int64
	Co          company
	UpperName   bool
	Main        bool
	Prev        bool
	PrevCo      company
	Items       map[string]int64
	Amt         amountStyle
	Sans, Mono  typeface
	Size        pageSize
	FullLabels  bool // print the long parenthetical item wording
	ZeroAsBlank bool // leave zero items empty instead of 0.00
	Signed      time.Time
}

// birItem is one numbered line of Part IV.
type birItem struct {
	No    string
	Label string
	Long  string // parenthetical addition for the long wording
}

func birSummaryItems() []birItem {
	return []birItem{
		{"19", "Gross Compensation Income from Present Employer", "(Sum of Items 38 and 52)"},
		{"20", "Less: Total Non-Taxable/Exempt Compensation Income from Present Employer", "(From Item 38)"},
		{"21", "Taxable Compensation Income from Present Employer", "(Item 19 Less Item 20) (From Item 52)"},
		{"22", "Add: Taxable Compensation Income from Previous Employer, if applicable", ""},
		{"23", "Gross Taxable Compensation Income", "(Sum of Items 21 and 22)"},
		{"24", "Tax Due", ""},
		{"25A", "Amount of Taxes Withheld - Present Employer", ""},
		{"25B", "Amount of Taxes Withheld - Previous Employer, if applicable", ""},
		{"26", "Total Amount of Taxes Withheld as adjusted", "(Sum of Items 25A and 25B)"},
		{"27", "5% Tax Credit (PERA Act of 2008)", ""},
		{"28", "Total Taxes Withheld", "(Sum of Items 26 and 27)"},
	}
}

func birNonTaxItems() []birItem {
	return []birItem{
		{"29", "Basic Salary/Statutory Minimum Wage", "Minimum Wage Earner (MWE)"},
		{"30", "Holiday Pay (MWE)", ""},
		{"31", "Overtime Pay (MWE)", ""},
		{"32", "Night Shift Differential (MWE)", ""},
		{"33", "Hazard Pay (MWE)", ""},
		{"34", "13th Month Pay and Other Benefits", "(maximum of P90,000)"},
		{"35", "De Minimis Benefits", ""},
		{"36", "SSS, GSIS, PHIC & PAG-IBIG Contributions and Union Dues", "(Employee share only)"},
		{"37", "Salaries and Other Forms of Compensation", ""},
		{"38", "Total Non-Taxable/Exempt Compensation Income", "(Sum of Items 29 to 37)"},
	}
}

func birTaxItems() []birItem {
	return []birItem{
		{"39", "Basic Salary", ""},
		{"40", "Representation", ""},
		{"41", "Transportation", ""},
		{"42", "Cost of Living Allowance (COLA)", ""},
		{"43", "Fixed Housing Allowance", ""},
		{"44", "Others (specify)", ""},
		{"45", "Commission", ""},
		{"46", "Profit Sharing", ""},
		{"47", "Fees Including Director's Fees", ""},
		{"48", "Taxable 13th Month Benefits", ""},
		{"49", "Hazard Pay", ""},
		{"50", "Overtime Pay", ""},
		{"51", "Others (specify)", ""},
		{"52", "Total Taxable Compensation Income", "(Sum of Items 39 to 51)"},
	}
}

// annualTax is the TRAIN (2023 onward) annual income tax table.
func annualTax(t float64) float64 {
	switch {
	case t <= 250000:
		return 0
	case t <= 400000:
		return (t - 250000) * 0.15
	case t <= 800000:
		return 22500 + (t-400000)*0.20
	case t <= 2000000:
		return 102500 + (t-800000)*0.25
	case t <= 8000000:
		return 402500 + (t-2000000)*0.30
	}
	return 2202500 + (t-8000000)*0.35
}

func newBIR(r *rand.Rand) *bir {
	b := &bir{
		Year:        2020 + r.IntN(6),
		Emp:         newPerson(r),
		EmpTIN:      tin(r, pick(r, []string{"000", "0000", "00000"})),
		RDO:         fmt.Sprintf("%03d", 1+r.IntN(130)),
		Address:     newAddress(r),
		Co:          newCompany(r),
		UpperName:   chance(r, 0.5),
		Main:        chance(r, 0.85),
		MWE:         chance(r, 0.25),
		FullLabels:  chance(r, 0.6),
		ZeroAsBlank: chance(r, 0.3),
		Items:       map[string]int64{},
	}
	b.Birth = date(1965+r.IntN(38), time.Month(1+r.IntN(12)), 1+r.IntN(28))
	b.From = date(b.Year, 1, 1)
	b.To = date(b.Year, 12, 31)
	if chance(r, 0.2) {
		m := time.Month(2 + r.IntN(9))
		b.From = date(b.Year, m, pick(r, []int{1, 16}))
	} else if chance(r, 0.12) {
		m := time.Month(4 + r.IntN(8))
		b.To = date(b.Year, m, daysIn(b.Year, m))
	}
	b.Signed = date(b.Year+1, 1, 15+r.IntN(16))
	months := float64(b.To.Sub(b.From).Hours()/24+1) / 365 * 12
	months = math.Round(months*2) / 2
	it := b.Items
	var contrib int64
	if b.MWE {
		b.SMWDay = 100 * pick(r, []int64{645, 610, 574, 540, 500, 470, 435, 695, 570})
		b.SMWMonth = b.SMWDay * 261 / 12
		it["29"] = roundC(float64(b.SMWMonth) * months)
		if chance(r, 0.5) {
			it["30"] = b.SMWDay * int64(1+r.IntN(10))
		}
		if chance(r, 0.5) {
			it["31"] = roundC(float64(b.SMWDay) / 8 * 1.25 * float64(4+r.IntN(120)))
		}
		if chance(r, 0.25) {
			it["32"] = roundC(float64(b.SMWDay) / 8 * 0.1 * float64(20+r.IntN(300)))
		}
		contrib = roundC(float64(b.SMWMonth)*0.045*months) + 20000*int64(months)
		it["36"] = contrib
		it["34"] = min(it["29"]/12, 9000000)
	} else {
		pesos := math.Exp(math.Log(12000) + r.Float64()*(math.Log(150000)-math.Log(12000)))
		monthly := int64(math.Round(pesos/50)*50) * 100
		basic := roundC(float64(monthly) * months)
		msc := min(max((monthly+25000)/50000*50000, 500000), 3500000)
		ph := roundC(float64(min(max(monthly, 1000000), 10000000)) * 0.025)
		contrib = roundC(float64(msc*5/100+ph+min(monthly, 1000000)*2/100) * months)
		if chance(r, 0.2) {
			contrib += 100 * int64(600+r.IntN(1800)) // union dues
		}
		it["36"] = contrib
		it["39"] = basic - contrib
		thirteenth := roundC(float64(monthly) * months / 12)
		if chance(r, 0.3) {
			thirteenth += monthly / 2 // mid-year bonus
		}
		it["34"] = min(thirteenth, 9000000)
		it["48"] = thirteenth - it["34"]
		if chance(r, 0.4) {
			it["41"] = 100 * int64(500+r.IntN(3000)) * int64(months)
		}
		if chance(r, 0.15) {
			it["40"] = 100 * int64(2000+r.IntN(8000)) * int64(months)
		}
		if chance(r, 0.2) {
			it["42"] = 100 * int64(300+r.IntN(1500)) * int64(months)
		}
		if chance(r, 0.1) {
			it["43"] = 100 * int64(3000+r.IntN(10000)) * int64(months)
		}
		if chance(r, 0.2) {
			it["45"] = 100 * int64(5000+r.IntN(150000))
		}
		if chance(r, 0.4) {
			it["50"] = roundC(float64(monthly) / 21.75 / 8 * 1.25 * float64(10+r.IntN(200)))
		}
		if chance(r, 0.1) {
			it["51"] = 100 * int64(1000+r.IntN(30000))
		}
	}
	if chance(r, 0.6) {
		it["35"] = 100 * int64(2000+r.IntN(22000))
	}
	var nt, tx int64
	for _, i := range birNonTaxItems()[:9] {
		nt += it[i.No]
	}
	for _, i := range birTaxItems()[:13] {
		tx += it[i.No]
	}
	it["38"], it["52"] = nt, tx
	it["19"] = nt + tx
	it["20"], it["21"] = nt, tx
	if !b.Main || chance(r, 0.08) {
		b.Prev = true
		b.PrevCo = newCompany(r)
		it["22"] = 100 * int64(20000+r.IntN(200000))
	}
	it["23"] = it["21"] + it["22"]
	it["24"] = roundC(annualTax(float64(it["23"])/100) * 100)
	if b.MWE {
		it["24"] = 0
	}
	if b.Prev {
		it["25B"] = min(roundC(annualTax(float64(it["22"])/100)*100), it["24"])
	}
	it["25A"] = it["24"] - it["25B"]
	it["26"] = it["25A"] + it["25B"]
	it["28"] = it["26"] + it["27"]
	b.Amt = amountStyle{NoCommas: chance(r, 0.1)}
	return b
}

func (b *bir) employerName() string {
	if b.UpperName {
		return strings.ToUpper(b.Co.Name)
	}
	return b.Co.Name
}

func (b *bir) income() extract.Income {
	str := func(v string) *string { return &v }
	f := func(c int64) *float64 { v := centavosToFloat(c); return &v }
	base := b.Items["39"]
	if b.MWE {
		base = b.Items["29"]
	}
	return extract.Income{
		Employer:    str(b.Co.Name),
		StartDate:   str(ymd(b.From)),
		EndDate:     str(ymd(b.To)),
		Frequency:   str(extract.FreqAnnually),
		Currency:    str("PHP"),
		BaseAmount:  f(base),
		GrossAmount: f(b.Items["19"]),
	}
}

func (b *bir) amount(no string) string {
	v := b.Items[no]
	if v == 0 && b.ZeroAsBlank && no != "19" && no != "39" && no != "29" {
		return ""
	}
	return b.Amt.num(v)
}

func (b *bir) label(i birItem) string {
	if b.FullLabels && i.Long != "" {
		return i.Label + " " + i.Long
	}
	return i.Label
}

// boxes draws characters in adjacent boxes, as on the printed form.
func boxes(p *pdfw, x, y, bw, h float64, s string) float64 {
	for _, c := range s {
		if c == '-' || c == '/' || c == ' ' {
			p.textC(x+1, y+h-1.2, string(c))
			x += 2
			continue
		}
		p.rect(x, y, bw, h, "D")
		p.textC(x+bw/2, y+h-1.2, string(c))
		x += bw
	}
	return x
}

// drawBIRForm imitates the boxed official form: Parts I-III and IV-A on the
// left, Part IV-B on the right.
func drawBIRForm(p *pdfw, b *bir) {
	W, H := p.size.W, p.size.H
	m := 8.0
	w := W - 2*m
	p.f.SetLineWidth(0.2)
	p.setFont(false, "", 6.5)
	p.text(m, m+3, "For BIR Use Only")
	p.setFont(false, "", 7)
	p.textC(W/2, m+3, "Republic of the Philippines")
	p.textC(W/2, m+6, "Department of Finance")
	p.textC(W/2, m+9, "Bureau of Internal Revenue")
	p.rect(m, m+11, w, 14, "D")
	p.line(m+32, m+11, m+32, m+25)
	p.line(m+w-34, m+11, m+w-34, m+25)
	p.setFont(false, "", 6.5)
	p.text(m+2, m+15, "BIR Form No.")
	p.setFont(false, "B", 15)
	p.text(m+4, m+22, "2316")
	p.setFont(false, "B", 10)
	p.textC(W/2, m+16.5, "Certificate of Compensation")
	p.textC(W/2, m+21, "Payment/Tax Withheld")
	p.setFont(false, "", 6)
	p.text(m+w-32, m+16, "For Compensation Payment")
	p.text(m+w-32, m+19, "With or Without Tax Withheld")
	p.text(m+w-32, m+23, pick2(b.Year, "September 2021 (ENCS)", "January 2018 (ENCS)"))
	y := m + 27
	p.setFont(false, "", 7)
	p.text(m+1, y+4, "1  For the Year")
	p.text(m+18, y+7, "(YYYY)")
	boxes(p, m+30, y+1, 4.2, 5, fmt.Sprintf("%d", b.Year))
	p.text(m+w/2-15, y+4, "2  For the Period")
	p.text(m+w/2+8, y+4, "From (MM/DD)")
	x := boxes(p, m+w/2+26, y+1, 4.2, 5, b.From.Format("01/02"))
	p.text(x+3, y+4, "To (MM/DD)")
	boxes(p, x+18, y+1, 4.2, 5, b.To.Format("01/02"))
	y += 8
	colW := w * 0.5
	lx := m
	rx := m + colW + 1
	rw := w - colW - 1
	part := func(x, yy, ww float64, title string) float64 {
		p.f.SetFillColor(215, 215, 215)
		p.rect(x, yy, ww, 4.5, "FD")
		p.setFont(false, "B", 7)
		p.fit(title, ww-2, 7)
		p.textC(x+ww/2, yy+3.3, title)
		return yy + 4.5
	}
	field := func(x, yy, ww float64, no, label, val string, h float64) float64 {
		p.rect(x, yy, ww, h, "D")
		p.setFont(false, "", 6)
		p.text(x+1, yy+2.6, no+"  "+label)
		p.setFont(false, "B", 7.5)
		p.fit(val, ww-4, 7.5)
		p.text(x+3, yy+h-1.3, val)
		return yy + h
	}
	ly := part(lx, y, colW, "Part I - Employee Information")
	ly = field(lx, ly, colW, "3", "TIN", b.EmpTIN, 7.5)
	ly = field(lx, ly, colW, "4", "Employee's Name (Last Name, First Name, Middle Name)", strings.ToUpper(b.Emp.Last+", "+b.Emp.First+" "+b.Emp.Middle+"."), 7.5)
	ly = field(lx, ly, colW, "5", "RDO Code", b.RDO, 7.5)
	ly = field(lx, ly, colW, "6", "Registered Address", b.Address, 7.5)
	ly = field(lx, ly, colW, "7", "Date of Birth (MM/DD/YYYY)", b.Birth.Format("01/02/2006"), 7.5)
	smwD, smwM, mwe := "", "", "[  ]"
	if b.MWE {
		smwD, smwM, mwe = b.Amt.num(b.SMWDay), b.Amt.num(b.SMWMonth), "[X]"
	}
	ly = field(lx, ly, colW, "9", "Statutory Minimum Wage rate per day", smwD, 7.5)
	ly = field(lx, ly, colW, "10", "Statutory Minimum Wage rate per month", smwM, 7.5)
	ly = field(lx, ly, colW, "11", "Minimum Wage Earner (MWE) whose compensation is exempt", mwe, 7.5)
	ly = part(lx, ly, colW, "Part II - Employer Information (Present)")
	ly = field(lx, ly, colW, "12", "Taxpayer Identification Number (TIN)", b.Co.TIN, 7.5)
	ly = field(lx, ly, colW, "13", "Employer's Name", b.employerName(), 7.5)
	ly = field(lx, ly, colW, "14", "Registered Address", b.Co.Address, 7.5)
	typ := "[X] Main Employer   [  ] Secondary Employer"
	if !b.Main {
		typ = "[  ] Main Employer   [X] Secondary Employer"
	}
	ly = field(lx, ly, colW, "15", "Type of Employer", typ, 7.5)
	ly = part(lx, ly, colW, "Part III - Employer Information (Previous)")
	pt, pn := "", ""
	if b.Prev {
		pt, pn = b.PrevCo.TIN, b.PrevCo.Name
	}
	ly = field(lx, ly, colW, "16", "Taxpayer Identification Number (TIN)", pt, 7.5)
	ly = field(lx, ly, colW, "17", "Employer's Name", pn, 7.5)
	ly = part(lx, ly, colW, "Part IV-A - Summary")
	amtRow := func(x, yy, ww float64, it birItem, bold bool) float64 {
		h := 6.5
		lab := b.label(it)
		p.rect(x, yy, ww, h, "D")
		p.setFont(false, "B", 6.5)
		p.text(x+1, yy+3.8, it.No)
		p.setFont(false, "", 6.2)
		aw := ww * 0.3
		lines := wrapText(p, lab, ww-aw-9)
		for i, l := range lines {
			if i > 1 {
				break
			}
			p.text(x+7, yy+2.8+float64(i)*2.6, l)
		}
		style := ""
		if bold {
			style = "B"
		}
		p.setFont(false, style, 7.5)
		p.rect(x+ww-aw, yy+0.8, aw-1, h-1.6, "D")
		p.textR(x+ww-2, yy+h-1.8, b.amount(it.No))
		return yy + h
	}
	for _, it := range birSummaryItems() {
		ly = amtRow(lx, ly, colW, it, it.No == "19")
	}
	ry := part(rx, y, rw, "Part IV-B - Details of Compensation Income & Tax Withheld from Present Employer")
	p.setFont(false, "B", 6.5)
	p.text(rx+1, ry+3.5, "A. NON-TAXABLE/EXEMPT COMPENSATION INCOME")
	ry += 4.5
	for _, it := range birNonTaxItems() {
		ry = amtRow(rx, ry, rw, it, false)
	}
	p.setFont(false, "B", 6.5)
	p.text(rx+1, ry+3.5, "B. TAXABLE COMPENSATION INCOME REGULAR")
	ry += 4.5
	for _, it := range birTaxItems() {
		if it.No == "45" {
			p.setFont(false, "B", 6.5)
			p.text(rx+1, ry+3.5, "SUPPLEMENTARY")
			ry += 4.5
		}
		ry = amtRow(rx, ry, rw, it, it.No == "39")
	}
	y = max(ly, ry) + 3
	if y+40 > H {
		y = H - 40
	}
	p.setFont(false, "", 5.8)
	decl := "I/We declare, under the penalties of perjury, that this certificate has been made in good faith, verified by me/us, and to the best of my/our knowledge and belief, is true and correct, pursuant to the provisions of the National Internal Revenue Code, as amended, and the regulations issued under authority thereof."
	for i, l := range wrapText(p, decl, w) {
		p.text(m, y+float64(i)*2.6, l)
	}
	y += 10
	p.setFont(false, "", 6.5)
	p.text(m, y+6, "53  ______________________________________________")
	p.text(m+8, y+9, "Present Employer/Authorized Agent Signature over Printed Name")
	p.text(m+w/2+5, y+6, "Date Signed  "+b.Signed.Format("01/02/2006"))
	p.text(m, y+17, "54  ______________________________________________")
	p.text(m+8, y+20, "Employee Signature over Printed Name")
	p.text(m+w/2+5, y+17, "Amount paid, if CTC ______________")
}

// wrapText splits s into lines no wider than w in the current font.
func wrapText(p *pdfw, s string, w float64) []string {
	var out []string
	cur := ""
	for _, wd := range strings.Fields(s) {
		if cur != "" && p.width(cur+" "+wd) > w {
			out = append(out, cur)
			cur = wd
			continue
		}
		if cur == "" {
			cur = wd
		} else {
			cur += " " + wd
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// drawBIRList is a plain computer printout: one column, item number,
// description, amount.
func drawBIRList(p *pdfw, b *bir) {
	W := p.size.W
	m := 15.0
	w := W - 2*m
	y := m
	p.setFont(false, "B", 11)
	p.textC(W/2, y+4, "BIR FORM 2316")
	p.setFont(false, "", 8.5)
	p.textC(W/2, y+8.5, "CERTIFICATE OF COMPENSATION PAYMENT / TAX WITHHELD")
	p.textC(W/2, y+12.5, "(Computer-generated; valid without signature)")
	y += 18
	row := func(k, v string) {
		p.setFont(false, "", 8)
		p.text(m, y, k)
		p.setFont(false, "B", 8)
		p.fit(v, w*0.6, 8)
		p.text(m+w*0.38, y, v)
		y += 4.2
	}
	row("1  For the Year", fmt.Sprintf("%d", b.Year))
	row("2  For the Period", "From "+b.From.Format("01/02")+"  To "+b.To.Format("01/02"))
	y += 1
	p.setFont(false, "B", 8.5)
	p.text(m, y, "PART I - EMPLOYEE INFORMATION")
	y += 4.5
	row("3  Taxpayer Identification No.", b.EmpTIN)
	row("4  Employee's Name", strings.ToUpper(b.Emp.Last+", "+b.Emp.First+" "+b.Emp.Middle+"."))
	row("5  RDO Code", b.RDO)
	row("6  Registered Address", b.Address)
	if b.MWE {
		row("9  Statutory Minimum Wage Rate per Day", b.Amt.num(b.SMWDay))
		row("10 Statutory Minimum Wage Rate per Month", b.Amt.num(b.SMWMonth))
		row("11 Minimum Wage Earner (MWE)", "YES")
	} else {
		row("11 Minimum Wage Earner (MWE)", "NO")
	}
	y += 1
	p.setFont(false, "B", 8.5)
	p.text(m, y, "PART II - EMPLOYER INFORMATION (PRESENT)")
	y += 4.5
	row("12 Taxpayer Identification No.", b.Co.TIN)
	row("13 Employer's Name", b.employerName())
	row("14 Registered Address", b.Co.Address)
	if b.Main {
		row("15 Type of Employer", "Main Employer")
	} else {
		row("15 Type of Employer", "Secondary Employer")
	}
	if b.Prev {
		y += 1
		p.setFont(false, "B", 8.5)
		p.text(m, y, "PART III - EMPLOYER INFORMATION (PREVIOUS)")
		y += 4.5
		row("16 Taxpayer Identification No.", b.PrevCo.TIN)
		row("17 Employer's Name", b.PrevCo.Name)
	}
	amt := func(it birItem) {
		p.setFont(false, "", 7.5)
		p.text(m, y, it.No)
		lab := b.label(it)
		p.fit(lab, w*0.7, 7.5)
		p.text(m+9, y, lab)
		p.setFont(false, "", 8)
		if it.No == "19" || it.No == "39" || it.No == "52" || it.No == "38" {
			p.setFont(false, "B", 8)
		}
		p.textR(m+w, y, b.amount(it.No))
		p.f.SetDrawColor(200, 200, 200)
		p.line(m, y+1.2, m+w, y+1.2)
		p.f.SetDrawColor(0, 0, 0)
		y += 4
	}
	y += 1
	p.setFont(false, "B", 8.5)
	p.text(m, y, "PART IV-A - SUMMARY")
	y += 4.5
	for _, it := range birSummaryItems() {
		amt(it)
	}
	y += 1
	p.setFont(false, "B", 8.5)
	p.text(m, y, "PART IV-B - DETAILS OF COMPENSATION INCOME AND TAX WITHHELD FROM PRESENT EMPLOYER")
	y += 4.5
	p.setFont(false, "B", 7.5)
	p.text(m, y, "A. Non-Taxable/Exempt Compensation Income")
	y += 4
	for _, it := range birNonTaxItems() {
		amt(it)
	}
	p.setFont(false, "B", 7.5)
	p.text(m, y, "B. Taxable Compensation Income")
	y += 4
	for _, it := range birTaxItems() {
		amt(it)
	}
	y += 4
	p.setFont(false, "", 7)
	p.text(m, y, "Date signed: "+b.Signed.Format("January 2, 2006"))
}

// birMonoLines is the alphalist-style fixed-width printout.
func birMonoLines(b *bir) []string {
	const cols = 84
	var out []string
	lr := func(l, r string) string {
		g := cols - len([]rune(l)) - len([]rune(r))
		if g < 1 {
			g = 1
		}
		return l + strings.Repeat(" ", g) + r
	}
	out = append(out, "BIR FORM NO. 2316  CERTIFICATE OF COMPENSATION PAYMENT/TAX WITHHELD")
	out = append(out, strings.Repeat("=", cols))
	out = append(out, fmt.Sprintf("[1] FOR THE YEAR: %d     [2] FOR THE PERIOD FROM (MM/DD): %s  TO (MM/DD): %s", b.Year, b.From.Format("01/02"), b.To.Format("01/02")))
	out = append(out, "PART I  EMPLOYEE INFORMATION")
	out = append(out, "[3] TIN: "+b.EmpTIN+"      [5] RDO: "+b.RDO)
	out = append(out, "[4] NAME: "+strings.ToUpper(b.Emp.Last+", "+b.Emp.First+" "+b.Emp.Middle+"."))
	mwe := "NO"
	if b.MWE {
		mwe = "YES   [9] SMW/DAY: " + b.Amt.num(b.SMWDay) + "  [10] SMW/MONTH: " + b.Amt.num(b.SMWMonth)
	}
	out = append(out, "[11] MINIMUM WAGE EARNER: "+mwe)
	out = append(out, "PART II  EMPLOYER INFORMATION (PRESENT)")
	out = append(out, "[12] TIN: "+b.Co.TIN)
	out = append(out, "[13] EMPLOYER: "+b.employerName())
	out = append(out, "[14] ADDRESS: "+b.Co.Address)
	if b.Prev {
		out = append(out, "PART III  EMPLOYER INFORMATION (PREVIOUS)")
		out = append(out, "[16] TIN: "+b.PrevCo.TIN)
		out = append(out, "[17] EMPLOYER: "+b.PrevCo.Name)
	}
	out = append(out, strings.Repeat("-", cols))
	add := func(items []birItem) {
		for _, it := range items {
			lab := fmt.Sprintf("[%s] %s", it.No, strings.ToUpper(it.Label))
			for len(lab) > cols-18 {
				lab = lab[:strings.LastIndex(lab, " ")]
			}
			out = append(out, lr(lab, b.amount(it.No)))
		}
	}
	out = append(out, "PART IV-A  SUMMARY")
	add(birSummaryItems())
	out = append(out, strings.Repeat("-", cols))
	out = append(out, "PART IV-B  A. NON-TAXABLE/EXEMPT COMPENSATION INCOME")
	add(birNonTaxItems())
	out = append(out, "PART IV-B  B. TAXABLE COMPENSATION INCOME")
	add(birTaxItems())
	out = append(out, strings.Repeat("=", cols))
	out = append(out, "DATE SIGNED: "+b.Signed.Format("01/02/2006"))
	return out
}

func drawBIRMono(p *pdfw, b *bir) {
	lines := birMonoLines(b)
	m := 12.0
	p.setFont(true, "", 9)
	size := 9.0
	for size > 5 && p.width(strings.Repeat("M", 84)) > p.size.W-2*m {
		size -= 0.25
		p.f.SetFontSize(size)
	}
	lh := size * 0.45
	y := m + lh
	for _, l := range lines {
		p.text(m, y, l)
		y += lh
	}
}

type birLayout struct {
	Name, Desc string
	Sizes      []pageSize
	Draw       func(p *pdfw, b *bir)
}

var sizeFolio = pageSize{"folio 8.5x13", 215.9, 330.2}

func birLayouts() []*birLayout {
	return []*birLayout{
		{"bir-form", "boxed replica of the official form (Parts I-III and IV-A left, IV-B right)", []pageSize{sizeFolio, sizeLegal, sizeA4}, drawBIRForm},
		{"bir-list", "one-column computer printout: item number, description, amount", []pageSize{sizeA4, sizeLetter, sizeFolio}, drawBIRList},
		{"bir-mono", "fixed-width alphalist-style printout", []pageSize{sizeA4, sizeLetter}, drawBIRMono},
	}
}

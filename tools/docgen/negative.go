package docgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// negLayout is a page with amounts and dates that is not an income document.
type negLayout struct {
	Name, Desc string
	Sizes      []pageSize
	Draw       func(p *pdfw, r *rand.Rand, amt amountStyle) time.Time
}

func negLayouts() []*negLayout {
	return []*negLayout{
		{"neg-utility", "utility bill (electricity, water or internet) with amount due", []pageSize{sizeA4, sizeLetter, sizeHalfL}, drawUtilityBill},
		{"neg-letter", "business letter quoting amounts and dates (lease, tuition, loan notice)", []pageSize{sizeA4, sizeLetter}, drawLetter},
		{"neg-id", "company ID card, front and back, copied on a page", []pageSize{sizeA4, sizeLetter}, drawIDPage},
		{"neg-receipt", "official receipt for a payment received", []pageSize{sizeHalfL, sizeA5, sizeSlip}, drawOfficialReceipt},
	}
}

func randDate(r *rand.Rand) time.Time {
	return date(2022+r.IntN(5), time.Month(1+r.IntN(12)), 1+r.IntN(28))
}

func drawUtilityBill(p *pdfw, r *rand.Rand, amt amountStyle) time.Time {
	W := p.size.W
	m := 12.0
	w := W - 2*m
	kind := r.IntN(3)
	utilName := []string{
		pick(r, companyWords) + " Electric Cooperative, Inc.",
		pick(r, companyWords) + " Water District",
		pick(r, companyWords) + " Fiber Internet Corp.",
	}[kind]
	cust := newPerson(r)
	start := randDate(r)
	end := start.AddDate(0, 1, -1)
	due := end.AddDate(0, 0, 10+r.IntN(10))
	p.setFont(false, "B", 14)
	p.text(m, m+6, utilName)
	p.setFont(false, "", 8)
	p.text(m, m+11, newAddress(r))
	p.setFont(false, "B", 11)
	p.textR(m+w, m+6, pick(r, []string{"STATEMENT OF ACCOUNT", "BILLING STATEMENT", "Electric Bill", "Service Invoice"}))
	y := m + 18
	p.setFont(false, "", 9)
	info := []kv{
		{"Account No.", randDigits(r, 10)},
		{"Account Name", cust.format(r.IntN(4))},
		{"Service Address", newAddress(r)},
		{"Billing Period", start.Format("01/02/2006") + " - " + end.Format("01/02/2006")},
		{"Bill Date", end.AddDate(0, 0, 2).Format("January 2, 2006")},
		{"Due Date", due.Format("January 2, 2006")},
	}
	if kind == 0 {
		info = append(info, kv{"Meter No.", randDigits(r, 8)}, kv{"kWh Used", fmt.Sprintf("%d", 80+r.IntN(600))})
	} else if kind == 1 {
		info = append(info, kv{"Meter No.", randDigits(r, 7)}, kv{"Cu. m. Used", fmt.Sprintf("%d", 8+r.IntN(60))})
	} else {
		info = append(info, kv{"Plan", fmt.Sprintf("Fiber %d Mbps", pick(r, []int{50, 100, 200, 500}))})
	}
	for _, kv := range info {
		p.setFont(false, "B", 9)
		p.text(m, y, kv.K+":")
		p.setFont(false, "", 9)
		p.text(m+40, y, kv.V)
		y += 5
	}
	y += 4
	charges := map[int][]string{
		0: {"Generation Charge", "Transmission Charge", "System Loss Charge", "Distribution Charge", "Supply Charge", "Metering Charge", "Universal Charges", "Lifeline Rate Subsidy", "VAT"},
		1: {"Basic Charge", "Environmental Fee", "Maintenance Service Charge", "Franchise Tax", "VAT"},
		2: {"Monthly Service Fee", "Add-on: Landline", "Prorated Charges", "Late Payment Fee", "VAT"},
	}[kind]
	var total int64
	p.f.SetFillColor(225, 225, 225)
	p.cell(m, y, w*0.7, 6, "Charges", "1", "L", true)
	p.cell(m+w*0.7, y, w*0.3, 6, "Amount", "1", "R", true)
	y += 6
	for _, c := range charges {
		a := int64(r.IntN(250000) + 2000)
		total += a
		p.cell(m, y, w*0.7, 5.5, c, "LR", "L", false)
		p.cell(m+w*0.7, y, w*0.3, 5.5, amt.num(a), "LR", "R", false)
		y += 5.5
	}
	prev := int64(0)
	if chance(r, 0.4) {
		prev = int64(r.IntN(300000))
		p.cell(m, y, w*0.7, 5.5, "Previous Balance / Arrears", "LR", "L", false)
		p.cell(m+w*0.7, y, w*0.3, 5.5, amt.num(prev), "LR", "R", false)
		y += 5.5
	}
	p.setFont(false, "B", 10)
	p.cell(m, y, w*0.7, 7, "TOTAL AMOUNT DUE", "1", "L", true)
	p.cell(m+w*0.7, y, w*0.3, 7, amt.total(total+prev), "1", "R", true)
	y += 14
	p.setFont(false, "", 8)
	for _, l := range []string{
		"Please pay on or before the due date to avoid disconnection.",
		"Payments may be made at any accredited payment center or through online banking.",
		fmt.Sprintf("Last payment received: %s on %s. Thank you.", amt.total(int64(r.IntN(400000)+10000)), start.AddDate(0, 0, -5).Format("01/02/2006")),
	} {
		p.text(m, y, l)
		y += 4.5
	}
	return end
}

func drawLetter(p *pdfw, r *rand.Rand, amt amountStyle) time.Time {
	W := p.size.W
	m := 25.0
	w := W - 2*m
	co := newCompany(r)
	to := newPerson(r)
	d := randDate(r)
	p.setFont(false, "B", 13)
	p.textC(W/2, m, co.Name)
	p.setFont(false, "", 8.5)
	p.textC(W/2, m+5, co.Address)
	p.line(m, m+8, m+w, m+8)
	y := m + 18
	p.setFont(false, "", 10)
	p.text(m, y, d.Format("January 2, 2006"))
	y += 10
	for _, l := range []string{to.format(0), newAddress(r)} {
		p.fit(l, w, 10)
		p.text(m, y, l)
		p.f.SetFontSize(10)
		y += 5
	}
	y += 6
	a1 := int64(r.IntN(8000000) + 300000)
	a2 := int64(r.IntN(2000000) + 50000)
	d2 := d.AddDate(0, 1+r.IntN(3), 0)
	var subject string
	var body []string
	switch r.IntN(3) {
	case 0:
		subject = "Re: Renewal of Lease Contract"
		body = []string{
			fmt.Sprintf("Dear %s %s,", pick(r, []string{"Mr.", "Ms."}), to.Last),
			fmt.Sprintf("This is to inform you that your lease of Unit %d will expire on %s. Upon renewal the monthly rental will be %s, payable on or before the fifth day of each month.", 100+r.IntN(900), d2.Format("January 2, 2006"), amt.total(a1)),
			fmt.Sprintf("A security deposit equivalent to two (2) months, or %s, and advance rental are required. Association dues of %s per month remain unchanged.", amt.total(a1*2), amt.num(a2)),
			"Kindly confirm your intention to renew at least thirty (30) days before expiry.",
		}
	case 1:
		subject = "Statement of Account - Tuition and Miscellaneous Fees"
		body = []string{
			"Dear Parent/Guardian,",
			fmt.Sprintf("Please be advised that the remaining balance for School Year %d-%d is %s. The next installment of %s is due on %s.", d.Year(), d.Year()+1, amt.total(a1), amt.total(a2), d2.Format("01/02/2006")),
			fmt.Sprintf("A surcharge of %s will be applied to payments received after the due date.", amt.num(int64(r.IntN(100000)+5000))),
			"Please disregard this notice if payment has already been made.",
		}
	default:
		subject = "Notice of Loan Approval"
		body = []string{
			fmt.Sprintf("Dear %s,", to.format(0)),
			fmt.Sprintf("We are pleased to inform you that your loan application dated %s has been approved in the amount of %s, payable in %d months.", d.AddDate(0, 0, -14).Format("January 2, 2006"), amt.total(a1*10), 12*(1+r.IntN(3))),
			fmt.Sprintf("Your monthly amortization is %s, with the first due date on %s. A processing fee of %s will be deducted from the proceeds.", amt.total(a2), d2.Format("January 2, 2006"), amt.num(a2/10)),
			"Please visit our branch with two valid IDs to sign the promissory note.",
		}
	}
	p.setFont(false, "B", 10)
	p.text(m, y, subject)
	y += 9
	p.setFont(false, "", 10)
	for _, para := range body {
		for _, l := range wrapText(p, para, w) {
			p.text(m, y, l)
			y += 5
		}
		y += 3
	}
	y += 8
	p.text(m, y, "Very truly yours,")
	y += 14
	s := newPerson(r)
	p.setFont(false, "B", 10)
	p.text(m, y, strings.ToUpper(s.format(0)))
	p.setFont(false, "", 9)
	p.text(m, y+5, pick(r, []string{"Property Manager", "Accounting Office", "Branch Manager", "Finance Officer"}))
	return d
}

func drawIDPage(p *pdfw, r *rand.Rand, amt amountStyle) time.Time {
	W := p.size.W
	co := newCompany(r)
	who := newPerson(r)
	issued := randDate(r)
	cw, ch := 86.0, 54.0
	x := (W - cw) / 2
	y := 30.0
	// Front.
	p.f.SetFillColor(60, 60, 60)
	p.f.RoundedRect(x, y, cw, ch, 3, "1234", "D")
	p.rect(x, y, cw, 11, "F")
	p.f.SetTextColor(255, 255, 255)
	p.setFont(false, "B", 8.5)
	p.fit(strings.ToUpper(co.Name), cw-6, 8.5)
	p.textC(x+cw/2, y+7, strings.ToUpper(co.Name))
	p.gray(0)
	p.f.SetFillColor(200, 200, 200)
	p.rect(x+4, y+14, 22, 27, "F")
	p.setFont(false, "B", 9)
	p.text(x+30, y+20, who.format(3))
	p.setFont(false, "", 7.5)
	p.text(x+30, y+25, pick(r, positions))
	p.text(x+30, y+30, "ID No. "+randDigits(r, 6))
	p.text(x+30, y+35, "Valid until "+issued.AddDate(2, 0, 0).Format("01/02/2006"))
	// Back.
	y += ch + 12
	p.f.RoundedRect(x, y, cw, ch, 3, "1234", "D")
	p.setFont(false, "", 7)
	lines := []string{
		"TIN: " + tin(r, "000"),
		"SSS: " + sssNo(r),
		"PhilHealth: " + philHealthNo(r),
		"Pag-IBIG: " + pagIbigNo(r),
		"Blood Type: " + pick(r, []string{"O+", "A+", "B+", "AB+"}),
		"Date Issued: " + issued.Format("January 2, 2006"),
		"In case of emergency: " + newPerson(r).format(0),
		"Contact: 09" + randDigits(r, 9),
	}
	for i, l := range lines {
		p.text(x+4, y+6+float64(i)*4.5, l)
	}
	p.setFont(false, "", 5.5)
	p.text(x+4, y+ch-3, "If found, please return to the HR Department. Replacement fee: "+amt.total(int64(20000+r.IntN(30000))))
	p.setFont(false, "", 7)
	p.textC(W/2, y+ch+12, "Photocopy of company ID - front and back")
	return issued
}

func drawOfficialReceipt(p *pdfw, r *rand.Rand, amt amountStyle) time.Time {
	W := p.size.W
	m := 10.0
	w := W - 2*m
	co := newCompany(r)
	d := randDate(r)
	a := int64(r.IntN(5000000) + 10000)
	p.setFont(false, "B", 11)
	p.fit(co.Name, w, 11)
	p.textC(W/2, m+4, co.Name)
	p.setFont(false, "", 7)
	p.fit(co.Address, w, 7)
	p.textC(W/2, m+8, co.Address)
	p.f.SetFontSize(7)
	p.textC(W/2, m+11.5, "VAT Reg. TIN "+co.TIN)
	p.setFont(false, "B", 12)
	p.text(m, m+20, "OFFICIAL RECEIPT")
	p.setFont(false, "B", 10)
	p.textR(m+w, m+20, "No. "+randDigits(r, 6))
	y := m + 29
	p.setFont(false, "", 9)
	lines := []string{
		"Date: " + d.Format("January 2, 2006"),
		"Received from " + newPerson(r).format(0) + " with TIN " + tin(r, "000"),
		"the sum of " + amt.total(a) + " in " + pick(r, []string{"full", "partial"}) + " payment for " +
			pick(r, []string{"professional services", "rental for the month", "tuition fee", "purchase of materials", "association dues"}) + ".",
	}
	for _, l := range lines {
		for _, wl := range wrapText(p, l, w) {
			p.text(m, y, wl)
			y += 5
		}
	}
	y += 3
	vatable := a * 100 / 112
	for _, kv := range []kv{{"VATable Sales", amt.num(vatable)}, {"VAT (12%)", amt.num(a - vatable)}, {"Total Amount", amt.total(a)}} {
		p.text(m+w/2, y, kv.K)
		p.textR(m+w, y, kv.V)
		y += 4.5
	}
	p.text(m, y+6, "By: ____________________  Cashier/Authorized Representative")
	return d
}

package extract

import "strings"

// pageClass is the classification of one page with the evidence's weight.
type pageClass struct {
	kind   Kind
	score  float64
	reason string
	// byStructure says a payslip was recognised by its period and
	// arithmetic alone, not its wording: its captions are ones the
	// vocabularies may read wrong, so a person confirms it.
	byStructure bool
}

// Phrases, folded, that mark each kind. Weights say how specific they are.
var (
	cuesW2 = map[string]float64{"wage and tax statement": 3, "w 2": 1.5, "wages tips other compensation": 3,
		"social security wages": 1.5, "medicare wages and tips": 1.5, "employer identification number": 1,
		"form w 2": 2, "employer s name address and zip code": 1.5}
	cuesNEC       = map[string]float64{"1099 nec": 3, "nonemployee compensation": 3}
	cues1099Other = map[string]float64{"1099 div": 3, "1099 int": 3, "1099 g": 3, "1099 misc": 2,
		"dividends and distributions": 2, "interest income": 2, "certain government payments": 3,
		"unemployment compensation": 2, "total ordinary dividends": 2, "miscellaneous income": 1, "miscellaneous information": 1,
		"rents": 0.5, "royalties": 0.5}
	cuesBIR = map[string]float64{"2316": 2, "certificate of compensation payment": 3, "bir form": 1.5,
		"bureau of internal revenue": 1.5, "tax withheld": 0.5, "gross compensation income": 2,
		"compensation income from present employer": 2, "minimum wage earner": 1, "statutory minimum wage": 1}
	cuesPayslip = map[string]float64{"payslip": 3, "pay slip": 3, "pay stub": 3, "paystub": 3, "earnings statement": 3,
		"net pay": 2.5, "take home pay": 2.5, "gross pay": 2, "basic pay": 1.5, "basic salary": 1.5, "pay period": 1.5,
		"deductions": 1, "earnings": 1, "pay date": 1, "total earnings": 1.5, "payroll": 1, "cut off": 1,
		"withholding tax": 0.5, "philhealth": 0.5, "pag ibig": 0.5, "sss": 0.3, "pay advice": 2, "salary slip": 3,
		"overtime": 0.5, "ytd": 0.5, "period beginning": 1, "period ending": 1, "check date": 0.5, "advice date": 0.5,
		"gross earnings": 1.5, "total deductions": 1.5, "net salary": 2, "payroll slip": 3, "pay statement": 3,
		"payroll statement": 3, "salary statement": 3, "net amount": 2, "gross income": 1.5, "gross salary": 1.5,
		"this period": 0.5, "date paid": 1, "deductions total": 1.5, "take home": 2, "net income": 2,
		"payroll voucher": 3, "pay voucher": 2, "pay register": 3, "payroll register": 3, "cutoff": 1, "period covered": 1, "pay schedule": 1, "payout date": 1,
		"payroll period": 1.5, "total compensation": 1, "employee id": 0.5, "pay frequency": 1,
		// Salary cash vouchers: a receipt sentence instead of a title.
		"payment of salary": 2.5, "salary for the period": 2, "salaries for the period": 2, "cash voucher": 0.5}
	// Bills, statements and IDs: documents with amounts and dates that are
	// not income.
	cuesOther = map[string]float64{"amount due": 2.5, "total amount due": 2.5, "due date": 2, "billing period": 2.5,
		"statement of account": 2, "account number": 1, "previous balance": 2, "kwh": 2, "meter": 1.5,
		"subscriber": 1.5, "service address": 1.5, "invoice": 2, "official receipt": 2, "bill": 1,
		"pay before": 1.5, "current charges": 2, "internet": 1, "plan": 0.5, "driver s license": 3,
		"date of birth": 1.5, "passport": 2, "balance": 0.5, "outstanding balance": 2, "minimum amount due": 2.5}
)

func cueScore(folded string, cues map[string]float64) (float64, []string) {
	s := 0.0
	var found []string
	for phrase, w := range cues {
		if containsPhrase(folded, phrase) {
			s += w
			found = append(found, phrase)
		}
	}
	return s, found
}

// containsPhrase matches a folded phrase on word boundaries; line breaks
// count as spaces so phrases may wrap.
func containsPhrase(folded, phrase string) bool {
	return containsWord(strings.ReplaceAll(folded, "\n", " "), phrase)
}

// classifyPage decides what one page is.
func classifyPage(l *layout) pageClass {
	// Cues count in the page's own words and in its canonical words, so
	// "Kabuuang Kita" counts as "total earnings" and "NET AMT." as "net
	// amount".
	t := l.foldText + l.canonText
	w2, _ := cueScore(t, cuesW2)
	nec, _ := cueScore(t, cuesNEC)
	oth1099, _ := cueScore(t, cues1099Other)
	bir, _ := cueScore(t, cuesBIR)
	pay, _ := cueScore(t, cuesPayslip)
	other, _ := cueScore(t, cuesOther)

	switch {
	case bir >= 4:
		return pageClass{kind: KindBIR2316, score: bir, reason: "BIR Form 2316"}
	case w2 >= 4 && w2 >= pay:
		return pageClass{kind: KindW2, score: w2, reason: "Form W-2"}
	case nec >= 3 && containsPhrase(t, "1099 nec"):
		return pageClass{kind: Kind1099NEC, score: nec, reason: "Form 1099-NEC"}
	case oth1099 >= 3 && nec >= 3 && containsPhrase(t, "1099 misc"):
		// Older 1099-MISC forms carried nonemployee compensation in box 7.
		return pageClass{kind: Kind1099NEC, score: nec, reason: "Form 1099-MISC with nonemployee compensation"}
	case oth1099 >= 2.5 && pay < 4:
		return pageClass{kind: KindUnsupported, score: oth1099, reason: "a 1099 form that does not report employment income"}
	}
	hasNetOrGross := containsPhrase(t, "net pay") || containsPhrase(t, "take home pay") || containsPhrase(t, "gross pay") ||
		containsPhrase(t, "total earnings") || containsPhrase(t, "gross earnings") || containsPhrase(t, "net salary") ||
		containsPhrase(t, "takehome pay") || containsPhrase(t, "net amount") || containsPhrase(t, "gross income") ||
		containsPhrase(t, "take home") || containsPhrase(t, "gross salary") || containsPhrase(t, "gross amount")
	// Registers print captions over two lines ("NET" over "AMOUNT").
	hasNetOrGross = hasNetOrGross || len(l.findLabels([]string{"net pay", "net amount", "take home pay", "gross pay",
		"gross income", "gross salary", "total earnings", "net salary", "net income", "total compensation"})) > 0
	if pay >= 4 && hasNetOrGross && pay > other {
		return pageClass{kind: KindPayslip, score: pay, reason: "payslip"}
	}
	if pay >= 3 && hasNetOrGross && other < 2 {
		return pageClass{kind: KindPayslip, score: pay, reason: "payslip"}
	}
	// A payslip's own title and payroll words outweighing a bill's: a
	// register slip's "AMOUNT DUE" and "BALANCE" column make no bill of a
	// page titled PAYSLIP with earnings and deductions.
	if pay >= 6 && pay > 1.5*other && titled(t) {
		return pageClass{kind: KindPayslip, score: pay, reason: "payslip"}
	}
	// Payroll words aplenty but the totals unread (a photo that lost the
	// table's right side): a payslip, which review will complete.
	if pay >= 5 && other < 2 {
		return pageClass{kind: KindPayslip, score: pay, reason: "payslip"}
	}
	// A payslip whatever its title: a pay period or pay date, and gross,
	// deductions and net captions whose amounts agree to the centavo.
	if other < 2 && pay >= 1 && structuredPayslip(l) {
		return pageClass{kind: KindPayslip, score: pay, reason: "payslip (period and arithmetic)", byStructure: true}
	}
	reason := "not a payslip or tax record"
	if other >= 3 {
		reason = "a bill or statement, not a payslip or tax record"
	}
	if len(strings.Fields(t)) < 8 {
		reason = "no readable text"
	}
	return pageClass{kind: KindUnsupported, score: other, reason: reason}
}

// titled says the page prints a payslip's title (a cue of full weight:
// "payslip", "pay statement", "salary slip", …).
func titled(folded string) bool {
	for phrase, w := range cuesPayslip {
		if w >= 3 && containsPhrase(folded, phrase) {
			return true
		}
	}
	return false
}

// structuredPayslip says a page has a payslip's structure: a pay period or
// a pay date, and captioned gross, deductions (or taxes) and net amounts
// with gross - deductions = net, net positive and below gross. Bills and
// statements print totals and dates too, but not that relation under those
// captions.
func structuredPayslip(l *layout) bool {
	ls := []*layout{l}
	g, n, d, ok, _ := pickAmounts(amountCands(ls, lblGross, nil), amountCands(ls, lblNet, nil),
		amountCands(ls, lblTotalDed, nil), amountCands(ls, lblTotalTax, nil))
	if !ok || d == nil || d.value <= 0 || n.value <= 0 || g.value <= n.value {
		return false
	}
	// Three captions, not one amount read three times.
	if g.row == n.row && g.tok.box == n.tok.box {
		return false
	}
	if _, _, ok := findPeriod(ls); ok {
		return true
	}
	_, _, ok = findDate(ls, lblPayDate)
	return ok
}

package extract

import (
	"math"
	"strings"
	"unicode"

	"talaan/ocr"
)

// labelHit is where a label phrase was found on a page.
type labelHit struct {
	row     int
	from    int // first word index in the row
	to      int // one past the last word
	box     ocr.Box
	quality float64 // 1 exact, lower for fuzzy matches
	phrase  string
}

// findLabels finds every occurrence of any of the phrases, each phrase
// lower case with single spaces. Matching is word-wise on folded words, and
// also on the words joined without spaces, so OCR that merges or splits words
// ("NetPay", "Take Home Pay") still matches; near misses ("Gros Pay") match
// with a lower quality. Overlapping hits keep the best match, then the
// longest phrase.
func (l *layout) findLabels(phrases []string) []labelHit {
	var hits []labelHit
	for _, r := range l.rows {
		var rowHits []labelHit
		for _, ph := range phrases {
			target := strings.ReplaceAll(ph, " ", "")
			nw := len(strings.Fields(ph))
			for j := range r.words {
				if r.fold[j] == "" {
					continue
				}
				// Cheap first-letter filter.
				if r.fold[j][0] != target[0] && similar(r.fold[j][:1], target[:1]) < 1 && len(target) > 3 {
					if !ocrLetterPair(rune(r.fold[j][0]), rune(target[0])) {
						continue
					}
				}
				for k := max(1, nw-1); k <= nw+1 && j+k <= len(r.words); k++ {
					joined := strings.Join(r.fold[j:j+k], "")
					if joined == "" {
						continue
					}
					q := 0.0
					switch {
					case joined == target:
						q = 1
					case len(target) >= 6 && !otherWord(r.fold[j:j+k], ph):
						if s := similar(joined, target); s >= 0.84 {
							q = s * 0.95
						}
					}
					if q == 0 || l.spansGap(r, j, j+k) {
						continue
					}
					box := r.words[j].Box
					for m := j + 1; m < j+k; m++ {
						box = box.Union(r.words[m].Box)
					}
					rowHits = append(rowHits, labelHit{row: r.idx, from: j, to: j + k, box: box, quality: q, phrase: ph})
					break
				}
			}
		}
		rowHits = append(rowHits, l.canonLabels(r, phrases)...)
		rowHits = append(rowHits, l.stackedLabels(r, phrases)...)
		hits = append(hits, dropOverlaps(rowHits)...)
	}
	return hits
}

// stackedLabels finds captions wrapped over two lines in a column ("Total"
// over "Compensation", "TAKE HOME" over "PAY"), as registers and boxed
// forms print them: a word of a caption row joined with the words right
// under it on the next caption row.
func (l *layout) stackedLabels(r *row, phrases []string) []labelHit {
	if len(r.nums) > 0 || r.idx+1 >= len(l.rows) {
		return nil
	}
	nr := l.rows[r.idx+1]
	if len(nr.nums) > 0 || nr.box.Y0-r.box.Y1 > l.lineH*0.8 {
		return nil
	}
	var out []labelHit
	for j, w := range r.words {
		var under []string
		box := w.Box
		for k, u := range nr.words {
			c := u.Box.CenterX()
			if c >= w.Box.X0-l.lineH && c <= w.Box.X1+l.lineH {
				under = append(under, nr.fold[k])
				box = box.Union(u.Box)
			}
		}
		if len(under) == 0 {
			continue
		}
		// The caption may start a word earlier on the top line ("TAKE
		// HOME" over "PAY").
		for from := j; from >= 0 && from >= j-1; from-- {
			if from < j && l.spansGap(r, from, j+1) {
				break
			}
			joined := strings.Join(r.fold[from:j+1], "") + strings.Join(under, "")
			for _, ph := range phrases {
				if joined == strings.ReplaceAll(ph, " ", "") {
					b := box.Union(r.words[from].Box)
					out = append(out, labelHit{row: r.idx, from: from, to: j + 1, box: b, quality: 0.95, phrase: ph + " "})
				}
			}
		}
	}
	return out
}

// dropOverlaps keeps, among hits sharing words, the one with the longest
// phrase (then the best quality).
func dropOverlaps(hs []labelHit) []labelHit {
	var out []labelHit
	for i, h := range hs {
		keep := true
		for j, o := range hs {
			if i == j || o.from >= h.to || h.from >= o.to {
				continue
			}
			if o.quality > h.quality || (o.quality == h.quality && (len(o.phrase) > len(h.phrase) || (len(o.phrase) == len(h.phrase) && j < i))) {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, h)
		}
	}
	return out
}

func ocrLetterPair(a, b rune) bool {
	pairs := []string{"0o", "1l", "1i", "5s", "8b", "rn", "cе"}
	for _, p := range pairs {
		if strings.ContainsRune(p, a) && strings.ContainsRune(p, b) {
			return true
		}
	}
	return false
}

// vocab holds words that are real words of their own on payslips and forms:
// a near miss that is one of them ("employee" for "employer") is that word,
// not an OCR error.
var vocab = map[string]bool{}

func init() {
	for _, list := range [][]string{lblGross, lblNet, lblBasic, lblTotalDed, lblSSS, lblPhilHealth, lblPagIbig, lblWTax,
		lblTotalTax, lblPeriod, lblStart, lblEnd, lblPayDate, lblEmployer, lblEmployee, lblFreq} {
		for _, ph := range list {
			for _, w := range strings.Fields(ph) {
				vocab[w] = true
			}
		}
	}
	for _, w := range []string{"employee", "employees", "employer", "employers", "name", "date", "rate", "total", "tax",
		"taxable", "nontaxable", "exempt", "deduction", "deductions", "earning", "earnings", "current", "previous",
		"present", "regular", "overtime", "holiday", "income", "wages", "tips", "state", "local", "federal"} {
		vocab[w] = true
	}
}

// otherWord says the words hold a vocabulary word the phrase does not have.
func otherWord(words []string, phrase string) bool {
	pw := map[string]bool{}
	for _, w := range strings.Fields(phrase) {
		pw[w] = true
	}
	for _, w := range words {
		if vocab[w] && !pw[w] {
			return true
		}
	}
	return false
}

// similar is the normalised Levenshtein similarity of two strings, 0..1.
func similar(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 && len(rb) == 0 {
		return 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	d := prev[len(rb)]
	return 1 - float64(d)/math.Max(float64(len(ra)), float64(len(rb)))
}

// isWordy says a word is text (a label or a name), not a number or mark.
func isWordy(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	if _, ok := currencyWords[strings.ToLower(strings.TrimRight(s, ".:"))]; ok {
		return false
	}
	return n >= 2
}

// The label vocabularies, folded (lower case, no punctuation). They name
// what payslips print, across payroll systems and in Philippine usage.
var (
	lblGross = []string{"gross pay", "total gross pay", "total gross", "gross earnings", "total earnings",
		"gross income", "gross salary", "gross amount", "total compensation", "gross compensation",
		"total gross earnings", "gross pay for the period", "total pay", "total salary", "gross"}
	lblNet = []string{"net pay", "take home pay", "takehome pay", "take home", "net salary", "net amount",
		"net income", "net amount due", "total net pay", "net take home pay", "net pay amount", "amount received",
		"net payable", "net amount paid", "amount paid", "net"}
	lblBasic = []string{"basic pay", "basic salary", "regular pay", "regular salary", "basic", "regular",
		"salary", "regular earnings", "basic wage", "regular hours", "base pay", "base salary", "salary wages",
		"hourly", "regular salary pay"}
	lblTotalDed = []string{"total deductions", "total deduction", "deductions total", "less total deductions",
		"total deductions for the period", "total withholdings", "total withholding", "withholdings total",
		"total less", "deductions"}
	lblTotalTax   = []string{"total taxes", "total tax", "taxes", "total employee taxes", "total taxes withheld", "employee taxes"}
	lblSSS        = []string{"sss", "sss contribution", "sss premium", "sss ee", "sss employee share", "sss contributions"}
	lblPhilHealth = []string{"philhealth", "phic", "philhealth contribution", "phil health", "philhealth premium", "phic contribution"}
	lblPagIbig    = []string{"pag ibig", "pagibig", "hdmf", "pag ibig contribution", "pag ibig fund", "hdmf contribution"}
	lblWTax       = []string{"withholding tax", "w tax", "wtax", "tax withheld", "income tax", "withholding tax on compensation", "bir tax"}

	lblPeriod = []string{"pay period", "period", "cut off", "cutoff", "cut off period", "period covered",
		"payroll period", "pay period covered", "covered period", "coverage", "payroll cut off", "pay coverage",
		"for the period", "salary period", "for the month of", "month of", "pay cycle", "period of",
		"cut off date", "cut off dates", "cutoff date", "payroll cutoff", "payroll coverage", "coverage period",
		"dates covered", "date covered", "inclusive dates", "inclusive period", "pay period dates",
		"panahon ng sahod", "panahon ng pasahod", "saklaw na petsa", "petsa ng saklaw", "sakop na petsa",
		"saklaw ng sahod", "para sa buwan ng", "buwan ng"}
	lblStart = []string{"period beginning", "pay begin date", "period start", "start date", "period from",
		"period start date", "pay period start", "begin date", "from date"}
	lblEnd = []string{"period ending", "pay end date", "period end", "end date", "period to", "period end date",
		"pay period end", "to date", "through"}
	lblPayDate = []string{"pay date", "payment date", "date paid", "check date", "advice date", "payout date",
		"pay day", "payday", "date of payment", "payroll date", "deposit date", "paid on", "date of pay",
		"credit date", "release date", "date released", "paid date", "petsa ng bayad", "araw ng sahod",
		"crediting date", "date of credit", "date of release", "payout day", "payout"}
	lblEmployer = []string{"employer", "company", "company name", "employer name", "employers name", "business name"}
	lblEmployee = []string{"employee name", "employee", "name of employee", "name", "employee s name"}
	lblFreq     = []string{"pay frequency", "frequency", "pay schedule", "payroll frequency", "pay basis", "pay type"}
)

// spansGap says words from..to-1 of a row are not one phrase: a gap wider
// than a few spaces separates columns ("TOTAL" and "NET PAY" are two
// captions).
func (l *layout) spansGap(r *row, from, to int) bool {
	for m := from + 1; m < to; m++ {
		if r.words[m].Box.X0-r.words[m-1].Box.X1 > l.lineH*1.5 {
			return true
		}
	}
	return false
}

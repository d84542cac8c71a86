package extract

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"talaan/extract/parse"
	"talaan/ocr"
)

// A row is one visual line of a page: the words whose vertical centres fall
// in one band, left to right. Rows are rebuilt from the boxes because OCR
// engines split table rows into separate blocks and text layers order words
// by drawing order, not by position.
type row struct {
	idx   int
	words []ocr.Word
	box   ocr.Box
	fold  []string // folded text of each word, for label matching
	nums  []amountTok
	// canon is the row's words rewritten into the vocabularies' English
	// (captions.go); canonDiff says it differs from fold.
	canon     []canonTok
	canonDiff bool
}

// amountTok is an amount read from one or more adjacent words of a row.
type amountTok struct {
	val   parse.Amount
	box   ocr.Box
	first int // index of its first word in the row
	last  int
	text  string
	conf  float64
}

// layout is a page prepared for field search.
type layout struct {
	page     *ocr.Page
	rows     []*row
	lineH    float64 // median word height
	headers  []header
	text     string // the page's rows joined by newlines
	foldText string
	// canonText is foldText in canonical words (captions.go).
	canonText string
	cents     float64 // share of amounts with cents; -1 until computed
	// dates is how the page orders numeric dates: day first when one of
	// them can only be read so ("30-04-2022") and none only month first.
	dates parse.DateHint
}

type headerClass int

const (
	hdrCurrent headerClass = iota + 1
	hdrYTD
	hdrRate     // rate, hours, days, units, qty: not money for the period
	hdrEmployer // employer share, ER
	hdrBalance  // loan balance, leave balance
)

// header is a column header word: values under it belong to its column.
type header struct {
	class headerClass
	box   ocr.Box
	row   int
}

func newLayout(p *ocr.Page) *layout {
	words := cleanWords(p.Words)
	l := &layout{page: p, cents: -1}
	hs := make([]float64, 0, len(words))
	for _, w := range words {
		if w.Box.Height() > 0 {
			hs = append(hs, w.Box.Height())
		}
	}
	l.lineH = median(hs)
	if l.lineH <= 0 {
		l.lineH = 10
	}
	// Some text layers give glyphs no height; give them a line's.
	for i := range words {
		if words[i].Box.Height() < l.lineH*0.2 {
			words[i].Box.Y0 = words[i].Box.Y1 - l.lineH
		}
	}
	l.rows = dropTransmissionLines(buildRows(words, l.lineH), p.Height)
	var sb strings.Builder
	for i, r := range l.rows {
		r.idx = i
		r.words = mergeSpacedNumbers(mergeLetterSpaced(r.words))
		r.fold = make([]string, len(r.words))
		for j, w := range r.words {
			r.fold[j] = foldWord(w.Text)
		}
		r.nums = amountsInRow(r, l.lineH)
		r.canon = canonWords(r.fold)
		r.canonDiff = canonDiffers(r.fold, r.canon)
		sb.WriteString(r.text())
		sb.WriteByte('\n')
	}
	l.text = sb.String()
	l.foldText = foldText(l.text)
	l.canonText = canonFoldText(l.rows)
	l.headers = findHeaders(l)
	l.dates = dateOrder(l.rows)
	return l
}

// numericDate is a date printed as three numbers: 30/04/2022, 04-30-22.
var numericDate = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$`)

// dateOrder reads how a page orders the numbers of its dates. A page prints
// all its dates one way, so one date whose first number is above 12
// ("30-04-2022") settles the order of its ambiguous ones ("01-04-2022"),
// unless another can only be month first.
func dateOrder(rows []*row) parse.DateHint {
	dayFirst, monthFirst := false, false
	for _, r := range rows {
		for _, w := range r.words {
			m := numericDate.FindStringSubmatch(strings.Trim(w.Text, ",;:()"))
			if m == nil {
				continue
			}
			a, _ := strconv.Atoi(m[1])
			b, _ := strconv.Atoi(m[2])
			switch {
			case a > 12 && a <= 31 && b >= 1 && b <= 12:
				dayFirst = true
			case b > 12 && b <= 31 && a >= 1 && a <= 12:
				monthFirst = true
			}
		}
	}
	return parse.DateHint{DayFirst: dayFirst && !monthFirst}
}

func (r *row) text() string {
	return joinWords(r.words, 0, len(r.words))
}

func joinWords(ws []ocr.Word, from, to int) string {
	var sb strings.Builder
	for i := from; i < to && i < len(ws); i++ {
		if i > from {
			sb.WriteByte(' ')
		}
		sb.WriteString(ws[i].Text)
	}
	return sb.String()
}

// cleanWords drops empty words and OCR noise made only of punctuation,
// and splits words that OCR glued together across a table rule
// ("Hours___Amount", "Pay|Amount").
func cleanWords(ws []ocr.Word) []ocr.Word {
	out := make([]ocr.Word, 0, len(ws))
	for _, w := range splitRuled(ws) {
		// A quote mark glued to a word's end is a speck OCR read beside it
		// ("“PHP 49,992.74", "‘Handog BPO Solutions Inc.", "Deductions’"),
		// which would stop the word being a currency, a caption or a name.
		t := strings.Trim(strings.TrimSpace(w.Text), parse.QuoteMarks)
		if t == "" {
			continue
		}
		if !strings.ContainsFunc(t, func(r rune) bool {
			return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '₱' || r == '$' || r == '-'
		}) {
			continue
		}
		w.Text = t
		out = append(out, w)
	}
	return out
}

// mergeLetterSpaced joins runs of single-character words of one row, left
// to right, that some PDF generators emit for letter-spaced text
// ("P a y  p e r i o d").
// mergeSpacedNumbers rejoins an amount OCR read glyph by glyph in a large
// font ("P14 , 0 1 7 . 18" for "P14,017.18"): a run of short tokens of
// digits and separators, close together, with a separator standing alone,
// that reads as one amount with cents once joined.
func mergeSpacedNumbers(ws []ocr.Word) []ocr.Word {
	piece := func(t string) bool {
		if t == "" || len(t) > 4 {
			return false
		}
		for i, r := range t {
			if !(r >= '0' && r <= '9' || r == ',' || r == '.' || i == 0 && strings.ContainsRune("P₱$", r)) {
				return false
			}
		}
		return true
	}
	out := make([]ocr.Word, 0, len(ws))
	for i := 0; i < len(ws); {
		j, lone := i+1, ws[i].Text == "," || ws[i].Text == "."
		for j < len(ws) && piece(ws[i].Text) && piece(ws[j].Text) && ws[j].Box.X0-ws[j-1].Box.X1 < ws[j].Box.Height()*0.8 {
			lone = lone || ws[j].Text == "," || ws[j].Text == "."
			j++
		}
		if j-i >= 3 && lone {
			joined := ws[i]
			for _, w := range ws[i+1 : j] {
				joined.Text += w.Text
				joined.Box = joined.Box.Union(w.Box)
				joined.Conf = min(joined.Conf, w.Conf)
			}
			if a, ok := parse.ParseAmount(joined.Text); ok && a.HasDecimals {
				out = append(out, joined)
				i = j
				continue
			}
		}
		out = append(out, ws[i])
		i++
	}
	return out
}

func mergeLetterSpaced(ws []ocr.Word) []ocr.Word {
	out := make([]ocr.Word, 0, len(ws))
	for i := 0; i < len(ws); {
		w := ws[i]
		if len([]rune(w.Text)) != 1 {
			out = append(out, w)
			i++
			continue
		}
		j := i + 1
		for j < len(ws) && len([]rune(ws[j].Text)) == 1 &&
			ws[j].Box.X0-ws[j-1].Box.X1 < w.Box.Height()*3 {
			j++
		}
		if j-i < 4 {
			out = append(out, ws[i:j]...)
			i = j
			continue
		}
		// Rebuild words from the letters: a gap clearly wider than the usual
		// letter gap is a space.
		gaps := make([]float64, 0, j-i-1)
		for k := i + 1; k < j; k++ {
			gaps = append(gaps, ws[k].Box.X0-ws[k-1].Box.X1)
		}
		mg := median(gaps)
		cur := ws[i]
		for k := i + 1; k < j; k++ {
			g := ws[k].Box.X0 - ws[k-1].Box.X1
			if g > mg+w.Box.Height()*0.2 {
				out = append(out, cur)
				cur = ws[k]
				continue
			}
			cur.Text += ws[k].Text
			cur.Box = cur.Box.Union(ws[k].Box)
			cur.Conf = min(cur.Conf, ws[k].Conf)
		}
		out = append(out, cur)
		i = j
	}
	return out
}

// buildRows groups words into visual rows by their vertical centres. A
// row's centre is the mean of its words' centres and does not grow with
// them, so tall words and tightly spaced lines do not chain two lines into
// one row (which would interleave their words).
func buildRows(ws []ocr.Word, lineH float64) []*row {
	sorted := append([]ocr.Word(nil), ws...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Box.CenterY() < sorted[j].Box.CenterY() })
	type acc struct {
		r     *row
		sumC  float64
		lines map[int]bool
	}
	var rows []*acc
	for _, w := range sorted {
		c := w.Box.CenterY()
		h := math.Min(math.Max(w.Box.Height(), lineH*0.5), lineH*1.5)
		var best *acc
		bestD := math.Inf(1)
		for k := len(rows) - 1; k >= 0 && k >= len(rows)-6; k-- {
			a := rows[k]
			cy := a.sumC / float64(len(a.r.words))
			d := math.Abs(c - cy)
			// Lines are at least 1.15 heights apart; half a height of
			// tolerance lets a photo's slanted lines keep their far ends.
			// A word the source put on a line of this row joins it while it
			// overlaps (large print whose boxes differ in height).
			ok := d < h*0.55 || (a.lines[w.Line] && d < h*0.9)
			if ok && d < bestD {
				best, bestD = a, d
			}
		}
		if best == nil {
			rows = append(rows, &acc{r: &row{words: []ocr.Word{w}, box: w.Box}, sumC: c, lines: map[int]bool{w.Line: true}})
			continue
		}
		best.r.words = append(best.r.words, w)
		best.lines[w.Line] = true
		best.sumC += c
		best.r.box = best.r.box.Union(w.Box)
	}
	out := make([]*row, len(rows))
	for i, a := range rows {
		r := a.r
		sort.SliceStable(r.words, func(i, j int) bool { return r.words[i].Box.X0 < r.words[j].Box.X0 })
		out[i] = r
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].box.CenterY() < out[j].box.CenterY() })
	return out
}

func overlap1D(a0, a1, b0, b1 float64) float64 {
	return max(0, min(a1, b1)-max(a0, b0))
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

var currencyWords = map[string]string{"php": "PHP", "₱": "PHP", "p": "PHP", "usd": "USD", "$": "USD", "us$": "USD"}

// amountsInRow reads the amounts of a row, joining a currency mark with the
// number after it and an integer with a two-digit group after a small gap
// ("1,963 76", a decimal point the text layer or OCR dropped).
func amountsInRow(r *row, lineH float64) []amountTok {
	var out []amountTok
	ws := r.words
	for i := 0; i < len(ws); i++ {
		cur := ""
		first := i
		t := ws[i].Text
		if c, ok := currencyWords[strings.ToLower(strings.TrimRight(t, ".:"))]; ok && i+1 < len(ws) &&
			ws[i+1].Box.X0-ws[i].Box.X1 < lineH*1.5 && startsNumeric(ws[i+1].Text) {
			cur = c
			i++
			t = ws[i].Text
		}
		// OCR splits numbers: "1 7,593.92" (large print), "39, 424.82" and
		// "284,052. 00" (a space read after a separator) are one number
		// when the gap is narrower than a wide space.
		if i+1 < len(ws) {
			next, gap := ws[i+1].Text, ws[i+1].Box.X0-ws[i].Box.X1
			join := false
			switch {
			case isShortDigits(t) && gap < lineH*0.35 && strings.Contains(next, ",") && startsNumeric(next):
				join = true
			case strings.HasSuffix(t, ",") && gap < lineH*0.8 && isThreeDigitsDecimal(next):
				join = true
			case strings.HasSuffix(t, ".") && gap < lineH*0.8 && isTwoDigits(next):
				join = true
			case !strings.ContainsAny(t, ".") && gap < lineH*0.8 && len(next) == 3 && (next[0] == '.' || next[0] == ',') && isTwoDigits(next[1:]):
				join = true // "231442 .83"
			case shortGroup(t) && gap < lineH*0.8 && startsNumeric(next) && strings.Contains(next, "."):
				join = true // "9,90 1.03": a wide gap inside a thousands group of large print
			}
			if join {
				if b, ok := parse.ParseAmount(t + next); ok && b.HasDecimals {
					i++
					t = t + next
				}
			}
		}
		// Table rules read as brackets or bars stick to numbers ("9,070.04]").
		t = strings.Trim(t, "[]|{}!/")
		// A closing bracket with no opening one is a rule read after the
		// amount ("P10,800.00)"); an opening one whose closing OCR lost
		// still marks a negative ("(1,234.00").
		switch open, shut := strings.Count(t, "("), strings.Count(t, ")"); {
		case shut > open && strings.HasSuffix(t, ")"):
			t = strings.TrimRight(t, ")")
		case open > shut && strings.HasPrefix(t, "("):
			t += ")"
		}
		// A speck read as a point before a number that has its own
		// (".106500.00").
		speck := len(t) > 4 && t[0] == '.' && t[1] >= '0' && t[1] <= '9' && strings.Count(t, ".") == 2
		if speck {
			t = t[1:]
		}
		// Commas or points read after the cents ("6,189.69,", "7483.69.",
		// "3,692.31..." before a dot leader): punctuation or specks, not a
		// digit group.
		marks := strings.TrimRight(t, ".,")
		n := len(marks)
		trailing := n < len(t) && len(t)-n <= 3 && n > 3 && unicode.IsDigit(rune(marks[n-1])) && unicode.IsDigit(rune(marks[n-2])) && (marks[n-3] == '.' || marks[n-3] == ',')
		if trailing {
			t = marks
		}
		a, ok := parse.ParseAmount(t)
		if speck && ok {
			a.Confidence *= 0.9
			a.Repairs = append(a.Repairs, "speck before the number dropped")
		}
		if trailing && ok {
			a.Confidence *= 0.95
			a.Repairs = append(a.Repairs, "mark after the cents dropped")
		}
		if !ok && strings.HasSuffix(t, ".") && startsNumeric(t) {
			// "14190." : OCR lost the cents after the point; the number
			// may be short of them, so it is trusted little.
			if a, ok = parse.ParseAmount(strings.TrimSuffix(t, ".")); ok {
				a.Confidence *= 0.5
				a.HasDecimals = true
			}
		}
		if !ok {
			continue
		}
		// One or two bare digits are box or item numbers ("1 Wages", "19"),
		// not money; a bare year after a month or a comma is a date's.
		if cur == "" && a.Currency == "" && !a.HasDecimals && !strings.ContainsAny(t, ",.") {
			if math.Abs(a.Value) < 100 {
				continue
			}
			if a.Value >= 1900 && a.Value <= 2099 && i > 0 && (strings.HasSuffix(ws[i-1].Text, ",") || isMonth(ws[i-1].Text)) {
				continue
			}
		}
		last := i
		text := t
		if !a.HasDecimals && i+1 < len(ws) && isTwoDigits(ws[i+1].Text) &&
			ws[i+1].Box.X0-ws[i].Box.X1 < lineH*0.9 && !strings.ContainsAny(t, "./") {
			if b, ok := parse.ParseAmount(t + "." + ws[i+1].Text); ok {
				a = b
				a.Confidence *= 0.97
				a.Repairs = append(a.Repairs, "decimal point restored")
				i++
				last = i
				text = t + " " + ws[i].Text
			}
		}
		if cur != "" && a.Currency == "" {
			a.Currency = cur
		}
		box := ws[first].Box
		conf := 1.0
		for k := first; k <= last; k++ {
			box = box.Union(ws[k].Box)
			conf = min(conf, ws[k].Conf)
		}
		out = append(out, amountTok{val: a, box: box, first: first, last: last, text: text, conf: conf})
	}
	return out
}

// shortGroup says t is digits whose last thousands group, after a comma,
// is one or two digits long with no decimal point: the start of a number
// cut inside that group ("9,90" of "9,901.03").
func shortGroup(t string) bool {
	i := strings.LastIndexByte(t, ',')
	if i <= 0 || strings.Contains(t, ".") || len(t)-i-1 < 1 || len(t)-i-1 > 2 {
		return false
	}
	for _, r := range strings.ReplaceAll(strings.TrimLeft(t, "P₱$"), ",", "") {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func startsNumeric(s string) bool {
	for _, r := range s {
		return unicode.IsDigit(r) || r == '(' || r == '-' || r == 'O' || r == 'o'
	}
	return false
}

func isTwoDigits(s string) bool {
	return len(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'
}

// foldWord lowercases a word and strips punctuation around it, so labels
// compare equal across case and OCR punctuation noise.
func foldWord(s string) string {
	s = strings.ToLower(s)
	inner := strings.ContainsFunc(s, func(r rune) bool { return r == '/' })
	s = strings.TrimFunc(s, notAlnum)
	if inner {
		// "HOUR/UNIT" keeps its parts apart for header matching.
		return s
	}
	s = strings.Map(func(r rune) rune {
		if notAlnum(r) {
			return -1
		}
		return r
	}, s)
	if s == "yid" || s == "ytid" || s == "yto" {
		s = "ytd" // OCR's readings of "YTD" (T as I, D as O)
	}
	return s
}

func foldText(s string) string {
	var sb strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			sb.WriteRune(r)
			space = false
		case r == '\n':
			sb.WriteRune('\n')
			space = true
		default:
			if !space {
				sb.WriteByte(' ')
				space = true
			}
		}
	}
	return sb.String()
}

var headerWords = map[string]headerClass{
	"current": hdrCurrent, "this period": hdrCurrent, "amount": hdrCurrent, "earnings": hdrCurrent,
	"current period": hdrCurrent, "this pay": hdrCurrent,
	"ytd": hdrYTD, "yeartodate": hdrYTD, "year to date": hdrYTD, "year-to-date": hdrYTD, "y t d": hdrYTD, "to date": hdrYTD,
	"rate": hdrRate, "day": hdrRate, "hr": hdrRate, "hours": hdrRate, "hour": hdrRate, "unit": hdrRate, "hour unit": hdrRate, "hrs": hdrRate, "days": hdrRate, "units": hdrRate, "qty": hdrRate, "no of days": hdrRate,
	"er": hdrEmployer, "employer": hdrEmployer, "employer share": hdrEmployer, "er share": hdrEmployer, "company share": hdrEmployer,
	"balance": hdrBalance, "loan balance": hdrBalance, "accrued": hdrBalance, "taken": hdrBalance, "available": hdrBalance,
	"used": hdrBalance, "remaining": hdrBalance,
}

// findHeaders finds column header words: rows that hold at least two known
// header words and no amounts.
func findHeaders(l *layout) []header {
	var out []header
	for _, r := range l.rows {
		if len(r.nums) > 0 {
			continue
		}
		var hs []header
		for j := 0; j < len(r.words); j++ {
			// Try two-word headers first.
			if j+1 < len(r.words) {
				if c, ok := headerWords[r.fold[j]+" "+r.fold[j+1]]; ok {
					hs = append(hs, header{class: c, box: r.words[j].Box.Union(r.words[j+1].Box), row: r.idx})
					j++
					continue
				}
			}
			if c, ok := headerClassOf(r.fold[j]); ok {
				hs = append(hs, header{class: c, box: r.words[j].Box, row: r.idx})
			}
		}
		if len(hs) >= 2 {
			out = append(out, hs...)
		}
	}
	return out
}

// columnOf says which header column an amount sits under. The headers
// that apply are those of the nearest header row above (and of a header
// row stacked right on top of it, as in "--- Current --- --- YTD ---" over
// "Hours Earnings Hours Earnings"); a caption row without amounts in
// between starts another table, where no header applies.
func (l *layout) columnOf(a amountTok, rowIdx int) headerClass {
	for i := rowIdx - 1; i >= 0 && rowIdx-i <= 40; i-- {
		// Two blank lines end a table: an amount under them ("NET AMOUNT
		// DUE" below the tables) is in no column of the table above.
		if l.rows[i+1].box.Y0-l.rows[i].box.Y1 > l.lineH*2 {
			return 0
		}
		hs := l.headersOf(i)
		if len(hs) == 0 {
			// A caption row over this amount's column starts another table;
			// captions of a table beside it do not.
			r := l.rows[i]
			if len(r.nums) == 0 && r.wordyCount() >= 2 && r.wordyOver(a.box.X0-l.lineH*4, a.box.X1+l.lineH*4) {
				return 0
			}
			continue
		}
		c := l.classUnder(a, hs)
		if c != 0 && l.ownCaptionNearer(a, i, hs) {
			// A caption of no class stands nearer over the amount
			// ("DEDUCTIONS" beside "YEAR-TO-DATE"): its column is that
			// caption's, the period's money.
			return 0
		}
		if i > 0 {
			if up := l.headersOf(i - 1); len(up) > 0 {
				switch uc := l.classUnder(a, up); uc {
				case hdrYTD, hdrEmployer, hdrBalance:
					return uc
				}
			}
		}
		return c
	}
	return 0
}

func (l *layout) headersOf(row int) []header {
	var out []header
	for _, h := range l.headers {
		if h.row == row {
			out = append(out, h)
		}
	}
	return out
}

// ownCaptionNearer says the word of header row i nearest the amount by
// centre is a caption outside every header of hs.
func (l *layout) ownCaptionNearer(a amountTok, i int, hs []header) bool {
	var best *ocr.Word
	bestDist := math.Inf(1)
	for k := range l.rows[i].words {
		w := &l.rows[i].words[k]
		if !isWordy(w.Text) {
			continue
		}
		if d := math.Abs(w.Box.CenterX() - a.box.CenterX()); d < bestDist {
			best, bestDist = w, d
		}
	}
	if best == nil {
		return false
	}
	for _, h := range hs {
		if best.Box.X0 >= h.box.X0-1 && best.Box.X1 <= h.box.X1+1 {
			return false
		}
	}
	return true
}

// classUnder picks, among one row's headers, the one over the amount: the
// nearest by centre among those that overlap it horizontally (with some
// slack for right-aligned numbers under left-aligned captions).
func (l *layout) classUnder(a amountTok, hs []header) headerClass {
	best := headerClass(0)
	bestDist := math.Inf(1)
	for _, h := range hs {
		if overlap1D(h.box.X0-l.lineH*1.5, h.box.X1+l.lineH*1.5, a.box.X0, a.box.X1) <= 0 {
			continue
		}
		if d := math.Abs(h.box.CenterX() - a.box.CenterX()); d < bestDist {
			best, bestDist = h.class, d
		}
	}
	return best
}

func notAlnum(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

func isShortDigits(s string) bool {
	if len(s) == 0 || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// headerClassOf reads one header word, also when it joins several with
// slashes ("HOUR/UNIT", "DAYS/HRS"): any part that names a column counts.
func headerClassOf(w string) (headerClass, bool) {
	if c, ok := headerWords[w]; ok {
		return c, true
	}
	parts := strings.FieldsFunc(w, notAlnum)
	if c, ok := headerWords[strings.Join(parts, " ")]; ok {
		return c, true
	}
	if len(parts) < 2 {
		return 0, false
	}
	for _, p := range parts {
		if c, ok := headerWords[p]; ok && c != hdrCurrent {
			return c, true
		}
	}
	return 0, false
}

var monthNames = map[string]bool{"jan": true, "january": true, "feb": true, "february": true, "mar": true, "march": true,
	"apr": true, "april": true, "may": true, "jun": true, "june": true, "jul": true, "july": true, "aug": true, "august": true,
	"sep": true, "sept": true, "september": true, "oct": true, "october": true, "nov": true, "november": true, "dec": true, "december": true}

func isMonth(w string) bool { return monthNames[foldWord(w)] }

func isRule(r rune) bool { return r == '_' || r == '|' || r == '¦' }

func splitRuled(ws []ocr.Word) []ocr.Word {
	out := make([]ocr.Word, 0, len(ws))
	for _, w := range ws {
		w.Text = slashBetween(w.Text)
		rs := []rune(w.Text)
		if !strings.ContainsFunc(w.Text, isRule) || len(rs) == 0 {
			out = append(out, w)
			continue
		}
		// Boxes of the parts are shared out by character position.
		per := w.Box.Width() / float64(len(rs))
		for i := 0; i < len(rs); {
			if isRule(rs[i]) {
				i++
				continue
			}
			j := i
			for j < len(rs) && !isRule(rs[j]) {
				j++
			}
			part := w
			part.Text = string(rs[i:j])
			part.Box.X0 = w.Box.X0 + per*float64(i)
			part.Box.X1 = w.Box.X0 + per*float64(j)
			out = append(out, part)
			i = j
		}
	}
	return out
}

// wordyOver says the row has text within x0..x1.
func (r *row) wordyOver(x0, x1 float64) bool {
	for _, w := range r.words {
		if isWordy(w.Text) && overlap1D(x0, x1, w.Box.X0, w.Box.X1) > 0 {
			return true
		}
	}
	return false
}

func isThreeDigitsDecimal(s string) bool {
	if len(s) < 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) == 3 || (len(s) == 6 && (s[3] == '.' || s[3] == ',') && isTwoDigits(s[4:]))
}

// slashBetween turns a slash between a number and a word into a rule
// ("19,925.00/SSS": a table border read as a slash), keeping "W/Tax" and
// dates.
func slashBetween(t string) string {
	i := strings.IndexRune(t, '/')
	if i <= 0 || i == len(t)-1 || strings.Count(t, "/") != 1 {
		return t
	}
	a, b := t[i-1], t[i+1]
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	letter := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	if (digit(a) && letter(b) || letter(a) && digit(b)) && i >= 2 && len(t)-i-1 >= 2 {
		return t[:i] + "|" + t[i+1:]
	}
	return t
}

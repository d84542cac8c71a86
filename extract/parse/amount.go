package parse

import (
	"strconv"
	"strings"
)

// maxAmount bounds what we accept as money; longer digit strings are IDs.
const maxAmount = 1e12

// Amount is a money value read from one token of text.
type Amount struct {
	Value      float64 // signed: negative when Negative is set
	Currency   string  // "PHP", "USD", or "" when no mark was printed
	Confidence float64 // 1 when the token was clean, lower for each repair
	// Repairs names what was fixed, e.g. "ocr:O->0", "dropped-decimal".
	Repairs     []string
	HasDecimals bool
	Negative    bool
}

// Span is an amount found in a line of text at s[Start:End] (byte offsets,
// including any currency mark, sign or parentheses).
type Span struct {
	Start, End int
	Amount     Amount
}

func (a *Amount) repair(name string, factor float64) {
	a.Confidence *= factor
	for _, r := range a.Repairs {
		if r == name {
			return
		}
	}
	a.Repairs = append(a.Repairs, name)
}

// ocrDigits maps the letters OCR prints in place of digits.
var ocrDigits = [256]byte{'O': '0', 'o': '0', 'l': '1', 'I': '1', '|': '1', 'S': '5', 's': '5', 'B': '8', 'Z': '2'}

// ParseAmount reads one money token such as "₱12,975.00", "(1,234.00)",
// "500.00-", "USD 1,000" or the OCR-damaged "l2,975.OO", "12.975.00",
// "12, 975.00" and "12,97500". It rejects dates, phone and ID numbers,
// percentages and words. Repairs lower Confidence and are listed in Repairs.
func ParseAmount(s string) (Amount, bool) {
	a := Amount{Confidence: 1}
	body, ok := stripMarks(s, &a)
	if !ok || !readNumber(body, &a) {
		return Amount{}, false
	}
	if a.Negative {
		a.Value = -a.Value
	}
	return a, true
}

// stripMarks removes the sign, parentheses and currency around a number.
func stripMarks(s string, a *Amount) (string, bool) {
	for {
		t := strings.TrimSpace(s)
		switch {
		case a.Negative:
		case len(t) >= 2 && t[0] == '(' && t[len(t)-1] == ')':
			a.Negative, s = true, t[1:len(t)-1]
			continue
		case strings.HasPrefix(t, "-"), strings.HasPrefix(t, "−"):
			a.Negative, s = true, strings.TrimPrefix(strings.TrimPrefix(t, "-"), "−")
			continue
		case len(t) > 1 && strings.HasSuffix(t, "-"):
			a.Negative, s = true, t[:len(t)-1]
			continue
		}
		if a.Currency == "" {
			if code, rest, ok := cutCurrency(t); ok {
				a.Currency, s = code, rest
				continue
			}
		}
		return t, t != ""
	}
}

// cutCurrency removes a currency mark printed before or after a number.
// A bare "P" counts only directly before a digit, as in "P12,975.00", or
// an opening parenthesis and a digit ("P(1,702.24)").
func cutCurrency(t string) (code, rest string, ok bool) {
	for _, m := range []struct{ mark, code string }{{"₱", "PHP"}, {"US$", "USD"}, {"$", "USD"}} {
		if strings.HasPrefix(t, m.mark) {
			return m.code, t[len(m.mark):], true
		}
	}
	for _, code := range []string{"PHP", "USD"} {
		if len(t) >= 3 && strings.EqualFold(t[:3], code) && (len(t) == 3 || !isAlpha(t[3])) {
			return code, t[3:], true
		}
		if n := len(t); n > 3 && strings.EqualFold(t[n-3:], code) && !isAlpha(t[n-4]) {
			return code, t[:n-3], true
		}
	}
	if len(t) > 1 && t[0] == 'P' && (isDigit(t[1]) || len(t) > 2 && t[1] == '(' && isDigit(t[2])) {
		// "P12,975.00", and "P(1,702.24)" for a negative amount
		return "PHP", t[1:], true
	}
	return "", "", false
}

// readNumber reads the digits and separators of an amount into a.
func readNumber(b string, a *Amount) bool {
	b, ok := repairLetters(b, a)
	if !ok {
		return false
	}
	groups, seps, ok := splitGroups(b, a)
	if !ok {
		return false
	}
	n := len(groups)
	if n == 1 {
		g := groups[0]
		return len(g) <= 10 && (len(g) == 1 || g[0] != '0') && a.setValue(g, "")
	}
	last, ls := groups[n-1], seps[n-2]
	ints, thSeps, frac, dec := groups[:n-1], seps[:n-2], "", byte(0)
	switch {
	case ls != ' ' && (len(last) == 2 || len(last) == 1 && ls == '.'):
		dec, frac = ls, last
	case len(last) == 3 && ls != '.':
		ints, thSeps = groups, seps
	case ls == '.' && (len(last) == 4 || len(last) == 3 && (n > 2 || groups[0] == "0" || len(groups[0]) > 3)):
		// Three or four decimals (rates). "1.234" alone is refused: it may be 1234.
		if strings.IndexByte(string(thSeps), '.') >= 0 {
			return false
		}
		dec, frac = '.', last
	case len(last) == 5 && ls == ',':
		ints = append(groups[:n-1:n-1], last[:3])
		thSeps, frac, dec = seps[:n-1], last[3:], '.'
		a.repair("dropped-decimal", 0.6)
	default:
		return false
	}
	if strings.IndexByte(string(thSeps), ':') >= 0 || dec == ':' && (len(ints) != 1 || !colonPoint(b, strings.IndexByte(b, ':'))) {
		return false // a time, a ratio
	}
	if dec == ':' {
		a.repair("colon-read-as-point", 0.85)
	}
	if len(ints) == 1 {
		if len(ints[0]) > 1 && ints[0][0] == '0' {
			return false
		}
	} else {
		if len(ints[0]) > 3 || ints[0][0] == '0' {
			return false
		}
		for _, g := range ints[1:] {
			if len(g) != 3 {
				return false
			}
		}
	}
	for _, c := range thSeps {
		switch {
		case c == ' ' && dec == 0:
			return false // "123 456 789" is more likely an ID than money
		case c == '.' && dec == '.':
			a.repair("comma-read-as-period", 0.85)
		case c == ',' && dec == ',':
			a.repair("period-read-as-comma", 0.85)
		}
	}
	if dec == ',' && strings.IndexByte(string(thSeps), ',') < 0 {
		a.repair("decimal-comma", 0.9)
	}
	return a.setValue(strings.Join(ints, ""), frac)
}

func (a *Amount) setValue(ints, frac string) bool {
	num := ints
	if frac != "" {
		num += "." + frac
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v >= maxAmount {
		return false
	}
	a.Value, a.HasDecimals = v, frac != ""
	return true
}

// repairLetters turns OCR letters back into digits. It only does so in a
// token that has real digits and a separator, so "SOB" or "I5" stay words.
func repairLetters(b string, a *Amount) (string, bool) {
	digits, letters := 0, 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case isDigit(c):
			digits++
		case c == ',' || c == '.' || c == ' ' || c == ':':
		case ocrDigits[c] != 0:
			letters++
		default:
			return "", false
		}
	}
	if digits == 0 || letters > 0 && !strings.ContainsAny(b, ",.") {
		return "", false
	}
	if letters == 0 {
		return b, true
	}
	out := []byte(b)
	for i, c := range out {
		if d := ocrDigits[c]; d != 0 && !isDigit(c) {
			out[i] = d
			a.repair("ocr:"+string(c)+"->"+string(d), 0.9)
			if i == 0 && (c == 'S' || c == 's') {
				a.Confidence *= 0.8 // a leading S may as well be a dollar sign
			}
		}
	}
	return string(out), true
}

// splitGroups splits "12,975.00" into digit groups and the single
// separators between them. Spaces next to a separator are OCR noise and
// dropped; other spaces separate thousands.
func splitGroups(b string, a *Amount) (groups []string, seps []byte, ok bool) {
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && isDigit(b[j]) {
			j++
		}
		if j > i {
			if len(groups) != len(seps) {
				return nil, nil, false
			}
			groups, i = append(groups, b[i:j]), j
			continue
		}
		sep, spaced := byte(' '), false
		for ; j < len(b) && !isDigit(b[j]); j++ {
			switch {
			case b[j] == ' ':
				spaced = true
			case sep != ' ':
				return nil, nil, false // two separators in a row
			default:
				sep = b[j]
			}
		}
		if sep != ' ' && spaced {
			a.repair("space-in-number", 0.95)
		}
		if len(groups) != len(seps)+1 || j == len(b) {
			return nil, nil, false
		}
		seps, i = append(seps, sep), j
	}
	return groups, seps, len(groups) == len(seps)+1
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlpha(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }

// FindAmounts returns the amount-like tokens of a line of text, such as
// "Basic Pay 12,975.00 YTD 155,700.00", in order. Dates, times, ID and
// phone numbers (digits joined by "-", "/" or ":"), percentages, "#123"
// and integers glued to a word ("2nd", "W2") are skipped. A bare space
// between digits ends a token: in a line, "8 800.00" is more likely
// hours and pay than 8,800.00. Integers are returned too; callers that
// want money can prefer spans with HasDecimals or a Currency.
// For every span, ParseAmount(s[Start:End]) gives the same Amount.
func FindAmounts(s string) []Span {
	var out []Span
	join := true
	for i := 0; i < len(s); {
		if c := s[i]; !isDigit(c) && (ocrDigits[c] == 0 || c == '|') {
			i++
			continue
		}
		end, joined, compound := scanRun(s, i, join)
		sp, ok := amountIn(s, i, end, compound)
		if !ok && joined {
			join = false // rescan the run without joining across spaces
			continue
		}
		if ok {
			out = append(out, sp)
		}
		i, join = end, true
	}
	return out
}

// scanRun finds the end of a run of digits, OCR digit letters and
// separators starting at s[i].
func scanRun(s string, i int, join bool) (end int, joined, compound bool) {
	j := i
	for ; j < len(s); j++ {
		c := s[j]
		switch {
		case isDigit(c) || c == ',' || c == '.' || ocrDigits[c] != 0 && c != '|':
		case c == ':' && colonPoint(s, j):
		case (c == '-' || c == '/' || c == ':') && j > i && isDigit(s[j-1]) && j+1 < len(s) && isDigit(s[j+1]):
			compound = true
		case c == ' ' && join && spaceInNumber(s, j):
			joined = true
		default:
			return j, joined, compound
		}
	}
	return j, joined, compound
}

// colonPoint reports whether the colon at s[j] is a decimal point OCR
// misread ("17850:28"): three digits or more before it, exactly two after.
// A time ("15:09", "10:57:30") has two digits before its colons.
func colonPoint(s string, j int) bool {
	before := 0
	for k := j - 1; k >= 0 && isDigit(s[k]); k-- {
		before++
	}
	return before >= 3 && j+2 < len(s) && isDigit(s[j+1]) && isDigit(s[j+2]) &&
		(j+3 == len(s) || !isDigit(s[j+3]) && s[j+3] != ':')
}

// spaceInNumber reports whether the space at s[j] sits inside one amount,
// as in "12, 975.00" or "12 ,975.00".
func spaceInNumber(s string, j int) bool {
	three := func(k int) bool {
		n := 0
		for k+n < len(s) && isDigit(s[k+n]) {
			n++
		}
		return n == 3
	}
	if j < 2 {
		return false
	}
	if p := s[j-1]; p == ',' || p == '.' {
		return isDigit(s[j-2]) && three(j+1)
	}
	return isDigit(s[j-1]) && j+2 < len(s) && (s[j+1] == ',' || s[j+1] == '.') && three(j+2)
}

// amountIn parses the run s[i:end] with the marks around it.
func amountIn(s string, i, end int, compound bool) (Span, bool) {
	// OCR digit letters at the edge of a run belong to the neighbouring word.
	if i > 0 && isAlpha(s[i-1]) {
		for i < end && !isDigit(s[i]) {
			i++
		}
	}
	if end < len(s) && isAlpha(s[end]) {
		for end > i && !isDigit(s[end-1]) {
			end--
		}
	}
	for i < end && (s[i] == ',' || s[i] == '.') {
		i++
	}
	for end > i && (s[end-1] == ',' || s[end-1] == '.') {
		end--
	}
	if compound || i == end || i > 0 && s[i-1] == '#' || percentAt(s, end) {
		return Span{}, false
	}
	st, en, neg, cur := i, end, false, false
	for k := 0; k < 2; k++ {
		if j := markBefore(s, st); !cur && j < st {
			st, cur = j, true
		}
		switch {
		case neg:
		case st > 0 && s[st-1] == '-' && (st == 1 || !isAlnum(s[st-2])):
			st, neg = st-1, true
		case st > 0 && s[st-1] == '(' && en < len(s) && s[en] == ')':
			st, en, neg = st-1, en+1, true
		}
	}
	if !neg && en < len(s) && s[en] == '-' && (en+1 == len(s) || !isAlnum(s[en+1])) {
		en++
	}
	if !cur {
		en = markAfter(s, en)
	}
	a, ok := ParseAmount(s[st:en])
	if !ok {
		st, en = i, end
		if a, ok = ParseAmount(s[st:en]); !ok {
			return Span{}, false
		}
	}
	glued := st > 0 && isAlpha(s[st-1]) || en < len(s) && isAlpha(s[en])
	if glued && !a.HasDecimals {
		return Span{}, false
	}
	return Span{Start: st, End: en, Amount: a}, true
}

// markBefore returns where a currency mark ending at s[i] (or one space
// before it) starts, or i when there is none.
func markBefore(s string, i int) int {
	if i > 0 && s[i-1] == 'P' && (i == 1 || !isAlpha(s[i-2])) {
		return i - 1
	}
	j := i
	if j > 0 && s[j-1] == ' ' {
		j--
	}
	for _, m := range []string{"₱", "US$", "$"} {
		if strings.HasSuffix(s[:j], m) {
			return j - len(m)
		}
	}
	for _, code := range []string{"PHP", "USD"} {
		if k := j - 3; k >= 0 && strings.EqualFold(s[k:j], code) && (k == 0 || !isAlpha(s[k-1])) {
			return k
		}
	}
	return i
}

// markAfter returns where a currency code after s[:i] ends, or i.
func markAfter(s string, i int) int {
	j := i
	if j < len(s) && s[j] == ' ' {
		j++
	}
	for _, code := range []string{"PHP", "USD"} {
		if k := j + 3; k <= len(s) && strings.EqualFold(s[j:k], code) && (k == len(s) || !isAlpha(s[k])) {
			return k
		}
	}
	return i
}

func percentAt(s string, i int) bool {
	if i < len(s) && s[i] == ' ' {
		i++
	}
	return i < len(s) && s[i] == '%'
}

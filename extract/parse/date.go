package parse

import (
	"strings"
	"time"
	"unicode"
)

// DateHint tells ParseDate how to read what a date leaves out.
type DateHint struct {
	// DayFirst reads 01/06/2024 as 1 June. Without it the first number is
	// the day only when it is above 12.
	DayFirst bool
	// Year is used when the date prints none, as in "06/30" or "Jun 30".
	Year int
}

// ParseDate reads one date in the forms payslips print: "06/30/2024",
// "6/30/24", "2024-06-30", "2024/06/30", "30-Jun-2024", "Jun 30, 2024",
// "Jun. 30, 2024", "June 30 2024", "30 June 2024", "JUN 30 2024",
// "30/06/2024", Filipino month names, and digits with OCR letters
// ("O6/3O/2024"). The whole string must be the date (a weekday name and
// surrounding punctuation aside). Times are midnight UTC.
func ParseDate(s string, hint DateHint) (time.Time, bool) {
	ts := tokenize(s)
	for len(ts) > 0 && (ts[0].kind == 'p' || ts[0].kind == 'w' && weekdays[ts[0].s]) {
		ts = ts[1:]
	}
	for len(ts) > 0 && ts[len(ts)-1].kind == 'p' {
		ts = ts[:len(ts)-1]
	}
	if len(ts) == 0 {
		return time.Time{}, false
	}
	it, ok, _ := parseItem(ts, 0, hint.DayFirst)
	if !ok || it.end != len(ts) || it.m == 0 || it.d == 0 {
		return time.Time{}, false
	}
	if it.y == 0 {
		it.y = hint.Year
	}
	return mkdate(it.y, it.m, it.d)
}

// IsMonth says a word opens with a month's name or abbreviation, English
// or Filipino: "June", "JUN.", "Hunyo", "June-2025".
func IsMonth(w string) bool {
	ts := tokenize(w)
	return len(ts) > 0 && ts[0].kind == 'm'
}

// mkdate builds a date and refuses overflowing days such as 31 June.
func mkdate(y, m, d int) (time.Time, bool) {
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d
}

// tok is a token of date text.
type tok struct {
	kind byte   // 'n' number, 'm' month name, 'w' other word, 'p' punctuation
	s    string // lower-cased text; dashes of every kind are "-"
	v    int    // the number, or the month
	nd   int    // digits in a number
	sp   bool   // whitespace before
}

var months = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
	// Filipino
	"enero": 1, "pebrero": 2, "marso": 3, "abril": 4, "mayo": 5, "hunyo": 6, "hulyo": 7,
	"agosto": 8, "setyembre": 9, "oktubre": 10, "nobyembre": 11, "disyembre": 12,
}

var weekdays = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true, "wed": true, "wednesday": true,
	"thu": true, "thur": true, "thurs": true, "thursday": true, "fri": true, "friday": true,
	"sat": true, "saturday": true, "sun": true, "sunday": true,
}

// dateDigits maps the letters OCR prints in place of digits in dates.
var dateDigits = map[rune]rune{'O': '0', 'o': '0', 'l': '1', 'I': '1', 'S': '5', 'B': '8', 'Z': '2', 'G': '6'}

func tokenize(s string) []tok {
	var ts []tok
	rs := []rune(s)
	sp := false
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			sp = true
			i++
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j])) {
				j++
			}
			ts = appendWord(ts, rs[i:j], sp)
			i = j
		default:
			p := string(r)
			if strings.ContainsRune("–—−‒―~", r) {
				p = "-"
			}
			ts = append(ts, tok{kind: 'p', s: p, sp: sp})
			i++
		}
		sp = false
	}
	return ts
}

// appendWord adds the tokens of a run of letters and digits: "O6" is a
// number with an OCR letter, "30th" a number, "Jun30" a month and a number.
func appendWord(ts []tok, w []rune, sp bool) []tok {
	if len(w) > 1 && w[0] == '0' && months["o"+strings.ToLower(string(w[1:]))] != 0 {
		// "0ct": the O of "Oct" read as a zero
		w = append([]rune{'o'}, w[1:]...)
	}
	digits, ocr := 0, true
	for _, r := range w {
		if unicode.IsDigit(r) {
			digits++
		} else if dateDigits[r] == 0 {
			ocr = false
		}
	}
	if digits > 0 && ocr {
		fixed := make([]rune, len(w))
		for i, r := range w {
			if d := dateDigits[r]; d != 0 {
				r = d
			}
			fixed[i] = r
		}
		w = fixed
	}
	for i := 0; i < len(w); {
		j := i
		digit := w[i] >= '0' && w[i] <= '9'
		for j < len(w) && (w[j] >= '0' && w[j] <= '9') == digit {
			j++
		}
		t := tok{kind: 'w', s: strings.ToLower(string(w[i:j])), sp: sp && i == 0}
		switch {
		case digit:
			t.kind, t.nd = 'n', j-i
			for _, r := range w[i:j] {
				if t.v < 1e6 {
					t.v = t.v*10 + int(r-'0')
				}
			}
		case months[t.s] != 0:
			t.kind, t.v = 'm', months[t.s]
		case misreadMonth(t.s) != 0:
			t.kind, t.v = 'm', misreadMonth(t.s)
		case i > 0 && (t.s == "st" || t.s == "nd" || t.s == "rd" || t.s == "th"):
			i = j
			continue // "30th"
		}
		ts = append(ts, t)
		i = j
	}
	return ts
}

// misreadMonth is the month a long month name stands for when OCR misread
// one of its letters ("Febtuary", "Decernber" for "December"), or 0. Only
// names of six letters or more, and one name within one letter: a short
// word one letter from "march" or "marso" is as often a name ("Marco").
//
// A name of eight letters or more ("november", "setyembre") may be three
// letters off ("Noventbeér") in a word no shorter than it whose first three
// letters and last two are the name's: no other word opens and ends so.
func misreadMonth(w string) int {
	if len(w) < 6 {
		return 0
	}
	w = strings.ReplaceAll(unaccent(w), "rn", "m")
	rw := []rune(w)
	found := 0
	for name, m := range months {
		if len(name) < 6 || name[0] != w[0] {
			continue
		}
		d := levenshtein(rw, []rune(name))
		long := len(name) >= 8 && len(rw) >= len(name) && len(rw) <= len(name)+2 &&
			strings.HasPrefix(w, name[:3]) && strings.HasSuffix(w, name[len(name)-2:])
		if d > 1 && !(long && d <= 3) {
			continue
		}
		if found != 0 && found != m {
			return 0
		}
		found = m
	}
	return found
}

// unaccent drops the accents OCR puts on letters of an English or
// Filipino word ("Noventbeér"), as Fold does.
func unaccent(w string) string {
	return strings.Map(func(r rune) rune {
		if a, ok := accents[r]; ok {
			return a
		}
		return r
	}, w)
}

// item is a date or part of one; zero fields were not printed.
type item struct {
	y, m, d    int
	start, end int // tokens [start, end)
}

func at(ts []tok, i int) tok {
	if i < 0 || i >= len(ts) {
		return tok{}
	}
	return ts[i]
}

func isP(ts []tok, i int, chars string) bool {
	t := at(ts, i)
	return t.kind == 'p' && strings.Contains(chars, t.s)
}

func isDay(t tok) bool  { return t.kind == 'n' && t.nd <= 2 && t.v >= 1 && t.v <= 31 }
func isYear(t tok) bool { return t.kind == 'n' && t.nd == 4 && t.v >= 1900 && t.v <= 2100 }

func year2(v int) int {
	if v < 70 {
		return 2000 + v
	}
	return 1900 + v
}

// parseItem reads the date or date part starting at ts[i]. swapped says a
// numeric date had to be read day-first because its first number is above 12.
func parseItem(ts []tok, i int, dayFirst bool) (it item, ok, swapped bool) {
	t := ts[i]
	switch {
	case t.kind == 'm':
		return monthFirst(ts, i), true, false
	case t.kind != 'n':
		return item{}, false, false
	}
	if it, ok, swapped := numeric(ts, i, dayFirst); ok {
		return it, true, swapped
	}
	if !isDay(t) {
		return item{}, false, false
	}
	if it, ok := dayMonth(ts, i); ok {
		return it, true, false
	}
	j := i + 1
	if isP(ts, j, ",") {
		j++
	}
	if isYear(at(ts, j)) {
		return item{y: at(ts, j).v, d: t.v, start: i, end: j + 1}, true, false // "15, 2024" ends "June 1-15, 2024"
	}
	return item{d: t.v, start: i, end: i + 1}, true, false
}

// numeric reads 06/30/2024, 6/30/24, 2024-06-30, 30.06.2024 and 06/30.
func numeric(ts []tok, i int, dayFirst bool) (it item, ok, swapped bool) {
	a, b, c := ts[i], at(ts, i+2), at(ts, i+4)
	sep := at(ts, i+1).s
	// "-" and "." must hug the digits; OCR often spaces out "/".
	tight := func(k int) bool { return sep == "/" || !at(ts, k).sp && !at(ts, k+1).sp }
	if !isP(ts, i+1, "/-.") || b.kind != 'n' || b.nd > 2 || !tight(i+1) {
		return item{}, false, false
	}
	it = item{start: i, end: i + 3}
	n1, n2 := a.v, b.v
	if isP(ts, i+3, sep) && c.kind == 'n' && tight(i+3) {
		switch {
		case a.nd == 4 && c.nd <= 2:
			it = item{y: a.v, m: b.v, d: c.v, start: i, end: i + 5}
			return it, validItem(it), false
		case a.nd <= 2 && c.nd == 4:
			it.y = c.v
		case a.nd <= 2 && c.nd == 2:
			it.y = year2(c.v)
		default:
			return item{}, false, false
		}
		it.end = i + 5
	} else if sep != "/" || a.nd > 2 {
		return item{}, false, false // "1-15" is a range, not a date
	}
	if n1 > 12 && n2 <= 12 {
		dayFirst, swapped = true, true
	} else if n2 > 12 {
		dayFirst = false
	}
	it.m, it.d = n1, n2
	if dayFirst {
		it.m, it.d = n2, n1
	}
	return it, validItem(it), swapped
}

// monthFirst reads "Jun 30, 2024", "June 30 2024", "Jun. 30", "Jun-30-24",
// "June 2024", "June-2024" and a lone month.
func monthFirst(ts []tok, i int) item {
	it := item{m: ts[i].v, start: i, end: i + 1}
	j := i + 1
	if isP(ts, j, ".") {
		j++
		it.end = j
	}
	if isP(ts, j, ",") && isYear(at(ts, j+1)) {
		j++
	}
	// "June-2025", "Jun/2025": a month and its year joined by a mark.
	if isP(ts, j, "-/") && isYear(at(ts, j+1)) && !at(ts, j).sp && !at(ts, j+1).sp {
		j++
	}
	if isYear(at(ts, j)) {
		it.y, it.end = ts[j].v, j+1
		return it
	}
	sep1 := ""
	if isP(ts, j, "-/") {
		sep1 = ts[j].s
		j++
	}
	if !isDay(at(ts, j)) || sep1 != "" && at(ts, j).sp {
		return it
	}
	it.d, it.end = ts[j].v, j+1
	k := j + 1
	sep2 := ""
	if isP(ts, k, ",-/") {
		sep2 = ts[k].s
		k++
	}
	switch y := at(ts, k); {
	case isYear(y) && (sep2 != "-" || sep1 == "-"):
		it.y, it.end = y.v, k+1
	case y.kind == 'n' && y.nd == 2 && sep1 != "" && sep1 == sep2:
		it.y, it.end = year2(y.v), k+1
	}
	if !validItem(it) {
		it.d, it.y, it.end = 0, 0, i+1
	}
	return it
}

// dayMonth reads "30 June 2024", "30-Jun-2024", "30-Jun-24" and "16 Dec".
func dayMonth(ts []tok, i int) (item, bool) {
	j, sep1 := i+1, ""
	if isP(ts, j, "-/.") {
		sep1 = ts[j].s
		j++
	}
	if at(ts, j).kind != 'm' {
		return item{}, false
	}
	it := item{d: ts[i].v, m: ts[j].v, start: i, end: j + 1}
	k := j + 1
	if isP(ts, k, ".") && sep1 != "." {
		k++
	}
	sep2 := ""
	if isP(ts, k, ",-/.") {
		sep2 = ts[k].s
		k++
	}
	switch y := at(ts, k); {
	case isYear(y) && (sep2 != "-" || sep1 == "-"):
		it.y, it.end = y.v, k+1
	case y.kind == 'n' && y.nd == 2 && sep1 != "" && sep1 == sep2:
		it.y, it.end = year2(y.v), k+1
	}
	return it, validItem(it)
}

// validItem checks the printed parts; a missing year allows 29 February.
func validItem(it item) bool {
	if it.m < 1 || it.m > 12 || it.d < 0 || it.d > 31 || it.y != 0 && (it.y < 1900 || it.y > 2100) {
		return false
	}
	if it.d == 0 {
		return true
	}
	y := it.y
	if y == 0 {
		y = 2000
	}
	_, ok := mkdate(y, it.m, it.d)
	return ok
}

package parse

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxPeriodDays bounds a pay period: a year plus slack.
const maxPeriodDays = 400

// Period is a pay period.
type Period struct {
	Start, End time.Time
	// Stated is the frequency printed with the period ("Semimonthly"), or "".
	Stated string
	// Mended says one digit of a date was misread and mended (see
	// mendPeriod): the reading is less sure than the words'.
	Mended bool
}

// ParsePeriod reads a pay period from a line such as "June 1-15, 2024",
// "Cut-off: Jun 16 - Jun 30, 2024", "06/16/2024 to 06/30/2024",
// "16 Dec 2024 - 31 Dec 2024", "For the month of June 2024" or
// "Period Beginning: 07/25/2008 Period Ending: 07/31/2008". Labels around
// the dates are ignored. It refuses periods that end before they start or
// last more than 400 days.
func ParsePeriod(s string) (Period, bool) { return parsePeriod(s, 0) }

// ParsePeriodYear is ParsePeriod for lines that leave the year to the rest
// of the document, as "From 01/01 To 12/31" does on BIR Form 2316.
func ParsePeriodYear(s string, year int) (Period, bool) { return parsePeriod(s, year) }

func parsePeriod(s string, year int) (Period, bool) {
	ts := tokenize(s)
	p, ok := periodOf(ts, year)
	if !ok {
		p, ok = mendPeriod(ts, year)
	}
	if !ok {
		return Period{}, false
	}
	p.Stated = statedFrequency(s)
	if p.Stated == "Bimonthly" && p.End.Sub(p.Start) < 16*24*time.Hour {
		p.Stated = "Semimonthly" // Philippine "bi-monthly" pay, twice a month
	}
	return p, true
}

// periodOf reads the period of a tokenized line.
func periodOf(ts []tok, year int) (Period, bool) {
	its, swapped := items(ts, false)
	if swapped {
		// one date is day-first, so the others on the line are too
		its, _ = items(ts, true)
	}
	var p Period
	ok := false
	for k := 0; k+1 < len(its) && !ok; k++ {
		if connected(ts, its[k].end, its[k+1].start) {
			p.Start, p.End, ok = complete(its[k], its[k+1], year)
		}
	}
	if !ok {
		p.Start, p.End, ok = labelled(ts, its, year)
	}
	if !ok {
		p.Start, p.End, ok = sideBySide(its, year)
	}
	// "Month of June 2024" is the whole month, but only on a line that
	// prints no day: beside "26 Feb 2022 - 94 Mar 2022" the month is what
	// is left of a misread range, not a period.
	if !ok && !hasDay(its) {
		for k := 0; k < len(its) && !ok; k++ {
			if it := its[k]; it.m != 0 && it.d == 0 && it.y != 0 {
				p.Start, p.End, ok = complete(it, it, year)
			}
		}
	}
	if !ok {
		return Period{}, false
	}
	return p, true
}

// misreadAs lists, for a digit OCR printed, the digits it is often a
// misreading of: "40" for 10, "65" for 05, "38" for 30.
var misreadAs = [10]string{0: "689", 1: "47", 3: "8", 4: "1", 5: "6", 6: "05", 7: "1", 8: "036", 9: "0"}

// mendPeriod reads a range one of whose dates OCR misread into no date at
// all ("2023-40-01 TO 2023-10-07", "05/01/2024 - 65/31/2024"): a two-digit
// number that can be neither a month nor a day has one digit replaced by
// one it is often misread from. The mend is taken only when exactly one
// replacement, of one number, gives a whole pay period (WholePayPeriod);
// a number that is a day or a month already is never changed.
func mendPeriod(ts []tok, year int) (Period, bool) {
	var found []Period
	for i, t := range ts {
		if t.kind != 'n' || t.nd != 2 || t.v <= 31 {
			continue
		}
		digits := []byte(strconv.Itoa(t.v))
		for k, d := range digits {
			for _, r := range misreadAs[d-'0'] {
				m := slices.Clone(digits)
				m[k] = byte(r)
				v, _ := strconv.Atoi(string(m))
				if v > 31 || v == 0 {
					continue
				}
				mended := slices.Clone(ts)
				mended[i].v = v
				p, ok := periodOf(mended, year)
				if !ok || !WholePayPeriod(p.Start, p.End) {
					continue
				}
				if !slices.ContainsFunc(found, func(q Period) bool { return q.Start.Equal(p.Start) && q.End.Equal(p.End) }) {
					found = append(found, p)
				}
			}
		}
	}
	if len(found) != 1 {
		return Period{}, false
	}
	found[0].Mended = true
	return found[0], true
}

// items finds every date and date part in ts.
func items(ts []tok, dayFirst bool) (its []item, swapped bool) {
	for i := 0; i < len(ts); {
		it, ok, sw := parseItem(ts, i, dayFirst)
		if !ok {
			i++
			continue
		}
		its, swapped, i = append(its, it), swapped || sw, it.end
	}
	return its, swapped
}

var rangeWords = map[string]bool{"to": true, "thru": true, "through": true, "until": true, "till": true, "hanggang": true,
	"hangang": true}

// connected reports whether ts[i:j] is one range connector: a dash or "to",
// with any quote marks OCR read beside it ("TO'2023-10-07": a speck).
func connected(ts []tok, i, j int) bool {
	for i < j && isP(ts, i, QuoteMarks) {
		i++
	}
	for j > i && isP(ts, j-1, QuoteMarks) {
		j--
	}
	// A dash OCR read as two or three hyphens ("--", "~-") is one.
	for k := 0; k < 2 && j > i+1 && isP(ts, i, "-") && isP(ts, i+1, "-"); k++ {
		i++
	}
	return j == i+1 && (isP(ts, i, "-") || ts[i].kind == 'w' && rangeWords[ts[i].s])
}

// complete fills what one end of a range leaves to the other, as in
// "June 1-15, 2024", "Jun 16 - Jun 30, 2024" or "1-15 June 2024", and
// takes the year from year when neither end prints one.
func complete(a, b item, year int) (start, end time.Time, ok bool) {
	if b.m == 0 {
		b.m = a.m
	}
	if a.m == 0 {
		a.m = b.m
	}
	if a.d == 0 && a.y == 0 && b.d != 0 || b.d == 0 && b.y == 0 && a.d != 0 {
		return time.Time{}, time.Time{}, false // "June - June 30" mixes a month with a day
	}
	before := a.m > b.m
	switch {
	case a.y == 0 && b.y == 0:
		a.y, b.y = year, year
	case a.y == 0:
		a.y = b.y
		if before {
			a.y-- // "Dec 16 - Jan 15, 2025"
		}
	case b.y == 0:
		b.y = a.y
		if before {
			b.y++
		}
	}
	if a.d == 0 {
		a.d = 1
	}
	if b.d == 0 {
		b.d = time.Date(b.y, time.Month(b.m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	}
	start, ok1 := mkdate(a.y, a.m, a.d)
	end, ok2 := mkdate(b.y, b.m, b.d)
	ok = ok1 && ok2 && !end.Before(start) && end.Sub(start) <= maxPeriodDays*24*time.Hour
	return start, end, ok
}

var beginWords = map[string]bool{"begin": true, "beginning": true, "start": true, "starting": true, "from": true,
	"mula": true, "simula": true}
var endWords = map[string]bool{"end": true, "ending": true, "ended": true, "to": true, "thru": true, "through": true,
	"until": true, "till": true, "hanggang": true, "hangang": true, "katapusan": true}

// labelled reads "Period Beginning: 07/25/2008 Period Ending: 07/31/2008"
// and "Date From: 03/01/2025 Date To: 03/15/2025": two whole dates, the
// first after a begin word, the second after an end word.
func labelled(ts []tok, its []item, year int) (start, end time.Time, ok bool) {
	var whole []item
	for _, it := range its {
		if it.m != 0 && it.d != 0 && (it.y != 0 || year != 0) {
			whole = append(whole, it)
		}
	}
	if len(whole) < 2 {
		return start, end, false
	}
	a, b := whole[0], whole[1]
	if !hasWord(ts[:a.start], beginWords) {
		return start, end, false
	}
	if hasWord(ts[a.end:b.start], endWords) {
		return complete(a, b, year)
	}
	// The end's caption misread ("Period From: September 16, 2024 Peried
	// Te: September 29, 2024"): a short caption that names no other date
	// between two dates that span a pay period to the day.
	if !misreadEndCaption(ts[a.end:b.start]) {
		return start, end, false
	}
	if start, end, ok = complete(a, b, year); ok && WholePayPeriod(start, end) {
		return start, end, true
	}
	return time.Time{}, time.Time{}, false
}

// misreadEndCaption says ts, the words between a period's two dates, may
// be its end caption misread: one or two short words, none the start of
// another date's caption (a pay date's: "Pay Date", "Paid", "Date").
func misreadEndCaption(ts []tok) bool {
	words := 0
	for _, t := range ts {
		switch t.kind {
		case 'w':
			words++
			if len(t.s) > 6 || strings.HasPrefix(t.s, "pa") || strings.HasPrefix(t.s, "da") || strings.HasPrefix(t.s, "is") {
				return false
			}
		case 'p':
		default:
			return false
		}
	}
	return words >= 1 && words <= 2
}

// sideBySide reads two whole dates printed one after the other with
// nothing between them ("February 16, 2025 February 28, 2025", the dash
// lost to OCR or never printed) as a period, but only when they span a pay
// period to the day: two unrelated dates side by side (a period's end and
// its pay date) rarely do.
func sideBySide(its []item, year int) (start, end time.Time, ok bool) {
	for k := 0; k+1 < len(its); k++ {
		a, b := its[k], its[k+1]
		if a.end != b.start || a.m == 0 || a.d == 0 || b.m == 0 || b.d == 0 || a.y == 0 && b.y == 0 && year == 0 {
			continue
		}
		if start, end, ok = complete(a, b, year); ok && WholePayPeriod(start, end) {
			return start, end, true
		}
	}
	return time.Time{}, time.Time{}, false
}

// WholePayPeriod says start to end is a pay period to the day: a calendar
// month, the 1st to the 15th, the 16th to the month's end, or exactly 7 or
// 14 days.
func WholePayPeriod(start, end time.Time) bool {
	if start.IsZero() || end.Before(start) {
		return false
	}
	sy, sm, sd := start.Date()
	ey, em, ed := end.Date()
	monthEnd := end.AddDate(0, 0, 1).Day() == 1
	sameMonth := sy == ey && sm == em
	days := int(end.Sub(start).Hours()/24+0.5) + 1
	return sameMonth && (sd == 1 && monthEnd || sd == 1 && ed == 15 || sd == 16 && monthEnd) || days == 7 || days == 14
}

func hasDay(its []item) bool {
	for _, it := range its {
		if it.d != 0 {
			return true
		}
	}
	return false
}

func hasWord(ts []tok, words map[string]bool) bool {
	for _, t := range ts {
		if t.kind == 'w' && words[t.s] {
			return true
		}
	}
	return false
}

// statedFrequency finds a frequency word printed in s.
func statedFrequency(s string) string {
	words := strings.Fields(Fold(s))
	for i := range words {
		for n := min(3, len(words)-i); n >= 1; n-- {
			if f := freqWords[strings.Join(words[i:i+n], "")]; f != "" {
				return f
			}
		}
	}
	return ""
}

package extract

import (
	"math"
	"strings"
	"time"
	"unicode"

	"talaan/extract/parse"
	"talaan/ocr"
)

// Captions that name a period only when a range or a month follows them:
// "Date: June 1-15, 2025", "Payslip for June-2025". A single date after them
// is a pay or print date, never a period.
var lblRangeOnly = []string{"date", "dates", "petsa", "petsa ng sahod", "for", "payslip for", "payroll for",
	"salary for", "pay slip for"}

// Captions of a period's two ends printed apart, in boxes or cells of their
// own: "Date From" … "Date To", "From:" … "To:".
var (
	lblFrom = append([]string{"from", "date from", "mula", "petsa mula", "simula", "period start"}, lblStart...)
	lblTo   = append([]string{"to", "date to", "hanggang", "petsa hanggang"}, lblEnd...)
)

// findPeriod finds the pay period: after a period caption (on its row or
// under it), from start and end captions printed apart, and (trusted less)
// a range printed anywhere. Text after a pay-date caption is never read as
// the period, and a period whose span the document contradicts is doubted.
func findPeriod(ls []*layout) (parse.Period, Field, bool) {
	p, f, ok := periodByCaption(ls, 0)
	fp, ff, fok := periodFromTo(ls)
	if ok && !fok && f.How == howRangeAfterDate && printsStartCaption(ls) {
		// A title's month ("Salary Slip for September-2026") while the
		// start and end captions' own dates went unread: the month may be
		// wider than the period.
		f.Confidence *= 0.6
		f.How += ", start and end captions unread"
	}
	if fok {
		switch {
		case !ok:
			p, f, ok = fp, ff, true
		case fp.Start.Equal(p.Start) && fp.End.Equal(p.End):
		case !fp.Start.Before(p.Start) && !fp.End.After(p.End):
			// Two dates in their own From and To boxes inside a wider
			// period caption's span ("Salary Slip for November-2026" over
			// "Date From 11/01/2026 … Date To 11/15/2026"): the boxes are
			// the period, the title its month.
			p, f = fp, ff
		default:
			// Two periods that disagree: neither is published unseen.
			f.Confidence *= 0.6
			f.How += ", another period in From and To boxes"
		}
	}
	if !ok {
		p, f, ok = periodOfPayYear(ls)
	}
	if !ok {
		if e, fe, eok := findDate(ls, lblEnd); eok {
			// A range printed elsewhere that ends on that date gives the
			// start ("Period Ending 03/19/2023" over "03/13/2023 - 03/19/2023").
			if p, f, ok := periodAnywhere(ls); ok && p.End.Equal(e) {
				f.Confidence = math.Max(f.Confidence, fe.Confidence*0.95)
				f.How = "end label, and a range ending on it"
				return p, f, true
			}
			fe.How = "end label only"
			return parse.Period{End: e}, fe, true
		}
		p, f, ok = periodAnywhere(ls)
	}
	if ok && nearMissHalfMonth(p) && isPhilippine(ls) && !statesFrequency(ls) {
		// 1-14 or 16-30 of a 31-day month on a Philippine slip that names
		// no frequency is a semimonthly period with one end misread more
		// often than a biweekly one.
		f.Confidence *= 0.75
		f.How += ", one day short of a half month"
	}
	if ok && p.Mended {
		f.Confidence *= 0.9
		f.How += ", one misread digit of a date mended"
	}
	return p, f, ok
}

// periodOfPayYear reads a period printed under its caption without a year
// ("For the Period March 1-31,", the year cut off or never printed) in the
// year of the pay date, or the year before, whichever the pay date can pay
// (inPayWindow): a period is paid within weeks of its end.
func periodOfPayYear(ls []*layout) (parse.Period, Field, bool) {
	pd, _, ok := captionDate(ls, lblPayDate)
	if !ok {
		return parse.Period{}, Field{}, false
	}
	for _, y := range []int{pd.Year(), pd.Year() - 1} {
		if p, f, ok := periodByCaption(ls, y); ok && inPayWindow(pd, p) {
			f.Confidence *= 0.9
			f.How += ", in the pay date's year"
			return p, f, true
		}
	}
	return parse.Period{}, Field{}, false
}

// periodByCaption reads the period after a period caption: on its row,
// beside it in its cell, or under it. year, when not 0, completes a period
// printed without one.
func periodByCaption(ls []*layout, year int) (parse.Period, Field, bool) {
	for _, l := range ls {
		for _, h := range l.findLabels(lblPeriod) {
			if l.halfCaption(h) {
				continue
			}
			for i, t := range l.captionTexts(h) {
				t = beforeCaption(t, lblPayDate)
				p, ok := parse.ParsePeriodYear(t, year)
				if !ok && year == 0 {
					// After a period label, two dates are its start and end
					// even when the dash between them was lost.
					p, ok = twoDates(t)
				}
				if ok {
					q := 0.97 * h.quality
					if i >= 3 {
						q = 0.92 * h.quality
					}
					return p, l.textField(h, q, "period label", periodText(t, p)), true
				}
			}
		}
	}
	for _, l := range ls {
		for _, h := range l.findLabels(lblRangeOnly) {
			r := l.rows[h.row]
			t := beforeCaption(l.segmentTail(r, h.to), lblPayDate)
			if p, ok := parse.ParsePeriodYear(t, year); ok && startsWithDate(t) {
				return p, l.textField(h, 0.9*h.quality, howRangeAfterDate, periodText(t, p)), true
			}
		}
	}
	return parse.Period{}, Field{}, false
}

// halfCaption says a period caption opens a start or end caption whose
// date is printed apart ("Period To" over its own box, beside "Period
// From"): what lies under it is half the period, and the cells beside it
// belong to other captions. A "Period: from 06/01 to 06/15" with its dates
// on its row is a whole caption.
func (l *layout) halfCaption(h labelHit) bool {
	r := l.rows[h.row]
	if h.to >= len(r.words) {
		return false
	}
	switch r.fold[h.to] {
	case "from", "to", "start", "end", "ending", "beginning", "begin", "through", "thru":
	default:
		return false
	}
	for _, w := range r.words[h.to:] {
		if strings.ContainsAny(w.Text, "0123456789") {
			return false
		}
	}
	return true
}

// captionTexts are the texts a period caption's value may be: the rest of
// its cell, the rest of its row, its row with the caption, the text under
// it in its column, and the whole next row.
func (l *layout) captionTexts(h labelHit) []string {
	r := l.rows[h.row]
	k := skipLeaders(r.words, h.to)
	tries := []string{l.segmentTail(r, k), rowTail(r, k), rowTail(r, h.from)}
	if h.row+1 < len(l.rows) {
		nr := l.rows[h.row+1]
		tries = append(tries, columnText(nr, h.box.X0-l.lineH*2, h.box.X0+l.page.Width/2.2), rowTail(nr, 0))
	}
	return tries
}

// startsWithDate says the text opens with a date or a month, not with other
// words: "June 1-15, 2025", not "of birth 06/01/1990 - 2025".
func startsWithDate(t string) bool {
	t = strings.TrimLeft(t, ":.,-–| ")
	return t != "" && (t[0] >= '0' && t[0] <= '9' || parse.IsMonth(t))
}

// datedCaption is a caption and the date printed after or under it.
type datedCaption struct {
	h    labelHit
	date time.Time
	text string
	bare bool // a bare word ("From", "To"), not a period caption
}

// periodFromTo pairs a start caption with the nearest end caption after it
// (right of it on its row, or under it within a few rows), each with its own
// date: "Date From 03/01/2025" … "Date To 03/15/2025".
func periodFromTo(ls []*layout) (parse.Period, Field, bool) {
	for _, l := range ls {
		froms := l.datedCaptions(lblFrom)
		if len(froms) == 0 {
			continue
		}
		tos := l.datedCaptions(lblTo)
		for _, s := range froms {
			var best *datedCaption
			bestD := math.Inf(1)
			for i := range tos {
				e := &tos[i]
				if e.h.row == s.h.row && e.h.from <= s.h.from || e.h.row < s.h.row || e.h.row > s.h.row+3 {
					continue
				}
				if e.h.row != s.h.row && overlap1D(s.h.box.X0-l.lineH*4, s.h.box.X1+l.page.Width/3, e.h.box.X0, e.h.box.X1) <= 0 {
					continue
				}
				d := math.Hypot(e.h.box.X0-s.h.box.X0, (e.h.box.Y0-s.h.box.Y0)*2)
				if d < bestD {
					best, bestD = e, d
				}
			}
			if best == nil || best.date.Before(s.date) || best.date.Sub(s.date) > 400*24*time.Hour {
				continue
			}
			p := parse.Period{Start: s.date, End: best.date}
			q := 0.95 * math.Min(s.h.quality, best.h.quality)
			if _, ok := parse.InferFrequency(p.Start, p.End); !ok && (s.bare || best.bare) {
				// "From" and "To" alone are common words; a span no pay
				// frequency has makes the pair a guess.
				q = 0.7
			}
			f := l.textField(s.h, q, "start and end labels", s.text+" "+best.text)
			if b := best.h.box; f.Box != nil {
				u := f.Box.Union(b)
				f.Box = &u
			}
			return p, f, true
		}
	}
	return parse.Period{}, Field{}, false
}

// datedCaptions finds the captions with a date right after them on their
// row, or under them in the next rows.
func (l *layout) datedCaptions(labels []string) []datedCaption {
	var out []datedCaption
	for _, h := range l.findLabels(labels) {
		r := l.rows[h.row]
		var tries []string
		k := skipLeaders(r.words, h.to)
		for n := 5; n >= 1; n-- {
			tries = append(tries, beforeCaption(firstWords(r, k, n), lblPayDate))
		}
		for k := h.row + 1; k <= h.row+2 && k < len(l.rows); k++ {
			// the cell under the caption, then its column
			for _, sg := range l.segments(l.rows[k]) {
				if overlap1D(h.box.X0-l.lineH, h.box.X1+l.lineH, sg.box.X0, sg.box.X1) > 0 {
					tries = append(tries, sg.text())
					break
				}
			}
			tries = append(tries, columnText(l.rows[k], h.box.X0-l.lineH*2, h.box.X1+l.lineH*8))
		}
		for _, t := range tries {
			if d, ok := parse.ParseDate(t, l.dates); ok {
				out = append(out, datedCaption{h: h, date: d, text: t, bare: !strings.Contains(strings.TrimSpace(h.phrase), " ")})
				break
			}
		}
	}
	return out
}

// periodAnywhere takes a range printed without a caption (a header band,
// a line under a signatory block). It is trusted more when it is the
// document's only range and a bare one of a pay period's length.
func periodAnywhere(ls []*layout) (parse.Period, Field, bool) {
	type found struct {
		l *layout
		r *row
		p parse.Period
	}
	var all []found
	for _, l := range ls {
		for _, r := range l.rows {
			t := beforeCaption(r.text(), lblPayDate)
			if p, ok := parse.ParsePeriod(t); ok {
				all = append(all, found{l, r, p})
			}
		}
	}
	if len(all) == 0 {
		return parse.Period{}, Field{}, false
	}
	first := all[0]
	q := 0.75
	only := true
	for _, o := range all[1:] {
		if !o.p.Start.Equal(first.p.Start) || !o.p.End.Equal(first.p.End) {
			only = false
		}
	}
	if f, ok := parse.InferFrequency(first.p.Start, first.p.End); only && ok && f != FreqAnnually && f != FreqQuarterly && f != FreqBimonthly && f != FreqDaily {
		// The page's one range, and a whole pay period to the day (a half
		// month, a calendar month, a week or two): the period a payslip
		// prints, whatever words surround it; more so printed alone.
		q = 0.82
		if bareRange(first.r) {
			q = 0.88
		}
	}
	text := periodText(beforeCaption(first.r.text(), lblPayDate), first.p)
	c, b := first.l.textConf(first.r, text)
	return first.p, Field{Confidence: q * c, Page: first.l.page.Number, Box: &b, Text: text,
		How: "period pattern without label"}, true
}

// textConf is the OCR confidence of the words of row r that print text (a
// period, a date), and the box they fill; the rest of the row (a name, a
// speck read as "_" at no confidence beside it) says nothing of that text.
func (l *layout) textConf(r *row, text string) (float64, ocr.Box) {
	ws, c := l.valueWords(r.words, text)
	if len(ws) == 0 {
		return l.rowConf(r), r.box
	}
	b := ws[0].Box
	for _, w := range ws[1:] {
		b = b.Union(w.Box)
	}
	return c, b
}

// bareRange says a row holds a range and at most a frequency word, no
// caption that could say the range is something other than the pay period
// (a loan's term, an attendance cut-off, a billing period).
func bareRange(r *row) bool {
	for _, f := range r.fold {
		if f == "" || isMonth(f) || f == "to" || f == "thru" || f == "hanggang" {
			continue
		}
		if _, ok := parse.NormalizeFrequency(f); ok && len(f) > 5 {
			continue
		}
		if strings.IndexFunc(f, func(c rune) bool { return c < '0' || c > '9' }) < 0 {
			continue
		}
		return false
	}
	return true
}

// beforeCaption is the text before the first of the captions in it: the
// words after "Pay Date" are the pay date, whatever else the line says.
func beforeCaption(t string, captions []string) string {
	ws := strings.Fields(t)
	fs := make([]string, len(ws))
	for i, w := range ws {
		fs[i] = foldWord(w)
	}
	for i := range ws {
		for _, c := range captions {
			cw := strings.Fields(c)
			if i+len(cw) <= len(fs) && strings.Join(fs[i:i+len(cw)], " ") == c {
				return strings.Join(ws[:i], " ")
			}
		}
	}
	return t
}

// statesFrequency says a page prints its pay frequency under a caption.
func statesFrequency(ls []*layout) bool {
	for _, l := range ls {
		for _, h := range l.findLabels(lblFreq) {
			if _, ok := parse.NormalizeFrequency(firstWords(l.rows[h.row], h.to, 3)); ok {
				return true
			}
		}
	}
	return false
}

// nearMissHalfMonth says a period is a day off a semimonthly half: it
// starts on the 1st or the 16th and ends a day before the half's end, or
// starts a day after the half's start and ends on its end.
func nearMissHalfMonth(p parse.Period) bool {
	if p.Start.IsZero() || p.Start.Month() != p.End.Month() || p.Start.Year() != p.End.Year() {
		return false
	}
	last := time.Date(p.End.Year(), p.End.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	s, e := p.Start.Day(), p.End.Day()
	switch {
	case s == 1 && e == 14, s == 2 && e == 15:
		return true
	case s == 16 && e == last-1 && last-1 != 15, s == 17 && e == last:
		return true
	}
	return false
}

// twoDates reads exactly two dates from a text, in order, as a period.
func twoDates(text string) (parse.Period, bool) {
	f := strings.Fields(text)
	var ds []time.Time
	for i := 0; i < len(f); {
		found := false
		for n := min(3, len(f)-i); n >= 1; n-- {
			if d, ok := parse.ParseDate(strings.Join(f[i:i+n], " "), parse.DateHint{}); ok {
				ds = append(ds, d)
				i += n
				found = true
				break
			}
		}
		if !found {
			i++
		}
	}
	if len(ds) != 2 || ds[1].Before(ds[0]) || ds[1].Sub(ds[0]) > 400*24*time.Hour {
		return parse.Period{}, false
	}
	return parse.Period{Start: ds[0], End: ds[1]}, true
}

// findDate finds a single date after one of the labels (past a dot
// leader), or under it.
func findDate(ls []*layout, labels []string) (time.Time, Field, bool) {
	for _, l := range ls {
		for _, h := range l.findLabels(labels) {
			r := l.rows[h.row]
			k := skipLeaders(r.words, h.to)
			var tries []string
			for n := 5; n >= 1; n-- {
				tries = append(tries, firstWords(r, k, n))
			}
			if h.row+1 < len(l.rows) {
				tries = append(tries, columnText(l.rows[h.row+1], h.box.X0-l.lineH*2, h.box.X1+l.lineH*8))
			}
			for i, t := range tries {
				if d, ok := parse.ParseDate(t, l.dates); ok {
					q := 0.97 * h.quality
					if i >= 5 {
						q = 0.9 * h.quality
					}
					return d, l.textField(h, q, "date label", t), true
				}
			}
		}
	}
	return time.Time{}, Field{}, false
}

// skipLeaders is the index of the first word from k on that is not a dot
// leader between a caption and its value. OCR reads leaders as dots, as
// runs of digits and dots ("0...", "00..") or as short words of round
// lower-case letters ("eee", "cece", "oo").
func skipLeaders(ws []ocr.Word, k int) int {
	for n := 0; k < len(ws) && n < 10 && (leaderWord(ws[k].Text) || speck(ws[k])); n++ {
		k++
	}
	return k
}

// speck says OCR read a word out of a mark, at little confidence and with
// no digit or month in it ("Sythe" at 0.22 between "Period Ending:" and
// its date): nothing a date's value holds.
func speck(w ocr.Word) bool {
	return w.Conf < 0.4 && !strings.ContainsFunc(w.Text, unicode.IsDigit) && !parse.IsMonth(strings.Trim(w.Text, ".,:;_-'\"|"))
}

func leaderWord(w string) bool {
	if strings.Count(w, ".") >= 2 || strings.Contains(w, "…") {
		return !strings.ContainsFunc(w, unicode.IsUpper)
	}
	if len([]rune(w)) > 5 || parse.IsMonth(w) {
		return false
	}
	for _, r := range w {
		if !strings.ContainsRune("aceimnorsuvwxz.,:;·'\"“”‘’!|-_", r) {
			return false
		}
	}
	return true
}

// periodText is the shortest run of words of t, from its first date, that
// reads as period p: the value's own words, without a leader before it or
// another field after it.
func periodText(t string, p parse.Period) string {
	f := strings.Fields(t)
	for i := range f {
		if !startsWithDate(f[i]) {
			continue
		}
		for j := i + 1; j <= len(f); j++ {
			s := strings.Join(f[i:j], " ")
			q, ok := parse.ParsePeriod(s)
			if !ok {
				q, ok = twoDates(s)
			}
			if ok && q.Start.Equal(p.Start) && q.End.Equal(p.End) {
				return s
			}
		}
		break
	}
	return t
}

const howRangeAfterDate = "range after a date caption"

// printsStartCaption says a page prints a caption of the period's start
// ("Date From", "Start Date"), not the bare word "From".
func printsStartCaption(ls []*layout) bool {
	for _, l := range ls {
		for _, h := range l.findLabels(lblFrom) {
			if strings.Contains(strings.TrimSpace(h.phrase), " ") {
				return true
			}
		}
	}
	return false
}

// printsOnlyPeriodEnd says a slip names its period by its end alone ("Period
// Ending 07/18/2008"): the period captions found no start and no range, and
// no start caption ("Period Beginning", "Start Date") is printed anywhere,
// so the start is not a field the document has, rather than one OCR lost.
func printsOnlyPeriodEnd(ls []*layout, per parse.Period) bool {
	if !per.Start.IsZero() || per.End.IsZero() {
		return false
	}
	for _, l := range ls {
		if len(l.findLabels(lblStart)) > 0 {
			return false
		}
	}
	return true
}

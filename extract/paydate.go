package extract

import (
	"time"

	"talaan/extract/parse"
)

// findPayDate finds the pay date: a single date after, beside or under a
// pay-date caption; failing that, a single date after a bare "Date"
// caption on or after the period's end, published only when nothing else
// on the document competes with it.
func findPayDate(ls []*layout, per parse.Period, perOK bool) (time.Time, Field, bool) {
	if d, f, ok := captionDate(ls, lblPayDate); ok {
		return d, f, true
	}
	if !perOK || per.Start.IsZero() {
		return time.Time{}, Field{}, false
	}
	return bareCaptionDate(ls, per)
}

// captionDate finds a single date after one of the captions on its row
// (past a dot leader), alone in the cell under it (one blank row may lie
// between them), or in its column on the next row. A range after the
// caption ("Petsa ng Sahod: Hunyo 1-15, 2025") is a period, not a date.
// Of several captions, the date read surest is taken: a caption OCR
// misread ("Chéck Date") reads its date no better than a clean one.
func captionDate(ls []*layout, captions []string) (time.Time, Field, bool) {
	var best time.Time
	var bestF Field
	found := false
	for _, l := range ls {
		for _, h := range l.findLabels(captions) {
			r := l.rows[h.row]
			k := skipLeaders(r.words, h.to)
			if t := l.segmentTail(r, k); startsWithDate(t) {
				if _, ok := parse.ParsePeriod(t); ok {
					continue
				}
			}
			type try struct {
				text string
				q    float64
			}
			var tries []try
			for n := 5; n >= 1; n-- {
				tries = append(tries, try{firstWords(r, k, n), 0.97})
			}
			if t, ok := l.cellUnder(h); ok {
				tries = append(tries, try{t, 0.93})
			}
			if h.row+1 < len(l.rows) {
				tries = append(tries, try{columnText(l.rows[h.row+1], h.box.X0-l.lineH*2, h.box.X1+l.lineH*8), 0.9})
			}
			for _, t := range tries {
				if d, ok := parse.ParseDate(t.text, l.dates); ok {
					if f := l.textField(h, t.q*h.quality, "date label", t.text); !found || f.Confidence > bestF.Confidence {
						best, bestF, found = d, f, true
					}
					break
				}
			}
		}
	}
	return best, bestF, found
}

// cellUnder is the text of the cell right under a caption: the segment of
// the next row that overlaps it, or of the row after when the next row
// prints nothing there (a boxed form's blank line).
func (l *layout) cellUnder(h labelHit) (string, bool) {
	for k := h.row + 1; k <= h.row+2 && k < len(l.rows); k++ {
		if l.rows[k].box.Y0-l.rows[h.row].box.Y1 > l.lineH*3 {
			break
		}
		for _, sg := range l.segments(l.rows[k]) {
			if overlap1D(h.box.X0, h.box.X1, sg.box.X0, sg.box.X1) > 0 {
				return sg.text(), true
			}
		}
	}
	return "", false
}

// bareCaptionDate reads a date printed after (or under) a bare "Date"
// caption that opens its cell: "Date: 03/20/2025". On a payslip such a date
// on or after the period's end, within the window a pay date may lie in, is
// most often the pay date, but it may also be the date the slip was printed;
// so it is trusted enough to publish only when it is the document's only
// such date, no other date lies in the pay window, and no pay-date caption
// was printed (whose date went unread).
func bareCaptionDate(ls []*layout, per parse.Period) (time.Time, Field, bool) {
	type cand struct {
		l    *layout
		h    labelHit
		d    time.Time
		text string
	}
	var cands []cand
	for _, l := range ls {
		for _, r := range l.rows {
			for j, f := range r.fold {
				if f != "date" && f != "petsa" {
					continue
				}
				// "Run Date", "Hire Date": another word before it in its cell.
				if j > 0 && r.words[j].Box.X0-r.words[j-1].Box.X1 < l.lineH*1.5 {
					continue
				}
				h := labelHit{row: r.idx, from: j, to: j + 1, box: r.words[j].Box, quality: 1, phrase: f}
				k := skipLeaders(r.words, j+1)
				t := ""
				if k < len(r.words) && r.words[k].Box.X0-r.words[j].Box.X1 < l.page.Width/4 {
					// "Date Printed", "Date Hired": the next word is not a date,
					// so the whole cell fails to read as one.
					t = l.segmentTail(r, k)
				} else if u, ok := l.cellUnder(h); ok {
					t = u
				}
				if _, ok := parse.ParsePeriod(t); ok {
					continue
				}
				if d, ok := parse.ParseDate(t, l.dates); ok {
					cands = append(cands, cand{l, h, d, t})
				}
			}
		}
	}
	if len(cands) == 0 {
		return time.Time{}, Field{}, false
	}
	c := cands[0]
	if c.d.Before(per.End) || !inPayWindow(c.d, per) {
		return time.Time{}, Field{}, false
	}
	q := 0.9
	for _, o := range cands[1:] {
		if !o.d.Equal(c.d) {
			q = 0.7
		}
	}
	for _, l := range ls {
		for _, h := range l.findLabels(lblPayDate) {
			// A caption stacked over the bare one ("Pay" over "Date:") is
			// the same word read twice, not another caption.
			if l != c.l || overlap1D(h.box.Y0, h.box.Y1, c.h.box.Y0, c.h.box.Y1) <= 0 || overlap1D(h.box.X0, h.box.X1, c.h.box.X0, c.h.box.X1) <= 0 {
				q = 0.7
			}
		}
	}
	if q > 0.7 && otherDateInWindow(ls, per, c.d) {
		q = 0.7
	}
	return c.d, c.l.textField(c.h, q, "date after a bare date caption", c.text), true
}

// payWindowDays is how long after its period's end a slip may be paid.
const payWindowDays = 45

// inPayWindow says d can be the pay date of the period per: from the
// period's start (paid in advance) to payWindowDays after its end. A date
// outside is a misread or another date under a pay-date caption.
func inPayWindow(d time.Time, per parse.Period) bool {
	return !d.Before(per.Start) && !d.After(per.End.AddDate(0, 0, payWindowDays))
}

// otherDateInWindow says the document prints a date, other than d and the
// period's ends, in the period's pay window (inPayWindow): a date that could
// as well be the pay date.
func otherDateInWindow(ls []*layout, per parse.Period, d time.Time) bool {
	for _, l := range ls {
		for _, r := range l.rows {
			for i := range r.words {
				for n := 1; n <= 3 && i+n <= len(r.words); n++ {
					x, ok := parse.ParseDate(joinWords(r.words, i, i+n), l.dates)
					if !ok || x.Equal(d) || x.Equal(per.Start) || x.Equal(per.End) {
						continue
					}
					if inPayWindow(x, per) {
						return true
					}
				}
			}
		}
	}
	return false
}

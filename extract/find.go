package extract

import (
	"math"
	"sort"
	"strings"

	"talaan/ocr"
)

// candidate is one possible value for an amount field.
type candidate struct {
	value float64
	tok   amountTok
	page  int
	row   int
	score float64 // 0..1: label quality x position prior x reading quality
	how   string
	label labelHit
	words []ocr.Word
	// repaired: the value is a reading of a whole number with its decimal
	// point restored, which only the arithmetic may choose.
	repaired bool
}

// amountsForLabels finds the amounts that the labels point at, best first.
// Positions, in order of trust: the first current-period amount right of the
// label on its row; the first amount below the label in its column (cards,
// boxed forms); an amount right of the label within a line above or below
// (labels wrapped over two lines); an amount just above the label (captions
// printed under the value).
func (l *layout) amountsForLabels(hits []labelHit) []candidate {
	var out []candidate
	for _, h := range hits {
		right := l.rightOf(h)
		out = append(out, right...)
		// A label with amounts on its own row is a table row: what sits
		// below belongs to the next row's label.
		if len(right) > 0 || l.numsAfter(h) {
			continue
		}
		q := l.captionWeight(h)
		for _, c := range append(append(l.below(h), l.nearRight(h)...), l.above(h)...) {
			c.score *= q
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

func (l *layout) tokScore(t amountTok) float64 {
	s := t.val.Confidence
	// Where the page prints cents, a whole number is one whose cents OCR
	// lost ("231442" for "231,442.83").
	if !t.val.HasDecimals && l.centsShare() >= 0.7 {
		s *= 0.7
	}
	if l.page.Source == ocr.SourceOCR {
		// Tesseract's word confidence is informative below ~0.9 only.
		s *= 0.6 + 0.4*math.Min(1, t.conf/0.9)
	}
	return s
}

func (l *layout) cand(h labelHit, t amountTok, r *row, pos float64, how string) candidate {
	ws := append([]ocr.Word(nil), l.rows[h.row].words[h.from:h.to]...)
	ws = append(ws, r.words[t.first:t.last+1]...)
	return candidate{value: t.val.Value, tok: t, page: l.page.Number, row: r.idx,
		score: h.quality * pos * l.tokScore(t), how: how, label: h, words: ws}
}

// skipColumn says the amount sits in a column that is not the period's
// money (YTD, rates, hours, employer share, balances).
func (l *layout) skipColumn(t amountTok, rowIdx int) bool {
	switch l.columnOf(t, rowIdx) {
	case hdrYTD:
		return !l.summaryUnderGrid(t, rowIdx)
	case hdrRate, hdrEmployer, hdrBalance:
		return true
	}
	return false
}

// summaryUnderGrid says an amount under a year-to-date header is a
// summary line's own figure, not the year's: its row holds that one amount
// and no year-to-date word, while the grid's rows above print a figure of
// the period left of their year-to-date one ("Gross Pay  PHP 18,415.10"
// right-aligned under an ERPNext grid), or print nothing in its column.
func (l *layout) summaryUnderGrid(t amountTok, rowIdx int) bool {
	r := l.rows[rowIdx]
	if len(r.nums) != 1 {
		return false
	}
	for _, f := range r.fold {
		switch {
		case isYTDWord(f), f == "todate", f == "cumulative", f == "accumulated", f == "annual", f == "yearly":
			return false
		}
	}
	gridRow := func(i int) bool {
		ns := l.rows[i].nums
		return len(ns) >= 2 && overlap1D(ns[len(ns)-1].box.X0, ns[len(ns)-1].box.X1, t.box.X0, t.box.X1) > 0
	}
	// Under the grid, not inside it: a row of the grid below means this
	// one lost its period figure ("Total Taxes  … 299.48" between rows of
	// two).
	for i := rowIdx + 1; i < len(l.rows) && i <= rowIdx+15; i++ {
		if gridRow(i) {
			return false
		}
	}
	for i := rowIdx - 1; i >= 0 && i >= rowIdx-15; i-- {
		if gridRow(i) {
			return true
		}
	}
	// Nor a figure of an empty column: no row of the grid prints an
	// amount between it and the header over it (the deductions half of a
	// two-sided grid on a slip with no deductions, "Gross Pay PHP
	// 6,340.02" and the other summary lines below).
	for i := rowIdx - 1; i >= 0 && i >= rowIdx-15; i-- {
		if len(l.headersOf(i)) > 0 {
			return true
		}
		if len(l.rows[i].nums) < 2 {
			continue // a summary line of its own
		}
		for _, n := range l.rows[i].nums {
			if overlap1D(n.box.X0, n.box.X1, t.box.X0, t.box.X1) > 0 {
				return false
			}
		}
	}
	return false
}

func (l *layout) rightOf(h labelHit) []candidate {
	r := l.rows[h.row]
	var out []candidate
	lastX := h.box.X1
	wordsBetween := 0
	pos := 1.0
	for _, t := range r.nums {
		if t.first < h.to {
			continue
		}
		// Text between the label and the value: allowed close to the label
		// (a continuation such as "(this period)"), not across a wide gap
		// into another column's label.
		stop := false
		for k := h.to; k < t.first; k++ {
			w := r.words[k]
			if w.Box.X0 < lastX {
				continue
			}
			if isWordy(w.Text) && !leaderWord(w.Text) && !unitAfterAmount(r, k) {
				// (A dot leader OCR read as "cece" or "eee" is no text,
				// nor the unit of a quantity: "(13.00 days)".)
				// Another amount's caption between the label and the value:
				// the value is that caption's ("Gross Income" then "Total
				// Deduction 9,421.75" where OCR lost the gross).
				if c := amountField(foldWord(w.Text)); c != "" && c != amountField(h.phrase) {
					stop = true
					break
				}
				wordsBetween++
				if len(out) > 0 || wordsBetween > 3 {
					stop = true
					break
				}
				if w.Box.X0-lastX > l.lineH*3 {
					pos *= 0.6
				}
			}
			lastX = w.Box.X1
		}
		if stop {
			break
		}
		lastX = t.box.X1
		if l.skipColumn(t, r.idx) {
			continue
		}
		p := pos
		if l.quantityShaped(r, t) {
			p *= 0.3
		}
		out = append(out, l.cand(h, t, r, p, "right of label"))
		pos *= 0.8
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// quantityUnits are the units a quantity printed before a row's money is
// counted in.
var quantityUnits = map[string]bool{"day": true, "days": true, "hr": true, "hrs": true, "hour": true, "hours": true,
	"min": true, "mins": true, "minute": true, "minutes": true, "unit": true, "units": true, "pcs": true}

// unitAfterAmount says word k of r is a quantity's unit right after the
// quantity ("Regular Hours (13.00 days) 33725.00"): the row's money may
// still follow it.
func unitAfterAmount(r *row, k int) bool {
	if k == 0 || !quantityUnits[r.fold[k]] {
		return false
	}
	for _, t := range r.nums {
		if t.last == k-1 {
			return true
		}
	}
	return false
}

// quantityShaped says an amount looks like hours, days or a rate printed
// before the money on a row with no column headers: small, with a much
// larger amount after it.
func (l *layout) quantityShaped(r *row, t amountTok) bool {
	if l.columnOf(t, r.idx) != 0 || math.Abs(t.val.Value) >= 1000 || t.val.Currency != "" {
		return false
	}
	for _, o := range r.nums {
		if o.first > t.last && math.Abs(o.val.Value) > 10*math.Abs(t.val.Value) {
			return true
		}
	}
	return false
}

// below looks in the next rows for an amount under the label: the one
// nearest the label's centre among those overlapping its column. Rows that
// only continue a wrapped caption ("Total Gross" over "Pay") are skipped.
func (l *layout) below(h labelHit) []candidate {
	var out []candidate
	x0, x1 := h.box.X0-l.lineH*2, h.box.X1+l.lineH*4
	prev := l.rows[h.row].box.Y1
	for i := h.row + 1; i < len(l.rows) && i <= h.row+5; i++ {
		r := l.rows[i]
		if r.box.Y0-prev > l.lineH*4.5 {
			break
		}
		prev = r.box.Y1
		if len(r.words) > 0 && isYTDWord(r.fold[0]) {
			continue
		}
		if len(r.nums) == 0 {
			continue
		}
		var best *amountTok
		bestD := math.Inf(1)
		for k := range r.nums {
			t := &r.nums[k]
			if overlap1D(x0, x1, t.box.X0, t.box.X1) <= 0 {
				continue
			}
			if d := math.Abs(t.box.CenterX() - h.box.CenterX()); d < bestD {
				best, bestD = t, d
			}
		}
		if best == nil {
			continue
		}
		if !l.labelBetween(h, r, *best) && !l.skipColumn(*best, r.idx) {
			out = append(out, l.cand(h, *best, r, 0.9-0.04*float64(i-h.row-1), "below label"))
		}
		break
	}
	return out
}

// labelBetween says word-like text sits in the amount's column between the
// label and the amount below it, so the amount is that text's. Rows right
// under the label without amounts continue its caption and do not count.
func (l *layout) labelBetween(h labelHit, r *row, t amountTok) bool {
	captionEnd := h.row
	for i := h.row + 1; i < r.idx; i++ {
		rr := l.rows[i]
		if len(rr.nums) > 0 || rr.box.Y0-l.rows[i-1].box.Y1 > l.lineH*0.8 {
			break
		}
		captionEnd = i
	}
	for i := captionEnd + 1; i <= r.idx; i++ {
		rr := l.rows[i]
		for k, w := range rr.words {
			if i == r.idx && k >= t.first {
				break
			}
			if !isWordy(w.Text) || len(foldWord(w.Text)) < 3 || overlap1D(t.box.X0-l.lineH, t.box.X1+l.lineH, w.Box.X0, w.Box.X1) <= 0 {
				continue
			}
			return true
		}
	}
	return false
}

// nearRight finds an amount right of the label on a neighbouring row: labels
// wrapped over two or three lines put the value beside their middle.
func (l *layout) nearRight(h labelHit) []candidate {
	var out []candidate
	for _, d := range []int{1, -1, 2} {
		i := h.row + d
		if i < 0 || i >= len(l.rows) {
			continue
		}
		r := l.rows[i]
		if math.Abs(r.box.CenterY()-l.rows[h.row].box.CenterY()) > l.lineH*2.6 {
			continue
		}
		// The neighbouring row must not carry its own label left of the
		// amount: then the amount is that label's.
		for _, t := range r.nums {
			if t.box.X0 < h.box.X1 {
				continue
			}
			own := false
			for k := 0; k < t.first; k++ {
				w := r.words[k]
				if w.Box.X0 >= h.box.X0-l.lineH && isWordy(w.Text) {
					own = true
					break
				}
			}
			if own || l.skipColumn(t, r.idx) {
				continue
			}
			out = append(out, l.cand(h, t, r, 0.7, "right of wrapped label"))
			break
		}
	}
	return out
}

func (l *layout) above(h labelHit) []candidate {
	var out []candidate
	x0, x1 := h.box.X0-l.lineH*2, h.box.X1+l.lineH*4
	top := l.rows[h.row].box.Y0
	for i := h.row - 1; i >= 0 && i >= h.row-2; i-- {
		r := l.rows[i]
		if top-r.box.Y1 > l.lineH*3 {
			break
		}
		for _, t := range r.nums {
			if overlap1D(x0, x1, t.box.X0, t.box.X1) <= 0 || l.skipColumn(t, r.idx) {
				continue
			}
			// Only a row that is just the value (no label of its own).
			if r.wordyCount() > 0 {
				continue
			}
			out = append(out, l.cand(h, t, r, 0.55, "above label"))
			return out
		}
	}
	return out
}

func (r *row) wordyCount() int {
	n := 0
	for _, w := range r.words {
		if isWordy(w.Text) {
			n++
		}
	}
	return n
}

func isYTDWord(s string) bool {
	return s == "ytd" || s == "year" || s == "yeartodate"
}

func (l *layout) numsAfter(h labelHit) bool {
	for _, t := range l.rows[h.row].nums {
		if t.first >= h.to {
			return true
		}
	}
	return false
}

// captionWeight lowers the trust in a label that is only part of a caption
// wrapped over two lines ("Overtime -" over "Regular", "Regular" over
// "Holiday"): the caption names something else.
func (l *layout) captionWeight(h labelHit) float64 {
	q := 1.0
	for _, d := range []int{-1, 1} {
		i := h.row + d
		if i < 0 || i >= len(l.rows) {
			continue
		}
		r := l.rows[i]
		gap := r.box.Y0 - l.rows[h.row].box.Y1
		if d < 0 {
			gap = l.rows[h.row].box.Y0 - r.box.Y1
		}
		if len(r.nums) > 0 || gap > l.lineH*0.7 {
			continue
		}
		for _, w := range r.words {
			if isWordy(w.Text) && overlap1D(h.box.X0, h.box.X1, w.Box.X0, w.Box.X1) > 0 {
				q *= 0.75
				break
			}
		}
	}
	return q
}

// centsShare is the share of the page's amounts printed with cents.
func (l *layout) centsShare() float64 {
	if l.cents >= 0 {
		return l.cents
	}
	n, c := 0, 0
	for _, r := range l.rows {
		for _, t := range r.nums {
			n++
			if t.val.HasDecimals {
				c++
			}
		}
	}
	l.cents = 0
	if n > 0 {
		l.cents = float64(c) / float64(n)
	}
	return l.cents
}

// amountField names the total a caption word belongs to ("gross", "net",
// "deductions"), or "" for other words; for a phrase, the first such word.
func amountField(phrase string) string {
	for _, w := range strings.Fields(phrase) {
		switch w {
		case "gross", "earnings", "compensation":
			return "gross"
		case "net", "takehome":
			return "net"
		case "deduction", "deductions", "withholdings":
			return "deductions"
		}
	}
	return ""
}

package extract

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"talaan/extract/parse"
	"talaan/ocr"
)

// extractPayslip reads one payslip from its pages (usually one).
func extractPayslip(ls []*layout) Record {
	rec := Record{Kind: KindPayslip, Fields: map[string]Field{}}
	for _, l := range ls {
		rec.Pages = append(rec.Pages, l.page.Number)
	}
	ph := isPhilippine(ls)
	inc := &rec.Income

	// Amounts: every labelled candidate, then the combination the arithmetic
	// agrees with.
	gross := amountCands(ls, lblGross, nil)
	net := amountCands(ls, lblNet, nil)
	ded := amountCands(ls, lblTotalDed, nil)
	basic := amountCands(ls, lblBasic, basicExcluded)
	if len(gross) == 0 {
		gross = sectionTotals(ls, "earnings")
	}
	taxes := amountCands(ls, lblTotalTax, nil)
	g, n, d, ok, rivals := pickAmounts(gross, net, ded, taxes)
	detail := ""
	if ok {
		detail = fmt.Sprintf("%.2f - %.2f = %.2f", g.value, d.value, n.value)
		if t := round2(g.value - d.value - n.value); math.Abs(t) >= 0.015 {
			// the relation took a taxes total too
			detail = fmt.Sprintf("%.2f - %.2f - %.2f = %.2f", g.value, d.value, t, n.value)
		}
	} else {
		// The labelled totals do not add up (or are missing): the page's
		// other amounts may still confirm gross and net.
		cf, found := confirm(ls, gross, net, ded)
		if !found && len(gross) == 0 {
			cf, found = confirm(ls, pooledTotals(ls), net, ded)
		}
		if found {
			g, n, ok, detail = cf.g, cf.n, true, cf.detail
			d = &candidate{value: cf.deductions, page: g.page}
			rivals = cf.rivals
		}
	}
	checks := []Check{}
	if ok {
		if r, amb := ambiguousTriple(ls, g, n, rivals); amb {
			// The arithmetic holds for two readings (the period's figures
			// and, say, a year-to-date column whose header OCR lost): it
			// cannot tell which is the period's, so it confirms neither.
			ok = false
			checks = append(checks, Check{Name: "one_consistent_triple", Passed: false,
				Detail: fmt.Sprintf("gross %.2f and net %.2f, and also gross %.2f and net %.2f, satisfy the relations", g.value, n.value, r[0].value, r[1].value)})
		}
	}
	if ok {
		checks = append(checks, Check{Name: "gross_minus_deductions_equals_net", Passed: true, Detail: detail})
	} else if len(checks) > 0 {
		// held back above: two readings satisfy the arithmetic
	} else if g != nil && n != nil && d != nil {
		checks = append(checks, Check{Name: "gross_minus_deductions_equals_net", Passed: false,
			Detail: fmt.Sprintf("%.2f - %.2f != %.2f", g.value, d.value, n.value)})
	}
	if g != nil && n != nil {
		checks = append(checks, Check{Name: "net_not_above_gross", Passed: n.value <= g.value+0.005})
	}
	// Basic pay may exceed gross only by what absences took off, which
	// some slips print as negative earnings.
	negatives := hasNegativeAmounts(ls)
	var b *candidate
	for i := range basic {
		c := &basic[i]
		if c.value <= 0 || (g != nil && c.value > g.value*1.5) {
			continue
		}
		b = c
		break
	}
	// The earnings that add up to gross: printed in gross's column above
	// it, or left of it on its row (registers).
	var sumOK bool
	if g != nil && g.tok.text != "" {
		if parts, ok := earningsSum(ls, g); ok {
			sumOK = true
			checks = append(checks, Check{Name: "earnings_sum_to_gross", Passed: true, Detail: fmt.Sprintf("%d earnings lines", len(parts))})
			if b != nil {
				in := false
				for _, v := range parts {
					if math.Abs(v-b.value) < 0.005 {
						in = true
					}
				}
				if !in {
					// The basic pay is one of the summed lines; a "basic"
					// amount outside them is a rate printed elsewhere.
					b = nil
				}
			}
			if b == nil {
				// A basic caption set aside as a rate ("MONTHLY SALARY" on
				// a government slip) whose amount is one of the lines that
				// add up to the gross is the period's basic pay.
				b = rateCaptionInSum(ls, parts)
			}
		}
	}
	if b != nil && g != nil {
		pass := b.value <= g.value+0.005 || (negatives && b.value <= g.value*1.5)
		if !pass {
			// Base pay is optional: one above gross is a misreading, left
			// empty rather than holding the whole slip for review.
			checks = append(checks, Check{Name: "base_left_empty", Passed: true,
				Detail: fmt.Sprintf("base %.2f read above gross %.2f", b.value, g.value)})
			b = nil
		} else {
			checks = append(checks, Check{Name: "base_not_above_gross", Passed: true,
				Detail: fmt.Sprintf("base %.2f, gross %.2f", b.value, g.value)})
		}
	}
	if b != nil && g != nil && b.value < g.value*0.2 && rateNear(ls, b) {
		checks = append(checks, Check{Name: "base_left_empty", Passed: true,
			Detail: fmt.Sprintf("base %.2f looks like a rate beside gross %.2f", b.value, g.value)})
		b = nil
	}

	conf := func(c *candidate, inSum bool) float64 {
		s := c.score
		switch {
		case inSum && ok, inSum && sumOK && c == g:
			// Three amounts read apart that add up to the centavo: the
			// reading is right even where OCR was unsure of a glyph.
			s = math.Max(s, 0.9) + (1-math.Max(s, 0.9))*0.7
			if c.repaired {
				s = 0.9
			}
		case inSum && d != nil && g != nil && n != nil:
			s *= 0.5
		case c.tok.val.Confidence < 1:
			s *= 0.8
		default:
			if ls[0].page.Source == ocr.SourceOCR {
				s *= 0.85
			}
		}
		return clamp01(s)
	}
	if !ok && sumOK && n != nil && d != nil && n.tok.text != "" && ls[0].page.Source == ocr.SourceOCR &&
		oneGlyphOff(n.value, round2(g.value-d.value)) && deductionsAddUp(ls, d, g) && timesPrinted(ls, math.Abs(n.value-round2(g.value-d.value))) == 0 {
		// The earnings lines add up to the gross and the deduction lines to
		// the total deductions: both totals are confirmed apart, and the net
		// OCR read differs from their difference by one glyph (7,952.94 for
		// 7,952.54), which it misread. Not where the page prints that
		// difference: an allowance of 1,000.00 added back after the
		// deductions makes the net differ by one glyph too.
		read := n.value
		n = &candidate{value: round2(g.value - d.value), tok: n.tok, page: n.page, row: n.row, label: n.label, words: n.words,
			score: 0.9, repaired: true, how: n.how + ", one glyph mended by the confirmed totals"}
		ok = true
		checks = netConfirmed(checks, fmt.Sprintf("%.2f - %.2f = %.2f (earnings and deduction lines add up to both; net read as %.2f)", g.value, d.value, n.value, read))
	}
	if !ok && g != nil && d != nil && !slices.ContainsFunc(checks, func(c Check) bool { return c.Name == "one_consistent_triple" }) {
		// The page writes the net out in words, as a cheque does, and the
		// gross less the total deductions is that amount to the centavo:
		// three printings OCR read apart agree, whatever it made of the
		// net's figures.
		if diff := round2(g.value - d.value); diff > 0 && writtenOut(ls, diff) {
			how, ws := "gross minus total deductions, written out in words", []ocr.Word(nil)
			if n != nil && math.Abs(n.value-diff) < 0.005 {
				how, ws = n.how+", written out in words", n.words
			}
			n = &candidate{value: diff, page: g.page, score: 0.9, repaired: true, words: ws, how: how}
			ok = true
			checks = netConfirmed(checks, fmt.Sprintf("%.2f - %.2f = %.2f (the net written out in words)", g.value, d.value, diff))
		}
	}
	if !ok && n == nil && sumOK && d != nil && d.tok.text != "" && g.value-d.value > 0 && len(ls) == 1 &&
		deductionsAddUp(ls, d, g) && !printedAfter(ls[0], d, g) {
		// The net's line went unread (a shaded box, a large font) on a
		// slip whose earnings lines add up to the gross and whose
		// deduction lines add up to the total deductions, and the page
		// prints no amount after that total that could be added back (an
		// allowance paid after the deductions): the net is their
		// difference.
		n = &candidate{value: round2(g.value - d.value), page: g.page, score: 0.9, repaired: true,
			how: "gross minus total deductions, both confirmed by their lines, the net's line unread"}
		ok = true
		checks = netConfirmed(checks, fmt.Sprintf("%.2f - %.2f = %.2f (earnings and deduction lines add up to both; no amount after the deductions)", g.value, d.value, n.value))
	}
	// A total the page does not show (or OCR lost) follows from the other
	// two; it is published only after review.
	if !ok && d != nil && d.value > 0 {
		switch {
		case g != nil && g.value-d.value > 0:
			diff := round2(g.value - d.value)
			if text, ws, found := printedDigitsOf(ls, diff, g, d); found {
				// The page prints that net, its decimal point lost and
				// with it its caption or the net read beside it ("P14,
				// 017 18" for 14,017.18, "P 13 563 89" read as 13): three
				// amounts read apart agree.
				n = &candidate{value: diff, page: g.page, score: 0.9, repaired: true, words: ws,
					how: "gross minus total deductions, printed as " + strconv.Quote(text)}
				ok = true
				checks = netConfirmed(checks, fmt.Sprintf("%.2f - %.2f = %.2f (net printed without its decimal point)", g.value, d.value, n.value))
			} else if n == nil {
				n = &candidate{value: diff, page: g.page, score: 0.6, how: "gross minus total deductions"}
			}
		case g == nil && n != nil:
			g = &candidate{value: n.value + d.value, page: n.page, score: 0.6, how: "net plus total deductions"}
		}
	}
	if g != nil {
		inc.GrossAmount = ptr(round2(g.value))
		rec.Fields["grossAmount"] = fieldOf(g, conf(g, true))
	}
	if n != nil {
		inc.NetAmount = ptr(round2(n.value))
		rec.Fields["netAmount"] = fieldOf(n, conf(n, true))
	}
	if d != nil {
		rec.Analysis.TotalDeductions = ptr(round2(d.value))
	}
	if b != nil {
		inc.BaseAmount = ptr(round2(b.value))
		c := conf(b, false)
		if sumOK || baseInEarningsRun(ls, b, g) {
			c = math.Max(c, 0.9)
		}
		rec.Fields["baseAmount"] = fieldOf(b, c)
	}

	// Period, pay date, frequency.
	per, perField, perOK := findPeriod(ls)
	if perOK {
		if !per.Start.IsZero() {
			inc.StartDate = ptr(per.Start.Format(time.DateOnly))
			rec.Fields["startDate"] = perField
		} else {
			perOK = false // no frequency from half a period
			rec.endOnly = printsOnlyPeriodEnd(ls, per)
		}
		inc.EndDate = ptr(per.End.Format(time.DateOnly))
		rec.Fields["endDate"] = perField
	}
	if pd, f, ok := findPayDate(ls, per, perOK); ok {
		switch {
		case perOK && !inPayWindow(pd, per):
			// Paid before the period began, or long after it ended: a
			// misread date (or another date under a pay-date caption).
			checks = append(checks, Check{Name: "pay_date_left_empty", Passed: true,
				Detail: fmt.Sprintf("pay date %s outside %s to %s", pd.Format(time.DateOnly), per.Start.Format(time.DateOnly), per.End.Format(time.DateOnly))})
		default:
			inc.PayDate = ptr(pd.Format(time.DateOnly))
			rec.Fields["payDate"] = f
			if f.Confidence >= 0.85 {
				// the pay date, read apart, falls in the period's window
				confirmPeriod(ls, per, perOK, rec.Fields, "a whole pay period with the pay date in its window")
			}
		}
	}
	if fr, f, ok := findFrequency(ls, per, perOK, ph); ok {
		inc.Frequency = ptr(fr)
		rec.Fields["frequency"] = f
		if perOK {
			if inf, ok := parse.InferFrequency(per.Start, per.End); ok {
				checks = append(checks, Check{Name: "period_matches_frequency", Passed: inf == fr || (ph && fr == FreqSemimonthly && inf == FreqSemimonthly),
					Detail: fmt.Sprintf("period %s to %s, frequency %s", per.Start.Format(time.DateOnly), per.End.Format(time.DateOnly), fr)})
				if inf == fr && f.How == "frequency label" {
					// The frequency printed apart names the period's length:
					// each confirms the other, a caption OCR read poorly
					// ("——~'Weekly Paid") and a period read unsurely alike.
					if f.Confidence < 0.95 {
						f.Confidence, f.How = 0.95, "frequency label, as long as the period"
						rec.Fields["frequency"] = f
					}
					confirmPeriod(ls, per, perOK, rec.Fields, "a whole pay period as long as the printed frequency")
				}
			}
		}
	}

	// Currency: printed marks first; a Philippine payslip is in pesos.
	if cur, f, ok := findCurrency(ls, ph); ok {
		inc.Currency = ptr(cur)
		rec.Fields["currency"] = f
	}

	if emp, f, ok := findEmployer(ls); ok {
		inc.Employer = ptr(emp)
		rec.Fields["employer"] = f
		rec.Analysis.EmployerName = emp
	}
	fillPhilippine(ls, &rec)
	rec.Checks = checks
	return rec
}

// rateNear says a base amount is printed as a rate: a rate, day or hour word
// on its row or its caption's.
func rateNear(ls []*layout, b *candidate) bool {
	l := layoutOf(ls, b.page)
	rows := []int{b.row}
	if b.label.row != b.row {
		rows = append(rows, b.label.row)
	}
	for _, i := range rows {
		if i < 0 || i >= len(l.rows) {
			continue
		}
		for _, w := range l.rows[i].fold {
			switch w {
			case "rate", "day", "daily", "hour", "hourly", "hr", "hrs", "per", "perday", "perhour":
				return true
			}
		}
	}
	return false
}

// rateCaptionInSum is the first basic-pay candidate whose caption only a
// rate word set aside ("monthly", "daily", "rate") and whose amount is one
// of parts, the earnings that add up to the gross; nil when there is none.
func rateCaptionInSum(ls []*layout, parts []float64) *candidate {
	onlyRate := func(l *layout, h labelHit) bool {
		ws := basicExclusions(l, h)
		for _, w := range ws {
			if !rateWords[w] {
				return false
			}
		}
		return len(ws) > 0
	}
	for _, c := range amountCands(ls, lblBasic, func(l *layout, h labelHit) bool { return !onlyRate(l, h) }) {
		for _, v := range parts {
			if math.Abs(v-c.value) < 0.005 && c.value > 0 {
				c := c
				c.how += ", a rate caption whose amount the earnings sum holds"
				return &c
			}
		}
	}
	return nil
}

// basicExcluded rejects "basic" labels that name a rate, not the period's pay.
func basicExcluded(l *layout, h labelHit) bool { return len(basicExclusions(l, h)) > 0 }

// basicExclusions are the words around a "basic" label that make it name
// something else: a rate, overtime, an allowance, a total.
func basicExclusions(l *layout, h labelHit) []string {
	r := l.rows[h.row]
	var out []string
	// Only words of the label's own phrase count: a gap starts another
	// column's caption.
	for k := h.to; k < len(r.words) && k < h.to+3 && r.words[k].Box.X0-r.words[k-1].Box.X1 < l.lineH*1.5; k++ {
		switch r.fold[k] {
		case "rate", "monthly", "daily", "hourly", "per", "ytd", "holiday", "overtime", "ot", "adjustment", "adj",
			"differential", "diff", "loan", "allowance", "premium", "deduction", "advance", "kada", "bawat":
			out = append(out, r.fold[k])
		}
	}
	for k := h.from - 1; k >= 0 && k >= h.from-2 && r.words[k+1].Box.X0-r.words[k].Box.X1 < l.lineH*1.5; k-- {
		switch r.fold[k] {
		case "monthly", "daily", "hourly", "ytd", "annual", "net", "gross", "total", "taxable", "overtime", "ot",
			"holiday", "night", "special", "legal", "rest", "premium", "less",
			// Tagalog: daily, monthly, hourly, per, net, total, frequency.
			"arawang", "arawan", "buwanang", "orasang", "kada", "bawat", "netong", "neto", "kabuuang", "kabuuan", "dalas":
			out = append(out, r.fold[k])
		}
	}
	return out
}

// rateWords name a rate: what a basic caption's amount is per.
var rateWords = map[string]bool{"rate": true, "monthly": true, "daily": true, "hourly": true, "per": true, "annual": true,
	"arawang": true, "arawan": true, "buwanang": true, "orasang": true, "kada": true, "bawat": true}

func amountCands(ls []*layout, labels []string, exclude func(*layout, labelHit) bool) []candidate {
	var out []candidate
	for _, l := range ls {
		hits := l.findLabels(labels)
		if exclude != nil {
			kept := hits[:0]
			for _, h := range hits {
				if !exclude(l, h) {
					kept = append(kept, h)
				}
			}
			hits = kept
		}
		// "YTD gross" and the like are not the period's.
		kept := hits[:0]
		for _, h := range hits {
			if !nearYTD(l, h) {
				kept = append(kept, h)
			}
		}
		out = append(out, l.amountsForLabels(kept)...)
	}
	return out
}

func nearYTD(l *layout, h labelHit) bool {
	r := l.rows[h.row]
	for k := max(0, h.from-1); k < len(r.words) && k <= h.to; k++ {
		if k >= h.from && k < h.to {
			continue
		}
		if isYTDWord(r.fold[k]) || r.fold[k] == "yeartodate" {
			return true
		}
	}
	return false
}

// pickAmounts chooses gross, net and total deductions: the best-scoring
// combination whose arithmetic holds (gross - deductions = net, or gross -
// taxes - deductions = net where a stub totals taxes apart), or else the
// best of each.
func pickAmounts(gross, net, ded, taxes []candidate) (g, n, d *candidate, ok bool, pairs [][2]*candidate) {
	gs, ns, ds, ts := topDistinct(gross, 6), topDistinct(net, 6), topDistinct(ded, 4), topDistinct(taxes, 3)
	zero := &candidate{}
	best := -1.0
	for _, gc := range gs {
		for _, nc := range ns {
			if nc.value <= 0 {
				continue
			}
			for _, dc := range append(ds, zero) {
				for _, tc := range append(ts, zero) {
					if dc == zero && tc == zero {
						continue
					}
					if math.Abs(gc.value-dc.value-tc.value-nc.value) < 0.015 {
						pairs = append(pairs, [2]*candidate{gc, nc})
						if s := gc.score + nc.score + dc.score + tc.score; s > best {
							best, g, n, d = s, gc, nc, dc
							if dc == zero {
								d = tc
							}
						}
					}
				}
			}
		}
	}
	if best >= 0 {
		return g, n, d, true, pairs
	}
	// No totals that add up: take the best of each, keeping net not above
	// gross.
	for _, gc := range gs {
		for _, nc := range ns {
			if nc.value > gc.value+0.005 {
				continue
			}
			if s := gc.score + nc.score; s > best {
				best, g, n = s, gc, nc
			}
		}
	}
	if g == nil && len(gs) > 0 {
		g = gs[0]
	}
	if n == nil && len(ns) > 0 && (g == nil || ns[0].value <= g.value) {
		n = ns[0]
	}
	if len(ds) > 0 {
		d = ds[0]
	}
	return g, n, d, false, nil
}

// ambiguousTriple says the page holds another gross and net, of other
// values, that satisfy the arithmetic as well as g and n do, and nothing
// reliable decides between them: g and n sit under a current-period
// column header, or each is the first amount beside its caption with the
// rival further right on the same row and not smaller (a year-to-date
// column whose header was lost). It returns the undecided rival.
func ambiguousTriple(ls []*layout, g, n *candidate, pairs [][2]*candidate) ([2]*candidate, bool) {
	current := func(c *candidate) bool {
		return c.tok.text != "" && layoutOf(ls, c.page).columnOf(c.tok, c.row) == hdrCurrent
	}
	if current(g) && current(n) {
		return [2]*candidate{}, false
	}
	// beside: c is left of r on r's row, and r is not the smaller.
	beside := func(c, r *candidate) bool {
		if math.Abs(c.value-r.value) < 0.005 {
			return true
		}
		return c.tok.text != "" && c.page == r.page && c.row == r.row && c.tok.box.X1 <= r.tok.box.X0 && r.value >= c.value
	}
	for _, p := range pairs {
		rg, rn := p[0], p[1]
		if math.Abs(rg.value-g.value) < 0.005 && math.Abs(rn.value-n.value) < 0.005 {
			continue
		}
		if beside(g, rg) && beside(n, rn) {
			continue
		}
		return p, true
	}
	return [2]*candidate{}, false
}

func fieldOf(c *candidate, conf float64) Field {
	b := c.tok.box
	return Field{Confidence: conf, Page: c.page, Box: &b, Text: c.tok.text, How: c.how, Words: c.words}
}

func ptr[T any](v T) *T { return &v }

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// rowTail is the text of a row from word k on.
func rowTail(r *row, k int) string { return joinWords(r.words, k, len(r.words)) }

// columnText is the text of the words of row r that lie within x0..x1.
func columnText(r *row, x0, x1 float64) string {
	var parts []string
	for _, w := range r.words {
		if w.Box.X1 >= x0 && w.Box.X0 <= x1 {
			parts = append(parts, w.Text)
		}
	}
	return strings.Join(parts, " ")
}

func (l *layout) rowConf(r *row) float64 { return l.wordsConf(r.words) }

// textField is a text value read after (or under) a label: its
// confidence weighs the OCR confidence of the value's own words, and its
// words are the label's and the value's.
func (l *layout) textField(h labelHit, q float64, how, text string) Field {
	r := l.rows[h.row]
	after := append([]ocr.Word(nil), r.words[h.to:]...)
	if h.row+1 < len(l.rows) {
		after = append(after, l.rows[h.row+1].words...)
	}
	vs, c := l.valueWords(after, text)
	ws := append(append([]ocr.Word(nil), r.words[h.from:h.to]...), vs...)
	b := h.box
	for _, w := range vs {
		b = b.Union(w.Box)
	}
	return Field{Confidence: clamp01(q * c), Page: l.page.Number, Box: &b, Text: text, How: how, Words: ws}
}

// valueWords picks from ws the words that print text, each word of text
// once, and returns them with OCR's confidence in the least sure of them;
// a dash's or a bracket's glyph says nothing of the value.
func (l *layout) valueWords(ws []ocr.Word, text string) ([]ocr.Word, float64) {
	tokens := map[string]int{}
	for _, t := range strings.Fields(text) {
		tokens[t]++
	}
	var out []ocr.Word
	c := 1.0
	for _, w := range ws {
		if tokens[w.Text] == 0 {
			continue
		}
		tokens[w.Text]--
		out = append(out, w)
		if strings.TrimFunc(w.Text, notAlnum) != "" {
			c = math.Min(c, l.wordsConf([]ocr.Word{w}))
		}
	}
	return out, c
}

func firstWords(r *row, k, n int) string {
	return joinWords(r.words, k, min(len(r.words), k+n))
}

// findFrequency takes a printed frequency, else infers it from the period.
func findFrequency(ls []*layout, per parse.Period, perOK, ph bool) (string, Field, bool) {
	norm := parse.NormalizeFrequency
	if ph {
		norm = parse.NormalizeFrequencyPH
	}
	for _, l := range ls {
		for _, h := range l.findLabels(lblFreq) {
			t := firstWords(l.rows[h.row], h.to, 3)
			if f, ok := norm(t); ok {
				return f, l.textField(h, 0.95*h.quality, "frequency label", t), true
			}
		}
	}
	if perOK && per.Stated != "" {
		if f, ok := norm(per.Stated); ok {
			return f, Field{Confidence: 0.93, Text: per.Stated, How: "stated with the period"}, true
		}
	}
	if perOK {
		if f, ok := parse.InferFrequency(per.Start, per.End); ok {
			return f, Field{Confidence: 0.95, Text: per.Start.Format(time.DateOnly) + " to " + per.End.Format(time.DateOnly), How: "inferred from the period"}, true
		}
	}
	return "", Field{}, false
}

// isPhilippine says the document carries Philippine payroll markers:
// contribution names, the barangay in an address, the peso.
func isPhilippine(ls []*layout) bool {
	markers := map[string]float64{"sss": 1, "philhealth": 2, "phic": 2, "pag ibig": 2, "pagibig": 2, "hdmf": 2,
		"bir": 1, "tin": 0.5, "php": 2, "peso": 2, "pesos": 2, "brgy": 2, "barangay": 2, "gsis": 2}
	n := 0.0
	for _, l := range ls {
		for k, w := range markers {
			if containsWord(l.foldText, k) {
				n += w
			}
		}
		if strings.Contains(l.text, "₱") {
			n += 2
		}
	}
	return n >= 2
}

func containsWord(text, w string) bool {
	i := 0
	for {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isAlnum(text[j-1])
		after := j+len(w) >= len(text) || !isAlnum(text[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 'A' && b <= 'Z'
}

func findCurrency(ls []*layout, ph bool) (string, Field, bool) {
	var misread *Field
	for _, l := range ls {
		for _, r := range l.rows {
			for _, t := range r.nums {
				if t.val.Currency != "" {
					b := t.box
					f := Field{Confidence: 0.97, Page: l.page.Number, Box: &b, Text: t.text, How: "currency mark on an amount"}
					// OCR reads the peso sign as "$"; on a Philippine slip a
					// dollar needs the word to be believed, and a peso
					// mark read on another amount settles it.
					if t.val.Currency == "USD" && dollarDoubted(l, ph) {
						if misread == nil {
							f.Confidence, f.How = 0.6, "peso sign read as a dollar sign on a Philippine slip"
							misread = &f
						}
						continue
					}
					return t.val.Currency, f, true
				}
			}
		}
	}
	if misread != nil {
		return "PHP", *misread, true
	}
	for _, l := range ls {
		if c, ok := parse.DetectCurrency(l.text); ok {
			if c == "USD" && dollarDoubted(l, ph) {
				continue // "$" marks only, on a Philippine slip: misread S's and pesos
			}
			return c, Field{Confidence: 0.92, Page: l.page.Number, Text: c, How: "currency named on the page"}, true
		}
	}
	if ph {
		return "PHP", Field{Confidence: 0.9, Text: "SSS/PhilHealth/Pag-IBIG/BIR", How: "Philippine payslip"}, true
	}
	return "", Field{}, false
}

// dollarDoubted says a "$" on page l is not to be believed: the page is a
// Philippine slip read by OCR (which reads the peso sign, and an S, as "$")
// and names no dollar in words ("USD", "dollars").
func dollarDoubted(l *layout, ph bool) bool {
	u := strings.ToUpper(l.text)
	return ph && l.page.Source == ocr.SourceOCR && !strings.Contains(u, "USD") && !strings.Contains(u, "DOLLAR")
}

// fillPhilippine reads the statutory contributions, withholding tax and ID
// numbers of a Philippine payslip into the analysis.
func fillPhilippine(ls []*layout, rec *Record) {
	first := func(labels []string) *float64 {
		cs := amountCands(ls, labels, nil)
		for _, c := range cs {
			if c.value >= 0 && c.how == "right of label" {
				return ptr(round2(c.value))
			}
		}
		return nil
	}
	a := &rec.Analysis
	a.SSS = first(lblSSS)
	a.PhilHealth = first(lblPhilHealth)
	a.PagIbig = first(lblPagIbig)
	a.WithholdingTax = first(lblWTax)
	for _, l := range ls {
		ids := parse.FindIDs(l.text)
		a.TaxNumber = orStr(a.TaxNumber, ids.TIN)
		a.SSNumber = orStr(a.SSNumber, ids.SSS)
		a.PhilHealthNumber = orStr(a.PhilHealthNumber, ids.PhilHealth)
		a.PagIbigNumber = orStr(a.PagIbigNumber, ids.PagIBIG)
	}
	if name, ok := findName(ls, lblEmployee); ok {
		a.EmployeeName = name
	}
}

func orStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// findName reads a person's name after a label on its row.
func findName(ls []*layout, labels []string) (string, bool) {
	for _, l := range ls {
		for _, h := range l.findLabels(labels) {
			r := l.rows[h.row]
			var parts []string
			lastX := h.box.X1
			for k := h.to; k < len(r.words); k++ {
				w := r.words[k]
				if w.Box.X0-lastX > l.lineH*4 && len(parts) > 0 {
					break
				}
				if !isWordy(w.Text) && !strings.HasSuffix(w.Text, ".") {
					break
				}
				parts = append(parts, strings.Trim(w.Text, ":"))
				lastX = w.Box.X1
			}
			name := strings.TrimSpace(strings.Join(parts, " "))
			if len(name) >= 4 {
				return name, true
			}
		}
	}
	return "", false
}

// sectionTotals finds the amounts of "Total" rows in a section whose header
// row starts with the given word ("Earnings ... Current YTD" then "Total"),
// for stubs that print no "gross" label.
func sectionTotals(ls []*layout, section string) []candidate {
	var out []candidate
	for _, l := range ls {
		start := -1
		for _, r := range l.rows {
			if len(r.fold) > 0 && r.fold[0] == section && len(r.nums) == 0 {
				start = r.idx
				continue
			}
			if start < 0 || r.idx-start > 25 || len(r.fold) == 0 || r.fold[0] != "total" {
				continue
			}
			h := labelHit{row: r.idx, from: 0, to: 1, box: r.words[0].Box, quality: 0.85, phrase: "total"}
			for _, c := range l.rightOf(h) {
				c.how = "total of the " + section + " section"
				out = append(out, c)
			}
			start = -1
		}
	}
	return out
}

func hasNegativeAmounts(ls []*layout) bool {
	for _, l := range ls {
		for _, r := range l.rows {
			for _, t := range r.nums {
				if t.val.Negative {
					return true
				}
			}
		}
	}
	return false
}

// segmentTail is the text of a row from word k to the first wide gap: the
// value beside a label, without the next column.
func (l *layout) segmentTail(r *row, k int) string {
	end := k
	for end < len(r.words) && (end == k || r.words[end].Box.X0-r.words[end-1].Box.X1 < l.lineH*1.8) {
		end++
	}
	return joinWords(r.words, k, end)
}

// earningsSum finds the earnings lines that add up to the gross amount g:
// the amounts in g's column on the rows above it (up to the section's
// start), or the amounts left of g on its own row. It returns them when
// their sum is g to the centavo.
func earningsSum(ls []*layout, g *candidate) ([]float64, bool) {
	var l *layout
	for _, x := range ls {
		if x.page.Number == g.page {
			l = x
		}
	}
	if l == nil || g.row >= len(l.rows) {
		return nil, false
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.015 }
	// Left on its own row.
	var row []float64
	sum := 0.0
	for _, t := range l.rows[g.row].nums {
		if t.box.X1 > g.tok.box.X0 {
			break
		}
		if l.skipColumn(t, g.row) || l.quantityShaped(l.rows[g.row], t) {
			continue
		}
		row = append(row, t.val.Value)
		sum += t.val.Value
	}
	if len(row) >= 2 && near(sum, g.value) {
		return row, true
	}
	// Up its column.
	var col []float64
	sum = 0
	x0, x1 := g.tok.box.X0-l.lineH, g.tok.box.X1+l.lineH
	for i := g.row - 1; i >= 0 && i >= g.row-20; i-- {
		r := l.rows[i]
		if t, ok := l.columnAmount(i, x0, x1); ok {
			col = append(col, t.val.Value)
			sum += t.val.Value
		}
		if len(col) >= 1 && near(sum, g.value) {
			return col, true
		}
		if earningsHeader(r) {
			break
		}
	}
	// The last amount of each row above it: lines whose amounts stand in
	// their own column while the gross is printed apart (in a summary
	// column, after a currency mark).
	var last []float64
	sum = 0
	for i := g.row - 1; i >= 0 && i >= g.row-20; i-- {
		r := l.rows[i]
		if earningsHeader(r) {
			break
		}
		if len(r.nums) == 0 {
			continue
		}
		t := r.nums[len(r.nums)-1]
		if l.skipColumn(t, i) || l.quantityShaped(r, t) {
			break
		}
		last = append(last, t.val.Value)
		sum += t.val.Value
		if len(last) >= 2 && near(sum, g.value) {
			return last, true
		}
	}
	return nil, false
}

// columnAmount is row i's amount in the column x0..x1: the first one there
// that is not in a column of figures other than the period's (year to date,
// rates, employer shares).
func (l *layout) columnAmount(i int, x0, x1 float64) (amountTok, bool) {
	for _, t := range l.rows[i].nums {
		if overlap1D(x0, x1, t.box.X0, t.box.X1) > 0 && !l.skipColumn(t, i) {
			return t, true
		}
	}
	return amountTok{}, false
}

// baseInEarningsRun says the basic pay b is confirmed by the arithmetic
// from its own side: it equals the gross g printed apart (the slip's one
// earnings line), or it is one of a run of amounts that add up to g to the
// centavo, printed under each other in its column while g stands apart (in
// a summary row, another column), or beside each other on its row (a
// register, its captions in a row above and the gross the row's next
// figure). earningsSum, which searches from the gross's side, misses those
// slips.
func baseInEarningsRun(ls []*layout, b, g *candidate) bool {
	if b == nil || g == nil || b.page != g.page || b.tok.text == "" || g.tok.text == "" {
		return false
	}
	if b.row == g.row && b.tok.box == g.tok.box {
		return false
	}
	if math.Abs(b.value-g.value) < 0.005 {
		return true
	}
	l := layoutOf(ls, b.page)
	if l == nil || b.row >= len(l.rows) {
		return false
	}
	x0, x1 := b.tok.box.X0-l.lineH, b.tok.box.X1+l.lineH
	var col []float64
	at := -1
	for i := max(0, b.row-12); i < len(l.rows) && i <= b.row+20; i++ {
		if t, ok := l.columnAmount(i, x0, x1); ok && !l.quantityShaped(l.rows[i], t) {
			if i == b.row {
				at = len(col)
			}
			col = append(col, t.val.Value)
		}
	}
	if runSumsTo(col, at, g.value) {
		return true
	}
	var row []float64
	at = -1
	for _, t := range l.rows[b.row].nums {
		if b.row == g.row && t.box == g.tok.box {
			break
		}
		if l.skipColumn(t, b.row) {
			continue
		}
		if t.box == b.tok.box {
			at = len(row)
		}
		row = append(row, t.val.Value)
	}
	return runSumsTo(row, at, g.value)
}

// runSumsTo says a run of two or more consecutive values, vs[at] among
// them, adds up to total to the centavo.
func runSumsTo(vs []float64, at int, total float64) bool {
	if at < 0 {
		return false
	}
	for s := 0; s <= at; s++ {
		sum := 0.0
		for e := s; e < len(vs); e++ {
			sum += vs[e]
			if e >= at && e > s && math.Abs(sum-total) < 0.015 {
				return true
			}
		}
	}
	return false
}

// earningsHeader says a row opens the earnings section ("EARNINGS",
// "Income", "Compensation" with no amount): a sum upwards stops there.
func earningsHeader(r *row) bool {
	return len(r.nums) == 0 && len(r.fold) > 0 && (r.fold[0] == "earnings" || r.fold[0] == "income" || r.fold[0] == "compensation")
}

// printedDigitsOf finds v printed on a page that prints cents, its point or
// separators lost to OCR: up to six adjacent words of digits (and a
// currency mark) whose digits are v's to the centavo ("P14, 017 18" for
// 14017.18), not the words of g or d. Four digits at least, so that a
// coincidence is unlikely.
func printedDigitsOf(ls []*layout, v float64, g, d *candidate) (string, []ocr.Word, bool) {
	want := strings.ReplaceAll(strconv.FormatFloat(v, 'f', 2, 64), ".", "")
	if len(want) < 4 {
		return "", nil, false
	}
	digitsOf := func(t string) (string, bool) {
		var b strings.Builder
		for i, r := range t {
			switch {
			case r >= '0' && r <= '9':
				b.WriteRune(r)
			case r == ',' || r == '.' || r == ' ' || i == 0 && strings.ContainsRune("P₱$", r):
			default:
				return "", false
			}
		}
		return b.String(), true
	}
	for _, l := range ls {
		if l.centsShare() < 0.5 {
			continue
		}
		for _, r := range l.rows {
			for i := range r.words {
				if sameRowTok(g, l, r, i) || sameRowTok(d, l, r, i) {
					continue
				}
				for n := 1; n <= 6 && i+n <= len(r.words); n++ {
					t := joinWords(r.words, i, i+n)
					got, ok := digitsOf(t)
					if !ok {
						break
					}
					if got != want {
						continue
					}
					// Read with its point, it is an amount of the page the
					// confirmer has weighed already (a taxable income).
					if a, ok := parse.ParseAmount(t); ok && a.HasDecimals {
						break
					}
					return t, r.words[i : i+n], true
				}
			}
		}
	}
	return "", nil, false
}

// sameRowTok says word i of row r is part of candidate c's amount.
func sameRowTok(c *candidate, l *layout, r *row, i int) bool {
	return c != nil && c.tok.text != "" && c.page == l.page.Number && c.row == r.idx && i >= c.tok.first && i <= c.tok.last
}

// oneGlyphOff says a and b, printed with cents, differ in exactly one
// digit: one glyph OCR misread.
func oneGlyphOff(a, b float64) bool {
	x, y := strconv.FormatFloat(a, 'f', 2, 64), strconv.FormatFloat(b, 'f', 2, 64)
	if len(x) != len(y) {
		return false
	}
	diff := 0
	for i := range len(x) {
		if x[i] != y[i] {
			diff++
		}
	}
	return diff == 1
}

// netConfirmed records that a mended net satisfies the arithmetic: the
// check's failure recorded for the net as read gives way to its pass.
func netConfirmed(checks []Check, detail string) []Check {
	checks = slices.DeleteFunc(checks, func(c Check) bool { return c.Name == "gross_minus_deductions_equals_net" })
	return append(checks, Check{Name: "gross_minus_deductions_equals_net", Passed: true, Detail: detail})
}

// printedAfter says l prints an amount on a row under the total
// deductions d other than the gross g or d again.
func printedAfter(l *layout, d, g *candidate) bool {
	if l.page.Number != d.page {
		return true
	}
	for _, r := range l.rows[d.row+1:] {
		for _, t := range r.nums {
			if v := math.Abs(t.val.Value); math.Abs(v-d.value) >= 0.005 && math.Abs(v-g.value) >= 0.005 {
				return true
			}
		}
	}
	return false
}

// writtenOut says a page of ls writes v out in words (parse.WordsAmounts).
func writtenOut(ls []*layout, v float64) bool {
	return slices.ContainsFunc(ls, func(l *layout) bool { return parse.WrittenOut(l.text, v) })
}

// timesPrinted counts the amounts the pages of ls print that are v (its
// sign aside).
func timesPrinted(ls []*layout, v float64) int {
	n := 0
	for _, l := range ls {
		for _, r := range l.rows {
			for _, t := range r.nums {
				if math.Abs(math.Abs(t.val.Value)-v) < 0.005 {
					n++
				}
			}
		}
	}
	return n
}

// confirmPeriod trusts a period OCR was unsure of (its fields at 0.5 to
// 0.8) at 0.8 when what it read is a pay period to the day and another
// field read apart agrees with it (how says which): a misread glyph rarely
// gives both.
func confirmPeriod(ls []*layout, per parse.Period, perOK bool, fields map[string]Field, how string) {
	f := fields["startDate"]
	if !perOK || !exactPayPeriod(per) || f.Confidence >= 0.8 || f.Confidence < 0.5 || ls[0].page.Source != ocr.SourceOCR {
		return
	}
	f.Confidence = 0.8
	f.How += ", " + how
	fields["startDate"], fields["endDate"] = f, f
}

// deductionsAddUp says the deduction lines of the page, a whole block of
// them (see blockSum), add up to the total deductions d; or, on a slip that
// prints its deductions under the gross g, that the one amount printed
// between the two is d's (a single deduction line and its total, two
// readings of one figure).
func deductionsAddUp(ls []*layout, d, g *candidate) bool {
	var pool, between []pageAmount
	for _, l := range ls {
		for _, a := range periodAmounts(l) {
			if a.page == d.page && a.page == g.page && a.row > g.row && a.row < d.row {
				between = append(between, a)
			}
			if a.page == d.page && a.row == d.row || math.Abs(a.value-d.value) < 0.005 {
				continue
			}
			pool = append(pool, a)
		}
	}
	if len(between) == 1 && math.Abs(between[0].value-d.value) < 0.005 {
		return true
	}
	_, ok := blockSum(ls, pool, d.value)
	return ok
}

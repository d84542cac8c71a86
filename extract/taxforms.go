package extract

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"talaan/extract/parse"
	"talaan/ocr"
	"unicode"
)

var yearRe = regexp.MustCompile(`^(19[89]\d|20[0-4]\d)$`)

// formYear finds the tax year: a year printed near the form's title, else
// the most frequent plausible year on the page.
func formYear(l *layout, titleCues []string) (int, float64) {
	count := map[int]int{}
	near := map[int]int{}
	var titleRows []int
	for _, r := range l.rows {
		t := foldText(r.text())
		for _, c := range titleCues {
			if containsWord(t, c) {
				titleRows = append(titleRows, r.idx)
				break
			}
		}
	}
	for _, r := range l.rows {
		for k, w := range r.words {
			s := strings.Trim(w.Text, ".,:;()")
			if !yearRe.MatchString(s) {
				continue
			}
			// A form's revision ("January 2018 (ENCS)", "Rev. 2023") and
			// the year of a law ("Act of 2008") are not the tax year.
			if k > 0 && (isMonth(r.words[k-1].Text) || r.fold[k-1] == "of" || r.fold[k-1] == "rev") {
				continue
			}
			if k+1 < len(r.words) && strings.Contains(strings.ToLower(r.words[k+1].Text), "encs") {
				continue
			}
			y, _ := strconv.Atoi(s)
			count[y]++
			for _, tr := range titleRows {
				if abs(tr-r.idx) <= 3 {
					near[y]++
				}
			}
		}
	}
	if y, ok := mostCommon(near); ok {
		return y, 0.93
	}
	if y, ok := mostCommon(count); ok {
		return y, 0.75
	}
	return 0, 0
}

func mostCommon(m map[int]int) (int, bool) {
	best, bestN := 0, 0
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	for _, k := range keys {
		if m[k] > bestN || (m[k] == bestN && k > best) {
			best, bestN = k, m[k]
		}
	}
	return best, bestN > 0
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// nameBelow reads the first name-like text under a caption (boxed forms:
// "Employer's name, address, and ZIP code" with the name on the next line).
func (l *layout) nameBelow(h labelHit) (string, segment, bool) {
	for i := h.row + 1; i < len(l.rows) && i <= h.row+3; i++ {
		r := l.rows[i]
		for _, s := range l.segments(r) {
			if overlap1D(h.box.X0-l.lineH*2, h.box.X1, s.box.X0, s.box.X1) <= 0 {
				continue
			}
			// A caption may wrap onto the next line: lower case, or naming
			// what the box holds.
			if t := s.text(); t != "" && unicode.IsLower([]rune(t)[0]) || captionWords(s) {
				continue
			}
			if looksLikeName(s) {
				return cleanName(s.text()), s, true
			}
		}
	}
	return "", segment{}, false
}

func annualRecord(kind Kind, l *layout, year int, yearConf float64) Record {
	rec := Record{Kind: kind, Pages: []int{l.page.Number}, Fields: map[string]Field{}}
	rec.Analysis.Kind = kind
	if year > 0 {
		s := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		e := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		rec.Income.StartDate, rec.Income.EndDate = &s, &e
		f := Field{Confidence: yearConf, Page: l.page.Number, Text: strconv.Itoa(year), How: "tax year"}
		rec.Fields["startDate"], rec.Fields["endDate"] = f, f
	}
	rec.Income.Frequency = ptr(FreqAnnually)
	rec.Fields["frequency"] = Field{Confidence: 0.99, Page: l.page.Number, Text: string(kind), How: "annual form"}
	return rec
}

// extractW2 reads box 1 and box c of a Form W-2.
func extractW2(l *layout) Record {
	year, yc := formYear(l, []string{"wage and tax statement", "w 2"})
	if year == 0 {
		year, yc = outlineYear(l, []string{"wage and tax statement"})
	}
	rec := annualRecord(KindW2, l, year, yc)
	rec.Income.Currency = ptr("USD")
	rec.Fields["currency"] = Field{Confidence: 0.98, Page: l.page.Number, Text: "W-2", How: "US form"}
	hits := l.findLabels([]string{"wages tips other compensation", "wages tips other comp", "wages tips and other compensation"})
	var cs []candidate
	for _, h := range hits {
		cs = append(cs, l.inNumberedBox(h, "1")...)
	}
	cs = append(cs, l.amountsForLabels(hits)...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
	setAmount(&rec, "grossAmount", cs, func(v float64) { rec.Income.GrossAmount = ptr(round2(v)) })
	for _, h := range l.findLabels([]string{"employer s name address and zip code", "employers name address and zip code", "employer s name"}) {
		if name, s, ok := l.nameBelow(h); ok {
			rec.Income.Employer = ptr(name)
			b := s.box
			// The name's own reading decides its trust, not the caption's:
			// OCR debris beside a caption says nothing of the name below.
			conf := 0.92 * math.Min(1, h.quality/0.9) * l.wordsConf(s.words) * nameReading(name)
			rec.Fields["employer"] = Field{Confidence: conf, Page: l.page.Number, Box: &b, Text: s.text(), How: "under box c", Words: s.words}
			rec.Analysis.EmployerName = name
			break
		}
	}
	for _, h := range l.findLabels([]string{"employee s first name and initial", "employee s name"}) {
		if name, _, ok := l.nameBelow(h); ok {
			rec.Analysis.EmployeeName = name
			break
		}
	}
	return rec
}

// wordsConf is the reading confidence of a run of words: the weakest
// word's, on a scale where Tesseract's confidence above 0.9 is full trust.
func (l *layout) wordsConf(ws []ocr.Word) float64 {
	if l.page.Source != ocr.SourceOCR {
		return 1
	}
	c := 1.0
	for _, w := range ws {
		c = math.Min(c, 0.6+0.4*math.Min(1, w.Conf/0.9))
	}
	return c
}

// inNumberedBox reads the amount inside a numbered box of a fixed form
// ("1 Wages, tips, other compensation" with the amount under it): the
// caption must follow its box number, and the box spans from the number
// to the next caption on the row and down to the next caption under it.
// Exactly one amount in the box is its value; two are no reading.
func (l *layout) inNumberedBox(h labelHit, no string) []candidate {
	r := l.rows[h.row]
	if h.from == 0 {
		return nil
	}
	nw := r.words[h.from-1]
	if strings.Trim(nw.Text, "()[].:") != no || h.box.X0-nw.Box.X1 > l.lineH*1.5 {
		return nil
	}
	x0, x1 := nw.Box.X0-l.lineH, h.box.X1+l.lineH*6
	for k := h.to; k < len(r.words); k++ {
		w := r.words[k]
		if w.Box.X0-r.words[k-1].Box.X1 > l.lineH*1.5 {
			x1 = w.Box.X0 - l.lineH*0.3
			break
		}
	}
	var found []candidate
	prev := r.box.Y1
	for i := h.row + 1; i < len(l.rows) && i <= h.row+4; i++ {
		rr := l.rows[i]
		if rr.box.Y0-prev > l.lineH*4 {
			break
		}
		prev = rr.box.Y1
		caption := false
		for _, w := range rr.words {
			if c := w.Box.CenterX(); c > x0 && c < x1 && isWordy(w.Text) {
				caption = true
			}
		}
		for _, t := range rr.nums {
			if c := t.box.CenterX(); c > x0 && c < x1 {
				found = append(found, l.cand(h, t, rr, 0.95, "in box "+no))
			}
		}
		if caption || len(found) > 0 {
			break
		}
	}
	if len(found) != 1 {
		return nil
	}
	return found
}

// outlineDigits maps the glyphs OCR reads for the digits of a year printed
// in an outline font, as on printed W-2 titles ("eOee" for 2022, "e023").
// Each glyph stands for one digit only.
var outlineDigits = map[rune]rune{'e': '2', 'P': '2', 'O': '0', 'o': '0'}

// outlineYear reads a tax year printed in an outline font on the form's
// title line, right of the title. The word must read as 20xx with every
// glyph a digit or one of the known one-to-one confusions; it is the only
// such word there, and it is published with less trust than a clean year.
func outlineYear(l *layout, titles []string) (int, float64) {
	found := map[int]bool{}
	for _, h := range l.findLabels(titles) {
		r := l.rows[h.row]
		for _, w := range r.words[h.to:] {
			t := strings.Trim(w.Text, ".,:;()|")
			if len([]rune(t)) != 4 {
				continue
			}
			var b strings.Builder
			confused := false
			for _, c := range t {
				if d, ok := outlineDigits[c]; ok {
					c, confused = d, true
				}
				b.WriteRune(c)
			}
			if !confused || !yearRe.MatchString(b.String()) || !strings.HasPrefix(b.String(), "20") {
				continue
			}
			y, _ := strconv.Atoi(b.String())
			found[y] = true
		}
	}
	if len(found) != 1 {
		return 0, 0
	}
	for y := range found {
		return y, 0.85
	}
	return 0, 0
}

// extract1099NEC reads the nonemployee compensation and the payer.
func extract1099NEC(l *layout) Record {
	year, yc := formYear(l, []string{"1099 nec", "1099 misc", "nonemployee compensation"})
	rec := annualRecord(Kind1099NEC, l, year, yc)
	cs := l.amountsForLabels(l.findLabels([]string{"nonemployee compensation"}))
	setAmount(&rec, "grossAmount", cs, func(v float64) { rec.Income.GrossAmount = ptr(round2(v)) })
	if strings.Contains(l.text, "$") {
		rec.Income.Currency = ptr("USD")
		rec.Fields["currency"] = Field{Confidence: 0.97, Page: l.page.Number, Text: "$", How: "currency mark"}
	}
	for _, h := range l.findLabels([]string{"payer s name street address city or town", "payer s name", "payers name"}) {
		if name, s, ok := l.nameBelow(h); ok {
			rec.Income.Employer = ptr(name)
			b := s.box
			rec.Fields["employer"] = Field{Confidence: 0.88, Page: l.page.Number, Box: &b, Text: s.text(), How: "under the payer's caption", Words: s.words}
			rec.Analysis.EmployerName = name
			break
		}
	}
	return rec
}

func setAmount(rec *Record, name string, cs []candidate, set func(float64)) {
	for i := range cs {
		c := &cs[i]
		if c.value <= 0 {
			continue
		}
		set(c.value)
		// Agreement between several copies or positions adds trust.
		agree := 0
		for j := range cs {
			if j != i && math.Abs(cs[j].value-c.value) < 0.005 {
				agree++
			}
		}
		conf := c.score
		if agree > 0 {
			conf = conf + (1-conf)*0.5
		}
		if c.tok.val.Confidence < 1 {
			conf *= 0.85
		}
		rec.Fields[name] = fieldOf(c, clamp01(conf))
		return
	}
}

var itemRe = regexp.MustCompile(`^[\[({|]?([1-5]?\d)([AB])?[\])}|]?[.:]?$`)

var boxedDateRe = regexp.MustCompile(`(?i)\b(from|to)\s+(\d{1,2})\s*/?\s*(\d{1,2})\b`)

// birItem is the amount printed on one numbered line of a BIR 2316.
type birItem struct {
	tok amountTok
	row int
}

// birItems maps BIR 2316 item numbers to the amount printed on their line:
// the form numbers every line, so the numbers anchor the values whatever
// the wording or layout around them. Item numbers stand in columns at the
// left of their labels (numbers inside label text, "Sum of Items 38 and
// 52", stand elsewhere); an item whose label wraps over lines may have its
// amount on the line above or below its number.
//
// It also gives each item-number mark's amount by the mark's place (row,
// word): a misread number ("49" for "19") still owns its line's amount,
// which the label beside it can claim.
func birItems(l *layout) (map[string]birItem, map[[2]int]birItem) {
	type mark struct {
		id  string
		row int
		k   int
		box ocr.Box
	}
	var marks []mark
	for _, r := range l.rows {
		for k, w := range r.words {
			m := itemRe.FindStringSubmatch(w.Text)
			if m == nil {
				continue
			}
			n, _ := strconv.Atoi(m[1])
			if n < 1 || n > 60 {
				continue
			}
			if k > 0 && w.Box.X0-r.words[k-1].Box.X1 < l.lineH*1.2 {
				continue
			}
			if k+1 < len(r.words) && !isWordy(r.words[k+1].Text) && !itemRe.MatchString(r.words[k+1].Text) && !startsNumeric(r.words[k+1].Text) {
				continue
			}
			marks = append(marks, mark{id: m[1] + m[2], row: r.idx, k: k, box: w.Box})
		}
	}
	// Keep the marks that line up in a column with others.
	colN := make([]int, len(marks))
	for i, m := range marks {
		for _, o := range marks {
			if math.Abs(o.box.X0-m.box.X0) < l.lineH*0.8 {
				colN[i]++
			}
		}
	}
	var valid []mark
	for i, m := range marks {
		if colN[i] < 3 && len(marks) >= 3 {
			continue
		}
		// A number at the start of a line may instead begin a wrapped
		// label's continuation ("19 Less Item 20)"): it then stands where
		// the labels of a fuller column of item numbers nearby begin.
		continuation := false
		for j, o := range marks {
			if colN[j] <= colN[i] || abs(o.row-m.row) > 3 || o.k+1 >= len(l.rows[o.row].words) {
				continue
			}
			if math.Abs(l.rows[o.row].words[o.k+1].Box.X0-m.box.X0) < l.lineH*0.8 {
				continuation = true
				break
			}
		}
		if continuation {
			continue
		}
		valid = append(valid, m)
	}
	// The column of item numbers an amount falls in: the nearest one to its
	// left among the marks of nearby rows (a form's parts have their own
	// columns).
	colOf := func(x float64, row int) float64 {
		best := math.Inf(-1)
		for _, m := range valid {
			if abs(m.row-row) <= 1 && m.box.X0 < x && m.box.X0 > best {
				best = m.box.X0
			}
		}
		return best
	}
	items := map[string]birItem{}
	byMark := map[[2]int]birItem{}
	used := map[[2]int]bool{}
	// An amount belongs to the item number of its column on its row.
	owner := func(rowIdx int, t amountTok) *mark {
		c := colOf(t.box.X0, rowIdx)
		for i := range valid {
			if valid[i].row == rowIdx && math.Abs(valid[i].box.X0-c) < l.lineH*0.8 {
				return &valid[i]
			}
		}
		return nil
	}
	for _, r := range l.rows {
		for ti, t := range r.nums {
			if !t.val.HasDecimals {
				continue
			}
			if o := owner(r.idx, t); o != nil {
				if _, dup := byMark[[2]int{o.row, o.k}]; dup {
					continue
				}
				byMark[[2]int{o.row, o.k}] = birItem{t, r.idx}
				used[[2]int{r.idx, ti}] = true
				if _, dup := items[o.id]; !dup {
					items[o.id] = birItem{t, r.idx}
				}
			}
		}
	}
	// An item whose amount is not on its row has it on the line just above
	// or below. Each side's nearest free amount in the item's column is a
	// choice; where both are as near, the side most items of the page use
	// decides (a form wraps all its labels alike).
	type choice struct {
		ti   int
		row  int
		dist float64
	}
	nearest := func(m mark, d int) (choice, bool) {
		i := m.row + d
		if i < 0 || i >= len(l.rows) {
			return choice{}, false
		}
		best, ok := choice{dist: l.lineH * 1.5}, false
		for ti, t := range l.rows[i].nums {
			if used[[2]int{i, ti}] || !t.val.HasDecimals || math.Abs(colOf(t.box.X0, i)-m.box.X0) > l.lineH*0.8 {
				continue
			}
			if owner(i, t) != nil {
				continue
			}
			if dd := math.Abs(t.box.CenterY() - m.box.CenterY()); dd < best.dist {
				best, ok = choice{ti, i, dd}, true
			}
		}
		return best, ok
	}
	vote := 0
	for _, m := range valid {
		if _, ok := byMark[[2]int{m.row, m.k}]; ok {
			continue
		}
		up, okU := nearest(m, -1)
		dn, okD := nearest(m, 1)
		switch {
		case okD && (!okU || dn.dist < up.dist-l.lineH*0.1):
			vote++
		case okU && (!okD || up.dist < dn.dist-l.lineH*0.1):
			vote--
		}
	}
	for _, m := range valid {
		if _, ok := byMark[[2]int{m.row, m.k}]; ok {
			continue
		}
		up, okU := nearest(m, -1)
		dn, okD := nearest(m, 1)
		var c choice
		switch {
		case okU && okD && math.Abs(up.dist-dn.dist) <= l.lineH*0.1:
			c = dn
			if vote < 0 {
				c = up
			}
		case okD && (!okU || dn.dist < up.dist):
			c = dn
		case okU:
			c = up
		default:
			continue
		}
		it := birItem{l.rows[c.row].nums[c.ti], c.row}
		byMark[[2]int{m.row, m.k}] = it
		used[[2]int{c.row, c.ti}] = true
		if _, dup := items[m.id]; !dup {
			items[m.id] = it
		}
	}
	return items, byMark
}

// extractBIR2316 reads a BIR Form 2316: year and period (items 1-2),
// employer (Part II), gross compensation (item 19) and basic salary (item
// 39, or item 29 for a minimum wage earner).
func extractBIR2316(l *layout) Record {
	year, yc := 0, 0.0
	for _, h := range l.findLabels([]string{"for the year"}) {
		digits := ""
		for _, w := range l.rows[h.row].words[h.to:] {
			d := strings.Trim(w.Text, "()|[]")
			if _, err := strconv.Atoi(d); err != nil {
				if digits != "" {
					break
				}
				continue
			}
			digits += d
			if len(digits) >= 4 {
				break
			}
		}
		if yearRe.MatchString(digits) {
			year, _ = strconv.Atoi(digits)
			yc = 0.95 * h.quality
			break
		}
	}
	if year == 0 {
		year, yc = formYear(l, []string{"2316", "certificate of compensation"})
	}
	rec := annualRecord(KindBIR2316, l, year, yc)
	rec.Income.Currency = ptr("PHP")
	rec.Fields["currency"] = Field{Confidence: 0.98, Page: l.page.Number, Text: "BIR 2316", How: "Philippine form"}
	if year > 0 {
		// The full year is the usual period, but a form that prints another
		// one we could not read must not publish it as sure.
		if len(l.findLabels([]string{"for the period", "for the period from"})) > 0 {
			for _, k := range []string{"startDate", "endDate"} {
				f := rec.Fields[k]
				f.Confidence = math.Min(f.Confidence, 0.6)
				rec.Fields[k] = f
			}
		}
		for _, h := range l.findLabels([]string{"for the period", "for the period from"}) {
			t := collapseBoxed(rowTail(l.rows[h.row], h.to))
			if p, ok := parse.ParsePeriodYear(t, year); ok {
				rec.Income.StartDate = ptr(p.Start.Format(time.DateOnly))
				rec.Income.EndDate = ptr(p.End.Format(time.DateOnly))
				f := l.textField(h, 0.95*h.quality, "period on the form", t)
				fullYear := p.Start.YearDay() == 1 && p.End.Month() == time.December && p.End.Day() == 31
				if !fullYear && l.page.Source == ocr.SourceOCR && f.Confidence < 0.9 {
					// The full year is the usual period; another one read
					// from boxed digits OCR was unsure of (a month box
					// misread, "12/01" for "01/01") is doubted.
					f.Confidence = math.Min(f.Confidence, 0.7)
					f.How += ", not the full year, read unsurely"
				}
				rec.Fields["startDate"], rec.Fields["endDate"] = f, f
				break
			}
		}
	}

	items, byMark := birItems(l)
	// Item 19: by item number, else by label. A label's reading that
	// crosses into another item's line ("19 Gross Compensation ... 45
	// Commission 150,395.00") is that item's amount, not item 19's.
	var gross []candidate
	if it, ok := items["19"]; ok {
		t := it.tok
		gross = append(gross, candidate{value: t.val.Value, tok: t, page: l.page.Number, row: it.row, score: 0.85 * l.tokScore(t), how: "item 19"})
	}
	owned := map[[2]int]string{}
	for id, it := range items {
		owned[[2]int{it.row, it.tok.first}] = id
	}
	grossHits := l.findLabels([]string{"gross compensation income from present employer", "gross compensation income from present", "gross compensation income"})
	// The label's own item line: the amount of the item number printed
	// just left of it, whatever OCR made of that number.
	for _, h := range grossHits {
		if h.from == 0 {
			continue
		}
		it, ok := byMark[[2]int{h.row, h.from - 1}]
		if !ok {
			continue
		}
		t := it.tok
		gross = append(gross, candidate{value: t.val.Value, tok: t, page: l.page.Number, row: it.row,
			score: 0.85 * h.quality * l.tokScore(t), how: "item line of its label", label: h})
	}
	for _, c := range l.amountsForLabels(grossHits) {
		if id, ok := owned[[2]int{c.row, c.tok.first}]; ok && id != "19" {
			continue
		}
		gross = append(gross, c)
	}
	sort.SliceStable(gross, func(i, j int) bool { return gross[i].score > gross[j].score })
	// The form's own arithmetic confirms item 19: it is the sum of items 38
	// and 52, and of items 20 and 21. A candidate that meets a sum wins.
	type sum struct {
		name string
		a, b birItem
	}
	var sums []sum
	for _, p := range [][2]string{{"38", "52"}, {"20", "21"}} {
		a, okA := items[p[0]]
		b, okB := items[p[1]]
		if okA && okB {
			sums = append(sums, sum{"item19_equals_" + p[0] + "_plus_" + p[1], a, b})
		}
	}
	meets := func(v float64) *sum {
		for i := range sums {
			if math.Abs(sums[i].a.tok.val.Value+sums[i].b.tok.val.Value-v) < 0.015 {
				return &sums[i]
			}
		}
		return nil
	}
	for i := range gross {
		if gross[i].value > 0 && meets(gross[i].value) != nil {
			c := gross[i]
			gross = append([]candidate{c}, append(gross[:i:i], gross[i+1:]...)...)
			break
		}
	}
	setAmount(&rec, "grossAmount", gross, func(v float64) { rec.Income.GrossAmount = ptr(round2(v)) })
	// The form prints every amount with centavos: a whole number is one
	// whose centavos OCR lost.
	if f, ok := rec.Fields["grossAmount"]; ok && !strings.ContainsAny(f.Text, ".,") {
		f.Confidence *= 0.7
		rec.Fields["grossAmount"] = f
	}
	if g := rec.Income.GrossAmount; g != nil && len(sums) > 0 {
		f := rec.Fields["grossAmount"]
		if s := meets(*g); s != nil {
			rec.Checks = append(rec.Checks, Check{Name: s.name, Passed: true,
				Detail: fmt.Sprintf("%.2f + %.2f vs %.2f", s.a.tok.val.Value, s.b.tok.val.Value, *g)})
			f.Confidence = math.Max(f.Confidence, 0.97)
		} else {
			s := sums[0]
			rec.Checks = append(rec.Checks, Check{Name: s.name, Passed: false,
				Detail: fmt.Sprintf("%.2f + %.2f vs %.2f", s.a.tok.val.Value, s.b.tok.val.Value, *g)})
			f.Confidence *= 0.5
		}
		rec.Fields["grossAmount"] = f
	}

	// Basic salary: item 39, or item 29 (minimum wage earners).
	base := func(id string) (candidate, bool) {
		it, ok := items[id]
		if !ok || it.tok.val.Value <= 0 {
			return candidate{}, false
		}
		t := it.tok
		return candidate{value: t.val.Value, tok: t, page: l.page.Number, row: it.row, score: 0.88 * l.tokScore(t), how: "item " + id}, true
	}
	if c, ok := base("39"); ok {
		rec.Income.BaseAmount = ptr(round2(c.value))
		rec.Fields["baseAmount"] = fieldOf(&c, c.score)
	} else if c, ok := base("29"); ok {
		rec.Income.BaseAmount = ptr(round2(c.value))
		rec.Fields["baseAmount"] = fieldOf(&c, c.score)
	}
	if b, g := rec.Income.BaseAmount, rec.Income.GrossAmount; b != nil && g != nil {
		rec.Checks = append(rec.Checks, Check{Name: "base_not_above_gross", Passed: *b <= *g+0.005})
	}

	for _, h := range l.findLabels([]string{"employer name", "employer s name", "employers name", "registered name"}) {
		r := l.rows[h.row]
		name := l.nameAfter(r, h)
		if name == "" {
			name, _, _ = l.nameBelow(h)
		}
		if name != "" && !strings.Contains(strings.ToLower(name), "address") && !itemCaption(name) {
			rec.Income.Employer = ptr(name)
			rec.Analysis.EmployerName = name
			rec.Fields["employer"] = l.textField(h, 0.92*h.quality, "employer name item", name)
			break
		}
	}
	if rec.Income.Employer == nil {
		// Part III names the previous employer (items 16 to 18), under
		// Part II's present one: its captions read alike and are not the
		// employer of this certificate.
		previous := -1
		for i, r := range l.rows {
			if slices.Contains(r.fold, "previous") && slices.Contains(r.fold, "information") {
				previous = i
				break
			}
		}
		if name, f, ok := employerByLabel(l, previous); ok && !itemCaption(name) {
			rec.Income.Employer = ptr(name)
			rec.Analysis.EmployerName = name
			rec.Fields["employer"] = f
		}
	}
	if n, ok := findName(lsOf(l), []string{"employee name", "employee s name"}); ok {
		rec.Analysis.EmployeeName = n
	}
	ids := parse.FindIDs(l.text)
	rec.Analysis.TaxNumber = ids.TIN
	return rec
}

func lsOf(l *layout) []*layout { return []*layout{l} }

// itemCaption says a text read where a form's name goes is another item's
// caption ("19 Gross Compensation Income from Present Employer"): it opens
// with an item number, or speaks of income, compensation or tax.
func itemCaption(name string) bool {
	raw := strings.Fields(name)
	if len(raw) > 1 {
		if n, err := strconv.Atoi(strings.TrimRight(raw[0], ".")); err == nil && n > 0 && n < 100 {
			return true
		}
	}
	f := strings.Fields(parse.Fold(name))
	for _, w := range f {
		switch w {
		case "compensation", "income", "taxable", "withheld", "withholding", "exempt", "premium", "contributions":
			return true
		}
	}
	return false
}

func captionWords(s segment) bool {
	for _, f := range s.fold {
		switch f {
		case "address", "zip", "telephone", "postal", "code", "street", "city", "town", "province", "country", "apt":
			return true
		}
	}
	return false
}

// collapseBoxed joins digits printed one per box ("0 6 / 0 1" -> "06/01").
func collapseBoxed(s string) string {
	f := strings.Fields(strings.NewReplacer("(MM/DD)", " ", "(mm/dd)", " ", "(YYYY)", " ", "(yyyy)", " ", ":", " ").Replace(s))
	var out []string
	for _, w := range f {
		single := len(w) == 1 && (w[0] >= '0' && w[0] <= '9' || w[0] == '/')
		if single && len(out) > 0 {
			last := out[len(out)-1]
			lc := last[len(last)-1]
			if lc >= '0' && lc <= '9' || lc == '/' {
				out[len(out)-1] = last + w
				continue
			}
		}
		out = append(out, w)
	}
	return boxedDateRe.ReplaceAllString(strings.Join(out, " "), "$1 $2/$3")
}

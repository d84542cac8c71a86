package extract

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"talaan/ocr"
)

// The arithmetic confirmer. A payslip's totals must satisfy a few relations
// whatever its captions say: gross - net is the money withheld, which the
// page prints as one total, or as the totals of two blocks (deductions and
// taxes, wherever they sit), or as a total less an amount added back to the
// net (a non-taxable allowance). When the gross and net read from their
// labels satisfy one of these exactly, to the centavo, with totals printed
// elsewhere on the page, three amounts read apart agree and the reading is
// confirmed, even where a caption was unfamiliar or OCR was unsure.
//
// Coincidence is what must not confirm. Only amounts of the period take
// part (year-to-date, rate, hours, employer-share and balance columns are
// left out by their headers and captions), an amount must look like a total
// (a total caption, or the sum of the amounts above it in its column), and
// whole numbers on a page that prints cents (IDs, account numbers, years)
// do not count.

// pageAmount is a period amount printed on a page, as the confirmer sees it.
type pageAmount struct {
	value    float64
	tok      amountTok
	page     int
	row      int
	total    bool // captioned as a total, or the sum of the amounts above it in its column
	addition bool // captioned as money added back to the net
	taxable  bool // captioned as a taxable income: gross less what is withheld before tax
}

// relation names how the arithmetic held.
type relation int

const (
	relNone      relation = iota
	relLabelled           // gross - labelled deductions [- labelled taxes] = net
	relTotal              // gross - a printed total = net
	relTwoTotals          // gross - two printed totals = net
	relAddedBack          // gross - a printed total + an amount added back = net
	relBlockSum           // gross - the lines of a block = net
)

// totalWords mark a caption as a total, in English and Tagalog, including
// the abbreviations payroll systems print ("Tot. Ded.").
var totalWords = map[string]bool{"total": true, "totals": true, "tot": true, "subtotal": true, "kabuuang": true,
	"kabuuan": true, "sum": true}

// additionWords mark an amount added to the net after deductions.
var additionWords = map[string]bool{"allowance": true, "allowances": true, "add": true, "plus": true, "reimbursement": true,
	"reimbursements": true, "refund": true, "nontaxable": true, "deminimis": true, "benefit": true, "benefits": true}

// periodAmounts lists the period amounts of a page with what their captions
// and columns say of them.
func periodAmounts(l *layout) []pageAmount {
	cents := l.centsShare() >= 0.5
	totalCaption := map[[2]int]bool{}
	for _, h := range l.findLabels(append(append([]string(nil), lblTotalDed...), lblTotalTax...)) {
		for _, t := range l.rows[h.row].nums {
			if t.first >= h.to {
				totalCaption[[2]int{h.row, t.first}] = true
				break
			}
		}
	}
	var out []pageAmount
	for _, r := range l.rows {
		prev := 0
		for _, t := range r.nums {
			from := prev
			prev = t.last + 1
			v := math.Abs(t.val.Value)
			if v < 0.005 || (cents && !t.val.HasDecimals) || l.skipColumn(t, r.idx) || l.quantityShaped(r, t) {
				continue
			}
			a := pageAmount{value: v, tok: t, page: l.page.Number, row: r.idx, total: totalCaption[[2]int{r.idx, t.first}]}
			ytd := false
			for k := from; k < t.first; k++ {
				w := r.fold[k]
				switch {
				case isYTDWord(w) || w == "ytd":
					ytd = true
				case w == "employer" || w == "er":
					ytd = true // the employer's share, not the employee's money
				case totalWords[w]:
					a.total = true
				case additionWords[w]:
					a.addition = true
				case w == "taxable":
					a.taxable = true
				}
			}
			if ytd {
				continue
			}
			if !a.total {
				a.total = l.columnSum(r.idx, t)
			}
			out = append(out, a)
		}
	}
	return out
}

// columnSum says the amount is the sum of two or more amounts right above
// it in its column, within its block.
func (l *layout) columnSum(rowIdx int, t amountTok) bool {
	x0, x1 := t.box.X0-l.lineH, t.box.X1+l.lineH
	sum, n := 0.0, 0
	for i := rowIdx - 1; i >= 0 && i >= rowIdx-20; i-- {
		r := l.rows[i]
		found := false
		for _, u := range r.nums {
			if overlap1D(x0, x1, u.box.X0, u.box.X1) > 0 && overlap1D(t.box.X0, t.box.X1, u.box.X0, u.box.X1) > 0 {
				if l.skipColumn(u, i) {
					return false
				}
				sum += math.Abs(u.val.Value)
				n++
				found = true
				break
			}
		}
		if n >= 2 && math.Abs(sum-math.Abs(t.val.Value)) < 0.005 {
			return true
		}
		if !found && len(r.nums) == 0 && r.wordyCount() > 0 {
			return false // a caption row: the block starts here
		}
	}
	return false
}

// confirmation is a gross and a net the arithmetic agrees with, and what
// was withheld between them.
type confirmation struct {
	g, n       *candidate
	deductions float64 // the total deductions the relation used
	rel        relation
	detail     string
	// rivals are every gross and net pair the relations confirmed, the
	// chosen one among them.
	rivals [][2]*candidate
}

// confirm searches the page amounts for a relation that the gross and net
// candidates satisfy, and returns the best-scoring confirmed pair. The
// relations that could hold by chance more often (a run of a block's lines,
// a net found by the arithmetic alone) are tried only for the best
// candidates.
func confirm(ls []*layout, gross, net, ded []candidate) (confirmation, bool) {
	var plain []pageAmount
	for _, l := range ls {
		plain = append(plain, periodAmounts(l)...)
	}
	// An amount the total-deductions captions point at is a total wherever
	// it sits: beside its caption, or under it (a tile, a register row).
	pool := append([]pageAmount(nil), plain...)
	for _, c := range topDistinct(ded, 4) {
		for i := range pool {
			a := &pool[i]
			if a.page == c.page && a.row == c.row && a.tok.first == c.tok.first {
				a.total = true
			}
		}
	}
	// A labelled total whose decimal point OCR lost may confirm with its
	// point restored.
	for _, c := range ded {
		for _, r := range repairs(ls, c) {
			pool = append(pool, pageAmount{value: r.value, tok: r.tok, page: r.page, row: r.row, total: true})
		}
	}
	gs, ns := topDistinct(gross, 6), topDistinct(net, 6)
	if cf, ok := confirmPairs(ls, pool, withRepairs(ls, gs), withRepairs(ls, ns), 2); ok {
		return cf, true
	}
	// A block's header ("Deductions", "Mga Bawas") also reads as a
	// total-deductions caption, which makes its first line a total. The
	// block's lines, summed with no total among them, may still confirm.
	if cf, ok := confirmPairs(ls, plain, gs, ns, 2); ok && cf.rel == relBlockSum {
		return cf, true
	}
	// The net caption was not found: a period amount of the page that is
	// gross less a printed total is the net. Not where a net caption was
	// found, nor a taxable income: gross less the deductions taken before
	// tax is printed as one, and would confirm by structure, not chance.
	if len(net) > 0 {
		return confirmation{}, false
	}
	var pooled []*candidate
	for _, a := range pool {
		if a.taxable {
			continue
		}
		l := layoutOf(ls, a.page)
		r := l.rows[a.row]
		pooled = append(pooled, &candidate{value: a.value, tok: a.tok, page: a.page, row: a.row, score: 0.5 * l.tokScore(a.tok),
			how: "an amount the arithmetic confirms as net", words: r.words[a.tok.first : a.tok.last+1]})
	}
	if cf, ok := confirmPairs(ls, pool, gs[:min(2, len(gs))], pooled, 0); ok {
		return cf, true
	}
	// Nor a printed total: the best gross less the whole of a deductions
	// block (or the run of a register's row) is the net, where an amount
	// of the page says so to the centavo. Only an amount standing alone
	// and printed once (an earnings line, in its block or repeated in a
	// summary bar, is the gross less the other earnings), and of at least
	// half the gross, as a period's net is.
	if len(gs) == 0 {
		return confirmation{}, false
	}
	pooled = slices.DeleteFunc(pooled, func(c *candidate) bool {
		return c.value < gs[0].value/2 || layoutOf(ls, c.page).lineItem(c.tok, c.row) || timesPrinted(ls, c.value) > 1
	})
	return confirmPairs(ls, plain, gs[:1], pooled, len(pooled))
}

// confirmPairs tries the relations on every pair of gross and net
// candidates; the block-sum relation only on the first `blocks` of each.
func confirmPairs(ls []*layout, pool []pageAmount, gs, ns []*candidate, blocks int) (confirmation, bool) {
	same := func(a pageAmount, c *candidate) bool {
		return a.page == c.page && a.row == c.row && a.tok.first == c.tok.first
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.005 }
	var best confirmation
	var rivals [][2]*candidate
	bestScore := -1.0
	for gi, gc := range gs {
		for ni, nc := range ns {
			diff := round2(gc.value - nc.value)
			if diff <= 0 || (gc.page == nc.page && gc.row == nc.row && gc.tok.first == nc.tok.first) {
				continue
			}
			var ts, adds, others []pageAmount
			for _, a := range pool {
				if same(a, gc) || same(a, nc) || near(a.value, gc.value) || near(a.value, nc.value) {
					continue
				}
				switch {
				case a.total:
					ts = append(ts, a)
				case a.addition:
					adds = append(adds, a)
				}
				others = append(others, a)
			}
			rel, detail, dedTotal := relNone, "", diff
			for _, t := range ts {
				if near(t.value, diff) {
					rel, detail = relTotal, fmt.Sprintf("%.2f - %.2f = %.2f (total printed)", gc.value, t.value, nc.value)
					break
				}
			}
			for i := 0; rel == relNone && i < len(ts); i++ {
				for j := i + 1; j < len(ts); j++ {
					if near(ts[i].value+ts[j].value, diff) {
						rel, detail = relTwoTotals, fmt.Sprintf("%.2f - %.2f - %.2f = %.2f (two totals printed)", gc.value, ts[i].value, ts[j].value, nc.value)
						break
					}
				}
			}
			for i := 0; rel == relNone && i < len(ts); i++ {
				for _, a := range adds {
					if near(ts[i].value-a.value, diff) {
						dedTotal = ts[i].value
						rel, detail = relAddedBack, fmt.Sprintf("%.2f - %.2f + %.2f = %.2f (added back)", gc.value, ts[i].value, a.value, nc.value)
						break
					}
				}
			}
			if rel == relNone && gi < blocks && ni < blocks && !gc.repaired && !nc.repaired {
				if k, ok := blockSum(ls, others, diff); ok {
					rel, detail = relBlockSum, fmt.Sprintf("%.2f - %.2f = %.2f (%d deduction lines)", gc.value, diff, nc.value, k)
				} else if k, ok := rowRun(ls, gc, nc, diff); ok {
					rel, detail = relBlockSum, fmt.Sprintf("%.2f - %.2f = %.2f (%d deduction columns between them)", gc.value, diff, nc.value, k)
				}
			}
			if rel == relNone {
				continue
			}
			rivals = append(rivals, [2]*candidate{gc, nc})
			if s := gc.score + nc.score; s > bestScore {
				bestScore = s
				best = confirmation{g: gc, n: nc, deductions: dedTotal, rel: rel, detail: detail}
			}
		}
	}
	best.rivals = rivals
	return best, bestScore >= 0
}

// blockSum says the amounts of one column on consecutive rows, the whole
// block from its first line to its last, sum to want (at least two lines):
// the deductions of a slip that prints no total. Or two such blocks do: a
// taxes block beside a deductions block, neither with a total. A part of a
// block does not count: a net misread as gross less the first few
// deductions would confirm. A block holds no total: a total under its lines
// doubles them, and gross less twice the deductions would confirm a net
// that does not add up.
func blockSum(ls []*layout, pool []pageAmount, want float64) (int, bool) {
	type key struct{ page, row int }
	byRow := map[key][]pageAmount{}
	for _, a := range pool {
		byRow[key{a.page, a.row}] = append(byRow[key{a.page, a.row}], a)
	}
	inColumn := func(a pageAmount, row int) (pageAmount, bool) {
		for _, b := range byRow[key{a.page, row}] {
			if overlap1D(a.tok.box.X0, a.tok.box.X1, b.tok.box.X0, b.tok.box.X1) > 0 {
				return b, true
			}
		}
		return pageAmount{}, false
	}
	type block struct {
		sum      float64
		lines    int
		page     int
		from, to int // rows
		x0, x1   float64
	}
	var blocks []block
	for _, a := range pool {
		if a.total {
			continue
		}
		if _, ok := inColumn(a, a.row-1); ok {
			continue // not the first line of its block
		}
		l := layoutOf(ls, a.page)
		b := block{sum: a.value, lines: 1, page: a.page, from: a.row, to: a.row, x0: a.tok.box.X0, x1: a.tok.box.X1}
		for i := a.row + 1; i < len(l.rows) && b.lines < 15; i++ {
			c, ok := inColumn(a, i)
			if !ok || c.total {
				break
			}
			b.sum += c.value
			b.lines++
			b.to = i
		}
		if b.lines < 2 {
			continue
		}
		if math.Abs(b.sum-want) < 0.005 {
			return b.lines, true
		}
		blocks = append(blocks, b)
	}
	apart := func(a, b block) bool {
		return a.page != b.page || a.to < b.from || b.to < a.from || overlap1D(a.x0, a.x1, b.x0, b.x1) <= 0
	}
	for i := range blocks {
		for j := i + 1; j < len(blocks); j++ {
			if apart(blocks[i], blocks[j]) && math.Abs(blocks[i].sum+blocks[j].sum-want) < 0.005 {
				return blocks[i].lines + blocks[j].lines, true
			}
		}
	}
	// A block of one line beside a block of several: "Other deductions"
	// holding only a retirement contribution next to the statutory taxes.
	// The one line must stand alone in its column: nothing above or below.
	for _, b := range blocks {
		for _, a := range pool {
			if a.total || a.page != b.page {
				continue
			}
			_, above := inColumn(a, a.row-1)
			_, below := inColumn(a, a.row+1)
			single := block{page: a.page, from: a.row, to: a.row, x0: a.tok.box.X0, x1: a.tok.box.X1}
			if !above && !below && apart(b, single) && math.Abs(b.sum+a.value-want) < 0.005 {
				return b.lines + 1, true
			}
		}
	}
	return 0, false
}

// rowRun says the amounts printed on one row between the gross and the net
// (a payroll register's strip: gross, each deduction, net) sum to want, at
// least two of them. Every amount between them counts, whatever its
// column's header says: the sum must hold to the centavo.
func rowRun(ls []*layout, g, n *candidate, want float64) (int, bool) {
	if g.page != n.page || g.row != n.row || g.tok.box.X0 >= n.tok.box.X0 {
		return 0, false
	}
	sum, k := 0.0, 0
	for _, t := range layoutOf(ls, g.page).rows[g.row].nums {
		if t.box.X0 <= g.tok.box.X1 || t.box.X1 >= n.tok.box.X0 {
			continue
		}
		sum += math.Abs(t.val.Value)
		k++
	}
	return k, k >= 2 && math.Abs(sum-want) < 0.005
}

func layoutOf(ls []*layout, page int) *layout {
	for _, l := range ls {
		if l.page.Number == page {
			return l
		}
	}
	return ls[0]
}

// topDistinct is the best k candidates of distinct, non-negative values.
func topDistinct(cs []candidate, k int) []*candidate {
	var out []*candidate
	seen := map[float64]bool{}
	for i := range cs {
		if cs[i].value < 0 || seen[cs[i].value] {
			continue
		}
		seen[cs[i].value] = true
		out = append(out, &cs[i])
		if len(out) == k {
			break
		}
	}
	return out
}

// headRepair restores a thousands group OCR cut off an amount in large
// print ("41" and "563.87" for 41,563.87): the one or two digits just left
// of an amount whose whole part has three digits, on its row and within a
// glyph's width or two, joined to it. Only the arithmetic may choose it.
func headRepair(l *layout, c candidate) []candidate {
	if c.tok.text == "" || c.row >= len(l.rows) {
		return nil
	}
	whole, _, _ := strings.Cut(strings.TrimLeft(c.tok.text, "P₱$ "), ".")
	if len(whole) != 3 || strings.ContainsAny(whole, ", ") || c.tok.first == 0 {
		return nil
	}
	r := l.rows[c.row]
	prev := r.words[c.tok.first-1]
	gap := c.tok.box.X0 - prev.Box.X1
	if len(prev.Text) > 2 || !isShortDigits(prev.Text) || gap > prev.Box.Height()*1.5 {
		return nil
	}
	head, err := strconv.Atoi(prev.Text)
	if err != nil || head == 0 {
		return nil
	}
	out := c
	out.value, out.repaired = float64(head)*1000+c.value, true
	out.score *= 0.9
	out.how = c.how + ", thousands restored by the arithmetic"
	out.words = append([]ocr.Word{prev}, c.words...)
	return []candidate{out}
}

func withRepairs(ls []*layout, cs []*candidate) []*candidate {
	out := append([]*candidate(nil), cs...)
	for _, c := range cs {
		for _, r := range repairs(ls, *c) {
			out = append(out, &r)
		}
	}
	return out
}

// repairs are the readings of a whole number that lost its decimal point on
// a page that prints cents: the point dropped ("575057" for 5,750.57) or
// read as a digit ("5750957"). They are never published alone: only an
// arithmetic relation can choose one.
func repairs(ls []*layout, c candidate) []candidate {
	var l *layout
	for _, x := range ls {
		if x.page.Number == c.page {
			l = x
		}
	}
	if l == nil {
		return nil
	}
	if c.tok.val.HasDecimals {
		return headRepair(l, c)
	}
	if c.value < 100 || l.centsShare() < 0.5 {
		return nil
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, c.tok.text)
	if len(digits) < 3 || strings.ContainsAny(c.tok.text, ".,") {
		return nil
	}
	var out []candidate
	add := func(s, how string) {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v <= 0 {
			return
		}
		r := c
		r.value, r.repaired = v, true
		r.score *= 0.9
		r.how = c.how + ", " + how
		out = append(out, r)
	}
	n := len(digits)
	add(digits[:n-2]+"."+digits[n-2:], "decimal point restored by the arithmetic")
	if n >= 4 {
		add(digits[:n-3]+"."+digits[n-2:], "decimal point read as a digit, restored by the arithmetic")
	}
	return out
}

// pooledTotals are the page's totals as gross candidates, for a slip whose
// gross caption was not found: only a relation with the net and another
// total can choose one.
func pooledTotals(ls []*layout) []candidate {
	var out []candidate
	for _, l := range ls {
		for _, a := range periodAmounts(l) {
			if !a.total || a.taxable {
				continue
			}
			r := l.rows[a.row]
			out = append(out, candidate{value: a.value, tok: a.tok, page: a.page, row: a.row, score: 0.5 * l.tokScore(a.tok),
				how: "a total the arithmetic confirms as gross", words: r.words[a.tok.first : a.tok.last+1]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].value > out[j].value })
	return out
}

// lineItem says amount t of row rowIdx is a line of a block: the row just
// above or below it prints an amount in its column.
func (l *layout) lineItem(t amountTok, rowIdx int) bool {
	for _, i := range []int{rowIdx - 1, rowIdx + 1} {
		if i < 0 || i >= len(l.rows) {
			continue
		}
		r := l.rows[i]
		if math.Max(r.box.Y0-l.rows[rowIdx].box.Y1, l.rows[rowIdx].box.Y0-r.box.Y1) > l.lineH*2 {
			continue
		}
		for _, n := range r.nums {
			if overlap1D(n.box.X0, n.box.X1, t.box.X0, t.box.X1) > 0 {
				return true
			}
		}
	}
	return false
}

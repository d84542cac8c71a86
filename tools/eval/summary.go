package eval

import (
	"slices"
	"strings"

	"talaan/extract"
)

// Ratio is N out of Of.
type Ratio struct {
	N  int `json:"n"`
	Of int `json:"of"`
}

// Pct is the percentage, or -1 when there is nothing to divide.
func (r Ratio) Pct() float64 {
	if r.Of == 0 {
		return -1
	}
	return 100 * float64(r.N) / float64(r.Of)
}

// FieldStat is the accuracy of one Income field over the expected incomes.
type FieldStat struct {
	Field string `json:"field"`
	Ratio
}

// Headline holds the figures a lender lives by. A field counts as right
// straight through only when its document was published with no review
// (status ANALYZED) and it equals the label; a field of a document sent to
// review is not right, however well it was read, because a person had to
// look at it.
type Headline struct {
	// StraightThrough: fields published with no review and equal to the
	// label, over all labelled fields.
	StraightThrough Ratio `json:"straightThrough"`
	// NoReview: income documents published with no review, over income
	// documents (negatives do not count).
	NoReview Ratio `json:"noReview"`
	// PublishedWrong: filled fields published with no review that differ
	// from the label (an extra income's filled fields included), over the
	// filled fields published: the wrong values a lender receives.
	PublishedWrong Ratio `json:"publishedWrong"`
	// PublishedEmpty: fields of published incomes left empty where the label
	// has a value (a miss, not a wrong value), over the labelled fields of
	// published documents.
	PublishedEmpty Ratio `json:"publishedEmpty"`
	// ReviewPrefill: fields of income documents sent to review that are
	// already right, over the labelled fields of those documents: how much
	// a reviewer only has to confirm.
	ReviewPrefill Ratio `json:"reviewPrefill"`
	// ReadRight: fields equal to the label whatever the status, review
	// predictions included, over all labelled fields.
	ReadRight Ratio `json:"readRight"`
}

// add counts one file into h.
func (h *Headline) add(r FileResult) {
	analyzed := r.Status == string(extract.StatusAnalyzed)
	h.StraightThrough.Of += r.Fields
	h.ReadRight.Of += r.Fields
	h.ReadRight.N += r.Right
	if analyzed {
		h.StraightThrough.N += r.Right
	}
	if r.Expect == ExpectIncome {
		h.NoReview.Of++
		if analyzed {
			h.NoReview.N++
		}
		if r.Status == string(extract.StatusReview) {
			h.ReviewPrefill.N += r.Right
			h.ReviewPrefill.Of += r.Fields
		}
	}
	h.PublishedWrong.N += r.ConfidentlyWrong
	h.PublishedWrong.Of += r.Published
	if analyzed {
		h.PublishedEmpty.N += r.PublishedEmpty
		h.PublishedEmpty.Of += r.Fields
	}
}

// Group is one row of the by-quality or by-kind table.
type Group struct {
	Name       string `json:"name"`
	Files      int    `json:"files"`
	FullyRight Ratio  `json:"fullyRight"`
	Review     int    `json:"review"`
	Headline
}

// Distinct weights each labelled document once however many files (qualities)
// hold it: a group's figures are the average over its files.
type Distinct struct {
	Docs       int     `json:"docs"`
	FieldRight float64 `json:"fieldRight"`
	FieldTotal int     `json:"fieldTotal"`
	FullyRight float64 `json:"fullyRight"`
}

// FieldPct and FullyRightPct are percentages, -1 when undefined.
func (d Distinct) FieldPct() float64 {
	if d.FieldTotal == 0 {
		return -1
	}
	return 100 * d.FieldRight / float64(d.FieldTotal)
}

func (d Distinct) FullyRightPct() float64 {
	if d.Docs == 0 {
		return -1
	}
	return 100 * d.FullyRight / float64(d.Docs)
}

// Summary is what a set's section prints.
type Summary struct {
	Set     string  `json:"set"`
	Files   int     `json:"files"`
	Seconds float64 `json:"seconds"`
	// Headline is printed first; its ReadRight sums Fields.
	Headline   Headline    `json:"headline"`
	Fields     []FieldStat `json:"fieldAccuracy"`
	FullyRight Ratio       `json:"fullyRight"`
	Distinct   Distinct    `json:"distinct"`
	Review     Ratio       `json:"review"`
	// Negatives: files expecting "unsupported" that came out UNSUPPORTED.
	Negatives       Ratio          `json:"negativesUnsupported"`
	NegativeIncomes int            `json:"negativeIncomes"`
	Statuses        map[string]int `json:"statuses"`
	Failures        int            `json:"failures"`
	ByQuality       []Group        `json:"byQuality"`
	ByKind          []Group        `json:"byKind"`
	// Reliability is the confidence of every field read against whether it
	// was right, published and doubted fields apart.
	Reliability Reliability `json:"reliability"`
	// ReviewReasons counts why documents were sent to review, most common
	// first.
	ReviewReasons []ReviewReason `json:"reviewReasons,omitempty"`
}

// ReviewReason is one kind of doubt: how many documents it held back, how
// many of those it alone held back, and how many of those had every field
// right already (a doubt a reviewer only confirms).
type ReviewReason struct {
	Reason     string `json:"reason"`
	Docs       int    `json:"documents"`
	Alone      int    `json:"alone"`
	FullyRight int    `json:"fullyRight"`
}

func reviewReasons(results []FileResult) []ReviewReason {
	rows := map[string]*ReviewReason{}
	for _, r := range results {
		for _, d := range r.Doubts {
			rr := rows[d]
			if rr == nil {
				rr = &ReviewReason{Reason: d}
				rows[d] = rr
			}
			rr.Docs++
			if len(r.Doubts) == 1 {
				rr.Alone++
			}
			if r.FullyRight {
				rr.FullyRight++
			}
		}
	}
	out := make([]ReviewReason, 0, len(rows))
	for _, rr := range rows {
		out = append(out, *rr)
	}
	slices.SortFunc(out, func(a, b ReviewReason) int {
		if a.Docs != b.Docs {
			return b.Docs - a.Docs
		}
		return strings.Compare(a.Reason, b.Reason)
	})
	return out
}

// Rows always printed, in this order; other values follow, sorted.
func qualityOrder() []string {
	return []string{"digital", "digital-raster", "scan", "photo", "low-res"}
}

func kindOrder() []string { return []string{"payslip", "w2", "1099", "bir2316", "other"} }

// Summarize computes a set's figures from its file results.
func Summarize(set string, results []FileResult) Summary {
	s := Summary{Set: set, Files: len(results), Statuses: map[string]int{}}
	names := FieldNames()
	wrong := map[string]int{}
	expected := 0
	for _, r := range results {
		s.Statuses[r.Status]++
		if r.Failure != "" {
			s.Failures++
		}
		expected += r.Expected
		for _, d := range r.Diffs {
			if !d.Extra {
				wrong[d.Field]++
			}
		}
		s.Headline.add(r)
		s.FullyRight.Of++
		if r.FullyRight {
			s.FullyRight.N++
		}
		s.Review.Of++
		if r.Status == string(extract.StatusReview) {
			s.Review.N++
		}
		if r.Expect == ExpectUnsupported {
			s.Negatives.Of++
			if r.Status == string(extract.StatusUnsupported) {
				s.Negatives.N++
			}
			s.NegativeIncomes += r.Produced
		}
	}
	for _, name := range names {
		s.Fields = append(s.Fields, FieldStat{Field: name, Ratio: Ratio{N: expected - wrong[name], Of: expected}})
	}
	s.ByQuality = groupBy(results, qualityOrder(), func(r FileResult) string { return r.Quality })
	s.ByKind = groupBy(results, kindOrder(), func(r FileResult) string { return r.Kind })
	s.Distinct = distinct(results)
	s.Reliability = NewReliability(results)
	s.ReviewReasons = reviewReasons(results)
	return s
}

func groupBy(results []FileResult, order []string, key func(FileResult) string) []Group {
	rows := map[string]*Group{}
	for _, name := range order {
		rows[name] = &Group{Name: name}
	}
	var extra []string
	for _, r := range results {
		k := key(r)
		g, ok := rows[k]
		if !ok {
			g = &Group{Name: k}
			rows[k] = g
			extra = append(extra, k)
		}
		g.Files++
		g.Headline.add(r)
		g.FullyRight.Of++
		if r.FullyRight {
			g.FullyRight.N++
		}
		if r.Status == string(extract.StatusReview) {
			g.Review++
		}
	}
	slices.Sort(extra)
	var out []Group
	for _, name := range slices.Concat(order, extra) {
		out = append(out, *rows[name])
	}
	return out
}

func distinct(results []FileResult) Distinct {
	type acc struct {
		files, right, full int
		fields             int
	}
	groups := map[string]*acc{}
	var d Distinct
	for _, r := range results {
		full := 0
		if r.FullyRight {
			full = 1
		}
		if r.group == "" {
			d.Docs++
			d.FieldRight += float64(r.Right)
			d.FieldTotal += r.Fields
			d.FullyRight += float64(full)
			continue
		}
		g := groups[r.group]
		if g == nil {
			g = &acc{fields: r.Fields}
			groups[r.group] = g
		}
		g.files++
		g.right += r.Right
		g.full += full
	}
	for _, g := range groups {
		d.Docs++
		d.FieldRight += float64(g.right) / float64(g.files)
		d.FieldTotal += g.fields
		d.FullyRight += float64(g.full) / float64(g.files)
	}
	return d
}

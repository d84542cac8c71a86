package eval

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"talaan/extract"
	"talaan/internal/pipeline"
)

// FieldNames lists the compared Income fields in report order.
func FieldNames() []string {
	return []string{"employer", "startDate", "endDate", "payDate", "frequency",
		"currency", "baseAmount", "grossAmount", "netAmount"}
}

// amountTolerance is how far two amounts may differ and still be equal:
// half a centavo (cent).
const amountTolerance = 0.005

// value is one field of an Income: a string or an amount, nil when absent.
type value struct {
	s *string
	f *float64
}

func (v value) null() bool { return v.s == nil && v.f == nil }

func (v value) String() string {
	switch {
	case v.s != nil:
		return strconv.Quote(*v.s)
	case v.f != nil:
		return strconv.FormatFloat(*v.f, 'f', -1, 64)
	}
	return "null"
}

// values returns in's fields in FieldNames order.
func values(in extract.Income) []value {
	return []value{{s: in.Employer}, {s: in.StartDate}, {s: in.EndDate}, {s: in.PayDate},
		{s: in.Frequency}, {s: in.Currency}, {f: in.BaseAmount}, {f: in.GrossAmount}, {f: in.NetAmount}}
}

// equal compares one field; null equals only null.
func equal(field string, got, want value) bool {
	if got.null() || want.null() {
		return got.null() && want.null()
	}
	switch {
	case got.f != nil && want.f != nil:
		return math.Abs(*got.f-*want.f) < amountTolerance+1e-9
	case got.s != nil && want.s != nil:
		switch field {
		case "employer":
			return normName(*got.s) == normName(*want.s)
		case "currency":
			return strings.EqualFold(strings.TrimSpace(*got.s), strings.TrimSpace(*want.s))
		}
		return strings.TrimSpace(*got.s) == strings.TrimSpace(*want.s)
	}
	return false
}

// normName keeps only letters and digits, lower-cased, so that case,
// punctuation and spacing do not count ("Spa, Inc." = "SPA INC").
func normName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Diff is one wrong field.
type Diff struct {
	// Income is the index of the income in the file (labels and output are
	// matched in order).
	Income int    `json:"income"`
	Field  string `json:"field"`
	Got    string `json:"got"`
	Want   string `json:"want"`
	// Missing: the pipeline produced no income at this index.
	Missing bool `json:"missing,omitempty"`
	// Extra: the pipeline produced an income the label does not have.
	Extra bool `json:"extra,omitempty"`
}

// FileResult is the comparison for one file.
type FileResult struct {
	File      string `json:"file"`
	Kind      string `json:"kind"`
	Quality   string `json:"quality"`
	Expect    string `json:"expect"`
	Status    string `json:"status"`
	ErrorCode string `json:"errorCode,omitempty"`
	// Failure is set when Process itself returned an error (engine failure),
	// not a status.
	Failure string `json:"failure,omitempty"`
	// Expected and Produced count incomes.
	Expected int `json:"expected"`
	Produced int `json:"produced"`
	// Fields counts the labelled fields compared (9 per expected income)
	// and Right those the pipeline got right.
	Fields int    `json:"fields"`
	Right  int    `json:"right"`
	Diffs  []Diff `json:"diffs,omitempty"`
	// Published counts the filled fields of the produced incomes when the
	// status is ANALYZED; ConfidentlyWrong those of them that differ from the
	// label: a wrong value a lender would receive. PublishedEmpty counts the
	// fields of those incomes left empty where the label has a value: a miss
	// (it costs straight-through), not a wrong value.
	Published        int   `json:"published"`
	ConfidentlyWrong int   `json:"confidentlyWrong"`
	PublishedEmpty   int   `json:"publishedEmpty"`
	FullyRight       bool  `json:"fullyRight"`
	Pages            int   `json:"pages"`
	MS               int64 `json:"ms"`
	// Confidences holds every field the pipeline filled with the engine's
	// confidence in it and whether it equals the label, for the
	// reliability table.
	Confidences []FieldConfidence `json:"confidences,omitempty"`
	// Doubts are why the engine sent the document to review, each without
	// its numbers ("netAmount uncertain", "check failed: ..."), once each.
	Doubts []string `json:"doubts,omitempty"`
	// group identifies the labelled content, so that copies of one document
	// in several qualities count once in the distinct-documents line.
	group string
}

// FieldConfidence is one filled field: the engine's confidence in it, whether
// it equals the label, and whether its document was published with no review
// (ANALYZED) or doubted (REVIEW).
type FieldConfidence struct {
	Income     int     `json:"income"`
	Field      string  `json:"field"`
	Confidence float64 `json:"confidence"`
	Right      bool    `json:"right"`
	Published  bool    `json:"published"`
	// How is the rule that found the value (extract.Field.How), so that
	// the reliability of each rule can be read from -json.
	How string `json:"how,omitempty"`
}

// Compare matches out's incomes with the label in order and counts fields.
// A labelled income the pipeline did not produce has all its fields wrong;
// an income the label does not have is wrong in each field it fills.
func Compare(c Case, out pipeline.Output) FileResult {
	names := FieldNames()
	r := FileResult{
		File: c.File, Kind: c.Kind, Quality: NormQuality(c.Quality), Expect: c.Expect,
		Status: string(out.Status), ErrorCode: out.ErrorCode,
		Expected: len(c.Incomes), Produced: len(out.Incomes),
		Fields: len(c.Incomes) * len(names), Pages: out.Pages, MS: out.MS,
		group: groupKey(c),
	}
	analyzed := out.Status == extract.StatusAnalyzed
	if out.Status == extract.StatusReview {
		r.Doubts = doubtKinds(out.Doubts)
	}
	for i := 0; i < max(len(c.Incomes), len(out.Incomes)); i++ {
		var got, want []value
		if i < len(out.Incomes) {
			got = values(out.Incomes[i])
		}
		if i < len(c.Incomes) {
			want = values(c.Incomes[i])
		}
		for j, name := range names {
			d := Diff{Income: i, Field: name, Got: "null", Want: "null"}
			switch {
			case got == nil:
				d.Missing, d.Want = true, want[j].String()
			case want == nil:
				if got[j].null() {
					continue
				}
				d.Extra, d.Got = true, got[j].String()
			default:
				right := equal(name, got[j], want[j])
				r.confidence(out, i, name, got[j], right)
				if right {
					r.Right++
					continue
				}
				d.Got, d.Want = got[j].String(), want[j].String()
			}
			if want == nil {
				r.confidence(out, i, name, got[j], false)
			}
			r.Diffs = append(r.Diffs, d)
			if analyzed && got != nil {
				if got[j].null() {
					r.PublishedEmpty++
				} else {
					r.ConfidentlyWrong++
				}
			}
		}
		if analyzed && got != nil {
			for _, v := range got {
				if !v.null() {
					r.Published++
				}
			}
		}
	}
	if c.Expect == ExpectUnsupported {
		r.FullyRight = out.Status == extract.StatusUnsupported && len(out.Incomes) == 0
	} else {
		r.FullyRight = len(r.Diffs) == 0 && r.Right == r.Fields
	}
	return r
}

// confidence records a filled field of a published or doubted document with
// the confidence the engine gave it. A field the engine left empty has no
// confidence and is not recorded (its miss counts in the headline).
func (r *FileResult) confidence(out pipeline.Output, income int, name string, got value, right bool) {
	if got.null() || income >= len(out.Records) {
		return
	}
	published := out.Status == extract.StatusAnalyzed
	if !published && out.Status != extract.StatusReview {
		return
	}
	f, ok := out.Records[income].Fields[name]
	if !ok {
		return
	}
	r.Confidences = append(r.Confidences, FieldConfidence{Income: income, Field: name,
		Confidence: f.Confidence, Right: right, Published: published, How: f.How})
}

// groupKey is the canonical form of the labelled incomes; empty for files
// that expect none (each of those is its own document).
func groupKey(c Case) string {
	if len(c.Incomes) == 0 {
		return ""
	}
	var b strings.Builder
	for _, in := range c.Incomes {
		for _, v := range values(in) {
			b.WriteString(v.String())
			b.WriteByte('|')
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// doubtKinds strips the numbers from the engine's doubts ("netAmount
// uncertain (0.72)" becomes "netAmount uncertain") so that they can be
// counted across documents, and keeps each kind once.
func doubtKinds(doubts []extract.Doubt) []string {
	var out []string
	for _, d := range doubts {
		if r := d.Reason(); !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is one set's summary with its file results, as written to -json.
type Report struct {
	Summary Summary      `json:"summary"`
	Files   []FileResult `json:"files"`
}

// WriteJSON writes the reports as one indented JSON document.
func WriteJSON(w io.Writer, reports []Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"sets": reports}); err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	return nil
}

func pct(p float64) string {
	if p < 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", p)
}

func ratio(r Ratio) string {
	return fmt.Sprintf("%d/%d (%s)", r.N, r.Of, pct(r.Pct()))
}

// headlineRows names the headline figures in print order.
func headlineRows() []struct {
	name string
	get  func(Headline) Ratio
} {
	return []struct {
		name string
		get  func(Headline) Ratio
	}{
		{"straight-through field accuracy", func(h Headline) Ratio { return h.StraightThrough }},
		{"documents with no review", func(h Headline) Ratio { return h.NoReview }},
		{"published-wrong", func(h Headline) Ratio { return h.PublishedWrong }},
		{"published but left empty", func(h Headline) Ratio { return h.PublishedEmpty }},
		{"review prefill", func(h Headline) Ratio { return h.ReviewPrefill }},
		{"fields read right (incl. review)", func(h Headline) Ratio { return h.ReadRight }},
	}
}

// WriteSummary prints one set's section: the headline figures first, then
// the other document counts, the headline by quality and by kind, per-field
// accuracy and the reliability table.
func WriteSummary(w io.Writer, s Summary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }

	p("== %s: %d files, %s ==\n", s.Set, s.Files, (time.Duration(s.Seconds * float64(time.Second))).Round(time.Second))
	for _, row := range headlineRows() {
		p("%s\t%s\n", row.name, ratio(row.get(s.Headline)))
	}
	p("documents fully right\t%s\n", ratio(s.FullyRight))
	p("distinct documents\t%d: fields read right %.1f/%d (%s), fully right %.1f/%d (%s)\n",
		s.Distinct.Docs, s.Distinct.FieldRight, s.Distinct.FieldTotal, pct(s.Distinct.FieldPct()),
		s.Distinct.FullyRight, s.Distinct.Docs, pct(s.Distinct.FullyRightPct()))
	p("sent to review\t%s\n", ratio(s.Review))
	p("negatives UNSUPPORTED\t%s\n", ratio(s.Negatives))
	p("incomes on negatives\t%d\n", s.NegativeIncomes)
	p("statuses\t%s\n", statuses(s.Statuses))
	if s.Failures > 0 {
		p("process failures\t%d\n", s.Failures)
	}
	p("\n")
	groups(p, "quality", s.ByQuality)
	p("\n")
	groups(p, "kind", s.ByKind)
	p("\n")
	if len(s.ReviewReasons) > 0 {
		p("sent to review because\tdocuments\talone\tall fields right already\n")
		for _, rr := range s.ReviewReasons {
			p("%s\t%d\t%d\t%d\n", rr.Reason, rr.Docs, rr.Alone, rr.FullyRight)
		}
		p("\n")
	}
	p("field\tread right\tof\taccuracy (incl. review)\n")
	for _, f := range s.Fields {
		p("%s\t%d\t%d\t%s\n", f.Field, f.N, f.Of, pct(f.Pct()))
	}
	p("\n")
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	if err := WriteReliability(w, "confidence", s.Reliability); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w)
	return err
}

func groups(p func(string, ...any), title string, rows []Group) {
	p("%s\tfiles\tstraight-through\tno review\tpublished-wrong\treview prefill\tread right (incl. review)\tfully right\n", title)
	for _, g := range rows {
		if g.Files == 0 {
			p("%s\t0\t-\t-\t-\t-\t-\t-\n", g.Name)
			continue
		}
		p("%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", g.Name, g.Files, ratio(g.StraightThrough), ratio(g.NoReview),
			ratio(g.PublishedWrong), ratio(g.ReviewPrefill), ratio(g.ReadRight), ratio(g.FullyRight))
	}
}

// WriteSideBySide prints the headline figures of several sets in columns
// (the corpora, the tuning and the held-out generated families), then the
// straight-through field accuracy and the documents with no review by
// quality, for the qualities any set has.
func WriteSideBySide(w io.Writer, sums []Summary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	p("== headline ==")
	for _, s := range sums {
		p("\t%s (%d files)", s.Set, s.Files)
	}
	p("\n")
	for _, row := range headlineRows() {
		p("%s", row.name)
		for _, s := range sums {
			p("\t%s", ratio(row.get(s.Headline)))
		}
		p("\n")
	}
	var qualities []string
	seen := map[string]bool{}
	for _, s := range sums {
		for _, g := range s.ByQuality {
			if g.Files > 0 && !seen[g.Name] {
				seen[g.Name] = true
				qualities = append(qualities, g.Name)
			}
		}
	}
	for _, what := range []struct {
		name string
		get  func(Headline) Ratio
	}{
		{"straight-through", func(h Headline) Ratio { return h.StraightThrough }},
		{"no review", func(h Headline) Ratio { return h.NoReview }},
	} {
		for _, q := range qualities {
			p("%s: %s", what.name, q)
			for _, s := range sums {
				cell := "-"
				for _, g := range s.ByQuality {
					if g.Name == q && g.Files > 0 {
						cell = ratio(what.get(g.Headline))
					}
				}
				p("\t%s", cell)
			}
			p("\n")
		}
	}
	p("\n")
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write headline: %w", err)
	}
	return nil
}

func statuses(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// WriteFiles prints one line per file: file, quality, status and the wrong
// fields as "field: got X want Y".
func WriteFiles(w io.Writer, results []FileResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "file\tquality\tstatus\twrong\n")
	for _, r := range results {
		status := r.Status
		if r.ErrorCode != "" {
			status += " " + r.ErrorCode
		}
		if r.Failure != "" {
			status += " (failed: " + r.Failure + ")"
		}
		var wrong []string
		missing := -1
		for _, d := range r.Diffs {
			if d.Missing {
				if d.Income != missing {
					missing = d.Income
					wrong = append(wrong, fmt.Sprintf("income %d missing (all fields wrong)", d.Income+1))
				}
				continue
			}
			name := d.Field
			if r.Expected > 1 || r.Produced > 1 {
				name = fmt.Sprintf("%d.%s", d.Income+1, d.Field)
			}
			if d.Extra {
				name += " (extra income)"
			}
			wrong = append(wrong, fmt.Sprintf("%s: got %s want %s", name, d.Got, d.Want))
		}
		if r.Expect == ExpectUnsupported && r.Status != "UNSUPPORTED" {
			wrong = append([]string{"expected UNSUPPORTED"}, wrong...)
		}
		line := "ok"
		if len(wrong) > 0 {
			line = strings.Join(wrong, "; ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.File, r.Quality, status, line)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write file lines: %w", err)
	}
	return nil
}

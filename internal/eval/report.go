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

// WriteSummary prints one set's section: headline lines, per-field accuracy,
// and the tables by quality and by kind.
func WriteSummary(w io.Writer, s Summary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }

	p("== %s: %d files, %s ==\n", s.Set, s.Files, (time.Duration(s.Seconds * float64(time.Second))).Round(time.Second))
	p("fields right\t%s\n", ratio(s.AllFields))
	p("documents fully right\t%s\n", ratio(s.FullyRight))
	p("distinct documents\t%d: fields right %.1f/%d (%s), fully right %.1f/%d (%s)\n",
		s.Distinct.Docs, s.Distinct.FieldRight, s.Distinct.FieldTotal, pct(s.Distinct.FieldPct()),
		s.Distinct.FullyRight, s.Distinct.Docs, pct(s.Distinct.FullyRightPct()))
	p("sent to review\t%s\n", ratio(s.Review))
	p("negatives UNSUPPORTED\t%s\n", ratio(s.Negatives))
	p("incomes on negatives\t%d\n", s.NegativeIncomes)
	p("confidently wrong\t%d of %d published fields (%s)\n",
		s.ConfidentlyWrong.N, s.ConfidentlyWrong.Of, pct(s.ConfidentlyWrong.Pct()))
	p("statuses\t%s\n", statuses(s.Statuses))
	if s.Failures > 0 {
		p("process failures\t%d\n", s.Failures)
	}
	p("\n")
	p("field\tright\tof\taccuracy\n")
	for _, f := range s.Fields {
		p("%s\t%d\t%d\t%s\n", f.Field, f.N, f.Of, pct(f.Pct()))
	}
	p("\n")
	groups(p, "quality", s.ByQuality)
	p("\n")
	groups(p, "kind", s.ByKind)
	p("\n")
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

func groups(p func(string, ...any), title string, rows []Group) {
	p("%s\tfiles\tfield accuracy\tfully right\treview\tconfidently wrong\n", title)
	for _, g := range rows {
		if g.Files == 0 {
			p("%s\t0\t-\t-\t-\t-\n", g.Name)
			continue
		}
		p("%s\t%d\t%s\t%s\t%d\t%d/%d\n", g.Name, g.Files, ratio(g.Fields), ratio(g.FullyRight),
			g.Review, g.ConfidentlyWrong.N, g.ConfidentlyWrong.Of)
	}
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

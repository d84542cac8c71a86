package docgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTuningNextLayoutsPrintTheirLabels renders every tn- template over
// several seeds, one and two pages: each page's text holds the labelled
// gross and net as printed, the labels are whole, in pesos and in the
// tuning family.
func TestTuningNextLayoutsPrintTheirLabels(t *testing.T) {
	t.Parallel()
	for _, lay := range tuningNextLayouts() {
		t.Run(lay.Name, func(t *testing.T) {
			t.Parallel()
			needTool(t, "pdftotext")
			if !strings.HasPrefix(lay.Name, "tn-") {
				t.Errorf("name %q lacks the tn- prefix", lay.Name)
			}
			if f, _ := PayslipLayoutFamily(lay.Name); f != FamilyTuning {
				t.Fatalf("family %q, want tuning", f)
			}
			for seed := int64(1); seed <= 12; seed++ {
				pages := 1 + int(seed%3)/2
				d, err := New(seed).PayslipLayout(lay.Name, pages)
				if err != nil {
					t.Fatal(err)
				}
				if d.Family != FamilyTuning {
					t.Errorf("seed %d: doc family %q", seed, d.Family)
				}
				if len(d.Incomes) != pages || d.Pages != pages {
					t.Fatalf("seed %d: %d incomes over %d pages, want %d", seed, len(d.Incomes), d.Pages, pages)
				}
				text := pdfText(t, d.PDF)
				// pdftotext separates pages with a form feed.
				pageTexts := strings.Split(text, "\f")
				for i, in := range d.Incomes {
					g, n := *in.GrossAmount, *in.NetAmount
					if g <= 0 || n <= 0 || n > g {
						t.Errorf("seed %d page %d: gross %.2f, net %.2f", seed, i+1, g, n)
					}
					for _, amt := range []float64{g, n, *in.BaseAmount} {
						if !containsAmount(pageTexts[i], amt) {
							t.Errorf("seed %d page %d: %.2f not printed (%s)", seed, i+1, amt, d.Notes)
						}
					}
					if !strings.Contains(norm(pageTexts[i]), norm(*in.Employer)) {
						t.Errorf("seed %d page %d: employer %q not printed", seed, i+1, *in.Employer)
					}
					if *in.StartDate > *in.EndDate || *in.Currency != "PHP" {
						t.Errorf("seed %d page %d: period %s..%s, currency %s", seed, i+1, *in.StartDate, *in.EndDate, *in.Currency)
					}
				}
			}
		})
	}
}

// TestTuningNextContentKeepsArithmetic checks that every tn- slip adds up:
// the earnings printed in the gross sum to it, the deductions to their
// total, and the net is the gross less the deductions plus any non-taxable
// allowances a statement adds back. It also checks that the variations the
// templates exist for turn up: allowances added back (tn-stacked) and
// negative earnings (tn-boxed).
func TestTuningNextContentKeepsArithmetic(t *testing.T) {
	t.Parallel()
	seen := map[string]int{}
	for _, lay := range tuningNextLayouts() {
		for seed := int64(1); seed <= 60; seed++ {
			s := drawnSlip(lay, seed)
			var gs, ds int64
			for _, it := range s.Earnings {
				if it.Kind != kindDeMinimis {
					gs += it.Amount
				}
				if it.Amount < 0 {
					seen[lay.Name+" negative earning"]++
				}
			}
			for _, it := range s.Deductions {
				ds += it.Amount
				if it.Amount <= 0 {
					t.Errorf("%s seed %d: deduction %q is %d", lay.Name, seed, it.Label, it.Amount)
				}
			}
			back := addBack(s)
			if back > 0 {
				seen[lay.Name+" add-back"]++
				if lay.Name != "tn-stacked" {
					t.Errorf("%s seed %d: allowances added back outside tn-stacked", lay.Name, seed)
				}
			}
			if gs != s.Gross || ds != s.TotalDed || s.Net != s.Gross-s.TotalDed+back || s.Net <= 0 || s.Net > s.Gross {
				t.Errorf("%s seed %d: gross %d (sum %d), deductions %d (sum %d), add-back %d, net %d",
					lay.Name, seed, s.Gross, gs, s.TotalDed, ds, back, s.Net)
			}
			if s.Basic != s.Earnings[0].Amount || s.Earnings[0].Kind != "basic" {
				t.Errorf("%s seed %d: basic %d, first line %+v", lay.Name, seed, s.Basic, s.Earnings[0])
			}
			if lay.Name == "tn-boxed" && s.PayDate != nil && boxedPrepared(s).Equal(*s.PayDate) {
				t.Errorf("seed %d: tn-boxed prepared on its pay date", seed)
			}
		}
	}
	for _, k := range []string{"tn-stacked add-back", "tn-boxed negative earning"} {
		if seen[k] == 0 {
			t.Errorf("no %s in 60 seeds", k)
		}
	}
}

func TestSpanText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b  time.Time
		month func(time.Month) string
		sep   string
		want  string
	}{
		{date(2025, 6, 1), date(2025, 6, 15), monthTagalog, "-", "Hunyo 1-15, 2025"},
		{date(2025, 6, 1), date(2025, 6, 15), monthTagalog, " hanggang ", "Hunyo 1 hanggang 15, 2025"},
		{date(2025, 3, 16), date(2025, 3, 31), monthShort, "-", "Mar 16-31, 2025"},
		{date(2025, 6, 28), date(2025, 7, 4), monthShort, "-", "Jun 28 - Jul 4, 2025"},
		{date(2025, 12, 29), date(2026, 1, 4), monthTagalog, " hanggang ", "Disyembre 29, 2025 hanggang Enero 4, 2026"},
		{date(2025, 6, 1), date(2025, 6, 15), monthLong, " to ", "June 1 to 15, 2025"},
	} {
		if got := spanText(c.a, c.b, c.month, c.sep); got != c.want {
			t.Errorf("spanText(%s, %s, %q) = %q, want %q", ymd(c.a), ymd(c.b), c.sep, got, c.want)
		}
	}
}

// TestTuningNextSamples writes a few PDFs of each tn- template to
// $TALAAN_SAMPLES for people to look at; it does nothing otherwise.
func TestTuningNextSamples(t *testing.T) {
	dir := os.Getenv("TALAAN_SAMPLES")
	if dir == "" {
		t.Skip("set TALAAN_SAMPLES to a folder to write samples")
	}
	for _, lay := range tuningNextLayouts() {
		for seed := int64(1); seed <= 8; seed++ {
			d, err := New(seed).PayslipLayout(lay.Name, 1)
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(dir, fmt.Sprintf("%s-%d.pdf", lay.Name, seed))
			if err := os.WriteFile(name, d.PDF, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

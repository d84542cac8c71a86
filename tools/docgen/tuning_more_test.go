package docgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"talaan/extract"
)

// TestTuningMoreLayoutsPrintTheirLabels renders every tm- template over
// several seeds, one and two pages: each page's text holds the labelled
// gross and net as printed, the labels add up, and US slips are in USD.
func TestTuningMoreLayoutsPrintTheirLabels(t *testing.T) {
	t.Parallel()
	for _, lay := range tuningMoreLayouts() {
		t.Run(lay.Name, func(t *testing.T) {
			t.Parallel()
			needTool(t, "pdftotext")
			if f, _ := PayslipLayoutFamily(lay.Name); f != FamilyTuning {
				t.Fatalf("family %q, want tuning", f)
			}
			for seed := int64(1); seed <= 12; seed++ {
				pages := 1 + int(seed%3)/2
				d, err := New(seed).PayslipLayout(lay.Name, pages)
				if err != nil {
					t.Fatal(err)
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
					for _, amt := range []float64{g, n} {
						if !containsAmount(pageTexts[i], amt) {
							t.Errorf("seed %d page %d: %.2f not printed (%s)", seed, i+1, amt, d.Notes)
						}
					}
					if *in.Employer == "" || *in.StartDate > *in.EndDate {
						t.Errorf("seed %d page %d: employer %q, period %s..%s", seed, i+1, *in.Employer, *in.StartDate, *in.EndDate)
					}
					us := *in.Currency == "USD"
					if lay.Name == "tm-usstub" && !us {
						t.Errorf("seed %d: currency %s, want USD", seed, *in.Currency)
					}
					if us && in.PayDate == nil {
						t.Errorf("seed %d: a US slip without a pay date", seed)
					}
					if us && *in.Frequency == extract.FreqMonthly {
						t.Errorf("seed %d: a monthly US slip", seed)
					}
				}
			}
		})
	}
}

// TestTuningMoreContentKeepsArithmetic checks that the templates that
// rewrite a slip's lines keep earnings summing to gross, deductions to the
// total and gross less deductions to net.
func TestTuningMoreContentKeepsArithmetic(t *testing.T) {
	t.Parallel()
	for _, lay := range tuningMoreLayouts() {
		for seed := int64(1); seed <= 40; seed++ {
			s := drawnSlip(lay, seed)
			var gs, ds int64
			for _, it := range s.Earnings {
				gs += it.Amount
			}
			for _, it := range s.Deductions {
				ds += it.Amount
				if it.Amount <= 0 {
					t.Errorf("%s seed %d: deduction %q is %d", lay.Name, seed, it.Label, it.Amount)
				}
			}
			if gs != s.Gross || ds != s.TotalDed || s.Net != s.Gross-s.TotalDed || s.Net <= 0 {
				t.Errorf("%s seed %d: gross %d (sum %d), deductions %d (sum %d), net %d", lay.Name, seed, s.Gross, gs, s.TotalDed, ds, s.Net)
			}
			if s.Basic != s.Earnings[0].Amount || s.Earnings[0].Kind != "basic" {
				t.Errorf("%s seed %d: basic %d, first line %+v", lay.Name, seed, s.Basic, s.Earnings[0])
			}
		}
	}
}

// TestTuningMoreSamples writes a few PDFs of each tm- template to
// $TALAAN_SAMPLES for people to look at; it does nothing otherwise.
func TestTuningMoreSamples(t *testing.T) {
	dir := os.Getenv("TALAAN_SAMPLES")
	if dir == "" {
		t.Skip("set TALAAN_SAMPLES to a folder to write samples")
	}
	for _, lay := range tuningMoreLayouts() {
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

// drawnSlip is the slip a layout's content draws for a seed, as a
// generator of that seed draws its first one.
func drawnSlip(lay *slipLayout, seed int64) *payslip {
	r := New(seed).r
	freq := extract.FreqSemimonthly
	if lay.Freqs != nil {
		freq = pick(r, lay.Freqs)
	}
	e := newEmployee(r, freq)
	st := newSlipStyle(r, lay, freq)
	start, end := firstPeriod(r, freq)
	s := newSlip(r, e, st, start, end)
	if lay.Content != nil {
		lay.Content(r, s)
	}
	return s
}

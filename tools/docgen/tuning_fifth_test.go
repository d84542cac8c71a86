package docgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"talaan/extract"
)

// t5PeriodPrinted reports whether text holds the period a..b in one of the
// forms the t5- templates print: both dates in one numeric or written
// form, a range with the month once ("June 1-15, 2025", "Jun 28 - Jul 4,
// 2025"), or a cut-off with the month on both days ("March 1 to March 15,
// 2025").
func t5PeriodPrinted(text string, a, b time.Time) bool {
	t := norm(text)
	for _, f := range []string{"01/02/2006", "2006-01-02", "Jan 2, 2006", "January 2, 2006", "02-Jan-2006"} {
		if strings.Contains(t, norm(a.Format(f))) && strings.Contains(t, norm(b.Format(f))) {
			return true
		}
	}
	var spans []string
	for _, mf := range []string{"January", "Jan"} {
		ma, mb := a.Format(mf), b.Format(mf)
		switch {
		case a.Year() == b.Year() && a.Month() == b.Month():
			spans = append(spans, fmt.Sprintf("%s %d-%d, %d", ma, a.Day(), b.Day(), a.Year()))
		case a.Year() == b.Year():
			spans = append(spans, fmt.Sprintf("%s %d - %s %d, %d", ma, a.Day(), mb, b.Day(), a.Year()))
		default:
			spans = append(spans, fmt.Sprintf("%s %d, %d - %s %d, %d", ma, a.Day(), a.Year(), mb, b.Day(), b.Year()))
		}
		if a.Year() == b.Year() {
			spans = append(spans, fmt.Sprintf("%s %d to %s %d, %d", ma, a.Day(), mb, b.Day(), b.Year()))
		} else {
			spans = append(spans, fmt.Sprintf("%s %d, %d to %s %d, %d", ma, a.Day(), a.Year(), mb, b.Day(), b.Year()))
		}
	}
	for _, s := range spans {
		if strings.Contains(t, norm(s)) {
			return true
		}
	}
	return false
}

// TestTuningFifthLayoutsPrintTheirLabels renders every t5- template over
// several seeds, one and two pages: each page's text holds the labelled
// employer, period, gross, net and basic pay as printed, the labels are
// whole and in the tuning family, in pesos but for US stubs in dollars.
func TestTuningFifthLayoutsPrintTheirLabels(t *testing.T) {
	t.Parallel()
	for _, lay := range tuningFifthLayouts() {
		t.Run(lay.Name, func(t *testing.T) {
			t.Parallel()
			needTool(t, "pdftotext")
			if !strings.HasPrefix(lay.Name, "t5-") {
				t.Errorf("name %q lacks the t5- prefix", lay.Name)
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
					pt := pageTexts[i]
					g, n := *in.GrossAmount, *in.NetAmount
					if g <= 0 || n <= 0 || n > g {
						t.Errorf("seed %d page %d: gross %.2f, net %.2f", seed, i+1, g, n)
					}
					for _, amt := range []float64{g, n, *in.BaseAmount} {
						if !containsAmount(pt, amt) {
							t.Errorf("seed %d page %d: %.2f not printed (%s)", seed, i+1, amt, d.Notes)
						}
					}
					if !strings.Contains(norm(pt), norm(*in.Employer)) {
						t.Errorf("seed %d page %d: employer %q not printed", seed, i+1, *in.Employer)
					}
					a, err1 := time.Parse("2006-01-02", *in.StartDate)
					b, err2 := time.Parse("2006-01-02", *in.EndDate)
					if err1 != nil || err2 != nil || b.Before(a) {
						t.Fatalf("seed %d page %d: period %s..%s", seed, i+1, *in.StartDate, *in.EndDate)
					}
					if !t5PeriodPrinted(pt, a, b) {
						t.Errorf("seed %d page %d: period %s..%s not printed:\n%s", seed, i+1, *in.StartDate, *in.EndDate, pt)
					}
					if in.PayDate != nil {
						pd, _ := time.Parse("2006-01-02", *in.PayDate)
						if !t5PeriodPrinted(pt, pd, pd) {
							t.Errorf("seed %d page %d: pay date %s not printed", seed, i+1, *in.PayDate)
						}
					} else if lay.Name == "t5-summarybar" || lay.Name == "t5-usstub" {
						t.Errorf("seed %d page %d: %s without a pay date", seed, i+1, lay.Name)
					}
					cur := *in.Currency
					if cur != "PHP" && (lay.Name != "t5-usstub" || cur != "USD") {
						t.Errorf("seed %d page %d: currency %s", seed, i+1, cur)
					}
					if cur == "USD" && *in.Frequency == extract.FreqMonthly {
						t.Errorf("seed %d page %d: a monthly US slip", seed, i+1)
					}
					switch lay.Name {
					case "t5-keyvalue":
						if !strings.Contains(pt, "TAKE HOME PAY") {
							t.Errorf("seed %d page %d: no TAKE HOME PAY caption", seed, i+1)
						}
					case "t5-usstub":
						for _, h := range []string{"Year To Date", "Total Gross", "Total Taxes", "Total Deductions", "Net Pay"} {
							if !strings.Contains(pt, h) {
								t.Errorf("seed %d page %d: no %q", seed, i+1, h)
							}
						}
					}
				}
			}
		})
	}
}

// TestTuningFifthContentKeepsArithmetic checks that every t5- slip adds
// up, that the summary bar and the US stub always have the pay date they
// print, and that US stubs come in dollars and in pesos.
func TestTuningFifthContentKeepsArithmetic(t *testing.T) {
	t.Parallel()
	seen := map[string]int{}
	for _, lay := range tuningFifthLayouts() {
		for seed := int64(1); seed <= 60; seed++ {
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
			if gs != s.Gross || ds != s.TotalDed || s.Net != s.Gross-s.TotalDed || s.Net <= 0 || s.Net > s.Gross {
				t.Errorf("%s seed %d: gross %d (sum %d), deductions %d (sum %d), net %d",
					lay.Name, seed, s.Gross, gs, s.TotalDed, ds, s.Net)
			}
			if s.NetYTD != s.GrossYTD-s.DedYTD {
				t.Errorf("%s seed %d: YTD net %d, gross %d, deductions %d", lay.Name, seed, s.NetYTD, s.GrossYTD, s.DedYTD)
			}
			if s.Basic != s.Earnings[0].Amount || s.Earnings[0].Kind != "basic" {
				t.Errorf("%s seed %d: basic %d, first line %+v", lay.Name, seed, s.Basic, s.Earnings[0])
			}
			if (lay.Name == "t5-summarybar" || lay.Name == "t5-usstub") && s.PayDate == nil {
				t.Errorf("%s seed %d: no pay date", lay.Name, seed)
			}
			if lay.Name == "t5-usstub" {
				seen[s.Currency]++
				if (s.Currency == "USD") != t5US(s) {
					t.Errorf("seed %d: currency %q, US %v", seed, s.Currency, t5US(s))
				}
			}
		}
	}
	if seen["USD"] == 0 || seen[""] == 0 {
		t.Errorf("US stubs by currency %v: want both dollars and pesos", seen)
	}
}

func TestT5DenomsSumToNet(t *testing.T) {
	t.Parallel()
	for _, c := range []int64{1, 99, 100, 123456, 1888888, 5000025, 2749931} {
		var sum int64
		for i, d := range t5Denoms(c) {
			if d.Count <= 0 || (i > 0 && d.Face >= t5Denoms(c)[i-1].Face) {
				t.Errorf("%d: denominations %+v", c, t5Denoms(c))
			}
			sum += d.Face * d.Count
		}
		if sum != c {
			t.Errorf("%d: denominations sum to %d", c, sum)
		}
	}
	if got := (t5Denom{Face: 100000}).face(); got != "1,000" {
		t.Errorf("face of 1,000 pesos %q", got)
	}
	if got := (t5Denom{Face: 25}).face(); got != "0.25" {
		t.Errorf("face of 25 centavos %q", got)
	}
}

func TestT5Cutoff(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b  time.Time
		month func(time.Month) string
		want  string
	}{
		{date(2025, 3, 1), date(2025, 3, 15), monthLong, "March 1 to March 15, 2025"},
		{date(2025, 3, 16), date(2025, 3, 31), monthShort, "Mar 16 to Mar 31, 2025"},
		{date(2025, 3, 28), date(2025, 4, 3), monthLong, "March 28 to April 3, 2025"},
		{date(2025, 12, 29), date(2026, 1, 4), monthLong, "December 29, 2025 to January 4, 2026"},
	} {
		if got := t5Cutoff(c.a, c.b, c.month); got != c.want {
			t.Errorf("t5Cutoff(%s, %s) = %q, want %q", ymd(c.a), ymd(c.b), got, c.want)
		}
	}
}

// TestTuningFifthSamples writes a few PDFs of each t5- template to
// $TALAAN_SAMPLES for people to look at; it does nothing otherwise.
func TestTuningFifthSamples(t *testing.T) {
	dir := os.Getenv("TALAAN_SAMPLES")
	if dir == "" {
		t.Skip("set TALAAN_SAMPLES to a folder to write samples")
	}
	for _, lay := range tuningFifthLayouts() {
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

package docgen

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func hobLayouts() []string {
	var out []string
	for _, l := range heldOutB() {
		out = append(out, l.Name)
	}
	return out
}

// TestHeldOutBPrintsTruth checks every ho-b template over a few seeds: the
// text layer holds the employer, the base, the gross and the net.
func TestHeldOutBPrintsTruth(t *testing.T) {
	t.Parallel()
	needTool(t, "pdftotext")
	dump := os.Getenv("HOB_DUMP")
	for _, name := range hobLayouts() {
		if fam, ok := PayslipLayoutFamily(name); !ok || fam != FamilyHeldOut {
			t.Errorf("%s: family %q", name, fam)
		}
		for seed := int64(1); seed <= 6; seed++ {
			d, err := NewFamily(seed, FamilyHeldOut).PayslipLayout(name, 1+int(seed%3/2))
			if err != nil {
				t.Fatalf("%s seed %d: %v", name, seed, err)
			}
			if dump != "" {
				_ = os.WriteFile(filepath.Join(dump, name+"-"+string(rune('0'+seed))+".pdf"), d.PDF, 0o644)
			}
			text := pdfText(t, d.PDF)
			if strings.Count(text, "\f") < d.Pages {
				t.Errorf("%s seed %d: %d pages expected in text", name, seed, d.Pages)
			}
			for _, in := range d.Incomes {
				if !strings.Contains(norm(text), norm(*in.Employer)) {
					t.Errorf("%s seed %d: employer %q not in text:\n%s", name, seed, *in.Employer, text)
				}
				for what, v := range map[string]float64{"base": *in.BaseAmount, "gross": *in.GrossAmount, "net": *in.NetAmount} {
					if !containsAmount(text, v) {
						t.Errorf("%s seed %d: %s %.2f not in text:\n%s", name, seed, what, v, text)
					}
				}
			}
		}
	}
}

func TestHOBWords(t *testing.T) {
	t.Parallel()
	for c, want := range map[int64]string{
		1234556:   "Twelve Thousand Three Hundred Forty-Five Pesos and 56/100",
		100000:    "One Thousand Pesos and 00/100",
		5:         "Zero Pesos and 05/100",
		200000007: "Two Million Pesos and 07/100",
	} {
		if got := hobWords(c); got != want {
			t.Errorf("hobWords(%d) = %q, want %q", c, got, want)
		}
	}
}

var _ = context.Background

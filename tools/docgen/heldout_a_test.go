package docgen

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func hoALayouts() []string {
	var out []string
	for _, l := range heldOutA() {
		out = append(out, l.Name)
	}
	return out
}

func TestHeldOutAAreHeldOut(t *testing.T) {
	t.Parallel()
	names := hoALayouts()
	if len(names) != 6 {
		t.Fatalf("%d ho-a templates, want 6", len(names))
	}
	for _, n := range names {
		if !strings.HasPrefix(n, "ho-a-") {
			t.Errorf("%s: name lacks the ho-a- prefix", n)
		}
		if f, ok := PayslipLayoutFamily(n); !ok || f != FamilyHeldOut {
			t.Errorf("%s: family %q, want %q", n, f, FamilyHeldOut)
		}
	}
}

// TestHeldOutAPrintsTruth checks that every ho-a template prints the
// employer and the base, gross and net amounts of each page's truth, on
// the page that truth belongs to.
func TestHeldOutAPrintsTruth(t *testing.T) {
	t.Parallel()
	needTool(t, "pdftotext")
	for _, l := range hoALayouts() {
		for seed := int64(1); seed <= 8; seed++ {
			n := 1 + int(seed)%2
			d, err := NewFamily(seed, FamilyHeldOut).PayslipLayout(l, n)
			if err != nil {
				t.Fatalf("%s seed %d: %v", l, seed, err)
			}
			if d.Family != FamilyHeldOut || len(d.Incomes) != n || d.Pages != n {
				t.Fatalf("%s seed %d: family %q, %d incomes, %d pages", l, seed, d.Family, len(d.Incomes), d.Pages)
			}
			pages := strings.Split(pdfText(t, d.PDF), "\f")
			if len(pages) < n {
				t.Fatalf("%s seed %d: %d pages of text, want %d", l, seed, len(pages), n)
			}
			for i, in := range d.Incomes {
				text := pages[i]
				if !strings.Contains(norm(text), norm(*in.Employer)) {
					t.Errorf("%s seed %d page %d: employer %q not in text:\n%s", l, seed, i+1, *in.Employer, text)
				}
				for _, a := range []struct {
					name string
					v    *float64
				}{{"base", in.BaseAmount}, {"gross", in.GrossAmount}, {"net", in.NetAmount}} {
					if !containsAmount(text, *a.v) {
						t.Errorf("%s seed %d page %d: %s %.2f not in text:\n%s", l, seed, i+1, a.name, *a.v, text)
					}
				}
			}
		}
	}
}

func TestHeldOutARenders(t *testing.T) {
	needTool(t, "pdftoppm")
	ctx := context.Background()
	for i, l := range hoALayouts() {
		d, err := NewFamily(int64(40+i), FamilyHeldOut).PayslipLayout(l, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []Quality{QualityDigital, QualityScan, QualityLowRes} {
			data, _, err := Render(ctx, d, q)
			if err != nil {
				t.Fatalf("%s %s: %v", l, q, err)
			}
			if len(data) < 1000 {
				t.Errorf("%s %s: %d bytes", l, q, len(data))
			}
		}
	}
}

func TestHeldOutASameSeedSameBytes(t *testing.T) {
	t.Parallel()
	for _, l := range hoALayouts() {
		a, _ := NewFamily(7, FamilyHeldOut).PayslipLayout(l, 2)
		b, _ := NewFamily(7, FamilyHeldOut).PayslipLayout(l, 2)
		if string(a.PDF) != string(b.PDF) {
			t.Errorf("%s: same seed, different bytes", l)
		}
	}
}

// TestHeldOutADump writes sample documents of every ho-a template to the
// directory named by HOA_DUMP (only the templates whose name contains
// HOA_ONLY, if set), for looking at them.
func TestHeldOutADump(t *testing.T) {
	dir := os.Getenv("HOA_DUMP")
	if dir == "" {
		t.Skip("HOA_DUMP not set")
	}
	only := os.Getenv("HOA_ONLY")
	n, _ := strconv.Atoi(os.Getenv("HOA_N"))
	n = max(n, 6)
	for _, l := range hoALayouts() {
		if only != "" && !strings.Contains(l, only) {
			continue
		}
		for seed := int64(1); seed <= int64(n); seed++ {
			d, err := NewFamily(seed, FamilyHeldOut).PayslipLayout(l, 1)
			if err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(dir, fmt.Sprintf("%s-%d.pdf", l, seed))
			if err := os.WriteFile(f, d.PDF, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

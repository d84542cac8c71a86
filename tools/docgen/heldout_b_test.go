package docgen

import (
	"bytes"
	"context"
	"image"
	_ "image/jpeg"
	_ "image/png"
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

// TestHeldOutQualitiesRenderHOB renders every ho-b template at every
// held-out quality: each gives an image of a sane size, reproducibly.
func TestHeldOutQualitiesRenderHOB(t *testing.T) {
	needTool(t, "pdftoppm")
	if testing.Short() {
		t.Skip("renders photos")
	}
	ctx := context.Background()
	dump := os.Getenv("HOB_DUMP")
	for _, q := range HeldOutQualities() {
		for _, qq := range Qualities() {
			if q == qq {
				t.Fatalf("%s is also a tuning quality", q)
			}
		}
	}
	for i, name := range hobLayouts() {
		d, err := NewFamily(int64(40+i), FamilyHeldOut).PayslipLayout(name, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range HeldOutQualities() {
			r, err := RenderDetail(ctx, d, q)
			if err != nil {
				t.Fatalf("%s %s: %v", name, q, err)
			}
			img, format, err := image.Decode(bytes.NewReader(r.Data))
			if err != nil {
				t.Fatalf("%s %s: decode: %v", name, q, err)
			}
			b := img.Bounds()
			long, short := max(b.Dx(), b.Dy()), min(b.Dx(), b.Dy())
			ok := false
			switch q {
			case QualityFax:
				ok = format == "png" && long >= 1000 && long <= 3000 && short >= 700
			case QualityMessenger:
				ok = format == "jpeg" && long >= 1100 && long <= 1280 && short >= 700
			case QualityShadow:
				ok = format == "jpeg" && long == 3000 && short == 2250
			case QualityCrop:
				ok = format == "png" && long >= 1400 && long <= 4300 && short >= 1000
			}
			if !ok {
				t.Errorf("%s %s: %s %dx%d", name, q, format, b.Dx(), b.Dy())
			}
			if r.Params == "" {
				t.Errorf("%s %s: no params", name, q)
			}
			if dump != "" {
				_ = os.WriteFile(filepath.Join(dump, name+"-"+string(q)+r.Ext), r.Data, 0o644)
			}
			t.Logf("%s %s: %dx%d %s", name, q, b.Dx(), b.Dy(), r.Params)
		}
	}
	d, err := NewFamily(3, FamilyHeldOut).PayslipLayout("ho-b-strip", 1)
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := Render(ctx, d, QualityCrop)
	if err != nil {
		t.Fatal(err)
	}
	if b, _, _ := Render(ctx, d, QualityCrop); !bytes.Equal(a, b) {
		t.Error("crop rendering is not reproducible")
	}
}

package docgen

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"math"
	"math/rand/v2"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/tiff"

	"talaan/extract"
)

func TestPayslipArithmeticIsExact(t *testing.T) {
	t.Parallel()
	lays := slipLayouts()
	freqs := []string{extract.FreqSemimonthly, extract.FreqMonthly, extract.FreqWeekly, extract.FreqBiweekly}
	for seed := uint64(1); seed <= 200; seed++ {
		r := rand.New(rand.NewPCG(seed, 1))
		freq := freqs[seed%4]
		e := newEmployee(r, freq)
		st := newSlipStyle(r, lays[int(seed)%len(lays)], freq)
		start, end := firstPeriod(r, freq)
		for i := range 3 {
			if i > 0 {
				start, end = nextPeriod(freq, start, end)
			}
			s := newSlip(r, e, st, start, end)
			var g, d int64
			for _, it := range s.Earnings {
				g += it.Amount
			}
			for _, it := range s.Deductions {
				d += it.Amount
				if it.Amount <= 0 {
					t.Errorf("seed %d: deduction %q is %d", seed, it.Label, it.Amount)
				}
			}
			if g != s.Gross || d != s.TotalDed || s.Net != s.Gross-s.TotalDed {
				t.Errorf("seed %d: gross %d (sum %d), deductions %d (sum %d), net %d", seed, s.Gross, g, s.TotalDed, d, s.Net)
			}
			if s.Net <= 0 {
				t.Errorf("seed %d: net %d not positive", seed, s.Net)
			}
			if s.Earnings[0].Kind != "basic" || s.Earnings[0].Amount != s.Basic {
				t.Errorf("seed %d: first earning %+v, basic %d", seed, s.Earnings[0], s.Basic)
			}
			monthly := float64(s.Monthly) / 100
			if monthly < 7000 || monthly > 120000 {
				t.Errorf("seed %d: monthly rate %.2f out of range", seed, monthly)
			}
			checkPeriod(t, freq, s.Start, s.End)
			var gy, dy int64
			for _, it := range s.Earnings {
				gy += it.YTD
			}
			for _, it := range s.Deductions {
				dy += it.YTD
			}
			if gy != s.GrossYTD || dy != s.DedYTD || s.NetYTD != gy-dy {
				t.Errorf("seed %d: YTD columns do not add up", seed)
			}
		}
	}
}

func checkPeriod(t *testing.T, freq string, a, b time.Time) {
	t.Helper()
	days := int(b.Sub(a).Hours()/24) + 1
	switch freq {
	case extract.FreqSemimonthly:
		if !(a.Day() == 1 && b.Day() == 15) && !(a.Day() == 16 && b.Day() == daysIn(b.Year(), b.Month())) {
			t.Errorf("semimonthly period %s..%s", ymd(a), ymd(b))
		}
	case extract.FreqMonthly:
		if a.Day() != 1 || b.Day() != daysIn(b.Year(), b.Month()) || a.Month() != b.Month() {
			t.Errorf("monthly period %s..%s", ymd(a), ymd(b))
		}
	case extract.FreqWeekly:
		if days != 7 {
			t.Errorf("weekly period %s..%s", ymd(a), ymd(b))
		}
	case extract.FreqBiweekly:
		if days != 14 {
			t.Errorf("biweekly period %s..%s", ymd(a), ymd(b))
		}
	}
}

func TestBIRItemsAddUp(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 200; seed++ {
		b := newBIR(rand.New(rand.NewPCG(seed, 2)))
		it := b.Items
		var nt, tx int64
		for _, i := range birNonTaxItems()[:9] {
			nt += it[i.No]
		}
		for _, i := range birTaxItems()[:13] {
			tx += it[i.No]
		}
		checks := []struct {
			name string
			ok   bool
		}{
			{"38 = sum 29..37", it["38"] == nt},
			{"52 = sum 39..51", it["52"] == tx},
			{"19 = 38 + 52", it["19"] == it["38"]+it["52"]},
			{"21 = 19 - 20", it["21"] == it["19"]-it["20"]},
			{"23 = 21 + 22", it["23"] == it["21"]+it["22"]},
			{"26 = 25A + 25B", it["26"] == it["25A"]+it["25B"]},
			{"28 = 26 + 27", it["28"] == it["26"]+it["27"]},
			{"basic positive", (b.MWE && it["29"] > 0 && it["39"] == 0) || (!b.MWE && it["39"] > 0)},
			{"34 at most 90,000", it["34"] <= 9000000},
		}
		for _, c := range checks {
			if !c.ok {
				t.Errorf("seed %d: %s fails: %v", seed, c.name, it)
			}
		}
		in := b.income()
		if *in.GrossAmount != centavosToFloat(it["19"]) || in.NetAmount != nil || in.PayDate != nil || *in.Frequency != extract.FreqAnnually {
			t.Errorf("seed %d: income %+v", seed, in)
		}
	}
}

func TestRandomDocsHaveConsistentTruth(t *testing.T) {
	t.Parallel()
	kinds := map[extract.Kind]int{}
	for seed := int64(1); seed <= 200; seed++ {
		d := New(seed).Random()
		kinds[d.Kind]++
		if !bytes.HasPrefix(d.PDF, []byte("%PDF-")) {
			t.Fatalf("seed %d: not a PDF", seed)
		}
		switch d.Kind {
		case extract.KindUnsupported:
			if len(d.Incomes) != 0 {
				t.Errorf("seed %d: negative with incomes", seed)
			}
			continue
		case extract.KindPayslip:
			if len(d.Incomes) != d.Pages {
				t.Errorf("seed %d: %d incomes on %d pages", seed, len(d.Incomes), d.Pages)
			}
		}
		for _, in := range d.Incomes {
			if in.Employer == nil || *in.Employer == "" || in.StartDate == nil || in.EndDate == nil || in.GrossAmount == nil || in.BaseAmount == nil {
				t.Fatalf("seed %d: incomplete income %+v", seed, in)
			}
			a, err1 := time.Parse("2006-01-02", *in.StartDate)
			b, err2 := time.Parse("2006-01-02", *in.EndDate)
			if err1 != nil || err2 != nil || b.Before(a) {
				t.Errorf("seed %d: period %s..%s", seed, *in.StartDate, *in.EndDate)
			}
			if d.Kind == extract.KindPayslip {
				checkPeriod(t, *in.Frequency, a, b)
				if *in.NetAmount > *in.GrossAmount || *in.NetAmount <= 0 {
					t.Errorf("seed %d: net %.2f gross %.2f", seed, *in.NetAmount, *in.GrossAmount)
				}
			}
			for _, v := range []*float64{in.GrossAmount, in.BaseAmount, in.NetAmount} {
				if v != nil && math.Abs(*v*100-math.Round(*v*100)) > 1e-6 {
					t.Errorf("seed %d: amount %v not whole centavos", seed, *v)
				}
			}
		}
	}
	if kinds[extract.KindPayslip] < 110 || kinds[extract.KindBIR2316] < 15 || kinds[extract.KindUnsupported] < 15 {
		t.Errorf("kind mix %v", kinds)
	}
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed", name)
	}
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.CommandContext(context.Background(), "pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

var spaces = regexp.MustCompile(`\s+`)

func norm(s string) string { return strings.ToUpper(spaces.ReplaceAllString(s, " ")) }

// containsAmount reports whether text has v printed with or without commas.
func containsAmount(text string, v float64) bool {
	c := int64(math.Round(v * 100))
	return strings.Contains(text, fmtCentavos(c, true)) || strings.Contains(text, fmtCentavos(c, false))
}

func TestEveryLayoutPrintsEmployerAndAmounts(t *testing.T) {
	t.Parallel()
	needTool(t, "pdftotext")
	g := New(11)
	type tc struct {
		name string
		make func() (Doc, error)
	}
	var cases []tc
	for _, l := range PayslipLayouts() {
		for i := range 3 {
			cases = append(cases, tc{l, func() (Doc, error) { return g.PayslipLayout(l, 1+i%2) }})
		}
	}
	for _, l := range BIR2316Layouts() {
		for range 3 {
			cases = append(cases, tc{l, func() (Doc, error) { return g.BIR2316Layout(l) }})
		}
	}
	for _, c := range cases {
		d, err := c.make()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		text := pdfText(t, d.PDF)
		if d.Pages > 1 && strings.Count(text, "\f") < d.Pages {
			t.Errorf("%s: %d pages expected in text", c.name, d.Pages)
		}
		for _, in := range d.Incomes {
			if !strings.Contains(norm(text), norm(*in.Employer)) {
				t.Errorf("%s: employer %q not in text:\n%s", c.name, *in.Employer, text)
			}
			want := in.NetAmount
			if d.Kind == extract.KindBIR2316 {
				want = in.GrossAmount
			}
			if !containsAmount(text, *want) || !containsAmount(text, *in.GrossAmount) || !containsAmount(text, *in.BaseAmount) {
				t.Errorf("%s: amounts net/gross/base %v/%v/%v not all in text:\n%s", c.name, want, *in.GrossAmount, *in.BaseAmount, text)
			}
		}
	}
	for _, l := range NegativeLayouts() {
		d, err := g.NegativeLayout(l)
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if text := pdfText(t, d.PDF); len(strings.TrimSpace(text)) < 50 {
			t.Errorf("%s: text layer too short: %q", l, text)
		}
	}
}

func TestSameSeedSameBytes(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 2, 99} {
		a, b := New(seed), New(seed)
		for i := range 6 {
			da, db := a.Random(), b.Random()
			if !bytes.Equal(da.PDF, db.PDF) || da.Notes != db.Notes || da.Seed != db.Seed {
				t.Fatalf("seed %d doc %d: differs between runs", seed, i)
			}
		}
	}
	if bytes.Equal(New(1).Payslip().PDF, New(2).Payslip().PDF) {
		t.Error("different seeds gave the same payslip")
	}
}

func TestRenderQualities(t *testing.T) {
	needTool(t, "pdftoppm")
	ctx := context.Background()
	d, err := New(5).PayslipLayout("table4", 1)
	if err != nil {
		t.Fatal(err)
	}
	// Page size in inches, from the digital-raster rendering at 200 dpi.
	clean, ext, err := Render(ctx, d, QualityDigitalRaster)
	if err != nil || ext != ".png" {
		t.Fatalf("digital-raster: %v %s", err, ext)
	}
	cfg := decodeConfig(t, clean)
	wIn, hIn := float64(cfg.Width)/200, float64(cfg.Height)/200
	if wIn < 3 || wIn > 12 || hIn < 3 || hIn > 15 {
		t.Fatalf("page %.1fx%.1f in", wIn, hIn)
	}
	for _, q := range []Quality{QualityScan, QualityPhoto, QualityLowRes, QualityRotated} {
		start := time.Now()
		data, ext, err := Render(ctx, d, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		c := decodeConfig(t, data)
		w, h := float64(c.Width), float64(c.Height)
		ok := false
		switch q {
		case QualityScan:
			// The page itself, or the A4 bed a small slip lies on.
			ok = near(w, wIn*300) && near(h, hIn*300) || near(math.Max(w, h), 3508) && near(math.Min(w, h), 2480)
		case QualityRotated:
			ok = near(w*h, wIn*hIn*90000) || near(w*h, 3508*2480)
		case QualityPhoto:
			ok = ext == ".jpg" && (c.Width == 2250 && c.Height == 3000 || c.Width == 3000 && c.Height == 2250)
		case QualityLowRes:
			ok = near(w, wIn*150) && near(h, hIn*150) || near(w, wIn*204) && near(h, hIn*196)
		}
		if !ok {
			t.Errorf("%s: %dx%d for a %.2fx%.2f in page", q, c.Width, c.Height, wIn, hIn)
		}
		t.Logf("%s: %dx%d %s, %d bytes, %v", q, c.Width, c.Height, ext, len(data), time.Since(start).Round(time.Millisecond))
	}
	again, _, err := Render(ctx, d, QualityLowRes)
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := Render(ctx, d, QualityLowRes); !bytes.Equal(first, again) {
		t.Error("lowres rendering is not reproducible")
	}
}

func near(got, want float64) bool { return math.Abs(got-want) <= 0.02*want+3 }

func decodeConfig(t *testing.T, data []byte) image.Config {
	t.Helper()
	c, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return c
}

func TestTIFFHasEveryPage(t *testing.T) {
	needTool(t, "pdftoppm")
	d, err := New(8).PayslipLayout("mono", 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Render(context.Background(), d, QualityScan); !errors.Is(err, ErrMultiPage) {
		t.Errorf("scan of a 2-page doc: err %v, want ErrMultiPage", err)
	}
	data, ext, err := Render(context.Background(), d, QualityTIFF)
	if err != nil || ext != ".tif" {
		t.Fatalf("tiff: %v %s", err, ext)
	}
	if n := tiffPages(t, data); n != 2 {
		t.Errorf("tiff has %d pages, want 2", n)
	}
	img, err := tiff.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode tiff: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 1000 || b.Dy() < 1000 {
		t.Errorf("tiff page %v", b)
	}
}

// tiffPages counts the IFDs of a little-endian TIFF.
func tiffPages(t *testing.T, data []byte) int {
	t.Helper()
	le := binary.LittleEndian
	off := le.Uint32(data[4:])
	n := 0
	for off != 0 {
		if int(off)+2 > len(data) {
			t.Fatalf("ifd offset %d beyond %d bytes", off, len(data))
		}
		cnt := int(le.Uint16(data[off:]))
		n++
		off = le.Uint32(data[int(off)+2+12*cnt:])
	}
	return n
}

func TestWriteTIFFRoundTrip(t *testing.T) {
	t.Parallel()
	a := image.NewGray(image.Rect(0, 0, 3, 5))
	b := image.NewGray(image.Rect(0, 0, 4, 2))
	for i := range a.Pix {
		a.Pix[i] = uint8(i * 10)
	}
	var buf bytes.Buffer
	if err := writeTIFF(&buf, []*image.Gray{a, b}, 200); err != nil {
		t.Fatal(err)
	}
	if n := tiffPages(t, buf.Bytes()); n != 2 {
		t.Fatalf("%d pages", n)
	}
	img, err := tiff.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	g, ok := img.(*image.Gray)
	if !ok || !bytes.Equal(g.Pix, a.Pix) {
		t.Errorf("first page does not round-trip: %T", img)
	}
}

func TestLabelMatchesCorpusSchema(t *testing.T) {
	t.Parallel()
	g := New(3)
	neg := g.Negative()
	l := neg.Label("files/x.png", QualityLowRes, "dpi 150")
	raw, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"file", "kind", "quality", "source", "license", "expect", "incomes", "notes"} {
		if _, ok := m[k]; !ok {
			t.Errorf("label lacks %q", k)
		}
	}
	if len(m) != 8 {
		t.Errorf("label has %d keys: %v", len(m), m)
	}
	if m["kind"] != "other" || m["expect"] != "unsupported" || m["quality"] != "low-res" {
		t.Errorf("negative label %v", m)
	}
	if inc, ok := m["incomes"].([]any); !ok || len(inc) != 0 {
		t.Errorf("negative incomes %v, want []", m["incomes"])
	}
	p := g.Payslip().Label("files/y.pdf", QualityDigital, "")
	raw, _ = json.Marshal(p)
	for _, k := range []string{`"employer"`, `"startDate"`, `"endDate"`, `"payDate"`, `"frequency"`, `"currency":"PHP"`, `"baseAmount"`, `"grossAmount"`, `"netAmount"`} {
		if !strings.Contains(string(raw), k) {
			t.Errorf("payslip label lacks %s: %s", k, raw)
		}
	}
}

// BenchmarkRender times each quality on one A4-class payslip:
// go test -run X -bench Render ./tools/docgen/
func BenchmarkRender(b *testing.B) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		b.Skip("pdftoppm not installed")
	}
	d, err := New(5).PayslipLayout("stacked", 1)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range Qualities() {
		b.Run(string(q), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Render(context.Background(), d, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPayslipPDF(b *testing.B) {
	g := New(1)
	for b.Loop() {
		_ = g.Payslip()
	}
}

package pipeline_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"talaan/extract"
	"talaan/internal/pipeline"
	"talaan/ocr"
	"talaan/ocr/tesseract"
	"talaan/tools/docgen"
)

// Known gaps: cases extraction gets wrong today, by subtest name, with
// exactly what comes out. Such a case is skipped while it fails in exactly
// that way; once it passes, or fails otherwise, it fails, so that the entry
// is removed or updated.
var (
	digitalGaps = map[string][]string{}
	ocrGaps     = map[string][]string{}
)

var seeds = []int64{1, 2, 3}

// TestProcessDigitalGivesTheTruth runs every payslip layout of the tuning
// family and BIR 2316 style, as generated (a PDF with a text layer), through
// a pipeline without an OCR engine: the key fields must come out as
// generated. Held-out layouts are never tuned against, so no test demands
// their truth (see heldout_test.go).
func TestProcessDigitalGivesTheTruth(t *testing.T) {
	t.Parallel()
	type testCase struct {
		name string
		gen  func(g *docgen.Generator) (docgen.Doc, error)
		seed int64
	}
	var tests []testCase
	for _, l := range tuningLayouts() {
		for _, s := range seeds {
			tests = append(tests, testCase{
				name: fmt.Sprintf("payslip/%s/seed%d", l, s),
				gen:  func(g *docgen.Generator) (docgen.Doc, error) { return g.PayslipLayout(l, 1) },
				seed: s,
			})
		}
	}
	for _, l := range docgen.BIR2316Layouts() {
		for _, s := range seeds {
			tests = append(tests, testCase{
				name: fmt.Sprintf("bir2316/%s/seed%d", l, s),
				gen:  func(g *docgen.Generator) (docgen.Doc, error) { return g.BIR2316Layout(l) },
				seed: s,
			})
		}
	}
	names := map[string]bool{}
	for _, tt := range tests {
		names[tt.name] = true
	}
	for name := range digitalGaps {
		if !names[name] {
			t.Errorf("digitalGaps names %q, which is not a case", name)
		}
	}

	p := &pipeline.Pipeline{Reader: &ocr.Reader{}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, err := tt.gen(docgen.New(tt.seed))
			if err != nil {
				t.Fatal(err)
			}
			out := process(t, p, doc.PDF)
			want := doc.Incomes[0]

			var problems []string
			if out.Status != extract.StatusAnalyzed && out.Status != extract.StatusReview {
				problems = append(problems, fmt.Sprintf("status %s (%s), want ANALYZED or REVIEW", out.Status, out.ErrorCode))
			}
			if len(out.Incomes) != 1 {
				problems = append(problems, fmt.Sprintf("%d incomes, want 1", len(out.Incomes)))
			}
			if len(out.Incomes) > 0 {
				got := out.Incomes[0]
				problems = append(problems, wrongFields(got, want, "grossAmount", "netAmount", "startDate", "endDate", "employer")...)
				if out.Status == extract.StatusAnalyzed {
					for _, w := range wrongPublished(got, want) {
						problems = append(problems, "published as ANALYZED: "+w)
					}
				}
			}
			judge(t, digitalGaps[tt.name], problems, fmt.Sprintf("%s, doubts %q (%s)", out.Status, out.Doubts, doc.Notes))
		})
	}
}

// TestProcessOCRNeverPublishesAWrongValue runs a few degraded renderings
// through real Tesseract. OCR may miss fields (REVIEW is fine), but what it
// publishes as ANALYZED must be right.
func TestProcessOCRNeverPublishesAWrongValue(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Tesseract")
	}
	p := &pipeline.Pipeline{Reader: &ocr.Reader{Engine: tesseractPool(t)}}
	slip := func(g *docgen.Generator) (docgen.Doc, error) { return g.PayslipLayout("table4", 1) }
	cert := func(g *docgen.Generator) (docgen.Doc, error) { return g.BIR2316Layout("bir-form") }
	tests := []struct {
		name    string
		gen     func(g *docgen.Generator) (docgen.Doc, error)
		quality docgen.Quality
	}{
		{"payslip/table4/scan", slip, docgen.QualityScan},
		{"payslip/table4/photo", slip, docgen.QualityPhoto},
		{"payslip/table4/rotated", slip, docgen.QualityRotated},
		{"bir2316/bir-form/scan", cert, docgen.QualityScan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := tt.gen(docgen.New(1))
			if err != nil {
				t.Fatal(err)
			}
			data, _, err := docgen.Render(t.Context(), doc, tt.quality)
			if err != nil {
				t.Fatal(err)
			}
			out := process(t, p, data)
			if !validStatus(out.Status) {
				t.Fatalf("status %q", out.Status)
			}
			if len(out.PageSources) == 0 || out.PageSources[0] != ocr.SourceOCR {
				t.Errorf("page sources %v, want OCR", out.PageSources)
			}
			if len(out.PageInfo) != out.Pages || out.PageInfo[0].Source != ocr.SourceOCR || out.PageInfo[0].Width < 100 {
				t.Errorf("page info %+v, want each page's raster size in pixels", out.PageInfo)
			}
			var problems []string
			if out.Status == extract.StatusAnalyzed {
				if len(out.Incomes) != 1 {
					t.Fatalf("ANALYZED with %d incomes, want 1", len(out.Incomes))
				}
				got, want := out.Incomes[0], doc.Incomes[0]
				for _, w := range wrongFields(got, want, "grossAmount", "netAmount") {
					problems = append(problems, "published as ANALYZED: "+w)
				}
				for _, w := range wrongPublished(got, want) {
					if !strings.HasPrefix(w, "grossAmount:") && !strings.HasPrefix(w, "netAmount:") {
						problems = append(problems, "published as ANALYZED: "+w)
					}
				}
			}
			judge(t, ocrGaps[tt.name], problems, fmt.Sprintf("%s, %d incomes, doubts %q (%s)", out.Status, len(out.Incomes), out.Doubts, doc.Notes))
		})
	}
}

// TestProcessNegativesAreUnsupported checks that pages with amounts and
// dates that carry no income, digital or scanned, give no income.
func TestProcessNegativesAreUnsupported(t *testing.T) {
	p := &pipeline.Pipeline{Reader: &ocr.Reader{}}
	if !testing.Short() {
		p.Reader.Engine = tesseractPool(t)
	}
	for _, l := range docgen.NegativeLayouts() {
		for _, q := range []docgen.Quality{docgen.QualityDigital, docgen.QualityScan} {
			t.Run(fmt.Sprintf("%s/%s", l, q), func(t *testing.T) {
				if q != docgen.QualityDigital && p.Reader.Engine == nil {
					t.Skip("-short: runs Tesseract")
				}
				doc, err := docgen.New(1).NegativeLayout(l)
				if err != nil {
					t.Fatal(err)
				}
				data, _, err := docgen.Render(t.Context(), doc, q)
				if err != nil {
					t.Fatal(err)
				}
				out := process(t, p, data)
				if out.Status != extract.StatusUnsupported {
					t.Errorf("status %s, want UNSUPPORTED (%s)", out.Status, doc.Notes)
				}
				if out.ErrorMessage == "" {
					t.Error("no errorMessage")
				}
				if len(out.Incomes) != 0 {
					t.Errorf("incomes %s, want none", incomesString(out.Incomes))
				}
			})
		}
	}
}

// TestProcessRefusesBadInput checks that broken, hostile and unsupported
// files end in a status and a reason a person can act on, before any OCR.
func TestProcessRefusesBadInput(t *testing.T) {
	t.Parallel()
	doc, err := docgen.New(1).PayslipLayout("table4", 1)
	if err != nil {
		t.Fatal(err)
	}
	random := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	var encrypted bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(doc.PDF), &encrypted, model.NewAESConfiguration("user", "owner", 256)); err != nil {
		t.Fatalf("encrypt: %v", err)
	}
	tests := []struct {
		name   string
		data   []byte
		status extract.Status
		code   string
	}{
		{"zero bytes", []byte{}, extract.StatusError, pipeline.CodeEmpty},
		{"truncated PDF", doc.PDF[:len(doc.PDF)/2], extract.StatusError, pipeline.CodeDamaged},
		{"random bytes", random, extract.StatusUnsupported, pipeline.CodeUnsupportedFormat},
		{"encrypted PDF", encrypted.Bytes(), extract.StatusUnsupported, pipeline.CodeEncrypted},
		{"PNG header claiming 60000x60000", pngHeaderOnly(60000, 60000), extract.StatusError, pipeline.CodeImageTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eng := &refusingEngine{}
			p := &pipeline.Pipeline{Reader: &ocr.Reader{Engine: eng}}
			out := process(t, p, tt.data)
			if out.Status != tt.status || out.ErrorCode != tt.code {
				t.Errorf("status %s, code %s; want %s, %s", out.Status, out.ErrorCode, tt.status, tt.code)
			}
			if out.ErrorMessage == "" {
				t.Error("no errorMessage")
			}
			if len(out.Incomes) != 0 {
				t.Errorf("incomes %s, want none", incomesString(out.Incomes))
			}
			if n := eng.calls.Load(); n != 0 {
				t.Errorf("the OCR engine was called %d times", n)
			}
		})
	}
}

// judge fails t with problems, or skips it when they are exactly the known
// gap; a known gap that no longer shows fails too, so the entry is removed.
func judge(t *testing.T, gap, problems []string, context string) {
	t.Helper()
	switch {
	case gap == nil && len(problems) == 0:
	case gap == nil:
		t.Errorf("%s\n%s", context, strings.Join(problems, "\n"))
	case slices.Equal(gap, problems):
		t.Skip("known gap: " + strings.Join(gap, "; "))
	case len(problems) == 0:
		t.Errorf("known gap no longer shows, remove it: %s", strings.Join(gap, "; "))
	default:
		t.Errorf("known gap changed: %s\nwas:\n%s\nnow:\n%s", context, strings.Join(gap, "\n"), strings.Join(problems, "\n"))
	}
}

// process runs data through p, failing the test on an engine error.
func process(t *testing.T, p *pipeline.Pipeline, data []byte) pipeline.Output {
	t.Helper()
	out, err := p.Process(t.Context(), "doc", data)
	if err != nil {
		t.Fatalf("Process: %v", err)
	}
	return out
}

// tesseractPool starts one Tesseract client for the calling test, which
// must not run in parallel with another that starts one: a client is
// 80-170 MB and the machine is small.
func tesseractPool(t *testing.T) *tesseract.Pool {
	t.Helper()
	pool, err := tesseract.New(context.Background(), tesseract.Options{Size: 1})
	if err != nil {
		t.Fatalf("start tesseract: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// refusingEngine stands in for Tesseract where the test is about input
// that must be refused before OCR: it counts calls and fails them.
type refusingEngine struct {
	calls atomic.Int32
}

func (e *refusingEngine) Recognize(context.Context, *image.Gray, ocr.Hints) (ocr.Recognition, error) {
	e.calls.Add(1)
	return ocr.Recognition{}, fmt.Errorf("refusingEngine: no page should need OCR")
}

func validStatus(s extract.Status) bool {
	switch s {
	case extract.StatusAnalyzed, extract.StatusReview, extract.StatusUnsupported, extract.StatusError:
		return true
	}
	return false
}

var incomeFields = []string{"employer", "startDate", "endDate", "payDate", "frequency", "currency",
	"baseAmount", "grossAmount", "netAmount"}

// fieldValue returns one field of in by its JSON name, amounts to the
// centavo, or nil when it is absent.
func fieldValue(in extract.Income, name string) *string {
	str := func(s *string) *string { return s }
	num := func(f *float64) *string {
		if f == nil {
			return nil
		}
		s := fmt.Sprintf("%.2f", *f)
		return &s
	}
	switch name {
	case "employer":
		return str(in.Employer)
	case "startDate":
		return str(in.StartDate)
	case "endDate":
		return str(in.EndDate)
	case "payDate":
		return str(in.PayDate)
	case "frequency":
		return str(in.Frequency)
	case "currency":
		return str(in.Currency)
	case "baseAmount":
		return num(in.BaseAmount)
	case "grossAmount":
		return num(in.GrossAmount)
	case "netAmount":
		return num(in.NetAmount)
	}
	panic("unknown income field " + name)
}

// wrongFields lists, as "field: got X, want Y", the named fields that want
// has and got does not have the same, null included. Names and currencies
// compare without case.
func wrongFields(got, want extract.Income, names ...string) []string {
	return diffFields(got, want, names, true)
}

// wrongPublished lists the fields of got that want has with another value:
// a field left out is a miss, not a wrong value.
func wrongPublished(got, want extract.Income) []string {
	return diffFields(got, want, incomeFields, false)
}

func diffFields(got, want extract.Income, names []string, nullIsWrong bool) []string {
	var out []string
	for _, n := range names {
		w, g := fieldValue(want, n), fieldValue(got, n)
		switch {
		case w == nil:
		case g == nil:
			if nullIsWrong {
				out = append(out, fmt.Sprintf("%s: got null, want %q", n, *w))
			}
		case n == "employer" || n == "currency":
			if !strings.EqualFold(strings.TrimSpace(*g), strings.TrimSpace(*w)) {
				out = append(out, fmt.Sprintf("%s: got %q, want %q", n, *g, *w))
			}
		case *g != *w:
			out = append(out, fmt.Sprintf("%s: got %q, want %q", n, *g, *w))
		}
	}
	return out
}

func incomesString(ins []extract.Income) string {
	var parts []string
	for _, in := range ins {
		var fs []string
		for _, n := range incomeFields {
			if v := fieldValue(in, n); v != nil {
				fs = append(fs, n+"="+*v)
			}
		}
		parts = append(parts, "{"+strings.Join(fs, " ")+"}")
	}
	return strings.Join(parts, ", ")
}

// pngHeaderOnly is a PNG whose IHDR declares w x h, with no pixel data: a
// decompression bomb's header.
func pngHeaderOnly(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8] = 8 // 8-bit grey
	writeChunk(&b, "IHDR", ihdr)
	writeChunk(&b, "IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	writeChunk(&b, "IEND", nil)
	return b.Bytes()
}

func writeChunk(b *bytes.Buffer, typ string, data []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(data)))
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	b.WriteString(typ)
	b.Write(data)
	binary.Write(b, binary.BigEndian, crc.Sum32())
}

func TestReasonForHostileSmallFiles(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		err  error
		code string
	}{
		{fmt.Errorf("%w: 7000x7000 16-bit RGBA interlaced PNG decodes to 794 MB; the limit is 256 MB", ocr.ErrImageTooLarge), pipeline.CodeImageTooLarge},
		{fmt.Errorf("%w: page 1 is 200 x 200 inches", ocr.ErrPageTooLarge), pipeline.CodePageTooLarge},
		{fmt.Errorf("%w: page 3 has more than 5000 words", ocr.ErrTooMuchText), pipeline.CodeTooMuchText},
	} {
		f, ok := pipeline.FailureOf(tt.err)
		if !ok || f.Code != tt.code || f.Message == "" {
			t.Errorf("FailureOf(%v) = %+v, %v; want %s", tt.err, f, ok, tt.code)
		}
	}
}

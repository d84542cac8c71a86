package tesseract_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"math"
	"os"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"

	"talaan/ocr"
	"talaan/ocr/tesseract"
)

var payslip = []string{
	"Ginhawa Wellness Spa, Inc.",
	"Employee Payslip for the period 07/01/2026 to 07/15/2026",
	"Employee Name Francis Macaraeg",
	"Basic Pay 12,975.00",
	"Communication Allowance 350.00",
	"Total Earnings 13,325.00",
	"SSS Contribution 648.75",
	"PhilHealth Contribution 200.00",
	"Withholding Tax 422.00",
	"Total Deductions 2,874.79",
	"Net Pay 10,450.21",
	"Pay Date July 15, 2026",
}

// wantTokens must all be recognised on every rendering.
var wantTokens = []string{"Basic", "Pay", "12,975.00", "Net", "10,450.21", "2,874.79", "Deductions", "PhilHealth"}

// renderPage draws lines in 12 pt Go Regular on a Letter page at 300 dpi.
func renderPage(t testing.TB, lines []string) *image.Gray {
	t.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: 300, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	img := image.NewGray(image.Rect(0, 0, 2550, 3300))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.Black, Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(300, 400+i*90)
		d.DrawString(l)
	}
	return img
}

// turn rotates img clockwise by quarter turns.
func turn(src *image.Gray, quads int) *image.Gray {
	for range quads % 4 {
		w, h := src.Rect.Dx(), src.Rect.Dy()
		dst := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				dst.Pix[x*dst.Stride+(h-1-y)] = src.Pix[y*src.Stride+x]
			}
		}
		src = dst
	}
	return src
}

// skew rotates img by deg degrees about its centre, bringing in white.
func skew(src *image.Gray, deg float64) *image.Gray {
	dst := image.NewGray(src.Rect)
	draw.Draw(dst, dst.Rect, image.White, image.Point{}, draw.Src)
	a := deg * math.Pi / 180
	cx, cy := float64(src.Rect.Dx())/2, float64(src.Rect.Dy())/2
	sin, cos := math.Sin(a), math.Cos(a)
	m := f64.Aff3{cos, -sin, cx - cos*cx + sin*cy, sin, cos, cy - sin*cx - cos*cy}
	draw.BiLinear.Transform(dst, m, src, src.Rect, draw.Over, nil)
	return dst
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func newPool(t testing.TB, opts tesseract.Options) *tesseract.Pool {
	t.Helper()
	p, err := tesseract.New(context.Background(), opts)
	if err != nil {
		t.Fatalf("start tesseract: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

func TestPoolReadsRenderedPayslip(t *testing.T) {
	pool := newPool(t, tesseract.Options{})
	r := &ocr.Reader{Engine: pool, KeepImages: true}
	page := renderPage(t, payslip)
	tests := []struct {
		name         string
		img          *image.Gray
		wantRotation int
		wantSkew     float64
	}{
		{"upright", page, 0, 0},
		{"turned 90 clockwise", turn(page, 1), 270, 0},
		{"upside down", turn(page, 2), 180, 0},
		{"turned 270 clockwise", turn(page, 3), 90, 0},
		{"skewed 2 degrees", skew(page, 2), 0, 2},
		{"skewed -2 degrees", skew(page, -2), 0, -2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := r.Read(context.Background(), encodePNG(t, tt.img))
			if err != nil {
				t.Fatal(err)
			}
			p := doc.Pages[0]
			if p.Source != ocr.SourceOCR {
				t.Errorf("source = %s", p.Source)
			}
			if p.Rotation != tt.wantRotation {
				t.Errorf("rotation = %d, want %d", p.Rotation, tt.wantRotation)
			}
			if math.Abs(math.Abs(p.Skew)-math.Abs(tt.wantSkew)) > 0.5 {
				t.Errorf("skew = %.2f, want about %.0f degrees either way", p.Skew, tt.wantSkew)
			}
			got := map[string]bool{}
			for _, w := range p.Words {
				got[w.Text] = true
				if w.Conf < 0 || w.Conf > 1 || w.Line < 1 {
					t.Errorf("word %q: conf %v line %d", w.Text, w.Conf, w.Line)
				}
				if w.Box.X0 < 0 || w.Box.Y0 < 0 || w.Box.X1 > p.Width || w.Box.Y1 > p.Height {
					t.Errorf("word %q box %+v outside %vx%v", w.Text, w.Box, p.Width, p.Height)
				}
			}
			for _, tok := range wantTokens {
				if !got[tok] {
					t.Errorf("%q not recognised in %q", tok, text(p.Words))
				}
			}
			// The page comes back upright: portrait, like the original.
			if p.Width > p.Height || p.Image == nil || p.Image.Rect.Dx() != int(p.Width) {
				t.Errorf("page is %vx%v, image %v", p.Width, p.Height, p.Image.Rect)
			}
			if p.MeanConf < 0.8 {
				t.Errorf("mean confidence %.2f", p.MeanConf)
			}
		})
	}
}

func TestPoolLineNumbersFollowRows(t *testing.T) {
	pool := newPool(t, tesseract.Options{})
	rec, err := pool.Recognize(context.Background(), renderPage(t, payslip), ocr.Hints{})
	if err != nil {
		t.Fatal(err)
	}
	lines := map[int][]string{}
	for _, w := range rec.Words {
		lines[w.Line] = append(lines[w.Line], w.Text)
	}
	var found bool
	for _, ws := range lines {
		if strings.Join(ws, " ") == "Net Pay 10,450.21" {
			found = true
		}
	}
	if !found {
		t.Errorf("no line reads %q: %v", "Net Pay 10,450.21", lines)
	}
}

func TestPoolServesConcurrentCallers(t *testing.T) {
	pool := newPool(t, tesseract.Options{Size: 2})
	page := renderPage(t, payslip[:6])
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			rec, err := pool.Recognize(context.Background(), page, ocr.Hints{})
			if err == nil && !strings.Contains(text(rec.Words), "12,975.00") {
				err = errors.New("amount not recognised: " + text(rec.Words))
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestPoolWaitingCallerHonoursContext(t *testing.T) {
	pool := newPool(t, tesseract.Options{})
	page := renderPage(t, payslip)
	started := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		close(started)
		pool.Recognize(context.Background(), page, ocr.Hints{})
	}()
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := pool.Recognize(ctx, page, ocr.Hints{}); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	<-done
}

func TestNewRejectsMissingLanguage(t *testing.T) {
	_, err := tesseract.New(context.Background(), tesseract.Options{Languages: "xx_notalanguage"})
	if err == nil {
		t.Fatal("New succeeded with a missing traineddata")
	}
}

func TestThreadLimitIsSet(t *testing.T) {
	// TestMain re-executed the test binary with the limit.
	if err := tesseract.EnsureThreadLimit(); err != nil {
		t.Fatal(err)
	}
}

func text(ws []ocr.Word) string {
	var parts []string
	for _, w := range ws {
		parts = append(parts, w.Text)
	}
	return strings.Join(parts, " ")
}

// BenchmarkRecognizePage300DPI measures one page through a Pool of one,
// with and without each normalisation step.
func BenchmarkRecognizePage300DPI(b *testing.B) {
	page := renderPage(b, payslip)
	for _, bc := range []struct {
		name string
		opts tesseract.Options
	}{
		{"full", tesseract.Options{}},
		{"no-orientation", tesseract.Options{NoOrient: true}},
		{"no-normalisation", tesseract.Options{NoOrient: true, NoDeskew: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			pool := newPool(b, bc.opts)
			for b.Loop() {
				if _, err := pool.Recognize(context.Background(), page, ocr.Hints{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestPoolRefusesWorkAfterClose(t *testing.T) {
	pool, err := tesseract.New(context.Background(), tesseract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pool.Close()
	pool.Close() // idempotent
	if _, err := pool.Recognize(context.Background(), renderPage(t, payslip[:2]), ocr.Hints{}); err == nil {
		t.Error("Recognize succeeded on a closed pool")
	}
}

// renderSmall draws lines in Go Regular at px pixels per em on a page
// just large enough, as a low-resolution screenshot or a phone photo of a
// whole form has its print.
func renderSmall(t testing.TB, lines []string, px float64) *image.Gray {
	t.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	step := int(math.Ceil(px * 1.6))
	img := image.NewGray(image.Rect(0, 0, int(px*40), step*(len(lines)+4)))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.Black, Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(int(px*2), step*(i+2))
		d.DrawString(l)
	}
	return img
}

func TestPoolRereadsSmallText(t *testing.T) {
	const px = 7 // an x-height of about 4 px
	page := renderSmall(t, payslip, px)
	read := func(opts tesseract.Options) (ocr.Recognition, int) {
		t.Helper()
		rec, err := newPool(t, opts).Recognize(context.Background(), page, ocr.Hints{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, w := range rec.Words {
			got[w.Text] = true
		}
		n := 0
		for _, tok := range wantTokens {
			if got[tok] {
				n++
			}
		}
		return rec, n
	}
	_, before := read(tesseract.Options{NoRetry: true})
	rec, after := read(tesseract.Options{})
	t.Logf("%d of %d tokens read in one pass, %d with the second", before, len(wantTokens), after)
	if after < len(wantTokens)-1 || after <= before {
		t.Errorf("read %d of %d tokens with the second pass, %d without: %q", after, len(wantTokens), before, text(rec.Words))
	}
	if rec.Width != page.Rect.Dx() || rec.Height != page.Rect.Dy() || rec.Image.Rect != page.Rect {
		t.Errorf("recognition is %dx%d, image %v; want the page's %v", rec.Width, rec.Height, rec.Image.Rect, page.Rect)
	}
	for _, w := range rec.Words {
		if w.Text == "10,450.21" {
			// Net Pay is the 11th line, drawn with its baseline 12 steps
			// down.
			step := math.Ceil(px * 1.6)
			if w.Box.Y1 < 11*step || w.Box.Y0 > 12*step || w.Box.X1 > float64(rec.Width) {
				t.Errorf("box %+v is not in the page's coordinates", w.Box)
			}
		}
	}
}

// TestPoolRereadsLinesTheLayoutAnalysisDropped reads a scanned receipt
// strip (generated by docgen, template payslip/receipt) whose net pay line,
// printed between two rows of "=", Tesseract's layout analysis drops whole:
// without second passes the net is absent; with them it is read, on its
// caption's row.
func TestPoolRereadsLinesTheLayoutAnalysisDropped(t *testing.T) {
	data, err := os.ReadFile("testdata/receipt-scan.png")
	if err != nil {
		t.Fatal(err)
	}
	src, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	page := image.NewGray(src.Bounds())
	draw.Draw(page, page.Rect, src, src.Bounds().Min, draw.Src)
	find := func(words []ocr.Word, s string) *ocr.Word {
		for i := range words {
			if words[i].Text == s {
				return &words[i]
			}
		}
		return nil
	}
	first, err := newPool(t, tesseract.Options{NoRetry: true}).Recognize(context.Background(), page, ocr.Hints{})
	if err != nil {
		t.Fatal(err)
	}
	if find(first.Words, "14,678.69") != nil {
		t.Fatalf("the first pass read the net line: the test image no longer shows the drop (%q)", text(first.Words))
	}
	rec, err := newPool(t, tesseract.Options{}).Recognize(context.Background(), page, ocr.Hints{})
	if err != nil {
		t.Fatal(err)
	}
	net, caption := find(rec.Words, "14,678.69"), find(rec.Words, "NET")
	if net == nil || caption == nil {
		t.Fatalf("net line not recovered: %q", text(rec.Words))
	}
	if math.Abs(net.Box.Y0-caption.Box.Y0) > 10 || net.Line != caption.Line {
		t.Errorf("net at %+v line %d, caption at %+v line %d: not one row", net.Box, net.Line, caption.Box, caption.Line)
	}
	if len(rec.Words) <= len(first.Words) {
		t.Errorf("%d words after the reread, %d before", len(rec.Words), len(first.Words))
	}
}

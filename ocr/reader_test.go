package ocr

import (
	"bytes"
	"context"
	"errors"
	"image"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func TestReadRefusesBadInput(t *testing.T) {
	t.Parallel()
	page := grayPage(400, 300)
	pngBytes := encodePNG(t, page)
	jpgBytes := encodeJPEG(t, page)
	pdfBytes := digitalPDF(t, [][]string{payslipLines})
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}

	tests := []struct {
		name   string
		data   []byte
		limits Limits
		want   []error // any of these
	}{
		{"zero bytes", nil, Limits{}, []error{ErrEmpty}},
		{"truncated png", pngBytes[:len(pngBytes)/2], Limits{}, []error{ErrDamaged}},
		{"png cut inside its header", pngBytes[:20], Limits{}, []error{ErrDamaged}},
		{"truncated jpeg", jpgBytes[:len(jpgBytes)/2], Limits{}, []error{ErrDamaged}},
		{"truncated pdf", pdfBytes[:len(pdfBytes)/2], Limits{}, []error{ErrDamaged}},
		{"pdf header and nothing else", []byte("%PDF-1.4\n"), Limits{}, []error{ErrDamaged}},
		{"random bytes", random, Limits{}, []error{ErrUnsupportedType}},
		{"random bytes behind a pdf header", append([]byte("%PDF-1.4\n"), random...), Limits{}, []error{ErrDamaged, ErrUnsupportedType}},
		{"html", []byte("<html><body>payslip</body></html>"), Limits{}, []error{ErrUnsupportedType}},
		{"file over the byte limit", pngBytes, Limits{MaxBytes: 100}, []error{ErrFileTooLarge}},
		{"image over the pixel limit", pngBytes, Limits{MaxMegapixels: 0.1}, []error{ErrImageTooLarge}},
		{"png declaring zero width", pngHeaderOnly(0, 10), Limits{}, []error{ErrDamaged}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eng := &fakeEngine{}
			r := &Reader{Engine: eng, Limits: tt.limits}
			doc, err := r.Read(context.Background(), tt.data)
			if !isAny(err, tt.want) {
				t.Fatalf("Read error = %v, want one of %v", err, tt.want)
			}
			if doc != nil {
				t.Errorf("Read returned a document with an error")
			}
			if n := eng.calls.Load(); n != 0 {
				t.Errorf("engine called %d times for refused input", n)
			}
		})
	}
}

func isAny(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

func TestReadRefusesHugePNGWithoutAllocating(t *testing.T) {
	data := pngHeaderOnly(60000, 60000)
	r := &Reader{Engine: &fakeEngine{}}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := r.Read(context.Background(), data)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrImageTooLarge) {
		t.Fatalf("Read error = %v, want ErrImageTooLarge", err)
	}
	if grew := int64(after.TotalAlloc) - int64(before.TotalAlloc); grew > 50<<20 {
		t.Errorf("allocated %d MB refusing a header-only PNG", grew>>20)
	}
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 50<<20 {
		t.Errorf("heap grew %d MB refusing a header-only PNG", grew>>20)
	}
}

func TestReadRefusesEncryptedPDF(t *testing.T) {
	t.Parallel()
	plain := digitalPDF(t, [][]string{payslipLines})
	tests := []struct {
		name string
		conf *model.Configuration
	}{
		{"aes-256 with a user password", model.NewAESConfiguration("user", "owner", 256)},
		{"aes-256 with an empty user password", model.NewAESConfiguration("", "owner", 256)},
		{"aes-128 with an empty user password", model.NewAESConfiguration("", "owner", 128)},
		{"rc4 with a user password", model.NewRC4Configuration("user", "owner", 128)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var enc bytes.Buffer
			if err := api.Encrypt(bytes.NewReader(plain), &enc, tt.conf); err != nil {
				t.Fatalf("encrypt: %v", err)
			}
			eng := &fakeEngine{}
			_, err := (&Reader{Engine: eng}).Read(context.Background(), enc.Bytes())
			if !errors.Is(err, ErrEncrypted) {
				t.Fatalf("Read error = %v, want ErrEncrypted", err)
			}
		})
	}
}

func TestReadRefusesTooManyPagesBeforePageWork(t *testing.T) {
	t.Parallel()
	pages := make([][]string, 500)
	for i := range pages {
		pages[i] = []string{"page"}
	}
	data := digitalPDF(t, pages)
	eng := &fakeEngine{}
	start := time.Now()
	_, err := (&Reader{Engine: eng}).Read(context.Background(), data)
	if !errors.Is(err, ErrTooManyPages) {
		t.Fatalf("Read error = %v, want ErrTooManyPages", err)
	}
	if eng.calls.Load() != 0 {
		t.Errorf("engine was called for a refused document")
	}
	t.Logf("refused a 500-page PDF in %v", time.Since(start))
}

func TestReadHonoursCancelledContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := (&Reader{Engine: &fakeEngine{}}).Read(ctx, encodePNG(t, grayPage(100, 100)))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Read error = %v, want context.Canceled", err)
	}
}

func TestReadKeepsPageOrderWithWorkers(t *testing.T) {
	t.Parallel()
	// Later pages finish first: the result must still be in page order.
	var pages []*image.Gray
	for i := range 6 {
		pages = append(pages, grayPage(100+10*i, 100))
	}
	eng := &fakeEngine{delay: func(img *image.Gray) time.Duration {
		return time.Duration(200-img.Rect.Dx()) * time.Millisecond / 4
	}}
	doc, err := (&Reader{Engine: eng, Workers: 3}).Read(context.Background(), multiPageTIFF(pages))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) != 6 {
		t.Fatalf("got %d pages, want 6", len(doc.Pages))
	}
	for i, p := range doc.Pages {
		if p.Number != i+1 {
			t.Errorf("page %d has Number %d", i+1, p.Number)
		}
		if want := "w" + itoa(100+10*i) + "h100"; p.Words[0].Text != want {
			t.Errorf("page %d recognised %q, want %q", i+1, p.Words[0].Text, want)
		}
	}
}

func TestReadStopsOnEngineError(t *testing.T) {
	t.Parallel()
	boom := errors.New("engine broke")
	pages := []*image.Gray{grayPage(50, 50), grayPage(50, 50), grayPage(50, 50)}
	_, err := (&Reader{Engine: failingEngine{boom}, Workers: 2}).Read(context.Background(), multiPageTIFF(pages))
	if !errors.Is(err, boom) {
		t.Fatalf("Read error = %v, want the engine's error", err)
	}
}

type failingEngine struct{ err error }

func (f failingEngine) Recognize(context.Context, *image.Gray, Hints) (Recognition, error) {
	return Recognition{}, f.err
}

func TestReadReportsUnreadableWhenNoWords(t *testing.T) {
	t.Parallel()
	_, err := (&Reader{Engine: blankEngine{}}).Read(context.Background(), encodePNG(t, grayPage(100, 100)))
	if !errors.Is(err, ErrUnreadable) {
		t.Fatalf("Read error = %v, want ErrUnreadable", err)
	}
}

type blankEngine struct{}

func (blankEngine) Recognize(_ context.Context, img *image.Gray, _ Hints) (Recognition, error) {
	return Recognition{Words: []Word{{Text: "|"}, {Text: "—"}}, Width: img.Rect.Dx(), Height: img.Rect.Dy()}, nil
}

func TestReadKeepsImagesOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	data := encodePNG(t, grayPage(100, 80))
	for _, keep := range []bool{false, true} {
		doc, err := (&Reader{Engine: &fakeEngine{}, KeepImages: keep}).Read(context.Background(), data)
		if err != nil {
			t.Fatal(err)
		}
		if got := doc.Pages[0].Image != nil; got != keep {
			t.Errorf("KeepImages=%v: page has image = %v", keep, got)
		}
	}
}

// A page of one shade is never sent to the engine: it holds no text, and a
// white decompression bomb would cost a Tesseract pass over 25 megapixels.
func TestReaderSkipsBlankPages(t *testing.T) {
	page := grayPage(300, 400)
	for i := range page.Pix {
		page.Pix[i] = 0xF0 - uint8(i%7) // paper with a little noise
	}
	eng := &fakeEngine{}
	r := &Reader{Engine: eng}
	_, err := r.Read(context.Background(), encodePNG(t, page))
	if !errors.Is(err, ErrUnreadable) {
		t.Fatalf("Read error = %v, want ErrUnreadable", err)
	}
	if len(eng.imgs) != 0 {
		t.Errorf("the engine was given %d blank page(s)", len(eng.imgs))
	}
	page.Pix[150*page.Stride+150] = 0xA0 // one grey mark: no longer blank
	if _, err := r.Read(context.Background(), encodePNG(t, page)); len(eng.imgs) != 1 {
		t.Errorf("a page with a mark did not reach the engine (err %v)", err)
	}
}

package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"sync"
	"unicode"
)

// Limits bound the work and memory one document may cost. Zero fields take
// the defaults.
type Limits struct {
	MaxPages      int     // pages per document; default 50
	MaxMegapixels float64 // pixels per page image, in millions; default 50
	MaxBytes      int64   // file size; default 20 MiB
	// MaxImageBytes bounds the memory one page image takes to decode, read
	// from its header: a 7000x7000 16-bit RGBA PNG of 381 KB is under the
	// pixel limit but image/png would hold 392 MB of it. Default 256 MiB.
	MaxImageBytes int64
	// MaxPageWords and MaxDocumentWords bound a PDF's text layer, which costs
	// CPU per word: a dense payslip page has under 1,000. Defaults 5,000
	// and 30,000.
	MaxPageWords     int
	MaxDocumentWords int
}

const (
	defaultMaxPages      = 50
	defaultMaxMegapixels = 50
	defaultMaxBytes      = 20 << 20
	defaultMaxImageBytes = 256 << 20
	defaultMaxPageWords  = 5000
	defaultMaxDocWords   = 30000
)

func (l Limits) withDefaults() Limits {
	if l.MaxPages <= 0 {
		l.MaxPages = defaultMaxPages
	}
	if l.MaxMegapixels <= 0 {
		l.MaxMegapixels = defaultMaxMegapixels
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = defaultMaxBytes
	}
	if l.MaxImageBytes <= 0 {
		l.MaxImageBytes = defaultMaxImageBytes
	}
	if l.MaxPageWords <= 0 {
		l.MaxPageWords = defaultMaxPageWords
	}
	if l.MaxDocumentWords <= 0 {
		l.MaxDocumentWords = defaultMaxDocWords
	}
	return l
}

func (l Limits) maxPixels() int64 { return int64(l.MaxMegapixels * 1e6) }

// Reader turns the bytes of a document into pages of words. It is safe for
// concurrent use when its Engine is.
type Reader struct {
	// Engine recognises pages without a text layer. It may be nil when only
	// digital PDFs are read; a page that needs OCR then fails.
	Engine Engine
	Limits Limits
	// KeepImages keeps the recognised raster of OCR pages in Page.Image.
	KeepImages bool
	// Workers is how many pages are recognised at once; default 1. More than
	// the Engine's pool size only queues.
	Workers int
	// NoPageDetect turns off finding the page in a photo (a sheet on a
	// darker table, seen in perspective), which warps it to an upright
	// rectangle and evens out its lighting before OCR; scans and renders,
	// which show no such sheet, are left as they are. Without it a photo's
	// perspective defeats deskewing (one angle cannot straighten a
	// keystoned page): on the tuning family's photos it raised word recall
	// against the documents' text from 0.91 to 0.94 and amounts read whole
	// from 0.61 to 0.78. The warped page has no more pixels than the photo
	// and replaces it before the engine copies it, so the page's hold on
	// Memory covers it. It was off by default because Tesseract's
	// orientation detector once turned a rectified BIR 2316 photo by 90
	// degrees and a corpus-ph net pay was misread on the straightened page;
	// ocr/tesseract now reads a turned page that read poorly once more as
	// it came, and a page whose amounts came out cut at the decimal point
	// once more as one block (which reads that net pay whole again).
	NoPageDetect bool
	// Memory is the budget of decoded page images shared by every document
	// the process reads at once (and the console's page pictures); a page
	// waits for its bytes. Nil bounds each image (Limits.MaxImageBytes)
	// but not their sum.
	Memory *Budget
}

// Read sniffs, triages and reads one document. Bad input gives one of the
// package's Err values, wrapped with detail; other errors come from ctx or
// the Engine.
func (r *Reader) Read(ctx context.Context, data []byte) (*Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, ErrEmpty
	}
	lim := r.Limits.withDefaults()
	if int64(len(data)) > lim.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrFileTooLarge, len(data), lim.MaxBytes)
	}
	t := Sniff(data)
	var (
		doc *Document
		err error
	)
	switch t {
	case TypePDF:
		doc, err = r.readPDF(ctx, data, lim)
	case TypePNG, TypeJPEG:
		doc, err = r.readImage(ctx, t, data, lim)
	case TypeTIFF:
		doc, err = r.readTIFF(ctx, data, lim)
	default:
		return nil, fmt.Errorf("%w: %s", ErrUnsupportedType, describeMagic(data))
	}
	if err != nil {
		return nil, err
	}
	if !hasReadableWord(doc) {
		return nil, fmt.Errorf("%w: %d page(s), no word with letters or digits", ErrUnreadable, len(doc.Pages))
	}
	return doc, nil
}

// describeMagic names the first bytes of an unsupported file, printable
// characters only, so the error says what was received without echoing
// document contents.
func describeMagic(b []byte) string {
	n := min(len(b), 8)
	return fmt.Sprintf("starts with % x", b[:n])
}

func hasReadableWord(doc *Document) bool {
	for _, p := range doc.Pages {
		for _, w := range p.Words {
			if isRealWord(w.Text) {
				return true
			}
		}
	}
	return false
}

// isRealWord reports whether s has a letter or digit: rules, dots and
// speckles recognised as punctuation do not count as text.
func isRealWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// ocrJob is one page waiting for the Engine. load produces its raster only
// when a worker takes it, so at most Workers rasters are alive at once, and
// the hold on r.Memory that the raster takes until it is recognised.
type ocrJob struct {
	index  int // into the pages slice
	number int // 1-based page number
	load   func(ctx context.Context) (*image.Gray, *hold, error)
}

// recognize runs jobs on up to r.Workers goroutines and stores each result
// at pages[job.index], so page order is kept. The first error cancels the
// rest.
func (r *Reader) recognize(ctx context.Context, pages []Page, jobs []ocrJob) error {
	if len(jobs) == 0 {
		return nil
	}
	if r.Engine == nil {
		return fmt.Errorf("page %d needs OCR: %w", jobs[0].number, errNoEngine)
	}
	workers := min(max(r.Workers, 1), len(jobs))
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	next := make(chan ocrJob)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range next {
				if ctx.Err() != nil {
					continue
				}
				p, err := r.recognizeOne(ctx, j)
				if err != nil {
					cancel(err)
					continue
				}
				pages[j.index] = p
			}
		})
	}
feed:
	for _, j := range jobs {
		select {
		case next <- j:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

var errNoEngine = errors.New("no OCR engine configured")

func (r *Reader) recognizeOne(ctx context.Context, j ocrJob) (Page, error) {
	img, h, err := j.load(ctx)
	if err != nil {
		return Page{}, err
	}
	defer h.release()
	if err := ctx.Err(); err != nil {
		return Page{}, err
	}
	if blank(img) {
		// A page of one shade holds no text: Tesseract is not woken for
		// it (a blank page of a scan, a decompression bomb of white).
		return r.pageOf(j.number, img, Recognition{}), nil
	}
	flattened := false
	if !r.NoPageDetect {
		page := rectifyPage(img)
		flattened, img = page != img, page // a rectified photo comes out flattened
	}
	bilevel := isBilevel(img)
	if bilevel {
		eraseStreaks(img)
	} else if !flattened {
		if p := paperOf(img); p.uneven() {
			flattenLight(img, p)
			flattened = true
		}
	}
	eraseLeaders(img) // on black-and-white pages before smoothing greys the dots' edges
	if bilevel {
		smoothBilevel(img)
	}
	rec, err := r.Engine.Recognize(ctx, img, Hints{LightEvened: flattened})
	if err != nil {
		return Page{}, fmt.Errorf("recognise page %d: %w", j.number, err)
	}
	return r.pageOf(j.number, img, rec), nil
}

// pageOf is page number n as the engine recognised img.
func (r *Reader) pageOf(n int, img *image.Gray, rec Recognition) Page {
	p := Page{
		Number:   n,
		Width:    float64(rec.Width),
		Height:   float64(rec.Height),
		Source:   SourceOCR,
		Rotation: rec.Rotation,
		Skew:     rec.Skew,
		Words:    rec.Words,
	}
	if p.Words == nil {
		p.Words = []Word{}
	}
	if p.Width == 0 || p.Height == 0 {
		p.Width, p.Height = float64(img.Rect.Dx()), float64(img.Rect.Dy())
	}
	if len(p.Words) > 0 {
		var sum float64
		for _, w := range p.Words {
			sum += w.Conf
		}
		p.MeanConf = sum / float64(len(p.Words))
	}
	if r.KeepImages {
		p.Image = rec.Image
		if p.Image == nil {
			p.Image = img
		}
	}
	return p
}

// blankContrast is the spread of grey levels under which a page is blank:
// the faintest print a scanner keeps differs from its paper by more.
const blankContrast = 24

// blank reports whether every pixel of img is within blankContrast grey
// levels of every other.
func blank(img *image.Gray) bool {
	lo, hi := uint8(0xFF), uint8(0)
	w := img.Rect.Dx()
	for y := range img.Rect.Dy() {
		off := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
		for _, v := range img.Pix[off : off+w] {
			lo, hi = min(lo, v), max(hi, v)
		}
		if int(hi)-int(lo) >= blankContrast {
			return false
		}
	}
	return true
}

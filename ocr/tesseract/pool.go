package tesseract

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/otiai10/gosseract/v2"

	"talaan/ocr"
)

// Options configure a Pool.
type Options struct {
	// Size is the number of Tesseract clients, each 80-170 MB; default 1.
	// More than the number of cores only adds memory.
	Size int
	// Languages is a "+"-joined list of traineddata names; default "eng".
	Languages string
	// TessdataPrefix is the folder holding the traineddata files; empty uses
	// TESSDATA_PREFIX or Tesseract's built-in path.
	TessdataPrefix string
	// NoOrient and NoDeskew turn off the normalisation steps, for input
	// known to be upright and straight (and for measuring them).
	NoOrient, NoDeskew bool
	// NoRetry turns off the second pass on poorly read pages (see
	// Pool), for measuring it.
	NoRetry bool
}

// Pool is an ocr.Engine over a fixed set of long-lived Tesseract workers.
// A worker holds C state without locks, so each is used by one goroutine at
// a time: they wait in a channel.
//
// Normalisation (orientation, deskew) runs apart from recognition, with
// one more normaliser than recognisers, so on a machine with a spare core
// the next page is made upright while the current one is recognised.
//
// A page whose first reading shows a known failure is recognised once
// more, at most: as it came when the orientation detector had turned it
// and it read poorly; as one block of text when amounts came out cut at
// their decimal point; else, when it read poorly (low word confidence, few
// confident words), with the preprocessing its diagnosis suggests
// (enlarged when its text is small, halftone shading smoothed when it has
// some, else binarised with a local threshold when the reader evened its
// light: ocr.Hints). The better pass is kept. Good pages pay nothing; a
// second pass costs at most about one 300 dpi page.
type Pool struct {
	workers chan *worker
	norms   chan *osd // nil entries when orientation is off
	all     []*worker
	osds    []*osd
	closed  chan struct{}
	deskew  bool
	retry   bool
	close   sync.Once
}

// worker is one recognition client.
type worker struct {
	client *gosseract.Client
}

func (w *worker) close() {
	w.client.Close()
}

var _ ocr.Engine = (*Pool)(nil)

var errClosed = errors.New("tesseract pool is closed")

// pageSegMode 3 is fully automatic layout analysis: it keeps the rows of
// ruled payslip tables that PSM 6 drops. gosseract's SetPageSegMode is
// ignored (gosseract issue #167), the variable is not.
const pageSegMode = "3"

// blockSegMode 6 reads the page as one uniform block of text, finding no
// columns; see splitAmounts.
const blockSegMode = "6"

// Tesseract's thresholding_method values.
const (
	otsu    = "0"
	sauvola = "2"
)

// New starts opts.Size clients, one at a time: a client's initialisation
// swaps the process-wide stderr. Each is initialised on a blank page so that
// a missing language fails here and not on the first document.
func New(ctx context.Context, opts Options) (*Pool, error) {
	if opts.Size <= 0 {
		opts.Size = 1
	}
	if opts.Languages == "" {
		opts.Languages = "eng"
	}
	p := &Pool{
		workers: make(chan *worker, opts.Size),
		norms:   make(chan *osd, opts.Size+1),
		closed:  make(chan struct{}),
		deskew:  !opts.NoDeskew,
		retry:   !opts.NoRetry,
	}
	for i := range opts.Size + 1 {
		var o *osd
		if !opts.NoOrient {
			var err error
			if o, err = newOSD(opts.TessdataPrefix); err != nil {
				p.closeAll()
				return nil, fmt.Errorf("orientation detector %d: %w", i+1, err)
			}
			p.osds = append(p.osds, o)
		}
		p.norms <- o
	}
	for i := range opts.Size {
		if err := ctx.Err(); err != nil {
			p.closeAll()
			return nil, err
		}
		c, err := newClient(opts)
		if err != nil {
			p.closeAll()
			return nil, fmt.Errorf("start tesseract client %d: %w", i+1, err)
		}
		w := &worker{client: c}
		p.all = append(p.all, w)
		p.workers <- w
	}
	return p, nil
}

func newClient(opts Options) (*gosseract.Client, error) {
	c := gosseract.NewClient()
	if err := c.SetLanguage(strings.Split(opts.Languages, "+")...); err != nil {
		c.Close()
		return nil, err
	}
	if opts.TessdataPrefix != "" {
		if err := c.SetTessdataPrefix(opts.TessdataPrefix); err != nil {
			c.Close()
			return nil, err
		}
	}
	c.SetVariable("tessedit_pageseg_mode", pageSegMode)
	// Tesseract's warnings (e.g. the PGM carries no resolution) go to this
	// file instead of the service's stderr.
	c.SetVariable(gosseract.DEBUG_FILE, "/dev/null")
	if err := c.SetImageFromBytes(blankPGM()); err != nil {
		c.Close()
		return nil, err
	}
	if _, err := c.GetBoundingBoxesVerbose(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// blankPGM is a small white page used to initialise a client.
func blankPGM() []byte {
	const w, h = 32, 32
	b := []byte(fmt.Sprintf("P5\n%d %d\n255\n", w, h))
	for range w * h {
		b = append(b, 0xFF)
	}
	return b
}

// Close frees the clients, waiting for recognitions in progress. The Pool
// must not be used afterwards.
func (p *Pool) Close() {
	p.close.Do(func() {
		close(p.closed)
		for range p.all {
			<-p.workers
		}
		p.closeAll()
	})
}

func (p *Pool) closeAll() {
	for _, w := range p.all {
		w.close()
	}
	for _, o := range p.osds {
		o.close()
	}
	p.all, p.osds = nil, nil
}

// Recognize normalises img (upright, deskewed) and runs one Tesseract
// recognition on it, and more when the first read it poorly (see Pool).
// ctx is checked while waiting for a client and before each recognition;
// a recognition already running is not interrupted (about a second per
// page).
func (p *Pool) Recognize(ctx context.Context, img *image.Gray, hints ocr.Hints) (ocr.Recognition, error) {
	if img == nil || img.Rect.Empty() {
		return ocr.Recognition{}, errors.New("empty image")
	}
	select {
	case <-p.closed:
		return ocr.Recognition{}, errClosed
	default:
	}
	var o *osd
	select {
	case o = <-p.norms:
	case <-ctx.Done():
		return ocr.Recognition{}, ctx.Err()
	case <-p.closed:
		return ocr.Recognition{}, errClosed
	}
	n, err := normalize(img, normOptions{osd: o, deskew: p.deskew})
	p.norms <- o
	if err != nil {
		return ocr.Recognition{}, err
	}
	var w *worker
	select {
	case w = <-p.workers:
	case <-ctx.Done():
		return ocr.Recognition{}, ctx.Err()
	case <-p.closed:
		return ocr.Recognition{}, errClosed
	}
	defer func() { p.workers <- w }()
	words, err := w.recognize(n.pnm, n.gray.Rect.Dx(), n.gray.Rect.Dy())
	if err != nil {
		return ocr.Recognition{}, err
	}
	rec := ocr.Recognition{
		Words:    words,
		Rotation: n.rotation,
		Skew:     n.skew,
		Width:    n.gray.Rect.Dx(),
		Height:   n.gray.Rect.Dy(),
		Image:    n.gray,
	}
	if !p.retry {
		return rec, nil
	}
	if err := ctx.Err(); err != nil {
		return ocr.Recognition{}, err
	}
	if rereadUnturned(n.rotation, judge(words)) {
		// The orientation detector is sometimes sure of a wrong turn (an
		// upright 150 dpi page turned by 180 degrees read as nothing): a
		// page it turned and that then read poorly is read once more as it
		// came, and the pass that read more text is kept; it is the page's
		// one extra pass. The first pass's PGM is dropped first, so the
		// page holds no more memory than in its first pass.
		n.pnm = nil
		return w.unturned(img, rec, p.deskew)
	}
	if splitAmounts(words) > 0 {
		// Right-aligned amounts in a monospaced font, straight on the
		// page, leave a river of white at their decimal points that the
		// layout analysis takes for a gutter between columns: the cents
		// are cut off ("474,605." and a ".75" or nothing). Read as one
		// block of text the page has no gutters; that pass is kept when
		// it split fewer amounts and read about as much. It is the page's
		// one extra pass of the whole image.
		block, err := w.recognizeMode(n.pnm, n.gray.Rect.Dx(), n.gray.Rect.Dy(), blockSegMode)
		if err != nil {
			return ocr.Recognition{}, fmt.Errorf("single-block pass: %w", err)
		}
		if keepBlockPass(words, block) {
			rec.Words = block
		}
	} else if rec.Words, err = w.retry(rec.Image, words, hints); err != nil {
		return ocr.Recognition{}, err
	}
	if d := droppedBands(n.gray, rec.Words); len(d.bands) > 0 {
		// Ink shaped like lines of text where no word was read: the
		// layout analysis dropped them (see dropped.go). Those bands
		// alone are read again, as one small image.
		if rec.Words, err = w.rereadBands(n.gray, rec.Words, d); err != nil {
			return ocr.Recognition{}, err
		}
	}
	return rec, nil
}

// unturned recognises img as it came (deskewed, not turned) and returns
// that recognition when it read more text than turned, which it returns
// otherwise.
func (w *worker) unturned(img *image.Gray, turned ocr.Recognition, deskew bool) (ocr.Recognition, error) {
	n, err := normalize(img, normOptions{deskew: deskew})
	if err != nil {
		return ocr.Recognition{}, fmt.Errorf("unturned pass: %w", err)
	}
	words, err := w.recognize(n.pnm, n.gray.Rect.Dx(), n.gray.Rect.Dy())
	if err != nil {
		return ocr.Recognition{}, fmt.Errorf("unturned pass: %w", err)
	}
	if judge(words).score <= judge(turned.Words).score {
		return turned, nil
	}
	return ocr.Recognition{
		Words:  words,
		Skew:   n.skew,
		Width:  n.gray.Rect.Dx(),
		Height: n.gray.Rect.Dy(),
		Image:  n.gray,
	}, nil
}

// recognize runs one recognition of a PGM image of w x h pixels.
func (w *worker) recognize(pnm []byte, width, height int) ([]ocr.Word, error) {
	return w.recognizeMode(pnm, width, height, pageSegMode)
}

// recognizeMode is recognize with another page segmentation mode for this
// recognition only.
func (w *worker) recognizeMode(pnm []byte, width, height int, mode string) (words []ocr.Word, err error) {
	return w.recognizeWith(pnm, estimateDPI(width, height), settings{mode: mode})
}

// settings are the Tesseract variables one recognition may change; the
// client is set back to the defaults after it.
type settings struct {
	mode string // page segmentation mode; pageSegMode by default
	// localThreshold binarises the image with Sauvola's local threshold
	// instead of one Otsu threshold for the whole page.
	localThreshold bool
}

// recognizeWith runs one recognition of a PGM image of known resolution
// with settings s.
func (w *worker) recognizeWith(pnm []byte, dpi int, s settings) (words []ocr.Word, err error) {
	vars := map[string][2]string{} // name: value for this pass, default
	if s.mode != "" && s.mode != pageSegMode {
		vars["tessedit_pageseg_mode"] = [2]string{s.mode, pageSegMode}
	}
	if s.localThreshold {
		vars["thresholding_method"] = [2]string{sauvola, otsu}
	}
	for name, v := range vars {
		if err := w.client.SetVariable(gosseract.SettableVariable(name), v[0]); err != nil {
			return nil, fmt.Errorf("set %s %s: %w", name, v[0], err)
		}
	}
	defer func() {
		for name, v := range vars {
			if e := w.client.SetVariable(gosseract.SettableVariable(name), v[1]); e != nil && err == nil {
				err = fmt.Errorf("reset %s: %w", name, e)
			}
		}
	}()
	if err := w.client.SetImageFromBytes(pnm); err != nil {
		return nil, fmt.Errorf("set image: %w", err)
	}
	// PNM carries no resolution, and Tesseract's layout analysis sizes its
	// noise and line filters by it (at its default of 70 dpi a 300 dpi
	// scan lost whole table rows).
	if err := w.client.SetVariable("user_defined_dpi", strconv.Itoa(dpi)); err != nil {
		return nil, fmt.Errorf("set dpi: %w", err)
	}
	boxes, err := w.client.GetBoundingBoxesVerbose()
	if err != nil {
		return nil, fmt.Errorf("tesseract: %w", err)
	}
	return toWords(boxes), nil
}

// retry judges a first recognition of img and, when the page was read
// poorly and the diagnosis suggests a remedy, recognises it once more with
// that preprocessing or binarisation (hints say what the reader did to the
// page). It returns the words of the pass that read more text, in img's
// coordinates.
func (w *worker) retry(img *image.Gray, first []ocr.Word, hints ocr.Hints) ([]ocr.Word, error) {
	q1 := judge(first)
	plan, ok := planRetry(q1, img, hints)
	if !ok {
		return first, nil
	}
	pre := plan.apply(img)
	second, err := w.recognizeWith(pgm(pre), estimateDPI(pre.Rect.Dx(), pre.Rect.Dy()), settings{localThreshold: plan.local})
	if err != nil {
		return nil, fmt.Errorf("second pass (%s): %w", plan, err)
	}
	if judge(second).score <= q1.score {
		return first, nil
	}
	sx := float64(pre.Rect.Dx()) / float64(img.Rect.Dx())
	sy := float64(pre.Rect.Dy()) / float64(img.Rect.Dy())
	return unscale(second, sx, sy, img.Rect.Dx(), img.Rect.Dy()), nil
}

// toWords converts Tesseract's word boxes, numbering lines by their
// (block, paragraph, line) in reading order.
func toWords(boxes []gosseract.BoundingBox) []ocr.Word {
	type lineKey struct{ block, par, line int }
	lines := map[lineKey]int{}
	words := make([]ocr.Word, 0, len(boxes))
	for _, b := range boxes {
		text := strings.TrimSpace(b.Word)
		if text == "" {
			continue
		}
		k := lineKey{b.BlockNum, b.ParNum, b.LineNum}
		n, ok := lines[k]
		if !ok {
			n = len(lines) + 1
			lines[k] = n
		}
		words = append(words, ocr.Word{
			Text: text,
			Box:  ocr.Box{X0: float64(b.Box.Min.X), Y0: float64(b.Box.Min.Y), X1: float64(b.Box.Max.X), Y1: float64(b.Box.Max.Y)},
			Conf: min(max(b.Confidence/100, 0), 1),
			Line: n,
		})
	}
	return words
}

// estimateDPI guesses a page image's resolution from its size, taking the
// page to be about Letter or A4 (8.5 in wide, 11.7 in tall at most);
// receipts and slips come out lower, which Tesseract tolerates.
func estimateDPI(w, h int) int {
	d := math.Max(float64(w)/8.5, float64(h)/11.7)
	return int(math.Round(math.Max(70, math.Min(600, d))))
}

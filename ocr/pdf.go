package ocr

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/validate"
)

const (
	// minTextWords is how many real words (with a letter or digit) a page's
	// text layer needs to be trusted instead of OCR; fewer is a scan with a
	// stamp, a page number or a footer. Over a scan-sized image it takes
	// more: a sample ADP stub had an address block of 10 typed words over
	// its scan, and a payslip or form with a real text layer has far more.
	minTextWords = 5
	// minScanTextWords is the same for a page that draws a scan-sized image.
	minScanTextWords = 30
	// rasterDPI is the resolution scanned pages are rendered at for OCR.
	rasterDPI = 300
	// minRasterDPI is the least resolution a page without a scan is
	// rendered at: below it, body text is a few pixels high and OCR reads
	// noise. A page too large for it within the pixel limits is refused.
	minRasterDPI = 100
	// textTimeout and rasterTimeout bound the poppler processes, which could
	// otherwise spin on a hostile file.
	textTimeout   = 60 * time.Second
	rasterTimeout = 60 * time.Second
	// maxTextOutput bounds pdftotext's XHTML, for files whose text layer is
	// inflated to exhaust memory or CPU: a word costs about 100 bytes, and
	// the word limits stop a normal layer far sooner.
	maxTextOutput = 16 << 20
)

func (r *Reader) readPDF(ctx context.Context, data []byte, lim Limits) (*Document, error) {
	// Bytes before %PDF- (mail headers, printer lines) are not part of the
	// file: its offsets count from the header.
	if i := bytes.Index(data[:min(len(data), pdfSearchWindow+4)], []byte("%PDF-")); i > 0 {
		data = data[i:]
	}
	info, npages, dims, scans, err := inspectPDF(ctx, data, lim)
	if err != nil {
		return nil, err
	}

	dir, err := os.MkdirTemp("", "talaan-ocr-*")
	if err != nil {
		return nil, fmt.Errorf("make work folder: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return nil, fmt.Errorf("write work copy: %w", err)
	}

	text, err := pdfTextLayer(ctx, path, lim)
	if err != nil {
		return nil, err
	}

	pages := make([]Page, npages)
	var jobs []ocrJob
	for i := range npages {
		// A scanned page with a few typed words over it is read by OCR.
		minWords := minTextWords
		if i < len(scans) && scans[i] {
			minWords = minScanTextWords
		}
		if i < len(text) && text[i].realWords() >= minWords {
			pages[i] = text[i].page(i + 1)
			continue
		}
		w, h := pageSize(i, text, dims)
		dpi := rasterDPIFor(w, h, lim)
		n := i + 1
		// A scan placed at 72 dpi makes a page of 40-60 inches: its text is
		// as large as the scan's pixels, so it is read at any page size.
		if dpi < minRasterDPI && !(i < len(scans) && scans[i]) {
			return nil, fmt.Errorf("%w: page %d is %.0f x %.0f inches; pages up to %d inches on a side are read",
				ErrPageTooLarge, n, w/72, h/72, downscaleAbove/minRasterDPI)
		}
		jobs = append(jobs, ocrJob{index: i, number: n, load: func(ctx context.Context) (*image.Gray, *hold, error) {
			img, h, err := r.rasterise(ctx, path, n, dpi, w, h, lim)
			if err != nil {
				return nil, nil, fmt.Errorf("rasterise page %d: %w", n, err)
			}
			return img, h, nil
		}})
	}
	if err := r.recognize(ctx, pages, jobs); err != nil {
		return nil, err
	}
	return &Document{Type: TypePDF, Pages: pages, PDF: info}, nil
}

// inspectPDF validates the file with pdfcpu and reads its page count, page
// sizes and metadata. The page count is checked before any per-page work.
func inspectPDF(ctx context.Context, data []byte, lim Limits) (*PDFInfo, int, []types.Dim, []bool, error) {
	// pdfcpu otherwise writes a config file into the user's home.
	api.DisableConfigDir()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Cmd = model.VALIDATE

	var pc *model.Context
	err := guard(func() (err error) {
		pc, err = pdfcpu.ReadWithContext(ctx, bytes.NewReader(data), conf)
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, nil, nil, ctx.Err()
		}
		if errors.Is(err, pdfcpu.ErrWrongPassword) || hasEncryptKey(data) {
			return nil, 0, nil, nil, fmt.Errorf("%w: %v", ErrEncrypted, err)
		}
		return nil, 0, nil, nil, fmt.Errorf("%w: read pdf: %v", ErrDamaged, err)
	}
	// pdfcpu opens files with an empty user password silently; they are
	// still encrypted and refused, so no caller handles decrypted content.
	if pc.Encrypt != nil || pc.E != nil {
		return nil, 0, nil, nil, fmt.Errorf("%w: encrypted with an empty user password", ErrEncrypted)
	}
	err = guard(func() error {
		root, err := pc.Pages()
		if err != nil {
			return err
		}
		if root == nil {
			return errors.New("the catalog has no page tree")
		}
		return pc.EnsurePageCount()
	})
	if err != nil {
		return nil, 0, nil, nil, fmt.Errorf("%w: count pages: %v", ErrDamaged, err)
	}
	if pc.PageCount > lim.MaxPages {
		return nil, 0, nil, nil, fmt.Errorf("%w: %d pages, limit %d", ErrTooManyPages, pc.PageCount, lim.MaxPages)
	}
	if err := guard(func() error { return validate.XRefTable(pc) }); err != nil {
		return nil, 0, nil, nil, fmt.Errorf("%w: validate pdf: %v", ErrDamaged, err)
	}
	// Validation walks the page tree and refuses a /Count that lies; this
	// check stays in case a relaxed repair changed the count.
	if pc.PageCount > lim.MaxPages {
		return nil, 0, nil, nil, fmt.Errorf("%w: %d pages, limit %d", ErrTooManyPages, pc.PageCount, lim.MaxPages)
	}
	if pc.PageCount <= 0 {
		return nil, 0, nil, nil, fmt.Errorf("%w: the PDF has no pages", ErrDamaged)
	}
	var dims []types.Dim
	if err := guard(func() (err error) {
		dims, err = pc.PageDims()
		return err
	}); err != nil {
		dims = nil // sizes then come from pdftotext
	}
	info := &PDFInfo{
		Producer:     pc.XRefTable.Producer,
		Creator:      pc.XRefTable.Creator,
		CreationDate: pdfDate(pc.XRefTable.CreationDate),
		ModDate:      pdfDate(pc.XRefTable.ModDate),
		Revisions:    countRevisions(data),
	}
	scans := make([]bool, pc.PageCount)
	for i := range scans {
		_ = guard(func() error {
			scans[i] = pageHasLargeImage(pc, i+1)
			return nil
		})
	}
	return info, pc.PageCount, dims, scans, nil
}

// pageHasLargeImage says a page draws an image of scan size (a scanner or
// a print-to-PDF puts the whole page in one image).
func pageHasLargeImage(pc *model.Context, n int) bool {
	d, _, _, err := pc.PageDict(n, true)
	if err != nil || d == nil {
		return false
	}
	res, err := pc.DereferenceDict(d["Resources"])
	if err != nil || res == nil {
		return false
	}
	xo, err := pc.DereferenceDict(res["XObject"])
	if err != nil || xo == nil {
		return false
	}
	for _, o := range xo {
		sd, _, err := pc.DereferenceStreamDict(o)
		if err != nil || sd == nil {
			continue
		}
		if st := sd.Subtype(); st == nil || *st != "Image" {
			continue
		}
		w, h := sd.IntEntry("Width"), sd.IntEntry("Height")
		if w != nil && h != nil && *w**h >= 500*500 {
			return true
		}
	}
	return false
}

// guard runs a pdfcpu call and turns a panic into an error: pdfcpu is a
// third-party parser fed hostile bytes (fuzzing found nil dereferences), and
// one bad upload must not take the service down. Our own code validates
// instead of recovering.
func guard(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("pdfcpu: %v", p)
		}
	}()
	return f()
}

// hasEncryptKey reports whether a trailer names an encryption dictionary;
// trailers are never compressed, so the key is visible in the bytes.
func hasEncryptKey(data []byte) bool {
	return bytes.Contains(data, []byte("/Encrypt"))
}

// pdfDate turns a PDF date (D:20240131120000+08'00') into RFC 3339, keeping
// the original when it does not parse.
func pdfDate(s string) string {
	if s == "" {
		return ""
	}
	if t, ok := types.DateTime(s, true); ok {
		return t.Format(time.RFC3339)
	}
	return s
}

// countRevisions counts the file's revisions: each incremental update
// appends a body, an xref section and a %%EOF. A linearized file has an
// extra %%EOF after its first-page section without being updated.
func countRevisions(data []byte) int {
	n := 0
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("%%EOF"))
		if j < 0 {
			break
		}
		n++
		i += j + 5
	}
	if n > 1 && bytes.Contains(data[:min(len(data), 1024)], []byte("/Linearized")) {
		n--
	}
	return max(n, 1)
}

// pageSize is page i's size in points: the larger of what pdftotext and
// pdfcpu say (both read the MediaBox, but a hostile file may make them
// differ), US Letter when neither says.
func pageSize(i int, text []textPage, dims []types.Dim) (w, h float64) {
	if i < len(text) {
		w, h = text[i].width, text[i].height
	}
	if i < len(dims) {
		w, h = max(w, dims[i].Width), max(h, dims[i].Height)
	}
	if !(w > 0 && h > 0) || math.IsInf(w, 0) || math.IsInf(h, 0) {
		return 612, 792
	}
	return w, h
}

// rasterDPIFor lowers the resolution for pages so large (posters, mistaken
// page sizes) that 300 dpi would exceed the pixel limit or the size OCR
// reads well.
func rasterDPIFor(wPt, hPt float64, lim Limits) int {
	dpi := float64(rasterDPI)
	if px := wPt / 72 * dpi * hPt / 72 * dpi; px > float64(lim.maxPixels()) {
		dpi *= math.Sqrt(float64(lim.maxPixels()) / px)
	}
	if long := max(wPt, hPt) / 72 * dpi; long > downscaleAbove {
		dpi *= downscaleAbove / long
	}
	return max(int(dpi), 1)
}

// rasterise renders one page to 8-bit gray with poppler's pdftoppm, the
// pixels read from its output straight into the image. PGM, not PNG:
// compressing a noisy scan to PNG costs seconds per page. pdftoppm is told
// the most pixels it may render (-W, -H), so a page larger than the size
// it was measured at is cropped, never rendered whole; the budget holds
// those pixels from before the render until the page is recognised.
func (r *Reader) rasterise(parent context.Context, path string, page, dpi int, wPt, hPt float64, lim Limits) (*image.Gray, *hold, error) {
	maxW, maxH := int(math.Ceil(wPt/72*float64(dpi)))+1, int(math.Ceil(hPt/72*float64(dpi)))+1
	h, err := r.Memory.acquire(parent, enginePerPixel*int64(maxW)*int64(maxH)) // engineBytes
	if err != nil {
		return nil, nil, err
	}
	img, err := runPdftoppm(parent, path, page, dpi, maxW, maxH, lim)
	if err != nil {
		h.release()
		return nil, nil, err
	}
	h.shrink(engineBytes(img))
	return img, h, nil
}

func runPdftoppm(parent context.Context, path string, page, dpi, maxW, maxH int, lim Limits) (*image.Gray, error) {
	ctx, cancel := context.WithTimeout(parent, rasterTimeout)
	defer cancel()
	n := strconv.Itoa(page)
	cmd := exec.CommandContext(ctx, "pdftoppm", "-gray", "-r", strconv.Itoa(dpi), "-f", n, "-l", n,
		"-x", "0", "-y", "0", "-W", strconv.Itoa(maxW), "-H", strconv.Itoa(maxH), path)
	cmd.WaitDelay = time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4096}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("pdftoppm: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start pdftoppm: %w", err)
	}
	img, derr := decodePGM(bufio.NewReader(stdout), lim)
	if derr == nil && (img.Rect.Dx() > maxW || img.Rect.Dy() > maxH) {
		derr = fmt.Errorf("%w: pdftoppm rendered %v, asked for at most %dx%d", ErrDamaged, img.Rect.Size(), maxW, maxH)
	}
	if derr != nil {
		cancel() // its output is no longer read
	}
	werr := cmd.Wait()
	if err := parent.Err(); err != nil {
		return nil, err
	}
	if werr != nil && derr == nil || werr != nil && !errors.Is(derr, ErrImageTooLarge) {
		return nil, fmt.Errorf("%w: pdftoppm: %v: %s", ErrDamaged, werr, strings.TrimSpace(stderr.String()))
	}
	if derr != nil {
		return nil, fmt.Errorf("read pdftoppm output: %w", derr)
	}
	return img, nil
}

// limitedWriter fails once more than n bytes were written, which makes the
// child process stop on a broken pipe.
type limitedWriter struct {
	w io.Writer
	n int64
}

var errOutputTooLarge = errors.New("output too large")

func (l *limitedWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.n {
		return 0, errOutputTooLarge
	}
	l.n -= int64(len(p))
	return l.w.Write(p)
}

// decodePGM decodes a binary 8-bit PGM (P5), as pdftoppm -gray writes it,
// reading the pixels straight into the image.
func decodePGM(r *bufio.Reader, lim Limits) (*image.Gray, error) {
	next := func() (byte, bool) {
		c, err := r.ReadByte()
		return c, err == nil
	}
	if a, ok := next(); !ok || a != 'P' {
		return nil, fmt.Errorf("%w: not a binary PGM", ErrDamaged)
	}
	if b, ok := next(); !ok || b != '5' {
		return nil, fmt.Errorf("%w: not a binary PGM", ErrDamaged)
	}
	var vals [3]int
	c, ok := next()
	for k := range vals {
		// whitespace and comments, then a decimal number
		for ok {
			if c == '#' {
				for ok && c != '\n' {
					c, ok = next()
				}
				continue
			}
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				break
			}
			c, ok = next()
		}
		digits := 0
		for ok && c >= '0' && c <= '9' && digits < 9 {
			vals[k] = vals[k]*10 + int(c-'0')
			digits++
			c, ok = next()
		}
		if digits == 0 {
			return nil, fmt.Errorf("%w: bad PGM header", ErrDamaged)
		}
	}
	// c is the single whitespace before the raster.
	if !ok {
		return nil, fmt.Errorf("%w: PGM has no pixels", ErrDamaged)
	}
	w, h, maxv := vals[0], vals[1], vals[2]
	if maxv != 255 {
		return nil, fmt.Errorf("%w: PGM maxval %d, want 255", ErrDamaged, maxv)
	}
	if err := checkDims(w, h, lim); err != nil {
		return nil, err
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	if _, err := io.ReadFull(r, img.Pix); err != nil {
		return nil, fmt.Errorf("%w: PGM is truncated", ErrDamaged)
	}
	return img, nil
}

// textPage is one page of pdftotext's -bbox-layout output.
type textPage struct {
	width, height float64
	words         []Word
}

func (t textPage) realWords() int {
	n := 0
	for _, w := range t.words {
		if isRealWord(w.Text) {
			n++
		}
	}
	return n
}

func (t textPage) page(number int) Page {
	return Page{
		Number:   number,
		Width:    t.width,
		Height:   t.height,
		Source:   SourceText,
		MeanConf: 1,
		Words:    t.words,
	}
}

// pdfTextLayer runs pdftotext once for the whole file and returns each
// page's words with boxes in points, origin at the top left. Its output is
// parsed as it is written, and pdftotext is stopped as soon as a word limit
// is passed.
func pdfTextLayer(parent context.Context, path string, lim Limits) ([]textPage, error) {
	ctx, cancel := context.WithTimeout(parent, textTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "pdftotext", "-bbox-layout", "-enc", "UTF-8", "-q", path, "-")
	cmd.WaitDelay = time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4096}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("pdftotext: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start pdftotext: %w", err)
	}
	pages, perr := parseBBoxLayout(&cappedReader{r: stdout, n: maxTextOutput}, lim)
	if perr != nil {
		cancel() // its output is no longer read
	}
	werr := cmd.Wait()
	if err := parent.Err(); err != nil {
		return nil, err
	}
	if errors.Is(perr, ErrTooMuchText) {
		return nil, perr
	}
	if werr != nil {
		return nil, fmt.Errorf("%w: pdftotext: %v: %s", ErrDamaged, werr, strings.TrimSpace(stderr.String()))
	}
	if perr != nil {
		return nil, fmt.Errorf("parse pdftotext output: %w", perr)
	}
	return pages, nil
}

// cappedReader fails with ErrTooMuchText after n bytes.
type cappedReader struct {
	r io.Reader
	n int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.n <= 0 {
		return 0, fmt.Errorf("%w: the text layer is over %s", ErrTooMuchText, formatBytes(maxTextOutput))
	}
	p = p[:min(int64(len(p)), c.n)]
	n, err := c.r.Read(p)
	c.n -= int64(n)
	return n, err
}

// parseBBoxLayout reads the XHTML of pdftotext -bbox-layout:
// page > flow > block > line > word, each word with xMin, yMin, xMax, yMax.
// It stops with ErrTooMuchText at the first word over lim's page or
// document word limit.
func parseBBoxLayout(r io.Reader, lim Limits) ([]textPage, error) {
	lim = lim.withDefaults()
	d := xml.NewDecoder(r)
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var (
		pages []textPage
		cur   *textPage
		line  int
		total int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "page":
			pages = append(pages, textPage{width: attrFloat(se, "width"), height: attrFloat(se, "height")})
			cur = &pages[len(pages)-1]
			line = 0
		case "line":
			line++
		case "word":
			if cur == nil {
				continue
			}
			if len(cur.words) == lim.MaxPageWords {
				return nil, fmt.Errorf("%w: page %d has more than %d words of text; a payslip has at most %d",
					ErrTooMuchText, len(pages), lim.MaxPageWords, lim.MaxPageWords)
			}
			if total == lim.MaxDocumentWords {
				return nil, fmt.Errorf("%w: the document has more than %d words of text (%d pages so far)",
					ErrTooMuchText, lim.MaxDocumentWords, len(pages))
			}
			var s string
			if err := d.DecodeElement(&s, &se); err != nil {
				return nil, err
			}
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			total++
			cur.words = append(cur.words, Word{
				Text: s,
				Box:  Box{attrFloat(se, "xMin"), attrFloat(se, "yMin"), attrFloat(se, "xMax"), attrFloat(se, "yMax")},
				Conf: 1,
				Line: line,
			})
		}
	}
	for i := range pages {
		if pages[i].words == nil {
			pages[i].words = []Word{}
		}
	}
	return pages, nil
}

func attrFloat(se xml.StartElement, name string) float64 {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			f, err := strconv.ParseFloat(a.Value, 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return 0
			}
			return f
		}
	}
	return 0
}

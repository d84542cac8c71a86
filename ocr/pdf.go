package ocr

import (
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
	// textTimeout and rasterTimeout bound the poppler processes, which could
	// otherwise spin on a hostile file.
	textTimeout   = 60 * time.Second
	rasterTimeout = 60 * time.Second
	// maxTextOutput bounds pdftotext's XHTML, for files whose text layer is
	// inflated to exhaust memory.
	maxTextOutput = 64 << 20
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

	text, err := pdfTextLayer(ctx, path)
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
		w, h := 612.0, 792.0 // US Letter when nothing says otherwise
		if i < len(text) && text[i].width > 0 && text[i].height > 0 {
			w, h = text[i].width, text[i].height
		} else if i < len(dims) && dims[i].Width > 0 && dims[i].Height > 0 {
			w, h = dims[i].Width, dims[i].Height
		}
		dpi := rasterDPIFor(w, h, lim)
		n := i + 1
		jobs = append(jobs, ocrJob{index: i, number: n, load: func(ctx context.Context) (*image.Gray, error) {
			img, err := rasterise(ctx, path, n, dpi, lim)
			if err != nil {
				return nil, fmt.Errorf("rasterise page %d: %w", n, err)
			}
			return img, nil
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

// rasterise renders one page to 8-bit gray with poppler's pdftoppm. PGM, not
// PNG: compressing a noisy scan to PNG costs seconds per page.
func rasterise(parent context.Context, path string, page, dpi int, lim Limits) (*image.Gray, error) {
	ctx, cancel := context.WithTimeout(parent, rasterTimeout)
	defer cancel()
	n := strconv.Itoa(page)
	cmd := exec.CommandContext(ctx, "pdftoppm", "-gray", "-r", strconv.Itoa(dpi), "-f", n, "-l", n, path)
	cmd.WaitDelay = time.Second
	var out, stderr bytes.Buffer
	cmd.Stdout = &limitedWriter{w: &out, n: int64(lim.maxPixels()) + 64}
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4096}
	if err := cmd.Run(); err != nil {
		if err := parent.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w: pdftoppm: %v: %s", ErrDamaged, err, strings.TrimSpace(stderr.String()))
	}
	img, err := decodePGM(out.Bytes(), lim)
	if err != nil {
		return nil, fmt.Errorf("read pdftoppm output: %w", err)
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

// decodePGM decodes a binary 8-bit PGM (P5), as pdftoppm -gray writes it.
func decodePGM(b []byte, lim Limits) (*image.Gray, error) {
	if !bytes.HasPrefix(b, []byte("P5")) {
		return nil, fmt.Errorf("%w: not a binary PGM", ErrDamaged)
	}
	pos := 2
	var vals [3]int
	for k := range vals {
		// whitespace and comments, then a decimal number
		for pos < len(b) {
			c := b[pos]
			if c == '#' {
				for pos < len(b) && b[pos] != '\n' {
					pos++
				}
				continue
			}
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				break
			}
			pos++
		}
		start := pos
		for pos < len(b) && b[pos] >= '0' && b[pos] <= '9' && pos-start < 9 {
			pos++
		}
		if pos == start {
			return nil, fmt.Errorf("%w: bad PGM header", ErrDamaged)
		}
		vals[k], _ = strconv.Atoi(string(b[start:pos]))
	}
	if pos >= len(b) {
		return nil, fmt.Errorf("%w: PGM has no pixels", ErrDamaged)
	}
	pos++ // the single whitespace before the raster
	w, h, maxv := vals[0], vals[1], vals[2]
	if maxv != 255 {
		return nil, fmt.Errorf("%w: PGM maxval %d, want 255", ErrDamaged, maxv)
	}
	if err := checkDims(w, h, lim); err != nil {
		return nil, err
	}
	if int64(len(b)-pos) < int64(w)*int64(h) {
		return nil, fmt.Errorf("%w: PGM is truncated", ErrDamaged)
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	copy(img.Pix, b[pos:pos+w*h])
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
// page's words with boxes in points, origin at the top left.
func pdfTextLayer(parent context.Context, path string) ([]textPage, error) {
	ctx, cancel := context.WithTimeout(parent, textTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "pdftotext", "-bbox-layout", "-enc", "UTF-8", "-q", path, "-")
	cmd.WaitDelay = time.Second
	var out, stderr bytes.Buffer
	cmd.Stdout = &limitedWriter{w: &out, n: maxTextOutput}
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4096}
	if err := cmd.Run(); err != nil {
		if err := parent.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w: pdftotext: %v: %s", ErrDamaged, err, strings.TrimSpace(stderr.String()))
	}
	pages, err := parseBBoxLayout(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("parse pdftotext output: %w", err)
	}
	return pages, nil
}

// parseBBoxLayout reads the XHTML of pdftotext -bbox-layout:
// page > flow > block > line > word, each word with xMin, yMin, xMax, yMax.
func parseBBoxLayout(b []byte) ([]textPage, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var (
		pages []textPage
		cur   *textPage
		line  int
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
			var s string
			if err := d.DecodeElement(&s, &se); err != nil {
				return nil, err
			}
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
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

package console

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	_ "image/jpeg" // decoders for image.Decode

	_ "golang.org/x/image/tiff"

	"talaan/ocr"
	"talaan/storage"
)

const (
	// renderDPI is the resolution PDF pages are shown at.
	renderDPI = 110
	// maxPages is the most pages a document shows (the engine's own limit).
	maxPages = 50
	// Bounds of one page picture, whatever the file claims.
	maxLongSide = 5000
	maxPixels   = 40e6
	renderTime  = 30 * time.Second
)

var errNoPage = errors.New("no such page")

// pageImage serves page n of a file of the tenant's archive as PNG (JPEG
// photos as they are): PDFs through pdftoppm, images decoded and
// re-encoded.
func (c *Console) pageImage(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	n, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("page"), ".png"))
	if err != nil || n < 1 || n > maxPages {
		http.Error(w, "No such page.", http.StatusNotFound)
		return
	}
	f, status, msg := c.archiveFile(ctx, s, r.PathValue("id"), r.PathValue("fileId"))
	if status != 0 {
		http.Error(w, msg, status)
		return
	}
	data, err := c.readBlob(ctx, f)
	if err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			http.Error(w, "The file was deleted.", http.StatusGone)
			return
		}
		c.log.Error("console: read file", "file_id", f.ID, "err", err)
		http.Error(w, "The file cannot be read right now.", http.StatusInternalServerError)
		return
	}
	select {
	case c.renders <- struct{}{}:
		defer func() { <-c.renders }()
	case <-ctx.Done():
		return
	}
	body, ctype, err := renderPage(ctx, data, n, c.cfg.Memory)
	switch {
	case errors.Is(err, errNoPage):
		http.Error(w, "No such page.", http.StatusNotFound)
		return
	case err != nil:
		if ctx.Err() != nil {
			return
		}
		c.log.Warn("console: render page", "file_id", f.ID, "page", n, "err", err)
		http.Error(w, "This page cannot be shown.", http.StatusUnprocessableEntity)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("Cache-Control", "private, max-age=600")
	_, _ = w.Write(body)
}

// archiveFile finds a file of the tenant's archive that is still kept;
// otherwise a status and a message.
func (c *Console) archiveFile(ctx context.Context, s *session, archiveID, fileID string) (storage.RawFile, int, string) {
	a, err := c.store.GetArchive(ctx, s.TenantID, archiveID)
	if errors.Is(err, storage.ErrNotFound) || (err == nil && a.Status == storage.StatusRevoked) {
		return storage.RawFile{}, http.StatusNotFound, "No such document."
	}
	if err != nil {
		c.log.Error("console: get archive", "archive_id", archiveID, "err", err)
		return storage.RawFile{}, http.StatusInternalServerError, "The document cannot be read right now."
	}
	for _, f := range a.Files {
		if f.ID != fileID {
			continue
		}
		if f.DeletedAt != nil || !c.now().Before(f.ExpiresAt) {
			return f, http.StatusGone, "The file was deleted (revoked or past its retention)."
		}
		return f, 0, ""
	}
	return storage.RawFile{}, http.StatusNotFound, "No such file."
}

func (c *Console) readBlob(ctx context.Context, f storage.RawFile) ([]byte, error) {
	rc, err := c.blobs.Open(ctx, f.BlobKey)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, c.cfg.MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > c.cfg.MaxFileBytes {
		return nil, fmt.Errorf("file %s is over %d bytes", f.ID, c.cfg.MaxFileBytes)
	}
	return data, nil
}

// pageCount counts a file's pages when the stored result does not say
// (a document that failed before its pages were read).
func (c *Console) pageCount(ctx context.Context, f storage.RawFile) (int, error) {
	data, err := c.readBlob(ctx, f)
	if err != nil {
		return 1, err
	}
	switch ocr.Sniff(data) {
	case ocr.TypePDF:
		info, err := pdfInfo(ctx, data, 1)
		if err != nil {
			return 1, err
		}
		return info.pages, nil
	case ocr.TypeTIFF:
		ifds, err := tiffIFDs(data)
		return max(len(ifds), 1), err
	}
	return 1, nil
}

// renderPage returns page n of a document as an image and its type.
func renderPage(ctx context.Context, data []byte, n int, mem *ocr.Budget) ([]byte, string, error) {
	switch ocr.Sniff(data) {
	case ocr.TypePDF:
		b, err := renderPDF(ctx, data, n)
		return b, "image/png", err
	case ocr.TypeJPEG:
		if n != 1 {
			return nil, "", errNoPage
		}
		// Served as it is: the browser turns it by its EXIF orientation,
		// as the engine did.
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, "", err
		}
		if float64(cfg.Width)*float64(cfg.Height) > 2*maxPixels {
			return nil, "", fmt.Errorf("image of %dx%d pixels", cfg.Width, cfg.Height)
		}
		return data, "image/jpeg", nil
	case ocr.TypePNG, ocr.TypeTIFF:
		b, err := reencode(ctx, data, n, mem)
		return b, "image/png", err
	}
	return nil, "", errors.New("not a PDF, PNG, JPEG or TIFF")
}

// reencode decodes page n of a PNG or TIFF to gray, as the engine read it,
// with the engine's header checks and under its memory budget, and encodes
// it as PNG: a 16-bit colour "bomb" costs a byte a pixel here too.
func reencode(ctx context.Context, data []byte, n int, mem *ocr.Budget) ([]byte, error) {
	lim := ocr.Limits{MaxPages: maxPages, MaxMegapixels: 2 * maxPixels / 1e6}
	img, release, err := ocr.DecodePage(ctx, data, n, lim, mem)
	if errors.Is(err, ocr.ErrNoPage) {
		return nil, errNoPage
	}
	if err != nil {
		return nil, err
	}
	defer release()
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type pdfPage struct {
	pages         int
	width, height float64 // points, of the page asked for
}

var pdfSizeRE = regexp.MustCompile(`^Page\s+\d+\s+size:\s+([\d.]+)\s+x\s+([\d.]+)`)

// pdfInfo asks pdfinfo for the page count and page n's size.
func pdfInfo(ctx context.Context, data []byte, n int) (pdfPage, error) {
	dir, err := os.MkdirTemp("", "talaan-console-")
	if err != nil {
		return pdfPage{}, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return pdfPage{}, err
	}
	return pdfInfoFile(ctx, in, n)
}

func pdfInfoFile(ctx context.Context, path string, n int) (pdfPage, error) {
	ctx, cancel := context.WithTimeout(ctx, renderTime)
	defer cancel()
	out, err := exec.CommandContext(ctx, "pdfinfo", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), path).Output()
	if err != nil && n > 1 {
		// A page past the end is an error for pdfinfo: count the pages.
		if all, err2 := pdfInfoFile(ctx, path, 1); err2 == nil && n > all.pages {
			return all, nil
		}
	}
	if err != nil {
		return pdfPage{}, fmt.Errorf("pdfinfo: %w", err)
	}
	var p pdfPage
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			p.pages, _ = strconv.Atoi(strings.TrimSpace(v))
		}
		if m := pdfSizeRE.FindStringSubmatch(line); m != nil {
			p.width, _ = strconv.ParseFloat(m[1], 64)
			p.height, _ = strconv.ParseFloat(m[2], 64)
		}
	}
	if p.pages == 0 {
		return p, errors.New("pdfinfo: no page count")
	}
	return p, nil
}

// renderPDF renders page n with pdftoppm at renderDPI (less for a page so
// large that its picture would pass the bounds).
func renderPDF(ctx context.Context, data []byte, n int) ([]byte, error) {
	dir, err := os.MkdirTemp("", "talaan-console-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, err
	}
	info, err := pdfInfoFile(ctx, in, n)
	if err != nil {
		return nil, err
	}
	if n > info.pages {
		return nil, errNoPage
	}
	dpi := float64(renderDPI)
	if long := max(info.width, info.height) / 72 * dpi; long > maxLongSide {
		dpi *= maxLongSide / long
	}
	if px := info.width / 72 * dpi * info.height / 72 * dpi; px > maxPixels {
		dpi *= math.Sqrt(maxPixels / px)
	}
	ctx, cancel := context.WithTimeout(ctx, renderTime)
	defer cancel()
	// -W and -H hold pdftoppm to the pixels computed from pdfinfo's size,
	// should the page it renders be larger than the one pdfinfo measured.
	w, h := int(math.Ceil(info.width/72*dpi))+1, int(math.Ceil(info.height/72*dpi))+1
	cmd := exec.CommandContext(ctx, "pdftoppm", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n),
		"-r", strconv.Itoa(max(int(dpi), 1)), "-x", "0", "-y", "0", "-W", strconv.Itoa(max(w, 1)), "-H", strconv.Itoa(max(h, 1)),
		"-png", in, filepath.Join(dir, "out"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("pdftoppm: %w: %.200s", err, stderr.String())
	}
	outs, _ := filepath.Glob(filepath.Join(dir, "out*.png"))
	if len(outs) != 1 {
		return nil, errNoPage
	}
	return os.ReadFile(outs[0])
}

// tiffIFDs walks a TIFF's IFD chain and returns each page's IFD offset
// (x/image/tiff decodes only the first; page n is decoded from a copy whose
// header points at IFD n).
func tiffIFDs(data []byte) ([]uint32, error) {
	bo, ok := tiffOrder(data)
	if !ok {
		return nil, errors.New("bad TIFF header")
	}
	var offs []uint32
	seen := map[uint32]bool{}
	off := bo.Uint32(data[4:8])
	for off != 0 && len(offs) < maxPages {
		if seen[off] || int64(off)+2 > int64(len(data)) {
			break
		}
		seen[off] = true
		offs = append(offs, off)
		next := int64(off) + 2 + 12*int64(bo.Uint16(data[off:]))
		if next+4 > int64(len(data)) {
			break
		}
		off = bo.Uint32(data[next:])
	}
	if len(offs) == 0 {
		return nil, errors.New("TIFF has no pages")
	}
	return offs, nil
}

func tiffOrder(b []byte) (binary.ByteOrder, bool) {
	if len(b) < 8 {
		return nil, false
	}
	switch string(b[:4]) {
	case "II*\x00":
		return binary.LittleEndian, true
	case "MM\x00*":
		return binary.BigEndian, true
	}
	return nil, false
}

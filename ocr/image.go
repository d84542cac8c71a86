package ocr

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"

	"golang.org/x/image/draw"
)

// downscaleAbove is the long side, in pixels, above which a page is shrunk
// before OCR (a 600 dpi scan, a 50 MP photo): it costs little recall and
// much time. Small pages are not enlarged: doubling 150 dpi and 75 dpi
// payslips with bilinear scaling made Tesseract drop whole table rows
// (83 words down to 34 on the corpus's 150 dpi sample), and on a fax scan
// it traded one misread for another.
const downscaleAbove = 5000

func (r *Reader) readImage(ctx context.Context, t FileType, data []byte, lim Limits) (*Document, error) {
	size, err := inspectImage(t, data)
	if err != nil {
		return nil, err
	}
	if err := size.check(lim); err != nil {
		return nil, err
	}
	o := 1
	if t == TypeJPEG {
		o = exifOrientation(data)
	}
	pages := make([]Page, 1)
	job := ocrJob{index: 0, number: 1, load: func(ctx context.Context) (*image.Gray, *hold, error) {
		return r.loadPage(ctx, t, data, size, o)
	}}
	if err := r.recognize(ctx, pages, []ocrJob{job}); err != nil {
		return nil, err
	}
	return &Document{Type: t, Pages: pages}, nil
}

// checkDims refuses an image before its pixels are decoded, so a header
// declaring 60000x60000 costs nothing.
func checkDims(w, h int, lim Limits) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("%w: image is %dx%d", ErrDamaged, w, h)
	}
	if int64(w)*int64(h) > lim.maxPixels() {
		return fmt.Errorf("%w: %dx%d is over %.0f megapixels", ErrImageTooLarge, w, h, lim.MaxMegapixels)
	}
	return nil
}

// toGray converts to 8-bit gray with fast paths for what scanners and
// phones produce; a JPEG's luma plane is already the gray image.
func toGray(img image.Image) *image.Gray {
	b := img.Bounds()
	dst := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	switch src := img.(type) {
	case *image.Gray:
		for y := 0; y < b.Dy(); y++ {
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+b.Dx()], src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.YCbCr:
		for y := 0; y < b.Dy(); y++ {
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+b.Dx()], src.Y[src.YOffset(b.Min.X, b.Min.Y+y):])
		}
	default:
		// Transparent pixels are usually black with alpha 0 (screenshots,
		// exported forms): converted as they are, the page's margins become
		// black and Tesseract reads nothing. Paper is white.
		if o, ok := img.(interface{ Opaque() bool }); ok && o.Opaque() {
			draw.Draw(dst, dst.Rect, img, b.Min, draw.Src)
			break
		}
		draw.Draw(dst, dst.Rect, image.White, image.Point{}, draw.Src)
		draw.Draw(dst, dst.Rect, img, b.Min, draw.Over)
	}
	return dst
}

// scaleForOCR shrinks a page whose long side is over downscaleAbove.
func scaleForOCR(img *image.Gray) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	long := max(w, h)
	if long <= downscaleAbove {
		return img
	}
	f := float64(downscaleAbove) / float64(long)
	nw, nh := max(1, int(float64(w)*f+0.5)), max(1, int(float64(h)*f+0.5))
	return scaleGray(img, nw, nh)
}

// scaleGray is x/image/draw's ApproxBiLinear for gray to gray, with the same
// arithmetic: x/image goes through 16-bit colour values and left 8 bytes of
// garbage a pixel (200 MB for a 5000x5000 page).
func scaleGray(src *image.Gray, dw, dh int) *image.Gray {
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	dst := image.NewGray(image.Rect(0, 0, dw, dh))
	xscale, yscale := float64(sw)/float64(dw), float64(sh)/float64(dh)
	// split returns the two source indexes and weights of destination
	// index d, clamped at the edges.
	split := func(d int, scale float64, n int) (int, int, float64, float64) {
		s := (float64(d)+0.5)*scale - 0.5
		s0 := int(s)
		f0 := s - float64(s0)
		f1 := 1 - f0
		s1 := s0 + 1
		if s < 0 {
			s0, s1, f0, f1 = 0, 0, 0, 1
		} else if s1 > n-1 {
			s0, s1, f0, f1 = n-1, n-1, 1, 0
		}
		return s0, s1, f0, f1
	}
	xs0, xs1 := make([]int, dw), make([]int, dw)
	xf0, xf1 := make([]float64, dw), make([]float64, dw)
	for dx := range dw {
		xs0[dx], xs1[dx], xf0[dx], xf1[dx] = split(dx, xscale, sw)
	}
	for dy := range dh {
		sy0, sy1, yf0, yf1 := split(dy, yscale, sh)
		r0 := src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+sy0):]
		r1 := src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+sy1):]
		out := dst.Pix[dy*dst.Stride : dy*dst.Stride+dw]
		for dx := range out {
			a, b := xs0[dx], xs1[dx]
			top := xf1[dx]*float64(uint32(r0[a])*0x101) + xf0[dx]*float64(uint32(r0[b])*0x101)
			bot := xf1[dx]*float64(uint32(r1[a])*0x101) + xf0[dx]*float64(uint32(r1[b])*0x101)
			v := uint32(uint16(yf1*top + yf0*bot))
			out[dx] = uint8((65536*v + 1<<15) >> 24)
		}
	}
	return dst
}

// exifOrientation returns the EXIF Orientation (1-8) of a JPEG, 1 when it
// has none or the EXIF block is malformed.
func exifOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return 1
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // image data starts: no EXIF before it
			return 1
		}
		if marker >= 0xD0 && marker <= 0xD7 || marker == 0x01 {
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 from IFD0 of a TIFF structure (the body
// of an EXIF block).
func tiffOrientation(t []byte) int {
	bo, ok := tiffByteOrder(t)
	if !ok {
		return 1
	}
	off := int64(bo.Uint32(t[4:8]))
	if off < 8 || off+2 > int64(len(t)) {
		return 1
	}
	n := int64(bo.Uint16(t[off:]))
	for k := int64(0); k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > int64(len(t)) {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		if typ := bo.Uint16(t[e+2:]); typ != 3 { // SHORT
			return 1
		}
		v := int(bo.Uint16(t[e+8:]))
		if v < 1 || v > 8 {
			return 1
		}
		return v
	}
	return 1
}

func tiffByteOrder(t []byte) (binary.ByteOrder, bool) {
	if len(t) < 8 {
		return nil, false
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return nil, false
	}
	if bo.Uint16(t[2:4]) != 42 {
		return nil, false
	}
	return bo, true
}

// orient applies an EXIF orientation so the image is as the camera's user
// saw it; Leptonica and Go's decoder both ignore the tag. src must have its
// origin at (0, 0), as toGray's result has.
func orient(src *image.Gray, o int) *image.Gray {
	if o <= 1 || o > 8 {
		return src
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewGray(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		row := dst.Pix[y*dst.Stride : y*dst.Stride+dw]
		for x := range row {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = w-1-x, y
			case 3:
				sx, sy = w-1-x, h-1-y
			case 4:
				sx, sy = x, h-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, h-1-x
			case 7:
				sx, sy = w-1-y, h-1-x
			case 8:
				sx, sy = w-1-y, x
			}
			row[x] = src.Pix[sy*src.Stride+sx]
		}
	}
	return dst
}

// readTIFF reads every page of a TIFF. x/image/tiff decodes only the first
// IFD, so page n is decoded from a copy whose header points at IFD n.
func (r *Reader) readTIFF(ctx context.Context, data []byte, lim Limits) (*Document, error) {
	ifds, err := tiffIFDs(data, lim.MaxPages)
	if err != nil {
		return nil, err
	}
	pages := make([]Page, len(ifds))
	jobs := make([]ocrJob, len(ifds))
	header := bytes.Clone(data) // one copy, repointed per page, for the size checks
	for i, off := range ifds {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		setFirstIFD(header, off)
		size, err := inspectImage(TypeTIFF, header)
		if err != nil {
			return nil, fmt.Errorf("tiff page %d: %w", i+1, err)
		}
		if err := size.check(lim); err != nil {
			return nil, fmt.Errorf("tiff page %d: %w", i+1, err)
		}
		jobs[i] = ocrJob{index: i, number: i + 1, load: func(ctx context.Context) (*image.Gray, *hold, error) {
			page := bytes.Clone(data)
			setFirstIFD(page, off)
			img, h, err := r.loadPage(ctx, TypeTIFF, page, size, 1)
			if err != nil {
				return nil, nil, fmt.Errorf("tiff page %d: %w", i+1, err)
			}
			return img, h, nil
		}}
	}
	if err := r.recognize(ctx, pages, jobs); err != nil {
		return nil, err
	}
	return &Document{Type: TypeTIFF, Pages: pages}, nil
}

// tiffIFDs walks the IFD chain and returns each page's IFD offset, refusing
// loops and chains longer than maxPages.
func tiffIFDs(data []byte, maxPages int) ([]uint32, error) {
	bo, ok := tiffByteOrder(data)
	if !ok {
		return nil, fmt.Errorf("%w: bad TIFF header", ErrDamaged)
	}
	var offs []uint32
	seen := map[uint32]bool{}
	off := bo.Uint32(data[4:8])
	for off != 0 {
		if seen[off] {
			return nil, fmt.Errorf("%w: TIFF IFD chain loops", ErrDamaged)
		}
		seen[off] = true
		if int64(off)+2 > int64(len(data)) {
			return nil, fmt.Errorf("%w: TIFF IFD %d at %d is past the end", ErrDamaged, len(offs)+1, off)
		}
		if len(offs) == maxPages {
			return nil, fmt.Errorf("%w: TIFF has more than %d pages", ErrTooManyPages, maxPages)
		}
		offs = append(offs, off)
		n := int64(bo.Uint16(data[off:]))
		next := int64(off) + 2 + 12*n
		if next+4 > int64(len(data)) {
			return nil, fmt.Errorf("%w: TIFF IFD %d is truncated", ErrDamaged, len(offs))
		}
		off = bo.Uint32(data[next:])
	}
	if len(offs) == 0 {
		return nil, fmt.Errorf("%w: TIFF has no pages", ErrDamaged)
	}
	return offs, nil
}

// setFirstIFD points a TIFF's header at another IFD; b's header has been
// checked by tiffIFDs.
func setFirstIFD(b []byte, ifd uint32) {
	bo, _ := tiffByteOrder(b)
	bo.PutUint32(b[4:8], ifd)
}

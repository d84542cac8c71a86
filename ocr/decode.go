package ocr

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/tiff"
)

// imageSize is what decoding one page image will cost, read from its
// header before any pixel is decoded.
type imageSize struct {
	width, height int
	format        string // "16-bit RGBA PNG", for messages
	// decodeBytes is what the decoder allocates, the gray result included:
	// image/png holds up to 8 bytes a pixel before toGray, JPEG its planes
	// (and 4 bytes a sample of coefficients when progressive), TIFF its
	// image and one strip's buffer.
	decodeBytes int64
	png         *pngHeader // set when the PNG is decoded row by row
}

// cost is the budget a page load takes: the decode, the EXIF turn, the
// shrink for OCR and the engine's copies of the result, each allocated
// while the one before may not yet be collected.
func (s imageSize) cost(orientation int) int64 {
	px := int64(s.width) * int64(s.height)
	c := s.decodeBytes
	if orientation > 1 {
		c += px
	}
	if long := max(s.width, s.height); long > downscaleAbove {
		f := float64(downscaleAbove) / float64(long)
		px = int64(float64(px) * f * f)
		c += px
	}
	return c + (enginePerPixel-1)*px
}

// check refuses an image whose pixels or decoded bytes are over the limits.
func (s imageSize) check(lim Limits) error {
	if err := checkDims(s.width, s.height, lim); err != nil {
		return err
	}
	if s.decodeBytes > lim.MaxImageBytes {
		return fmt.Errorf("%w: %dx%d %s decodes to %s; the limit is %s", ErrImageTooLarge,
			s.width, s.height, s.format, formatBytes(s.decodeBytes), formatBytes(lim.MaxImageBytes))
	}
	return nil
}

// enginePerPixel is the bytes a pixel costs while the engine reads a page:
// ours, the copies ocr/tesseract makes in Go (a PGM, the upright gray) and
// in C (Leptonica's Pix, its binarised copy and PGM, Tesseract's own Pix
// and thresholded images, kept by glibc's per-thread arenas). Measured on
// the service: two 5000x5000 pages at once took it from 55 MB to 950 MB
// with a Go heap under 300 MB.
const enginePerPixel = 12

// engineBytes is what a page image holds while the engine reads it.
func engineBytes(img *image.Gray) int64 { return enginePerPixel * int64(len(img.Pix)) }

// inspectImage reads an image's header: its size and what decoding it
// costs. For TIFF, data's header must point at the page's IFD.
func inspectImage(t FileType, data []byte) (imageSize, error) {
	switch t {
	case TypePNG:
		h, err := parsePNGHeader(data)
		if err != nil {
			return imageSize{}, err
		}
		px := int64(h.width) * int64(h.height)
		s := imageSize{width: h.width, height: h.height, format: h.describe() + " PNG"}
		if h.interlaced {
			// image/png holds each pass and the whole image.
			s.decodeBytes = 2*px*h.stdlibBytesPerPixel() + px
		} else {
			s.decodeBytes = px + 2*int64(h.width*h.depth*h.channels()/8+2)
			s.png = &h
		}
		return s, nil
	case TypeJPEG:
		return inspectJPEG(data)
	case TypeTIFF:
		return inspectTIFF(data)
	}
	return imageSize{}, fmt.Errorf("%w: %s", ErrUnsupportedType, t)
}

// inspectJPEG reads the frame header (SOFn) for the size, components and
// their sampling.
func inspectJPEG(data []byte) (imageSize, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return imageSize{}, fmt.Errorf("%w: read jpeg header: %v", ErrDamaged, err)
	}
	sof, progressive, ok := jpegFrame(data)
	if !ok {
		return imageSize{}, fmt.Errorf("%w: jpeg has no frame header", ErrDamaged)
	}
	w, h := cfg.Width, cfg.Height
	n := int(sof[5])
	if len(sof) < 6+3*n || n == 0 {
		return imageSize{}, fmt.Errorf("%w: bad jpeg frame header", ErrDamaged)
	}
	hmax, vmax := 1, 1
	for i := range n {
		hv := sof[6+3*i+1]
		hmax, vmax = max(hmax, int(hv>>4)), max(vmax, int(hv&15))
	}
	mxx, myy := int64((w+8*hmax-1)/(8*hmax)), int64((h+8*vmax-1)/(8*vmax))
	var samples int64
	for i := range n {
		hv := sof[6+3*i+1]
		samples += mxx * int64(max(hv>>4, 1)) * myy * int64(max(hv&15, 1)) * 64
	}
	px := int64(w) * int64(h)
	s := imageSize{width: w, height: h, decodeBytes: samples + px}
	if progressive {
		s.decodeBytes += 4 * samples // one int32 coefficient a sample
	}
	if n == 4 {
		s.decodeBytes += 4 * px // the CMYK image built from the planes
	}
	mode := "baseline"
	if progressive {
		mode = "progressive"
	}
	s.format = fmt.Sprintf("%s %d-component JPEG", mode, n)
	return s, nil
}

// jpegFrame finds the SOFn segment's body (after its length) and says
// whether the frame is progressive.
func jpegFrame(data []byte) ([]byte, bool, bool) {
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return nil, false, false
		}
		m := data[i+1]
		if m == 0xFF {
			i++
			continue
		}
		if m >= 0xD0 && m <= 0xD7 || m == 0x01 {
			i += 2
			continue
		}
		if m == 0xDA || m == 0xD9 {
			return nil, false, false
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return nil, false, false
		}
		if m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC {
			return data[i+4 : i+2+n], m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE, n >= 8
		}
		i += 2 + n
	}
	return nil, false, false
}

// inspectTIFF sizes the first IFD's page: x/image/tiff's image (by its
// colour model) and the buffer of one strip or tile.
func inspectTIFF(data []byte) (imageSize, error) {
	cfg, err := tiff.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return imageSize{}, fmt.Errorf("%w: read tiff header: %v", ErrDamaged, err)
	}
	w, h := cfg.Width, cfg.Height
	var bpp int64
	name := "colour"
	switch cfg.ColorModel {
	case color.GrayModel:
		bpp, name = 1, "gray"
	case color.Gray16Model:
		bpp, name = 2, "16-bit gray"
	case color.RGBAModel, color.NRGBAModel:
		bpp, name = 4, "RGB"
	case color.RGBA64Model, color.NRGBA64Model:
		bpp, name = 8, "16-bit RGB"
	case color.CMYKModel:
		bpp, name = 4, "CMYK"
	default:
		if _, ok := cfg.ColorModel.(color.Palette); ok {
			bpp, name = 1, "palette"
		} else {
			bpp = 8
		}
	}
	blockW, blockH := int64(w), int64(h)
	if tw, ok := tiffTag(data, 322); ok && tw > 0 {
		blockW = int64(tw)
		if th, ok := tiffTag(data, 323); ok && th > 0 {
			blockH = int64(th)
		}
	} else if rows, ok := tiffTag(data, 278); ok && rows > 0 && int64(rows) < blockH {
		blockH = int64(rows)
	}
	px := int64(w) * int64(h)
	// A block's buffer holds at most 8 bytes a pixel and grows by doubling.
	block := 2 * min(blockW*blockH*8, px*bpp)
	return imageSize{width: w, height: h, format: name + " TIFF", decodeBytes: px*bpp + block + px}, nil
}

// tiffTag returns the first value of a SHORT or LONG tag of the IFD the
// header points at.
func tiffTag(t []byte, tag uint16) (uint32, bool) {
	bo, ok := tiffByteOrder(t)
	if !ok {
		return 0, false
	}
	off := int64(bo.Uint32(t[4:8]))
	if off < 8 || off+2 > int64(len(t)) {
		return 0, false
	}
	n := int64(bo.Uint16(t[off:]))
	for k := range n {
		e := off + 2 + 12*k
		if e+12 > int64(len(t)) {
			return 0, false
		}
		if bo.Uint16(t[e:]) != tag {
			continue
		}
		typ, count := bo.Uint16(t[e+2:]), bo.Uint32(t[e+4:])
		val := t[e+8 : e+12]
		size := map[uint16]int64{3: 2, 4: 4}[typ]
		if size == 0 || count == 0 {
			return 0, false
		}
		if size*int64(count) > 4 {
			p := int64(bo.Uint32(val))
			if p+size > int64(len(t)) {
				return 0, false
			}
			val = t[p : p+size]
		}
		if typ == 3 {
			return uint32(bo.Uint16(val)), true
		}
		return bo.Uint32(val), true
	}
	return 0, false
}

// decodeImage decodes an inspected image to 8-bit gray: non-interlaced PNGs
// row by row, the rest with Go's decoders and toGray.
func decodeImage(t FileType, data []byte, s imageSize) (*image.Gray, error) {
	if s.png != nil {
		return decodePNGGray(*s.png)
	}
	var (
		img image.Image
		err error
	)
	switch t {
	case TypePNG:
		img, err = png.Decode(bytes.NewReader(data))
	case TypeJPEG:
		img, err = jpeg.Decode(bytes.NewReader(data))
	case TypeTIFF:
		img, err = tiff.Decode(bytes.NewReader(data))
	default:
		return nil, fmt.Errorf("%w: %s", ErrUnsupportedType, t)
	}
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: decode %s: truncated", ErrDamaged, t)
		}
		return nil, fmt.Errorf("%w: decode %s: %v", ErrDamaged, t, err)
	}
	return toGray(img), nil
}

// loadPage decodes an inspected page image for OCR under the budget: it
// waits for the decode's bytes, then keeps only what the engine needs
// (engineBytes) until the returned hold is released.
func (r *Reader) loadPage(ctx context.Context, t FileType, data []byte, s imageSize, orientation int) (*image.Gray, *hold, error) {
	h, err := r.Memory.acquire(ctx, s.cost(orientation))
	if err != nil {
		return nil, nil, err
	}
	img, err := decodeImage(t, data, s)
	if err != nil {
		h.release()
		return nil, nil, err
	}
	img = scaleForOCR(orient(img, orientation))
	h.shrink(engineBytes(img))
	return img, h, nil
}

// DecodePage decodes page n (1-based; only TIFFs have more than one) of a
// PNG, JPEG or TIFF to 8-bit gray, upright by its EXIF orientation, with
// the header checks, limits and memory budget that Read uses, so a page
// picture costs what the engine's decode costs. release gives the image's
// bytes back to mem; call it once the image is no longer used.
func DecodePage(ctx context.Context, data []byte, n int, lim Limits, mem *Budget) (img *image.Gray, release func(), err error) {
	lim = lim.withDefaults()
	t := Sniff(data)
	if t != TypePNG && t != TypeJPEG && t != TypeTIFF {
		return nil, nil, fmt.Errorf("%w: %s", ErrUnsupportedType, describeMagic(data))
	}
	page := data
	if t == TypeTIFF {
		ifds, err := tiffIFDs(data, lim.MaxPages)
		if err != nil {
			return nil, nil, err
		}
		if n < 1 || n > len(ifds) {
			return nil, nil, fmt.Errorf("page %d of %d: %w", n, len(ifds), ErrNoPage)
		}
		page = bytes.Clone(data)
		setFirstIFD(page, ifds[n-1])
	} else if n != 1 {
		return nil, nil, fmt.Errorf("page %d of 1: %w", n, ErrNoPage)
	}
	s, err := inspectImage(t, page)
	if err != nil {
		return nil, nil, err
	}
	if err := s.check(lim); err != nil {
		return nil, nil, err
	}
	o := 1
	if t == TypeJPEG {
		o = exifOrientation(data)
	}
	h, err := mem.acquire(ctx, s.decodeBytes+int64(s.width)*int64(s.height))
	if err != nil {
		return nil, nil, err
	}
	img, err = decodeImage(t, page, s)
	if err != nil {
		h.release()
		return nil, nil, err
	}
	img = orient(img, o)
	h.shrink(int64(len(img.Pix)))
	return img, h.release, nil
}

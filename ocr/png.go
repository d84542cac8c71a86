package ocr

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"io"
)

// pngHeader is what a PNG's IHDR, PLTE and tRNS chunks say, read before
// any pixel is decoded.
type pngHeader struct {
	width, height int
	depth         int // bits per sample: 1, 2, 4, 8 or 16
	colorType     int // 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
	interlaced    bool
	palette       []byte // PLTE, 3 bytes an entry
	trns          []byte // tRNS as stored
	idat          [][]byte
}

const (
	pngGray      = 0
	pngRGB       = 2
	pngPalette   = 3
	pngGrayAlpha = 4
	pngRGBA      = 6
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// channels is the samples per pixel of the colour type.
func (h pngHeader) channels() int {
	switch h.colorType {
	case pngRGB:
		return 3
	case pngGrayAlpha:
		return 2
	case pngRGBA:
		return 4
	}
	return 1
}

// describe names the pixel format the way a person would: "16-bit RGBA".
func (h pngHeader) describe() string {
	name := map[int]string{pngGray: "gray", pngRGB: "RGB", pngPalette: "palette",
		pngGrayAlpha: "gray+alpha", pngRGBA: "RGBA"}[h.colorType]
	s := fmt.Sprintf("%d-bit %s", h.depth, name)
	if h.interlaced {
		s += " interlaced"
	}
	return s
}

// stdlibBytesPerPixel is what image/png allocates per pixel for the image
// it returns.
func (h pngHeader) stdlibBytesPerPixel() int64 {
	switch {
	case h.colorType == pngPalette:
		return 1
	case h.colorType == pngGray && len(h.trns) == 0:
		if h.depth == 16 {
			return 2
		}
		return 1
	case h.depth == 16:
		return 8 // RGBA64 or NRGBA64
	}
	return 4 // RGBA or NRGBA
}

// parsePNGHeader walks the chunks up to IEND, checking their CRCs, and
// keeps the ones the decoder needs; IDAT data stays in b.
func parsePNGHeader(b []byte) (pngHeader, error) {
	var h pngHeader
	if !bytes.HasPrefix(b, pngSignature) {
		return h, fmt.Errorf("%w: not a PNG", ErrDamaged)
	}
	pos := len(pngSignature)
	seenIHDR := false
	for {
		if len(b)-pos < 12 {
			return h, fmt.Errorf("%w: PNG is truncated", ErrDamaged)
		}
		n := int64(binary.BigEndian.Uint32(b[pos:]))
		typ := string(b[pos+4 : pos+8])
		if n > int64(len(b)-pos-12) {
			return h, fmt.Errorf("%w: PNG %s chunk is truncated", ErrDamaged, printable(typ))
		}
		data := b[pos+8 : pos+8+int(n)]
		crc := binary.BigEndian.Uint32(b[pos+8+int(n):])
		if crc32.ChecksumIEEE(b[pos+4:pos+8+int(n)]) != crc {
			return h, fmt.Errorf("%w: PNG %s chunk has a bad checksum", ErrDamaged, printable(typ))
		}
		pos += 12 + int(n)
		if !seenIHDR && typ != "IHDR" {
			return h, fmt.Errorf("%w: PNG does not start with IHDR", ErrDamaged)
		}
		switch typ {
		case "IHDR":
			if seenIHDR || len(data) != 13 {
				return h, fmt.Errorf("%w: bad PNG IHDR", ErrDamaged)
			}
			seenIHDR = true
			w, ht := binary.BigEndian.Uint32(data), binary.BigEndian.Uint32(data[4:])
			if w == 0 || ht == 0 || w > 1<<31-1 || ht > 1<<31-1 {
				return h, fmt.Errorf("%w: PNG is %dx%d", ErrDamaged, w, ht)
			}
			h.width, h.height = int(w), int(ht)
			h.depth, h.colorType = int(data[8]), int(data[9])
			if data[10] != 0 || data[11] != 0 || data[12] > 1 {
				return h, fmt.Errorf("%w: PNG uses an unknown compression, filter or interlace method", ErrDamaged)
			}
			h.interlaced = data[12] == 1
			if !validPNGDepth(h.colorType, h.depth) {
				return h, fmt.Errorf("%w: PNG colour type %d with bit depth %d", ErrDamaged, h.colorType, h.depth)
			}
		case "PLTE":
			if len(data)%3 != 0 || len(data) == 0 || len(data) > 3*256 {
				return h, fmt.Errorf("%w: bad PNG palette", ErrDamaged)
			}
			h.palette = data
		case "tRNS":
			h.trns = data
		case "IDAT":
			h.idat = append(h.idat, data)
		case "IEND":
			if len(h.idat) == 0 {
				return h, fmt.Errorf("%w: PNG has no image data", ErrDamaged)
			}
			return h, h.checkTRNS()
		}
	}
}

func (h *pngHeader) checkTRNS() error {
	if h.colorType == pngPalette && len(h.palette) == 0 {
		return fmt.Errorf("%w: palette PNG without a palette", ErrDamaged)
	}
	if h.trns == nil {
		return nil
	}
	ok := true
	switch h.colorType {
	case pngGray:
		ok = len(h.trns) == 2
	case pngRGB:
		ok = len(h.trns) == 6
	case pngPalette:
		ok = len(h.trns) <= 256
	default:
		ok = false
	}
	if !ok {
		return fmt.Errorf("%w: bad PNG tRNS chunk", ErrDamaged)
	}
	return nil
}

func validPNGDepth(ct, d int) bool {
	switch ct {
	case pngGray:
		return d == 1 || d == 2 || d == 4 || d == 8 || d == 16
	case pngPalette:
		return d == 1 || d == 2 || d == 4 || d == 8
	case pngRGB, pngGrayAlpha, pngRGBA:
		return d == 8 || d == 16
	}
	return false
}

func printable(s string) string {
	for _, r := range s {
		if r < 'A' || r > 'z' {
			return fmt.Sprintf("%q", s)
		}
	}
	return s
}

// chunksReader reads the concatenated IDAT data without copying it.
type chunksReader struct{ parts [][]byte }

func (r *chunksReader) Read(p []byte) (int, error) {
	for len(r.parts) > 0 && len(r.parts[0]) == 0 {
		r.parts = r.parts[1:]
	}
	if len(r.parts) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.parts[0])
	r.parts[0] = r.parts[0][n:]
	return n, nil
}

// decodePNGGray decodes a non-interlaced PNG straight into 8-bit gray, one
// row at a time: it holds two rows of samples and the gray result, whatever
// the colour type and depth, where image/png would hold up to 8 bytes a
// pixel. Alpha is composited on white, as toGray does, and the gray value is
// the one image/draw gives for the same colour.
func decodePNGGray(h pngHeader) (*image.Gray, error) {
	if h.interlaced {
		return nil, errors.New("decodePNGGray: interlaced PNG")
	}
	// The reader consumes its slice headers: give it its own.
	zr, err := zlib.NewReader(&chunksReader{parts: append([][]byte(nil), h.idat...)})
	if err != nil {
		return nil, fmt.Errorf("%w: PNG image data: %v", ErrDamaged, err)
	}
	defer zr.Close()

	bitsPP := h.depth * h.channels()
	rowBytes := (h.width*bitsPP + 7) / 8
	bpp := max(bitsPP/8, 1) // bytes per complete pixel, for the filters
	cur := make([]byte, 1+rowBytes)
	prev := make([]byte, 1+rowBytes)
	conv := h.rowConverter()
	img := image.NewGray(image.Rect(0, 0, h.width, h.height))
	for y := 0; y < h.height; y++ {
		if _, err := io.ReadFull(zr, cur); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, fmt.Errorf("%w: decode png: truncated at row %d of %d", ErrDamaged, y, h.height)
			}
			return nil, fmt.Errorf("%w: decode png: %v", ErrDamaged, err)
		}
		if err := unfilter(cur[0], cur[1:], prev[1:], bpp); err != nil {
			return nil, fmt.Errorf("%w: decode png: row %d: %v", ErrDamaged, y, err)
		}
		conv(img.Pix[y*img.Stride:y*img.Stride+h.width], cur[1:])
		cur, prev = prev, cur
	}
	return img, nil
}

// unfilter reverses a PNG row filter in place (PNG spec section 9).
func unfilter(ft byte, cdat, pdat []byte, bpp int) error {
	switch ft {
	case 0:
	case 1: // sub
		for i := bpp; i < len(cdat); i++ {
			cdat[i] += cdat[i-bpp]
		}
	case 2: // up
		for i, p := range pdat {
			cdat[i] += p
		}
	case 3: // average
		for i := 0; i < bpp && i < len(cdat); i++ {
			cdat[i] += pdat[i] / 2
		}
		for i := bpp; i < len(cdat); i++ {
			cdat[i] += uint8((int(cdat[i-bpp]) + int(pdat[i])) / 2)
		}
	case 4: // paeth
		for i := range cdat {
			var a, c int
			if i >= bpp {
				a, c = int(cdat[i-bpp]), int(pdat[i-bpp])
			}
			b := int(pdat[i])
			p := a + b - c
			pa, pb, pc := abs(p-a), abs(p-b), abs(p-c)
			switch {
			case pa <= pb && pa <= pc:
				cdat[i] += uint8(a)
			case pb <= pc:
				cdat[i] += uint8(b)
			default:
				cdat[i] += uint8(c)
			}
		}
	default:
		return fmt.Errorf("bad filter type %d", ft)
	}
	return nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// grayOf is the 8-bit gray image/draw stores for a premultiplied 16-bit
// colour composited over white (color.GrayModel of dst*(1-a) + src).
func grayOf(r, g, b, a uint32) uint8 {
	const m = 0xffff
	r, g, b = m-a+r, m-a+g, m-a+b
	return uint8((19595*r + 38470*g + 7471*b + 1<<15) >> 24)
}

// grayOfNRGBA is grayOf for a non-premultiplied colour of 16-bit samples.
func grayOfNRGBA(r, g, b, a uint32) uint8 {
	const m = 0xffff
	return grayOf(r*a/m, g*a/m, b*a/m, a)
}

// rowConverter returns the function that turns one unfiltered row of
// samples into gray.
func (h pngHeader) rowConverter() func(dst, src []byte) {
	trns := h.trns
	switch h.colorType {
	case pngPalette:
		var lut [256]uint8 // entries past the palette are opaque black, as in image/png
		for i := range 256 {
			var r, g, b uint32 // past the palette: black
			if i < len(h.palette)/3 {
				p := h.palette[3*i:]
				r, g, b = uint32(p[0]), uint32(p[1]), uint32(p[2])
			}
			a := uint32(0xff)
			if i < len(trns) {
				a = uint32(trns[i])
			}
			lut[i] = grayOfNRGBA(r*0x101, g*0x101, b*0x101, a*0x101)
		}
		return packedConverter(h.depth, func(v uint8) uint8 { return lut[v] })
	case pngGray:
		if h.depth == 16 {
			return func(dst, src []byte) {
				ty, hasT := uint16(0), trns != nil
				if hasT {
					ty = binary.BigEndian.Uint16(trns)
				}
				for x := range dst {
					v := binary.BigEndian.Uint16(src[2*x:])
					if hasT && v == ty {
						dst[x] = 0xff
						continue
					}
					dst[x] = grayOf(uint32(v), uint32(v), uint32(v), 0xffff)
				}
			}
		}
		// image/png scales 1/2/4-bit samples to 8 bits and compares the
		// scaled value with the scaled low byte of tRNS.
		scale := map[int]uint8{1: 0xff, 2: 0x55, 4: 0x11, 8: 1}[h.depth]
		var lut [256]uint8
		for v := range 1 << h.depth {
			lut[v] = uint8(v) * scale
		}
		if trns != nil {
			ty := trns[1] * scale
			for v := range 1 << h.depth {
				if lut[v] == ty {
					lut[v] = 0xff
				}
			}
		}
		return packedConverter(h.depth, func(v uint8) uint8 { return lut[v] })
	case pngGrayAlpha:
		if h.depth == 16 {
			return func(dst, src []byte) {
				for x := range dst {
					v, a := uint32(binary.BigEndian.Uint16(src[4*x:])), uint32(binary.BigEndian.Uint16(src[4*x+2:]))
					dst[x] = grayOfNRGBA(v, v, v, a)
				}
			}
		}
		return func(dst, src []byte) {
			for x := range dst {
				v, a := uint32(src[2*x])*0x101, uint32(src[2*x+1])*0x101
				dst[x] = grayOfNRGBA(v, v, v, a)
			}
		}
	case pngRGB:
		if h.depth == 16 {
			return func(dst, src []byte) {
				for x := range dst {
					s := src[6*x:]
					r, g, b := binary.BigEndian.Uint16(s), binary.BigEndian.Uint16(s[2:]), binary.BigEndian.Uint16(s[4:])
					if trns != nil && bytes.Equal(s[:6], trns) {
						dst[x] = 0xff
						continue
					}
					dst[x] = grayOf(uint32(r), uint32(g), uint32(b), 0xffff)
				}
			}
		}
		return func(dst, src []byte) {
			for x := range dst {
				s := src[3*x:]
				if trns != nil && s[0] == trns[1] && s[1] == trns[3] && s[2] == trns[5] {
					dst[x] = 0xff
					continue
				}
				dst[x] = grayOf(uint32(s[0])*0x101, uint32(s[1])*0x101, uint32(s[2])*0x101, 0xffff)
			}
		}
	default: // pngRGBA
		if h.depth == 16 {
			return func(dst, src []byte) {
				for x := range dst {
					s := src[8*x:]
					dst[x] = grayOfNRGBA(uint32(binary.BigEndian.Uint16(s)), uint32(binary.BigEndian.Uint16(s[2:])),
						uint32(binary.BigEndian.Uint16(s[4:])), uint32(binary.BigEndian.Uint16(s[6:])))
				}
			}
		}
		return func(dst, src []byte) {
			for x := range dst {
				s := src[4*x:]
				dst[x] = grayOfNRGBA(uint32(s[0])*0x101, uint32(s[1])*0x101, uint32(s[2])*0x101, uint32(s[3])*0x101)
			}
		}
	}
}

// packedConverter unpacks samples of 1, 2, 4 or 8 bits, high bits first,
// and maps each through f.
func packedConverter(depth int, f func(uint8) uint8) func(dst, src []byte) {
	if depth == 8 {
		return func(dst, src []byte) {
			for x := range dst {
				dst[x] = f(src[x])
			}
		}
	}
	perByte := 8 / depth
	mask := uint8(1<<depth - 1)
	return func(dst, src []byte) {
		for x := range dst {
			b := src[x/perByte]
			shift := 8 - depth*(x%perByte+1)
			dst[x] = f(b >> shift & mask)
		}
	}
}

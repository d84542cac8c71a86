package docgen

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"

	"talaan/ocr/geom"
)

// fontsConf is the fontconfig setup pdftoppm renders with. The layouts
// printed in the PDF core fonts (Helvetica, Times, Courier) do not embed
// them, so poppler substitutes whatever the machine's fontconfig prefers:
// installing ImageMagick (which brings the URW fonts) changed every such
// raster and the held-out figures with them. Rendering sees only the
// Liberation and DejaVu fonts (Debian's fonts-liberation and
// fonts-dejavu-core, which make deps installs) and the metric aliases that
// map the core fonts onto Liberation, so a document renders the same on
// every machine.
const fontsConf = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/liberation</dir>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <include ignore_missing="yes">/etc/fonts/conf.d/30-metric-aliases.conf</include>
  <cachedir prefix="xdg">fontconfig</cachedir>
</fontconfig>
`

// rasterize renders every page of pdf to a grey image with poppler's pdftoppm.
func rasterize(ctx context.Context, pdf []byte, dpiX, dpiY int) ([]*image.Gray, error) {
	dir, err := os.MkdirTemp("", "docgen-raster-")
	if err != nil {
		return nil, fmt.Errorf("rasterize: make temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		return nil, fmt.Errorf("rasterize: write pdf: %w", err)
	}
	conf := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(conf, []byte(fontsConf), 0o600); err != nil {
		return nil, fmt.Errorf("rasterize: write fonts.conf: %w", err)
	}
	cmd := exec.CommandContext(ctx, "pdftoppm", "-gray", "-rx", strconv.Itoa(dpiX), "-ry", strconv.Itoa(dpiY), in, filepath.Join(dir, "page"))
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("rasterize: pdftoppm at %dx%d dpi: %w: %s", dpiX, dpiY, err, bytes.TrimSpace(stderr.Bytes()))
	}
	files, err := filepath.Glob(filepath.Join(dir, "page*.pgm"))
	if err != nil {
		return nil, fmt.Errorf("rasterize: list pages: %w", err)
	}
	if len(files) == 0 {
		return nil, errors.New("rasterize: pdftoppm wrote no pages")
	}
	// pdftoppm pads page numbers to a common width, so names sort in page order.
	sort.Strings(files)
	var pages []*image.Gray
	for _, f := range files {
		img, err := readPGM(f)
		if err != nil {
			return nil, fmt.Errorf("rasterize: %w", err)
		}
		pages = append(pages, img)
	}
	return pages, nil
}

// readPGM decodes a binary (P5) 8-bit PGM file.
func readPGM(path string) (*image.Gray, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open pgm: %w", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var fields []int
	magic := ""
	for len(fields) < 3 {
		tok, err := pgmToken(br)
		if err != nil {
			return nil, fmt.Errorf("read pgm header %s: %w", path, err)
		}
		if magic == "" {
			magic = tok
			if magic != "P5" {
				return nil, fmt.Errorf("read pgm %s: magic %q is not P5", path, magic)
			}
			continue
		}
		n, err := strconv.Atoi(tok)
		if err != nil {
			return nil, fmt.Errorf("read pgm header %s: %w", path, err)
		}
		fields = append(fields, n)
	}
	w, h, maxv := fields[0], fields[1], fields[2]
	if maxv != 255 || w <= 0 || h <= 0 {
		return nil, fmt.Errorf("read pgm %s: unsupported %dx%d max %d", path, w, h, maxv)
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	if _, err := io.ReadFull(br, img.Pix); err != nil {
		return nil, fmt.Errorf("read pgm pixels %s: %w", path, err)
	}
	return img, nil
}

// pgmToken reads one whitespace-separated header token, skipping comments;
// it consumes exactly one whitespace byte after the token.
func pgmToken(br *bufio.Reader) (string, error) {
	var tok []byte
	for {
		c, err := br.ReadByte()
		if err != nil {
			return "", err
		}
		switch {
		case c == '#' && len(tok) == 0:
			if _, err := br.ReadString('\n'); err != nil {
				return "", err
			}
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
			if len(tok) > 0 {
				return string(tok), nil
			}
		default:
			tok = append(tok, c)
		}
	}
}

// plane is a float image, used so several degradations can run without
// rounding in between.
type plane struct {
	W, H int
	P    []float32
}

func newPlane(w, h int, fill float32) *plane {
	p := &plane{W: w, H: h, P: make([]float32, w*h)}
	if fill != 0 {
		for i := range p.P {
			p.P[i] = fill
		}
	}
	return p
}

func planeFromGray(g *image.Gray) *plane {
	b := g.Bounds()
	p := newPlane(b.Dx(), b.Dy(), 0)
	for y := 0; y < p.H; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+p.W]
		for x, v := range row {
			p.P[y*p.W+x] = float32(v)
		}
	}
	return p
}

func (p *plane) gray() *image.Gray {
	g := image.NewGray(image.Rect(0, 0, p.W, p.H))
	for i, v := range p.P {
		g.Pix[i] = clamp8(v)
	}
	return g
}

func clamp8(v float32) uint8 {
	if v <= 0 {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v + 0.5)
}

// at samples p bilinearly at (x, y) in pixel-centre coordinates; ok is false
// outside the image.
func (p *plane) at(x, y float64) (float32, bool) {
	x -= 0.5
	y -= 0.5
	if x < -0.5 || y < -0.5 || x > float64(p.W)-0.5 || y > float64(p.H)-0.5 {
		return 0, false
	}
	fx0, fy0 := math.Floor(x), math.Floor(y)
	x0, y0 := int(fx0), int(fy0)
	fx, fy := float32(x-fx0), float32(y-fy0)
	x1, y1 := x0+1, y0+1
	if x0 < 0 {
		x0 = 0
	}
	if y0 < 0 {
		y0 = 0
	}
	if x1 >= p.W {
		x1 = p.W - 1
	}
	if y1 >= p.H {
		y1 = p.H - 1
	}
	r0, r1 := p.P[y0*p.W:], p.P[y1*p.W:]
	a := r0[x0]*(1-fx) + r0[x1]*fx
	b := r1[x0]*(1-fx) + r1[x1]*fx
	return a*(1-fy) + b*fy, true
}

// blur applies a separable Gaussian blur of the given sigma in pixels.
func (p *plane) blur(sigma float64) {
	if sigma < 0.2 {
		return
	}
	rad := int(math.Ceil(sigma * 3))
	k := make([]float32, 2*rad+1)
	var sum float32
	for i := -rad; i <= rad; i++ {
		v := float32(math.Exp(-float64(i*i) / (2 * sigma * sigma)))
		k[i+rad] = v
		sum += v
	}
	for i := range k {
		k[i] /= sum
	}
	tmp := make([]float32, len(p.P))
	for y := 0; y < p.H; y++ {
		row := p.P[y*p.W : (y+1)*p.W]
		out := tmp[y*p.W : (y+1)*p.W]
		for x := 0; x < p.W; x++ {
			var acc float32
			if x >= rad && x < p.W-rad {
				win := row[x-rad : x+rad+1]
				for i, kv := range k {
					acc += win[i] * kv
				}
			} else {
				for i, kv := range k {
					xx := min(max(x+i-rad, 0), p.W-1)
					acc += row[xx] * kv
				}
			}
			out[x] = acc
		}
	}
	// The vertical pass adds whole rows so memory is read in order.
	for y := 0; y < p.H; y++ {
		out := p.P[y*p.W : (y+1)*p.W]
		for x := range out {
			out[x] = 0
		}
		for i, kv := range k {
			yy := min(max(y+i-rad, 0), p.H-1)
			src := tmp[yy*p.W : (yy+1)*p.W]
			for x, v := range src {
				out[x] += v * kv
			}
		}
	}
}

// tone maps white to paper and black to ink, as a scanner or a photo of
// printed paper shows them.
func (p *plane) tone(ink, paper float32) {
	s := (paper - ink) / 255
	for i, v := range p.P {
		p.P[i] = ink + v*s
	}
}

// noise adds Gaussian noise of the given standard deviation.
func (p *plane) noise(r *rand.Rand, sd float64) {
	for i := range p.P {
		p.P[i] += float32(r.NormFloat64() * sd)
	}
}

// speckle adds small dark dust spots and a few light dropouts.
// lineNoise drops n scan lines to white, or (three in ten) smears them to
// dark, as line errors of scanners and fax machines do; a line runs from a
// random x for at least minLen pixels. The loop bound draws anew on every
// pixel, as the renderings were first written; kept so that a seed renders
// as it always has.
func (p *plane) lineNoise(r *rand.Rand, n int, dark float32, minLen int) {
	for range n {
		y := r.IntN(p.H)
		v := float32(255)
		if chance(r, 0.3) {
			v = dark
		}
		x0 := r.IntN(p.W)
		for x := x0; x < min(p.W, x0+minLen+r.IntN(p.W)); x++ {
			p.P[y*p.W+x] = v
		}
	}
}

func (p *plane) speckle(r *rand.Rand, perMegapixel int) {
	n := perMegapixel * p.W * p.H / 1_000_000
	for range n {
		cx, cy := r.IntN(p.W), r.IntN(p.H)
		rad := 0.5 + r.Float64()*1.5
		val := float32(20 + r.IntN(120))
		if chance(r, 0.15) {
			val = 250
		}
		ir := int(math.Ceil(rad))
		for dy := -ir; dy <= ir; dy++ {
			for dx := -ir; dx <= ir; dx++ {
				x, y := cx+dx, cy+dy
				if x < 0 || y < 0 || x >= p.W || y >= p.H || float64(dx*dx+dy*dy) > rad*rad {
					continue
				}
				p.P[y*p.W+x] = val
			}
		}
	}
}

// rotate turns p by deg degrees about its centre, keeping its size; corners
// that come from outside are filled with bg.
func (p *plane) rotate(deg float64, bg float32) *plane {
	th := deg * math.Pi / 180
	c, s := math.Cos(th), math.Sin(th)
	out := newPlane(p.W, p.H, 0)
	cx, cy := float64(p.W)/2, float64(p.H)/2
	for y := 0; y < p.H; y++ {
		for x := 0; x < p.W; x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			sx := c*dx + s*dy + cx
			sy := -s*dx + c*dy + cy
			v, ok := p.at(sx, sy)
			if !ok {
				v = bg
			}
			out.P[y*p.W+x] = v
		}
	}
	return out
}

// rot90 turns p by a multiple of 90 degrees clockwise.
func (p *plane) rot90(turns int) *plane {
	turns = ((turns % 4) + 4) % 4
	if turns == 0 {
		return p
	}
	w, h := p.W, p.H
	if turns%2 == 1 {
		w, h = h, w
	}
	out := newPlane(w, h, 0)
	for y := 0; y < p.H; y++ {
		for x := 0; x < p.W; x++ {
			var nx, ny int
			switch turns {
			case 1:
				nx, ny = p.H-1-y, x
			case 2:
				nx, ny = p.W-1-x, p.H-1-y
			default:
				nx, ny = y, p.W-1-x
			}
			out.P[ny*w+nx] = p.P[y*p.W+x]
		}
	}
	return out
}

// paste puts src into p with its top-left corner at (x, y).
func (p *plane) paste(src *plane, x0, y0 int) {
	for y := 0; y < src.H; y++ {
		yy := y + y0
		if yy < 0 || yy >= p.H {
			continue
		}
		for x := 0; x < src.W; x++ {
			xx := x + x0
			if xx < 0 || xx >= p.W {
				continue
			}
			p.P[yy*p.W+xx] = src.P[y*src.W+x]
		}
	}
}

// homographyFrom solves for the map taking the four points from[i] to to[i].
func homographyFrom(from, to [4][2]float64) (geom.Homography, error) {
	var f, t [4]geom.Point
	for i := range 4 {
		f[i], t[i] = geom.Point{X: from[i][0], Y: from[i][1]}, geom.Point{X: to[i][0], Y: to[i][1]}
	}
	return geom.HomographyFrom(f, t)
}

// writeTIFF writes grey pages as one multi-page, uncompressed 8-bit TIFF
// (golang.org/x/image/tiff writes a single page only).
func writeTIFF(w io.Writer, pages []*image.Gray, dpi int) error {
	var buf bytes.Buffer
	le := binary.LittleEndian
	put16 := func(v uint16) { _ = binary.Write(&buf, le, v) }
	put32 := func(v uint32) { _ = binary.Write(&buf, le, v) }
	buf.WriteString("II")
	put16(42)
	put32(8)
	const nTags = 11
	for i, pg := range pages {
		b := pg.Bounds()
		wd, ht := b.Dx(), b.Dy()
		ifd := uint32(buf.Len())
		resOff := ifd + 2 + nTags*12 + 4
		dataOff := resOff + 16
		next := uint32(0)
		if i < len(pages)-1 {
			next = dataOff + uint32(wd*ht)
			next += next & 1 // IFDs start on a word boundary
		}
		put16(nTags)
		tag := func(id, typ uint16, count, val uint32) {
			put16(id)
			put16(typ)
			put32(count)
			if typ == 3 && count == 1 {
				put16(uint16(val))
				put16(0)
				return
			}
			put32(val)
		}
		tag(256, 4, 1, uint32(wd))    // ImageWidth
		tag(257, 4, 1, uint32(ht))    // ImageLength
		tag(258, 3, 1, 8)             // BitsPerSample
		tag(259, 3, 1, 1)             // Compression: none
		tag(262, 3, 1, 1)             // Photometric: BlackIsZero
		tag(273, 4, 1, dataOff)       // StripOffsets
		tag(277, 3, 1, 1)             // SamplesPerPixel
		tag(278, 4, 1, uint32(ht))    // RowsPerStrip
		tag(279, 4, 1, uint32(wd*ht)) // StripByteCounts
		tag(282, 5, 1, resOff)        // XResolution
		tag(283, 5, 1, resOff+8)      // YResolution
		put32(next)
		put32(uint32(dpi))
		put32(1)
		put32(uint32(dpi))
		put32(1)
		for y := 0; y < ht; y++ {
			buf.Write(pg.Pix[y*pg.Stride : y*pg.Stride+wd])
		}
		if buf.Len()%2 == 1 && i < len(pages)-1 {
			buf.WriteByte(0)
		}
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write tiff: %w", err)
	}
	return nil
}

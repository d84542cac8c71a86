package docgen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Quality is how a document is rendered.
type Quality string

const (
	QualityDigital       Quality = "digital"        // the PDF as is
	QualityDigitalRaster Quality = "digital-raster" // clean 200 dpi PNG
	QualityScan          Quality = "scan"           // 300 dpi grey PNG, tilted, blurred, speckled
	QualityPhoto         Quality = "photo"          // phone photo: JPEG, perspective, uneven light
	QualityLowRes        Quality = "lowres"         // 150 dpi PNG or bilevel fax
	QualityRotated       Quality = "rotated"        // a scan turned 90, 180 or 270 degrees
	QualityTIFF          Quality = "tiff"           // multi-page grey TIFF of all pages
)

// Qualities lists every rendering.
func Qualities() []Quality {
	return []Quality{QualityDigital, QualityDigitalRaster, QualityScan, QualityPhoto, QualityLowRes, QualityRotated, QualityTIFF}
}

// ErrMultiPage is returned when a single-image quality is asked of a
// multi-page document; use QualityDigital or QualityTIFF for those.
var ErrMultiPage = errors.New("single-image rendering of a multi-page document")

// Rendering is a rendered document.
type Rendering struct {
	Data []byte
	Ext  string // file extension with the dot: ".pdf", ".png", ".jpg", ".tif"
	// Params describes the random degradation drawn, for notes.
	Params string
}

// Render renders d at quality q. The degradations are drawn from d.Seed, so
// the same document and quality give the same bytes. Raster qualities run
// pdftoppm.
func Render(ctx context.Context, d Doc, q Quality) ([]byte, string, error) {
	r, err := RenderDetail(ctx, d, q)
	return r.Data, r.Ext, err
}

// RenderDetail is Render with a description of the degradation parameters.
func RenderDetail(ctx context.Context, d Doc, q Quality) (Rendering, error) {
	if q == QualityDigital {
		return Rendering{Data: d.PDF, Ext: ".pdf"}, nil
	}
	if q != QualityTIFF && d.Pages > 1 {
		return Rendering{}, fmt.Errorf("render %s of %d pages: %w", q, d.Pages, ErrMultiPage)
	}
	h := fnv.New64a()
	h.Write([]byte(q))
	r := rand.New(rand.NewPCG(d.Seed, h.Sum64()))
	var (
		out Rendering
		err error
	)
	switch q {
	case QualityDigitalRaster:
		out, err = renderClean(ctx, d)
	case QualityScan:
		out, err = renderScan(ctx, d, r, 0)
	case QualityRotated:
		out, err = renderScan(ctx, d, r, 1+r.IntN(3))
	case QualityPhoto:
		out, err = renderPhoto(ctx, d, r)
	case QualityLowRes:
		if chance(r, 0.5) {
			out, err = renderLowRes(ctx, d, r)
		} else {
			out, err = renderFax(ctx, d, r)
		}
	case QualityTIFF:
		out, err = renderTIFF(ctx, d, r)
	default:
		var ok bool
		if out, ok, err = renderHeldOut(ctx, d, q, r); !ok {
			return Rendering{}, fmt.Errorf("render: unknown quality %q", q)
		}
	}
	if err != nil {
		return Rendering{}, fmt.Errorf("render %s: %w", q, err)
	}
	return out, nil
}

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), nil
}

func firstPage(ctx context.Context, d Doc, dpi int) (*image.Gray, error) {
	pages, err := rasterize(ctx, d.PDF, dpi, dpi)
	if err != nil {
		return nil, err
	}
	return pages[0], nil
}

func renderClean(ctx context.Context, d Doc) (Rendering, error) {
	pg, err := firstPage(ctx, d, 200)
	if err != nil {
		return Rendering{}, err
	}
	data, err := encodePNG(pg)
	return Rendering{Data: data, Ext: ".png", Params: "dpi 200, clean"}, err
}

// scanPlane renders page images as a flatbed scanner sees them: paper tone,
// a small tilt, blur, noise and dust. Small slips are laid on an A4 bed.
func scanPlane(pg *image.Gray, dpi int, r *rand.Rand, params *[]string) *plane {
	p := planeFromGray(pg)
	paper := float32(222 + r.IntN(28))
	ink := float32(10 + r.IntN(35))
	p.tone(ink, paper)
	bed := paper + float32(r.IntN(8)) - 4
	mmPerPx := 25.4 / float64(dpi)
	if float64(p.H)*mmPerPx < 200 && chance(r, 0.6) {
		bw, bh := int(210/mmPerPx), int(297/mmPerPx)
		if p.W > bw {
			bw, bh = bh, bw
		}
		canvas := newPlane(bw, bh, bed+6)
		ox := r.IntN(max(bw-p.W, 0)/8 + 1)
		oy := r.IntN(max(bh-p.H, 0)/6 + 1)
		canvas.paste(p, ox, oy)
		p = canvas
		*params = append(*params, "slip on an A4 scanner bed")
	}
	angle := 0.3 + r.Float64()*2.2
	if chance(r, 0.5) {
		angle = -angle
	}
	p = p.rotate(angle, bed-40)
	// Noise goes in before the blur, as paper grain and sensor noise are
	// smoothed by the optics; this also keeps the PNG a realistic size.
	sd := 2 + r.Float64()*4
	p.noise(r, sd)
	p.speckle(r, 20+r.IntN(80))
	sigma := 0.45 + r.Float64()*0.6
	p.blur(sigma)
	if chance(r, 0.6) {
		// Most scanner drivers flatten the paper to one tone.
		cut := paper - float32(4+r.IntN(6))
		for i, v := range p.P {
			if v > cut {
				p.P[i] = paper
			}
		}
		*params = append(*params, "background flattened")
	}
	*params = append(*params, fmt.Sprintf("angle %.2f, blur %.2f, noise %.1f, paper %.0f", angle, sigma, sd, paper))
	return p
}

func renderScan(ctx context.Context, d Doc, r *rand.Rand, turns int) (Rendering, error) {
	pg, err := firstPage(ctx, d, 300)
	if err != nil {
		return Rendering{}, err
	}
	params := []string{"dpi 300"}
	p := scanPlane(pg, 300, r, &params)
	if turns > 0 {
		p = p.rot90(turns)
		params = append(params, fmt.Sprintf("turned %d degrees clockwise", 90*turns))
	}
	data, err := encodePNG(p.gray())
	return Rendering{Data: data, Ext: ".png", Params: strings.Join(params, ", ")}, err
}

func renderLowRes(ctx context.Context, d Doc, r *rand.Rand) (Rendering, error) {
	pg, err := firstPage(ctx, d, 150)
	if err != nil {
		return Rendering{}, err
	}
	p := planeFromGray(pg)
	p.tone(float32(15+r.IntN(30)), float32(230+r.IntN(25)))
	angle := (r.Float64()*2 - 1) * 0.8
	p = p.rotate(angle, 200)
	sigma := 0.3 + r.Float64()*0.5
	p.blur(sigma)
	p.noise(r, 2)
	data, err := encodePNG(p.gray())
	return Rendering{Data: data, Ext: ".png", Params: fmt.Sprintf("dpi 150, angle %.2f, blur %.2f", angle, sigma)}, err
}

// renderFax imitates a fax: 204x98 dpi bilevel, stretched to square pixels,
// with the sender's header line.
func renderFax(ctx context.Context, d Doc, r *rand.Rand) (Rendering, error) {
	pages, err := rasterize(ctx, d.PDF, 204, 98)
	if err != nil {
		return Rendering{}, err
	}
	p := planeFromGray(pages[0])
	angle := (r.Float64()*2 - 1) * 0.9
	p = p.rotate(angle, 255)
	p.noise(r, 18)
	p.speckle(r, 150+r.IntN(300))
	// Line noise: a few scan lines dropped to white or smeared dark.
	p.lineNoise(r, r.IntN(6), 90, 200)
	thr := float32(140 + r.IntN(50))
	src := image.NewGray(image.Rect(0, 0, p.W, p.H))
	for i, v := range p.P {
		if v >= thr {
			src.Pix[i] = 255
		}
	}
	// 98 dpi rows are stretched to 196 so the page has square pixels.
	dst := image.NewGray(image.Rect(0, 0, p.W, p.H*2))
	draw.NearestNeighbor.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	sent := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(3*365*24*60)) * time.Minute)
	header := fmt.Sprintf("%s  FROM: (02) 8%s-%s   TO: HR/PAYROLL   P.%03d/%03d", strings.ToUpper(sent.Format("Jan-02-2006 15:04")),
		randDigits(r, 3), randDigits(r, 4), 1, 1)
	// The fax header overwrites the top margin.
	for y := 0; y < 30 && y < dst.Rect.Dy(); y++ {
		for x := 0; x < dst.Rect.Dx(); x++ {
			dst.Pix[y*dst.Stride+x] = 255
		}
	}
	fd := font.Drawer{Dst: dst, Src: image.Black, Face: basicfont.Face7x13, Dot: fixed.P(20, 20)}
	fd.DrawString(header)
	bi := image.NewPaletted(dst.Bounds(), color.Palette{color.Gray{0}, color.Gray{255}})
	for i, v := range dst.Pix {
		if v >= 128 {
			bi.Pix[i] = 1
		}
	}
	data, err := encodePNG(bi)
	return Rendering{Data: data, Ext: ".png", Params: fmt.Sprintf("fax 204x98 dpi stretched to 204x196, bilevel threshold %.0f, angle %.2f", thr, angle)}, err
}

func renderTIFF(ctx context.Context, d Doc, r *rand.Rand) (Rendering, error) {
	pages, err := rasterize(ctx, d.PDF, 200, 200)
	if err != nil {
		return Rendering{}, err
	}
	var out []*image.Gray
	var params []string
	for _, pg := range pages {
		var ps []string
		p := scanPlane(pg, 200, r, &ps)
		params = append(params, strings.Join(ps, ", "))
		out = append(out, p.gray())
	}
	var buf bytes.Buffer
	if err := writeTIFF(&buf, out, 200); err != nil {
		return Rendering{}, err
	}
	return Rendering{Data: buf.Bytes(), Ext: ".tif", Params: fmt.Sprintf("dpi 200, %d page(s): %s", len(out), strings.Join(params, "; "))}, nil
}

// renderPhoto imitates a phone photo of the page lying on a table.
func renderPhoto(ctx context.Context, d Doc, r *rand.Rand) (Rendering, error) {
	pg, err := firstPage(ctx, d, 200)
	if err != nil {
		return Rendering{}, err
	}
	page := planeFromGray(pg)
	cw, ch := 2250, 3000
	if page.W > page.H {
		cw, ch = ch, cw
	}
	// Fit the page to 72-90% of the frame, then jitter the corners.
	fill := 0.72 + r.Float64()*0.18
	scale := math.Min(float64(cw)*fill/float64(page.W), float64(ch)*fill/float64(page.H))
	pw, ph := float64(page.W)*scale, float64(page.H)*scale
	ox := (float64(cw)-pw)/2 + (r.Float64()*2-1)*float64(cw)*0.04
	oy := (float64(ch)-ph)/2 + (r.Float64()*2-1)*float64(ch)*0.04
	j := func() float64 { return (r.Float64()*2 - 1) * 0.045 * pw }
	dst := [4][2]float64{{ox + j(), oy + j()}, {ox + pw + j(), oy + j()}, {ox + pw + j(), oy + ph + j()}, {ox + j(), oy + ph + j()}}
	// A tilted phone shrinks the far edge.
	k := r.Float64() * 0.06 * pw
	if chance(r, 0.5) {
		dst[0][0] += k
		dst[1][0] -= k
	} else {
		dst[3][0] += k
		dst[2][0] -= k
	}
	src := [4][2]float64{{0, 0}, {float64(page.W), 0}, {float64(page.W), float64(page.H)}, {0, float64(page.H)}}
	hmg, err := homographyFrom(dst, src)
	if err != nil {
		return Rendering{}, err
	}
	// Table colour, paper tint and light.
	tables := [][3]float32{{120, 85, 55}, {150, 110, 70}, {90, 90, 95}, {60, 62, 70}, {175, 170, 160}, {40, 55, 80}}
	tab := tables[r.IntN(len(tables))]
	tint := [3]float32{1, 0.97 + float32(r.Float64())*0.03, 0.88 + float32(r.Float64())*0.08}
	paper := float32(215 + r.IntN(35))
	lx, ly := r.Float64()*float64(cw), r.Float64()*float64(ch)
	light := 0.25 + r.Float64()*0.3
	diag := math.Hypot(float64(cw), float64(ch))
	shX, shY := 8+r.Float64()*25, 8+r.Float64()*25
	planes := [3]*plane{newPlane(cw, ch, 0), newPlane(cw, ch, 0), newPlane(cw, ch, 0)}
	page.tone(20, 255)
	for y := 0; y < ch; y++ {
		for x := 0; x < cw; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			var rgb [3]float32
			sx, sy := hmg.Apply(fx, fy)
			if v, ok := page.at(sx, sy); ok {
				v = v / 255 * paper
				for c := range 3 {
					rgb[c] = v * tint[c]
				}
			} else {
				// Wood-like streaks along x plus a soft shadow under the page.
				streak := float32(math.Sin(fy*0.02+math.Sin(fx*0.003)*3)) * 10
				for c := range 3 {
					rgb[c] = tab[c] + streak
				}
				if ssx, ssy := hmg.Apply(fx-shX, fy-shY); ssx >= 0 && ssy >= 0 && ssx < float64(page.W) && ssy < float64(page.H) {
					for c := range 3 {
						rgb[c] *= 0.6
					}
				}
			}
			shade := float32(1 - light*math.Hypot(fx-lx, fy-ly)/diag)
			for c := range 3 {
				planes[c].P[y*cw+x] = rgb[c] * shade
			}
		}
	}
	sigma := 0.8 + r.Float64()*0.9
	sd := 2 + r.Float64()*3
	for _, pl := range planes {
		pl.blur(sigma)
		pl.noise(r, sd)
	}
	img := image.NewRGBA(image.Rect(0, 0, cw, ch))
	for i := range cw * ch {
		img.Pix[4*i] = clamp8(planes[0].P[i])
		img.Pix[4*i+1] = clamp8(planes[1].P[i])
		img.Pix[4*i+2] = clamp8(planes[2].P[i])
		img.Pix[4*i+3] = 255
	}
	q := 75 + r.IntN(11)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		return Rendering{}, fmt.Errorf("encode jpeg: %w", err)
	}
	return Rendering{Data: buf.Bytes(), Ext: ".jpg", Params: fmt.Sprintf("size %dx%d, page fill %.2f, keystone %.0fpx, light %.2f, blur %.2f, jpeg q%d",
		cw, ch, fill, k, light, sigma, q)}, nil
}

package docgen

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Held-out renderings: what real documents go through on their way to a
// lender, kept out of Qualities() so the tuning set does not change.
const (
	QualityFax       Quality = "fax"       // 200x100 dpi bilevel fax with streaks, stretched to square pixels
	QualityMessenger Quality = "messenger" // phone photo recompressed by a chat app: 1280 px, JPEG q40-55
	QualityShadow    Quality = "shadow"    // phone photo with a soft shadow across part of the page
	QualityCrop      Quality = "crop"      // scan cropped into the margin at one or two edges
)

// HeldOutQualities lists the renderings only the held-out evaluation uses.
func HeldOutQualities() []Quality {
	return []Quality{QualityFax, QualityMessenger, QualityShadow, QualityCrop}
}

// renderHeldOut renders the held-out qualities; ok is false for any other.
func renderHeldOut(ctx context.Context, d Doc, q Quality, r *rand.Rand) (Rendering, bool, error) {
	var (
		out Rendering
		err error
	)
	switch q {
	case QualityFax:
		out, err = renderFaxStreaks(ctx, d, r)
	case QualityMessenger:
		out, err = renderMessenger(ctx, d, r)
	case QualityShadow:
		out, err = renderShadow(ctx, d, r)
	case QualityCrop:
		out, err = renderCrop(ctx, d, r)
	default:
		return Rendering{}, false, nil
	}
	return out, true, err
}

// renderFaxStreaks imitates a fax sent from a worn machine: 200x100 dpi,
// thresholded to one bit, with a dirty read head (thin vertical streaks),
// dropped and smeared lines and speckle; the rows are doubled so pixels are
// square, and the receiving machine's header is printed above the page.
func renderFaxStreaks(ctx context.Context, d Doc, r *rand.Rand) (Rendering, error) {
	pages, err := rasterize(ctx, d.PDF, 200, 100)
	if err != nil {
		return Rendering{}, err
	}
	p := planeFromGray(pages[0])
	angle := (r.Float64()*2 - 1) * 0.7
	p = p.rotate(angle, 255)
	p.blur(0.5)
	p.noise(r, 14+r.Float64()*8)
	p.speckle(r, 100+r.IntN(250))
	// Vertical streaks from dirt on the scanning head: thin, grey, broken.
	streaks := r.IntN(4)
	for range streaks {
		x := r.IntN(p.W)
		wd := 1 + r.IntN(2)
		dark := float32(60 + r.IntN(60))
		for y := 0; y < p.H; y++ {
			if r.IntN(10) == 0 {
				continue
			}
			for dx := range wd {
				if x+dx < p.W {
					p.P[y*p.W+x+dx] = min(p.P[y*p.W+x+dx], dark+float32(r.NormFloat64()*20))
				}
			}
		}
	}
	// A few rows dropped to white or smeared dark, as line errors do.
	p.lineNoise(r, r.IntN(5), 100, 150)
	thr := float32(135 + r.IntN(45))
	head := 34
	dst := image.NewGray(image.Rect(0, 0, p.W, 2*p.H+head))
	for i := range dst.Pix {
		dst.Pix[i] = 255
	}
	for y := 0; y < p.H; y++ {
		for x := 0; x < p.W; x++ {
			v := uint8(255)
			if p.P[y*p.W+x] < thr {
				v = 0
			}
			dst.Pix[(head+2*y)*dst.Stride+x] = v
			dst.Pix[(head+2*y+1)*dst.Stride+x] = v
		}
	}
	sent := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(3*365*24*60)) * time.Minute)
	header := fmt.Sprintf("RCVD %s   FROM: +63 2 8%s %s   ->  LOANS DEPT FAX   PAGE 01", strings.ToUpper(sent.Format("02 Jan 2006 15:04")),
		randDigits(r, 3), randDigits(r, 4))
	fd := font.Drawer{Dst: dst, Src: image.Black, Face: basicfont.Face7x13, Dot: fixed.P(16, 22)}
	fd.DrawString(header)
	bi := image.NewPaletted(dst.Bounds(), color.Palette{color.Gray{0}, color.Gray{255}})
	for i, v := range dst.Pix {
		if v >= 128 {
			bi.Pix[i] = 1
		}
	}
	data, err := encodePNG(bi)
	return Rendering{Data: data, Ext: ".png", Params: fmt.Sprintf("fax 200x100 dpi rows doubled, bilevel threshold %.0f, angle %.2f, %d streaks", thr, angle, streaks)}, err
}

// decodedPhoto is the phone photo rendering and its decoded image, for the
// renderings made from a photo.
func decodedPhoto(ctx context.Context, d Doc, r *rand.Rand) (Rendering, image.Image, error) {
	ph, err := renderPhoto(ctx, d, r)
	if err != nil {
		return Rendering{}, nil, err
	}
	img, err := jpeg.Decode(bytes.NewReader(ph.Data))
	if err != nil {
		return Rendering{}, nil, fmt.Errorf("decode photo: %w", err)
	}
	return ph, img, nil
}

// renderMessenger is a phone photo sent through a chat app: the app scales
// it to 1280 pixels on the long side and recompresses it hard.
func renderMessenger(ctx context.Context, d Doc, r *rand.Rand) (Rendering, error) {
	ph, img, err := decodedPhoto(ctx, d, r)
	if err != nil {
		return Rendering{}, err
	}
	b := img.Bounds()
	long := 1280
	var w, h int
	if b.Dx() >= b.Dy() {
		w, h = long, b.Dy()*long/b.Dx()
	} else {
		w, h = b.Dx()*long/b.Dy(), long
	}
	small := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(small, small.Bounds(), img, b, draw.Src, nil)
	q := 40 + r.IntN(16)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, small, &jpeg.Options{Quality: q}); err != nil {
		return Rendering{}, fmt.Errorf("encode jpeg: %w", err)
	}
	return Rendering{Data: buf.Bytes(), Ext: ".jpg", Params: fmt.Sprintf("photo (%s) sent by messenger: %dx%d, jpeg q%d", ph.Params, w, h, q)}, nil
}

// renderShadow is a phone photo with the soft shadow of the phone or a hand
// falling across part of the page: a dark region bounded by a line at any
// angle, with a blurred edge.
func renderShadow(ctx context.Context, d Doc, r *rand.Rand) (Rendering, error) {
	ph, img, err := decodedPhoto(ctx, d, r)
	if err != nil {
		return Rendering{}, err
	}
	b := img.Bounds()
	out := image.NewRGBA(b)
	draw.Draw(out, b, img, b.Min, draw.Src)
	W, H := float64(b.Dx()), float64(b.Dy())
	// The shadow's edge passes through a point in the middle of the frame;
	// the shadow lies on one side of it.
	th := r.Float64() * 2 * math.Pi
	nx, ny := math.Cos(th), math.Sin(th)
	px, py := W*(0.3+0.4*r.Float64()), H*(0.3+0.4*r.Float64())
	soft := 40 + r.Float64()*120 // pixels of penumbra
	depth := 0.35 + r.Float64()*0.25
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			dist := (float64(x)-px)*nx + (float64(y)-py)*ny
			// Smooth step from lit (dist < -soft) to shaded (dist > soft).
			t := math.Min(1, math.Max(0, (dist+soft)/(2*soft)))
			t = t * t * (3 - 2*t)
			k := 1 - depth*t
			i := y*out.Stride + 4*x
			// Shade is a little blue, as skylight fills it.
			out.Pix[i] = uint8(float64(out.Pix[i]) * k)
			out.Pix[i+1] = uint8(float64(out.Pix[i+1]) * k)
			out.Pix[i+2] = uint8(math.Min(255, float64(out.Pix[i+2])*k*1.06))
		}
	}
	q := 80 + r.IntN(10)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: q}); err != nil {
		return Rendering{}, fmt.Errorf("encode jpeg: %w", err)
	}
	return Rendering{Data: buf.Bytes(), Ext: ".jpg", Params: fmt.Sprintf("photo (%s) with a shadow: edge angle %.0f, penumbra %.0fpx, depth %.2f, jpeg q%d",
		ph.Params, th*180/math.Pi, soft, depth, q)}, nil
}

// renderCrop is a 300 dpi scan whose image was cropped a little at one or
// two edges, as a scanner's auto-crop or a careless trim does. It only
// ever cuts margin: the crop stops at least 2 mm short of the printed
// content.
func renderCrop(ctx context.Context, d Doc, r *rand.Rand) (Rendering, error) {
	pg, err := firstPage(ctx, d, 300)
	if err != nil {
		return Rendering{}, err
	}
	p := planeFromGray(pg)
	paper := float32(225 + r.IntN(25))
	ink := float32(12 + r.IntN(30))
	angle := (0.2 + r.Float64()*1.3)
	if chance(r, 0.5) {
		angle = -angle
	}
	p = p.rotate(angle, 255)
	// Find the printed content on the clean, turned page.
	x0, y0, x1, y1 := p.W, p.H, -1, -1
	for y := 0; y < p.H; y++ {
		for x := 0; x < p.W; x++ {
			if p.P[y*p.W+x] < 200 {
				x0, y0 = min(x0, x), min(y0, y)
				x1, y1 = max(x1, x), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		x0, y0, x1, y1 = 0, 0, p.W-1, p.H-1
	}
	safe := 24 // 2 mm at 300 dpi
	room := [4]int{max(x0-safe, 0), max(y0-safe, 0), max(p.W-1-x1-safe, 0), max(p.H-1-y1-safe, 0)}
	var cut [4]int
	edges := []string{"left", "top", "right", "bottom"}
	var which []string
	first := r.IntN(4)
	n := 1 + r.IntN(2)
	for k := range n {
		e := (first + k*(1+r.IntN(3))) % 4
		if cut[e] > 0 || room[e] == 0 {
			continue
		}
		cut[e] = int(float64(room[e]) * (0.5 + 0.5*r.Float64()))
		which = append(which, fmt.Sprintf("%s %.1f mm", edges[e], float64(cut[e])*25.4/300))
	}
	if len(which) == 0 {
		which = append(which, "no margin to cut")
	}
	p.tone(ink, paper)
	sd := 2 + r.Float64()*3
	p.noise(r, sd)
	p.speckle(r, 20+r.IntN(60))
	sigma := 0.45 + r.Float64()*0.5
	p.blur(sigma)
	cw, ch := p.W-cut[0]-cut[2], p.H-cut[1]-cut[3]
	out := newPlane(cw, ch, 0)
	for y := 0; y < ch; y++ {
		copy(out.P[y*cw:(y+1)*cw], p.P[(y+cut[1])*p.W+cut[0]:(y+cut[1])*p.W+cut[0]+cw])
	}
	data, err := encodePNG(out.gray())
	return Rendering{Data: data, Ext: ".png", Params: fmt.Sprintf("dpi 300, angle %.2f, blur %.2f, noise %.1f, cropped %s",
		angle, sigma, sd, strings.Join(which, ", "))}, err
}

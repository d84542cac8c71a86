package ocr

import (
	"image"
	"math"

	"talaan/ocr/geom"
)

// Page detection for phone photos: a payslip photographed on a table is a
// bright quadrilateral on a darker background, seen in perspective. Tesseract
// deskews small angles only, so the page is found on a small copy and warped
// to an upright rectangle before OCR. Anything that does not look clearly
// like a page on a darker background (scans, renders, crops) is left alone.

const (
	pageDetectSide   = 600  // long side, in pixels, of the copy the page is found on
	pageMinSide      = 200  // smaller images are never warped
	pageMinCover     = 0.25 // the page must cover at least this share of the image...
	pageMaxCover     = 0.97 // ...and leave a visible border
	pageMinContrast  = 40   // paper mean minus background mean, in gray levels
	pageMinAngle     = 55.0 // interior angles of the quad, degrees
	pageMaxAngle     = 125.0
	pageMaxSideRatio = 2.0 // opposite sides may differ by this factor at most
)

type pt struct{ x, y float64 }

// rectifyPage returns img warped so that the page found in it fills an
// upright rectangle, or img itself when no page is confidently found.
func rectifyPage(img *image.Gray) *image.Gray {
	q, ok := findPageQuad(img)
	if !ok {
		return img
	}
	out := warpQuad(img, q)
	if out != img {
		flattenLight(out, paperOf(out))
	}
	return out
}

// findPageQuad finds the page's corners, in img's pixel coordinates,
// clockwise from the top left.
func findPageQuad(img *image.Gray) ([4]pt, bool) {
	var q [4]pt
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if min(w, h) < pageMinSide {
		return q, false
	}
	small, f := shrinkGray(img, pageDetectSide)
	sw, sh := small.Rect.Dx(), small.Rect.Dy()
	n := sw * sh
	t := otsu(small)

	// Largest bright 4-connected component: the paper.
	label := make([]int32, n)
	queue := make([]int32, 0, n)
	best, bestSize := int32(0), 0
	next := int32(1)
	for i := range n {
		if label[i] != 0 || small.Pix[pixIndex(small, i)] <= t {
			continue
		}
		queue = queue[:0]
		queue = append(queue, int32(i))
		label[i] = next
		for k := 0; k < len(queue); k++ {
			p := int(queue[k])
			x, y := p%sw, p/sw
			for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				nx, ny := x+d[0], y+d[1]
				if nx < 0 || ny < 0 || nx >= sw || ny >= sh {
					continue
				}
				j := ny*sw + nx
				if label[j] == 0 && small.Pix[pixIndex(small, j)] > t {
					label[j] = next
					queue = append(queue, int32(j))
				}
			}
		}
		if len(queue) > bestSize {
			best, bestSize = next, len(queue)
		}
		next++
	}
	if bestSize == 0 {
		return q, false
	}

	// Outside: everything not in the paper that the image border reaches.
	// The rest (the paper and the text and holes inside it) is the page.
	outside := make([]bool, n)
	queue = queue[:0]
	push := func(j int) {
		if !outside[j] && label[j] != best {
			outside[j] = true
			queue = append(queue, int32(j))
		}
	}
	for x := range sw {
		push(x)
		push((sh-1)*sw + x)
	}
	for y := range sh {
		push(y * sw)
		push(y*sw + sw - 1)
	}
	for k := 0; k < len(queue); k++ {
		p := int(queue[k])
		x, y := p%sw, p/sw
		if x > 0 {
			push(p - 1)
		}
		if x < sw-1 {
			push(p + 1)
		}
		if y > 0 {
			push(p - sw)
		}
		if y < sh-1 {
			push(p + sw)
		}
	}
	nOut := len(queue)
	cover := 1 - float64(nOut)/float64(n)
	if cover < pageMinCover || cover > pageMaxCover {
		return q, false
	}

	// A page running off the image has no reliable corners.
	touch := 0
	for i := range n {
		x, y := i%sw, i/sw
		if !outside[i] && (x == 0 || y == 0 || x == sw-1 || y == sh-1) {
			touch++
		}
	}
	if touch > 0 {
		return q, false
	}

	// The background must be clearly darker than the paper.
	var sumIn, sumOut float64
	var nIn int
	for i := range n {
		v := float64(small.Pix[pixIndex(small, i)])
		if outside[i] {
			sumOut += v
		} else if label[i] == best {
			sumIn += v
			nIn++
		}
	}
	if nIn == 0 || sumIn/float64(nIn)-sumOut/float64(nOut) < pageMinContrast {
		return q, false
	}

	// Corners: extreme points of x+y and x-y over the page region.
	inf := math.Inf(1)
	minS, maxS, minD, maxD := inf, -inf, inf, -inf
	var tl, br, tr, bl pt
	for i := range n {
		if outside[i] {
			continue
		}
		x, y := float64(i%sw), float64(i/sw)
		if s := x + y; s < minS {
			minS, tl = s, pt{x, y}
		}
		if s := x + y; s > maxS {
			maxS, br = s, pt{x + 1, y + 1}
		}
		if d := x - y; d > maxD {
			maxD, tr = d, pt{x + 1, y}
		}
		if d := x - y; d < minD {
			minD, bl = d, pt{x, y + 1}
		}
	}
	q = [4]pt{tl, tr, br, bl}
	q, ok := refineQuad(q, outside, sw, sh)
	if !ok || !saneQuad(q, float64(n)) {
		return [4]pt{}, false
	}
	// The quad must describe the region: a torn, folded or occluded page
	// fits it badly.
	if qa := quadArea(q); math.Abs(qa-float64(n-nOut)) > 0.04*float64(n-nOut) {
		return [4]pt{}, false
	}
	for i := range q {
		q[i] = pt{q[i].x / f, q[i].y / f}
	}
	return q, true
}

// refineQuad fits a line to the page edge between each pair of corners and
// returns the intersections of adjacent lines, which is steadier than the
// extreme points when corners are rounded, dog-eared or blurred. It reports
// false when a side has too few edge points near it to fit.
func refineQuad(q [4]pt, outside []bool, sw, sh int) ([4]pt, bool) {
	isPage := func(x, y int) bool {
		return x >= 0 && y >= 0 && x < sw && y < sh && !outside[y*sw+x]
	}
	// Edge points: page pixels next to an outside pixel, as pixel corners
	// on the boundary side.
	var edge []pt
	for y := range sh {
		for x := range sw {
			if !isPage(x, y) {
				continue
			}
			if !isPage(x-1, y) || !isPage(x+1, y) || !isPage(x, y-1) || !isPage(x, y+1) {
				edge = append(edge, pt{float64(x) + 0.5, float64(y) + 0.5})
			}
		}
	}
	type line struct{ a, b, c float64 } // ax+by=c, (a,b) unit
	var lines [4]line
	for s := range 4 {
		p0, p1 := q[s], q[(s+1)%4]
		dx, dy := p1.x-p0.x, p1.y-p0.y
		l := math.Hypot(dx, dy)
		if l < 10 {
			return q, false
		}
		ux, uy := dx/l, dy/l
		tol := max(3, 0.03*l)
		var sx, sy, sxx, syy, sxy, cnt float64
		for _, e := range edge {
			rx, ry := e.x-p0.x, e.y-p0.y
			along := rx*ux + ry*uy
			if along < 0.15*l || along > 0.85*l {
				continue
			}
			if math.Abs(rx*uy-ry*ux) > tol {
				continue
			}
			sx += e.x
			sy += e.y
			sxx += e.x * e.x
			syy += e.y * e.y
			sxy += e.x * e.y
			cnt++
		}
		if cnt < 0.5*l {
			return q, false
		}
		mx, my := sx/cnt, sy/cnt
		cxx, cyy, cxy := sxx/cnt-mx*mx, syy/cnt-my*my, sxy/cnt-mx*my
		// Direction of least variance is the normal.
		theta := 0.5 * math.Atan2(2*cxy, cxx-cyy) // major axis
		nx, ny := -math.Sin(theta), math.Cos(theta)
		lines[s] = line{nx, ny, nx*mx + ny*my}
	}
	var out [4]pt
	for i := range 4 {
		a, b := lines[(i+3)%4], lines[i] // corner i joins side i-1 and side i
		det := a.a*b.b - a.b*b.a
		if math.Abs(det) < 1e-6 {
			return q, false
		}
		p := pt{(a.c*b.b - a.b*b.c) / det, (a.a*b.c - a.c*b.a) / det}
		if math.Hypot(p.x-q[i].x, p.y-q[i].y) > 0.1*float64(max(sw, sh)) {
			return q, false
		}
		out[i] = p
	}
	return out, true
}

// quadArea is the area of q by the shoelace formula, positive clockwise in
// image coordinates.
func quadArea(q [4]pt) float64 {
	var a2 float64
	for i := range 4 {
		a2 += q[i].x*q[(i+1)%4].y - q[(i+1)%4].x*q[i].y
	}
	return a2 / 2
}

// saneQuad checks the quad is convex, clockwise, roughly rectangular in
// angles and sides, and covers enough of an image of the given area.
func saneQuad(q [4]pt, area float64) bool {
	for i := range 4 {
		p0, p1, p2 := q[(i+3)%4], q[i], q[(i+1)%4]
		v1 := pt{p0.x - p1.x, p0.y - p1.y}
		v2 := pt{p2.x - p1.x, p2.y - p1.y}
		l1, l2 := math.Hypot(v1.x, v1.y), math.Hypot(v2.x, v2.y)
		if l1 < 1 || l2 < 1 {
			return false
		}
		// In image coordinates (y down), clockwise turns have cross > 0 for
		// (p1-p0) x (p2-p1).
		if (p1.x-p0.x)*(p2.y-p1.y)-(p1.y-p0.y)*(p2.x-p1.x) <= 0 {
			return false
		}
		ang := math.Acos(max(-1, min(1, (v1.x*v2.x+v1.y*v2.y)/(l1*l2)))) * 180 / math.Pi
		if ang < pageMinAngle || ang > pageMaxAngle {
			return false
		}
	}
	if quadArea(q) < pageMinCover*area {
		return false
	}
	for i := range 2 {
		s1 := dist(q[i], q[i+1])
		s2 := dist(q[(i+2)%4], q[(i+3)%4])
		if s1 > pageMaxSideRatio*s2 || s2 > pageMaxSideRatio*s1 {
			return false
		}
	}
	return true
}

func dist(a, b pt) float64 { return math.Hypot(a.x-b.x, a.y-b.y) }

func pixIndex(g *image.Gray, i int) int {
	w := g.Rect.Dx()
	return (i/w)*g.Stride + i%w
}

// shrinkGray box-averages img so its long side is at most side pixels and
// returns the copy and its scale (small = f × full).
func shrinkGray(img *image.Gray, side int) (*image.Gray, float64) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	f := min(1, float64(side)/float64(max(w, h)))
	sw, sh := max(1, int(float64(w)*f)), max(1, int(float64(h)*f))
	fx, fy := float64(sw)/float64(w), float64(sh)/float64(h)
	dst := image.NewGray(image.Rect(0, 0, sw, sh))
	sum := make([]uint32, sw)
	cnt := make([]uint32, sw)
	xmap := make([]int, w)
	for x := range w {
		xmap[x] = min(sw-1, int(float64(x)*fx))
	}
	row := 0
	flush := func() {
		for x := range sw {
			if cnt[x] > 0 {
				dst.Pix[row*dst.Stride+x] = uint8(sum[x] / cnt[x])
			}
			sum[x], cnt[x] = 0, 0
		}
	}
	for y := range h {
		r := min(sh-1, int(float64(y)*fy))
		if r != row {
			flush()
			row = r
		}
		src := img.Pix[y*img.Stride : y*img.Stride+w]
		for x, v := range src {
			sum[xmap[x]] += uint32(v)
			cnt[xmap[x]]++
		}
	}
	flush()
	// fx and fy differ by rounding only; report their mean.
	return dst, (fx + fy) / 2
}

// otsu returns the threshold that best splits g's histogram in two.
func otsu(g *image.Gray) uint8 {
	var hist [256]float64
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := range h {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			hist[v]++
		}
	}
	total := float64(w * h)
	var sumAll float64
	for i, c := range hist {
		sumAll += float64(i) * c
	}
	var wB, sumB, bestVar float64
	best := uint8(127)
	for i := range 256 {
		wB += hist[i]
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(i) * hist[i]
		mB, mF := sumB/wB, (sumAll-sumB)/wF
		if v := wB * wF * (mB - mF) * (mB - mF); v > bestVar {
			bestVar, best = v, uint8(i)
		}
	}
	return best
}

// warpQuad maps the quad q of src onto an upright rectangle sized from its
// edge lengths, sampling bilinearly; pixels from outside src are white.
func warpQuad(src *image.Gray, q [4]pt) *image.Gray {
	ow := int(math.Round(max(dist(q[0], q[1]), dist(q[3], q[2]))))
	oh := int(math.Round(max(dist(q[0], q[3]), dist(q[1], q[2]))))
	// Never more pixels than the source had.
	if sw, sh := src.Rect.Dx(), src.Rect.Dy(); ow*oh > sw*sh {
		k := math.Sqrt(float64(sw*sh) / float64(ow*oh))
		ow, oh = int(float64(ow)*k), int(float64(oh)*k)
	}
	if ow < 1 || oh < 1 {
		return src
	}
	hm, ok := homography([4]pt{{0, 0}, {float64(ow), 0}, {float64(ow), float64(oh)}, {0, float64(oh)}}, q)
	if !ok {
		return src
	}
	dst := image.NewGray(image.Rect(0, 0, ow, oh))
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	for y := range oh {
		fy := float64(y) + 0.5
		row := dst.Pix[y*dst.Stride : y*dst.Stride+ow]
		for x := range ow {
			fx := float64(x) + 0.5
			d := hm[6]*fx + hm[7]*fy + 1
			sx := (hm[0]*fx+hm[1]*fy+hm[2])/d - 0.5
			sy := (hm[3]*fx+hm[4]*fy+hm[5])/d - 0.5
			row[x] = bilinear(src, sw, sh, sx, sy)
		}
	}
	return dst
}

func bilinear(g *image.Gray, w, h int, x, y float64) uint8 {
	if x < -0.5 || y < -0.5 || x > float64(w)-0.5 || y > float64(h)-0.5 {
		return 255
	}
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	ax, ay := x-float64(x0), y-float64(y0)
	at := func(x, y int) float64 {
		x = max(0, min(w-1, x))
		y = max(0, min(h-1, y))
		return float64(g.Pix[y*g.Stride+x])
	}
	top := at(x0, y0)*(1-ax) + at(x0+1, y0)*ax
	bot := at(x0, y0+1)*(1-ax) + at(x0+1, y0+1)*ax
	return uint8(top*(1-ay) + bot*ay + 0.5)
}

// homography returns the 3x3 matrix (h[8] = 1 omitted) mapping each from[i]
// to to[i]; false for degenerate corners.
func homography(from, to [4]pt) ([8]float64, bool) {
	var f, t [4]geom.Point
	for i := range 4 {
		f[i], t[i] = geom.Point{X: from[i].x, Y: from[i].y}, geom.Point{X: to[i].x, Y: to[i].y}
	}
	h, err := geom.HomographyFrom(f, t)
	if err != nil {
		return [8]float64{}, false
	}
	return [8]float64(h[:8]), true
}

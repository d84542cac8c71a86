package ocr

import (
	"image"
	"math"
	"slices"
)

// Payslips print dot leaders between a caption and its value ("Basic Pay
// ........ 28,250.00"). Tesseract reads a leader as a word of letters
// ("eee", "cece", "eeeeeessaee") and, worse, reads the amount at its end
// poorly or not at all, as if it were part of that word. A leader is told
// from text by its shape: a run of at least minLeaderDots small, isolated
// blobs of one size, on one baseline, at an even pitch. Such runs are
// whitened before recognition; a dotted rule is erased with them, which
// costs nothing. A halftone's dots also line up, but in rows stacked at
// the same pitch, so a run with dots above or below it is kept.

const (
	// minLeaderDots is the shortest run taken for a leader: an ellipsis
	// ("...") or a date's points are shorter.
	minLeaderDots = 5
	// maxDotSide is the largest blob, in pixels either way, taken for a
	// dot (a 600 dpi scan's period is about 10 px).
	maxDotSide = 12
	// leaderInk is the grey level under which a pixel is ink.
	leaderInk = 140
)

// dot is one small blob of ink.
type dot struct {
	x0, y0, x1, y1 int // bounding box, x1 and y1 exclusive
	ink            int // pixels of ink
}

func (d dot) cx() float64 { return float64(d.x0+d.x1) / 2 }
func (d dot) cy() float64 { return float64(d.y0+d.y1) / 2 }
func (d dot) side() int   { return max(d.x1-d.x0, d.y1-d.y0) }

// solid says the blob is a dot's shape: about as wide as tall and mostly
// ink. A comma or a stroke is long one way; a small letter of
// low-resolution text ("e", "a", "c") open on one side.
func (d dot) solid() bool {
	w, h := d.x1-d.x0, d.y1-d.y0
	return 2*w >= h && 2*h >= w && 2*d.ink >= w*h
}

// holed says the blob encloses paper, as a small "o" or "0" does and a dot
// does not: paper inside its box that paper from the box's edge cannot
// reach.
func holed(img *image.Gray, d dot) bool {
	w, h := d.x1-d.x0, d.y1-d.y0
	if w < 3 || h < 3 {
		return false
	}
	paper := func(u, v int) bool {
		return img.Pix[img.PixOffset(img.Rect.Min.X+d.x0+u, img.Rect.Min.Y+d.y0+v)] >= leaderInk
	}
	var reached [(maxDotSide + 1) * (maxDotSide + 1)]bool
	var stack [][2]int
	for v := range h {
		for u := range w {
			if (u == 0 || v == 0 || u == w-1 || v == h-1) && paper(u, v) {
				reached[v*w+u] = true
				stack = append(stack, [2]int{u, v})
			}
		}
	}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, n := range [][2]int{{p[0] - 1, p[1]}, {p[0] + 1, p[1]}, {p[0], p[1] - 1}, {p[0], p[1] + 1}} {
			if n[0] < 0 || n[1] < 0 || n[0] >= w || n[1] >= h || reached[n[1]*w+n[0]] || !paper(n[0], n[1]) {
				continue
			}
			reached[n[1]*w+n[0]] = true
			stack = append(stack, n)
		}
	}
	for v := 1; v < h-1; v++ {
		for u := 1; u < w-1; u++ {
			if paper(u, v) && !reached[v*w+u] {
				return true
			}
		}
	}
	return false
}

// eraseLeaders whitens, in place, the dot leaders of img and reports how
// many it erased.
func eraseLeaders(img *image.Gray) int {
	dots := findDots(img)
	if len(dots) < minLeaderDots {
		return 0
	}
	runs := leaderRuns(dots)
	for _, run := range runs {
		for _, d := range run {
			whiten(img, d)
		}
	}
	return len(runs)
}

// whiten paints a dot's box, and the pixel of soft edge around it, in the
// middle grey of the ring just outside: the paper there, so that no pale
// ring of the dot's anti-aliasing is left for the recogniser.
func whiten(img *image.Gray, d dot) {
	r := img.Rect
	box := image.Rect(r.Min.X+d.x0-1, r.Min.Y+d.y0-1, r.Min.X+d.x1+1, r.Min.Y+d.y1+1).Intersect(r)
	ring := box.Inset(-1).Intersect(r)
	var around []uint8
	for y := ring.Min.Y; y < ring.Max.Y; y++ {
		for x := ring.Min.X; x < ring.Max.X; x++ {
			if !(image.Point{x, y}).In(box) {
				around = append(around, img.Pix[img.PixOffset(x, y)])
			}
		}
	}
	if len(around) == 0 {
		return
	}
	slices.Sort(around)
	paper := around[len(around)/2]
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			img.Pix[img.PixOffset(x, y)] = paper
		}
	}
}

// findDots finds the blobs of ink (8-connected) no larger than maxDotSide
// either way that are shaped like dots (solid). A fill stops as soon as its
// blob outgrows a dot or touches ink an earlier fill visited, so it visits
// each pixel once and its stack stays a few hundred entries: a page of
// solid black costs no more than one of text. Visited pixels are marked in
// a bit set, an eighth of a byte a pixel, well inside what the page's hold
// on the Budget counts for the engine (enginePerPixel); the fill under way
// is marked in a window around its first pixel, the only place a dot can
// lie.
func findDots(img *image.Gray) []dot {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	ink := func(x, y int) bool {
		return img.Pix[img.PixOffset(img.Rect.Min.X+x, img.Rect.Min.Y+y)] < leaderInk
	}
	const win = 2*maxDotSide + 3
	seen := newBits(w * h)
	var cur [win * win]bool
	var out []dot
	var stack, fill []int
	for y := range h {
		off := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
		for x, v := range img.Pix[off : off+w] {
			i := y*w + x
			if v >= leaderInk || seen.has(i) {
				continue
			}
			// at is the index in cur of pixel (px, py), -1 outside the window.
			at := func(px, py int) int {
				u, v := px-x+win/2, py-y+win/2
				if u < 0 || v < 0 || u >= win || v >= win {
					return -1
				}
				return v*win + u
			}
			d := dot{x0: x, y0: y, x1: x + 1, y1: y + 1}
			big := false
			seen.set(i)
			cur[at(x, y)] = true
			stack, fill = append(stack[:0], i), append(fill[:0], at(x, y))
			for len(stack) > 0 && !big {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				px, py := p%w, p/w
				d.ink++
				d.x0, d.x1 = min(d.x0, px), max(d.x1, px+1)
				d.y0, d.y1 = min(d.y0, py), max(d.y1, py+1)
				if d.x1-d.x0 > maxDotSide || d.y1-d.y0 > maxDotSide {
					big = true
					break
				}
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						nx, ny := px+dx, py+dy
						if nx < 0 || ny < 0 || nx >= w || ny >= h || !ink(nx, ny) {
							continue
						}
						j, k := ny*w+nx, at(nx, ny)
						switch {
						case k < 0:
							big = true // beyond any dot's reach
						case !seen.has(j):
							seen.set(j)
							cur[k] = true
							fill = append(fill, k)
							stack = append(stack, j)
						case !cur[k]:
							big = true // ink of a blob an earlier fill found too big
						}
					}
				}
			}
			for _, k := range fill {
				cur[k] = false
			}
			if !big && d.solid() && !holed(img, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// bits is a set of pixel indices.
type bits []uint64

func newBits(n int) bits      { return make(bits, (n+63)/64) }
func (b bits) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bits) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b bits) clear(i int)    { b[i/64] &^= 1 << (i % 64) }

// leaderRuns groups dots into leaders: runs of at least minLeaderDots dots
// of about one size, each the next one's left neighbour on its baseline at
// an even pitch, with no dots stacked above or below them.
func leaderRuns(dots []dot) [][]dot {
	// Bucket the dots by centre, a cell per maxDotSide*4 pixels, to find
	// neighbours.
	const cell = maxDotSide * 4
	type key struct{ x, y int }
	grid := map[key][]int{}
	for i, d := range dots {
		k := key{int(d.cx()) / cell, int(d.cy()) / cell}
		grid[k] = append(grid[k], i)
	}
	near := func(d dot, fn func(j int)) {
		kx, ky := int(d.cx())/cell, int(d.cy())/cell
		for y := ky - 1; y <= ky+1; y++ {
			for x := kx - 1; x <= kx+1; x++ {
				for _, j := range grid[key{x, y}] {
					fn(j)
				}
			}
		}
	}
	// next[i] is the nearest dot right of dot i on its baseline, of about
	// its size, within a few of its sides.
	next := make([]int, len(dots))
	hasPrev := make([]bool, len(dots))
	for i, d := range dots {
		next[i] = -1
		s := float64(max(d.side(), 2))
		best := math.Inf(1)
		near(d, func(j int) {
			o := dots[j]
			dx, dy := o.cx()-d.cx(), o.cy()-d.cy()
			// A leader's dots stand apart by more than their size; the
			// letters of a word, closer.
			if dx < s*1.7 || dx > s*6+4 || math.Abs(dy) > math.Max(1.5, s*0.5) {
				return
			}
			if r := float64(o.side()) / s; r < 0.5 || r > 2 {
				return
			}
			if dx < best {
				best, next[i] = dx, j
			}
		})
	}
	for _, j := range next {
		if j >= 0 {
			hasPrev[j] = true
		}
	}
	var runs [][]dot
	for i := range dots {
		if hasPrev[i] {
			continue
		}
		var run []dot
		var pitches []float64
		for j := i; j >= 0 && len(run) < 10000; j = next[j] {
			if n := len(run); n > 0 {
				pitches = append(pitches, dots[j].cx()-run[n-1].cx())
			}
			run = append(run, dots[j])
		}
		if len(run) < minLeaderDots || !even(pitches) || stacked(run, dots, median(pitches), near) {
			continue
		}
		runs = append(runs, run)
	}
	return runs
}

// median is the middle of vs (vs not empty).
func median(vs []float64) float64 {
	p := slices.Clone(vs)
	slices.Sort(p)
	return p[len(p)/2]
}

// even says the pitches of a run vary by less than a third of their
// median.
func even(pitches []float64) bool {
	if len(pitches) == 0 {
		return false
	}
	med := median(pitches)
	for _, v := range pitches {
		if math.Abs(v-med) > med/3 {
			return false
		}
	}
	return true
}

// stacked says a fifth or more of a run's dots have another dot right
// above or below them, nearer than one and a half times the run's pitch: a
// row of a halftone, whose dots stand as far apart either way. (The
// leaders of two lines of text stand a line apart, two pitches or more.)
func stacked(run, dots []dot, pitch float64, near func(dot, func(int))) bool {
	n := 0
	for _, d := range run {
		s := float64(max(d.side(), 2))
		found := false
		near(d, func(j int) {
			o := dots[j]
			dy := math.Abs(o.cy() - d.cy())
			if math.Abs(o.cx()-d.cx()) <= s && dy > s && dy < pitch*1.5 {
				found = true
			}
		})
		if found {
			n++
		}
	}
	return n*5 >= len(run)
}

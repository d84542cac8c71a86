package tesseract

import (
	"fmt"
	"image"
	"math"

	"golang.org/x/image/draw"

	"talaan/ocr"
)

const (
	// smallText is the box height (25th percentile of a page's words, in
	// pixels) below which text is enlarged for the second pass: Tesseract
	// reads an x-height under about 10 px poorly. The corpus's unreadable
	// low-resolution pages measure 7-9 px; 150 dpi pages that read well
	// measure 9-11 px but are not poor, so are not retried (enlarging them
	// lost table rows).
	smallText = 13.0
	// targetText is the box height enlarging aims at.
	targetText = 24.0
	// minScale and maxScale bound the enlargement; below minScale it is
	// not worth a pass.
	minScale, maxScale = 1.5, 3.0
	// maxRetryPixels bounds the enlarged image to about a Letter page at
	// 300 dpi, so a second pass costs at most about one normal page.
	maxRetryPixels = 9e6
	// minHalftoneBlocks is how many blocks dense with dots a page needs for
	// smoothing to be tried: about one shaded box of totals (the dithered
	// ADP scan has 75; the tiny print of four W-2s on one 1200 px image, 12).
	minHalftoneBlocks = 24
)

// retryPlan is the preprocessing of a second pass.
type retryPlan struct {
	scale    float64 // enlargement, 1 for none
	descreen bool    // smooth halftone regions
	// local binarises with a local threshold (Sauvola) instead of one
	// for the whole page.
	local bool
}

func (p retryPlan) String() string {
	return fmt.Sprintf("scale %.2f descreen %t local %t", p.scale, p.descreen, p.local)
}

// planRetry diagnoses a page from its first recognition and its image and
// says which second pass may help, if any: enlarging when its text is
// small (or nothing was read, so its size is unknown), smoothing when the
// page has halftone shading (dithered scans and faxes print shaded boxes,
// often around the totals, as dot patterns Tesseract cannot read through),
// binarising locally when neither applies to a page whose lighting the
// reader evened out (see ocr.Hints). Good pages cost nothing here; fair
// ones a scan of the image.
func planRetry(q quality, img *image.Gray, hints ocr.Hints) (retryPlan, bool) {
	if q.good() {
		return retryPlan{}, false
	}
	plan := retryPlan{scale: 1}
	if q.poor() && (q.textHeight == 0 || q.textHeight < smallText) {
		f := maxScale
		if q.textHeight > 0 {
			f = min(maxScale, targetText/q.textHeight)
		}
		px := float64(img.Rect.Dx()) * float64(img.Rect.Dy())
		f = min(f, math.Sqrt(maxRetryPixels/px))
		if f >= minScale {
			plan.scale = f
		}
	}
	if halftoneBlocks(img).dense >= minHalftoneBlocks {
		plan.descreen = true
	}
	if plan.scale == 1 && !plan.descreen && hints.LightEvened {
		// A photographed or shadowed page, flattened before OCR, that one
		// threshold still read poorly: Sauvola's threshold follows the
		// paper and ink of each neighbourhood. On every page it cost
		// evenly lit scans half their fields (see ocr/light.go); on these
		// pages alone, as a second pass kept only when it reads more, it
		// lost nothing measured.
		plan.local = true
	}
	return plan, plan.scale > 1 || plan.descreen || plan.local
}

// apply makes the second pass's image.
func (p retryPlan) apply(img *image.Gray) *image.Gray {
	if p.descreen {
		img = descreen(img, halftoneBlocks(img))
	}
	if p.scale > 1 {
		w := int(math.Round(float64(img.Rect.Dx()) * p.scale))
		h := int(math.Round(float64(img.Rect.Dy()) * p.scale))
		dst := image.NewGray(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(dst, dst.Rect, img, img.Rect, draw.Src, nil)
		img = dst
	}
	return img
}

// unscale maps words read on an image enlarged by (sx, sy) back to the
// original's w x h pixels.
func unscale(words []ocr.Word, sx, sy float64, w, h int) []ocr.Word {
	if sx == 1 && sy == 1 {
		return words
	}
	for i := range words {
		b := &words[i].Box
		b.X0 = min(b.X0/sx, float64(w))
		b.X1 = min(b.X1/sx, float64(w))
		b.Y0 = min(b.Y0/sy, float64(h))
		b.Y1 = min(b.Y1/sy, float64(h))
	}
	return words
}

// halftone detection works on square blocks: in a dot or checkerboard
// pattern many pixels differ strongly from their right neighbour and many
// from their lower one; text has long runs of paper and ink both ways.
const (
	blockSize = 8
	// strongStep is the gray difference counted as an edge.
	strongStep = 50
	// halftoneBlockShare is the share of a block's pixels that must be
	// edges across, and the share that must be edges down, for the block
	// to be halftone.
	halftoneBlockShare = 0.1
)

// blockMask marks blocks of an image; bw blocks a row.
type blockMask struct {
	bw, bh int
	on     []bool
	dense  int // blocks dense with dots, before the touching ones join
}

func (m blockMask) at(bx, by int) bool { return m.on[by*m.bw+bx] }

// halftoneBlocks finds the blocks of img covered by a halftone pattern:
// blocks dense with dots, and the blocks with some dots that touch them.
func halftoneBlocks(img *image.Gray) blockMask {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	m := blockMask{bw: w / blockSize, bh: h / blockSize}
	m.on = make([]bool, m.bw*m.bh)
	need := int(math.Ceil(halftoneBlockShare * blockSize * blockSize))
	counts := make([]int, m.bw)
	level := make([]uint8, len(m.on)) // 2: halftone, 1: some dots
	for by := range m.bh {
		clear(counts)
		for y := max(by*blockSize, 1); y < (by+1)*blockSize && y+1 < h; y++ {
			row := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):]
			up, down := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y-1):], row[img.Stride:]
			for x := 1; x < m.bw*blockSize && x+1 < w; x++ {
				if isolated(int(row[x]), int(row[x-1]), int(row[x+1]), int(up[x]), int(down[x])) {
					counts[x/blockSize]++
				}
			}
		}
		for bx, c := range counts {
			switch {
			case c >= need:
				level[by*m.bw+bx] = 2
			case c >= need/3:
				level[by*m.bw+bx] = 1
			}
		}
	}
	// Blocks with fewer dots (text printed on the shading, the shading's
	// edges) belong to it when they touch it.
	var stack []int
	for i, l := range level {
		if l == 2 {
			m.on[i] = true
			m.dense++
			stack = append(stack, i)
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		bx, by := i%m.bw, i/m.bw
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				x, y := bx+dx, by+dy
				if x < 0 || y < 0 || x >= m.bw || y >= m.bh {
					continue
				}
				if j := y*m.bw + x; level[j] > 0 && !m.on[j] {
					m.on[j] = true
					stack = append(stack, j)
				}
			}
		}
	}
	return m
}

// descreen smooths the halftone blocks of img with a 3x3 mean, which turns
// the dot pattern into an even gray, then stretches those blocks so that
// this gray becomes white and the text printed on it stays dark: Tesseract
// then thresholds them like the rest of the page. Other pixels are copied.
func descreen(img *image.Gray, m blockMask) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		copy(out.Pix[y*out.Stride:y*out.Stride+w], img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):])
	}
	var hist [256]int
	blur := func(x, y int) int {
		s, n := 0, 0
		for yy := max(y-1, 0); yy <= min(y+1, h-1); yy++ {
			row := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+yy):]
			for xx := max(x-1, 0); xx <= min(x+1, w-1); xx++ {
				s += int(row[xx])
				n++
			}
		}
		return s / n
	}
	for by := range m.bh {
		for bx := range m.bw {
			if !m.at(bx, by) {
				continue
			}
			for y := by * blockSize; y < (by+1)*blockSize; y++ {
				for x := bx * blockSize; x < (bx+1)*blockSize; x++ {
					v := blur(x, y)
					out.Pix[y*out.Stride+x] = uint8(v)
					hist[v]++
				}
			}
		}
	}
	// The shading's gray is the median of the smoothed blocks, most of
	// which is shading, not text.
	total := 0
	for _, n := range hist {
		total += n
	}
	if total == 0 {
		return out
	}
	bg, seen := 0, 0
	for v, n := range hist {
		seen += n
		if seen*2 >= total {
			bg = v
			break
		}
	}
	if bg < 32 {
		return out // dark shading: no room to stretch
	}
	lo, hi := 0.35*float64(bg), 0.75*float64(bg)
	for by := range m.bh {
		for bx := range m.bw {
			if !m.at(bx, by) {
				continue
			}
			for y := by * blockSize; y < (by+1)*blockSize; y++ {
				row := out.Pix[y*out.Stride:]
				for x := bx * blockSize; x < (bx+1)*blockSize; x++ {
					v := (float64(row[x]) - lo) / (hi - lo) * 255
					row[x] = uint8(min(max(v, 0), 255))
				}
			}
		}
	}
	return out
}

// isolated reports whether a pixel p is a dot: darker, or lighter, than
// each of its four neighbours by strongStep or more.
func isolated(p, l, r, u, d int) bool {
	if p+strongStep <= min(l, r, u, d) {
		return true
	}
	return p-strongStep >= max(l, r, u, d)
}

// pgm encodes img as a binary PGM, which Tesseract reads without a
// decoder's cost.
func pgm(img *image.Gray) []byte {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	head := fmt.Sprintf("P5\n%d %d\n255\n", w, h)
	b := make([]byte, 0, len(head)+w*h)
	b = append(b, head...)
	for y := range h {
		off := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
		b = append(b, img.Pix[off:off+w]...)
	}
	return b
}

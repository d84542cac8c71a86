package ocr

import "image"

// A fax machine or sheet-fed scanner with dirt on its read head draws a thin
// dark line down the whole page, in the same pixel column from top to bottom
// (the paper moves past the head). Where such a line crosses a column of
// figures Tesseract's layout analysis takes it for a rule and drops or splits
// the figures beside it. A ruled table is no such line: it stops at the
// table's edges and, on any page not perfectly straight, leans across
// columns. So a streak is told by running through the page's top and bottom
// margins as well as its middle, one to four pixels wide with white on
// either side.

// streakMaxWidth is the widest run of columns taken for one streak.
const streakMaxWidth = 4

// eraseStreaks whitens, in place, the pixels of full-height vertical streaks
// of a bilevel page that have white on both sides; where a glyph's stroke
// crosses the streak the pixels are kept, so letters are not cut. It reports
// how many streaks it found.
func eraseStreaks(img *image.Gray) int {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w < 2*streakMaxWidth+3 || h < 50 {
		return 0
	}
	band := h / 10
	var all, top, bottom = make([]int, w), make([]int, w), make([]int, w)
	for y := range h {
		off := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
		for x, v := range img.Pix[off : off+w] {
			if v != 0 {
				continue
			}
			all[x]++
			switch {
			case y < band:
				top[x]++
			case y >= h-band:
				bottom[x]++
			}
		}
	}
	streak := func(x int) bool {
		return 4*all[x] >= 3*h && 2*top[x] >= band && 2*bottom[x] >= band
	}
	found := 0
	for x := 1; x < w-1; x++ {
		if !streak(x) {
			continue
		}
		a := x
		for x < w-1 && streak(x+1) {
			x++
		}
		b := x
		// The streak's soft edges: columns dark for a quarter of the page.
		for a > 0 && 4*all[a-1] >= h {
			a--
		}
		for b < w-1 && 4*all[b+1] >= h {
			b++
		}
		x = b
		// Not a streak but a dark band: too wide, or at the page's edge.
		if b-a+1 > streakMaxWidth || a == 0 || b == w-1 {
			continue
		}
		found++
		for y := range h {
			off := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
			row := img.Pix[off : off+w]
			if row[a-1] != 0 && row[b+1] != 0 {
				for i := a; i <= b; i++ {
					row[i] = 0xFF
				}
			}
		}
	}
	return found
}

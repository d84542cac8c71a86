package tesseract

import (
	"fmt"
	"image"
	"slices"

	"talaan/ocr"
)

// Tesseract's page layout analysis sometimes drops a line of text whole: a
// total printed between two rows of "=====" on a receipt strip, a caption
// in a band of its own. The line is neither misread nor flagged; its words
// are simply absent, and with them often the net pay. When a page's image
// holds ink shaped like a line of text where no word was read, those bands
// alone are cut out, stacked into one small image and read as a single
// block (which has no layout analysis to lose them); the words read there
// are added to the first reading. It costs one recognition of a strip a
// few lines high, not of the page.

// band is a run of image rows [y0, y1) holding ink no word covers, and
// the horizontal extent [x0, x1) of that ink.
type band struct{ y0, y1, x0, x1 int }

// Shape limits of dropped lines, in multiples of the page's usual word
// height: at least this tall (a row of "=" or dots is lower), at most
// this tall (a shaded header band's few lines, side by side, are lower; a
// photo is taller), at least this wide (a speck or a stray mark is
// narrower).
const (
	droppedMinHeight = 0.6
	droppedMaxHeight = 5
	droppedMinWidth  = 4.0
	// droppedMinInk is the least share of a band's area its ink covers.
	droppedMinInk = 0.04
	// droppedConf is the confidence a word read in a band needs to be
	// added: a line read out of its context misreads more (a "199069"
	// at 0.60 for 1,990.69).
	droppedConf = 0.7
)

// dropped is what droppedBands found, with what the reread needs of the
// page again: its ink levels and its usual word height.
type dropped struct {
	bands []band
	lv    levels
	h     float64
}

// droppedBands finds the bands of img that look like lines of text no
// word of words covers. Rules and box borders (long straight runs of ink)
// are not text and are ignored.
func droppedBands(img *image.Gray, words []ocr.Word) dropped {
	h := typicalHeight(words)
	if h < 6 || img.Rect.Empty() {
		return dropped{}
	}
	w, ht := img.Rect.Dx(), img.Rect.Dy()
	lv := inkLevels(img)
	dark := inkMask(img, lv)
	eraseRuns(dark, w, ht, int(3*h))
	// Words cover their box and a margin of a third of a line.
	m := int(h / 3)
	for _, wd := range words {
		x0, y0 := max(int(wd.Box.X0)-m, 0), max(int(wd.Box.Y0)-m, 0)
		x1, y1 := min(int(wd.Box.X1)+m, w), min(int(wd.Box.Y1)+m, ht)
		for y := y0; y < y1; y++ {
			clear(dark[y*w+x0 : y*w+max(x1, x0)])
		}
	}
	// A row takes part in a band when it holds a few pixels of ink.
	minRow := max(3, w/500)
	var out []band
	in := false
	var cur band
	ink := 0 // dark pixels of the current band
	for y := 0; y <= ht; y++ {
		n, lo, hi := 0, w, 0
		if y < ht {
			row := dark[y*w : (y+1)*w]
			for x, d := range row {
				if d == inked {
					n++
					lo, hi = min(lo, x), max(hi, x+1)
				}
			}
		}
		switch {
		case n >= minRow && !in:
			in, cur, ink = true, band{y0: y, y1: y + 1, x0: lo, x1: hi}, n
		case n >= minRow:
			cur.y1, cur.x0, cur.x1 = y+1, min(cur.x0, lo), max(cur.x1, hi)
			ink += n
		case in:
			in = false
			bh, bw := float64(cur.y1-cur.y0), float64(cur.x1-cur.x0)
			// Text inks a few percent of its lines' area at least;
			// specks scattered over a scan's width ink far less.
			dense := float64(ink) >= droppedMinInk*bh*bw && float64(ink) >= h*h
			if bh >= droppedMinHeight*h && bh <= droppedMaxHeight*h && bw >= droppedMinWidth*h && dense {
				out = append(out, cur)
			}
		}
	}
	return dropped{bands: out, lv: lv, h: h}
}

// typicalHeight is the median height of the words that read as real ones.
func typicalHeight(words []ocr.Word) float64 {
	hs := make([]float64, 0, len(words))
	for _, w := range words {
		if looksReal(w.Text) && w.Conf >= confidentConf {
			hs = append(hs, w.Box.Height())
		}
	}
	if len(hs) < minRealWords {
		return 0
	}
	slices.Sort(hs)
	return hs[len(hs)/2]
}

// levels are a page's grey levels: its ink (its darkest percent), the cut
// halfway between its paper and its ink, and whether the two differ
// enough to tell them apart.
type levels struct {
	cut, ink uint8
	ok       bool
}

// inkLevels measures img's levels from its histogram.
func inkLevels(img *image.Gray) levels {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var hist [256]int
	for y := range h {
		off := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
		for _, v := range img.Pix[off : off+w] {
			hist[v]++
		}
	}
	paper, ink := percentile(&hist, w*h, 0.9), percentile(&hist, w*h, 0.01)
	return levels{cut: uint8((int(paper) + int(ink)) / 2), ink: ink, ok: int(paper)-int(ink) >= 64}
}

// The marks of inkMask: paper, ink, and ink in a long straight run (a
// rule), which eraseRuns sets apart and which no band counts.
const (
	paper uint8 = iota
	inked
	ruled
)

// inkMask marks the pixels darker than the cut of lv as inked, one byte a
// pixel.
func inkMask(img *image.Gray, lv levels) []uint8 {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	dark := make([]uint8, w*h)
	if !lv.ok {
		return dark // no contrast: nothing to find
	}
	for y := range h {
		off := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
		for x, v := range img.Pix[off : off+w] {
			if v < lv.cut {
				dark[y*w+x] = inked
			}
		}
	}
	return dark
}

// percentile is the grey level below which share of the n pixels lie.
func percentile(hist *[256]int, n int, share float64) uint8 {
	want, sum := int(share*float64(n)), 0
	for v, c := range hist {
		sum += c
		if sum > want {
			return uint8(v)
		}
	}
	return 255
}

// eraseRuns marks as ruled the horizontal and vertical runs of ink longer
// than n pixels: rules, box borders and underlines, which are not text.
func eraseRuns(dark []uint8, w, h, n int) {
	markRuns(dark, h, w, n, func(y, x int) int { return y*w + x }) // along rows
	markRuns(dark, w, h, n, func(x, y int) int { return y*w + x }) // down columns
}

// markRuns marks as ruled the runs of ink (inked or ruled already) longer
// than n pixels along each of lines lines of size pixels; at maps a line
// and a position on it to a pixel's index.
func markRuns(dark []uint8, lines, size, n int, at func(line, k int) int) {
	for l := range lines {
		for k := 0; k < size; {
			if dark[at(l, k)] == paper {
				k++
				continue
			}
			e := k
			for e < size && dark[at(l, e)] != paper {
				e++
			}
			if e-k > n {
				for i := k; i < e; i++ {
					dark[at(l, i)] = ruled
				}
			}
			k = e
		}
	}
}

// rereadBands reads the bands d found in img again, stacked one under the other
// with white between them, as one block, and returns first with the words
// read there that are confident, real and overlap no word of first, in
// img's coordinates and numbered as lines after first's.
func (w *worker) rereadBands(img *image.Gray, first []ocr.Word, d dropped) ([]ocr.Word, error) {
	strip, at := stackBands(img, d.bands, int(d.h/2)+2, d.lv)
	block, err := w.recognizeWith(pgm(strip), estimateDPI(img.Rect.Dx(), img.Rect.Dy()), settings{mode: blockSegMode})
	if err != nil {
		return nil, fmt.Errorf("dropped-lines pass: %w", err)
	}
	return addDropped(first, placeBack(block, at), d.bands), nil
}

// stacked says where one band's rows sit: rows [y0, y1) of the strip are
// rows [y0+dy, y1+dy) of the page.
type stacked struct{ y0, y1, dy int }

// stackBands copies each band of img, pad pixels around it, into a strip
// as wide as img, one under the other with 2*pad white rows between them.
// Pixels lighter than the page's ink cut (lv) become white and the ink is
// stretched to black: a band's text often sits on shading (a header bar)
// and, on a photo, is grey, which Tesseract's own threshold, taken over
// white and shading alike, reads as nothing.
func stackBands(img *image.Gray, bands []band, pad int, lv levels) (*image.Gray, []stacked) {
	span := max(int(lv.cut)-int(lv.ink), 1)
	w, h := img.Rect.Dx(), img.Rect.Dy()
	total := pad
	for _, b := range bands {
		total += min(b.y1+pad, h) - max(b.y0-pad, 0) + 2*pad
	}
	strip := image.NewGray(image.Rect(0, 0, w, total))
	for i := range strip.Pix {
		strip.Pix[i] = 0xFF
	}
	var at []stacked
	y := pad
	for _, b := range bands {
		y0, y1 := max(b.y0-pad, 0), min(b.y1+pad, h)
		x0, x1 := max(b.x0-pad, 0), min(b.x1+pad, w)
		for r := y0; r < y1; r++ {
			src := img.PixOffset(img.Rect.Min.X+x0, img.Rect.Min.Y+r)
			dst := strip.Pix[(y+r-y0)*strip.Stride+x0:]
			for i, v := range img.Pix[src : src+x1-x0] {
				if v < lv.cut {
					dst[i] = uint8(max(int(v)-int(lv.ink), 0) * 255 / span)
				}
			}
		}
		at = append(at, stacked{y0: y, y1: y + y1 - y0, dy: y0 - y})
		y += y1 - y0 + 2*pad
	}
	return strip, at
}

// placeBack moves words read on the strip to the page's coordinates; a
// word whose centre lies between bands is dropped.
func placeBack(words []ocr.Word, at []stacked) []ocr.Word {
	var out []ocr.Word
	for _, w := range words {
		cy := int((w.Box.Y0 + w.Box.Y1) / 2)
		for _, s := range at {
			if cy >= s.y0 && cy < s.y1 {
				w.Box.Y0 += float64(s.dy)
				w.Box.Y1 += float64(s.dy)
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// addDropped returns first with the words of block that lie in one of
// bands, read confidently as real words and overlapping no word of first.
// Added words are numbered as lines after first's.
func addDropped(first, block []ocr.Word, bands []band) []ocr.Word {
	line := 0
	for _, w := range first {
		line = max(line, w.Line)
	}
	out := slices.Clone(first)
	blockLine := map[int]int{}
	for _, w := range block {
		if w.Conf < droppedConf || !looksReal(w.Text) || !inBand(w.Box, bands) || overlapsAny(w.Box, first) {
			continue
		}
		l, ok := blockLine[w.Line]
		if !ok {
			line++
			l = line
			blockLine[w.Line] = l
		}
		w.Line = l
		out = append(out, w)
	}
	return out
}

// inBand reports whether b's vertical centre lies in one of bands.
func inBand(b ocr.Box, bands []band) bool {
	cy := (b.Y0 + b.Y1) / 2
	for _, bd := range bands {
		if cy >= float64(bd.y0) && cy < float64(bd.y1) && b.X1 > float64(bd.x0) && b.X0 < float64(bd.x1) {
			return true
		}
	}
	return false
}

// overlapsAny reports whether b overlaps the box of a word of words.
func overlapsAny(b ocr.Box, words []ocr.Word) bool {
	for _, w := range words {
		if b.X0 < w.Box.X1 && w.Box.X0 < b.X1 && b.Y0 < w.Box.Y1 && w.Box.Y0 < b.Y1 {
			return true
		}
	}
	return false
}

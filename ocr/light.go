package ocr

import (
	"image"
	"math"
	"slices"
)

// A phone photo taken under a lamp, or with the phone's or a hand's shadow
// across the sheet, has paper of very different brightness in different
// parts of the page. Tesseract binarises a page with one threshold (Otsu),
// and no single threshold suits the shadowed and the lit parts: the words
// in the shadow are lost. Letting Tesseract binarise every page locally
// (Sauvola) recovered shadowed photos (held-out shadow renderings 8 to 75
// fields of 189 straight through) but cost as much on scans, crops and real
// scans, whose paper is even (held-out scans 130 to 74 of 216, corpus-ph
// scans 36 to 9 of 36). So only an unevenly lit page is flattened
// (flattenLight, as a flattened photo is), and an evenly lit one is left as
// it is: held-out shadow renderings 8 to 32 fields of 189, photos 93 to 101
// of 180, scans and the corpora unchanged. A flattened page that one
// threshold still reads poorly gets Sauvola in a second pass (the Reader
// passes Hints.LightEvened; see ocr/tesseract's planRetry).

// unevenRatio: a page whose darker paper (10th percentile of the blocks'
// paper brightness) is below this share of its lighter paper (90th
// percentile) is unevenly lit.
const unevenRatio = 0.8

// paper is a page's paper brightness in blocks of b pixels (about a 40th
// of the page's longer side), gw across and gh down: each block's 90th
// percentile, which is paper unless the block is nearly all ink. It is
// measured once, to judge the lighting and to flatten it.
type paper struct {
	grid      []float64
	b, gw, gh int
}

func paperOf(img *image.Gray) paper {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	b := max(16, max(w, h)/40)
	gw, gh := (w+b-1)/b, (h+b-1)/b
	grid := make([]float64, gw*gh)
	var hist [256]int
	for gy := range gh {
		for gx := range gw {
			clear(hist[:])
			cnt := 0
			for y := gy * b; y < min(h, (gy+1)*b); y++ {
				off := img.PixOffset(img.Rect.Min.X+gx*b, img.Rect.Min.Y+y)
				for _, v := range img.Pix[off : off+min(b, w-gx*b)] {
					hist[v]++
					cnt++
				}
			}
			k, acc := 255, 0
			for ; k > 0; k-- {
				acc += hist[k]
				if acc*10 >= cnt {
					break
				}
			}
			grid[gy*gw+gx] = float64(k)
		}
	}
	return paper{grid: grid, b: b, gw: gw, gh: gh}
}

// uneven says the paper is much darker in places than in others: a shadow
// or a lamp's falloff, not ink.
func (p paper) uneven() bool {
	if p.gw < 4 || p.gh < 4 {
		return false
	}
	sorted := slices.Clone(p.grid)
	slices.Sort(sorted)
	lo, hi := sorted[len(sorted)/10], sorted[len(sorted)*9/10]
	return hi >= 64 && lo < unevenRatio*hi
}

// flattenLight evens out the lighting of a photographed page in place:
// each pixel is divided by the paper's local brightness, estimated as a
// high percentile over blocks, so the paper comes out white everywhere.
// Without the darker table around it, a shaded corner of the paper would
// otherwise fall below the OCR engine's global threshold and its text be
// lost.
func flattenLight(img *image.Gray, p paper) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	grid, b, gw, gh := p.grid, p.b, p.gw, p.gh
	// A 3x3 maximum lets paper around a dark box or logo stand for it.
	bg := make([]float64, len(grid))
	for gy := range gh {
		for gx := range gw {
			m := 0.0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					x, y := gx+dx, gy+dy
					if x >= 0 && y >= 0 && x < gw && y < gh {
						m = max(m, grid[y*gw+x])
					}
				}
			}
			bg[gy*gw+gx] = max(m, 64)
		}
	}
	at := func(x, y int) float64 { return bg[max(0, min(gh-1, y))*gw+max(0, min(gw-1, x))] }
	for y := range h {
		fy := (float64(y)+0.5)/float64(b) - 0.5
		y0 := int(math.Floor(fy))
		ay := fy - float64(y0)
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		for x := range row {
			fx := (float64(x)+0.5)/float64(b) - 0.5
			x0 := int(math.Floor(fx))
			ax := fx - float64(x0)
			p := (at(x0, y0)*(1-ax)+at(x0+1, y0)*ax)*(1-ay) + (at(x0, y0+1)*(1-ax)+at(x0+1, y0+1)*ax)*ay
			row[x] = uint8(min(255, float64(row[x])*255/p+0.5))
		}
	}
}

package ocr

import (
	"image"
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
// it is.

const (
	// lightBlocks is about how many blocks span the page's shorter side
	// when the paper's brightness is estimated.
	lightBlocks = 24
	// unevenRatio: a page whose darker paper (10th percentile of the
	// blocks' paper brightness) is below this share of its lighter paper
	// (90th percentile) is unevenly lit.
	unevenRatio = 0.8
)

// unevenLight says the paper of img is much darker in places than in
// others: a shadow or a lamp's falloff, not ink.
func unevenLight(img *image.Gray) bool {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	bs := max(16, min(w, h)/lightBlocks)
	bw, bh := (w+bs-1)/bs, (h+bs-1)/bs
	if bw < 4 || bh < 4 {
		return false
	}
	// The paper's brightness in a block: the 90th percentile of its
	// pixels, since ink covers far less than a tenth of a page.
	paper := make([]int, 0, bw*bh)
	var hist [256]int
	for by := range bh {
		for bx := range bw {
			clear(hist[:])
			n := 0
			for y := by * bs; y < min(h, (by+1)*bs); y++ {
				off := img.PixOffset(img.Rect.Min.X+bx*bs, img.Rect.Min.Y+y)
				for _, v := range img.Pix[off : off+min(bs, w-bx*bs)] {
					hist[v]++
					n++
				}
			}
			want, acc := n*9/10, 0
			for v := range 256 {
				acc += hist[v]
				if acc >= want {
					paper = append(paper, v)
					break
				}
			}
		}
	}
	slices.Sort(paper)
	lo, hi := paper[len(paper)/10], paper[len(paper)*9/10]
	return hi >= 64 && float64(lo) < unevenRatio*float64(hi)
}

package ocr

import (
	"context"
	"image"
	"testing"
)

// streakedFax is bilevelPage with a dirty read head's streak, two pixels
// wide, down the whole page at x, crossing the page's bar of text, and a
// table's vertical rule at rule that stops short of the margins.
func streakedFax(w, h, x, rule int) *image.Gray {
	img := bilevelPage(w, h)
	for y := range h {
		img.Pix[y*img.Stride+x] = 0
		img.Pix[y*img.Stride+x+1] = 0
	}
	for y := h / 3; y < h*2/3; y++ {
		img.Pix[y*img.Stride+rule] = 0
	}
	return img
}

func TestEraseStreaks(t *testing.T) {
	const w, h, x, rule = 300, 400, 150, 260
	img := streakedFax(w, h, x, rule)
	if n := eraseStreaks(img); n != 1 {
		t.Fatalf("found %d streaks, want 1", n)
	}
	black := func(px, py int) bool { return img.GrayAt(px, py).Y == 0 }
	if black(x, 10) || black(x+1, h-10) || black(x, h/2) {
		t.Error("the streak is left on white paper")
	}
	if !black(x, h/4+1) || !black(x+1, h/4+1) {
		t.Error("the streak's pixels inside the bar of text were erased: the glyph is cut")
	}
	if !black(rule, h/2) {
		t.Error("the table's rule, which stops short of the margins, was erased")
	}
	if !black(w/5, h/4) || !black(w*3/4, h/4+2) {
		t.Error("the page's own marks were erased")
	}
}

func TestEraseStreaksKeepsAWideDarkBand(t *testing.T) {
	img := bilevelPage(300, 400)
	for y := range 400 {
		for x := 100; x < 110; x++ { // a black margin band, not a streak
			img.Pix[y*img.Stride+x] = 0
		}
	}
	if n := eraseStreaks(img); n != 0 {
		t.Errorf("found %d streaks in a 10-pixel band, want 0", n)
	}
}

func TestReaderErasesStreaksOfBilevelPages(t *testing.T) {
	const w, h, x = 300, 400, 150
	eng := &fakeEngine{}
	r := &Reader{Engine: eng}
	if _, err := r.Read(context.Background(), encodePNG(t, streakedFax(w, h, x, 260))); err != nil {
		t.Fatal(err)
	}
	// The page is smoothed after the erasing: white paper stays white.
	if v := eng.imgs[0].GrayAt(x, 10).Y; v != 0xFF {
		t.Errorf("the streak reached the engine: pixel %d, want white", v)
	}
}

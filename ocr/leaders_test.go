package ocr

import (
	"image"
	"testing"
)

// paint fills the rectangle r of img with grey v.
func paint(img *image.Gray, r image.Rectangle, v uint8) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.Pix[img.PixOffset(x, y)] = v
		}
	}
}

// whitePage returns a white w x h page.
func whitePage(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	paint(img, img.Rect, 0xFF)
	return img
}

// glyphs paints n letter-sized blocks (8x12, 2 px apart) from x on the
// baseline y and returns where they end.
func glyphs(img *image.Gray, x, y, n int) int {
	for range n {
		paint(img, image.Rect(x, y-12, x+8, y), 0)
		x += 10
	}
	return x
}

// dots paints n dots of side s at pitch p from x on the baseline y and
// returns their boxes.
func dots(img *image.Gray, x, y, n, s, p int) []image.Rectangle {
	var out []image.Rectangle
	for range n {
		r := image.Rect(x, y-s, x+s, y)
		paint(img, r, 0)
		out = append(out, r)
		x += p
	}
	return out
}

func inkIn(img *image.Gray, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.GrayAt(x, y).Y < leaderInk {
				return true
			}
		}
	}
	return false
}

func TestEraseLeaders(t *testing.T) {
	t.Parallel()
	t.Run("a leader between a caption and its amount", func(t *testing.T) {
		t.Parallel()
		img := whitePage(400, 60)
		end := glyphs(img, 10, 40, 9)
		leader := dots(img, end+8, 40, 12, 3, 9)
		amount := image.Rect(end+8+12*9+6, 28, end+8+12*9+6+7*10, 40)
		glyphs(img, amount.Min.X, 40, 7)
		if n := eraseLeaders(img); n != 1 {
			t.Fatalf("erased %d leaders, want 1", n)
		}
		for _, r := range leader {
			if inkIn(img, r) {
				t.Errorf("dot at %v left", r)
			}
		}
		if !inkIn(img, image.Rect(10, 28, 18, 40)) || !inkIn(img, image.Rect(amount.Min.X, 28, amount.Min.X+8, 40)) {
			t.Error("a letter or the amount's first figure was erased")
		}
	})
	t.Run("an ellipsis", func(t *testing.T) {
		t.Parallel()
		img := whitePage(200, 40)
		glyphs(img, 10, 30, 5)
		dots(img, 62, 30, 3, 3, 8)
		if n := eraseLeaders(img); n != 0 {
			t.Errorf("erased %d leaders, want 0", n)
		}
	})
	t.Run("a halftone", func(t *testing.T) {
		t.Parallel()
		img := whitePage(200, 120)
		for y := 10; y < 110; y += 6 {
			dots(img, 10, y, 30, 3, 6)
		}
		if n := eraseLeaders(img); n != 0 {
			t.Errorf("erased %d leaders, want 0", n)
		}
	})
	t.Run("small letters of a low-resolution word", func(t *testing.T) {
		t.Parallel()
		img := whitePage(200, 40)
		// "o o o o o o o", letter-spaced: rings of 5x5 with a hole,
		// 9 px apart, as far apart as a leader's dots.
		for k := range 7 {
			x := 10 + 9*k
			paint(img, image.Rect(x, 20, x+5, 25), 0)
			paint(img, image.Rect(x+1, 21, x+4, 24), 0xFF)
		}
		if n := eraseLeaders(img); n != 0 {
			t.Errorf("erased %d leaders, want 0", n)
		}
	})
	t.Run("two leaders a line apart", func(t *testing.T) {
		t.Parallel()
		img := whitePage(300, 80)
		dots(img, 20, 30, 15, 3, 9)
		dots(img, 20, 52, 15, 3, 9)
		if n := eraseLeaders(img); n != 2 {
			t.Errorf("erased %d leaders, want 2", n)
		}
	})
	t.Run("a page of solid ink", func(t *testing.T) {
		t.Parallel()
		img := image.NewGray(image.Rect(0, 0, 2000, 2000))
		if n := eraseLeaders(img); n != 0 {
			t.Errorf("erased %d leaders, want 0", n)
		}
	})
}

func BenchmarkEraseLeaders(b *testing.B) {
	img := whitePage(2550, 3300) // Letter at 300 dpi
	for y := 100; y < 3200; y += 50 {
		end := glyphs(img, 100, y, 15)
		dots(img, end+10, y, 60, 4, 12)
		glyphs(img, end+10+60*12+10, y, 9)
	}
	work := image.NewGray(img.Rect)
	b.ResetTimer()
	for range b.N {
		copy(work.Pix, img.Pix)
		eraseLeaders(work)
	}
}

package ocr

import (
	"context"
	"image"
	"testing"
)

// bilevelPage is a white w x h page with black bars, as a fax prints text.
func bilevelPage(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y := h / 4; y < h/4+3; y++ {
		for x := w / 5; x < w*4/5; x++ {
			img.Pix[y*img.Stride+x] = 0
		}
	}
	img.Pix[(h/2)*img.Stride+w/2] = 0 // a speck
	return img
}

// greyScan is grayPage on off-white paper, as a scanner gives it.
func greyScan(w, h int) *image.Gray {
	img := grayPage(w, h)
	for i, v := range img.Pix {
		if v == 0xFF {
			img.Pix[i] = 0xF0
		}
	}
	return img
}

func TestIsBilevel(t *testing.T) {
	gray := bilevelPage(40, 30)
	gray.Pix[len(gray.Pix)-1] = 0x80
	sub := bilevelPage(40, 30)
	sub.Pix[0] = 0x80 // outside the sub-image below
	tests := []struct {
		name string
		img  *image.Gray
		want bool
	}{
		{"black and white page", bilevelPage(40, 30), true},
		{"one grey pixel", gray, false},
		{"grey page", greyScan(40, 30), false},
		{"sub-image is judged on its own pixels", sub.SubImage(image.Rect(1, 1, 40, 30)).(*image.Gray), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isBilevel(tt.img); got != tt.want {
				t.Errorf("isBilevel = %t, want %t", got, tt.want)
			}
		})
	}
}

// binomial3 is the 3x3 binomial blur written out, edges clamped, for
// comparison with smoothBilevel's rolling rows.
func binomial3(src *image.Gray) *image.Gray {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	k := [3]int{1, 2, 1}
	for y := range h {
		for x := range w {
			s := 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					yy, xx := min(max(y+dy, 0), h-1), min(max(x+dx, 0), w-1)
					s += k[dy+1] * k[dx+1] * int(src.Pix[src.PixOffset(src.Rect.Min.X+xx, src.Rect.Min.Y+yy)])
				}
			}
			out.Pix[y*out.Stride+x] = uint8((s + 8) / 16)
		}
	}
	return out
}

func TestSmoothBilevelIsABinomialBlur(t *testing.T) {
	for _, size := range []image.Point{{40, 30}, {3, 3}, {57, 4}} {
		img := bilevelPage(size.X, size.Y)
		want := binomial3(img)
		smoothBilevel(img)
		for i := range want.Pix {
			if img.Pix[i] != want.Pix[i] {
				t.Fatalf("%v: pixel %d,%d = %d, want %d", size, i%size.X, i/size.X, img.Pix[i], want.Pix[i])
			}
		}
	}
}

func TestSmoothBilevelGreysEdgesAndKeepsPaper(t *testing.T) {
	img := bilevelPage(40, 30)
	smoothBilevel(img)
	if v := img.Pix[2*img.Stride+2]; v != 0xFF {
		t.Errorf("paper = %d, want 255", v)
	}
	if v := img.Pix[(30/4+1)*img.Stride+20]; v != 0 {
		t.Errorf("middle of a 3-pixel stroke = %d, want 0", v)
	}
	if v := img.Pix[(30/4-1)*img.Stride+20]; v == 0 || v == 0xFF {
		t.Errorf("pixel above a stroke = %d, want grey", v)
	}
	if isBilevel(img) {
		t.Error("smoothed page is still black and white")
	}
}

func TestReaderSmoothsOnlyBilevelPages(t *testing.T) {
	for _, tt := range []struct {
		name     string
		img      *image.Gray
		smoothed bool
	}{
		{"fax", bilevelPage(300, 400), true},
		{"grey scan", greyScan(300, 400), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			eng := &fakeEngine{}
			r := &Reader{Engine: eng}
			if _, err := r.Read(context.Background(), encodePNG(t, tt.img)); err != nil {
				t.Fatal(err)
			}
			got := eng.imgs[0]
			same := true
			for y := range got.Rect.Dy() {
				for x := range got.Rect.Dx() {
					if got.GrayAt(x, y) != tt.img.GrayAt(x, y) {
						same = false
					}
				}
			}
			if same == tt.smoothed {
				t.Errorf("engine got the page smoothed %t, want %t", !same, tt.smoothed)
			}
		})
	}
}

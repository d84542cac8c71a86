package ocr

import (
	"image"
	"testing"
)

// litPage draws a 600x800 page of paper at the brightness light(x, y) with
// ink strokes a third as bright as the paper under them.
func litPage(light func(x, y int) int) (*image.Gray, func(x, y int) bool) {
	img := image.NewGray(image.Rect(0, 0, 600, 800))
	ink := func(x, y int) bool { return y%40 >= 10 && y%40 < 22 && x%8 < 2 && x > 40 && x < 560 }
	for y := range 800 {
		for x := range 600 {
			v := light(x, y)
			if ink(x, y) {
				v = v * 35 / 100
			}
			img.Pix[img.PixOffset(x, y)] = uint8(v)
		}
	}
	return img, ink
}

// A shadow over the left half: its paper (70) is darker than the ink on
// the lit half (84), so no one threshold reads both halves. Flattened, one
// threshold splits ink from paper all over the page.
func TestFlattenLightEvensAShadow(t *testing.T) {
	img, ink := litPage(func(x, _ int) int {
		if x < 300 {
			return 70
		}
		return 240
	})
	if !paperOf(img).uneven() {
		t.Fatal("a half-shadowed page is not found unevenly lit")
	}
	flattenLight(img, paperOf(img))
	thr := otsu(img)
	wrong := 0
	for y := range 800 {
		for x := 40; x < 560; x++ { // the paper around a dark block stands for it: the shadow's edge blurs three blocks either side
			if x > 220 && x < 380 {
				continue
			}
			if (img.Pix[img.PixOffset(x, y)] <= thr) != ink(x, y) {
				wrong++
			}
		}
	}
	if wrong > 0 {
		t.Errorf("after flattening, %d pixels fall on the wrong side of one threshold (%d)", wrong, thr)
	}
}

// An evenly lit page, a scan, is not flattened; nor is a page with a dark
// title band across its top.
func TestUnevenNotOnEvenPages(t *testing.T) {
	even, _ := litPage(func(x, y int) int { return 225 + (x+y)%7 })
	if paperOf(even).uneven() {
		t.Error("an evenly lit page is found unevenly lit")
	}
	band, _ := litPage(func(x, y int) int {
		if y < 50 {
			return 60
		}
		return 230
	})
	if paperOf(band).uneven() {
		t.Error("a page with a dark title band is found unevenly lit")
	}
}

// The reader tells the engine which pages it flattened, so that the engine
// may binarise those locally; an evenly lit page carries no such hint.
func TestReaderHintsPagesItEvened(t *testing.T) {
	shadowed, _ := litPage(func(x, _ int) int {
		if x < 300 {
			return 70
		}
		return 240
	})
	even, _ := litPage(func(x, y int) int { return 225 + (x+y)%7 })
	for _, tt := range []struct {
		name string
		img  *image.Gray
		want bool
	}{
		{"shadowed", shadowed, true},
		{"even", even, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			eng := &fakeEngine{}
			r := &Reader{Engine: eng, Workers: 1, NoPageDetect: true}
			if _, err := r.Read(t.Context(), encodePNG(t, tt.img)); err != nil {
				t.Fatal(err)
			}
			if len(eng.hints) != 1 || eng.hints[0].LightEvened != tt.want {
				t.Errorf("hints %+v, want LightEvened %v", eng.hints, tt.want)
			}
		})
	}
}

package ocr

import (
	"context"
	"image"
	"math"
	"testing"
)

// paperPage is a w x h white page with rows of dark text-like blocks and a
// solid marker square near each corner, the top-left one largest.
func paperPage(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xF0
	}
	fill := func(x0, y0, x1, y1 int, v uint8) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.Pix[y*img.Stride+x] = v
			}
		}
	}
	for y := h / 5; y < h*4/5; y += h / 25 {
		for x := w / 8; x < w*7/8; x += w / 9 {
			fill(x, y, x+w/12, y+h/60, 20)
		}
	}
	m := w / 20
	fill(m, m, 3*m, 3*m, 0)         // top left, 2m square
	fill(w-2*m, m, w-m, 2*m, 0)     // top right
	fill(w-2*m, h-2*m, w-m, h-m, 0) // bottom right
	fill(m, h-2*m, 2*m, h-m, 0)     // bottom left
	return img
}

// photograph renders page onto a dark w x h background so that its corners
// land on quad, as a phone photo in perspective would.
func photograph(t *testing.T, page *image.Gray, w, h int, quad [4]pt) *image.Gray {
	t.Helper()
	pw, ph := float64(page.Rect.Dx()), float64(page.Rect.Dy())
	hm, ok := homography(quad, [4]pt{{0, 0}, {pw, 0}, {pw, ph}, {0, ph}})
	if !ok {
		t.Fatal("singular homography")
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			d := hm[6]*fx + hm[7]*fy + 1
			u := (hm[0]*fx + hm[1]*fy + hm[2]) / d
			v := (hm[3]*fx + hm[4]*fy + hm[5]) / d
			c := uint8(60 + (x+y)%7) // a darker, slightly textured table
			if u >= 0 && v >= 0 && u < pw && v < ph {
				c = page.Pix[int(v)*page.Stride+int(u)]
			}
			img.Pix[y*img.Stride+x] = c
		}
	}
	return img
}

func TestRectifyPagePhoto(t *testing.T) {
	page := paperPage(800, 1100)
	quad := [4]pt{{210, 160}, {1010, 120}, {1080, 1400}, {150, 1340}}
	img := photograph(t, page, 1200, 1500, quad)

	got, ok := findPageQuad(img)
	if !ok {
		t.Fatal("page not found")
	}
	for i := range quad {
		if d := dist(got[i], quad[i]); d > 8 {
			t.Errorf("corner %d at %.1f,%.1f, want %.0f,%.0f (off by %.1f px)", i, got[i].x, got[i].y, quad[i].x, quad[i].y, d)
		}
	}

	out := rectifyPage(img)
	if out == img {
		t.Fatal("photo returned unchanged")
	}
	ow, oh := out.Rect.Dx(), out.Rect.Dy()
	if r := float64(oh) / float64(ow); math.Abs(r-1100.0/800) > 0.08 {
		t.Errorf("output %dx%d, aspect %.2f, want about %.2f", ow, oh, r, 1100.0/800)
	}
	// Where the page's features should be in the output.
	at := func(u, v float64) uint8 {
		return out.GrayAt(int(u/800*float64(ow)), int(v/1100*float64(oh))).Y
	}
	dark := map[string][2]float64{
		"top-left marker":     {80, 80},
		"top-right marker":    {800 - 60, 60},
		"bottom-right marker": {800 - 60, 1100 - 60},
		"bottom-left marker":  {60, 1100 - 60},
	}
	for name, p := range dark {
		if v := at(p[0], p[1]); v > 100 {
			t.Errorf("%s: gray %d at page %.0f,%.0f, want dark", name, v, p[0], p[1])
		}
	}
	// The output's corners and margins are paper, not table.
	light := [][2]float64{{12, 12}, {788, 12}, {788, 1088}, {12, 1088}, {400, 12}, {400, 1088}, {12, 550}, {788, 550}, {400, 150}}
	for _, p := range light {
		if v := at(p[0], p[1]); v < 180 {
			t.Errorf("gray %d at page %.0f,%.0f, want paper", v, p[0], p[1])
		}
	}
}

func TestRectifyPageLeavesScansAlone(t *testing.T) {
	cases := map[string]*image.Gray{
		"white page":  paperPage(1240, 1754),
		"small page":  paperPage(150, 190),
		"blank white": func() *image.Gray { g := grayPage(600, 800); g.Pix[0] = 0xFF; return g }(),
	}
	// A page on a scanner bed lighter than the paper.
	bed := image.NewGray(image.Rect(0, 0, 1300, 1800))
	for i := range bed.Pix {
		bed.Pix[i] = 0xFF
	}
	p := paperPage(1100, 1600)
	for y := range 1600 {
		copy(bed.Pix[(y+100)*bed.Stride+100:], p.Pix[y*p.Stride:y*p.Stride+1100])
	}
	cases["scanner bed"] = bed
	for name, img := range cases {
		if out := rectifyPage(img); out != img {
			t.Errorf("%s: changed to %dx%d", name, out.Rect.Dx(), out.Rect.Dy())
		}
	}
}

func TestHomographyMapsCorners(t *testing.T) {
	from := [4]pt{{0, 0}, {100, 0}, {100, 50}, {0, 50}}
	to := [4]pt{{10, 20}, {130, 5}, {120, 90}, {3, 70}}
	hm, ok := homography(from, to)
	if !ok {
		t.Fatal("singular")
	}
	for i, p := range from {
		d := hm[6]*p.x + hm[7]*p.y + 1
		u, v := (hm[0]*p.x+hm[1]*p.y+hm[2])/d, (hm[3]*p.x+hm[4]*p.y+hm[5])/d
		if math.Abs(u-to[i].x) > 1e-6 || math.Abs(v-to[i].y) > 1e-6 {
			t.Errorf("corner %d maps to %.3f,%.3f, want %v", i, u, v, to[i])
		}
	}
}

func TestReaderPageDetect(t *testing.T) {
	photo := photograph(t, paperPage(800, 1100), 1200, 1500, [4]pt{{210, 160}, {1010, 120}, {1080, 1400}, {150, 1340}})
	data := encodePNG(t, photo)
	for _, on := range []bool{false, true} {
		eng := &fakeEngine{}
		r := &Reader{Engine: eng, NoPageDetect: !on}
		if _, err := r.Read(context.Background(), data); err != nil {
			t.Fatal(err)
		}
		got := eng.imgs[0].Rect.Size()
		if warped := got != photo.Rect.Size(); warped != on {
			t.Errorf("page detection %v: engine got %v from a %v photo", on, got, photo.Rect.Size())
		}
	}
}

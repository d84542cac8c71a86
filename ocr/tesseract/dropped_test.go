package tesseract

import (
	"image"
	"testing"

	"talaan/ocr"
)

// blot draws a solid dark rectangle on img.
func blot(img *image.Gray, r image.Rectangle) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.Pix[y*img.Stride+x] = 0x20
		}
	}
}

// glyphs draws a run of letter-sized blots n px high from (x, y), as a line
// of text looks to a row count.
func glyphs(img *image.Gray, x, y, n, count int) {
	for i := range count {
		blot(img, image.Rect(x+i*n, y, x+i*n+n*2/3, y+n))
	}
}

// wordsOn returns ten confident words of height 20 at y, each 100 px wide.
func wordsOn(y float64) []ocr.Word {
	var ws []ocr.Word
	for i := range 10 {
		x := float64(100 + i*120)
		ws = append(ws, ocr.Word{Text: "Salary", Conf: 0.95, Line: 1, Box: ocr.Box{X0: x, Y0: y, X1: x + 100, Y1: y + 20}})
	}
	return ws
}

func TestDroppedBandsFindsTextNoWordCovers(t *testing.T) {
	img := blank(1600, 800)
	read := wordsOn(100)
	for _, w := range read {
		glyphs(img, int(w.Box.X0), int(w.Box.Y0), 20, 5)
	}
	glyphs(img, 150, 400, 20, 12) // a line no word covers
	bands := droppedBands(img, read).bands
	if len(bands) != 1 || bands[0].y0 != 400 || bands[0].y1 != 420 || bands[0].x0 != 150 {
		t.Fatalf("bands %+v, want one at rows 400-420 from x 150", bands)
	}
}

func TestDroppedBandsIgnoresRulesBordersSpecksAndRowsOfDashes(t *testing.T) {
	img := blank(1600, 800)
	read := wordsOn(100)
	for _, w := range read {
		glyphs(img, int(w.Box.X0), int(w.Box.Y0), 20, 5)
	}
	blot(img, image.Rect(100, 300, 1500, 303))  // a rule
	blot(img, image.Rect(100, 200, 103, 700))   // a box border
	blot(img, image.Rect(1400, 200, 1403, 700)) // and its other side
	blot(img, image.Rect(600, 500, 603, 503))   // a speck
	for x := 100; x < 1500; x += 20 {           // a row of dashes, low
		blot(img, image.Rect(x, 600, x+12, 606))
	}
	for x := 100; x < 1500; x += 12 { // specks scattered across a scan's width
		y := 520 + (x/12)%6*2
		blot(img, image.Rect(x, y, x+2, y+2))
	}
	blot(img, image.Rect(100, 650, 400, 760)) // a logo, tall
	if bands := droppedBands(img, read).bands; len(bands) != 0 {
		t.Fatalf("bands %+v, want none", bands)
	}
}

func TestStackBandsAndPlaceBackKeepPageCoordinates(t *testing.T) {
	img := blank(800, 1000)
	bands := []band{{y0: 100, y1: 120, x0: 50, x1: 400}, {y0: 700, y1: 720, x0: 60, x1: 500}}
	blot(img, image.Rect(60, 702, 90, 718))
	strip, at := stackBands(img, bands, 10, inkLevels(img))
	if strip.Rect.Dx() != 800 || strip.Rect.Dy() >= 200 {
		t.Fatalf("strip %v, want 800 wide and under 200 high", strip.Rect)
	}
	// The blot at page row 702 is in the second band.
	s := at[1]
	if got := strip.Pix[(702-s.dy)*strip.Stride+70]; got > 0x20 {
		t.Fatalf("strip pixel %d, want the blot, black", got)
	}
	if got := strip.Pix[(702-s.dy)*strip.Stride+200]; got != 0xFF {
		t.Fatalf("strip pixel %d, want paper, white", got)
	}
	w := ocr.Word{Text: "NET", Conf: 0.9, Box: ocr.Box{X0: 60, Y0: float64(702 - s.dy), X1: 90, Y1: float64(718 - s.dy)}}
	between := ocr.Word{Text: "x", Conf: 0.9, Box: ocr.Box{Y0: float64(at[0].y1 + 1), Y1: float64(at[0].y1 + 3)}}
	got := placeBack([]ocr.Word{w, between}, at)
	if len(got) != 1 || got[0].Box.Y0 != 702 || got[0].Box.Y1 != 718 {
		t.Fatalf("placed %+v, want NET at rows 702-718 alone", got)
	}
}

func TestAddDroppedKeepsConfidentRealWordsInBandsOnly(t *testing.T) {
	first := wordsOn(100)
	bands := []band{{y0: 400, y1: 420, x0: 100, x1: 1200}}
	at := func(text string, conf, x, y float64) ocr.Word {
		return ocr.Word{Text: text, Conf: conf, Line: 3, Box: ocr.Box{X0: x, Y0: y, X1: x + 80, Y1: y + 18}}
	}
	block := []ocr.Word{
		at("NET", 0.95, 150, 401),
		at("14,678.69", 0.93, 600, 401),
		at("19906", 0.62, 800, 401),  // not confident
		at("=====", 0.95, 900, 401),  // not a word
		at("Salary", 0.95, 100, 100), // read already
		at("Elsewhere", 0.95, 100, 600),
	}
	got := addDropped(first, block, bands)
	if len(got) != len(first)+2 || got[len(first)].Text != "NET" || got[len(first)+1].Text != "14,678.69" {
		t.Fatalf("added %q", text(got[len(first):]))
	}
	if l := got[len(first)].Line; l != 2 || got[len(first)+1].Line != l {
		t.Fatalf("added on lines %d and %d, want both on line 2", l, got[len(first)+1].Line)
	}
}

func text(ws []ocr.Word) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Text)
	}
	return out
}

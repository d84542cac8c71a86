package tesseract

import (
	"image"
	"image/color"
	"math"
	"testing"

	"talaan/ocr"
)

func TestLooksReal(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Employee's", true},
		{"SOCIAL", true},
		{"wages", true},
		{"(Basic)", true},
		{"12,975.00", true},
		{"$2,458.32", true},
		{"07/15/2026", true},
		{"401K", true},
		{"12a", true},
		{"a", true},
		{"Sas2AS", false},
		{"wacaio", true}, // looks like a word: its confidence judges it
		{"ToRBN", false},
		{"|?", false},
		{"—", false},
		{"", false},
		{"A1B2", true},
		{"ab|cd", false},
	}
	for _, tt := range tests {
		if got := looksReal(tt.s); got != tt.want {
			t.Errorf("looksReal(%q) = %t, want %t", tt.s, got, tt.want)
		}
	}
}

func word(text string, conf, height float64) ocr.Word {
	return ocr.Word{Text: text, Conf: conf, Box: ocr.Box{X0: 10, Y0: 100, X1: 60, Y1: 100 + height}}
}

func TestJudgeMeasuresWords(t *testing.T) {
	words := []ocr.Word{
		word("Net", 0.95, 20),
		word("Pay", 0.9, 20),
		word("10,450.21", 0.85, 22),
		word("Sas2AS", 0.3, 40), // garbage: not real, no height
		word("wacaio", 0.2, 8),  // real but not confident
	}
	q := judge(words)
	if q.words != 5 || q.real != 4 || q.confident != 3 {
		t.Errorf("words %d real %d confident %d, want 5 4 3", q.words, q.real, q.confident)
	}
	if want := (0.95 + 0.9 + 0.85 + 0.3 + 0.2) / 5; math.Abs(q.meanConf-want) > 1e-9 {
		t.Errorf("meanConf = %v, want %v", q.meanConf, want)
	}
	if q.textHeight != 8 {
		t.Errorf("textHeight = %v, want the 25th percentile 8", q.textHeight)
	}
	if q.score != len("NetPay1045021") {
		t.Errorf("score = %d, want the letters and digits of confident words", q.score)
	}
}

func TestJudgeTellsPoorFromGoodPages(t *testing.T) {
	many := func(conf float64, n int) []ocr.Word {
		ws := make([]ocr.Word, n)
		for i := range ws {
			ws[i] = word("Earnings", conf, 20)
		}
		return ws
	}
	tests := []struct {
		name       string
		words      []ocr.Word
		poor, good bool
	}{
		{"clean scan", many(0.92, 60), false, true},
		{"fair 150 dpi page", append(many(0.9, 40), many(0.4, 10)...), false, false},
		{"low confidence", many(0.5, 60), true, false},
		{"few confident words", append(many(0.95, 30), many(0.4, 30)...), true, false},
		{"nothing read", nil, true, false},
		{"only punctuation", []ocr.Word{word("|", 0.9, 20), word("—", 0.9, 20)}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := judge(tt.words)
			if q.poor() != tt.poor || q.good() != tt.good {
				t.Errorf("poor %t good %t, want %t %t (%+v)", q.poor(), q.good(), tt.poor, tt.good, q)
			}
		})
	}
}

func blank(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	return img
}

// dithered draws a 50% checkerboard over r, as a scanner prints shading.
func dithered(img *image.Gray, r image.Rectangle) *image.Gray {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if (x+y)%2 == 0 {
				img.SetGray(x, y, color.Gray{})
			}
		}
	}
	return img
}

func TestPlanRetryFollowsTheDiagnosis(t *testing.T) {
	small := quality{words: 100, real: 80, confident: 30, meanConf: 0.5, textHeight: 8}
	large := quality{words: 100, real: 80, confident: 30, meanConf: 0.5, textHeight: 30}
	none := quality{}
	good := quality{words: 100, real: 90, confident: 90, meanConf: 0.92, textHeight: 8}
	fair := quality{words: 100, real: 90, confident: 80, meanConf: 0.78, textHeight: 16}
	shaded := dithered(blank(1200, 1600), image.Rect(100, 600, 500, 640))
	tests := []struct {
		name  string
		q     quality
		img   *image.Gray
		hints ocr.Hints
		ok    bool
		want  retryPlan
	}{
		{"good page", good, blank(700, 900), ocr.Hints{}, false, retryPlan{}},
		{"good page with shading", good, shaded, ocr.Hints{}, false, retryPlan{}},
		{"small text", small, blank(700, 900), ocr.Hints{}, true, retryPlan{scale: 3}},
		{"small text on a large page is bounded", small, blank(1500, 1900), ocr.Hints{}, true, retryPlan{scale: math.Sqrt(maxRetryPixels / (1500 * 1900))}},
		{"small text on a 300 dpi page is not enlarged", small, blank(2550, 3300), ocr.Hints{}, false, retryPlan{}},
		{"nothing read", none, blank(1200, 893), ocr.Hints{}, true, retryPlan{scale: math.Sqrt(maxRetryPixels / (1200 * 893))}},
		{"poor page with large text", large, blank(700, 900), ocr.Hints{}, false, retryPlan{}},
		{"fair page with shading", fair, shaded, ocr.Hints{}, true, retryPlan{scale: 1, descreen: true}},
		{"fair page without shading", fair, blank(1200, 1600), ocr.Hints{}, false, retryPlan{}},
		{"fair page its light evened", fair, blank(1200, 1600), ocr.Hints{LightEvened: true}, true, retryPlan{scale: 1, local: true}},
		{"good page its light evened", good, blank(1200, 1600), ocr.Hints{LightEvened: true}, false, retryPlan{}},
		{"small text its light evened is enlarged", small, blank(700, 900), ocr.Hints{LightEvened: true}, true, retryPlan{scale: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := planRetry(tt.q, tt.img, tt.hints)
			if ok != tt.ok {
				t.Fatalf("retry = %t (%s), want %t", ok, got, tt.ok)
			}
			if ok && (math.Abs(got.scale-tt.want.scale) > 1e-9 || got.descreen != tt.want.descreen || got.local != tt.want.local) {
				t.Errorf("plan %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDescreenWhitensShadingAndKeepsText(t *testing.T) {
	img := dithered(blank(400, 100), image.Rect(0, 20, 400, 60))
	// A bold black bar printed on the shading, like a total's digits.
	for y := 30; y < 50; y++ {
		for x := 150; x < 160; x++ {
			img.SetGray(x, y, color.Gray{})
		}
	}
	out := descreen(img, halftoneBlocks(img))
	if v := out.GrayAt(60, 40).Y; v < 200 {
		t.Errorf("shading is %d after descreening, want near white", v)
	}
	if v := out.GrayAt(155, 40).Y; v > 60 {
		t.Errorf("text is %d after descreening, want near black", v)
	}
	if v := out.GrayAt(60, 80).Y; v != 0xFF {
		t.Errorf("paper is %d, want untouched", v)
	}
}

func TestUnscaleMapsBoxesBack(t *testing.T) {
	ws := []ocr.Word{{Text: "Pay", Box: ocr.Box{X0: 30, Y0: 60, X1: 90, Y1: 90}}}
	got := unscale(ws, 3, 3, 25, 100)[0].Box
	want := ocr.Box{X0: 10, Y0: 20, X1: 25, Y1: 30} // X1 clipped to the width
	if got != want {
		t.Errorf("box %+v, want %+v", got, want)
	}
}

func TestRereadUnturnedOnlyWhenATurnedPageReadPoorly(t *testing.T) {
	good := quality{words: 100, real: 90, confident: 90, meanConf: 0.92}
	poor := quality{words: 100, real: 20, confident: 10, meanConf: 0.4}
	tests := []struct {
		name     string
		rotation int
		q        quality
		want     bool
	}{
		{"upright page read poorly", 0, poor, false},
		{"turned page read well", 180, good, false},
		{"turned page read poorly", 180, poor, true},
		{"quarter-turned page read poorly", 90, poor, true},
		{"turned page with nothing read", 270, quality{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rereadUnturned(tt.rotation, tt.q); got != tt.want {
				t.Errorf("rereadUnturned(%d, %+v) = %t, want %t", tt.rotation, tt.q, got, tt.want)
			}
		})
	}
}

func TestSplitAmountsCountsAmountsCutAtTheirPoint(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"474,605.", 1},
		{"1,408,800.", 1},
		{".75", 1},
		{"158,533.|", 1},
		{"474,605.75", 0},
		{"0.00", 0},
		{"No.", 0},
		{"Inc.", 0},
		{".", 0},
		{".7", 0},
		{"2024.", 1},
		{"(1,200.", 0},
	}
	for _, tt := range tests {
		if got := splitAmounts([]ocr.Word{word(tt.text, 0.9, 20)}); got != tt.want {
			t.Errorf("splitAmounts(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

func TestKeepBlockPassWhenItSplitsFewerAmountsAndReadsAsMuch(t *testing.T) {
	words := func(texts ...string) []ocr.Word {
		ws := make([]ocr.Word, len(texts))
		for i, s := range texts {
			ws[i] = word(s, 0.9, 20)
		}
		return ws
	}
	split := words("Gross", "Compensation", "474,605.", "Tax", "Due", "23,413.")
	tests := []struct {
		name  string
		block []ocr.Word
		want  bool
	}{
		{"amounts whole", words("Gross", "Compensation", "474,605.75", "Tax", "Due", "23,413.35"), true},
		{"one amount whole, nothing lost", words("Gross", "Compensation", "474,605.75", "Tax", "Due", "23,413."), true},
		{"as many split", words("Gross", "Compensation", "474,605.", "Tax", "Due", "23,413."), false},
		{"amounts whole but rows lost", words("474,605.75", "23,413.35"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := keepBlockPass(split, tt.block); got != tt.want {
				t.Errorf("keepBlockPass = %t, want %t", got, tt.want)
			}
		})
	}
}

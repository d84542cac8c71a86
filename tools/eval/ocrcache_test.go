package eval

import (
	"context"
	"image"
	"testing"

	"talaan/ocr"
)

// countingEngine stands in for Tesseract: the test is about the cache.
type countingEngine struct{ calls int }

func (e *countingEngine) Recognize(_ context.Context, img *image.Gray, _ ocr.Hints) (ocr.Recognition, error) {
	e.calls++
	return ocr.Recognition{Words: []ocr.Word{{Text: "Net", Conf: float64(img.Pix[0]) / 255}}, Rotation: 90,
		Width: img.Rect.Dx(), Height: img.Rect.Dy()}, nil
}

func TestCachedEngineReusesOnlyTheSamePage(t *testing.T) {
	ctx := context.Background()
	inner := &countingEngine{}
	c := &CachedEngine{Engine: inner, Dir: t.TempDir(), Key: "eng"}
	page := func(v uint8) *image.Gray {
		img := image.NewGray(image.Rect(0, 0, 4, 3))
		for i := range img.Pix {
			img.Pix[i] = v
		}
		return img
	}
	first, err := c.Recognize(ctx, page(51), ocr.Hints{})
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Recognize(ctx, page(51), ocr.Hints{})
	if err != nil {
		t.Fatal(err)
	}
	if inner.calls != 1 {
		t.Fatalf("engine called %d times for one page read twice, want 1", inner.calls)
	}
	if again.Rotation != 90 || again.Width != 4 || len(again.Words) != 1 || again.Words[0].Conf != first.Words[0].Conf {
		t.Fatalf("cached recognition %+v differs from the first %+v", again, first)
	}
	if _, err := c.Recognize(ctx, page(52), ocr.Hints{}); err != nil {
		t.Fatal(err)
	}
	other := &CachedEngine{Engine: inner, Dir: c.Dir, Key: "eng+fil"}
	if _, err := other.Recognize(ctx, page(51), ocr.Hints{}); err != nil {
		t.Fatal(err)
	}
	if inner.calls != 3 {
		t.Fatalf("engine called %d times, want 3: another page and other languages are not the same recognition", inner.calls)
	}
}

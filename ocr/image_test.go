package ocr

import (
	"golang.org/x/image/draw"

	"context"
	"encoding/binary"
	"errors"
	"image"
	"testing"
)

func TestReadJPEGAppliesEXIFOrientation(t *testing.T) {
	t.Parallel()
	upright := grayPage(240, 160) // landscape, block top-left
	// inverse[o] is the transform whose result, shown with orientation o,
	// is upright: each orientation is its own inverse except 6 and 8.
	inverse := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 8, 7: 7, 8: 6}
	for o := 1; o <= 8; o++ {
		for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			t.Run("orientation "+itoa(o)+" "+bo.String(), func(t *testing.T) {
				t.Parallel()
				stored := orient(upright, inverse[o])
				data := withEXIFOrientation(encodeJPEG(t, stored), uint16(o), bo)
				if got := exifOrientation(data); got != o {
					t.Fatalf("exifOrientation = %d, want %d", got, o)
				}
				eng := &fakeEngine{}
				doc, err := (&Reader{Engine: eng}).Read(context.Background(), data)
				if err != nil {
					t.Fatal(err)
				}
				img := eng.imgs[0]
				if img.Rect.Dx() != 240 || img.Rect.Dy() != 160 {
					t.Errorf("engine got %dx%d, want upright 240x160", img.Rect.Dx(), img.Rect.Dy())
				}
				if c := darkCorner(img); c != "top-left" {
					t.Errorf("block is %s, want top-left", c)
				}
				if doc.Pages[0].Width != 240 || doc.Pages[0].Height != 160 {
					t.Errorf("page is %vx%v", doc.Pages[0].Width, doc.Pages[0].Height)
				}
			})
		}
	}
}

func TestEXIFOrientationIgnoresMalformedBlocks(t *testing.T) {
	t.Parallel()
	base := encodeJPEG(t, grayPage(16, 16))
	good := withEXIFOrientation(base, 6, binary.BigEndian)
	tests := []struct {
		name string
		data []byte
	}{
		{"no exif", base},
		{"orientation out of range", withEXIFOrientation(base, 9, binary.BigEndian)},
		{"exif cut short", good[:30]},
		{"segment length past the end", append(append([]byte{}, good[:4]...), 0xFF, 0xFF)},
		{"not a jpeg", []byte("hello")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exifOrientation(tt.data); got != 1 {
				t.Errorf("exifOrientation = %d, want 1", got)
			}
		})
	}
}

func TestReadMultiPageTIFF(t *testing.T) {
	t.Parallel()
	pages := []*image.Gray{grayPage(120, 90), grayPage(90, 120), grayPage(60, 60), grayPage(64, 48)}
	eng := &fakeEngine{}
	doc, err := (&Reader{Engine: eng, Workers: 2}).Read(context.Background(), multiPageTIFF(pages))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Type != TypeTIFF || len(doc.Pages) != len(pages) {
		t.Fatalf("got %s with %d pages, want tiff with %d", doc.Type, len(doc.Pages), len(pages))
	}
	for i, p := range doc.Pages {
		w, h := pages[i].Rect.Dx(), pages[i].Rect.Dy()
		if p.Width != float64(w) || p.Height != float64(h) {
			t.Errorf("page %d is %vx%v, want %dx%d", i+1, p.Width, p.Height, w, h)
		}
	}
}

func TestReadTIFFRefusesTooManyPagesAndLoops(t *testing.T) {
	t.Parallel()
	var pages []*image.Gray
	for range 5 {
		pages = append(pages, grayPage(20, 20))
	}
	data := multiPageTIFF(pages)
	_, err := (&Reader{Engine: &fakeEngine{}, Limits: Limits{MaxPages: 4}}).Read(context.Background(), data)
	if !errors.Is(err, ErrTooManyPages) {
		t.Errorf("5 pages, limit 4: error = %v, want ErrTooManyPages", err)
	}

	loop := multiPageTIFF([]*image.Gray{grayPage(20, 20)})
	first := binary.LittleEndian.Uint32(loop[4:])
	n := binary.LittleEndian.Uint16(loop[first:])
	binary.LittleEndian.PutUint32(loop[int(first)+2+12*int(n):], first) // next IFD is itself
	_, err = (&Reader{Engine: &fakeEngine{}}).Read(context.Background(), loop)
	if !errors.Is(err, ErrDamaged) {
		t.Errorf("looping IFD chain: error = %v, want ErrDamaged", err)
	}
}

func TestScaleForOCRShrinksOnlyHugePages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		w, h         int
		wantW, wantH int
	}{
		{"150 dpi page is kept", 1240, 1754, 1240, 1754},
		{"300 dpi page is kept", 2550, 3300, 2550, 3300},
		{"600 dpi page is halved", 5100, 6600, 3864, 5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scaleForOCR(image.NewGray(image.Rect(0, 0, tt.w, tt.h)))
			if got.Rect.Dx() != tt.wantW || got.Rect.Dy() != tt.wantH {
				t.Errorf("scaled to %dx%d, want %dx%d", got.Rect.Dx(), got.Rect.Dy(), tt.wantW, tt.wantH)
			}
		})
	}
}

func TestScaleGrayMatchesApproxBiLinear(t *testing.T) {
	t.Parallel()
	src := image.NewGray(image.Rect(0, 0, 173, 251))
	for i := range src.Pix {
		src.Pix[i] = byte(i*31 + i/173*7)
	}
	for _, size := range []image.Point{{50, 80}, {172, 250}, {1, 1}, {99, 13}} {
		want := image.NewGray(image.Rect(0, 0, size.X, size.Y))
		draw.ApproxBiLinear.Scale(want, want.Rect, src, src.Rect, draw.Src, nil)
		got := scaleGray(src, size.X, size.Y)
		for i := range want.Pix {
			if d := int(got.Pix[i]) - int(want.Pix[i]); d < -1 || d > 1 {
				t.Fatalf("%v: pixel %d = %d, ApproxBiLinear gives %d", size, i, got.Pix[i], want.Pix[i])
			}
		}
	}
}

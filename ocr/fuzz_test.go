package ocr

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/png"
	"testing"
	"time"
)

// FuzzRead feeds arbitrary bytes through Sniff and Read: nothing may panic,
// and every failure must be one a caller can act on.
func FuzzRead(f *testing.F) {
	page := grayPage(40, 30)
	f.Add(encodePNG(f, page))
	f.Add(withEXIFOrientation(encodeJPEG(f, page), 6, binary.BigEndian))
	f.Add(multiPageTIFF([]*image.Gray{page, grayPage(20, 20)}))
	f.Add(pngHeaderOnly(60000, 60000))
	f.Add(digitalPDF(f, [][]string{{"Net Pay 10,450.21"}}))
	f.Add([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"))
	f.Add([]byte("II*\x00\x08\x00\x00\x00\x00\x00"))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x08, 'E', 'x', 'i', 'f', 0, 0})
	known := []error{ErrEmpty, ErrUnsupportedType, ErrEncrypted, ErrDamaged, ErrTooManyPages,
		ErrImageTooLarge, ErrFileTooLarge, ErrUnreadable, ErrPageTooLarge, ErrTooMuchText}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		_ = Sniff(data)
		r := &Reader{Engine: &fakeEngine{}, Limits: Limits{MaxPages: 3, MaxMegapixels: 1}}
		var (
			doc  *Document
			err  error
			done = make(chan struct{})
		)
		go func() {
			defer close(done)
			doc, err = r.Read(context.Background(), data)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("Read hung on %d bytes of %s", len(data), Sniff(data))
		}
		if err != nil {
			if !isAny(err, known) {
				t.Fatalf("Read error %v is not one of the package's errors", err)
			}
			return
		}
		if len(doc.Pages) == 0 || len(doc.Pages) > 3 {
			t.Fatalf("document with %d pages", len(doc.Pages))
		}
	})
}

// FuzzDecodePNGGray checks the row-by-row PNG decoder against image/png on
// arbitrary bytes: no panic, and where both decode, the same gray (±1).
func FuzzDecodePNGGray(f *testing.F) {
	for i, s := range []pngSpec{
		{w: 9, h: 5, colorType: pngGray, depth: 1},
		{w: 9, h: 5, colorType: pngGray, depth: 16, trns: []byte{0, 7}},
		{w: 9, h: 5, colorType: pngPalette, depth: 4, plte: []byte{1, 2, 3, 200, 100, 50}, trns: []byte{128}},
		{w: 9, h: 5, colorType: pngRGB, depth: 8},
		{w: 9, h: 5, colorType: pngGrayAlpha, depth: 16},
		{w: 9, h: 5, colorType: pngRGBA, depth: 8},
	} {
		s.row = randomRows(uint64(i))
		f.Add(writePNG(f, s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		size, err := inspectImage(TypePNG, data)
		if err != nil || size.png == nil || int64(size.width)*int64(size.height) > 1<<20 {
			return
		}
		got, err := decodeImage(TypePNG, data, size)
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("error %v is not ErrDamaged", err)
			}
			return
		}
		std, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		want := toGray(std)
		for i := range want.Pix {
			if d := int(got.Pix[i]) - int(want.Pix[i]); d < -1 || d > 1 {
				t.Fatalf("pixel %d = %d, image/png gives %d", i, got.Pix[i], want.Pix[i])
			}
		}
	})
}

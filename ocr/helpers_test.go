package ocr

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

// fakeEngine stands in for Tesseract where the test is about something
// else: it "recognises" one word naming the image size and records what it
// was given.
type fakeEngine struct {
	calls atomic.Int32
	delay func(img *image.Gray) time.Duration

	mu    sync.Mutex
	imgs  []*image.Gray
	hints []Hints
}

func (f *fakeEngine) Recognize(ctx context.Context, img *image.Gray, hints Hints) (Recognition, error) {
	f.calls.Add(1)
	f.mu.Lock()
	f.imgs = append(f.imgs, img)
	f.hints = append(f.hints, hints)
	f.mu.Unlock()
	if f.delay != nil {
		select {
		case <-time.After(f.delay(img)):
		case <-ctx.Done():
			return Recognition{}, ctx.Err()
		}
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	return Recognition{
		Words:  []Word{{Text: "w" + itoa(w) + "h" + itoa(h), Box: Box{0, 0, 10, 10}, Conf: 0.5, Line: 1}},
		Width:  w,
		Height: h,
		Image:  img,
	}, nil
}

func itoa(n int) string {
	var b []byte
	if n == 0 {
		return "0"
	}
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// grayPage makes a w x h white page with a black block in its top-left
// quarter, so a test can tell which way up an image is.
func grayPage(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y := 0; y < h/4; y++ {
		for x := 0; x < w/4; x++ {
			img.Pix[y*img.Stride+x] = 0
		}
	}
	return img
}

// darkCorner reports which quarter of img holds the black block.
func darkCorner(img *image.Gray) string {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	at := func(x, y int) bool { return img.GrayAt(x, y).Y < 128 }
	switch {
	case at(w/16, h/16):
		return "top-left"
	case at(w-1-w/16, h/16):
		return "top-right"
	case at(w/16, h-1-h/16):
		return "bottom-left"
	case at(w-1-w/16, h-1-h/16):
		return "bottom-right"
	}
	return "none"
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withEXIFOrientation inserts an APP1 Exif segment with IFD0 Orientation
// right after the JPEG's SOI marker.
func withEXIFOrientation(jpg []byte, o uint16, bo binary.ByteOrder) []byte {
	var tiff bytes.Buffer
	if bo == binary.LittleEndian {
		tiff.WriteString("II")
	} else {
		tiff.WriteString("MM")
	}
	binary.Write(&tiff, bo, uint16(42))
	binary.Write(&tiff, bo, uint32(8))
	binary.Write(&tiff, bo, uint16(1))      // one entry
	binary.Write(&tiff, bo, uint16(0x0112)) // Orientation
	binary.Write(&tiff, bo, uint16(3))      // SHORT
	binary.Write(&tiff, bo, uint32(1))
	binary.Write(&tiff, bo, o)
	binary.Write(&tiff, bo, uint16(0))
	binary.Write(&tiff, bo, uint32(0)) // no next IFD
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// pngHeaderOnly is a PNG whose IHDR declares w x h, with no pixel data.
func pngHeaderOnly(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit gray
	writeChunk(&b, "IHDR", ihdr)
	writeChunk(&b, "IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	writeChunk(&b, "IEND", nil)
	return b.Bytes()
}

func writeChunk(b *bytes.Buffer, typ string, data []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(data)))
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	b.WriteString(typ)
	b.Write(data)
	binary.Write(b, binary.BigEndian, crc.Sum32())
}

// multiPageTIFF writes an uncompressed 8-bit gray TIFF with one page per
// image, chained through their IFDs.
func multiPageTIFF(pages []*image.Gray) []byte {
	bo := binary.LittleEndian
	var b bytes.Buffer
	b.WriteString("II")
	binary.Write(&b, bo, uint16(42))
	binary.Write(&b, bo, uint32(0)) // patched below
	prevNext := 4                   // where the previous "next IFD" offset lives
	for _, img := range pages {
		w, h := img.Rect.Dx(), img.Rect.Dy()
		dataOff := b.Len()
		for y := 0; y < h; y++ {
			b.Write(img.Pix[y*img.Stride : y*img.Stride+w])
		}
		if b.Len()%2 == 1 {
			b.WriteByte(0)
		}
		ifdOff := b.Len()
		out := b.Bytes()
		bo.PutUint32(out[prevNext:], uint32(ifdOff))
		type entry struct {
			tag, typ uint16
			val      uint32
		}
		entries := []entry{
			{256, 4, uint32(w)},       // ImageWidth
			{257, 4, uint32(h)},       // ImageLength
			{258, 3, 8},               // BitsPerSample
			{259, 3, 1},               // Compression: none
			{262, 3, 1},               // Photometric: black is zero
			{273, 4, uint32(dataOff)}, // StripOffsets
			{277, 3, 1},               // SamplesPerPixel
			{278, 4, uint32(h)},       // RowsPerStrip
			{279, 4, uint32(w * h)},   // StripByteCounts
		}
		binary.Write(&b, bo, uint16(len(entries)))
		for _, e := range entries {
			binary.Write(&b, bo, e.tag)
			binary.Write(&b, bo, e.typ)
			binary.Write(&b, bo, uint32(1))
			if e.typ == 3 {
				binary.Write(&b, bo, uint16(e.val))
				binary.Write(&b, bo, uint16(0))
			} else {
				binary.Write(&b, bo, e.val)
			}
		}
		prevNext = b.Len()
		binary.Write(&b, bo, uint32(0))
	}
	return b.Bytes()
}

// digitalPDF makes a PDF with a text layer: one page per entry of pages,
// each line of a page written on its own row.
func digitalPDF(t testing.TB, pages [][]string) []byte {
	t.Helper()
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.SetCreator("talaan test", false)
	pdf.SetProducer("fpdf", false)
	pdf.SetCreationDate(time.Date(2026, 7, 15, 9, 30, 0, 0, time.UTC))
	pdf.SetFont("Helvetica", "", 12)
	for _, lines := range pages {
		pdf.AddPage()
		for i, l := range lines {
			pdf.Text(72, 100+float64(i)*20, l)
		}
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// scannedPDF makes a PDF whose only page is an image, like a scanner's.
func scannedPDF(t testing.TB, img image.Image) []byte {
	t.Helper()
	pdf := fpdf.New("P", "pt", "Letter", "")
	pdf.AddPage()
	pdf.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(encodePNG(t, img)))
	pdf.ImageOptions("scan", 0, 0, 612, 792, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var payslipLines = []string{
	"Ginhawa Wellness Spa, Inc.",
	"Pay Period 07/01/2026 - 07/15/2026",
	"Basic Pay 12,975.00",
	"Total Deductions 2,874.79",
	"Net Pay 10,450.21",
}

func wordsText(ws []Word) string {
	var parts []string
	for _, w := range ws {
		parts = append(parts, w.Text)
	}
	return strings.Join(parts, " ")
}

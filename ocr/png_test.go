package ocr

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// pngSpec describes a PNG for writePNG.
type pngSpec struct {
	w, h       int
	colorType  int
	depth      int
	interlaced bool // only the header says so: writePNG writes rows in order
	plte, trns []byte
	// row fills the raw samples of row y (filter byte excluded).
	row func(y int, raw []byte)
	// filters are the row filters used in turn; nil cycles through all five.
	filters []byte
}

// writePNG encodes rows as they are made, cycling through the five filter
// types, so a 7000x7000 16-bit image costs two rows and its compressed
// bytes. The IDAT data is split into chunks of 64 KB, as encoders do.
func writePNG(t testing.TB, s pngSpec) []byte {
	t.Helper()
	var b bytes.Buffer
	b.Write(pngSignature)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(s.w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(s.h))
	ihdr[8], ihdr[9] = byte(s.depth), byte(s.colorType)
	if s.interlaced {
		ihdr[12] = 1
	}
	writeChunk(&b, "IHDR", ihdr)
	if s.plte != nil {
		writeChunk(&b, "PLTE", s.plte)
	}
	if s.trns != nil {
		writeChunk(&b, "tRNS", s.trns)
	}
	h := pngHeader{width: s.w, depth: s.depth, colorType: s.colorType}
	bitsPP := s.depth * h.channels()
	rowBytes := (s.w*bitsPP + 7) / 8
	bpp := max(bitsPP/8, 1)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.DefaultCompression)
	prev, cur := make([]byte, rowBytes), make([]byte, rowBytes)
	out := make([]byte, 1+rowBytes)
	for y := range s.h {
		s.row(y, cur)
		ft := byte(y % 5)
		if s.filters != nil {
			ft = s.filters[y%len(s.filters)]
		}
		out[0] = ft
		for i := range cur {
			var a, c int
			if i >= bpp {
				a, c = int(cur[i-bpp]), int(prev[i-bpp])
			}
			up := int(prev[i])
			var pred int
			switch ft {
			case 1:
				pred = a
			case 2:
				pred = up
			case 3:
				pred = (a + up) / 2
			case 4:
				p := a + up - c
				pa, pb, pc := abs(p-a), abs(p-up), abs(p-c)
				switch {
				case pa <= pb && pa <= pc:
					pred = a
				case pb <= pc:
					pred = up
				default:
					pred = c
				}
			}
			out[1+i] = cur[i] - byte(pred)
		}
		if _, err := zw.Write(out); err != nil {
			t.Fatal(err)
		}
		prev, cur = cur, prev
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	for data := z.Bytes(); len(data) > 0; {
		n := min(len(data), 64<<10)
		writeChunk(&b, "IDAT", data[:n])
		data = data[n:]
	}
	writeChunk(&b, "IEND", nil)
	return b.Bytes()
}

// randomRows fills rows with seeded noise.
func randomRows(seed uint64) func(int, []byte) {
	return func(y int, raw []byte) {
		r := rand.New(rand.NewPCG(seed, uint64(y)))
		for i := range raw {
			raw[i] = byte(r.Uint32())
		}
	}
}

func TestDecodePNGGrayMatchesImagePNG(t *testing.T) {
	t.Parallel()
	type tc struct {
		name string
		spec pngSpec
	}
	var tests []tc
	add := func(name string, s pngSpec) {
		if s.row == nil {
			s.row = randomRows(uint64(len(tests)))
		}
		tests = append(tests, tc{name, s})
	}
	for _, d := range []int{1, 2, 4, 8, 16} {
		add(fmt.Sprintf("gray %d", d), pngSpec{w: 37, h: 23, colorType: pngGray, depth: d})
		// A tRNS value that occurs: sample 0 of every row is forced to it.
		trns := []byte{0, 1}
		if d == 16 {
			trns = []byte{0xAB, 0xCD}
		}
		rows := randomRows(99)
		add(fmt.Sprintf("gray %d with tRNS", d), pngSpec{w: 37, h: 23, colorType: pngGray, depth: d, trns: trns,
			row: func(y int, raw []byte) {
				rows(y, raw)
				switch d {
				case 16:
					raw[0], raw[1] = 0xAB, 0xCD
				case 8:
					raw[0] = 1
				default:
					raw[0] = byte(1 << (8 - d)) // first sample = 1
				}
			}})
	}
	for _, d := range []int{1, 2, 4, 8} {
		n := 1 << d
		plte := make([]byte, 3*max(n-1, 1)) // one entry short: out-of-range indexes are black
		for i := range plte {
			plte[i] = byte(i * 37)
		}
		add(fmt.Sprintf("palette %d", d), pngSpec{w: 41, h: 17, colorType: pngPalette, depth: d, plte: plte})
		trns := make([]byte, max(n/2, 1))
		for i := range trns {
			trns[i] = byte(i * 91)
		}
		add(fmt.Sprintf("palette %d with tRNS", d), pngSpec{w: 41, h: 17, colorType: pngPalette, depth: d, plte: plte, trns: trns})
	}
	for _, d := range []int{8, 16} {
		add(fmt.Sprintf("RGB %d", d), pngSpec{w: 29, h: 19, colorType: pngRGB, depth: d})
		trns := []byte{0, 10, 0, 20, 0, 30}
		if d == 16 {
			trns = []byte{1, 10, 2, 20, 3, 30}
		}
		rows := randomRows(7)
		add(fmt.Sprintf("RGB %d with tRNS", d), pngSpec{w: 29, h: 19, colorType: pngRGB, depth: d, trns: trns,
			row: func(y int, raw []byte) {
				rows(y, raw)
				if d == 8 {
					copy(raw, []byte{10, 20, 30})
				} else {
					copy(raw, trns)
				}
			}})
		add(fmt.Sprintf("gray+alpha %d", d), pngSpec{w: 31, h: 13, colorType: pngGrayAlpha, depth: d})
		add(fmt.Sprintf("RGBA %d", d), pngSpec{w: 31, h: 13, colorType: pngRGBA, depth: d})
	}
	add("one pixel", pngSpec{w: 1, h: 1, colorType: pngRGBA, depth: 16})
	add("wide 1-bit", pngSpec{w: 1001, h: 3, colorType: pngGray, depth: 1})

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := writePNG(t, tt.spec)
			std, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("image/png: %v", err)
			}
			want := toGray(std)
			size, err := inspectImage(TypePNG, data)
			if err != nil {
				t.Fatal(err)
			}
			if size.png == nil {
				t.Fatal("not decoded row by row")
			}
			got, err := decodeImage(TypePNG, data, size)
			if err != nil {
				t.Fatal(err)
			}
			if got.Rect != want.Rect {
				t.Fatalf("rect %v, want %v", got.Rect, want.Rect)
			}
			for i := range want.Pix {
				if d := int(got.Pix[i]) - int(want.Pix[i]); d < -1 || d > 1 {
					t.Fatalf("pixel %d (%d,%d) = %d, image/png + toGray gives %d",
						i, i%want.Stride, i/want.Stride, got.Pix[i], want.Pix[i])
				}
			}
		})
	}
}

func TestDecodePNGGrayRefusesDamage(t *testing.T) {
	t.Parallel()
	good := writePNG(t, pngSpec{w: 20, h: 20, colorType: pngRGB, depth: 8, row: randomRows(1)})
	badCRC := bytes.Clone(good)
	badCRC[len(pngSignature)+8+13] ^= 1
	// Cut inside the IDAT data, then close the file with IEND again.
	idat := bytes.Index(good, []byte("IDAT"))
	n := binary.BigEndian.Uint32(good[idat-4:])
	var cut bytes.Buffer
	cut.Write(good[:idat-4])
	writeChunk(&cut, "IDAT", good[idat+4:idat+4+int(n)/2])
	writeChunk(&cut, "IEND", nil)
	noPalette := writePNG(t, pngSpec{w: 4, h: 4, colorType: pngPalette, depth: 8, row: randomRows(1)})
	for name, data := range map[string][]byte{
		"bad checksum":          badCRC,
		"truncated image data":  cut.Bytes(),
		"no IEND":               good[:len(good)-12],
		"palette PNG, no PLTE":  noPalette,
		"16-bit palette header": writePNG(t, pngSpec{w: 4, h: 4, colorType: pngPalette, depth: 16, plte: []byte{1, 2, 3}, row: randomRows(1)}),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := (&Reader{Engine: &fakeEngine{}}).Read(context.Background(), data)
			if !errors.Is(err, ErrDamaged) {
				t.Errorf("Read error = %v, want ErrDamaged", err)
			}
		})
	}
}

// bombPNG is a 7000x7000 16-bit RGBA PNG of a few hundred KB: under the
// pixel limit, 392 MB once image/png has decoded it.
func bombPNG(t testing.TB, interlaced bool) []byte {
	t.Helper()
	return writePNG(t, pngSpec{w: 7000, h: 7000, colorType: pngRGBA, depth: 16, interlaced: interlaced,
		filters: []byte{2}, row: func(y int, raw []byte) {
			for i := range raw {
				raw[i] = 0xFF
			}
			if y >= 3500 && y < 3510 { // a bar of ink, so the page is not blank
				clear(raw[8*1000 : 8*6000])
				for i := 8 * 1000; i < 8*6000; i += 8 {
					raw[i+6], raw[i+7] = 0xFF, 0xFF // opaque
				}
			}
		}})
}

// allocated runs f and returns the bytes it allocated and the peak heap
// growth seen by a sampler.
func allocated(f func()) (total, peak int64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	done := make(chan struct{})
	peakc := make(chan int64)
	go func() {
		var m runtime.MemStats
		var p int64
		for {
			runtime.ReadMemStats(&m)
			p = max(p, int64(m.HeapAlloc)-int64(before.HeapAlloc))
			select {
			case <-done:
				peakc <- p
				return
			default:
				runtime.Gosched()
			}
		}
	}()
	f()
	close(done)
	peak = <-peakc
	runtime.ReadMemStats(&after)
	return int64(after.TotalAlloc - before.TotalAlloc), peak
}

func TestReadPNGBombDecodesToGrayAtOneBytePerPixel(t *testing.T) {
	data := bombPNG(t, false)
	t.Logf("7000x7000 16-bit RGBA PNG: %d KB", len(data)>>10)
	eng := &fakeEngine{}
	r := &Reader{Engine: eng, Memory: NewBudget(0)}
	var (
		doc *Document
		err error
	)
	total, peak := allocated(func() { doc, err = r.Read(context.Background(), data) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Read allocated %d MB, heap peak +%d MB (image/png alone: 392 MB)", total>>20, peak>>20)
	// 49 MB of gray, 25 MB for the 5000x5000 copy OCR reads, a few rows.
	if total > 80<<20 {
		t.Errorf("Read allocated %d MB, want < 80 MB", total>>20)
	}
	if got := doc.Pages[0].Width; got != 5000 {
		t.Errorf("page width %v, want 5000 (shrunk for OCR)", got)
	}
	if img := eng.imgs[0]; img.Pix[0] != 0xFF {
		t.Errorf("white page decoded to %d", img.Pix[0])
	}
	if r.Memory.sem.TryAcquire(r.Memory.Size()) {
		r.Memory.sem.Release(r.Memory.Size())
	} else {
		t.Error("the budget was not given back")
	}
}

func TestDecodeBombAllocatesOneBytePerPixel(t *testing.T) {
	data := bombPNG(t, false)
	size, err := inspectImage(TypePNG, data)
	if err != nil {
		t.Fatal(err)
	}
	var img *image.Gray
	total, _ := allocated(func() { img, err = decodeImage(TypePNG, data, size) })
	if err != nil {
		t.Fatal(err)
	}
	px := int64(7000 * 7000)
	t.Logf("decode allocated %d MB for %d MP", total>>20, px/1e6)
	if total > px+px/20 {
		t.Errorf("decode allocated %d bytes for %d pixels, want about 1 a pixel", total, px)
	}
	if len(img.Pix) != int(px) {
		t.Errorf("gray image of %d bytes", len(img.Pix))
	}
}

func TestReadRefusesInterlacedPNGBombByDecodedBytes(t *testing.T) {
	// Interlaced PNGs go through image/png, which would hold the whole
	// 16-bit image: the header alone is enough to refuse it.
	var b bytes.Buffer
	b.Write(pngSignature)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 7000)
	binary.BigEndian.PutUint32(ihdr[4:], 7000)
	ihdr[8], ihdr[9], ihdr[12] = 16, pngRGBA, 1
	writeChunk(&b, "IHDR", ihdr)
	writeChunk(&b, "IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	writeChunk(&b, "IEND", nil)
	var err error
	total, _ := allocated(func() {
		_, err = (&Reader{Engine: &fakeEngine{}}).Read(context.Background(), b.Bytes())
	})
	if !errors.Is(err, ErrImageTooLarge) {
		t.Fatalf("Read error = %v, want ErrImageTooLarge", err)
	}
	const want = "7000x7000 16-bit RGBA interlaced PNG decodes to 794 MB; the limit is 256 MB"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("Read error = %q, want it to say %q", err, want)
	}
	if total > 1<<20 {
		t.Errorf("refusing allocated %d KB", total>>10)
	}
}

func TestReadBigGrayPNGCostsOneBytePerPixel(t *testing.T) {
	// A legitimate 600 dpi letter scan (5100x6600, 8-bit gray).
	data := writePNG(t, pngSpec{w: 5100, h: 6600, colorType: pngGray, depth: 8, row: func(y int, raw []byte) {
		for i := range raw {
			raw[i] = byte(0xF0 - (i/50+y/50)%2*0xC0)
		}
	}})
	size, err := inspectImage(TypePNG, data)
	if err != nil {
		t.Fatal(err)
	}
	px := int64(5100 * 6600)
	if size.decodeBytes > px+px/100 {
		t.Errorf("budgeted %d bytes for %d pixels", size.decodeBytes, px)
	}
	total, _ := allocated(func() { _, err = decodeImage(TypePNG, data, size) })
	if err != nil {
		t.Fatal(err)
	}
	if total > px+px/20 {
		t.Errorf("decode allocated %d bytes for %d pixels, want about 1 a pixel", total, px)
	}
}

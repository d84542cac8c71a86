package console_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image/png"
	"runtime"
	"strings"
	"testing"
)

// whiteRGBA16PNG writes a w x h 16-bit RGBA PNG of white, row by row: a few
// hundred KB that image/png would decode at 8 bytes a pixel.
func whiteRGBA16PNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 16, 6
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	row := make([]byte, 1+8*w)
	for i := range row {
		row[i] = 0xFF
	}
	row[0] = 0 // no filter
	zw.Write(row)
	clear(row)
	row[0] = 2 // "up": every later row repeats the first
	for range h - 1 {
		zw.Write(row)
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

func TestPageImageOfColourBombCostsAByteAPixel(t *testing.T) {
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	data := whiteRGBA16PNG(t, 8900, 8900)
	id := e.upload(acme, "bomb.png", data)
	var a struct {
		RawFiles []struct {
			ID string `json:"id"`
		} `json:"rawFiles"`
	}
	e.apiJSON("GET", "/v1/archives/"+id, acme, "", nil, &a)
	path := "/console/archives/" + id + "/files/" + a.RawFiles[0].ID + "/pages/1.png"
	b := e.browser()
	b.login(acme)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	p := b.get(path)
	runtime.ReadMemStats(&after)
	if p.status != 200 {
		t.Fatalf("GET page: %d %.200s", p.status, p.body)
	}
	img, err := png.Decode(strings.NewReader(p.body))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 8900 {
		t.Errorf("page picture is %v", img.Bounds())
	}
	// 79 MB of gray; image/png alone held 634 MB of 16-bit colour.
	total := int64(after.TotalAlloc - before.TotalAlloc)
	t.Logf("a %d KB 8900x8900 16-bit RGBA PNG: page picture allocated %d MB", len(data)>>10, total>>20)
	if total > 160<<20 {
		t.Errorf("page picture allocated %d MB, want under 160 MB", total>>20)
	}
}

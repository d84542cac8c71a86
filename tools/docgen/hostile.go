package docgen

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strings"
)

// Hostile small files: a few hundred bytes or KB that cost hundreds of MB
// or seconds of CPU to read naively (issue 9). Each is written as it is
// made, never holding its decoded size.

// ColourBombPNG is a w x h 16-bit RGBA PNG of white: 7000x7000 is about
// 390 KB, and 392 MB once image/png has decoded it. Interlaced, only the
// header says so (the data is a stub): its size alone must refuse it.
func ColourBombPNG(w, h int, interlaced bool) []byte {
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
	if interlaced {
		ihdr[12] = 1
		chunk("IHDR", ihdr)
		chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
		chunk("IEND", nil)
		return b.Bytes()
	}
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	row := bytes.Repeat([]byte{0xFF}, 1+8*w)
	row[0] = 0 // no filter
	zw.Write(row)
	clear(row)
	row[0] = 2 // "up": every later row repeats the first
	for range h - 1 {
		zw.Write(row)
	}
	zw.Close()
	for data := z.Bytes(); len(data) > 0; {
		n := min(len(data), 64<<10)
		chunk("IDAT", data[:n])
		data = data[n:]
	}
	chunk("IEND", nil)
	return b.Bytes()
}

// PosterPDF is one empty page of 14400 x 14400 points (200 inches, the
// largest PDF allows): under 400 bytes.
func PosterPDF() []byte { return rawPDF(1, "0 0 14400 14400", "") }

// WordsPDF has pages that all draw one content stream of 200 lines of 200
// one-letter words in 2-point type; pdftotext reads 25,000 words a page.
func WordsPDF(pages int) []byte {
	var c strings.Builder
	c.WriteString("BT /F1 2 Tf 2 TL 10 780 Td\n")
	line := "(" + strings.Repeat("a ", 200) + ") Tj T*\n"
	for range 200 {
		c.WriteString(line)
	}
	c.WriteString("ET")
	return rawPDF(pages, "0 0 612 792", c.String())
}

// rawPDF writes n pages of the MediaBox drawing one shared Flate content
// stream in Helvetica.
func rawPDF(n int, mediaBox, content string) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(content))
	zw.Close()
	kids := make([]string, n)
	for i := range kids {
		kids[i] = fmt.Sprintf("%d 0 R", 5+i)
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.Bytes()),
	}
	for range n {
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>", mediaBox))
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

package ocr

import "bytes"

// pdfSearchWindow is how far into a file %PDF- may start: readers accept
// junk (mail headers, a BOM, printer job lines) before it.
const pdfSearchWindow = 1024

// Sniff returns the real type of a document from its magic bytes; the file
// name and declared content type are never trusted.
func Sniff(b []byte) FileType {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return TypeTIFF
	}
	if bytes.Contains(b[:min(len(b), pdfSearchWindow+len("%PDF-")-1)], []byte("%PDF-")) {
		return TypePDF
	}
	return TypeUnknown
}

package ocr

import "testing"

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want FileType
	}{
		{"pdf header at start", []byte("%PDF-1.7\n..."), TypePDF},
		{"pdf after junk within 1 KiB", append(make([]byte, 1000), "%PDF-1.4"...), TypePDF},
		{"pdf header past 1 KiB is not a pdf", append(make([]byte, 1100), "%PDF-1.4"...), TypeUnknown},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), TypePNG},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0}, TypeJPEG},
		{"tiff little endian", []byte("II*\x00\x08\x00\x00\x00"), TypeTIFF},
		{"tiff big endian", []byte("MM\x00*\x00\x00\x00\x08"), TypeTIFF},
		{"bigtiff is not supported", []byte("II+\x00"), TypeUnknown},
		{"gif", []byte("GIF89a"), TypeUnknown},
		{"html named .pdf", []byte("<!doctype html><html>"), TypeUnknown},
		{"empty", nil, TypeUnknown},
		{"png signature cut short", []byte("\x89PNG"), TypeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff(tt.in); got != tt.want {
				t.Errorf("Sniff = %q, want %q", got, tt.want)
			}
		})
	}
}

package ocr

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestReadDigitalPDFUsesTextLayer(t *testing.T) {
	t.Parallel()
	data := digitalPDF(t, [][]string{payslipLines, {"Page two has Net Pay 9,999.99 here"}})
	eng := &fakeEngine{}
	doc, err := (&Reader{Engine: eng}).Read(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	if eng.calls.Load() != 0 {
		t.Errorf("engine called %d times for a digital PDF", eng.calls.Load())
	}
	if doc.Type != TypePDF || len(doc.Pages) != 2 {
		t.Fatalf("got %s with %d pages", doc.Type, len(doc.Pages))
	}
	p := doc.Pages[0]
	if p.Source != SourceText || p.MeanConf != 1 || p.Number != 1 {
		t.Errorf("page 1: source %s, conf %v, number %d", p.Source, p.MeanConf, p.Number)
	}
	if p.Width < 595 || p.Width > 596 || p.Height < 841 || p.Height > 842 {
		t.Errorf("page 1 is %vx%v pt, want A4", p.Width, p.Height)
	}
	if got, want := wordsText(p.Words), strings.Join(payslipLines, " "); got != want {
		t.Errorf("page 1 words:\n got %q\nwant %q", got, want)
	}
	// Each written row is one line; words on a row share it, rows differ.
	lines := map[int]string{}
	for _, w := range p.Words {
		lines[w.Line] += w.Text + " "
		if w.Conf != 1 {
			t.Errorf("word %q has conf %v", w.Text, w.Conf)
		}
		if w.Box.X0 < 71 || w.Box.X1 <= w.Box.X0 || w.Box.Y1 <= w.Box.Y0 {
			t.Errorf("word %q has box %+v", w.Text, w.Box)
		}
	}
	if len(lines) != len(payslipLines) {
		t.Errorf("got %d lines, want %d: %v", len(lines), len(payslipLines), lines)
	}
	// Rows run down the page: origin at the top left.
	first, last := p.Words[0], p.Words[len(p.Words)-1]
	if first.Box.Y0 >= last.Box.Y0 || first.Box.Y0 > 100 {
		t.Errorf("first word at y=%v, last at y=%v: want top-left origin", first.Box.Y0, last.Box.Y0)
	}
	if got := wordsText(doc.Pages[1].Words); got != "Page two has Net Pay 9,999.99 here" {
		t.Errorf("page 2 words: %q", got)
	}
	if doc.PDF == nil || doc.PDF.Producer != "fpdf" || doc.PDF.Creator != "talaan test" || doc.PDF.Revisions != 1 {
		t.Errorf("PDF info = %+v", doc.PDF)
	}
	if doc.PDF != nil && !strings.HasPrefix(doc.PDF.CreationDate, "2026-07-15T09:30:00") {
		t.Errorf("creation date = %q", doc.PDF.CreationDate)
	}
}

func TestReadPDFWithJunkBeforeHeader(t *testing.T) {
	t.Parallel()
	data := append([]byte("From: scanner@example.com\r\n\r\n"), digitalPDF(t, [][]string{payslipLines})...)
	doc, err := (&Reader{}).Read(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	if got := wordsText(doc.Pages[0].Words); !strings.Contains(got, "Net Pay 10,450.21") {
		t.Errorf("words = %q", got)
	}
}

func TestReadScannedPDFRasterisesAt300DPI(t *testing.T) {
	t.Parallel()
	data := scannedPDF(t, grayPage(425, 550))
	eng := &fakeEngine{}
	doc, err := (&Reader{Engine: eng, KeepImages: true}).Read(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Pages[0]
	if p.Source != SourceOCR {
		t.Errorf("source = %s, want ocr", p.Source)
	}
	if p.Width != 2550 || p.Height != 3300 {
		t.Errorf("raster is %vx%v, want 2550x3300 (Letter at 300 dpi)", p.Width, p.Height)
	}
	if c := darkCorner(p.Image); c != "top-left" {
		t.Errorf("block is %s, want top-left", c)
	}
}

func TestReadScannedPDFWithoutEngineFails(t *testing.T) {
	t.Parallel()
	_, err := (&Reader{}).Read(context.Background(), scannedPDF(t, grayPage(100, 100)))
	if !errors.Is(err, errNoEngine) {
		t.Fatalf("error = %v, want errNoEngine", err)
	}
}

func TestCountRevisions(t *testing.T) {
	t.Parallel()
	body := "%PDF-1.4\n1 0 obj<<>>endobj\nxref\ntrailer<<>>\nstartxref\n9\n%%EOF\n"
	update := "2 0 obj<<>>endobj\nxref\ntrailer<</Prev 9>>\nstartxref\n99\n%%EOF\n"
	tests := []struct {
		name string
		data string
		want int
	}{
		{"one revision", body, 1},
		{"two incremental updates", body + update + update, 3},
		{"linearized file has two %%EOF but one revision", "%PDF-1.4\n1 0 obj<</Linearized 1>>endobj\n%%EOF\n" + body, 1},
		{"no %%EOF at all", "%PDF-1.4\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := countRevisions([]byte(tt.data)); got != tt.want {
				t.Errorf("countRevisions = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestRasterDPIForLargePages(t *testing.T) {
	t.Parallel()
	lim := Limits{}.withDefaults()
	tests := []struct {
		name    string
		w, h    float64
		wantMax int
		wantMin int
	}{
		{"letter at 300", 612, 792, 300, 300},
		{"a3 stays under 5000 px", 842, 1191, 300, 290},
		{"poster is lowered", 14400, 14400, 26, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rasterDPIFor(tt.w, tt.h, lim)
			if got < tt.wantMin || got > tt.wantMax {
				t.Errorf("dpi = %d, want %d..%d", got, tt.wantMin, tt.wantMax)
			}
			px := tt.w / 72 * float64(got) * tt.h / 72 * float64(got)
			if px > float64(lim.maxPixels()) || max(tt.w, tt.h)/72*float64(got) > downscaleAbove {
				t.Errorf("dpi %d gives %.0f px", got, px)
			}
		})
	}
}

func TestDecodePGM(t *testing.T) {
	t.Parallel()
	lim := Limits{}.withDefaults()
	good := append([]byte("P5\n# made by a test\n3 2\n255\n"), 1, 2, 3, 4, 5, 6)
	img, err := decodePGM(bufio.NewReader(bytes.NewReader(good)), lim)
	if err != nil {
		t.Fatal(err)
	}
	if img.Rect.Dx() != 3 || img.Rect.Dy() != 2 || !bytes.Equal(img.Pix, []byte{1, 2, 3, 4, 5, 6}) {
		t.Errorf("decoded %v %v", img.Rect, img.Pix)
	}
	bad := []struct {
		name string
		data []byte
		want error
	}{
		{"truncated pixels", good[:len(good)-1], ErrDamaged},
		{"not pgm", []byte("P6\n1 1\n255\n\x00\x00\x00"), ErrDamaged},
		{"16-bit", []byte("P5\n1 1\n65535\n\x00\x00"), ErrDamaged},
		{"header only", []byte("P5\n1 1\n255"), ErrDamaged},
		{"missing height", []byte("P5\n1\n"), ErrDamaged},
		{"huge declared size", []byte("P5\n99999 99999\n255\n\x00"), ErrImageTooLarge},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodePGM(bufio.NewReader(bytes.NewReader(tt.data)), lim); !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParseBBoxLayout(t *testing.T) {
	t.Parallel()
	const xhtml = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title></title><meta name="Producer" content="x"/></head>
<body>
<doc>
  <page width="612.000000" height="792.000000">
    <flow><block xMin="72" yMin="90" xMax="300" yMax="130">
      <line xMin="72" yMin="90" xMax="300" yMax="102">
        <word xMin="72.0" yMin="90.0" xMax="100.5" yMax="102.0">Net</word>
        <word xMin="104.0" yMin="90.0" xMax="120.0" yMax="102.0">Pay</word>
      </line>
      <line xMin="72" yMin="110" xMax="300" yMax="122">
        <word xMin="72.0" yMin="110.0" xMax="140.0" yMax="122.0">P&amp;L&#160;&lt;1&gt;</word>
      </line>
    </block></flow>
  </page>
  <page width="595" height="842">
  </page>
</doc>
</body>
</html>`
	pages, err := parseBBoxLayout(strings.NewReader(xhtml), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("got %d pages", len(pages))
	}
	p := pages[0]
	if p.width != 612 || p.height != 792 || len(p.words) != 3 {
		t.Fatalf("page 1 = %+v", p)
	}
	want := []Word{
		{Text: "Net", Box: Box{72, 90, 100.5, 102}, Conf: 1, Line: 1},
		{Text: "Pay", Box: Box{104, 90, 120, 102}, Conf: 1, Line: 1},
		{Text: "P&L\u00a0<1>", Box: Box{72, 110, 140, 122}, Conf: 1, Line: 2},
	}
	for i, w := range want {
		if p.words[i] != w {
			t.Errorf("word %d = %+v, want %+v", i, p.words[i], w)
		}
	}
	if pages[1].width != 595 || len(pages[1].words) != 0 {
		t.Errorf("page 2 = %+v", pages[1])
	}
}

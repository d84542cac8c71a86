package ocr

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

// rawPDF writes a PDF of n pages of the given MediaBox that all draw one
// shared content stream (Flate-compressed) in Helvetica: a few hundred
// bytes can declare a poster or a wall of text.
func rawPDF(t testing.TB, n int, mediaBox, content string) []byte {
	t.Helper()
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

// posterPDF is one empty 14400-point (200-inch) page: under 400 bytes.
func posterPDF(t testing.TB) []byte {
	return rawPDF(t, 1, "0 0 14400 14400", "")
}

// wordsPDF has pages that draw 200 lines of 200 one-letter words in
// 2-point type (pdftotext reads 25,000 words of each).
func wordsPDF(t testing.TB, pages int) []byte {
	var c strings.Builder
	c.WriteString("BT /F1 2 Tf 2 TL 10 780 Td\n")
	line := "(" + strings.Repeat("a ", 200) + ") Tj T*\n"
	for range 200 {
		c.WriteString(line)
	}
	c.WriteString("ET")
	return rawPDF(t, pages, "0 0 612 792", c.String())
}

func TestReadRefusesPosterPageBeforeRendering(t *testing.T) {
	t.Parallel()
	data := posterPDF(t)
	eng := &fakeEngine{}
	_, err := (&Reader{Engine: eng}).Read(context.Background(), data)
	if !errors.Is(err, ErrPageTooLarge) {
		t.Fatalf("Read error = %v, want ErrPageTooLarge", err)
	}
	const want = "page 1 is 200 x 200 inches; pages up to 50 inches on a side are read"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("Read error = %q, want it to say %q", err, want)
	}
	if n := eng.calls.Load(); n != 0 {
		t.Errorf("engine called %d times", n)
	}
}

func TestRasteriseNeverRendersMoreThanAsked(t *testing.T) {
	t.Parallel()
	// The page is measured at letter size but is a poster: pdftoppm is held
	// to the letter page's pixels.
	path := t.TempDir() + "/p.pdf"
	if err := os.WriteFile(path, posterPDF(t), 0o600); err != nil {
		t.Fatal(err)
	}
	mem := NewBudget(64 << 20)
	r := &Reader{Memory: mem}
	img, h, err := r.rasterise(context.Background(), path, 1, 100, 612, 792, Limits{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	if img.Rect.Dx() > 851 || img.Rect.Dy() > 1101 {
		t.Errorf("rendered %v, want at most 851x1101", img.Rect.Size())
	}
	if h.n != engineBytes(img) {
		t.Errorf("holds %d bytes for a %v page", h.n, img.Rect.Size())
	}
	h.release()
	if !mem.sem.TryAcquire(mem.Size()) {
		t.Error("the budget was not given back")
	}
}

func TestReadRefusesWallOfText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		pages int
		lim   Limits
		want  string
	}{
		{"25,000 words on a page", 50, Limits{}, "page 1 has more than 5000 words of text; a payslip has at most 5000"},
		{"more words than a document has", 5, Limits{MaxPageWords: 50000, MaxDocumentWords: 100000},
			"the document has more than 100000 words of text (5 pages so far)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := wordsPDF(t, tt.pages)
			t.Logf("%d pages of 25,000 words: %d bytes", tt.pages, len(data))
			_, err := (&Reader{Engine: &fakeEngine{}, Limits: tt.lim}).Read(context.Background(), data)
			if !errors.Is(err, ErrTooMuchText) {
				t.Fatalf("Read error = %v, want ErrTooMuchText", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read error = %q, want it to say %q", err, tt.want)
			}
		})
	}
}

func TestParseBBoxLayoutStopsAtOutputCap(t *testing.T) {
	t.Parallel()
	big := strings.NewReader("<doc><page width=\"1\" height=\"1\">" + strings.Repeat("<!-- padding -->", maxTextOutput/16+1))
	_, err := parseBBoxLayout(&cappedReader{r: big, n: maxTextOutput}, Limits{})
	if !errors.Is(err, ErrTooMuchText) {
		t.Fatalf("error = %v, want ErrTooMuchText", err)
	}
}

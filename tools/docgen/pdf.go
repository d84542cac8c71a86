package docgen

import (
	"bytes"
	_ "embed"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
)

var (
	//go:embed fonts/DejaVuSansCondensed.ttf
	dejaVuSans []byte
	//go:embed fonts/DejaVuSansCondensed-Bold.ttf
	dejaVuSansBold []byte
	//go:embed fonts/DejaVuSansMono.ttf
	dejaVuMono []byte
	//go:embed fonts/DejaVuSansMono-Bold.ttf
	dejaVuMonoBold []byte
)

// typeface is one font family a document can be set in.
type typeface struct {
	Name    string // for notes
	Core    string // PDF core font name, or "" for an embedded TTF
	Regular []byte
	Bold    []byte
	Peso    bool // can draw U+20B1
}

func sansFaces() []typeface {
	return []typeface{
		{Name: "Helvetica", Core: "Helvetica"},
		{Name: "Times", Core: "Times"},
		{Name: "Go", Regular: goregular.TTF, Bold: gobold.TTF},
		{Name: "DejaVuSansCondensed", Regular: dejaVuSans, Bold: dejaVuSansBold, Peso: true},
		{Name: "DejaVuSansCondensed", Regular: dejaVuSans, Bold: dejaVuSansBold, Peso: true},
	}
}

func monoFaces() []typeface {
	return []typeface{
		{Name: "Courier", Core: "Courier"},
		{Name: "GoMono", Regular: gomono.TTF, Bold: gomonobold.TTF},
		{Name: "DejaVuSansMono", Regular: dejaVuMono, Bold: dejaVuMonoBold, Peso: true},
	}
}

// pageSize in millimetres.
type pageSize struct {
	Name string
	W, H float64
}

var (
	sizeA4        = pageSize{"A4", 210, 297}
	sizeLetter    = pageSize{"Letter", 215.9, 279.4}
	sizeLegal     = pageSize{"Legal", 215.9, 355.6}
	sizeHalfL     = pageSize{"half-letter landscape", 215.9, 139.7}
	sizeA5        = pageSize{"A5", 148, 210}
	sizeA4L       = pageSize{"A4 landscape", 297, 210}
	sizeSlip      = pageSize{"slip 210x160", 210, 160}
	sizeLetterL   = pageSize{"Letter landscape", 279.4, 215.9}
	sizeReceipt80 = pageSize{"receipt 80mm", 80, 200}
)

// pdfw wraps fpdf with the document's typefaces and hides the difference
// between core fonts (cp1252) and embedded UTF-8 fonts.
type pdfw struct {
	f          *fpdf.Fpdf
	sans, mono typeface
	tr         func(string) string
	cur        typeface
	size       pageSize
}

func newPDF(size pageSize, sans, mono typeface, created time.Time) *pdfw {
	f := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		Size:           fpdf.SizeType{Wd: size.W, Ht: size.H},
	})
	f.SetCatalogSort(true)
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	p := &pdfw{f: f, sans: sans, mono: mono, tr: f.UnicodeTranslatorFromDescriptor(""), size: size}
	for _, tf := range []struct {
		fam string
		t   typeface
	}{{"sans", sans}, {"mono", mono}} {
		if tf.t.Core != "" {
			continue
		}
		// fpdf's font subsetter appends into slices of the bytes it is
		// given, so it gets its own copy: sharing one would let a document
		// change the font bytes the next document is made from.
		f.AddUTF8FontFromBytes(tf.fam, "", bytes.Clone(tf.t.Regular))
		f.AddUTF8FontFromBytes(tf.fam, "B", bytes.Clone(tf.t.Bold))
	}
	return p
}

func (p *pdfw) addPage() { p.f.AddPage() }

func (p *pdfw) setFont(mono bool, style string, size float64) {
	t, fam := p.sans, "sans"
	if mono {
		t, fam = p.mono, "mono"
	}
	if t.Core != "" {
		fam = t.Core
	} else if style != "B" {
		style = ""
	}
	p.cur = t
	p.f.SetFont(fam, style, size)
}

func (p *pdfw) conv(s string) string {
	if p.cur.Core != "" {
		return p.tr(s)
	}
	return s
}

func (p *pdfw) width(s string) float64 { return p.f.GetStringWidth(p.conv(s)) }

// text draws s with its baseline at y.
func (p *pdfw) text(x, y float64, s string) { p.f.Text(x, y, p.conv(s)) }

func (p *pdfw) textR(xr, y float64, s string) { p.text(xr-p.width(s), y, s) }

func (p *pdfw) textC(xc, y float64, s string) { p.text(xc-p.width(s)/2, y, s) }

// fit shrinks the font until s fits in w millimetres.
func (p *pdfw) fit(s string, w, size float64) {
	for size > 5 && p.width(s) > w {
		size -= 0.5
		p.f.SetFontSize(size)
	}
}

func (p *pdfw) line(x1, y1, x2, y2 float64) { p.f.Line(x1, y1, x2, y2) }

func (p *pdfw) rect(x, y, w, h float64, style string) { p.f.Rect(x, y, w, h, style) }

func (p *pdfw) gray(g int) {
	p.f.SetTextColor(g, g, g)
}

func (p *pdfw) output() ([]byte, error) {
	var buf bytes.Buffer
	if err := p.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return buf.Bytes(), nil
}

package extract

import (
	"testing"

	"talaan/ocr"
)

func TestAmountReading(t *testing.T) {
	tests := []struct {
		name             string
		text             string
		base, gross, net float64
	}{
		{
			name: "a speck read as a point before the number",
			text: `
Ilog Resort Corp.          PAYSLIP
Pay Period: Aug 1, 2024 - Aug 31, 2024
BASIC SALARY  .106500.00   SSS/EC            1750.00
GROSS PAY PHP  109081.75   DEDUCTIONS TOTAL  25566.99
NET PAY         83514.76
`,
			base: 106500, gross: 109081.75, net: 83514.76,
		},
		{
			name: "a value beside another total's caption is not the gross",
			text: `
Kalayaan Dental Care
Pay Period: 12/22/24 - 1/4/25
Basic Salary     43,034.50     SSS EE              807.69
Gross Income                   Total Deduction   9,421.75
NET SALARY   PHP 36,640.24
`,
			base: 43034.5, gross: 46061.99, net: 36640.24, // gross follows from net and deductions, for review
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The readings, whether or not published: one flat threshold
			// keeps the optional fields that judge would leave empty.
			res := Extract(&ocr.Document{Type: ocr.TypePNG, Pages: []ocr.Page{pageFromText(1, tt.text, ocr.SourceOCR, 0.95)}}, Options{MinConfidence: 0.8})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records, want 1", len(res.Records))
			}
			in := res.Records[0].Income
			if g := num(in.GrossAmount); g != tt.gross {
				t.Errorf("gross = %v, want %v", g, tt.gross)
			}
			if b := num(in.BaseAmount); b != tt.base {
				t.Errorf("base = %v, want %v", b, tt.base)
			}
			if n := num(in.NetAmount); n != tt.net {
				t.Errorf("net = %v, want %v", n, tt.net)
			}
		})
	}
}

// An amount OCR read glyph by glyph in a large font is one amount again;
// separate figures of a table row are not joined.
func TestMergeSpacedNumbers(t *testing.T) {
	words := func(texts ...string) []ocr.Word {
		var ws []ocr.Word
		x := 0.0
		for _, s := range texts {
			w := float64(len(s)) * 8
			ws = append(ws, ocr.Word{Text: s, Box: ocr.Box{X0: x, Y0: 0, X1: x + w, Y1: 20}, Conf: 0.9})
			x += w + 4
		}
		return ws
	}
	got := mergeSpacedNumbers(words("Net", "P14", ",", "017", ".", "18"))
	if len(got) != 2 || got[1].Text != "P14,017.18" {
		t.Errorf("spaced amount: %v", got)
	}
	row := words("1", "2", "3")
	if got := mergeSpacedNumbers(row); len(got) != 3 {
		t.Errorf("three separate figures were joined: %v", got)
	}
}

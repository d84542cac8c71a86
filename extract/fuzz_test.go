package extract_test

import (
	"encoding/binary"
	"math"
	"testing"

	"talaan/extract"
	"talaan/ocr"
)

// fuzzVocab is what a payslip, a BIR 2316 or a bill is made of, with the
// malformed amounts and dates OCR produces.
var fuzzVocab = []string{
	"PAYSLIP", "Payslip", "Pay", "Slip", "Net", "NET", "Gross", "Basic", "Salary", "Total", "Earnings",
	"Deductions", "Take", "Home", "Amount", "Income", "Period", "Pay Period", "Pay Date", "Date", "Cut-off",
	"From", "To", "to", "-", "–", ":", "|", "SSS", "PhilHealth", "Pag-IBIG", "HDMF", "Withholding", "Tax",
	"Employer", "Employee", "Name", "Inc.", "Corporation", "Co.", "BIR", "Form", "2316", "Certificate",
	"Compensation", "Present", "Item", "19", "21", "39", "YTD", "Semi-monthly", "Monthly", "Weekly",
	"PHP", "Php", "P", "₱", "$", "Amount Due", "Billing", "Invoice", "Balance",
	"12,975.00", "10,450.21", "2,524.79", "0.00", ".00", "1", "-1,000.00", "(500.00)", "1,00", "1.000,50", "999999999999.99",
	"99999999999999999999999999.99", "1e308", "-0", "NaN", "Inf", "+Inf", "0x1p-2", "٣٤٥", "１２３",
	"07/01/2026", "07/15/2026", "2026-07-15", "July 15, 2026", "June 1-15, 2024", "JUNE 16-30, 2024",
	"02/30/2026", "13/13/2026", "00/00/0000", "9999-99-99", "1/1/1", "Dec 31, 9999", "2026",
	"", " ", "\u00a0", "\x00", "\ufffd", "a\nb",
}

// FuzzExtract builds a document of words drawn from fuzzVocab, with boxes
// of any size (zero, negative, huge, NaN-free), and checks that Extract
// never panics, decides a valid status, and publishes only finite numbers.
func FuzzExtract(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 0, 10, 0, 10, 0, 1})
	f.Add(fuzzSeed([][]string{
		{"PAYSLIP"},
		{"Employer", ":", "Inc."},
		{"Pay Period", "07/01/2026", "-", "07/15/2026"},
		{"Basic", "Salary", "12,975.00"},
		{"Gross", "Pay", "12,975.00"},
		{"SSS", "(500.00)", "PhilHealth", "0.00"},
		{"Total", "Deductions", "2,524.79"},
		{"Net", "Pay", "PHP", "10,450.21"},
	}))
	f.Add(fuzzSeed([][]string{
		{"BIR", "Form", "2316"},
		{"Certificate", "Compensation", "Tax"},
		{"From", "2026", "To", "Dec 31, 9999"},
		{"Item", "19", "99999999999999999999999999.99"},
		{"Present", "Employer", "Corporation"},
	}))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := fuzzDocument(data)
		res := extract.Extract(doc, extract.Options{})
		switch res.Status {
		case extract.StatusAnalyzed, extract.StatusReview, extract.StatusUnsupported, extract.StatusError:
		default:
			t.Fatalf("status %q", res.Status)
		}
		for i, r := range res.Records {
			in, a := r.Income, r.Analysis
			for _, v := range []*float64{in.BaseAmount, in.GrossAmount, in.NetAmount,
				a.SSS, a.PhilHealth, a.PagIbig, a.WithholdingTax, a.TotalDeductions} {
				if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
					t.Fatalf("record %d: amount %v in %+v / %+v", i, *v, in, a)
				}
			}
			for name, fd := range r.Fields {
				if math.IsNaN(fd.Confidence) || math.IsInf(fd.Confidence, 0) {
					t.Fatalf("record %d: field %s confidence %v", i, name, fd.Confidence)
				}
			}
		}
	})
}

// fuzzDocument reads data as a document: a page count, then per page its
// size, source and word count, then per word a vocabulary entry (or two
// joined), a box as four signed 16-bit numbers, a confidence and a line.
// Missing bytes read as zero, so every input is a document.
func fuzzDocument(data []byte) *ocr.Document {
	r := &fuzzReader{b: data}
	doc := &ocr.Document{Type: ocr.TypePDF}
	pages := 1 + int(r.byte()%3)
	for n := 1; n <= pages; n++ {
		p := ocr.Page{Number: n, Width: float64(r.int16()), Height: float64(r.int16()), Source: ocr.SourceText}
		if r.byte()%2 == 1 {
			p.Source = ocr.SourceOCR
			doc.Type = ocr.TypePNG
		}
		words := int(r.byte())
		for range words {
			if r.empty() {
				break
			}
			k := r.byte()
			text := fuzzVocab[int(k&0x7f)%len(fuzzVocab)]
			if k&0x80 != 0 {
				text += fuzzVocab[int(r.byte())%len(fuzzVocab)]
			}
			x0, y0 := float64(r.int16()), float64(r.int16())
			w, h := float64(r.int16()), float64(r.int16())
			conf := float64(r.byte()) / 255
			p.Words = append(p.Words, ocr.Word{Text: text, Box: ocr.Box{X0: x0, Y0: y0, X1: x0 + w, Y1: y0 + h},
				Conf: conf, Line: int(r.byte())})
			p.MeanConf += conf
		}
		if len(p.Words) > 0 {
			p.MeanConf /= float64(len(p.Words))
		}
		doc.Pages = append(doc.Pages, p)
	}
	return doc
}

// fuzzSeed encodes rows of vocabulary words, each word 60 units wide and
// each row 14 units high, on one text-layer page, as fuzzDocument reads
// them. The rows must hold words of fuzzVocab's first 128 entries.
func fuzzSeed(rows [][]string) []byte {
	index := map[string]byte{}
	for i, w := range fuzzVocab {
		if _, ok := index[w]; !ok && i < 128 {
			index[w] = byte(i)
		}
	}
	b := []byte{0}
	b = binary.BigEndian.AppendUint16(b, 612)
	b = binary.BigEndian.AppendUint16(b, 792)
	b = append(b, 0, 0) // text layer; word count patched below
	n := 0
	for y, row := range rows {
		for x, w := range row {
			k, ok := index[w]
			if !ok {
				panic("fuzzSeed: " + w + " is not in the first 128 words of fuzzVocab")
			}
			b = append(b, k)
			for _, v := range []int{40 + 60*x, 40 + 14*y, 55, 10} {
				b = binary.BigEndian.AppendUint16(b, uint16(v))
			}
			b = append(b, 255, byte(y))
			n++
		}
	}
	b[6] = byte(n)
	return b
}

type fuzzReader struct{ b []byte }

func (r *fuzzReader) empty() bool { return len(r.b) == 0 }

func (r *fuzzReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *fuzzReader) int16() int16 {
	var two [2]byte
	two[0], two[1] = r.byte(), r.byte()
	return int16(binary.BigEndian.Uint16(two[:]))
}

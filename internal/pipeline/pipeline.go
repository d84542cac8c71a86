// Package pipeline runs a file through the whole engine: ocr.Reader (bytes to
// pages of words) then extract.Extract (pages to income records), and shapes
// the result as the JSON object `talaan extract` prints and the worker stores.
package pipeline

import (
	"context"
	"time"

	"talaan/extract"
	"talaan/ocr"
)

// Output is one file's result, as printed by `talaan extract` (one JSON
// object per line): an income per record found, and in Records the
// evidence for each (a PDF of several payslips has several), in the same
// order.
type Output struct {
	File         string           `json:"file"`
	Status       extract.Status   `json:"status"`
	FileType     ocr.FileType     `json:"fileType"`
	Kind         extract.Kind     `json:"kind"`
	Incomes      []extract.Income `json:"incomes"`
	Doubts       []extract.Doubt  `json:"doubts,omitempty"`
	Records      []Record         `json:"records,omitempty"`
	Tamper       []extract.Tamper `json:"tamper,omitempty"`
	ErrorCode    string           `json:"errorCode,omitempty"`
	ErrorMessage string           `json:"errorMessage,omitempty"`
	Pages        int              `json:"pages"`
	PageSources  []ocr.Source     `json:"pageSources,omitempty"`
	// PageInfo is each page's geometry, so that a field's Box (in page
	// units) can be drawn on a picture of the page.
	PageInfo []PageInfo `json:"pageInfo,omitempty"`
	MS       int64      `json:"ms"`
}

// PageInfo is one page's geometry: Width and Height are in the page units of
// the fields' boxes (points for a PDF text layer; pixels of the upright
// raster that was recognised for OCR), and Rotation is the clockwise turn
// (0, 90, 180, 270) that made the page upright before recognition.
type PageInfo struct {
	Number   int        `json:"number"`
	Width    float64    `json:"width"`
	Height   float64    `json:"height"`
	Rotation int        `json:"rotation"`
	Source   ocr.Source `json:"source"`
}

// Record is the evidence for one income.
type Record struct {
	Pages    []int                    `json:"pages"`
	Analysis extract.Analysis         `json:"analysis"`
	Fields   map[string]extract.Field `json:"fields"`
	Checks   []extract.Check          `json:"checks"`
	Doubts   []extract.Doubt          `json:"doubts,omitempty"`
}

// Pipeline holds the reader; it is safe for concurrent use when its
// Engine is.
type Pipeline struct {
	Reader  *ocr.Reader
	Explain bool
}

// Process reads and extracts one file. It never returns an error for bad
// input: that becomes Status ERROR or UNSUPPORTED with a reason. The error
// return is for context cancellation and engine failures a caller may retry.
func (p *Pipeline) Process(ctx context.Context, name string, data []byte) (Output, error) {
	start := time.Now()
	out := Output{File: name, Incomes: []extract.Income{}}
	doc, err := p.Reader.Read(ctx, data)
	if err != nil {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		f, ok := FailureOf(err)
		if !ok {
			return out, err
		}
		out.Status, out.ErrorCode, out.ErrorMessage = extract.StatusError, f.Code, f.Message
		if f.Unsupported {
			out.Status = extract.StatusUnsupported
		}
		out.FileType = ocr.Sniff(data)
		out.MS = time.Since(start).Milliseconds()
		return out, nil
	}
	res := extract.Extract(doc, extract.Options{Explain: p.Explain})
	out.FileType = doc.Type
	out.Pages = len(doc.Pages)
	for _, pg := range doc.Pages {
		out.PageSources = append(out.PageSources, pg.Source)
		out.PageInfo = append(out.PageInfo, PageInfo{Number: pg.Number, Width: pg.Width, Height: pg.Height,
			Rotation: pg.Rotation, Source: pg.Source})
	}
	out.Status, out.Kind = res.Status, res.Kind
	out.ErrorCode, out.ErrorMessage, out.Tamper = res.ErrorCode, res.ErrorMessage, res.Tamper
	if out.ErrorCode != "" && out.ErrorMessage == "" {
		out.ErrorMessage = FailureFor(out.ErrorCode).Message
	}
	for _, r := range res.Records {
		out.Incomes = append(out.Incomes, r.Income)
		out.Records = append(out.Records, Record{Pages: r.Pages, Analysis: r.Analysis, Fields: r.Fields, Checks: r.Checks, Doubts: r.Doubts})
		out.Doubts = append(out.Doubts, r.Doubts...)
	}
	out.MS = time.Since(start).Milliseconds()
	return out, nil
}

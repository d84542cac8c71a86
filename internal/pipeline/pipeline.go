// Package pipeline runs a file through the whole engine: ocr.Reader (bytes to
// pages of words) then extract.Extract (pages to income records), and shapes
// the result as the JSON object `talaan extract` prints and the worker stores.
package pipeline

import (
	"context"
	"errors"
	"time"

	"talaan/extract"
	"talaan/ocr"
)

// Output is one file's result, as printed by `talaan extract` (one JSON
// object per line). Analysis, Fields and Checks describe the first income;
// Records holds the same for every income, for documents with several
// (a PDF of several payslips).
type Output struct {
	File         string                   `json:"file"`
	Status       extract.Status           `json:"status"`
	FileType     ocr.FileType             `json:"fileType"`
	Kind         extract.Kind             `json:"kind"`
	Incomes      []extract.Income         `json:"incomes"`
	Analysis     *extract.Analysis        `json:"analysis,omitempty"`
	Fields       map[string]extract.Field `json:"fields,omitempty"`
	Checks       []extract.Check          `json:"checks,omitempty"`
	Doubts       []string                 `json:"doubts,omitempty"`
	Records      []Record                 `json:"records,omitempty"`
	Tamper       []extract.Tamper         `json:"tamper,omitempty"`
	ErrorCode    string                   `json:"errorCode,omitempty"`
	ErrorMessage string                   `json:"errorMessage,omitempty"`
	Pages        int                      `json:"pages"`
	PageSources  []ocr.Source             `json:"pageSources,omitempty"`
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
	Doubts   []string                 `json:"doubts,omitempty"`
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
		code, msg, ok := Reason(err)
		if !ok {
			return out, err
		}
		out.Status, out.ErrorCode, out.ErrorMessage = extract.StatusError, code, msg
		if code == CodeUnsupportedFormat || code == CodeEncrypted {
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
	for i, r := range res.Records {
		out.Incomes = append(out.Incomes, r.Income)
		out.Records = append(out.Records, Record{Pages: r.Pages, Analysis: r.Analysis, Fields: r.Fields, Checks: r.Checks, Doubts: r.Doubts})
		out.Doubts = append(out.Doubts, r.Doubts...)
		if i == 0 {
			a := r.Analysis
			out.Analysis, out.Fields, out.Checks = &a, r.Fields, r.Checks
		}
	}
	out.MS = time.Since(start).Milliseconds()
	return out, nil
}

// Reason codes: a closed set a person can act on.
const (
	CodeEmpty             = "EMPTY_FILE"
	CodeUnsupportedFormat = "UNSUPPORTED_FORMAT"
	CodeEncrypted         = "PASSWORD_PROTECTED"
	CodeDamaged           = "DAMAGED_FILE"
	CodeTooManyPages      = "TOO_MANY_PAGES"
	CodeImageTooLarge     = "IMAGE_TOO_LARGE"
	CodeFileTooLarge      = "FILE_TOO_LARGE"
	CodeUnreadable        = "UNREADABLE"
	CodePageTooLarge      = "PAGE_TOO_LARGE"
	CodeTooMuchText       = "TOO_MUCH_TEXT"
)

// Reason maps an ocr error to a reason code and a message a person can act on.
func Reason(err error) (code, message string, ok bool) {
	switch {
	case errors.Is(err, ocr.ErrEmpty):
		return CodeEmpty, "The file is empty. Upload the payslip or tax record again.", true
	case errors.Is(err, ocr.ErrUnsupportedType):
		return CodeUnsupportedFormat, "This file type is not supported. Upload a PDF, PNG, JPEG or TIFF.", true
	case errors.Is(err, ocr.ErrEncrypted):
		return CodeEncrypted, "The PDF is password protected. Upload a copy without a password.", true
	case errors.Is(err, ocr.ErrDamaged):
		return CodeDamaged, "The file is damaged or incomplete and cannot be opened. Upload it again or export a new copy.", true
	case errors.Is(err, ocr.ErrTooManyPages):
		return CodeTooManyPages, "The document has too many pages. Upload only the payslip or tax record pages.", true
	case errors.Is(err, ocr.ErrImageTooLarge):
		return CodeImageTooLarge, "The image is too large to read (its dimensions or colour depth). Upload a smaller photo or scan, or save it as an 8-bit image.", true
	case errors.Is(err, ocr.ErrPageTooLarge):
		return CodePageTooLarge, "A page of the PDF is too large to read (over 50 inches on a side). Export the payslip or tax record at its paper size.", true
	case errors.Is(err, ocr.ErrTooMuchText):
		return CodeTooMuchText, "The PDF has far more text than a payslip or tax record. Upload only the payslip or tax record pages.", true
	case errors.Is(err, ocr.ErrFileTooLarge):
		return CodeFileTooLarge, "The file is too large. Upload a file under 15 MB.", true
	case errors.Is(err, ocr.ErrUnreadable):
		return CodeUnreadable, "No readable text was found. Upload a sharper, well-lit photo or scan of the whole page.", true
	}
	return "", "", false
}

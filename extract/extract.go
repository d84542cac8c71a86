// Package extract turns pages of words (package ocr) into income records:
// it classifies each document or page (payslip, BIR Form 2316, W-2,
// 1099-NEC, unsupported), finds the fields by layout, checks the arithmetic,
// gives every field a confidence and decides whether the result can be
// published, needs a person, or is not an income document.
//
// It does no I/O and does not log.
package extract

import "talaan/ocr"

// Options tune extraction.
type Options struct {
	// Explain keeps the words each field came from in Field.Words.
	Explain bool
}

// Extract classifies the document and extracts its income records.
func Extract(doc *ocr.Document, opts Options) Result {
	return Result{Status: StatusUnsupported, Kind: KindUnsupported, ErrorCode: "NOT_INCOME_DOCUMENT",
		ErrorMessage: "extraction is not implemented yet"}
}

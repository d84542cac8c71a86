// Package ocr turns the bytes of an uploaded document (PDF, PNG, JPEG, TIFF)
// into pages of words with boxes, line numbers and confidences.
//
// It triages first: the real type is sniffed from the bytes, PDFs are
// validated with pdfcpu, encrypted or oversized inputs are refused with the
// package's typed errors. Pages with a PDF text layer are read directly;
// other pages are rasterised (PDF) or decoded (images) and handed
// to an Engine (Tesseract, in package ocr/tesseract), which normalises them.
//
// The package does no network or database I/O and does not log.
//
// # What it needs at run time
//
//   - poppler-utils: pdftotext (the text layer, one run per PDF) and pdftoppm
//     (pages without text, rendered to gray PGM at 300 dpi), found on PATH
//     and run as child processes with a timeout. Debian: poppler-utils.
//   - A writable temporary folder (os.TempDir): each PDF is copied into its
//     own work folder, removed when Read returns.
//   - An Engine for pages without a text layer; package ocr/tesseract
//     provides one. Digital PDFs need none.
//
// pdfcpu (pure Go) validates PDFs; Go's decoders read PNG, JPEG and TIFF.
// Limits bound the file size, pages, pixels and decoded bytes per page image,
// and the words of a PDF text layer; sizes are checked from headers before
// anything is decoded. Non-interlaced PNGs are decoded row by row straight to
// gray. A Budget (Reader.Memory) bounds the decoded bytes of every page
// being read in the process at once; a page waits for its share.
package ocr

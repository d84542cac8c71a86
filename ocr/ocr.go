package ocr

import (
	"context"
	"errors"
	"image"
)

// FileType is the real type of a document, sniffed from its bytes.
type FileType string

const (
	TypePDF     FileType = "pdf"
	TypePNG     FileType = "png"
	TypeJPEG    FileType = "jpeg"
	TypeTIFF    FileType = "tiff"
	TypeUnknown FileType = "unknown"
)

// Source says where a page's words came from.
type Source string

const (
	// SourceText means the words were read from the PDF's text layer: exact.
	SourceText Source = "text"
	// SourceOCR means the words were recognised by the OCR engine.
	SourceOCR Source = "ocr"
)

// Box is a rectangle in page units, origin at the top left, Y growing down.
type Box struct {
	X0 float64 `json:"x0"`
	Y0 float64 `json:"y0"`
	X1 float64 `json:"x1"`
	Y1 float64 `json:"y1"`
}

func (b Box) Width() float64  { return b.X1 - b.X0 }
func (b Box) Height() float64 { return b.Y1 - b.Y0 }
func (b Box) CenterY() float64 {
	return (b.Y0 + b.Y1) / 2
}
func (b Box) CenterX() float64 {
	return (b.X0 + b.X1) / 2
}

// Union returns the smallest box holding b and o.
func (b Box) Union(o Box) Box {
	return Box{min(b.X0, o.X0), min(b.Y0, o.Y0), max(b.X1, o.X1), max(b.Y1, o.Y1)}
}

// Word is one recognised or extracted word.
type Word struct {
	Text string  `json:"text"`
	Box  Box     `json:"box"`
	Conf float64 `json:"conf"` // 0..1; 1 for words from a PDF text layer
	// Line numbers a line of the source (Tesseract's block/paragraph/line, or
	// the PDF text layer's line), unique within the page. Extraction rebuilds
	// visual rows from the boxes; Line is a hint only.
	Line int `json:"line"`
}

// Page is one page of a document, with its words in reading order.
type Page struct {
	Number int     `json:"number"` // 1-based
	Width  float64 `json:"width"`  // page units (pixels for OCR, points for text layers)
	Height float64 `json:"height"`
	Source Source  `json:"source"`
	// Rotation is the clockwise rotation in degrees (0, 90, 180, 270) that was
	// applied to make the page upright; Skew the small deskew angle applied.
	Rotation int     `json:"rotation"`
	Skew     float64 `json:"skew"`
	// MeanConf is the mean word confidence, 0..1.
	MeanConf float64 `json:"meanConf"`
	Words    []Word  `json:"words"`
	// Image is the upright, deskewed gray raster that was recognised, when the
	// page went through OCR and the caller asked to keep it; nil otherwise.
	Image *image.Gray `json:"-"`
}

// PDFInfo is what the PDF's own metadata says, used to flag tampering.
type PDFInfo struct {
	Producer     string `json:"producer,omitempty"`
	Creator      string `json:"creator,omitempty"`
	CreationDate string `json:"creationDate,omitempty"`
	ModDate      string `json:"modDate,omitempty"`
	// Revisions counts the file's revisions: more than 1 means incremental
	// updates were appended after the file was first written.
	Revisions int `json:"revisions"`
}

// Document is the result of reading a file.
type Document struct {
	Type  FileType `json:"type"`
	Pages []Page   `json:"pages"`
	PDF   *PDFInfo `json:"pdf,omitempty"`
}

// Engine recognises the words of one page image. An Engine is safe for
// concurrent use (implementations pool their native clients).
type Engine interface {
	// Recognize normalises the page (orientation 0/90/180/270, deskew) and
	// returns its words in the coordinates of the upright image, which it also
	// returns. hints say what the caller already did to the image.
	Recognize(ctx context.Context, img *image.Gray, hints Hints) (Recognition, error)
}

// Hints are what the Reader learned of a page image before recognition.
type Hints struct {
	// LightEvened says the page's lighting was evened out (a photographed
	// page, or one with a shadow or a lamp's falloff across it): if one
	// threshold for the whole page still reads it poorly, a local one may
	// read more.
	LightEvened bool
}

// Recognition is an Engine's result for one page.
type Recognition struct {
	Words    []Word
	Rotation int     // clockwise degrees applied before recognition
	Skew     float64 // degrees of deskew applied
	Width    int
	Height   int
	Image    *image.Gray // the image recognised (upright, deskewed); may be nil
}

// The closed set of failures a caller can act on. Wrapped errors carry the
// detail; test with errors.Is.
var (
	ErrEmpty           = errors.New("the file is empty")
	ErrUnsupportedType = errors.New("unsupported file type")
	ErrEncrypted       = errors.New("the PDF is password protected")
	ErrDamaged         = errors.New("the file is damaged or truncated")
	ErrTooManyPages    = errors.New("the document has too many pages")
	ErrImageTooLarge   = errors.New("the image is too large")
	ErrFileTooLarge    = errors.New("the file is too large")
	ErrUnreadable      = errors.New("no readable text was found")
	// ErrPageTooLarge is a PDF page too large to render at a resolution OCR
	// can read within the pixel limit.
	ErrPageTooLarge = errors.New("the page is too large")
	// ErrTooMuchText is a PDF text layer with more words than any payslip
	// or tax record, which would cost seconds of CPU to read.
	ErrTooMuchText = errors.New("the text layer has too many words")
)

// ErrNoPage is DecodePage asked for a page the file does not have.
var ErrNoPage = errors.New("no such page")

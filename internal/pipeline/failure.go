package pipeline

import (
	"errors"

	"talaan/extract"
	"talaan/ocr"
)

// Reason codes of the files the reader refuses: a closed set a person can
// act on. The engine's own (extract.CodeNotIncome, extract.CodeUnreadable)
// and CodeSystem complete the set in failures.
const (
	CodeEmpty             = "EMPTY_FILE"
	CodeUnsupportedFormat = "UNSUPPORTED_FORMAT"
	CodeEncrypted         = "PASSWORD_PROTECTED"
	CodeDamaged           = "DAMAGED_FILE"
	CodeTooManyPages      = "TOO_MANY_PAGES"
	CodeImageTooLarge     = "IMAGE_TOO_LARGE"
	CodeFileTooLarge      = "FILE_TOO_LARGE"
	CodeUnreadable        = extract.CodeUnreadable
	CodePageTooLarge      = "PAGE_TOO_LARGE"
	CodeTooMuchText       = "TOO_MUCH_TEXT"
	// CodeSystem is a document talaan could not process for a reason of
	// its own, after its retries.
	CodeSystem = "SYSTEM_ERROR"
)

// Smile's state.errorCode values; the specific reason goes in state.reason
// and errorMessage.
const (
	SmileInvalidFormat = "INVALID_FIELD_FORMAT"
	SmileMissingField  = "MISSING_MANDATORY_FIELD"
	SmileSystem        = "SYSTEM_ERROR"
)

// Failure is one reason a document gives no incomes: the code talaan keeps
// and sends as state.reason, Smile's errorCode for it, whether the file is
// UNSUPPORTED (not a document talaan reads) rather than in ERROR, and the
// message a person can act on.
type Failure struct {
	Code        string
	SmileCode   string
	Unsupported bool
	Message     string
	err         error // the reader's sentinel, when the reader refuses
}

// failures is the one table of reasons, from the reader's sentinels to
// Smile's codes and the person's message. NOT_INCOME_DOCUMENT has no
// message here: the engine says what the document looks like instead.
var failures = []Failure{
	{CodeEmpty, SmileInvalidFormat, false, "The file is empty. Upload the payslip or tax record again.", ocr.ErrEmpty},
	{CodeUnsupportedFormat, SmileInvalidFormat, true, "This file type is not supported. Upload a PDF, PNG, JPEG or TIFF.", ocr.ErrUnsupportedType},
	{CodeEncrypted, SmileInvalidFormat, true, "The PDF is password protected. Upload a copy without a password.", ocr.ErrEncrypted},
	{CodeDamaged, SmileInvalidFormat, false, "The file is damaged or incomplete and cannot be opened. Upload it again or export a new copy.", ocr.ErrDamaged},
	{CodeTooManyPages, SmileInvalidFormat, false, "The document has too many pages. Upload only the payslip or tax record pages.", ocr.ErrTooManyPages},
	{CodeImageTooLarge, SmileInvalidFormat, false, "The image is too large to read (its dimensions or colour depth). Upload a smaller photo or scan, or save it as an 8-bit image.", ocr.ErrImageTooLarge},
	{CodePageTooLarge, SmileInvalidFormat, false, "A page of the PDF is too large to read (over 50 inches on a side). Export the payslip or tax record at its paper size.", ocr.ErrPageTooLarge},
	{CodeTooMuchText, SmileInvalidFormat, false, "The PDF has far more text than a payslip or tax record. Upload only the payslip or tax record pages.", ocr.ErrTooMuchText},
	{CodeFileTooLarge, SmileInvalidFormat, false, "The file is too large. Upload a file under 15 MB.", ocr.ErrFileTooLarge},
	{CodeUnreadable, SmileMissingField, false, "No readable text was found. Upload a sharper, well-lit photo or scan of the whole page.", ocr.ErrUnreadable},
	{extract.CodeNotIncome, SmileInvalidFormat, true, "", nil},
	{CodeSystem, SmileSystem, false, "The document could not be processed because of a problem on our side. The original file is still available.", nil},
}

// FailureOf is the failure a reader's error stands for; ok is false for an
// error that is no fault of the file (the caller retries or reports it).
func FailureOf(err error) (Failure, bool) {
	for _, f := range failures {
		if f.err != nil && errors.Is(err, f.err) {
			return f, true
		}
	}
	return Failure{}, false
}

// FailureFor is the failure of a reason code; a code not in the table is
// an invalid format to Smile, with no message of its own.
func FailureFor(code string) Failure {
	for _, f := range failures {
		if f.Code == code {
			return f
		}
	}
	return Failure{Code: code, SmileCode: SmileInvalidFormat}
}

package pipeline

import (
	"errors"
	"fmt"
	"testing"

	"talaan/extract"
	"talaan/ocr"
)

// The table is the one place a reason is written: every refusal of the
// reader has a row, every row a Smile code from Smile's enum and (but for
// the engine's NOT_INCOME_DOCUMENT, which says what the document looks
// like) a message; no code is written twice.
func TestFailuresAreOneTable(t *testing.T) {
	sentinels := []error{ocr.ErrEmpty, ocr.ErrUnsupportedType, ocr.ErrEncrypted, ocr.ErrDamaged, ocr.ErrTooManyPages,
		ocr.ErrImageTooLarge, ocr.ErrFileTooLarge, ocr.ErrUnreadable, ocr.ErrPageTooLarge, ocr.ErrTooMuchText}
	for _, s := range sentinels {
		if f, ok := FailureOf(fmt.Errorf("page 2: %w", s)); !ok || f.err != s {
			t.Errorf("FailureOf(%v) = %+v, %v", s, f, ok)
		}
	}
	if _, ok := FailureOf(errors.New("tesseract crashed")); ok {
		t.Error("an engine failure was taken for a fault of the file")
	}
	smile := map[string]bool{SmileInvalidFormat: true, SmileMissingField: true, SmileSystem: true}
	seen := map[string]bool{}
	for _, f := range failures {
		if seen[f.Code] {
			t.Errorf("code %s written twice", f.Code)
		}
		seen[f.Code] = true
		if !smile[f.SmileCode] {
			t.Errorf("%s: Smile code %q is not Smile's", f.Code, f.SmileCode)
		}
		if f.Message == "" && f.Code != extract.CodeNotIncome {
			t.Errorf("%s has no message", f.Code)
		}
	}
	if f := FailureFor("SOMETHING_NEW"); f.SmileCode != SmileInvalidFormat {
		t.Errorf("an unknown code maps to %q", f.SmileCode)
	}
}

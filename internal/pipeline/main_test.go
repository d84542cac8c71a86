package pipeline_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"talaan/ocr/tesseract"
)

func TestMain(m *testing.M) {
	// OpenMP threads make Tesseract 2-3x slower on a shared machine, and the
	// limit is read only at process start: this re-executes the test binary.
	if err := tesseract.EnsureThreadLimit(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The encrypted-PDF case builds its input with pdfcpu before any Read
	// has run; without this pdfcpu writes a config folder into the home
	// directory.
	api.DisableConfigDir()
	os.Exit(m.Run())
}

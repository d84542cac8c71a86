//go:build !notesseract

package console_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"talaan/internal/pipeline"
	"talaan/internal/worker"
	"talaan/ocr"
	"talaan/ocr/tesseract"
)

// engine is one Tesseract pool for the package's tests (starting one costs
// a second and 100+ MB). Built with -tags notesseract, there is none
// (engine_none_test.go) and the tests that read documents skip.
var engine worker.Processor

func TestMain(m *testing.M) {
	pool, err := tesseract.New(context.Background(), tesseract.Options{Size: 1, Languages: "eng"})
	if err != nil {
		fmt.Fprintln(os.Stderr, "tesseract:", err)
		os.Exit(1)
	}
	engine = &pipeline.Pipeline{Reader: &ocr.Reader{Engine: pool, Workers: 1}}
	code := m.Run()
	pool.Close()
	os.Exit(code)
}

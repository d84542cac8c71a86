//go:build !notesseract

package console_test

import (
	"os"
	"testing"

	"talaan/internal/app/apptest/ocrengine"
	"talaan/internal/worker"
)

// engine is one Tesseract pool for the package's tests. Built with -tags
// notesseract, there is none (engine_none_test.go) and the tests that
// read documents skip.
var engine worker.Processor

func TestMain(m *testing.M) { os.Exit(ocrengine.Main(m, 1, &engine)) }

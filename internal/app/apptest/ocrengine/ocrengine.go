// Package ocrengine gives a test package one Tesseract engine for all its
// tests (starting one costs a second and 100+ MB). It is apart from apptest
// so that the service's tests can be built without Tesseract
// (-tags notesseract): only their engine_test.go files import it.
package ocrengine

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

// Main starts a pool of size Tesseract clients, sets *engine to a pipeline
// on it, runs the tests and returns their exit code; a TestMain passes it
// to os.Exit.
func Main(m *testing.M, size int, engine *worker.Processor) int {
	pool, err := tesseract.New(context.Background(), tesseract.Options{Size: size, Languages: "eng"})
	if err != nil {
		fmt.Fprintln(os.Stderr, "tesseract:", err)
		return 1
	}
	defer pool.Close()
	*engine = &pipeline.Pipeline{Reader: &ocr.Reader{Engine: pool, Workers: 1}}
	return m.Run()
}

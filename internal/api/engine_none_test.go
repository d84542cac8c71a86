//go:build notesseract

package api_test

import "talaan/internal/worker"

// engine is nil in a build without Tesseract (-tags notesseract): the
// tests that read documents skip (needEngine), the others run.
var engine worker.Processor

package tesseract_test

import (
	"fmt"
	"os"
	"testing"

	"talaan/ocr/tesseract"
)

func TestMain(m *testing.M) {
	if err := tesseract.EnsureThreadLimit(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

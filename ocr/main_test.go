package ocr

import (
	"os"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

func TestMain(m *testing.M) {
	// The tests build encryption configurations before any Read has run;
	// without this pdfcpu writes a config folder into the home directory.
	api.DisableConfigDir()
	os.Exit(m.Run())
}

package docgen

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The fontconfig setup pdftoppm renders with maps the PDF core fonts onto
// the Liberation fonts whatever else the machine has installed.
func TestFontsConfMapsCoreFonts(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("fc-match"); err != nil {
		t.Skip("fc-match not installed")
	}
	conf := filepath.Join(t.TempDir(), "fonts.conf")
	if err := os.WriteFile(conf, []byte(fontsConf), 0o600); err != nil {
		t.Fatal(err)
	}
	for core, want := range map[string]string{"Helvetica": "Liberation Sans", "Times-Roman": "Liberation Serif", "Courier": "Liberation Mono"} {
		cmd := exec.Command("fc-match", core)
		cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("fc-match %s: %v", core, err)
		}
		if !strings.Contains(string(out), want) {
			t.Errorf("fc-match %s = %q, want %s", core, strings.TrimSpace(string(out)), want)
		}
	}
}

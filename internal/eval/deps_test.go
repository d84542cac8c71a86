package eval

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestProductBinaryLinksNoPlotting guards the one-way imports: the plotting
// library (and this package) serve talaan-accuracy only, never the product
// binary.
func TestProductBinaryLinksNoPlotting(t *testing.T) {
	t.Parallel()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out, err := exec.CommandContext(t.Context(), goBin, "list", "-deps", "talaan/cmd/talaan").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "gonum.org/") || pkg == "talaan/internal/eval" || pkg == "talaan/internal/docgen" {
			t.Errorf("./cmd/talaan links %s", pkg)
		}
	}
}

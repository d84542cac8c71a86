package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// goList runs "go list" with args from the module root and returns its
// output's fields; it skips the test where no go command is at hand.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out, err := exec.CommandContext(t.Context(), goBin, append([]string{"list"}, args...)...).Output()
	if err != nil {
		t.Skipf("go list %v: %v", args, err)
	}
	return strings.Fields(string(out))
}

// The binary links only the product: nothing of the workshop (generators,
// evaluation, benchmarks and their plotting) nor the test-only OpenAPI
// validator and its router, nor the browser the console's tests drive.
func TestBinaryLinksNoWorkshop(t *testing.T) {
	t.Parallel()
	banned := []string{"talaan/tools/", "talaan/internal/api/openapi/openapitest", "gonum.org/",
		"github.com/getkin/kin-openapi", "github.com/gorilla/mux", "github.com/chromedp/"}
	for _, pkg := range goList(t, "-deps", "talaan/cmd/talaan") {
		for _, b := range banned {
			if strings.HasPrefix(pkg, b) {
				t.Errorf("./cmd/talaan links %s", pkg)
			}
		}
	}
}

// Imports run one way, cmd -> internal -> storage, extract -> ocr: each
// layer below imports only itself and the layers under it.
func TestImportsRunOneWay(t *testing.T) {
	t.Parallel()
	may := map[string][]string{
		"talaan/ocr":     {"talaan/ocr"},
		"talaan/extract": {"talaan/extract", "talaan/ocr"},
		"talaan/storage": {"talaan/storage"},
	}
	lines := goList(t, "-f", `{{.ImportPath}}:{{join .Imports ","}}`, "talaan/ocr/...", "talaan/extract/...", "talaan/storage/...")
	if len(lines) < 10 {
		t.Fatalf("go list gave %d packages: %v", len(lines), lines)
	}
	for _, l := range lines {
		pkg, imps, _ := strings.Cut(l, ":")
		layer := "talaan/" + strings.SplitN(strings.TrimPrefix(pkg, "talaan/"), "/", 2)[0]
		for _, imp := range strings.Split(imps, ",") {
			if !strings.HasPrefix(imp, "talaan/") {
				continue
			}
			ok := false
			for _, m := range may[layer] {
				ok = ok || imp == m || strings.HasPrefix(imp, m+"/")
			}
			if !ok {
				t.Errorf("%s imports %s, above its layer", pkg, imp)
			}
		}
	}
}

// The HTTP API is a way in, not a library: no package but the wiring
// (cmd, internal/app) imports internal/api (the console works the review
// queue through internal/review and signs people in through internal/auth).
func TestOnlyCmdImportsTheAPI(t *testing.T) {
	t.Parallel()
	lines := goList(t, "-f", `{{.ImportPath}}:{{join .Imports ","}}`, "talaan/...")
	if len(lines) < 20 {
		t.Fatalf("go list gave %d packages: %v", len(lines), lines)
	}
	for _, l := range lines {
		pkg, imps, _ := strings.Cut(l, ":")
		if strings.HasPrefix(pkg, "talaan/cmd/") || strings.HasPrefix(pkg, "talaan/tools/") || strings.HasPrefix(pkg, "talaan/internal/api") ||
			strings.HasPrefix(pkg, "talaan/internal/app") {
			continue
		}
		for _, imp := range strings.Split(imps, ",") {
			if imp == "talaan/internal/api" {
				t.Errorf("%s imports talaan/internal/api", pkg)
			}
		}
	}
}

// The service's tests build without Tesseract (-tags notesseract, `make
// test-service`): only the engine's own packages (ocr/tesseract, the
// pipeline, the tests' ocrengine) and the binary link it; the tests that
// read documents skip.
func TestServiceTestsBuildWithoutTesseract(t *testing.T) {
	t.Parallel()
	var pkgs []string
	for _, p := range goList(t, "talaan/internal/...", "talaan/storage/...") {
		if p != "talaan/internal/pipeline" && p != "talaan/internal/app/apptest/ocrengine" {
			pkgs = append(pkgs, p)
		}
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list gave %d packages: %v", len(pkgs), pkgs)
	}
	for _, dep := range goList(t, append([]string{"-deps", "-test", "-tags", "notesseract"}, pkgs...)...) {
		if strings.Contains(dep, "gosseract") || dep == "talaan/ocr/tesseract" {
			t.Errorf("a service test links %s", dep)
		}
	}
}

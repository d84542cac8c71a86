package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"talaan/internal/pipeline"
	"talaan/tools/docgen"
)

// talaanBin is the binary built once for the package's tests.
var talaanBin string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "talaan-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	talaanBin = filepath.Join(dir, "talaan")
	// go test puts its own Go first on PATH.
	build := exec.Command("go", "build", "-o", talaanBin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build talaan:", err)
		return 1
	}
	return m.Run()
}

// talaan runs the binary with args and returns its output and exit code.
func talaan(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(talaanBin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("run talaan: %v", err)
	}
	return out.String(), errb.String(), code
}

func TestExtractPrintsOneLinePerFileInOrder(t *testing.T) {
	t.Parallel()
	doc, err := docgen.New(1).PayslipLayout("table4", 1)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	slip, empty := filepath.Join(dir, "payslip.pdf"), filepath.Join(dir, "empty.pdf")
	if err := os.WriteFile(slip, doc.PDF, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}

	stdout, stderr, code := talaan(t, "extract", slip, empty)
	if code != 0 {
		t.Fatalf("exit status %d, stderr:\n%s", code, stderr)
	}
	var outs []pipeline.Output
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var o pipeline.Output
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("line %d is not a JSON object: %v\n%s", len(outs)+1, err, sc.Text())
		}
		outs = append(outs, o)
	}
	if len(outs) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(outs), stdout)
	}

	if outs[0].File != slip || outs[1].File != empty {
		t.Errorf("files %q, %q; want %q, %q", outs[0].File, outs[1].File, slip, empty)
	}
	want := *doc.Incomes[0].NetAmount
	if n := len(outs[0].Incomes); n != 1 {
		t.Errorf("payslip: %d incomes, want 1 (status %s %s)", n, outs[0].Status, outs[0].ErrorCode)
	} else if got := outs[0].Incomes[0].NetAmount; got == nil || fmt.Sprintf("%.2f", *got) != fmt.Sprintf("%.2f", want) {
		t.Errorf("payslip: netAmount %v, want %.2f", fmtAmount(got), want)
	}
	if outs[1].Status != "ERROR" || outs[1].ErrorCode != pipeline.CodeEmpty {
		t.Errorf("empty file: %s %q, want ERROR %q", outs[1].Status, outs[1].ErrorCode, pipeline.CodeEmpty)
	}
}

func TestNoArgumentsPrintsUsage(t *testing.T) {
	t.Parallel()
	stdout, stderr, code := talaan(t)
	if code == 0 {
		t.Error("exit status 0, want non-zero")
	}
	if !strings.Contains(stderr, "Usage:") || !strings.Contains(stderr, "talaan extract") {
		t.Errorf("stderr has no usage:\n%s", stderr)
	}
	if stdout != "" {
		t.Errorf("stdout %q, want nothing", stdout)
	}
}

func fmtAmount(f *float64) string {
	if f == nil {
		return "null"
	}
	return fmt.Sprintf("%.2f", *f)
}

// Command talaan-bench measures talaan's speed and memory on the same pages,
// in the same run, as the baselines it must beat, and prints one table:
//
//   - scanned payslip images: the tesseract CLI once per page
//     (OMP_THREAD_LIMIT=1) against `talaan extract` over all of them, with
//     one worker (the target: at least 1.3x faster per page) and with two;
//     and pipeline.Process in this process with a Tesseract pool of one;
//   - digital payslip PDFs: `talaan extract` pages per second (target 50).
//
// It reports; it never fails because the machine is slow. It needs the
// tesseract CLI, libtesseract, poppler's pdftoppm and the go tool, and is run
// from inside the repository (it builds ./cmd/talaan).
//
//	talaan-bench [-quick] [-keep] [-seed N]
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"talaan/internal/pipeline"
	"talaan/ocr"
	"talaan/ocr/tesseract"
	"talaan/tools/docgen"
	"talaan/tools/eval"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "talaan-bench:", err)
		os.Exit(1)
	}
}

// corpusScans are the corpus files whose quality is "scan" and that the
// tesseract CLI can read (images), relative to the repository's parent.
func corpusScans() []string {
	return []string{
		"shared/corpus-ph/files/d007.png",
		"shared/corpus-ph/files/d009.png",
		"shared/corpus-ph/files/d011.png",
		"shared/corpus-ph/files/d014.png",
		"shared/corpus/docs/sensible/paystub_adp_sample.png",
	}
}

// measurement is one row of the table.
type measurement struct {
	name    string
	pages   int
	seconds float64
	rssKB   int64 // peak resident set; 0 when unknown
	perSec  bool  // show pages per second instead of seconds per page
	note    string
}

func (m measurement) secPerPage() float64 {
	if m.pages == 0 {
		return 0
	}
	return m.seconds / float64(m.pages)
}

func run(ctx context.Context) error {
	if err := tesseract.EnsureThreadLimit(); err != nil {
		return fmt.Errorf("set OMP_THREAD_LIMIT: %w", err)
	}
	fs := flag.NewFlagSet("talaan-bench", flag.ContinueOnError)
	quick := fs.Bool("quick", false, "fewer pages (a rough figure in a minute or two)")
	keep := fs.Bool("keep", false, "keep the work folder (generated pages and the talaan binary)")
	seed := fs.Int64("seed", 7, "seed of the generated documents")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}
	nScan, nDigital, nCorpus := 12, 100, len(corpusScans())
	if *quick {
		nScan, nDigital, nCorpus = 3, 20, 2
	}

	root, err := eval.RepoRoot()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "talaan-bench-")
	if err != nil {
		return fmt.Errorf("create work folder: %w", err)
	}
	if *keep {
		fmt.Fprintln(os.Stderr, "talaan-bench: work folder", work)
	} else {
		defer os.RemoveAll(work)
	}

	progress("building talaan")
	bin := filepath.Join(work, "talaan")
	if err := build(ctx, root, bin); err != nil {
		return err
	}

	progress("generating pages")
	scans, err := scanPages(ctx, work, root, *seed, nScan, nCorpus)
	if err != nil {
		return err
	}
	digital, err := digitalPDFs(work, *seed, nDigital)
	if err != nil {
		return err
	}

	loadBefore := loadAverage()
	var rows []measurement
	progress(fmt.Sprintf("tesseract CLI on %d scanned pages", len(scans)))
	cli, err := tesseractCLI(ctx, scans)
	if err != nil {
		return err
	}
	rows = append(rows, cli)

	progress("talaan extract on the scanned pages, 1 worker")
	one, outcome1 := talaanExtract(ctx, bin, scans, 1, "scan: talaan extract, 1 worker")
	rows = append(rows, one)
	progress("talaan extract on the scanned pages, 2 workers")
	two, outcome2 := talaanExtract(ctx, bin, scans, 2, "scan: talaan extract, 2 workers")
	rows = append(rows, two)

	progress("pipeline.Process in process on the scanned pages, pool of 1")
	inproc, outcome3, err := inProcess(ctx, scans)
	if err != nil {
		return err
	}
	rows = append(rows, inproc)

	progress(fmt.Sprintf("talaan extract on %d digital PDFs", len(digital)))
	dig, outcome4 := talaanExtract(ctx, bin, digital, 1, "digital: talaan extract, 1 worker")
	dig.perSec = true
	rows = append(rows, dig)

	// Ratios against the baseline, and the targets.
	for i := range rows {
		r := &rows[i]
		switch {
		case i == 0:
			r.note = join("baseline", r.note)
		case r.perSec:
			r.note = join(fmt.Sprintf("%.0f pages/s (target >= 50)", rate(r.pages, r.seconds)), r.note)
		default:
			info := ""
			if i == 1 {
				info = " (target >= 1.3x)"
			}
			if r.secPerPage() > 0 && cli.secPerPage() > 0 {
				r.note = join(fmt.Sprintf("%.2fx%s", cli.secPerPage()/r.secPerPage(), info), r.note)
			}
		}
	}
	if err := writeTable(os.Stdout, rows); err != nil {
		return err
	}
	fmt.Printf("\nscanned pages: %d generated (docgen \"scan\") + %d corpus scans; digital: %d generated PDFs\n",
		nScan, len(scans)-nScan, len(digital))
	fmt.Printf("statuses: 1 worker %s; 2 workers %s; in process %s; digital %s\n",
		outcome1, outcome2, outcome3, outcome4)
	fmt.Printf("machine: %d cores, %s/%s, load average %s before and %s after; figures are wall time on a possibly shared machine\n",
		runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, loadBefore, loadAverage())
	return nil
}

func progress(msg string) { fmt.Fprintln(os.Stderr, "talaan-bench:", msg) }

func join(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}

func rate(pages int, seconds float64) float64 {
	if seconds == 0 {
		return 0
	}
	return float64(pages) / seconds
}

func writeTable(w io.Writer, rows []measurement) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "case\tpages\tseconds\ts/page or pages/s\tpeak RSS MB\tratio/target")
	for _, r := range rows {
		speed := fmt.Sprintf("%.3f s/page", r.secPerPage())
		if r.perSec {
			speed = fmt.Sprintf("%.1f pages/s", rate(r.pages, r.seconds))
		}
		rss := "-"
		if r.rssKB > 0 {
			rss = fmt.Sprintf("%.0f", float64(r.rssKB)/1024)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%s\t%s\t%s\n", r.name, r.pages, r.seconds, speed, rss, r.note)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// goTool finds the go command: on PATH, else beside this toolchain.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

func build(ctx context.Context, root, bin string) error {
	cmd := exec.CommandContext(ctx, goTool(), "build", "-o", bin, "./cmd/talaan")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("build ./cmd/talaan: %w\n%s", err, out)
	}
	return nil
}

// scanPages writes n docgen payslips rendered as scans and lists them with
// the first nCorpus corpus scans that exist.
func scanPages(ctx context.Context, work, root string, seed int64, n, nCorpus int) ([]string, error) {
	g := docgen.New(seed)
	var files []string
	for i := range n {
		doc := g.Payslip()
		data, ext, err := docgen.Render(ctx, doc, docgen.QualityScan)
		if err != nil {
			return nil, fmt.Errorf("render scan %d: %w", i+1, err)
		}
		if ext == ".pdf" || ext == "pdf" {
			return nil, fmt.Errorf("render scan %d: got a PDF; the tesseract CLI needs an image", i+1)
		}
		if !strings.HasPrefix(ext, ".") {
			ext = "." + ext
		}
		path := filepath.Join(work, fmt.Sprintf("scan-%02d%s", i+1, ext))
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return nil, fmt.Errorf("write scan page: %w", err)
		}
		files = append(files, path)
	}
	for _, rel := range corpusScans()[:nCorpus] {
		path := filepath.Join(root, "..", filepath.FromSlash(rel))
		if _, err := os.Stat(path); err != nil {
			progress("skipping a missing corpus scan: " + rel)
			continue
		}
		files = append(files, path)
	}
	return files, nil
}

// digitalPDFs writes n docgen payslips as their digital PDFs.
func digitalPDFs(work string, seed int64, n int) ([]string, error) {
	g := docgen.New(seed + 1)
	var files []string
	for i := range n {
		doc := g.Payslip()
		path := filepath.Join(work, fmt.Sprintf("digital-%03d.pdf", i+1))
		if err := os.WriteFile(path, doc.PDF, 0o600); err != nil {
			return nil, fmt.Errorf("write digital page: %w", err)
		}
		files = append(files, path)
	}
	return files, nil
}

// runMeasured runs cmd and returns its peak resident set in KiB.
//
// The child's rusage Maxrss cannot be used alone: Linux carries the parent's
// high-water mark into a child across fork and exec, so every child of this
// (large) process would report at least the bench's own peak. The child's
// VmHWM is read from /proc while it runs instead; being a high-water mark,
// only growth in the last few milliseconds before exit can be missed. Where
// /proc gives nothing, rusage is the fallback.
func runMeasured(cmd *exec.Cmd) (int64, error) {
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	stop := make(chan struct{})
	peak := make(chan int64, 1)
	go func() {
		var hwm int64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			hwm = max(hwm, vmHWM(status))
			select {
			case <-stop:
				peak <- hwm
				return
			case <-tick.C:
			}
		}
	}()
	err := cmd.Wait()
	close(stop)
	rss := <-peak
	if rss == 0 && cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss // KiB on Linux
		}
	}
	return rss, err
}

func withThreadLimit() []string {
	env := []string{"OMP_THREAD_LIMIT=1"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OMP_THREAD_LIMIT=") {
			env = append(env, kv)
		}
	}
	return env
}

// tesseractCLI runs `tesseract FILE -` once per page, after one untimed run
// that warms the file cache with the model.
func tesseractCLI(ctx context.Context, files []string) (measurement, error) {
	m := measurement{name: "scan: tesseract CLI, 1 process/page", pages: len(files)}
	runOne := func(file string) (time.Duration, int64, error) {
		cmd := exec.CommandContext(ctx, "tesseract", file, "-")
		cmd.Env = withThreadLimit()
		cmd.Stdout = io.Discard
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		start := time.Now()
		rss, err := runMeasured(cmd)
		d := time.Since(start)
		if err != nil {
			return d, 0, fmt.Errorf("tesseract %s: %w: %s", filepath.Base(file), err, strings.TrimSpace(stderr.String()))
		}
		return d, rss, nil
	}
	if _, _, err := runOne(files[0]); err != nil {
		return m, err
	}
	for _, f := range files {
		d, rss, err := runOne(f)
		if err != nil {
			return m, err
		}
		m.seconds += d.Seconds()
		m.rssKB = max(m.rssKB, rss)
	}
	return m, nil
}

// result is the part of talaan's JSON output the bench reads.
type result struct {
	Status string `json:"status"`
	Pages  int    `json:"pages"`
}

// talaanExtract runs `talaan extract` once over all files. A failing run is
// reported in the row, not returned: the bench reports, it does not assert.
func talaanExtract(ctx context.Context, bin string, files []string, workers int, name string) (measurement, string) {
	m := measurement{name: name}
	args := append([]string{"extract", "--workers", strconv.Itoa(workers)}, files...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = withThreadLimit()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	rss, err := runMeasured(cmd)
	m.seconds = time.Since(start).Seconds()
	m.rssKB = rss
	counts, pages, perr := outcomes(&stdout)
	m.pages = pages
	if pages == 0 {
		m.pages = len(files)
	}
	switch {
	case err != nil:
		m.note = "talaan failed: " + err.Error()
		if line := firstLine(stderr.String()); line != "" {
			m.note += ": " + line
		}
	case perr != nil:
		m.note = "output not read: " + perr.Error()
	case len(files) != counts.total():
		m.note = fmt.Sprintf("%d results for %d files", counts.total(), len(files))
	}
	return m, counts.String()
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

type statusCounts map[string]int

func (c statusCounts) total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

func (c statusCounts) String() string {
	if len(c) == 0 {
		return "none"
	}
	var parts []string
	for _, s := range []string{"ANALYZED", "REVIEW", "UNSUPPORTED", "ERROR"} {
		if c[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", s, c[s]))
		}
	}
	for s, n := range c {
		switch s {
		case "ANALYZED", "REVIEW", "UNSUPPORTED", "ERROR":
		default:
			parts = append(parts, fmt.Sprintf("%s %d", s, n))
		}
	}
	return strings.Join(parts, ", ")
}

// outcomes reads talaan's output, one JSON object per line.
func outcomes(r io.Reader) (statusCounts, int, error) {
	counts := statusCounts{}
	pages := 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var res result
		if err := json.Unmarshal(line, &res); err != nil {
			return counts, pages, fmt.Errorf("decode talaan output: %w", err)
		}
		counts[res.Status]++
		pages += res.Pages
	}
	return counts, pages, sc.Err()
}

// inProcess runs pipeline.Process on each file in turn with a Tesseract pool
// of one client. Peak RSS is this process's high-water mark, reset first
// where Linux allows it, so it includes the bench itself.
func inProcess(ctx context.Context, files []string) (measurement, string, error) {
	m := measurement{name: "scan: pipeline.Process in process, pool of 1", pages: 0}
	pool, err := tesseract.New(ctx, tesseract.Options{Size: 1})
	if err != nil {
		return m, "", fmt.Errorf("start tesseract: %w", err)
	}
	defer pool.Close()
	p := &pipeline.Pipeline{Reader: &ocr.Reader{Engine: pool, Workers: 1}}
	counts := statusCounts{}
	datas := make([][]byte, len(files))
	for i, f := range files {
		if datas[i], err = os.ReadFile(f); err != nil {
			return m, "", fmt.Errorf("read page: %w", err)
		}
	}
	runtime.GC()
	debug.FreeOSMemory()
	reset := resetPeakRSS() == nil
	start := time.Now()
	for i, f := range files {
		out, err := p.Process(ctx, filepath.Base(f), datas[i])
		if err != nil {
			return m, "", fmt.Errorf("process page %d: %w", i+1, err)
		}
		counts[string(out.Status)]++
		m.pages += max(out.Pages, 1)
	}
	m.seconds = time.Since(start).Seconds()
	if reset {
		m.rssKB = peakRSS()
		m.note = "RSS of the bench process"
	}
	return m, counts.String(), nil
}

func resetPeakRSS() error {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return fmt.Errorf("reset peak RSS: %w", err)
	}
	return nil
}

// peakRSS is this process's VmHWM in KiB, 0 when unknown.
func peakRSS() int64 { return vmHWM("/proc/self/status") }

// vmHWM reads the VmHWM line of a /proc status file, in KiB; 0 when unknown
// (no such process, or a zombie whose memory is gone).
func vmHWM(path string) int64 {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				return kb
			}
		}
	}
	return 0
}

// loadAverage is the one-minute load average, "?" when unknown: a busy
// machine explains slow figures.
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(raw)); len(f) > 0 {
		return f[0]
	}
	return "?"
}

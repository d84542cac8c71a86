// Command talaan-accuracy runs the labelled corpora (and, with -gen,
// generated documents of the tuning and held-out layout families) through
// the pipeline and prints, first, the headline figures of every set side by
// side (straight-through field accuracy, documents with no review,
// published-wrong, review prefill), then each set's section; it writes the
// reliability plot of the engine's confidences (see package eval).
//
//	talaan-accuracy [-corpus DIR]... [-workers N] [-v] [-json FILE] [-plot FILE.png]
//	                [-gen N [-seed S] [-family tuning|heldout|both] [-quality Q,...]] [-only REGEX]
//
// It needs Tesseract (libtesseract and its language data) and, with -gen,
// poppler's pdftoppm.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
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
		fmt.Fprintln(os.Stderr, "talaan-accuracy:", err)
		os.Exit(1)
	}
}

// dirs is a repeatable -corpus flag.
type dirs []string

func (d *dirs) String() string     { return strings.Join(*d, ",") }
func (d *dirs) Set(v string) error { *d = append(*d, v); return nil }

func run(ctx context.Context) error {
	if err := tesseract.EnsureThreadLimit(); err != nil {
		return fmt.Errorf("set OMP_THREAD_LIMIT: %w", err)
	}
	var corpora dirs
	fs := flag.NewFlagSet("talaan-accuracy", flag.ContinueOnError)
	fs.Var(&corpora, "corpus", "labelled corpus folder with labels.jsonl (repeatable; default ../shared/corpus and ../shared/corpus-ph from the repository root)")
	workers := fs.Int("workers", runtime.NumCPU(), "files processed at once (and Tesseract clients)")
	verbose := fs.Bool("v", false, "also print one line per file with its wrong fields")
	jsonPath := fs.String("json", "", "write a JSON summary (headline, tables, reliability, every file) to this file")
	plotPath := fs.String("plot", "accuracy-reliability.png", "write the reliability plot to this PNG file (relative to the current folder; empty for none): each confidence bin's mean confidence against the share of its fields that were right, for published fields and for fields of documents sent to review, all sets together, with the diagonal of a perfectly calibrated engine")
	gen := fs.Int("gen", 0, "also evaluate this many generated documents of each -family (sets \"generated-tuning\", \"generated-heldout\")")
	seed := fs.Int64("seed", 1, "seed of the generated documents")
	family := fs.String("family", "both", "layout families of the generated documents: tuning, heldout or both (a family without templates is skipped with a note)")
	quality := fs.String("quality", "", "render and evaluate only generated documents of these qualities (comma-separated, e.g. digital,scan); the others are drawn but skipped, so the documents kept are those of a full run")
	only := fs.String("only", "", "evaluate only files whose labelled name matches this regular expression")
	pageDetect := fs.Bool("page-detect", true, "find and flatten the page in phone photos before OCR")
	lang := fs.String("lang", envOr("TALAAN_LANG", "eng"), "Tesseract languages, as for talaan extract")
	tessdata := fs.String("tessdata", os.Getenv("TALAAN_TESSDATA"), "folder of Tesseract language data")
	ocrCache := fs.String("ocr-cache", "", "keep Tesseract's recognitions in this folder and reuse them (keyed by page image and languages), so that re-measuring a change to extraction costs no OCR time; times printed are then not OCR times")
	if err := fs.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *workers < 1 {
		return errors.New("-workers must be at least 1")
	}
	var filter *regexp.Regexp
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			return fmt.Errorf("-only: %w", err)
		}
		filter = re
	}
	var families []string
	switch *family {
	case "both":
		families = docgen.Families()
	case docgen.FamilyTuning, docgen.FamilyHeldOut:
		families = []string{*family}
	default:
		return fmt.Errorf("-family %q: want tuning, heldout or both", *family)
	}
	keep, err := keepQualities(*quality)
	if err != nil {
		return err
	}
	if len(corpora) == 0 {
		for _, name := range []string{"corpus", "corpus-ph"} {
			dir, err := eval.SharedDir(name)
			if err != nil {
				return err
			}
			corpora = append(corpora, dir)
		}
	}

	var sets []eval.Set
	for _, dir := range corpora {
		set, err := eval.Load(dir)
		if err != nil {
			return fmt.Errorf("load corpus %s: %w", dir, err)
		}
		sets = append(sets, set.Filter(filter))
	}
	if *gen > 0 {
		for _, fam := range families {
			set, err := eval.Generate(ctx, fam, *gen, *seed, keep)
			if errors.Is(err, eval.ErrEmptyFamily) {
				fmt.Fprintf(os.Stderr, "talaan-accuracy: %s: skipped, the %s family has no payslip templates yet\n", eval.GeneratedSetName(fam), fam)
				continue
			}
			if err != nil {
				return err
			}
			sets = append(sets, set.Filter(filter))
		}
	}

	pool, err := tesseract.New(ctx, tesseract.Options{Size: *workers, Languages: *lang, TessdataPrefix: *tessdata})
	if err != nil {
		return fmt.Errorf("start tesseract: %w", err)
	}
	defer pool.Close()
	var engine ocr.Engine = pool
	if *ocrCache != "" {
		engine = &eval.CachedEngine{Engine: pool, Dir: *ocrCache, Key: *lang + "|" + *tessdata}
	}
	p := &pipeline.Pipeline{Reader: &ocr.Reader{Engine: engine, Workers: 1, NoPageDetect: !*pageDetect}}

	var reports []eval.Report
	var sections bytes.Buffer
	for _, set := range sets {
		if len(set.Cases) == 0 {
			continue
		}
		fmt.Fprintf(os.Stderr, "talaan-accuracy: %s: %d files, %d workers\n", set.Name, len(set.Cases), *workers)
		start := time.Now()
		results, err := eval.Run(ctx, p, set, *workers, nil)
		if err != nil {
			return fmt.Errorf("evaluate %s: %w", set.Name, err)
		}
		sum := eval.Summarize(set.Name, results)
		sum.Seconds = time.Since(start).Seconds()
		if err := eval.WriteSummary(&sections, sum); err != nil {
			return err
		}
		if *verbose {
			if err := eval.WriteFiles(&sections, results); err != nil {
				return err
			}
			fmt.Fprintln(&sections)
		}
		reports = append(reports, eval.Report{Summary: sum, Files: results})
	}
	if len(reports) == 0 {
		return errors.New("no files to evaluate (check -corpus and -only)")
	}
	var sums []eval.Summary
	var rels []eval.Reliability
	var names []string
	for _, r := range reports {
		sums = append(sums, r.Summary)
		rels = append(rels, r.Summary.Reliability)
		names = append(names, r.Summary.Set)
	}
	if err := eval.WriteSideBySide(os.Stdout, sums); err != nil {
		return err
	}
	if _, err := sections.WriteTo(os.Stdout); err != nil {
		return fmt.Errorf("write sections: %w", err)
	}
	all := eval.Merge(rels...)
	if len(reports) > 1 {
		if err := eval.WriteReliability(os.Stdout, "confidence, all sets", all); err != nil {
			return err
		}
	}
	if *plotPath != "" {
		if err := writeFile(*plotPath, func(w io.Writer) error {
			return eval.WriteReliabilityPlot(w, "Reliability: "+strings.Join(names, ", "), all)
		}); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "talaan-accuracy: reliability plot in %s\n", *plotPath)
	}
	if *jsonPath != "" {
		if err := writeFile(*jsonPath, func(w io.Writer) error { return eval.WriteJSON(w, reports) }); err != nil {
			return err
		}
	}
	return nil
}

// keepQualities is the -quality filter: nil (every quality) when empty.
func keepQualities(list string) (func(docgen.Quality) bool, error) {
	if list == "" {
		return nil, nil
	}
	known := slices.Concat(docgen.Qualities(), docgen.HeldOutQualities())
	want := map[docgen.Quality]bool{}
	for _, q := range strings.Split(list, ",") {
		q := docgen.Quality(strings.TrimSpace(q))
		if !slices.Contains(known, q) {
			return nil, fmt.Errorf("-quality: unknown quality %q (known: %v)", q, known)
		}
		want[q] = true
	}
	return func(q docgen.Quality) bool { return want[q] }, nil
}

// writeFile creates path and writes it with write.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

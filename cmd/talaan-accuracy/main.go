// Command talaan-accuracy runs the labelled corpora through the pipeline and
// prints how many fields and documents it gets right (see package eval).
//
//	talaan-accuracy [-corpus DIR]... [-workers N] [-v] [-json FILE] [-gen N] [-only REGEX]
//
// It needs Tesseract (libtesseract and its language data) and, with -gen,
// poppler's pdftoppm.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"time"

	"talaan/internal/docgen"
	"talaan/internal/eval"
	"talaan/internal/pipeline"
	"talaan/ocr"
	"talaan/ocr/tesseract"
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
	jsonPath := fs.String("json", "", "write a JSON summary to this file")
	gen := fs.Int("gen", 0, "also evaluate this many generated documents (set \"generated\")")
	seed := fs.Int64("seed", 1, "seed of the generated documents")
	only := fs.String("only", "", "evaluate only files whose labelled name matches this regular expression")
	pageDetect := fs.Bool("page-detect", false, "find and flatten the page in phone photos before OCR (experimental)")
	lang := fs.String("lang", envOr("TALAAN_LANG", "eng"), "Tesseract languages, as for talaan extract")
	tessdata := fs.String("tessdata", os.Getenv("TALAAN_TESSDATA"), "folder of Tesseract language data")
	if err := fs.Parse(os.Args[1:]); err != nil {
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
		set, err := generated(ctx, *gen, *seed)
		if err != nil {
			return err
		}
		sets = append(sets, set.Filter(filter))
	}

	pool, err := tesseract.New(ctx, tesseract.Options{Size: *workers, Languages: *lang, TessdataPrefix: *tessdata})
	if err != nil {
		return fmt.Errorf("start tesseract: %w", err)
	}
	defer pool.Close()
	p := &pipeline.Pipeline{Reader: &ocr.Reader{Engine: pool, Workers: 1, PageDetect: *pageDetect}}

	var reports []eval.Report
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
		if err := eval.WriteSummary(os.Stdout, sum); err != nil {
			return err
		}
		if *verbose {
			if err := eval.WriteFiles(os.Stdout, results); err != nil {
				return err
			}
			fmt.Println()
		}
		reports = append(reports, eval.Report{Summary: sum, Files: results})
	}
	if len(reports) == 0 {
		return errors.New("no files to evaluate (check -corpus and -only)")
	}
	if *jsonPath != "" {
		f, err := os.Create(*jsonPath)
		if err != nil {
			return fmt.Errorf("create json summary: %w", err)
		}
		if err := eval.WriteJSON(f, reports); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("write json summary: %w", err)
		}
	}
	return nil
}

// generated draws n documents and renders them in each of the generator's
// qualities in turn (a multi-page document that falls on a single-image
// quality becomes a TIFF); their labels are the generator's truth.
func generated(ctx context.Context, n int, seed int64) (eval.Set, error) {
	qualities := docgen.Qualities()
	g := docgen.New(seed)
	set := eval.Set{Name: "generated"}
	for i := range n {
		doc := g.Random()
		q := qualities[i%len(qualities)]
		if doc.Pages > 1 && q != docgen.QualityDigital {
			q = docgen.QualityTIFF
		}
		data, ext, err := docgen.Render(ctx, doc, q)
		if err != nil {
			return eval.Set{}, fmt.Errorf("render generated document %d: %w", i+1, err)
		}
		l := doc.Label("", q, "")
		l.File = fmt.Sprintf("gen%03d-%s-%s%s", i+1, l.Kind, q, ext)
		set.Cases = append(set.Cases, eval.Case{
			File: l.File, Kind: l.Kind, Quality: eval.NormQuality(l.Quality),
			Expect: l.Expect, Incomes: l.Incomes, Data: data,
		})
	}
	return set, nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"talaan/internal/pipeline"
	"talaan/ocr"
	"talaan/ocr/tesseract"
)

// runExtract implements `talaan extract FILE...`.
func runExtract(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	workers := fs.Int("workers", 1, "Tesseract clients (pages recognised at once)")
	explain := fs.Bool("explain", false, "print, per field, the words it came from")
	lang := fs.String("lang", envOr("TALAAN_LANG", "eng"), "Tesseract languages, e.g. eng or eng+fil")
	tessdata := fs.String("tessdata", os.Getenv("TALAAN_TESSDATA"), "folder of Tesseract language data")
	maxPages := fs.Int("max-pages", 50, "refuse documents with more pages")
	pageDetect := fs.Bool("page-detect", true, "find and flatten the page in phone photos before OCR")
	if err := fs.Parse(args); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		return fmt.Errorf("extract: no files given")
	}
	if *workers < 1 {
		return fmt.Errorf("extract: --workers must be at least 1")
	}

	engine := &lazyEngine{opts: tesseract.Options{Size: *workers, Languages: *lang, TessdataPrefix: *tessdata}}
	defer engine.Close()
	p := &pipeline.Pipeline{
		Reader:  &ocr.Reader{Engine: engine, Limits: ocr.Limits{MaxPages: *maxPages}, Workers: 1, NoPageDetect: !*pageDetect},
		Explain: *explain,
	}

	// Files are read concurrently and printed in the order given. More
	// files are in flight than there are Tesseract clients: text-layer PDFs
	// need none, and a scan's decoding and normalisation overlap another
	// page's recognition on a spare core.
	results := make([]chan []byte, len(files))
	for i := range results {
		results[i] = make(chan []byte, 1)
	}
	sem := make(chan struct{}, max(*workers+1, runtime.NumCPU()))
	var wg sync.WaitGroup
	go func() {
		for i, f := range files {
			sem <- struct{}{}
			wg.Add(1)
			go func(i int, f string) {
				defer wg.Done()
				defer func() { <-sem }()
				results[i] <- extractOne(ctx, p, f)
			}(i, f)
		}
	}()
	for i := range files {
		b := <-results[i]
		if _, err := stdout.Write(append(b, '\n')); err != nil {
			return fmt.Errorf("write result: %w", err)
		}
	}
	wg.Wait()
	return ctx.Err()
}

func extractOne(ctx context.Context, p *pipeline.Pipeline, file string) []byte {
	name := filepath.Base(file)
	out, err := readAndProcess(ctx, p, file)
	if err != nil {
		out = pipeline.Output{File: name, Status: "ERROR", ErrorCode: "INTERNAL", ErrorMessage: err.Error()}
	}
	out.File = file
	b, err := json.Marshal(out)
	if err != nil {
		return []byte(fmt.Sprintf(`{"file":%q,"status":"ERROR","errorMessage":"encode result"}`, file))
	}
	return b
}

func readAndProcess(ctx context.Context, p *pipeline.Pipeline, file string) (pipeline.Output, error) {
	f, err := os.Open(file)
	if err != nil {
		return pipeline.Output{}, fmt.Errorf("open %s: %w", file, err)
	}
	defer f.Close()
	// Read at most the limit plus one byte, so a huge file is refused
	// without being loaded.
	const limit = 20 << 20
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return pipeline.Output{}, fmt.Errorf("read %s: %w", file, err)
	}
	if len(data) > limit {
		tl := pipeline.FailureFor(pipeline.CodeFileTooLarge)
		return pipeline.Output{Status: "ERROR", ErrorCode: tl.Code, ErrorMessage: tl.Message, FileType: ocr.Sniff(data[:1024])}, nil
	}
	return p.Process(ctx, file, data)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// lazyEngine starts Tesseract on the first page that needs OCR, so reading
// digital PDFs costs no model load.
type lazyEngine struct {
	opts tesseract.Options
	once sync.Once
	pool *tesseract.Pool
	err  error
}

func (e *lazyEngine) Recognize(ctx context.Context, img *image.Gray, hints ocr.Hints) (ocr.Recognition, error) {
	e.once.Do(func() { e.pool, e.err = tesseract.New(ctx, e.opts) })
	if e.err != nil {
		return ocr.Recognition{}, fmt.Errorf("start tesseract: %w", e.err)
	}
	return e.pool.Recognize(ctx, img, hints)
}

func (e *lazyEngine) Close() {
	e.once.Do(func() {})
	if e.pool != nil {
		e.pool.Close()
	}
}

// Command docgen writes generated income documents and their labels.jsonl.
//
//	go run ./tools/cmd/docgen -n 40 -seed 1 -out DIR
//
// Raster qualities need poppler's pdftoppm on PATH.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"talaan/tools/docgen"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("docgen", flag.ContinueOnError)
	n := fs.Int("n", 40, "number of documents")
	seed := fs.Int64("seed", 1, "random seed")
	out := fs.String("out", "", "output folder (files/ and labels.jsonl are written there)")
	quals := fs.String("q", "", "comma-separated qualities to draw from (default: a mix of all)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("-out is required")
	}
	mix, err := qualityMix(*quals)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(*out, "files"), 0o755); err != nil {
		return fmt.Errorf("make output folder: %w", err)
	}
	lf, err := os.Create(filepath.Join(*out, "labels.jsonl"))
	if err != nil {
		return fmt.Errorf("create labels: %w", err)
	}
	defer lf.Close()
	enc := json.NewEncoder(lf)
	enc.SetEscapeHTML(false)
	g := docgen.New(*seed)
	pick := rand.New(rand.NewPCG(uint64(*seed), 0x9e3779b97f4a7c15))
	for i := range *n {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := g.Random()
		q := mix[pick.IntN(len(mix))]
		if d.Pages > 1 && q != docgen.QualityDigital && q != docgen.QualityTIFF {
			q = docgen.QualityDigital
		}
		rd, err := docgen.RenderDetail(ctx, d, q)
		if err != nil {
			return fmt.Errorf("document %d (%s): %w", i+1, d.Layout, err)
		}
		name := fmt.Sprintf("g%03d%s", i+1, rd.Ext)
		if err := os.WriteFile(filepath.Join(*out, "files", name), rd.Data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := enc.Encode(d.Label("files/"+name, q, rd.Params)); err != nil {
			return fmt.Errorf("write label %s: %w", name, err)
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\n", name, d.Layout, q)
	}
	if err := lf.Close(); err != nil {
		return fmt.Errorf("close labels: %w", err)
	}
	return nil
}

// qualityMix returns the qualities to draw from, repeated by weight.
func qualityMix(list string) ([]docgen.Quality, error) {
	if list == "" {
		var mix []docgen.Quality
		for q, w := range map[docgen.Quality]int{
			docgen.QualityDigital: 6, docgen.QualityDigitalRaster: 2, docgen.QualityScan: 4, docgen.QualityPhoto: 3,
			docgen.QualityLowRes: 2, docgen.QualityRotated: 2, docgen.QualityTIFF: 1,
		} {
			for range w {
				mix = append(mix, q)
			}
		}
		// Map order is random; sort so the draw is reproducible.
		sortQualities(mix)
		return mix, nil
	}
	known := map[string]bool{}
	for _, q := range docgen.Qualities() {
		known[string(q)] = true
	}
	var mix []docgen.Quality
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if !known[s] {
			return nil, fmt.Errorf("-q: unknown quality %q", s)
		}
		mix = append(mix, docgen.Quality(s))
	}
	return mix, nil
}

func sortQualities(qs []docgen.Quality) {
	for i := 1; i < len(qs); i++ {
		for j := i; j > 0 && qs[j] < qs[j-1]; j-- {
			qs[j], qs[j-1] = qs[j-1], qs[j]
		}
	}
}

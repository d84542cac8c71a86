// Package eval measures the pipeline against labelled documents: it loads a
// corpus folder (labels.jsonl beside the files), runs every file through a
// Processor, compares the incomes with the labels field by field and prints
// the tables the team reads: the headline a lender lives by (straight-through
// field accuracy, documents with no review, published-wrong, review
// prefill), by quality and by kind, per-field accuracy, and the reliability
// of the engine's confidences (a table and a PNG plot). Generate draws the
// generated sets of the tuning and held-out layout families.
//
// The comparison (Compare, Summarize, NewReliability) needs no OCR; Run
// needs a Processor, in practice a *pipeline.Pipeline with a Tesseract
// engine. Only the accuracy command imports this package (with its plotting
// library): the product binary never does.
package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"talaan/extract"
)

// Expectations a label can hold.
const (
	ExpectIncome      = "income"
	ExpectUnsupported = "unsupported"
)

// Case is one labelled file.
type Case struct {
	File    string           `json:"file"`
	Kind    string           `json:"kind"`
	Quality string           `json:"quality"`
	Expect  string           `json:"expect"`
	Incomes []extract.Income `json:"incomes"`
	// Path is where the bytes are read from when Data is nil.
	Path string `json:"-"`
	Data []byte `json:"-"`
}

// Set is a named group of cases, reported in its own section.
type Set struct {
	Name  string
	Cases []Case
}

// Load reads dir/labels.jsonl. The files themselves are read when run.
func Load(dir string) (Set, error) {
	path := filepath.Join(dir, "labels.jsonl")
	raw, err := os.ReadFile(path)
	if err != nil {
		return Set{}, fmt.Errorf("read labels: %w", err)
	}
	set := Set{Name: filepath.Base(filepath.Clean(dir))}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(text, &c); err != nil {
			return Set{}, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		if err := c.validate(); err != nil {
			return Set{}, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		c.Quality = NormQuality(c.Quality)
		c.Path = filepath.Join(dir, filepath.FromSlash(c.File))
		set.Cases = append(set.Cases, c)
	}
	if err := sc.Err(); err != nil {
		return Set{}, fmt.Errorf("read %s: %w", path, err)
	}
	if len(set.Cases) == 0 {
		return Set{}, fmt.Errorf("%s: no labels", path)
	}
	return set, nil
}

func (c Case) validate() error {
	switch {
	case c.File == "":
		return fmt.Errorf("label without file")
	case c.Expect != ExpectIncome && c.Expect != ExpectUnsupported:
		return fmt.Errorf("%s: expect %q is neither %q nor %q", c.File, c.Expect, ExpectIncome, ExpectUnsupported)
	case c.Expect == ExpectIncome && len(c.Incomes) == 0:
		return fmt.Errorf("%s: expects an income but lists none", c.File)
	case c.Expect == ExpectUnsupported && len(c.Incomes) != 0:
		return fmt.Errorf("%s: expects unsupported but lists incomes", c.File)
	}
	return nil
}

// Filter keeps the cases whose file name matches re; a nil re keeps all.
func (s Set) Filter(re *regexp.Regexp) Set {
	if re == nil {
		return s
	}
	out := Set{Name: s.Name}
	for _, c := range s.Cases {
		if re.MatchString(c.File) {
			out.Cases = append(out.Cases, c)
		}
	}
	return out
}

// NormQuality maps the generator's spellings to the corpus ones ("lowres"
// is "low-res").
func NormQuality(q string) string {
	q = strings.ToLower(strings.TrimSpace(q))
	switch q {
	case "lowres", "low_res", "low res":
		return "low-res"
	case "raster", "digital_raster":
		return "digital-raster"
	}
	return q
}

func (c Case) bytes() ([]byte, error) {
	if c.Data != nil {
		return c.Data, nil
	}
	data, err := os.ReadFile(c.Path)
	if err != nil {
		return nil, fmt.Errorf("read document: %w", err)
	}
	return data, nil
}

// RepoRoot is the nearest folder above the working directory holding
// go.mod: the corpora are found beside it, in ../shared.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find repository root: no go.mod above the working directory")
		}
		dir = parent
	}
}

// SharedDir finds the team's shared folder (corpora, reference) and
// returns name inside it: beside the repository (../shared) first, then
// $TALAAN_SHARED, then /work/shared, so that a checkout anywhere on the
// machine (CI clones to a temporary folder) still finds the corpora.
func SharedDir(name string) (string, error) {
	var tries []string
	if root, err := RepoRoot(); err == nil {
		tries = append(tries, filepath.Join(root, "..", "shared"))
	}
	if env := os.Getenv("TALAAN_SHARED"); env != "" {
		tries = append(tries, env)
	}
	tries = append(tries, "/work/shared")
	for _, dir := range tries {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found in %v (set TALAAN_SHARED)", name, tries)
}

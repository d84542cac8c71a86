package tesseract

import (
	"slices"
	"strings"
	"unicode"

	"talaan/ocr"
)

// Thresholds of the page-quality judgement, set on the corpus's raster
// pages: clean scans and photos have a mean word confidence of 0.77-0.95
// and 70-92% confident words; the unreadable low-resolution ones 0.49-0.65
// and 34-61%.
const (
	// confidentConf is the word confidence from which a word is taken as
	// read.
	confidentConf = 0.6
	// poorMeanConf and poorConfidentShare: below either, a page is poor.
	poorMeanConf       = 0.72
	poorConfidentShare = 0.65
	// minRealWords: a page with fewer real words is poor (a blank page too,
	// but a second pass on it costs little).
	minRealWords = 10
	// goodMeanConf: at or above it a page is good and nothing more is
	// looked at; between the two, the image is checked for halftone.
	goodMeanConf = 0.85
)

// quality is a cheap judgement of one recognition, from its words alone.
type quality struct {
	words     int     // every word Tesseract returned
	real      int     // words that look like a word or a number
	confident int     // real words with a confidence of confidentConf or more
	meanConf  float64 // over every word
	// textHeight is the 25th percentile of the real words' box heights in
	// pixels, 0 when there are none. The low percentile follows the small
	// print (labels, amounts), which is what fails first on a small image;
	// large titles and garbage boxes over shading sit above it.
	textHeight float64
	// score is the number of letters and digits in confident real words:
	// how much text was read. Unlike the mean confidence it does not
	// reward reading less.
	score int
}

// judge measures the words of one recognition.
func judge(words []ocr.Word) quality {
	q := quality{words: len(words)}
	var sum float64
	heights := make([]float64, 0, len(words))
	for _, w := range words {
		sum += w.Conf
		if !looksReal(w.Text) {
			continue
		}
		q.real++
		heights = append(heights, w.Box.Height())
		if w.Conf >= confidentConf {
			q.confident++
			q.score += alnumCount(w.Text)
		}
	}
	if q.words > 0 {
		q.meanConf = sum / float64(q.words)
	}
	if len(heights) > 0 {
		slices.Sort(heights)
		q.textHeight = heights[(len(heights)-1)/4]
	}
	return q
}

// poor reports whether a page was read so badly that a second pass is
// worth its cost whatever the image looks like.
func (q quality) poor() bool {
	return q.real < minRealWords || q.meanConf < poorMeanConf ||
		float64(q.confident) < poorConfidentShare*float64(q.words)
}

// good reports whether a page was read well enough that nothing more is
// looked at.
func (q quality) good() bool {
	return !q.poor() && q.meanConf >= goodMeanConf
}

// rereadUnturned reports whether a page the orientation detector turned by
// rotation degrees, and that then read as q, is worth reading once more as
// it came: an upright page turned by mistake reads as garbage, a page
// rightly turned reads well and costs nothing more.
func rereadUnturned(rotation int, q quality) bool {
	return rotation != 0 && q.poor()
}

// splitAmounts counts the words that are amounts cut at their decimal
// point: digits ending in a bare point ("474,605.") or a point and two
// digits alone (".75").
func splitAmounts(words []ocr.Word) int {
	n := 0
	for _, w := range words {
		t := strings.TrimRight(w.Text, "|])")
		if cutAfterPoint(t) || cutBeforePoint(t) {
			n++
		}
	}
	return n
}

// cutAfterPoint: "474,605." or "1,408,800." (digits with separators).
func cutAfterPoint(t string) bool {
	body, ok := strings.CutSuffix(t, ".")
	if !ok || body == "" || body[0] < '0' || body[0] > '9' {
		return false
	}
	for _, r := range body {
		if (r < '0' || r > '9') && r != ',' {
			return false
		}
	}
	return true
}

// cutBeforePoint: ".75".
func cutBeforePoint(t string) bool {
	return len(t) == 3 && t[0] == '.' && t[1] >= '0' && t[1] <= '9' && t[2] >= '0' && t[2] <= '9'
}

// keepBlockPass reports whether a single-block reading of a page is kept
// over its first reading: it must split fewer amounts, and read at least
// nine tenths as much text (a single block can lose the rows of ruled
// tables).
func keepBlockPass(first, block []ocr.Word) bool {
	return splitAmounts(block) < splitAmounts(first) &&
		10*judge(block).score >= 9*judge(first).score
}

// looksReal reports whether s, stripped of surrounding punctuation, reads
// as a word (lower case, Capitalised or UPPER CASE letters, apostrophes and
// hyphens inside) or a number (digits with , . / - : separators, optionally
// a letter or two as in 401K or 12a). Tesseract's garbage on noise and
// shading mixes cases, digits and symbols: "Sas2AS", "|?", "aera:".
func looksReal(s string) bool {
	s = strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if s == "" {
		return false
	}
	var letters, digits, upper, other int
	for i, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsUpper(r):
			letters++
			if i > 0 {
				upper++
			}
		case unicode.IsLetter(r):
			letters++
		case strings.ContainsRune(",./-:'’", r):
			other++
		default:
			return false
		}
	}
	switch {
	case digits > 0:
		return letters <= 2 && digits >= letters
	case letters == 1:
		return true
	default:
		// Capitalised or lower case (no upper case after the first
		// letter), or upper case throughout.
		first, _ := firstRune(s)
		return upper == 0 || (unicode.IsUpper(first) && upper == letters-1)
	}
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

func alnumCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

package parse

import (
	"strings"
	"unicode"
)

// QuoteMarks are the marks OCR reads for a speck beside a word: trimmed
// from words' ends (extract's cleanWords) and skipped beside a range's
// connector.
const QuoteMarks = "'‘’`\"“”"

// ocrLetters reads digits inside words as the letters they resemble.
var ocrLetters = strings.NewReplacer("0", "o", "1", "l", "5", "s", "|", "l")

var accents = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ñ': 'n', 'ç': 'c',
}

// Fold prepares label text for matching: it lower-cases, drops accents and
// apostrophes, turns other punctuation into spaces, reads 0, 1, 5 and |
// inside words as o, l, s and l ("T0tal" -> "total", "5SS" -> "sss"; "2nd"
// and "2316" stay), and collapses spaces.
func Fold(s string) string {
	mapped := strings.Map(func(r rune) rune {
		r = unicode.ToLower(r)
		if a, ok := accents[r]; ok {
			return a
		}
		switch {
		case r == '\'' || r == '’' || r == '`':
			return -1
		case r == '|' || unicode.IsLetter(r) || unicode.IsDigit(r):
			return r
		}
		return ' '
	}, s)
	words := strings.Fields(mapped)
	out := words[:0]
	for _, w := range words {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 && !ordinal(w) {
			w = ocrLetters.Replace(w)
		} else {
			w = strings.ReplaceAll(w, "|", "")
		}
		if w != "" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// ordinal reports whether w is like "2nd" or "16th".
func ordinal(w string) bool {
	i := strings.IndexFunc(w, func(r rune) bool { return r < '0' || r > '9' })
	if i <= 0 {
		return false
	}
	switch w[i:] {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

// Similar scores how alike two labels are, from 0 to 1, as one minus the
// Levenshtein distance of their folded forms over the longer length;
// "Basic Pay" and "8asic Pav" score 0.78.
func Similar(a, b string) float64 { return similarFolded(Fold(a), Fold(b)) }

func similarFolded(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	if n == 0 {
		return 1
	}
	return 1 - float64(levenshtein(ra, rb))/float64(n)
}

func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

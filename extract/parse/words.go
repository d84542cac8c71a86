package parse

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Cash vouchers and many Philippine payslips write the amount paid out in
// words as well as in figures ("SEVEN THOUSAND NINE HUNDRED SIXTY FOUR
// PESOS AND 00/100"), as a cheque does: a second printing of the net that
// OCR reads apart from its figures.

var (
	units = map[string]int{"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
		"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
		"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
		"fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
	scales = map[string]int{"thousand": 1000, "million": 1000000}
	// currencyWords may stand between the words and their centavos.
	currencyWords = map[string]bool{"pesos": true, "peso": true, "php": true, "dollars": true, "dollar": true, "and": true, "&": true}
)

// WordsAmounts returns the amounts written out in words in s: a run of
// number words with a hundred, a thousand or a million in it (a lone "one"
// or "two" is a count, not money), and the centavos written "NN/100" after
// it. Without written centavos an amount is whole. A word OCR misread ends
// a run, and what was read before it is no amount of the page.
func WordsAmounts(s string) []float64 {
	ts := wordTokens(s)
	var out []float64
	for i := 0; i < len(ts); {
		v, scaled, n, ok := numberWords(ts[i:])
		if !ok {
			i++
			continue
		}
		i += n
		if !scaled {
			continue
		}
		// A run cut short by a misread word ("NINETY SlX") is not the
		// amount: the next word must end the words.
		j := i
		for j < len(ts) && currencyWords[ts[j]] {
			j++
		}
		cents := 0
		if j < len(ts) {
			if c, ok := centsOf(ts[j]); ok {
				cents = c
			} else if j == i && isWordy(ts[j]) && ts[j] != "only" && ts[j] != "centavos" {
				continue
			}
		}
		out = append(out, float64(v)+float64(cents)/100)
	}
	return out
}

// numberWords reads the number words that open ts: their value, whether a
// hundred or a larger scale was among them, and how many tokens they took.
func numberWords(ts []string) (value int, scaled bool, n int, ok bool) {
	total, cur := 0, 0
	for n < len(ts) {
		t := ts[n]
		switch {
		case t == "hundred" && ok:
			cur *= 100
			scaled = true
		case scales[t] != 0 && ok:
			total += max(cur, 1) * scales[t]
			cur = 0
			scaled = true
		case t == "and" && ok && n+1 < len(ts) && isNumberWord(ts[n+1]):
		default:
			u, isUnit := units[t]
			if !isUnit {
				return total + cur, scaled, n, ok
			}
			cur += u
			ok = true
		}
		n++
	}
	return total + cur, scaled, n, ok
}

func isNumberWord(t string) bool {
	_, u := units[t]
	return u || t == "hundred" || scales[t] != 0
}

// centsOf reads "43/100" as 43 centavos.
func centsOf(t string) (int, bool) {
	num, den, ok := strings.Cut(t, "/")
	if !ok || den != "100" || len(num) == 0 || len(num) > 2 {
		return 0, false
	}
	c, err := strconv.Atoi(num)
	return c, err == nil
}

func isWordy(t string) bool {
	for _, r := range t {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return t != ""
}

// wordTokens lower-cases s and splits it into words, hyphens splitting
// ("twenty-five"), with the punctuation around words dropped but a
// fraction's slash kept ("00/100").
func wordTokens(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '–' || r == ','
	})
	out := make([]string, 0, len(f))
	for _, w := range f {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '&' })
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// WrittenOut says whether v, to the centavo, is among the amounts written
// out in words in s.
func WrittenOut(s string, v float64) bool {
	for _, a := range WordsAmounts(s) {
		if math.Abs(a-v) < 0.005 {
			return true
		}
	}
	return false
}

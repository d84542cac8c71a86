package parse

import (
	"regexp"
	"strings"
)

var (
	phpWords = regexp.MustCompile(`(?i)\b(?:php|pesos?)\b|(?:^|[^A-Za-z])P\d`)
	usdWords = regexp.MustCompile(`(?i)\b(?:usd|dollars?)\b`)
)

// DetectCurrency names the currency a text is written in, "PHP" or "USD",
// by counting marks: ₱, PHP, Php, peso and "P" directly before a digit
// for pesos; $, USD and dollar for dollars. A bare "P" elsewhere is a
// letter. ok is false when there are no marks or as many of each.
func DetectCurrency(text string) (code string, ok bool) {
	php := strings.Count(text, "₱") + len(phpWords.FindAllStringIndex(text, -1))
	usd := strings.Count(text, "$") + len(usdWords.FindAllStringIndex(text, -1))
	switch {
	case php > usd:
		return "PHP", true
	case usd > php:
		return "USD", true
	}
	return "", false
}

package parse

import (
	"regexp"
	"strings"
)

// IDs are the Philippine government numbers printed on a payslip or
// BIR Form 2316, normalised to their usual dashed form; "" when not found.
type IDs struct {
	TIN        string // 123-456-789, or with the branch code 123-456-789-000 or -00000
	SSS        string // 34-1234567-8
	PhilHealth string // 12-345678901-2
	PagIBIG    string // Pag-IBIG (HDMF) MID 1234-5678-9012
}

// idFiller is what sits between a label and its number: "No.", "#", ":".
const idFiller = `(?:\s*(?:nos?|number|num|id|mid|rtn|#|:|\.|-|\)))*\s*`

var idPatterns = []struct {
	re     *regexp.Regexp
	counts []int // digits the number may have
	groups [][]int
	set    func(*IDs, string)
}{
	{regexp.MustCompile(`(?i)\b(?:t\.?\s?i\.?\s?n\b|tax(?:payer)?\s+identification(?:\s+number)?|tax\s+id\b)` + idFiller + `(\d[\d -]*\d)`),
		[]int{9, 12, 14}, [][]int{{3, 3, 3}, {3, 3, 3, 3}, {3, 3, 3, 5}}, func(ids *IDs, s string) { ids.TIN = s }},
	{regexp.MustCompile(`(?i)\b(?:s\.?s\.?s\b|ss\s*(?:no|number|#)|social\s+security(?:\s+system)?)` + idFiller + `(\d[\d -]*\d)`),
		[]int{10}, [][]int{{2, 7, 1}}, func(ids *IDs, s string) { ids.SSS = s }},
	{regexp.MustCompile(`(?i)\b(?:phil\s*-?\s*health|phic\b|p\.h\.i\.c\.?)` + idFiller + `(\d[\d -]*\d)`),
		[]int{12}, [][]int{{2, 9, 1}}, func(ids *IDs, s string) { ids.PhilHealth = s }},
	{regexp.MustCompile(`(?i)\b(?:pag\s*-?\s*ibig(?:\s+fund)?|hdmf\b)` + idFiller + `(\d[\d -]*\d)`),
		[]int{12}, [][]int{{4, 4, 4}}, func(ids *IDs, s string) { ids.PagIBIG = s }},
}

// FindIDs finds the TIN, SSS, PhilHealth and Pag-IBIG numbers in text. A
// number counts only right after its label ("TIN:", "SSS No.", "PHIC #",
// "Pag-IBIG MID No.", "HDMF"), so contribution amounts next to the same
// labels are not taken for IDs. The first number of each kind wins.
func FindIDs(s string) IDs {
	var ids IDs
	for _, p := range idPatterns {
		for _, m := range p.re.FindAllStringSubmatchIndex(s, -1) {
			if id := readID(s, m[2], m[3], p.counts, p.groups); id != "" {
				p.set(&ids, id)
				break
			}
		}
	}
	return ids
}

// readID takes the longest run of whole digit groups in s[i:j] that has a
// valid count of digits and formats it.
func readID(s string, i, j int, counts []int, layouts [][]int) string {
	groups := strings.FieldsFunc(s[i:j], func(r rune) bool { return r == ' ' || r == '-' })
	if j+1 < len(s) && (s[j] == '.' || s[j] == ',') && isDigit(s[j+1]) {
		groups = groups[:len(groups)-1] // the last group starts an amount
	}
	digits, best := "", ""
	for _, g := range groups {
		digits += g
		for k, n := range counts {
			if len(digits) == n && strings.Trim(digits, "0") != "" {
				best = format(digits, layouts[k])
			}
		}
		if len(digits) >= counts[len(counts)-1] {
			break
		}
	}
	return best
}

func format(digits string, layout []int) string {
	parts := make([]string, 0, len(layout))
	for _, n := range layout {
		parts, digits = append(parts, digits[:n]), digits[n:]
	}
	return strings.Join(parts, "-")
}

package extract

import (
	"regexp"
	"strings"
)

// A fax machine or mail gateway prints its own line across the top or the
// foot of every page it sends ("RCVD 01 MAY 2024 20:13 FROM: +63 2 8433 2210
// -> LOANS DEPT FAX PAGE 01", "Jan 05 2024 10:32AM HP LaserJet Fax p.1").
// The line is the machine's, not the document's: its date is the day it was
// sent and its words name no employer. It is told by a word of the
// transmission with a clock time or a page number beside it, printed in the
// page's outer margin.

// transmissionMargin is the share of the page height, at the top and at the
// foot, where a transmission line is printed.
const transmissionMargin = 0.06

var (
	clockTime = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2})?([ap]\.?m\.?)?$`)
	// pageNumber is "01", "1/3" or OCR's "O1" after "PAGE", "PG" or "P.".
	pageNumber = regexp.MustCompile(`^[0-9oOlI]{1,3}(/[0-9oOlI]{1,3})?$`)
)

var transmissionWords = map[string]bool{"fax": true, "telefax": true, "rcvd": true, "received": true,
	"sent": true, "tx": true, "rx": true}

// dropTransmissionLines removes the transmission lines of a page of height h
// from rows.
func dropTransmissionLines(rows []*row, h float64) []*row {
	out := rows[:0]
	for _, r := range rows {
		inMargin := r.box.Y1 <= h*transmissionMargin || r.box.Y0 >= h*(1-transmissionMargin)
		if !(inMargin && transmissionLine(r)) {
			out = append(out, r)
		}
	}
	return out
}

// transmissionLine says a row has a word of transmission and a clock time
// or a page number.
func transmissionLine(r *row) bool {
	mark, word := false, false
	for i, w := range r.words {
		t := strings.ToLower(strings.Trim(w.Text, ",;"))
		f := foldWord(t)
		mark = mark || clockTime.MatchString(t) ||
			(f == "page" || f == "pg" || f == "p") && i+1 < len(r.words) && pageNumber.MatchString(r.words[i+1].Text)
		word = word || transmissionWords[f]
	}
	return mark && word
}

package console

import (
	"fmt"
	"strings"

	"talaan/extract"
)

// checkWords says what each of the engine's checks found when it failed.
var checkWords = map[string]string{
	"gross_minus_deductions_equals_net": "Gross pay minus the deductions is not the net pay",
	"earnings_sum_to_gross":             "The earnings do not add up to the gross pay",
	"net_not_above_gross":               "The net pay is more than the gross pay",
	"base_not_above_gross":              "The base pay is more than the gross pay",
	"period_matches_frequency":          "The pay period does not match the pay frequency",
	"period_length_plausible":           "The pay period's length is not plausible",
	"one_consistent_triple":             "More than one gross, deductions and net add up",
	"payslip_wording":                   "The document does not read like a payslip",
}

// fieldLabel is the form's label of an engine field ("netAmount" is "Net
// pay"), or the name itself.
func fieldLabel(engine string) string {
	for _, f := range fieldDefs {
		if f.Engine == engine {
			return f.Label
		}
	}
	return engine
}

// doubtReason is the doubt without its numbers, as the queue counts and
// filters documents by it: "Net pay not found", "Net pay read unsurely",
// "The earnings do not add up to the gross pay".
func doubtReason(d extract.Doubt) string {
	switch d.Kind {
	case extract.DoubtMissing:
		return fieldLabel(d.Field) + " not found"
	case extract.DoubtUncertain:
		return fieldLabel(d.Field) + " read unsurely"
	case extract.DoubtCheck:
		if w, ok := checkWords[d.Field]; ok {
			return w
		}
		if strings.HasPrefix(d.Field, "item19_equals_") { // BIR 2316
			return "Item 19 is not the sum of its parts"
		}
		return "Check failed: " + strings.ReplaceAll(d.Field, "_", " ")
	case extract.DoubtEdited:
		return "The PDF was edited after it was made"
	case extract.DoubtRepeat:
		return "Already received"
	}
	return d.String()
}

// doubtWords is the doubt in plain words with the numbers behind it, for
// the review page.
func doubtWords(d extract.Doubt) string {
	r := doubtReason(d)
	switch {
	case d.Kind == extract.DoubtUncertain && d.Bar > 0:
		return fmt.Sprintf("%s: confidence %.2f, under the %.2f it needs", r, d.Confidence, d.Bar)
	case d.Kind == extract.DoubtUncertain:
		return fmt.Sprintf("%s: confidence %.2f", r, d.Confidence)
	case (d.Kind == extract.DoubtCheck || d.Kind == extract.DoubtEdited || d.Kind == extract.DoubtRepeat) && d.Detail != "":
		return r + ": " + d.Detail
	}
	return r
}

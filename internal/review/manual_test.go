package review_test

import (
	"math"
	"strings"
	"testing"

	"talaan/internal/review"
)

func TestValidateManualData(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	s := func(v string) *string { return &v }
	cases := []struct {
		name  string
		data  review.ManualData
		field string // "" when valid
	}{
		{"nothing given", review.ManualData{}, ""},
		{"cents", review.ManualData{GrossAmount: f(12000.55), NetAmount: f(0)}, ""},
		{"the maximum", review.ManualData{GrossAmount: f(review.MaxAmount)}, ""},
		{"a leap day", review.ManualData{StartDate: s("2024-02-29"), EndDate: s("2024-02-29")}, ""},
		{"NaN", review.ManualData{NetAmount: f(nan())}, "netAmount"},
		{"infinity", review.ManualData{BaseAmount: f(inf())}, "baseAmount"},
		{"a tenth of a cent", review.ManualData{NetAmount: f(0.001)}, "netAmount"},
		{"a leap day in a common year", review.ManualData{StartDate: s("2025-02-29")}, "startDate"},
		{"a date with time", review.ManualData{EndDate: s("2025-02-01T00:00:00Z")}, "endDate"},
		{"a text too long", review.ManualData{TaxNumber: s(strings.Repeat("1", 41))}, "taxNumber"},
		{"a frequency in lower case", review.ManualData{Frequency: s("monthly")}, "frequency"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := review.ValidateManualData(&c.data)
			switch {
			case c.field == "" && len(errs) > 0:
				t.Fatalf("refused: %v", errs)
			case c.field != "" && (len(errs) != 1 || errs[0].Field != c.field || errs[0].Message != review.ManualRule(c.field)):
				t.Fatalf("errors %v, want one on %s saying %q", errs, c.field, review.ManualRule(c.field))
			}
		})
	}
}

func nan() float64 { return math.NaN() }
func inf() float64 { return math.Inf(1) }

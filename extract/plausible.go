package extract

import (
	"fmt"
	"time"

	"talaan/extract/parse"
)

// checkPeriodShape adds a check that a payslip's period has the length of
// a pay period: one of the frequencies', and more than one day unless the
// slip says it pays daily. A period read from the wrong pair of dates (a
// pay date taken as the end, one date taken for both) rarely has such a
// length, and its arithmetic may still hold, so without this check it
// would be published.
func checkPeriodShape(r *Record) {
	in := r.Income
	if r.Kind != KindPayslip || in.StartDate == nil || in.EndDate == nil {
		return
	}
	s, err1 := time.Parse(time.DateOnly, *in.StartDate)
	e, err2 := time.Parse(time.DateOnly, *in.EndDate)
	if err1 != nil || err2 != nil {
		return
	}
	inf, ok := parse.InferFrequency(s, e)
	printedDaily := in.Frequency != nil && *in.Frequency == FreqDaily && r.Fields["frequency"].How == "frequency label"
	pass := ok && (inf != FreqDaily || printedDaily)
	r.Checks = append(r.Checks, Check{Name: "period_length_plausible", Passed: pass,
		Detail: fmt.Sprintf("%s to %s", *in.StartDate, *in.EndDate)})
}

// exactPayPeriod says a period is a pay period to the day (see
// parse.WholePayPeriod).
func exactPayPeriod(p parse.Period) bool { return parse.WholePayPeriod(p.Start, p.End) }

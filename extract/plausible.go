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

// exactPayPeriod says a period is a pay period to the day: a calendar
// month, the 1st to the 15th, the 16th to the month's end, or exactly 7 or
// 14 days.
func exactPayPeriod(p parse.Period) bool {
	if p.Start.IsZero() || p.End.Before(p.Start) {
		return false
	}
	sy, sm, sd := p.Start.Date()
	ey, em, ed := p.End.Date()
	monthEnd := p.End.AddDate(0, 0, 1).Day() == 1
	sameMonth := sy == ey && sm == em
	days := int(p.End.Sub(p.Start).Hours()/24+0.5) + 1
	return sameMonth && (sd == 1 && monthEnd || sd == 1 && ed == 15 || sd == 16 && monthEnd) || days == 7 || days == 14
}

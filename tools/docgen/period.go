package docgen

import (
	"fmt"
	"strings"
	"time"
)

// Period formats. periodMonthOf prints no days and is used for monthly slips only.
const (
	periodLongRange  = iota // June 1-15, 2024
	periodSlash             // 06/16/2024 - 06/30/2024
	periodCutoff            // Cut-off: Jun 16 - Jun 30, 2024
	periodISO               // 2024-06-16 to 2024-06-30
	periodDMY               // 16 Jun 2024 - 30 Jun 2024
	periodLongTo            // June 16, 2024 - June 30, 2024
	periodAbbrDot           // Jun. 16 - 30, 2024
	periodDashMon           // 16-Jun-2024 to 30-Jun-2024
	periodUpper             // JUNE 16-30, 2024
	periodSlashShort        // 6/16/24 - 6/30/24
	periodCovered           // Period Covered: June 16 to June 30, 2024
	numPeriodFormats
	periodMonthOf // For the month of June 2024
)

var periodFormatNames = map[int]string{
	periodLongRange: "long range (June 1-15, 2024)", periodSlash: "slash (MM/DD/YYYY - MM/DD/YYYY)",
	periodCutoff: "cut-off (Cut-off: Jun 16 - Jun 30, 2024)", periodISO: "ISO (YYYY-MM-DD to YYYY-MM-DD)",
	periodDMY: "day-month-year (16 Jun 2024 - 30 Jun 2024)", periodLongTo: "long to (June 16, 2024 - June 30, 2024)",
	periodAbbrDot: "abbreviated (Jun. 16 - 30, 2024)", periodDashMon: "dashed (16-Jun-2024 to 30-Jun-2024)",
	periodUpper: "upper case (JUNE 16-30, 2024)", periodSlashShort: "short slash (6/16/24 - 6/30/24)",
	periodCovered: "period covered (Period Covered: June 16 to June 30, 2024)", periodMonthOf: "month of (For the month of June 2024)",
}

// periodText returns the label to print before the period (may be "") and
// the period itself.
func periodText(st *slipStyle, a, b time.Time) (string, string) {
	sameMonth := a.Year() == b.Year() && a.Month() == b.Month()
	sameYear := a.Year() == b.Year()
	label := st.PeriodLabel
	switch st.PeriodFmt {
	case periodLongRange, periodUpper:
		var s string
		switch {
		case sameMonth:
			s = fmt.Sprintf("%s %d-%d, %d", a.Format("January"), a.Day(), b.Day(), a.Year())
		case sameYear:
			s = fmt.Sprintf("%s %d - %s %d, %d", a.Format("January"), a.Day(), b.Format("January"), b.Day(), a.Year())
		default:
			s = a.Format("January 2, 2006") + " - " + b.Format("January 2, 2006")
		}
		if st.PeriodFmt == periodUpper {
			s = strings.ToUpper(s)
		}
		return label, s
	case periodSlash:
		return label, a.Format("01/02/2006") + " - " + b.Format("01/02/2006")
	case periodCutoff:
		w := pick2(st.Visual.Variant, "Cut-off", "Cutoff", "CUT-OFF", "Cut-Off")
		if sameYear {
			return "", fmt.Sprintf("%s: %s - %s", w, a.Format("Jan 2"), b.Format("Jan 2, 2006"))
		}
		return "", fmt.Sprintf("%s: %s - %s", w, a.Format("Jan 2, 2006"), b.Format("Jan 2, 2006"))
	case periodISO:
		return label, a.Format("2006-01-02") + " to " + b.Format("2006-01-02")
	case periodDMY:
		return label, a.Format("02 Jan 2006") + " - " + b.Format("02 Jan 2006")
	case periodLongTo:
		sep := pick2(st.Visual.Variant, " - ", " to ", " - ", " – ")
		return label, a.Format("January 2, 2006") + sep + b.Format("January 2, 2006")
	case periodAbbrDot:
		if sameMonth {
			return label, fmt.Sprintf("%s. %d - %d, %d", a.Format("Jan"), a.Day(), b.Day(), a.Year())
		}
		return label, fmt.Sprintf("%s. %d - %s. %d, %d", a.Format("Jan"), a.Day(), b.Format("Jan"), b.Day(), b.Year())
	case periodDashMon:
		return label, a.Format("02-Jan-2006") + " to " + b.Format("02-Jan-2006")
	case periodSlashShort:
		return label, a.Format("1/2/06") + " - " + b.Format("1/2/06")
	case periodCovered:
		return "", "Period Covered: " + a.Format("January 2") + " to " + b.Format("January 2, 2006")
	case periodMonthOf:
		if st.Visual.Variant%2 == 0 {
			return "", "For the month of " + a.Format("January 2006")
		}
		return label, a.Format("January 2006")
	}
	return label, a.Format("01/02/2006") + " - " + b.Format("01/02/2006")
}

func pick2(i int, xs ...string) string { return xs[i%len(xs)] }

func payDateText(st *slipStyle, d time.Time) string {
	switch st.PayDateFmt {
	case 0:
		return d.Format("01/02/2006")
	case 1:
		return d.Format("January 2, 2006")
	case 2:
		return d.Format("2006-01-02")
	case 3:
		return d.Format("02-Jan-2006")
	case 4:
		return d.Format("Jan 2, 2006")
	}
	return d.Format("02 January 2006")
}

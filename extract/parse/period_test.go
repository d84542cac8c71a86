package parse

import (
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in         string
		start, end time.Time
		stated     string
	}{
		{"June 1-15, 2024", day(2024, 6, 1), day(2024, 6, 15), ""},
		{"December 16, 2024 -- December 31, 2024", day(2024, 12, 16), day(2024, 12, 31), ""}, // a dash read as two hyphens
		{"Dec 1 ~- 15, 2024", day(2024, 12, 1), day(2024, 12, 15), ""},
		{"June 16 - 30, 2024", day(2024, 6, 16), day(2024, 6, 30), ""},
		{"06/16/2024 - 06/30/2024", day(2024, 6, 16), day(2024, 6, 30), ""},
		{"06/16/2024 to 06/30/2024", day(2024, 6, 16), day(2024, 6, 30), ""},
		{"Cut-off: Jun 16 - Jun 30, 2024", day(2024, 6, 16), day(2024, 6, 30), ""},
		{"Cut-off Period: Jun 16, 2024 - Jun 30, 2024", day(2024, 6, 16), day(2024, 6, 30), ""},
		{"For the month of June 2024", day(2024, 6, 1), day(2024, 6, 30), ""},
		{"Month of June 2024", day(2024, 6, 1), day(2024, 6, 30), ""},
		{"Month of February 2024", day(2024, 2, 1), day(2024, 2, 29), ""},
		{"July 1 to 15, 2026", day(2026, 7, 1), day(2026, 7, 15), ""},
		{"July 01, 2026 to July 15, 2026", day(2026, 7, 1), day(2026, 7, 15), ""},
		{"2024-12-16 to 2024-12-31", day(2024, 12, 16), day(2024, 12, 31), ""},
		{"16 Dec 2024 - 31 Dec 2024", day(2024, 12, 16), day(2024, 12, 31), ""},
		{"Dec 16-31, 2024", day(2024, 12, 16), day(2024, 12, 31), ""},
		{"Period: 12/16/2024-12/31/2024", day(2024, 12, 16), day(2024, 12, 31), ""},
		{"Pay Period 06/08/2026 – 06/14/2026", day(2026, 6, 8), day(2026, 6, 14), ""},
		{"PERIOD: 2023-10-01 TO'2023-10-07", day(2023, 10, 1), day(2023, 10, 7), ""},
		{"Peried From September 16, 2024 Peried Te September 29, 2024 Payeut Date September 27, 2024", day(2024, 9, 16), day(2024, 9, 29), ""},
		{"June 1 ‘- 15, 2024", day(2024, 6, 1), day(2024, 6, 15), ""},
		{"Pay Period 06/08/2026 — 06/14/2026", day(2026, 6, 8), day(2026, 6, 14), ""},
		{"Period Covered: June 8 - 14, 2026", day(2026, 6, 8), day(2026, 6, 14), ""},
		{"Period Beginning: 07/25/2008 Period Ending: 07/31/2008", day(2008, 7, 25), day(2008, 7, 31), ""},
		{"1-15 June 2024", day(2024, 6, 1), day(2024, 6, 15), ""},
		{"Dec 16, 2024 - Jan 15, 2025", day(2024, 12, 16), day(2025, 1, 15), ""},
		{"Dec 16 - Jan 15, 2025", day(2024, 12, 16), day(2025, 1, 15), ""},
		{"January - June 2024", day(2024, 1, 1), day(2024, 6, 30), ""},
		{"16/06/2024 - 01/07/2024", day(2024, 6, 16), day(2024, 7, 1), ""},
		{"Semi-Monthly (June 1-15, 2024)", day(2024, 6, 1), day(2024, 6, 15), "Semimonthly"},
		{"Bi-monthly payroll June 16-30, 2024", day(2024, 6, 16), day(2024, 6, 30), "Semimonthly"},
		{"Kinsenas: Hunyo 1-15, 2024", day(2024, 6, 1), day(2024, 6, 15), "Semimonthly"},
		{"Period: 06/16/2024 - 06/30/2024 Pay Date: 07/05/2024", day(2024, 6, 16), day(2024, 6, 30), ""},
		// a day range sharing its month and year, and ranges across months
		{"Mar 13-19, 2023", day(2023, 3, 13), day(2023, 3, 19), ""},
		{"April 1-30, 2025", day(2025, 4, 1), day(2025, 4, 30), ""},
		{"PAYROLL PERIOD: MARCH 16-31, 2025", day(2025, 3, 16), day(2025, 3, 31), ""},
		{"June 1 - 15 2025", day(2025, 6, 1), day(2025, 6, 15), ""},
		{"Mar 28 - Apr 3, 2025", day(2025, 3, 28), day(2025, 4, 3), ""},
		{"16-31 March 2025", day(2025, 3, 16), day(2025, 3, 31), ""},
		{"03/01 - 03/15/2025", day(2025, 3, 1), day(2025, 3, 15), ""},
		{"03/01/25-03/15/25", day(2025, 3, 1), day(2025, 3, 15), ""},
		{"Cut-off: 03/01/2025 - 03/15/2025", day(2025, 3, 1), day(2025, 3, 15), ""},
		{"Payroll Cut-off 2025-03-16 ~ 2025-03-31", day(2025, 3, 16), day(2025, 3, 31), ""},
		// From and To printed as two captions
		{"Date From: 03/01/2025 Date To: 03/15/2025", day(2025, 3, 1), day(2025, 3, 15), ""},
		{"From 03/16/2025   To 03/31/2025", day(2025, 3, 16), day(2025, 3, 31), ""},
		{"Mula: Marso 1, 2025 Hanggang: Marso 15, 2025", day(2025, 3, 1), day(2025, 3, 15), ""},
		// a month alone is the whole month
		{"for June-2025", day(2025, 6, 1), day(2025, 6, 30), ""},
		{"Payslip for the month of JUNE 2025", day(2025, 6, 1), day(2025, 6, 30), ""},
		{"Panahon ng Sahod: Hunyo 2025", day(2025, 6, 1), day(2025, 6, 30), ""},
		// two whole dates side by side, the dash lost, spanning a pay period
		{"February 16,2025 Febtuary 28, 2025", day(2025, 2, 16), day(2025, 2, 28), ""},
		{"03/01/2025 03/15/2025", day(2025, 3, 1), day(2025, 3, 15), ""},
		{"Jun 8, 2026 Jun 21, 2026", day(2026, 6, 8), day(2026, 6, 21), ""},
		// the O of October read as a zero
		{"Date From 01-0ct-2025 Date To 15-0ct-2025", day(2025, 10, 1), day(2025, 10, 15), ""},
		{"0ctober 16-31, 2025", day(2025, 10, 16), day(2025, 10, 31), ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			p, ok := ParsePeriod(tt.in)
			if !ok || !p.Start.Equal(tt.start) || !p.End.Equal(tt.end) || p.Stated != tt.stated {
				t.Errorf("ParsePeriod(%q) = %v - %v %q, %v; want %v - %v %q", tt.in, p.Start, p.End, p.Stated, ok, tt.start, tt.end, tt.stated)
			}
		})
	}
}

func TestParsePeriodYear(t *testing.T) {
	t.Parallel()
	p, ok := ParsePeriodYear("From 01/01 To 12/31", 2024)
	if !ok || !p.Start.Equal(day(2024, 1, 1)) || !p.End.Equal(day(2024, 12, 31)) {
		t.Errorf("ParsePeriodYear = %v - %v, %v", p.Start, p.End, ok)
	}
	if _, ok := ParsePeriod("From 01/01 To 12/31"); ok {
		t.Error("ParsePeriod without a year accepted From 01/01 To 12/31")
	}
	p, ok = ParsePeriodYear("June 1-15, 2023", 2024)
	if !ok || p.Start.Year() != 2023 {
		t.Errorf("a printed year should win over the hint: %v, %v", p.Start, ok)
	}
}

func TestParsePeriodRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"", "Basic Pay 12,975.00", "06/30/2024 - 06/01/2024", "June 16 - 1, 2024", "01/01/2023 - 12/31/2024",
		"Pay Date: 07/05/2024", "Period Ending: 07/31/2008", "June 1-15", "13 - 15", "Hours 8 - 5",
		"06/30/2024 07/05/2024", "June 31 - July 15, 2024",
		// a misread number mended into no whole pay period, or into two
		"05/01/2024 - 65/17/2024", "2024-06-01 - 2024-06-88",
		// side by side but no pay period: a period's end and its pay date
		"01/31/2025 02/15/2025", "03/15/2025 03/20/2025", "Feb 28, 2025 Mar 7, 2025",
		// a start and a pay date are not a period
		"Period From: 03/01/2025 Pay Date: 03/20/2025", "Period From: 03/01/2025 Pay Date: 03/15/2025",
		"Period From: 03/01/2025 Issued: 03/15/2025", "From: 03/01/2025 Peried Te: 03/20/2025", "Printed 05/02/2025 for June 2025", "Date From 03/15/2025 Date To 03/01/2025",
	} {
		if p, ok := ParsePeriod(in); ok {
			t.Errorf("ParsePeriod(%q) = %v - %v, want not ok", in, p.Start, p.End)
		}
	}
}

// A range one of whose dates OCR misread into no date ("40" for 10) is
// mended when exactly one digit, replaced by one it is often misread from,
// gives a whole pay period; the period says so.
func TestParsePeriodMended(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in         string
		start, end time.Time
	}{
		{"PERIOD: 40/01/2023 - 10/07/2023", day(2023, 10, 1), day(2023, 10, 7)},
		{"2023-10-01 to 2023-40-07", day(2023, 10, 1), day(2023, 10, 7)},
		{"PERIOD COVERED: 05/01/2024 - 65/31/2024", day(2024, 5, 1), day(2024, 5, 31)},
		{"26 Feb 2022 - 94 Mar 2022", day(2022, 2, 26), day(2022, 3, 4)},
		{"Cut-off: Jun 16 - Jun 38, 2024", day(2024, 6, 16), day(2024, 6, 30)},
	}
	for _, tt := range tests {
		p, ok := ParsePeriod(tt.in)
		if !ok || !p.Start.Equal(tt.start) || !p.End.Equal(tt.end) || !p.Mended {
			t.Errorf("ParsePeriod(%q) = %v - %v mended %v, %v; want %v - %v mended", tt.in, p.Start, p.End, p.Mended, ok, tt.start, tt.end)
		}
	}
	if p, ok := ParsePeriod("05/01/2024 - 05/31/2024"); !ok || p.Mended {
		t.Errorf("a period read whole is not mended: %+v, %v", p, ok)
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"June 1-15, 2024", "Cut-off: Jun 16 - Jun 30, 2024", "Period: 12/16/2024-12/31/2024",
		"For the month of June 2024", "Period Beginning: 07/25/2008 Period Ending: 07/31/2008", "Dec 16 - Jan 15, 2025"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		p, ok := ParsePeriodYear(s, year)
		if !ok {
			return
		}
		if p.End.Before(p.Start) || p.End.Sub(p.Start) > maxPeriodDays*24*time.Hour {
			t.Fatalf("%q: bad period %v - %v", s, p.Start, p.End)
		}
		out := p.Start.Format("01/02/2006") + " - " + p.End.Format("01/02/2006")
		if q, ok := ParsePeriod(out); !ok || !q.Start.Equal(p.Start) || !q.End.Equal(p.End) {
			t.Fatalf("%q -> %v - %v; %q -> %v - %v, %v", s, p.Start, p.End, out, q.Start, q.End, ok)
		}
	})
}

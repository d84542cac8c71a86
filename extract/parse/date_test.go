package parse

import (
	"testing"
	"time"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		hint     DateHint
		want     time.Time
	}{
		{"month first slashes", "06/30/2024", DateHint{}, day(2024, 6, 30)},
		{"short year", "6/30/24", DateHint{}, day(2024, 6, 30)},
		{"iso", "2024-06-30", DateHint{}, day(2024, 6, 30)},
		{"year first slashes", "2024/06/30", DateHint{}, day(2024, 6, 30)},
		{"day month abbrev dashes", "30-Jun-2024", DateHint{}, day(2024, 6, 30)},
		{"day month short year", "30-Jun-24", DateHint{}, day(2024, 6, 30)},
		{"month day comma", "Jun 30, 2024", DateHint{}, day(2024, 6, 30)},
		{"full month no comma", "June 30 2024", DateHint{}, day(2024, 6, 30)},
		{"day full month", "30 June 2024", DateHint{}, day(2024, 6, 30)},
		{"abbrev with dot", "Jun. 30, 2024", DateHint{}, day(2024, 6, 30)},
		{"upper case", "JUN 30 2024", DateHint{}, day(2024, 6, 30)},
		{"ordinal", "June 30th, 2024", DateHint{}, day(2024, 6, 30)},
		{"weekday", "Sunday, June 30, 2024", DateHint{}, day(2024, 6, 30)},
		{"day first forced", "30/06/2024", DateHint{}, day(2024, 6, 30)},
		{"day first by hint", "01/06/2024", DateHint{DayFirst: true}, day(2024, 6, 1)},
		{"month first without hint", "01/06/2024", DateHint{}, day(2024, 1, 6)},
		{"hint cannot make 13 a month", "06/13/2024", DateHint{DayFirst: true}, day(2024, 6, 13)},
		{"dots", "06.30.2024", DateHint{}, day(2024, 6, 30)},
		{"spaced slashes", "06 / 30 / 2024", DateHint{}, day(2024, 6, 30)},
		{"year from hint", "06/30", DateHint{Year: 2024}, day(2024, 6, 30)},
		{"month name year from hint", "Jun 30", DateHint{Year: 2024}, day(2024, 6, 30)},
		{"OCR letters", "O6/3O/2O24", DateHint{}, day(2024, 6, 30)},
		{"OCR G for 6", "0G/30/2024", DateHint{}, day(2024, 6, 30)},
		{"filipino month", "Hunyo 30, 2024", DateHint{}, day(2024, 6, 30)},
		{"leap day", "02/29/2024", DateHint{}, day(2024, 2, 29)},
		{"trailing punctuation", "June 30, 2024.", DateHint{}, day(2024, 6, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := ParseDate(tt.in, tt.hint)
			if !ok || !got.Equal(tt.want) {
				t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestParseDateRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"", "June", "June 2024", "06/30", "Jun 30", "13/13/2024", "02/30/2024", "02/29/2023", "June 31, 2024",
		"2024-6", "123-456-789", "12,975.00", "06/30/2024 and more", "1-15", "Basic Pay", "30", "06-30",
		"3000-01-01", "06/30/2024/01",
	} {
		if got, ok := ParseDate(in, DateHint{}); ok {
			t.Errorf("ParseDate(%q) = %v, want not ok", in, got)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"06/30/2024", "6/30/24", "2024-06-30", "30-Jun-2024", "Jun. 30, 2024", "30 June 2024",
		"30/06/2024", "0G/30/2024", "June 30th, 2024", "Hunyo 1 2024"} {
		f.Add(s, false, 0)
	}
	f.Fuzz(func(t *testing.T, s string, dayFirst bool, year int) {
		d, ok := ParseDate(s, DateHint{DayFirst: dayFirst, Year: year})
		if !ok {
			return
		}
		if d.Year() < 1900 || d.Year() > 2100 || d.Hour() != 0 || d.Location() != time.UTC {
			t.Fatalf("%q: date %v out of range", s, d)
		}
		for _, layout := range []string{"2006-01-02", "January 2, 2006", "02-Jan-2006", "Jan 2 2006", "01/02/2006"} {
			out := d.Format(layout)
			if back, ok := ParseDate(out, DateHint{}); !ok || !back.Equal(d) {
				t.Fatalf("%q -> %v; %q -> %v, %v", s, d, out, back, ok)
			}
		}
	})
}

func TestMisreadMonthNames(t *testing.T) {
	for w, want := range map[string]int{"febtuary": 2, "decernber": 12, "septernber": 9, "agosto": 8, "january": 1,
		"marco": 0, "hunger": 0, "augustus": 0, "sept": 0, "octobers": 10, "movember": 0,
		// long names three letters off, their first three and last two kept
		"noventbeér": 11, "deceember": 12, "septenbeer": 9, "novelist": 0, "decimals": 0, "septuagenarian": 0, "decoder": 0} {
		if got := misreadMonth(w); got != want && !(want == 1 && got == 0) {
			t.Errorf("misreadMonth(%q) = %d, want %d", w, got, want)
		}
	}
	if p, ok := ParsePeriod("the period Noyember 1, 2026 - Noventbeér 15, 2026."); !ok || p.Start.Format("2006-01-02") != "2026-11-01" || p.End.Format("2006-01-02") != "2026-11-15" {
		t.Errorf("period %v %v", p, ok)
	}
	p, ok := ParsePeriod("February 16,2025 - Febtuary 28, 2025")
	if !ok || p.Start.Format("2006-01-02") != "2025-02-16" || p.End.Format("2006-01-02") != "2025-02-28" {
		t.Errorf("period %v %v", p, ok)
	}
}

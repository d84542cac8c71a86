package parse

import (
	"testing"
	"time"
)

func TestNormalizeFrequency(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want, wantPH string }{
		{"semi-monthly", "Semimonthly", "Semimonthly"},
		{"Semi Monthly", "Semimonthly", "Semimonthly"},
		{"SEMIMONTHLY", "Semimonthly", "Semimonthly"},
		{"twice a month", "Semimonthly", "Semimonthly"},
		{"Kinsenas", "Semimonthly", "Semimonthly"},
		{"kinsenas", "Semimonthly", "Semimonthly"},
		{"bi-weekly", "Biweekly", "Biweekly"},
		{"every two weeks", "Biweekly", "Biweekly"},
		{"Every 2 weeks", "Biweekly", "Biweekly"},
		{"monthly", "Monthly", "Monthly"},
		{"weekly", "Weekly", "Weekly"},
		{"daily", "Daily", "Daily"},
		{"hourly", "Hourly", "Hourly"},
		{"annual", "Annually", "Annually"},
		{"yearly", "Annually", "Annually"},
		{"Quarterly", "Quarterly", "Quarterly"},
		{"bi-monthly", "Bimonthly", "Semimonthly"},
		{"Bimonthly", "Bimonthly", "Semimonthly"},
		{"every two months", "Bimonthly", "Bimonthly"},
		{"Pay Frequency: Semi-Monthly", "Semimonthly", "Semimonthly"},
		{"Montly", "Monthly", "Monthly"},
		{"Semi-Monthiy", "Semimonthly", "Semimonthly"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got, ok := NormalizeFrequency(tt.in); !ok || got != tt.want {
				t.Errorf("NormalizeFrequency(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
			if got, ok := NormalizeFrequencyPH(tt.in); !ok || got != tt.wantPH {
				t.Errorf("NormalizeFrequencyPH(%q) = %q, %v; want %q", tt.in, got, ok, tt.wantPH)
			}
		})
	}
	for _, in := range []string{"", "Basic Pay", "month", "Net Pay", "weeks", "12,975.00"} {
		if got, ok := NormalizeFrequency(in); ok {
			t.Errorf("NormalizeFrequency(%q) = %q, want not ok", in, got)
		}
	}
}

func TestInferFrequency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		start, end time.Time
		want       string
	}{
		{"first half", day(2024, 6, 1), day(2024, 6, 15), "Semimonthly"},
		{"second half of 30", day(2024, 6, 16), day(2024, 6, 30), "Semimonthly"},
		{"second half of 31", day(2024, 12, 16), day(2024, 12, 31), "Semimonthly"},
		{"second half of February", day(2023, 2, 16), day(2023, 2, 28), "Semimonthly"},
		{"second half of leap February", day(2024, 2, 16), day(2024, 2, 29), "Semimonthly"},
		{"shifted cut-off", day(2024, 6, 11), day(2024, 6, 25), "Semimonthly"},
		{"shifted across months", day(2024, 6, 26), day(2024, 7, 10), "Semimonthly"},
		{"week", day(2026, 6, 8), day(2026, 6, 14), "Weekly"},
		{"two weeks", day(2008, 7, 18), day(2008, 7, 31), "Biweekly"},
		{"calendar month", day(2024, 2, 1), day(2024, 2, 29), "Monthly"},
		{"month across", day(2024, 1, 26), day(2024, 2, 25), "Monthly"},
		{"two months", day(2024, 1, 1), day(2024, 2, 29), "Bimonthly"},
		{"quarter", day(2024, 4, 1), day(2024, 6, 30), "Quarterly"},
		{"year", day(2024, 1, 1), day(2024, 12, 31), "Annually"},
		{"fiscal year", day(2023, 7, 1), day(2024, 6, 30), "Annually"},
		{"one day", day(2024, 6, 3), day(2024, 6, 3), "Daily"},
		{"times of day ignored", time.Date(2024, 6, 1, 23, 0, 0, 0, time.UTC), time.Date(2024, 6, 15, 1, 0, 0, 0, time.UTC), "Semimonthly"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got, ok := InferFrequency(tt.start, tt.end); !ok || got != tt.want {
				t.Errorf("InferFrequency(%v, %v) = %q, %v; want %q", tt.start, tt.end, got, ok, tt.want)
			}
		})
	}
	for _, r := range [][2]time.Time{
		{day(2024, 6, 1), day(2024, 6, 10)},
		{day(2024, 6, 30), day(2024, 6, 1)},
		{day(2024, 1, 1), day(2024, 2, 15)},
		{day(2020, 1, 1), day(2024, 1, 1)},
	} {
		if got, ok := InferFrequency(r[0], r[1]); ok {
			t.Errorf("InferFrequency(%v, %v) = %q, want not ok", r[0], r[1], got)
		}
	}
}

var frequencies = map[string]bool{"Hourly": true, "Daily": true, "Weekly": true, "Biweekly": true, "Semimonthly": true,
	"Monthly": true, "Bimonthly": true, "Quarterly": true, "Annually": true}

func FuzzNormalizeFrequency(f *testing.F) {
	for _, s := range []string{"semi-monthly", "Kinsenas", "every two weeks", "bi-monthly", "Montly", "Pay Frequency: Weekly"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, norm := range []func(string) (string, bool){NormalizeFrequency, NormalizeFrequencyPH} {
			got, ok := norm(s)
			if ok != (got != "") || ok && !frequencies[got] {
				t.Fatalf("%q -> %q, %v", s, got, ok)
			}
			if again, _ := NormalizeFrequency(got); ok && again != got {
				t.Fatalf("%q -> %q -> %q", s, got, again)
			}
		}
	})
}

func FuzzInferFrequency(f *testing.F) {
	f.Add(int64(0), int64(14))
	f.Add(int64(19_875), int64(19_889))
	f.Fuzz(func(t *testing.T, startDay, days int64) {
		start := day(1970, 1, 1).AddDate(0, 0, int(startDay%100_000))
		end := start.AddDate(0, 0, int(days%1000))
		got, ok := InferFrequency(start, end)
		if ok != (got != "") || ok && !frequencies[got] || ok && end.Before(start) {
			t.Fatalf("%v - %v -> %q, %v", start, end, got, ok)
		}
	})
}

package parse

import (
	"regexp"
	"testing"
)

func TestFindIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     IDs
	}{
		{"TIN with branch", "TIN: 123-456-789-000", IDs{TIN: "123-456-789-000"}},
		{"TIN short", "TIN 123-456-789", IDs{TIN: "123-456-789"}},
		{"TIN five digit branch", "T.I.N. No. 123-456-789-00000", IDs{TIN: "123-456-789-00000"}},
		{"TIN spaced boxes", "Taxpayer Identification Number (TIN) 123 456 789 000", IDs{TIN: "123-456-789-000"}},
		{"TIN undashed", "Employee TIN#123456789", IDs{TIN: "123-456-789"}},
		{"SSS", "SSS No.: 34-1234567-8", IDs{SSS: "34-1234567-8"}},
		{"SS No", "SS No. 3412345678", IDs{SSS: "34-1234567-8"}},
		{"PhilHealth", "PhilHealth No. 12-345678901-2", IDs{PhilHealth: "12-345678901-2"}},
		{"PHIC", "PHIC # 123456789012", IDs{PhilHealth: "12-345678901-2"}},
		{"Pag-IBIG MID", "Pag-IBIG MID No. 1234-5678-9012", IDs{PagIBIG: "1234-5678-9012"}},
		{"HDMF", "HDMF: 1234 5678 9012", IDs{PagIBIG: "1234-5678-9012"}},
		{"all on one line", "TIN: 123-456-789-000 SSS: 34-1234567-8 PhilHealth: 12-345678901-2 Pag-IBIG: 1234-5678-9012",
			IDs{TIN: "123-456-789-000", SSS: "34-1234567-8", PhilHealth: "12-345678901-2", PagIBIG: "1234-5678-9012"}},
		{"contributions are not IDs", "SSS 581.30 PhilHealth 337.50 Pag-IBIG 100.00 TIN", IDs{}},
		{"ID then amount", "SSS 34-1234567-8 581.30", IDs{SSS: "34-1234567-8"}},
		{"TIN then other number", "TIN: 123-456-789 12 days", IDs{TIN: "123-456-789"}},
		{"no label", "123-456-789-000 34-1234567-8", IDs{}},
		{"label inside a word", "Martin 123-456-789", IDs{}},
		{"wrong digit count", "SSS No. 34-123456-8", IDs{}},
		{"blank form zeros", "TIN 000-000-000-000", IDs{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := FindIDs(tt.in); got != tt.want {
				t.Errorf("FindIDs(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzFindIDs(f *testing.F) {
	f.Add("TIN: 123-456-789-000 SSS: 34-1234567-8 PhilHealth: 12-345678901-2 Pag-IBIG: 1234-5678-9012")
	f.Add("SSS 581.30 HDMF 1234 5678 9012 3")
	shapes := map[string]*regexp.Regexp{
		"TIN": regexp.MustCompile(`^\d{3}-\d{3}-\d{3}(-\d{3}|-\d{5})?$`), "SSS": regexp.MustCompile(`^\d{2}-\d{7}-\d$`),
		"PhilHealth": regexp.MustCompile(`^\d{2}-\d{9}-\d$`), "PagIBIG": regexp.MustCompile(`^\d{4}-\d{4}-\d{4}$`),
	}
	f.Fuzz(func(t *testing.T, s string) {
		ids := FindIDs(s)
		for name, v := range map[string]string{"TIN": ids.TIN, "SSS": ids.SSS, "PhilHealth": ids.PhilHealth, "PagIBIG": ids.PagIBIG} {
			if v != "" && !shapes[name].MatchString(v) {
				t.Fatalf("%q: %s = %q", s, name, v)
			}
		}
	})
}

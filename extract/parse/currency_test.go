package parse

import "testing"

func TestDetectCurrency(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Net Pay ₱10,500.00", "PHP"},
		{"Amount in PHP", "PHP"},
		{"Php 12,975.00", "PHP"},
		{"Philippine Peso", "PHP"},
		{"Gross P12,975.00", "PHP"},
		{"Gross $1,234.56", "USD"},
		{"Currency: USD", "USD"},
		{"US Dollars", "USD"},
		{"P 12,975.00", ""},
		{"Pay Period", ""},
		{"EMP12", ""},
		{"$5 and ₱5", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := DetectCurrency(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("DetectCurrency(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func FuzzDetectCurrency(f *testing.F) {
	f.Add("Net Pay ₱10,500.00 $5")
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := DetectCurrency(s)
		if ok != (code == "PHP" || code == "USD") || !ok && code != "" {
			t.Fatalf("%q -> %q, %v", s, code, ok)
		}
	})
}

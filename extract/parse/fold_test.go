package parse

import (
	"math"
	"testing"
)

func TestFold(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Basic Pay:", "basic pay"},
		{"  NET   PAY  ", "net pay"},
		{"T0TAL Deducti0ns", "total deductions"},
		{"5SS Contribution", "sss contribution"},
		{"Tota|", "total"},
		{"Wlthholding  Tax", "wlthholding tax"},
		{"Employee's Share", "employees share"},
		{"Pag-IBIG / HDMF", "pag ibig hdmf"},
		{"BIR Form 2316", "bir form 2316"},
		{"2nd Half", "2nd half"},
		{"Peñaflor Café", "penaflor cafe"},
		{"12,975.00", "12 975 00"},
		{"| Basic | 1 |", "basic 1"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSimilar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want float64
	}{
		{"Basic Pay", "BASIC PAY:", 1},
		{"Net Pay", "N3t Pay", 1 - 1.0/7},
		{"Basic Pay", "8asic Pav", 1 - 2.0/9},
		{"T0tal Deductions", "Total Deductions", 1},
		{"", "", 1},
		{"abc", "", 0},
		{"Gross", "Net", 0},
	}
	for _, tt := range tests {
		if got := Similar(tt.a, tt.b); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Similar(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"T0TAL Deducti0ns", "Peñaflor Café", "2nd | half", "5SS", "Employee's"} {
		f.Add(s, "Total")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		fa := Fold(a)
		if Fold(fa) != fa {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", a, fa, Fold(fa))
		}
		s := Similar(a, b)
		if s < 0 || s > 1 || s != Similar(b, a) || Similar(a, a) != 1 {
			t.Fatalf("Similar(%q, %q) = %v", a, b, s)
		}
	})
}

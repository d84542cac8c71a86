package parse

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		value    float64
		currency string
		clean    bool // Confidence 1, no repairs
		decimals bool
	}{
		{"plain", "12975.00", 12975, "", true, true},
		{"thousands comma", "12,975.00", 12975, "", true, true},
		{"thousands space", "12 975.00", 12975, "", true, true},
		{"millions", "1,234,567.89", 1234567.89, "", true, true},
		{"integer", "500", 500, "", true, false},
		{"integer with thousands", "12,975", 12975, "", true, false},
		{"one decimal", "12.5", 12.5, "", true, true},
		{"rate with four decimals", "75.1250", 75.125, "", true, true},
		{"zero point", "0.125", 0.125, "", true, true},
		{"peso sign", "₱12,975.00", 12975, "PHP", true, true},
		{"P before digits", "P12,975.00", 12975, "PHP", true, true},
		{"PHP code", "PHP 12,975.00", 12975, "PHP", true, true},
		{"Php code", "Php12,975.00", 12975, "PHP", true, true},
		{"code after", "12,975.00 PHP", 12975, "PHP", true, true},
		{"dollar", "$1,234.56", 1234.56, "USD", true, true},
		{"USD code", "USD 1,234.56", 1234.56, "USD", true, true},
		{"US dollar", "US$ 99.00", 99, "USD", true, true},
		{"parentheses", "(1,234.00)", -1234, "", true, true},
		{"P before parentheses", "P(1,702.24)", -1702.24, "PHP", true, true},
		{"leading minus", "-500.00", -500, "", true, true},
		{"unicode minus", "−500.00", -500, "", true, true},
		{"trailing minus", "500.00-", -500, "", true, true},
		{"minus before currency", "-₱500.00", -500, "PHP", true, true},
		{"currency before minus", "$-500.00", -500, "USD", true, true},
		{"currency inside parentheses", "(₱1,000.00)", -1000, "PHP", true, true},
		{"parentheses inside currency", "₱(1,000.00)", -1000, "PHP", true, true},
		{"letter O", "12,975.OO", 12975, "", false, true},
		{"letter l", "l2,975.00", 12975, "", false, true},
		{"letters I and S", "I,S00.00", 1500, "", false, true},
		{"letter B and Z", "B,Z50.00", 8250, "", false, true},
		{"comma read as period", "12.975.00", 12975, "", false, true},
		{"period read as comma", "12,975,00", 12975, "", false, true},
		{"space after comma", "12, 975.00", 12975, "", false, true},
		{"space before point", "12,975 .00", 12975, "", false, true},
		{"dropped decimal point", "12,97500", 12975, "", false, true},
		{"dropped decimal millions", "1,234,56789", 1234567.89, "", false, true},
		{"european", "1.234,56", 1234.56, "", false, true},
		{"decimal comma", "975,00", 975, "", false, true},
		{"colon read as point", "17850:28", 17850.28, "", false, true},
		{"colon read as point after a peso sign", "P17850:28", 17850.28, "PHP", false, true},
		{"surrounding spaces", "  1,000.00 ", 1000, "", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, ok := ParseAmount(tt.in)
			if !ok {
				t.Fatalf("ParseAmount(%q) not ok", tt.in)
			}
			if math.Abs(a.Value-tt.value) > 1e-9 || a.Currency != tt.currency || a.HasDecimals != tt.decimals || a.Negative != (tt.value < 0) {
				t.Errorf("ParseAmount(%q) = %+v", tt.in, a)
			}
			if clean := a.Confidence == 1 && len(a.Repairs) == 0; clean != tt.clean {
				t.Errorf("ParseAmount(%q) confidence %v repairs %v, want clean=%v", tt.in, a.Confidence, a.Repairs, tt.clean)
			}
		})
	}
}

func TestParseAmountDroppedDecimalIsLessSure(t *testing.T) {
	t.Parallel()
	a, _ := ParseAmount("12,97500")
	b, _ := ParseAmount("12.975.00")
	if !(a.Confidence < b.Confidence && b.Confidence < 1) {
		t.Errorf("confidence dropped decimal %v, comma-as-period %v", a.Confidence, b.Confidence)
	}
}

func TestParseAmountColonPointIsLessSure(t *testing.T) {
	t.Parallel()
	if a, _ := ParseAmount("17850:28"); a.Confidence >= 1 || !slices.Contains(a.Repairs, "colon-read-as-point") {
		t.Errorf("17850:28 read at %v with repairs %v", a.Confidence, a.Repairs)
	}
	if got := FindAmounts("MAR-26-2026 15:09 FROM: (02) 8692-3727"); len(got) != 0 {
		t.Errorf("a fax header's time read as amounts: %+v", got)
	}
}

func TestParseAmountRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"", " ", "-", "()", "$", "PHP", "P",
		"06/15/2024", "2024-06-30", "06.15.2024", "15.06.24", "30-Jun-2024",
		"123-456-789-000", "34-1234567-8", "0917 123 4567", "(02) 8123-4567", "+63 917 123 4567",
		"123 456 789", "123456789000", "0012345",
		"12%", "12.5 %",
		"Basic", "SOB", "lO", "I5", "Sold", "1O", "12ab.00", "P 12,975.00",
		"1.234", "1.234.567", "12,9750", "1,2345.00", "1234,567.00", "12..00", "12,.00", "12.00.", ".50",
		"1,23,456.00", "12,5", "1e5", "0x10", "Inf", "NaN",
		"--500", "(500", "500)",
		// times and ratios are no amounts with a misread point
		"10:57", "12:38:00", "123:45:67", "1,234:56", "17850:285",
	} {
		if a, ok := ParseAmount(in); ok {
			t.Errorf("ParseAmount(%q) = %+v, want not ok", in, a)
		}
	}
}

func TestFindAmounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string // the span texts
		values   []float64
	}{
		{"two columns", "Basic Pay 12,975.00 YTD 155,700.00", []string{"12,975.00", "155,700.00"}, []float64{12975, 155700}},
		{"currency and sign", "Net Pay: ₱10,500.25 Adj (1,000.00) Loan -500.00", []string{"₱10,500.25", "(1,000.00)", "-500.00"}, []float64{10500.25, -1000, -500}},
		{"P before digits", "Gross P12,975.00", []string{"P12,975.00"}, []float64{12975}},
		{"currency code after", "Total 1,000.00 PHP due", []string{"1,000.00 PHP"}, []float64{1000}},
		{"dollar with space", "Gross $ 2,500.00", []string{"$ 2,500.00"}, []float64{2500}},
		{"trailing minus", "Tardiness 250.00-", []string{"250.00-"}, []float64{-250}},
		{"OCR letters", "SSS 58l.3O", []string{"58l.3O"}, []float64{581.30}},
		{"space after comma", "Basic 12, 975.00 end", []string{"12, 975.00"}, []float64{12975}},
		{"comma space list", "12,975.00, 13,000.00", []string{"12,975.00", "13,000.00"}, []float64{12975, 13000}},
		{"dates and ids skipped", "Date 06/30/2024 TIN 123-456-789-000 at 10:30 amt 5.00", []string{"5.00"}, []float64{5}},
		{"percent skipped", "Rate 5% or 2.5 % then 10.00", []string{"10.00"}, []float64{10}},
		{"ordinals and codes skipped", "2nd half W2 #1234 Form 2316", []string{"2316"}, []float64{2316}},
		{"glued label with decimals", "Total12,975.00", []string{"12,975.00"}, []float64{12975}},
		{"words with OCR letters", "SSS Is Sold BOSS", nil, nil},
		{"hours then pay", "Overtime 8 800.00", []string{"8", "800.00"}, []float64{8, 800}},
		{"sentence end", "Net pay is 1,000.00.", []string{"1,000.00"}, []float64{1000}},
		{"pipe columns", "12.00|13.00", []string{"12.00", "13.00"}, []float64{12, 13}},
		{"date words", "June 30, 2024", []string{"30", "2024"}, []float64{30, 2024}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spans := FindAmounts(tt.in)
			var got []string
			var vals []float64
			for _, sp := range spans {
				got = append(got, tt.in[sp.Start:sp.End])
				vals = append(vals, sp.Amount.Value)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("FindAmounts(%q) = %q, want %q", tt.in, got, tt.want)
			}
			for k := range vals {
				if math.Abs(vals[k]-tt.values[k]) > 1e-9 {
					t.Errorf("FindAmounts(%q)[%d] = %v, want %v", tt.in, k, vals[k], tt.values[k])
				}
			}
		})
	}
}

// formatAmount prints v the way a clean payslip would.
func formatAmount(v float64, decimals bool) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	if !decimals {
		s = strconv.FormatFloat(math.Abs(v), 'f', 0, 64)
	} else if r, _ := strconv.ParseFloat(s, 64); r != math.Abs(v) {
		s = strconv.FormatFloat(math.Abs(v), 'f', 4, 64)
	}
	ints, frac, _ := strings.Cut(s, ".")
	for i := len(ints) - 3; i > 0; i -= 3 {
		ints = ints[:i] + "," + ints[i:]
	}
	if frac != "" {
		ints += "." + frac
	}
	if math.Signbit(v) {
		ints = "-" + ints
	}
	return ints
}

func checkAmount(t *testing.T, in string, a Amount) {
	t.Helper()
	if math.IsNaN(a.Value) || math.IsInf(a.Value, 0) || math.Abs(a.Value) >= maxAmount {
		t.Fatalf("%q: value %v out of range", in, a.Value)
	}
	if a.Confidence <= 0 || a.Confidence > 1 || (a.Confidence == 1) != (len(a.Repairs) == 0) {
		t.Fatalf("%q: confidence %v with repairs %v", in, a.Confidence, a.Repairs)
	}
	if a.Negative != math.Signbit(a.Value) && a.Value != 0 {
		t.Fatalf("%q: Negative %v but value %v", in, a.Negative, a.Value)
	}
	if a.Currency != "" && a.Currency != "PHP" && a.Currency != "USD" {
		t.Fatalf("%q: currency %q", in, a.Currency)
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"12,975.00", "₱12,975.00", "(1,234.00)", "500.00-", "12.975.00", "12,97500", "l2,975.OO",
		"1.234,56", "06/15/2024", "123-456-789-000", "12 975.00", "12, 975.00", "PHP 1", "$-5", "12%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := ParseAmount(s)
		if !ok {
			if a.Value != 0 || a.Repairs != nil {
				t.Fatalf("%q: not ok but %+v", s, a)
			}
			return
		}
		checkAmount(t, s, a)
		if strings.ContainsAny(s, "/%:#+eE") || strings.ContainsFunc(s, func(r rune) bool {
			return r < utf8.RuneSelf && isAlpha(byte(r)) && !strings.ContainsRune("OolISsBZPHphUD", r)
		}) {
			t.Fatalf("%q: accepted garbage as %+v", s, a)
		}
		out := formatAmount(a.Value, a.HasDecimals)
		b, ok := ParseAmount(out)
		if !ok || b.Value != a.Value || b.Confidence != 1 || b.HasDecimals != a.HasDecimals {
			t.Fatalf("%q -> %+v; reformatted %q -> %+v, %v", s, a, out, b, ok)
		}
	})
}

func FuzzFindAmounts(f *testing.F) {
	for _, s := range []string{"Basic Pay 12,975.00 YTD 155,700.00", "Net ₱10,500.25 (1,000.00) -500.00 250.00-",
		"Date 06/30/2024 TIN 123-456-789-000", "12, 975.00, 13,000.00", "Total12,975.00", "SSS 58l.3O 5%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spans := FindAmounts(s)
		if len(spans) > 0 && !strings.ContainsAny(s, "0123456789") {
			t.Fatalf("%q: amounts %+v without a digit", s, spans)
		}
		prev := 0
		for _, sp := range spans {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(s) {
				t.Fatalf("%q: bad span %+v after %d", s, sp, prev)
			}
			prev = sp.End
			checkAmount(t, s, sp.Amount)
			a, ok := ParseAmount(s[sp.Start:sp.End])
			if !ok || a.Value != sp.Amount.Value || a.Confidence != sp.Amount.Confidence || a.Currency != sp.Amount.Currency {
				t.Fatalf("%q: span %q = %+v but ParseAmount gives %+v, %v", s, s[sp.Start:sp.End], sp.Amount, a, ok)
			}
		}
	})
}

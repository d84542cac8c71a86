package docgen

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// amountStyle says how a payroll system prints a peso amount.
type amountStyle struct {
	NoCommas bool   // 12345.67 instead of 12,345.67
	Paren    bool   // negatives as (1,234.56) instead of -1,234.56
	Mark     string // currency mark: "₱", "PHP", "Php", "P" or ""
	MarkAll  bool   // put the mark on every amount, not only on totals
	MarkGap  bool   // "PHP 1.00" rather than "PHP1.00" (always a gap for letters)
}

// fmtCentavos prints c centavos as 1,234.56 (no mark).
func fmtCentavos(c int64, commas bool) string {
	neg := c < 0
	if neg {
		c = -c
	}
	whole := strconv.FormatInt(c/100, 10)
	if commas && len(whole) > 3 {
		var b strings.Builder
		pre := len(whole) % 3
		if pre > 0 {
			b.WriteString(whole[:pre])
		}
		for i := pre; i < len(whole); i += 3 {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(whole[i : i+3])
		}
		whole = b.String()
	}
	s := fmt.Sprintf("%s.%02d", whole, c%100)
	if neg {
		s = "-" + s
	}
	return s
}

// num prints an amount without currency mark.
func (a amountStyle) num(c int64) string {
	s := fmtCentavos(c, !a.NoCommas)
	if c < 0 && a.Paren {
		s = "(" + s[1:] + ")"
	}
	return s
}

// total prints an amount with the currency mark (if the style has one).
func (a amountStyle) total(c int64) string {
	if a.Mark == "" {
		return a.num(c)
	}
	gap := ""
	if a.MarkGap || a.Mark == "PHP" || a.Mark == "Php" {
		gap = " "
	}
	return a.Mark + gap + a.num(c)
}

// line prints an amount on an ordinary line.
func (a amountStyle) line(c int64) string {
	if a.MarkAll {
		return a.total(c)
	}
	return a.num(c)
}

func centavosToFloat(c int64) float64 { return float64(c) / 100 }

func ymd(t time.Time) string { return t.Format("2006-01-02") }

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

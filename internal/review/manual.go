package review

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"talaan/extract"
	"talaan/internal/archive"
)

// The rules for a reviewer's values live here, once: the API's
// sendManualResult, Publish (which both call) and the console's form all
// check a correction with ValidateManualData and say the same words.

// MaxAmount is the largest amount a reviewer may give: far above any pay,
// far below where a float64 stops holding cents.
const MaxAmount = 1e12

// Frequencies is Smile's list of pay frequencies plus Biweekly.
var Frequencies = []string{extract.FreqHourly, extract.FreqDaily, extract.FreqWeekly, extract.FreqBiweekly,
	extract.FreqSemimonthly, extract.FreqMonthly, extract.FreqBimonthly, extract.FreqQuarterly, extract.FreqAnnually,
	extract.FreqVariable, extract.FreqUnspecified}

// FieldError is a value that cannot be published: the field (its JSON name
// in ManualData) and what is wrong, as a phrase ("must be ...").
type FieldError struct {
	Field   string
	Message string
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

type manualKind int

const (
	kindDate manualKind = iota
	kindAmount
	kindCurrency
	kindFrequency
	kindText
)

// manualField is one field of ManualData with its rule.
type manualField struct {
	name string
	kind manualKind
	max  int // characters, for text
	str  func(*ManualData) *string
	num  func(*ManualData) *float64
}

var manualFields = []manualField{
	{name: "startDate", kind: kindDate, str: func(d *ManualData) *string { return d.StartDate }},
	{name: "endDate", kind: kindDate, str: func(d *ManualData) *string { return d.EndDate }},
	{name: "payDate", kind: kindDate, str: func(d *ManualData) *string { return d.PayDate }},
	{name: "currency", kind: kindCurrency, str: func(d *ManualData) *string { return d.Currency }},
	{name: "frequency", kind: kindFrequency, str: func(d *ManualData) *string { return d.Frequency }},
	{name: "baseAmount", kind: kindAmount, num: func(d *ManualData) *float64 { return d.BaseAmount }},
	{name: "grossAmount", kind: kindAmount, num: func(d *ManualData) *float64 { return d.GrossAmount }},
	{name: "netAmount", kind: kindAmount, num: func(d *ManualData) *float64 { return d.NetAmount }},
	{name: "employerName", kind: kindText, max: 200, str: func(d *ManualData) *string { return d.EmployerName }},
	{name: "employeeName", kind: kindText, max: 200, str: func(d *ManualData) *string { return d.EmployeeName }},
	{name: "ssNumber", kind: kindText, max: 40, str: func(d *ManualData) *string { return d.SSNumber }},
	{name: "philHealthNumber", kind: kindText, max: 40, str: func(d *ManualData) *string { return d.PhilHealthNumber }},
	{name: "taxNumber", kind: kindText, max: 40, str: func(d *ManualData) *string { return d.TaxNumber }},
	{name: "pagIbigNumber", kind: kindText, max: 40, str: func(d *ManualData) *string { return d.PagIbigNumber }},
}

var (
	dateRE     = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)
)

// rule says what a field of the kind must be.
func (f manualField) rule() string {
	switch f.kind {
	case kindDate:
		return "must be a date YYYY-MM-DD that exists on the calendar, e.g. 2026-11-15"
	case kindAmount:
		return "must be an amount of 0 or more with at most 2 decimals, up to " + strconv.FormatFloat(MaxAmount, 'f', -1, 64) + ", e.g. 10500.00"
	case kindCurrency:
		return "must be a 3-letter currency code in capitals, e.g. PHP"
	case kindFrequency:
		return "must be one of " + strings.Join(Frequencies, ", ")
	}
	return fmt.Sprintf("must be at most %d characters, without control characters", f.max)
}

// ManualRule says what the named field of ManualData must be, in the words
// ValidateManualData uses; "" for a name that is no such field. A form that
// cannot even read a value (letters in an amount) says this.
func ManualRule(field string) string {
	for _, f := range manualFields {
		if f.name == field {
			return f.rule()
		}
	}
	return ""
}

// ValidateManualData checks each value given (nil ones are not given): real
// calendar dates, amounts that are finite, from 0 to MaxAmount with at most
// two decimals, a currency of three capitals, a known frequency, text of
// bounded length without control characters, and an end date not before a
// start date given with it. It lists every problem in field order; the
// checks against the values read (a required value, net over gross) are
// Publish's, once the correction is applied.
func ValidateManualData(d *ManualData) []FieldError {
	if d == nil {
		return nil
	}
	var out []FieldError
	for _, f := range manualFields {
		if f.num != nil {
			if v := f.num(d); v != nil && !validAmount(*v) {
				out = append(out, FieldError{f.name, f.rule()})
			}
			continue
		}
		v := f.str(d)
		if v == nil {
			continue
		}
		var ok bool
		switch f.kind {
		case kindDate:
			_, err := time.Parse(time.DateOnly, *v)
			ok = err == nil && dateRE.MatchString(*v)
		case kindCurrency:
			ok = currencyRE.MatchString(*v)
		case kindFrequency:
			ok = slices.Contains(Frequencies, *v)
		case kindText:
			ok = len([]rune(*v)) <= f.max && !strings.ContainsFunc(*v, func(r rune) bool { return r < 0x20 || r == 0x7f })
		}
		if !ok {
			out = append(out, FieldError{f.name, f.rule()})
		}
	}
	if d.StartDate != nil && d.EndDate != nil && *d.EndDate < *d.StartDate && len(out) == 0 {
		out = append(out, FieldError{"endDate", "must not be before startDate"})
	}
	return out
}

// validAmount: finite, 0..MaxAmount, and at most two decimals in the
// shortest form that reads back as the same number (what the person
// typed).
func validAmount(v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > MaxAmount {
		return false
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	_, frac, _ := strings.Cut(s, ".")
	return len(frac) <= 2
}

// LowConfidence is the confidence under which a value read is doubted (the
// engine's default threshold); the console flags such values too.
const LowConfidence = 0.8

// checkFields are the values each of the engine's checks is about, by
// ManualData name.
var checkFields = map[string][]string{
	"base_not_above_gross":              {"baseAmount", "grossAmount"},
	"earnings_sum_to_gross":             {"grossAmount"},
	"gross_minus_deductions_equals_net": {"grossAmount", "netAmount"},
	"net_not_above_gross":               {"grossAmount", "netAmount"},
	"period_matches_frequency":          {"startDate", "endDate", "frequency"},
}

// doubted lists the values of the record under review that the engine
// doubted: read with a low confidence, or part of a check that failed.
func doubted(res archive.Result) map[string]bool {
	out := map[string]bool{}
	if res.Corrected != nil || res.ReviewFile >= len(res.Files) {
		return out
	}
	recs := res.Files[res.ReviewFile].Output.Records
	if len(recs) == 0 {
		return out
	}
	for name, f := range recs[0].Fields {
		if name == "employer" {
			name = "employerName"
		}
		if f.Confidence < LowConfidence {
			out[name] = true
		}
	}
	for _, c := range recs[0].Checks {
		if !c.Passed {
			for _, name := range checkFields[c.Name] {
				out[name] = true
			}
		}
	}
	return out
}

// confirmed lists the values a reviewer kept as they were: those the
// engine doubted (and that have a value) and those the reviewer said they
// checked, less those changed; ManualData's fields in order, then any other
// name checked.
func confirmed(res archive.Result, checked []string, changes []change) []string {
	changed := map[string]bool{}
	for _, c := range changes {
		changed[c.field] = true
	}
	doubt := doubted(res)
	in, an, _, _, _ := prediction(res)
	var out []string
	for _, f := range manualFields {
		keep := slices.Contains(checked, f.name) || (doubt[f.name] && manualValue(f.name, in, an) != nil)
		if keep && !changed[f.name] {
			out = append(out, f.name)
		}
	}
	for _, name := range checked {
		if ManualRule(name) == "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// manualValue is the record's value of a ManualData field as text, as the
// audit trail writes it; nil when there is none (or no such field).
func manualValue(field string, in extract.Income, an extract.Analysis) *string {
	num := func(v *float64) *string {
		if v == nil {
			return nil
		}
		s := strconv.FormatFloat(*v, 'f', -1, 64)
		return &s
	}
	plain := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	switch field {
	case "startDate":
		return in.StartDate
	case "endDate":
		return in.EndDate
	case "payDate":
		return in.PayDate
	case "currency":
		return in.Currency
	case "frequency":
		return in.Frequency
	case "baseAmount":
		return num(in.BaseAmount)
	case "grossAmount":
		return num(in.GrossAmount)
	case "netAmount":
		return num(in.NetAmount)
	case "employerName":
		if an.EmployerName == "" && in.Employer != nil {
			return in.Employer
		}
		return plain(an.EmployerName)
	case "employeeName":
		return plain(an.EmployeeName)
	case "ssNumber":
		return plain(an.SSNumber)
	case "philHealthNumber":
		return plain(an.PhilHealthNumber)
	case "taxNumber":
		return plain(an.TaxNumber)
	case "pagIbigNumber":
		return plain(an.PagIbigNumber)
	}
	return nil
}

type change struct {
	field    string
	old, new *string
}

// applyManual overwrites the record with the reviewer's values and lists
// what changed.
func applyManual(in *extract.Income, an *extract.Analysis, d *ManualData) []change {
	if d == nil {
		return nil
	}
	var out []change
	str := func(field string, dst **string, v *string) {
		if v == nil || (*dst != nil && **dst == *v) {
			return
		}
		out = append(out, change{field, *dst, v})
		nv := *v
		*dst = &nv
	}
	num := func(field string, dst **float64, v *float64) {
		if v == nil || (*dst != nil && **dst == *v) {
			return
		}
		var old *string
		if *dst != nil {
			o := strconv.FormatFloat(**dst, 'f', -1, 64)
			old = &o
		}
		nv := strconv.FormatFloat(*v, 'f', -1, 64)
		out = append(out, change{field, old, &nv})
		x := *v
		*dst = &x
	}
	plain := func(field string, dst *string, v *string) {
		if v == nil || *dst == *v {
			return
		}
		var old *string
		if *dst != "" {
			o := *dst
			old = &o
		}
		out = append(out, change{field, old, v})
		*dst = *v
	}
	str("startDate", &in.StartDate, d.StartDate)
	str("endDate", &in.EndDate, d.EndDate)
	str("payDate", &in.PayDate, d.PayDate)
	str("currency", &in.Currency, d.Currency)
	str("frequency", &in.Frequency, d.Frequency)
	num("baseAmount", &in.BaseAmount, d.BaseAmount)
	num("grossAmount", &in.GrossAmount, d.GrossAmount)
	num("netAmount", &in.NetAmount, d.NetAmount)
	if d.EmployerName != nil {
		in.Employer = d.EmployerName
	}
	plain("employerName", &an.EmployerName, d.EmployerName)
	plain("employeeName", &an.EmployeeName, d.EmployeeName)
	plain("ssNumber", &an.SSNumber, d.SSNumber)
	plain("philHealthNumber", &an.PhilHealthNumber, d.PhilHealthNumber)
	plain("taxNumber", &an.TaxNumber, d.TaxNumber)
	plain("pagIbigNumber", &an.PagIbigNumber, d.PagIbigNumber)
	return out
}

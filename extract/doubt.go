package extract

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// DoubtKind is why a person should look at a record.
type DoubtKind string

const (
	// DoubtMissing: a value a record of its kind needs was not found.
	DoubtMissing DoubtKind = "missing"
	// DoubtUncertain: a value was read with a confidence under its bar.
	DoubtUncertain DoubtKind = "uncertain"
	// DoubtCheck: an arithmetic or consistency check failed.
	DoubtCheck DoubtKind = "check"
	// DoubtEdited: the PDF shows signs of being edited after it was made
	// (Field is the sign's code, Detail says it in words).
	DoubtEdited DoubtKind = "edited"
	// DoubtRepeat: the record's employer, period and net pay are those of
	// an income already received (Detail names it).
	DoubtRepeat DoubtKind = "repeat"
	// DoubtOther: a doubt stored as free text before doubts were typed.
	DoubtOther DoubtKind = "other"
)

// Doubt is one reason a person should look: its kind, the field it is
// about (for a failed check, the check's name), the confidence of an
// uncertain value and the bar it missed, and the numbers behind a failed
// check.
type Doubt struct {
	Kind       DoubtKind `json:"kind"`
	Field      string    `json:"field"`
	Confidence float64   `json:"confidence,omitempty"`
	Bar        float64   `json:"bar,omitempty"`
	Detail     string    `json:"detail,omitempty"`
}

// String is the doubt as one line of text, as the API's predictions list
// it: "netAmount not found", "netAmount uncertain (0.30)", "check failed:
// gross_minus_deductions_equals_net".
func (d Doubt) String() string {
	switch d.Kind {
	case DoubtMissing:
		return d.Field + " not found"
	case DoubtUncertain:
		return fmt.Sprintf("%s uncertain (%.2f)", d.Field, math.Round(d.Confidence*100)/100)
	case DoubtCheck:
		return "check failed: " + d.Field
	case DoubtEdited:
		return "pdf edited: " + d.Detail
	case DoubtRepeat:
		return "repeat: " + d.Detail
	}
	return d.Detail
}

// Reason is the doubt without its numbers, for counting doubts of one kind
// across documents: "netAmount uncertain", "check failed: ...".
func (d Doubt) Reason() string {
	switch d.Kind {
	case DoubtUncertain:
		return d.Field + " uncertain"
	case DoubtEdited:
		return "pdf edited: " + d.Field
	case DoubtRepeat:
		return "repeat"
	}
	return d.String()
}

// legacyDoubt reads the text form results stored before doubts were typed.
var legacyDoubt = regexp.MustCompile(`^(?:(\S+) not found|(\S+) uncertain \((\d+(?:\.\d+)?)\)|check failed: (\S+))$`)

// UnmarshalJSON reads a doubt as stored now (an object) or before (its
// text).
func (d *Doubt) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] != '"' {
		type plain Doubt
		return json.Unmarshal(b, (*plain)(d))
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	m := legacyDoubt.FindStringSubmatch(strings.TrimSpace(s))
	switch {
	case m == nil:
		*d = Doubt{Kind: DoubtOther, Detail: s}
	case m[1] != "":
		*d = Doubt{Kind: DoubtMissing, Field: m[1]}
	case m[2] != "":
		c, _ := strconv.ParseFloat(m[3], 64)
		*d = Doubt{Kind: DoubtUncertain, Field: m[2], Confidence: c}
	default:
		*d = Doubt{Kind: DoubtCheck, Field: m[4]}
	}
	return nil
}

package extract

import (
	"encoding/json"
	"testing"
)

// Doubts are stored as objects; results stored before they were typed
// hold their text, which reads back as the same doubt. The text form (the
// API's) is unchanged.
func TestDoubtReadsBothStoredForms(t *testing.T) {
	cases := []struct {
		text string
		want Doubt
	}{
		{"netAmount not found", Doubt{Kind: DoubtMissing, Field: "netAmount"}},
		{"employer uncertain (0.30)", Doubt{Kind: DoubtUncertain, Field: "employer", Confidence: 0.30}},
		{"check failed: gross_minus_deductions_equals_net", Doubt{Kind: DoubtCheck, Field: "gross_minus_deductions_equals_net"}},
		{"a note from an older engine", Doubt{Kind: DoubtOther, Detail: "a note from an older engine"}},
	}
	for _, c := range cases {
		raw, _ := json.Marshal(c.text)
		var got Doubt
		if err := json.Unmarshal(raw, &got); err != nil || got != c.want {
			t.Errorf("%s read as %+v (%v), want %+v", raw, got, err, c.want)
		}
		if got.String() != c.text {
			t.Errorf("%+v prints %q, want %q", got, got.String(), c.text)
		}
	}
	d := Doubt{Kind: DoubtCheck, Field: "earnings_sum_to_gross", Detail: "3 lines sum to 25000.00, gross 26000.00"}
	raw, err := json.Marshal([]Doubt{d})
	if err != nil {
		t.Fatal(err)
	}
	var back []Doubt
	if err := json.Unmarshal(raw, &back); err != nil || len(back) != 1 || back[0] != d {
		t.Fatalf("%s read back as %+v (%v)", raw, back, err)
	}
}

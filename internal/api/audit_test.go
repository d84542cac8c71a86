package api_test

import (
	"slices"
	"testing"
)

type auditLine struct {
	Action    string  `json:"action"`
	Actor     string  `json:"actor"`
	ActorID   string  `json:"actorId"`
	ActorName string  `json:"actorName"`
	Field     string  `json:"field"`
	OldValue  *string `json:"oldValue"`
	NewValue  *string `json:"newValue"`
	At        string  `json:"at"`
}

// line is an audit line as the tests compare it: action, field, old, new.
func (l auditLine) line() [4]string {
	s := func(p *string) string {
		if p == nil {
			return "-"
		}
		return *p
	}
	return [4]string{l.Action, l.Field, s(l.OldValue), s(l.NewValue)}
}

// Every verdict leaves a trace naming the key, by id and name: a publish
// that changed nothing records the doubted values it confirmed, a
// correction records the change, a reject records the reject; and the
// prediction says who reviewed it and when.
func TestReviewVerdictsAreAuditedWithTheKey(t *testing.T) {
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	keyID, ana := secReviewerKey(t, e, &acme, "Ana Reyes")
	// Net 9,000 does not add up (12,000 - 1,500): gross and net are doubted.
	upload := func() string {
		var up archiveOut
		e.postMultipart("/v1/archives", &acme, part{field: "file", name: "slip.pdf", data: payslipPDF(t, "9,000.00")}).decode(t, &up)
		if a := e.waitFinal("/v1/archives/"+up.ID, &acme); !a.State.Review {
			t.Fatalf("state %+v, want review", a.State)
		}
		return up.ID
	}
	kept, corrected, rejected := upload(), upload(), upload()
	cases := []struct {
		name    string
		archive string
		body    map[string]any
		want    [][4]string
	}{
		{"a publish that changes nothing confirms the doubted values", kept,
			map[string]any{"validFile": true},
			[][4]string{{"confirm", "grossAmount", "12000", "12000"}, {"confirm", "netAmount", "9000", "9000"}, {"publish", "", "-", "-"}}},
		{"a correction records the change and the values checked", corrected,
			map[string]any{"validFile": true, "checkedFields": []string{"payDate", "netAmount"}, "data": map[string]any{"netAmount": 10500}},
			[][4]string{{"change", "netAmount", "9000", "10500"}, {"confirm", "payDate", "2026-11-15", "2026-11-15"},
				{"confirm", "grossAmount", "12000", "12000"}, {"publish", "", "-", "-"}}},
		{"a reject records the reject", rejected,
			map[string]any{"validFile": false},
			[][4]string{{"reject", "validFile", "true", "false"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.body["archiveId"] = c.archive
			if r := e.postJSON("/v1/archives/-/payslips/sendManualResult", &ana, c.body); r.status != 200 {
				t.Fatalf("sendManualResult: %d %s", r.status, r.raw)
			}
			var audit listOut[auditLine]
			e.getJSON("/v1/archives/"+c.archive+"/audit", &ana).decode(t, &audit)
			var got [][4]string
			for _, l := range audit.Items {
				got = append(got, l.line())
				if l.ActorID != keyID || l.ActorName != "Ana Reyes" || l.Actor != "apikey:"+ana.key {
					t.Errorf("line %v by %q %q %q, want key %s named Ana Reyes", l.line(), l.Actor, l.ActorID, l.ActorName, keyID)
				}
			}
			// Confirmations follow the order of the fields; compare as sets
			// apart from the verdict, which comes last.
			if len(got) != len(c.want) || got[len(got)-1] != c.want[len(c.want)-1] || !sameLines(got, c.want) {
				t.Fatalf("audit\n got %v\nwant %v", got, c.want)
			}
			var p struct {
				ReviewedBy *struct {
					ID   string `json:"id"`
					Name string `json:"name"`
				} `json:"reviewedBy"`
				ReviewedAt string `json:"reviewedAt"`
			}
			e.getJSON("/v1/archives/-/payslips/queryPrediction?archiveId="+c.archive, &ana).decode(t, &p)
			if p.ReviewedBy == nil || p.ReviewedBy.ID != keyID || p.ReviewedBy.Name != "Ana Reyes" || p.ReviewedAt != audit.Items[len(audit.Items)-1].At {
				t.Fatalf("queryPrediction reviewedBy %+v at %q, want %s Ana Reyes at %s", p.ReviewedBy, p.ReviewedAt, keyID, audit.Items[len(audit.Items)-1].At)
			}
		})
	}
}

func sameLines(a, b [][4]string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	cmp := func(x, y [4]string) int {
		for i := range x {
			if x[i] != y[i] {
				if x[i] < y[i] {
					return -1
				}
				return 1
			}
		}
		return 0
	}
	slices.SortFunc(a, cmp)
	slices.SortFunc(b, cmp)
	return slices.Equal(a, b)
}

package openapitest

import (
	"strings"
	"testing"
)

// The event check reads an event as a client generated from Smile's own
// file would: Smile's types only, and their required fields.
func TestSmileCheckEvent(t *testing.T) {
	s, err := NewSmile()
	if err != nil {
		t.Fatal(err)
	}
	env := func(typ, data string) []byte {
		return []byte(`{"id":"evt-1","version":1,"type":"` + typ + `","createdAt":"2026-12-08T01:00:00Z","data":` + data + `}`)
	}
	cases := []struct {
		name, typ, data, want string // want: "" when it passes, else part of the error
	}{
		{"an analyzed archive", "ARCHIVE_ANALYZED", `{"userId":"usr-1","archiveId":"a-1"}`, ""},
		{"a failure with Smile's fields", "ARCHIVE_FAILED", `{"userId":"usr-1","archiveId":"a-1","errorCode":"INVALID_FIELD_FORMAT","errorMessage":"x","reason":"NOT_INCOME_DOCUMENT"}`, ""},
		{"a failure without errorMessage", "ARCHIVE_FAILED", `{"userId":"usr-1","archiveId":"a-1","errorCode":"INVALID_FIELD_FORMAT","reason":"NOT_INCOME_DOCUMENT"}`, "errorMessage"},
		{"a task without datapoints", "TASK_FINISHED", `{"userId":"usr-1","sourceId":"a-1","sourceType":"ARCHIVE","providers":["p"],"data":{}}`, "datapoints"},
		{"a task with them", "TASK_FINISHED", `{"userId":"usr-1","sourceId":"a-1","sourceType":"ARCHIVE","providers":["p"],"datapoints":["INCOMES"],"data":{}}`, ""},
		{"a user created", "USER_CREATED", `{"userId":"usr-1"}`, ""},
		{"talaan's own type", "UPLOAD_STARTED", `{"userId":"usr-1","archiveId":"a-1"}`, "not one of Smile's event types"},
	}
	for _, c := range cases {
		err := s.CheckEvent(env(c.typ, c.data))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want an error naming %q", c.name, err, c.want)
		}
	}
	if got := EventSchema("EINCOMES_ADDED"); got != "EincomesAddedEvent" {
		t.Errorf("EventSchema = %s", got)
	}
}

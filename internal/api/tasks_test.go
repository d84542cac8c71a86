package api_test

import (
	"path/filepath"
	"testing"
)

// Every archive is one ANALYZE_ARCHIVE task, Started until the archive is
// final and then Finished with the data points saved; TASK_STARTED and
// TASK_FINISHED go out for it (and are checked against Smile's schemas by
// the receiver).
func TestTasksFollowTheirArchives(t *testing.T) {
	dir, _ := corpusPH(t)
	e := setup(t, options{})
	acme, bravo := e.tenant("Acme Lending"), e.tenant("Bravo Credit")
	e.subscribe(&acme)
	a := e.analyzed(t, &acme, filepath.Join(dir, "files/d002.pdf"))
	e.hooks.waitEvents(a.ID, "TASK_STARTED", "TASK_FINISHED")

	type task struct {
		ID         string   `json:"id"`
		Type       string   `json:"type"`
		StartedAt  string   `json:"startedAt"`
		FinishedAt string   `json:"finishedAt"`
		Status     string   `json:"status"`
		Datapoints []string `json:"datapoints"`
		Metadata   struct {
			SourceID   string `json:"sourceId"`
			SourceType string `json:"sourceType"`
			UserID     string `json:"userId"`
		} `json:"metadata"`
	}
	var byID task
	if r := e.getJSON("/v1/tasks/task-"+a.ID, &acme); r.status != 200 {
		t.Fatalf("get task: %d %s", r.status, r.raw)
	} else {
		r.decode(t, &byID)
	}
	if byID.Type != "ANALYZE_ARCHIVE" || byID.Status != "Finished" || byID.FinishedAt == "" || len(byID.Datapoints) != 1 ||
		byID.Datapoints[0] != "INCOMES" || byID.Metadata.SourceID != a.ID || byID.Metadata.SourceType != "ARCHIVE" || byID.Metadata.UserID != a.UserID {
		t.Errorf("task %+v", byID)
	}
	for _, q := range []string{"sourceId=" + a.ID, "userId=" + a.UserID, ""} {
		var l listOut[task]
		e.getJSON("/v1/tasks?"+q, &acme).decode(t, &l)
		if len(l.Items) != 1 || l.Items[0].ID != byID.ID {
			t.Errorf("GET /v1/tasks?%s: %+v", q, l.Items)
		}
	}
	var none listOut[task]
	e.getJSON("/v1/tasks?userId=usr-nobody", &acme).decode(t, &none)
	if len(none.Items) != 0 {
		t.Errorf("another user's tasks: %+v", none.Items)
	}
	if r := e.getJSON("/v1/tasks/task-"+a.ID, &bravo); r.status != 404 {
		t.Errorf("another tenant's task: %d", r.status)
	}
	if r := e.getJSON("/v1/tasks/"+a.ID, &acme); r.status != 404 {
		t.Errorf("a task id without its prefix: %d", r.status)
	}
}

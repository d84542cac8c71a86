package api

import (
	"net/http"
	"strings"

	"talaan/internal/problem"
	"talaan/storage"
)

// Every archive (and upload) is one ANALYZE_ARCHIVE task: it starts when
// the archive is created and finishes when the archive reaches a final
// state (ANALYZED, UNSUPPORTED, ERROR, REVOKED); while it waits for a
// person it is still Started. The task's id is the archive's with a
// "task-" prefix, so a task needs no table of its own and always agrees
// with its archive and with the TASK_STARTED and TASK_FINISHED events.

const taskPrefix = "task-"

type taskJSON struct {
	ID         string             `json:"id"`
	Type       string             `json:"type"`
	StartedAt  string             `json:"startedAt"`
	FinishedAt string             `json:"finishedAt,omitempty"`
	Status     string             `json:"status"`
	Datapoints []string           `json:"datapoints"`
	Metadata   incomeMetadataJSON `json:"metadata"`
}

func taskView(a storage.Archive) taskJSON {
	v := taskJSON{ID: taskPrefix + a.ID, Type: "ANALYZE_ARCHIVE", StartedAt: ts(a.CreatedAt), Status: "Started", Datapoints: []string{},
		Metadata: incomeMetadataJSON{CreatedAt: ts(a.CreatedAt), ItemCreatedAt: ts(a.CreatedAt), SourceID: a.ID,
			SourceType: a.Source, UserID: a.UserID, ProviderID: a.ProviderID}}
	if a.Status != storage.StatusStarted {
		v.Status, v.FinishedAt = "Finished", ts(a.UpdatedAt)
	}
	if a.Status == storage.StatusAnalyzed {
		v.Datapoints = append(v.Datapoints, "INCOMES")
	}
	return v
}

func (s *Server) listTasks(w http.ResponseWriter, r *http.Request, p principal) error {
	f, err := archiveFilter(r, p)
	if err != nil {
		return err
	}
	var items []storage.Archive
	next := ""
	if src := r.URL.Query().Get("sourceId"); src != "" {
		a, err := s.store.GetArchive(r.Context(), p.TenantID, src)
		switch {
		case err == nil && (f.UserID == "" || a.UserID == f.UserID):
			items = append(items, a)
		case err != nil && !problem.IsNotFound(err):
			return err
		}
	} else if items, next, err = s.store.ListArchives(r.Context(), f); err != nil {
		return err
	}
	out := make([]taskJSON, len(items))
	for i, a := range items {
		out[i] = taskView(a)
	}
	s.ok(w, r, http.StatusOK, newList(out, next))
	return nil
}

func (s *Server) getTask(w http.ResponseWriter, r *http.Request, p principal) error {
	id := r.PathValue("id")
	archiveID, ok := strings.CutPrefix(id, taskPrefix)
	if !ok {
		return problem.NotFoundf("task", id)
	}
	a, err := s.store.GetArchive(r.Context(), p.TenantID, archiveID)
	if err != nil {
		return problem.OrNotFound(err, "task", id)
	}
	s.ok(w, r, http.StatusOK, taskView(a))
	return nil
}

package api

import (
	"net/http"
	"time"

	"talaan/internal/problem"
	"talaan/storage"
)

func (s *Server) listIncomes(w http.ResponseWriter, r *http.Request, p principal) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := storage.IncomeFilter{TenantID: p.TenantID, UserID: q.Get("userId"), SourceID: q.Get("sourceId"),
		From: q.Get("startDate"), To: q.Get("endDate"), Page: pg}
	for field, v := range map[string]string{"startDate": f.From, "endDate": f.To} {
		if v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return problem.Invalidf("%s: must be a date YYYY-MM-DD.", field)
		}
	}
	items, next, err := s.store.ListIncomes(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]incomeJSON, len(items))
	for i, in := range items {
		out[i] = incomeView(in)
	}
	s.ok(w, r, http.StatusOK, newList(out, next))
	return nil
}

func (s *Server) getIncome(w http.ResponseWriter, r *http.Request, p principal) error {
	in, err := s.store.GetIncome(r.Context(), p.TenantID, r.PathValue("id"))
	if err != nil {
		return problem.OrNotFound(err, "income", r.PathValue("id"))
	}
	s.ok(w, r, http.StatusOK, incomeView(in))
	return nil
}
